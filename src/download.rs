//! Handing files to the user: a download from text, and reading chosen files.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Offer `contents` as a file download named `name`.
pub fn save_text(name: &str, mime: &str, contents: &str) -> Result<(), String> {
    save_bytes(name, mime, contents.as_bytes())
}

/// Offer `bytes` as a file download named `name`.
pub fn save_bytes(name: &str, mime: &str, bytes: &[u8]) -> Result<(), String> {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).map_err(describe)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(describe)?;
    let document = leptos::prelude::document();
    let anchor: web_sys::HtmlAnchorElement = document.create_element("a").map_err(describe)?.unchecked_into();
    anchor.set_href(&url);
    anchor.set_download(name);
    anchor.style().set_property("display", "none").ok();
    let body = document.body().ok_or("the page has no body")?;
    body.append_child(&anchor).map_err(describe)?;
    anchor.click();
    anchor.remove();
    // Revoke after the browser has started the download.
    let revoke = Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    let _ =
        leptos::prelude::window().set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 10_000);
    Ok(())
}

/// Read a chosen file's bytes.
pub async fn read_bytes(file: &web_sys::File) -> Result<Vec<u8>, String> {
    let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await.map_err(describe)?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

pub fn describe(error: JsValue) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "unknown error".into())
}
