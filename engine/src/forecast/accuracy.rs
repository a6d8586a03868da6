//! Forecast accuracy metrics.
//!
//! Conventions shared by all metrics: `actual` and `forecast` are aligned
//! period by period (index `t` of one is the same period as index `t` of the
//! other); both must be non-empty, of equal length and finite, otherwise the
//! metric returns a [`ForecastError`]. Metrics that can be undefined on valid
//! input (MAPE, MASE) return `Ok(None)` in that case instead of a NaN or an
//! infinity.

use super::{check_series, ForecastError};

fn check_pair(actual: &[f64], forecast: &[f64]) -> Result<(), ForecastError> {
    if actual.len() != forecast.len() {
        return Err(ForecastError::LengthMismatch { actual: actual.len(), forecast: forecast.len() });
    }
    check_series("actual", actual)?;
    check_series("forecast", forecast)
}

/// Mean absolute error: `mean(|forecast_t − actual_t|)`.
pub fn mae(actual: &[f64], forecast: &[f64]) -> Result<f64, ForecastError> {
    check_pair(actual, forecast)?;
    let sum: f64 = actual.iter().zip(forecast).map(|(a, f)| (f - a).abs()).sum();
    Ok(sum / actual.len() as f64)
}

/// Root mean squared error: `sqrt(mean((forecast_t − actual_t)²))`.
pub fn rmse(actual: &[f64], forecast: &[f64]) -> Result<f64, ForecastError> {
    check_pair(actual, forecast)?;
    let sum: f64 = actual.iter().zip(forecast).map(|(a, f)| (f - a) * (f - a)).sum();
    Ok((sum / actual.len() as f64).sqrt())
}

/// Mean absolute percentage error, in percent:
/// `100 · mean(|forecast_t − actual_t| / |actual_t|)` over the periods whose
/// actual is non-zero. Periods with a zero actual are excluded (their
/// percentage error is undefined); `Ok(None)` when every actual is zero.
pub fn mape(actual: &[f64], forecast: &[f64]) -> Result<Option<f64>, ForecastError> {
    check_pair(actual, forecast)?;
    let (sum, n) = actual
        .iter()
        .zip(forecast)
        .filter(|(a, _)| **a != 0.0)
        .fold((0.0, 0usize), |(s, n), (a, f)| (s + ((f - a) / a).abs(), n + 1));
    Ok((n > 0).then(|| 100.0 * sum / n as f64))
}

/// Symmetric mean absolute percentage error, in percent (range 0..=200):
/// `100 · mean(2·|forecast_t − actual_t| / (|actual_t| + |forecast_t|))`
/// (Hyndman & Koehler 2006). A period where actual and forecast are both zero
/// is a perfect forecast and counts as 0, not as undefined.
pub fn smape(actual: &[f64], forecast: &[f64]) -> Result<f64, ForecastError> {
    check_pair(actual, forecast)?;
    let sum: f64 = actual
        .iter()
        .zip(forecast)
        .map(|(a, f)| {
            let denominator = a.abs() + f.abs();
            if denominator == 0.0 {
                0.0
            } else {
                2.0 * (f - a).abs() / denominator
            }
        })
        .sum();
    Ok(100.0 * sum / actual.len() as f64)
}

/// Mean absolute scaled error (Hyndman & Koehler 2006):
/// `MAE(actual, forecast) / scale`, where `scale` is the in-sample MAE of the
/// seasonal naive forecast with season `m` on `insample`,
/// `mean_{t = m..n−1}(|insample_t − insample_{t−m}|)` (0-based, `n` = length of
/// `insample`). `m = 1` is the ordinary naive scale.
///
/// Refused: `m = 0`, an `insample` with `m` or fewer values (no seasonal
/// difference exists), and the errors every metric refuses. `Ok(None)` when
/// the scale is 0 (the in-sample series repeats exactly with period `m`).
pub fn mase(actual: &[f64], forecast: &[f64], insample: &[f64], m: usize) -> Result<Option<f64>, ForecastError> {
    let error = mae(actual, forecast)?;
    if m == 0 {
        return Err(ForecastError::InvalidParameter { name: "m", value: 0.0, reason: "the season must be at least 1" });
    }
    check_series("in-sample", insample)?;
    if insample.len() <= m {
        return Err(ForecastError::TooShort { what: "in-sample", needed: m + 1, got: insample.len() });
    }
    let diffs = &insample[m..];
    let sum: f64 = diffs.iter().zip(insample).map(|(later, earlier)| (later - earlier).abs()).sum();
    let scale = sum / diffs.len() as f64;
    Ok((scale != 0.0).then(|| error / scale))
}

/// Bias: `mean(forecast_t − actual_t)`; positive means over-forecasting.
pub fn bias(actual: &[f64], forecast: &[f64]) -> Result<f64, ForecastError> {
    check_pair(actual, forecast)?;
    let sum: f64 = actual.iter().zip(forecast).map(|(a, f)| f - a).sum();
    Ok(sum / actual.len() as f64)
}
