//! The planner end to end: a small hand-built workspace whose every figure is
//! worked out by hand below, the edge cases of the issue, buyer overrides,
//! the CSV/JSON renderings, and properties over generated workspaces.

use std::collections::{BTreeMap, BTreeSet};
use std::str::FromStr;

use chrono::{Days, NaiveDate};
use proptest::prelude::*;
use rust_decimal::Decimal;

use engine::plan::order_quantity::{order_step, OrderStep, OrderingTerms, Tier};
use engine::plan::safety_stock::{protection_sd, safety_stock, SafetyStockInputs};
use engine::plan::{
    apply_override, classification_to_csv, classify, explain, plan, plan_to_csv, plan_to_json, CountDistribution,
    Decision, Exclusion, Flag, Override, Plan, PlanLine, UnplannableReason,
};
use engine::sample::{generate, SampleSpec};
use engine::{
    AbcClass, Approval, Contract, Criticality, Currency, DemandDay, LandedCostTerms, Location, MinMaxOverride, Offer,
    PaymentTerms, PolicyKind, PriceBreak, SeriesKey, ServiceDefinition, Sku, SkuStatus, SlaTargets, Sorted, StockLot,
    Supplier, SupplyRisk, Workspace, XyzClass,
};

fn dec(text: &str) -> Decimal {
    Decimal::from_str(text).unwrap()
}

/// A Monday, so the 52-week window (2024-03-04 … 2025-03-02) is made of Monday–Sunday weeks.
fn today() -> NaiveDate {
    "2025-03-03".parse().unwrap()
}

fn day(offset_from_today: i64) -> NaiveDate {
    if offset_from_today >= 0 {
        today() + Days::new(offset_from_today as u64)
    } else {
        today() - Days::new(offset_from_today.unsigned_abs())
    }
}

fn sku(id: &str) -> Sku {
    Sku {
        id: id.into(),
        name: id.into(),
        family: "widgets".into(),
        unit: "each".into(),
        unit_cost: dec("4.00"),
        criticality: Criticality::Normal,
        regulated: false,
        shelf_life_days: None,
        min_remaining_shelf_life_days: None,
        status: SkuStatus::Active,
        volume_l: None,
        weight_kg: None,
    }
}

fn supplier(id: &str, approval: Approval) -> Supplier {
    Supplier {
        id: id.into(),
        name: id.into(),
        approval,
        currency: Currency::new("EUR"),
        payment_terms: PaymentTerms { net_days: 30, early_discount_pct: None, early_discount_days: None },
        risk: SupplyRisk::Low,
        landed: LandedCostTerms::default(),
        min_order_value: None,
        free_freight_threshold: None,
        lead_time_sd_days: Some(0.0),
    }
}

fn offer(supplier: &str, sku: &str, breaks: &[(f64, &str)], lead_time_days: u32) -> Offer {
    Offer {
        supplier: supplier.into(),
        sku: sku.into(),
        supplier_sku: format!("{supplier}-{sku}"),
        price_breaks: breaks.iter().map(|&(min_qty, price)| PriceBreak { min_qty, unit_price: dec(price) }).collect(),
        moq: 0.0,
        pack_size: 12.0,
        purchase_unit: "each".into(),
        units_per_purchase_unit: 1.0,
        lead_time_days,
        landed_override: Default::default(),
        contract: None,
        valid_from: None,
        valid_to: None,
    }
}

fn lot(sku: &str, quantity: f64, expiry: Option<NaiveDate>) -> StockLot {
    StockLot {
        sku: sku.into(),
        location: "WH".into(),
        lot: format!("L{quantity}").as_str().into(),
        quantity,
        received: None,
        expiry,
        quarantine: false,
    }
}

/// 52 weeks alternating 60 and 80 units (sold on the Wednesday of each week),
/// plus one sale before the window so the item is not new.
fn steady_history(workspace: &mut Workspace, sku: &str) {
    let key = SeriesKey { sku: sku.into(), location: "WH".into(), channel: "".into() };
    let mut rows = vec![(key.clone(), DemandDay::shipped(day(-400), 5.0))];
    for week in 0..52u64 {
        let wednesday = today() - Days::new(364) + Days::new(week * 7 + 2);
        let quantity = if week % 2 == 0 { 60.0 } else { 80.0 };
        rows.push((key.clone(), DemandDay::shipped(wednesday, quantity)));
    }
    workspace.demand.upsert(rows);
}

/// The hand-worked workspace (see `the_worked_example`).
fn worked_workspace() -> Workspace {
    let mut b = offer("B", "W", &[(0.0, "4.20"), (1_200.0, "3.60")], 21);
    b.contract = Some("K1".into());
    let mut workspace = Workspace {
        locations: Sorted::from_vec(vec![Location { id: "WH".into(), name: "Warehouse".into() }]),
        skus: Sorted::from_vec(vec![sku("W")]),
        suppliers: Sorted::from_vec(vec![
            supplier("A", Approval::Preferred),
            supplier("B", Approval::Approved),
            supplier("C", Approval::Restricted),
            supplier("D", Approval::Blocked),
        ]),
        offers: Sorted::from_vec(vec![
            offer("A", "W", &[(0.0, "4.00")], 14),
            b,
            offer("C", "W", &[(0.0, "3.00")], 14),
            offer("D", "W", &[(0.0, "1.00")], 14),
        ]),
        contracts: Sorted::from_vec(vec![Contract {
            id: "K1".into(),
            supplier: "B".into(),
            start: day(-300),
            end: day(100),
            auto_renew: true,
            price_review: Some(day(200)),
            termination_notice_days: 30,
            sla: SlaTargets::default(),
        }]),
        ..Workspace::default()
    };
    workspace.stock_lots = Sorted::from_vec(vec![lot("W", 100.0, None)]);
    // Cycle service 95 % with continuous review for the AX cell, so the figures are textbook ones.
    let cell = workspace.settings.policy_matrix.cell_mut(AbcClass::A, XyzClass::X).unwrap();
    cell.service = ServiceDefinition::CycleService;
    cell.service_level = 0.95;
    cell.policy = PolicyKind::ContinuousReview;
    steady_history(&mut workspace, "W");
    workspace
}

fn plan_of(workspace: &Workspace) -> Plan {
    plan(workspace, today(), &mut |_, _| {})
}

fn close(actual: f64, expected: f64, tolerance: f64) -> bool {
    (actual - expected).abs() <= tolerance
}

