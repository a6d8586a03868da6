//! The KPI report of a whole workspace (`kpi::report`), every figure worked
//! out by hand in the comments from the records of a small workspace.

use chrono::NaiveDate;
use engine::kpi::report::{InventoryRow, Scope, ServiceRow, StockHealthRow};
use engine::kpi::{kpi_report, DayCount, KpiOptions, KpiPeriod, KpiReport, KpiReportError};
use engine::model::{
    Approval, Criticality, Currency, DemandDay, LandedCostTerms, Location, PaymentTerms, PoLine, PoStatus,
    PurchaseOrder, Receipt, SeriesKey, Sku, SkuStatus, Sorted, StockLot, Supplier, SupplyRisk, Workspace,
};
use rust_decimal::Decimal;

fn d(text: &str) -> Decimal {
    text.parse().unwrap()
}

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn sku(id: &str, family: &str, unit_cost: &str) -> Sku {
    Sku {
        id: id.into(),
        name: id.into(),
        family: family.into(),
        unit: "each".into(),
        unit_cost: d(unit_cost),
        criticality: Criticality::Normal,
        regulated: false,
        shelf_life_days: None,
        min_remaining_shelf_life_days: None,
        status: SkuStatus::Active,
        volume_l: None,
        weight_kg: None,
    }
}

fn lot(sku: &str, quantity: f64) -> StockLot {
    StockLot {
        sku: sku.into(),
        location: "WH".into(),
        lot: "".into(),
        quantity,
        received: None,
        expiry: None,
        quarantine: false,
    }
}

fn supplier(id: &str) -> Supplier {
    Supplier {
        id: id.into(),
        name: id.into(),
        approval: Approval::Approved,
        currency: Currency::new("EUR"),
        payment_terms: PaymentTerms { net_days: 30, early_discount_pct: None, early_discount_days: None },
        risk: SupplyRisk::Low,
        landed: LandedCostTerms::default(),
        min_order_value: None,
        free_freight_threshold: None,
        lead_time_sd_days: None,
    }
}

fn order(id: &str, status: PoStatus, approved: &str, promised: &str, line: PoLine) -> PurchaseOrder {
    PurchaseOrder {
        id: id.into(),
        supplier: "S".into(),
        location: "WH".into(),
        status,
        created: date("2026-01-30"),
        approved: Some(date(approved)),
        sent: Some(date(approved)),
        promised: Some(date(promised)),
        received: None,
        note: String::new(),
        lines: vec![line],
        log: vec![],
    }
}

fn line(sku: &str, quantity: f64, price: &str, expected: Option<&str>, receipts: Vec<Receipt>) -> PoLine {
    PoLine {
        line_no: 1,
        sku: sku.into(),
        quantity,
        unit_price: d(price),
        expected_landed_unit: expected.map(d),
        receipts,
    }
}

fn receipt(day: &str, quantity: f64, freight: &str) -> Receipt {
    Receipt {
        receipt_no: 1,
        date: date(day),
        quantity_received: quantity,
        quantity_rejected: 0.0,
        lot: None,
        expiry: None,
        freight: d(freight),
        duty: Decimal::ZERO,
        other_charges: Decimal::ZERO,
    }
}

fn demand(sku: &str, rows: &[(&str, f32, bool)]) -> Vec<(SeriesKey, DemandDay)> {
    let key = SeriesKey { sku: sku.into(), location: "WH".into(), channel: String::new() };
    rows.iter()
        .map(|&(day, quantity, stockout)| {
            (key.clone(), DemandDay { date: date(day), quantity, promo: false, stockout, requested: None })
        })
        .collect()
}

