//! The page: mount the app, nothing else.

fn main() {
    stockpilot_app::app::mount();
}
