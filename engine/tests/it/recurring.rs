//! Recurring orders (issue 8, section 7): due dates, one draft per due
//! order, fixed and order-up-to quantities, refusals, numbering, storing all
//! or nothing, and the generated draft going through approval. Every
//! expected figure is worked by hand in the comment above its assertion.

use std::str::FromStr;

use chrono::{Days, NaiveDate, NaiveDateTime};
use rust_decimal::Decimal;

use engine::plan::{plan_with_demand, DemandEstimate, DemandSource, Plan};
use engine::purchasing::{
    apply_generated, due_dates, generate_recurring, submit, upcoming, Actor, Generated, LineRefusal, RecurringError,
    BUYER_ROLE,
};
use engine::{
    Approval, Criticality, Currency, DemandDay, LandedCostTerms, Location, Offer, PaymentTerms, PoEventKind, PoId,
    PoStatus, PolicyKind, PriceBreak, PurchaseOrder, RecurringId, RecurringLine, RecurringOrder, RecurringRule,
    SeriesKey, Sku, SkuStatus, Sorted, StockLot, Supplier, SupplyRisk, Workspace,
};

fn dec(text: &str) -> Decimal {
    Decimal::from_str(text).unwrap()
}

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

/// A Monday.
fn today() -> NaiveDate {
    date("2025-03-03")
}

fn at() -> NaiveDateTime {
    today().and_hms_opt(9, 30, 0).unwrap()
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
        weight_kg: None,
        volume_l: None,
    }
}

fn supplier(id: &str) -> Supplier {
    Supplier {
        id: id.into(),
        name: id.into(),
        approval: Approval::Preferred,
        currency: Currency::new("EUR"),
        payment_terms: PaymentTerms { net_days: 30, early_discount_pct: None, early_discount_days: None },
        risk: SupplyRisk::Low,
        landed: LandedCostTerms::default(),
        min_order_value: None,
        free_freight_threshold: None,
        lead_time_sd_days: Some(0.0),
    }
}

fn offer(sku: &str, breaks: &[(f64, &str)], moq: f64, pack_size: f64) -> Offer {
    Offer {
        supplier: "A".into(),
        sku: sku.into(),
        supplier_sku: format!("A-{sku}"),
        price_breaks: breaks.iter().map(|&(min_qty, price)| PriceBreak { min_qty, unit_price: dec(price) }).collect(),
        moq,
        pack_size,
        purchase_unit: "each".into(),
        units_per_purchase_unit: 1.0,
        lead_time_days: 14,
        landed_override: Default::default(),
        contract: None,
        valid_from: None,
        valid_to: None,
    }
}

fn fixed(sku: &str, quantity: f64) -> RecurringLine {
    RecurringLine { sku: sku.into(), rule: RecurringRule::Fixed, quantity }
}

fn up_to(sku: &str) -> RecurringLine {
    RecurringLine { sku: sku.into(), rule: RecurringRule::OrderUpTo, quantity: 0.0 }
}

fn recurring(id: &str, every_weeks: u32, start: &str, last: Option<&str>, lines: Vec<RecurringLine>) -> RecurringOrder {
    RecurringOrder {
        id: id.into(),
        supplier: "A".into(),
        location: "WH".into(),
        every_weeks,
        start: date(start),
        last_generated: last.map(date),
        active: true,
        lines,
    }
}

fn existing_po(id: &str) -> PurchaseOrder {
    PurchaseOrder {
        id: id.into(),
        supplier: "A".into(),
        location: "WH".into(),
        status: PoStatus::Closed,
        created: date("2025-01-02"),
        approved: None,
        sent: None,
        promised: None,
        received: None,
        note: String::new(),
        lines: Vec::new(),
        log: Vec::new(),
    }
}

