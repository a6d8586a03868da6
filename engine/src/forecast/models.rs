//! Forecasting models with given parameters.
//!
//! Conventions shared by all models: `series` holds one value per bucket,
//! oldest first, and must be non-empty and finite. `fitted[t]` is the
//! one-step-ahead forecast of `series[t]` made from `series[..t]` only
//! (`None` where the model has too little to go on); `forecast[h − 1]` is the
//! forecast `h` buckets after the last observation, for `h` in `1..=horizon`
//! (`horizon = 0` gives an empty forecast).

use super::{check_series, ForecastError};

/// Fitted one-step values and the forecast of a model without states.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelFit {
    /// `fitted[t]`: the forecast of `series[t]` from the values before it.
    pub fitted: Vec<Option<f64>>,
    /// `forecast[h − 1]`: the forecast for horizon `h`.
    pub forecast: Vec<f64>,
}

/// Naive forecast: every forecast is the last observation.
///
/// `fitted[0]` is `None`, `fitted[t] = series[t − 1]`; the forecast for every
/// horizon is `series[n − 1]`. Refuses an empty or non-finite series.
pub fn naive(series: &[f64], horizon: usize) -> Result<ModelFit, ForecastError> {
    check_series("demand", series)?;
    let fitted = std::iter::once(None).chain(series[..series.len() - 1].iter().copied().map(Some)).collect();
    let last = series[series.len() - 1];
    Ok(ModelFit { fitted, forecast: vec![last; horizon] })
}

/// Seasonal naive forecast with season `m`: each forecast is the observation
/// one season earlier.
///
/// `fitted[t]` is `None` for `t < m`, `series[t − m]` otherwise; the forecast
/// for horizon `h` is `series[n − m + ((h − 1) mod m)]`, the last observed
/// value in the same position of the season. Refused: `m = 0`, and fewer than
/// `m` observations (an error, not a silently repeated partial cycle).
pub fn seasonal_naive(series: &[f64], m: usize, horizon: usize) -> Result<ModelFit, ForecastError> {
    check_series("demand", series)?;
    if m == 0 {
        return Err(ForecastError::InvalidParameter { name: "m", value: 0.0, reason: "the season must be at least 1" });
    }
    let n = series.len();
    if n < m {
        return Err(ForecastError::TooShort { what: "demand", needed: m, got: n });
    }
    let fitted = (0..n).map(|t| t.checked_sub(m).map(|s| series[s])).collect();
    let last_season = &series[n - m..];
    let forecast = (0..horizon).map(|i| last_season[i % m]).collect();
    Ok(ModelFit { fitted, forecast })
}

/// Simple moving average of the last `window` observations.
///
/// `fitted[t]` is `None` for `t < window`, otherwise the mean of
/// `series[t − window..t]`; the forecast for every horizon is the mean of the
/// last `window` observations (flat, not fed back on itself). Refused:
/// `window = 0`, and fewer than `window` observations.
pub fn moving_average(series: &[f64], window: usize, horizon: usize) -> Result<ModelFit, ForecastError> {
    check_series("demand", series)?;
    if window == 0 {
        return Err(ForecastError::InvalidParameter {
            name: "window",
            value: 0.0,
            reason: "the window must hold at least 1 observation",
        });
    }
    let n = series.len();
    if n < window {
        return Err(ForecastError::TooShort { what: "demand", needed: window, got: n });
    }
    let mean = |slice: &[f64]| slice.iter().sum::<f64>() / window as f64;
    let fitted = (0..n).map(|t| t.checked_sub(window).map(|start| mean(&series[start..t]))).collect();
    let level = mean(&series[n - window..]);
    Ok(ModelFit { fitted, forecast: vec![level; horizon] })
}

/// Fitted values, final state and forecast of simple exponential smoothing.
#[derive(Debug, Clone, PartialEq)]
pub struct SesFit {
    /// `fitted[t] = ℓ_{t−1}`, the level before observing `series[t]`.
    pub fitted: Vec<f64>,
    /// `ℓ_n`, the level after the last observation.
    pub final_level: f64,
    /// `forecast[h − 1] = ℓ_n` for every horizon.
    pub forecast: Vec<f64>,
}

/// Simple exponential smoothing in component form, as in Hyndman &
/// Athanasopoulos, *Forecasting: Principles and Practice* (3rd ed.) §8.1:
/// `ℓ_t = α·y_t + (1 − α)·ℓ_{t−1}`, with `ℓ_0 = initial_level` given by the
/// caller (not estimated here).
///
/// With 0-based `series`, `fitted[t]` is the level before observing
/// `series[t]` (so `fitted[0] = initial_level`); the forecast is flat at the
/// final level `ℓ_n` for every horizon. Refused: `alpha` outside (0, 1] or
/// not finite, a non-finite `initial_level`, an empty or non-finite series.
pub fn simple_exponential_smoothing(
    series: &[f64],
    alpha: f64,
    initial_level: f64,
    horizon: usize,
) -> Result<SesFit, ForecastError> {
    check_series("demand", series)?;
    if !(alpha > 0.0 && alpha <= 1.0) {
        return Err(ForecastError::InvalidParameter {
            name: "alpha",
            value: alpha,
            reason: "alpha must lie in (0, 1]",
        });
    }
    if !initial_level.is_finite() {
        return Err(ForecastError::InvalidParameter {
            name: "initial_level",
            value: initial_level,
            reason: "the initial level must be finite",
        });
    }
    let mut level = initial_level;
    let mut fitted = Vec::with_capacity(series.len());
    for &y in series {
        fitted.push(level);
        level = alpha * y + (1.0 - alpha) * level;
    }
    Ok(SesFit { fitted, final_level: level, forecast: vec![level; horizon] })
}
