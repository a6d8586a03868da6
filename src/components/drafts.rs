//! Unsaved typing in open forms, kept across another tab's save.
//!
//! Each edit form registers its fields, the record it edits (a key) and
//! whether it has unsaved changes. When another tab saves while a form here
//! has typing, the session asks the user (see `tabs`); if they choose to keep
//! it, `carry` notes, per form, the fields the user changed since the form
//! last matched the stored record, the page is drawn again from the new data,
//! and the new form for the same record takes those fields back
//! (`track` does both ends). Fields the user did not touch show the other
//! tab's values: a field-by-field reapply, never a silent overwrite either way.

use leptos::prelude::*;
use std::cell::{Cell, RefCell};
use std::sync::Arc;

/// One field of a form.
#[derive(Clone)]
pub enum Field {
    Text(RwSignal<String>),
    Flag(RwSignal<bool>),
    /// A field held in several signals (a list of price breaks), read and
    /// written as one text: `get` reads reactively, `set` rebuilds it.
    Custom {
        get: Arc<dyn Fn() -> String + Send + Sync>,
        set: Arc<dyn Fn(&str) + Send + Sync>,
    },
}

#[derive(Clone, Debug, PartialEq)]
enum Value {
    Text(String),
    Flag(bool),
}

impl Field {
    fn value(&self) -> Value {
        untrack(|| self.tracked())
    }

    /// The value, read so that a reactive context re-runs when it changes.
    fn tracked(&self) -> Value {
        match self {
            Field::Text(signal) => Value::Text(signal.get()),
            Field::Flag(signal) => Value::Flag(signal.get()),
            Field::Custom { get, .. } => Value::Text(get()),
        }
    }

    fn set(&self, value: &Value) {
        match (self, value) {
            (Field::Text(signal), Value::Text(text)) => signal.set(text.clone()),
            (Field::Flag(signal), Value::Flag(flag)) => signal.set(*flag),
            (Field::Custom { set, .. }, Value::Text(text)) => set(text),
            _ => {}
        }
    }
}

struct OpenForm {
    id: u64,
    key: String,
    fields: Vec<(&'static str, Field)>,
    dirty: Signal<bool>,
    /// The values when the form last matched the stored record.
    base: Vec<Value>,
}

/// What was typed into one form and differs from the stored record: field
/// name and value.
type Changes = Vec<(&'static str, Value)>;

thread_local! {
    static OPEN: RefCell<Vec<OpenForm>> = const { RefCell::new(Vec::new()) };
    static CARRIED: RefCell<Vec<(String, Changes)>> = const { RefCell::new(Vec::new()) };
    static NEXT_ID: Cell<u64> = const { Cell::new(1) };
}

/// Register an open form: `key` names the record (e.g. "sku:SKU-00001"),
/// `dirty` says whether it differs from the stored record. Returns true when
/// typing carried over from before another tab's save was put back in.
pub fn track(key: impl Into<String>, fields: Vec<(&'static str, Field)>, dirty: Signal<bool>) -> bool {
    let key = key.into();
    let base: Vec<Value> = fields.iter().map(|(_, field)| field.value()).collect();
    let carried = CARRIED.with(|carried| {
        let mut carried = carried.borrow_mut();
        let idx = carried.iter().position(|(k, _)| *k == key)?;
        Some(carried.remove(idx).1)
    });
    let reapplied = match carried {
        Some(changes) => {
            for (name, value) in &changes {
                if let Some((_, field)) = fields.iter().find(|(n, _)| n == name) {
                    field.set(value);
                }
            }
            !changes.is_empty()
        }
        None => false,
    };
    let id = NEXT_ID.with(|next| next.replace(next.get() + 1));
    OPEN.with(|open| open.borrow_mut().push(OpenForm { id, key, fields, dirty, base }));
    // Whenever the form matches the stored record again (saved, reverted),
    // that is the new base for "what the user changed".
    Effect::new(move |_| {
        if !dirty.get() {
            OPEN.with(|open| {
                if let Some(form) = open.borrow_mut().iter_mut().find(|f| f.id == id) {
                    form.base = form.fields.iter().map(|(_, field)| field.value()).collect();
                }
            });
        }
    });
    on_cleanup(move || OPEN.with(|open| open.borrow_mut().retain(|f| f.id != id)));
    reapplied
}

/// Whether typing was carried over for the form of `key` (a page opens that
/// form again, e.g. a dialog, so the typing can be put back).
pub fn carried(key: &str) -> bool {
    CARRIED.with(|carried| carried.borrow().iter().any(|(k, _)| k == key))
}

/// "Changed since the form opened", for forms without a stored record to
/// compare with (a dialog closes once saved, so its opening values stay the base).
pub fn changed_since_open(fields: &[(&'static str, Field)]) -> Signal<bool> {
    let fields = fields.to_vec();
    let opened: Vec<Value> = fields.iter().map(|(_, field)| field.value()).collect();
    Signal::derive(move || fields.iter().zip(&opened).any(|((_, field), was)| field.tracked() != *was))
}

/// Whether any open form has unsaved typing.
pub fn any_dirty() -> bool {
    OPEN.with(|open| open.borrow().iter().any(|form| form.dirty.get_untracked()))
}

/// Keep every open form's changed fields for the forms drawn next.
pub fn carry() {
    let changes: Vec<(String, Vec<(&'static str, Value)>)> = OPEN.with(|open| {
        open.borrow()
            .iter()
            .filter(|form| form.dirty.get_untracked())
            .map(|form| {
                let changed = form
                    .fields
                    .iter()
                    .zip(&form.base)
                    .filter_map(|((name, field), base)| {
                        let now = field.value();
                        (now != *base).then_some((*name, now))
                    })
                    .collect();
                (form.key.clone(), changed)
            })
            .collect()
    });
    CARRIED.with(|carried| *carried.borrow_mut() = changes);
}

/// Forget carried typing (the user chose to discard it).
pub fn discard() {
    CARRIED.with(|carried| carried.borrow_mut().clear());
}
