//! Deterministic parameter fitting: a bounded search minimising the
//! in-sample one-step squared error (SSE), never random.
//!
//! The search (`minimise`) evaluates a fixed coarse grid, then refines from
//! the best point seen by coordinate-wise golden-section search: two sweeps
//! over the parameters, each a golden-section of [`GOLDEN_STEPS`] steps on a
//! bracket of ± one grid step around the current best (half a step in the
//! second sweep), clipped to the bounds. The best point ever evaluated wins
//! (ties keep the earlier one). Only `+ − × ÷` on `f64` in a fixed order, so
//! the same data gives the same parameters natively and in Wasm.
//!
//! Bounds (FPP3 §8.2 restricts φ to [0.8, 0.98] for the same reason: values
//! near 1 are indistinguishable from an undamped trend):
//! α ∈ [0.01, 1], β* ∈ [0, 1], γ ∈ [0, 1], φ ∈ [0.8, 0.98]; Croston's and
//! TSB's alphas ∈ [0.1, 0.3] as statsforecast's optimised Croston.
//!
//! Initial states: SES and Holt estimate ℓ_0 (and b_0) jointly with the
//! parameters, exactly and cheaply, because for fixed smoothing parameters
//! every one-step forecast is linear in the initial states: each evaluation
//! runs the recursion on the data and on unit initial states side by side and
//! solves the 1×1 or 2×2 least-squares problem (the SSE is then the minimum
//! over the initial states). Holt-Winters takes its initial states from the
//! caller ([`super::classical_initial_states`] or
//! [`super::one_season_initial_states`]) and searches only α, β*, γ, φ.
//! The inner SSE routines allocate nothing.

use super::holt::{holt_run, HoltParams, HoltStates};
use super::holt_winters::{hw_run, HoltWintersParams, HoltWintersStates, Seasonality};
use super::intermittent::check_demand;
use super::{check_series, ForecastError};

/// Golden-section steps per coordinate and sweep.
pub const GOLDEN_STEPS: usize = 6;
const SWEEPS: usize = 2;
const INV_GOLDEN: f64 = 0.618_033_988_749_894_9;

/// Which trend a fitted model has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trend {
    /// No trend: β* = 0 and b_0 = 0 (Holt becomes SES).
    None,
    /// Linear trend, φ = 1.
    Linear,
    /// Damped trend, φ searched in [0.8, 0.98].
    Damped,
}

/// SES parameters and initial level fitted by [`fit_ses`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FittedSes {
    pub alpha: f64,
    pub initial_level: f64,
    /// In-sample one-step SSE at these values.
    pub sse: f64,
}

/// Holt parameters and initial states fitted by [`fit_holt`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FittedHolt {
    pub params: HoltParams,
    pub initial: HoltStates,
    /// In-sample one-step SSE at these values.
    pub sse: f64,
}

/// Holt-Winters parameters fitted by [`fit_holt_winters`] for the initial
/// states it was given (trend zeroed for [`Trend::None`]).
#[derive(Debug, Clone, PartialEq)]
pub struct FittedHoltWinters {
    pub params: HoltWintersParams,
    pub initial: HoltWintersStates,
    /// In-sample one-step SSE at these values.
    pub sse: f64,
}

/// Croston/SBA smoothing parameters fitted by [`fit_croston`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FittedCroston {
    pub alpha_size: f64,
    pub alpha_interval: f64,
}

/// TSB smoothing parameters fitted by [`fit_tsb`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FittedTsb {
    pub alpha_size: f64,
    pub alpha_probability: f64,
}

