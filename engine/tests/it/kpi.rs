//! KPI formulas (issue 9, section 1) against worked examples with their
//! sources, computed by hand, and the edge cases the issue names: no demand,
//! no periods, COGS 0, over-shipment, negative input refused.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use engine::kpi::{
    days_on_hand, dead_stock, excess_stock, inventory_turnover, landed_cost_variance, on_time_delivery,
    on_time_delivery_rate, reconstruct_stock, stockout_rate, supplier_fill, supplier_fill_rate, unit_fill_rate,
    DayCount, DeliveryTiming, IdleStock, KpiError, LandedCost, NegativeStock, PeriodDemand, StockCeiling, SupplyLine,
};
use engine::model::{
    Criticality, DemandDay, Location, LocationId, PoLine, PoStatus, PurchaseOrder, Receipt, SeriesKey, Sku, SkuId,
    SkuStatus, Sorted, StockLot, Workspace,
};
use engine::purchasing::landed_variance;
use engine::sample::{generate, SampleSpec};
use rust_decimal::Decimal;

fn d(text: &str) -> Decimal {
    text.parse().unwrap()
}

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn period(demanded: f64, fulfilled: f64) -> PeriodDemand {
    PeriodDemand { demanded, fulfilled }
}

fn close(actual: Option<f64>, expected: f64) -> bool {
    actual.is_some_and(|a| (a - expected).abs() < 1e-12)
}

// --- unit fill rate and stockout rate ---------------------------------------

/// RightChain knowledge base, "Fill Rate": unit fill rate = units shipped ÷
/// units requested, 170 of 200 = 85 %. Here the 200 units come in three
/// periods: 100 asked, 100 shipped; 60 asked, 50 shipped; 40 asked, 20
/// shipped: (100 + 50 + 20) / (100 + 60 + 40) = 170 / 200 = 0.85.
#[test]
fn kpi_unit_fill_rate_worked_example() {
    let periods = [period(100.0, 100.0), period(60.0, 50.0), period(40.0, 20.0)];
    assert!(close(unit_fill_rate(&periods).unwrap(), 0.85));
}

/// Over-shipment does not count: 12 shipped against 10 asked counts 10, and
/// does not make up for the next period's 8 of 10: (10 + 8) / 20 = 0.9, not
/// 20 / 20. A single period of over-shipment is 1, never above.
#[test]
fn kpi_over_shipment_does_not_count() {
    assert!(close(unit_fill_rate(&[period(10.0, 12.0), period(10.0, 8.0)]).unwrap(), 0.9));
    assert!(close(unit_fill_rate(&[period(10.0, 12.0)]).unwrap(), 1.0));
}

/// Nothing demanded: no fill rate (not 0 % nor 100 %), even with something
/// shipped; no periods at all: none either.
#[test]
fn kpi_fill_rate_without_demand_is_none() {
    assert_eq!(unit_fill_rate(&[period(0.0, 0.0), period(0.0, 3.0)]).unwrap(), None);
    assert_eq!(unit_fill_rate(&[]).unwrap(), None);
}

/// Five periods: 10/10 (met), 10/7 (short), 0/0 (no demand, no stockout),
/// 5/6 (over-shipped, met), 4/0 (short): 2 stockouts in 5 periods = 0.4.
#[test]
fn kpi_stockout_rate_by_hand() {
    let periods = [period(10.0, 10.0), period(10.0, 7.0), period(0.0, 0.0), period(5.0, 6.0), period(4.0, 0.0)];
    assert!(close(stockout_rate(&periods).unwrap(), 0.4));
}

/// Periods without demand count as periods without a stockout; no periods
/// gives no rate.
#[test]
fn kpi_stockout_rate_edges() {
    assert_eq!(stockout_rate(&[period(0.0, 0.0), period(0.0, 0.0)]).unwrap(), Some(0.0));
    assert_eq!(stockout_rate(&[]).unwrap(), None);
}

#[test]
fn kpi_negative_or_non_finite_demand_is_refused() {
    let refused =
        |periods: &[PeriodDemand]| (unit_fill_rate(periods).unwrap_err(), stockout_rate(periods).unwrap_err());
    let (fill, stockout) = refused(&[period(5.0, 5.0), period(5.0, -1.0)]);
    let expected = KpiError::InvalidQuantity { index: 1, field: "fulfilled", value: -1.0 };
    assert_eq!((&fill, &stockout), (&expected, &expected));
    assert!(matches!(
        refused(&[period(f64::NAN, 0.0)]).0,
        KpiError::InvalidQuantity { index: 0, field: "demanded", .. }
    ));
    assert!(matches!(refused(&[period(f64::INFINITY, 0.0)]).1, KpiError::InvalidQuantity { .. }));
}

// --- inventory turnover and days on hand -------------------------------------

