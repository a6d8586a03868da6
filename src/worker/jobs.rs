//! The page's calls to the worker, one function per job, each answering with
//! its own type. A caller cannot send one job and read another's answer, nor
//! forget a case: the raw `run_job`/`ask` and the `Outcome` enum behind them
//! are private to `worker`, and only these functions unpack them.
//!
//! Each function sends at once (borrowing the workspace only for that) and
//! returns a future of the answer. `JobError` says why there is none: the
//! worker stopped, or (a bug) it answered with an outcome of another job.

pub use super::PlanFile;
use super::{ask, run_job, tell, ExportFile, Forecasting, Job, Outcome, Progress};
use crate::plan_summary::{OverrideEntry, PlanView};
use chrono::NaiveDate;
use engine::io::mapping::{MappedTableReport, MappingSpec, PresetOptions, Proposal};
use engine::io::{ImportFile, ImportSummary, Table};
use engine::persist::{Chunk, ChunkRef, Manifest};
use engine::plan::{BenchReport, PlanLine, Unplannable};
use engine::{DemandHistory, LocationId, Problem, SkuId, Workspace};
pub use files::{BuiltinOffer, FileLocation, ForeignFile, MappingPreview, ToMap};
use std::future::Future;

/// Why a job has no answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JobError {
    /// The worker crashed or could not load (the page's banner says so).
    Stopped,
    /// The worker answered with another job's outcome: a bug, never expected.
    Unexpected(&'static str),
}

impl std::fmt::Display for JobError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            JobError::Stopped => f.write_str("the background worker stopped (see the message at the top)"),
            JobError::Unexpected(job) => write!(f, "the background worker gave an answer that does not fit {job}"),
        }
    }
}

/// An input the engine refused; the workspace is unchanged.
#[derive(Clone, Debug)]
pub struct Refusal {
    pub problems: Vec<Problem>,
    pub total: usize,
    pub elapsed_ms: f64,
}

/// An import the engine accepted.
#[derive(Clone, Debug)]
pub struct Imported {
    /// Every table but demand.
    pub core: Workspace,
    /// The new demand history, when the import changed it.
    pub demand: Option<DemandHistory>,
    pub summary: ImportSummary,
    /// Files of the batch that are not one of the tables, left for the
    /// mapping step, each with its proposed mapping.
    pub to_map: Vec<ToMap>,
    /// For a mapped import: one report per table it filled (rows skipped
    /// and combined, values assumed, fields left to their defaults).
    pub reports: Vec<MappedTableReport>,
    pub elapsed_ms: f64,
}

/// What a batch of files came to.
// One value per answer, matched at once: boxing the workspace would save nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug)]
pub enum Batch {
    /// The batch's own tables were imported (the rest, if any, is to map).
    Imported(Imported),
    /// No file was one of the tables: nothing changed, every file is to map.
    ToMap(Vec<ToMap>),
}

/// What a save writes: every chunk of the workspace, and the bytes of those not stored yet.
pub struct Encoded {
    pub refs: Vec<ChunkRef>,
    pub new_chunks: Vec<Chunk>,
}

type Answer = Result<(Outcome, f64), super::WorkerGone>;

/// Await `pending` and unpack it with `unpack`, which returns `None` for an
/// outcome that does not belong to `job`.
async fn answer<T>(
    job: &'static str,
    pending: impl Future<Output = Answer>,
    unpack: impl FnOnce(Outcome, f64) -> Option<T>,
) -> Result<T, JobError> {
    let (outcome, elapsed_ms) = pending.await.map_err(|_| JobError::Stopped)?;
    unpack(outcome, elapsed_ms).ok_or(JobError::Unexpected(job))
}

fn whole(core: Workspace, demand: Option<DemandHistory>) -> Workspace {
    let mut workspace = core;
    workspace.demand = demand.unwrap_or_default();
    workspace
}

/// The demo workspace for `today` (the worker keeps it too).
pub fn sample(today: NaiveDate) -> impl Future<Output = Result<Workspace, JobError>> + 'static {
    answer("the sample", ask(Job::Sample { today }, |_| {}), |outcome, _| match outcome {
        Outcome::Workspace { core, demand, .. } => Some(whole(core, demand)),
        _ => None,
    })
}

