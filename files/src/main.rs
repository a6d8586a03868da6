//! The files module as a WebAssembly program of its own, which the engine
//! worker fetches the first time a job needs it (see `lib.rs`). One export:
//! [`run`], bincode bytes of a `files::Job` in, of a `files::Outcome` out.

use wasm_bindgen::prelude::*;

fn main() {}

/// Do one job. `progress` is called with (stage, done, total) as the job
/// goes. Bytes that are not a job of this build (a cached module of another
/// version) are refused with a message, never guessed at.
#[wasm_bindgen]
pub fn run(request: &[u8], progress: &js_sys::Function) -> Vec<u8> {
    let outcome = match files::decode::<files::Job>(request) {
        Some(job) => files::run(job, &mut |stage, done, total| {
            let _ = progress.call3(&JsValue::NULL, &stage.into(), &(done as f64).into(), &(total as f64).into());
        }),
        None => files::Outcome::Refused {
            problems: vec![engine::Problem::in_file(
                "Stockpilot",
                "the file reader is from another version of Stockpilot: reload the page".to_owned(),
            )],
            total: 1,
        },
    };
    files::encode(&outcome)
}
