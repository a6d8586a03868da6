//! What a buyer tells the forecast (`model::forecasting`), applied to the
//! automatic forecasts of a workspace (`report::forecast_workspace_with`),
//! in this order:
//!
//! 1. **Pins** ([`pin_for`]): a SKU's own pin, else its family's, fixes the
//!    model (`auto::Pinned`) and/or the season (`SeasonRule::Given`).
//! 2. **Launches** ([`launch_forecast`]): a new item gets its forecast from a
//!    like item, a weekly rate or its family, blended into its own forecast
//!    as its weeks accumulate ([`blend_launch`]) until it has
//!    [`LAUNCH_OWN_WEEKS`] usable weeks of its own.
//! 3. **Planned promotions** ([`promotion_uplift`]): each forecast week is
//!    lifted by the share of its days inside a promotion,
//!    `week = f × (1 + share × (uplift − 1))`, several promotions multiplying.
//! 4. **Overrides** ([`apply_overrides`]): the buyer's quantity replaces the
//!    forecast week that contains `week_start`, after everything else (an
//!    override is the buyer's final word, promotion included).
//!
//! Forecast week `k` (0-based) covers `today + 7k ..= today + 7k + 6`.

use std::collections::HashMap;

use chrono::{Days, NaiveDate};

use crate::model::{DemandSeries, ForecastOverride, ForecastPin, ForecastScope, Launch, SkuId, Uplift};
use crate::plan::demand::MIN_USABLE_DAYS_PER_WEEK;
use crate::Workspace;

/// Usable weeks of its own history after which a launched item is forecast
/// from them rather than from its launch.
pub const LAUNCH_OWN_WEEKS: usize = 13;
/// Clean weeks on each side of a promoted week that make its baseline.
pub const UPLIFT_NEIGHBOURS: usize = 4;
/// Promoted weeks a SKU needs for an uplift of its own (else its family's).
pub const UPLIFT_MIN_SKU_WEEKS: usize = 2;

/// The pin of a SKU: its own, else its family's; `None` without one.
pub fn pin_for<'a>(workspace: &'a Workspace, sku: &SkuId) -> Option<&'a ForecastPin> {
    let own = workspace.forecast_pins.iter().find(|pin| pin.scope.sku() == Some(sku));
    own.or_else(|| {
        let family = workspace.sku(sku).map(|s| s.family.as_str()).filter(|f| !f.is_empty())?;
        workspace.forecast_pins.iter().find(|pin| pin.scope.family() == Some(family))
    })
}

/// The first day of forecast week `k`.
fn week_start(today: NaiveDate, week: usize) -> NaiveDate {
    today + Days::new(7 * week as u64)
}

/// Replace the weeks overridden (see `ForecastOverride`: the forecast week
/// containing `week_start`; past weeks and weeks beyond the forecast are
/// ignored; `overrides` in `week_start` order, so of two in one week the
/// later one wins). Returns which weeks were overridden.
pub fn apply_overrides(forecast: &mut [f64], today: NaiveDate, overrides: &[&ForecastOverride]) -> Vec<bool> {
    let mut overridden = vec![false; forecast.len()];
    for one in overrides {
        if one.week_start < today {
            continue;
        }
        let week = ((one.week_start - today).num_days() / 7) as usize;
        if week < forecast.len() {
            forecast[week] = one.quantity;
            overridden[week] = true;
        }
    }
    overridden
}

/// Where a promotion's uplift came from.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum UpliftSource {
    /// Given in `promotions.csv`.
    Given,
    /// Learned from the SKU's own promoted weeks (this many).
    LearnedSku { weeks: usize },
    /// Learned from its family's promoted weeks (this many): the SKU had fewer than [`UPLIFT_MIN_SKU_WEEKS`].
    LearnedFamily { weeks: usize },
    /// `learned`, but neither the SKU nor its family has a promoted week in history: no uplift (1).
    NotLearned,
}

/// One promotion's effect on a forecast.
#[derive(Clone, Debug, PartialEq)]
pub struct AppliedPromotion {
    pub id: String,
    pub factor: f64,
    pub source: UpliftSource,
}

