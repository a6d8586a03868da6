//! Issue 10: anything the importer accepts can be planned without a panic,
//! and no small file can make the engine allocate a huge demand series.
//! Amounts, quantities, day counts and demand dates are bounded where every
//! way in (CSV import, JSON restore, the app's forms) checks rows.

use std::str::FromStr;

use chrono::{Days, NaiveDate};
use engine::io::{self, ImportFile, ImportRefused};
use engine::*;
use rust_decimal::Decimal;

fn date(text: &str) -> NaiveDate {
    NaiveDate::from_str(text).unwrap()
}

fn file(name: &str, text: &str) -> ImportFile {
    ImportFile { name: name.to_owned(), bytes: text.as_bytes().to_vec(), replace: false }
}

fn refused(workspace: &Workspace, files: &[ImportFile]) -> ImportRefused {
    match io::import_csv(workspace, files, &mut |_| {}) {
        Ok(_) => panic!("the import should have been refused"),
        Err(refusal) => refusal,
    }
}

const TODAY: &str = "2025-03-03";

/// One SKU at one location from one supplier, with a year of steady demand.
fn small_workspace() -> Workspace {
    let mut demand = String::from("date,sku_id,location_id,quantity\n");
    for offset in 1..=365u64 {
        let day = date(TODAY) - Days::new(offset);
        demand.push_str(&format!("{day},A,WH1,{}\n", 3 + offset % 4));
    }
    let files = [
        file("locations.csv", "location_id,name\nWH1,Main\n"),
        file("skus.csv", "sku_id,name,unit_cost\nA,Widget,2.50\n"),
        file("suppliers.csv", "supplier_id,name\nS1,One\n"),
        file("offers.csv", "supplier_id,sku_id,price_breaks,lead_time_days\nS1,A,1:2.00|100:1.80,14\n"),
        file("demand.csv", &demand),
    ];
    let (workspace, _) = io::import_csv(&Workspace::default(), &files, &mut |_| {}).unwrap();
    workspace
}

#[test]
fn the_small_workspace_plans() {
    let workspace = small_workspace();
    let planned = plan::plan(&workspace, date(TODAY), &mut |_, _| {});
    assert_eq!(planned.lines.len(), 1);
}

#[test]
fn a_28_digit_unit_cost_is_refused_with_the_bound_not_planned_into_a_panic() {
    let workspace = small_workspace();
    let huge = "9999999999999999999999999999";
    let refusal = refused(&workspace, &[file("skus.csv", &format!("sku_id,name,unit_cost\nA,Widget,{huge}\n"))]);
    assert_eq!(refusal.problems.len(), 1, "{:?}", refusal.problems);
    let problem = &refusal.problems[0];
    assert_eq!(problem.file, "skus.csv");
    assert_eq!(problem.row, Some(2));
    assert_eq!(problem.column.as_deref(), Some("unit_cost"));
    assert_eq!(problem.value.as_deref(), Some(huge));
    assert!(problem.reason.contains("too large") && problem.reason.contains("1000000000"), "{}", problem.reason);
}

#[test]
fn a_workspace_with_a_28_digit_unit_cost_fails_validation_so_a_json_restore_refuses_it() {
    let mut workspace = small_workspace();
    workspace.skus.modify(0, |row| row.unit_cost = Decimal::from_str("9999999999999999999999999999").unwrap());
    let problems = io::validate(&workspace);
    assert!(
        problems.iter().any(|p| p.column.as_deref() == Some("unit_cost") && p.reason.contains("too large")),
        "{problems:?}"
    );
}

#[test]
fn the_largest_amounts_and_quantities_that_validate_still_plan() {
    let mut workspace = small_workspace();
    let max = Decimal::from(1_000_000_000);
    workspace.skus.modify(0, |row| row.unit_cost = max);
    for price_break in &mut workspace.offers.rows_mut()[0].price_breaks {
        price_break.unit_price = max;
    }
    workspace.settings.ordering_cost = max;
    workspace.suppliers.modify(0, |supplier| {
        supplier.landed.freight_per_order = max;
        supplier.landed.freight_per_unit = max;
        supplier.landed.handling_per_unit = max;
        supplier.landed.duty_pct = Decimal::from(1_000);
        supplier.landed.insurance_pct = Decimal::from(1_000);
        supplier.landed.tax_pct = Decimal::from(1_000);
        supplier.landed.tax_recoverable = false;
        supplier.landed.duty_basis = DutyBasis::Cif;
    });
    for series in &mut workspace.demand.series {
        series.quantity.iter_mut().for_each(|q| *q = 1e9);
    }
    workspace.offers.modify(0, |row| row.lead_time_days = 3_650);
    assert_eq!(io::validate(&workspace), vec![]);
    let planned = plan::plan(&workspace, date(TODAY), &mut |_, _| {});
    assert_eq!(planned.lines.len() + planned.unplannable.len(), 1);
    plan::classify(&workspace, date(TODAY));
}

