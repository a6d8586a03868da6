//! Portfolio backtest: how the automatic choice does across many series,
//! against today's flat mean, seasonal naive and the best candidate picked
//! with hindsight.
//!
//! Protocol (issue 7, "Correctness"): [`PORTFOLIO_ORIGINS`] rolling origins
//! `n − 39`, `n − 26`, `n − 13`, each forecasting the next
//! [`PORTFOLIO_TEST_WEEKS`] weeks from the weeks before it only (the automatic
//! choice runs its own backtest inside those weeks). At each origin the MASE
//! scale is the in-sample MAE of the 52-week seasonal naive on the weeks
//! before the origin; a series' MASE is the mean over its origins. A series
//! needs more than 52 weeks before the first origin (92 weeks in all) and a
//! non-zero scale at every origin, or it is counted in `skipped` and left out.
//! Imputed weeks (see `forecast::series`) are not scored.
//!
//! Per group and overall: mean MASE over series, volume-weighted MASE (each
//! series weighted by its actual demand over the test weeks) and bias as a
//! share of volume, `100 × Σ(forecast − actual) ÷ Σ actual`. Groups are made
//! from the whole series: "seasonal" when [`detect_season`] finds a season,
//! otherwise the Syntetos–Boylan pattern of its usable weeks, smooth and
//! erratic as "smooth", intermittent and lumpy as "intermittent". The
//! hindsight best is, per series, the candidate (every kind in
//! [`Candidate::ALL`], seasonal ones with season 52) with the lowest MASE on
//! these very test weeks, or the automatic choice when none beats it: a
//! bound no honest choice reaches.

use crate::plan::demand::{summarize_weeks, DemandPattern};

use super::auto::{
    choose_forecast, detect_season, pooled_sum, AutoSettings, Candidate, Model, SeasonRule, FLAT_MEAN_WEEKS, YEAR_WEEKS,
};
use super::series::WeeklySeries;
use super::ForecastError;

/// Rolling origins of the portfolio backtest.
pub const PORTFOLIO_ORIGINS: usize = 3;
/// Weeks forecast from each origin.
pub const PORTFOLIO_TEST_WEEKS: usize = 13;

/// The groups the report is split into.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PatternGroup {
    Smooth,
    Intermittent,
    Seasonal,
    NoDemand,
}

impl PatternGroup {
    pub const ALL: [PatternGroup; 4] =
        [PatternGroup::Smooth, PatternGroup::Intermittent, PatternGroup::Seasonal, PatternGroup::NoDemand];

    pub fn as_str(self) -> &'static str {
        match self {
            PatternGroup::Smooth => "smooth",
            PatternGroup::Intermittent => "intermittent",
            PatternGroup::Seasonal => "seasonal",
            PatternGroup::NoDemand => "no demand",
        }
    }
}

/// The group of a whole series (see the module documentation).
pub fn pattern_group(series: &WeeklySeries) -> PatternGroup {
    if detect_season(&series.values).is_some() {
        return PatternGroup::Seasonal;
    }
    let usable: Vec<f64> =
        (0..series.values.len()).filter(|&w| series.is_usable(w)).map(|w| series.values[w]).collect();
    match summarize_weeks(&usable).pattern {
        DemandPattern::Smooth | DemandPattern::Erratic => PatternGroup::Smooth,
        DemandPattern::Intermittent | DemandPattern::Lumpy => PatternGroup::Intermittent,
        DemandPattern::NoDemand => PatternGroup::NoDemand,
    }
}

/// The methods compared, in report order.
pub const METHODS: [&str; 4] = ["automatic", "flat mean", "seasonal naive", "hindsight best"];

/// One method's accuracy over a group.
#[derive(Clone, Debug, PartialEq)]
pub struct MethodAccuracy {
    pub method: &'static str,
    pub mean_mase: f64,
    pub weighted_mase: f64,
    /// `None` when the group sold nothing in its test weeks.
    pub bias_percent: Option<f64>,
}

/// One row group of the report; `group` is `None` for all series together.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupAccuracy {
    pub group: Option<PatternGroup>,
    pub series: usize,
    /// One per entry of [`METHODS`], in that order.
    pub methods: Vec<MethodAccuracy>,
}