/// Worked by hand:
/// - weeks 60, 80, 60 … (26 of each): mean 70, population sd 10 → d = 10 a day,
///   σd = 10/√7; CV 0.14 → X; the only SKU → A.
/// - A (preferred, 4.00, L = 14, σL = 0): σ = √(14·100/7) = √200 = 14.142;
///   SS = z(0.95)·14.142 = 1.644854·14.142 = 23.26; s = 140 + 23.26 = 163.26.
///   EOQ = √(2·3,650·50/(0.25·4)) = 604.15 → packs of 12 → 612.
///   Cost 3,650·4 + 50·3,650/612 + 0.25·4·306 + 0.25·4·23.26 = 14,600 + 298.20 + 306 + 23.26 = 15,227.46.
/// - B (approved, 4.20 below 1,200, 3.60 from 1,200, L = 21): EOQ(3.60) = 636.8 is below
///   its break, so 1,200 is a candidate: 3,650·3.6 + 50·3,650/1,200 + 0.25·3.6·600 = 13,832.08,
///   plus safety stock 1.644854·√(21·100/7) = 28.49 held at 0.9 a year = 25.64 → 13,857.72.
///   The higher break wins, and B beats the preferred A on cost.
/// - C (restricted, 3.00) is cheaper still but never chosen automatically; D is blocked.
/// - IP = 100 ≤ s_B = 210 + 28.49 = 238.49 → order one Q of 1,200 from B at 3.60 = 4,320.00.
/// - B's contract ends in 100 days, within L + cover = 21 + 1,200/10 = 141 days; its notice
///   deadline (day 70) too; its price review (day 200) is beyond.
#[test]
fn the_worked_example() {
    let plan = plan_of(&worked_workspace());
    assert!(plan.unplannable.is_empty(), "{:?}", plan.unplannable);
    assert_eq!(plan.lines.len(), 1);
    let line = &plan.lines[0];
    let demand = line.demand.as_ref().unwrap();
    assert!(close(demand.mean_per_day, 10.0, 1e-9));
    assert!(close(demand.sd_per_day, 10.0 / 7f64.sqrt(), 1e-9));
    assert_eq!((line.service.abc, line.service.xyz), (AbcClass::A, XyzClass::X));

    let by_supplier: BTreeMap<&str, _> = line.alternatives.iter().map(|a| (a.supplier.as_str(), a)).collect();
    let a = by_supplier["A"].figures.as_ref().unwrap();
    assert!(close(a.safety_stock, 23.2617, 1e-3), "SS_A {}", a.safety_stock);
    assert!(close(a.reorder_point, 163.2617, 1e-3));
    assert!(close(a.quantity.eoq.unwrap(), 604.152, 1e-3));
    assert_eq!(a.quantity.quantity, 612.0);
    assert_eq!(a.cost.total, dec("15227.46"));

    let b = by_supplier["B"].figures.as_ref().unwrap();
    assert_eq!(b.quantity.quantity, 1_200.0);
    assert_eq!(b.unit_price, dec("3.60"));
    assert!(close(b.safety_stock, 28.4897, 1e-3));
    assert_eq!(b.cost.total, dec("13857.72"));

    assert_eq!(by_supplier["C"].exclusion, Some(Exclusion::Restricted));
    assert!(by_supplier["C"].figures.is_some(), "restricted offers are priced for the buyer");
    assert_eq!(by_supplier["D"].exclusion, Some(Exclusion::Blocked));
    assert!(by_supplier["D"].figures.is_none());

    assert_eq!(line.chosen_offer().supplier.as_str(), "B");
    assert_eq!(line.decision, Decision::BelowReorderPoint);
    let order = line.order.as_ref().unwrap();
    assert_eq!((order.quantity, order.cycles), (1_200.0, 1));
    assert_eq!(order.goods_value, dec("4320.00"));
    assert!(close(line.days_of_cover.unwrap(), 10.0, 1e-9));
    assert!(close(line.urgency_days.unwrap(), 10.0 - 21.0, 1e-9));

    let codes: BTreeSet<&str> = line.flags.iter().map(|f| f.code()).collect();
    assert_eq!(codes, BTreeSet::from(["lead_time_quoted", "contract_ends", "notice_deadline"]));
}

#[test]
fn the_explanation_walks_through_the_figures() {
    let plan = plan_of(&worked_workspace());
    let steps = explain(&plan.lines[0]);
    let titles: Vec<&str> = steps.iter().map(|s| s.title.as_str()).collect();
    for expected in [
        "Demand history",
        "Demand per day",
        "Classes",
        "Service target",
        "Lead time",
        "Safety stock (cycle service)",
        "Reorder point",
        "Inventory position",
        "Decision",
        "Order",
        "Suppliers compared",
        "Flags",
    ] {
        assert!(titles.contains(&expected), "missing step {expected}: {titles:?}");
    }
    let order = steps.iter().find(|s| s.title == "Order").unwrap();
    assert!(order.result.contains("1200 from B at 3.60 EUR"), "{}", order.result);
    let compared = steps.iter().find(|s| s.title == "Suppliers compared").unwrap();
    assert!(compared.substitution.contains("= 15227.46 a year"), "{}", compared.substitution);
    assert!(compared.substitution.contains("C: Q"), "restricted alternatives show their figures");
    assert!(compared.substitution.contains("D: excluded, the supplier is blocked"));
}

/// Two offers identical to the cent: the preferred supplier wins the tie,
/// even with the later id.
#[test]
fn a_preferred_supplier_wins_a_tie() {
    let mut workspace = worked_workspace();
    workspace.suppliers = Sorted::from_vec(vec![supplier("A", Approval::Approved), supplier("Z", Approval::Preferred)]);
    workspace.offers =
        Sorted::from_vec(vec![offer("A", "W", &[(0.0, "4.00")], 14), offer("Z", "W", &[(0.0, "4.00")], 14)]);
    workspace.contracts.clear();
    let line = &plan_of(&workspace).lines[0];
    let totals: Vec<Decimal> = line.alternatives.iter().map(|a| a.figures.as_ref().unwrap().cost.total).collect();
    assert_eq!(totals[0], totals[1]);
    assert_eq!(line.chosen_offer().supplier.as_str(), "Z");
}