/// Fits SES's α in [0.01, 1] and ℓ_0 (least squares given α) by minimising
/// the one-step SSE of [`super::simple_exponential_smoothing`]. Grid α ∈
/// {0.01, 0.2, 0.4, 0.6, 0.8, 1}, then golden-section refinement (module
/// doc). Refused: fewer than 2 observations, a non-finite series.
pub fn fit_ses(series: &[f64]) -> Result<FittedSes, ForecastError> {
    check_fit_input(series, 2)?;
    let space = Space { lo: [0.01], hi: [1.0], step: [0.2], grid: [&[0.01, 0.2, 0.4, 0.6, 0.8, 1.0]] };
    let ([alpha], _) = minimise(&space, |[alpha]| ses_profile(series, *alpha).0);
    let (_, initial_level) = ses_profile(series, alpha);
    let mut sse = 0.0;
    let mut level = initial_level;
    for &y in series {
        sse += (y - level) * (y - level);
        level = alpha * y + (1.0 - alpha) * level;
    }
    Ok(FittedSes { alpha, initial_level, sse })
}

/// Fits Holt's α ∈ [0.01, 1], β* ∈ [0, 1] and, for [`Trend::Damped`],
/// φ ∈ [0.8, 0.98] (φ = 1 for [`Trend::Linear`]; [`Trend::None`] fixes β* = 0
/// and b_0 = 0, which is SES), with ℓ_0 and b_0 by least squares for each
/// candidate, minimising the one-step SSE of [`super::holt()`]. Grid α ∈
/// {0.05, 0.3, 0.6, 1}, β* ∈ {0, 0.1, 0.3}, φ ∈ {0.85, 0.95}. Refused: fewer
/// than 3 observations, a non-finite series.
pub fn fit_holt(series: &[f64], trend: Trend) -> Result<FittedHolt, ForecastError> {
    check_fit_input(series, 3)?;
    const ALPHA: &[f64] = &[0.05, 0.3, 0.6, 1.0];
    const BETA: &[f64] = &[0.0, 0.1, 0.3];
    let params = match trend {
        Trend::None => {
            let ses = fit_ses(series)?;
            let params = HoltParams { alpha: ses.alpha, beta: 0.0, phi: 1.0 };
            let initial = HoltStates { level: ses.initial_level, trend: 0.0 };
            return Ok(FittedHolt { params, initial, sse: ses.sse });
        }
        Trend::Linear => {
            let space = Space { lo: [0.01, 0.0], hi: [1.0, 1.0], step: [0.25, 0.15], grid: [ALPHA, BETA] };
            let ([alpha, beta], _) =
                minimise(&space, |&[alpha, beta]| holt_profile(series, HoltParams { alpha, beta, phi: 1.0 }).0);
            HoltParams { alpha, beta, phi: 1.0 }
        }
        Trend::Damped => {
            let space = Space {
                lo: [0.01, 0.0, 0.8],
                hi: [1.0, 1.0, 0.98],
                step: [0.25, 0.15, 0.05],
                grid: [ALPHA, BETA, &[0.85, 0.95]],
            };
            let ([alpha, beta, phi], _) =
                minimise(&space, |&[alpha, beta, phi]| holt_profile(series, HoltParams { alpha, beta, phi }).0);
            HoltParams { alpha, beta, phi }
        }
    };
    let (_, initial) = holt_profile(series, params);
    let mut sse = 0.0;
    holt_run(series, params, initial, |t, f| sse += (series[t] - f) * (series[t] - f));
    Ok(FittedHolt { params, initial, sse })
}

