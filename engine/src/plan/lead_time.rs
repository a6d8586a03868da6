//! Lead times per offer, quoted and measured, and supplier performance, both
//! from the receipts on purchase orders.
//!
//! A lead-time observation is one PO line: its first receipt date minus the
//! date the order was approved (else sent, else created), in days. From
//! `MIN_LEAD_TIME_OBSERVATIONS` observations on, the measured mean and sample
//! standard deviation replace the quoted figure. With fewer, the quoted lead
//! time is used, with its variability taken from the supplier's own statement,
//! else from the product family (the pooled within-offer standard deviation of
//! every measured offer of the family), else assumed zero — and the
//! explanation says which.
//!
//! Performance per supplier: on time is the first receipt on or before the
//! order's promised date; fill rate is received ÷ ordered over lines of
//! orders that are finished (received or closed), each line's receipts capped
//! at its ordered quantity so an over-delivery does not hide a short one;
//! quality is 1 − rejected ÷ received over every receipt.

use chrono::NaiveDate;
use rustc_hash::FxHashMap;

use serde::{Deserialize, Serialize};

use super::id_numbers::{inline_key, IdNumbers};
use crate::model::{Offer, PoLine, PoStatus, PurchaseOrder, SkuId, Supplier, SupplierId, Workspace};

/// Receipts needed before measured lead times replace the quoted one. Two
/// points give a standard deviation with one degree of freedom, which swings
/// wildly; three is the least that makes the sample sd worth more than the
/// supplier's word.
pub const MIN_LEAD_TIME_OBSERVATIONS: usize = 3;

/// Measured lead times of one offer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LeadTimeObservations {
    pub n: u32,
    pub mean_days: f64,
    /// Sample (n − 1) standard deviation; `None` with a single observation.
    pub sd_days: Option<f64>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LeadTimeSource {
    /// Mean of at least `MIN_LEAD_TIME_OBSERVATIONS` receipts.
    #[serde(rename = "measured")]
    Measured,
    /// The offer's quoted lead time.
    #[serde(rename = "quoted")]
    Quoted,
}

impl LeadTimeSource {
    pub fn as_str(self) -> &'static str {
        match self {
            LeadTimeSource::Measured => "measured",
            LeadTimeSource::Quoted => "quoted",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LeadTimeSdSource {
    #[serde(rename = "measured")]
    Measured,
    /// The supplier's stated lead-time standard deviation.
    #[serde(rename = "supplier")]
    Supplier,
    /// Pooled over the measured offers of the SKU's product family.
    #[serde(rename = "family")]
    Family,
    /// Nothing known: taken as zero.
    #[serde(rename = "unknown")]
    Unknown,
}

/// The lead time an offer is planned with.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LeadTime {
    pub quoted_days: f64,
    pub observations: Option<LeadTimeObservations>,
    /// L, in days.
    pub mean_days: f64,
    /// σL, in days.
    pub sd_days: f64,
    pub source: LeadTimeSource,
    pub sd_source: LeadTimeSdSource,
}

/// The lead-time observation of one PO line, if it has been received.
pub fn lead_time_observation(order: &PurchaseOrder, line: &PoLine) -> Option<f64> {
    let first_receipt = line.receipts.iter().map(|r| r.date).min()?;
    Some(observation_days(order_start(order), first_receipt))
}

/// When the supplier had the order: approved, else sent, else created.
fn order_start(order: &PurchaseOrder) -> NaiveDate {
    order.approved.or(order.sent).unwrap_or(order.created)
}

fn observation_days(start: NaiveDate, first_receipt: NaiveDate) -> f64 {
    (first_receipt - start).num_days().max(0) as f64
}

/// Mean and sample standard deviation of lead-time observations.
pub fn summarize_lead_times(observations: &[f64]) -> Option<LeadTimeObservations> {
    let mut running = Running::default();
    observations.iter().for_each(|&days| running.push(days));
    (running.n > 0).then(|| running.summary())
}

/// Running count, mean and sum of squared deviations (Welford's update), so
/// a plan over millions of receipts keeps three numbers per offer, not a list.
#[derive(Clone, Copy, Debug, Default)]
struct Running {
    n: u32,
    mean: f64,
    squares: f64,
}

impl Running {
    fn push(&mut self, value: f64) {
        self.n += 1;
        let delta = value - self.mean;
        self.mean += delta / f64::from(self.n);
        self.squares += delta * (value - self.mean);
    }

