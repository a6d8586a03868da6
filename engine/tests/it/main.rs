mod bounds;
mod explain;
mod forecast;
mod io;
mod overrides;
mod plan;
mod sample;
mod tidy;