/// Per-order freight of 100 waived from a goods value of 5,000. The EOQ with
/// the freight, √(2·3,650·(50 + 100)/1) = 1,046 → 1,056 units (4,224, freight
/// paid), costs 3,650·(4 + 100/1,056) + 50·3,650/1,056 + 0.25·(4 + 100/1,056)·528
/// = 15,658.96 a year; 1,260 units (5,040, freight waived) cost
/// 14,600 + 144.84 + 630 = 15,374.84, plus safety-stock holding 23.26 → 15,398.10.
#[test]
fn free_freight_can_pay_for_a_larger_order() {
    let mut workspace = worked_workspace();
    workspace.offers.retain(|o| o.supplier.as_str() == "A");
    workspace.settings.risk_buffer_days = 0.0;
    workspace.suppliers.modify_where(
        |s| s.id.as_str() == "A",
        |a| {
            a.landed.freight_per_order = dec("100");
            a.free_freight_threshold = Some(dec("5000"));
        },
    );
    let line = &plan_of(&workspace).lines[0];
    let figures = line.chosen_figures().unwrap();
    assert_eq!(figures.quantity.quantity, 1_260.0);
    assert!(figures.freight_waived);
    assert_eq!(figures.landed.freight_per_order_share, Decimal::ZERO);
    assert_eq!(figures.cost.total, dec("15398.10"));
    assert!(!line.flags.iter().any(|f| f.code() == "per_order_freight_alone"));

    // Without the threshold the freight is carried by the order, and said so.
    workspace.suppliers.modify_where(|s| s.id.as_str() == "A", |a| a.free_freight_threshold = None);
    let line = &plan_of(&workspace).lines[0];
    assert_eq!(line.chosen_figures().unwrap().quantity.quantity, 1_056.0);
    assert!(line.flags.contains(&Flag::PerOrderFreightCarriedAlone { freight: dec("100.00") }));
}

#[test]
fn above_the_reorder_point_nothing_is_ordered() {
    let mut workspace = worked_workspace();
    workspace.stock_lots = Sorted::from_vec(vec![lot("W", 500.0, None)]);
    let line = &plan_of(&workspace).lines[0];
    assert_eq!(line.decision, Decision::AboveReorderPoint);
    assert!(line.order.is_none());
    assert!(plan_to_csv(&plan_of(&workspace), &workspace).lines().count() == 1, "only the header");
}

#[test]
fn a_sku_without_history_is_listed_not_planned_unless_a_buyer_fixed_its_min_max() {
    let mut workspace = worked_workspace();
    workspace.skus.upsert(sku("NEW"));
    workspace.offers.upsert(offer("A", "NEW", &[(0.0, "2.00")], 7));
    let plan = plan_of(&workspace);
    let missing = plan.unplannable.iter().find(|u| u.sku.as_str() == "NEW").unwrap();
    assert_eq!(missing.reason, UnplannableReason::NoHistory { weeks_used: 0, minimum_weeks: 4 });
    assert!(missing.reason.to_string().starts_with("cannot plan: no history"));

    workspace.min_max_overrides.upsert(MinMaxOverride { sku: "NEW".into(), location: None, min: 10.0, max: 50.0 });
    let plan = plan_of(&workspace);
    let line = plan.lines.iter().find(|l| l.sku.as_str() == "NEW").unwrap();
    assert_eq!(line.service.policy, PolicyKind::MinMax);
    assert_eq!(line.decision, Decision::BelowMin);
    // IP 0 ≤ min 10: order up to 50, in packs of 12 → 60.
    assert_eq!(line.order.as_ref().unwrap().quantity, 60.0);
    assert!(line.flags.iter().any(|f| f.code() == "compared_on_single_order"));
}

#[test]
fn discontinued_skus_are_never_reordered() {
    let mut workspace = worked_workspace();
    workspace.skus.modify(0, |row| row.status = SkuStatus::Discontinued);
    let plan = plan_of(&workspace);
    assert!(plan.lines.is_empty());
    assert_eq!(plan.unplannable[0].reason, UnplannableReason::Discontinued);
}

#[test]
fn with_only_blocked_restricted_or_unpriced_offers_the_sku_cannot_be_planned() {
    let mut workspace = worked_workspace();
    workspace.offers.retain(|o| o.supplier.as_str() != "A" && o.supplier.as_str() != "B");
    workspace.offers.upsert(Offer { valid_to: Some(day(-1)), ..offer("A", "W", &[(0.0, "4.00")], 14) });
    workspace.suppliers.upsert(Supplier { currency: Currency::new("JPY"), ..supplier("E", Approval::Approved) });
    workspace.offers.upsert(offer("E", "W", &[(0.0, "400")], 14));
    let plan = plan_of(&workspace);
    assert!(plan.lines.is_empty());
    let item = &plan.unplannable[0];
    assert_eq!(item.reason, UnplannableReason::NoEligibleOffer);
    let reasons: BTreeMap<&str, &str> =
        item.alternatives.iter().map(|a| (a.supplier.as_str(), a.exclusion.as_ref().unwrap().code())).collect();
    assert_eq!(
        reasons,
        BTreeMap::from([("A", "not_valid_today"), ("C", "restricted"), ("D", "blocked"), ("E", "missing_rate")])
    );
    let text =
        item.alternatives.iter().find(|a| a.supplier.as_str() == "E").unwrap().exclusion.as_ref().unwrap().to_string();
    assert_eq!(text, "no exchange rate from JPY to EUR is known");
    let steps = engine::plan::explain_unplannable(item);
    assert!(steps[0].result.starts_with("cannot plan: no offer can be chosen automatically"));
    assert!(steps.iter().any(|s| s.substitution.contains("D: excluded, the supplier is blocked")));
}

#[test]
fn all_zero_demand_orders_nothing() {
    let mut workspace = worked_workspace();
    workspace.demand = Default::default();
    let key = SeriesKey { sku: "W".into(), location: "WH".into(), channel: "".into() };
    workspace.demand.upsert([(key, DemandDay::shipped(day(-500), 3.0))]);
    let line = &plan_of(&workspace).lines[0];
    assert_eq!(line.demand.as_ref().unwrap().mean_per_day, 0.0);
    assert_eq!(line.decision, Decision::NoDemand);
    assert!(line.order.is_none());
    assert!(line.flags.contains(&Flag::NoDemand));
    assert_eq!(line.days_of_cover, None);
}

/// Perishable: shelf life 20 days at 10 a day caps an order at 200; B's
/// break at 1,200 and A's EOQ are both above it, so A's 612 becomes 192 (16
/// packs) and B's smallest orderable quantity is 12.
#[test]
fn perishables_are_capped_at_expected_use() {
    let mut workspace = worked_workspace();
    workspace.skus.modify(0, |row| row.shelf_life_days = Some(20));
    let line = &plan_of(&workspace).lines[0];
    let a = line.alternatives.iter().find(|a| a.supplier.as_str() == "A").unwrap().figures.as_ref().unwrap();
    assert_eq!(a.quantity.shelf_life_cap, Some(200.0));
    assert_eq!(a.quantity.quantity, 192.0);
    assert!(line.order.as_ref().unwrap().quantity <= 200.0);
}

/// A MOQ of 480 against a 20-day shelf life at 10 a day forces 280 units of
/// expected waste, valued at the landed cost.
#[test]
fn a_moq_above_the_shelf_life_cap_forces_waste() {
    let mut workspace = worked_workspace();
    workspace.skus.modify(0, |row| row.shelf_life_days = Some(20));
    workspace.offers.retain(|o| o.supplier.as_str() != "B");
    for offer in workspace.offers.rows_mut().iter_mut() {
        offer.moq = 480.0;
    }
    let line = &plan_of(&workspace).lines[0];
    let order = line.order.as_ref().unwrap();
    assert_eq!((order.quantity, order.forced_waste), (480.0, 280.0));
    assert!(line.flags.contains(&Flag::ForcedWaste { units: 280.0, value: dec("1120.00") }));
}