#[test]
fn demand_rows_far_apart_are_refused_before_any_series_is_built() {
    let workspace = small_workspace();
    let demand = "date,sku_id,location_id,quantity\n0001-01-01,A,WH1,1\n9999-12-31,A,WH1,1\n";
    let refusal = refused(&workspace, &[file("demand.csv", demand)]);
    let cells: Vec<(Option<usize>, Option<&str>, Option<&str>)> =
        refusal.problems.iter().map(|p| (p.row, p.column.as_deref(), p.value.as_deref())).collect();
    assert_eq!(cells, [(Some(2), Some("date"), Some("0001-01-01")), (Some(3), Some("date"), Some("9999-12-31"))]);
    assert!(refusal.problems[0].reason.contains("1990-01-01") && refusal.problems[0].reason.contains("2100-12-31"));
}

#[test]
fn one_series_may_span_at_most_twenty_years() {
    let workspace = Workspace { demand: Default::default(), ..small_workspace() };
    let demand = "date,sku_id,location_id,quantity\n1990-01-01,A,WH1,1\n2100-12-31,A,WH1,1\n";
    let refusal = refused(&workspace, &[file("demand.csv", demand)]);
    assert_eq!(refusal.problems.len(), 1, "{:?}", refusal.problems);
    let problem = &refusal.problems[0];
    assert_eq!(
        (problem.row, problem.column.as_deref(), problem.value.as_deref()),
        (Some(3), Some("date"), Some("2100-12-31"))
    );
    assert!(problem.reason.contains("7305 days"), "{}", problem.reason);

    // The same holds against the days already in the workspace.
    let late = "date,sku_id,location_id,quantity\n2060-01-01,A,WH1,1\n";
    let refusal = refused(&small_workspace(), &[file("demand.csv", late)]);
    assert_eq!(refusal.problems.len(), 1, "{:?}", refusal.problems);
    assert_eq!(refusal.problems[0].row, Some(2));
    assert!(refusal.problems[0].reason.contains("7305 days"), "{}", refusal.problems[0].reason);

    // Twenty years exactly is fine.
    let fine = "date,sku_id,location_id,quantity\n2000-01-01,A,WH1,1\n2019-12-31,A,WH1,1\n";
    let empty = Workspace { demand: Default::default(), ..small_workspace() };
    io::import_csv(&empty, &[file("demand.csv", fine)], &mut |_| {}).unwrap();
}

#[test]
fn a_restored_series_outside_the_window_or_too_long_fails_validation() {
    let mut workspace = small_workspace();
    workspace.demand.series[0].start = date("0001-01-01");
    let problems = io::validate(&workspace);
    assert!(problems.iter().any(|p| p.file == "demand" && p.reason.contains("1990-01-01")), "{problems:?}");

    let mut workspace = small_workspace();
    workspace.demand.series[0].quantity.resize(7_306, 1.0);
    let problems = io::validate(&workspace);
    assert!(problems.iter().any(|p| p.file == "demand" && p.reason.contains("7305 days")), "{problems:?}");
}

// ---------------------------------------------------------------------------
// The property: whatever validates plans and classifies without a panic.
//
// Each case takes a small deterministic sample workspace and overwrites its
// numbers and dates with values at and near the bounds (zero, the smallest
// steps, the largest values allowed) and, now and then, one value beyond a
// bound. Validation must refuse exactly the cases with a value beyond a
// bound, and planning and classifying every other case must not panic.

use engine::model::demand::{FIRST_DEMAND_DATE, LAST_DEMAND_DATE, MAX_SERIES_DAYS};
use engine::sample::{generate, SampleSpec};
use proptest::prelude::*;
use std::sync::OnceLock;

fn base_workspace() -> &'static Workspace {
    static BASE: OnceLock<Workspace> = OnceLock::new();
    BASE.get_or_init(|| {
        let spec =
            SampleSpec { seed: 10, today: date(TODAY), n_skus: 6, n_locations: 2, n_suppliers: 4, history_days: 400 };
        let workspace = generate(&spec);
        assert_eq!(io::validate(&workspace), vec![], "the sample must be valid to start from");
        workspace
    })
}

