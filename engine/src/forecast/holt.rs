//! Holt's linear trend method, optionally damped, with given parameters and
//! initial states (Hyndman & Athanasopoulos, *Forecasting: Principles and
//! Practice*, 3rd ed., §8.2).

use super::{check_series, ForecastError};

/// Smoothing parameters of Holt's method.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HoltParams {
    /// Level smoothing α, in (0, 1].
    pub alpha: f64,
    /// Trend smoothing β* (FPP3's starred form: a share of the level's change), in [0, 1].
    pub beta: f64,
    /// Damping φ, in (0, 1]; 1 is the undamped linear method.
    pub phi: f64,
}

/// Level and trend of Holt's method at one time.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HoltStates {
    /// ℓ_t.
    pub level: f64,
    /// b_t.
    pub trend: f64,
}

/// Fitted values, final states and forecast of Holt's method.
#[derive(Debug, Clone, PartialEq)]
pub struct HoltFit {
    /// `fitted[t] = ℓ_{t−1} + φ·b_{t−1}`, the one-step forecast of `series[t]`
    /// (0-based; `fitted[0]` comes from the initial states).
    pub fitted: Vec<f64>,
    /// ℓ_T and b_T after the last observation.
    pub final_state: HoltStates,
    /// `forecast[h − 1] = ℓ_T + (φ + φ² + … + φ^h)·b_T`.
    pub forecast: Vec<f64>,
}

/// Holt's linear method with an optionally damped trend, FPP3 §8.2:
/// `ℓ_t = α·y_t + (1 − α)(ℓ_{t−1} + φ·b_{t−1})`,
/// `b_t = β*(ℓ_t − ℓ_{t−1}) + (1 − β*)·φ·b_{t−1}`,
/// `ŷ_{T+h} = ℓ_T + (φ + … + φ^h)·b_T`; `φ = 1` is the undamped method
/// (`ŷ_{T+h} = ℓ_T + h·b_T`).
///
/// `initial` holds ℓ_0 and b_0, given by the caller. Values are the textbook's:
/// nothing is floored, so a falling trend can forecast below zero. Refused:
/// α outside (0, 1], β* outside [0, 1], φ outside (0, 1], non-finite initial
/// states, an empty or non-finite series.
pub fn holt(series: &[f64], params: HoltParams, initial: HoltStates, horizon: usize) -> Result<HoltFit, ForecastError> {
    check_series("demand", series)?;
    check_holt_params(params)?;
    check_state("initial_level", initial.level)?;
    check_state("initial_trend", initial.trend)?;
    let mut fitted = Vec::with_capacity(series.len());
    let final_state = holt_run(series, params, initial, |_, f| fitted.push(f));
    Ok(HoltFit { fitted, final_state, forecast: damped_trend_path(final_state, params.phi, horizon) })
}

/// Runs Holt's recursion, handing each one-step forecast to `on_fitted`
/// (index, value); returns the final states. Allocates nothing, so fitting
/// can call it in its inner loop.
#[inline]
pub(crate) fn holt_run(
    series: &[f64],
    params: HoltParams,
    initial: HoltStates,
    mut on_fitted: impl FnMut(usize, f64),
) -> HoltStates {
    let HoltParams { alpha, beta, phi } = params;
    // Error-correction form of the same recursion (ℓ_t − ℓ_{t−1} − φb_{t−1} = α·e_t, so
    // b_t = φb_{t−1} + αβ*·e_t): a shorter chain of dependent operations per step.
    let alpha_beta = alpha * beta;
    let (mut level, mut trend) = (initial.level, initial.trend);
    for (t, &y) in series.iter().enumerate() {
        let damped = phi * trend;
        let forecast = level + damped;
        on_fitted(t, forecast);
        let error = y - forecast;
        level = forecast + alpha * error;
        trend = damped + alpha_beta * error;
    }
    HoltStates { level, trend }
}

/// `ℓ + (φ + … + φ^h)·b` for `h = 1..=horizon`.
pub(crate) fn damped_trend_path(state: HoltStates, phi: f64, horizon: usize) -> Vec<f64> {
    let mut power = 1.0;
    let mut sum = 0.0;
    (0..horizon)
        .map(|_| {
            power *= phi;
            sum += power;
            state.level + sum * state.trend
        })
        .collect()
}

pub(crate) fn check_holt_params(params: HoltParams) -> Result<(), ForecastError> {
    check_range("alpha", params.alpha, false)?;
    check_range("beta", params.beta, true)?;
    check_range("phi", params.phi, false)
}

/// `value` in (0, 1], or in [0, 1] when `zero_allowed`.
pub(crate) fn check_range(name: &'static str, value: f64, zero_allowed: bool) -> Result<(), ForecastError> {
    let low_ok = if zero_allowed { value >= 0.0 } else { value > 0.0 };
    if low_ok && value <= 1.0 {
        Ok(())
    } else {
        let reason = if zero_allowed { "must lie in [0, 1]" } else { "must lie in (0, 1]" };
        Err(ForecastError::InvalidParameter { name, value, reason })
    }
}

pub(crate) fn check_state(name: &'static str, value: f64) -> Result<(), ForecastError> {
    if value.is_finite() {
        Ok(())
    } else {
        Err(ForecastError::InvalidParameter { name, value, reason: "an initial state must be finite" })
    }
}
