//! Forecasts as the plan's demand: every SKU × location with history is
//! forecast by its automatic choice and planned from that forecast week by
//! week (`plan::PhasedDemand`), so lead-time demand is the forecast summed
//! over the actual lead-time window and its uncertainty the backtest's error
//! over it.
//!
//! Order of work ([`plan_from_forecasts`]): a plan from history first, whose
//! chosen offers give each SKU × location its backtest horizon (lead time
//! plus review period, in whole weeks, as the issue asks the choice to be
//! scored); then the automatic forecast of every series; then the plan again
//! with those forecasts. The history plan costs one more planning pass
//! (about a tenth of a second for 10,000 SKUs) and breaks the circle of a
//! choice that needs a lead time and a lead time that needs a plan.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::model::{LocationId, SkuId};
use crate::plan::{self, DemandEstimate, DemandSource, PhasedDemand, Plan};
use crate::Workspace;

use super::auto::ForecastFlag;
use super::report::{forecast_workspace, SeriesForecast};
use super::ForecastError;

/// Weeks forecast for planning. A lead time plus review period beyond it
/// sums the last week's forecast again for each further week
/// (`PhasedDemand::demand_over`).
pub const PLANNING_HORIZON_WEEKS: usize = 26;

/// The backtest horizon of each planned SKU × location: the chosen offer's
/// lead time plus the review period, in whole weeks rounded up, at least 1.
pub fn backtest_weeks_from_plan(plan: &Plan) -> HashMap<(SkuId, LocationId), usize> {
    plan.lines
        .iter()
        .filter_map(|line| {
            let figures = line.chosen_figures()?;
            let days = figures.lead_time.mean_days + f64::from(line.service.review_period_days);
            Some(((line.sku.clone(), line.location.clone()), (days / 7.0).ceil().max(1.0) as usize))
        })
        .collect()
}

/// The demand estimate planning takes from a series' forecast: the forecast
/// week by week with the running error σ of its backtest
/// (`AutoForecast::cumulative_error_sd`); d = the forecast's average day,
/// σd = the one-week error ÷ √7 (for the flags that read it). `None` for a
/// series with too little history for a backtest ([`ForecastFlag::ShortHistory`]):
/// history decides it, as before forecasting (and says when it is too short
/// to plan). A zero forecast (no demand, or dormant) is kept: the plan then
/// expects no demand.
pub fn demand_estimate(forecast: &SeriesForecast) -> Option<DemandEstimate> {
    let auto = &forecast.auto;
    if auto.flags.contains(&ForecastFlag::ShortHistory) || auto.forecast.is_empty() {
        return None;
    }
    let phased = PhasedDemand::new(auto.forecast.clone(), auto.cumulative_error_sd.clone()).ok()?;
    Some(DemandEstimate {
        source: DemandSource::Forecast,
        mean_per_day: phased.mean_per_day(),
        sd_per_day: phased.cumulative_error_sd[0] / 7f64.sqrt(),
        method: Some(describe(forecast)),
        phased: Some(Box::new(phased)),
    })
}

/// "holt-winters (alpha 0.21, gamma 0.1, m 52), backtest MASE 0.84 over 4 weeks ahead".
pub fn describe(forecast: &SeriesForecast) -> String {
    let auto = &forecast.auto;
    let parameters = auto
        .model
        .parameters()
        .iter()
        .map(|(name, value)| format!("{name} {}", plan::explain::number(*value)))
        .collect::<Vec<_>>()
        .join(" ");
    let mut text = auto.model.name().to_owned();
    if !parameters.is_empty() {
        text.push_str(&format!(" ({parameters})"));
    }
    if let Some(mase) = auto.chosen_score().and_then(|score| score.mase) {
        text.push_str(&format!(
            " chosen by a backtest of {} weeks ahead: MASE {}",
            forecast.backtest_weeks,
            plan::explain::number(mase)
        ));
    }
    for flag in &auto.flags {
        text.push_str(&format!(" [{}]", flag.as_str()));
    }
    text
}

/// Forecast every SKU × location and plan from the forecasts (see the module
/// documentation). Returns the plan and the forecasts it used.
/// `progress(done, total)` covers the three passes as one count.
pub fn plan_from_forecasts(
    workspace: &Workspace,
    today: NaiveDate,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<(Plan, Vec<SeriesForecast>), ForecastError> {
    let history_plan = plan::plan(workspace, today, &mut |_, _| {});
    let total = 3 * history_plan.lines.len().max(1);
    progress(total / 3, total);
    let backtest_weeks = backtest_weeks_from_plan(&history_plan);
    drop(history_plan);
    let forecasts = forecast_workspace(workspace, today, PLANNING_HORIZON_WEEKS, &backtest_weeks)?;
    progress(2 * total / 3, total);
    let estimates: HashMap<(&SkuId, &LocationId), DemandEstimate> = forecasts
        .iter()
        .filter_map(|forecast| Some(((&forecast.sku, &forecast.location), demand_estimate(forecast)?)))
        .collect();
    let plan = plan::plan_with_demand(
        workspace,
        today,
        &|sku, location| estimates.get(&(sku, location)).cloned(),
        &mut |done, all| progress(2 * total / 3 + done * (total / 3) / all.max(1), total),
    );
    progress(total, total);
    Ok((plan, forecasts))
}