/// Edge cases of the lead time: L = 0 with σL = 0 leaves nothing for the
/// normal model to protect; a single-sourced SKU still gets the risk buffer
/// (7 days × 10 a day = 70 units).
#[test]
fn a_zero_lead_time_needs_no_statistical_safety_stock() {
    let mut workspace = worked_workspace();
    workspace.offers.retain(|o| o.supplier.as_str() == "A");
    workspace.offers.modify(0, |row| row.lead_time_days = 0);
    let line = &plan_of(&workspace).lines[0];
    let safety = line.chosen_figures().unwrap().safety.as_ref().unwrap();
    assert_eq!((safety.sigma, safety.raw, safety.risk_buffer), (0.0, 0.0, 70.0));
    assert_eq!((line.safety_stock, line.reorder_point), (70.0, 70.0));
    assert!(line.flags.contains(&Flag::SingleSourced));
    assert!(line.flags.contains(&Flag::RiskBuffer { days: 7.0, units: 70.0 }));

    workspace.settings.risk_buffer_days = 0.0;
    workspace.offers.modify(0, |row| row.lead_time_days = 14);
    let line = &plan_of(&workspace).lines[0];
    assert!(close(line.safety_stock, 23.2617, 1e-3));
}

#[test]
fn a_high_criticality_b_item_gets_class_a_service() {
    let mut workspace = worked_workspace();
    // A second, far more valuable SKU pushes W to class C.
    workspace.skus.upsert(Sku { unit_cost: dec("1000"), ..sku("BIG") });
    steady_history(&mut workspace, "BIG");
    workspace.offers.upsert(offer("A", "BIG", &[(0.0, "900")], 14));
    workspace.skus.modify_where(|sku| sku.id.as_str() == "W", |sku| sku.criticality = Criticality::High);
    let plan = plan_of(&workspace);
    let line = plan.lines.iter().find(|l| l.sku.as_str() == "W").unwrap();
    assert_eq!(line.service.abc, AbcClass::C);
    assert!(line.service.raised_by_criticality);
    assert_eq!(line.service.level, 0.95, "the AX cell's level");
    assert!(line.flags.contains(&Flag::CriticalityRaisedService { from: 0.90, to: 0.95 }));
}

/// Periodic review (R = 14) orders up to S = d·(R + L) + SS:
/// for A, σ = √((14 + 14)·100/7) = 20, SS = 1.644854·20 = 32.90, S = 280 + 32.90.
#[test]
fn periodic_review_orders_up_to_s() {
    let mut workspace = worked_workspace();
    workspace.offers.retain(|o| o.supplier.as_str() == "A");
    workspace.settings.risk_buffer_days = 0.0;
    let cell = workspace.settings.policy_matrix.cell_mut(AbcClass::A, XyzClass::X).unwrap();
    cell.policy = PolicyKind::PeriodicReview;
    cell.review_period_days = 14;
    let line = &plan_of(&workspace).lines[0];
    assert!(close(line.order_up_to.unwrap(), 280.0 + 32.897, 1e-2));
    assert_eq!(line.decision, Decision::BelowOrderUpTo);
    // S − IP = 212.9 → packs of 12 → 216.
    assert_eq!(line.order.as_ref().unwrap().quantity, 216.0);
}

/// Min/max from the policy matrix (no buyer override): min = s, max = s + Q.
/// B is chosen as in the worked example: min 238.49, max 1,438.49; IP 100 ≤
/// min, so order max − IP = 1,338.49, rounded up to packs of 12 → 1,344.
#[test]
fn min_max_from_the_matrix_orders_up_to_max() {
    let mut workspace = worked_workspace();
    workspace.settings.policy_matrix.cell_mut(AbcClass::A, XyzClass::X).unwrap().policy = PolicyKind::MinMax;
    let line = &plan_of(&workspace).lines[0];
    let levels = line.min_max.as_ref().unwrap();
    assert!(!levels.manual);
    assert!(close(levels.min, 238.4897, 1e-3) && close(levels.max, 1_438.489_7, 1e-3), "{levels:?}");
    assert_eq!(line.decision, Decision::BelowMin);
    assert_eq!(line.order.as_ref().unwrap().quantity, 1_344.0);
}

/// A forecast's estimate replaces history as the demand input: 20 a day, no
/// spread, so A's reorder point is 20 × 14 = 280 with no safety stock.
#[test]
fn a_forecast_estimate_replaces_history() {
    let mut workspace = worked_workspace();
    workspace.offers.retain(|o| o.supplier.as_str() != "B");
    workspace.settings.risk_buffer_days = 0.0;
    let forecast = |sku: &engine::SkuId, _: &engine::LocationId| {
        (sku.as_str() == "W").then(|| engine::plan::DemandEstimate {
            source: engine::plan::DemandSource::Forecast,
            mean_per_day: 20.0,
            sd_per_day: 0.0,
            method: Some("test".into()),
            phased: None,
        })
    };
    let plan = engine::plan::plan_with_demand(&workspace, today(), &forecast, &mut |_, _| {});
    let line = &plan.lines[0];
    assert_eq!(line.demand.as_ref().unwrap().source, engine::plan::DemandSource::Forecast);
    assert!(close(line.reorder_point, 280.0, 1e-9));
    assert_eq!(line.history.mean_per_week, 70.0, "history is still there for the classes");
    let steps = explain(line);
    assert!(steps.iter().any(|s| s.substitution.contains("forecast model test")));
}

