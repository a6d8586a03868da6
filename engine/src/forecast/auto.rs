//! The automatic choice of a forecasting model for one weekly series.
//!
//! [`choose_forecast`] fits every candidate that fits the series, scores each
//! by a rolling-origin backtest over the last [`HOLDOUT_WEEKS`] weeks, keeps
//! the winner, its parameters and every candidate's errors, and forecasts with
//! the winner refitted on the whole series.
//!
//! The backtest: one origin per week of the holdout (origins `n − 13 … n − 1`),
//! each forecasting `backtest_horizon` weeks ahead (the SKU's lead time plus
//! review period, in weeks) or as many as the holdout still holds. A
//! candidate's parameters are fitted once, on the weeks before the first
//! origin, and kept for every origin (only the states are rerun), so a series
//! costs one fit per candidate rather than thirteen. Errors on imputed weeks
//! (see `forecast::series`) are not counted: they are not evidence.
//!
//! The score of a candidate is `MAE + BIAS_WEIGHT × |mean error|` over every
//! backtest error. MASE alone ranks exactly like MAE within a series (they
//! share the scale) and rewards forecasting zero for an intermittent item — an
//! item whose median week is zero is "best" forecast at zero, which would
//! starve it. The bias term makes a forecast that misses the volume pay for it
//! twice. The lowest score wins (ties keep the earlier candidate), but a
//! candidate replaces the flat mean — today's plan — only with a score below
//! [`SELECTION_MARGIN`] × the flat mean's: thirteen overlapping weeks are a
//! small sample, and on the sample data models that won them narrowly lost
//! the next thirteen more often than not. No randomness: the same series
//! always gives the same choice.
//!
//! Candidates ([`Candidate::AUTOMATIC`]): the flat mean, the moving average
//! (window fitted), SES (α fitted), and by rule the seasonal ones (seasonal
//! naive, additive Holt-Winters from one season's states) or the intermittent
//! ones (Croston, SBA, TSB with statsforecast's default 0.1 parameters).
//!
//! Rules (each tested in `engine/tests/it/forecast_auto.rs`):
//! - no sale in the series → zero forecast, flagged [`ForecastFlag::NoDemand`];
//! - no sale in the last [`DORMANT_WEEKS`] usable weeks → zero forecast,
//!   flagged [`ForecastFlag::Dormant`];
//! - fewer than [`MIN_TRAIN_WEEKS`] weeks before the first origin → the flat
//!   mean, no backtest, flagged [`ForecastFlag::ShortHistory`];
//! - seasonal candidates only when a season is given or found by
//!   [`detect_season`] on the whole series, and at least one full season
//!   precedes the first origin; a series with a season is then forecast by a
//!   seasonal candidate only (a 13-week backtest that misses the peak would
//!   otherwise hand a seasonal item back to the flat mean);
//! - a season found on the sum of the SKU's locations
//!   ([`SeasonRule::Pooled`], [`pooled_sum`]) is the series' season too,
//!   whether or not its own weeks show it (one location's weeks a year apart
//!   are few and noisy; the pool's are not); a location that sells flat is
//!   then caught by the next rule;
//! - a seasonal winner (own, pooled or given season) that does not beat the
//!   flat mean by [`SELECTION_MARGIN`] in the same backtest (the flat mean
//!   is backtested for the comparison, not as a candidate) is shrunk halfway to it
//!   ([`Model::ShrunkSeasonal`], weight [`SHRINK_WEIGHT`]): a season found
//!   in a couple of years of one series is often noise, and the flat mean is
//!   what the plan used before; the shrunk model is backtested and appended
//!   to the candidates as the winner;
//! - intermittent candidates only when the Syntetos–Boylan pattern of the
//!   weeks before the first origin is intermittent or lumpy
//!   (`plan::demand::summarize_weeks`).
//!
//! MASE is reported with the seasonal-naive scale of season
//! [`YEAR_WEEKS`] measured on the weeks before the first origin when more than
//! 52 of them exist, otherwise the naive scale (`m = 1`), and `None` when that
//! scale is zero. Forecasts are floored at zero (demand is never negative).
//! The forecast-error standard deviation at horizon `h` is the root mean
//! square of the winner's backtest errors `h` weeks ahead (bias included, not
//! removed); horizons the backtest did not reach take the last one reached.

use crate::model::ForecastModel;
use crate::plan::demand::{summarize_weeks, DemandPattern};

use super::accuracy::mase;
use super::fit::{fit_holt, fit_holt_winters, Trend};
use super::holt::{holt, HoltParams, HoltStates};
use super::holt_winters::{holt_winters, one_season_initial_states, HoltWintersParams, Seasonality};
use super::intermittent::{croston, croston_sba, tsb};
use super::models::{moving_average, naive, seasonal_naive, simple_exponential_smoothing};
use super::ForecastError;

/// Weeks at the end of the series the backtest forecasts.
pub const HOLDOUT_WEEKS: usize = 13;
/// Weeks in a year: the season of the MASE scale and the longest season tried.
pub const YEAR_WEEKS: usize = 52;
/// Trailing weeks the flat mean averages: the plan's default window.
pub const FLAT_MEAN_WEEKS: usize = 52;
/// Usable weeks without a sale after which an item counts as dormant.
pub const DORMANT_WEEKS: usize = 26;
/// Weeks needed before the first backtest origin.
pub const MIN_TRAIN_WEEKS: usize = 8;
/// Weight of the absolute mean error in the score (see the module documentation).
pub const BIAS_WEIGHT: f64 = 1.0;
/// A candidate replaces the flat mean only with a score below this share of
/// the flat mean's (see the module documentation).
pub const SELECTION_MARGIN: f64 = 0.8;
/// Weight a weak seasonal winner keeps when shrunk toward the flat mean
/// (see the module documentation); the flat mean gets `1 − SHRINK_WEIGHT`.
pub const SHRINK_WEIGHT: f64 = 0.5;
/// Width of the circular moving average that smooths Holt-Winters' first-season states.
pub const HW_SMOOTHING_WIDTH: usize = 5;
/// Windows the moving average chooses from.
pub const MOVING_AVERAGE_WINDOWS: [usize; 4] = [4, 8, 13, 26];
/// Seasons [`detect_season`] tries, shortest first.
pub const SEASON_LAGS: [usize; 3] = [4, 13, 52];
/// How much higher a longer season's correlation must be to replace a
/// shorter one (a 13-week pattern repeats at 52 weeks too, as well).
pub const SEASON_LONGER_BY: f64 = 0.05;
/// Correlation a season's lag must reach to count as found.
pub const SEASON_MIN_CORRELATION: f64 = 0.3;
/// Pairs of weeks a lag's correlation needs.
pub const SEASON_MIN_PAIRS: usize = 12;

