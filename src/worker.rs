//! The Web Worker that runs the engine off the page's thread, and the page's
//! client for it.
//!
//! Heavy work (CSV import, JSON restore, export, the sample workspace,
//! planning) happens in the worker so the page keeps responding. The worker
//! keeps a copy of the workspace: every request carries the small tables, and
//! carries the demand history (the bulk) only when it changed since the
//! worker last saw it, identified by the page's `demand_rev` counter.
//!
//! Messages travel as bincode bytes through `bridge`, which also notices a
//! worker that crashed or could not load and fails what waits on it; every
//! type here is a plain serde type.

use crate::plan_summary::{self, OverrideEntry, PlanView};
use chrono::NaiveDate;
use engine::io::mapping::{MappingSpec, Proposal};
use engine::io::{ImportFile, ImportSummary, Table};
use engine::plan::{Plan, PlanLine, Unplannable};
use engine::{DemandHistory, Problem, Workspace};
use futures::channel::oneshot;
use serde::{Deserialize, Serialize};
use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet};
use wasm_bindgen::JsValue;

pub mod jobs;
// Natively the worker calls the files library directly (see `EngineWorker::files`).
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
mod files_module;

/// The file a plan export writes: CSV, or an Excel workbook.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PlanFile {
    Csv,
    Xlsx,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum Job {
    /// Check the worker is alive.
    Ping,
    /// Generate the demo workspace for `today`.
    Sample { today: NaiveDate },
    /// Validate CSV files and merge them into the workspace, all or nothing.
    ImportCsv { files: Vec<ImportFile> },
    /// The mapping the engine proposes for a file of the mapping step, for
    /// the table the user chose.
    ProposeMapping { file: files::ForeignFile, target: Table },
    /// The first rows of a file mapped by `spec`, checked cell by cell
    /// against the workspace (without its demand history).
    PreviewMapping {
        file: files::ForeignFile,
        #[serde(with = "engine::io::mapping::spec_serde")]
        spec: MappingSpec,
    },
    /// Import a file by `spec` into the workspace, all or nothing.
    ImportMapped {
        file: files::ForeignFile,
        #[serde(with = "engine::io::mapping::spec_serde")]
        spec: MappingSpec,
    },
    /// Import a file by the built-in preset `preset` (its id) with the
    /// user's answers to its parameters, all or nothing.
    ImportBuiltin { file: files::ForeignFile, preset: String, options: engine::io::mapping::PresetOptions },
    /// Read a JSON backup (any supported schema version). Bytes, not text:
    /// the engine decodes them, so a file that is not UTF-8 is refused with
    /// its advice on saving it (the browser's text decoding would not say).
    RestoreJson { bytes: Vec<u8> },
    /// Render tables as CSV files.
    ExportCsv { tables: Vec<Table>, csv_for: files::CsvFor },
    /// Render every table as CSV, in one ZIP archive dated `today`.
    ExportCsvZip { today: NaiveDate, csv_for: files::CsvFor },
    /// Render tables as one `.xlsx` workbook, a sheet per table.
    ExportXlsx { tables: Vec<Table>, today: NaiveDate },
    /// Render the whole workspace as a JSON backup.
    ExportJson,
    /// Plan replenishment as of `today`; the worker keeps the plan and the
    /// buyers' overrides and answers with the page's rows.
    Plan { today: NaiveDate, overrides: Vec<OverrideEntry>, forecasting: Forecasting },
    /// Stop the forecasting under way (or queued) and plan from the history
    /// mean instead. Acts as soon as it arrives, between two steps of the
    /// forecasting; it has no reply of its own (the plan's reply says
    /// `forecast_paused`).
    CancelForecasting,
    /// Apply changed overrides to the kept plan (no re-planning).
    Reprice { overrides: Vec<OverrideEntry> },
    /// The full lines (and reasons for unplannable ones) of one SKU, at one
    /// location or at all of them, overrides applied.
    PlanLines { sku: engine::SkuId, location: Option<engine::LocationId> },
    /// The suggested orders as CSV: the given lines, or every suggestion.
    ExportPlan { keys: Option<Vec<(engine::SkuId, engine::LocationId)>>, file: PlanFile },
    /// Rebuild the saved workspace from its stored chunks.
    Decode { manifest: engine::persist::Manifest, chunks: Vec<(String, Vec<u8>)> },
    /// Cut the workspace into chunks for saving; only chunks whose keys are
    /// not in `stored` come back with their bytes.
    Encode { stored: Vec<String> },
    /// The forecasts of one SKU at each of its locations, from the forecasts
    /// the last plan used.
    ForecastDetail { sku: engine::SkuId },
    /// Draft purchase orders for these plan lines from the kept plan,
    /// overrides applied, logged at `at` by `role`
    /// (`engine::purchasing::draft_purchase_orders`).
    DraftOrders { keys: Vec<(engine::SkuId, engine::LocationId)>, at: chrono::NaiveDateTime, role: String },
    /// The kept plan's suggestions (overrides applied) within what each
    /// family has left of this month's budget
    /// (`engine::purchasing::buying_within_budget`).
    WithinBudget,
    /// Draft purchase orders for the recurring orders due by `today`, the
    /// order-up-to lines from the kept plan (without the buyers' overrides:
    /// a standing order orders up to the plan's level), logged at `at` by
    /// `role` (`engine::purchasing::generate_recurring`). Nothing is stored.
    GenerateRecurring { today: NaiveDate, at: chrono::NaiveDateTime, role: String },
    /// Benchmark: generate `n_skus` SKUs with 104 weeks of history and time
    /// planning them here, in the worker (see `bench_plan_in_worker`).
    BenchPlan { n_skus: usize, today: NaiveDate },
}

/// Whether a plan forecasts first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Forecasting {
    /// As the workspace's `demand_source` setting says.
    AsSettingsSay,
    /// Not this time: the buyer cancelled forecasting and has not asked for
    /// it again, so the plan uses the history mean and says so.
    Paused,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Request {
    pub id: u64,
    /// Every table but demand: sent with every job that reads or changes the
    /// workspace (it is small); `None` for questions about the kept plan.
    pub core: Option<Workspace>,
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

pub use files::ExportFile;

// One value per job, serialised to cross to the page at once: boxing the
// large variant would save nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum Outcome {
    Pong,
    /// A new workspace: its small tables, and its demand when that changed.
    Workspace {
        core: Workspace,
        demand: Option<DemandHistory>,
        summary: Option<ImportSummary>,
    },
    /// The input was refused; the workspace is unchanged.
    Refused {
        problems: Vec<Problem>,
        total: usize,
    },
    /// An import: the new workspace (its demand only when that changed), and
    /// the files of the batch left for the mapping step.
    Imported {
        core: Workspace,
        demand: Option<DemandHistory>,
        summary: ImportSummary,
        to_map: Vec<files::ToMap>,
        /// For a mapped import: one report per table it filled.
        reports: Vec<engine::io::mapping::MappedTableReport>,
    },
    /// No file of the batch was one of the tables: every one is for the
    /// mapping step. Nothing changed.
    ToMap(Vec<files::ToMap>),
    Proposed(Proposal),
    Previewed(files::MappingPreview),
    Files(Vec<ExportFile>),
    Plan(Box<PlanView>),
    Lines {
        lines: Vec<PlanLine>,
        unplannable: Vec<Unplannable>,
    },
    /// There is no plan yet to answer from.
    NoPlan,
    Bench(engine::plan::BenchReport),
    Forecasts(Vec<engine::forecast::ForecastDetail>),
    /// Draft purchase orders, or why none could be drafted.
    Drafts(Result<Vec<engine::PurchaseOrder>, String>),
    /// The suggestions family by family within budget, or why not.
    WithinBudget(Result<Vec<engine::purchasing::FamilySelection>, String>),
    /// Drafts generated from the recurring orders, or why none were.
    Recurring(Result<engine::purchasing::Generated, String>),
    /// Every chunk of the workspace, and the bytes of those not yet stored.
    Encoded {
        refs: Vec<engine::persist::ChunkRef>,
        new_chunks: Vec<engine::persist::Chunk>,
    },
    /// The stored workspace cannot be read (and must not be overwritten).
    Unreadable(String),
}

