//! The page's imperative shell around the workspace: load at start-up (the
//! sample on a first visit), save after every change, re-plan after every
//! change, and keep several open tabs from overwriting each other.
//!
//! Tabs talk over a `BroadcastChannel`. After each save a tab announces the
//! new manifest generation. What a tab does about another tab's save, and
//! when it may save, is decided by `tabs::Tabs` (a state machine tested over
//! every interleaving): with nothing unsaved it loads that save, so it is
//! current before the user's next edit; with typing in a form it asks first;
//! with a change of its own not yet saved it turns read-only and says that
//! change was not saved. Storage checks the generation again in the save's
//! own transaction (`storage::save_chunks`), so a save based on a stale
//! generation is refused even if the announcement has not arrived yet.

use crate::state::{Lock, NoticeKind, PlanStatus, SaveStatus, Store};
use crate::storage::{self, StorageError};
use crate::worker;
use crate::worker::jobs::{self, JobError};
use crate::worker::Forecasting;
use engine::persist::Manifest;
use engine::Workspace;
use leptos::prelude::*;
use leptos::task::spawn_local;
use rexie::Rexie;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::Duration;
use wasm_bindgen::prelude::*;
use web_sys::BroadcastChannel;

const CHANNEL: &str = "stockpilot-workspace";
const SAVE_DELAY: Duration = Duration::from_millis(250);
const PLAN_DELAY: Duration = Duration::from_millis(400);
const KEEP_VERSIONS_KEY: &str = "stockpilot.history.keep";
pub const DEFAULT_KEEP_VERSIONS: usize = 10;
pub const MAX_KEEP_VERSIONS: usize = 100;

/// A job that runs one at a time: requests that come while it is waiting or
/// running are folded into one more run, so a burst of changes costs one
/// save (or one plan), not one each.
#[derive(Default)]
struct Coalesced {
    queued: Cell<bool>,
    running: Cell<bool>,
    again: Cell<bool>,
}

impl Coalesced {
    /// Ask for a run; true when the caller should start one (after its delay).
    fn request(&self) -> bool {
        if self.running.get() {
            self.again.set(true);
            return false;
        }
        !self.queued.replace(true)
    }

    fn start(&self) {
        self.queued.set(false);
        self.running.set(true);
        self.again.set(false);
    }

    /// End of one pass: true to run again (and clears the request).
    fn rerun(&self) -> bool {
        self.again.replace(false)
    }

    fn stop(&self) {
        self.running.set(false);
    }

    /// Waiting to start or running.
    fn busy(&self) -> bool {
        self.queued.get() || self.running.get()
    }
}

#[derive(Default)]
struct Session {
    db: RefCell<Option<Rc<Rexie>>>,
    saves: Coalesced,
    /// Keys of the chunks the last save (or load) left in storage.
    stored_keys: RefCell<Vec<String>>,
    channel: RefCell<Option<BroadcastChannel>>,
    tab_id: Cell<f64>,
    plans: Coalesced,
    /// The overrides changed since the worker last applied them.
    overrides_dirty: Cell<bool>,
    /// The buyer cancelled forecasting: plans use the history mean until
    /// they ask for forecasts again (or a plan that finished forecasting
    /// before the cancel arrived clears it).
    forecasting_paused: Cell<bool>,
}

thread_local! {
    static SESSION: Rc<Session> = Rc::new(Session::default());
}