/// Where the season length comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SeasonRule {
    /// Found by [`detect_season`] on the weeks before the first origin.
    Detect,
    /// Set by the buyer for the SKU or its family.
    Given(usize),
    /// No seasonal candidate.
    Off,
    /// Found by [`detect_season`] on the sum of the series' pool (the SKU's
    /// locations): the series' season, as if found in its own weeks.
    Pooled(usize),
}

/// What the automatic choice is asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AutoSettings {
    /// Weeks to forecast.
    pub horizon: usize,
    /// Weeks ahead each backtest origin forecasts: lead time plus review period. At least 1.
    pub backtest_horizon: usize,
    pub season: SeasonRule,
}

/// The seasonal part of a [`Model::ShrunkSeasonal`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum SeasonalModel {
    Naive { m: usize },
    HoltWinters { alpha: f64, gamma: f64, m: usize },
}

impl SeasonalModel {
    /// The seasonal model `model` is, if it is one the automatic choice runs.
    pub fn of(model: Model) -> Option<SeasonalModel> {
        match model {
            Model::SeasonalNaive { m } => Some(SeasonalModel::Naive { m }),
            Model::HoltWinters { alpha, gamma, m } => Some(SeasonalModel::HoltWinters { alpha, gamma, m }),
            _ => None,
        }
    }

    /// The same model on its own.
    pub fn model(self) -> Model {
        match self {
            SeasonalModel::Naive { m } => Model::SeasonalNaive { m },
            SeasonalModel::HoltWinters { alpha, gamma, m } => Model::HoltWinters { alpha, gamma, m },
        }
    }
}

/// A model with its parameters, ready to run on any series.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Model {
    /// Zero every week (no or dormant demand).
    Zero,
    /// Mean of the last `weeks` usable (not imputed) weeks: today's plan.
    FlatMean {
        weeks: usize,
    },
    Naive,
    SeasonalNaive {
        m: usize,
    },
    MovingAverage {
        window: usize,
    },
    /// Simple exponential smoothing, `ℓ_0` the first week.
    Ses {
        alpha: f64,
    },
    /// Croston's method (`forecast::intermittent::croston`).
    Croston {
        alpha_size: f64,
        alpha_interval: f64,
    },
    /// The Syntetos–Boylan approximation (`forecast::intermittent::croston_sba`).
    Sba {
        alpha_size: f64,
        alpha_interval: f64,
    },
    /// Teunter–Syntetos–Babai (`forecast::intermittent::tsb`).
    Tsb {
        alpha_size: f64,
        alpha_probability: f64,
    },
    /// Holt's damped trend (`forecast::holt::holt`), `ℓ_0` the first week, `b_0 = 0`.
    DampedHolt {
        alpha: f64,
        beta: f64,
        phi: f64,
    },
    /// Additive Holt-Winters without trend (`forecast::holt_winters`), states
    /// from the first season (`one_season_initial_states`, smoothing width 5).
    HoltWinters {
        alpha: f64,
        gamma: f64,
        m: usize,
    },
    /// Holt's linear trend (`forecast::holt::holt`, φ = 1) with α, β and the
    /// initial states fitted by `fit::fit_holt(Trend::Linear)`. Run only when
    /// a buyer pins `holt`.
    Holt {
        alpha: f64,
        beta: f64,
        level: f64,
        trend: f64,
    },
    /// Multiplicative Holt-Winters without trend, states from the first
    /// season (`one_season_initial_states`, smoothing width 5), α and γ
    /// fitted; refuses weeks of zero demand. Run only when a buyer pins
    /// `holt_winters_multiplicative`.
    HoltWintersMultiplicative {
        alpha: f64,
        gamma: f64,
        m: usize,
    },
    /// `weight × seasonal + (1 − weight) × flat mean` of the last
    /// [`FLAT_MEAN_WEEKS`] usable weeks, week by week (each part floored at
    /// 0 first): a weak seasonal winner shrunk toward today's plan (see the
    /// module documentation). `weight` in `[0, 1]`; another is refused.
    ShrunkSeasonal {
        seasonal: SeasonalModel,
        weight: f64,
    },
}

