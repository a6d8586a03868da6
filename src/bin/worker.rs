//! The Web Worker: register the engine worker, nothing else.

fn main() {
    stockpilot_app::worker::register();
}