/// An amount within the bounds, weighted to the edges.
fn amount() -> impl Strategy<Value = Decimal> {
    prop_oneof![
        Just(Decimal::ZERO),
        Just(Decimal::from(1_000_000_000)),
        Just(Decimal::new(1, 28)),
        Just(Decimal::new(1, 4)),
        (0i64..=1_000_000_000_000, 0u32..=6)
            .prop_map(|(mantissa, scale)| Decimal::new(mantissa, scale).min(Decimal::from(1_000_000_000))),
    ]
}

fn percent() -> impl Strategy<Value = Decimal> {
    prop_oneof![
        Just(Decimal::ZERO),
        Just(Decimal::from(1_000)),
        (0i64..=1_000_000, 0u32..=3).prop_map(|(m, s)| Decimal::new(m, s).min(Decimal::from(1_000)))
    ]
}

fn quantity() -> impl Strategy<Value = f64> {
    prop_oneof![Just(0.0), Just(1e9), Just(1e-300), (0.0..=1e9f64), (0u32..1000).prop_map(f64::from)]
}

fn step() -> impl Strategy<Value = f64> {
    prop_oneof![Just(1e-6), Just(1e9), Just(1.0), (1e-6..=1e9f64), (1u32..100).prop_map(f64::from)]
}

fn days() -> impl Strategy<Value = u32> {
    prop_oneof![Just(0u32), Just(3_650), 0u32..=3_650]
}

/// Any date the model can hold: business dates other than demand are not bounded.
fn any_date() -> impl Strategy<Value = NaiveDate> {
    prop_oneof![
        Just(NaiveDate::MIN),
        Just(NaiveDate::MAX),
        (-1_000i64..=1_000).prop_map(|offset| if offset >= 0 {
            date(TODAY) + Days::new(offset as u64)
        } else {
            date(TODAY) - Days::new(offset.unsigned_abs())
        }),
        (1i32..=9999, 1u32..=365).prop_map(|(year, day)| NaiveDate::from_yo_opt(year, day).unwrap()),
    ]
}

/// A value beyond one bound, and where to put it.
#[derive(Clone, Debug)]
enum Beyond {
    UnitCost(Decimal),
    Price(Decimal),
    Freight(Decimal),
    Duty(Decimal),
    Rate(Decimal),
    Quantity(f64),
    Moq(f64),
    PackSize(f64),
    LeadTime(u32),
    DemandQuantity(f32),
    DemandStart(NaiveDate),
    DemandLength(usize),
}

fn beyond() -> impl Strategy<Value = Beyond> {
    let huge = prop_oneof![
        Just(Decimal::MAX),
        Just(Decimal::from_str("9999999999999999999999999999").unwrap()),
        Just(Decimal::new(1_000_000_001, 0)),
        (1_000_000_001i64..i64::MAX).prop_map(Decimal::from),
    ];
    let huge_quantity = prop_oneof![Just(1.000_000_1e9), Just(f64::MAX), (1.1e9..1e300f64)];
    prop_oneof![
        huge.clone().prop_map(Beyond::UnitCost),
        huge.clone().prop_map(Beyond::Price),
        huge.clone().prop_map(Beyond::Freight),
        prop_oneof![Just(Decimal::new(100_001, 2)), Just(Decimal::MAX)].prop_map(Beyond::Duty),
        prop_oneof![Just(Decimal::new(1_000_001, 0)), Just(Decimal::MAX)].prop_map(Beyond::Rate),
        huge_quantity.clone().prop_map(Beyond::Quantity),
        huge_quantity.clone().prop_map(Beyond::Moq),
        prop_oneof![huge_quantity, Just(1e-7), Just(1e-300)].prop_map(Beyond::PackSize),
        prop_oneof![Just(3_651u32), Just(u32::MAX)].prop_map(Beyond::LeadTime),
        prop_oneof![Just(1.1e9f32), Just(f32::MAX)].prop_map(Beyond::DemandQuantity),
        prop_oneof![
            Just(NaiveDate::MIN),
            Just(date("0001-01-01")),
            Just(FIRST_DEMAND_DATE - Days::new(1)),
            Just(LAST_DEMAND_DATE),
            Just(NaiveDate::MAX),
        ]
        .prop_map(Beyond::DemandStart),
        Just(MAX_SERIES_DAYS + 1).prop_map(Beyond::DemandLength),
    ]
}

/// Freight per order and per unit, insurance, duty and tax percentages,
/// handling, tax recoverable, duty on CIF.
type LandedEdit = (Decimal, Decimal, Decimal, Decimal, Decimal, Decimal, bool, bool);