impl Model {
    /// The model's name, as the CLI and the report print it (no comma: the
    /// CSV export writes it unquoted).
    pub fn name(&self) -> &'static str {
        match self {
            Model::Zero => "zero",
            Model::FlatMean { .. } => "flat mean",
            Model::Naive => "naive",
            Model::SeasonalNaive { .. } => "seasonal naive",
            Model::MovingAverage { .. } => "moving average",
            Model::Ses { .. } => "ses",
            Model::Croston { .. } => "croston",
            Model::Sba { .. } => "sba",
            Model::Tsb { .. } => "tsb",
            Model::DampedHolt { .. } => "damped holt",
            Model::HoltWinters { .. } => "holt-winters",
            Model::Holt { .. } => "holt",
            Model::HoltWintersMultiplicative { .. } => "holt-winters multiplicative",
            Model::ShrunkSeasonal { seasonal: SeasonalModel::Naive { .. }, .. } => "shrunk seasonal naive",
            Model::ShrunkSeasonal { seasonal: SeasonalModel::HoltWinters { .. }, .. } => "shrunk holt-winters",
        }
    }

    /// The parameters by name.
    pub fn parameters(&self) -> Vec<(&'static str, f64)> {
        match *self {
            Model::Zero | Model::Naive => Vec::new(),
            Model::FlatMean { weeks } => vec![("weeks", weeks as f64)],
            Model::SeasonalNaive { m } => vec![("m", m as f64)],
            Model::MovingAverage { window } => vec![("window", window as f64)],
            Model::Ses { alpha } => vec![("alpha", alpha)],
            Model::Croston { alpha_size, alpha_interval } | Model::Sba { alpha_size, alpha_interval } => {
                vec![("alpha_size", alpha_size), ("alpha_interval", alpha_interval)]
            }
            Model::Tsb { alpha_size, alpha_probability } => {
                vec![("alpha_size", alpha_size), ("alpha_probability", alpha_probability)]
            }
            Model::DampedHolt { alpha, beta, phi } => vec![("alpha", alpha), ("beta", beta), ("phi", phi)],
            Model::HoltWinters { alpha, gamma, m } | Model::HoltWintersMultiplicative { alpha, gamma, m } => {
                vec![("alpha", alpha), ("gamma", gamma), ("m", m as f64)]
            }
            Model::Holt { alpha, beta, level, trend } => {
                vec![("alpha", alpha), ("beta", beta), ("level0", level), ("trend0", trend)]
            }
            Model::ShrunkSeasonal { seasonal, weight } => {
                let mut parameters = seasonal.model().parameters();
                parameters.push(("weight", weight));
                parameters
            }
        }
    }

    /// The forecast for weeks `1..=horizon` after `values`, floored at 0.
    /// `imputed` marks the weeks the flat mean skips.
    pub fn forecast(&self, values: &[f64], imputed: &[bool], horizon: usize) -> Result<Vec<f64>, ForecastError> {
        let mut forecast = match *self {
            Model::Zero => vec![0.0; horizon],
            Model::FlatMean { weeks } => {
                let from = values.len().saturating_sub(weeks);
                let usable: Vec<f64> =
                    (from..values.len()).filter(|&week| !imputed[week]).map(|week| values[week]).collect();
                let mean = if usable.is_empty() { 0.0 } else { usable.iter().sum::<f64>() / usable.len() as f64 };
                vec![mean; horizon]
            }
            Model::Naive => naive(values, horizon)?.forecast,
            Model::SeasonalNaive { m } => seasonal_naive(values, m, horizon)?.forecast,
            Model::MovingAverage { window } => moving_average(values, window, horizon)?.forecast,
            Model::Ses { alpha } => simple_exponential_smoothing(values, alpha, values[0], horizon)?.forecast,
            Model::Croston { alpha_size, alpha_interval } => {
                croston(values, alpha_size, alpha_interval, horizon)?.forecast
            }
            Model::Sba { alpha_size, alpha_interval } => {
                croston_sba(values, alpha_size, alpha_interval, horizon)?.forecast
            }
            Model::Tsb { alpha_size, alpha_probability } => {
                tsb(values, alpha_size, alpha_probability, horizon)?.forecast
            }
            Model::DampedHolt { alpha, beta, phi } => {
                let initial = HoltStates { level: values[0], trend: 0.0 };
                holt(values, HoltParams { alpha, beta, phi }, initial, horizon)?.forecast
            }
            Model::HoltWinters { alpha, gamma, m } => {
                let initial = one_season_initial_states(values, m, Seasonality::Additive, HW_SMOOTHING_WIDTH)?;
                let params = HoltWintersParams { alpha, beta: 0.0, gamma, phi: 1.0 };
                holt_winters(values, Seasonality::Additive, params, &initial, horizon)?.forecast
            }
            Model::Holt { alpha, beta, level, trend } => {
                holt(values, HoltParams { alpha, beta, phi: 1.0 }, HoltStates { level, trend }, horizon)?.forecast
            }
            Model::HoltWintersMultiplicative { alpha, gamma, m } => {
                let seasonality = Seasonality::Multiplicative;
                let initial = one_season_initial_states(values, m, seasonality, HW_SMOOTHING_WIDTH)?;
                let params = HoltWintersParams { alpha, beta: 0.0, gamma, phi: 1.0 };
                holt_winters(values, seasonality, params, &initial, horizon)?.forecast
            }
            Model::ShrunkSeasonal { seasonal, weight } => {
                if !(0.0..=1.0).contains(&weight) {
                    return Err(ForecastError::InvalidParameter {
                        name: "weight",
                        value: weight,
                        reason: "the seasonal part's weight must be in [0, 1]",
                    });
                }
                let seasonal = seasonal.model().forecast(values, imputed, horizon)?;
                let flat = Model::FlatMean { weeks: FLAT_MEAN_WEEKS }.forecast(values, imputed, horizon)?;
                seasonal.iter().zip(&flat).map(|(s, f)| weight * s + (1.0 - weight) * f).collect()
            }
        };
        for value in &mut forecast {
            *value = value.max(0.0);
        }
        Ok(forecast)
    }
}

/// A kind of candidate, before its parameters are fitted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Candidate {
    FlatMean,
    Naive,
    MovingAverage,
    Ses,
    SeasonalNaive,
    Croston,
    Sba,
    Tsb,
    DampedHolt,
    HoltWinters,
    /// Pins only (not in [`Candidate::ALL`]): Holt's linear trend, fitted.
    Holt,
    /// Pins only: multiplicative Holt-Winters from one season's states.
    HoltWintersMultiplicative,
}

impl Candidate {
    /// The candidates of the automatic choice, in tie-breaking order. Naive
    /// and the damped Holt (with fixed parameters until the shared fitting
    /// functions land) are left out: on the sample each won backtests in the
    /// last 13 weeks that it then lost in the next 13, making the choice worse
    /// than the flat mean on smooth items. They stay in [`Candidate::ALL`],
    /// which the portfolio report's hindsight bound ranges over.
    pub const AUTOMATIC: [Candidate; 8] = [
        Candidate::FlatMean,
        Candidate::MovingAverage,
        Candidate::Ses,
        Candidate::SeasonalNaive,
        Candidate::HoltWinters,
        Candidate::Croston,
        Candidate::Sba,
        Candidate::Tsb,
    ];

