mod io;
mod sample;
