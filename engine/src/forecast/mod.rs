//! Demand forecasting: models, their initialisation and fitting, and
//! accuracy metrics as pure functions.
//!
//! Every model takes plain `f64` series (one value per bucket, oldest first),
//! its parameters and, where it has them, its initial states, and returns
//! fitted one-step values, final states and the forecast, so each can be
//! checked by hand or against a textbook or reference implementation:
//! naive, seasonal naive, moving average, SES (`models`); Holt with optional
//! damping (`holt`); Holt-Winters additive and multiplicative with the
//! classical two-season and a one-season initialisation (`holt_winters`);
//! Croston, SBA and TSB initialised as statsforecast does (`intermittent`).
//! Fitting is separate (`fit`): a deterministic bounded grid and
//! golden-section search minimising the in-sample one-step squared error,
//! with allocation-free inner loops. Models return textbook values (Holt may
//! forecast below zero; flooring is the caller's choice). Invalid input is
//! refused with a [`ForecastError`], never silently clamped.
//!
//! On top of the models: `series` cuts a SKU × location's daily history into
//! the weekly series they run on, `auto` chooses a model per series by a
//! rolling-origin backtest (fitting the candidates' parameters with `fit`),
//! `backtest` scores that choice across a portfolio, and `report` runs it
//! over a workspace and renders the result for the CLI.

pub mod accuracy;
pub mod auto;
pub mod backtest;
pub mod bench;
pub mod fit;
pub mod holt;
pub mod holt_winters;
pub mod inputs;
pub mod intermittent;
pub mod models;
pub mod planning;
pub mod report;
pub mod series;

pub use accuracy::{bias, mae, mape, mase, rmse, smape};
pub use auto::{
    choose_forecast, choose_forecast_pinned, detect_season, pooled_sum, robust_trend_slope, AutoForecast, AutoSettings,
    CandidateScore, ForecastFlag, Model, Pinned, SeasonRule, SeasonalModel, SHRINK_WEIGHT,
};
pub use backtest::{
    pattern_group, portfolio_backtest, portfolio_backtest_pooled, portfolio_table, PatternGroup, PortfolioReport,
};
pub use fit::{
    fit_croston, fit_holt, fit_holt_winters, fit_ses, fit_tsb, FittedCroston, FittedHolt, FittedHoltWinters, FittedSes,
    FittedTsb, Trend,
};
pub use holt::{holt, HoltFit, HoltParams, HoltStates};
pub use holt_winters::{
    classical_initial_states, holt_winters, one_season_initial_states, HoltWintersFit, HoltWintersParams,
    HoltWintersStates, Seasonality,
};
pub use intermittent::{croston, croston_sba, tsb, CrostonFit, CrostonState, TsbFit, TsbState};
pub use models::{moving_average, naive, seasonal_naive, simple_exponential_smoothing, ModelFit, SesFit};
pub use planning::{
    backtest_horizons, demand_estimate, forecast_detail, forecast_summary, forecasts_for_planning, plan_for_settings,
    plan_from_forecasts, plan_with_forecasts, ForecastBrief, ForecastDetail, ForecastSummary, PLANNING_HORIZON_WEEKS,
};
pub use report::{
    forecast_workspace, forecast_workspace_with, forecasts_to_csv, forecasts_to_json, refresh_forecasts,
    ForecastRefresh, ForecastRun, Refreshed, SeriesForecast,
};
pub use series::{weekly_series, weekly_series_by_location, WeekKind, WeeklySeries};

/// Why a forecasting function refused its input.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ForecastError {
    /// A series that must hold at least one value was empty.
    #[error("the {what} series is empty")]
    Empty { what: &'static str },
    /// Two series that are compared period by period differ in length.
    #[error("the actual series has {actual} values but the forecast has {forecast}")]
    LengthMismatch { actual: usize, forecast: usize },
    /// A value is NaN or infinite.
    #[error("the {what} series has a non-finite value {value} at index {index}")]
    NonFinite { what: &'static str, index: usize, value: f64 },
    /// The series is shorter than the model or metric needs.
    #[error("the {what} series has {got} values but at least {needed} are needed")]
    TooShort { what: &'static str, needed: usize, got: usize },
    /// A value is negative where the model needs demand (zero or more).
    #[error("the {what} series has a negative value {value} at index {index}")]
    Negative { what: &'static str, index: usize, value: f64 },
    /// A value is zero or negative where a multiplicative model divides by it.
    #[error("the {what} series has a value {value} at index {index}; a multiplicative model needs positive values")]
    NotPositive { what: &'static str, index: usize, value: f64 },
    /// A part of a series that must hold some demand is all zero.
    #[error("the {what} series is all zero")]
    AllZero { what: &'static str },
    /// A model's states stopped being finite (e.g. a multiplicative model whose level plus trend reached 0).
    #[error("{what} became unstable: its states are no longer finite")]
    Unstable { what: &'static str },
    /// A parameter lies outside its allowed range.
    #[error("parameter {name} = {value} is invalid: {reason}")]
    InvalidParameter { name: &'static str, value: f64, reason: &'static str },
    /// Forecasts to refresh were made for another day, horizon or demand history.
    #[error("the forecasts were made for another day, horizon or demand history; forecast again")]
    Stale,
}

/// Refuses an empty series or one holding NaN or an infinity.
pub(crate) fn check_series(what: &'static str, series: &[f64]) -> Result<(), ForecastError> {
    if series.is_empty() {
        return Err(ForecastError::Empty { what });
    }
    match series.iter().position(|v| !v.is_finite()) {
        Some(index) => Err(ForecastError::NonFinite { what, index, value: series[index] }),
        None => Ok(()),
    }
}
