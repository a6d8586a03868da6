//! The SKU × locations of a plan and the evidence for each, indexed once.
//!
//! Every SKU gets a rank (catalog SKUs in id order, then SKUs named only in
//! stock, demand or orders, also in id order) and every location a rank (id
//! order), so a SKU × location is one `u64` key. Each record that says
//! something about a SKU × location — a demand series, a stock lot, a
//! customer commitment, an open purchase-order line, a min/max override — is
//! tagged with its key once, the tags are sorted, and each run of equal keys
//! becomes one `Pair` holding ranges into the workspace. Planning then walks
//! the pairs in order and never searches or compares strings per line; at
//! 100,000 SKUs that is the difference between a fraction of a second and
//! several.
//!
//! Which SKU × locations exist: those with any evidence; a min/max override
//! without a location covers every location of the workspace; a catalog SKU
//! with no evidence anywhere is placed at the only location of a
//! single-location workspace and otherwise listed as having no location; a
//! launch (`launches.csv`) places its SKU at its locations before any history.

use std::ops::Range;

use super::id_numbers::{inline_key, IdNumbers};
use chrono::{Days, NaiveDate};

use crate::model::{DemandSeries, LocationId, Sku, SkuId, Workspace};

/// The ABC window: 52 weeks, ending yesterday.
pub const ABC_WINDOW_DAYS: u64 = 364;

/// One SKU × location and its evidence.
#[derive(Clone, Debug, PartialEq)]
pub struct Pair {
    /// Rank in `PlanIndex::sku_ids`.
    pub sku: u32,
    /// Rank in `PlanIndex::location_ids`.
    pub location: u32,
    /// Its demand series (every channel) in `workspace.demand.series`.
    pub series: Range<usize>,
    /// Its stock lots, as indices into `workspace.stock_lots`, in `PlanIndex::lots`.
    pub lots: Range<usize>,
    /// Index into `workspace.commitments`.
    pub commitment: Option<usize>,
    /// Open purchase-order quantity.
    pub on_order: f64,
    /// A min/max override for exactly this location.
    pub min_max: Option<(f64, f64)>,
}

/// What kind of record a tag points at; the order keeps sorting deterministic.
#[derive(Clone, Copy, Debug, PartialEq, PartialOrd)]
enum Evidence {
    Present,
    Series(usize),
    Lot(usize),
    Commitment(usize),
    OnOrder(f64),
    MinMax(f64, f64),
}

pub struct PlanIndex<'a> {
    /// SKU ids by rank: catalog SKUs first (`catalog_len` of them), then unknown ones.
    pub sku_ids: Vec<&'a SkuId>,
    /// Catalog SKUs by rank.
    pub skus: Vec<&'a Sku>,
    pub catalog_len: usize,
    /// The workspace's SKU table is sorted by id without duplicates (a
    /// normalised workspace), so a SKU's catalog rank is its position there.
    pub catalog_in_workspace_order: bool,
    pub location_ids: Vec<&'a LocationId>,
    /// Sorted by (SKU rank, location rank); catalog SKUs first, then unknown ones.
    pub pairs: Vec<Pair>,
    /// Stock-lot indices grouped by pair (see `Pair::lots`).
    pub lots: Vec<usize>,
    /// Catalog ranks of SKUs with no location at all.
    pub without_location: Vec<u32>,
    /// Min/max overrides without a location, by catalog rank.
    pub min_max_everywhere: Vec<Option<(f64, f64)>>,
    /// Units demanded in the 52 weeks before today (every location), by
    /// catalog rank (see `add_annual_units`).
    pub annual_units: Vec<f64>,
    sku_rank: IdNumbers<'a>,
}

fn key(sku: u32, location: u32) -> u64 {
    (u64::from(sku) << 32) | u64::from(location)
}

/// An id's text, for hashing ids of either kind by `&str`.
trait IdText {
    fn text(&self) -> &str;
}

impl IdText for SkuId {
    fn text(&self) -> &str {
        self.as_str()
    }
}

impl IdText for LocationId {
    fn text(&self) -> &str {
        self.as_str()
    }
}

/// Provisional numbering of ids seen in first-seen order, ranked by id at the end.
struct Numbering<'a, T> {
    ids: Vec<&'a T>,
    number: IdNumbers<'a>,
}

impl<'a, T: IdText + Ord> Numbering<'a, T> {
    fn new() -> Self {
        Self { ids: Vec::new(), number: IdNumbers::default() }
    }

    fn get(&mut self, id: &'a T) -> u32 {
        let next = self.ids.len() as u32;
        self.number.get_or_insert_with(id.text(), || {
            self.ids.push(id);
            next
        })
    }