/// One location WH, supplier S (EUR, the base currency).
///
/// P ("tools", 2.00 a unit): 10 in stock today (end of 2026-02-28). Shipped 2
/// a day 01-08 … 01-14; 01-15 a stockout day, nothing shipped; 3 on 01-20, 5
/// on 02-10, 7 on 02-25. PO-1 (received, approved 02-01, promised 02-04):
/// 10 P at 1.50, expected landed 1.60, all 10 received 02-05 with 2.00
/// freight.
/// Q ("toys", 5.00 a unit): 4 in stock, never demanded, never received.
/// PO-2 (cancelled, approved 02-03): 4 Q at 1.00 — no spend.
fn workspace() -> Workspace {
    let mut workspace = Workspace {
        locations: Sorted::from_vec(vec![Location { id: "WH".into(), name: "Warehouse".into() }]),
        skus: Sorted::from_vec(vec![sku("P", "tools", "2.00"), sku("Q", "toys", "5.00")]),
        suppliers: Sorted::from_vec(vec![supplier("S")]),
        stock_lots: Sorted::from_vec(vec![lot("P", 10.0), lot("Q", 4.0)]),
        purchase_orders: Sorted::from_vec(vec![
            order(
                "PO-1",
                PoStatus::Received,
                "2026-02-01",
                "2026-02-04",
                line("P", 10.0, "1.50", Some("1.60"), vec![receipt("2026-02-05", 10.0, "2.00")]),
            ),
            order("PO-2", PoStatus::Cancelled, "2026-02-03", "2026-02-10", line("Q", 4.0, "1.00", None, vec![])),
        ]),
        ..Workspace::default()
    };
    let mut rows: Vec<(&str, f32, bool)> =
        ["2026-01-08", "2026-01-09", "2026-01-10", "2026-01-11", "2026-01-12", "2026-01-13", "2026-01-14"]
            .iter()
            .map(|&day| (day, 2.0, false))
            .collect();
    rows.extend([("2026-01-15", 0.0, true), ("2026-01-20", 3.0, false)]);
    rows.extend([("2026-02-10", 5.0, false), ("2026-02-25", 7.0, false)]);
    workspace.demand.upsert(demand("P", &rows));
    workspace
}

/// 2026-01-15 … 2026-02-28, as of 02-28: January cut (17 days), February whole (28).
fn period() -> KpiPeriod {
    KpiPeriod { from: date("2026-01-15"), to: date("2026-02-28"), as_of: date("2026-02-28") }
}

/// A one-week history rate, a 30-day dead-stock window, one week of cover.
fn options() -> KpiOptions {
    KpiOptions {
        day_count: DayCount::Days365,
        dead_stock_days: 30,
        excess_cover_weeks: 1,
        rate_weeks: 1,
        monthly_drill_down: true,
    }
}

fn service<'a>(report: &'a KpiReport, scope: Scope, key: &str, month: Option<&str>) -> &'a ServiceRow {
    let month = month.map(date);
    report
        .service
        .iter()
        .find(|row| row.scope == scope && row.key == key && row.period.month == month)
        .unwrap_or_else(|| panic!("no service row {scope:?} {key} {month:?}"))
}

fn inventory<'a>(report: &'a KpiReport, scope: Scope, key: &str, month: Option<&str>) -> &'a InventoryRow {
    let month = month.map(date);
    report
        .inventory
        .iter()
        .find(|row| row.scope == scope && row.key == key && row.period.month == month)
        .unwrap_or_else(|| panic!("no inventory row {scope:?} {key} {month:?}"))
}

fn health<'a>(report: &'a KpiReport, scope: Scope, key: &str) -> &'a StockHealthRow {
    report.stock_health.iter().find(|row| row.scope == scope && row.key == key).unwrap()
}

fn close(actual: Option<f64>, expected: f64) -> bool {
    actual.is_some_and(|actual| (actual - expected).abs() < 1e-12)
}