/// A seasonal item's reorder point follows its forecast over the actual
/// lead time. A's lead time is 14 days. A forecast rising 35, 70, 140, 280
/// a week (d = 525 ÷ 28 = 18.75 a day) with no error: D_L = 35 + 70 = 105
/// now, so s = 105 (not 18.75 × 14 = 262.5); the same forecast two weeks
/// later, 140, 280, …: D_L = 420. The cover rises before the peak.
#[test]
fn a_phased_forecast_sums_the_actual_lead_time_window() {
    let mut workspace = worked_workspace();
    workspace.offers.retain(|o| o.supplier.as_str() == "A");
    workspace.settings.risk_buffer_days = 0.0;
    let estimate = |weekly: Vec<f64>| {
        let phased = engine::plan::PhasedDemand::new(weekly.clone(), vec![0.0; weekly.len()]).unwrap();
        engine::plan::DemandEstimate {
            source: engine::plan::DemandSource::Forecast,
            mean_per_day: phased.mean_per_day(),
            sd_per_day: 0.0,
            method: Some("test".into()),
            phased: Some(Box::new(phased)),
        }
    };
    let before_peak = |_: &engine::SkuId, _: &engine::LocationId| Some(estimate(vec![35.0, 70.0, 140.0, 280.0]));
    let plan = engine::plan::plan_with_demand(&workspace, today(), &before_peak, &mut |_, _| {});
    let line = &plan.lines[0];
    assert!(close(line.demand.as_ref().unwrap().mean_per_day, 18.75, 1e-12));
    assert!(close(line.safety_stock, 0.0, 1e-9));
    assert!(close(line.reorder_point, 105.0, 1e-9), "{}", line.reorder_point);
    assert!(line.demand.as_ref().unwrap().phased.is_some(), "the line keeps its forecast for the explanation");
    let at_peak = |_: &engine::SkuId, _: &engine::LocationId| Some(estimate(vec![140.0, 280.0, 280.0, 140.0]));
    let plan = engine::plan::plan_with_demand(&workspace, today(), &at_peak, &mut |_, _| {});
    assert!(close(plan.lines[0].reorder_point, 420.0, 1e-9), "{}", plan.lines[0].reorder_point);
    let steps = explain(&plan.lines[0]);
    let window = steps.iter().find(|s| s.title == "Demand over the lead time").expect("a step for the window");
    assert_eq!(window.substitution, "T = 14 days; D_T = 140 + 280");
    assert_eq!(window.result, "D_T = 420");
}

/// Uncertainty from the forecast's backtest, not history's sd: σe over 2
/// weeks is 20 and lead times do not vary, so σ = 20 and at 95 % cycle
/// service SS = 1.644854 × 20 = 32.897 on D_L = 140.
#[test]
fn a_phased_forecast_takes_its_sigma_from_the_backtest_error() {
    let mut workspace = worked_workspace();
    workspace.offers.retain(|o| o.supplier.as_str() == "A");
    workspace.settings.risk_buffer_days = 0.0;
    let forecast = |_: &engine::SkuId, _: &engine::LocationId| {
        let phased = engine::plan::PhasedDemand::new(vec![70.0; 4], vec![12.0, 20.0, 26.0, 30.0]).unwrap();
        Some(engine::plan::DemandEstimate {
            source: engine::plan::DemandSource::Forecast,
            mean_per_day: phased.mean_per_day(),
            sd_per_day: 12.0 / 7f64.sqrt(),
            method: Some("test".into()),
            phased: Some(Box::new(phased)),
        })
    };
    let plan = engine::plan::plan_with_demand(&workspace, today(), &forecast, &mut |_, _| {});
    let line = &plan.lines[0];
    assert!(close(line.safety_stock, 32.897, 1e-3), "{}", line.safety_stock);
    assert!(close(line.reorder_point, 140.0 + 32.897, 1e-3), "{}", line.reorder_point);
}

/// The count model on the same path (`LeadTimeModel::Count`, what
/// forecasting asks for an intermittent series): a forecast of 1.5 a week
/// with σe 2 and 3 over one and two weeks gives D_L = 3, σ² = 9 > 3, so
/// p = 3 ÷ 9 = 1/3, r = 3² ÷ (9 − 3) = 1.5; scipy 1.17.1
/// `scipy.stats.nbinom(1.5, 1/3).ppf(0.95)` = 9 (`cdf(8)` = 0.94218) → s = 9,
/// SS = 9 − 3 = 6. With σe 1 over two weeks σ² = 1 ≤ 3: Poisson(3),
/// `scipy.stats.poisson(3).ppf(0.95)` = 6 (`cdf(5)` = 0.91608) → SS = 3. The
/// forecast above (D_L = 140, σ = 20): p = 140 ÷ 400 = 0.35, r = 140² ÷ 260 =
/// 75.385, `scipy.stats.nbinom(140**2/260, 0.35).ppf(0.95)` = 174 → SS = 34
/// (the normal model's 32.897).
#[test]
fn an_intermittent_forecast_takes_its_level_from_a_count_distribution() {
    let mut workspace = worked_workspace();
    workspace.offers.retain(|o| o.supplier.as_str() == "A");
    workspace.settings.risk_buffer_days = 0.0;
    let plan_with = |weekly: f64, errors: Vec<f64>| {
        let forecast = move |_: &engine::SkuId, _: &engine::LocationId| {
            let phased = engine::plan::PhasedDemand::new(vec![weekly; errors.len()], errors.clone())
                .unwrap()
                .with_lead_time_model(engine::plan::LeadTimeModel::Count);
            Some(engine::plan::DemandEstimate {
                source: engine::plan::DemandSource::Forecast,
                mean_per_day: phased.mean_per_day(),
                sd_per_day: phased.cumulative_error_sd[0] / 7f64.sqrt(),
                method: Some("test".into()),
                phased: Some(Box::new(phased)),
            })
        };
        engine::plan::plan_with_demand(&workspace, today(), &forecast, &mut |_, _| {}).lines.remove(0)
    };
    let line = plan_with(1.5, vec![2.0, 3.0, 3.5, 4.0]);
    assert!(close(line.safety_stock, 6.0, 1e-12) && close(line.reorder_point, 9.0, 1e-12), "{}", line.reorder_point);
    let negative_binomial = |flag: &Flag| match flag {
        Flag::CountModel { distribution: CountDistribution::NegativeBinomial { r, p } } => Some((*r, *p)),
        _ => None,
    };
    let (r, p) = line.flags.iter().find_map(negative_binomial).expect("flagged with its distribution");
    assert!(close(r, 1.5, 1e-12) && close(p, 1.0 / 3.0, 1e-12));
    assert!(!line.flags.iter().any(|f| f.code() == "normal_model_weak"));

    let line = plan_with(1.5, vec![0.5, 1.0, 1.0, 1.0]);
    assert!(close(line.reorder_point, 6.0, 1e-12), "{}", line.reorder_point);
    assert!(line.flags.contains(&Flag::CountModel { distribution: CountDistribution::Poisson { mean: 3.0 } }));

    let line = plan_with(70.0, vec![12.0, 20.0, 26.0, 30.0]);
    assert!(close(line.reorder_point, 174.0, 1e-12) && close(line.safety_stock, 34.0, 1e-12));
}

#[test]
fn expiring_and_expired_lots_are_listed_with_their_value() {
    let mut workspace = worked_workspace();
    workspace.stock_lots = Sorted::from_vec(vec![lot("W", 100.0, Some(day(5))), lot("W", 7.0, Some(day(-1)))]);
    let plan = plan_of(&workspace);
    // 10 a day for 6 sellable days uses 60 of the 100; 40 at 4.00 are at risk.
    let soon = plan.expiring.iter().find(|l| !l.expired).unwrap();
    assert_eq!((soon.quantity_at_risk, soon.value_at_risk), (40.0, dec("160.00")));
    let expired = plan.expiring.iter().find(|l| l.expired).unwrap();
    assert_eq!(expired.quantity_at_risk, 7.0);
    assert_eq!(plan.lines[0].inventory.available, 100.0, "expired stock is not available");
}

