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

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use crate::model::{Offer, PoLine, PoStatus, PurchaseOrder, Sku, SkuId, Supplier, SupplierId, Workspace};

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
    let start = order.approved.or(order.sent).unwrap_or(order.created);
    Some((first_receipt - start).num_days().max(0) as f64)
}

/// Mean and sample standard deviation of lead-time observations.
pub fn summarize_lead_times(observations: &[f64]) -> Option<LeadTimeObservations> {
    let n = observations.len();
    if n == 0 {
        return None;
    }
    let mean = observations.iter().sum::<f64>() / n as f64;
    let sd = (n >= 2).then(|| {
        let squares: f64 = observations.iter().map(|x| (x - mean) * (x - mean)).sum();
        (squares / (n - 1) as f64).sqrt()
    });
    Some(LeadTimeObservations { n: n as u32, mean_days: mean, sd_days: sd })
}

/// Lead-time evidence of a whole workspace, indexed once per plan.
pub struct LeadTimeIndex<'a> {
    by_offer: HashMap<(&'a SupplierId, &'a SkuId), LeadTimeObservations>,
    family_sd: HashMap<&'a str, f64>,
}

impl<'a> LeadTimeIndex<'a> {
    pub fn build(workspace: &'a Workspace) -> Self {
        let mut raw: HashMap<(&SupplierId, &SkuId), Vec<f64>> = HashMap::new();
        for order in &workspace.purchase_orders {
            for line in &order.lines {
                if let Some(days) = lead_time_observation(order, line) {
                    raw.entry((&order.supplier, &line.sku)).or_default().push(days);
                }
            }
        }
        let families: HashMap<&SkuId, &Sku> = workspace.skus.iter().map(|sku| (&sku.id, sku)).collect();
        // Pooled within-offer variance: Σ squared deviations from each offer's
        // own mean over (observations − offers), so suppliers with different
        // mean lead times do not inflate the spread.
        let mut pooled: HashMap<&str, (f64, usize, usize)> = HashMap::new();
        let mut by_offer = HashMap::with_capacity(raw.len());
        for (key, observations) in raw {
            let Some(summary) = summarize_lead_times(&observations) else { continue };
            if observations.len() >= 2 {
                if let Some(sku) = families.get(key.1) {
                    let squares: f64 = observations.iter().map(|x| (x - summary.mean_days).powi(2)).sum();
                    let entry = pooled.entry(sku.family.as_str()).or_insert((0.0, 0, 0));
                    entry.0 += squares;
                    entry.1 += observations.len();
                    entry.2 += 1;
                }
            }
            by_offer.insert(key, summary);
        }
        let family_sd = pooled
            .into_iter()
            .filter(|(_, (_, n, groups))| n - groups >= 2)
            .map(|(family, (squares, n, groups))| (family, (squares / (n - groups) as f64).sqrt()))
            .collect();
        Self { by_offer, family_sd }
    }

    pub fn observations(&self, supplier: &'a SupplierId, sku: &'a SkuId) -> Option<&LeadTimeObservations> {
        self.by_offer.get(&(supplier, sku))
    }

    pub fn family_sd(&self, family: &str) -> Option<f64> {
        self.family_sd.get(family).copied()
    }

    /// The lead time to plan `offer` with.
    pub fn lead_time(&self, offer: &'a Offer, supplier: &Supplier, family: &str) -> LeadTime {
        let observations = self.observations(&offer.supplier, &offer.sku).cloned();
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
            LeadTime { quoted_days, observations, mean_days: quoted_days, sd_days, source: LeadTimeSource::Quoted, sd_source }
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

/// Performance of every supplier in the workspace, and of any supplier named
/// only on purchase orders, sorted by supplier id.
pub fn supplier_performance(workspace: &Workspace) -> Vec<SupplierPerformance> {
    let mut by_supplier: BTreeMap<&SupplierId, SupplierPerformance> = BTreeMap::new();
    let blank = |supplier: &SupplierId| SupplierPerformance {
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
    };
    for supplier in &workspace.suppliers {
        by_supplier.insert(&supplier.id, blank(&supplier.id));
    }
    let mut lead_time_sums: HashMap<&SupplierId, f64> = HashMap::new();
    for order in &workspace.purchase_orders {
        let performance = by_supplier.entry(&order.supplier).or_insert_with(|| blank(&order.supplier));
        let finished = matches!(order.status, PoStatus::Received | PoStatus::Closed);
        for line in &order.lines {
            let received = line.quantity_received();
            performance.units_received += received;
            performance.units_rejected += line.receipts.iter().map(|r| r.quantity_rejected).sum::<f64>();
            if finished && line.quantity > 0.0 {
                performance.units_ordered_finished += line.quantity;
                performance.units_received_finished += received.min(line.quantity);
            }
            if let Some(days) = lead_time_observation(order, line) {
                performance.lines_received += 1;
                *lead_time_sums.entry(&order.supplier).or_default() += days;
                if let (Some(promised), Some(first)) = (order.promised, line.receipts.iter().map(|r| r.date).min()) {
                    performance.lines_with_promise += 1;
                    if first <= promised {
                        performance.lines_on_time += 1;
                    }
                }
            }
        }
    }
    by_supplier
        .into_values()
        .map(|mut p| {
            p.on_time_rate = (p.lines_with_promise > 0).then(|| f64::from(p.lines_on_time) / f64::from(p.lines_with_promise));
            p.fill_rate = (p.units_ordered_finished > 0.0).then(|| p.units_received_finished / p.units_ordered_finished);
            p.quality_rate = (p.units_received > 0.0).then(|| 1.0 - p.units_rejected / p.units_received);
            p.mean_lead_time_days =
                lead_time_sums.get(&p.supplier).map(|sum| sum / f64::from(p.lines_received.max(1)));
            p
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{PoLine, Receipt};
    use chrono::NaiveDate;
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

    fn order(id: &str, status: PoStatus, approved: Option<&str>, promised: Option<&str>, lines: Vec<PoLine>) -> PurchaseOrder {
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
        }
    }

    fn line(quantity: f64, receipts: Vec<Receipt>) -> PoLine {
        PoLine { line_no: 1, sku: "S".into(), quantity, unit_price: Decimal::ONE, receipts }
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
        let mut workspace = Workspace::default();
        workspace.purchase_orders = vec![
            order("P1", PoStatus::Received, Some("2025-01-01"), Some("2025-01-10"), vec![line(100.0, vec![receipt(1, "2025-01-10", 100.0, 2.0)])]),
            order("P2", PoStatus::Closed, Some("2025-01-01"), Some("2025-01-10"), vec![line(100.0, vec![receipt(1, "2025-01-12", 80.0, 0.0)])]),
            order("P3", PoStatus::PartiallyReceived, Some("2025-01-01"), Some("2025-01-05"), vec![line(100.0, vec![receipt(1, "2025-01-07", 50.0, 0.0)])]),
        ];
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
        let mut workspace = Workspace::default();
        workspace.skus = vec![sku("A", "fasteners"), sku("B", "fasteners")];
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
            });
            orders.push(po);
        }
        workspace.purchase_orders = orders;
        let index = LeadTimeIndex::build(&workspace);
        assert!((index.family_sd("fasteners").unwrap() - (10.0f64 / 3.0).sqrt()).abs() < 1e-12);
        assert_eq!(index.family_sd("paint"), None);
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
        }
    }
}