/// Service. The stockout day 01-15 of P: the week before it (01-08 … 01-14)
/// has 7 clean days of 2 units, a rate of 2; nothing shipped, so demanded =
/// max(0, 2) = 2, 2 units estimated.
/// P in January (17 days): demanded 2 + 3 = 5, shipped and filled 3: fill
/// 3/5 = 0.6; one stockout day of 17. February: 5 + 7 = 12 demanded, all
/// shipped: fill 1, no stockout in 28 days.
/// Q: nothing demanded: no fill rate (none, not 0 or 1), 0 stockout days.
/// Portfolio, whole period: demanded 17, filled 15: 15/17; 1 stockout of
/// 2 × 45 = 90 pair-days; 1 estimated day, 2 estimated units.
#[test]
fn kpi_report_service_by_hand() {
    let report = kpi_report(&workspace(), period(), &options(), None).unwrap();
    let january = service(&report, Scope::SkuLocation, "P", Some("2026-01-01"));
    assert_eq!((january.demanded, january.shipped, january.filled), (5.0, 3.0, 3.0));
    assert!(close(january.fill_rate, 0.6));
    assert_eq!((january.days, january.stockout_days), (17, 1));
    assert!(close(january.stockout_rate, 1.0 / 17.0));
    assert_eq!((january.estimated_days, january.estimated_units), (1, 2.0));
    assert!(january.period.partial);
    assert_eq!((january.period.from, january.period.to), (date("2026-01-15"), date("2026-01-31")));
    let february = service(&report, Scope::SkuLocation, "P", Some("2026-02-01"));
    assert_eq!((february.demanded, february.filled, february.stockout_days), (12.0, 12.0, 0));
    assert!(close(february.fill_rate, 1.0) && !february.period.partial);
    let q = service(&report, Scope::SkuLocation, "Q", None);
    assert_eq!((q.demanded, q.fill_rate, q.days, q.stockout_days), (0.0, None, 45, 0));
    let all = service(&report, Scope::Portfolio, "all", None);
    assert_eq!((all.demanded, all.filled, all.days, all.stockout_days), (17.0, 15.0, 90, 1));
    assert!(close(all.fill_rate, 15.0 / 17.0));
    assert!(close(all.stockout_rate, 1.0 / 90.0));
    assert_eq!((all.estimated_days, all.estimated_units, all.unestimated_stockout_days), (1, 2.0, 0));
    // Roll-ups: the family and the class of P are P's figures.
    assert_eq!(service(&report, Scope::Family, "tools", None).demanded, 12.0 + 5.0);
    assert_eq!(service(&report, Scope::Class, "A", None).demanded, 17.0);
    assert_eq!(service(&report, Scope::Class, "C", None).demanded, 0.0);
}

/// Recorded requested quantities take precedence over the estimate. On top
/// of the workspace: P's stockout day 01-15 recorded 4 asked (nothing
/// shipped), P's 02-10 recorded 4 asked against 5 shipped (over-shipment),
/// and Q, never shipped, recorded 2 asked on 02-20.
/// P, January: demanded 4 + 3 = 7 (not the estimate of 2), filled 3: fill
/// 3/7; one stockout day; nothing estimated. February: demanded 4 + 7 = 11,
/// filled min(5, 4) + 7 = 11: fill 1.
/// Q, February: demanded 2, filled 0: fill 0, one stockout day (0 < 2).
/// Portfolio: demanded 7 + 11 + 2 = 20, filled 3 + 11 = 14: 14/20 = 0.7; 2
/// stockout days of 90. Dead stock: Q was asked for on 02-20, within the
/// 30 days before 02-28, so it is no longer dead.
#[test]
fn kpi_report_takes_a_recorded_requested_quantity_over_the_estimate() {
    let mut workspace = workspace();
    let key = |sku: &str| SeriesKey { sku: sku.into(), location: "WH".into(), channel: String::new() };
    let asked = |day: &str, quantity: f32, stockout: bool, requested: f32| DemandDay {
        date: date(day),
        quantity,
        promo: false,
        stockout,
        requested: Some(requested),
    };
    workspace.demand.upsert([
        (key("P"), asked("2026-01-15", 0.0, true, 4.0)),
        (key("P"), asked("2026-02-10", 5.0, false, 4.0)),
        (key("Q"), asked("2026-02-20", 0.0, false, 2.0)),
    ]);
    let report = kpi_report(&workspace, period(), &options(), None).unwrap();
    let january = service(&report, Scope::SkuLocation, "P", Some("2026-01-01"));
    assert_eq!((january.demanded, january.filled, january.stockout_days), (7.0, 3.0, 1));
    assert!(close(january.fill_rate, 3.0 / 7.0));
    assert_eq!((january.estimated_days, january.estimated_units), (0, 0.0));
    let february = service(&report, Scope::SkuLocation, "P", Some("2026-02-01"));
    assert_eq!((february.demanded, february.filled), (11.0, 11.0));
    let q = service(&report, Scope::SkuLocation, "Q", Some("2026-02-01"));
    assert_eq!((q.demanded, q.filled, q.stockout_days), (2.0, 0.0, 1));
    assert!(close(q.fill_rate, 0.0));
    let all = service(&report, Scope::Portfolio, "all", None);
    assert_eq!((all.demanded, all.filled, all.stockout_days), (20.0, 14.0, 2));
    assert!(close(all.fill_rate, 0.7));
    assert_eq!(health(&report, Scope::Portfolio, "all").dead_pairs, 0);
}