    /// Every candidate.
    pub const ALL: [Candidate; 10] = [
        Candidate::FlatMean,
        Candidate::Naive,
        Candidate::MovingAverage,
        Candidate::Ses,
        Candidate::SeasonalNaive,
        Candidate::Croston,
        Candidate::Sba,
        Candidate::Tsb,
        Candidate::DampedHolt,
        Candidate::HoltWinters,
    ];

    pub fn is_seasonal(self) -> bool {
        matches!(self, Candidate::SeasonalNaive | Candidate::HoltWinters | Candidate::HoltWintersMultiplicative)
    }

    pub fn is_intermittent(self) -> bool {
        matches!(self, Candidate::Croston | Candidate::Sba | Candidate::Tsb)
    }

    /// Fit the candidate's parameters on `values` (season `m` for seasonal
    /// candidates); `None` when the series is too short for it.
    pub fn fit(self, values: &[f64], season: Option<usize>) -> Option<Model> {
        match self {
            Candidate::FlatMean => Some(Model::FlatMean { weeks: FLAT_MEAN_WEEKS }),
            Candidate::Naive => Some(Model::Naive),
            Candidate::MovingAverage => fit_moving_average(values),
            Candidate::Ses => Some(Model::Ses { alpha: fit_ses_alpha(values) }),
            Candidate::SeasonalNaive => season.filter(|&m| values.len() >= m).map(|m| Model::SeasonalNaive { m }),
            // statsforecast's defaults (CrostonClassic and CrostonSBA fix both at 0.1).
            Candidate::Croston => Some(Model::Croston { alpha_size: 0.1, alpha_interval: 0.1 }),
            Candidate::Sba => Some(Model::Sba { alpha_size: 0.1, alpha_interval: 0.1 }),
            Candidate::Tsb => Some(Model::Tsb { alpha_size: 0.1, alpha_probability: 0.1 }),
            // Fixed, conservative parameters until the shared fitting functions land.
            Candidate::DampedHolt => Some(Model::DampedHolt { alpha: 0.2, beta: 0.05, phi: 0.9 }),
            Candidate::HoltWinters => season.filter(|&m| values.len() >= m).and_then(|m| {
                let initial = one_season_initial_states(values, m, Seasonality::Additive, HW_SMOOTHING_WIDTH).ok()?;
                let fitted = fit_holt_winters(values, Seasonality::Additive, Trend::None, &initial).ok()?;
                Some(Model::HoltWinters { alpha: fitted.params.alpha, gamma: fitted.params.gamma, m })
            }),
            Candidate::Holt => {
                let fitted = fit_holt(values, Trend::Linear).ok()?;
                let HoltStates { level, trend } = fitted.initial;
                Some(Model::Holt { alpha: fitted.params.alpha, beta: fitted.params.beta, level, trend })
            }
            Candidate::HoltWintersMultiplicative => season.filter(|&m| values.len() >= m).and_then(|m| {
                let seasonality = Seasonality::Multiplicative;
                let initial = one_season_initial_states(values, m, seasonality, HW_SMOOTHING_WIDTH).ok()?;
                let fitted = fit_holt_winters(values, seasonality, Trend::None, &initial).ok()?;
                Some(Model::HoltWintersMultiplicative { alpha: fitted.params.alpha, gamma: fitted.params.gamma, m })
            }),
        }
    }
}

/// A model a buyer pinned for a SKU or its family (`forecast_pins.csv`),
/// fitted exactly as the automatic choice fits that candidate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pinned {
    Candidate(Candidate),
    /// Forecast zero (an item being run down).
    Zero,
}

impl Pinned {
    /// The pinned model of a `ForecastModel` code; `None` for `auto` (no pin).
    /// `holt` and `holt_winters_multiplicative` are models the automatic
    /// choice does not try ([`Candidate::Holt`],
    /// [`Candidate::HoltWintersMultiplicative`]); a multiplicative model
    /// cannot run on a series with a week of zero demand, and the pin then
    /// does not apply (`AutoForecast::pinned` is `None`).
    pub fn from_code(code: ForecastModel) -> Option<Pinned> {
        let candidate = match code {
            ForecastModel::Auto => return None,
            ForecastModel::Zero => return Some(Pinned::Zero),
            ForecastModel::FlatMean => Candidate::FlatMean,
            ForecastModel::Naive => Candidate::Naive,
            ForecastModel::SeasonalNaive => Candidate::SeasonalNaive,
            ForecastModel::MovingAverage => Candidate::MovingAverage,
            ForecastModel::Ses => Candidate::Ses,
            ForecastModel::Holt => Candidate::Holt,
            ForecastModel::HoltDamped => Candidate::DampedHolt,
            ForecastModel::HoltWintersAdditive => Candidate::HoltWinters,
            ForecastModel::HoltWintersMultiplicative => Candidate::HoltWintersMultiplicative,
            ForecastModel::Croston => Candidate::Croston,
            ForecastModel::Sba => Candidate::Sba,
            ForecastModel::Tsb => Candidate::Tsb,
        };
        Some(Pinned::Candidate(candidate))
    }

    /// Fit on `values` as the automatic choice does; `None` when the series
    /// is too short for it (or a seasonal model has no season).
    pub fn fit(self, values: &[f64], season: Option<usize>) -> Option<Model> {
        match self {
            Pinned::Zero => Some(Model::Zero),
            Pinned::Candidate(candidate) => candidate.fit(values, season),
        }
    }

    /// Whether `model` is of this kind.
    pub fn matches(self, model: &Model) -> bool {
        let candidate = match model {
            Model::Zero => return self == Pinned::Zero,
            Model::FlatMean { .. } => Candidate::FlatMean,
            Model::Naive => Candidate::Naive,
            Model::SeasonalNaive { .. } => Candidate::SeasonalNaive,
            Model::MovingAverage { .. } => Candidate::MovingAverage,
            Model::Ses { .. } => Candidate::Ses,
            Model::Croston { .. } => Candidate::Croston,
            Model::Sba { .. } => Candidate::Sba,
            Model::Tsb { .. } => Candidate::Tsb,
            Model::DampedHolt { .. } => Candidate::DampedHolt,
            Model::HoltWinters { .. } => Candidate::HoltWinters,
            Model::Holt { .. } => Candidate::Holt,
            Model::HoltWintersMultiplicative { .. } => Candidate::HoltWintersMultiplicative,
            // Chosen by the rule, never a pin's own backtest.
            Model::ShrunkSeasonal { .. } => return false,
        };
        self == Pinned::Candidate(candidate)
    }
}