/// Why a saved workspace was not opened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NotOpened {
    /// What is stored cannot be read (it must then be left untouched).
    Unreadable(String),
    /// The save was not read at all (the files module, which reads it, could
    /// not be loaded): nothing is known to be wrong with it.
    NotNow(String),
}

/// The saved workspace decoded from its chunks, or why not.
pub fn decode(
    manifest: Manifest,
    chunks: Vec<(String, Vec<u8>)>,
) -> impl Future<Output = Result<Result<Workspace, NotOpened>, JobError>> + 'static {
    // Decoding replaces the worker's workspace, so the request carries none.
    answer("opening the save", ask(Job::Decode { manifest, chunks }, |_| {}), |outcome, _| match outcome {
        Outcome::Workspace { core, demand, .. } => Some(Ok(whole(core, demand))),
        Outcome::Unreadable(reason) => Some(Err(NotOpened::Unreadable(reason))),
        Outcome::Refused { problems, .. } => {
            Some(Err(NotOpened::NotNow(problems.first().map(|p| p.reason.clone()).unwrap_or_default())))
        }
        _ => None,
    })
}

fn imported(outcome: Outcome, elapsed_ms: f64) -> Option<Result<Imported, Refusal>> {
    match outcome {
        Outcome::Imported { core, demand, summary, to_map, reports } => {
            Some(Ok(Imported { core, demand, summary, to_map, reports, elapsed_ms }))
        }
        Outcome::Refused { problems, total } => Some(Err(Refusal { problems, total, elapsed_ms })),
        _ => None,
    }
}

/// Check files and merge the ones that are Stockpilot's own tables into
/// `workspace`, all or nothing; the others come back for the mapping step.
pub fn import_csv(
    workspace: &Workspace,
    demand_rev: u64,
    files: Vec<ImportFile>,
    on_progress: impl Fn(Progress) + 'static,
) -> impl Future<Output = Result<Result<Batch, Refusal>, JobError>> + 'static {
    let pending = run_job(workspace, demand_rev, Job::ImportCsv { files }, on_progress);
    answer("a CSV import", pending, |outcome, elapsed_ms| match outcome {
        Outcome::ToMap(to_map) => Some(Ok(Batch::ToMap(to_map))),
        outcome => imported(outcome, elapsed_ms).map(|result| result.map(Batch::Imported)),
    })
}

/// The engine's proposed mapping of `file` to the table `target`.
pub fn propose_mapping(
    file: ForeignFile,
    target: Table,
) -> impl Future<Output = Result<Result<Proposal, Refusal>, JobError>> + 'static {
    answer("a proposed mapping", ask(Job::ProposeMapping { file, target }, |_| {}), |outcome, elapsed_ms| match outcome
    {
        Outcome::Proposed(proposal) => Some(Ok(proposal)),
        Outcome::Refused { problems, total } => Some(Err(Refusal { problems, total, elapsed_ms })),
        _ => None,
    })
}

/// The first rows of `file` mapped by `spec`, checked against `workspace`;
/// `Err` when the files module could not be reached (its reason).
pub fn preview_mapping(
    workspace: &Workspace,
    demand_rev: u64,
    file: ForeignFile,
    spec: MappingSpec,
) -> impl Future<Output = Result<Result<MappingPreview, Refusal>, JobError>> + 'static {
    let pending = run_job(workspace, demand_rev, Job::PreviewMapping { file, spec }, |_| {});
    answer("a mapping preview", pending, |outcome, elapsed_ms| match outcome {
        Outcome::Previewed(preview) => Some(Ok(preview)),
        Outcome::Refused { problems, total } => Some(Err(Refusal { problems, total, elapsed_ms })),
        _ => None,
    })
}

/// Import `file` by `spec` into `workspace`, all or nothing.
pub fn import_mapped(
    workspace: &Workspace,
    demand_rev: u64,
    file: ForeignFile,
    spec: MappingSpec,
    on_progress: impl Fn(Progress) + 'static,
) -> impl Future<Output = Result<Result<Imported, Refusal>, JobError>> + 'static {
    let pending = run_job(workspace, demand_rev, Job::ImportMapped { file, spec }, on_progress);
    answer("a mapped import", pending, imported)
}