    fn summary(&self) -> LeadTimeObservations {
        let sd = (self.n >= 2).then(|| (self.squares.max(0.0) / f64::from(self.n - 1)).sqrt());
        LeadTimeObservations { n: self.n, mean_days: self.mean, sd_days: sd }
    }
}

/// Lead-time evidence and supplier performance of a whole workspace, from
/// one pass over the purchase orders, indexed once per plan.
///
/// Observations are keyed by (supplier number, SKU number) rather than by
/// the ids themselves: a plan reads millions of PO lines, and comparing
/// integers instead of strings scattered over the heap is most of its cost.
pub struct LeadTimeIndex<'a> {
    supplier_number: IdNumbers<'a>,
    /// A SKU's position in `workspace.skus` (the last, for a repeated id).
    sku_number: IdNumbers<'a>,
    by_offer: ByOffer<'a>,
    family_sd: FxHashMap<&'a str, f64>,
    performance: Vec<SupplierPerformance>,
    /// (supplier number, SKU number) of each workspace offer, aligned with
    /// `workspace.offers`: looked up once here, so planning never hashes an
    /// offer's ids again.
    offer_numbers: Vec<(Option<u32>, Option<u32>)>,
    /// The observations of each workspace offer, aligned with
    /// `workspace.offers`: found here, where the offers are read in order,
    /// rather than by a probe into `by_offer` per planned line.
    offer_observations: Vec<Option<Running>>,
}

/// Lead-time observations by (supplier number, SKU id). A PO line finds
/// its entry with one probe keyed by its SKU id's text (inline, see
/// `IdNumbers`) rather than looking the SKU up in the catalog first: there
/// are millions of lines. Lines of SKUs outside the catalog get entries too;
/// only catalog SKUs' entries are ever read.
#[derive(Default)]
struct ByOffer<'a> {
    short: FxHashMap<(u32, [u64; 2]), Running>,
    long: FxHashMap<(u32, &'a str), Running>,
}

impl<'a> ByOffer<'a> {
    fn entry(&mut self, supplier: u32, sku: &'a str) -> &mut Running {
        match inline_key(sku) {
            Some(key) => self.short.entry((supplier, key)).or_default(),
            None => self.long.entry((supplier, sku)).or_default(),
        }
    }

    fn get(&self, supplier: u32, sku: &str) -> Option<Running> {
        match inline_key(sku) {
            Some(key) => self.short.get(&(supplier, key)).copied(),
            None => self.long.get(&(supplier, sku)).copied(),
        }
    }
}