/// Supplier A (EUR, preferred, low risk, 14-day lead time) offers
/// W at 4.00 in packs of 12, no MOQ, and N at 2.00, 1.80 from 100, MOQ 50,
/// packs of 10. W has 100 in stock at WH. Existing orders PO-2025-00007,
/// PO-2024-00012 and a hand-numbered "MANUAL-1". No recurring orders.
fn workspace() -> Workspace {
    let mut workspace = Workspace {
        locations: Sorted::from_vec(vec![Location { id: "WH".into(), name: "Warehouse".into() }]),
        skus: Sorted::from_vec(vec![sku("W"), sku("N")]),
        suppliers: Sorted::from_vec(vec![supplier("A")]),
        offers: Sorted::from_vec(vec![
            offer("W", &[(0.0, "4.00")], 0.0, 12.0),
            offer("N", &[(0.0, "2.00"), (100.0, "1.80")], 50.0, 10.0),
        ]),
        stock_lots: Sorted::from_vec(vec![StockLot {
            sku: "W".into(),
            location: "WH".into(),
            lot: "L1".into(),
            quantity: 100.0,
            received: None,
            expiry: None,
            quarantine: false,
        }]),
        purchase_orders: Sorted::from_vec(vec![
            existing_po("PO-2025-00007"),
            existing_po("PO-2024-00012"),
            existing_po("MANUAL-1"),
        ]),
        ..Workspace::default()
    };
    // A year of W sales at WH (70 a week) so the pair has a history.
    let key = SeriesKey { sku: "W".into(), location: "WH".into(), channel: "".into() };
    let rows: Vec<_> = (0..52u64)
        .map(|week| {
            let wednesday = today() - Days::new(364) + Days::new(week * 7 + 2);
            (key.clone(), DemandDay::shipped(wednesday, 70.0))
        })
        .collect();
    workspace.demand.upsert(rows);
    workspace.settings.risk_buffer_days = 0.0;
    workspace.settings.ordering_cost = dec("10");
    workspace.settings.holding_cost_rate = dec("0.25");
    workspace
}

fn with_recurring(orders: Vec<RecurringOrder>) -> Workspace {
    let mut workspace = workspace();
    workspace.recurring_orders = Sorted::from_vec(orders);
    workspace
}

/// The plan of `workspace` on `today` with W forecast at 20 a day and no
/// error (N has no stock, demand or order, so no plan line), every policy cell
/// set to `policy` with R = 14 days.
fn plan_of(workspace: &Workspace, policy: PolicyKind) -> Plan {
    let mut workspace = workspace.clone();
    for cell in &mut workspace.settings.policy_matrix.cells {
        cell.policy = policy;
        cell.review_period_days = 14;
    }
    let forecast = |sku: &engine::SkuId, _: &engine::LocationId| {
        (sku.as_str() == "W").then(|| DemandEstimate {
            source: DemandSource::Forecast,
            mean_per_day: 20.0,
            sd_per_day: 0.0,
            method: Some("test".into()),
            phased: None,
        })
    };
    plan_with_demand(&workspace, today(), &forecast, &mut |_, _| {})
}

fn generate(workspace: &Workspace, plan: Option<&Plan>) -> Generated {
    generate_recurring(workspace, plan, today(), at(), BUYER_ROLE).unwrap()
}

// ---------------------------------------------------------------- due dates

/// Every 2 weeks from Monday 2025-01-06: 01-06, 01-20, 02-03, 02-17, 03-03, 03-17…
#[test]
fn due_dates_at_the_boundaries() {
    let never = recurring("R1", 2, "2025-01-06", None, vec![]);
    // Due today: the start itself is the first due date.
    assert_eq!(due_dates(&never, date("2025-01-06")).unwrap(), vec![date("2025-01-06")]);
    // The day before the start: nothing.
    assert_eq!(due_dates(&never, date("2025-01-05")).unwrap(), vec![]);

    // Just generated for 01-06: nothing more until 01-20 (13 days later: none; 14: one).
    let just = recurring("R1", 2, "2025-01-06", Some("2025-01-06"), vec![]);
    assert_eq!(due_dates(&just, date("2025-01-06")).unwrap(), vec![]);
    assert_eq!(due_dates(&just, date("2025-01-19")).unwrap(), vec![]);
    assert_eq!(due_dates(&just, date("2025-01-20")).unwrap(), vec![date("2025-01-20")]);

    // Missed three cycles: after 01-06, through 02-20 → 01-20, 02-03, 02-17.
    assert_eq!(
        due_dates(&just, date("2025-02-20")).unwrap(),
        vec![date("2025-01-20"), date("2025-02-03"), date("2025-02-17")]
    );

    // A last date off the cadence (the schedule was edited): the dates after it.
    let edited = recurring("R1", 2, "2025-01-06", Some("2025-01-10"), vec![]);
    assert_eq!(due_dates(&edited, date("2025-01-20")).unwrap(), vec![date("2025-01-20")]);

    // Every 0 weeks is refused.
    let zero = recurring("R0", 0, "2025-01-06", None, vec![]);
    assert_eq!(due_dates(&zero, today()), Err(RecurringError::ZeroCadence { recurring: RecurringId::new("R0") }));
}

