//! Demand statistics per SKU × location, and the demand estimate planning
//! consumes.
//!
//! History is cut into weekly buckets over a window that ends yesterday
//! (today's sales are still coming in), `Settings::stats_window_weeks` long,
//! the channels of a location summed day by day. From the weeks come the mean,
//! the population standard deviation, the coefficient of variation (which
//! gives the XYZ class), the share of zero weeks, and the Syntetos–Boylan
//! pattern.
//!
//! Days that are not evidence of ordinary demand are left out: a stockout day
//! (recorded sales are censored — the shelf was empty, not the demand) and a
//! promotion day (an uplift the baseline must not learn). A day is left out
//! when any channel of the location flags it. A week keeps its place when at
//! least `MIN_USABLE_DAYS_PER_WEEK` of its days are usable, and its total is
//! scaled up to seven days; a week with fewer usable days is dropped. The
//! forecasting work will model promotions and censoring properly; until then
//! the explanation says how many days were left out.
//!
//! A series is trimmed to its first non-blank day. If the SKU × location has
//! history from before the window, every window day without a row is a zero.
//! If its first day falls inside the window it is a new item: the window is
//! shortened to its life (days before the first one are not observed rather
//! than zero), and at least `MIN_HISTORY_WEEKS` usable weeks are needed before
//! history gives an estimate.
//!
//! Planning reads only a `DemandEstimate`: mean and standard deviation of
//! demand per day and where they came from. `estimate_from_history` makes one
//! from these statistics; the forecasting work will make them from a forecast
//! and its error, and `plan_with_demand` accepts either.

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::model::{DayFlags, DemandSeries, XyzClass, XyzSettings};

/// Days of a week that must be usable (observed, no stockout, no promotion)
/// for the week to count. Four is a majority: a week scaled up from fewer days
/// would be mostly guesswork.
pub const MIN_USABLE_DAYS_PER_WEEK: usize = 4;

/// Usable weeks needed before history gives a demand estimate. Below it a
/// standard deviation means little, and the SKU is listed as unplannable
/// unless a buyer fixed its min/max.
pub const MIN_HISTORY_WEEKS: usize = 4;

/// Syntetos–Boylan cut-off on the average inter-demand interval (periods).
pub const ADI_CUTOFF: f64 = 1.32;
/// Syntetos–Boylan cut-off on the squared coefficient of variation of the non-zero demand sizes.
pub const CV2_CUTOFF: f64 = 0.49;

/// Demand pattern after Syntetos, Boylan & Croston (2005), "On the
/// categorization of demand patterns", *Journal of the Operational Research
/// Society* 56(5), 495–503.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DemandPattern {
    /// Demand nearly every period, sizes steady.
    #[serde(rename = "smooth")]
    Smooth,
    /// Demand nearly every period, sizes vary a lot.
    #[serde(rename = "erratic")]
    Erratic,
    /// Many empty periods, sizes steady.
    #[serde(rename = "intermittent")]
    Intermittent,
    /// Many empty periods, sizes vary a lot.
    #[serde(rename = "lumpy")]
    Lumpy,
    /// No demand at all in the usable weeks.
    #[serde(rename = "no_demand")]
    NoDemand,
}

impl DemandPattern {
    pub fn as_str(self) -> &'static str {
        match self {
            DemandPattern::Smooth => "smooth",
            DemandPattern::Erratic => "erratic",
            DemandPattern::Intermittent => "intermittent",
            DemandPattern::Lumpy => "lumpy",
            DemandPattern::NoDemand => "no_demand",
        }
    }

    /// Whether a normal model of lead-time demand is a poor fit: with many
    /// empty periods demand over a lead time is skewed, often zero, and the
    /// normal quantile misplaces the reorder point.
    pub fn normal_model_is_weak(self) -> bool {
        matches!(self, DemandPattern::Intermittent | DemandPattern::Lumpy)
    }
}

