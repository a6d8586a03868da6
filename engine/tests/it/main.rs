mod bounds;
mod explain;
mod io;
mod overrides;
mod plan;
mod sample;
mod tidy;
