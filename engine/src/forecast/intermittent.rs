//! Intermittent-demand models: Croston, SBA and TSB with given smoothing
//! parameters, initialised exactly as statsforecast 2.1.1 does (`_croston_classic`,
//! `_croston_sba`, `_tsb` in `statsforecast/models.py`, with `ses_forecast`,
//! `expand_fitted_demand` and `expand_fitted_intervals` of its `src/ses.cpp`).
//!
//! The shared building block is statsforecast's SES on a sub-series `x`: the
//! level starts at `x[0]` (so the level after the first value is `x[0]` itself)
//! and `ℓ_j = α·x[j] + (1 − α)·ℓ_{j−1}` afterwards. Croston smooths the
//! demand sizes (the non-zero values) and the intervals between demands (the
//! first interval is the 1-based index of the first non-zero period); TSB
//! smooths the sizes and the occurrence indicator of every period (starting at
//! the first period's indicator). Demand is refused if negative: the sizes
//! and the intervals would disagree about what a demand is.

use super::{check_series, ForecastError};

/// Fitted values, final states and forecast of Croston or SBA.
#[derive(Debug, Clone, PartialEq)]
pub struct CrostonFit {
    /// `fitted[t]`: the forecast of `series[t]` from the values before it;
    /// `None` at `t = 0` (statsforecast's NaN).
    pub fitted: Vec<Option<f64>>,
    /// Smoothed demand size and interval after the last observation; `None`
    /// for an all-zero series, which has neither.
    pub final_state: Option<CrostonState>,
    /// `forecast[h − 1]`: flat, the same for every horizon.
    pub forecast: Vec<f64>,
}

/// Croston's two smoothed components.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CrostonState {
    /// Smoothed size of a non-zero demand.
    pub size: f64,
    /// Smoothed number of periods between demands.
    pub interval: f64,
}

/// Fitted values, final states and forecast of TSB.
#[derive(Debug, Clone, PartialEq)]
pub struct TsbFit {
    /// `fitted[t]`: the forecast of `series[t]` from the values before it;
    /// `None` at `t = 0`.
    pub fitted: Vec<Option<f64>>,
    /// Smoothed size and probability after the last observation; `None` for an
    /// all-zero series.
    pub final_state: Option<TsbState>,
    /// `forecast[h − 1]`: flat, the same for every horizon.
    pub forecast: Vec<f64>,
}

/// TSB's two smoothed components.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TsbState {
    /// Smoothed size of a non-zero demand (updated only in demand periods).
    pub size: f64,
    /// Smoothed probability that a period has demand (updated every period).
    pub probability: f64,
}

/// Croston's method (Croston 1972) with given smoothing parameters for the
/// demand size (`alpha_size`) and the interval between demands
/// (`alpha_interval`); statsforecast's `CrostonClassic` is this with both 0.1.
///
/// Initialisation (statsforecast): size = the first non-zero demand, interval
/// = the 1-based index of the first non-zero period; each demand period then
/// updates `z ← α_z·y + (1 − α_z)·z` and `p ← α_p·q + (1 − α_p)·p` where `q`
/// is the number of periods since the previous demand. `fitted[t] = z / p`
/// with the states after the demands before `t`, `0` before the first demand
/// (and `p` read as 1 if it were 0); `fitted[0]` is `None`. The forecast is
/// the final `z / p` for every horizon. An all-zero series forecasts 0 with
/// fitted values 0 (statsforecast falls back to its naive model there).
/// Refused: either alpha outside (0, 1], an empty, non-finite or negative
/// series.
pub fn croston(
    series: &[f64],
    alpha_size: f64,
    alpha_interval: f64,
    horizon: usize,
) -> Result<CrostonFit, ForecastError> {
    check_demand(series)?;
    check_alpha("alpha_size", alpha_size)?;
    check_alpha("alpha_interval", alpha_interval)?;
    Ok(croston_unchecked(series, alpha_size, alpha_interval, 1.0, horizon))
}

/// The Syntetos–Boylan approximation (Syntetos & Boylan 2005): Croston's
/// method with every fitted value and forecast multiplied by
/// `1 − alpha_interval / 2`, the bias correction for the smoothed interval.
/// statsforecast's `CrostonSBA` is this with both alphas 0.1 (factor 0.95).
/// States, initialisation and refusals as [`croston`]; the final states are
/// Croston's, uncorrected.
pub fn croston_sba(
    series: &[f64],
    alpha_size: f64,
    alpha_interval: f64,
    horizon: usize,
) -> Result<CrostonFit, ForecastError> {
    check_demand(series)?;
    check_alpha("alpha_size", alpha_size)?;
    check_alpha("alpha_interval", alpha_interval)?;
    Ok(croston_unchecked(series, alpha_size, alpha_interval, 1.0 - alpha_interval / 2.0, horizon))
}