fn session() -> Rc<Session> {
    SESSION.with(Rc::clone)
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// Start the session: load (or create) the workspace, then keep it saved and planned.
pub fn start(store: Store) {
    session().tab_id.set(js_sys::Math::random());
    crate::bridge::on_failure(move |reason| store.worker_failure.set(Some(reason.clone())));
    open_channel(store);
    spawn_local(async move { load_at_start(store).await });

    Effect::new(move |_| {
        let rev = store.rev.get();
        if rev > 0 {
            schedule_save(store);
        }
    });
    // A buyer's override re-prices the kept plan; it does not re-plan.
    Effect::new(move |previous: Option<()>| {
        store.overrides.track();
        if previous.is_some() {
            session().overrides_dirty.set(true);
            spawn_local(reprice(store));
        }
    });
    Effect::new(move |_| {
        store.rev.track();
        store.demand_rev.track();
        if !matches!(store.save_status.get_untracked(), SaveStatus::Loading) {
            schedule_plan(store);
        }
    });
}

async fn load_at_start(store: Store) {
    let db = match storage::open().await {
        Ok(db) => Rc::new(db),
        Err(error) => {
            store.save_status.set(SaveStatus::Off(format!(
                "{error}. Your changes last only as long as this tab: export a JSON backup to keep them."
            )));
            load_sample(store, false).await;
            return;
        }
    };
    *session().db.borrow_mut() = Some(db.clone());
    match open_saved(&db).await {
        Ok(Some((manifest, workspace))) => {
            store.tabs.set_value(crate::tabs::Tabs::new(manifest.generation));
            put_in_place(store, &manifest, workspace);
            schedule_plan(store);
        }
        Ok(None) => {
            store.save_status.set(SaveStatus::Saving);
            load_sample(store, true).await;
        }
        Err(OpenError::WorkerGone) => {}
        Err(OpenError::Unreadable(reason)) => {
            let reason = format!("The saved workspace could not be opened: {reason}. It has been left untouched.");
            store.lock.set(Some(Lock::UnreadableSave(reason.clone())));
            store.save_status.set(SaveStatus::Off(reason));
            store.mark_loaded();
        }
        Err(OpenError::NotNow(reason)) => {
            let reason = format!("The saved workspace was not opened: {reason}");
            store.lock.set(Some(Lock::NotOpenedYet(reason.clone())));
            store.save_status.set(SaveStatus::Off(reason));
            store.mark_loaded();
        }
    }
}

/// Why the saved workspace was not opened.
enum OpenError {
    /// What is stored cannot be read: leave it untouched.
    Unreadable(String),
    /// It was not read (the module that reads it did not load): try again.
    NotNow(String),
    /// The worker failed before it could decode it: nothing is wrong with the
    /// save, so the page waits for a restart (the banner says so).
    WorkerGone,
}

/// Read the saved chunks and have the worker decode them. `Ok(None)`:
/// nothing is saved yet. Nothing is put in place: see `put_in_place`.
async fn open_saved(db: &Rexie) -> Result<Option<(Manifest, Workspace)>, OpenError> {
    let Some((manifest, chunks)) = storage::load_raw(db).await.map_err(|e| OpenError::Unreadable(e.to_string()))?
    else {
        return Ok(None);
    };
    match jobs::decode(manifest.clone(), chunks).await {
        Ok(Ok(workspace)) => Ok(Some((manifest, workspace))),
        Ok(Err(jobs::NotOpened::Unreadable(reason))) => Err(OpenError::Unreadable(reason)),
        Ok(Err(jobs::NotOpened::NotNow(reason))) => Err(OpenError::NotNow(reason)),
        Err(JobError::Unexpected(_)) => Err(OpenError::Unreadable("the worker gave an unexpected answer".into())),
        Err(JobError::Stopped) => Err(OpenError::WorkerGone),
    }
}

/// Make a decoded save this tab's workspace (the worker already holds it).
fn put_in_place(store: Store, manifest: &Manifest, workspace: Workspace) {
    *session().stored_keys.borrow_mut() = manifest.chunks.iter().map(|c| c.key.clone()).collect();
    store.tabs.update_value(|tabs| tabs.generation = manifest.generation);
    store.load(workspace);
    worker::worker_has_demand(store.demand_rev.get_untracked());
    store.save_status.set(SaveStatus::Saved { at_ms: manifest.saved_at_ms });
}

/// Replace the workspace with the demo sample (first visit, or the user asked).
pub async fn load_sample(store: Store, save: bool) {
    let today = store.today;
    match jobs::sample(today).await {
        Ok(workspace) => {
            if save {
                store.replace(workspace, true, "Loaded the sample");
            } else {
                store.load(workspace);
                schedule_plan(store);
            }
            worker::worker_has_demand(store.demand_rev.get_untracked());
        }
        Err(error @ JobError::Unexpected(_)) => {
            store.notify(NoticeKind::Error, format!("The sample workspace could not be generated: {error}."));
            store.mark_loaded();
        }
        // The banner says the worker stopped; restarting it generates the sample again.
        Err(JobError::Stopped) => {}
    }
}

fn schedule_save(store: Store) {
    let session = session();
    if matches!(store.save_status.get_untracked(), SaveStatus::Off(_)) {
        return;
    }
    store.save_status.set(SaveStatus::Saving);
    if session.saves.request() {
        set_timeout(move || spawn_local(save_loop(store)), SAVE_DELAY);
    }
}

async fn save_loop(store: Store) {
    let session = session();
    session.saves.start();
    let Some(db) = session.db.borrow().clone() else {
        session.saves.stop();
        return;
    };
    // Each pass writes every change made so far, if `tabs` lets a save start
    // now (not while read-only, loading another tab's save, or waiting for
    // the user's choice about one).
    while let Some(job) = store.tabs.try_update_value(|tabs| tabs.begin_save()).flatten() {
        let demand_rev = store.demand_rev.get_untracked();
        let stored = session.stored_keys.borrow().clone();
        let encoded = store.workspace.with_untracked(|w| jobs::encode(w, demand_rev, stored));
        let jobs::Encoded { refs, new_chunks } = match encoded.await {
            Ok(encoded) => encoded,
            Err(_) => {
                let why = "the background worker stopped";
                let reports = store.tabs.try_update_value(|tabs| tabs.save_failed(why)).unwrap_or_default();
                tell(store, reports);
                store.save_status.set(SaveStatus::Failed(format!(
                    "Your last change could not be saved: {why} (see the message above)."
                )));
                break;
            }
        };
        let keep_versions = keep_versions();
        let note = storage::SaveNote { cause: &job.cause, keep_versions };
        let mut written = storage::save_chunks(&db, &refs, &new_chunks, job.based_on, now_ms(), &note).await;
        // Storage full: make room by dropping the oldest versions first (half
        // of what is kept each time, never the current one), then try again.
        // (The history is read only then: an ordinary save does not pay for it.)
        let mut kept = match written {
            Err(StorageError::QuotaExceeded) => storage::versions(&db).await.map_or(0, |v| v.len()),
            _ => 0,
        };
        while matches!(written, Err(StorageError::QuotaExceeded)) && kept > 1 {
            let target = kept / 2;
            match storage::drop_oldest_versions(&db, target).await {
                Ok(dropped) if dropped > 0 => {
                    store.notify(
                        NoticeKind::Info,
                        format!(
                            "The browser's storage for this site is full: the {} oldest saved versions were dropped to make room.",
                            dropped
                        ),
                    );
                    kept = target;
                    written = storage::save_chunks(&db, &refs, &new_chunks, job.based_on, now_ms(), &note).await;
                }
                _ => break,
            }
        }
        match written {
            Ok(manifest) => {
                *session.stored_keys.borrow_mut() = manifest.chunks.iter().map(|c| c.key.clone()).collect();
                let reports =
                    store.tabs.try_update_value(|tabs| tabs.save_accepted(manifest.generation)).unwrap_or_default();
                announce_save(manifest.generation);
                tell(store, reports);
                if !store.tabs.with_value(crate::tabs::Tabs::unsaved) {
                    store.save_status.set(SaveStatus::Saved { at_ms: manifest.saved_at_ms });
                }
            }
            Err(StorageError::Conflict { .. }) => {
                let outcome = store.tabs.try_update_value(|tabs| tabs.save_conflict()).unwrap_or_default();
                act(store, outcome);
                store.save_status.set(SaveStatus::Failed(
                    "Another tab saved changes to this workspace first, so this tab's last change was not saved."
                        .into(),
                ));
                break;
            }
            Err(error) => {
                let why = error.to_string();
                let reports = store.tabs.try_update_value(|tabs| tabs.save_failed(&why)).unwrap_or_default();
                tell(store, reports);
                store.save_status.set(SaveStatus::Failed(format!("Your last change could not be saved: {why}.")));
                break;
            }
        }
    }
    session.saves.stop();
}

/// How many saved versions to keep (a per-browser choice, default 10).
pub fn keep_versions() -> usize {
    window()
        .local_storage()
        .ok()
        .flatten()
        .and_then(|storage| storage.get_item(KEEP_VERSIONS_KEY).ok().flatten())
        .and_then(|text| text.parse::<usize>().ok())
        .filter(|n| (1..=MAX_KEEP_VERSIONS).contains(n))
        .unwrap_or(DEFAULT_KEEP_VERSIONS)
}

/// Set how many saved versions to keep (1 to `MAX_KEEP_VERSIONS`); the next save applies it.
pub fn set_keep_versions(n: usize) -> Result<(), String> {
    if !(1..=MAX_KEEP_VERSIONS).contains(&n) {
        return Err(format!("keep between 1 and {MAX_KEEP_VERSIONS} versions"));
    }
    let storage = window().local_storage().ok().flatten().ok_or("local storage is not available")?;
    storage.set_item(KEEP_VERSIONS_KEY, &n.to_string()).map_err(|_| "the choice could not be stored".to_owned())
}

/// The kept versions, newest (current) first.
pub async fn versions() -> Result<Vec<storage::Version>, String> {
    let db = session().db.borrow().clone();
    let Some(db) = db else { return Err("this browser does not let Stockpilot store data".into()) };
    storage::versions(&db).await.map_err(|error| error.to_string())
}

/// Make a kept version the current workspace again (as a new save, so it can
/// be undone in turn). Changes in this tab that are not saved yet are
/// replaced: the page asks first.
pub fn restore_version(store: Store, version: storage::Version) {
    spawn_local(async move {
        if store.is_locked() {
            store.notify(NoticeKind::Error, "This tab is read-only until you reload it (see the message above).");
            return;
        }
        let db = session().db.borrow().clone();
        let Some(db) = db else { return };
        let based_on = store.tabs.with_value(|tabs| tabs.generation);
        let when = crate::format::date_time(version.saved_at_ms);
        let cause = format!("Restored the version of {when} ({})", version.cause);
        let note = storage::SaveNote { cause: &cause, keep_versions: keep_versions() };
        let status_before = store.save_status.get_untracked();
        store.save_status.set(SaveStatus::Saving);
        let restored = storage::restore_version(&db, version.generation, based_on, now_ms(), &note).await;
        if restored.is_err() {
            store.save_status.set(status_before);
        }
        match restored {
            Ok(manifest) => {
                announce_save(manifest.generation);
                match open_saved(&db).await {
                    Ok(Some((manifest, workspace))) => {
                        store.tabs.set_value(crate::tabs::Tabs::new(manifest.generation));
                        put_in_place(store, &manifest, workspace);
                        schedule_plan(store);
                        store
                            .notify(NoticeKind::Success, format!("Restored the version of {when}: {}.", version.cause));
                    }
                    _ => store.notify(
                        NoticeKind::Error,
                        "The version was restored but could not be opened; reload the page.",
                    ),
                }
            }
            Err(StorageError::Conflict { .. }) => store.notify(
                NoticeKind::Error,
                "Another tab saved changes first: nothing was restored. Try again once this tab shows them.",
            ),
            Err(error) => store.notify(NoticeKind::Error, format!("Nothing was restored: {error}.")),
        }
    });
}

/// Tell the user what became of their changes.
fn tell(store: Store, reports: Vec<crate::tabs::Report>) {
    for report in reports {
        match report {
            crate::tabs::Report::Saved(what) => store.notify(NoticeKind::Success, what),
            crate::tabs::Report::NotSaved { what, why } => store.notify(
                NoticeKind::Error,
                format!(
                    "Not saved: {} — {why}. It is still shown in this tab; export a backup to keep it.",
                    crate::tabs::subject(&what)
                ),
            ),
        }
    }
}

/// Do what `tabs` decided, and tell the user.
fn act(store: Store, (reports, actions): (Vec<crate::tabs::Report>, Vec<crate::tabs::Action>)) {
    tell(store, reports);
    for action in actions {
        match action {
            crate::tabs::Action::Lock => store.lock.set(Some(Lock::OtherTab)),
            crate::tabs::Action::AskAboutDraft(generation) => store.other_tab_waiting.set(Some(generation)),
            crate::tabs::Action::Load(generation) => spawn_local(load_other_tab(store, generation)),
        }
    }
}

/// Start a new worker after the old one failed (the user pressed "Restart"),
/// then redo what it was needed for: open the workspace if it never opened,
/// re-plan, and save what is not saved.
pub fn restart_worker(store: Store) {
    crate::bridge::restart();
    store.worker_failure.set(None);
    if !store.loaded.get_untracked() {
        spawn_local(async move { load_at_start(store).await });
        return;
    }
    if matches!(store.save_status.get_untracked(), SaveStatus::Failed(_) | SaveStatus::Saving) && !store.is_locked() {
        retry_save(store);
    }
    schedule_plan(store);
}

/// Save again after a failure (the user pressed "Try again").
pub fn retry_save(store: Store) {
    store.save_status.set(SaveStatus::Saving);
    schedule_save(store);
}

/// Throw away an unreadable save (after the user confirmed) and start afresh with the sample.
pub fn discard_unreadable_save(store: Store) {
    spawn_local(async move {
        let db = session().db.borrow().clone();
        if let Some(db) = db {
            if let Err(error) = storage::wipe(&db).await {
                store.notify(NoticeKind::Error, format!("The saved workspace could not be deleted: {error}"));
                return;
            }
        }
        store.tabs.set_value(crate::tabs::Tabs::new(0));
        session().stored_keys.borrow_mut().clear();
        store.lock.set(None);
        store.save_status.set(SaveStatus::Saving);
        load_sample(store, true).await;
    });
}

// ---- planning ----------------------------------------------------------------

/// Re-plan soon; several changes in a row give one plan.
pub fn schedule_plan(store: Store) {
    if session().plans.request() {
        set_timeout(move || spawn_local(plan_loop(store)), PLAN_DELAY);
    }
}

async fn plan_loop(store: Store) {
    let session = session();
    session.plans.start();
    loop {
        store.plan_status.set(PlanStatus::Running { stage: "Planning".to_owned(), done: 0, total: 1 });
        let today = store.today;
        let demand_rev = store.demand_rev.get_untracked();
        let overrides = override_entries(store);
        let forecasting =
            if session.forecasting_paused.get() { Forecasting::Paused } else { Forecasting::AsSettingsSay };
        let job = store.workspace.with_untracked(|workspace| {
            jobs::plan(workspace, demand_rev, today, overrides, forecasting, move |progress| {
                store.plan_status.set(PlanStatus::Running {
                    stage: progress.stage.clone(),
                    done: progress.done,
                    total: progress.total,
                });
            })
        });
        match job.await {
            Ok(plan) => {
                // Only a Cancel pauses forecasting; a plan that forecast
                // anyway (the cancel came too late) ends the pause. A paused
                // reply never pauses again: the buyer may have pressed
                // "Forecast again" meanwhile.
                if forecasting == Forecasting::AsSettingsSay && !plan.forecast_paused {
                    session.forecasting_paused.set(false);
                }
                store.plan.set(Some(std::sync::Arc::new(plan)));
                session.overrides_dirty.set(false);
                store.plan_status.set(PlanStatus::Idle);
                // Lets the end-to-end tests (and the service worker's
                // registration, web/offline.js) wait for a finished plan.
                if let Some(body) = document().body() {
                    if body.get_attribute("data-plan-ready").is_none() {
                        crate::state::performance_mark("stockpilot-planned");
                    }
                    let _ = body.set_attribute("data-plan-ready", "true");
                }
            }
            Err(error) => {
                store.plan_status.set(PlanStatus::Failed(format!("Planning did not finish: {error}.")));
                break;
            }
        }
        if !session.plans.rerun() {
            break;
        }
    }
    session.plans.stop();
}

/// Stop the forecasting under way (the buyer pressed Cancel): the plan
/// waiting for it comes back at once from the history mean, and later plans
/// too until `forecast_again`.
pub fn cancel_forecasting() {
    session().forecasting_paused.set(true);
    jobs::cancel_forecasting();
}

/// Plan from forecasts again after a cancel.
pub fn forecast_again(store: Store) {
    session().forecasting_paused.set(false);
    schedule_plan(store);
}

fn override_entries(store: Store) -> Vec<crate::plan_summary::OverrideEntry> {
    store.overrides.with_untracked(|overrides| {
        overrides.iter().map(|((sku, location), buyer)| (sku.clone(), location.clone(), buyer.clone())).collect()
    })
}

async fn reprice(store: Store) {
    let session = session();
    if session.plans.busy() {
        // The plan under way (or about to start) reads the overrides itself.
        session.plans.request();
        return;
    }
    if let Ok(Some(view)) = jobs::reprice(override_entries(store)).await {
        store.plan.set(Some(std::sync::Arc::new(view)));
        session.overrides_dirty.set(false);
    }
}

// ---- other tabs ----------------------------------------------------------------

fn open_channel(store: Store) {
    let Ok(channel) = BroadcastChannel::new(CHANNEL) else {
        return;
    };
    let on_message = Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
        let Some(text) = event.data().as_string() else {
            return;
        };
        let mut parts = text.splitn(3, ' ');
        match (parts.next(), parts.next(), parts.next()) {
            (Some("hello"), _, _) => {
                post(&format!("here {}", session().tab_id.get()));
                note_other_tab(store);
            }
            (Some("here"), _, _) => note_other_tab(store),
            (Some("saved"), Some(generation), _) => {
                if let Ok(generation) = generation.parse::<u64>() {
                    other_tab_saved(store, generation);
                }
            }
            _ => {}
        }
    });
    channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    *session().channel.borrow_mut() = Some(channel);
    post(&format!("hello {}", session().tab_id.get()));
}