impl std::fmt::Display for DemandPattern {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Weekly demand statistics of one SKU × location.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DemandStats {
    /// First day of the window actually used (later than the configured start for a new item).
    pub window_start: NaiveDate,
    /// Last day of the window: the day before `today`.
    pub window_end: NaiveDate,
    /// Weeks in the configured window.
    pub window_weeks: u32,
    /// First day of history held for this SKU × location, if any.
    pub first_day: Option<NaiveDate>,
    /// The history starts inside the window, which was shortened to it.
    pub new_item: bool,
    /// Weeks that entered the statistics.
    pub weeks_used: u32,
    /// Observed weeks dropped for having fewer than `MIN_USABLE_DAYS_PER_WEEK` usable days.
    pub weeks_dropped: u32,
    /// Observed days left out because the item was out of stock.
    pub stockout_days: u32,
    /// Observed days left out because of a promotion (and not a stockout).
    pub promo_days: u32,
    pub mean_per_week: f64,
    /// Population standard deviation of the weekly totals.
    pub sd_per_week: f64,
    /// sd ÷ mean of the weekly totals; `None` when the mean is zero.
    pub cv: Option<f64>,
    /// Share of used weeks with no demand; `None` without used weeks.
    pub zero_share: Option<f64>,
    /// Average inter-demand interval: used weeks ÷ weeks with demand.
    pub adi: Option<f64>,
    /// Squared coefficient of variation of the non-zero weekly totals.
    pub cv2: Option<f64>,
    pub pattern: DemandPattern,
    pub xyz: XyzClass,
}

/// Where a demand estimate comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DemandSource {
    /// Weekly history statistics (`estimate_from_history`).
    #[serde(rename = "history")]
    History,
    /// A forecast and its error, from the forecasting work.
    #[serde(rename = "forecast")]
    Forecast,
}

impl DemandSource {
    pub fn as_str(self) -> &'static str {
        match self {
            DemandSource::History => "history",
            DemandSource::Forecast => "forecast",
        }
    }
}

/// What planning knows about future demand of one SKU × location.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DemandEstimate {
    pub source: DemandSource,
    /// Expected demand per day (d).
    pub mean_per_day: f64,
    /// Standard deviation of demand per day (σd): of history, or of the forecast error.
    pub sd_per_day: f64,
    /// The forecast model's name, for the explanation; `None` for history.
    pub method: Option<String>,
    /// The forecast week by week from today, when the estimate comes from
    /// one: planning then sums it over the actual lead-time window instead
    /// of taking d × L. `None` for history.
    pub phased: Option<Box<PhasedDemand>>,
}

/// A forecast laid out over the weeks that start today, and the uncertainty
/// of its running total.
///
/// Week `k` (0-based) covers the days `today + 7k ..= today + 7k + 6`.
/// `cumulative_error_sd[k]` is the standard deviation of the error of the
/// forecast summed over weeks `0..=k` (from the forecast's backtest), so it
/// never decreases.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PhasedDemand {
    /// Forecast units per week, each finite and ≥ 0.
    pub weekly: Vec<f64>,
    /// σ of the summed forecast error over the first `k + 1` weeks, each finite, ≥ 0 and non-decreasing.
    pub cumulative_error_sd: Vec<f64>,
    /// How demand over a protection interval is distributed around the
    /// forecast; `Normal` unless the forecast says otherwise
    /// (`with_lead_time_model`).
    #[serde(default)]
    pub lead_time_model: LeadTimeModel,
}

/// The distribution planning puts on demand over a protection interval
/// planned from a forecast (mean the forecast summed over it, variance the
/// square of its error σ).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum LeadTimeModel {
    /// Normal: safety stock z(α)·σ or k(β)·σ (`plan::safety_stock`).
    #[default]
    #[serde(rename = "normal")]
    Normal,
    /// A count distribution fitted to the mean and variance, negative
    /// binomial or Poisson (`plan::count`), for intermittent demand, whose
    /// models give no valid intervals (`forecast::planning::lead_time_model`
    /// decides which series).
    #[serde(rename = "count")]
    Count,
}

/// Why a `PhasedDemand` was refused.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum PhasedDemandError {
    #[error("a phased forecast needs at least one week")]
    Empty,
    #[error("the forecast has {weekly} weeks but its error has {errors}")]
    LengthMismatch { weekly: usize, errors: usize },
    #[error("week {week}: {what} {value} is not a finite figure ≥ 0")]
    Invalid { week: usize, what: &'static str, value: f64 },
    #[error("week {week}: the error of the running total falls from {previous} to {value}")]
    ErrorDecreases { week: usize, previous: f64, value: f64 },
    #[error("the interval of {days} days is not a finite figure ≥ 0")]
    InvalidInterval { days: f64 },
}

