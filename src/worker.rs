//! The Web Worker that runs the engine off the page's thread, and the page's
//! client for it.
//!
//! Heavy work (CSV import, JSON restore, export, the sample workspace,
//! planning) happens in the worker so the page keeps responding. The worker
//! keeps a copy of the workspace: every request carries the small tables, and
//! carries the demand history (the bulk) only when it changed since the
//! worker last saw it, identified by the page's `demand_rev` counter.
//!
//! Messages travel with gloo-worker's bincode codec, so every type here is a
//! plain serde type.

use chrono::NaiveDate;
use engine::io::{ImportFile, ImportSummary, Table};
use engine::plan::Plan;
use engine::{DemandHistory, Problem, Workspace};
use futures::channel::oneshot;
use gloo_worker::{HandlerId, Spawnable, Worker, WorkerBridge, WorkerScope};
use serde::{Deserialize, Serialize};
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use wasm_bindgen::{JsCast, JsValue};

#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum Job {
    /// Check the worker is alive.
    Ping,
    /// Generate the demo workspace for `today`.
    Sample { today: NaiveDate },
    /// Validate CSV files and merge them into the workspace, all or nothing.
    ImportCsv { files: Vec<ImportFile> },
    /// Read a JSON backup (any supported schema version).
    RestoreJson { text: String },
    /// Render tables as CSV files.
    ExportCsv { tables: Vec<Table> },
    /// Render the whole workspace as a JSON backup.
    ExportJson,
    /// Plan replenishment as of `today`.
    Plan { today: NaiveDate },
    /// Rebuild the saved workspace from its stored chunks.
    Decode { manifest: engine::persist::Manifest, chunks: Vec<(String, Vec<u8>)> },
    /// Cut the workspace into chunks for saving; only chunks whose keys are
    /// not in `stored` come back with their bytes.
    Encode { stored: Vec<String> },
    /// Benchmark: generate `n_skus` SKUs with 104 weeks of history and time
    /// planning them here, in the worker (see `bench_plan_in_worker`).
    BenchPlan { n_skus: usize, today: NaiveDate },
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Request {
    pub id: u64,
    /// Every table but demand (always sent: it is small).
    pub core: Workspace,
    /// The demand history, when the worker's copy is stale.
    pub demand: Option<(u64, DemandHistory)>,
    pub job: Job,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Progress {
    pub stage: String,
    pub done: u64,
    pub total: u64,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ExportFile {
    pub name: String,
    pub mime: String,
    pub contents: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum Outcome {
    Pong,
    /// A new workspace: its small tables, and its demand when that changed.
    Workspace { core: Workspace, demand: Option<DemandHistory>, summary: Option<ImportSummary> },
    /// The input was refused; the workspace is unchanged.
    Refused { problems: Vec<Problem>, total: usize },
    Files(Vec<ExportFile>),
    Plan(Box<Plan>),
    Bench(engine::plan::BenchReport),
    /// Every chunk of the workspace, and the bytes of those not yet stored.
    Encoded { refs: Vec<engine::persist::ChunkRef>, new_chunks: Vec<engine::persist::Chunk> },
    /// The stored workspace cannot be read (and must not be overwritten).
    Unreadable(String),
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum Reply {
    Progress { id: u64, progress: Progress },
    /// `elapsed_ms` is the time the worker spent on the job itself.
    Done { id: u64, outcome: Outcome, elapsed_ms: f64 },
}

/// The worker side: owns a copy of the workspace.
pub struct EngineWorker {
    workspace: Workspace,
    /// Demand chunks of the current demand history, encoded once: the demand
    /// only changes by import, restore, sample or a new copy from the page.
    demand_chunks: Option<Vec<engine::persist::Chunk>>,
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

impl Worker for EngineWorker {
    type Message = ();
    type Input = Request;
    type Output = Reply;

    fn create(_scope: &WorkerScope<Self>) -> Self {
        Self { workspace: Workspace::default(), demand_chunks: None }
    }

    fn update(&mut self, _scope: &WorkerScope<Self>, _msg: ()) {}

    fn received(&mut self, scope: &WorkerScope<Self>, request: Request, who: HandlerId) {
        let started = now_ms();
        let Request { id, core, demand, job } = request;
        let kept_demand = std::mem::take(&mut self.workspace.demand);
        self.workspace = core;
        self.workspace.demand = match demand {
            Some((_rev, demand)) => {
                self.demand_chunks = None;
                demand
            }
            None => kept_demand,
        };
        let mut last_report = 0.0;
        let mut report = |stage: &str, done: u64, total: u64| {
            let now = now_ms();
            if now - last_report >= 50.0 || done == total {
                last_report = now;
                let progress = Progress { stage: stage.to_owned(), done, total };
                scope.respond(who, Reply::Progress { id, progress });
            }
        };
        let outcome = self.run(job, &mut report);
        scope.respond(who, Reply::Done { id, outcome, elapsed_ms: now_ms() - started });
    }
}

/// The chunks of `workspace` for saving; demand chunks are encoded once per
/// demand history and kept in `demand_chunks`.
fn encode(workspace: &Workspace, demand_chunks: &mut Option<Vec<engine::persist::Chunk>>, stored: &[String]) -> Outcome {
    let demand = demand_chunks.get_or_insert_with(|| engine::persist::encode_demand(&workspace.demand));
    let core = engine::persist::encode_core(workspace);
    let stored: std::collections::HashSet<&str> = stored.iter().map(String::as_str).collect();
    let refs = std::iter::once(&core).chain(demand.iter()).map(engine::persist::Chunk::as_ref).collect();
    let new_chunks =
        std::iter::once(&core).chain(demand.iter()).filter(|c| !stored.contains(c.key.as_str())).cloned().collect();
    Outcome::Encoded { refs, new_chunks }
}

impl EngineWorker {
    fn run(&mut self, job: Job, report: &mut dyn FnMut(&str, u64, u64)) -> Outcome {
        let keeps_demand = matches!(job, Job::Encode { .. } | Job::Plan { .. } | Job::ExportCsv { .. } | Job::ExportJson | Job::Ping);
        if !keeps_demand {
            self.demand_chunks = None;
        }
        let EngineWorker { workspace, demand_chunks } = self;
        run(workspace, demand_chunks, job, report)
    }
}

fn run(
    workspace: &mut Workspace,
    demand_chunks: &mut Option<Vec<engine::persist::Chunk>>,
    job: Job,
    report: &mut dyn FnMut(&str, u64, u64),
) -> Outcome {
    match job {
        Job::Ping => Outcome::Pong,
        Job::Encode { stored } => encode(workspace, demand_chunks, &stored),
        Job::Decode { manifest, chunks } => {
            report("Opening the saved workspace", 0, 1);
            let mut bytes: std::collections::HashMap<String, Vec<u8>> = chunks.into_iter().collect();
            match engine::persist::decode(&manifest, |key| bytes.remove(key)) {
                Ok(decoded) => {
                    *workspace = decoded;
                    Outcome::Workspace { core: engine::persist::core_of(workspace), demand: Some(workspace.demand.clone()), summary: None }
                }
                Err(error) => Outcome::Unreadable(error.to_string()),
            }
        }
        Job::Sample { today } => {
            report("Generating the sample workspace", 0, 1);
            *workspace = engine::sample::demo(today);
            Outcome::Workspace { core: engine::persist::core_of(workspace), demand: Some(workspace.demand.clone()), summary: None }
        }
        Job::ImportCsv { files } => {
            let result = engine::io::import_csv(workspace, &files, &mut |p| {
                report(&format!("Reading {}", p.file), p.bytes_done as u64, p.bytes_total as u64)
            });
            match result {
                Ok((imported, summary)) => {
                    let demand_changed = imported.demand != workspace.demand;
                    *workspace = imported;
                    let demand = demand_changed.then(|| workspace.demand.clone());
                    Outcome::Workspace { core: engine::persist::core_of(workspace), demand, summary: Some(summary) }
                }
                Err(refused) => Outcome::Refused { problems: refused.problems, total: refused.total },
            }
        }
        Job::RestoreJson { text } => {
            report("Reading the backup", 0, 1);
            match engine::io::from_json(&text) {
                Ok(restored) => {
                    *workspace = restored;
                    Outcome::Workspace {
                        core: engine::persist::core_of(workspace),
                        demand: Some(workspace.demand.clone()),
                        summary: None,
                    }
                }
                Err(problems) => Outcome::Refused { total: problems.len(), problems },
            }
        }
        Job::ExportCsv { tables } => {
            let total = tables.len() as u64;
            let files = tables
                .into_iter()
                .enumerate()
                .map(|(idx, table)| {
                    report("Writing CSV", idx as u64, total);
                    ExportFile {
                        name: table.file_name().to_owned(),
                        mime: "text/csv;charset=utf-8".into(),
                        contents: engine::io::export_table(workspace, table),
                    }
                })
                .collect();
            Outcome::Files(files)
        }
        Job::ExportJson => Outcome::Files(vec![ExportFile {
            name: "stockpilot-workspace.json".into(),
            mime: "application/json".into(),
            contents: engine::io::to_json(workspace),
        }]),
        Job::Plan { today } => {
            let plan = engine::plan::plan(workspace, today, &mut |done, total| report("Planning", done as u64, total as u64));
            Outcome::Plan(Box::new(plan))
        }
        Job::BenchPlan { n_skus, today } => Outcome::Bench(engine::plan::bench(n_skus, today, &mut now_ms)),
    }
}

/// Register the worker; the worker binary's `main` calls this and nothing else.
pub fn register() {
    use gloo_worker::Registrable;
    EngineWorker::registrar().register();
}

// ---- the page's side -------------------------------------------------------

struct Pending {
    on_progress: Box<dyn Fn(Progress)>,
    done: oneshot::Sender<(Outcome, f64)>,
}

struct Client {
    bridge: WorkerBridge<EngineWorker>,
    next_id: Cell<u64>,
    pending: RefCell<HashMap<u64, Pending>>,
    /// The demand revision the worker holds.
    demand_rev: Cell<Option<u64>>,
}

thread_local! {
    static CLIENT: RefCell<Option<std::rc::Rc<Client>>> = const { RefCell::new(None) };
}

/// A module-worker script that loads this very program: the page and the
/// worker are one WebAssembly module (see `bin` in `main.rs`), so the browser
/// fetches it once. The URLs come from the preload links Trunk puts in the
/// page, already resolved against the site's public URL.
fn worker_url() -> Result<String, String> {
    let document = leptos::prelude::document();
    let href = |selector: &str| -> Option<String> {
        let element = document.query_selector(selector).ok().flatten()?;
        Some(element.unchecked_into::<web_sys::HtmlLinkElement>().href())
    };
    let script = href("link[rel=modulepreload]").ok_or("the page has no module preload link")?;
    let wasm = href("link[rel=preload][as=fetch]").ok_or("the page has no WebAssembly preload link")?;
    let loader = format!("import init from {script:?};\nawait init({{ module_or_path: {wasm:?} }});\n");
    let parts = js_sys::Array::of1(&JsValue::from_str(&loader));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/javascript");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(crate::download::describe)?;
    web_sys::Url::create_object_url_with_blob(&blob).map_err(crate::download::describe)
}

/// Whether this instance of the program runs in a worker rather than the page.
pub fn in_worker() -> bool {
    !js_sys::Reflect::has(&js_sys::global(), &JsValue::from_str("document")).unwrap_or(false)
}

fn client() -> std::rc::Rc<Client> {
    CLIENT.with(|cell| {
        cell.borrow_mut()
            .get_or_insert_with(|| {
                let url = worker_url().unwrap_or_else(|reason| {
                    web_sys::console::error_1(&JsValue::from_str(&format!("the worker cannot start: {reason}")));
                    String::new()
                });
                let bridge = EngineWorker::spawner()
                    .as_module(true)
                    .with_loader(true)
                    .callback(|reply: Reply| {
                        CLIENT.with(|cell| {
                            if let Some(client) = cell.borrow().as_ref() {
                                client.deliver(reply);
                            }
                        })
                    })
                    .spawn(&url);
                std::rc::Rc::new(Client {
                    bridge,
                    next_id: Cell::new(1),
                    pending: RefCell::new(HashMap::new()),
                    demand_rev: Cell::new(None),
                })
            })
            .clone()
    })
}

impl Client {
    fn deliver(&self, reply: Reply) {
        match reply {
            Reply::Progress { id, progress } => {
                if let Some(pending) = self.pending.borrow().get(&id) {
                    (pending.on_progress)(progress);
                }
            }
            Reply::Done { id, outcome, elapsed_ms } => {
                if let Some(pending) = self.pending.borrow_mut().remove(&id) {
                    let _ = pending.done.send((outcome, elapsed_ms));
                }
            }
        }
    }
}

/// Run `job` in the worker against `workspace`. Returns the outcome and the
/// milliseconds the worker spent on it.
pub fn run_job(
    workspace: &Workspace,
    demand_rev: u64,
    job: Job,
    on_progress: impl Fn(Progress) + 'static,
) -> impl std::future::Future<Output = Result<(Outcome, f64), WorkerGone>> + 'static {
    let client = client();
    let id = client.next_id.get();
    client.next_id.set(id + 1);
    let demand = (client.demand_rev.get() != Some(demand_rev)).then(|| (demand_rev, workspace.demand.clone()));
    client.demand_rev.set(Some(demand_rev));
    let (done, receiver) = oneshot::channel();
    client.pending.borrow_mut().insert(id, Pending { on_progress: Box::new(on_progress), done });
    client.bridge.send(Request { id, core: engine::persist::core_of(workspace), demand, job });
    async move { receiver.await.map_err(|_| WorkerGone) }
}

/// Tell the client the worker already holds demand revision `rev` (after the
/// worker itself produced it, e.g. by an import).
pub fn worker_has_demand(rev: u64) {
    client().demand_rev.set(Some(rev));
}

/// The worker stopped answering (it crashed or could not load).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WorkerGone;

