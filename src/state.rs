//! The page's state: the workspace signal, its revisions, the save status and
//! the latest plan, shared with every page through one context.
//!
//! Every change to the workspace goes through `Store::edit` or
//! `Store::replace`, which bump the revision counters that drive saving and
//! re-planning. The demand history has its own counter because it is big: the
//! save and the worker skip it when it has not changed.

use crate::plan_summary::PlanView;
use chrono::NaiveDate;
use engine::Workspace;
use leptos::prelude::*;
use std::sync::Arc;

/// Where the saved copy stands.
#[derive(Clone, Debug, PartialEq)]
pub enum SaveStatus {
    /// Loading the saved workspace at start-up.
    Loading,
    /// Everything is saved; when (milliseconds since the epoch).
    Saved { at_ms: f64 },
    /// A change is waiting to be written or being written.
    Saving,
    /// The last save failed: the previous save is intact, this change is not stored.
    Failed(String),
    /// Saving is off: storage is unavailable, or what is stored could not be
    /// read and must not be overwritten without the user's say-so.
    Off(String),
}

/// Why the page refuses edits.
#[derive(Clone, Debug, PartialEq)]
pub enum Lock {
    /// Another tab saved changes this tab has not loaded.
    OtherTab,
    /// The stored workspace could not be read; saving would overwrite it.
    UnreadableSave(String),
    /// The stored workspace was not read this time (the module that reads it
    /// did not load); saving would overwrite it, a reload tries again.
    NotOpenedYet(String),
}

#[derive(Clone, Debug, PartialEq)]
pub enum PlanStatus {
    Idle,
    /// `stage`: what the worker is doing ("Forecasting", "Planning").
    Running {
        stage: String,
        done: u64,
        total: u64,
    },
    Failed(String),
}

/// A message shown at the top of the page until dismissed.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub id: u64,
    pub kind: NoticeKind,
    pub text: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoticeKind {
    Info,
    Success,
    Error,
}

#[derive(Clone, Copy)]
pub struct Store {
    pub workspace: RwSignal<Workspace>,
    /// The workspace has been loaded (or the sample generated): pages render from then on.
    pub loaded: RwSignal<bool>,
    /// Bumped when the workspace is reloaded from storage (at start-up, or
    /// after another tab saved): open forms start again from the new data,
    /// so a form cannot save stale values over another tab's change.
    pub epoch: RwSignal<u64>,
    /// Bumped by every change.
    pub rev: RwSignal<u64>,
    /// Bumped when the demand history changes.
    pub demand_rev: RwSignal<u64>,
    pub save_status: RwSignal<SaveStatus>,
    pub lock: RwSignal<Option<Lock>>,
    /// The page's rows of the latest plan (the worker keeps the full plan).
    pub plan: RwSignal<Option<Arc<PlanView>>>,
    pub plan_status: RwSignal<PlanStatus>,
    pub notices: RwSignal<Vec<Notice>>,
    /// What this tab has changed and saved, against what other tabs saved
    /// (`tabs::Tabs`: who may save when, and what to tell the user).
    pub tabs: StoredValue<crate::tabs::Tabs>,
    /// Another tab saved while a form here had unsaved typing: the
    /// generation waiting for the user's choice.
    pub other_tab_waiting: RwSignal<Option<u64>>,
    /// Why the background worker stopped (crashed or could not load), until
    /// the user restarts it.
    pub worker_failure: RwSignal<Option<String>>,
    /// Buyers' overrides of planned lines (kept in local storage).
    pub overrides: RwSignal<crate::overrides::Overrides>,
    /// Today's date, read once from the browser's clock at start-up.
    pub today: NaiveDate,
}