/// The window of [`MOVING_AVERAGE_WINDOWS`] with the least in-sample one-step
/// squared error over the weeks every window can forecast (ties: the shorter).
fn fit_moving_average(values: &[f64]) -> Option<Model> {
    let windows: Vec<usize> = MOVING_AVERAGE_WINDOWS.into_iter().filter(|&w| w < values.len()).collect();
    let from = *windows.last()?;
    let mut best: Option<(f64, usize)> = None;
    for window in windows {
        let fit = moving_average(values, window, 0).ok()?;
        let sse: f64 = (from..values.len()).map(|t| (fit.fitted[t].unwrap_or(0.0) - values[t]).powi(2)).sum();
        if best.is_none_or(|(best_sse, _)| sse < best_sse) {
            best = Some((sse, window));
        }
    }
    best.map(|(_, window)| Model::MovingAverage { window })
}

/// Interim SES fit (until the shared `fit_ses` lands): α on a grid of 0.05
/// steps in [0.05, 1] minimising the in-sample one-step squared error with
/// `ℓ_0 = y_0`; ties keep the smaller α.
fn fit_ses_alpha(values: &[f64]) -> f64 {
    let mut best = (f64::INFINITY, 0.05);
    for step in 1..=20 {
        let alpha = step as f64 * 0.05;
        let mut level = values[0];
        let mut sse = 0.0;
        for &y in &values[1..] {
            sse += (y - level).powi(2);
            level = alpha * y + (1.0 - alpha) * level;
        }
        if sse < best.0 {
            best = (sse, alpha);
        }
    }
    best.1
}

/// The season of [`SEASON_LAGS`] whose lag correlation is highest (a longer
/// one must beat a shorter one by [`SEASON_LONGER_BY`]), if one
/// reaches [`SEASON_MIN_CORRELATION`] and exceeds the correlation at half the
/// lag (so the slow decay of a persistent level, strongest at short lags, does
/// not pass for a season; a true season is out of phase at half its length).
///
/// The correlation at lag `m` is Pearson's between the pairs
/// `(y_t, y_{t+m})` after a straight line is removed from the series (its
/// slope Tukey's resistant line's, [`robust_trend_slope`], so that one large
/// order does not tilt it); a lag needs [`SEASON_MIN_PAIRS`] pairs. Pearson's rather than
/// the textbook autocorrelation (which divides by the whole series' variance)
/// because with one to two years of weeks a 52-week lag has few pairs and the
/// textbook estimate shrinks towards zero by `pairs ÷ n`.
pub fn detect_season(values: &[f64]) -> Option<usize> {
    let detrended = detrend(values);
    let mut best: Option<(f64, usize)> = None;
    for m in SEASON_LAGS {
        if values.len() < m + SEASON_MIN_PAIRS {
            continue;
        }
        let at = |lag: usize| lag_correlation(&detrended, lag);
        let here = at(m);
        if here >= SEASON_MIN_CORRELATION && here > at(m / 2) && best.is_none_or(|(b, _)| here > b + SEASON_LONGER_BY) {
            best = Some((here, m));
        }
    }
    best.map(|(_, m)| m)
}

/// The sum of `members`' values aligned at their last week (all series of a
/// workspace end yesterday; a later launch only shortens one), imputed
/// weeks included: the pooled series of [`SeasonRule::Pooled`].
pub fn pooled_sum(members: &[&super::series::WeeklySeries]) -> Vec<f64> {
    let len = members.iter().map(|s| s.values.len()).max().unwrap_or(0);
    let mut out = vec![0.0; len];
    for member in members {
        let offset = len - member.values.len();
        for (week, value) in member.values.iter().enumerate() {
            out[offset + week] += value;
        }
    }
    out
}

fn detrend(values: &[f64]) -> Vec<f64> {
    let slope = robust_trend_slope(values);
    let t_mean = (values.len() as f64 - 1.0) / 2.0;
    // Pearson's correlation ignores a constant, so the line's intercept is left in.
    values.iter().enumerate().map(|(t, &y)| y - slope * (t as f64 - t_mean)).collect()
}

/// The slope per week of Tukey's resistant line through `values` (oldest
/// first, week `t` at `x = t`): with `k = ⌊n ÷ 3⌋` weeks in the left and in
/// the right third, `(median of the right third's values − median of the left
/// third's) ÷ (median of the right third's weeks − median of the left
/// third's)`, medians of an even count the mean of the middle two; 0 for
/// fewer than three values (J. W. Tukey, *Exploratory Data Analysis*, 1977,
/// ch. 10; P. F. Velleman and D. C. Hoaglin, *Applications, Basics and
/// Computing of Exploratory Data Analysis*, 1981, ch. 5). A straight line
/// gives its own slope. Why not least squares: one order of 4,608 units in
/// week 14 of an item that otherwise sells a few units now and then tilts a
/// least-squares line so much that the residuals of any two stretches a year
/// apart both rise with time, and their correlation at lag 52 comes out near
/// 1 — a "season" that made seasonal naive forecast the order again a year
/// later (real data, `docs/data/online-retail-weekly.csv`, StockCode 37352).
/// Medians ignore such an order.
pub fn robust_trend_slope(values: &[f64]) -> f64 {
    let n = values.len();
    let k = n / 3;
    if k == 0 {
        return 0.0;
    }
    let median = |mut part: Vec<f64>| {
        crate::sorting::sort_by(&mut part, |a, b| a.total_cmp(b));
        let mid = part.len() / 2;
        if part.len() % 2 == 1 {
            part[mid]
        } else {
            (part[mid - 1] + part[mid]) / 2.0
        }
    };
    let left = median(values[..k].to_vec());
    let right = median(values[n - k..].to_vec());
    // The weeks of each third are consecutive, so their medians are `n − k` apart.
    (right - left) / (n - k) as f64
}

