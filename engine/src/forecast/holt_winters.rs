//! Holt-Winters additive and multiplicative seasonal methods, optionally
//! damped, with given parameters and initial states (Hyndman &
//! Athanasopoulos, *Forecasting: Principles and Practice*, 3rd ed., §8.3),
//! and two ways to initialise the states from the data: the classical one
//! from two full seasons and a one-season one for short weekly histories.

use super::holt::{check_range, check_state};
use super::{check_series, ForecastError};

/// How the seasonal component combines with level and trend.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seasonality {
    /// `y ≈ ℓ + b + s`.
    Additive,
    /// `y ≈ (ℓ + b)·s`; refuses data that are not all positive.
    Multiplicative,
}

/// Smoothing parameters of Holt-Winters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HoltWintersParams {
    /// Level smoothing α, in (0, 1].
    pub alpha: f64,
    /// Trend smoothing β* (FPP3's starred form), in [0, 1]. A model without
    /// trend is `beta = 0` with an initial trend of 0.
    pub beta: f64,
    /// Seasonal smoothing γ, in [0, 1].
    pub gamma: f64,
    /// Damping φ, in (0, 1]; 1 is undamped.
    pub phi: f64,
}

/// Level, trend and the last season of seasonal states at one time `t`.
#[derive(Debug, Clone, PartialEq)]
pub struct HoltWintersStates {
    /// ℓ_t.
    pub level: f64,
    /// b_t.
    pub trend: f64,
    /// `[s_{t−m+1}, …, s_t]`, oldest first; its length is the season `m`.
    /// As initial states (t = 0): `[s_{1−m}, …, s_0]`.
    pub seasonal: Vec<f64>,
}

/// Fitted values, final states and forecast of Holt-Winters.
#[derive(Debug, Clone, PartialEq)]
pub struct HoltWintersFit {
    /// `fitted[t]`: the one-step forecast of `series[t]` (0-based) from the
    /// states before it: `ℓ + φb + s_{t−m}` (additive) or `(ℓ + φb)·s_{t−m}`.
    pub fitted: Vec<f64>,
    /// States after the last observation, in the same layout as the initial
    /// ones, so a run can be continued.
    pub final_state: HoltWintersStates,
    /// `forecast[h − 1]` for `h = 1..=horizon`.
    pub forecast: Vec<f64>,
}

/// Holt-Winters, FPP3 §8.3, with an optionally damped trend (φ = 1 undamped).
/// Additive:
/// `ℓ_t = α(y_t − s_{t−m}) + (1 − α)(ℓ_{t−1} + φb_{t−1})`,
/// `b_t = β*(ℓ_t − ℓ_{t−1}) + (1 − β*)φb_{t−1}`,
/// `s_t = γ(y_t − ℓ_{t−1} − φb_{t−1}) + (1 − γ)s_{t−m}`,
/// `ŷ_{T+h} = ℓ_T + (φ + … + φ^h)b_T + s_{T+h−m(k+1)}` with `k = ⌊(h − 1)/m⌋`.
/// Multiplicative divides by the seasonal state instead of subtracting it
/// (`ℓ_t = α·y_t/s_{t−m} + …`, `s_t = γ·y_t/(ℓ_{t−1} + φb_{t−1}) + (1 − γ)s_{t−m}`)
/// and multiplies it into the forecast. With φ = 1 the trend term is `h·b_T`.
///
/// The seasonal state used at horizon `h` is the latest one for that
/// position in the season: at `h = m, 2m, …` it is `s_T` itself (not
/// `s_{T−m}`). `initial.seasonal` is `[s_{1−m}, …, s_0]` and its length is
/// the season `m` (at least 1); the initial states come from the caller or
/// from [`classical_initial_states`] / [`one_season_initial_states`].
/// Textbook values: nothing is floored. Refused: α or φ outside (0, 1], β*
/// or γ outside [0, 1], non-finite initial states, an empty or non-finite
/// series; multiplicative also refuses a series or seasonal state that is
/// not positive, and a run whose states stop being finite (a level plus
/// trend reaching 0) is refused as [`ForecastError::Unstable`].
pub fn holt_winters(
    series: &[f64],
    seasonality: Seasonality,
    params: HoltWintersParams,
    initial: &HoltWintersStates,
    horizon: usize,
) -> Result<HoltWintersFit, ForecastError> {
    check_series("demand", series)?;
    check_hw_params(params)?;
    check_state("initial_level", initial.level)?;
    check_state("initial_trend", initial.trend)?;
    if initial.seasonal.is_empty() {
        return Err(ForecastError::Empty { what: "initial seasonal" });
    }
    check_series("initial seasonal", &initial.seasonal)?;
    if seasonality == Seasonality::Multiplicative {
        check_positive("demand", series)?;
        check_positive("initial seasonal", &initial.seasonal)?;
    }
    let mut seasonal = initial.seasonal.clone();
    let mut fitted = Vec::with_capacity(series.len());
    let (level, trend, next) =
        hw_run(series, seasonality, params, initial.level, initial.trend, &mut seasonal, |_, f| fitted.push(f));
    let final_state = HoltWintersStates { level, trend, seasonal: rotate(&seasonal, next) };
    if !(level.is_finite() && trend.is_finite())
        || final_state.seasonal.iter().any(|s| !s.is_finite())
        || fitted.iter().any(|f: &f64| !f.is_finite())
    {
        return Err(ForecastError::Unstable { what: "Holt-Winters" });
    }
    let forecast = hw_forecast(&final_state, seasonality, params.phi, horizon);
    Ok(HoltWintersFit { fitted, final_state, forecast })
}