/// Fits Holt-Winters' α ∈ [0.01, 1], γ ∈ [0, 1], β* ∈ [0, 1] (0 for
/// [`Trend::None`], whose initial trend is set to 0) and φ ∈ [0.8, 0.98] (for
/// [`Trend::Damped`]; 1 otherwise) for the given initial states, minimising
/// the one-step SSE of [`super::holt_winters()`]. Grid α ∈ {0.05, 0.3, 0.6},
/// β* ∈ {0, 0.1}, γ ∈ {0, 0.15, 0.4}, φ ∈ {0.85, 0.95}. A candidate whose
/// states stop being finite scores +∞. Refused: fewer than 2 observations,
/// and whatever [`super::holt_winters()`] refuses for these states.
pub fn fit_holt_winters(
    series: &[f64],
    seasonality: Seasonality,
    trend: Trend,
    initial: &HoltWintersStates,
) -> Result<FittedHoltWinters, ForecastError> {
    check_fit_input(series, 2)?;
    let mut initial = initial.clone();
    if trend == Trend::None {
        initial.trend = 0.0;
    }
    let probe = HoltWintersParams { alpha: 0.5, beta: 0.0, gamma: 0.0, phi: 1.0 };
    // Validates the states and the data once (its own refusals), not per candidate.
    match super::holt_winters(series, seasonality, probe, &initial, 0) {
        Ok(_) | Err(ForecastError::Unstable { .. }) => {}
        Err(e) => return Err(e),
    }
    const ALPHA: &[f64] = &[0.05, 0.3, 0.6];
    const GAMMA: &[f64] = &[0.0, 0.15, 0.4];
    let mut ring = vec![0.0; initial.seasonal.len()];
    let mut sse_of = |params: HoltWintersParams| hw_sse(series, seasonality, params, &initial, &mut ring);
    let (params, sse) = match trend {
        Trend::None => {
            let space = Space { lo: [0.01, 0.0], hi: [1.0, 1.0], step: [0.25, 0.15], grid: [ALPHA, GAMMA] };
            let ([alpha, gamma], sse) =
                minimise(&space, |&[alpha, gamma]| sse_of(HoltWintersParams { alpha, beta: 0.0, gamma, phi: 1.0 }));
            (HoltWintersParams { alpha, beta: 0.0, gamma, phi: 1.0 }, sse)
        }
        Trend::Linear => {
            let space = Space {
                lo: [0.01, 0.0, 0.0],
                hi: [1.0, 1.0, 1.0],
                step: [0.25, 0.1, 0.15],
                grid: [ALPHA, &[0.0, 0.1], GAMMA],
            };
            let ([alpha, beta, gamma], sse) =
                minimise(&space, |&[alpha, beta, gamma]| sse_of(HoltWintersParams { alpha, beta, gamma, phi: 1.0 }));
            (HoltWintersParams { alpha, beta, gamma, phi: 1.0 }, sse)
        }
        Trend::Damped => {
            let space = Space {
                lo: [0.01, 0.0, 0.0, 0.8],
                hi: [1.0, 1.0, 1.0, 0.98],
                step: [0.25, 0.1, 0.15, 0.05],
                grid: [ALPHA, &[0.0, 0.1], GAMMA, &[0.85, 0.95]],
            };
            let ([alpha, beta, gamma, phi], sse) =
                minimise(&space, |&[alpha, beta, gamma, phi]| sse_of(HoltWintersParams { alpha, beta, gamma, phi }));
            (HoltWintersParams { alpha, beta, gamma, phi }, sse)
        }
    };
    Ok(FittedHoltWinters { params, initial, sse })
}

/// Fits Croston's two alphas in [0.1, 0.3] as statsforecast's
/// `CrostonOptimized` does: each component separately, minimising the SSE of
/// statsforecast's SES on the demand sizes and on the intervals (level
/// starting at the first value, errors from the second value on), here by a
/// golden-section search of 12 steps (statsforecast's own search differs in
/// its stopping rule, so alphas may differ in the fourth decimal). A
/// component with fewer than 2 values (no error to minimise; an all-zero
/// series) gets 0.1, statsforecast's fixed Croston alpha. Use the alphas with
/// [`super::croston`] or [`super::croston_sba`]. Refused: an empty,
/// non-finite or negative series.
pub fn fit_croston(series: &[f64]) -> Result<FittedCroston, ForecastError> {
    check_demand(series)?;
    let sizes = || series.iter().copied().filter(|&y| y > 0.0);
    let intervals = || {
        let mut since = 0.0;
        series.iter().filter_map(move |&y| {
            since += 1.0;
            (y > 0.0).then(|| std::mem::replace(&mut since, 0.0))
        })
    };
    Ok(FittedCroston { alpha_size: golden_ses(sizes), alpha_interval: golden_ses(intervals) })
}