impl PhasedDemand {
    /// Checks the conventions above: as long as each other, at least one
    /// week, every figure finite and ≥ 0, the error never decreasing.
    pub fn new(weekly: Vec<f64>, cumulative_error_sd: Vec<f64>) -> Result<Self, PhasedDemandError> {
        if weekly.is_empty() {
            return Err(PhasedDemandError::Empty);
        }
        if weekly.len() != cumulative_error_sd.len() {
            return Err(PhasedDemandError::LengthMismatch { weekly: weekly.len(), errors: cumulative_error_sd.len() });
        }
        let valid = |v: f64| v.is_finite() && v >= 0.0;
        if let Some(week) = weekly.iter().position(|&v| !valid(v)) {
            return Err(PhasedDemandError::Invalid { week, what: "forecast", value: weekly[week] });
        }
        if let Some(week) = cumulative_error_sd.iter().position(|&v| !valid(v)) {
            return Err(PhasedDemandError::Invalid { week, what: "error sd", value: cumulative_error_sd[week] });
        }
        if let Some(week) =
            (1..cumulative_error_sd.len()).find(|&k| cumulative_error_sd[k] < cumulative_error_sd[k - 1])
        {
            let (previous, value) = (cumulative_error_sd[week - 1], cumulative_error_sd[week]);
            return Err(PhasedDemandError::ErrorDecreases { week, previous, value });
        }
        Ok(PhasedDemand { weekly, cumulative_error_sd, lead_time_model: LeadTimeModel::Normal })
    }

    /// The same forecast with demand over an interval distributed as `model`.
    pub fn with_lead_time_model(self, model: LeadTimeModel) -> Self {
        PhasedDemand { lead_time_model: model, ..self }
    }

    /// Expected demand over the `days` days that start today: the whole
    /// weeks in full plus the same fraction of the next week (demand spread
    /// evenly over a week's days). Past the last forecast week the last
    /// week's rate continues. Refuses a negative or non-finite `days`.
    pub fn demand_over(&self, days: f64) -> Result<f64, PhasedDemandError> {
        let weeks = Self::weeks(days)?;
        let whole = weeks.floor() as usize;
        let fraction = weeks - weeks.floor();
        let last = *self.weekly.last().expect("checked non-empty");
        let week = |k: usize| self.weekly.get(k).copied().unwrap_or(last);
        let full: f64 = if whole <= self.weekly.len() {
            self.weekly[..whole].iter().sum()
        } else {
            self.weekly.iter().sum::<f64>() + (whole - self.weekly.len()) as f64 * last
        };
        Ok(full + fraction * week(whole))
    }

    /// σ of the forecast error summed over the `days` days that start today.
    /// Between whole weeks the variance is interpolated linearly (from 0 at
    /// day 0); past the last week it keeps growing by the last week's
    /// increment of variance per week (by the first week's variance when
    /// there is one week). Refuses a negative or non-finite `days`.
    pub fn error_sd_over(&self, days: f64) -> Result<f64, PhasedDemandError> {
        let weeks = Self::weeks(days)?;
        let var = |k: usize| -> f64 {
            // Variance of the running total over k whole weeks, k ≥ 0.
            let sds = &self.cumulative_error_sd;
            match k {
                0 => 0.0,
                k if k <= sds.len() => sds[k - 1] * sds[k - 1],
                k => {
                    let n = sds.len();
                    let last = sds[n - 1] * sds[n - 1];
                    let before = if n >= 2 { sds[n - 2] * sds[n - 2] } else { 0.0 };
                    last + (k - n) as f64 * (last - before)
                }
            }
        };
        let whole = weeks.floor() as usize;
        let fraction = weeks - weeks.floor();
        let variance = var(whole) + fraction * (var(whole + 1) - var(whole));
        Ok(variance.max(0.0).sqrt())
    }

    fn weeks(days: f64) -> Result<f64, PhasedDemandError> {
        if !(days.is_finite() && days >= 0.0) {
            return Err(PhasedDemandError::InvalidInterval { days });
        }
        Ok(days / DAYS_PER_WEEK)
    }

    /// Average forecast per day over the forecast weeks.
    pub fn mean_per_day(&self) -> f64 {
        self.weekly.iter().sum::<f64>() / (self.weekly.len() as f64 * DAYS_PER_WEEK)
    }
}