/// Oliver Wight glossary, "Inventory Turnover" (the APICS definition): an
/// average inventory of 3 million against an annual cost of sales of 30
/// million turns 10 times. Snapshots 2.5, 3.5 and 3.0 million average
/// 9.0 / 3 = 3.0 million; 30 / 3 = 10.
/// Days on hand of the same year: 3 / 30 × 365 = 36.5 days; × 360 = 36 days.
#[test]
fn kpi_turnover_and_days_on_hand_oliver_wight_example() {
    let snapshots = [d("2500000"), d("3500000"), d("3000000")];
    let cogs = d("30000000");
    assert_eq!(inventory_turnover(cogs, &snapshots).unwrap(), Some(d("10")));
    assert_eq!(days_on_hand(cogs, &snapshots, DayCount::Days365).unwrap(), Some(d("36.5")));
    assert_eq!(days_on_hand(cogs, &snapshots, DayCount::Days360).unwrap(), Some(d("36")));
}

/// Golocad glossary, "Days of Supply Formula": average inventory 60,000,
/// COGS for the year 300,000, 365 days: 60,000 / (300,000 / 365) = 73 days.
/// On 360 days: 60,000 × 360 / 300,000 = 72. Turnover 300,000 / 60,000 = 5
/// (and 365 / 5 = 73).
#[test]
fn kpi_days_on_hand_golocad_example() {
    let snapshots = [d("60000")];
    let cogs = d("300000");
    assert_eq!(days_on_hand(cogs, &snapshots, DayCount::Days365).unwrap(), Some(d("73")));
    assert_eq!(days_on_hand(cogs, &snapshots, DayCount::Days360).unwrap(), Some(d("72")));
    assert_eq!(inventory_turnover(cogs, &snapshots).unwrap(), Some(d("5")));
}

/// The textbook case: OpenStax, *Principles of Accounting, Volume 1:
/// Financial Accounting* (2019, ISBN 978-1-947172-68-5), chapter 10
/// ("Inventory", §10.5 on the ratios), exercise 16 of set B, Westtown
/// Company: cost of goods sold 156,000, beginning inventory 14,500, ending
/// inventory 17,500. Average (14,500 + 17,500) / 2 = 16,000; turnover
/// 156,000 / 16,000 = 9.75 times; days' sales in inventory
/// 16,000 / 156,000 × 365 = 37.435897… ≈ 37.44 days (the book's two
/// snapshots are the year's opening and closing, so the mean of the
/// snapshots is its average).
#[test]
fn kpi_turnover_and_days_on_hand_openstax_westtown_exercise() {
    let snapshots = [d("14500"), d("17500")];
    let cogs = d("156000");
    assert_eq!(inventory_turnover(cogs, &snapshots).unwrap(), Some(d("9.75")));
    let days = days_on_hand(cogs, &snapshots, DayCount::Days365).unwrap().unwrap();
    assert_eq!(days.round_dp(2), d("37.44"));
}

/// Thirteen month-end snapshots (opening + 12), the mean not the ends'
/// midpoint: twelve of 1,000 and one of 14,000 average 26,000 / 13 = 2,000
/// (the opening-and-closing average would be 7,500); COGS 24,000 turns 12
/// times, 2,000 / 24,000 × 365 = 30.41666… days.
#[test]
fn kpi_average_is_the_mean_of_every_snapshot() {
    let mut snapshots = vec![d("1000"); 12];
    snapshots.push(d("14000"));
    assert_eq!(inventory_turnover(d("24000"), &snapshots).unwrap(), Some(d("12")));
    let days = days_on_hand(d("24000"), &snapshots, DayCount::Days365).unwrap().unwrap();
    assert_eq!(days.round_dp(6), d("30.416667"));
}

/// COGS 0: no days on hand (no rate of use to cover), and a turnover of 0.
/// Average 0: no turnover, and 0 days on hand.
#[test]
fn kpi_cogs_zero_and_average_zero() {
    assert_eq!(days_on_hand(Decimal::ZERO, &[d("500")], DayCount::Days365).unwrap(), None);
    assert_eq!(inventory_turnover(Decimal::ZERO, &[d("500")]).unwrap(), Some(Decimal::ZERO));
    assert_eq!(inventory_turnover(d("1000"), &[Decimal::ZERO, Decimal::ZERO]).unwrap(), None);
    assert_eq!(days_on_hand(d("1000"), &[Decimal::ZERO], DayCount::Days360).unwrap(), Some(Decimal::ZERO));
}

