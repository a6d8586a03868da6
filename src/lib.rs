//! Stockpilot's browser app: a Leptos (client-side) shell around the engine.
//!
//! The page (`main.rs` → `app::mount`) holds the workspace in signals, saves
//! it to IndexedDB (`session`, `storage`) and renders the pages. The Web
//! Worker (`bin/worker.rs` → `worker::register`) runs the engine's heavy work:
//! import, export, the sample workspace and planning.

pub mod actions;
pub mod app;
pub mod components;
pub mod download;
pub mod format;
pub mod overrides;
pub mod pages;
pub mod route;
pub mod session;
pub mod state;
pub mod storage;
pub mod worker;