// One value per job, serialised to cross to the page at once: boxing the
// large variant would save nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum Reply {
    Progress {
        id: u64,
        progress: Progress,
    },
    /// `elapsed_ms` is the time the worker spent on the job itself.
    Done {
        id: u64,
        outcome: Outcome,
        elapsed_ms: f64,
    },
}

/// The worker side: owns a copy of the workspace.
///
/// Requests are answered one at a time, in the order they arrive
/// (`arrive`, then `work` until it says nothing is left). Forecasting is
/// the one long job, from scratch or refreshing the kept forecasts after a
/// change (a pin on a large family, a setting that moves every backtest
/// horizon chooses thousands of models again): `work` does it a step of
/// [`FORECAST_STEP`] series at a time, and the caller lets the worker's
/// event loop run between steps, so a `CancelForecasting` that arrives
/// meanwhile stops it before the next step.
pub struct EngineWorker {
    workspace: Workspace,
    /// Demand chunks of the current demand history, encoded once: the demand
    /// only changes by import, restore, sample or a new copy from the page.
    demand_chunks: Option<Vec<engine::persist::Chunk>>,
    /// The latest plan and the overrides applied to it.
    plan: Option<Plan>,
    overrides: Vec<OverrideEntry>,
    /// The forecasts of the current demand history as of a day, with what
    /// they were made from: planned from again while nothing they read
    /// changed, refreshed (only the series a change reaches are forecast
    /// again) after a change of the buyer's forecast inputs, offers or
    /// settings, and made again for a new day or demand history.
    forecasts: Option<KeptForecasts>,
    /// Requests waiting their turn.
    queue: std::collections::VecDeque<Request>,
    /// The plan whose forecasting is under way, between steps.
    task: Option<PlanTask>,
    clock: fn() -> f64,
    /// The request being answered (the files module's progress names it).
    job_id: u64,
}

/// Rows a mapping's preview shows.
pub const PREVIEW_ROWS: usize = 10;

/// Series forecast between two chances for a cancel to arrive: about 40–80
/// ms in a browser.
pub const FORECAST_STEP: usize = 400;

struct KeptForecasts {
    today: NaiveDate,
    inputs: ForecastInputs,
    /// The workspace they were made with, without its demand and forecast
    /// inputs: a change there may move backtest horizons.
    core: Workspace,
    horizons: HashMap<(engine::SkuId, engine::LocationId), usize>,
    forecasts: Vec<engine::forecast::SeriesForecast>,
    /// False after a refresh was cancelled part-way: the forecasts are
    /// then fit to refresh again (`ForecastRefresh::stop`), not to plan
    /// from or show, whatever `inputs` and `core` say.
    complete: bool,
}

/// A plan waiting for its forecasts.
struct PlanTask {
    id: u64,
    started: f64,
    last_report: f64,
    today: NaiveDate,
    overrides: Vec<OverrideEntry>,
    horizons: HashMap<(engine::SkuId, engine::LocationId), usize>,
    run: TaskRun,
    cancelled: bool,
    /// What the forecasts are made from, as the task started (a save that
    /// goes first may bring newer tables; the next plan then refreshes).
    inputs: ForecastInputs,
    core: Workspace,
}

/// The forecasting a plan waits for: every series from scratch, or the
/// kept forecasts refreshed (only the series a change reaches).
enum TaskRun {
    Scratch(engine::forecast::ForecastRun),
    Refresh(engine::forecast::ForecastRefresh),
}

impl TaskRun {
    /// Series forecast so far, of how many.
    fn progress(&self) -> (u64, u64) {
        match self {
            TaskRun::Scratch(run) => (run.done() as u64, run.total() as u64),
            TaskRun::Refresh(refresh) => (refresh.done() as u64, refresh.total() as u64),
        }
    }

    fn is_finished(&self) -> bool {
        match self {
            TaskRun::Scratch(run) => run.is_finished(),
            TaskRun::Refresh(refresh) => refresh.is_finished(),
        }
    }
}

/// The tables besides demand that forecasts read: a change to any of them
/// (an import of promotions.csv, a pin) makes the kept forecasts stale.
#[derive(Clone, Debug, PartialEq)]
struct ForecastInputs {
    pins: engine::Sorted<engine::ForecastPin>,
    overrides: engine::Sorted<engine::ForecastOverride>,
    promotions: engine::Sorted<engine::Promotion>,
    launches: engine::Sorted<engine::Launch>,
}

impl ForecastInputs {
    fn of(workspace: &Workspace) -> Self {
        ForecastInputs {
            pins: workspace.forecast_pins.clone(),
            overrides: workspace.forecast_overrides.clone(),
            promotions: workspace.promotions.clone(),
            launches: workspace.launches.clone(),
        }
    }

    /// Move the tables out of `workspace`, leaving them empty.
    fn take(workspace: &mut Workspace) -> Self {
        ForecastInputs {
            pins: std::mem::take(&mut workspace.forecast_pins),
            overrides: std::mem::take(&mut workspace.forecast_overrides),
            promotions: std::mem::take(&mut workspace.promotions),
            launches: std::mem::take(&mut workspace.launches),
        }
    }

    /// Put the tables back into `workspace`.
    fn put(self, workspace: &mut Workspace) {
        workspace.forecast_pins = self.pins;
        workspace.forecast_overrides = self.overrides;
        workspace.promotions = self.promotions;
        workspace.launches = self.launches;
    }
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// The workspace without its demand and forecast inputs, as `KeptForecasts::core`.
fn core_without_forecast_inputs(workspace: &Workspace) -> Workspace {
    let mut core = engine::persist::core_of(workspace);
    ForecastInputs::take(&mut core);
    core
}

impl EngineWorker {
    fn new(clock: fn() -> f64) -> Self {
        Self {
            workspace: Workspace::default(),
            demand_chunks: None,
            plan: None,
            overrides: Vec::new(),
            forecasts: None,
            queue: std::collections::VecDeque::new(),
            task: None,
            clock,
            job_id: 0,
        }
    }

    /// A request arrived: a cancel acts at once, anything else waits its turn.
    pub fn arrive(&mut self, request: Request) {
        if matches!(request.job, Job::CancelForecasting) {
            if let Some(task) = &mut self.task {
                task.cancelled = true;
            }
            for queued in &mut self.queue {
                if let Job::Plan { forecasting, .. } = &mut queued.job {
                    *forecasting = Forecasting::Paused;
                }
            }
            return;
        }
        self.queue.push_back(request);
    }

    /// Do the next piece of work: one step of the forecasting under way, or
    /// the next request. True while more is left.
    ///
    /// While forecasting is under way a save (`Encode` without new demand)
    /// goes first: it only reads the workspace, so the buyer's last change is
    /// stored in seconds rather than after the whole forecast (a tab closed
    /// meanwhile would lose it). Anything else waits its turn.
    pub fn work(&mut self, respond: &dyn Fn(&Reply)) -> bool {
        // Not past a request that brings new demand: the page counts that
        // demand as the worker's once sent, so a save behind it carries none.
        let save = |r: &Request| matches!(r.job, Job::Encode { .. });
        let mut waiting = self.queue.iter().take_while(|r| r.demand.is_none());
        if let Some(at) = self.task.as_ref().and_then(|_| waiting.position(save)) {
            let request = self.queue.remove(at).expect("found just now");
            self.received(request, respond);
            return true;
        }
        if let Some(task) = self.task.take() {
            self.advance(task, respond);
        } else if let Some(request) = self.queue.pop_front() {
            self.received(request, respond);
        }
        self.task.is_some() || !self.queue.is_empty()
    }

