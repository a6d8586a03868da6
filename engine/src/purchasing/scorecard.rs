//! Supplier scorecards (issue 8, section 6): how a supplier delivered over a
//! chosen period, month by month, against the service levels its contract
//! promises.
//!
//! Rates are fractions (0.95); contract targets are percentages (95), as
//! `SlaTargets` keeps them.

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::model::{ContractId, PoStatus, PurchaseOrder, SupplierId, Workspace};
use crate::plan::lead_time::{lead_time_observation, summarize_lead_times, LeadTimeObservations};

/// Why [`supplier_scorecard`] refused its input.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ScorecardError {
    #[error("supplier {supplier} is not in the catalog")]
    UnknownSupplier { supplier: SupplierId },
    #[error("the period ends ({to}) before it starts ({from})")]
    EmptyPeriod { from: NaiveDate, to: NaiveDate },
}

/// A supplier's delivery figures over one stretch of days.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Measures {
    /// PO lines whose order's promised date falls in the stretch.
    pub lines_promised: u32,
    /// Units ordered on those lines.
    pub units_ordered: f64,
    /// Units accepted on those lines, each line capped at its ordered quantity.
    pub units_filled: f64,
    /// `units_filled ÷ units_ordered`.
    pub fill_rate: Option<f64>,
    /// Receipts dated in the stretch whose order has a promised date.
    pub receipts_with_promise: u32,
    /// Those dated on or before the promised date.
    pub receipts_on_time: u32,
    /// `receipts_on_time ÷ receipts_with_promise`.
    pub on_time_rate: Option<f64>,
    /// Units received (accepted or not) on receipts dated in the stretch.
    pub units_received: f64,
    pub units_accepted: f64,
    /// `units_accepted ÷ units_received`.
    pub quality_rate: Option<f64>,
    /// Lead times of the PO lines first received in the stretch, days: count,
    /// mean and sample standard deviation.
    pub lead_time: Option<LeadTimeObservations>,
}

/// One calendar month of a scorecard's trend.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MonthMeasures {
    /// The first day of the month.
    pub month: NaiveDate,
    pub measures: Measures,
}

/// What a contract's service level covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SlaMetric {
    #[serde(rename = "fill_rate")]
    FillRate,
    #[serde(rename = "on_time")]
    OnTime,
    #[serde(rename = "quality")]
    Quality,
}

/// One contract target against the period's figure.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SlaCheck {
    pub metric: SlaMetric,
    /// The contract's target, percent.
    pub target_pct: f64,
    /// The period's figure, percent; `None` when there was nothing to measure.
    pub actual_pct: Option<f64>,
    pub below: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Scorecard {
    pub supplier: SupplierId,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// The contract whose targets apply (see [`supplier_scorecard`]).
    pub contract: Option<ContractId>,
    pub measures: Measures,
    /// One entry per calendar month the period touches, the first and last
    /// cut to the period.
    pub trend: Vec<MonthMeasures>,
    /// The contract's targets that are set, in the order fill rate, on time, quality.
    pub sla: Vec<SlaCheck>,
    /// Some figure is below its target.
    pub below_target: bool,
}

