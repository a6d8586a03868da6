//! Reading back the small JSON values the page stores itself: the manifest
//! and the version history in IndexedDB, the buyer overrides, the acting role
//! and the number format in local storage.
//!
//! serde_json writes them; they are read with the browser's own `JSON.parse`
//! and then field by field, so serde_json's reader is not linked into the
//! Wasm (about 12 KiB gzip; ARCHITECTURE.md, Size). Nothing else on the page
//! or in the worker reads JSON: backups and the stored core chunk are read
//! in the files module.
//!
//! The reading is as strict as serde's derive was for these shapes: a
//! missing field or one of the wrong type is an error naming the field; a
//! field serde wrote as `null` for `None` may also be absent; unknown fields
//! are ignored.

use js_sys::{Array, Reflect, JSON};
use wasm_bindgen::JsValue;

/// `text` parsed as JSON, or why it is not JSON.
pub fn parse(text: &str) -> Result<JsValue, String> {
    JSON::parse(text).map_err(|error| {
        let reason = Reflect::get(&error, &JsValue::from_str("message")).ok().and_then(|m| m.as_string());
        reason.unwrap_or_else(|| "not JSON".to_owned())
    })
}

/// `text` if it is a JSON string (how gloo-storage stores a `String`).
pub fn parse_string(text: &str) -> Option<String> {
    parse(text).ok()?.as_string()
}

/// A JSON object, read field by field.
pub struct Object(JsValue);

impl Object {
    /// `value` as an object; `what` names it in the error ("the manifest").
    pub fn new(value: JsValue, what: &str) -> Result<Self, String> {
        if value.is_object() && !Array::is_array(&value) {
            Ok(Self(value))
        } else {
            Err(format!("{what} is not a JSON object"))
        }
    }

    /// The field's value; `undefined` when it is absent.
    fn get(&self, name: &str) -> JsValue {
        Reflect::get(&self.0, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
    }

    fn required(&self, name: &str) -> Result<JsValue, String> {
        let value = self.get(name);
        if value.is_undefined() {
            Err(format!("missing field `{name}`"))
        } else {
            Ok(value)
        }
    }

    pub fn f64(&self, name: &str) -> Result<f64, String> {
        self.required(name)?.as_f64().ok_or_else(|| format!("`{name}` is not a number"))
    }

    /// `None` for `null` or an absent field, as serde reads an `Option`.
    pub fn optional_f64(&self, name: &str) -> Result<Option<f64>, String> {
        let value = self.get(name);
        if value.is_null() || value.is_undefined() {
            return Ok(None);
        }
        value.as_f64().map(Some).ok_or_else(|| format!("`{name}` is not a number"))
    }

    /// A whole number from 0 to `max` (at most 2⁵³, the largest a JavaScript
    /// number holds exactly).
    pub fn whole(&self, name: &str, max: u64) -> Result<u64, String> {
        let number = self.f64(name)?;
        let limit = max.min(1 << 53) as f64;
        if number.fract() == 0.0 && (0.0..=limit).contains(&number) {
            Ok(number as u64)
        } else {
            Err(format!("`{name}` is {number}, not a whole number from 0 to {limit}"))
        }
    }

    pub fn string(&self, name: &str) -> Result<String, String> {
        self.required(name)?.as_string().ok_or_else(|| format!("`{name}` is not text"))
    }

    /// `None` for `null` or an absent field.
    pub fn optional_string(&self, name: &str) -> Result<Option<String>, String> {
        let value = self.get(name);
        if value.is_null() || value.is_undefined() {
            return Ok(None);
        }
        value.as_string().map(Some).ok_or_else(|| format!("`{name}` is not text"))
    }

    /// Each element of an array field, read by `read`.
    pub fn array<T>(&self, name: &str, read: impl Fn(JsValue) -> Result<T, String>) -> Result<Vec<T>, String> {
        array(self.required(name)?, &format!("`{name}`"), read)
    }
}

/// Each element of a JSON array, read by `read`.
pub fn array<T>(value: JsValue, what: &str, read: impl Fn(JsValue) -> Result<T, String>) -> Result<Vec<T>, String> {
    if !Array::is_array(&value) {
        return Err(format!("{what} is not a list"));
    }
    Array::from(&value).iter().map(read).collect()
}

/// The text stored under `key` in local storage, if there is any (and local
/// storage is there at all).
pub fn local_storage_text(key: &str) -> Option<String> {
    let storage = leptos::prelude::window().local_storage().ok().flatten()?;
    storage.get_item(key).ok().flatten()
}