#[test]
fn a_buyer_can_choose_a_restricted_supplier_but_not_a_blocked_one() {
    let workspace = worked_workspace();
    let line = plan_of(&workspace).lines.remove(0);
    let restricted =
        apply_override(&workspace, &line, &Override { quantity: None, supplier: Some("C".into()) }, today());
    assert_eq!(restricted.chosen_offer().supplier.as_str(), "C");
    assert!(restricted.flags.contains(&Flag::RestrictedSupplierChosen { supplier: "C".into() }));
    let order = restricted.order.as_ref().unwrap();
    assert_eq!(order.unit_price, dec("3.00"));
    assert_eq!(order.supplier.as_str(), "C");
    assert_eq!(restricted.decision, Decision::BuyerOverride);
    assert!(!restricted.flags.iter().any(|f| f.code() == "contract_ends"), "B's contract no longer applies");

    let blocked = apply_override(&workspace, &line, &Override { quantity: None, supplier: Some("D".into()) }, today());
    assert_eq!(blocked.chosen_offer().supplier.as_str(), "B");
    assert!(blocked
        .flags
        .iter()
        .any(|f| matches!(f, Flag::OverrideRefused { supplier, .. } if supplier.as_str() == "D")));

    let quantity = apply_override(&workspace, &line, &Override { quantity: Some(100.0), supplier: None }, today());
    let order = quantity.order.as_ref().unwrap();
    assert_eq!(order.quantity, 100.0, "a buyer's quantity is not rounded");
    assert_eq!(order.unit_price, dec("4.20"), "re-priced below the 1,200 break");
    assert!(quantity.flags.contains(&Flag::OverrideBreaksOrderRules { quantity: 100.0, moq: 0.0, step: 12.0 }));
    let cancelled = apply_override(&workspace, &line, &Override { quantity: Some(0.0), supplier: None }, today());
    assert!(cancelled.order.is_none());
}

/// The plan's CSV as header → value maps, in file order.
fn csv_rows(csv: &str) -> Vec<BTreeMap<String, String>> {
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let headers = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|record| headers.iter().zip(record.unwrap().iter()).map(|(h, v)| (h.to_owned(), v.to_owned())).collect())
        .collect()
}

#[test]
fn csv_has_one_row_per_suggestion_and_json_carries_the_explanation() {
    let workspace = worked_workspace();
    let plan = plan_of(&workspace);
    let rows = csv_rows(&plan_to_csv(&plan, &workspace));
    assert_eq!(rows.len(), 1);
    let field = |name: &str| rows[0][name].clone();
    assert_eq!((field("sku"), field("supplier"), field("quantity")), ("W".into(), "B".into(), "1200".into()));
    assert_eq!(field("goods_value"), "4320.00");
    assert_eq!(field("flags"), "lead_time_quoted;contract_ends;notice_deadline");

    let json: serde_json::Value = serde_json::from_str(&plan_to_json(&plan)).unwrap();
    assert_eq!(json["suggestions"], 1);
    assert!(json["lines"][0]["explanation"].as_array().unwrap().len() >= 10);
    assert_eq!(json["lines"][0]["line"]["sku"], "W");
}

/// What a buyer copies into the supplier's order form, worked by hand on the
/// worked example with B selling in USD at 1 USD = 0.50 EUR and by the case
/// of 12 (its pack is 12 already, so the order step stays 12):
/// - EOQ at 3.60 USD = 1.80 EUR: √(2·3,650·50/(0.25·1.80)) = 900.6, below
///   the 1,200 break, so 1,200 is a candidate: 3,650·1.80 + 50·3,650/1,200 +
///   0.25·1.80·600 = 6,570 + 152.08 + 270 = 6,992.08; at 4.20 USD = 2.10 EUR,
///   EOQ 833.8 → 840: 7,665 + 217.26 + 220.50 = 8,102.76. 1,200 wins; with
///   safety stock 28.4897 held at 0.25·1.80: + 12.82 → 7,004.90 EUR a year
///   (A: 15,227.46 EUR, as in the worked example).
/// - 1,200 units = 100 cases; line value 3.60 × 1,200 = 4,320.00 USD (the
///   supplier's currency); goods and landed value 4,320.00 × 0.50 =
///   2,160.00 EUR (no landed charges); landed unit cost 2,160 ÷ 1,200 = 1.80 EUR.
/// - Cover 100 ÷ 10 = 10 days, urgency 10 − 21 = −11 days.
#[test]
fn the_plan_csv_carries_what_an_order_needs_and_names_each_amounts_currency() {
    let mut workspace = worked_workspace();
    workspace.skus.modify_where(|s| s.id.as_str() == "W", |w| w.name = "Widget, blue".into());
    workspace.suppliers.modify_where(|s| s.id.as_str() == "B", |b| b.currency = Currency::new("USD"));
    workspace.currency_rates.upsert(engine::CurrencyRate {
        currency: Currency::new("USD"),
        as_of: day(-30),
        rate: dec("0.50"),
    });
    workspace.offers.modify_where(
        |o| o.supplier.as_str() == "B",
        |b| {
            b.supplier_sku = "=B-0012".into();
            b.purchase_unit = "case".into();
            b.units_per_purchase_unit = 12.0;
        },
    );
    let plan = plan_of(&workspace);
    let csv = plan_to_csv(&plan, &workspace);
    let rows = csv_rows(&csv);
    assert_eq!(rows.len(), 1, "{csv}");
    let row = &rows[0];
    let field = |name: &str| row.get(name).unwrap_or_else(|| panic!("no column {name}: {csv}")).as_str();
    assert_eq!(field("sku"), "W");
    assert_eq!(field("sku_name"), "Widget, blue");
    assert_eq!(field("unit"), "each");
    assert_eq!(field("location"), "WH");
    assert_eq!(field("supplier"), "B");
    assert_eq!(field("supplier_sku"), "'=B-0012", "the formula guard of every exported text cell");
    assert_eq!(field("quantity"), "1200");
    assert_eq!(field("purchase_unit"), "case");
    assert_eq!(field("units_per_purchase_unit"), "12");
    assert_eq!(field("purchase_units"), "100");
    assert_eq!(field("pack_size"), "12");
    assert_eq!(field("moq"), "0");
    // The supplier's currency.
    assert_eq!((field("unit_price"), field("unit_price_currency")), ("3.60", "USD"));
    assert_eq!((field("line_value"), field("line_value_currency")), ("4320.00", "USD"));
    // The base currency.
    assert_eq!((field("goods_value"), field("goods_value_currency")), ("2160.00", "EUR"));
    assert_eq!(dec(field("landed_unit_cost")), dec("1.80"));
    assert_eq!(field("landed_unit_cost_currency"), "EUR");
    assert_eq!((field("landed_value"), field("landed_value_currency")), ("2160.00", "EUR"));
    assert_eq!((field("total_annual_cost"), field("total_annual_cost_currency")), ("7004.90", "EUR"));
    assert_eq!((field("days_of_cover"), field("urgency_days")), ("10", "-11"));
    // Every money column has its currency beside it.
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    for money in ["unit_price", "line_value", "goods_value", "landed_unit_cost", "landed_value", "total_annual_cost"] {
        let at = header.iter().position(|h| *h == money).unwrap();
        assert_eq!(header[at + 1], format!("{money}_currency"));
    }
    assert!(
        !header.contains(&"currency") && !header.contains(&"base_currency"),
        "no currency column without its amount"
    );
}

