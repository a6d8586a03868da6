//! Stockpilot's browser app: a Leptos (client-side) shell around the engine.
//!
//! One WebAssembly program plays two roles (`main.rs`). In the page
//! (`app::mount`) it holds the workspace in signals, saves it to IndexedDB
//! (`session`, `storage`) and renders the pages. Started again as a Web Worker
//! (`worker::register`) it runs the engine's heavy work: import, export,
//! encoding for storage, the sample workspace and planning.

pub mod acting_role;
pub mod actions;
pub mod app;
pub mod bridge;
pub mod components;
pub mod download;
pub mod format;
pub mod overrides;
pub mod pages;
pub mod plan_summary;
pub mod route;
pub mod session;
pub mod state;
pub mod storage;
pub mod stored_json;
pub mod tabs;
pub mod worker;