fn croston_unchecked(series: &[f64], alpha_size: f64, alpha_interval: f64, factor: f64, horizon: usize) -> CrostonFit {
    let mut fitted = Vec::with_capacity(series.len());
    let mut state: Option<CrostonState> = None;
    let mut since_demand = 0.0;
    for &y in series {
        let before = match state {
            None => 0.0,
            Some(s) => factor * s.size / if s.interval == 0.0 { 1.0 } else { s.interval },
        };
        fitted.push(before);
        since_demand += 1.0;
        if y > 0.0 {
            state = Some(match state {
                None => CrostonState { size: y, interval: since_demand },
                Some(s) => CrostonState {
                    size: alpha_size * y + (1.0 - alpha_size) * s.size,
                    interval: alpha_interval * since_demand + (1.0 - alpha_interval) * s.interval,
                },
            });
            since_demand = 0.0;
        }
    }
    let next = match state {
        None => 0.0,
        Some(s) if s.interval != 0.0 => factor * s.size / s.interval,
        Some(s) => factor * s.size,
    };
    let mut fitted: Vec<Option<f64>> = fitted.into_iter().map(Some).collect();
    fitted[0] = None;
    CrostonFit { fitted, final_state: state, forecast: vec![next; horizon] }
}

/// Teunter–Syntetos–Babai (2011) with given smoothing parameters for the
/// demand size (`alpha_size`, statsforecast's `alpha_d`) and the probability
/// of demand (`alpha_probability`, its `alpha_p`), as statsforecast's `TSB`.
///
/// Initialisation (statsforecast): probability = the first period's
/// occurrence indicator (1 if `series[0] > 0`, else 0), size = the first
/// non-zero demand. Every period updates `d ← α_d·[y > 0] + (1 − α_d)·d`; only
/// demand periods update `z ← α_z·y + (1 − α_z)·z`. `fitted[t] = d·z` with the
/// states before `t`, where `z` is 0 before the first demand; `fitted[0]` is
/// `None`. The forecast is the final `d·z` for every horizon; an all-zero
/// series forecasts 0 with fitted values 0. Refused: either alpha outside
/// (0, 1], an empty, non-finite or negative series.
pub fn tsb(series: &[f64], alpha_size: f64, alpha_probability: f64, horizon: usize) -> Result<TsbFit, ForecastError> {
    check_demand(series)?;
    check_alpha("alpha_size", alpha_size)?;
    check_alpha("alpha_probability", alpha_probability)?;
    let mut fitted = Vec::with_capacity(series.len());
    let mut probability = if series[0] > 0.0 { 1.0 } else { 0.0 };
    let mut size: Option<f64> = None;
    for (t, &y) in series.iter().enumerate() {
        fitted.push(if t == 0 { None } else { Some(probability * size.unwrap_or(0.0)) });
        let occurred = if y > 0.0 { 1.0 } else { 0.0 };
        if t > 0 {
            probability = alpha_probability * occurred + (1.0 - alpha_probability) * probability;
        }
        if y > 0.0 {
            size = Some(size.map_or(y, |z| alpha_size * y + (1.0 - alpha_size) * z));
        }
    }
    let final_state = size.map(|size| TsbState { size, probability });
    let next = final_state.map_or(0.0, |s| s.probability * s.size);
    Ok(TsbFit { fitted, final_state, forecast: vec![next; horizon] })
}

/// Refuses an empty, non-finite or negative demand series.
pub(crate) fn check_demand(series: &[f64]) -> Result<(), ForecastError> {
    check_series("demand", series)?;
    match series.iter().position(|&v| v < 0.0) {
        Some(index) => Err(ForecastError::Negative { what: "demand", index, value: series[index] }),
        None => Ok(()),
    }
}

pub(crate) fn check_alpha(name: &'static str, alpha: f64) -> Result<(), ForecastError> {
    if alpha > 0.0 && alpha <= 1.0 {
        Ok(())
    } else {
        Err(ForecastError::InvalidParameter { name, value: alpha, reason: "a smoothing parameter must lie in (0, 1]" })
    }
}
