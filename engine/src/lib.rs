//! Stockpilot's engine: the domain model of a procurement inventory planner,
//! its planning math, and the formats data moves in and out by.
//!
//! The engine is a functional core. It is plain data plus functions over it:
//! it never reads the clock (callers pass `today`), never draws unseeded
//! randomness, never touches storage or the browser, so it builds and tests
//! natively and runs unchanged in the WebAssembly worker and in the
//! `stockpilot` command-line tool.

pub mod forecast;
pub mod integrity;
pub mod io;
pub mod kpi;
pub mod model;
pub mod persist;
pub mod plan;
pub mod problem;
pub mod purchasing;
pub mod sample;
pub mod simulate;
pub mod sorting;

pub use model::*;
pub use problem::Problem;