/// Days per week, as the divisor that turns weekly figures into daily ones.
const DAYS_PER_WEEK: f64 = 7.0;

/// The estimate history gives: d = weekly mean ÷ 7 and σd = weekly sd ÷ √7.
/// The √7 assumes demand on the days of a week is independent, so variances
/// add; `None` with fewer than `MIN_HISTORY_WEEKS` usable weeks.
pub fn estimate_from_history(stats: &DemandStats) -> Option<DemandEstimate> {
    if (stats.weeks_used as usize) < MIN_HISTORY_WEEKS {
        return None;
    }
    Some(DemandEstimate {
        source: DemandSource::History,
        mean_per_day: stats.mean_per_week / DAYS_PER_WEEK,
        sd_per_day: stats.sd_per_week / DAYS_PER_WEEK.sqrt(),
        method: None,
        phased: None,
    })
}

/// The Syntetos–Boylan cell for an ADI and a CV² (both at or above their
/// cut-off count as "high").
pub fn classify_pattern(adi: f64, cv2: f64) -> DemandPattern {
    match (adi < ADI_CUTOFF, cv2 < CV2_CUTOFF) {
        (true, true) => DemandPattern::Smooth,
        (true, false) => DemandPattern::Erratic,
        (false, true) => DemandPattern::Intermittent,
        (false, false) => DemandPattern::Lumpy,
    }
}

/// XYZ class from the coefficient of variation: up to `cutoff_x` is X, up to
/// `cutoff_y` is Y, above is Z; a zero-mean series (no CV) is Z.
pub fn classify_xyz(cv: Option<f64>, settings: &XyzSettings) -> XyzClass {
    match cv {
        Some(cv) if cv <= settings.cutoff_x => XyzClass::X,
        Some(cv) if cv <= settings.cutoff_y => XyzClass::Y,
        _ => XyzClass::Z,
    }
}

/// Summary of a list of weekly totals.
#[derive(Clone, Debug, PartialEq)]
pub struct WeeklySummary {
    pub mean: f64,
    pub sd: f64,
    pub cv: Option<f64>,
    pub zero_share: Option<f64>,
    pub adi: Option<f64>,
    pub cv2: Option<f64>,
    pub pattern: DemandPattern,
}

/// Mean, population sd, CV, zero share, ADI, CV² and pattern of weekly totals.
/// Population (not sample) statistics, as the XYZ definition asks; over a
/// year of weeks the two differ by 1 %.
pub fn summarize_weeks(weeks: &[f64]) -> WeeklySummary {
    let n = weeks.len();
    if n == 0 {
        return WeeklySummary {
            mean: 0.0,
            sd: 0.0,
            cv: None,
            zero_share: None,
            adi: None,
            cv2: None,
            pattern: DemandPattern::NoDemand,
        };
    }
    let (mean, sd) = mean_and_population_sd(weeks.iter().copied());
    let nonzero = weeks.iter().filter(|&&w| w > 0.0).count();
    let zero_share = Some((n - nonzero) as f64 / n as f64);
    if nonzero == 0 {
        return WeeklySummary {
            mean,
            sd,
            cv: None,
            zero_share,
            adi: None,
            cv2: None,
            pattern: DemandPattern::NoDemand,
        };
    }
    let adi = n as f64 / nonzero as f64;
    let (size_mean, size_sd) = mean_and_population_sd(weeks.iter().copied().filter(|&w| w > 0.0));
    let cv2 = (size_sd / size_mean).powi(2);
    WeeklySummary {
        mean,
        sd,
        cv: (mean > 0.0).then(|| sd / mean),
        zero_share,
        adi: Some(adi),
        cv2: Some(cv2),
        pattern: classify_pattern(adi, cv2),
    }
}

fn mean_and_population_sd(values: impl Iterator<Item = f64> + Clone) -> (f64, f64) {
    let (count, sum) = values.clone().fold((0usize, 0.0), |(c, s), v| (c + 1, s + v));
    if count == 0 {
        return (0.0, 0.0);
    }
    let mean = sum / count as f64;
    let squares: f64 = values.map(|v| (v - mean) * (v - mean)).sum();
    (mean, (squares / count as f64).sqrt())
}