/// Import `file` by the built-in preset `preset` (its id) with `options`,
/// every table it fills in one all-or-nothing batch.
pub fn import_builtin(
    workspace: &Workspace,
    demand_rev: u64,
    file: ForeignFile,
    preset: String,
    options: PresetOptions,
    on_progress: impl Fn(Progress) + 'static,
) -> impl Future<Output = Result<Result<Imported, Refusal>, JobError>> + 'static {
    let pending = run_job(workspace, demand_rev, Job::ImportBuiltin { file, preset, options }, on_progress);
    answer("an import by a built-in preset", pending, imported)
}

/// Read a JSON backup (any supported schema version) from its bytes.
pub fn restore_json(
    workspace: &Workspace,
    demand_rev: u64,
    bytes: Vec<u8>,
    on_progress: impl Fn(Progress) + 'static,
) -> impl Future<Output = Result<Result<Workspace, Refusal>, JobError>> + 'static {
    let pending = run_job(workspace, demand_rev, Job::RestoreJson { bytes }, on_progress);
    answer("a restore", pending, |outcome, elapsed_ms| match outcome {
        Outcome::Workspace { core, demand, .. } => Some(Ok(whole(core, demand))),
        Outcome::Refused { problems, total } => Some(Err(Refusal { problems, total, elapsed_ms })),
        _ => None,
    })
}

/// What to export.
pub enum Export {
    Tables(Vec<Table>, files::CsvFor),
    /// Every table, in one ZIP dated `today`.
    AllTables {
        today: NaiveDate,
        csv_for: files::CsvFor,
    },
    /// Tables as one `.xlsx` workbook dated `today`, a sheet per table.
    Workbook {
        tables: Vec<Table>,
        today: NaiveDate,
    },
    JsonBackup,
}

/// Files to download; the inner `Err` says why the engine could not write them.
pub fn export(
    workspace: &Workspace,
    demand_rev: u64,
    what: Export,
) -> impl Future<Output = Result<Result<Vec<ExportFile>, String>, JobError>> + 'static {
    let job = match what {
        Export::Tables(tables, csv_for) => Job::ExportCsv { tables, csv_for },
        Export::AllTables { today, csv_for } => Job::ExportCsvZip { today, csv_for },
        Export::Workbook { tables, today } => Job::ExportXlsx { tables, today },
        Export::JsonBackup => Job::ExportJson,
    };
    answer("an export", run_job(workspace, demand_rev, job, |_| {}), |outcome, _| match outcome {
        Outcome::Files(files) => Some(Ok(files)),
        Outcome::Refused { problems, .. } => {
            Some(Err(problems.iter().map(|p| p.reason.clone()).collect::<Vec<_>>().join("; ")))
        }
        _ => None,
    })
}

/// Cut the workspace into chunks for saving; only chunks not in `stored` come with their bytes.
pub fn encode(
    workspace: &Workspace,
    demand_rev: u64,
    stored: Vec<String>,
) -> impl Future<Output = Result<Encoded, JobError>> + 'static {
    answer("preparing a save", run_job(workspace, demand_rev, Job::Encode { stored }, |_| {}), |outcome, _| {
        match outcome {
            Outcome::Encoded { refs, new_chunks } => Some(Encoded { refs, new_chunks }),
            _ => None,
        }
    })
}

/// Plan as of `today`; the worker keeps the full plan and answers with the page's rows.
pub fn plan(
    workspace: &Workspace,
    demand_rev: u64,
    today: NaiveDate,
    overrides: Vec<OverrideEntry>,
    forecasting: Forecasting,
    on_progress: impl Fn(Progress) + 'static,
) -> impl Future<Output = Result<PlanView, JobError>> + 'static {
    let pending = run_job(workspace, demand_rev, Job::Plan { today, overrides, forecasting }, on_progress);
    answer("planning", pending, |outcome, _| match outcome {
        Outcome::Plan(view) => Some(*view),
        _ => None,
    })
}

/// Stop the forecasting under way: the plan waiting for it answers at once,
/// planned from the history mean (`PlanView::forecast_paused`).
pub fn cancel_forecasting() {
    tell(Job::CancelForecasting);
}

/// Apply changed overrides to the kept plan; `None` when there is no plan yet.
pub fn reprice(overrides: Vec<OverrideEntry>) -> impl Future<Output = Result<Option<PlanView>, JobError>> + 'static {
    answer("re-pricing", ask(Job::Reprice { overrides }, |_| {}), |outcome, _| match outcome {
        Outcome::Plan(view) => Some(Some(*view)),
        Outcome::NoPlan => Some(None),
        _ => None,
    })
}