/// Fits TSB's alphas in [0.1, 0.3] in the same way as [`fit_croston`] (our
/// choice: statsforecast has no optimised TSB): the size alpha on the demand
/// sizes and the probability alpha on the occurrence indicators of every
/// period. Refused: an empty, non-finite or negative series.
pub fn fit_tsb(series: &[f64]) -> Result<FittedTsb, ForecastError> {
    check_demand(series)?;
    let sizes = || series.iter().copied().filter(|&y| y > 0.0);
    let indicators = || series.iter().map(|&y| if y > 0.0 { 1.0 } else { 0.0 });
    Ok(FittedTsb { alpha_size: golden_ses(sizes), alpha_probability: golden_ses(indicators) })
}

fn check_fit_input(series: &[f64], needed: usize) -> Result<(), ForecastError> {
    check_series("demand", series)?;
    if series.len() < needed {
        return Err(ForecastError::TooShort { what: "demand", needed, got: series.len() });
    }
    Ok(())
}

/// SES's SSE minimised over ℓ_0 for this α, and that ℓ_0. The forecast of
/// `y_t` is `a_t + (1 − α)^t·ℓ_0`, with `a_t` the level run from 0.
#[inline]
fn ses_profile(series: &[f64], alpha: f64) -> (f64, f64) {
    let keep = 1.0 - alpha;
    let (mut a, mut c) = (0.0, 1.0);
    let (mut scc, mut scr, mut srr) = (0.0, 0.0, 0.0);
    for &y in series {
        let r = y - a;
        scc += c * c;
        scr += c * r;
        srr += r * r;
        a = alpha * y + keep * a;
        c *= keep;
    }
    let level = scr / scc;
    (finite_or_inf((srr - scr * level).max(0.0)), level)
}

/// Holt's SSE minimised over (ℓ_0, b_0) for these parameters, and those
/// states. The forecast of `y_t` is `a_t + c_t·ℓ_0 + d_t·b_0`, where `a`
/// runs the recursion on the data from zero states and `c`, `d` run it on
/// zero data from unit states.
#[inline]
fn holt_profile(series: &[f64], params: HoltParams) -> (f64, HoltStates) {
    let HoltParams { alpha, beta, phi } = params;
    let alpha_beta = alpha * beta;
    let (mut al, mut ab, mut cl, mut cb, mut dl, mut db) = (0.0, 0.0, 1.0, 0.0, 0.0, 1.0);
    let (mut scc, mut scd, mut sdd, mut scr, mut sdr, mut srr) = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
    for &y in series {
        // Error-correction form as in `holt_run`; the unit chains see y = 0, so their error is −forecast.
        let (pa, pc, pd) = (phi * ab, phi * cb, phi * db);
        let (fa, fc, fd) = (al + pa, cl + pc, dl + pd);
        let r = y - fa;
        scc += fc * fc;
        scd += fc * fd;
        sdd += fd * fd;
        scr += fc * r;
        sdr += fd * r;
        srr += r * r;
        (al, ab) = (fa + alpha * r, pa + alpha_beta * r);
        (cl, cb) = (fc - alpha * fc, pc - alpha_beta * fc);
        (dl, db) = (fd - alpha * fd, pd - alpha_beta * fd);
    }
    let det = scc * sdd - scd * scd;
    let (level, trend) = if det > 1e-10 * scc * sdd {
        ((scr * sdd - sdr * scd) / det, (sdr * scc - scr * scd) / det)
    } else {
        // The two states are not separable on this data: keep the trend at 0.
        (scr / scc, 0.0)
    };
    let sse = (srr - level * scr - trend * sdr).max(0.0);
    (finite_or_inf(sse), HoltStates { level, trend })
}

/// Holt-Winters one-step SSE, using `ring` (length m) as the seasonal states.
#[inline]
fn hw_sse(
    series: &[f64],
    seasonality: Seasonality,
    params: HoltWintersParams,
    initial: &HoltWintersStates,
    ring: &mut [f64],
) -> f64 {
    ring.copy_from_slice(&initial.seasonal);
    let mut sse = 0.0;
    hw_run(series, seasonality, params, initial.level, initial.trend, ring, |t, f| {
        let e = series[t] - f;
        sse += e * e;
    });
    finite_or_inf(sse)
}

