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
//! Which SKU × locations there are, and each SKU's annual units, are
//! decided in `index`; this module only ranks and classes them.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::demand::{demand_stats_with, DemandStats, WeekScratch};
use super::index::PlanIndex;
use super::landed::round_cents;
use super::supplier_choice::quantity_decimal;
use crate::model::money::to_f64;
use crate::model::{AbcBasis, AbcClass, AbcSettings, LocationId, SkuId, Workspace};

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
        AbcBasis::Spend => crate::sorting::sort_by(&mut rows, |a, b| {
            b.annual_spend.cmp(&a.annual_spend).then_with(|| a.key.cmp(&b.key))
        }),
        AbcBasis::Units => crate::sorting::sort_by(&mut rows, |a, b| {
            b.annual_units.total_cmp(&a.annual_units).then_with(|| a.key.cmp(&b.key))
        }),
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
/// bits of the float in `total_cmp` order. `None` for spend beyond an `i64`
/// of cents (about ±9.2·10¹⁸ cents).
fn descending_key<K>(row: &Ranked<K>, basis: AbcBasis) -> Option<u64> {
    let ascending = match basis {
        AbcBasis::Spend => {
            let scale = row.annual_spend.scale();
            let cents = if scale <= 2 {
                row.annual_spend.mantissa().checked_mul(10i128.pow(2 - scale))?
            } else {
                return None;
            };
            (i64::try_from(cents).ok()? as u64) ^ (1 << 63)
        }
        AbcBasis::Units => {
            let bits = row.annual_units.to_bits();
            if bits >> 63 == 1 {
                !bits
            } else {
                bits | (1 << 63)
            }
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
    use crate::model::{Criticality, DemandDay, Location, SeriesKey, Sku, SkuStatus, Sorted};
    use std::str::FromStr;

    fn today() -> NaiveDate {
        "2025-03-03".parse().unwrap()
    }

    fn sku(id: &str, unit_cost: &str) -> Sku {
        Sku {
            id: id.into(),
            name: id.into(),
            family: "f".into(),
            unit: "each".into(),
            unit_cost: Decimal::from_str(unit_cost).unwrap(),
            criticality: Criticality::Normal,
            regulated: false,
            shelf_life_days: None,
            min_remaining_shelf_life_days: None,
            status: SkuStatus::Active,
            volume_l: None,
            weight_kg: None,
        }
    }

    /// A one-location workspace where each SKU (id, unit cost, units) sold
    /// its units on one day inside the ABC window, plus 1,000 units on a day
    /// before the window that must not count.
    fn workspace(rows: &[(&str, &str, f32)], basis: AbcBasis) -> Workspace {
        let mut workspace = Workspace {
            skus: rows.iter().map(|&(id, cost, _)| sku(id, cost)).collect(),
            locations: Sorted::from_vec(vec![Location { id: "W1".into(), name: "one".into() }]),
            ..Workspace::default()
        };
        workspace.settings.abc = AbcSettings { basis, cutoff_a: 0.80, cutoff_b: 0.95 };
        let day = |date: &str, quantity| DemandDay::shipped(date.parse().unwrap(), quantity);
        workspace.demand.upsert(rows.iter().flat_map(|&(id, _, units)| {
            let key = SeriesKey { sku: id.into(), location: "W1".into(), channel: "web".into() };
            [(key.clone(), day("2024-01-10", 1_000.0)), (key, day("2025-01-10", units))]
        }));
        workspace
    }

    /// Planning's ABC (`abc_by_rank`) and the classification's (`classify`),
    /// both through `rank_index`, which must agree; as (SKU, class) in ABC
    /// rank order.
    fn classes(workspace: &Workspace) -> Vec<(String, AbcClass)> {
        let index = PlanIndex::build(workspace, today());
        let by_rank = abc_by_rank(&index, &workspace.settings.abc);
        let classified = classify(workspace, today());
        for row in &classified.skus {
            let rank = index.rank(&row.sku).unwrap() as usize;
            assert_eq!(by_rank[rank], row.abc, "{}: planning and the classification disagree", row.sku);
        }
        classified.skus.iter().map(|row| (row.sku.as_str().to_owned(), row.abc)).collect()
    }

    fn named(rows: &[(&str, AbcClass)]) -> Vec<(String, AbcClass)> {
        rows.iter().map(|&(sku, abc)| (sku.to_owned(), abc)).collect()
    }

    /// Hand-computed, total 1,000: P 600 (before 0 → A, cum 0.60), Q 150
    /// (before 0.60 → A, cum 0.75), R 100 (before 0.75 → A: crosses 80 % and
    /// stays A, cum 0.85), S, T and U 50 each, tied, so by id: S (before 0.85
    /// → B, cum 0.90), T (before 0.90 → B, cum 0.95), U (before 0.95 → C);
    /// V 0 → C. Spend is units × unit cost: Q is 75 units at 2.00.
    #[test]
    fn abc_by_spend_by_hand() {
        let workspace = workspace(
            &[
                ("U", "1", 50.0),
                ("T", "0.50", 100.0),
                ("V", "3", 0.0),
                ("P", "1", 600.0),
                ("R", "4", 25.0),
                ("S", "1", 50.0),
                ("Q", "2", 75.0),
            ],
            AbcBasis::Spend,
        );
        use AbcClass::*;
        assert_eq!(classes(&workspace), named(&[("P", A), ("Q", A), ("R", A), ("S", B), ("T", B), ("U", C), ("V", C)]));
        let rows = classify(&workspace, today()).skus;
        assert_eq!(
            rows[1].annual_spend,
            Decimal::from(150),
            "75 units at 2.00; the sale before the window not counted"
        );
        assert!((rows[2].cumulative_share - 0.85).abs() < 1e-12);
        assert_eq!(rows.iter().map(|r| r.rank).collect::<Vec<_>>(), vec![1, 2, 3, 4, 5, 6, 7]);
    }

    /// The same worked example with spend beyond what the fast integer sort
    /// keys hold (an `i64` of cents, about ±9.2·10¹⁸): `rank_index` falls back to the comparison
    /// sort, with the same answer.
    #[test]
    fn abc_by_spend_by_hand_beyond_the_integer_keys() {
        let big = "1000000000000000"; // 10¹⁵ a unit: P's 600 units are 6·10¹⁷, or 6·10¹⁹ cents.
        let workspace = workspace(
            &[
                ("P", big, 600.0),
                ("Q", big, 150.0),
                ("R", big, 100.0),
                ("S", big, 50.0),
                ("T", big, 50.0),
                ("U", big, 50.0),
            ],
            AbcBasis::Spend,
        );
        use AbcClass::*;
        assert_eq!(classes(&workspace), named(&[("P", A), ("Q", A), ("R", A), ("S", B), ("T", B), ("U", C)]));
    }

    #[test]
    fn the_top_item_is_a_even_when_it_alone_crosses_every_cutoff() {
        let workspace = workspace(&[("SMALL", "1", 10.0), ("BIG", "1", 990.0)], AbcBasis::Spend);
        assert_eq!(classes(&workspace), named(&[("BIG", AbcClass::A), ("SMALL", AbcClass::C)]));
    }

    #[test]
    fn zero_spend_everywhere_is_c() {
        let workspace = workspace(&[("A", "1", 0.0), ("B", "0", 5.0)], AbcBasis::Spend);
        assert!(classes(&workspace).iter().all(|(_, abc)| *abc == AbcClass::C));
    }

    /// X: 10 units worth 10,000; Y: 90 units worth 90. By units Y is first
    /// (before 0 → A) and X second (before 0.90 → B); by spend the reverse
    /// (X before 0 → A, Y before 0.991 → C).
    #[test]
    fn units_basis_ranks_by_units() {
        let rows = [("X", "1000", 10.0), ("Y", "1", 90.0)];
        assert_eq!(classes(&workspace(&rows, AbcBasis::Units)), named(&[("Y", AbcClass::A), ("X", AbcClass::B)]));
        assert_eq!(classes(&workspace(&rows, AbcBasis::Spend)), named(&[("X", AbcClass::A), ("Y", AbcClass::C)]));
    }
}