/// Rows come in the plan page's default order: by urgency, most urgent
/// first, lines without one last, SKU then location among equals.
#[test]
fn the_plan_csv_lists_suggestions_by_urgency_as_the_plan_page_does() {
    let workspace = worked_workspace();
    let mut plan = plan_of(&workspace);
    let template = plan.lines[0].clone();
    assert!(template.order.is_some());
    let line = |sku: &str, location: &str, urgency: Option<f64>| {
        let mut line = template.clone();
        line.sku = sku.into();
        line.location = location.into();
        line.urgency_days = urgency;
        line
    };
    // In the plan's own order: by SKU, then location.
    plan.lines = vec![
        line("A1", "WH", Some(5.0)),
        line("A2", "WH", None),
        line("A3", "WH", Some(-3.0)),
        line("A4", "EAST", Some(5.0)),
        line("A4", "WEST", Some(5.0)),
        line("A5", "WH", Some(-40.5)),
        line("A6", "WH", None),
    ];
    let keys: Vec<String> =
        csv_rows(&plan_to_csv(&plan, &workspace)).iter().map(|r| format!("{}@{}", r["sku"], r["location"])).collect();
    assert_eq!(keys, ["A5@WH", "A3@WH", "A1@WH", "A4@EAST", "A4@WEST", "A2@WH", "A6@WH"]);
}

#[test]
fn classification_lists_every_sku() {
    let mut workspace = worked_workspace();
    workspace.skus.upsert(sku("QUIET"));
    workspace.locations.upsert(Location { id: "WH2".into(), name: "Second".into() });
    let classification = classify(&workspace, today());
    assert_eq!(classification.skus.len(), 2);
    let csv = classification_to_csv(&classification);
    assert!(csv.lines().any(|row| row.starts_with("W,1,")));
    // QUIET has no evidence anywhere and there are two locations: one row, location blank.
    assert!(csv.lines().any(|row| row.starts_with("QUIET,2,0,0.00,0,1,C,,")), "{csv}");
}

fn small_spec(seed: u64) -> SampleSpec {
    SampleSpec { seed, today: today(), n_skus: 24, n_locations: 2, n_suppliers: 6, history_days: 420 }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, .. ProptestConfig::default() })]

    /// SS is non-decreasing in the service level, σd, L and σL, under both
    /// service definitions (Q fixed, as the fill-rate formula takes it).
    #[test]
    fn safety_stock_grows_with_service_and_uncertainty(
        level in 0.5f64..0.9999,
        bump in 0.0f64..0.05,
        d in 0.0f64..100.0,
        sd in 0.0f64..50.0,
        lead in 0.0f64..60.0,
        lead_sd in 0.0f64..10.0,
        more in 0.0f64..5.0,
        quantity in 1.0f64..5_000.0,
    ) {
        for definition in [ServiceDefinition::CycleService, ServiceDefinition::FillRate] {
            let ss = |level: f64, sd: f64, lead: f64, lead_sd: f64| {
                let sigma = protection_sd(d, sd, lead, lead_sd);
                let inputs = SafetyStockInputs {
                    definition,
                    target: level,
                    sigma,
                    fill_rate_quantity: quantity,
                    allow_negative: false,
                    risk_buffer: 0.0,
                };
                safety_stock(&inputs).units
            };
            let base = ss(level, sd, lead, lead_sd);
            let slack = 1e-9 * base.abs().max(1.0);
            prop_assert!(ss((level + bump).min(0.9999), sd, lead, lead_sd) >= base - slack);
            prop_assert!(ss(level, sd + more, lead, lead_sd) >= base - slack);
            prop_assert!(ss(level, sd, lead + more, lead_sd) >= base - slack);
            prop_assert!(ss(level, sd, lead, lead_sd + more) >= base - slack);
        }
    }

    /// Every orderable quantity is at least the MOQ and a whole number of
    /// packs and of purchase units.
    #[test]
    fn order_quantities_respect_moq_pack_and_purchase_unit(
        requested in 0.0f64..10_000.0,
        moq in 0.0f64..2_000.0,
        pack in prop::sample::select(vec![1.0, 2.5, 6.0, 10.0, 12.0, 24.0, 0.25]),
        unit in prop::sample::select(vec![1.0, 5.0, 10.0, 0.5]),
    ) {
        let terms = OrderingTerms {
            moq,
            step: order_step(pack, unit),
            tiers: vec![Tier { min_qty: 0.0, goods_price: 1.0, variable_landed: 1.0 }],
            min_order_value: None,
            free_freight_threshold: None,
        };
        let OrderStep { step, common_multiple } = terms.step;
        prop_assert!(common_multiple);
        let quantity = terms.feasible(requested, None).quantity;
        let whole = |x: f64| (x - x.round()).abs() < 1e-6;
        prop_assert!(quantity >= moq - 1e-9, "{quantity} below MOQ {moq}");
        prop_assert!(quantity >= requested - 1e-9);
        prop_assert!(whole(quantity / pack), "{quantity} is not packs of {pack} (step {step})");
        prop_assert!(whole(quantity / unit), "{quantity} is not purchase units of {unit}");
        prop_assert!(quantity < requested.max(moq) + step + 1e-6, "rounded up by less than one step");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, .. ProptestConfig::default() })]

    /// Over generated workspaces: continuous review orders nothing above the
    /// reorder point; the chosen offer is never dearer than an eligible
    /// alternative; every SKU × location is planned or listed exactly once;
    /// ABC covers every SKU once.
    #[test]
    fn plans_of_generated_workspaces_keep_their_promises(seed in 0u64..10_000) {
        let workspace = generate(&small_spec(seed));
        let plan = plan_of(&workspace);
        for line in &plan.lines {
            if line.service.policy == PolicyKind::ContinuousReview && line.min_max.is_none() && line.inventory.position > line.reorder_point {
                prop_assert!(line.order.is_none(), "{} at {}: IP {} > s {} but ordered", line.sku, line.location, line.inventory.position, line.reorder_point);
            }
            let chosen = line.chosen_figures().unwrap().cost.total;
            for alternative in line.alternatives.iter().filter(|a| a.exclusion.is_none()) {
                if let Some(figures) = &alternative.figures {
                    prop_assert!(chosen <= figures.cost.total, "{}: chose {} over {} at {}", line.sku, chosen, alternative.supplier, figures.cost.total);
                }
            }
            if let Some(order) = &line.order {
                let steps = &line.chosen_figures().unwrap().quantity;
                prop_assert!(order.quantity >= steps.moq - 1e-9);
            }
        }
        let mut seen = BTreeSet::new();
        for (sku, location) in plan.lines.iter().map(|l| (l.sku.clone(), Some(l.location.clone())))
            .chain(plan.unplannable.iter().map(|u| (u.sku.clone(), u.location.clone())))
        {
            prop_assert!(seen.insert((sku.clone(), location.clone())), "{sku} {location:?} twice");
        }
        let planned_skus: BTreeSet<_> = seen.iter().map(|(sku, _)| sku.clone()).collect();
        prop_assert!(workspace.skus.iter().all(|s| planned_skus.contains(&s.id)), "a SKU was skipped silently");

        let classification = classify(&workspace, today());
        let mut ranked: Vec<_> = classification.skus.iter().map(|s| s.sku.clone()).collect();
        ranked.sort();
        let mut catalog: Vec<_> = workspace.skus.iter().map(|s| s.id.clone()).collect();
        catalog.sort();
        prop_assert_eq!(ranked, catalog);
    }
}