/// How `supplier` delivered from `from` to `to` (both included).
///
/// Definitions (orders in draft, pending approval or cancelled never count:
/// the supplier never had them):
/// - fill rate = Σ min(accepted, ordered) ÷ Σ ordered over the lines of
///   orders whose promised date is in the period (orders without a promised
///   date are left out). Accepted counts every receipt of the line, whenever
///   it came; a period ending after today counts lines not due yet as
///   unfilled, so end it today at the latest;
/// - on time = receipts dated in the period on or before their order's
///   promised date ÷ receipts dated in the period whose order has one (each
///   delivery counts, so a line delivered in two parts counts twice);
/// - quality = accepted ÷ received over the receipts dated in the period;
/// - lead time: the planning measurement (`plan::lead_time`): per PO line,
///   its first receipt minus the date the order was approved (else sent,
///   else created), in days, for lines first received in the period; mean
///   and sample (n − 1) standard deviation, none with a single line;
/// - trend: the same figures for each calendar month the period touches;
/// - targets: those of the supplier's contract in force during the period
///   (start ≤ `to` and end ≥ `from`; of several, the one starting last). A
///   figure is below target when its percentage is under the target by more
///   than 1e-9 points; a figure with nothing to measure is never below.
///
/// Refused: a supplier not in the catalog, a period ending before it starts.
pub fn supplier_scorecard(
    workspace: &Workspace,
    supplier: &SupplierId,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Scorecard, ScorecardError> {
    if workspace.supplier(supplier).is_none() {
        return Err(ScorecardError::UnknownSupplier { supplier: supplier.clone() });
    }
    if to < from {
        return Err(ScorecardError::EmptyPeriod { from, to });
    }
    let orders: Vec<&PurchaseOrder> = workspace
        .purchase_orders
        .iter()
        .filter(|order| &order.supplier == supplier)
        .filter(|order| !matches!(order.status, PoStatus::Draft | PoStatus::PendingApproval | PoStatus::Cancelled))
        .collect();
    let measures = measure(&orders, from, to);
    let mut trend = Vec::new();
    let mut month = first_of_month(from);
    while month <= to {
        let next = month + Months::new(1);
        let last_day = next.pred_opt().unwrap_or(month);
        trend.push(MonthMeasures { month, measures: measure(&orders, month.max(from), last_day.min(to)) });
        month = next;
    }
    let contract = workspace
        .contracts
        .iter()
        .filter(|c| &c.supplier == supplier && c.start <= to && c.end >= from)
        .max_by_key(|c| c.start);
    let mut sla = Vec::new();
    if let Some(contract) = contract {
        let targets = [
            (SlaMetric::FillRate, contract.sla.fill_rate_pct, measures.fill_rate),
            (SlaMetric::OnTime, contract.sla.on_time_pct, measures.on_time_rate),
            (SlaMetric::Quality, contract.sla.quality_pct, measures.quality_rate),
        ];
        for (metric, target, actual) in targets {
            let Some(target_pct) = target else { continue };
            let actual_pct = actual.map(|rate| rate * 100.0);
            let below = actual_pct.is_some_and(|actual| actual < target_pct - 1e-9);
            sla.push(SlaCheck { metric, target_pct, actual_pct, below });
        }
    }
    let below_target = sla.iter().any(|check| check.below);
    Ok(Scorecard {
        supplier: supplier.clone(),
        from,
        to,
        contract: contract.map(|c| c.id.clone()),
        measures,
        trend,
        sla,
        below_target,
    })
}

fn first_of_month(date: NaiveDate) -> NaiveDate {
    date.with_day(1).unwrap_or(date)
}

/// The figures of `orders` from `from` to `to`, both included.
fn measure(orders: &[&PurchaseOrder], from: NaiveDate, to: NaiveDate) -> Measures {
    let in_period = |date: NaiveDate| from <= date && date <= to;
    let mut m = Measures {
        lines_promised: 0,
        units_ordered: 0.0,
        units_filled: 0.0,
        fill_rate: None,
        receipts_with_promise: 0,
        receipts_on_time: 0,
        on_time_rate: None,
        units_received: 0.0,
        units_accepted: 0.0,
        quality_rate: None,
        lead_time: None,
    };
    let mut lead_times = Vec::new();
    for order in orders {
        let promised_in_period = order.promised.is_some_and(in_period);
        for line in &order.lines {
            if promised_in_period {
                m.lines_promised += 1;
                m.units_ordered += line.quantity;
                m.units_filled += line.quantity_accepted().min(line.quantity);
            }
            for receipt in line.receipts.iter().filter(|r| in_period(r.date)) {
                m.units_received += receipt.quantity_received;
                m.units_accepted += receipt.quantity_accepted();
                if let Some(promised) = order.promised {
                    m.receipts_with_promise += 1;
                    m.receipts_on_time += u32::from(receipt.date <= promised);
                }
            }
            let first_receipt = line.receipts.iter().map(|r| r.date).min();
            if first_receipt.is_some_and(in_period) {
                lead_times.extend(lead_time_observation(order, line));
            }
        }
    }
    m.fill_rate = (m.units_ordered > 0.0).then(|| m.units_filled / m.units_ordered);
    m.on_time_rate =
        (m.receipts_with_promise > 0).then(|| f64::from(m.receipts_on_time) / f64::from(m.receipts_with_promise));
    m.quality_rate = (m.units_received > 0.0).then(|| m.units_accepted / m.units_received);
    m.lead_time = summarize_lead_times(&lead_times);
    m
}