/// The portfolio backtest's result.
#[derive(Clone, Debug, PartialEq)]
pub struct PortfolioReport {
    /// Groups with at least one series, then the overall row (when any series was scored).
    pub groups: Vec<GroupAccuracy>,
    /// Series left out (too short, or a zero scale).
    pub skipped: usize,
    /// How often the automatic choice picked each model, over series × origins.
    pub chosen: Vec<(&'static str, usize)>,
}

/// Per series: per method, (MASE summed over origins, Σ error, Σ actual).
struct SeriesScores {
    group: PatternGroup,
    volume: f64,
    mase: [f64; 4],
    error: [f64; 4],
}

/// Run the portfolio backtest; `backtest_horizon` is what the automatic
/// choice uses inside each origin's training weeks.
pub fn portfolio_backtest(series: &[WeeklySeries], backtest_horizon: usize) -> Result<PortfolioReport, ForecastError> {
    let pools: Vec<usize> = (0..series.len()).collect();
    portfolio_backtest_pooled(series, &pools, backtest_horizon)
}

/// [`portfolio_backtest`] with series pooled for season detection:
/// `pools[i]` names the pool of `series[i]` (the SKU of a SKU × location),
/// and at each origin the season is detected on the pool's sum over the
/// same training weeks (`SeasonRule::Pooled`), as `forecast_workspace` does
/// with a SKU's locations.
pub fn portfolio_backtest_pooled(
    series: &[WeeklySeries],
    pools: &[usize],
    backtest_horizon: usize,
) -> Result<PortfolioReport, ForecastError> {
    let settings = AutoSettings { horizon: PORTFOLIO_TEST_WEEKS, backtest_horizon, season: SeasonRule::Detect };
    let mut scored = Vec::new();
    let mut skipped = 0;
    let mut chosen: Vec<(&'static str, usize)> = Vec::new();
    for (idx, one) in series.iter().enumerate() {
        let members: Vec<&WeeklySeries> =
            series.iter().zip(pools).filter(|(_, &pool)| pool == pools[idx]).map(|(s, _)| s).collect();
        let pooled = pooled_sum(&members);
        match score_series(one, &pooled, &settings, &mut chosen)? {
            Some(scores) => scored.push(scores),
            None => skipped += 1,
        }
    }
    let mut groups = Vec::new();
    for group in PatternGroup::ALL {
        let members: Vec<&SeriesScores> = scored.iter().filter(|s| s.group == group).collect();
        if !members.is_empty() {
            groups.push(summarise(Some(group), &members));
        }
    }
    if !scored.is_empty() {
        groups.push(summarise(None, &scored.iter().collect::<Vec<_>>()));
    }
    Ok(PortfolioReport { groups, skipped, chosen })
}

fn score_series(
    one: &WeeklySeries,
    pooled: &[f64],
    settings: &AutoSettings,
    chosen: &mut Vec<(&'static str, usize)>,
) -> Result<Option<SeriesScores>, ForecastError> {
    let n = one.values.len();
    let test_span = PORTFOLIO_ORIGINS * PORTFOLIO_TEST_WEEKS;
    if n < test_span + YEAR_WEEKS + 1 {
        return Ok(None);
    }
    let imputed = one.imputed();
    let values = &one.values;
    // Per origin: the test actuals (None where imputed) and each forecast.
    let mut per_origin = Vec::new();
    for k in (1..=PORTFOLIO_ORIGINS).rev() {
        let origin = n - k * PORTFOLIO_TEST_WEEKS;
        let train = &values[..origin];
        let scale = seasonal_scale(train);
        if scale == 0.0 {
            return Ok(None);
        }
        let pooled_train = &pooled[..pooled.len() - k * PORTFOLIO_TEST_WEEKS];
        let settings = match detect_season(pooled_train) {
            Some(m) => AutoSettings { season: SeasonRule::Pooled(m), ..*settings },
            _ => *settings,
        };
        let auto = choose_forecast(train, &imputed[..origin], &settings)?;
        let name = auto.model.name();
        match chosen.iter_mut().find(|(n, _)| *n == name) {
            Some((_, count)) => *count += 1,
            None => chosen.push((name, 1)),
        }
        let mut forecasts = vec![Some(auto.forecast)];
        for model in [Model::FlatMean { weeks: FLAT_MEAN_WEEKS }, Model::SeasonalNaive { m: YEAR_WEEKS }] {
            forecasts.push(Some(model.forecast(train, &imputed[..origin], PORTFOLIO_TEST_WEEKS)?));
        }
        // A candidate that cannot run at some origin is out of the hindsight choice.
        for candidate in Candidate::ALL {
            let model = candidate.fit(train, Some(YEAR_WEEKS));
            forecasts.push(model.and_then(|m| m.forecast(train, &imputed[..origin], PORTFOLIO_TEST_WEEKS).ok()));
        }
        per_origin.push((origin, scale, forecasts));
    }
    // Errors of forecast `f` over the test weeks of each origin: (MASE summed over origins, Σ error).
    let errors_of = |idx: usize| {
        let (mut mase_sum, mut error_sum) = (0.0, 0.0);
        for (origin, scale, forecasts) in &per_origin {
            let Some(forecast) = &forecasts[idx] else { return (f64::INFINITY, 0.0) };
            let (mut abs, mut count) = (0.0, 0usize);
            for (step, f) in forecast.iter().enumerate() {
                let week = origin + step;
                if imputed[week] {
                    continue;
                }
                abs += (f - values[week]).abs();
                error_sum += f - values[week];
                count += 1;
            }
            mase_sum += if count == 0 { 0.0 } else { abs / count as f64 / scale };
        }
        (mase_sum / per_origin.len() as f64, error_sum)
    };
    let mut mase = [0.0; 4];
    let mut error = [0.0; 4];
    for method in 0..3 {
        (mase[method], error[method]) = errors_of(method);
    }
    // Hindsight: the candidate index (3..) with the lowest MASE, or the
    // automatic choice itself when no single candidate beats it (it may
    // switch models, or seasons, between origins); every origin has the same
    // candidates.
    let n_candidates = per_origin[0].2.len();
    let mut best = (mase[0], error[0]);
    for idx in 3..n_candidates {
        let scores = errors_of(idx);
        if scores.0 < best.0 {
            best = scores;
        }
    }
    (mase[3], error[3]) = best;
    let volume = per_origin
        .iter()
        .flat_map(|(origin, _, _)| (*origin..origin + PORTFOLIO_TEST_WEEKS).filter(|&w| !imputed[w]).map(|w| values[w]))
        .sum();
    Ok(Some(SeriesScores { group: pattern_group(one), volume, mase, error }))
}

/// In-sample MAE of the 52-week seasonal naive.
fn seasonal_scale(train: &[f64]) -> f64 {
    let diffs = &train[YEAR_WEEKS..];
    diffs.iter().zip(train).map(|(later, earlier)| (later - earlier).abs()).sum::<f64>() / diffs.len() as f64
}

fn summarise(group: Option<PatternGroup>, members: &[&SeriesScores]) -> GroupAccuracy {
    let count = members.len() as f64;
    let volume: f64 = members.iter().map(|s| s.volume).sum();
    let methods = METHODS
        .iter()
        .enumerate()
        .map(|(method_idx, &method)| {
            let mean_mase = members.iter().map(|s| s.mase[method_idx]).sum::<f64>() / count;
            let weighted_mase = if volume > 0.0 {
                members.iter().map(|s| s.mase[method_idx] * s.volume).sum::<f64>() / volume
            } else {
                mean_mase
            };
            let error: f64 = members.iter().map(|s| s.error[method_idx]).sum();
            MethodAccuracy {
                method,
                mean_mase,
                weighted_mase,
                bias_percent: (volume > 0.0).then(|| 100.0 * error / volume),
            }
        })
        .collect();
    GroupAccuracy { group, series: members.len(), methods }
}

/// The report as a plain-text table, one line per group and method.
pub fn portfolio_table(report: &PortfolioReport) -> String {
    let mut out = String::from("group          series  method          mean MASE  weighted MASE  bias %\n");
    for group in &report.groups {
        let name = group.group.map_or("overall", PatternGroup::as_str);
        for method in &group.methods {
            let bias = method.bias_percent.map_or("-".to_string(), |b| format!("{b:+.1}"));
            out.push_str(&format!(
                "{name:<14} {:>6}  {:<15} {:>9.3}  {:>13.3}  {bias:>6}\n",
                group.series, method.method, method.mean_mase, method.weighted_mase
            ));
        }
    }
    out.push_str(&format!("skipped (under 92 weeks or a zero scale): {}\n", report.skipped));
    let chosen: Vec<String> = report.chosen.iter().map(|(name, count)| format!("{name} {count}")).collect();
    out.push_str(&format!("automatic choices over series × origins: {}\n", chosen.join(", ")));
    out
}