/// Every generated plan line can be explained and overridden without a panic.
#[test]
fn the_demo_plans_explains_and_renders() {
    let workspace = engine::sample::demo(today());
    let plan = plan_of(&workspace);
    assert!(plan.lines.len() > 500);
    assert!(plan.suggestions().count() > 0);
    for line in &plan.lines {
        assert!(!explain(line).is_empty());
    }
    let line: &PlanLine = plan.suggestions().next().unwrap();
    let other = line.alternatives.iter().find(|a| !a.chosen).map(|a| a.supplier.clone());
    let overridden = apply_override(&workspace, line, &Override { quantity: Some(1.0), supplier: other }, today());
    assert_eq!(overridden.order.unwrap().quantity, 1.0);
    assert!(plan_to_json(&plan).len() > 1_000);
}

/// Early-payment discounts in the supplier comparison. A (4.00) and Z (4.02,
/// "2/10 net 30"), both approved, L 14, packs of 12, the worked example's
/// demand (d = 10, D = 3,650, SS = 23.2617 for L 14):
/// - A: 15,227.46 a year (`the_worked_example`).
/// - Z: EOQ √(2·3,650·50/(0.25·4.02)) = 602.65 → 612; purchases 3,650·4.02 =
///   14,673.00, ordering 50·3,650/612 = 298.2026, holding 0.25·4.02·306 =
///   307.53, safety 0.25·4.02·23.2617 = 23.3780; Σ 15,302.11: A is chosen.
/// - Taking discounts: Z's purchases less 2 % of its goods, 3,650·4.02·2 % =
///   293.46 → 15,302.1106 − 293.46 = 15,008.65 < 15,227.46: Z is chosen; A
///   (no discount) is unchanged.
#[test]
fn an_early_payment_discount_can_flip_the_supplier() {
    let mut workspace = worked_workspace();
    let mut z = supplier("Z", Approval::Approved);
    z.payment_terms = PaymentTerms { net_days: 30, early_discount_pct: Some(dec("2")), early_discount_days: Some(10) };
    workspace.suppliers = Sorted::from_vec(vec![supplier("A", Approval::Approved), z]);
    workspace.offers =
        Sorted::from_vec(vec![offer("A", "W", &[(0.0, "4.00")], 14), offer("Z", "W", &[(0.0, "4.02")], 14)]);
    workspace.contracts.clear();
    let cost_of = |plan: &Plan, supplier: &str| {
        plan.lines[0]
            .alternatives
            .iter()
            .find(|a| a.supplier.as_str() == supplier)
            .unwrap()
            .figures
            .clone()
            .unwrap()
            .cost
    };

    let plan = plan_of(&workspace);
    assert_eq!(plan.lines[0].chosen_offer().supplier.as_str(), "A");
    assert_eq!(cost_of(&plan, "A").total, dec("15227.46"));
    assert_eq!(cost_of(&plan, "Z").total, dec("15302.11"));
    assert_eq!(cost_of(&plan, "Z").early_payment_discount, Decimal::ZERO);

    workspace.settings.purchasing.take_early_payment_discounts = true;
    let plan = plan_of(&workspace);
    assert_eq!(plan.lines[0].chosen_offer().supplier.as_str(), "Z");
    let z = cost_of(&plan, "Z");
    assert_eq!((z.purchase, z.early_payment_discount, z.total), (dec("14673.00"), dec("293.46"), dec("15008.65")));
    assert_eq!(cost_of(&plan, "A").total, dec("15227.46"));
    let compared = explain(&plan.lines[0]).into_iter().find(|s| s.title == "Suppliers compared").unwrap();
    assert!(compared.formula.contains("on the goods only"), "{}", compared.formula);
    assert!(compared.substitution.contains("× 2 % = 293.46"), "{}", compared.substitution);
    assert!(compared.substitution.contains("14673.00 − 293.46 + 298.20"), "{}", compared.substitution);
}

/// The discount is on the goods only: with freight of 0.10 a unit Z lands at
/// 4.12, but the discount stays 3,650 · 4.02 · 2 % = 293.46 (not 3,650 ·
/// 4.12 · 2 % = 300.76).
#[test]
fn an_early_payment_discount_is_on_the_goods_only() {
    let mut workspace = worked_workspace();
    let mut z = supplier("Z", Approval::Approved);
    z.payment_terms = PaymentTerms { net_days: 30, early_discount_pct: Some(dec("2")), early_discount_days: Some(10) };
    z.landed.freight_per_unit = dec("0.10");
    workspace.suppliers = Sorted::from_vec(vec![z]);
    workspace.offers = Sorted::from_vec(vec![offer("Z", "W", &[(0.0, "4.02")], 14)]);
    workspace.contracts.clear();
    workspace.settings.purchasing.take_early_payment_discounts = true;
    let plan = plan_of(&workspace);
    let figures = plan.lines[0].chosen_figures().unwrap();
    assert_eq!(figures.landed.total, dec("4.12"));
    assert_eq!(figures.cost.early_payment_discount, dec("293.46"));
}