/// Inventory. P backwards from 10 at the end of 02-28: + 7 shipped 02-25 →
/// 17 at the end of 02-24; + 5 shipped 02-10 → 22 at the end of 02-09; − 10
/// received 02-05 → 12 at the end of 02-04, so 12 at the end of 01-31; + 3
/// shipped 01-20 → 15 at the end of 01-19 and of 01-14 (01-15 shipped 0).
/// At 2.00: opening (end of 01-14) 30, January's end 24, February's end 20.
/// Q: 4 throughout, 20.00 at 5.00.
/// Portfolio, January: opening 50, closing 44, average 47; COGS 3 × 2 = 6;
/// turnover 6/47 = 0.12766 → 0.1277; days on hand 47 × 17 ÷ 6 = 133.17.
/// February: 44 and 40, average 42; COGS (5 + 7) × 2 = 24; turnover 24/42 =
/// 0.5714; days on hand 42 × 28 ÷ 24 = 49.00.
/// Whole period: snapshots 50, 44, 40, average 134/3 = 44.67; COGS 30;
/// turnover 30 ÷ 44.667 = 0.6716; days on hand 44.667 × 45 ÷ 30 = 67.00.
#[test]
fn kpi_report_inventory_by_hand() {
    let report = kpi_report(&workspace(), period(), &options(), None).unwrap();
    let p_january = inventory(&report, Scope::SkuLocation, "P", Some("2026-01-01"));
    assert_eq!((p_january.opening_value, p_january.closing_value, p_january.cogs), (d("30"), d("24"), d("6")));
    let january = inventory(&report, Scope::Portfolio, "all", Some("2026-01-01"));
    assert_eq!((january.opening_value, january.closing_value, january.average_value), (d("50"), d("44"), d("47")));
    assert_eq!((january.cogs, january.turnover, january.snapshots), (d("6"), Some(d("0.1277")), 2));
    assert_eq!(january.days_on_hand, Some(d("133.17")));
    let february = inventory(&report, Scope::Portfolio, "all", Some("2026-02-01"));
    assert_eq!((february.opening_value, february.closing_value, february.cogs), (d("44"), d("40"), d("24")));
    assert_eq!((february.turnover, february.days_on_hand), (Some(d("0.5714")), Some(d("49.00"))));
    let total = inventory(&report, Scope::Portfolio, "all", None);
    assert_eq!((total.average_value, total.cogs, total.snapshots), (d("44.67"), d("30"), 3));
    assert_eq!((total.turnover, total.days_on_hand), (Some(d("0.6716")), Some(d("67.00"))));
    assert_eq!(total.negative_pairs, 0);
    // Q sold nothing: turnover 0 (a value held, nothing sold), days on hand none.
    let q = inventory(&report, Scope::SkuLocation, "Q", None);
    assert_eq!((q.turnover, q.days_on_hand), (Some(Decimal::ZERO), None));
    assert!(report.negative_stock.is_empty());
    // A 360-day year counts February as 30 days: 42 × 30 ÷ 24 = 52.50.
    let banker = KpiOptions { day_count: DayCount::Days360, ..options() };
    let report = kpi_report(&workspace(), period(), &banker, None).unwrap();
    assert_eq!(inventory(&report, Scope::Portfolio, "all", Some("2026-02-01")).days_on_hand, Some(d("52.50")));
}