#[test]
fn kpi_turnover_refuses_negative_cogs_negative_snapshots_and_no_snapshots() {
    assert_eq!(inventory_turnover(d("-1"), &[d("5")]).unwrap_err(), KpiError::NegativeCogs { cogs: d("-1") });
    assert_eq!(
        days_on_hand(d("10"), &[d("5"), d("-5")], DayCount::Days365).unwrap_err(),
        KpiError::NegativeAmount { index: 1, field: "inventory value", value: d("-5") }
    );
    assert_eq!(inventory_turnover(d("10"), &[]).unwrap_err(), KpiError::NoSnapshots);
    assert_eq!(days_on_hand(d("10"), &[], DayCount::Days360).unwrap_err(), KpiError::NoSnapshots);
}

// --- landed-cost variance ----------------------------------------------------

/// Two lines: expected 26.10, actual 25.40 (0.70 cheaper); expected 42.00,
/// actual 43.00 (1.00 dearer). Σ expected 68.10, Σ actual 68.40: amount
/// 0.30; percent 0.30 / 68.10 × 100 = 0.440528634…%, the totals' percentage,
/// not the mean of the lines' (−2.68 % and 2.38 %).
#[test]
fn kpi_landed_cost_variance_by_hand() {
    let lines = [
        LandedCost { expected: d("26.10"), actual: d("25.40") },
        LandedCost { expected: d("42.00"), actual: d("43.00") },
    ];
    let variance = landed_cost_variance(&lines).unwrap();
    assert_eq!((variance.expected, variance.actual, variance.amount), (d("68.10"), d("68.40"), d("0.30")));
    assert_eq!(variance.percent.unwrap().round_dp(6), d("0.440529"));
}

/// Nothing expected: an amount but no percentage. Negative costs are refused.
#[test]
fn kpi_landed_cost_variance_edges() {
    let variance = landed_cost_variance(&[LandedCost { expected: Decimal::ZERO, actual: d("5") }]).unwrap();
    assert_eq!((variance.amount, variance.percent), (d("5"), None));
    let empty = landed_cost_variance(&[]).unwrap();
    assert_eq!((empty.amount, empty.percent), (Decimal::ZERO, None));
    assert_eq!(
        landed_cost_variance(&[LandedCost { expected: d("1"), actual: d("-1") }]).unwrap_err(),
        KpiError::NegativeAmount { index: 0, field: "actual", value: d("-1") }
    );
}

fn receipt(receipt_no: u32, day: &str, received: f64, rejected: f64, freight: &str) -> Receipt {
    Receipt {
        receipt_no,
        date: date(day),
        quantity_received: received,
        quantity_rejected: rejected,
        lot: None,
        expiry: None,
        freight: d(freight),
        duty: Decimal::ZERO,
        other_charges: Decimal::ZERO,
    }
}

fn po_line(line_no: u32, quantity: f64, price: &str, expected: Option<&str>, receipts: Vec<Receipt>) -> PoLine {
    PoLine {
        line_no,
        sku: format!("SKU-{line_no}").as_str().into(),
        quantity,
        unit_price: d(price),
        expected_landed_unit: expected.map(d),
        receipts,
    }
}

fn order(promised: Option<&str>, lines: Vec<PoLine>) -> PurchaseOrder {
    PurchaseOrder {
        id: "PO-1".into(),
        supplier: "SUP".into(),
        location: "WH".into(),
        status: PoStatus::PartiallyReceived,
        created: date("2026-03-01"),
        approved: Some(date("2026-03-01")),
        sent: Some(date("2026-03-01")),
        promised: promised.map(date),
        received: None,
        note: String::new(),
        lines,
        log: vec![],
    }
}

/// The KPI fed from an order's own variance (`purchasing::landed_variance`):
/// line 1, 10 @ 2.50 expected 2.60 landed, 10 received with 1.00 freight:
/// actual 26.00 / 10 = 2.60 — no variance; line 2, 4 @ 10.00 expected
/// 10.50, 4 received with 3.00 freight: actual 43.00 / 4 = 10.75, amount
/// 0.25 × 4 = 1.00; line 3 has no expectation (no figure).
/// Σ expected 26.00 + 42.00 = 68.00, amount 1.00, percent 1 / 68 × 100 =
/// 1.470588…%, which the order's report rounds to 1.47.
#[test]
fn kpi_landed_cost_variance_from_a_purchase_order() {
    let po = order(
        Some("2026-03-10"),
        vec![
            po_line(1, 10.0, "2.50", Some("2.60"), vec![receipt(1, "2026-03-09", 10.0, 0.0, "1.00")]),
            po_line(2, 4.0, "10.00", Some("10.50"), vec![receipt(1, "2026-03-09", 4.0, 0.0, "3.00")]),
            po_line(3, 2.0, "1.00", None, vec![receipt(1, "2026-03-09", 2.0, 0.0, "0")]),
        ],
    );
    let report = landed_variance(&Workspace::default(), &po);
    let lines: Vec<LandedCost> = report.lines.iter().filter_map(LandedCost::from_line_variance).collect();
    assert_eq!(lines.len(), 2);
    let variance = landed_cost_variance(&lines).unwrap();
    assert_eq!((variance.expected, variance.amount), (d("68.00"), d("1.00")));
    assert_eq!((variance.expected, variance.amount), (report.expected_total, report.amount));
    assert_eq!(variance.percent.unwrap().round_dp(6), d("1.470588"));
    assert_eq!(report.percent, Some(d("1.47")));
}