/// `ℓ_T + (φ + … + φ^h)b_T` combined with `s_{T+h−m(k+1)}`. The final seasonal
/// states are `[s_{T−m+1}, …, s_T]`, so that state sits at `(h − 1) mod m`.
pub(crate) fn hw_forecast(state: &HoltWintersStates, seasonality: Seasonality, phi: f64, horizon: usize) -> Vec<f64> {
    let m = state.seasonal.len();
    let mut power = 1.0;
    let mut sum = 0.0;
    (0..horizon)
        .map(|i| {
            power *= phi;
            sum += power;
            let base = state.level + sum * state.trend;
            let s = state.seasonal[i % m];
            match seasonality {
                Seasonality::Additive => base + s,
                Seasonality::Multiplicative => base * s,
            }
        })
        .collect()
}

/// Runs the Holt-Winters recursion on `seasonal` in place (a ring whose
/// slot `t mod m` holds `s_{t−m}` when `series[t]` is read), handing each
/// one-step forecast to `on_fitted`. Returns the final level, trend and the
/// ring slot that holds the oldest seasonal state. Allocates nothing, so
/// fitting can call it in its inner loop.
#[inline]
pub(crate) fn hw_run(
    series: &[f64],
    seasonality: Seasonality,
    params: HoltWintersParams,
    level: f64,
    trend: f64,
    seasonal: &mut [f64],
    on_fitted: impl FnMut(usize, f64),
) -> (f64, f64, usize) {
    match seasonality {
        Seasonality::Additive => hw_run_kind::<false>(series, params, level, trend, seasonal, on_fitted),
        Seasonality::Multiplicative => hw_run_kind::<true>(series, params, level, trend, seasonal, on_fitted),
    }
}

#[inline]
fn hw_run_kind<const MULTIPLICATIVE: bool>(
    series: &[f64],
    params: HoltWintersParams,
    mut level: f64,
    mut trend: f64,
    seasonal: &mut [f64],
    mut on_fitted: impl FnMut(usize, f64),
) -> (f64, f64, usize) {
    let HoltWintersParams { alpha, beta, gamma, phi } = params;
    // Error-correction form of FPP3's equations (same values, a shorter chain of dependent
    // operations per step): with base = ℓ_{t−1} + φb_{t−1} and u = y_t − s_{t−m} − base (additive) or
    // y_t/s_{t−m} − base (multiplicative), ℓ_t = base + α·u and b_t = φb_{t−1} + αβ*·u.
    let alpha_beta = alpha * beta;
    let m = seasonal.len();
    let mut slot = 0;
    for (t, &y) in series.iter().enumerate() {
        let s_old = seasonal[slot];
        let damped = phi * trend;
        let base = level + damped;
        let u;
        if MULTIPLICATIVE {
            on_fitted(t, base * s_old);
            u = y / s_old - base;
            seasonal[slot] = gamma * (y / base) + (1.0 - gamma) * s_old;
        } else {
            on_fitted(t, base + s_old);
            u = y - s_old - base;
            seasonal[slot] = s_old + gamma * u;
        }
        level = base + alpha * u;
        trend = damped + alpha_beta * u;
        slot += 1;
        if slot == m {
            slot = 0;
        }
    }
    (level, trend, slot)
}

/// The ring read from its oldest slot: `[s_{T−m+1}, …, s_T]`.
fn rotate(ring: &[f64], oldest: usize) -> Vec<f64> {
    ring[oldest..].iter().chain(&ring[..oldest]).copied().collect()
}

