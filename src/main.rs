//! One program, two roles: in the page it mounts the app; started again as a
//! Web Worker (the first job in `worker::jobs` starts it) it serves the engine. One module
//! for both means the browser downloads the WebAssembly once.
//! (Plus one benchmark hook for the end-to-end harness.)

fn main() {
    if stockpilot_app::worker::in_worker() {
        stockpilot_app::worker::register();
    } else {
        stockpilot_app::app::mount();
    }
}

/// Benchmark hook for the end-to-end harness: plan `n_skus` generated SKUs in
/// the worker and return the engine's report as JSON. Exported to JavaScript
/// (`window.wasmBindings.bench_plan_in_worker`), never called by the app.
#[wasm_bindgen::prelude::wasm_bindgen]
pub async fn bench_plan_in_worker(n_skus: u32, today: String) -> Result<String, wasm_bindgen::JsValue> {
    let today = engine::io::form::date(&today).map_err(|reason| wasm_bindgen::JsValue::from_str(&reason))?;
    let job = stockpilot_app::worker::jobs::bench_plan(n_skus as usize, today);
    match job.await {
        Ok(report) => serde_json::to_string(&report).map_err(|e| wasm_bindgen::JsValue::from_str(&e.to_string())),
        Err(error) => Err(wasm_bindgen::JsValue::from_str(&error.to_string())),
    }
}