// --- on-time delivery and supplier fill rate ---------------------------------

/// Due 2026-03-10: received 03-08 (early: on time), 03-10 (the due day: on
/// time), 03-12 (late): 2 / 3.
#[test]
fn kpi_on_time_delivery_by_hand() {
    let due = date("2026-03-10");
    let receipts = ["2026-03-08", "2026-03-10", "2026-03-12"].map(|day| DeliveryTiming { due, received: date(day) });
    assert!(close(on_time_delivery_rate(&receipts), 2.0 / 3.0));
    assert_eq!(on_time_delivery_rate(&[]), None);
}

/// The counts behind the rate (what the supplier scorecard shows): 3
/// receipts, 2 on time (see `kpi_on_time_delivery_by_hand`); none judged
/// gives counts of 0 and no rate.
#[test]
fn kpi_on_time_delivery_counts() {
    let due = date("2026-03-10");
    let receipts = ["2026-03-08", "2026-03-10", "2026-03-12"].map(|day| DeliveryTiming { due, received: date(day) });
    let counted = on_time_delivery(&receipts);
    assert_eq!((counted.receipts, counted.on_time), (3, 2));
    assert!(close(counted.rate, 2.0 / 3.0));
    let none = on_time_delivery(&[]);
    assert_eq!((none.receipts, none.on_time, none.rate), (0, 0, None));
}

/// A partial receipt counts on its own: one line of 100 delivered as 60 on
/// 03-09 (on time) and 40 on 03-12 (late) is 1 on time of 2 receipts, not
/// weighted by units (which would be 0.6). An order with no promised date
/// gives no receipts to judge.
#[test]
fn kpi_on_time_counts_each_partial_receipt() {
    let po = order(
        Some("2026-03-10"),
        vec![po_line(
            1,
            100.0,
            "1",
            None,
            vec![receipt(1, "2026-03-09", 60.0, 0.0, "0"), receipt(2, "2026-03-12", 40.0, 0.0, "0")],
        )],
    );
    let timings = DeliveryTiming::of_order(&po);
    assert_eq!(timings.len(), 2);
    assert!(close(on_time_delivery_rate(&timings), 0.5));
    assert!(DeliveryTiming::of_order(&order(None, po.lines.clone())).is_empty());
}

/// Lines ordered/accepted: 100/96, 50/45, 20/10, and 10 ordered with 12
/// delivered (capped at 10): (96 + 45 + 10 + 10) / (100 + 50 + 20 + 10) =
/// 161 / 180.
#[test]
fn kpi_supplier_fill_rate_caps_each_line() {
    let lines = [(100.0, 96.0), (50.0, 45.0), (20.0, 10.0), (10.0, 12.0)]
        .map(|(ordered, received)| SupplyLine { ordered, received });
    assert!(close(supplier_fill_rate(&lines).unwrap(), 161.0 / 180.0));
}

/// From a PO line: 50 ordered, 30 received with 2 rejected, then 25 (an
/// over-delivery): accepted 53, capped at 50: 50 / 50 = 1. Rejected units
/// do not count: 20 ordered, 20 received, 5 rejected: 15 / 20.
#[test]
fn kpi_supplier_fill_rate_from_po_lines() {
    let over = po_line(
        1,
        50.0,
        "1",
        None,
        vec![receipt(1, "2026-03-09", 30.0, 2.0, "0"), receipt(2, "2026-03-10", 25.0, 0.0, "0")],
    );
    let rejected = po_line(2, 20.0, "1", None, vec![receipt(1, "2026-03-09", 20.0, 5.0, "0")]);
    assert_eq!(SupplyLine::of_po_line(&over), SupplyLine { ordered: 50.0, received: 53.0 });
    assert!(close(supplier_fill_rate(&[SupplyLine::of_po_line(&over)]).unwrap(), 1.0));
    assert!(close(supplier_fill_rate(&[SupplyLine::of_po_line(&rejected)]).unwrap(), 0.75));
}

/// The unit totals behind the rate, for the lines of
/// `kpi_supplier_fill_rate_caps_each_line`: ordered 180, filled 96 + 45 + 10
/// + 10 = 161 (the over-delivered line counts its 10 ordered, not its 12).
#[test]
fn kpi_supplier_fill_totals() {
    let lines = [(100.0, 96.0), (50.0, 45.0), (20.0, 10.0), (10.0, 12.0)]
        .map(|(ordered, received)| SupplyLine { ordered, received });
    let fill = supplier_fill(&lines).unwrap();
    assert_eq!((fill.ordered, fill.filled), (180.0, 161.0));
    assert!(close(fill.rate, 161.0 / 180.0));
}

