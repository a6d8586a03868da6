//! ABC per SKU, XYZ and demand pattern per SKU × location.
//!
//! ABC ranks SKUs by annual value — trailing 52 weeks of demand (every
//! location, every channel, promotions included: this is what was consumed)
//! times the standard unit cost in the base currency, or by units — highest
//! first, ties by SKU id. An item is A while the cumulative share *before* it
//! is under the A cut-off, so the item that crosses a cut-off stays in the
//! higher class and the top item is always A; B likewise; the rest, and every
//! item of zero value, are C.
//!
//! XYZ and the pattern come from the weekly statistics in `demand`.
//!
//! Which SKU × locations there are is decided in `index`.


use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::demand::{demand_stats_with, DemandStats, WeekScratch};
use super::index::PlanIndex;
use super::supplier_choice::quantity_decimal;
use super::landed::round_cents;
use crate::model::money::to_f64;
use crate::model::{AbcBasis, AbcClass, AbcSettings, DemandSeries, LocationId, SkuId, Workspace};

/// The ABC window: 52 weeks, ending yesterday.
pub const ABC_WINDOW_DAYS: u64 = 364;

/// One SKU's ABC class and the figures behind it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SkuClass {
    pub sku: SkuId,
    /// 1 for the most valuable.
    pub rank: u32,
    pub annual_units: f64,
    /// Annual units × standard unit cost, base currency.
    pub annual_spend: Decimal,
    /// This SKU's share of the total (spend or units), 0–1.
    pub share: f64,
    /// Share of this SKU and every SKU ranked above it.
    pub cumulative_share: f64,
    pub abc: AbcClass,
}

/// One SKU × location's XYZ class and demand pattern.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LocationClass {
    pub sku: SkuId,
    pub location: LocationId,
    pub abc: AbcClass,
    pub stats: DemandStats,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Classification {
    pub today: NaiveDate,
    pub basis: AbcBasis,
    pub cutoff_a: f64,
    pub cutoff_b: f64,
    /// Every SKU of the catalog, by rank.
    pub skus: Vec<SkuClass>,
    /// Every SKU × location in scope (see the module docs), by SKU then location.
    pub locations: Vec<LocationClass>,
}

/// Units sold in the 52 weeks before `today`, across the given series.
pub fn annual_units(series: &[DemandSeries], today: NaiveDate) -> f64 {
    let from = today - Days::new(ABC_WINDOW_DAYS);
    series.iter().map(|one| units_between(one, from, today)).sum()
}

/// Units of one series from `from` up to the day before `until`.
pub fn units_between(series: &DemandSeries, from: NaiveDate, until: NaiveDate) -> f64 {
    let Some(end) = series.end() else { return 0.0 };
    let to = until - Days::new(1);
    if end < from || series.start > to {
        return 0.0;
    }
    let first = (from - series.start).num_days().max(0) as usize;
    let last = ((to - series.start).num_days() as usize).min(series.quantity.len() - 1);
    sum_f32(&series.quantity[first..=last])
}

/// Sum of `f32` quantities in `f64`, in eight independent lanes: a single
/// running sum is one long chain of dependent additions, eight chains let the
/// processor (and the vectoriser) work on several at once. A year of days
/// for 100,000 SKUs is 36 million additions.
pub fn sum_f32(values: &[f32]) -> f64 {
    let mut lanes = [0.0f64; 8];
    let chunks = values.chunks_exact(8);
    let rest = chunks.remainder();
    for chunk in chunks {
        for (lane, &value) in lanes.iter_mut().zip(chunk) {
            *lane += f64::from(value);
        }
    }
    lanes.iter().sum::<f64>() + rest.iter().map(|&q| f64::from(q)).sum::<f64>()
}

/// ABC classes from annual units and spend per SKU, by the settings' basis and cut-offs.
pub fn classify_abc(values: Vec<(SkuId, f64, Decimal)>, settings: &AbcSettings) -> Vec<SkuClass> {
    rank_abc(values, settings)
        .into_iter()
        .map(|row| SkuClass {
            sku: row.key,
            rank: row.rank,
            annual_units: row.annual_units,
            annual_spend: row.annual_spend,
            share: row.share,
            cumulative_share: row.cumulative_share,
            abc: row.abc,
        })
        .collect()
}

/// A ranked row, keyed by whatever identifies the SKU (an id, or a borrowed id).
struct Ranked<K> {
    key: K,
    rank: u32,
    annual_units: f64,
    annual_spend: Decimal,
    share: f64,
    cumulative_share: f64,
    abc: AbcClass,
}