/// Multiply each forecast week by `1 + share × (uplift − 1)` for every
/// promotion, `share` the fraction of the week's seven days between the
/// promotion's `start` and `end` inclusive. Returns each week's factor
/// (1 = no promotion).
pub fn promotion_uplift(
    forecast: &mut [f64],
    today: NaiveDate,
    promotions: &[(NaiveDate, NaiveDate, f64)],
) -> Vec<f64> {
    let mut factors = vec![1.0; forecast.len()];
    for (week, factor) in factors.iter_mut().enumerate() {
        let first = week_start(today, week);
        let last = first + Days::new(6);
        for &(start, end, uplift) in promotions {
            let (from, to) = (start.max(first), end.min(last));
            if from > to {
                continue;
            }
            let share = ((to - from).num_days() + 1) as f64 / 7.0;
            *factor *= 1.0 + share * (uplift - 1.0);
        }
    }
    for (value, factor) in forecast.iter_mut().zip(&factors) {
        *value *= factor;
    }
    factors
}

/// The promoted weeks of one SKU × location's channel series, each with the
/// mean of its clean neighbours: `(promoted week's total, baseline)`.
///
/// Weeks are cut as the forecast cuts them (seven days, the last ending the
/// day before `today`), channels summed. A week is *promoted* with at least
/// [`MIN_USABLE_DAYS_PER_WEEK`] promotion days; *clean* with all seven days
/// held, no promotion day and no stockout day. A promoted week's baseline is
/// the mean of the up to [`UPLIFT_NEIGHBOURS`] nearest clean weeks before it
/// and as many after it; a promoted week without any clean neighbour is
/// left out.
pub fn promoted_weeks(series: &[DemandSeries], today: NaiveDate) -> Vec<(f64, f64)> {
    let Some(first) = series.iter().filter(|s| !s.is_empty()).map(|s| s.start).min() else { return Vec::new() };
    if first >= today {
        return Vec::new();
    }
    let n_weeks = ((today - first).num_days() as usize).div_ceil(7);
    let start = today - Days::new(7 * n_weeks as u64);
    let (mut total, mut bad) = (vec![0.0; n_weeks], vec![false; n_weeks]);
    let (mut held, mut promo) = (vec![false; 7 * n_weeks], vec![false; 7 * n_weeks]);
    for one in series {
        for (idx, &quantity) in one.quantity.iter().enumerate() {
            let date = one.start + Days::new(idx as u64);
            if date < start || date >= today {
                continue;
            }
            let day = (date - start).num_days() as usize;
            let week = day / 7;
            total[week] += f64::from(quantity);
            held[day] = true;
            promo[day] |= one.promo.get(idx);
            bad[week] |= one.promo.get(idx) || one.stockout.get(idx);
        }
    }
    let clean: Vec<usize> = (0..n_weeks).filter(|&w| !bad[w] && held[7 * w..7 * w + 7].iter().all(|&h| h)).collect();
    let mut out = Vec::new();
    let promo_days = |w: usize| promo[7 * w..7 * w + 7].iter().filter(|&&p| p).count();
    for week in (0..n_weeks).filter(|&w| promo_days(w) >= MIN_USABLE_DAYS_PER_WEEK) {
        let at = clean.partition_point(|&w| w < week);
        let before = &clean[at.saturating_sub(UPLIFT_NEIGHBOURS)..at];
        let after = &clean[at..(at + UPLIFT_NEIGHBOURS).min(clean.len())];
        let neighbours: Vec<f64> = before.iter().chain(after).map(|&w| total[w]).collect();
        if !neighbours.is_empty() {
            out.push((total[week], neighbours.iter().sum::<f64>() / neighbours.len() as f64));
        }
    }
    out
}

/// The promoted weeks of a SKU at every location ([`promoted_weeks`]).
fn sku_promoted_weeks(workspace: &Workspace, sku: &SkuId, today: NaiveDate) -> Vec<(f64, f64)> {
    let all = workspace.demand.for_sku(sku);
    let mut out = Vec::new();
    let mut from = 0;
    while from < all.len() {
        let location = &all[from].key.location;
        let to = from + all[from..].iter().take_while(|s| &s.key.location == location).count();
        out.extend(promoted_weeks(&all[from..to], today));
        from = to;
    }
    out
}