#[test]
fn kpi_supplier_fill_rate_edges() {
    assert_eq!(supplier_fill_rate(&[]).unwrap(), None);
    assert_eq!(supplier_fill_rate(&[SupplyLine { ordered: 0.0, received: 4.0 }]).unwrap(), None);
    assert_eq!(
        supplier_fill_rate(&[SupplyLine { ordered: 5.0, received: -1.0 }]).unwrap_err(),
        KpiError::InvalidQuantity { index: 0, field: "received", value: -1.0 }
    );
}

// --- dead stock and excess stock ---------------------------------------------

/// As of 2026-06-30 with a 90-day window: the window is 04-02 … 06-30
/// (29 + 31 + 30 = 90 days), so 06-30 − 90 days = 04-01 is the last dead day.
/// A: last demand 04-01, 10 on hand @ 2.50 → dead, 25.00.
/// B: last demand 04-02 → in the window, alive.
/// C: never demanded, 3.5 @ 4.20 → dead, 14.70.
/// D: never demanded, nothing on hand → not listed.
/// E: demanded on the as-of day → alive.
/// Dead: A and C, 13.5 units, 39.70.
#[test]
fn kpi_dead_stock_by_hand() {
    let item = |on_hand: f64, cost: &str, last: Option<&str>| IdleStock {
        on_hand,
        unit_cost: d(cost),
        last_demand: last.map(date),
    };
    let items = [
        item(10.0, "2.50", Some("2026-04-01")),
        item(7.0, "1.00", Some("2026-04-02")),
        item(3.5, "4.20", None),
        item(0.0, "9.99", None),
        item(2.0, "1.00", Some("2026-06-30")),
    ];
    let dead = dead_stock(&items, date("2026-06-30"), 90).unwrap();
    assert_eq!(dead.items, vec![0, 2]);
    assert_eq!(dead.units, 13.5);
    assert_eq!(dead.value, d("39.70"));
}

#[test]
fn kpi_dead_stock_refusals() {
    let item = IdleStock { on_hand: 1.0, unit_cost: d("1"), last_demand: Some(date("2026-07-01")) };
    assert_eq!(
        dead_stock(&[item], date("2026-06-30"), 30).unwrap_err(),
        KpiError::DemandAfterAsOf { index: 0, last_demand: date("2026-07-01"), as_of: date("2026-06-30") }
    );
    assert_eq!(dead_stock(&[], date("2026-06-30"), 0).unwrap_err(), KpiError::ZeroWindow);
    let negative = IdleStock { on_hand: -1.0, unit_cost: d("1"), last_demand: None };
    assert!(matches!(
        dead_stock(&[negative], date("2026-06-30"), 30),
        Err(KpiError::InvalidQuantity { field: "on hand", .. })
    ));
}

/// 120 on hand against an order-up-to level of 100 @ 2.50: 20 over, 50.00.
/// 80 against 100: none (its 20 short do not offset the first's excess).
/// 45 against 4 weeks of cover at 7.5 a week (30) @ 1.20: 15 over, 18.00.
/// 0.3 against 0.1 @ 10: 0.2 over, 2.00 exactly.
/// Σ value 70.00.
#[test]
fn kpi_excess_stock_by_hand() {
    let item = |on_hand: f64, ceiling: f64, cost: &str| StockCeiling { on_hand, ceiling, unit_cost: d(cost) };
    let items =
        [item(120.0, 100.0, "2.50"), item(80.0, 100.0, "9.99"), item(45.0, 4.0 * 7.5, "1.20"), item(0.3, 0.1, "10")];
    let excess = excess_stock(&items).unwrap();
    let found: Vec<(usize, Decimal)> = excess.lines.iter().map(|line| (line.index, line.value)).collect();
    assert_eq!(found, vec![(0, d("50.00")), (2, d("18.00")), (3, d("2.0"))]);
    assert_eq!((excess.lines[0].units, excess.lines[1].units), (20.0, 15.0));
    assert_eq!(excess.value, d("70.00"));
    assert!(matches!(
        excess_stock(&[item(1.0, f64::NAN, "1")]),
        Err(KpiError::InvalidQuantity { index: 0, field: "ceiling", .. })
    ));
    assert!(matches!(
        excess_stock(&[item(1.0, 0.0, "-0.5")]),
        Err(KpiError::NegativeAmount { index: 0, field: "unit cost", .. })
    ));
}

// --- past stock, reconstructed backwards --------------------------------------