fn post(message: &str) {
    if let Some(channel) = session().channel.borrow().as_ref() {
        let _ = channel.post_message(&JsValue::from_str(message));
    }
}

fn announce_save(generation: u64) {
    post(&format!("saved {generation}"));
}

fn note_other_tab(store: Store) {
    store.notify(
        NoticeKind::Info,
        "Stockpilot is also open in another tab. A change saved in one tab is loaded by the others automatically.",
    );
}

fn other_tab_saved(store: Store, generation: u64) {
    if store.lock.with_untracked(Option::is_some) {
        return;
    }
    let draft = crate::components::drafts::any_dirty();
    let outcome = store.tabs.try_update_value(|tabs| tabs.other_saved(generation, draft)).unwrap_or_default();
    act(store, outcome);
}

/// The user chose what to do with their typing (`keep`: reapply it on the
/// other tab's save); either way that save is loaded now.
pub fn decide_about_draft(store: Store, keep: bool) {
    if keep {
        crate::components::drafts::carry();
    } else {
        crate::components::drafts::discard();
    }
    store.other_tab_waiting.set(None);
    let outcome = store.tabs.try_update_value(|tabs| tabs.draft_decided()).unwrap_or_default();
    act(store, outcome);
}

/// Load another tab's save, then put it in place if `tabs` still agrees.
async fn load_other_tab(store: Store, generation: u64) {
    let db = session().db.borrow().clone();
    let Some(db) = db else { return };
    match open_saved(&db).await {
        Ok(Some((manifest, workspace))) => {
            let draft = crate::components::drafts::any_dirty();
            match store.tabs.try_update_value(|tabs| tabs.loaded(generation, draft)) {
                Some(Ok(true)) => {
                    put_in_place(store, &manifest, workspace);
                    schedule_plan(store);
                    store.notify(NoticeKind::Info, "Loaded the changes saved in another tab.");
                }
                Some(Err(outcome)) => act(store, outcome),
                _ => {}
            }
        }
        Ok(None) => {}
        // The banner says the worker stopped; nothing is wrong with the save.
        Err(OpenError::WorkerGone) => {}
        Err(OpenError::Unreadable(_) | OpenError::NotNow(_)) => {
            let outcome = store.tabs.try_update_value(|tabs| tabs.load_failed()).unwrap_or_default();
            act(store, outcome);
        }
    }
}