/// Pearson correlation of `(x_t, x_{t+lag})`; 0 when either side is constant.
fn lag_correlation(values: &[f64], lag: usize) -> f64 {
    let (a, b) = (&values[..values.len() - lag], &values[lag..]);
    let n = a.len() as f64;
    let (ma, mb) = (a.iter().sum::<f64>() / n, b.iter().sum::<f64>() / n);
    let (mut sab, mut saa, mut sbb) = (0.0, 0.0, 0.0);
    for (x, y) in a.iter().zip(b) {
        sab += (x - ma) * (y - mb);
        saa += (x - ma).powi(2);
        sbb += (y - mb).powi(2);
    }
    if saa > 0.0 && sbb > 0.0 {
        sab / (saa * sbb).sqrt()
    } else {
        0.0
    }
}

/// Why a series was not forecast by the backtest's winner.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ForecastFlag {
    /// No sale at all: forecast zero.
    NoDemand,
    /// No sale in the last [`DORMANT_WEEKS`] usable weeks: forecast zero.
    Dormant,
    /// Too few weeks for a backtest: the flat mean of what there is.
    ShortHistory,
    /// A buyer pinned a model the series cannot run (too short for it, or a
    /// seasonal model without a season): the automatic choice stands.
    PinNotUsable,
    /// A new item forecast from its launch (like item, weekly rate or family
    /// profile), not from its own history.
    Launch,
}

impl ForecastFlag {
    pub fn as_str(self) -> &'static str {
        match self {
            ForecastFlag::NoDemand => "no_demand",
            ForecastFlag::Dormant => "dormant",
            ForecastFlag::ShortHistory => "short_history",
            ForecastFlag::PinNotUsable => "pin_not_usable",
            ForecastFlag::Launch => "launch",
        }
    }
}

/// One candidate's backtest.
#[derive(Clone, Debug, PartialEq)]
pub struct CandidateScore {
    /// The candidate with the parameters fitted before the first origin.
    pub model: Model,
    /// MASE over every backtest error (see the module documentation for the scale).
    pub mase: Option<f64>,
    pub mae: f64,
    /// Mean of forecast − actual.
    pub bias: f64,
    /// `mae + BIAS_WEIGHT × |bias|`: the lower, the better.
    pub score: f64,
    /// Errors (forecast − actual) by weeks ahead: `errors[h − 1]`.
    pub errors: Vec<Vec<f64>>,
    /// Errors of the forecast summed over weeks `1..=k`, one per origin
    /// whose weeks `1..=k` are all in the holdout and none imputed:
    /// `cumulative_errors[k − 1]`, for every `k` up to [`HOLDOUT_WEEKS`]
    /// (not only the backtest horizon, so planning can read the error over
    /// any lead time the holdout covers).
    pub cumulative_errors: Vec<Vec<f64>>,
}

/// The automatic choice for one series.
#[derive(Clone, Debug, PartialEq)]
pub struct AutoForecast {
    /// The winner, refitted on the whole series.
    pub model: Model,
    /// Forecast for weeks `1..=horizon`, floored at 0.
    pub forecast: Vec<f64>,
    /// Forecast-error standard deviation for weeks `1..=horizon`.
    pub error_sd: Vec<f64>,
    /// Standard deviation of the error of the forecast summed over weeks
    /// `1..=k`, for `k` in `1..=horizon` (see [`cumulative_error_sd`]):
    /// what planning takes as the uncertainty of demand over a lead time.
    pub cumulative_error_sd: Vec<f64>,
    /// Every candidate's backtest, in candidate order; empty without a backtest.
    pub candidates: Vec<CandidateScore>,
    /// Index of the winner in `candidates`, when there was a backtest.
    pub chosen: Option<usize>,
    /// Syntetos–Boylan pattern of the weeks before the first origin.
    pub pattern: DemandPattern,
    /// The season used by seasonal candidates, if any.
    pub season: Option<usize>,
    /// The season of the MASE scale (52, or 1 with a year or less before the first origin).
    pub mase_season: usize,
    /// MASE of the 52-week seasonal naive on the same backtest, the benchmark
    /// (whether or not it was a candidate); `None` without a year before the first origin.
    pub seasonal_naive_mase: Option<f64>,
    pub flags: Vec<ForecastFlag>,
    /// The buyer's pinned model, when it forecasts the series (`chosen` is then its backtest).
    pub pinned: Option<Pinned>,
}

impl AutoForecast {
    /// The chosen candidate's backtest, if there was one.
    pub fn chosen_score(&self) -> Option<&CandidateScore> {
        self.chosen.map(|idx| &self.candidates[idx])
    }

    /// The bounds of the central interval of `z` forecast-error standard
    /// deviations around each week's forecast, the lower one floored at 0
    /// (`z = 1.645` gives a 90 % interval under normal errors).
    pub fn interval(&self, z: f64) -> Vec<(f64, f64)> {
        self.forecast.iter().zip(&self.error_sd).map(|(f, sd)| ((f - z * sd).max(0.0), f + z * sd)).collect()
    }

    /// The backtest of the first candidate with this name.
    pub fn score_of(&self, name: &str) -> Option<&CandidateScore> {
        self.candidates.iter().find(|c| c.model.name() == name)
    }
}

/// The automatic choice on a weekly series (`values` oldest first, `imputed`
/// parallel to it); see the module documentation. Refused: a
/// `backtest_horizon` of 0, `imputed` of another length, non-finite or
/// negative values.
pub fn choose_forecast(
    values: &[f64],
    imputed: &[bool],
    settings: &AutoSettings,
) -> Result<AutoForecast, ForecastError> {
    choose_forecast_pinned(values, imputed, settings, None)
}