/// A SKU's full plan lines and the reasons for its unplannable ones.
pub type Lines = (Vec<PlanLine>, Vec<Unplannable>);

/// The full lines of one SKU (at one location or all), overrides applied,
/// with the reasons for unplannable ones; `None` when there is no plan yet.
pub fn plan_lines(
    sku: SkuId,
    location: Option<LocationId>,
) -> impl Future<Output = Result<Option<Lines>, JobError>> + 'static {
    answer("a plan line", ask(Job::PlanLines { sku, location }, |_| {}), |outcome, _| match outcome {
        Outcome::Lines { lines, unplannable } => Some(Some((lines, unplannable))),
        Outcome::NoPlan => Some(None),
        _ => None,
    })
}

/// The suggested orders as CSV (the given lines, or every suggestion); `None`
/// when there is no plan yet.
pub fn export_plan(
    keys: Option<Vec<(SkuId, LocationId)>>,
    file: PlanFile,
) -> impl Future<Output = Result<Option<Vec<ExportFile>>, JobError>> + 'static {
    answer("the plan export", ask(Job::ExportPlan { keys, file }, |_| {}), |outcome, _| match outcome {
        Outcome::Files(files) => Some(Some(files)),
        Outcome::NoPlan => Some(None),
        _ => None,
    })
}

/// The forecasts of one SKU at each location, as the last plan used them
/// (empty when the plan was made from history).
pub fn forecast_detail(
    sku: SkuId,
) -> impl Future<Output = Result<Vec<engine::forecast::ForecastDetail>, JobError>> + 'static {
    answer("the forecast", ask(Job::ForecastDetail { sku }, |_| {}), |outcome, _| match outcome {
        Outcome::Forecasts(details) => Some(details),
        _ => None,
    })
}

/// Draft purchase orders for the given plan lines (overrides applied);
/// `None` when there is no plan yet, `Some(Err(reason))` when the engine
/// refused.
pub fn draft_orders(
    keys: Vec<(SkuId, LocationId)>,
    at: chrono::NaiveDateTime,
    role: String,
) -> impl Future<Output = Result<Option<Result<Vec<engine::PurchaseOrder>, String>>, JobError>> + 'static {
    answer("the draft orders", ask(Job::DraftOrders { keys, at, role }, |_| {}), |outcome, _| match outcome {
        Outcome::Drafts(drafts) => Some(Some(drafts)),
        Outcome::NoPlan => Some(None),
        _ => None,
    })
}

/// The plan's suggestions within each family's remaining budget this
/// month, against `workspace` (its committed spend); `Ok(None)` when there
/// is no plan yet.
pub fn within_budget(
    workspace: &Workspace,
    demand_rev: u64,
) -> impl Future<Output = Result<Option<Result<Vec<engine::purchasing::FamilySelection>, String>>, JobError>> + 'static
{
    let pending = run_job(workspace, demand_rev, Job::WithinBudget, |_| {});
    answer("the selection within budget", pending, |outcome, _| match outcome {
        Outcome::WithinBudget(selection) => Some(Some(selection)),
        Outcome::NoPlan => Some(None),
        _ => None,
    })
}

/// Draft purchase orders for the recurring orders of `workspace` due by
/// `today` (order-up-to lines from the kept plan; refused with a reason
/// when there is none). `Err(reason)` when the engine refused; nothing is
/// stored either way (`engine::purchasing::apply_generated` does that).
pub fn generate_recurring(
    workspace: &Workspace,
    demand_rev: u64,
    today: NaiveDate,
    at: chrono::NaiveDateTime,
    role: String,
) -> impl Future<Output = Result<Result<engine::purchasing::Generated, String>, JobError>> + 'static {
    let pending = run_job(workspace, demand_rev, Job::GenerateRecurring { today, at, role }, |_| {});
    answer("the recurring drafts", pending, |outcome, _| match outcome {
        Outcome::Recurring(generated) => Some(generated),
        _ => None,
    })
}

/// Benchmark: plan `n_skus` generated SKUs in the worker.
pub fn bench_plan(n_skus: usize, today: NaiveDate) -> impl Future<Output = Result<BenchReport, JobError>> + 'static {
    answer("the benchmark", ask(Job::BenchPlan { n_skus, today }, |_| {}), |outcome, _| match outcome {
        Outcome::Bench(report) => Some(report),
        _ => None,
    })
}