impl Store {
    pub fn new(today: NaiveDate) -> Self {
        Self {
            workspace: RwSignal::new(Workspace::default()),
            loaded: RwSignal::new(false),
            epoch: RwSignal::new(0),
            rev: RwSignal::new(0),
            demand_rev: RwSignal::new(0),
            save_status: RwSignal::new(SaveStatus::Loading),
            lock: RwSignal::new(None),
            plan: RwSignal::new(None),
            plan_status: RwSignal::new(PlanStatus::Idle),
            notices: RwSignal::new(Vec::new()),
            worker_failure: RwSignal::new(None),
            tabs: StoredValue::new(crate::tabs::Tabs::default()),
            other_tab_waiting: RwSignal::new(None),
            overrides: RwSignal::new(Default::default()),
            today,
        }
    }

    pub fn is_locked(&self) -> bool {
        self.lock.with_untracked(Option::is_some) || self.tabs.with_value(crate::tabs::Tabs::is_locked)
    }

    /// Change the workspace in place. Refused (with a notice) while locked.
    pub fn edit(&self, change: impl FnOnce(&mut Workspace)) -> bool {
        self.edit_as(change, "")
    }

    /// Change the workspace in place; `saved` is what to tell the user once a
    /// save that holds the change is accepted (nothing is said before: if the
    /// save is refused or fails, they are told it was not saved instead).
    /// Refused (with a notice) while the tab is read-only or waiting for the
    /// user's choice about another tab's save.
    ///
    /// A change that touches the demand history (a cascade delete removes a
    /// SKU's or a location's series) also bumps `demand_rev`, found by
    /// comparing the history's shape before and after, so the worker and the
    /// save never keep the old history: no caller has to remember to say so.
    pub fn edit_as(&self, change: impl FnOnce(&mut Workspace), saved: impl Into<String>) -> bool {
        let saved = saved.into();
        self.edit_reporting(move |workspace| {
            change(workspace);
            saved
        })
    }

    /// `edit_as` when what to say depends on the change: `change` returns it.
    pub fn edit_reporting(&self, change: impl FnOnce(&mut Workspace) -> String) -> bool {
        if self.lock.with_untracked(Option::is_some) {
            self.notify(NoticeKind::Error, "This tab is read-only until you reload it (see the message above).");
            return false;
        }
        if let Err(reason) = self.tabs.with_value(|tabs| tabs.may_edit()) {
            self.notify(NoticeKind::Error, reason);
            return false;
        }
        let mut demand_changed = false;
        let mut saved = String::new();
        self.workspace.update(|workspace| {
            let before = demand_shape(&workspace.demand);
            saved = change(workspace);
            demand_changed = demand_shape(&workspace.demand) != before;
        });
        if demand_changed {
            self.demand_rev.update(|rev| *rev += 1);
        }
        self.tabs.update_value(|tabs| {
            tabs.edited(saved);
        });
        self.rev.update(|rev| *rev += 1);
        true
    }

    /// Put a whole new workspace in place (sample, restore, import).
    /// `demand_changed` says whether its demand history differs.
    /// `cause` names it in the version history ("Imported skus.csv").
    pub fn replace(&self, workspace: Workspace, demand_changed: bool, cause: &str) {
        self.tabs.update_value(|tabs| {
            tabs.edited_because("", cause);
        });
        self.workspace.set(workspace);
        self.mark_loaded();
        if demand_changed {
            self.demand_rev.update(|rev| *rev += 1);
        }
        self.rev.update(|rev| *rev += 1);
    }

    /// Load a workspace without marking it as a change (start-up, another tab's save).
    pub fn load(&self, workspace: Workspace) {
        self.workspace.set(workspace);
        self.mark_loaded();
        self.epoch.update(|epoch| *epoch += 1);
        self.demand_rev.update(|rev| *rev += 1);
    }

    /// Pages render from now on. Set once: setting it again would re-render
    /// the current page and lose what the user was doing on it.
    pub fn mark_loaded(&self) {
        if !self.loaded.get_untracked() {
            self.loaded.set(true);
            performance_mark("stockpilot-loaded");
        }
    }