    /// Ids sorted, and the rank of each provisional number.
    fn ranked(self) -> (Vec<&'a T>, Vec<u32>) {
        let mut order: Vec<u32> = (0..self.ids.len() as u32).collect();
        crate::sorting::sort_by(&mut order, |&a, &b| self.ids[a as usize].cmp(self.ids[b as usize]));
        let mut rank = vec![0; order.len()];
        for (position, &provisional) in order.iter().enumerate() {
            rank[provisional as usize] = position as u32;
        }
        (order.iter().map(|&provisional| self.ids[provisional as usize]).collect(), rank)
    }
}

impl<'a> PlanIndex<'a> {
    pub fn build(workspace: &'a Workspace, today: NaiveDate) -> Self {
        let mut index = Self::build_keys(workspace);
        for pair_idx in 0..index.pairs.len() {
            index.add_annual_units(workspace, pair_idx, today);
        }
        index
    }

    /// Add the units of one pair's series in the 52 weeks before `today`
    /// to its SKU's `annual_units`. Called for every pair in order, it adds
    /// each SKU's series in the history's order (SKU, location, channel).
    /// Planning calls it pair by pair with the demand statistics, so each
    /// series is read from memory once.
    pub fn add_annual_units(&mut self, workspace: &Workspace, pair_idx: usize, today: NaiveDate) {
        let pair = &self.pairs[pair_idx];
        let Some(units) = self.annual_units.get_mut(pair.sku as usize) else {
            return;
        };
        let window_start = today - Days::new(ABC_WINDOW_DAYS);
        for series in &workspace.demand.series[pair.series.clone()] {
            *units += units_between(series, window_start, today);
        }
    }

    /// The pairs and their evidence, with `annual_units` all zero.
    pub fn build_keys(workspace: &'a Workspace) -> Self {
        // Catalog ranks: id order. A normalised workspace is already sorted.
        let mut catalog: Vec<&Sku> = workspace.skus.iter().collect();
        let catalog_in_workspace_order = catalog.windows(2).all(|w| w[0].id < w[1].id);
        if !catalog_in_workspace_order {
            crate::sorting::sort_by(&mut catalog, |a, b| a.id.cmp(&b.id));
            catalog.dedup_by(|a, b| a.id == b.id);
        }
        let catalog_len = catalog.len();
        let mut sku_rank = IdNumbers::with_capacity(catalog_len);
        // The catalog's inline keys in rank order, so that checking a guess
        // compares two integers here rather than the id text elsewhere on
        // the heap; a long id's entry matches no inline key (its last byte
        // is not a length) and is compared by text.
        let mut catalog_keys: Vec<[u64; 2]> = Vec::with_capacity(catalog_len);
        for (rank, sku) in catalog.iter().enumerate() {
            sku_rank.insert(sku.id.as_str(), rank as u32);
            catalog_keys.push(inline_key(sku.id.as_str()).unwrap_or([u64::MAX; 2]));
        }

        // Unknown SKUs get provisional numbers above the catalog, ranked later.
        let mut unknown: Numbering<SkuId> = Numbering::new();
        let mut locations: Numbering<LocationId> = Numbering::new();
        for location in &workspace.locations {
            locations.get(&location.id);
        }
        const UNKNOWN: u32 = 1 << 31;
        // Tables are usually sorted by SKU, so the next record's SKU is
        // nearly always the last one's or the next in the catalog: check
        // those two before hashing.
        let mut hint = 0usize;
        let mut sku_of = |id: &'a SkuId| {
            let key = inline_key(id.as_str());
            for guess in [hint, hint + 1] {
                let found = match key {
                    Some(key) => catalog_keys.get(guess) == Some(&key),
                    None => catalog.get(guess).is_some_and(|sku| &sku.id == id),
                };
                if found {
                    hint = guess;
                    return guess as u32;
                }
            }
            match sku_rank.get_with_key(id.as_str(), key) {
                Some(rank) => {
                    hint = rank as usize;
                    rank
                }
                None => UNKNOWN | unknown.get(id),
            }
        };