impl<'a> LeadTimeIndex<'a> {
    pub fn build(workspace: &'a Workspace) -> Self {
        let mut sku_number = IdNumbers::with_capacity(workspace.skus.len());
        for (idx, sku) in workspace.skus.iter().enumerate() {
            sku_number.insert(sku.id.as_str(), idx as u32);
        }
        // About one entry per offer: sized once rather than grown (and
        // rehashed) a dozen times over.
        let mut by_offer = ByOffer {
            short: FxHashMap::with_capacity_and_hasher(workspace.offers.len(), Default::default()),
            long: FxHashMap::default(),
        };
        let mut performance: Vec<SupplierPerformance> = Vec::with_capacity(workspace.suppliers.len());
        let mut lead_time_sums: Vec<f64> = Vec::with_capacity(workspace.suppliers.len());
        let mut supplier_number = IdNumbers::default();
        let mut number_of = |id: &'a SupplierId, performance: &mut Vec<SupplierPerformance>, sums: &mut Vec<f64>| {
            supplier_number.get_or_insert_with(id.as_str(), || {
                performance.push(SupplierPerformance::blank(id));
                sums.push(0.0);
                (performance.len() - 1) as u32
            })
        };
        for supplier in &workspace.suppliers {
            number_of(&supplier.id, &mut performance, &mut lead_time_sums);
        }
        for order in &workspace.purchase_orders {
            let supplier = number_of(&order.supplier, &mut performance, &mut lead_time_sums);
            let performance = &mut performance[supplier as usize];
            let finished = matches!(order.status, PoStatus::Received | PoStatus::Closed);
            let start = order_start(order);
            for line in &order.lines {
                // One pass over the receipts: received, rejected, first date.
                let (mut received, mut rejected, mut first_receipt) = (0.0, 0.0, None::<NaiveDate>);
                for receipt in &line.receipts {
                    received += receipt.quantity_received;
                    rejected += receipt.quantity_rejected;
                    first_receipt = Some(first_receipt.map_or(receipt.date, |first| first.min(receipt.date)));
                }
                performance.units_received += received;
                performance.units_rejected += rejected;
                if finished && line.quantity > 0.0 {
                    performance.units_ordered_finished += line.quantity;
                    performance.units_received_finished += received.min(line.quantity);
                }
                let Some(first_receipt) = first_receipt else { continue };
                let days = observation_days(start, first_receipt);
                // Lines of SKUs outside the catalog count for the supplier, not for
                // an offer: their entries are never read.
                by_offer.entry(supplier, line.sku.as_str()).push(days);
                performance.lines_received += 1;
                lead_time_sums[supplier as usize] += days;
                if let Some(promised) = order.promised {
                    performance.lines_with_promise += 1;
                    if first_receipt <= promised {
                        performance.lines_on_time += 1;
                    }
                }
            }
        }
        for (performance, sum) in performance.iter_mut().zip(&lead_time_sums) {
            performance.finish(*sum);
        }
        crate::sorting::sort_by(&mut performance, |a, b| a.supplier.cmp(&b.supplier));

        // Pooled within-offer variance per family: Σ squared deviations from
        // each offer's own mean over (observations − offers), so suppliers
        // with different mean lead times do not inflate the spread. Summed in
        // catalog order, so the figure is the same on every platform.
        let mut pooled: FxHashMap<&str, (f64, u32, u32)> = FxHashMap::default();
        let mut offer_numbers = Vec::with_capacity(workspace.offers.len());
        let mut offer_observations = Vec::with_capacity(workspace.offers.len());
        for offer in &workspace.offers {
            let sku = sku_number.get(offer.sku.as_str());
            let numbers = (supplier_number.get(offer.supplier.as_str()), sku);
            offer_numbers.push(numbers);
            let (Some(supplier), Some(sku)) = numbers else {
                offer_observations.push(None);
                continue;
            };
            let running = by_offer.get(supplier, offer.sku.as_str());
            offer_observations.push(running);
            let Some(running) = running.filter(|r| r.n >= 2) else { continue };
            let entry = pooled.entry(workspace.skus[sku as usize].family.as_str()).or_insert((0.0, 0, 0));
            entry.0 += running.squares;
            entry.1 += running.n;
            entry.2 += 1;
        }
        let family_sd = pooled
            .into_iter()
            .filter(|(_, (_, n, groups))| n - groups >= 2)
            .map(|(family, (squares, n, groups))| (family, (squares.max(0.0) / f64::from(n - groups)).sqrt()))
            .collect();
        Self { supplier_number, sku_number, by_offer, family_sd, performance, offer_numbers, offer_observations }
    }

    pub fn observations(&self, supplier: &SupplierId, sku: &SkuId) -> Option<LeadTimeObservations> {
        let supplier = self.supplier_number.get(supplier.as_str())?;
        self.sku_number.get(sku.as_str())?;
        self.by_offer.get(supplier, sku.as_str()).map(|running| running.summary())
    }

    pub fn family_sd(&self, family: &str) -> Option<f64> {
        self.family_sd.get(family).copied()
    }

    /// Performance of every supplier, sorted by supplier id.
    pub fn performance(&self) -> &[SupplierPerformance] {
        &self.performance
    }

    pub fn into_performance(self) -> Vec<SupplierPerformance> {
        self.performance
    }

    /// The SKU number (position in `workspace.skus`, the last one for a
    /// repeated id) of the `offer_idx`-th workspace offer.
    /// A figure read from the offer's observations, for warming the cache
    /// before its lead time is asked for (see `plan::warm_offers`).
    pub(crate) fn warm(&self, offer_idx: usize) -> f64 {
        self.offer_observations.get(offer_idx).copied().flatten().map_or(0.0, |r| r.squares)
    }

    pub fn offer_sku_number(&self, offer_idx: usize) -> Option<u32> {
        self.offer_numbers.get(offer_idx).and_then(|&(_, sku)| sku)
    }

    /// The lead time to plan `offer` with.
    pub fn lead_time(&self, offer: &Offer, supplier: &Supplier, family: &str) -> LeadTime {
        self.lead_time_from(self.observations(&offer.supplier, &offer.sku), offer, supplier, family)
    }

    /// `lead_time` of the `offer_idx`-th workspace offer, by the numbers
    /// found when the index was built.
    pub fn lead_time_of_offer(&self, offer_idx: usize, offer: &Offer, supplier: &Supplier, family: &str) -> LeadTime {
        let observations = self.offer_observations.get(offer_idx).copied().flatten().map(|r| r.summary());
        self.lead_time_from(observations, offer, supplier, family)
    }

    fn lead_time_from(
        &self,
        observations: Option<LeadTimeObservations>,
        offer: &Offer,
        supplier: &Supplier,
        family: &str,
    ) -> LeadTime {
        let fallback_sd = || {
            supplier
                .lead_time_sd_days
                .filter(|sd| sd.is_finite() && *sd >= 0.0)
                .map(|sd| (sd, LeadTimeSdSource::Supplier))
                .or_else(|| self.family_sd(family).map(|sd| (sd, LeadTimeSdSource::Family)))
                .unwrap_or((0.0, LeadTimeSdSource::Unknown))
        };
        choose_lead_time(f64::from(offer.lead_time_days), observations, fallback_sd)
    }
}