/// [`choose_forecast`] with a buyer's pin: every automatic candidate is
/// backtested as usual (so the report still shows what the choice would
/// have been), the pinned model is backtested too when it is not among them,
/// and the pinned model is chosen whatever its score — its backtest gives
/// the forecast's error σ. The no-demand, dormant and short-history rules
/// come first and are not pinned (there is no backtest to report). A pin the
/// series cannot run is flagged [`ForecastFlag::PinNotUsable`] and the
/// automatic choice stands. A pinned season is the caller's
/// `SeasonRule::Given`.
pub fn choose_forecast_pinned(
    values: &[f64],
    imputed: &[bool],
    settings: &AutoSettings,
    pin: Option<Pinned>,
) -> Result<AutoForecast, ForecastError> {
    check_input(values, imputed, settings)?;
    let n = values.len();
    let usable: Vec<f64> = (0..n).filter(|&w| !imputed[w]).map(|w| values[w]).collect();
    let zero = |flag, pattern| AutoForecast {
        model: Model::Zero,
        forecast: vec![0.0; settings.horizon],
        error_sd: vec![0.0; settings.horizon],
        cumulative_error_sd: vec![0.0; settings.horizon],
        candidates: Vec::new(),
        chosen: None,
        pattern,
        season: None,
        mase_season: 1,
        seasonal_naive_mase: None,
        flags: vec![flag],
        pinned: None,
    };
    if usable.iter().all(|&v| v == 0.0) {
        return Ok(zero(ForecastFlag::NoDemand, DemandPattern::NoDemand));
    }
    if usable.len() >= DORMANT_WEEKS && usable[usable.len() - DORMANT_WEEKS..].iter().all(|&v| v == 0.0) {
        return Ok(zero(ForecastFlag::Dormant, summarize_weeks(&usable).pattern));
    }
    if n < HOLDOUT_WEEKS + MIN_TRAIN_WEEKS {
        let summary = summarize_weeks(&usable);
        let model = Model::FlatMean { weeks: FLAT_MEAN_WEEKS };
        return Ok(AutoForecast {
            model,
            forecast: model.forecast(values, imputed, settings.horizon)?,
            error_sd: vec![summary.sd; settings.horizon],
            // Weeks taken as independent: the variance of a k-week sum is k × sd².
            cumulative_error_sd: (1..=settings.horizon).map(|k| summary.sd * (k as f64).sqrt()).collect(),
            candidates: Vec::new(),
            chosen: None,
            pattern: summary.pattern,
            season: None,
            mase_season: 1,
            seasonal_naive_mase: None,
            flags: vec![ForecastFlag::ShortHistory],
            pinned: None,
        });
    }

    let first_origin = n - HOLDOUT_WEEKS;
    let train = &values[..first_origin];
    let train_usable: Vec<f64> = (0..first_origin).filter(|&w| !imputed[w]).map(|w| values[w]).collect();
    let pattern = summarize_weeks(&train_usable).pattern;
    let season = match settings.season {
        SeasonRule::Detect => detect_season(values),
        SeasonRule::Given(m) | SeasonRule::Pooled(m) => Some(m),
        SeasonRule::Off => None,
    };
    let season = season.filter(|&m| m >= 2 && first_origin >= m);
    let intermittent = pattern.normal_model_is_weak();
    let mase_season = if first_origin > YEAR_WEEKS { YEAR_WEEKS } else { 1 };

    let mut candidates = Vec::new();
    for candidate in Candidate::AUTOMATIC {
        let allowed = match season {
            Some(_) => candidate.is_seasonal(),
            None => !candidate.is_seasonal() && (intermittent || !candidate.is_intermittent()),
        };
        if !allowed {
            continue;
        }
        let Some(model) = candidate.fit(train, season) else { continue };
        // A model may refuse a series its input checks allow (Holt-Winters
        // with an all-zero first season, a run that turns unstable): it
        // simply does not compete.
        if let Ok(score) = backtest(model, values, imputed, settings.backtest_horizon, mase_season) {
            candidates.push(score);
        }
    }
    let seasonal_naive_mase = match first_origin >= YEAR_WEEKS {
        true => {
            backtest(Model::SeasonalNaive { m: YEAR_WEEKS }, values, imputed, settings.backtest_horizon, mase_season)?
                .mase
        }
        false => None,
    };
    let pinned_at = pin.and_then(|pin| {
        if let Some(at) = candidates.iter().position(|c| pin.matches(&c.model)) {
            return Some(at);
        }
        let model = pin.fit(train, season)?;
        let score = backtest(model, values, imputed, settings.backtest_horizon, mase_season).ok()?;
        candidates.push(score);
        Some(candidates.len() - 1)
    });
    let mut flags = Vec::new();
    if pin.is_some() && pinned_at.is_none() {
        flags.push(ForecastFlag::PinNotUsable);
    }
    let mut chosen = pinned_at.unwrap_or_else(|| pick(&candidates));
    if pinned_at.is_none() && season.is_some() {
        if let Some(shrunk) = shrink_weak_seasonal(&candidates[chosen], values, imputed, settings, mase_season)? {
            candidates.push(shrunk);
            chosen = candidates.len() - 1;
        }
    }
    let winner = candidates[chosen].model;
    let refitted = refit(winner, values, season);
    let error_sd = error_sd_by_horizon(&candidates[chosen].errors, settings.horizon);
    let cumulative_error_sd = cumulative_error_sd(&candidates[chosen].cumulative_errors, settings.horizon);
    Ok(AutoForecast {
        model: refitted,
        forecast: refitted.forecast(values, imputed, settings.horizon)?,
        error_sd,
        cumulative_error_sd,
        candidates,
        chosen: Some(chosen),
        pattern,
        season,
        mase_season,
        seasonal_naive_mase,
        flags,
        pinned: pinned_at.and(pin),
    })
}

fn check_input(values: &[f64], imputed: &[bool], settings: &AutoSettings) -> Result<(), ForecastError> {
    if settings.backtest_horizon == 0 {
        return Err(ForecastError::InvalidParameter {
            name: "backtest_horizon",
            value: 0.0,
            reason: "the backtest must look at least one week ahead",
        });
    }
    if imputed.len() != values.len() {
        return Err(ForecastError::LengthMismatch { actual: values.len(), forecast: imputed.len() });
    }
    if let Some(index) = values.iter().position(|v| !v.is_finite()) {
        return Err(ForecastError::NonFinite { what: "demand", index, value: values[index] });
    }
    if let Some(&value) = values.iter().find(|&&v| v < 0.0) {
        return Err(ForecastError::InvalidParameter { name: "demand", value, reason: "demand cannot be negative" });
    }
    Ok(())
}