fn catalog_sku(id: &str) -> Sku {
    Sku {
        id: id.into(),
        name: id.into(),
        family: "widgets".into(),
        unit: "each".into(),
        unit_cost: d("1.00"),
        criticality: Criticality::Normal,
        regulated: false,
        shelf_life_days: None,
        min_remaining_shelf_life_days: None,
        status: SkuStatus::Active,
        volume_l: None,
        weight_kg: None,
    }
}

fn stock_lot(sku: &str, location: &str, lot: &str, quantity: f64, quarantine: bool) -> StockLot {
    StockLot {
        sku: sku.into(),
        location: location.into(),
        lot: lot.into(),
        quantity,
        received: None,
        expiry: None,
        quarantine,
    }
}

/// A receipt as (day, received, rejected).
type Delivery<'a> = (&'a str, f64, f64);

/// A purchase order to `location` with one line per (SKU, its receipts).
fn delivered(id: &str, location: &str, status: PoStatus, lines: &[(&str, &[Delivery])]) -> PurchaseOrder {
    let lines = lines
        .iter()
        .enumerate()
        .map(|(idx, (sku, receipts))| {
            let receipts = receipts
                .iter()
                .enumerate()
                .map(|(no, &(day, received, rejected))| receipt(no as u32 + 1, day, received, rejected, "0"))
                .collect();
            PoLine {
                line_no: idx as u32 + 1,
                sku: (*sku).into(),
                quantity: 100.0,
                unit_price: d("1"),
                expected_landed_unit: None,
                receipts,
            }
        })
        .collect();
    PurchaseOrder { id: id.into(), location: location.into(), status, ..order(None, lines) }
}

fn demand_rows(sku: &str, location: &str, channel: &str, days: &[(&str, f32)]) -> Vec<(SeriesKey, DemandDay)> {
    let key = SeriesKey { sku: sku.into(), location: location.into(), channel: channel.into() };
    days.iter().map(|&(day, quantity)| (key.clone(), DemandDay::shipped(date(day), quantity))).collect()
}

/// Locations WH and STORE; SKUs W, X, Y; as of 2026-03-10, from 03-05.
///
/// W at WH: lots 30 and 5 quarantined (counted): 35 today; W at STORE (100)
/// and X at WH (7) are other pairs.
/// Receipts of W delivered to WH: PO-1 on 03-08, 20 with 2 rejected (18);
/// PO-3 on 03-05 (the first day: inside end(03-05), changes nothing) 10,
/// and on 03-11 (after as-of: ignored) 7; PO-4, cancelled since, on 03-06, 4
/// (goods that came in: counted). Not W at WH: PO-1's X line (50 on 03-08),
/// PO-2 to STORE (40 of W on 03-09).
/// Demand of W at WH: web 3 on 03-06, 4 on 03-09, 6 on 03-10; b2b 10 on
/// 03-09 (03-09 ships 4 + 10 = 14 over two channels) and 5 on 03-11
/// (ignored). W at STORE ships 50 on 03-10 (another pair).
/// Y at WH: 2 today, a receipt of 10 on 03-09, 1 shipped on 03-07.
fn history_workspace() -> Workspace {
    let mut workspace = Workspace {
        locations: Sorted::from_vec(vec![
            Location { id: "WH".into(), name: "Warehouse".into() },
            Location { id: "STORE".into(), name: "Store".into() },
        ]),
        skus: Sorted::from_vec(vec![catalog_sku("W"), catalog_sku("X"), catalog_sku("Y")]),
        stock_lots: Sorted::from_vec(vec![
            stock_lot("W", "WH", "A", 30.0, false),
            stock_lot("W", "WH", "B", 5.0, true),
            stock_lot("W", "STORE", "", 100.0, false),
            stock_lot("X", "WH", "", 7.0, false),
            stock_lot("Y", "WH", "", 2.0, false),
        ]),
        purchase_orders: Sorted::from_vec(vec![
            delivered(
                "PO-1",
                "WH",
                PoStatus::Received,
                &[("W", &[("2026-03-08", 20.0, 2.0)]), ("X", &[("2026-03-08", 50.0, 0.0)])],
            ),
            delivered("PO-2", "STORE", PoStatus::Received, &[("W", &[("2026-03-09", 40.0, 0.0)])]),
            delivered(
                "PO-3",
                "WH",
                PoStatus::PartiallyReceived,
                &[("W", &[("2026-03-05", 10.0, 0.0), ("2026-03-11", 7.0, 0.0)])],
            ),
            delivered("PO-4", "WH", PoStatus::Cancelled, &[("W", &[("2026-03-06", 4.0, 0.0)])]),
            delivered("PO-5", "WH", PoStatus::Received, &[("Y", &[("2026-03-09", 10.0, 0.0)])]),
        ]),
        ..Workspace::default()
    };
    let mut rows = demand_rows("W", "WH", "web", &[("2026-03-06", 3.0), ("2026-03-09", 4.0), ("2026-03-10", 6.0)]);
    rows.extend(demand_rows("W", "WH", "b2b", &[("2026-03-09", 10.0), ("2026-03-11", 5.0)]));
    rows.extend(demand_rows("W", "STORE", "web", &[("2026-03-10", 50.0)]));
    rows.extend(demand_rows("Y", "WH", "", &[("2026-03-07", 1.0)]));
    workspace.demand.upsert(rows);
    workspace
}

