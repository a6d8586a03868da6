//! The drafting benchmark (issue 8, "Performance": drafting POs from 10,000
//! suggestions across 50 suppliers in under 100 ms natively).
//!
//! A generated workspace of `n_skus` SKUs at one location from
//! `BENCH_SUPPLIERS` suppliers, with its stock and open orders removed so
//! that nearly every line needs ordering, is planned from history; then
//! `draft_purchase_orders` turns every suggestion into draft orders. Only the
//! drafting is timed for the headline figure. The engine never reads the
//! clock: the caller passes one in.

use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

use super::draft::{draft_purchase_orders, DraftError, Selection};
use crate::model::{Sorted, Workspace};
use crate::sample::{generate, SampleSpec};

/// Seed of the benchmark data; fixed so every run drafts the same orders.
pub const BENCH_SEED: u64 = 0xBE4C_0008;
/// Suppliers in the benchmark data.
pub const BENCH_SUPPLIERS: usize = 50;
/// A year of daily history: enough to plan from.
pub const BENCH_HISTORY_DAYS: u32 = 364;

/// Timings of one run, in milliseconds of the caller's clock.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DraftBenchReport {
    pub n_skus: usize,
    /// Plan lines with an order to draft.
    pub suggestions: usize,
    /// Distinct suppliers among the drafts.
    pub suppliers: usize,
    pub orders: usize,
    pub order_lines: usize,
    pub generate_ms: f64,
    pub plan_ms: f64,
    /// `draft_purchase_orders` alone, fastest of the runs: the headline figure.
    pub draft_ms: f64,
}

/// The benchmark workspace: `n_skus` SKUs, one location, no stock on hand or
/// on order.
pub fn bench_workspace(n_skus: usize, today: NaiveDate) -> Workspace {
    let mut workspace = generate(&SampleSpec {
        seed: BENCH_SEED,
        today,
        n_skus,
        n_locations: 1,
        n_suppliers: BENCH_SUPPLIERS,
        history_days: BENCH_HISTORY_DAYS,
    });
    workspace.stock_lots = Sorted::default();
    workspace.purchase_orders = Sorted::default();
    workspace
}

/// Generate and plan `n_skus` SKUs, then draft orders for every suggestion
/// `runs` times (at least once), reporting the fastest; `clock_ms` returns a
/// monotonic time in milliseconds.
pub fn bench(
    n_skus: usize,
    today: NaiveDate,
    runs: usize,
    clock_ms: &mut dyn FnMut() -> f64,
) -> Result<DraftBenchReport, DraftError> {
    let started = clock_ms();
    let workspace = bench_workspace(n_skus, today);
    let generated = clock_ms();
    let plan = crate::plan::plan(&workspace, today, &mut |_, _| {});
    let planned = clock_ms();
    let at = today.and_time(NaiveTime::MIN);
    let mut draft_ms = f64::INFINITY;
    let mut drafts = None;
    for _ in 0..runs.max(1) {
        drop(drafts.take());
        let before = clock_ms();
        drafts = Some(draft_purchase_orders(&workspace, &plan, &Selection::NeedingOrder, today, at, "Buyer")?);
        draft_ms = draft_ms.min(clock_ms() - before);
    }
    let drafts = drafts.expect("drafted at least once");
    let mut suppliers: Vec<_> = drafts.orders.iter().map(|d| &d.order.supplier).collect();
    suppliers.dedup();
    Ok(DraftBenchReport {
        n_skus,
        suggestions: drafts.suggestions,
        suppliers: suppliers.len(),
        orders: drafts.orders.len(),
        order_lines: drafts.orders.iter().map(|d| d.order.lines.len()).sum(),
        generate_ms: generated - started,
        plan_ms: planned - generated,
        draft_ms,
    })
}
