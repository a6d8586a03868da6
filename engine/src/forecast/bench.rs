//! Forecasting benchmark (`stockpilot bench`): the automatic choice over
//! every candidate for generated SKUs with 104 weeks of history, then
//! planning from those forecasts. Figures only; no timed assertions.

use chrono::NaiveDate;

use super::planning::{forecast_summary, forecasts_for_planning, plan_with_forecasts};
use super::ForecastError;

/// What one forecasting benchmark run measured.
#[derive(Clone, Debug, PartialEq)]
pub struct ForecastBench {
    pub n_skus: usize,
    pub series: usize,
    /// The history plan for the backtest horizons plus the automatic choice of every series.
    pub forecast_ms: f64,
    /// Planning again from the forecasts.
    pub plan_ms: f64,
    /// How many series each model won, most first (`ForecastSummary::models`).
    pub models: Vec<(String, usize)>,
}

/// Forecast and plan `n_skus` generated SKUs (`plan::bench_workspace`, not
/// timed), timing with `clock_ms`.
pub fn bench(
    n_skus: usize,
    today: NaiveDate,
    clock_ms: &mut dyn FnMut() -> f64,
) -> Result<ForecastBench, ForecastError> {
    let workspace = crate::plan::bench_workspace(n_skus, today);
    let started = clock_ms();
    let forecasts = forecasts_for_planning(&workspace, today, &mut |_, _| {})?;
    let forecast_done = clock_ms();
    let plan = plan_with_forecasts(&workspace, today, &forecasts, &mut |_, _| {});
    let plan_done = clock_ms();
    debug_assert!(!plan.lines.is_empty() || n_skus == 0);
    let models = forecast_summary(&forecasts).models;
    Ok(ForecastBench {
        n_skus,
        series: forecasts.len(),
        forecast_ms: forecast_done - started,
        plan_ms: plan_done - forecast_done,
        models,
    })
}