        let annual_units = vec![0.0; catalog_len];
        let open_lines: usize = workspace
            .purchase_orders
            .iter()
            .filter(|order| order.status.is_open())
            .map(|order| order.lines.len())
            .sum();
        let mut tags: Vec<(u64, Evidence)> = Vec::with_capacity(
            workspace.demand.series.len()
                + workspace.stock_lots.len()
                + workspace.commitments.len()
                + open_lines
                + workspace.min_max_overrides.len()
                + workspace.launches.len(),
        );
        for (idx, series) in workspace.demand.series.iter().enumerate() {
            let sku = sku_of(&series.key.sku);
            tags.push((key(sku, locations.get(&series.key.location)), Evidence::Series(idx)));
        }
        for (idx, lot) in workspace.stock_lots.iter().enumerate() {
            tags.push((key(sku_of(&lot.sku), locations.get(&lot.location)), Evidence::Lot(idx)));
        }
        for (idx, commitment) in workspace.commitments.iter().enumerate() {
            tags.push((key(sku_of(&commitment.sku), locations.get(&commitment.location)), Evidence::Commitment(idx)));
        }
        for order in workspace.purchase_orders.iter().filter(|order| order.status.is_open()) {
            let location = locations.get(&order.location);
            for line in &order.lines {
                tags.push((key(sku_of(&line.sku), location), Evidence::OnOrder(order.open_quantity(line))));
            }
        }
        let mut min_max_everywhere = vec![None; catalog_len];
        let workspace_locations: Vec<u32> = workspace.locations.iter().map(|l| locations.get(&l.id)).collect();
        for fixed in &workspace.min_max_overrides {
            let sku = sku_of(&fixed.sku);
            match &fixed.location {
                Some(location) => {
                    tags.push((key(sku, locations.get(location)), Evidence::MinMax(fixed.min, fixed.max)))
                }
                None => {
                    if sku & UNKNOWN == 0 {
                        min_max_everywhere[sku as usize] = Some((fixed.min, fixed.max));
                    }
                    tags.extend(workspace_locations.iter().map(|&location| (key(sku, location), Evidence::Present)));
                }
            }
        }
        // A launched item is planned where it is launched, before it has any history.
        for launch in &workspace.launches {
            let sku = sku_of(&launch.sku);
            match &launch.location {
                Some(location) => tags.push((key(sku, locations.get(location)), Evidence::Present)),
                None => {
                    tags.extend(workspace_locations.iter().map(|&location| (key(sku, location), Evidence::Present)))
                }
            }
        }
        let mut has_evidence = vec![false; catalog_len];
        for (tag, _) in &tags {
            let sku = (tag >> 32) as u32;
            if sku & UNKNOWN == 0 {
                has_evidence[sku as usize] = true;
            }
        }
        let mut without_location = Vec::new();
        for (rank, found) in has_evidence.iter().enumerate() {
            if !found {
                match workspace_locations.as_slice() {
                    [only] => tags.push((key(rank as u32, *only), Evidence::Present)),
                    _ => without_location.push(rank as u32),
                }
            }
        }

        // Rank the provisional numbers and re-key.
        let (unknown_ids, unknown_rank) = unknown.ranked();
        let (location_ids, location_rank) = locations.ranked();
        for (tag, _) in &mut tags {
            let sku = (*tag >> 32) as u32;
            let location = location_rank[(*tag & 0xFFFF_FFFF) as usize];
            let sku =
                if sku & UNKNOWN == 0 { sku } else { catalog_len as u32 + unknown_rank[(sku & !UNKNOWN) as usize] };
            *tag = key(sku, location);
        }
        // Sorted by (key, evidence): a radix sort by key, stable, then each
        // run of one key by its evidence (nearly always already in order, as
        // the tags are pushed table by table in `Evidence` order).
        crate::sorting::sort_by_u64_key(&mut tags, |tag| tag.0);
        let mut run_start = 0;
        for end in 1..=tags.len() {
            if end == tags.len() || tags[end].0 != tags[run_start].0 {
                crate::sorting::sort_by(&mut tags[run_start..end], |a, b| {
                    a.1.partial_cmp(&b.1).unwrap_or(std::cmp::Ordering::Equal)
                });
                run_start = end;
            }
        }

        let mut pairs: Vec<Pair> = Vec::new();
        let mut lots = Vec::with_capacity(workspace.stock_lots.len());
        for (tag, evidence) in tags {
            let (sku, location) = ((tag >> 32) as u32, (tag & 0xFFFF_FFFF) as u32);
            if pairs.last().is_none_or(|pair| (pair.sku, pair.location) != (sku, location)) {
                pairs.push(Pair {
                    sku,
                    location,
                    series: 0..0,
                    lots: lots.len()..lots.len(),
                    commitment: None,
                    on_order: 0.0,
                    min_max: None,
                });
            }
            let pair = pairs.last_mut().expect("just pushed");
            match evidence {
                Evidence::Present => {}
                Evidence::Series(idx) => {
                    // A SKU × location's series are contiguous in the history (sorted by key).
                    pair.series = if pair.series.is_empty() {
                        idx..idx + 1
                    } else {
                        pair.series.start.min(idx)..pair.series.end.max(idx + 1)
                    };
                }
                Evidence::Lot(idx) => {
                    lots.push(idx);
                    pair.lots.end = lots.len();
                }
                Evidence::Commitment(idx) => pair.commitment = Some(idx),
                Evidence::OnOrder(quantity) => pair.on_order += quantity,
                Evidence::MinMax(min, max) => pair.min_max = Some((min, max)),
            }
        }

