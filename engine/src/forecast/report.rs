//! The automatic forecast of every SKU × location of a workspace, and its
//! CSV and JSON renderings for the CLI.

use std::collections::HashMap;

use chrono::{Days, NaiveDate};

use crate::model::{LocationId, SkuId};
use crate::Workspace;

use super::auto::{choose_forecast, AutoForecast, AutoSettings, Model, SeasonRule};
use super::series::{weekly_series_by_location, WeeklySeries};
use super::ForecastError;

/// `z` of the 90 % central interval under normal errors.
pub const INTERVAL_Z: f64 = 1.644_853_626_951_472_2;
/// Backtest horizon for a SKU × location the caller gives none for.
pub const DEFAULT_BACKTEST_WEEKS: usize = 4;

/// The automatic forecast of one SKU × location.
#[derive(Clone, Debug, PartialEq)]
pub struct SeriesForecast {
    pub sku: SkuId,
    pub location: LocationId,
    /// The first day of forecast week 1: `today` (weeks of history end the day before).
    pub first_day: NaiveDate,
    pub weeks: WeeklySeries,
    pub backtest_weeks: usize,
    pub auto: AutoForecast,
}

/// Forecast every SKU × location with demand history for `horizon` weeks from
/// `today`; `backtest_weeks` gives a pair's backtest horizon (lead time plus
/// review period in weeks), [`DEFAULT_BACKTEST_WEEKS`] for pairs it lacks.
pub fn forecast_workspace(
    workspace: &Workspace,
    today: NaiveDate,
    horizon: usize,
    backtest_weeks: &HashMap<(SkuId, LocationId), usize>,
) -> Result<Vec<SeriesForecast>, ForecastError> {
    weekly_series_by_location(&workspace.demand, today)
        .into_iter()
        .map(|(sku, location, weeks)| {
            let backtest = backtest_weeks.get(&(sku.clone(), location.clone())).copied();
            let backtest_weeks = backtest.unwrap_or(DEFAULT_BACKTEST_WEEKS).max(1);
            let settings = AutoSettings { horizon, backtest_horizon: backtest_weeks, season: SeasonRule::Detect };
            let auto = choose_forecast(&weeks.values, &weeks.imputed(), &settings)?;
            Ok(SeriesForecast { sku, location, first_day: today, weeks, backtest_weeks, auto })
        })
        .collect()
}

fn parameters(auto: &AutoForecast) -> String {
    auto.model.parameters().iter().map(|(name, value)| format!("{name}={value}")).collect::<Vec<_>>().join(" ")
}

fn parameter_map(model: &Model) -> serde_json::Map<String, serde_json::Value> {
    model.parameters().into_iter().map(|(name, value)| (name.to_string(), serde_json::json!(value))).collect()
}

fn flags(auto: &AutoForecast) -> String {
    auto.flags.iter().map(|f| f.as_str()).collect::<Vec<_>>().join(" ")
}

fn optional(value: Option<f64>) -> String {
    value.map_or(String::new(), |v| format!("{v:.4}"))
}

/// One row per SKU × location × week: the model, its parameters, the
/// backtest MASE of the chosen model and of the 52-week seasonal naive, and
/// the week's forecast with its 90 % interval.
pub fn forecasts_to_csv(forecasts: &[SeriesForecast]) -> String {
    let mut out = String::from(
        "sku_id,location_id,model,parameters,pattern,season,flags,mase,mase_seasonal_naive,bias,week,week_start,forecast,lower_90,upper_90\n",
    );
    for one in forecasts {
        let auto = &one.auto;
        let chosen = auto.chosen_score();
        let head = format!(
            "{},{},{},{},{},{},{},{},{},{}",
            one.sku,
            one.location,
            auto.model.name(),
            parameters(auto),
            auto.pattern.as_str(),
            auto.season.map_or(String::new(), |m| m.to_string()),
            flags(auto),
            optional(chosen.and_then(|c| c.mase)),
            optional(auto.seasonal_naive_mase),
            optional(chosen.map(|c| c.bias)),
        );
        for (week, (forecast, (lower, upper))) in auto.forecast.iter().zip(auto.interval(INTERVAL_Z)).enumerate() {
            let start = one.first_day + Days::new(7 * week as u64);
            out.push_str(&format!("{head},{},{start},{forecast:.3},{lower:.3},{upper:.3}\n", week + 1));
        }
    }
    out
}

/// The same as [`forecasts_to_csv`] as a JSON array, one object per SKU ×
/// location, with every candidate's backtest errors.
pub fn forecasts_to_json(forecasts: &[SeriesForecast]) -> String {
    let items: Vec<serde_json::Value> = forecasts
        .iter()
        .map(|one| {
            let auto = &one.auto;
            let candidates: Vec<serde_json::Value> = auto
                .candidates
                .iter()
                .map(|c| {
                    serde_json::json!({
                        "model": c.model.name(),
                        "parameters": parameter_map(&c.model),
                        "mase": c.mase,
                        "mae": c.mae,
                        "bias": c.bias,
                        "score": c.score,
                    })
                })
                .collect();
            let weeks: Vec<serde_json::Value> = auto
                .forecast
                .iter()
                .zip(auto.interval(INTERVAL_Z))
                .enumerate()
                .map(|(week, (forecast, (lower, upper)))| {
                    serde_json::json!({
                        "week": week + 1,
                        "week_start": (one.first_day + Days::new(7 * week as u64)).to_string(),
                        "forecast": forecast,
                        "error_sd": auto.error_sd[week],
                        "lower_90": lower,
                        "upper_90": upper,
                    })
                })
                .collect();
            serde_json::json!({
                "sku_id": one.sku.to_string(),
                "location_id": one.location.to_string(),
                "model": auto.model.name(),
                "parameters": parameter_map(&auto.model),
                "pattern": auto.pattern.as_str(),
                "season": auto.season,
                "flags": auto.flags.iter().map(|f| f.as_str()).collect::<Vec<_>>(),
                "history_weeks": one.weeks.values.len(),
                "backtest_weeks": one.backtest_weeks,
                "mase": auto.chosen_score().and_then(|c| c.mase),
                "mase_seasonal_naive": auto.seasonal_naive_mase,
                "candidates": candidates,
                "forecast": weeks,
            })
        })
        .collect();
    serde_json::to_string_pretty(&items).unwrap_or_default()
}