/// R1 every 2 weeks from 2025-01-06, last generated 02-17: next 03-03 (today), 03-17, 03-31.
/// R2 every 4 weeks from 2025-03-10, never generated: 03-10, 04-07.
/// R3 inactive. Through today + 28 = 03-31.
#[test]
fn the_schedule_lists_active_orders_by_date() {
    let mut inactive = recurring("R3", 1, "2025-01-06", None, vec![]);
    inactive.active = false;
    let workspace = with_recurring(vec![
        recurring("R1", 2, "2025-01-06", Some("2025-02-17"), vec![]),
        recurring("R2", 4, "2025-03-10", None, vec![]),
        inactive,
    ]);
    let schedule = upcoming(&workspace, today(), 28).unwrap();
    let expected: Vec<(RecurringId, NaiveDate)> =
        [("R1", "2025-03-03"), ("R2", "2025-03-10"), ("R1", "2025-03-17"), ("R1", "2025-03-31")]
            .iter()
            .map(|(id, d)| (RecurringId::new(*id), date(d)))
            .collect();
    assert_eq!(schedule, expected);
    assert_eq!(upcoming(&workspace, today(), 100_000), Err(RecurringError::HorizonTooLong { horizon_days: 100_000 }));
}

// ---------------------------------------------------------------- generating

/// R1 every 2 weeks from 2025-01-06, last generated 01-06; today 03-03:
/// due 01-20, 02-03, 02-17, 03-03 → one PO for 03-03, three skipped.
/// Lines: W fixed 100 → packs of 12: ⌈100/12⌉ = 9 → 108 at 4.00;
/// N fixed 95 → MOQ 50, packs of 10: 100, which reaches the 1.80 break.
/// Number: the highest of 2025 is 00007 → PO-2025-00008.
#[test]
fn a_missed_cadence_makes_one_draft_and_lists_the_skipped_dates() {
    let workspace = with_recurring(vec![recurring(
        "R1",
        2,
        "2025-01-06",
        Some("2025-01-06"),
        vec![fixed("N", 95.0), fixed("W", 100.0)],
    )]);
    let generated = generate(&workspace, None);
    assert_eq!(generated.drafts.len(), 1);
    let draft = &generated.drafts[0];
    assert_eq!(draft.due, date("2025-03-03"));
    assert_eq!(draft.skipped_due, vec![date("2025-01-20"), date("2025-02-03"), date("2025-02-17")]);
    assert!(draft.left_out.is_empty());
    let po = draft.order.as_ref().unwrap();
    assert_eq!(po.id, PoId::new("PO-2025-00008"));
    assert_eq!(po.status, PoStatus::Draft);
    assert_eq!(po.created, today());
    assert_eq!((po.supplier.as_str(), po.location.as_str()), ("A", "WH"));
    assert_eq!(po.note, "Recurring order R1, due 2025-03-03");
    let lines: Vec<(u32, &str, f64, Decimal)> =
        po.lines.iter().map(|l| (l.line_no, l.sku.as_str(), l.quantity, l.unit_price)).collect();
    assert_eq!(lines, vec![(10, "N", 100.0, dec("1.80")), (20, "W", 108.0, dec("4.00"))]);
    assert!(po.lines.iter().all(|l| l.expected_landed_unit.is_none() && l.receipts.is_empty()));
    assert_eq!(po.log.len(), 1);
    let event = &po.log[0];
    assert_eq!((event.seq, event.at, event.role.as_str(), event.kind), (1, at(), BUYER_ROLE, PoEventKind::Drafted));
    assert!(event.comment.contains("recurring order R1") && event.comment.contains("2025-03-03"), "{}", event.comment);
    assert!(event.comment.contains("2025-01-20, 2025-02-03, 2025-02-17"), "{}", event.comment);
    assert_eq!(generated.last_generated.len(), 1);
    assert_eq!(generated.last_generated[0].previous, Some(date("2025-01-06")));
    assert_eq!(generated.last_generated[0].due, date("2025-03-03"));
}

