mod io;
mod sample;
mod tidy;
mod plan;
mod overrides;
mod bounds;
mod explain;