    fn received(&mut self, request: Request, respond: &dyn Fn(&Reply)) {
        let clock = self.clock;
        let started = clock();
        let Request { id, core, demand, job } = request;
        self.job_id = id;
        if let Some(core) = core {
            let kept_demand = std::mem::take(&mut self.workspace.demand);
            self.workspace = core;
            self.workspace.demand = kept_demand;
        }
        self.workspace.demand = match demand {
            Some((_rev, demand)) => {
                self.demand_chunks = None;
                self.forecasts = None;
                demand
            }
            None => std::mem::take(&mut self.workspace.demand),
        };
        let mut last_report = 0.0;
        let mut report = |stage: &str, done: u64, total: u64| {
            report_progress(respond, clock, &mut last_report, id, stage, done, total);
        };
        let outcome = match job {
            Job::Plan { today, overrides, forecasting } => {
                match self.start_plan(id, started, today, overrides, forecasting, &mut report) {
                    Some(outcome) => outcome,
                    None => return,
                }
            }
            job => self.run(job, &mut report),
        };
        respond(&Reply::Done { id, outcome, elapsed_ms: clock() - started });
    }
}

fn report_progress(
    respond: &dyn Fn(&Reply),
    clock: fn() -> f64,
    last_report: &mut f64,
    id: u64,
    stage: &str,
    done: u64,
    total: u64,
) {
    let now = clock();
    if now - *last_report >= 50.0 || done == total {
        *last_report = now;
        let progress = Progress { stage: stage.to_owned(), done, total };
        respond(&Reply::Progress { id, progress });
    }
}

impl EngineWorker {
    fn run(&mut self, job: Job, report: &mut dyn FnMut(&str, u64, u64)) -> Outcome {
        match job {
            Job::Ping => Outcome::Pong,
            Job::Encode { stored } => self.encode(&stored),
            Job::Decode { manifest, chunks } => self.decode(&manifest, chunks, report),
            Job::Sample { today } => self.sample(today, report),
            Job::ImportCsv { files } => {
                let job = files::Job::ImportCsv { workspace: self.workspace.clone(), files };
                self.import(job, report)
            }
            Job::ProposeMapping { file, target } => {
                match self.files(files::Job::ProposeMapping { file, target }, report) {
                    files::Outcome::Proposed(proposal) => Outcome::Proposed(proposal),
                    other => self.not_files(other),
                }
            }
            Job::PreviewMapping { file, spec } => {
                let workspace = engine::persist::core_of(&self.workspace);
                let job = files::Job::PreviewMapping { workspace, file, spec, max_rows: PREVIEW_ROWS };
                match self.files(job, report) {
                    files::Outcome::Previewed(preview) => Outcome::Previewed(preview),
                    other => self.not_files(other),
                }
            }
            Job::ImportMapped { file, spec } => {
                let job = files::Job::ImportMapped { workspace: self.workspace.clone(), file, spec };
                self.import(job, report)
            }
            Job::ImportBuiltin { file, preset, options } => {
                let job = files::Job::ImportBuiltin { workspace: self.workspace.clone(), file, preset, options };
                self.import(job, report)
            }
            Job::RestoreJson { bytes } => self.restore_json(bytes, report),
            Job::ExportCsv { tables, csv_for } => self.export_csv(tables, csv_for, report),
            Job::ExportCsvZip { today, csv_for } => self.export_csv_zip(today, csv_for, report),
            Job::ExportXlsx { tables, today } => self.export_xlsx(tables, today, report),
            Job::ExportJson => self.export_json(report),
            Job::Plan { today, overrides, forecasting } => {
                // Natively (tests): the forecasting runs to its end here.
                let clock = self.clock;
                let mut outcome = self.start_plan(0, clock(), today, overrides, forecasting, report);
                while outcome.is_none() {
                    let task = self.task.take().expect("a plan without an outcome has a task");
                    outcome = self.step_task(task, report);
                }
                outcome.expect("the loop ends with an outcome")
            }
            Job::CancelForecasting => Outcome::NoPlan,
            Job::Reprice { overrides } => self.reprice(overrides),
            Job::PlanLines { sku, location } => self.plan_lines(&sku, location.as_ref()),
            Job::ExportPlan { keys, file } => self.export_plan(keys.as_deref(), file, report),
            Job::ForecastDetail { sku } => self.forecast_detail(&sku),
            Job::DraftOrders { keys, at, role } => self.draft_orders(keys, at, &role),
            Job::WithinBudget => self.within_budget(),
            Job::GenerateRecurring { today, at, role } => Outcome::Recurring(
                engine::purchasing::generate_recurring(&self.workspace, self.plan.as_ref(), today, at, &role)
                    .map_err(|error| error.to_string()),
            ),
            Job::BenchPlan { n_skus, today } => Outcome::Bench(engine::plan::bench(n_skus, today, &mut now_ms)),
        }
    }

    /// Rebuild the saved workspace from its chunks; a chunk that is missing,
    /// damaged or from a newer version makes the whole save unreadable. The
    /// demand chunks are read here; the core chunk (JSON of any schema
    /// version) by the files module.
    fn decode(
        &mut self,
        manifest: &engine::persist::Manifest,
        chunks: Vec<(String, Vec<u8>)>,
        report: &mut dyn FnMut(&str, u64, u64),
    ) -> Outcome {
        report("Opening the saved workspace", 0, 1);
        let mut bytes: HashMap<String, Vec<u8>> = chunks.into_iter().collect();
        // The files module could not be reached: that says nothing about the
        // save, so it is a refusal (try again), not `Unreadable`.
        let mut not_reached = None;
        let read_core = |key: &str, bytes: Vec<u8>| match self
            .files(files::Job::DecodeCore { key: key.to_owned(), bytes }, &mut |_, _, _| {})
        {
            files::Outcome::Core(core) => core,
            other => {
                not_reached = Some(self.not_files(other));
                Err(engine::persist::LoadError::NoCore)
            }
        };
        let decoded = engine::persist::decode_with(manifest, |key| bytes.remove(key), read_core);
        match (decoded, not_reached) {
            (_, Some(refused)) => refused,
            (Ok(decoded), None) => self.replace(decoded),
            (Err(error), None) => Outcome::Unreadable(error.to_string()),
        }
    }

    fn sample(&mut self, today: NaiveDate, report: &mut dyn FnMut(&str, u64, u64)) -> Outcome {
        report("Generating the sample workspace", 0, 1);
        self.replace(engine::sample::demo(today))
    }

    /// Merge files into the workspace, all or nothing: a batch of CSV files
    /// (`files::Job::ImportCsv`) or one file through a mapping
    /// (`files::Job::ImportMapped`). Unlike a restore, the kept plan stays
    /// (the page re-plans after the change), and the demand goes back to the
    /// page only when the files changed it.
    fn import(&mut self, job: files::Job, report: &mut dyn FnMut(&str, u64, u64)) -> Outcome {
        match self.files(job, report) {
            files::Outcome::ToMap(to_map) => Outcome::ToMap(to_map),
            files::Outcome::Imported { core, demand, summary, to_map, reports } => {
                let kept_demand = std::mem::take(&mut self.workspace.demand);
                let demand_changed = demand.is_some();
                self.workspace = core;
                self.workspace.demand = demand.unwrap_or(kept_demand);
                if demand_changed {
                    self.demand_chunks = None;
                    self.forecasts = None;
                }
                Outcome::Imported {
                    core: engine::persist::core_of(&self.workspace),
                    demand: demand_changed.then(|| self.workspace.demand.clone()),
                    summary,
                    to_map,
                    reports,
                }
            }
            other => self.not_files(other),
        }
    }

    /// Replace the workspace with a JSON backup of any supported version.
    /// The engine decodes the bytes (UTF-8, with or without a byte order
    /// mark) and refuses any other encoding with advice on how to save it.
    fn restore_json(&mut self, bytes: Vec<u8>, report: &mut dyn FnMut(&str, u64, u64)) -> Outcome {
        match self.files(files::Job::RestoreJson { bytes }, report) {
            files::Outcome::Restored(restored) => self.replace(restored),
            other => self.not_files(other),
        }
    }

    /// Export `tables` as CSV files; the demand history goes to the files
    /// module only when one of them is the demand table.
    /// The workspace an export of `tables` reads: without the demand
    /// history unless they name it.
    fn workspace_for(&self, tables: &[Table]) -> Workspace {
        match files::reads_demand(tables) {
            true => self.workspace.clone(),
            false => engine::persist::core_of(&self.workspace),
        }
    }

    fn export_csv(
        &self,
        tables: Vec<Table>,
        csv_for: files::CsvFor,
        report: &mut dyn FnMut(&str, u64, u64),
    ) -> Outcome {
        let workspace = self.workspace_for(&tables);
        let outcome = self.files(files::Job::ExportTables { workspace, tables, csv_for }, report);
        self.not_files(outcome)
    }

    fn export_csv_zip(
        &self,
        today: NaiveDate,
        csv_for: files::CsvFor,
        report: &mut dyn FnMut(&str, u64, u64),
    ) -> Outcome {
        let outcome = self.files(files::Job::ExportZip { workspace: self.workspace.clone(), today, csv_for }, report);
        self.not_files(outcome)
    }