/// Stock health on 02-28, dead after 30 days without demand, excess above
/// one week of cover at the one-week rate.
/// P: last demand 02-25 — not dead; the week 02-22 … 02-28 demanded 7, a
/// rate of 1 a day, a ceiling of 7: 10 − 7 = 3 excess, 6.00.
/// Q: never demanded — dead, 4 units, 20.00; ceiling 0: 4 excess, 20.00.
/// Portfolio: on hand 20 + 20 = 40.00; dead 1 pair, 20.00; excess 2 pairs,
/// 7 units, 26.00.
#[test]
fn kpi_report_dead_and_excess_by_hand() {
    let report = kpi_report(&workspace(), period(), &options(), None).unwrap();
    let p = health(&report, Scope::SkuLocation, "P");
    assert_eq!((p.dead_pairs, p.excess_units, p.excess_value), (0, 3.0, d("6")));
    let all = health(&report, Scope::Portfolio, "all");
    assert_eq!(all.on_hand_value, d("40"));
    assert_eq!((all.dead_pairs, all.dead_units, all.dead_value), (1, 4.0, d("20")));
    assert_eq!((all.excess_pairs, all.excess_units, all.excess_value), (2, 7.0, d("26")));
    assert_eq!(health(&report, Scope::Family, "toys").dead_value, d("20"));
}

/// Purchasing. Spend: PO-1 is committed on its approval date 02-01: 10 ×
/// 1.50 = 15.00 in February for the portfolio, supplier S, family tools,
/// class A; January 0; PO-2 is cancelled: nothing for toys.
/// Supplier S: PO-1 promised 02-04 and received 02-05: on time 0 of 1;
/// fill 10 of 10 ordered.
/// Landed cost: actual unit (15.00 + 2.00) ÷ 10 = 1.70 against 1.60:
/// expected 16.00, actual 17.00, amount 1.00, 6.25 %.
#[test]
fn kpi_report_purchasing_by_hand() {
    let report = kpi_report(&workspace(), period(), &options(), None).unwrap();
    let spend = |scope: Scope, key: &str, month: Option<&str>| {
        let month = month.map(date);
        report
            .spend
            .iter()
            .find(|row| row.scope == scope && row.key == key && row.period.month == month)
            .map(|r| r.amount)
    };
    assert_eq!(spend(Scope::Portfolio, "all", Some("2026-02-01")), Some(d("15.00")));
    assert_eq!(spend(Scope::Portfolio, "all", Some("2026-01-01")), Some(d("0")));
    assert_eq!(spend(Scope::Supplier, "S", None), Some(d("15.00")));
    assert_eq!(spend(Scope::Family, "tools", None), Some(d("15.00")));
    assert_eq!(spend(Scope::Class, "A", None), Some(d("15.00")));
    assert_eq!(spend(Scope::Family, "toys", None), None);
    let total = report.suppliers.iter().find(|row| row.period.month.is_none()).unwrap();
    assert_eq!((total.receipts, total.receipts_on_time, total.on_time_rate), (1, 0, Some(0.0)));
    assert_eq!((total.units_ordered, total.units_filled, total.fill_rate), (10.0, 10.0, Some(1.0)));
    let landed = &report.landed_cost[0];
    assert_eq!((landed.expected, landed.actual, landed.amount), (d("16.00"), d("17.00"), d("1.00")));
    assert_eq!(landed.percent, Some(d("6.25")));
    assert!(report.forecast_accuracy.is_empty());
    assert!(report.notes.iter().any(|note| note.starts_with("forecast accuracy: not given")));
}