/// The classical initialisation from the first two full seasons (FPP3 §8.3
/// and Hyndman et al. 2008 §2.6.1's simple heuristic): `ℓ_0` = the mean of
/// season 1, `b_0` = (mean of season 2 − mean of season 1) / m, and
/// `s_{i−m} = y_i − ℓ_0` (additive) or `y_i / ℓ_0` (multiplicative) for the
/// 1-based positions `i = 1..=m` of season 1, returned as `[s_{1−m}, …, s_0]`.
///
/// Refused: `m = 0`; fewer than `2m` observations; a first season that is all
/// zero; an empty or non-finite series; for multiplicative, any value that
/// is not positive (the model refuses those anyway).
pub fn classical_initial_states(
    series: &[f64],
    m: usize,
    seasonality: Seasonality,
) -> Result<HoltWintersStates, ForecastError> {
    check_initialisation_input(series, m, 2, seasonality)?;
    let level = mean(&series[..m]);
    let trend = (mean(&series[m..2 * m]) - level) / m as f64;
    let seasonal = raw_seasonal(&series[..m], level, seasonality);
    Ok(HoltWintersStates { level, trend, seasonal })
}

/// A one-season initialisation for short histories (weekly data with
/// `m = 52` often has one or two years, too little for the classical one
/// once a holdout is set aside): `ℓ_0` = the mean of the first season,
/// `b_0 = 0`, and seasonal states from that season as in the classical
/// initialisation (`y_i − ℓ_0` or `y_i / ℓ_0`), then smoothed by a centred
/// circular moving average of odd `smoothing_width` (`1` = no smoothing;
/// the window wraps from the end of the season to its start, so week 52
/// neighbours week 1), then normalised to sum 0 (additive) or mean 1
/// (multiplicative). Smoothing trades a sharper seasonal shape for less of
/// one year's noise in the states.
///
/// Refused: `m = 0`; fewer than `m` observations; an even `smoothing_width`,
/// 0, or one wider than `m`; a first season that is all zero; an empty or
/// non-finite series; for multiplicative, any value that is not positive.
pub fn one_season_initial_states(
    series: &[f64],
    m: usize,
    seasonality: Seasonality,
    smoothing_width: usize,
) -> Result<HoltWintersStates, ForecastError> {
    check_initialisation_input(series, m, 1, seasonality)?;
    if smoothing_width.is_multiple_of(2) || smoothing_width > m {
        return Err(ForecastError::InvalidParameter {
            name: "smoothing_width",
            value: smoothing_width as f64,
            reason: "the smoothing width must be odd and at most the season length",
        });
    }
    let level = mean(&series[..m]);
    let raw = raw_seasonal(&series[..m], level, seasonality);
    let half = smoothing_width / 2;
    let mut seasonal: Vec<f64> = (0..m)
        .map(|i| (0..smoothing_width).map(|j| raw[(i + m + j - half) % m]).sum::<f64>() / smoothing_width as f64)
        .collect();
    let centre = mean(&seasonal);
    for s in &mut seasonal {
        match seasonality {
            Seasonality::Additive => *s -= centre,
            Seasonality::Multiplicative => *s /= centre,
        }
    }
    Ok(HoltWintersStates { level, trend: 0.0, seasonal })
}

fn check_initialisation_input(
    series: &[f64],
    m: usize,
    seasons: usize,
    seasonality: Seasonality,
) -> Result<(), ForecastError> {
    check_series("demand", series)?;
    if m == 0 {
        return Err(ForecastError::InvalidParameter { name: "m", value: 0.0, reason: "the season must be at least 1" });
    }
    if series.len() < seasons * m {
        return Err(ForecastError::TooShort { what: "demand", needed: seasons * m, got: series.len() });
    }
    if seasonality == Seasonality::Multiplicative {
        check_positive("demand", series)?;
    }
    if series[..m].iter().all(|&y| y == 0.0) {
        return Err(ForecastError::AllZero { what: "first season of the demand" });
    }
    Ok(())
}

fn raw_seasonal(season: &[f64], level: f64, seasonality: Seasonality) -> Vec<f64> {
    season
        .iter()
        .map(|&y| match seasonality {
            Seasonality::Additive => y - level,
            Seasonality::Multiplicative => y / level,
        })
        .collect()
}

fn mean(values: &[f64]) -> f64 {
    values.iter().sum::<f64>() / values.len() as f64
}

pub(crate) fn check_hw_params(params: HoltWintersParams) -> Result<(), ForecastError> {
    check_range("alpha", params.alpha, false)?;
    check_range("beta", params.beta, true)?;
    check_range("gamma", params.gamma, true)?;
    check_range("phi", params.phi, false)
}

fn check_positive(what: &'static str, values: &[f64]) -> Result<(), ForecastError> {
    match values.iter().position(|&v| v <= 0.0) {
        Some(index) => Err(ForecastError::NotPositive { what, index, value: values[index] }),
        None => Ok(()),
    }
}