fn rank_abc<K: Ord>(values: Vec<(K, f64, Decimal)>, settings: &AbcSettings) -> Vec<Ranked<K>> {
    let mut rows = unranked(values);
    match settings.basis {
        AbcBasis::Spend => crate::sorting::sort_by(&mut rows, |a, b| b.annual_spend.cmp(&a.annual_spend).then_with(|| a.key.cmp(&b.key))),
        AbcBasis::Units => {
            crate::sorting::sort_by(&mut rows, |a, b| b.annual_units.total_cmp(&a.annual_units).then_with(|| a.key.cmp(&b.key)))
        }
    }
    assign_classes(rows, settings)
}

fn unranked<K>(values: Vec<(K, f64, Decimal)>) -> Vec<Ranked<K>> {
    values
        .into_iter()
        .map(|(key, annual_units, annual_spend)| Ranked {
            key,
            rank: 0,
            annual_units,
            annual_spend,
            share: 0.0,
            cumulative_share: 0.0,
            abc: AbcClass::C,
        })
        .collect()
}

/// The value rows are ranked by as an integer that sorts like it, highest
/// value first: spend in whole cents (it is rounded to cents), units by the
/// bits of the float in `total_cmp` order. `None` for spend beyond ±9·10¹⁶
/// cents.
fn descending_key<K>(row: &Ranked<K>, basis: AbcBasis) -> Option<u64> {
    let ascending = match basis {
        AbcBasis::Spend => {
            let scale = row.annual_spend.scale();
            let cents = if scale <= 2 { row.annual_spend.mantissa().checked_mul(10i128.pow(2 - scale))? } else { return None };
            (i64::try_from(cents).ok()? as u64) ^ (1 << 63)
        }
        AbcBasis::Units => {
            let bits = row.annual_units.to_bits();
            if bits >> 63 == 1 { !bits } else { bits | (1 << 63) }
        }
    };
    Some(!ascending)
}

fn assign_classes<K>(mut rows: Vec<Ranked<K>>, settings: &AbcSettings) -> Vec<Ranked<K>> {
    let value = |row: &Ranked<K>| match settings.basis {
        AbcBasis::Spend => to_f64(row.annual_spend).max(0.0),
        AbcBasis::Units => row.annual_units.max(0.0),
    };
    let total: f64 = rows.iter().map(value).sum();
    let mut before = 0.0;
    for (idx, row) in rows.iter_mut().enumerate() {
        let own = value(row);
        row.rank = idx as u32 + 1;
        row.share = if total > 0.0 { own / total } else { 0.0 };
        let before_share = if total > 0.0 { before / total } else { 1.0 };
        before += own;
        row.cumulative_share = if total > 0.0 { before / total } else { 0.0 };
        row.abc = if own <= 0.0 {
            AbcClass::C
        } else if before_share < settings.cutoff_a {
            AbcClass::A
        } else if before_share < settings.cutoff_b {
            AbcClass::B
        } else {
            AbcClass::C
        };
    }
    rows
}

/// ABC class of every catalog SKU, by index rank (`PlanIndex::skus`), with
/// the figures behind it, in ABC rank order.
fn rank_index(index: &PlanIndex, settings: &AbcSettings) -> Vec<Ranked<u32>> {
    let values = index
        .skus
        .iter()
        .zip(&index.annual_units)
        .enumerate()
        .map(|(rank, (sku, &units))| (rank as u32, units, round_cents(quantity_decimal(units) * sku.unit_cost)))
        .collect();
    // Index ranks are in id order and the rows start in rank order, so a
    // stable sort on the value alone breaks ties by SKU id, exactly as
    // `rank_abc` does; on integer keys it takes linear time.
    let rows = unranked(values);
    let keys: Option<Vec<(u64, u32)>> =
        rows.iter().map(|row| descending_key(row, settings.basis).map(|key| (key, row.key))).collect();
    let Some(mut keys) = keys else {
        let values = rows.into_iter().map(|row| (row.key, row.annual_units, row.annual_spend)).collect();
        return rank_abc(values, settings);
    };
    crate::sorting::sort_by_u64_key(&mut keys, |&(key, _)| key);
    let rows = keys.iter().map(|&(_, rank)| Ranked { ..rows[rank as usize] }).collect();
    assign_classes(rows, settings)
}

/// ABC class by index rank (planning's lookup).
pub(crate) fn abc_by_rank(index: &PlanIndex, settings: &AbcSettings) -> Vec<AbcClass> {
    let mut classes = vec![AbcClass::C; index.catalog_len];
    for row in rank_index(index, settings) {
        classes[row.key as usize] = row.abc;
    }
    classes
}

/// ABC classes of every SKU in the catalog, by ABC rank.
pub fn abc_classes(workspace: &Workspace, today: NaiveDate) -> Vec<SkuClass> {
    let index = PlanIndex::build(workspace, today);
    sku_classes(&index, &workspace.settings.abc)
}