/// A `learned` uplift: mean(promoted weeks) ÷ mean(their baselines) over the
/// SKU's promoted weeks of history at every location ([`promoted_weeks`]);
/// with fewer than [`UPLIFT_MIN_SKU_WEEKS`] of them, over the promoted weeks
/// of every SKU of its family; with none in the family either (or no family),
/// the SKU's single week if it has one, else 1 ([`UpliftSource::NotLearned`]).
/// Baselines summing to 0 count as no evidence.
pub fn learned_uplift(workspace: &Workspace, sku: &SkuId, today: NaiveDate) -> (f64, UpliftSource) {
    let ratio = |weeks: &[(f64, f64)]| {
        let base: f64 = weeks.iter().map(|w| w.1).sum();
        (!weeks.is_empty() && base > 0.0).then(|| weeks.iter().map(|w| w.0).sum::<f64>() / base)
    };
    let own = sku_promoted_weeks(workspace, sku, today);
    if own.len() >= UPLIFT_MIN_SKU_WEEKS {
        if let Some(factor) = ratio(&own) {
            return (factor, UpliftSource::LearnedSku { weeks: own.len() });
        }
    }
    let family = workspace.sku(sku).map(|s| s.family.as_str()).filter(|f| !f.is_empty());
    if let Some(family) = family {
        let pooled: Vec<(f64, f64)> = workspace
            .skus
            .iter()
            .filter(|s| s.family == family)
            .flat_map(|s| sku_promoted_weeks(workspace, &s.id, today))
            .collect();
        if let Some(factor) = ratio(&pooled) {
            return (factor, UpliftSource::LearnedFamily { weeks: pooled.len() });
        }
    }
    match ratio(&own) {
        Some(factor) => (factor, UpliftSource::LearnedSku { weeks: own.len() }),
        None => (1.0, UpliftSource::NotLearned),
    }
}

/// The promotions of `sku` at `location` (its own and its family's, at that
/// location or at all), with their factors.
pub fn promotions_for(
    workspace: &Workspace,
    sku: &SkuId,
    location: &crate::model::LocationId,
    today: NaiveDate,
    learned: &mut HashMap<SkuId, (f64, UpliftSource)>,
) -> Vec<(NaiveDate, NaiveDate, AppliedPromotion)> {
    let family = workspace.sku(sku).map(|s| s.family.as_str()).unwrap_or("");
    workspace
        .promotions
        .iter()
        .filter(|p| match &p.scope {
            ForecastScope::Sku(id) => id == sku,
            ForecastScope::Family(f) => !f.is_empty() && f == family,
        })
        .filter(|p| p.location.as_ref().is_none_or(|l| l == location))
        .map(|p| {
            let (factor, source) = match p.uplift {
                Uplift::Factor(factor) => (factor, UpliftSource::Given),
                Uplift::Learned => *learned.entry(sku.clone()).or_insert_with(|| learned_uplift(workspace, sku, today)),
            };
            (p.start, p.end, AppliedPromotion { id: p.id.to_string(), factor, source })
        })
        .collect()
}

/// A forecast week by week and its running error σ (`AutoForecast::cumulative_error_sd`).
pub type PhasedForecast = (Vec<f64>, Vec<f64>);

/// A launched item's forecast blended into its own as its weeks accumulate:
/// with `own_weeks` usable weeks of its own history (1 ..
/// [`LAUNCH_OWN_WEEKS`]), its own forecast weighs w = own_weeks ÷
/// LAUNCH_OWN_WEEKS and the launch's 1 − w, week by week; the running error
/// σ is blended with the same weights (the σ of a weighted sum of two fully
/// correlated errors: an upper bound). No rounding.
///
/// Refused: `own_weeks` of 0 or at least [`LAUNCH_OWN_WEEKS`] (the launch
/// alone, or the item's own forecast alone, applies), forecasts or σ of
/// different lengths, and non-finite values.
pub fn blend_launch(
    own: &PhasedForecast,
    launch: &PhasedForecast,
    own_weeks: usize,
) -> Result<PhasedForecast, super::ForecastError> {
    if own_weeks == 0 || own_weeks >= LAUNCH_OWN_WEEKS {
        return Err(super::ForecastError::InvalidParameter {
            name: "own_weeks",
            value: own_weeks as f64,
            reason: "must be from 1 to LAUNCH_OWN_WEEKS - 1",
        });
    }
    for (a, b) in [(&own.0, &launch.0), (&own.1, &launch.1), (&own.0, &own.1)] {
        if a.len() != b.len() {
            return Err(super::ForecastError::LengthMismatch { actual: a.len(), forecast: b.len() });
        }
    }
    for (what, series) in [("own", &own.0), ("own σ", &own.1), ("launch", &launch.0), ("launch σ", &launch.1)] {
        if let Some(index) = series.iter().position(|v| !v.is_finite()) {
            return Err(super::ForecastError::NonFinite { what, index, value: series[index] });
        }
    }
    let w = own_weeks as f64 / LAUNCH_OWN_WEEKS as f64;
    let mix = |a: &[f64], b: &[f64]| a.iter().zip(b).map(|(a, b)| w * a + (1.0 - w) * b).collect::<Vec<f64>>();
    Ok((mix(&own.0, &launch.0), mix(&own.1, &launch.1)))
}