#[derive(Clone, Debug)]
struct Edits {
    unit_costs: Vec<Decimal>,
    prices: Vec<(Decimal, f64)>,
    moqs: Vec<(f64, f64, f64, u32)>,
    landed: Vec<LandedEdit>,
    supplier_values: Vec<(Option<Decimal>, Option<Decimal>)>,
    rates: Vec<Decimal>,
    lots: Vec<(f64, NaiveDate, NaiveDate)>,
    commitments: Vec<(f64, f64)>,
    lines: Vec<(f64, Decimal, NaiveDate)>,
    demand: Vec<(f32, usize, u32)>,
    settings: (Decimal, u32, f64, u32, f64),
    offer_dates: Vec<(NaiveDate, u32)>,
    beyond: Option<Beyond>,
}

fn edits() -> impl Strategy<Value = Edits> {
    let n = 24;
    (
        (
            prop::collection::vec(amount(), n),
            prop::collection::vec((amount(), quantity()), n),
            prop::collection::vec((quantity(), step(), step(), days()), n),
            prop::collection::vec(
                (amount(), amount(), percent(), percent(), percent(), amount(), any::<bool>(), any::<bool>()),
                n,
            ),
            prop::collection::vec((prop::option::of(amount()), prop::option::of(amount())), n),
            prop::collection::vec(
                prop_oneof![
                    Just(Decimal::new(1, 28)),
                    Just(Decimal::from(1_000_000)),
                    amount().prop_map(|a| a.max(Decimal::new(1, 28)).min(Decimal::from(1_000_000)))
                ],
                n,
            ),
        ),
        (
            prop::collection::vec((quantity(), any_date(), any_date()), n),
            prop::collection::vec((quantity(), quantity()), n),
            prop::collection::vec((quantity(), amount(), any_date()), n),
            prop::collection::vec(
                (prop_oneof![Just(0.0f32), Just(1e9f32), (0.0..=1e9f32)], 0..MAX_SERIES_DAYS, 0..2u32),
                n,
            ),
            (amount().prop_map(|a| a.min(Decimal::TEN)), 1u32..=1_043, 0.0..=3_650.0f64, days(), 0.5..0.999_999f64),
            prop::collection::vec((any_date(), days()), n),
            prop::option::weighted(0.3, beyond()),
        ),
    )
        .prop_map(
            |(
                (unit_costs, prices, moqs, landed, supplier_values, rates),
                (lots, commitments, lines, demand, settings, offer_dates, beyond),
            )| Edits {
                unit_costs,
                prices,
                moqs,
                landed,
                supplier_values,
                rates,
                lots,
                commitments,
                lines,
                demand,
                settings,
                offer_dates,
                beyond,
            },
        )
}