/// W at WH, 03-05 … 03-10, backwards from 35:
/// end(03-10) = 35 (30 + 5 quarantined);
/// end(03-09) = 35 − 0 + 6 = 41;
/// end(03-08) = 41 − 0 + (4 + 10) = 55 (two channels; PO-2's 40 went to STORE);
/// end(03-07) = 55 − 18 + 0 = 37 (20 received, 2 rejected);
/// end(03-06) = 37;
/// end(03-05) = 37 − 4 + 3 = 36 (the cancelled order's receipt counts).
/// Received by day 10 (03-05, in end(03-05)), 4, 0, 18, 0, 0; shipped 0, 3, 0, 0, 14, 6.
#[test]
fn kpi_stock_history_by_hand() {
    let workspace = history_workspace();
    let history =
        reconstruct_stock(&workspace, &"W".into(), &"WH".into(), date("2026-03-05"), date("2026-03-10")).unwrap();
    assert_eq!(history.on_hand, vec![36.0, 37.0, 37.0, 55.0, 41.0, 35.0]);
    assert_eq!(history.received, vec![10.0, 4.0, 0.0, 18.0, 0.0, 0.0]);
    assert_eq!(history.shipped, vec![0.0, 3.0, 0.0, 0.0, 14.0, 6.0]);
    assert_eq!(history.negative, None);
    assert_eq!((history.from, history.as_of), (date("2026-03-05"), date("2026-03-10")));
    assert_eq!(history.on(date("2026-03-08")), Some(55.0));
    assert_eq!((history.on(date("2026-03-04")), history.on(date("2026-03-11"))), (None, None));
}

/// A single day (from = as-of) is today's stock alone.
#[test]
fn kpi_stock_history_of_one_day() {
    let workspace = history_workspace();
    let history =
        reconstruct_stock(&workspace, &"W".into(), &"STORE".into(), date("2026-03-10"), date("2026-03-10")).unwrap();
    assert_eq!(history.on_hand, vec![100.0]);
}

/// Y at WH, 03-05 … 03-10, backwards from 2: the 10 received on 03-09 were
/// not all there before (something left without a record):
/// end(03-10) = 2; end(03-09) = 2; end(03-08) = 2 − 10 = −8; end(03-07) = −8;
/// end(03-06) = −8 + 1 = −7; end(03-05) = −7.
/// Negative on 4 days, the first 03-05, the lowest −8 first on 03-07. Not clamped.
#[test]
fn kpi_stock_history_going_negative_is_reported() {
    let workspace = history_workspace();
    let history =
        reconstruct_stock(&workspace, &"Y".into(), &"WH".into(), date("2026-03-05"), date("2026-03-10")).unwrap();
    assert_eq!(history.on_hand, vec![-7.0, -7.0, -8.0, -8.0, 2.0, 2.0]);
    assert_eq!(
        history.negative,
        Some(NegativeStock { first_day: date("2026-03-05"), lowest: -8.0, lowest_day: date("2026-03-07"), days: 4 })
    );
}

/// Decimal quantities are exact: 0.3 today, 0.1 and 0.2 shipped on 03-10
/// over two channels: end(03-09) = 0.3 + 0.1 + 0.2 = 0.6; 0.6 received on
/// 03-09: end(03-08) = 0. Exactly 0 is not negative (in f64, 0.3 + 0.1 +
/// 0.2 − 0.6 is 5.55e-17, and 0.6 − 0.1 − 0.2 − 0.3 is −5.55e-17).
#[test]
fn kpi_stock_history_is_exact_on_decimal_quantities() {
    let mut workspace = history_workspace();
    workspace.stock_lots.upsert(stock_lot("X", "STORE", "", 0.3, false));
    workspace.purchase_orders.upsert(delivered(
        "PO-6",
        "STORE",
        PoStatus::Received,
        &[("X", &[("2026-03-09", 0.6, 0.0)])],
    ));
    let mut rows = demand_rows("X", "STORE", "web", &[("2026-03-10", 0.1)]);
    rows.extend(demand_rows("X", "STORE", "b2b", &[("2026-03-10", 0.2)]));
    workspace.demand.upsert(rows);
    let history =
        reconstruct_stock(&workspace, &"X".into(), &"STORE".into(), date("2026-03-08"), date("2026-03-10")).unwrap();
    assert_eq!(history.on_hand, vec![0.0, 0.6, 0.3]);
    assert_eq!(history.negative, None);
}