    fn export_xlsx(&self, tables: Vec<Table>, today: NaiveDate, report: &mut dyn FnMut(&str, u64, u64)) -> Outcome {
        let workspace = self.workspace_for(&tables);
        let outcome = self.files(files::Job::ExportXlsx { workspace, tables, today }, report);
        self.not_files(outcome)
    }

    fn export_json(&self, report: &mut dyn FnMut(&str, u64, u64)) -> Outcome {
        let outcome = self.files(files::Job::ExportJson { workspace: self.workspace.clone() }, report);
        self.not_files(outcome)
    }

    /// The files module's answers that mean the same whatever the job:
    /// files to download, or a refusal.
    fn not_files(&self, outcome: files::Outcome) -> Outcome {
        match outcome {
            files::Outcome::Files(files) => Outcome::Files(files),
            files::Outcome::Refused { problems, total } => Outcome::Refused { problems, total },
            // Not `{other:?}`: formatting it would put a `Debug` of every
            // model type into the first visit's download.
            _ => unreachable!("the files module answered another job"),
        }
    }

    /// Do `job` in the files module: natively by calling it, in the browser
    /// through `worker::files_module`, which `bridge::serve` has loaded
    /// before the request reached the worker (`files_module::load`).
    fn files(&self, job: files::Job, report: &mut dyn FnMut(&str, u64, u64)) -> files::Outcome {
        #[cfg(target_arch = "wasm32")]
        {
            let _ = report;
            files_module::run(self.job_id, &job)
        }
        #[cfg(not(target_arch = "wasm32"))]
        {
            files::run(job, report)
        }
    }

    /// Start a plan. With forecasting on (the setting, and not paused) the
    /// kept forecasts are used when nothing they read changed, refreshed when
    /// the buyer's forecast inputs or the rest of the workspace changed, and
    /// made again from scratch for a new day or demand history. Forecasting
    /// becomes a task (`None`) that `work` advances step by step; a refresh
    /// takes its first step here, so one that fits in a step (a SKU's pin)
    /// is answered at once.
    fn start_plan(
        &mut self,
        id: u64,
        started: f64,
        today: NaiveDate,
        overrides: Vec<OverrideEntry>,
        forecasting: Forecasting,
        report: &mut dyn FnMut(&str, u64, u64),
    ) -> Option<Outcome> {
        let wanted = self.workspace.settings.demand_source == engine::DemandSource::Forecast;
        if !wanted || forecasting == Forecasting::Paused {
            let paused = wanted && forecasting == Forecasting::Paused;
            return Some(self.finish_plan(today, overrides, false, paused, None, report));
        }
        let inputs = ForecastInputs::of(&self.workspace);
        if let Some(kept) = self.forecasts.take_if(|kept| kept.today == today) {
            let same_core = self.same_core(&kept.core);
            if kept.complete && same_core && kept.inputs == inputs {
                self.forecasts = Some(kept);
                return Some(self.finish_plan(today, overrides, true, false, None, report));
            }
            report("Forecasting", 0, 1);
            // A change besides demand and forecast inputs may move backtest horizons.
            let (core, horizons) = match same_core {
                true => (kept.core, kept.horizons),
                false => (
                    core_without_forecast_inputs(&self.workspace),
                    engine::forecast::backtest_horizons(&self.workspace, today),
                ),
            };
            let horizon = engine::forecast::PLANNING_HORIZON_WEEKS;
            // Refused (another demand history): forecast again from scratch.
            if let Ok(refresh) =
                engine::forecast::ForecastRefresh::new(&self.workspace, today, horizon, &horizons, kept.forecasts)
            {
                let run = TaskRun::Refresh(refresh);
                let task = PlanTask {
                    id,
                    started,
                    last_report: 0.0,
                    today,
                    overrides,
                    horizons,
                    run,
                    cancelled: false,
                    inputs,
                    core,
                };
                return self.step_task(task, report);
            }
        }
        report("Forecasting", 0, 1);
        let horizons = engine::forecast::backtest_horizons(&self.workspace, today);
        let run = engine::forecast::ForecastRun::new(&self.workspace, today, engine::forecast::PLANNING_HORIZON_WEEKS);
        let task = PlanTask {
            id,
            started,
            last_report: 0.0,
            today,
            overrides,
            horizons,
            run: TaskRun::Scratch(run),
            cancelled: false,
            inputs,
            core: core_without_forecast_inputs(&self.workspace),
        };
        self.task = Some(task);
        None
    }

    /// One step of the task's forecasting, with progress for the page; the
    /// plan's reply once it is done (or cancelled).
    fn advance(&mut self, mut task: PlanTask, respond: &dyn Fn(&Reply)) {
        let clock = self.clock;
        let (id, started) = (task.id, task.started);
        let mut last_report = std::mem::take(&mut task.last_report);
        let mut report = |stage: &str, done: u64, total: u64| {
            report_progress(respond, clock, &mut last_report, id, stage, done, total);
        };
        let outcome = self.step_task(task, &mut report);
        match outcome {
            Some(outcome) => respond(&Reply::Done { id, outcome, elapsed_ms: clock() - started }),
            None => {
                if let Some(task) = &mut self.task {
                    task.last_report = last_report;
                }
            }
        }
    }

    /// Forecast (or refresh) the task's next [`FORECAST_STEP`] series; when
    /// all are done, keep the forecasts and plan from them. A cancelled task
    /// plans from the history mean; it keeps whatever forecasts were kept
    /// before, or a refresh's forecasts as far as it got, marked incomplete
    /// so that the next plan refreshes them before using them.
    fn step_task(&mut self, mut task: PlanTask, report: &mut dyn FnMut(&str, u64, u64)) -> Option<Outcome> {
        if task.cancelled {
            if let TaskRun::Refresh(refresh) = task.run {
                self.forecasts = Some(KeptForecasts {
                    today: task.today,
                    inputs: task.inputs,
                    core: task.core,
                    horizons: task.horizons,
                    forecasts: refresh.stop(),
                    complete: false,
                });
            }
            return Some(self.finish_plan(task.today, task.overrides, false, true, None, report));
        }
        let (done, total) = task.run.progress();
        report("Forecasting", done, total);
        let stepped = match &mut task.run {
            TaskRun::Scratch(run) => run.step(&self.workspace, &task.horizons, FORECAST_STEP),
            TaskRun::Refresh(refresh) => refresh.step(&self.workspace, &task.horizons, FORECAST_STEP),
        };
        if let Err(error) = stepped {
            self.forecasts = None;
            let why = format!("Forecasting failed ({error}); this plan uses the history mean.");
            return Some(self.finish_plan(task.today, task.overrides, false, false, Some(why), report));
        }
        if !task.run.is_finished() {
            self.task = Some(task);
            return None;
        }
        let (_, total) = task.run.progress();
        report("Forecasting", total, total);
        let forecasts = match task.run {
            TaskRun::Scratch(run) => run.finish(&self.workspace),
            TaskRun::Refresh(refresh) => refresh.finish(&self.workspace).1,
        };
        self.forecasts = Some(KeptForecasts {
            today: task.today,
            inputs: task.inputs,
            core: task.core,
            horizons: task.horizons,
            forecasts,
            complete: true,
        });
        // A save that went first may have brought newer tables mid-way: the
        // forecasts are refreshed to them (at once when nothing changed).
        self.start_plan(task.id, task.started, task.today, task.overrides, Forecasting::AsSettingsSay, report)
    }

    /// Plan from the kept forecasts (`with_forecasts`) or from the history
    /// mean, keep the plan and the overrides here, and answer with the
    /// page's compact rows.
    fn finish_plan(
        &mut self,
        today: NaiveDate,
        overrides: Vec<OverrideEntry>,
        with_forecasts: bool,
        paused: bool,
        forecast_error: Option<String>,
        report: &mut dyn FnMut(&str, u64, u64),
    ) -> Outcome {
        let mut planning = |done: usize, total: usize| report("Planning", done as u64, total as u64);
        let forecasts = self.forecasts.as_ref().filter(|_| with_forecasts).map(|kept| &kept.forecasts);
        let plan = match forecasts {
            Some(forecasts) => engine::forecast::plan_with_forecasts(&self.workspace, today, forecasts, &mut planning),
            None => engine::plan::plan(&self.workspace, today, &mut planning),
        };
        self.overrides = overrides;
        let mut view = plan_summary::view(&self.workspace, &plan, &self.overrides);
        view.forecast = forecasts.map(|forecasts| plan_summary::ForecastOverview::of(forecasts));
        view.forecast_error = forecast_error.or_else(|| {
            paused.then(|| {
                "Forecasting was cancelled, so this plan uses the history mean until you forecast again.".into()
            })
        });
        view.forecast_paused = paused;
        self.plan = Some(plan);
        Outcome::Plan(Box::new(view))
    }