    pub fn notify(&self, kind: NoticeKind, text: impl Into<String>) {
        let text = text.into();
        self.notices.update(|notices| {
            let id = notices.iter().map(|n| n.id).max().unwrap_or(0) + 1;
            notices.retain(|n| n.text != text);
            notices.push(Notice { id, kind, text });
        });
    }

    pub fn dismiss(&self, id: u64) {
        self.notices.update(|notices| notices.retain(|n| n.id != id));
    }
}

/// A fingerprint of the demand history's shape: which series there are, where
/// each starts and how long it is. Page edits never change a day's quantity
/// (only imports and restores do, and they replace the whole history through
/// `Store::replace`), so the shape is what an edit can change. Cost: one pass
/// over the series, not over their days.
pub fn demand_shape(demand: &engine::DemandHistory) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    demand.series.len().hash(&mut hasher);
    for series in &demand.series {
        series.key.hash(&mut hasher);
        series.start.hash(&mut hasher);
        series.quantity.len().hash(&mut hasher);
    }
    hasher.finish()
}

pub fn use_store() -> Store {
    expect_context::<Store>()
}

/// A `performance.mark` the benchmarks read (`tests/e2e/performance.test.mjs`):
/// "stockpilot-loaded" when the workspace is first shown, "stockpilot-planned"
/// when the first plan is. Nothing natively.
pub fn performance_mark(name: &str) {
    #[cfg(target_arch = "wasm32")]
    if let Some(performance) = web_sys::window().and_then(|window| window.performance()) {
        let _ = performance.mark(name);
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = name;
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::integrity::{self, EntityRef};

    fn store_with_sample() -> (Store, NaiveDate) {
        let today = NaiveDate::from_ymd_opt(2026, 6, 1).unwrap();
        let store = Store::new(today);
        store.replace(engine::sample::demo(today), true, "Loaded the sample");
        (store, today)
    }

    /// Issue 10, defect 1: a cascade delete removed the SKU's demand in the
    /// page but signalled no demand change, so the worker kept (and saved)
    /// the old history and the backup it wrote no longer restored.
    #[test]
    fn a_cascade_delete_of_a_sku_is_a_demand_change() {
        let (store, _) = store_with_sample();
        let sku = store.workspace.with_untracked(|w| w.demand.series[0].key.sku.clone());
        let demand_rev = store.demand_rev.get_untracked();
        let deleted = store.edit(|w| {
            integrity::delete(w, &EntityRef::Sku(sku.clone()), true).expect("cascade delete");
        });
        assert!(deleted);
        assert_eq!(store.demand_rev.get_untracked(), demand_rev + 1, "the demand history changed");
        store.workspace.with_untracked(|w| {
            assert!(w.demand.series.iter().all(|s| s.key.sku != sku));
            // What the worker would save restores.
            let json = engine::io::to_json(w);
            engine::io::from_json(&json).expect("the backup written after the delete restores");
        });
    }

    #[test]
    fn a_cascade_delete_of_a_location_is_a_demand_change() {
        let (store, _) = store_with_sample();
        let location = store.workspace.with_untracked(|w| w.demand.series[0].key.location.clone());
        let demand_rev = store.demand_rev.get_untracked();
        assert!(store.edit(|w| {
            integrity::delete(w, &EntityRef::Location(location.clone()), true).expect("cascade delete");
        }));
        assert_eq!(store.demand_rev.get_untracked(), demand_rev + 1);
    }

    #[test]
    fn an_edit_that_leaves_demand_alone_is_not_a_demand_change() {
        let (store, _) = store_with_sample();
        let demand_rev = store.demand_rev.get_untracked();
        let rev = store.rev.get_untracked();
        assert!(store.edit(|w| w.skus.modify(0, |sku| sku.name = "Renamed".into())));
        assert_eq!(store.demand_rev.get_untracked(), demand_rev, "the worker keeps its copy of the history");
        assert_eq!(store.rev.get_untracked(), rev + 1);
    }
}
