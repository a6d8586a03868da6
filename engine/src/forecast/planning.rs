//! Forecasts as the plan's demand: every SKU × location with history is
//! forecast by its automatic choice and planned from that forecast week by
//! week (`plan::PhasedDemand`), so lead-time demand is the forecast summed
//! over the actual lead-time window and its uncertainty the backtest's error
//! over it. An intermittent series ([`lead_time_model`]) has that demand
//! planned as a count distribution with this mean and variance
//! (`plan::count`) rather than as a normal one.
//!
//! Order of work ([`plan_from_forecasts`]): a plan from history first, whose
//! chosen offers give each SKU × location its backtest horizon (lead time
//! plus review period, in whole weeks, as the issue asks the choice to be
//! scored); then the automatic forecast of every series; then the plan again
//! with those forecasts. The history plan costs one more planning pass
//! (about a tenth of a second for 10,000 SKUs) and breaks the circle of a
//! choice that needs a lead time and a lead time that needs a plan.

use std::collections::HashMap;

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::model::{LocationId, SkuId};
use crate::plan::{self, DemandEstimate, DemandSource, LeadTimeModel, PhasedDemand, Plan};
use crate::Workspace;

use super::auto::{AutoForecast, ForecastFlag, Model, HOLDOUT_WEEKS};
use super::report::{forecast_workspace_with, SeriesForecast, INTERVAL_Z};
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
    let phased = PhasedDemand::new(auto.forecast.clone(), auto.cumulative_error_sd.clone())
        .ok()?
        .with_lead_time_model(lead_time_model(auto));
    Some(DemandEstimate {
        source: DemandSource::Forecast,
        mean_per_day: phased.mean_per_day(),
        sd_per_day: phased.cumulative_error_sd[0] / 7f64.sqrt(),
        method: Some(describe(forecast)),
        phased: Some(Box::new(phased)),
    })
}