    /// Whether the workspace, but for its demand and forecast inputs, is
    /// still `core` (compared in place: no copy of the tables).
    fn same_core(&mut self, core: &Workspace) -> bool {
        let demand = std::mem::take(&mut self.workspace.demand);
        let inputs = ForecastInputs::take(&mut self.workspace);
        let same = self.workspace == *core;
        self.workspace.demand = demand;
        inputs.put(&mut self.workspace);
        same
    }

    /// The forecast of `sku` at each of its locations, as the last plan used it.
    fn forecast_detail(&self, sku: &engine::SkuId) -> Outcome {
        let Some(KeptForecasts { forecasts, .. }) = self.forecasts.as_ref().filter(|kept| kept.complete) else {
            return Outcome::Forecasts(Vec::new());
        };
        Outcome::Forecasts(
            forecasts
                .iter()
                .filter(|forecast| forecast.sku == *sku)
                .map(|forecast| engine::forecast::forecast_detail(&self.workspace, forecast))
                .collect(),
        )
    }

    /// Apply new overrides to the kept plan without planning again.
    fn reprice(&mut self, overrides: Vec<OverrideEntry>) -> Outcome {
        self.overrides = overrides;
        match &self.plan {
            Some(plan) => Outcome::Plan(Box::new(plan_summary::view(&self.workspace, plan, &self.overrides))),
            None => Outcome::NoPlan,
        }
    }

    /// One SKU's full lines (at `location`, or everywhere) and the reasons
    /// it could not be planned, overrides applied.
    fn plan_lines(&self, sku: &engine::SkuId, location: Option<&engine::LocationId>) -> Outcome {
        let Some(plan) = &self.plan else {
            return Outcome::NoPlan;
        };
        let wanted =
            |s: &engine::SkuId, l: Option<&engine::LocationId>| s == sku && location.is_none_or(|want| l == Some(want));
        let lines = plan
            .lines
            .iter()
            .filter(|line| wanted(&line.sku, Some(&line.location)))
            .map(|line| plan_summary::effective_line(&self.workspace, plan, line, &self.overrides))
            .collect();
        let unplannable = plan.unplannable.iter().filter(|u| wanted(&u.sku, u.location.as_ref())).cloned().collect();
        Outcome::Lines { lines, unplannable }
    }

    /// The suggested orders of the chosen lines (or of every line) as CSV,
    /// overrides applied; lines that order nothing are left out.
    fn export_plan(
        &self,
        keys: Option<&[(engine::SkuId, engine::LocationId)]>,
        file: PlanFile,
        report: &mut dyn FnMut(&str, u64, u64),
    ) -> Outcome {
        let chosen =
            |line: &PlanLine| keys.is_none_or(|keys| keys.iter().any(|(s, l)| *s == line.sku && *l == line.location));
        let Some(mut subset) = self.effective_plan(chosen) else {
            return Outcome::NoPlan;
        };
        subset.lines.retain(|line| line.order.is_some());
        let workspace = engine::persist::core_of(&self.workspace);
        let job = match file {
            PlanFile::Csv => files::Job::ExportPlan { plan: subset, workspace },
            PlanFile::Xlsx => files::Job::ExportPlanXlsx { plan: subset, workspace },
        };
        let outcome = self.files(job, report);
        self.not_files(outcome)
    }

    /// Draft purchase orders for the chosen lines of the kept plan, with the
    /// buyers' overrides applied (the quantities and suppliers the plan page
    /// shows).
    fn draft_orders(
        &self,
        keys: Vec<(engine::SkuId, engine::LocationId)>,
        at: chrono::NaiveDateTime,
        role: &str,
    ) -> Outcome {
        let chosen = |line: &PlanLine| keys.iter().any(|(s, l)| *s == line.sku && *l == line.location);
        let Some(subset) = self.effective_plan(chosen) else {
            return Outcome::NoPlan;
        };
        let today = subset.today;
        let selection = engine::purchasing::Selection::Lines(keys);
        Outcome::Drafts(
            engine::purchasing::draft_purchase_orders(&self.workspace, &subset, &selection, today, at, role)
                .map(|drafts| drafts.orders.into_iter().map(|drafted| drafted.order).collect())
                .map_err(|error| error.to_string()),
        )
    }

    /// The kept plan with the buyers' overrides applied, every line, and
    /// the suggestions split by what each family's budget has left.
    fn within_budget(&self) -> Outcome {
        let Some(effective) = self.effective_plan(|_| true) else {
            return Outcome::NoPlan;
        };
        Outcome::WithinBudget(
            engine::purchasing::buying_within_budget(&self.workspace, &effective, effective.today)
                .map_err(|error| error.to_string()),
        )
    }

    /// The kept plan's lines that `keep` chooses, with the buyers' overrides
    /// applied (the quantities and suppliers the plan page shows), as a plan
    /// of their own without its unplannable and expiring items; `None`
    /// before the first plan.
    fn effective_plan(&self, keep: impl Fn(&PlanLine) -> bool) -> Option<Plan> {
        let plan = self.plan.as_ref()?;
        Some(Plan {
            today: plan.today,
            base_currency: plan.base_currency.clone(),
            lines: plan
                .lines
                .iter()
                .filter(|line| keep(line))
                .map(|line| plan_summary::effective_line(&self.workspace, plan, line, &self.overrides))
                .collect(),
            unplannable: Vec::new(),
            expiring: Vec::new(),
            supplier_performance: Vec::new(),
        })
    }

    /// Put a whole new workspace in place and hand it to the page.
    fn replace(&mut self, workspace: Workspace) -> Outcome {
        self.workspace = workspace;
        self.demand_chunks = None;
        self.forecasts = None;
        self.plan = None;
        Outcome::Workspace {
            core: engine::persist::core_of(&self.workspace),
            demand: Some(self.workspace.demand.clone()),
            summary: None,
        }
    }