/// Reusable buffers for `demand_stats_with`, so planning 100,000 SKU ×
/// locations does not allocate per line.
#[derive(Default)]
pub struct WeekScratch {
    quantity: Vec<f64>,
    /// Window days flagged by any channel, one bit a day.
    stockout: Vec<u64>,
    promo: Vec<u64>,
    weeks: Vec<f64>,
}

/// Set bit `at + i` of `marks` for every flagged series day `first + i`,
/// `i < len`, visiting only the flagged days (a word at a time), since flags
/// are rare.
fn mark_days(flags: &DayFlags, first: usize, len: usize, marks: &mut [u64], at: usize) {
    let end = first + len;
    for (word_idx, &word) in flags.0.iter().enumerate().skip(first / 64) {
        let base = word_idx * 64;
        if base >= end {
            break;
        }
        let mut bits = word;
        while bits != 0 {
            let day = base + bits.trailing_zeros() as usize;
            bits &= bits - 1;
            if (first..end).contains(&day) {
                let mark = at + day - first;
                marks[mark / 64] |= 1 << (mark % 64);
            }
        }
    }
}

/// The seven bits of window days `start..start + 7` (bit i is day start + i).
fn week_bits(marks: &[u64], start: usize) -> u32 {
    let (word, bit) = (start / 64, start % 64);
    let mut bits = marks[word] >> bit;
    if bit > 64 - 7 {
        bits |= marks.get(word + 1).map_or(0, |next| next << (64 - bit));
    }
    (bits & 0x7F) as u32
}

/// Weekly statistics of the channel series of one SKU × location over the
/// `window_weeks` weeks before `today`.
pub fn demand_stats(series: &[DemandSeries], today: NaiveDate, window_weeks: u32, xyz: &XyzSettings) -> DemandStats {
    demand_stats_with(series, today, window_weeks, xyz, &mut WeekScratch::default())
}