fn apply(edits: &Edits) -> Workspace {
    let mut workspace = base_workspace().clone();
    for (sku, cost) in workspace.skus.rows_mut().iter_mut().zip(&edits.unit_costs) {
        sku.unit_cost = *cost;
    }
    for (idx, offer) in workspace.offers.rows_mut().iter_mut().enumerate() {
        let (price, min_qty) = edits.prices[idx % edits.prices.len()];
        // Keep the breaks ascending: scale them into [0, min_qty of the edit].
        let n_breaks = offer.price_breaks.len() as f64;
        for (break_idx, price_break) in offer.price_breaks.iter_mut().enumerate() {
            price_break.min_qty = min_qty * break_idx as f64 / n_breaks;
            price_break.unit_price = price;
        }
        offer.price_breaks.dedup_by(|a, b| a.min_qty == b.min_qty);
        let (moq, pack, per_unit, lead) = edits.moqs[idx % edits.moqs.len()];
        offer.moq = moq;
        offer.pack_size = pack;
        offer.units_per_purchase_unit = per_unit;
        offer.lead_time_days = lead;
        let (valid, len) = edits.offer_dates[idx % edits.offer_dates.len()];
        offer.valid_from = Some(valid);
        offer.valid_to = valid.checked_add_days(Days::new(u64::from(len)));
    }
    for (supplier, (landed, values)) in
        workspace.suppliers.rows_mut().iter_mut().zip(edits.landed.iter().zip(&edits.supplier_values))
    {
        let (per_order, per_unit, insurance, duty, tax, handling, recoverable, cif) = *landed;
        supplier.landed = LandedCostTerms {
            freight_per_order: per_order,
            freight_per_unit: per_unit,
            insurance_pct: insurance,
            duty_pct: duty,
            duty_basis: if cif { DutyBasis::Cif } else { DutyBasis::Fob },
            tax_pct: tax,
            tax_recoverable: recoverable,
            handling_per_unit: handling,
            charge_basis: engine::ChargeBasis::Value,
        };
        supplier.min_order_value = values.0;
        supplier.free_freight_threshold = values.1;
    }
    for (rate, value) in workspace.currency_rates.rows_mut().iter_mut().zip(&edits.rates) {
        rate.rate = *value;
    }
    for (lot, (quantity, received, expiry)) in workspace.stock_lots.rows_mut().iter_mut().zip(edits.lots.iter().cycle())
    {
        lot.quantity = *quantity;
        lot.received = Some(*received);
        lot.expiry = Some(*expiry);
    }
    for (row, (backorders, allocated)) in
        workspace.commitments.rows_mut().iter_mut().zip(edits.commitments.iter().cycle())
    {
        row.backorders = *backorders;
        row.allocated = *allocated;
    }
    let mut line_edits = edits.lines.iter().cycle();
    for order in workspace.purchase_orders.rows_mut().iter_mut() {
        for line in &mut order.lines {
            let (quantity, price, promised) = line_edits.next().unwrap();
            line.quantity = line.quantity.max(*quantity);
            line.unit_price = *price;
            order.promised = Some(*promised);
        }
    }
    for (series, (quantity, at, spike)) in workspace.demand.series.iter_mut().zip(edits.demand.iter().cycle()) {
        let len = series.quantity.len();
        series.quantity[at % len] = *quantity;
        if *spike == 1 {
            series.quantity.iter_mut().for_each(|q| *q = q.max(*quantity));
        }
    }
    // As a JSON restore leaves them: trimmed, and no empty series.
    workspace.demand.series.iter_mut().for_each(DemandSeries::trim);
    workspace.demand.series.retain(|series| !series.is_empty());
    let (holding, window, buffer, horizon, service) = edits.settings;
    let settings = &mut workspace.settings;
    settings.holding_cost_rate = holding;
    settings.stats_window_weeks = window;
    settings.risk_buffer_days = buffer;
    settings.expiry_horizon_days = horizon;
    settings.ordering_cost = edits.unit_costs[0];
    for cell in &mut settings.policy_matrix.cells {
        cell.service_level = service;
        cell.review_period_days = horizon.max(1);
    }
    match edits.beyond.clone() {
        None => {}
        Some(Beyond::UnitCost(value)) => workspace.skus.rows_mut()[0].unit_cost = value,
        Some(Beyond::Price(value)) => workspace.offers.rows_mut()[0].price_breaks[0].unit_price = value,
        Some(Beyond::Freight(value)) => workspace.suppliers.rows_mut()[0].landed.freight_per_unit = value,
        Some(Beyond::Duty(value)) => workspace.suppliers.rows_mut()[0].landed.duty_pct = value,
        Some(Beyond::Rate(value)) => workspace.currency_rates.rows_mut()[0].rate = value,
        Some(Beyond::Quantity(value)) => workspace.stock_lots.rows_mut()[0].quantity = value,
        Some(Beyond::Moq(value)) => workspace.offers.rows_mut()[0].moq = value,
        Some(Beyond::PackSize(value)) => workspace.offers.rows_mut()[0].pack_size = value,
        Some(Beyond::LeadTime(value)) => workspace.offers.rows_mut()[0].lead_time_days = value,
        Some(Beyond::DemandQuantity(value)) => workspace.demand.series[0].quantity[0] = value,
        Some(Beyond::DemandStart(value)) => workspace.demand.series[0].start = value,
        Some(Beyond::DemandLength(len)) => {
            let series = &mut workspace.demand.series[0];
            series.start = FIRST_DEMAND_DATE;
            series.quantity.resize(len, 1.0);
        }
    }
    workspace
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn whatever_validates_plans_and_classifies_without_a_panic(edits in edits()) {
        let workspace = apply(&edits);
        let problems = io::validate(&workspace);
        prop_assert_eq!(problems.is_empty(), edits.beyond.is_none(), "problems: {:?}", problems);
        if problems.is_empty() {
            let planned = plan::plan(&workspace, date(TODAY), &mut |_, _| {});
            prop_assert!(!planned.lines.is_empty() || !planned.unplannable.is_empty());
            plan::classify(&workspace, date(TODAY));
            // What the "why" panel shows for a line is computed from the same figures.
            for line in &planned.lines {
                prop_assert!(!plan::explain(line).is_empty());
            }
        }
    }
}