/// Periodic review, R = 14, L = 14, d = 20 a day with no error and no risk
/// buffer: S = 20 × (14 + 14) = 560, SS = 0. Position = 100 on hand.
/// S − IP = 460 → packs of 12: ⌈460/12⌉ = 39 → 468 at 4.00.
#[test]
fn order_up_to_orders_the_plans_level_less_the_position() {
    let workspace = with_recurring(vec![recurring("R1", 1, "2025-03-03", None, vec![up_to("W")])]);
    let plan = plan_of(&workspace, PolicyKind::PeriodicReview);
    let generated = generate(&workspace, Some(&plan));
    let po = generated.drafts[0].order.as_ref().unwrap();
    assert_eq!(po.lines.len(), 1);
    assert_eq!((po.lines[0].quantity, po.lines[0].unit_price), (468.0, dec("4.00")));
}

/// Continuous review has no order-up-to level: up to s + Q. s = 20 × 14 = 280
/// (no safety stock). Q: the EOQ √(2·D·K/h) with D = 20 × 365 = 7,300,
/// K = 10, h = 0.25 × 4.00 = 1.00: √146,000 = 382.10 → packs of 12: 384
/// (cheaper a year than the other candidate, the smallest order 12).
/// s + Q − IP = 280 + 384 − 100 = 564 = 47 packs.
#[test]
fn order_up_to_under_continuous_review_uses_reorder_point_plus_quantity() {
    let workspace = with_recurring(vec![recurring("R1", 1, "2025-03-03", None, vec![up_to("W")])]);
    let plan = plan_of(&workspace, PolicyKind::ContinuousReview);
    let generated = generate(&workspace, Some(&plan));
    let po = generated.drafts[0].order.as_ref().unwrap();
    assert_eq!(po.lines[0].quantity, 564.0);
}

/// N fixed 0 is left out (listed); W still ordered. With every line at zero,
/// no PO, but the due date counts as done (nothing was needed).
#[test]
fn zero_quantities_are_left_out_and_listed() {
    let workspace = with_recurring(vec![
        recurring("R1", 1, "2025-03-03", None, vec![fixed("N", 0.0), fixed("W", 12.0)]),
        recurring("R2", 1, "2025-03-03", None, vec![fixed("N", 0.0)]),
    ]);
    let generated = generate(&workspace, None);
    let first = &generated.drafts[0];
    assert_eq!(first.order.as_ref().unwrap().lines.len(), 1);
    assert_eq!(first.left_out[0].sku.as_str(), "N");
    assert_eq!(first.left_out[0].reason, LineRefusal::NothingToOrder { requested: 0.0 });
    let second = &generated.drafts[1];
    assert!(second.order.is_none());
    let advanced: Vec<&str> = generated.last_generated.iter().map(|u| u.recurring.as_str()).collect();
    assert_eq!(advanced, vec!["R1", "R2"]);
}

/// A position above S: the plan from a stock of 1,000 (S = 560) asks for
/// 560 − 1,000 = −440 → nothing to order.
#[test]
fn a_position_above_the_level_orders_nothing() {
    let mut workspace = with_recurring(vec![recurring("R1", 1, "2025-03-03", None, vec![up_to("W")])]);
    workspace.stock_lots.modify(0, |lot| lot.quantity = 1_000.0);
    let plan = plan_of(&workspace, PolicyKind::PeriodicReview);
    let generated = generate(&workspace, Some(&plan));
    assert!(generated.drafts[0].order.is_none());
    assert_eq!(generated.drafts[0].left_out[0].reason, LineRefusal::NothingToOrder { requested: -440.0 });
}