        let mut sku_ids: Vec<&SkuId> = catalog.iter().map(|sku| &sku.id).collect();
        sku_ids.extend(unknown_ids);
        PlanIndex {
            sku_ids,
            skus: catalog,
            catalog_len,
            catalog_in_workspace_order,
            location_ids,
            pairs,
            lots,
            without_location,
            min_max_everywhere,
            annual_units,
            sku_rank,
        }
    }

    /// The catalog rank of a SKU id.
    pub fn rank(&self, sku: &SkuId) -> Option<u32> {
        self.sku_rank.get(sku.as_str())
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DemandDay, Location, MinMaxOverride, SeriesKey, Sorted, StockLot};
    use rust_decimal::Decimal;

    fn sku(id: &str) -> Sku {
        Sku {
            id: id.into(),
            name: id.into(),
            family: "f".into(),
            unit: "each".into(),
            unit_cost: Decimal::ONE,
            criticality: crate::model::Criticality::Normal,
            regulated: false,
            shelf_life_days: None,
            min_remaining_shelf_life_days: None,
            status: crate::model::SkuStatus::Active,
            volume_l: None,
            weight_kg: None,
        }
    }

    fn lot(sku: &str, location: &str, quantity: f64) -> StockLot {
        StockLot {
            sku: sku.into(),
            location: location.into(),
            lot: "".into(),
            quantity,
            received: None,
            expiry: None,
            quarantine: false,
        }
    }

    /// Catalog B, A, C; locations W2, W1 (given out of order; the tables sort
    /// them). Evidence: demand of A at
    /// W1 on two channels, a lot of A at W2, a lot of unknown Z at W1, a
    /// global min/max for C. B has no evidence and there are two locations,
    /// so it has no location.
    #[test]
    fn pairs_come_from_evidence_in_id_order() {
        let today: NaiveDate = "2025-03-03".parse().unwrap();
        let mut workspace = Workspace {
            skus: Sorted::from_vec(vec![sku("B"), sku("A"), sku("C")]),
            locations: Sorted::from_vec(vec![
                Location { id: "W2".into(), name: "two".into() },
                Location { id: "W1".into(), name: "one".into() },
            ]),
            stock_lots: Sorted::from_vec(vec![lot("Z", "W1", 1.0), lot("A", "W2", 5.0)]),
            min_max_overrides: Sorted::from_vec(vec![MinMaxOverride {
                sku: "C".into(),
                location: None,
                min: 1.0,
                max: 9.0,
            }]),
            ..Workspace::default()
        };
        let day = |date: &str, quantity| DemandDay::shipped(date.parse().unwrap(), quantity);
        workspace.demand.upsert([
            (SeriesKey { sku: "A".into(), location: "W1".into(), channel: "web".into() }, day("2025-01-10", 3.0)),
            (SeriesKey { sku: "A".into(), location: "W1".into(), channel: "b2b".into() }, day("2025-02-10", 4.0)),
        ]);
        let index = PlanIndex::build(&workspace, today);
        let ids = |pair: &Pair| {
            (index.sku_ids[pair.sku as usize].as_str(), index.location_ids[pair.location as usize].as_str())
        };
        let listed: Vec<(&str, &str)> = index.pairs.iter().map(ids).collect();
        assert_eq!(listed, vec![("A", "W1"), ("A", "W2"), ("C", "W1"), ("C", "W2"), ("Z", "W1")]);
        assert_eq!(index.catalog_len, 3);
        assert_eq!(index.pairs[0].series, 0..2, "both channels");
        assert_eq!(index.lots[index.pairs[1].lots.clone()].to_vec(), vec![0], "the lot of A (first in key order)");
        assert_eq!(
            index.without_location.iter().map(|&r| index.sku_ids[r as usize].as_str()).collect::<Vec<_>>(),
            vec!["B"]
        );
        assert_eq!(index.min_max_everywhere[2], Some((1.0, 9.0)));
        assert_eq!(index.annual_units[0], 7.0);
    }

    #[test]
    fn lane_sums_add_up() {
        let values: Vec<f32> = (1..=37).map(|v| v as f32).collect();
        assert_eq!(sum_f32(&values), (37 * 38 / 2) as f64);
        assert_eq!(sum_f32(&[]), 0.0);
    }

    #[test]
    fn a_single_location_workspace_places_every_sku_there() {
        let workspace = Workspace {
            skus: Sorted::from_vec(vec![sku("A")]),
            locations: Sorted::from_vec(vec![Location { id: "W1".into(), name: "one".into() }]),
            ..Workspace::default()
        };
        let index = PlanIndex::build(&workspace, "2025-03-03".parse().unwrap());
        assert_eq!(index.pairs.len(), 1);
        assert!(index.without_location.is_empty());
    }
}
