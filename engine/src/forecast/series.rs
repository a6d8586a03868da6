//! The weekly series a SKU × location is forecast from.
//!
//! Weeks are cut exactly as `plan::demand` cuts them: seven-day buckets, the
//! last one ending yesterday (today's sales are still coming in), the channels
//! of a location summed day by day, a day left out when any channel flags it
//! as a stockout (censored demand) or a promotion (an uplift the baseline must
//! not learn). Unlike the plan's statistics, a model needs every week in
//! order, so a week is never dropped from the middle:
//!
//! - a week with all seven days usable is taken as it is ([`WeekKind::Observed`]);
//! - a week with at least [`MIN_USABLE_DAYS_PER_WEEK`] usable days is scaled
//!   up to seven days, `total × 7 ÷ usable days` ([`WeekKind::Scaled`]), the
//!   plan's rule;
//! - a week with fewer usable days is imputed ([`WeekKind::Imputed`]): the
//!   mean of the (up to) [`IMPUTE_NEIGHBOURS`] nearest earlier weeks that were
//!   not imputed (there is always one: the series starts at a usable week). A
//!   local level, because the weeks just before a stockout are the best
//!   evidence of what it hid that a forecast made today could have had.
//!
//! The series starts at the first week with demand: weeks before a product's
//! launch (before its first held day, or zeros before its first sale) are not
//! observations of zero demand and are dropped. A first week only partly
//! inside the history is scaled from its observed days under the same rule
//! (and dropped, not imputed, with fewer than four). Days after yesterday are
//! ignored. A SKU × location without any sale gives an empty series.

use chrono::{Days, NaiveDate};

use crate::model::{DemandHistory, DemandSeries, LocationId, SkuId};
use crate::plan::demand::MIN_USABLE_DAYS_PER_WEEK;

/// Earlier usable weeks averaged to impute a week with too few usable days.
pub const IMPUTE_NEIGHBOURS: usize = 4;

/// How one week's figure was obtained.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WeekKind {
    /// All seven days usable.
    Observed,
    /// Scaled up to seven days from this many usable days.
    Scaled { usable_days: u8 },
    /// Too few usable days: the mean of neighbouring weeks.
    Imputed,
}

/// Weekly demand of one SKU × location, oldest first.
#[derive(Clone, Debug, PartialEq)]
pub struct WeeklySeries {
    /// First day of the first week (weeks run `start + 7k .. start + 7k + 6`).
    pub start: NaiveDate,
    /// Weekly totals; the last week ends the day before `today`.
    pub values: Vec<f64>,
    /// How each value was obtained, parallel to `values`.
    pub kinds: Vec<WeekKind>,
}

impl WeeklySeries {
    /// Weeks whose value is evidence rather than an imputation.
    pub fn is_usable(&self, week: usize) -> bool {
        self.kinds[week] != WeekKind::Imputed
    }

    /// A mask of imputed weeks, parallel to `values`.
    pub fn imputed(&self) -> Vec<bool> {
        self.kinds.iter().map(|kind| *kind == WeekKind::Imputed).collect()
    }
}

/// The weekly series of the channel series of one SKU × location for a
/// forecast made on `today` (see the module documentation for the rules).
pub fn weekly_series(series: &[DemandSeries], today: NaiveDate) -> WeeklySeries {
    let yesterday = today - Days::new(1);
    let empty = |start| WeeklySeries { start, values: Vec::new(), kinds: Vec::new() };
    let Some(first_day) = series.iter().filter(|s| !s.is_empty()).map(|s| s.start).min() else {
        return empty(today);
    };
    if first_day > yesterday {
        return empty(today);
    }
    let span_days = (today - first_day).num_days() as usize;
    let n_weeks = span_days.div_ceil(7);
    let start = today - Days::new(7 * n_weeks as u64);
    let n_days = 7 * n_weeks;

    let mut quantity = vec![0.0f64; n_days];
    let mut left_out = vec![false; n_days];
    for one in series {
        let Some(end) = one.end() else { continue };
        let end = end.min(yesterday);
        if end < start || one.start > end {
            continue;
        }
        let from = (one.start.max(start) - start).num_days() as usize;
        let to = (end - start).num_days() as usize + 1;
        let offset = (one.start - start).num_days();
        for day in from..to {
            let idx = (day as i64 - offset) as usize;
            quantity[day] += f64::from(one.quantity[idx]);
            if one.stockout.get(idx) || one.promo.get(idx) {
                left_out[day] = true;
            }
        }
    }
    let observed_from = (first_day - start).num_days() as usize;

    let mut values = Vec::with_capacity(n_weeks);
    let mut kinds = Vec::with_capacity(n_weeks);
    for week in 0..n_weeks {
        let days = week * 7..week * 7 + 7;
        let usable: Vec<usize> = days.filter(|&day| day >= observed_from && !left_out[day]).collect();
        let total: f64 = usable.iter().map(|&day| quantity[day]).sum();
        if usable.len() == 7 {
            values.push(total);
            kinds.push(WeekKind::Observed);
        } else if usable.len() >= MIN_USABLE_DAYS_PER_WEEK {
            values.push(total * 7.0 / usable.len() as f64);
            kinds.push(WeekKind::Scaled { usable_days: usable.len() as u8 });
        } else {
            values.push(0.0);
            kinds.push(WeekKind::Imputed);
        }
    }

    // Launch: the first week with demand that is not an imputation.
    let Some(first) = (0..n_weeks).find(|&week| kinds[week] != WeekKind::Imputed && values[week] > 0.0) else {
        return empty(today);
    };
    values.drain(..first);
    kinds.drain(..first);
    impute(&mut values, &kinds);
    WeeklySeries { start: start + Days::new(7 * first as u64), values, kinds }
}

/// Fill each imputed week with the mean of its nearest earlier usable weeks
/// (up to `IMPUTE_NEIGHBOURS`). The first week is usable, so one always exists.
fn impute(values: &mut [f64], kinds: &[WeekKind]) {
    let usable: Vec<usize> = (0..values.len()).filter(|&week| kinds[week] != WeekKind::Imputed).collect();
    for week in 0..values.len() {
        if kinds[week] != WeekKind::Imputed {
            continue;
        }
        let before = usable.partition_point(|&w| w < week);
        let chosen = &usable[before.saturating_sub(IMPUTE_NEIGHBOURS)..before];
        if !chosen.is_empty() {
            values[week] = chosen.iter().map(|&w| values[w]).sum::<f64>() / chosen.len() as f64;
        }
    }
}

/// The weekly series of every SKU × location in `history`, in key order
/// (the history is sorted by SKU, location, channel, so a pair's channels are
/// adjacent).
pub fn weekly_series_by_location(history: &DemandHistory, today: NaiveDate) -> Vec<(SkuId, LocationId, WeeklySeries)> {
    let mut out = Vec::new();
    let mut from = 0;
    let all = &history.series;
    while from < all.len() {
        let key = &all[from].key;
        let to =
            from + all[from..].iter().take_while(|s| s.key.sku == key.sku && s.key.location == key.location).count();
        out.push((key.sku.clone(), key.location.clone(), weekly_series(&all[from..to], today)));
        from = to;
    }
    out
}
