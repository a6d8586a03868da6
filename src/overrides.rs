//! Buyers' overrides of planned lines (another quantity or supplier), kept in
//! local storage with gloo-storage: small state that belongs to this browser's
//! buyer, not to the workspace's data. An override stays until the buyer
//! clears it; the page applies it with `engine::plan::apply_override`.
//!
//! A stored value that cannot be read is not silently replaced: it is moved
//! aside under a backup key and the user is told.

use engine::plan::Override;
use engine::{LocationId, SkuId};
use gloo_storage::{LocalStorage, Storage};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

const KEY: &str = "stockpilot.overrides.v1";
const UNREADABLE_KEY: &str = "stockpilot.overrides.v1.unreadable";

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
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
    match serde_json::from_str::<Vec<Stored>>(&raw) {
        Ok(stored) => Ok(stored
            .into_iter()
            .map(|s| ((s.sku, s.location), Override { quantity: s.quantity, supplier: s.supplier }))
            .collect()),
        Err(error) => {
            let _ = LocalStorage::raw().set_item(UNREADABLE_KEY, &raw);
            LocalStorage::delete(KEY);
            Err(format!(
                "The saved quantity and supplier overrides could not be read ({error}); they were kept aside under \
                 “{UNREADABLE_KEY}” in this browser's local storage and the plan shows computed figures."
            ))
        }
    }
}

pub fn save(overrides: &Overrides) -> Result<(), String> {
    if !available() {
        return Err("local storage is not available in this browser".into());
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
