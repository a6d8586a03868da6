//! The planning benchmark: a generated workspace of a given size, and how
//! long planning it takes.
//!
//! The engine never reads the clock, so the caller passes one in: the CLI
//! gives `std::time::Instant`, the browser worker `performance.now()`. Only
//! `plan` is timed for the headline figure; generating the data is timed
//! apart, and so is building every line's explanation (which the page does
//! lazily, one line at a time), so the cost of each is visible.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::explain::explain;
use super::plan;
use crate::model::Workspace;
use crate::sample::{generate, SampleSpec};

/// Seed of the benchmark data; fixed so every run plans the same workspace.
pub const BENCH_SEED: u64 = 0xBE4C_0001;
/// 104 weeks of history.
pub const BENCH_HISTORY_DAYS: u32 = 728;
/// Suppliers in the benchmark data.
pub const BENCH_SUPPLIERS: usize = 12;

/// Timings of one benchmark run, in milliseconds of the caller's clock.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BenchReport {
    pub n_skus: usize,
    pub n_locations: usize,
    pub history_days: u32,
    /// SKU × locations planned.
    pub lines: usize,
    pub suggestions: usize,
    pub unplannable: usize,
    pub generate_ms: f64,
    /// `plan` alone: the headline figure.
    pub plan_ms: f64,
    /// Building the explanation steps of every planned line.
    pub explain_ms: f64,
    pub lines_per_second: f64,
}

/// The benchmark workspace: `n_skus` SKUs at one location with 104 weeks of history.
pub fn bench_workspace(n_skus: usize, today: NaiveDate) -> Workspace {
    generate(&SampleSpec {
        seed: BENCH_SEED,
        today,
        n_skus,
        n_locations: 1,
        n_suppliers: BENCH_SUPPLIERS,
        history_days: BENCH_HISTORY_DAYS,
    })
}

/// Generate `n_skus` SKUs, plan them, explain every line; `clock_ms` returns
/// a monotonic time in milliseconds.
pub fn bench(n_skus: usize, today: NaiveDate, clock_ms: &mut dyn FnMut() -> f64) -> BenchReport {
    let started = clock_ms();
    let workspace = bench_workspace(n_skus, today);
    let generated = clock_ms();
    let planned = plan(&workspace, today, &mut |_, _| {});
    let plan_done = clock_ms();
    for line in &planned.lines {
        std::hint::black_box(explain(line));
    }
    let explained = clock_ms();
    let plan_ms = plan_done - generated;
    BenchReport {
        n_skus,
        n_locations: workspace.locations.len(),
        history_days: BENCH_HISTORY_DAYS,
        lines: planned.lines.len() + planned.unplannable.len(),
        suggestions: planned.suggestions().count(),
        unplannable: planned.unplannable.len(),
        generate_ms: generated - started,
        plan_ms,
        explain_ms: explained - plan_done,
        lines_per_second: if plan_ms > 0.0 {
            (planned.lines.len() + planned.unplannable.len()) as f64 / plan_ms * 1_000.0
        } else {
            0.0
        },
    }
}