fn sku_classes(index: &PlanIndex, settings: &AbcSettings) -> Vec<SkuClass> {
    rank_index(index, settings)
        .into_iter()
        .map(|row| SkuClass {
            sku: index.sku_ids[row.key as usize].clone(),
            rank: row.rank,
            annual_units: row.annual_units,
            annual_spend: row.annual_spend,
            share: row.share,
            cumulative_share: row.cumulative_share,
            abc: row.abc,
        })
        .collect()
}

/// ABC per SKU and XYZ with the demand pattern per SKU × location.
pub fn classify(workspace: &Workspace, today: NaiveDate) -> Classification {
    let settings = &workspace.settings;
    let index = PlanIndex::build(workspace, today);
    let skus = sku_classes(&index, &settings.abc);
    let abc = abc_by_rank(&index, &settings.abc);
    let mut scratch = WeekScratch::default();
    let locations = index
        .pairs
        .iter()
        .filter(|pair| (pair.sku as usize) < index.catalog_len)
        .map(|pair| {
            let series = &workspace.demand.series[pair.series.clone()];
            LocationClass {
                sku: index.sku_ids[pair.sku as usize].clone(),
                location: index.location_ids[pair.location as usize].clone(),
                abc: abc[pair.sku as usize],
                stats: demand_stats_with(series, today, settings.stats_window_weeks, &settings.xyz, &mut scratch),
            }
        })
        .collect();
    Classification {
        today,
        basis: settings.abc.basis,
        cutoff_a: settings.abc.cutoff_a,
        cutoff_b: settings.abc.cutoff_b,
        skus,
        locations,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn spend(rows: &[(&str, &str)]) -> Vec<(SkuId, f64, Decimal)> {
        rows.iter().map(|(sku, value)| (SkuId::new(*sku), 0.0, Decimal::from_str(value).unwrap())).collect()
    }

    fn settings() -> AbcSettings {
        AbcSettings { basis: AbcBasis::Spend, cutoff_a: 0.80, cutoff_b: 0.95 }
    }

    /// Hand-computed, total 1,000: P 600 (before 0 → A, cum 0.60), Q 150
    /// (before 0.60 → A, cum 0.75), R 100 (before 0.75 → A: crosses 80 % and
    /// stays A, cum 0.85), S 50 and T 50 tie, S first by id (before 0.85 → B,
    /// cum 0.90; before 0.90 → B, cum 0.95), U 50 (before 0.95 → C), V 0 → C.
    #[test]
    fn abc_by_spend_by_hand() {
        let rows = classify_abc(
            spend(&[("U", "50"), ("T", "50"), ("V", "0"), ("P", "600"), ("R", "100"), ("S", "50"), ("Q", "150")]),
            &settings(),
        );
        let classes: Vec<(&str, AbcClass)> = rows.iter().map(|r| (r.sku.as_str(), r.abc)).collect();
        use AbcClass::*;
        assert_eq!(
            classes,
            vec![("P", A), ("Q", A), ("R", A), ("S", B), ("T", B), ("U", C), ("V", C)]
        );
        assert!((rows[2].cumulative_share - 0.85).abs() < 1e-12);
        assert_eq!(rows.iter().map(|r| r.rank).collect::<Vec<_>>(), vec![1, 2, 3, 4, 5, 6, 7]);
    }

    #[test]
    fn the_top_item_is_a_even_when_it_alone_crosses_every_cutoff() {
        let rows = classify_abc(spend(&[("BIG", "990"), ("SMALL", "10")]), &settings());
        assert_eq!((rows[0].abc, rows[1].abc), (AbcClass::A, AbcClass::C));
    }

    #[test]
    fn zero_spend_everywhere_is_c() {
        let rows = classify_abc(spend(&[("A", "0"), ("B", "0")]), &settings());
        assert!(rows.iter().all(|r| r.abc == AbcClass::C));
    }

    #[test]
    fn lane_sums_add_up() {
        let values: Vec<f32> = (1..=37).map(|v| v as f32).collect();
        assert_eq!(sum_f32(&values), (37 * 38 / 2) as f64);
        assert_eq!(sum_f32(&[]), 0.0);
    }

    #[test]
    fn units_basis_ranks_by_units() {
        let values = vec![(SkuId::new("X"), 10.0, Decimal::from(1_000)), (SkuId::new("Y"), 90.0, Decimal::ONE)];
        let rows = classify_abc(values, &AbcSettings { basis: AbcBasis::Units, ..settings() });
        assert_eq!(rows[0].sku.as_str(), "Y");
        assert_eq!((rows[0].abc, rows[1].abc), (AbcClass::A, AbcClass::B));
    }
}