/// Measured figures from `MIN_LEAD_TIME_OBSERVATIONS` on, else the quoted
/// lead time with the fallback variability.
pub fn choose_lead_time(
    quoted_days: f64,
    observations: Option<LeadTimeObservations>,
    fallback_sd: impl FnOnce() -> (f64, LeadTimeSdSource),
) -> LeadTime {
    match &observations {
        Some(measured) if measured.n as usize >= MIN_LEAD_TIME_OBSERVATIONS => LeadTime {
            quoted_days,
            mean_days: measured.mean_days,
            sd_days: measured.sd_days.unwrap_or(0.0),
            source: LeadTimeSource::Measured,
            sd_source: LeadTimeSdSource::Measured,
            observations,
        },
        _ => {
            let (sd_days, sd_source) = fallback_sd();
            LeadTime {
                quoted_days,
                observations,
                mean_days: quoted_days,
                sd_days,
                source: LeadTimeSource::Quoted,
                sd_source,
            }
        }
    }
}

/// How a supplier has delivered, from the receipts on its purchase orders.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SupplierPerformance {
    pub supplier: SupplierId,
    /// PO lines with at least one receipt (each is a lead-time observation).
    pub lines_received: u32,
    /// Received lines whose order has a promised date.
    pub lines_with_promise: u32,
    pub lines_on_time: u32,
    /// `lines_on_time ÷ lines_with_promise`.
    pub on_time_rate: Option<f64>,
    /// Ordered units on lines of finished (received or closed) orders.
    pub units_ordered_finished: f64,
    /// Received units on those lines, each line capped at its ordered quantity.
    pub units_received_finished: f64,
    pub fill_rate: Option<f64>,
    pub units_received: f64,
    pub units_rejected: f64,
    /// 1 − rejected ÷ received.
    pub quality_rate: Option<f64>,
    /// Mean measured lead time over all of the supplier's received lines, days.
    pub mean_lead_time_days: Option<f64>,
}

impl SupplierPerformance {
    fn blank(supplier: &SupplierId) -> Self {
        SupplierPerformance {
            supplier: supplier.clone(),
            lines_received: 0,
            lines_with_promise: 0,
            lines_on_time: 0,
            on_time_rate: None,
            units_ordered_finished: 0.0,
            units_received_finished: 0.0,
            fill_rate: None,
            units_received: 0.0,
            units_rejected: 0.0,
            quality_rate: None,
            mean_lead_time_days: None,
        }
    }

