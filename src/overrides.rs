//! Buyers' overrides of planned lines (another quantity or supplier), kept in
//! local storage with gloo-storage: small state that belongs to this browser's
//! buyer, not to the workspace's data. An override stays until the buyer
//! clears it; the page applies it with `engine::plan::apply_override`.
//!
//! A stored value that cannot be read is not silently replaced: it is copied
//! aside under a backup key of its own, and only once that copy is in place is
//! the original removed. If the copy cannot be written, the original stays
//! where it is and saving overrides is off for this tab, so nothing ever
//! deletes or overwrites the only copy. The message says only what happened.

use crate::stored_json::{self, Object};
use engine::plan::Override;
use engine::{LocationId, SkuId};
use gloo_storage::{LocalStorage, Storage};
use serde::Serialize;
use std::cell::Cell;
use std::collections::BTreeMap;

const KEY: &str = "stockpilot.overrides.v1";
/// Prefix of the keys unreadable values are copied to (one key per copy, so an
/// older copy is never overwritten).
const UNREADABLE_PREFIX: &str = "stockpilot.overrides.v1.unreadable";

thread_local! {
    /// Set when an unreadable value could not be copied aside: it is still
    /// under `KEY`, and saving would overwrite it.
    static SAVING_BLOCKED: Cell<bool> = const { Cell::new(false) };
}

#[derive(Clone, Debug, PartialEq, Serialize)]
struct Stored {
    sku: SkuId,
    location: LocationId,
    quantity: Option<f64>,
    supplier: Option<engine::SupplierId>,
}

pub type Overrides = BTreeMap<(SkuId, LocationId), Override>;

fn available() -> bool {
    leptos::prelude::window().local_storage().ok().flatten().is_some()
}

/// The stored overrides; an error says what went wrong (the value was moved aside).
pub fn load() -> Result<Overrides, String> {
    if !available() {
        return Ok(Overrides::new());
    }
    let raw = LocalStorage::raw().get_item(KEY).ok().flatten();
    let Some(raw) = raw else { return Ok(Overrides::new()) };
    match stored_from_json(&raw) {
        Ok(stored) => {
            // Built by insertion (a later entry for the same key wins, as
            // with `collect`): collecting into a map sorts with its own copy
            // of std's sort (ARCHITECTURE.md, Size).
            let mut overrides = Overrides::new();
            overrides.extend(
                stored
                    .into_iter()
                    .map(|s| ((s.sku, s.location), Override { quantity: s.quantity, supplier: s.supplier })),
            );
            Ok(overrides)
        }
        Err(error) => Err(set_aside(&raw, &error)),
    }
}

/// The overrides serde_json wrote, read without serde_json's reader
/// (`stored_json`).
fn stored_from_json(raw: &str) -> Result<Vec<Stored>, String> {
    stored_json::array(stored_json::parse(raw)?, "the stored overrides", |value| {
        let entry = Object::new(value, "an override")?;
        Ok(Stored {
            sku: SkuId::from(entry.string("sku")?),
            location: LocationId::from(entry.string("location")?),
            quantity: entry.optional_f64("quantity")?,
            supplier: entry.optional_string("supplier")?.map(engine::SupplierId::from),
        })
    })
}

/// Copy an unreadable value to a key of its own, then remove the original;
/// say what happened.
fn set_aside(raw: &str, error: &str) -> String {
    let storage = LocalStorage::raw();
    let free_key = (0..)
        .map(|n| if n == 0 { UNREADABLE_PREFIX.to_owned() } else { format!("{UNREADABLE_PREFIX}.{n}") })
        .find(|key| storage.get_item(key).ok().flatten().is_none())
        .unwrap_or_else(|| UNREADABLE_PREFIX.to_owned());
    let copied =
        storage.set_item(&free_key, raw).is_ok() && storage.get_item(&free_key).ok().flatten().as_deref() == Some(raw);
    if copied && storage.remove_item(KEY).is_ok() {
        format!(
            "The saved quantity and supplier overrides could not be read ({error}). A copy was kept under \
             “{free_key}” in this browser's local storage, and the plan shows computed figures."
        )
    } else {
        SAVING_BLOCKED.with(|blocked| blocked.set(true));
        format!(
            "The saved quantity and supplier overrides could not be read ({error}), and no copy could be made. \
             They were left unchanged under “{KEY}” in this browser's local storage; the plan shows computed \
             figures, and overrides made in this tab are not stored, so they cannot overwrite them."
        )
    }
}

pub fn save(overrides: &Overrides) -> Result<(), String> {
    if !available() {
        return Err("local storage is not available in this browser".into());
    }
    if SAVING_BLOCKED.with(Cell::get) {
        return Err(format!(
            "the unreadable overrides stored under “{KEY}” would be overwritten; they are kept as they are"
        ));
    }
    let stored: Vec<Stored> = overrides
        .iter()
        .map(|((sku, location), o)| Stored {
            sku: sku.clone(),
            location: location.clone(),
            quantity: o.quantity,
            supplier: o.supplier.clone(),
        })
        .collect();
    LocalStorage::set(KEY, stored).map_err(|error| error.to_string())
}
