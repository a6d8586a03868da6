//! The KPI benchmark: the reference workspace (issue 9: 10,000 SKUs × 3
//! locations × 730 days) and how long its report takes. The caller passes
//! the clock, as for `plan::bench`.

use chrono::{Datelike, Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use super::report::{kpi_report, KpiOptions, KpiPeriod, KpiReportError};
use crate::plan::bench::{BENCH_SEED, BENCH_SUPPLIERS};
use crate::sample::{generate, SampleSpec};

/// Timings of one KPI benchmark run, in milliseconds of the caller's clock.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KpiBenchReport {
    pub n_skus: usize,
    pub n_locations: usize,
    pub history_days: u32,
    /// SKU × locations measured (the drill-down's rows).
    pub pairs: usize,
    pub months: usize,
    pub generate_ms: f64,
    /// `kpi_report` alone, the fastest of the runs: the headline figure.
    pub report_ms: f64,
}

/// Generate `n_skus` SKUs at `n_locations` locations with `history_days`
/// days of history ending the day before `today`, then report the KPIs of
/// the last twelve calendar months (the first cut at the 1st, the last
/// ending yesterday) `runs` times.
pub fn bench(
    n_skus: usize,
    n_locations: usize,
    history_days: u32,
    today: NaiveDate,
    runs: usize,
    clock_ms: &mut dyn FnMut() -> f64,
) -> Result<KpiBenchReport, KpiReportError> {
    let started = clock_ms();
    let workspace = generate(&SampleSpec {
        seed: BENCH_SEED,
        today,
        n_skus,
        n_locations,
        n_suppliers: BENCH_SUPPLIERS,
        history_days,
    });
    let generated = clock_ms();
    let to = today - Days::new(1);
    let from = (to - Months::new(11)).with_day0(0).unwrap_or(to);
    let period = KpiPeriod { from, to, as_of: to };
    let mut report_ms = f64::INFINITY;
    let mut last = None;
    for _ in 0..runs.max(1) {
        drop(last.take());
        let before = clock_ms();
        last = Some(kpi_report(&workspace, period, &KpiOptions::default(), None)?);
        report_ms = report_ms.min(clock_ms() - before);
    }
    let report = last.expect("ran at least once");
    Ok(KpiBenchReport {
        n_skus,
        n_locations,
        history_days,
        pairs: report.stock_health.iter().filter(|row| row.scope == super::report::Scope::SkuLocation).count(),
        months: report.months.len(),
        generate_ms: generated - started,
        report_ms,
    })
}