/// The launch of `sku` at `location`: the row for that location, else the
/// SKU's all-locations row.
pub fn launch_for<'a>(
    workspace: &'a Workspace,
    sku: &SkuId,
    location: &crate::model::LocationId,
) -> Option<&'a Launch> {
    let rows = workspace.launches.iter().filter(|l| &l.sku == sku);
    let mut all = None;
    for row in rows {
        match &row.location {
            Some(at) if at == location => return Some(row),
            Some(_) => {}
            None => all = Some(row),
        }
    }
    all
}

/// A launched item's forecast for `horizon` weeks and its running error σ
/// (`AutoForecast::cumulative_error_sd`), from the first source the launch
/// gives, in this order:
/// - `like_sku`: the like item's forecast at the location × `like_share`
///   (σ likewise scaled), when the like item has one there;
/// - `weekly_rate`: that rate every week, shaped by the family profile when
///   `use_family_profile` is set too (the profile scaled to the rate's mean
///   over the horizon); σ of a Poisson count, √(units over weeks 1..k);
/// - `use_family_profile`: the mean forecast (and σ) of the family's other
///   SKUs forecast from their own history at that location.
///
/// Then each week is multiplied by the share of its days on or after
/// `start` (0 before the launch). `None` when no source applies.
/// `like` gives a SKU's (forecast, σ) at the location; `family` the mean of the family's.
pub fn launch_forecast(
    launch: &Launch,
    today: NaiveDate,
    horizon: usize,
    like: &dyn Fn(&SkuId) -> Option<PhasedForecast>,
    family: &dyn Fn() -> Option<PhasedForecast>,
) -> Option<PhasedForecast> {
    let from_like = || {
        let (sku, share) = (launch.like_sku.as_ref()?, launch.like_share?);
        let (forecast, sd) = like(sku)?;
        Some((forecast.iter().map(|f| f * share).collect(), sd.iter().map(|s| s * share).collect()))
    };
    let from_rate = || {
        let rate = launch.weekly_rate?;
        let mut forecast = vec![rate; horizon];
        if launch.use_family_profile {
            if let Some((profile, _)) = family() {
                let mean = profile.iter().sum::<f64>() / profile.len().max(1) as f64;
                if mean > 0.0 {
                    forecast = profile.iter().map(|p| p * rate / mean).collect();
                }
            }
        }
        Some((forecast, Vec::new()))
    };
    let from_family = || launch.use_family_profile.then(family).flatten();
    let (mut forecast, mut sd) = from_like().or_else(from_rate).or_else(from_family)?;
    forecast.resize(horizon, forecast.last().copied().unwrap_or(0.0));
    for (week, value) in forecast.iter_mut().enumerate() {
        let first = week_start(today, week);
        let days_on = (0..7).filter(|&d| first + Days::new(d) >= launch.start).count();
        *value *= days_on as f64 / 7.0;
    }
    if sd.is_empty() {
        let mut running = 0.0;
        sd = forecast
            .iter()
            .map(|f| {
                running += f;
                f64::sqrt(running)
            })
            .collect();
    }
    sd.resize(horizon, sd.last().copied().unwrap_or(0.0));
    Some((forecast, sd))
}