/// How planning distributes demand over a lead time forecast by `auto`:
/// a count distribution ([`LeadTimeModel::Count`], `plan::count`) for an
/// intermittent series — the chosen model is Croston, SBA or TSB, or the
/// Syntetos–Boylan pattern of its weeks before the backtest
/// ([`AutoForecast::pattern`], the one that admits the intermittent
/// candidates) is intermittent or lumpy, so a flat mean or moving average
/// that won such a series counts too — and the normal model otherwise.
/// Those models give a mean but no valid interval, and demand over a lead
/// time of such a series is skewed and often zero, which the normal
/// quantile misplaces.
pub fn lead_time_model(auto: &AutoForecast) -> LeadTimeModel {
    let intermittent_model = matches!(auto.model, Model::Croston { .. } | Model::Sba { .. } | Model::Tsb { .. });
    if intermittent_model || auto.pattern.normal_model_is_weak() {
        LeadTimeModel::Count
    } else {
        LeadTimeModel::Normal
    }
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
    if let Some(launch) = &forecast.launch {
        text = match (&launch.like_sku, launch.like_share, launch.weekly_rate) {
            (Some(like), Some(share), _) => format!("launch like {like} x {}", plan::explain::number(share)),
            (_, _, Some(rate)) => format!("launch at {} a week", plan::explain::number(rate)),
            _ => "launch from the family profile".to_owned(),
        };
        text.push_str(&format!(" from {}", launch.start));
        if forecast.launch_own_weeks > 0 {
            text.push_str(&format!(
                ", blended with {} weeks of its own history ({}/{} own)",
                forecast.launch_own_weeks,
                forecast.launch_own_weeks,
                super::inputs::LAUNCH_OWN_WEEKS
            ));
        }
    }
    if auto.pinned.is_some() {
        text.push_str(" pinned by a buyer");
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
    for promotion in &forecast.promotions {
        text.push_str(&format!(" [promotion {} x {}]", promotion.id, plan::explain::number(promotion.factor)));
    }
    let overridden = forecast.overridden.iter().filter(|&&o| o).count();
    if overridden > 0 {
        text.push_str(&format!(" [{overridden} weeks overridden]"));
    }
    text
}

/// The forecasts planning uses (see the module documentation): a history
/// plan for each pair's backtest horizon, then the automatic forecast of
/// every series with history, [`PLANNING_HORIZON_WEEKS`] weeks ahead.
/// `progress(done, total)` counts series.
pub fn forecasts_for_planning(
    workspace: &Workspace,
    today: NaiveDate,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Vec<SeriesForecast>, ForecastError> {
    forecasts_over(workspace, today, PLANNING_HORIZON_WEEKS, progress)
}

/// `forecasts_for_planning` for `horizon` weeks ahead (`stockpilot forecast --horizon`).
pub fn forecasts_over(
    workspace: &Workspace,
    today: NaiveDate,
    horizon: usize,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Vec<SeriesForecast>, ForecastError> {
    forecast_workspace_with(workspace, today, horizon, &backtest_horizons(workspace, today), progress)
}

/// Each planned pair's backtest horizon from a plan from history
/// ([`backtest_weeks_from_plan`]), as [`forecasts_over`] takes it.
pub fn backtest_horizons(workspace: &Workspace, today: NaiveDate) -> HashMap<(SkuId, LocationId), usize> {
    backtest_weeks_from_plan(&plan::plan(workspace, today, &mut |_, _| {}))
}

/// Plan from forecasts made earlier (`forecasts_for_planning`): each pair
/// with a usable forecast ([`demand_estimate`]) is planned from it, the
/// others from history.
pub fn plan_with_forecasts(
    workspace: &Workspace,
    today: NaiveDate,
    forecasts: &[SeriesForecast],
    progress: &mut dyn FnMut(usize, usize),
) -> Plan {
    let estimates: HashMap<(&SkuId, &LocationId), DemandEstimate> = forecasts
        .iter()
        .filter_map(|forecast| Some(((&forecast.sku, &forecast.location), demand_estimate(forecast)?)))
        .collect();
    plan::plan_with_demand(workspace, today, &|sku, location| estimates.get(&(sku, location)).cloned(), progress)
}

/// Forecast every SKU × location and plan from the forecasts (see the module
/// documentation). Returns the plan and the forecasts it used.
pub fn plan_from_forecasts(
    workspace: &Workspace,
    today: NaiveDate,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<(Plan, Vec<SeriesForecast>), ForecastError> {
    let forecasts = forecasts_for_planning(workspace, today, progress)?;
    let plan = plan_with_forecasts(workspace, today, &forecasts, &mut |_, _| {});
    Ok((plan, forecasts))
}

/// The plan as the workspace's settings ask (`Settings::demand_source`):
/// from forecasts ([`plan_from_forecasts`]), or from history alone
/// (`DemandSource::History`, as `stockpilot plan --no-forecast`), with no
/// forecasts made.
pub fn plan_for_settings(
    workspace: &Workspace,
    today: NaiveDate,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<(Plan, Vec<SeriesForecast>), ForecastError> {
    match workspace.settings.demand_source {
        crate::model::DemandSource::Forecast => plan_from_forecasts(workspace, today, progress),
        crate::model::DemandSource::History => Ok((plan::plan(workspace, today, progress), Vec::new())),
    }
}

/// What the SKU page shows of one SKU × location's forecast: the history it
/// was made from, the chosen model's one-step fitted values, the forecast
/// with its 90 % interval, and every candidate's backtest.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ForecastDetail {
    pub sku: SkuId,
    pub location: LocationId,
    /// First day of the first history week; week `w` starts `7w` days later.
    pub history_start: NaiveDate,
    pub history: Vec<f64>,
    /// Weeks with a promotion day, with a stockout day, and imputed (too few usable days).
    pub promo_weeks: Vec<bool>,
    pub stockout_weeks: Vec<bool>,
    pub imputed_weeks: Vec<bool>,
    /// The chosen model's forecast of each history week from the weeks before it (`None` where it has too little).
    pub fitted: Vec<Option<f64>>,
    /// First day of forecast week 1 (today).
    pub forecast_start: NaiveDate,
    pub forecast: Vec<f64>,
    /// 90 % central interval per forecast week (normal errors, `INTERVAL_Z` backtest σ), lower bound ≥ 0.
    pub interval: Vec<(f64, f64)>,
    pub model: String,
    pub description: String,
    pub pattern: String,
    pub season: Option<usize>,
    pub backtest_weeks: usize,
    /// (model, MASE, bias per week) of every candidate, in candidate order.
    pub candidates: Vec<(String, Option<f64>, f64)>,
    pub chosen: Option<usize>,
    pub seasonal_naive_mase: Option<f64>,
    pub flags: Vec<String>,
    /// The plan takes its demand from this forecast (`demand_estimate` is `Some`).
    pub planned_from: bool,
}

/// The detail of one forecast (see [`ForecastDetail`]).
pub fn forecast_detail(workspace: &Workspace, forecast: &SeriesForecast) -> ForecastDetail {
    let auto = &forecast.auto;
    let weeks = &forecast.weeks;
    let n = weeks.values.len();
    let imputed = weeks.imputed();
    let (mut promo_weeks, mut stockout_weeks) = (vec![false; n], vec![false; n]);
    for series in workspace.demand.for_sku_location(&forecast.sku, &forecast.location) {
        for day in 0..series.len() {
            let date = series.start + Days::new(day as u64);
            let Some(offset) = (date - weeks.start).num_days().checked_div(7).filter(|_| date >= weeks.start) else {
                continue;
            };
            let Some(week) = usize::try_from(offset).ok().filter(|&w| w < n) else { continue };
            promo_weeks[week] |= series.promo.get(day);
            stockout_weeks[week] |= series.stockout.get(day);
        }
    }
    let fitted = (0..n)
        .map(|t| {
            (t > 0)
                .then(|| auto.model.forecast(&weeks.values[..t], &imputed[..t], 1).ok())
                .flatten()
                .and_then(|f| f.first().copied())
        })
        .collect();
    ForecastDetail {
        sku: forecast.sku.clone(),
        location: forecast.location.clone(),
        history_start: weeks.start,
        history: weeks.values.clone(),
        promo_weeks,
        stockout_weeks,
        imputed_weeks: imputed,
        fitted,
        forecast_start: forecast.first_day,
        forecast: auto.forecast.clone(),
        interval: auto.interval(INTERVAL_Z),
        model: auto.model.name().to_owned(),
        description: describe(forecast),
        pattern: auto.pattern.as_str().to_owned(),
        season: auto.season,
        backtest_weeks: forecast.backtest_weeks,
        candidates: auto.candidates.iter().map(|c| (c.model.name().to_owned(), c.mase, c.bias)).collect(),
        chosen: auto.chosen,
        seasonal_naive_mase: auto.seasonal_naive_mase,
        flags: auto.flags.iter().map(|f| f.as_str().to_owned()).collect(),
        planned_from: demand_estimate(forecast).is_some(),
    }
}

/// One series on the Forecasts page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ForecastBrief {
    pub sku: SkuId,
    pub location: LocationId,
    pub model: String,
    pub mase: Option<f64>,
    pub seasonal_naive_mase: Option<f64>,
    /// Mean backtest error ÷ mean actual over the holdout, in %; `None` without demand there.
    pub bias_percent: Option<f64>,
    /// Actual demand over the holdout weeks (the weight).
    pub volume: f64,
}

/// Portfolio accuracy of the forecasts, against seasonal naive.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ForecastSummary {
    pub series: usize,
    /// Series with a backtest (and so with accuracy figures).
    pub backtested: usize,
    pub planned_from: usize,
    /// Σ volume × MASE ÷ Σ volume over series with both MASEs, chosen model and 52-week seasonal naive.
    pub weighted_mase: Option<f64>,
    pub seasonal_naive_weighted_mase: Option<f64>,
    /// Σ (mean error × holdout weeks) ÷ Σ volume over backtested series, in %.
    pub bias_percent: Option<f64>,
    /// How many series each model forecasts, most first.
    pub models: Vec<(String, usize)>,
    pub flagged: Vec<(String, usize)>,
    /// Every backtested series, worst MASE first.
    pub briefs: Vec<ForecastBrief>,
}

/// The summary of the Forecasts page. The weights are each series' actual
/// demand over the [`HOLDOUT_WEEKS`] holdout weeks, so large items count more.
pub fn forecast_summary(forecasts: &[SeriesForecast]) -> ForecastSummary {
    let mut summary = ForecastSummary { series: forecasts.len(), ..ForecastSummary::default() };
    let mut models: HashMap<&str, usize> = HashMap::new();
    let mut flagged: HashMap<&str, usize> = HashMap::new();
    let (mut weight, mut weighted, mut naive_weighted) = (0.0, 0.0, 0.0);
    let (mut error_sum, mut volume_sum) = (0.0, 0.0);
    for forecast in forecasts {
        let auto = &forecast.auto;
        *models.entry(auto.model.name()).or_default() += 1;
        for flag in &auto.flags {
            *flagged.entry(flag.as_str()).or_default() += 1;
        }
        if demand_estimate(forecast).is_some() {
            summary.planned_from += 1;
        }
        let Some(score) = auto.chosen_score() else { continue };
        summary.backtested += 1;
        let weeks = &forecast.weeks;
        let n = weeks.values.len();
        let holdout = (n.saturating_sub(HOLDOUT_WEEKS)..n).filter(|&w| weeks.is_usable(w));
        let (count, volume) = holdout.fold((0usize, 0.0), |(c, v), w| (c + 1, v + weeks.values[w]));
        error_sum += score.bias * count as f64;
        volume_sum += volume;
        if let (Some(mase), Some(naive)) = (score.mase, auto.seasonal_naive_mase) {
            weight += volume;
            weighted += volume * mase;
            naive_weighted += volume * naive;
        }
        summary.briefs.push(ForecastBrief {
            sku: forecast.sku.clone(),
            location: forecast.location.clone(),
            model: auto.model.name().to_owned(),
            mase: score.mase,
            seasonal_naive_mase: auto.seasonal_naive_mase,
            bias_percent: (volume > 0.0).then(|| 100.0 * score.bias * count as f64 / volume),
            volume,
        });
    }
    if weight > 0.0 {
        summary.weighted_mase = Some(weighted / weight);
        summary.seasonal_naive_weighted_mase = Some(naive_weighted / weight);
    }
    summary.bias_percent = (volume_sum > 0.0).then(|| 100.0 * error_sum / volume_sum);
    let ranked = |map: HashMap<&str, usize>| {
        let mut list: Vec<(String, usize)> = map.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
        crate::sorting::sort_by(&mut list, |a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        list
    };
    summary.models = ranked(models);
    summary.flagged = ranked(flagged);
    crate::sorting::sort_by(&mut summary.briefs, |a, b| {
        b.mase
            .unwrap_or(f64::NEG_INFINITY)
            .total_cmp(&a.mase.unwrap_or(f64::NEG_INFINITY))
            .then_with(|| (&a.sku, &a.location).cmp(&(&b.sku, &b.location)))
    });
    summary
}
