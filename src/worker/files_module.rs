//! The files module (crate `stockpilot-files`) as the worker reaches it in
//! the browser: a WebAssembly program of its own, fetched the first time a
//! job needs it, then kept.
//!
//! `bridge::serve` asks [`needs`] of every request before handing it to the
//! worker; while [`load`]'s future is pending it holds that request and every
//! later one, in order, so the worker's jobs stay synchronous: by the time a
//! job runs, the module is loaded or known to have failed. [`run`] then
//! calls it with bincode bytes. The page tells the worker where the module
//! is (`self.stockpilotFiles`, set by the worker's start script: see
//! `bridge::worker_script_url`), with the page's own build in the URL so a
//! cached module of another build is never used.

use super::{Job, Progress, Reply};
use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(inline_js = r#"
let files = null;
let loading = null;
let failure = null;
export function files_loaded() { return files !== null; }
export function load_files() {
  if (loading === null) {
    const where = self.stockpilotFiles;
    const started = where
      ? import(where.js).then((m) => m.default({ module_or_path: where.wasm }).then(() => { files = m; failure = null; }))
      : Promise.reject(new Error('the page did not say where it is'));
    loading = started.catch((e) => { failure = String(e); loading = null; });
  }
  return loading;
}
export function run_files(request, progress) {
  if (files === null) throw new Error(failure ?? 'it is not loaded');
  try {
    return files.run(request, progress);
  } catch (e) {
    // A trap leaves the instance unusable: load it again next time.
    files = null;
    loading = null;
    throw e;
  }
}
export function forget_files() { files = null; loading = null; }
"#)]
extern "C" {
    fn files_loaded() -> bool;
    fn load_files() -> js_sys::Promise;
    #[wasm_bindgen(catch)]
    fn run_files(request: &[u8], progress: &js_sys::Function) -> Result<Vec<u8>, JsValue>;
    fn forget_files();
}

/// A job of this size or more leaves the module's memory (which never
/// shrinks) large: forget the instance afterwards, so the memory goes with it.
const FORGET_AFTER_BYTES: usize = 32 << 20;

/// Whether `job` runs in the files module.
pub fn needs(job: &Job) -> bool {
    matches!(
        job,
        Job::ImportCsv { .. }
            | Job::ProposeMapping { .. }
            | Job::PreviewMapping { .. }
            | Job::ImportMapped { .. }
            | Job::RestoreJson { .. }
            | Job::ExportCsv { .. }
            | Job::ExportCsvZip { .. }
            | Job::ExportXlsx { .. }
            | Job::ExportJson
            | Job::ExportPlan { .. }
            | Job::Decode { .. }
    )
}

/// Load the module unless it is loaded: `None` when it is, else a future
/// that resolves once it is loaded or has failed (`run` then says why).
pub fn load() -> Option<Pin<Box<dyn Future<Output = ()>>>> {
    if files_loaded() {
        return None;
    }
    let promise = load_files();
    Some(Box::pin(async move {
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    }))
}

/// Run `job` in the module for request `id`, posting its progress to the
/// page. A module that failed to load or stopped on an error comes back as a
/// refusal saying so; the workspace is unchanged.
pub fn run(id: u64, job: &files::Job) -> files::Outcome {
    let request = files::encode(job);
    let last = Rc::new(Cell::new(f64::NEG_INFINITY));
    let progress = Closure::<dyn Fn(String, f64, f64)>::new(move |stage: String, done: f64, total: f64| {
        let now = js_sys::Date::now();
        if now - last.get() >= 50.0 || done >= total {
            last.set(now);
            let progress = Progress { stage, done: done as u64, total: total as u64 };
            crate::bridge::post_reply(&Reply::Progress { id, progress });
        }
    });
    let answer = run_files(&request, progress.as_ref().unchecked_ref());
    match answer {
        Ok(bytes) => {
            if request.len() + bytes.len() >= FORGET_AFTER_BYTES {
                forget_files();
            }
            files::decode(&bytes).unwrap_or_else(|| refusal("its answer could not be read".to_owned()))
        }
        Err(error) => refusal(crate::download::describe(error)),
    }
}

fn refusal(reason: String) -> files::Outcome {
    let problem = engine::Problem::in_file(
        "Stockpilot",
        format!("the file reader could not do this ({reason}); nothing changed. Check the connection and try again, or reload the page."),
    );
    files::Outcome::Refused { problems: vec![problem], total: 1 }
}