    /// Turn the counts into rates.
    fn finish(&mut self, lead_time_sum: f64) {
        self.on_time_rate =
            (self.lines_with_promise > 0).then(|| f64::from(self.lines_on_time) / f64::from(self.lines_with_promise));
        self.fill_rate =
            (self.units_ordered_finished > 0.0).then(|| self.units_received_finished / self.units_ordered_finished);
        self.quality_rate = (self.units_received > 0.0).then(|| 1.0 - self.units_rejected / self.units_received);
        self.mean_lead_time_days = (self.lines_received > 0).then(|| lead_time_sum / f64::from(self.lines_received));
    }
}

/// Performance of every supplier in the workspace, and of any supplier named
/// only on purchase orders, sorted by supplier id.
pub fn supplier_performance(workspace: &Workspace) -> Vec<SupplierPerformance> {
    LeadTimeIndex::build(workspace).into_performance()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{PoLine, Receipt, Sku, Sorted};
    use rust_decimal::Decimal;

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn receipt(no: u32, day: &str, received: f64, rejected: f64) -> Receipt {
        Receipt {
            receipt_no: no,
            date: date(day),
            quantity_received: received,
            quantity_rejected: rejected,
            lot: None,
            expiry: None,
            freight: Decimal::ZERO,
            duty: Decimal::ZERO,
            other_charges: Decimal::ZERO,
        }
    }

    fn order(
        id: &str,
        status: PoStatus,
        approved: Option<&str>,
        promised: Option<&str>,
        lines: Vec<PoLine>,
    ) -> PurchaseOrder {
        PurchaseOrder {
            id: id.into(),
            supplier: "SUP".into(),
            location: "WH".into(),
            status,
            created: date("2025-01-01"),
            approved: approved.map(date),
            sent: None,
            promised: promised.map(date),
            received: None,
            note: String::new(),
            lines,
            log: Vec::new(),
        }
    }

    fn line(quantity: f64, receipts: Vec<Receipt>) -> PoLine {
        PoLine { line_no: 1, sku: "S".into(), quantity, unit_price: Decimal::ONE, receipts, expected_landed_unit: None }
    }

    /// Observations 10, 12 and 14 days: mean 12, sample sd √((4+0+4)/2) = 2.
    #[test]
    fn measured_lead_time_from_three_receipts() {
        let summary = summarize_lead_times(&[10.0, 12.0, 14.0]).unwrap();
        assert_eq!((summary.n, summary.mean_days, summary.sd_days), (3, 12.0, Some(2.0)));
        let lead_time = choose_lead_time(20.0, Some(summary), || unreachable!("measured figures need no fallback"));
        assert_eq!((lead_time.mean_days, lead_time.sd_days, lead_time.source), (12.0, 2.0, LeadTimeSource::Measured));
    }

    #[test]
    fn too_few_receipts_fall_back_to_the_quote() {
        let one = summarize_lead_times(&[30.0]).unwrap();
        assert_eq!(one.sd_days, None, "one observation has no spread");
        let lead_time = choose_lead_time(20.0, Some(one), || (3.0, LeadTimeSdSource::Supplier));
        assert_eq!((lead_time.mean_days, lead_time.sd_days), (20.0, 3.0));
        assert_eq!((lead_time.source, lead_time.sd_source), (LeadTimeSource::Quoted, LeadTimeSdSource::Supplier));
        assert_eq!(lead_time.observations.unwrap().n, 1);
    }

    #[test]
    fn observation_counts_from_approval_else_creation() {
        let approved = order("P1", PoStatus::Received, Some("2025-01-05"), None, vec![]);
        let received = line(10.0, vec![receipt(2, "2025-01-20", 4.0, 0.0), receipt(1, "2025-01-15", 6.0, 0.0)]);
        assert_eq!(lead_time_observation(&approved, &received), Some(10.0), "first receipt, whatever its number");
        let created_only = order("P2", PoStatus::Received, None, None, vec![]);
        assert_eq!(lead_time_observation(&created_only, &received), Some(14.0));
        assert_eq!(lead_time_observation(&approved, &line(10.0, vec![])), None);
    }

    /// Two finished orders of 100: one received 100 on time (2 rejected), one
    /// received 80 late. An open order with 50 received counts for on-time and
    /// quality but not for fill rate.
    /// On time 1 of 3; fill (100 + 80) / 200 = 0.9; quality 1 − 2/230.
    #[test]
    fn supplier_performance_by_hand() {
        let workspace = Workspace {
            purchase_orders: Sorted::from_vec(vec![
                order(
                    "P1",
                    PoStatus::Received,
                    Some("2025-01-01"),
                    Some("2025-01-10"),
                    vec![line(100.0, vec![receipt(1, "2025-01-10", 100.0, 2.0)])],
                ),
                order(
                    "P2",
                    PoStatus::Closed,
                    Some("2025-01-01"),
                    Some("2025-01-10"),
                    vec![line(100.0, vec![receipt(1, "2025-01-12", 80.0, 0.0)])],
                ),
                order(
                    "P3",
                    PoStatus::PartiallyReceived,
                    Some("2025-01-01"),
                    Some("2025-01-05"),
                    vec![line(100.0, vec![receipt(1, "2025-01-07", 50.0, 0.0)])],
                ),
            ]),
            ..Workspace::default()
        };
        let performance = supplier_performance(&workspace);
        assert_eq!(performance.len(), 1);
        let p = &performance[0];
        assert_eq!((p.lines_received, p.lines_with_promise, p.lines_on_time), (3, 3, 1));
        assert!((p.fill_rate.unwrap() - 0.9).abs() < 1e-12);
        assert!((p.quality_rate.unwrap() - (1.0 - 2.0 / 230.0)).abs() < 1e-12);
        assert!((p.mean_lead_time_days.unwrap() - (9.0 + 11.0 + 6.0) / 3.0).abs() < 1e-12);
    }

    /// Family fallback: offer A measured 10, 12 (mean 11), offer B 20, 22, 24
    /// (mean 22). Pooled variance (2 + 8) / (5 − 2) = 10/3.
    #[test]
    fn family_sd_is_pooled_within_offers() {
        let mut orders = Vec::new();
        for (n, (sku, days)) in [("A", 10), ("A", 12), ("B", 20), ("B", 22), ("B", 24)].into_iter().enumerate() {
            let received = date("2025-01-01") + chrono::Days::new(days);
            let mut po = order(&format!("P{n}"), PoStatus::Received, Some("2025-01-01"), None, vec![]);
            po.lines.push(PoLine {
                line_no: 1,
                sku: sku.into(),
                quantity: 1.0,
                unit_price: Decimal::ONE,
                receipts: vec![receipt(1, &received.to_string(), 1.0, 0.0)],
                expected_landed_unit: None,
            });
            orders.push(po);
        }
        let workspace = Workspace {
            skus: Sorted::from_vec(vec![sku("A", "fasteners"), sku("B", "fasteners")]),
            offers: Sorted::from_vec(vec![offer("A"), offer("B")]),
            purchase_orders: Sorted::from_vec(orders),
            ..Workspace::default()
        };
        let index = LeadTimeIndex::build(&workspace);
        assert!((index.family_sd("fasteners").unwrap() - (10.0f64 / 3.0).sqrt()).abs() < 1e-12);
        assert_eq!(index.family_sd("paint"), None);
    }

    fn offer(sku: &str) -> Offer {
        Offer {
            supplier: "SUP".into(),
            sku: sku.into(),
            supplier_sku: sku.into(),
            price_breaks: vec![],
            moq: 0.0,
            pack_size: 1.0,
            purchase_unit: "each".into(),
            units_per_purchase_unit: 1.0,
            lead_time_days: 15,
            landed_override: Default::default(),
            contract: None,
            valid_from: None,
            valid_to: None,
        }
    }

    fn sku(id: &str, family: &str) -> Sku {
        Sku {
            id: id.into(),
            name: id.into(),
            family: family.into(),
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
}