#[test]
fn refusals_are_listed_with_their_reason() {
    let mut workspace = with_recurring(vec![recurring(
        "R1",
        1,
        "2025-03-03",
        None,
        vec![fixed("N", -1.0), up_to("W"), fixed("X", 5.0)],
    )]);
    // No plan at all (lines are kept in SKU order).
    let generated = generate(&workspace, None);
    let reasons: Vec<&LineRefusal> = generated.drafts[0].left_out.iter().map(|l| &l.reason).collect();
    assert_eq!(
        reasons,
        vec![
            &LineRefusal::BadQuantity { quantity: -1.0 },
            &LineRefusal::NoPlan,
            &LineRefusal::UnknownSku { sku: "X".into() },
        ]
    );
    // Refused for other reasons than "nothing to order": no PO, and still due.
    assert!(generated.drafts[0].order.is_none());
    assert!(generated.last_generated.is_empty());

    // A plan: N has no line (no stock, demand or order), W is priced.
    workspace.recurring_orders.modify(0, |order| order.lines = vec![up_to("N"), up_to("W")]);
    let plan = plan_of(&workspace, PolicyKind::PeriodicReview);
    let generated = generate(&workspace, Some(&plan));
    assert_eq!(generated.drafts[0].left_out[0].reason, LineRefusal::NoPlanLine { sku: "N".into() });
    assert_eq!(generated.drafts[0].order.as_ref().unwrap().lines[0].sku.as_str(), "W");

    // Yesterday's plan is refused.
    let mut old = plan.clone();
    old.today = date("2025-03-02");
    let generated = generate(&workspace, Some(&old));
    assert_eq!(
        generated.drafts[0].left_out[0].reason,
        LineRefusal::PlanOutOfDate { plan_today: date("2025-03-02"), today: today() }
    );

    // No offer, an offer not valid today, a discontinued SKU.
    workspace.recurring_orders.modify(0, |order| order.lines = vec![fixed("N", 5.0), fixed("W", 5.0)]);
    workspace.offers.retain(|offer| offer.sku.as_str() != "N");
    workspace.offers.modify(0, |offer| offer.valid_to = Some(date("2025-03-02")));
    let generated = generate(&workspace, None);
    let reasons: Vec<&LineRefusal> = generated.drafts[0].left_out.iter().map(|l| &l.reason).collect();
    assert_eq!(
        reasons,
        vec![&LineRefusal::NoOffer { sku: "N".into() }, &LineRefusal::OfferNotValid { sku: "W".into(), date: today() }]
    );
    workspace.skus.modify_where(|sku| sku.id.as_str() == "W", |sku| sku.status = SkuStatus::Discontinued);
    let generated = generate(&workspace, None);
    assert_eq!(generated.drafts[0].left_out[1].reason, LineRefusal::Discontinued { sku: "W".into() });
}

#[test]
fn inactive_orders_are_ignored_and_bad_input_is_refused() {
    let mut inactive = recurring("R9", 0, "2025-01-06", None, vec![fixed("W", 12.0)]);
    inactive.active = false;
    let workspace = with_recurring(vec![inactive.clone()]);
    assert_eq!(generate(&workspace, None), Generated::default());
    assert_eq!(upcoming(&workspace, today(), 30).unwrap(), vec![]);

    inactive.active = true;
    let workspace = with_recurring(vec![inactive]);
    assert_eq!(
        generate_recurring(&workspace, None, today(), at(), BUYER_ROLE),
        Err(RecurringError::ZeroCadence { recurring: RecurringId::new("R9") })
    );
    assert_eq!(generate_recurring(&workspace, None, today(), at(), "  "), Err(RecurringError::NoRole));
    // Not due yet: starts tomorrow.
    let workspace = with_recurring(vec![recurring("R1", 1, "2025-03-04", None, vec![fixed("W", 12.0)])]);
    assert!(generate(&workspace, None).drafts.is_empty());
}