#[test]
fn kpi_stock_history_refusals() {
    let workspace = history_workspace();
    let (w, wh) = (SkuId::from("W"), LocationId::from("WH"));
    assert_eq!(
        reconstruct_stock(&workspace, &w, &wh, date("2026-03-11"), date("2026-03-10")).unwrap_err(),
        KpiError::FromAfterAsOf { from: date("2026-03-11"), as_of: date("2026-03-10") }
    );
    assert_eq!(
        reconstruct_stock(&workspace, &"NOPE".into(), &wh, date("2026-03-05"), date("2026-03-10")).unwrap_err(),
        KpiError::UnknownSku { sku: "NOPE".into() }
    );
    assert_eq!(
        reconstruct_stock(&workspace, &w, &"NOWHERE".into(), date("2026-03-05"), date("2026-03-10")).unwrap_err(),
        KpiError::UnknownLocation { location: "NOWHERE".into() }
    );
    // 2006-03-10 … 2026-03-10 is 7,306 days (five leap days, plus both ends): one too many.
    let error = reconstruct_stock(&workspace, &w, &wh, date("2006-03-10"), date("2026-03-10")).unwrap_err();
    assert_eq!(error, KpiError::SpanTooLong { from: date("2006-03-10"), as_of: date("2026-03-10"), days: 7_306 });
    assert!(reconstruct_stock(&workspace, &w, &wh, date("2006-03-11"), date("2026-03-10")).is_ok());
}

/// On a generated sample workspace: for every SKU × location with stock,
/// demand or receipts, the last day is today's stock, and each step back
/// is that day's demand minus its accepted receipts, recomputed here from
/// the purchase orders and the demand rows.
#[test]
fn kpi_stock_history_on_the_sample_workspace() {
    let as_of = date("2026-03-16");
    let spec = SampleSpec { seed: 11, today: as_of, n_skus: 30, n_locations: 2, n_suppliers: 5, history_days: 200 };
    let workspace = generate(&spec);
    let from = as_of - chrono::Days::new(120);
    let mut pairs: BTreeSet<(SkuId, LocationId)> = BTreeSet::new();
    pairs.extend(workspace.stock_lots.iter().map(|lot| (lot.sku.clone(), lot.location.clone())));
    pairs.extend(workspace.demand.series.iter().map(|s| (s.key.sku.clone(), s.key.location.clone())));
    for order in workspace.purchase_orders.iter() {
        pairs.extend(order.lines.iter().map(|line| (line.sku.clone(), order.location.clone())));
    }
    let (mut steps_with_receipts, mut steps_with_demand) = (0, 0);
    for (sku, location) in &pairs {
        let history = reconstruct_stock(&workspace, sku, location, from, as_of).unwrap();
        let today: f64 = workspace
            .stock_lots
            .iter()
            .filter(|lot| &lot.sku == sku && &lot.location == location)
            .map(|lot| lot.quantity)
            .sum();
        assert!((history.on(as_of).unwrap() - today).abs() < 1e-6, "{sku} at {location}");
        let mut day = from;
        while day < as_of {
            let next = day.succ_opt().unwrap();
            let received: f64 = workspace
                .purchase_orders
                .iter()
                .filter(|order| &order.location == location)
                .flat_map(|order| order.lines.iter().filter(|line| &line.sku == sku))
                .flat_map(|line| line.receipts.iter().filter(|r| r.date == next))
                .map(|r| r.quantity_received - r.quantity_rejected)
                .sum();
            let shipped: f64 = workspace
                .demand
                .series
                .iter()
                .filter(|s| &s.key.sku == sku && &s.key.location == location)
                .flat_map(|s| s.days())
                .filter(|row| row.date == next)
                .map(|row| f64::from(row.quantity))
                .sum();
            steps_with_receipts += usize::from(received > 0.0);
            steps_with_demand += usize::from(shipped > 0.0);
            let step = history.on(day).unwrap() - history.on(next).unwrap();
            assert!(
                (step - (shipped - received)).abs() < 1e-3,
                "{sku} at {location}, {day}: {step} ≠ {shipped} − {received}"
            );
            day = next;
        }
        let negative_days = history.on_hand.iter().filter(|&&q| q < 0.0).count();
        assert_eq!(history.negative.map_or(0, |n| n.days), negative_days, "{sku} at {location}");
    }
    // The sample must exercise both terms, or this test proves nothing.
    assert!(steps_with_receipts > 0 && steps_with_demand > 0, "{steps_with_receipts} {steps_with_demand}");
}