/// A receipt the stock cannot explain: Q received 6 on 02-20 but holds only
/// 4 today and never shipped, so before 02-20 it held 4 − 6 = −2 (from the
/// end of 01-14 to the end of 02-19: 37 days). Reported, not clamped: the
/// opening snapshot is −10.00, so Q's turnover and days on hand are none.
#[test]
fn kpi_report_negative_reconstruction_is_reported() {
    let mut workspace = workspace();
    workspace.purchase_orders.upsert(order(
        "PO-3",
        PoStatus::Received,
        "2026-02-15",
        "2026-02-20",
        line("Q", 6.0, "1.00", None, vec![receipt("2026-02-20", 6.0, "0")]),
    ));
    let report = kpi_report(&workspace, period(), &options(), None).unwrap();
    let negative = &report.negative_stock[0];
    assert_eq!((negative.sku.as_str(), negative.first_day, negative.lowest), ("Q", date("2026-01-14"), -2.0));
    assert_eq!(negative.days, 37);
    let q = inventory(&report, Scope::SkuLocation, "Q", None);
    assert_eq!((q.opening_value, q.negative_pairs, q.turnover, q.days_on_hand), (d("-10"), 1, None, None));
    assert_eq!(inventory(&report, Scope::Portfolio, "all", None).negative_pairs, 1);
    // February's end is after the receipt: 4 again, not negative.
    assert_eq!(inventory(&report, Scope::SkuLocation, "Q", Some("2026-02-01")).closing_value, d("20"));
}

/// An empty workspace: one portfolio row per table, every rate and ratio
/// none (never NaN), every amount 0.
#[test]
fn kpi_report_of_an_empty_workspace() {
    let report = kpi_report(&Workspace::default(), period(), &KpiOptions::default(), None).unwrap();
    let all = service(&report, Scope::Portfolio, "all", None);
    assert_eq!((all.fill_rate, all.stockout_rate, all.days), (None, None, 0));
    let value = inventory(&report, Scope::Portfolio, "all", None);
    assert_eq!((value.turnover, value.days_on_hand, value.cogs), (None, None, Decimal::ZERO));
    assert_eq!(report.months.len(), 2);
    assert!(report.negative_stock.is_empty() && report.suppliers.is_empty() && report.landed_cost.is_empty());
    let json = serde_json::to_string(&report).unwrap();
    assert!(!json.contains("NaN"));
}

#[test]
fn kpi_report_refusals() {
    let workspace = workspace();
    let late = KpiPeriod { to: date("2026-03-01"), ..period() };
    assert!(matches!(kpi_report(&workspace, late, &options(), None), Err(KpiReportError::ToAfterAsOf { .. })));
    let backwards = KpiPeriod { from: date("2026-03-01"), to: date("2026-02-01"), as_of: date("2026-03-01") };
    assert!(matches!(kpi_report(&workspace, backwards, &options(), None), Err(KpiReportError::FromAfterTo { .. })));
}

/// The CSV tables: every table, in the documented order, its header the
/// documented columns; the portfolio's February spend row as worked out
/// above (15.00, one line).
#[test]
fn kpi_report_csv_tables() {
    let report = kpi_report(&workspace(), period(), &options(), None).unwrap();
    let tables = engine::kpi::kpi_report_csv(&report);
    let names: Vec<&str> = tables.iter().map(|(name, _)| *name).collect();
    assert_eq!(
        names,
        [
            "service",
            "inventory",
            "stock_health",
            "suppliers",
            "landed_cost",
            "spend",
            "negative_stock",
            "forecast_accuracy"
        ]
    );
    let spend = &tables[5].1;
    assert_eq!(spend.lines().next(), Some("scope,key,month,from,to,partial,lines,amount"));
    assert!(
        spend.lines().any(|line| line == "portfolio,all,2026-02-01,2026-02-01,2026-02-28,false,1,15.00"),
        "{spend}"
    );
    let service = &tables[0].1;
    assert!(service
        .lines()
        .any(|line| line.starts_with("sku_location,P,WH,2026-01-01,2026-01-15,2026-01-31,true,5,3,3,0.6,17,1,")));
}