/// Two due orders: 2025's highest is 00007 (PO-2024-00012 is another year,
/// MANUAL-1 has no number) → 00008 and 00009. An order PO-2025-00009
/// entered by hand before the generated ones are stored makes storing
/// refuse, with nothing changed.
#[test]
fn numbers_continue_the_year_and_never_collide() {
    let mut workspace = with_recurring(vec![
        recurring("R1", 1, "2025-03-03", None, vec![fixed("W", 12.0)]),
        recurring("R2", 1, "2025-03-03", None, vec![fixed("W", 24.0)]),
    ]);
    let generated = generate(&workspace, None);
    let ids: Vec<&str> = generated.orders().map(|po| po.id.as_str()).collect();
    assert_eq!(ids, vec!["PO-2025-00008", "PO-2025-00009"]);

    let mut clash = workspace.clone();
    clash.purchase_orders.upsert(existing_po("PO-2025-00009"));
    let before = clash.clone();
    assert_eq!(
        apply_generated(&mut clash, &generated),
        Err(RecurringError::IdTaken { po: PoId::new("PO-2025-00009") })
    );
    assert_eq!(clash, before);

    // Generated against the new workspace, the next free number follows 00009.
    let generated = generate(&clash, None);
    let ids: Vec<&str> = generated.orders().map(|po| po.id.as_str()).collect();
    assert_eq!(ids, vec!["PO-2025-00010", "PO-2025-00011"]);

    // Stale: R1 was generated since.
    let stale = generate(&workspace, None);
    workspace.recurring_orders.modify(0, |order| order.last_generated = Some(today()));
    let before = workspace.clone();
    assert_eq!(
        apply_generated(&mut workspace, &stale),
        Err(RecurringError::Stale { recurring: RecurringId::new("R1"), expected: None, found: Some(today()) })
    );
    assert_eq!(workspace, before);
}

#[test]
fn generating_twice_on_the_same_day_makes_nothing_the_second_time() {
    let mut workspace = with_recurring(vec![recurring("R1", 2, "2025-01-06", None, vec![fixed("W", 12.0)])]);
    let generated = generate(&workspace, None);
    apply_generated(&mut workspace, &generated).unwrap();
    assert_eq!(workspace.recurring_orders[0].last_generated, Some(today()));
    assert!(workspace.purchase_order(&PoId::new("PO-2025-00008")).is_some());
    assert_eq!(workspace.purchase_orders.len(), 4);

    let again = generate(&workspace, None);
    assert_eq!(again, Generated::default());
    let before = workspace.clone();
    apply_generated(&mut workspace, &again).unwrap();
    assert_eq!(workspace, before);
    // Two weeks later it is due again.
    let later = generate_recurring(&workspace, None, date("2025-03-17"), at(), BUYER_ROLE).unwrap();
    assert_eq!(later.drafts[0].due, date("2025-03-17"));
    assert!(later.drafts[0].skipped_due.is_empty());
}

/// The generated draft goes through the normal approval: 108 × 4.00 = 432.00
/// EUR is below the default 1,000 auto-approval limit, from a preferred,
/// low-risk supplier, no regulated item, no budget set: submitted, it is
/// approved at once, and its log goes on from seq 1 (drafted) to 2 (submitted).
#[test]
fn a_generated_draft_is_submitted_through_the_lifecycle() {
    let mut workspace = with_recurring(vec![recurring("R1", 1, "2025-03-03", None, vec![fixed("W", 100.0)])]);
    let generated = generate(&workspace, None);
    apply_generated(&mut workspace, &generated).unwrap();
    let id = PoId::new("PO-2025-00008");
    assert_eq!(workspace.purchase_order(&id).unwrap().value(), dec("432.00"));
    let actor = Actor { role: BUYER_ROLE.into(), at: at() };
    submit(&mut workspace, &id, &actor, "").unwrap();
    let po = workspace.purchase_order(&id).unwrap();
    assert_eq!(po.status, PoStatus::Approved);
    let kinds: Vec<(u32, PoEventKind)> = po.log.iter().map(|e| (e.seq, e.kind)).collect();
    assert_eq!(kinds, vec![(1, PoEventKind::Drafted), (2, PoEventKind::Submitted)]);
}

#[test]
fn results_and_errors_round_trip_through_serde() {
    let workspace = with_recurring(vec![recurring("R1", 1, "2025-03-03", None, vec![fixed("W", 12.0), up_to("N")])]);
    let generated = generate(&workspace, None);
    let json = serde_json::to_string(&generated).unwrap();
    assert_eq!(serde_json::from_str::<Generated>(&json).unwrap(), generated);
    let error = RecurringError::Stale { recurring: "R1".into(), expected: None, found: Some(today()) };
    let json = serde_json::to_string(&error).unwrap();
    assert_eq!(serde_json::from_str::<RecurringError>(&json).unwrap(), error);
}