/// `demand_stats` with caller-owned buffers.
pub fn demand_stats_with(
    series: &[DemandSeries],
    today: NaiveDate,
    window_weeks: u32,
    xyz: &XyzSettings,
    scratch: &mut WeekScratch,
) -> DemandStats {
    let window_weeks = window_weeks.max(1);
    let n_days = window_weeks as usize * 7;
    let window_start = today - Days::new(n_days as u64);
    let window_end = today - Days::new(1);

    scratch.quantity.clear();
    scratch.quantity.resize(n_days, 0.0);
    scratch.weeks.clear();
    let n_words = n_days / 64 + 1;
    scratch.stockout.clear();
    scratch.stockout.resize(n_words, 0);
    scratch.promo.clear();
    scratch.promo.resize(n_words, 0);

    let first_day = series.iter().filter(|s| !s.is_empty()).map(|s| s.start).min();
    for one in series {
        let Some(end) = one.end() else { continue };
        if end < window_start || one.start > window_end {
            continue;
        }
        // Window day t is series day t - offset.
        let offset = (one.start - window_start).num_days();
        let from = offset.max(0) as usize;
        let to = ((end - window_start).num_days() + 1).min(n_days as i64) as usize;
        let series_from = (from as i64 - offset) as usize;
        let source = &one.quantity[series_from..series_from + (to - from)];
        for (slot, &q) in scratch.quantity[from..to].iter_mut().zip(source) {
            *slot += f64::from(q);
        }
        mark_days(&one.stockout, series_from, to - from, &mut scratch.stockout, from);
        mark_days(&one.promo, series_from, to - from, &mut scratch.promo, from);
    }

    // Days before the first one held are unobserved for a new item.
    let observed_from = match first_day {
        Some(first) if first > window_start => ((first - window_start).num_days() as usize).min(n_days),
        Some(_) => 0,
        None => n_days,
    };
    let new_item = first_day.is_some_and(|first| first > window_start);

    // A week at a time, on seven-bit day masks: a stockout day counts as a
    // stockout even if it is also a promotion day. Daily figures are never
    // −0.0 (they start from +0.0), so a sum of the usable days in day order
    // has the same bits whichever days are left out and whatever zero it
    // starts from.
    let (mut weeks_dropped, mut stockout_days, mut promo_days) = (0u32, 0u32, 0u32);
    for week in 0..window_weeks as usize {
        let start = week * 7;
        if start + 7 <= observed_from {
            continue;
        }
        let unobserved = observed_from.saturating_sub(start);
        let observed = 0x7F & !((1u32 << unobserved) - 1);
        let days = &scratch.quantity[start..start + 7];
        let stockout = week_bits(&scratch.stockout, start) & observed;
        let promo = week_bits(&scratch.promo, start) & observed & !stockout;
        let (usable, total) = if stockout | promo == 0 {
            (7 - unobserved, days[unobserved..].iter().sum())
        } else {
            stockout_days += stockout.count_ones();
            promo_days += promo.count_ones();
            let usable_days = observed & !stockout & !promo;
            let mut total = 0.0;
            for (day, &quantity) in days.iter().enumerate() {
                if usable_days >> day & 1 == 1 {
                    total += quantity;
                }
            }
            (usable_days.count_ones() as usize, total)
        };
        if usable >= MIN_USABLE_DAYS_PER_WEEK {
            scratch.weeks.push(total * 7.0 / usable as f64);
        } else {
            weeks_dropped += 1;
        }
    }

    let summary = summarize_weeks(&scratch.weeks);
    let used_start = if new_item { window_start + Days::new(observed_from as u64) } else { window_start };
    DemandStats {
        window_start: used_start,
        window_end,
        window_weeks,
        first_day,
        new_item,
        weeks_used: scratch.weeks.len() as u32,
        weeks_dropped,
        stockout_days,
        promo_days,
        mean_per_week: summary.mean,
        sd_per_week: summary.sd,
        cv: summary.cv,
        zero_share: summary.zero_share,
        adi: summary.adi,
        cv2: summary.cv2,
        pattern: summary.pattern,
        xyz: classify_xyz(summary.cv, xyz),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DemandDay, DemandHistory, SeriesKey};

    fn phased(weekly: &[f64], errors: &[f64]) -> PhasedDemand {
        PhasedDemand::new(weekly.to_vec(), errors.to_vec()).unwrap()
    }

    /// Weeks 7, 14, 21: 10 days = week 1 in full + 3/7 of week 2 = 7 + 6 = 13;
    /// 21 days = 42; 35 days = 42 + 2 weeks at the last rate 21 = 84.
    #[test]
    fn demand_over_sums_whole_weeks_and_a_share_of_the_next() {
        let demand = phased(&[7.0, 14.0, 21.0], &[1.0, 2.0, 3.0]);
        let over = |days: f64| demand.demand_over(days).unwrap();
        assert_eq!(over(0.0), 0.0);
        assert!((over(10.0) - 13.0).abs() < 1e-12);
        assert!((over(21.0) - 42.0).abs() < 1e-12);
        assert!((over(35.0) - 84.0).abs() < 1e-12);
        assert!((over(24.5) - (42.0 + 0.5 * 21.0)).abs() < 1e-12, "half of a week past the end at its rate");
        assert!(demand.demand_over(-1.0).is_err());
        assert!(demand.demand_over(f64::NAN).is_err());
        assert!((demand.mean_per_day() - 42.0 / 21.0).abs() < 1e-12);
    }

    /// σ of the running total: 1, 2, 3 over 1, 2, 3 weeks (variances 1, 4, 9).
    /// 10.5 days = 1.5 weeks → √(1 + 0.5 × (4 − 1)) = √2.5; 3.5 days → √(0.5 × 1);
    /// 5 weeks → variance 9 + 2 × (9 − 4) = 19.
    #[test]
    fn error_sd_interpolates_variance_between_weeks() {
        let demand = phased(&[7.0, 14.0, 21.0], &[1.0, 2.0, 3.0]);
        let sd = |days: f64| demand.error_sd_over(days).unwrap();
        assert_eq!(sd(0.0), 0.0);
        assert!((sd(7.0) - 1.0).abs() < 1e-12);
        assert!((sd(10.5) - 2.5f64.sqrt()).abs() < 1e-12);
        assert!((sd(3.5) - 0.5f64.sqrt()).abs() < 1e-12);
        assert!((sd(35.0) - 19f64.sqrt()).abs() < 1e-12);
        let one = phased(&[5.0], &[2.0]);
        assert!((one.error_sd_over(21.0).unwrap() - 12f64.sqrt()).abs() < 1e-12, "4 a week, 3 weeks");
    }

    #[test]
    fn a_phased_forecast_refuses_what_planning_cannot_use() {
        assert_eq!(PhasedDemand::new(vec![], vec![]), Err(PhasedDemandError::Empty));
        assert!(matches!(
            PhasedDemand::new(vec![1.0, 2.0], vec![1.0]),
            Err(PhasedDemandError::LengthMismatch { weekly: 2, errors: 1 })
        ));
        assert!(matches!(
            PhasedDemand::new(vec![1.0, -2.0], vec![1.0, 1.0]),
            Err(PhasedDemandError::Invalid { week: 1, what: "forecast", .. })
        ));
        assert!(matches!(
            PhasedDemand::new(vec![1.0, 2.0], vec![1.0, f64::INFINITY]),
            Err(PhasedDemandError::Invalid { week: 1, what: "error sd", .. })
        ));
        assert!(matches!(
            PhasedDemand::new(vec![1.0, 2.0], vec![2.0, 1.0]),
            Err(PhasedDemandError::ErrorDecreases { week: 1, .. })
        ));
    }

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn xyz() -> XyzSettings {
        XyzSettings { cutoff_x: 0.5, cutoff_y: 1.0 }
    }

    fn history(rows: &[(&str, &str, f32, bool, bool)]) -> DemandHistory {
        let mut history = DemandHistory::default();
        history.upsert(rows.iter().map(|&(channel, day, quantity, promo, stockout)| {
            (
                SeriesKey { sku: "S".into(), location: "L".into(), channel: channel.into() },
                DemandDay { date: date(day), quantity, promo, stockout, requested: None },
            )
        }));
        history
    }

    /// Hand-computed: weekly totals 10, 0, 20, 0, 30, 0, 0, 20 (8 weeks).
    /// Mean 10, population variance (0+100+100+100+400+100+100+100)/8 = 125,
    /// sd 11.180, CV 1.118 → Z. Four weeks with demand: ADI = 8/4 = 2.
    /// Sizes 10, 20, 30, 20: mean 20, variance (100+0+100+0)/4 = 50, CV² = 50/400 = 0.125
    /// → intermittent (ADI ≥ 1.32, CV² < 0.49).
    #[test]
    fn weekly_summary_by_hand() {
        let summary = summarize_weeks(&[10.0, 0.0, 20.0, 0.0, 30.0, 0.0, 0.0, 20.0]);
        assert_eq!(summary.mean, 10.0);
        assert!((summary.sd - 125f64.sqrt()).abs() < 1e-12);
        assert!((summary.cv.unwrap() - 1.118_034).abs() < 1e-6);
        assert_eq!(summary.zero_share, Some(0.5));
        assert_eq!(summary.adi, Some(2.0));
        assert!((summary.cv2.unwrap() - 0.125).abs() < 1e-12);
        assert_eq!(summary.pattern, DemandPattern::Intermittent);
        assert_eq!(classify_xyz(summary.cv, &xyz()), XyzClass::Z);
    }

    /// The four Syntetos–Boylan cells and their borders (cut-offs inclusive on the high side).
    #[test]
    fn syntetos_boylan_cells() {
        assert_eq!(classify_pattern(1.0, 0.2), DemandPattern::Smooth);
        assert_eq!(classify_pattern(1.31, 0.49), DemandPattern::Erratic);
        assert_eq!(classify_pattern(1.32, 0.48), DemandPattern::Intermittent);
        assert_eq!(classify_pattern(3.0, 1.0), DemandPattern::Lumpy);
    }

    #[test]
    fn xyz_cutoffs_are_inclusive_and_zero_mean_is_z() {
        assert_eq!(classify_xyz(Some(0.5), &xyz()), XyzClass::X);
        assert_eq!(classify_xyz(Some(0.5001), &xyz()), XyzClass::Y);
        assert_eq!(classify_xyz(Some(1.0), &xyz()), XyzClass::Y);
        assert_eq!(classify_xyz(Some(1.2), &xyz()), XyzClass::Z);
        assert_eq!(classify_xyz(None, &xyz()), XyzClass::Z);
    }

    /// All-zero history: mean 0, no CV, Z, "no demand"; still an estimate (d = 0) once enough weeks exist.
    #[test]
    fn all_zero_weeks() {
        let summary = summarize_weeks(&[0.0; 10]);
        assert_eq!((summary.mean, summary.cv, summary.pattern), (0.0, None, DemandPattern::NoDemand));
        assert_eq!(summary.zero_share, Some(1.0));
    }

    /// Today 2025-03-03 (Monday), 4-week window: 2025-02-03 … 2025-03-02.
    /// One sale of 7 on 2025-01-15, before the window, makes the whole window observed:
    /// sales of 14 in week 2 (Feb 10–16) and 7 in week 4; weeks 1 and 3 are zeros.
    #[test]
    fn history_before_the_window_makes_missing_days_zeros() {
        let history = history(&[
            ("web", "2025-01-15", 7.0, false, false),
            ("web", "2025-02-11", 10.0, false, false),
            ("b2b", "2025-02-12", 4.0, false, false),
            ("web", "2025-02-28", 7.0, false, false),
        ]);
        let stats = demand_stats(&history.series, date("2025-03-03"), 4, &xyz());
        assert_eq!(stats.window_start, date("2025-02-03"));
        assert_eq!(stats.window_end, date("2025-03-02"));
        assert!(!stats.new_item);
        assert_eq!(stats.weeks_used, 4);
        assert_eq!(stats.mean_per_week, (14.0 + 7.0) / 4.0);
        assert_eq!(stats.zero_share, Some(0.5));
        let estimate = estimate_from_history(&stats).unwrap();
        assert!((estimate.mean_per_day - 21.0 / 28.0).abs() < 1e-12);
        assert!((estimate.sd_per_day - stats.sd_per_week / 7f64.sqrt()).abs() < 1e-12);
    }

    /// A stockout day and a promo day in week 1 leave 5 usable days whose
    /// 10 units scale to 14 for the week; week 2 has 4 stockout days and is dropped.
    #[test]
    fn stockout_and_promo_days_are_left_out_and_weeks_scaled() {
        let mut rows = vec![
            ("web", "2025-01-01", 1.0, false, false), // before the window
            ("web", "2025-02-03", 2.0, false, false),
            ("web", "2025-02-04", 2.0, false, false),
            ("web", "2025-02-05", 0.0, false, true),
            ("web", "2025-02-06", 50.0, true, false),
            ("web", "2025-02-07", 2.0, false, false),
            ("web", "2025-02-08", 2.0, false, false),
            ("web", "2025-02-09", 2.0, false, false),
        ];
        for day in ["2025-02-10", "2025-02-11", "2025-02-12", "2025-02-13"] {
            rows.push(("web", day, 0.0, false, true));
        }
        let history = history(&rows);
        let stats = demand_stats(&history.series, date("2025-03-03"), 4, &xyz());
        assert_eq!((stats.stockout_days, stats.promo_days), (5, 1));
        assert_eq!((stats.weeks_used, stats.weeks_dropped), (3, 1));
        // Weeks used: 14 (scaled), 0, 0.
        assert!((stats.mean_per_week - 14.0 / 3.0).abs() < 1e-12);
        assert!(estimate_from_history(&stats).is_none(), "3 usable weeks are fewer than MIN_HISTORY_WEEKS");
    }

    /// First sale on Wednesday 2025-02-19 inside an 8-week window ending Sunday 2025-03-02:
    /// the item is new; week Feb 17–23 has 5 observed days (scaled), the next is full.
    #[test]
    fn a_new_item_uses_only_its_own_life() {
        let history = history(&[("web", "2025-02-19", 5.0, false, false), ("web", "2025-02-25", 7.0, false, false)]);
        let stats = demand_stats(&history.series, date("2025-03-03"), 8, &xyz());
        assert!(stats.new_item);
        assert_eq!(stats.window_start, date("2025-02-19"));
        assert_eq!(stats.weeks_used, 2);
        assert_eq!(stats.weeks_dropped, 0);
        assert!((stats.mean_per_week - (5.0 * 7.0 / 5.0 + 7.0) / 2.0).abs() < 1e-12);
        assert!(estimate_from_history(&stats).is_none());
    }

    #[test]
    fn no_series_means_no_weeks_and_no_estimate() {
        let stats = demand_stats(&[], date("2025-03-03"), 52, &xyz());
        assert_eq!(stats.weeks_used, 0);
        assert_eq!(stats.first_day, None);
        assert_eq!(stats.pattern, DemandPattern::NoDemand);
        assert_eq!(stats.xyz, XyzClass::Z);
        assert!(estimate_from_history(&stats).is_none());
    }
}