/// The lowest score (ties keep the earlier candidate), unless the flat mean
/// is a candidate and the best does not beat it by the margin.
fn pick(candidates: &[CandidateScore]) -> usize {
    let mut best = 0;
    for (idx, candidate) in candidates.iter().enumerate() {
        if candidate.score < candidates[best].score {
            best = idx;
        }
    }
    match candidates.iter().position(|c| matches!(c.model, Model::FlatMean { .. })) {
        Some(flat) if candidates[best].score >= SELECTION_MARGIN * candidates[flat].score => flat,
        _ => best,
    }
}

/// The backtest of the winner shrunk toward the flat mean, when the winner
/// is seasonal and its score is not below [`SELECTION_MARGIN`] × the flat
/// mean's on the same backtest (see the module documentation).
fn shrink_weak_seasonal(
    winner: &CandidateScore,
    values: &[f64],
    imputed: &[bool],
    settings: &AutoSettings,
    mase_season: usize,
) -> Result<Option<CandidateScore>, ForecastError> {
    let Some(seasonal) = SeasonalModel::of(winner.model) else { return Ok(None) };
    let flat =
        backtest(Model::FlatMean { weeks: FLAT_MEAN_WEEKS }, values, imputed, settings.backtest_horizon, mase_season)?;
    if winner.score < SELECTION_MARGIN * flat.score {
        return Ok(None);
    }
    let shrunk = Model::ShrunkSeasonal { seasonal, weight: SHRINK_WEIGHT };
    backtest(shrunk, values, imputed, settings.backtest_horizon, mase_season).map(Some)
}

/// The same kind of model with its parameters fitted on the whole series.
fn refit(model: Model, values: &[f64], season: Option<usize>) -> Model {
    let candidate = match model {
        Model::MovingAverage { .. } => Candidate::MovingAverage,
        Model::Ses { .. } => Candidate::Ses,
        _ => return model,
    };
    candidate.fit(values, season).unwrap_or(model)
}

/// Rolling-origin backtest of `model` over the last `HOLDOUT_WEEKS` weeks.
fn backtest(
    model: Model,
    values: &[f64],
    imputed: &[bool],
    horizon: usize,
    mase_season: usize,
) -> Result<CandidateScore, ForecastError> {
    let n = values.len();
    let first_origin = n - HOLDOUT_WEEKS;
    let mut errors = vec![Vec::new(); horizon.min(HOLDOUT_WEEKS)];
    let mut cumulative_errors = vec![Vec::new(); HOLDOUT_WEEKS];
    let (mut actuals, mut forecasts) = (Vec::new(), Vec::new());
    for origin in first_origin..n {
        // Forecast to the end of the holdout: the score reads the first
        // `horizon` weeks, the running sums all of them.
        let forecast = model.forecast(&values[..origin], &imputed[..origin], n - origin)?;
        let mut running = Some(0.0);
        for (step, &f) in forecast.iter().enumerate() {
            let week = origin + step;
            if imputed[week] {
                running = None;
                continue;
            }
            if let Some(sum) = running.as_mut() {
                *sum += f - values[week];
                cumulative_errors[step].push(*sum);
            }
            if step < horizon {
                errors[step].push(f - values[week]);
                actuals.push(values[week]);
                forecasts.push(f);
            }
        }
    }
    let count = actuals.len().max(1) as f64;
    let mae = actuals.iter().zip(&forecasts).map(|(a, f)| (f - a).abs()).sum::<f64>() / count;
    let bias = actuals.iter().zip(&forecasts).map(|(a, f)| f - a).sum::<f64>() / count;
    let mase =
        if actuals.is_empty() { None } else { mase(&actuals, &forecasts, &values[..first_origin], mase_season)? };
    Ok(CandidateScore { model, mase, mae, bias, score: mae + BIAS_WEIGHT * bias.abs(), errors, cumulative_errors })
}

/// σ of the error of the forecast summed over weeks `1..=k`, for `k` in
/// `1..=horizon`, from the backtest's running sums (`cumulative_errors[k −
/// 1]`, one per origin): their root mean square (bias included, not removed).
/// Past the last `k` with sums (`K`), the variance grows in proportion to the
/// weeks, `σ_k² = σ_K² × k ÷ K`, as if each further week added the average
/// week's share; a `k` before any sum takes 0. The running maximum is taken,
/// so the figure never decreases (a longer sum is never more certain;
/// thirteen overlapping origins are a small sample).
pub fn cumulative_error_sd(cumulative_errors: &[Vec<f64>], horizon: usize) -> Vec<f64> {
    let mut out = Vec::with_capacity(horizon);
    let mut last: Option<(usize, f64)> = None;
    let mut highest: f64 = 0.0;
    for k in 1..=horizon {
        let variance = match cumulative_errors.get(k - 1).filter(|sums| !sums.is_empty()) {
            Some(sums) => {
                let variance = sums.iter().map(|e| e * e).sum::<f64>() / sums.len() as f64;
                last = Some((k, variance));
                variance
            }
            None => last.map_or(0.0, |(at, variance)| variance * k as f64 / at as f64),
        };
        highest = highest.max(variance.sqrt());
        out.push(highest);
    }
    out
}

/// Root mean square error at each horizon `1..=horizon`, carrying the last
/// horizon with errors forward (and 0 when there are none at all).
fn error_sd_by_horizon(errors: &[Vec<f64>], horizon: usize) -> Vec<f64> {
    let mut last = 0.0;
    (0..horizon)
        .map(|step| {
            if let Some(at) = errors.get(step).filter(|e| !e.is_empty()) {
                last = (at.iter().map(|e| e * e).sum::<f64>() / at.len() as f64).sqrt();
            }
            last
        })
        .collect()
}