    /// The chunks of the workspace for saving, with the bytes of those not in
    /// `stored`; demand chunks are encoded once per demand history.
    fn encode(&mut self, stored: &[String]) -> Outcome {
        let workspace = &self.workspace;
        let demand = self.demand_chunks.get_or_insert_with(|| engine::persist::encode_demand(&workspace.demand));
        let core = engine::persist::encode_core(workspace);
        let stored: HashSet<&str> = stored.iter().map(String::as_str).collect();
        let refs = std::iter::once(&core).chain(demand.iter()).map(engine::persist::Chunk::as_ref).collect();
        let new_chunks =
            std::iter::once(&core).chain(demand.iter()).filter(|c| !stored.contains(c.key.as_str())).cloned().collect();
        Outcome::Encoded { refs, new_chunks }
    }
}

/// Serve requests in the worker; the program's `main` calls this and nothing
/// else when it runs as the worker.
pub fn register() {
    let worker = std::rc::Rc::new(RefCell::new(EngineWorker::new(now_ms)));
    let arriving = std::rc::Rc::clone(&worker);
    crate::bridge::serve(
        move |request: Request| arriving.borrow_mut().arrive(request),
        move |respond: &dyn Fn(&Reply)| worker.borrow_mut().work(respond),
        |request: &Request| files_module::needs(&request.job).then(files_module::load).flatten(),
    );
}

// ---- the page's side -------------------------------------------------------

struct Pending {
    on_progress: Box<dyn Fn(Progress)>,
    done: oneshot::Sender<(Outcome, f64)>,
}

struct Client {
    next_id: Cell<u64>,
    pending: RefCell<HashMap<u64, Pending>>,
    /// The demand revision the worker holds (`None` after a restart: the next
    /// request carries the whole history again).
    demand_rev: Cell<Option<u64>>,
}

thread_local! {
    static CLIENT: std::rc::Rc<Client> = {
        crate::bridge::set_client(
            |bytes| match crate::bridge::decode::<Reply>(&bytes) {
                Some(reply) => CLIENT.with(|client| client.deliver(reply)),
                None => crate::bridge::fail_current("one of its replies could not be read".into()),
            },
            || CLIENT.with(|client| {
                // Dropping the senders resolves every waiting future to `WorkerGone`.
                let pending = std::mem::take(&mut *client.pending.borrow_mut());
                drop(pending);
                client.demand_rev.set(None);
            }),
        );
        std::rc::Rc::new(Client { next_id: Cell::new(1), pending: RefCell::new(HashMap::new()), demand_rev: Cell::new(None) })
    };
}

/// Whether this instance of the program runs in a worker rather than the page.
pub fn in_worker() -> bool {
    !js_sys::Reflect::has(&js_sys::global(), &JsValue::from_str("document")).unwrap_or(false)
}

fn client() -> std::rc::Rc<Client> {
    CLIENT.with(std::rc::Rc::clone)
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
fn run_job(
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
    send(&client, Request { id, core: Some(engine::persist::core_of(workspace)), demand, job }, Box::new(on_progress))
}

/// Run `job` against what the worker already holds (the kept plan, or a job
/// that replaces the workspace anyway).
fn ask(
    job: Job,
    on_progress: impl Fn(Progress) + 'static,
) -> impl std::future::Future<Output = Result<(Outcome, f64), WorkerGone>> + 'static {
    let client = client();
    let id = client.next_id.get();
    client.next_id.set(id + 1);
    send(&client, Request { id, core: None, demand: None, job }, Box::new(on_progress))
}

/// Send `job` with no answer expected (a cancel); nothing happens when the
/// worker is down.
fn tell(job: Job) {
    let client = client();
    let id = client.next_id.get();
    client.next_id.set(id + 1);
    let _ = crate::bridge::send(crate::bridge::encode(&Request { id, core: None, demand: None, job }));
}

/// Hand one request to the bridge; its future resolves to `WorkerGone` when
/// the worker is down or fails before answering.
fn send(
    client: &Client,
    request: Request,
    on_progress: Box<dyn Fn(Progress)>,
) -> impl std::future::Future<Output = Result<(Outcome, f64), WorkerGone>> + 'static {
    let (done, receiver) = oneshot::channel();
    let id = request.id;
    client.pending.borrow_mut().insert(id, Pending { on_progress, done });
    if crate::bridge::send(crate::bridge::encode(&request)).is_err() {
        client.pending.borrow_mut().remove(&id);
        client.demand_rev.set(None);
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The workspace crosses bincode between the page and the worker: a
    /// saved mapping preset (its spec has internally tagged enums) must come
    /// back whole, or a restored backup with presets breaks the worker.
    #[test]
    fn a_workspace_with_a_mapping_preset_crosses_bincode() {
        use engine::io::mapping::{
            Delimiter, Encoding, FieldMapping, FileFormat, MappingPreset, MappingSpec, NumberFormat, Source, Transform,
        };
        let format = FileFormat {
            encoding: Encoding::Utf8,
            delimiter: Delimiter::Comma,
            numbers: NumberFormat::PLAIN,
            date_order: None,
        };
        let fields = vec![
            FieldMapping {
                field: "sku_id".into(),
                source: Source::Column { column: "Artikel".into(), transform: Transform::None },
            },
            FieldMapping { field: "location_id".into(), source: Source::Constant { value: "AMS".into() } },
            FieldMapping {
                field: "quantity".into(),
                source: Source::Column { column: "Menge".into(), transform: Transform::Number },
            },
        ];
        let preset = MappingPreset {
            name: "Lager".into(),
            spec: MappingSpec::new(engine::io::Table::StockLots, format, fields),
        };
        let mut workspace = Workspace::default();
        engine::integrity::save_mapping_preset(&mut workspace, preset).unwrap();
        let bytes = bincode::serialize(&workspace).unwrap();
        let back: Workspace = bincode::deserialize(&bytes).expect("the workspace comes back");
        assert_eq!(
            back.mapping_presets.iter().collect::<Vec<_>>(),
            workspace.mapping_presets.iter().collect::<Vec<_>>()
        );
    }

    fn restore(bytes: Vec<u8>) -> Outcome {
        EngineWorker::new(|| 0.0).run(Job::RestoreJson { bytes }, &mut |_, _, _| {})
    }

    fn refusal(outcome: Outcome) -> String {
        match outcome {
            Outcome::Refused { problems, total } => {
                assert_eq!(total, 1, "{problems:?}");
                assert_eq!(problems[0].file, engine::io::JSON_FILE);
                problems[0].reason.clone()
            }
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    /// The first week's forecast of `sku` at `location` after planning.
    fn first_week(worker: &mut EngineWorker, today: NaiveDate, sku: &engine::SkuId, location: &str) -> f64 {
        let job = Job::Plan { today, overrides: Vec::new(), forecasting: Forecasting::AsSettingsSay };
        assert!(matches!(worker.run(job, &mut |_, _, _| {}), Outcome::Plan(_)));
        match worker.run(Job::ForecastDetail { sku: sku.clone() }, &mut |_, _, _| {}) {
            Outcome::Forecasts(details) => {
                details.iter().find(|d| d.location.as_str() == location).expect("a forecast there").forecast[0]
            }
            other => panic!("expected forecasts, got {other:?}"),
        }
    }

    /// The defect: the worker kept its forecasts for as long as the demand
    /// history stayed the same, so a promotion (or pin, override, launch)
    /// imported afterwards never reached the plan. A promotion doubling the
    /// next weeks must double the first week's forecast on the next plan.
    #[test]
    fn a_new_promotion_reaches_the_next_plan_without_a_demand_change() {
        let today: NaiveDate = "2025-03-03".parse().unwrap();
        let mut worker = EngineWorker::new(|| 0.0);
        worker.workspace = engine::sample::demo(today);
        let (sku, location) = worker
            .workspace
            .demand
            .series
            .iter()
            .find(|s| s.total() > 0.0)
            .map(|s| (s.key.sku.clone(), s.key.location.to_string()))
            .unwrap();
        let before = first_week(&mut worker, today, &sku, &location);
        assert!(before > 0.0);
        let mut promotions = worker.workspace.promotions.to_vec();
        promotions.push(engine::Promotion {
            id: engine::PromotionId::new("P-TEST"),
            scope: engine::ForecastScope::Sku(sku.clone()),
            location: None,
            start: today,
            end: today + chrono::Days::new(27),
            uplift: engine::Uplift::Factor(2.0),
            note: String::new(),
        });
        worker.workspace.promotions = engine::Sorted::from_vec(promotions);
        let after = first_week(&mut worker, today, &sku, &location);
        assert!((after - 2.0 * before).abs() < 1e-9 * before.max(1.0), "{before} → {after}");
    }

    /// Recurring drafts take their order-up-to lines from the kept plan: with
    /// none yet, those lines are left out saying so (the page waits for the
    /// plan for that reason); once planned, they are priced from it.
    #[test]
    fn recurring_drafts_read_the_kept_plan() {
        let today: NaiveDate = "2025-03-03".parse().unwrap();
        let at = today.and_hms_opt(9, 0, 0).unwrap();
        let mut worker = EngineWorker::new(|| 0.0);
        worker.workspace = engine::sample::demo(today);
        worker.workspace.recurring_orders.modify(0, |order| {
            order.start = today;
            order.last_generated = None;
        });
        let generate = |worker: &mut EngineWorker| match worker
            .run(Job::GenerateRecurring { today, at, role: "Buyer".into() }, &mut |_, _, _| {})
        {
            Outcome::Recurring(Ok(generated)) => generated,
            other => panic!("expected recurring drafts, got {other:?}"),
        };
        let unplanned = generate(&mut worker);
        assert_eq!(unplanned.drafts.len(), 1);
        let reasons: Vec<_> = unplanned.drafts[0].left_out.iter().map(|left| left.reason.clone()).collect();
        assert_eq!(reasons, [engine::purchasing::LineRefusal::NoPlan]);
        assert_eq!(unplanned.orders().map(|order| order.lines.len()).sum::<usize>(), 1, "the fixed line");

        let job = Job::Plan { today, overrides: Vec::new(), forecasting: Forecasting::AsSettingsSay };
        assert!(matches!(worker.run(job, &mut |_, _, _| {}), Outcome::Plan(_)));
        let planned = generate(&mut worker);
        let draft = &planned.drafts[0];
        assert!(
            draft
                .left_out
                .iter()
                .all(|left| matches!(left.reason, engine::purchasing::LineRefusal::NothingToOrder { .. })),
            "{:?}",
            draft.left_out
        );
        assert_eq!(draft.order.as_ref().map_or(0, |order| order.lines.len()) + draft.left_out.len(), 2);
        assert_eq!(planned.last_generated.len(), 1);
    }

    /// Replies sent while `work` runs, as (request id, finished?, outcome).
    #[derive(Default)]
    struct Replies(RefCell<Vec<Reply>>);

    impl Replies {
        fn work(&self, worker: &mut EngineWorker) -> bool {
            worker.work(&|reply: &Reply| self.0.borrow_mut().push(reply.clone()))
        }

        /// The ids of the requests answered so far, in order.
        fn done(&self) -> Vec<u64> {
            self.0.borrow().iter().filter_map(|r| matches!(r, Reply::Done { .. }).then_some(r.id())).collect()
        }

        fn outcome(&self, id: u64) -> Outcome {
            self.0
                .borrow()
                .iter()
                .find_map(|r| match r {
                    Reply::Done { id: done, outcome, .. } if *done == id => Some(outcome.clone()),
                    _ => None,
                })
                .unwrap_or_else(|| panic!("request {id} has no answer"))
        }
    }

    impl Reply {
        fn id(&self) -> u64 {
            match self {
                Reply::Progress { id, .. } | Reply::Done { id, .. } => *id,
            }
        }
    }

    fn today() -> NaiveDate {
        "2025-03-03".parse().unwrap()
    }

    /// A request as the page sends it: the workspace's small tables, and the
    /// demand when `with_demand`.
    fn request(id: u64, workspace: &Workspace, with_demand: bool, job: Job) -> Request {
        let demand = with_demand.then(|| (1, workspace.demand.clone()));
        Request { id, core: Some(engine::persist::core_of(workspace)), demand, job }
    }

    fn plan_job(forecasting: Forecasting) -> Job {
        Job::Plan { today: today(), overrides: Vec::new(), forecasting }
    }

    fn view(outcome: Outcome) -> PlanView {
        match outcome {
            Outcome::Plan(view) => *view,
            other => panic!("expected a plan, got {other:?}"),
        }
    }

    /// The page's Cancel reaches the worker between two forecasting steps:
    /// the plan waiting for the forecasts answers from the history mean and
    /// says so, and nothing half-forecast is kept. A save that arrives
    /// during the forecasting is answered before the next step (it only
    /// reads the workspace); one that brings new demand waits its turn.
    #[test]
    fn a_cancel_between_forecasting_steps_plans_from_history_and_a_save_goes_first() {
        let workspace = engine::sample::demo(today());
        let series = engine::forecast::weekly_series_by_location(&workspace.demand, today()).len();
        assert!(series > 2 * FORECAST_STEP, "{series} series: the forecasting takes several steps");
        let mut worker = EngineWorker::new(|| 0.0);
        let replies = Replies::default();
        worker.arrive(request(1, &workspace, true, plan_job(Forecasting::AsSettingsSay)));
        assert!(replies.work(&mut worker), "the plan starts forecasting");
        worker.arrive(request(2, &workspace, false, Job::Encode { stored: Vec::new() }));
        worker.arrive(request(3, &workspace, true, Job::Encode { stored: Vec::new() }));
        assert!(replies.work(&mut worker));
        assert_eq!(replies.done(), vec![2], "the save without new demand goes first");
        assert!(worker.task.is_some(), "the forecasting is still under way");
        assert!(replies.work(&mut worker), "one step of the forecasting");
        assert_eq!(replies.done(), vec![2], "the save with new demand waits");

        worker.arrive(Request { id: 4, core: None, demand: None, job: Job::CancelForecasting });
        assert!(replies.work(&mut worker), "the second save is still waiting");
        assert_eq!(replies.done(), vec![2, 1]);
        let plan = view(replies.outcome(1));
        assert!(plan.forecast_paused && plan.forecast.is_none());
        assert!(plan.forecast_error.as_deref().is_some_and(|e| e.contains("cancelled")), "{:?}", plan.forecast_error);
        let kept = worker.plan.as_ref().unwrap();
        let sources = kept.lines.iter().filter_map(|line| line.demand.as_ref()).map(|d| d.source);
        assert!(sources.into_iter().all(|source| source == engine::plan::DemandSource::History));
        assert!(worker.forecasts.is_none() && worker.task.is_none());

        assert!(!replies.work(&mut worker), "nothing left after the second save");
        assert_eq!(replies.done(), vec![2, 1, 3]);
        assert!(matches!(replies.outcome(2), Outcome::Encoded { .. }));
        assert!(matches!(replies.outcome(3), Outcome::Encoded { .. }));
    }

    /// A save does not go ahead of a request that brings new demand: the
    /// page counts that demand as the worker's once sent, so the save (sent
    /// after it, without demand) would store the old history.
    #[test]
    fn a_save_does_not_overtake_new_demand() {
        let workspace = engine::sample::demo(today());
        let mut worker = EngineWorker::new(|| 0.0);
        let replies = Replies::default();
        worker.arrive(request(1, &workspace, true, plan_job(Forecasting::AsSettingsSay)));
        assert!(replies.work(&mut worker), "the plan starts forecasting");
        worker.arrive(request(2, &workspace, true, Job::Encode { stored: Vec::new() }));
        worker.arrive(request(3, &workspace, false, Job::Encode { stored: Vec::new() }));
        assert!(replies.work(&mut worker));
        assert!(replies.done().is_empty(), "no save went first");
        while replies.work(&mut worker) {}
        assert_eq!(replies.done(), vec![1, 2, 3]);
    }

    /// A save that goes first brings a new pin in the middle of the
    /// forecasting: the forecasts the plan keeps follow the pin, and when the
    /// pin is taken away again the next plan forecasts that SKU as before.
    #[test]
    fn tables_that_change_mid_forecast_are_forecast_from_and_kept_track_of() {
        let before = engine::sample::demo(today());
        let mut worker = EngineWorker::new(|| 0.0);
        let replies = Replies::default();
        worker.arrive(request(1, &before, true, plan_job(Forecasting::AsSettingsSay)));
        assert!(replies.work(&mut worker), "the plan starts forecasting");
        assert!(replies.work(&mut worker), "one step");
        let sku = engine::forecast::weekly_series_by_location(&before.demand, today())
            .into_iter()
            .find(|(_, _, weeks)| weeks.values.len() > 60)
            .map(|(sku, _, _)| sku)
            .unwrap();
        let mut pinned = before.clone();
        pinned.forecast_pins = engine::Sorted::from_vec(vec![engine::ForecastPin {
            scope: engine::ForecastScope::Sku(sku.clone()),
            model: engine::ForecastModel::Naive,
            season_weeks: None,
        }]);
        worker.arrive(request(2, &pinned, false, Job::Encode { stored: Vec::new() }));
        while replies.work(&mut worker) {}
        assert_eq!(replies.done(), vec![2, 1]);
        let models = |worker: &EngineWorker| -> Vec<&'static str> {
            let kept = &worker.forecasts.as_ref().unwrap().forecasts;
            kept.iter().filter(|f| f.sku == sku).map(|f| f.auto.model.name()).collect()
        };
        assert!(models(&worker).iter().all(|m| *m == "naive"), "{:?}", models(&worker));

        worker.arrive(request(3, &before, false, plan_job(Forecasting::AsSettingsSay)));
        while replies.work(&mut worker) {}
        assert!(models(&worker).iter().all(|m| *m != "naive"), "{:?}", models(&worker));
    }

    /// A plan still queued when the cancel arrives does not forecast either.
    #[test]
    fn a_cancel_pauses_a_plan_still_waiting_its_turn() {
        let workspace = engine::sample::demo(today());
        let mut worker = EngineWorker::new(|| 0.0);
        let replies = Replies::default();
        worker.arrive(request(1, &workspace, true, Job::Encode { stored: Vec::new() }));
        worker.arrive(request(2, &workspace, false, plan_job(Forecasting::AsSettingsSay)));
        worker.arrive(Request { id: 3, core: None, demand: None, job: Job::CancelForecasting });
        while replies.work(&mut worker) {}
        assert_eq!(replies.done(), vec![1, 2]);
        let plan = view(replies.outcome(2));
        assert!(plan.forecast_paused && plan.forecast.is_none());
    }

    /// Without a cancel the stepped forecasting ends in a plan from the
    /// forecasts; planning again with nothing changed needs no step, and a
    /// new pin is forecast again at once (a refresh, not a task) and used.
    #[test]
    fn stepped_forecasts_are_kept_and_a_pin_refreshes_them_without_a_new_task() {
        let mut workspace = engine::sample::demo(today());
        let mut worker = EngineWorker::new(|| 0.0);
        let replies = Replies::default();
        worker.arrive(request(1, &workspace, true, plan_job(Forecasting::AsSettingsSay)));
        let mut steps = 0;
        while replies.work(&mut worker) {
            steps += 1;
        }
        assert!(steps >= 3, "{steps} steps");
        let plan = view(replies.outcome(1));
        assert!(plan.forecast.is_some() && !plan.forecast_paused);

        worker.arrive(request(2, &workspace, false, plan_job(Forecasting::AsSettingsSay)));
        assert!(!replies.work(&mut worker), "answered in one piece");
        assert!(view(replies.outcome(2)).forecast.is_some());

        let sku = worker
            .forecasts
            .as_ref()
            .unwrap()
            .forecasts
            .iter()
            .find(|f| f.weeks.values.len() > 60)
            .unwrap()
            .sku
            .clone();
        workspace.forecast_pins = engine::Sorted::from_vec(vec![engine::ForecastPin {
            scope: engine::ForecastScope::Sku(sku.clone()),
            model: engine::ForecastModel::Naive,
            season_weeks: None,
        }]);
        worker.arrive(request(3, &workspace, false, plan_job(Forecasting::AsSettingsSay)));
        assert!(!replies.work(&mut worker), "a pin is a refresh, answered in one piece");
        assert!(view(replies.outcome(3)).forecast.is_some());
        let pinned = worker.forecasts.as_ref().unwrap().forecasts.iter().filter(|f| f.sku == sku);
        for forecast in pinned {
            assert_eq!(forecast.auto.model.name(), "naive", "{} at {}", forecast.sku, forecast.location);
        }
    }

    /// A clock that moves 100 ms every time it is read, so every progress
    /// report reaches the page.
    fn ticking() -> f64 {
        thread_local!(static NOW: Cell<f64> = const { Cell::new(0.0) });
        NOW.with(|now| {
            now.set(now.get() + 100.0);
            now.get()
        })
    }

    /// The defect: refreshing the kept forecasts after a change ran in one
    /// piece, so a change that reaches every series (here every SKU pinned;
    /// a family pin or a setting that moves the backtest horizons does the
    /// same) kept a 10,000-SKU workspace's buyer waiting with no Cancel that
    /// could act. Now the refresh is stepped like forecasting from scratch:
    /// its progress says "Forecasting" (the page's progress line and Cancel),
    /// a cancel between steps plans from the history mean, the half-refreshed
    /// forecasts are neither planned from nor shown, and "Forecast again"
    /// refreshes them to what forecasting the pinned workspace from scratch
    /// gives.
    #[test]
    fn a_refresh_of_many_series_is_stepped_and_can_be_cancelled_between_steps() {
        let mut workspace = engine::sample::demo(today());
        let mut worker = EngineWorker::new(ticking);
        let replies = Replies::default();
        worker.arrive(request(1, &workspace, true, plan_job(Forecasting::AsSettingsSay)));
        while replies.work(&mut worker) {}
        assert!(view(replies.outcome(1)).forecast.is_some());

        let kept = &worker.forecasts.as_ref().unwrap().forecasts;
        let series = engine::forecast::weekly_series_by_location(&workspace.demand, today()).len();
        assert!(series > 2 * FORECAST_STEP, "{series} series: the refresh takes several steps");
        let mut skus: Vec<engine::SkuId> = kept.iter().map(|f| f.sku.clone()).collect();
        skus.dedup();
        let pin = |sku: &engine::SkuId| engine::ForecastPin {
            scope: engine::ForecastScope::Sku(sku.clone()),
            model: engine::ForecastModel::Naive,
            season_weeks: None,
        };
        workspace.forecast_pins = engine::Sorted::from_vec(skus.iter().map(pin).collect());
        let sku = skus[0].clone();

        worker.arrive(request(2, &workspace, false, plan_job(Forecasting::AsSettingsSay)));
        assert!(replies.work(&mut worker), "the refresh is not done in one piece");
        assert!(!replies.done().contains(&2), "the plan waits for the refresh");
        assert!(worker.task.is_some());
        let progress: Vec<Progress> = replies
            .0
            .borrow()
            .iter()
            .filter_map(|r| match r {
                Reply::Progress { id: 2, progress } => Some(progress.clone()),
                _ => None,
            })
            .collect();
        let last = progress.last().expect("the refresh reports progress");
        assert_eq!(last.stage, "Forecasting");
        assert_eq!(last.total, series as u64, "every series is chosen again");
        assert!(last.done < last.total, "{last:?}");

        worker.arrive(Request { id: 3, core: None, demand: None, job: Job::CancelForecasting });
        assert!(!replies.work(&mut worker), "the cancel ends it");
        let plan = view(replies.outcome(2));
        assert!(plan.forecast_paused && plan.forecast.is_none());
        assert!(plan.forecast_error.as_deref().is_some_and(|e| e.contains("cancelled")), "{:?}", plan.forecast_error);
        let lines = &worker.plan.as_ref().unwrap().lines;
        let sources = lines.iter().filter_map(|line| line.demand.as_ref()).map(|d| d.source);
        assert!(sources.into_iter().all(|source| source == engine::plan::DemandSource::History));
        match worker.run(Job::ForecastDetail { sku: sku.clone() }, &mut |_, _, _| {}) {
            Outcome::Forecasts(details) => assert!(details.is_empty(), "half-refreshed forecasts are not shown"),
            other => panic!("expected forecasts, got {other:?}"),
        }

        worker.arrive(request(4, &workspace, false, plan_job(Forecasting::AsSettingsSay)));
        while replies.work(&mut worker) {}
        assert!(view(replies.outcome(4)).forecast.is_some(), "forecast again: planned from the forecasts");
        let horizons = engine::forecast::backtest_horizons(&worker.workspace, today());
        let horizon = engine::forecast::PLANNING_HORIZON_WEEKS;
        let fresh = engine::forecast::forecast_workspace(&worker.workspace, today(), horizon, &horizons).unwrap();
        assert!(worker.forecasts.as_ref().unwrap().forecasts == fresh, "the refreshed forecasts are those of the pins");
        assert!(fresh.iter().any(|f| f.sku == sku && f.auto.model.name() == "naive"));
    }

    #[test]
    fn a_backup_in_a_legacy_encoding_is_refused_with_the_engines_advice() {
        // "Café" saved as Windows-1252: the é is the single byte 0xE9, on line 3.
        let reason = refusal(restore(b"{\n  \"schema_version\": 1,\n  \"name\": \"Caf\xE9\"\n}".to_vec()));
        assert!(reason.contains("line 3 has the byte 0xE9"), "{reason}");
        assert!(reason.contains("save the file as UTF-8 and load it again"), "{reason}");
    }

    #[test]
    fn a_backup_saved_as_utf16_is_refused_with_the_engines_advice() {
        let utf16: Vec<u8> = "\u{feff}{\"schema_version\": 1}".encode_utf16().flat_map(u16::to_le_bytes).collect();
        let reason = refusal(restore(utf16));
        assert!(reason.contains("saved as UTF-16"), "{reason}");
        assert!(reason.contains("save it as UTF-8 and load it again"), "{reason}");
    }

    #[test]
    fn a_utf8_backup_with_a_byte_order_mark_restores() {
        let mut workspace = Workspace::default();
        workspace.settings.base_currency = engine::Currency::new("USD");
        let bytes = [b"\xEF\xBB\xBF".as_slice(), engine::io::to_json(&workspace).as_bytes()].concat();
        match restore(bytes) {
            Outcome::Workspace { core, demand, summary: None } => {
                assert_eq!(core, engine::persist::core_of(&workspace));
                assert_eq!(demand, Some(workspace.demand));
            }
            other => panic!("expected the restored workspace, got {other:?}"),
        }
    }
}