fn finite_or_inf(value: f64) -> f64 {
    if value.is_finite() {
        value
    } else {
        f64::INFINITY
    }
}

/// statsforecast's `ses_sse`: SES with the level starting at `x[0]`, squared
/// errors from `x[1]` on.
fn ses_sse(values: impl Iterator<Item = f64>, alpha: f64) -> f64 {
    let mut values = values;
    let Some(first) = values.next() else { return 0.0 };
    let (mut level, mut previous, mut sse) = (first, first, 0.0);
    for x in values {
        level = alpha * previous + (1.0 - alpha) * level;
        sse += (x - level) * (x - level);
        previous = x;
    }
    sse
}

/// Golden-section search of `ses_sse` over α ∈ [0.1, 0.3], 12 steps (to within 0.0007).
fn golden_ses<I: Iterator<Item = f64>>(values: impl Fn() -> I) -> f64 {
    if values().nth(1).is_none() {
        return 0.1;
    }
    let mut best = (f64::INFINITY, 0.1);
    let mut f = |alpha: f64| {
        let sse = ses_sse(values(), alpha);
        if sse < best.0 {
            best = (sse, alpha);
        }
        sse
    };
    golden(0.1, 0.3, 12, &mut f);
    best.1
}

/// A box, its refinement step and its coarse grid.
struct Space<'a, const D: usize> {
    lo: [f64; D],
    hi: [f64; D],
    step: [f64; D],
    grid: [&'a [f64]; D],
}

/// Grid, then coordinate-wise golden-section sweeps (module doc). Returns
/// the best point ever evaluated and its objective.
fn minimise<const D: usize>(space: &Space<D>, mut objective: impl FnMut(&[f64; D]) -> f64) -> ([f64; D], f64) {
    let mut best: Option<([f64; D], f64)> = None;
    let mut evaluate = |best: &mut Option<([f64; D], f64)>, x: [f64; D]| {
        let value = objective(&x);
        if best.is_none_or(|(_, b)| value < b) {
            *best = Some((x, value));
        }
        value
    };
    let mut index = [0usize; D];
    loop {
        evaluate(&mut best, std::array::from_fn(|d| space.grid[d][index[d]]));
        let mut d = 0;
        while d < D {
            index[d] += 1;
            if index[d] < space.grid[d].len() {
                break;
            }
            index[d] = 0;
            d += 1;
        }
        if d == D {
            break;
        }
    }
    let mut width = space.step;
    for _ in 0..SWEEPS {
        for d in 0..D {
            let Some((centre, _)) = best else { unreachable!("the grid evaluated at least one point") };
            let lo = (centre[d] - width[d]).max(space.lo[d]);
            let hi = (centre[d] + width[d]).min(space.hi[d]);
            golden(lo, hi, GOLDEN_STEPS, &mut |v| {
                let mut x = centre;
                x[d] = v;
                evaluate(&mut best, x)
            });
            width[d] /= 2.0;
        }
    }
    best.expect("the grid evaluated at least one point")
}

/// Golden-section search of `f` on [lo, hi] with `steps` reductions; the
/// caller keeps the best point through `f`.
fn golden(mut lo: f64, mut hi: f64, steps: usize, f: &mut impl FnMut(f64) -> f64) {
    let mut c = hi - INV_GOLDEN * (hi - lo);
    let mut d = lo + INV_GOLDEN * (hi - lo);
    let (mut fc, mut fd) = (f(c), f(d));
    for _ in 0..steps {
        if fc <= fd {
            hi = d;
            (d, fd) = (c, fc);
            c = hi - INV_GOLDEN * (hi - lo);
            fc = f(c);
        } else {
            lo = c;
            (c, fc) = (d, fd);
            d = lo + INV_GOLDEN * (hi - lo);
            fd = f(d);
        }
    }
}
