//! Supplier scorecards (issue 8, section 6): how a supplier delivered over a
//! chosen period, month by month, against the service levels its contract
//! promises.
//!
//! Rates are fractions (0.95); contract targets are percentages (95), as
//! `SlaTargets` keeps them.

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::kpi::{on_time_delivery, supplier_fill, DeliveryTiming, KpiError, SupplyLine};
use crate::model::{ContractId, PoId, PoStatus, PurchaseOrder, SupplierId, Workspace};
use crate::plan::lead_time::{lead_time_observation, summarize_lead_times, LeadTimeObservations};

/// Why [`supplier_scorecard`] refused its input.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum ScorecardError {
    #[error("supplier {supplier} is not in the catalog")]
    UnknownSupplier { supplier: SupplierId },
    #[error("the period ends ({to}) before it starts ({from})")]
    EmptyPeriod { from: NaiveDate, to: NaiveDate },
    /// A PO line whose ordered or accepted quantity is negative or not a
    /// number (the import rules refuse those, so only a workspace built
    /// otherwise has one).
    #[error("purchase order {po}, line {line_no}: the {what} quantity is {value}; quantities must be finite numbers, 0 or more")]
    InvalidQuantity { po: PoId, line_no: u32, what: &'static str, value: f64 },
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
/// - fill rate = `kpi::supplier_fill_rate`: Σ min(accepted, ordered) ÷ Σ ordered over the lines of
///   orders whose promised date is in the period (orders without a promised
///   date are left out). Accepted counts every receipt of the line, whenever
///   it came; a period ending after today counts lines not due yet as
///   unfilled, so end it today at the latest;
/// - on time = `kpi::on_time_delivery_rate`: receipts dated in the period on or before their order's
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
/// Refused: a supplier not in the catalog, a period ending before it
/// starts, a counted PO line with a negative or non-finite quantity.
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
    let measures = measure(&orders, from, to)?;
    let mut trend = Vec::new();
    let mut month = first_of_month(from);
    while month <= to {
        let next = month + Months::new(1);
        let last_day = next.pred_opt().unwrap_or(month);
        trend.push(MonthMeasures { month, measures: measure(&orders, month.max(from), last_day.min(to))? });
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
fn measure(orders: &[&PurchaseOrder], from: NaiveDate, to: NaiveDate) -> Result<Measures, ScorecardError> {
    let in_period = |date: NaiveDate| from <= date && date <= to;
    // The fill-rate lines with their order and line number, to name a refused one.
    let mut supply: Vec<(SupplyLine, &PoId, u32)> = Vec::new();
    let mut timings = Vec::new();
    let (mut units_received, mut units_accepted) = (0.0, 0.0);
    let mut lead_times = Vec::new();
    for order in orders {
        let promised_in_period = order.promised.is_some_and(in_period);
        timings.extend(DeliveryTiming::of_order(order).into_iter().filter(|timing| in_period(timing.received)));
        for line in &order.lines {
            if promised_in_period {
                supply.push((SupplyLine::of_po_line(line), &order.id, line.line_no));
            }
            for receipt in line.receipts.iter().filter(|r| in_period(r.date)) {
                units_received += receipt.quantity_received;
                units_accepted += receipt.quantity_accepted();
            }
            let first_receipt = line.receipts.iter().map(|r| r.date).min();
            if first_receipt.is_some_and(in_period) {
                lead_times.extend(lead_time_observation(order, line));
            }
        }
    }
    let lines: Vec<SupplyLine> = supply.iter().map(|(line, _, _)| *line).collect();
    let fill = supplier_fill(&lines).map_err(|error| match error {
        KpiError::InvalidQuantity { index, field, value } => {
            let (_, po, line_no) = supply[index];
            let what = if field == "ordered" { "ordered" } else { "accepted" };
            ScorecardError::InvalidQuantity { po: po.clone(), line_no, what, value }
        }
        other => unreachable!("supplier_fill refuses quantities only: {other}"),
    })?;
    let on_time = on_time_delivery(&timings);
    Ok(Measures {
        lines_promised: count(lines.len()),
        units_ordered: fill.ordered,
        units_filled: fill.filled,
        fill_rate: fill.rate,
        receipts_with_promise: count(on_time.receipts),
        receipts_on_time: count(on_time.on_time),
        on_time_rate: on_time.rate,
        units_received,
        units_accepted,
        quality_rate: (units_received > 0.0).then(|| units_accepted / units_received),
        lead_time: summarize_lead_times(&lead_times),
    })
}

/// A count as the scorecard keeps it (u32: four billion PO lines is beyond any workspace).
fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{SlaTargets, Sorted};
    use crate::purchasing::test_support::{contract, date, line, order, receipt, supplier};

    fn po(
        id: &str,
        status: PoStatus,
        approved: &str,
        promised: &str,
        lines: Vec<crate::model::PoLine>,
    ) -> PurchaseOrder {
        let mut po = order(id, "SUP", status, lines);
        po.approved = Some(date(approved));
        po.promised = Some(date(promised));
        po
    }

    fn with_receipts(mut line: crate::model::PoLine, receipts: Vec<crate::model::Receipt>) -> crate::model::PoLine {
        line.receipts = receipts;
        line
    }

    /// Period 2026-03-01 … 2026-04-30.
    /// P1 (approved 03-01, promised 03-10): 100 ordered; 60 on 03-08, 40 on
    ///   03-12 with 4 rejected.
    /// P2 (approved 04-01, promised 04-15): 50 ordered, 50 on 04-14 with 5
    ///   rejected; 20 ordered, 10 on 04-20.
    /// P3 cancelled (promised 03-20, 30 ordered): never counts.
    /// P4 (approved 04-20, promised 05-10, outside): 10 on 04-28.
    /// P5 is another supplier's.
    fn workspace() -> Workspace {
        let orders = vec![
            po(
                "P1",
                PoStatus::Received,
                "2026-03-01",
                "2026-03-10",
                vec![with_receipts(
                    line(1, "A", 100.0, "1"),
                    vec![receipt(1, "2026-03-08", 60.0, 0.0), receipt(2, "2026-03-12", 40.0, 4.0)],
                )],
            ),
            po(
                "P2",
                PoStatus::PartiallyReceived,
                "2026-04-01",
                "2026-04-15",
                vec![
                    with_receipts(line(1, "A", 50.0, "1"), vec![receipt(1, "2026-04-14", 50.0, 5.0)]),
                    with_receipts(line(2, "B", 20.0, "1"), vec![receipt(1, "2026-04-20", 10.0, 0.0)]),
                ],
            ),
            po("P3", PoStatus::Cancelled, "2026-03-01", "2026-03-20", vec![line(1, "A", 30.0, "1")]),
            po(
                "P4",
                PoStatus::Sent,
                "2026-04-20",
                "2026-05-10",
                vec![with_receipts(line(1, "A", 10.0, "1"), vec![receipt(1, "2026-04-28", 10.0, 0.0)])],
            ),
            {
                let mut other = po(
                    "P5",
                    PoStatus::Received,
                    "2026-03-01",
                    "2026-03-05",
                    vec![with_receipts(line(1, "A", 10.0, "1"), vec![receipt(1, "2026-03-20", 10.0, 10.0)])],
                );
                other.supplier = "OTHER".into();
                other
            },
        ];
        let mut old = contract("C1", "SUP", "2025-01-01", "2026-02-28");
        old.sla = SlaTargets { fill_rate_pct: Some(99.0), on_time_pct: Some(99.0), quality_pct: Some(99.0) };
        let mut current = contract("C2", "SUP", "2026-03-01", "2027-02-28");
        current.sla = SlaTargets { fill_rate_pct: Some(95.0), on_time_pct: Some(60.0), quality_pct: None };
        Workspace {
            suppliers: Sorted::from_vec(vec![supplier("SUP"), supplier("OTHER")]),
            contracts: Sorted::from_vec(vec![old, current]),
            purchase_orders: Sorted::from_vec(orders),
            ..Workspace::default()
        }
    }

    fn close(actual: Option<f64>, expected: f64) -> bool {
        actual.is_some_and(|a| (a - expected).abs() < 1e-12)
    }

    /// Fill: lines promised in the period are P1/1 (100, 96 accepted), P2/1
    /// (50, 45), P2/2 (20, 10): 151 / 170.
    /// On time: receipts 03-08 ✓, 03-12 ✗ (promised 03-10), 04-14 ✓, 04-20 ✗
    /// (04-15), 04-28 ✓ (05-10): 3 / 5.
    /// Quality: received 60 + 40 + 50 + 10 + 10 = 170, rejected 9: 161 / 170.
    /// Lead times: 03-08 − 03-01 = 7, 04-14 − 04-01 = 13, 04-20 − 04-01 = 19,
    /// 04-28 − 04-20 = 8: mean 47 / 4 = 11.75; squared deviations 22.5625 +
    /// 1.5625 + 52.5625 + 14.0625 = 90.75, / 3 = 30.25, sd 5.5.
    #[test]
    fn scorecard_over_the_period_by_hand() {
        let card = supplier_scorecard(&workspace(), &"SUP".into(), date("2026-03-01"), date("2026-04-30")).unwrap();
        let m = &card.measures;
        assert_eq!((m.lines_promised, m.units_ordered, m.units_filled), (3, 170.0, 151.0));
        assert!(close(m.fill_rate, 151.0 / 170.0));
        assert_eq!((m.receipts_with_promise, m.receipts_on_time), (5, 3));
        assert!(close(m.on_time_rate, 0.6));
        assert_eq!((m.units_received, m.units_accepted), (170.0, 161.0));
        assert!(close(m.quality_rate, 161.0 / 170.0));
        let lead = m.lead_time.as_ref().unwrap();
        assert_eq!(lead.n, 4);
        assert!((lead.mean_days - 11.75).abs() < 1e-12);
        assert!((lead.sd_days.unwrap() - 5.5).abs() < 1e-12);
    }

    /// March: fill 96 / 100, on time 1 / 2, quality 96 / 100, one lead time (7,
    /// no sd). April: fill (45 + 10) / 70, on time 2 / 3, quality 65 / 70,
    /// lead times 13, 19, 8 (mean 40 / 3).
    #[test]
    fn trend_by_month() {
        let card = supplier_scorecard(&workspace(), &"SUP".into(), date("2026-03-01"), date("2026-04-30")).unwrap();
        let months: Vec<NaiveDate> = card.trend.iter().map(|m| m.month).collect();
        assert_eq!(months, vec![date("2026-03-01"), date("2026-04-01")]);
        let (march, april) = (&card.trend[0].measures, &card.trend[1].measures);
        assert!(close(march.fill_rate, 0.96) && close(march.on_time_rate, 0.5) && close(march.quality_rate, 0.96));
        let march_lead = march.lead_time.as_ref().unwrap();
        assert_eq!((march_lead.n, march_lead.mean_days, march_lead.sd_days), (1, 7.0, None));
        assert!(close(april.fill_rate, 55.0 / 70.0) && close(april.on_time_rate, 2.0 / 3.0));
        assert!(close(april.quality_rate, 65.0 / 70.0));
        assert!((april.lead_time.as_ref().unwrap().mean_days - 40.0 / 3.0).abs() < 1e-12);
    }

    /// C2 is in force (C1 ended before the period): fill 88.82 % < 95 is
    /// below; on time 60 % meets 60; quality has no target.
    #[test]
    fn targets_of_the_contract_in_force() {
        let card = supplier_scorecard(&workspace(), &"SUP".into(), date("2026-03-01"), date("2026-04-30")).unwrap();
        assert_eq!(card.contract, Some("C2".into()));
        let checks: Vec<(SlaMetric, f64, bool)> = card.sla.iter().map(|c| (c.metric, c.target_pct, c.below)).collect();
        assert_eq!(checks, vec![(SlaMetric::FillRate, 95.0, true), (SlaMetric::OnTime, 60.0, false)]);
        assert!(card.below_target);
    }

    /// A mid-month period: the trend's months are cut to it, and with
    /// nothing delivered nothing is below target.
    #[test]
    fn a_quiet_period_is_never_below_target() {
        let card = supplier_scorecard(&workspace(), &"SUP".into(), date("2026-05-15"), date("2026-06-10")).unwrap();
        assert_eq!(card.trend.len(), 2);
        assert_eq!(card.measures.fill_rate, None);
        assert!(card.sla.iter().all(|c| c.actual_pct.is_none() && !c.below));
        assert!(!card.below_target);
    }

    /// A line the import rules would have refused (ordered −5, on P1, promised
    /// in the period) is named, not counted as a negative order.
    #[test]
    fn a_negative_ordered_quantity_is_refused_naming_the_line() {
        let mut workspace = workspace();
        workspace.purchase_orders.modify_where(|po| po.id.as_str() == "P1", |po| po.lines[0].quantity = -5.0);
        let error = supplier_scorecard(&workspace, &"SUP".into(), date("2026-03-01"), date("2026-04-30")).unwrap_err();
        assert_eq!(
            error,
            ScorecardError::InvalidQuantity { po: "P1".into(), line_no: 1, what: "ordered", value: -5.0 }
        );
        assert_eq!(
            error.to_string(),
            "purchase order P1, line 1: the ordered quantity is -5; quantities must be finite numbers, 0 or more"
        );
    }

    #[test]
    fn what_the_scorecard_refuses() {
        let workspace = workspace();
        assert!(matches!(
            supplier_scorecard(&workspace, &"NOBODY".into(), date("2026-03-01"), date("2026-04-30")),
            Err(ScorecardError::UnknownSupplier { .. })
        ));
        assert!(matches!(
            supplier_scorecard(&workspace, &"SUP".into(), date("2026-04-30"), date("2026-03-01")),
            Err(ScorecardError::EmptyPeriod { .. })
        ));
    }
}
