//! Purchase orders as a workflow (issue 8, sections 2–5): committed spend
//! against budgets, approval routing, every lifecycle transition, receiving
//! into stock, and the plan's position afterwards. Every expected figure is
//! worked by hand in the comment above its assertion.

use std::collections::BTreeSet;
use std::str::FromStr;

use chrono::{Days, NaiveDate, NaiveDateTime};
use proptest::prelude::*;
use rust_decimal::Decimal;

use engine::plan::plan;
use engine::purchasing::{
    approve, budget_impact, budget_status, buying_within_budget, cancel, close, committed_spend, edit_lines,
    pending_roles, receive, reject, required_approvals, select_within_budget, send, shortage_averted, submit, Actor,
    ApprovalRule, Blocker, BudgetCandidate, FamilyBudget, LifecycleError, PoAction, ReceiptInput, BUYER_ROLE,
};
use engine::{
    AbcClass, Approval, Budget, Contract, Criticality, Currency, CurrencyRate, DemandDay, LandedCostTerms, Location,
    Offer, OverBudget, PaymentTerms, PoEventKind, PoId, PoLine, PoStatus, PriceBreak, PurchaseOrder, Receipt,
    SeriesKey, Sku, SkuStatus, SlaTargets, Sorted, StockLot, Supplier, SupplyRisk, Workspace,
};

fn dec(text: &str) -> Decimal {
    Decimal::from_str(text).unwrap()
}

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn at(text: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
}

fn actor(role: &str) -> Actor {
    Actor { role: role.into(), at: at("2025-03-20 10:00") }
}

const PM: &str = "Purchasing manager";
const FD: &str = "Finance director";

fn sku(id: &str, family: &str, regulated: bool) -> Sku {
    Sku {
        id: id.into(),
        name: id.into(),
        family: family.into(),
        unit: "each".into(),
        unit_cost: dec("10.00"),
        criticality: Criticality::Normal,
        regulated,
        shelf_life_days: None,
        min_remaining_shelf_life_days: None,
        status: SkuStatus::Active,
        weight_kg: None,
        volume_l: None,
    }
}

fn supplier(id: &str, currency: &str, approval: Approval, risk: SupplyRisk) -> Supplier {
    Supplier {
        id: id.into(),
        name: id.into(),
        approval,
        currency: Currency::new(currency),
        payment_terms: PaymentTerms { net_days: 30, early_discount_pct: None, early_discount_days: None },
        risk,
        landed: LandedCostTerms::default(),
        min_order_value: None,
        free_freight_threshold: None,
        lead_time_sd_days: Some(0.0),
    }
}

fn offer(supplier: &str, sku: &str, price: &str, lead_time_days: u32, contract: Option<&str>) -> Offer {
    Offer {
        supplier: supplier.into(),
        sku: sku.into(),
        supplier_sku: format!("{supplier}-{sku}"),
        price_breaks: vec![PriceBreak { min_qty: 0.0, unit_price: dec(price) }],
        moq: 0.0,
        pack_size: 1.0,
        purchase_unit: "each".into(),
        units_per_purchase_unit: 1.0,
        lead_time_days,
        landed_override: Default::default(),
        contract: contract.map(Into::into),
        valid_from: None,
        valid_to: None,
    }
}

fn line(line_no: u32, sku: &str, quantity: f64, price: &str) -> PoLine {
    PoLine {
        line_no,
        sku: sku.into(),
        quantity,
        unit_price: dec(price),
        expected_landed_unit: None,
        receipts: Vec::new(),
    }
}

fn po(id: &str, supplier: &str, status: PoStatus, lines: Vec<PoLine>) -> PurchaseOrder {
    PurchaseOrder {
        id: id.into(),
        supplier: supplier.into(),
        location: "WH".into(),
        status,
        created: date("2025-03-10"),
        approved: None,
        sent: None,
        promised: None,
        received: None,
        note: String::new(),
        lines,
        log: Vec::new(),
    }
}

/// Default settings (EUR; auto-approval below 1,000; tiers 5,000 purchasing
/// manager and 25,000 finance director; risk approver purchasing manager,
/// budget approver finance director). Supplier P (EUR, preferred, low risk)
/// offers W (widgets) at 10.00 under contract K1 with a 14-day lead time
/// and R (regulated, chemicals) with 21 days; U sells W in USD (0.90 from
/// 2025-01-01, 0.80 from 2025-02-01). Widgets have 50,000 for March 2025.
fn workspace() -> Workspace {
    Workspace {
        locations: Sorted::from_vec(vec![Location { id: "WH".into(), name: "Warehouse".into() }]),
        skus: Sorted::from_vec(vec![sku("W", "widgets", false), sku("R", "chemicals", true)]),
        suppliers: Sorted::from_vec(vec![
            supplier("P", "EUR", Approval::Preferred, SupplyRisk::Low),
            supplier("U", "USD", Approval::Preferred, SupplyRisk::Low),
        ]),
        offers: Sorted::from_vec(vec![
            offer("P", "W", "10.00", 14, Some("K1")),
            offer("P", "R", "4.00", 21, None),
            offer("U", "W", "12.00", 30, None),
        ]),
        contracts: Sorted::from_vec(vec![Contract {
            id: "K1".into(),
            supplier: "P".into(),
            start: date("2025-01-01"),
            end: date("2025-12-31"),
            auto_renew: false,
            price_review: None,
            termination_notice_days: 30,
            sla: SlaTargets::default(),
        }]),
        currency_rates: Sorted::from_vec(vec![
            CurrencyRate { currency: Currency::new("USD"), as_of: date("2025-01-01"), rate: dec("0.90") },
            CurrencyRate { currency: Currency::new("USD"), as_of: date("2025-02-01"), rate: dec("0.80") },
        ]),
        budgets: Sorted::from_vec(vec![
            Budget { family: "widgets".into(), month: date("2025-03-01"), amount: dec("50000") },
            Budget { family: "gadgets".into(), month: date("2025-03-01"), amount: dec("1000") },
        ]),
        ..Workspace::default()
    }
}

fn with_orders(orders: Vec<PurchaseOrder>) -> Workspace {
    let mut workspace = workspace();
    workspace.purchase_orders = Sorted::from_vec(orders);
    workspace
}

fn order(workspace: &Workspace, id: &str) -> PurchaseOrder {
    workspace.purchase_order(&PoId::new(id)).unwrap().clone()
}

// ---------------------------------------------------------------- budgets

/// March 2025 orders:
/// - A approved 2025-03-05, P (EUR): W 100 × 10.00 = 1,000.00 widgets;
/// - B sent, no approval date, created 2025-03-10, U (USD): W 1,000 × 3.333 =
///   3,333.00 USD at the rate on 2025-03-10 (0.80) = 2,666.40 widgets;
/// - G received, approved 2025-03-01, created 2025-01-15, U: W 10 × 100 = 1,000
///   USD at the approval date's 0.80 (not the creation date's 0.90) = 800.00;
/// - F closed, approved 2025-03-31, P: R 2.5 × 4.01 = 10.025 → 10.03
///   chemicals (half away from zero);
/// - not counted: C pending (March), E cancelled (March), D partially
///   received but approved 2025-02-27 (February).
///
/// Widgets: 1,000.00 + 2,666.40 + 800.00 = 4,466.40; remaining 50,000 −
/// 4,466.40 = 45,533.60. Gadgets: budget 1,000, nothing committed.
/// Chemicals: 10.03, no budget. February widgets: D's 7 × 10.00 = 70.00.
fn budget_orders() -> Vec<PurchaseOrder> {
    let mut a = po("A", "P", PoStatus::Approved, vec![line(1, "W", 100.0, "10.00")]);
    a.approved = Some(date("2025-03-05"));
    let b = po("B", "U", PoStatus::Sent, vec![line(1, "W", 1_000.0, "3.333")]);
    let mut g = po("G", "U", PoStatus::Received, vec![line(1, "W", 10.0, "100")]);
    g.created = date("2025-01-15");
    g.approved = Some(date("2025-03-01"));
    let mut f = po("F", "P", PoStatus::Closed, vec![line(1, "R", 2.5, "4.01")]);
    f.approved = Some(date("2025-03-31"));
    let c = po("C", "P", PoStatus::PendingApproval, vec![line(1, "W", 1.0, "10.00")]);
    let e = po("E", "P", PoStatus::Cancelled, vec![line(1, "W", 1.0, "10.00")]);
    let mut d = po("D", "P", PoStatus::PartiallyReceived, vec![line(1, "W", 7.0, "10.00")]);
    d.approved = Some(date("2025-02-27"));
    vec![a, b, c, d, e, f, g]
}

#[test]
fn committed_spend_counts_approved_orders_in_their_approval_month_at_that_days_rate() {
    let workspace = with_orders(budget_orders());
    assert_eq!(committed_spend(&workspace, "widgets", date("2025-03-01")).unwrap(), dec("4466.40"));
    assert_eq!(
        committed_spend(&workspace, "widgets", date("2025-03-17")).unwrap(),
        dec("4466.40"),
        "any day names its month"
    );
    assert_eq!(committed_spend(&workspace, "widgets", date("2025-02-01")).unwrap(), dec("70.00"));
    assert_eq!(committed_spend(&workspace, "chemicals", date("2025-03-01")).unwrap(), dec("10.03"));
    let status = budget_status(&workspace, date("2025-03-01")).unwrap();
    let month = date("2025-03-01");
    assert_eq!(
        status,
        vec![
            FamilyBudget { family: "chemicals".into(), month, budget: None, committed: dec("10.03"), remaining: None },
            FamilyBudget {
                family: "gadgets".into(),
                month,
                budget: Some(dec("1000")),
                committed: dec("0"),
                remaining: Some(dec("1000")),
            },
            FamilyBudget {
                family: "widgets".into(),
                month,
                budget: Some(dec("50000")),
                committed: dec("4466.40"),
                remaining: Some(dec("45533.60")),
            },
        ]
    );
}

/// A pending order H of W 4,600 × 10.00 = 46,000.00 today (2025-03-20):
/// 4,466.40 committed by the others, 45,533.60 remaining → 46,000 > 45,533.60,
/// over by 466.40. At 4,553 units (45,530.00) it fits with 3.60 to spare.
#[test]
fn an_orders_impact_is_its_value_against_what_the_others_left() {
    let mut orders = budget_orders();
    orders.push(po("H", "P", PoStatus::PendingApproval, vec![line(1, "W", 4_600.0, "10.00")]));
    let workspace = with_orders(orders);
    let impact = budget_impact(&workspace, &order(&workspace, "H"), date("2025-03-20")).unwrap();
    assert_eq!(impact.month, date("2025-03-01"));
    let widgets = &impact.families[0];
    assert_eq!(
        (widgets.value, widgets.committed_before, widgets.remaining_before, widgets.remaining_after),
        (dec("46000.00"), dec("4466.40"), Some(dec("45533.60")), Some(dec("-466.40")))
    );
    assert!(widgets.over_budget);

    // An approved order is not counted against itself: A's impact sees 3,466.40 from the others.
    let a = budget_impact(&workspace, &order(&workspace, "A"), date("2025-03-20")).unwrap();
    assert_eq!(a.families[0].committed_before, dec("3466.40"));
    assert!(!a.families[0].over_budget);

    let mut fits = order(&workspace, "H");
    fits.lines[0].quantity = 4_553.0;
    let impact = budget_impact(&workspace, &fits, date("2025-03-20")).unwrap();
    assert_eq!(impact.families[0].remaining_after, Some(dec("3.60")));
    assert!(!impact.families[0].over_budget);
}

// ---------------------------------------------------------------- approval routing

/// Amount tiers with the default settings, a preferred low-risk supplier and
/// W at its contract price: below 1,000 nobody; from 1,000 the buyer; from
/// 5,000 also the purchasing manager; from 25,000 also the finance director.
#[test]
fn amount_tiers_add_their_approvers() {
    let workspace = workspace();
    let cases: &[(f64, &[&str])] = &[
        (99.999, &[]),
        (100.0, &[BUYER_ROLE]),
        (499.999, &[BUYER_ROLE]),
        (500.0, &[BUYER_ROLE, PM]),
        (2_499.9, &[BUYER_ROLE, PM]),
        (2_500.0, &[BUYER_ROLE, PM, FD]),
    ];
    for &(quantity, expected) in cases {
        let order = po("X", "P", PoStatus::Draft, vec![line(1, "W", quantity, "10.00")]);
        let route = required_approvals(&workspace, &order, date("2025-03-20")).unwrap();
        assert_eq!(route.roles(), expected, "{quantity} × 10.00");
        assert_eq!(route.auto_approved, expected.is_empty());
    }
    // 99.999 × 10.00 = 999.99: below the limit.
    let order = po("X", "P", PoStatus::Draft, vec![line(1, "W", 99.999, "10.00")]);
    assert_eq!(required_approvals(&workspace, &order, date("2025-03-20")).unwrap().value, dec("999.99"));
    // 500 × 10.00 = 5,000.00: the buyer's rule and the first tier, with the figures.
    let order = po("X", "P", PoStatus::Draft, vec![line(1, "W", 500.0, "10.00")]);
    let route = required_approvals(&workspace, &order, date("2025-03-20")).unwrap();
    let rules: Vec<ApprovalRule> = route.requirements.into_iter().map(|r| r.rule).collect();
    assert_eq!(
        rules,
        vec![
            ApprovalRule::AutoApproveLimit { limit: dec("1000"), value: dec("5000.00") },
            ApprovalRule::AmountTier { min_value: dec("5000"), value: dec("5000.00") },
        ]
    );
}

/// A 500.00 order (below the limit) is auto-approved unless a risk trigger
/// applies; each trigger adds the risk approver, with its reason.
#[test]
fn each_risk_trigger_adds_the_risk_approver_with_its_reason() {
    let small =
        |supplier: &str, sku: &str, price: &str| po("X", supplier, PoStatus::Draft, vec![line(1, sku, 50.0, price)]);
    let route = |workspace: &Workspace, order: &PurchaseOrder| {
        let route = required_approvals(workspace, order, date("2025-03-20")).unwrap();
        (route.roles(), route.requirements.into_iter().map(|r| r.rule).collect::<Vec<_>>(), route.blockers)
    };

    let base = workspace();
    assert_eq!(route(&base, &small("P", "W", "10.00")), (vec![], vec![], vec![]));

    let mut non_preferred = workspace();
    non_preferred.suppliers.modify(0, |s| s.approval = Approval::Approved);
    assert_eq!(
        route(&non_preferred, &small("P", "W", "10.00")),
        (
            vec![PM.to_owned()],
            vec![ApprovalRule::SupplierNotPreferred { supplier: "P".into(), approval: Approval::Approved }],
            vec![]
        )
    );

    let mut blocked = workspace();
    blocked.suppliers.modify(0, |s| s.approval = Approval::Blocked);
    let (_, _, blockers) = route(&blocked, &small("P", "W", "10.00"));
    assert_eq!(blockers, vec![Blocker::SupplierBlocked { supplier: "P".into() }]);

    let mut high_risk = workspace();
    high_risk.suppliers.modify(0, |s| s.risk = SupplyRisk::High);
    assert_eq!(
        route(&high_risk, &small("P", "W", "10.00")).1,
        vec![ApprovalRule::HighRiskSupplier { supplier: "P".into() }]
    );

    assert_eq!(
        route(&base, &small("P", "R", "4.00")).1,
        vec![ApprovalRule::RegulatedItem { line_no: 1, sku: "R".into() }]
    );

    // 10.01 against K1's 10.00 for 50 units; 50 × 10.01 = 500.50, still below the limit.
    assert_eq!(
        route(&base, &small("P", "W", "10.01")),
        (
            vec![PM.to_owned()],
            vec![ApprovalRule::AboveContractPrice {
                line_no: 1,
                sku: "W".into(),
                contract: "K1".into(),
                contract_price: dec("10.00"),
                unit_price: dec("10.01"),
            }],
            vec![]
        )
    );
    // No contract on R's offer: a higher price is no trigger beyond R being regulated.
    assert_eq!(route(&base, &small("P", "R", "9.00")).1.len(), 1);
}

/// Gadgets' March budget is 1,000.00. A gadget order G1 of 90 × 10.00 =
/// 900.00 was approved on 2025-03-02, so 100.00 remain; a new 500.00 order
/// (50 × 10.00) takes the family over: 900.00 + 500.00 > 1,000.00.
#[test]
fn an_order_over_its_familys_budget_needs_the_budget_approver_or_is_blocked() {
    let mut workspace = workspace();
    workspace.skus.upsert(sku("G", "gadgets", false));
    workspace.offers.upsert(offer("P", "G", "10.00", 7, None));
    let mut earlier = po("G1", "P", PoStatus::Approved, vec![line(1, "G", 90.0, "10.00")]);
    earlier.approved = Some(date("2025-03-02"));
    workspace.purchase_orders.upsert(earlier);
    let order = po("G2", "P", PoStatus::Draft, vec![line(1, "G", 50.0, "10.00")]);

    let over = ApprovalRule::OverBudget {
        family: "gadgets".into(),
        month: date("2025-03-01"),
        budget: dec("1000"),
        committed: dec("900.00"),
        value: dec("500.00"),
    };
    let route = required_approvals(&workspace, &order, date("2025-03-20")).unwrap();
    assert_eq!(route.roles(), vec![FD.to_owned()]);
    assert_eq!(route.requirements[0].rule, over);
    assert!(route.blockers.is_empty() && route.can_approve());
    assert_eq!(
        route.requirements[0].rule.to_string(),
        "gadgets in 2025-03: 900.00 committed + 500.00 on this order exceeds the budget 1000"
    );

    workspace.settings.purchasing.over_budget = OverBudget::Block;
    let route = required_approvals(&workspace, &order, date("2025-03-20")).unwrap();
    assert!(route.can_submit() && !route.can_approve());
    assert!(matches!(&route.blockers[..], [Blocker::OverBudget { family, .. }] if family == "gadgets"));

    // In April the gadget family has no budget: no rule.
    let route = required_approvals(&workspace, &order, date("2025-04-02")).unwrap();
    assert!(route.auto_approved);
}

/// How risky one generated case is; every field can only get worse.
#[derive(Clone, Debug)]
struct Case {
    cents: i64,
    approval: usize,
    high_risk: bool,
    regulated: bool,
    above_contract: bool,
    budget_cents: i64,
}

fn case_workspace(case: &Case) -> (Workspace, PurchaseOrder) {
    let approvals = [Approval::Preferred, Approval::Approved, Approval::Restricted, Approval::Blocked];
    let mut workspace = workspace();
    workspace.suppliers.modify(0, |s| {
        s.approval = approvals[case.approval];
        s.risk = if case.high_risk { SupplyRisk::High } else { SupplyRisk::Medium };
    });
    let price = Decimal::new(case.cents, 2);
    let contract_price = if case.above_contract { price - Decimal::new(1, 2) } else { price };
    workspace.skus.modify(1, |s| s.regulated = case.regulated); // W (sorted after R)
    workspace.offers.modify(1, |o| o.price_breaks[0].unit_price = contract_price); // P × W
    workspace.budgets.upsert(Budget {
        family: "widgets".into(),
        month: date("2025-03-01"),
        amount: Decimal::new(case.budget_cents, 2),
    });
    let order = po("X", "P", PoStatus::Draft, vec![PoLine { unit_price: price, ..line(1, "W", 1.0, "0") }]);
    (workspace, order)
}

fn case_roles(case: &Case) -> BTreeSet<String> {
    let (workspace, order) = case_workspace(case);
    required_approvals(&workspace, &order, date("2025-03-20")).unwrap().roles().into_iter().collect()
}

proptest! {
    /// Raising the amount, worsening the supplier's approval, raising its
    /// risk, making the item regulated, pricing above the contract or
    /// lowering the budget never removes a required role.
    #[test]
    fn required_roles_never_shrink_as_amount_or_risk_grows(
        cents in 1i64..4_000_000,
        more_cents in 0i64..4_000_000,
        approval in 0usize..4,
        worse_approval in 0usize..4,
        high_risk: bool,
        regulated: bool,
        above_contract: bool,
        budget_cents in 0i64..4_000_000,
        less_budget in 0i64..4_000_000,
        raise in proptest::collection::vec(any::<bool>(), 5),
    ) {
        let base = Case { cents, approval, high_risk, regulated, above_contract, budget_cents };
        let mut worse = base.clone();
        if raise[0] { worse.cents += more_cents; }
        worse.approval = approval.max(worse_approval);
        worse.high_risk |= raise[1];
        worse.regulated |= raise[2];
        worse.above_contract |= raise[3];
        if raise[4] { worse.budget_cents = (budget_cents - less_budget).max(0); }
        let (before, after) = (case_roles(&base), case_roles(&worse));
        prop_assert!(before.is_subset(&after), "{base:?} needs {before:?}, the riskier {worse:?} only {after:?}");
    }
}

// ---------------------------------------------------------------- lifecycle

/// The order every transition test starts from: P, 200 × W at 10.00 =
/// 2,000.00, so its route needs the buyer alone. Fields are set as the
/// status would have them.
fn order_in(status: PoStatus) -> PurchaseOrder {
    let mut order = po("PO1", "P", status, vec![line(1, "W", 200.0, "10.00")]);
    let event = |seq, kind| engine::PoEvent {
        seq,
        at: at("2025-03-11 09:00"),
        role: BUYER_ROLE.into(),
        kind,
        comment: String::new(),
    };
    let receipt = |quantity| Receipt {
        receipt_no: 1,
        date: date("2025-03-18"),
        quantity_received: quantity,
        quantity_rejected: 0.0,
        lot: None,
        expiry: None,
        freight: Decimal::ZERO,
        duty: Decimal::ZERO,
        other_charges: Decimal::ZERO,
    };
    if status != PoStatus::Draft {
        order.log.push(event(1, PoEventKind::Submitted));
    }
    if matches!(
        status,
        PoStatus::Approved | PoStatus::Sent | PoStatus::PartiallyReceived | PoStatus::Received | PoStatus::Closed
    ) {
        order.log.push(event(2, PoEventKind::Approved));
        order.approved = Some(date("2025-03-11"));
    }
    if matches!(status, PoStatus::Sent | PoStatus::PartiallyReceived | PoStatus::Received | PoStatus::Closed) {
        order.sent = Some(date("2025-03-12"));
        order.promised = Some(date("2025-03-26"));
    }
    match status {
        PoStatus::PartiallyReceived => order.lines[0].receipts.push(receipt(40.0)),
        PoStatus::Received | PoStatus::Closed => {
            order.lines[0].receipts.push(receipt(200.0));
            order.received = Some(date("2025-03-18"));
        }
        _ => {}
    }
    order
}

fn act(workspace: &mut Workspace, action: PoAction) -> Result<(), LifecycleError> {
    let id = PoId::new("PO1");
    let buyer = actor(BUYER_ROLE);
    match action {
        PoAction::Submit => submit(workspace, &id, &buyer, ""),
        PoAction::Approve => approve(workspace, &id, &buyer, "fine"),
        PoAction::Reject => reject(workspace, &id, &buyer, "too many"),
        PoAction::EditLines => edit_lines(workspace, &id, &buyer, vec![line(1, "W", 150.0, "10.00")], "fewer"),
        PoAction::Send => send(workspace, &id, &buyer, date("2025-03-20"), ""),
        PoAction::Receive => {
            let input = ReceiptInput {
                line_no: 1,
                quantity_received: 10.0,
                quantity_rejected: 0.0,
                lot: None,
                expiry: None,
                freight: Decimal::ZERO,
                duty: Decimal::ZERO,
                other_charges: Decimal::ZERO,
            };
            receive(workspace, &id, &buyer, date("2025-03-20"), vec![input], "")
        }
        PoAction::Close => close(workspace, &id, &buyer, "rest not coming"),
        PoAction::Cancel => cancel(workspace, &id, &buyer, "not needed"),
    }
}

/// Every (status, action) pair: the allowed ones give this status and log
/// this event; every other pair is refused, names the status and leaves the
/// workspace as it was.
#[test]
fn every_status_and_action() {
    use PoAction::*;
    use PoEventKind as E;
    use PoStatus as S;
    let allowed: &[(PoStatus, PoAction, PoStatus, &[PoEventKind])] = &[
        // The buyer is the only role a 2,000.00 order needs, and submitting
        // as the buyer is the buyer's sign-off: approved at once.
        (S::Draft, Submit, S::Approved, &[E::Submitted, E::Approved]),
        (S::Draft, EditLines, S::Draft, &[]),
        (S::Draft, Cancel, S::Cancelled, &[E::Cancelled]),
        (S::PendingApproval, Approve, S::Approved, &[E::Approved]),
        (S::PendingApproval, Reject, S::Draft, &[E::Rejected]),
        (S::PendingApproval, EditLines, S::Draft, &[E::Reopened]),
        (S::PendingApproval, Cancel, S::Cancelled, &[E::Cancelled]),
        (S::Approved, EditLines, S::Draft, &[E::Reopened]),
        (S::Approved, Send, S::Sent, &[E::Sent]),
        (S::Approved, Cancel, S::Cancelled, &[E::Cancelled]),
        // 10 of 200 received; then 40 + 10 = 50 of 200.
        (S::Sent, Receive, S::PartiallyReceived, &[E::Received]),
        (S::Sent, Close, S::Closed, &[E::Closed]),
        (S::PartiallyReceived, Receive, S::PartiallyReceived, &[E::Received]),
        (S::PartiallyReceived, Close, S::Closed, &[E::Closed]),
        (S::Received, Close, S::Closed, &[E::Closed]),
    ];
    let mut checked = 0;
    for &status in PoStatus::ALL {
        for &action in PoAction::ALL {
            let mut workspace = with_orders(vec![order_in(status)]);
            let before = workspace.clone();
            let outcome = act(&mut workspace, action);
            checked += 1;
            match allowed.iter().find(|(from, with, _, _)| *from == status && *with == action) {
                Some(&(_, _, to, events)) => {
                    assert_eq!(outcome, Ok(()), "{status} {action:?}");
                    let after = order(&workspace, "PO1");
                    assert_eq!(after.status, to, "{status} {action:?}");
                    let added: Vec<PoEventKind> =
                        after.log[before.purchase_orders[0].log.len()..].iter().map(|e| e.kind).collect();
                    assert_eq!(added, events, "{status} {action:?}");
                    if let Some(last) = after.log.last().filter(|_| !events.is_empty()) {
                        assert_eq!((last.seq as usize, last.role.as_str()), (after.log.len(), BUYER_ROLE));
                    }
                }
                None => {
                    let error = outcome.unwrap_err();
                    assert_eq!(
                        error,
                        LifecycleError::NotAllowed { po: "PO1".into(), action, status },
                        "{status} {action:?}"
                    );
                    assert!(error.to_string().contains(&format!("is {status}")), "{error}");
                    assert_eq!(workspace, before, "{status} {action:?} changed the workspace");
                }
            }
        }
    }
    assert_eq!(checked, 64);
}

#[test]
fn what_each_allowed_step_records() {
    // Send on 2025-03-20: promised = 2025-03-20 + the 14-day quote of P × W = 2025-04-03.
    let mut workspace = with_orders(vec![PurchaseOrder { promised: None, ..order_in(PoStatus::Approved) }]);
    act(&mut workspace, PoAction::Send).unwrap();
    let sent = order(&workspace, "PO1");
    assert_eq!((sent.sent, sent.promised), (Some(date("2025-03-20")), Some(date("2025-04-03"))));

    // Approve sets the approval date to the actor's day and logs the comment.
    let mut workspace = with_orders(vec![order_in(PoStatus::PendingApproval)]);
    act(&mut workspace, PoAction::Approve).unwrap();
    let approved = order(&workspace, "PO1");
    assert_eq!(approved.approved, Some(date("2025-03-20")));
    assert_eq!(approved.log.last().unwrap().comment, "fine");

    // Close of a partly received order: the last receipt's date is its received date.
    let mut workspace = with_orders(vec![order_in(PoStatus::PartiallyReceived)]);
    act(&mut workspace, PoAction::Close).unwrap();
    assert_eq!(order(&workspace, "PO1").received, Some(date("2025-03-18")));

    // A 500.00 order (50 × 10.00) is approved on submission, no one's sign-off needed.
    let mut small = order_in(PoStatus::Draft);
    small.lines[0].quantity = 50.0;
    let mut workspace = with_orders(vec![small]);
    act(&mut workspace, PoAction::Submit).unwrap();
    let auto = order(&workspace, "PO1");
    assert_eq!((auto.status, auto.approved), (PoStatus::Approved, Some(date("2025-03-20"))));
    assert!(auto.log[0].comment.starts_with("auto-approved"), "{}", auto.log[0].comment);
}

#[test]
fn refusals_say_why_and_change_nothing() {
    let check = |workspace: Workspace, step: &dyn Fn(&mut Workspace) -> Result<(), LifecycleError>, message: &str| {
        let mut changed = workspace.clone();
        let error = step(&mut changed).unwrap_err();
        assert_eq!(error.to_string(), message);
        assert_eq!(changed, workspace);
    };
    let id = PoId::new("PO1");
    let pending = with_orders(vec![order_in(PoStatus::PendingApproval)]);
    check(
        pending.clone(),
        &|w| approve(w, &id, &actor(FD), ""),
        "purchase order PO1 does not need an approval from Finance director (still needed: Buyer)",
    );
    check(
        pending.clone(),
        &|w| reject(w, &id, &actor(BUYER_ROLE), " "),
        "a comment is required: purchase order PO1 cannot be rejected without one",
    );
    check(
        pending.clone(),
        &|w| edit_lines(w, &id, &actor(BUYER_ROLE), vec![line(1, "W", 0.0, "10.00")], ""),
        "line 1: the quantity 0 must be a number above zero",
    );
    check(pending, &|w| approve(w, &id, &actor(" "), ""), "say which role you act as");
    let mut blocked = with_orders(vec![order_in(PoStatus::Draft)]);
    blocked.suppliers.modify(0, |s| s.approval = Approval::Blocked);
    check(
        blocked,
        &|w| submit(w, &id, &actor(BUYER_ROLE), ""),
        "purchase order PO1 cannot go further: supplier P is blocked: orders to it cannot be submitted",
    );
    check(
        with_orders(vec![order_in(PoStatus::Sent)]),
        &|w| edit_lines(w, &id, &actor(BUYER_ROLE), vec![line(1, "W", 1.0, "10.00")], ""),
        "purchase order PO1 is sent: it cannot be edited (only when draft or pending_approval or approved)",
    );
    let bad_receipt = ReceiptInput {
        line_no: 1,
        quantity_received: 5.0,
        quantity_rejected: 6.0,
        lot: None,
        expiry: None,
        freight: Decimal::ZERO,
        duty: Decimal::ZERO,
        other_charges: Decimal::ZERO,
    };
    check(
        with_orders(vec![order_in(PoStatus::Sent)]),
        &|w| receive(w, &id, &actor(BUYER_ROLE), date("2025-03-20"), vec![bad_receipt.clone()], ""),
        "line 1: the quantity rejected 6 must be between 0 and the quantity received 5",
    );
    check(
        with_orders(vec![order_in(PoStatus::Sent)]),
        &|w| {
            receive(
                w,
                &id,
                &actor(BUYER_ROLE),
                date("2025-03-11"),
                vec![ReceiptInput { quantity_rejected: 0.0, ..bad_receipt.clone() }],
                "",
            )
        },
        "the date 2025-03-11 is before the order was sent (2025-03-12)",
    );
}

/// A 6,000.00 order (600 × 10.00) needs the buyer and the purchasing
/// manager; the buyer signs off by submitting. Once approved, changing its
/// lines sends it back to draft: submitted again, both must approve again.
#[test]
fn changing_an_approved_or_pending_order_sends_it_back_for_approval() {
    let id = PoId::new("PO1");
    let mut draft = order_in(PoStatus::Draft);
    draft.lines[0].quantity = 600.0;
    let mut workspace = with_orders(vec![draft]);
    let today = date("2025-03-20");
    submit(&mut workspace, &id, &actor(BUYER_ROLE), "").unwrap();
    assert_eq!(pending_roles(&workspace, &id, today).unwrap(), vec![PM.to_owned()]);
    approve(&mut workspace, &id, &actor(PM), "").unwrap();
    assert_eq!(order(&workspace, "PO1").status, PoStatus::Approved);

    edit_lines(&mut workspace, &id, &actor(BUYER_ROLE), vec![line(1, "W", 610.0, "10.00")], "ten more").unwrap();
    let reopened = order(&workspace, "PO1");
    assert_eq!((reopened.status, reopened.approved), (PoStatus::Draft, None));
    assert_eq!(reopened.log.last().map(|e| (e.kind, e.comment.as_str())), Some((PoEventKind::Reopened, "ten more")));

    submit(&mut workspace, &id, &actor(BUYER_ROLE), "").unwrap();
    assert_eq!(pending_roles(&workspace, &id, today).unwrap(), vec![PM.to_owned()]);
    // A role approves once per submission: the buyer already did, by submitting.
    assert!(matches!(approve(&mut workspace, &id, &actor(BUYER_ROLE), ""), Err(LifecycleError::RoleNotPending { .. })));
    assert_eq!(order(&workspace, "PO1").status, PoStatus::PendingApproval);
    approve(&mut workspace, &id, &actor(PM), "").unwrap();
    let approved = order(&workspace, "PO1");
    assert_eq!(approved.status, PoStatus::Approved);
    // Submitted, Approved, Approved, Reopened, Submitted, Approved, Approved: seq 1 … 7.
    assert_eq!(approved.log.iter().map(|e| e.seq).collect::<Vec<_>>(), (1..=7).collect::<Vec<_>>());
}

/// 2,600 × 10.00 = 26,000.00 ≥ 25,000: the purchasing manager and the
/// finance director must both approve (and, from the auto-approval limit
/// on, the buyer, who signs off by submitting). The order is approved only
/// after the last of them.
#[test]
fn a_large_order_is_approved_only_after_every_required_role() {
    let id = PoId::new("PO1");
    let mut draft = order_in(PoStatus::Draft);
    draft.lines[0].quantity = 2_600.0;
    let mut workspace = with_orders(vec![draft]);
    let today = date("2025-03-20");
    submit(&mut workspace, &id, &actor(BUYER_ROLE), "").unwrap();
    assert_eq!(pending_roles(&workspace, &id, today).unwrap(), vec![PM.to_owned(), FD.to_owned()]);
    approve(&mut workspace, &id, &actor(FD), "within budget").unwrap();
    assert_eq!(order(&workspace, "PO1").status, PoStatus::PendingApproval);
    assert_eq!(order(&workspace, "PO1").approved, None);
    assert_eq!(pending_roles(&workspace, &id, today).unwrap(), vec![PM.to_owned()]);
    approve(&mut workspace, &id, &actor(PM), "ok").unwrap();
    assert_eq!(order(&workspace, "PO1").status, PoStatus::Approved);
    assert!(pending_roles(&workspace, &id, today).unwrap().is_empty());
}

fn receipt_input(quantity_received: f64, quantity_rejected: f64, lot: &str, freight: &str) -> ReceiptInput {
    ReceiptInput {
        line_no: 1,
        quantity_received,
        quantity_rejected,
        lot: Some(lot.into()),
        expiry: Some(date("2026-01-31")),
        freight: dec(freight),
        duty: Decimal::ZERO,
        other_charges: Decimal::ZERO,
    }
}

/// 200 ordered. First delivery: 130 received, 10 rejected → 120 accepted,
/// partially received. Second: 85 received, 5 rejected → 80 accepted, 200 in
/// all: received. Lot L7 holds 120 + 80 = 200; the lot L0 of 30 already in
/// stock is untouched.
#[test]
fn receiving_in_two_deliveries_with_a_rejection() {
    let id = PoId::new("PO1");
    let mut workspace = with_orders(vec![order_in(PoStatus::Sent)]);
    workspace.stock_lots.upsert(StockLot {
        sku: "W".into(),
        location: "WH".into(),
        lot: "L0".into(),
        quantity: 30.0,
        received: Some(date("2025-01-02")),
        expiry: None,
        quarantine: false,
    });
    let lot = |workspace: &Workspace, id: &str| {
        workspace.stock_lots.iter().find(|l| l.lot.as_str() == id).map(|l| (l.quantity, l.received, l.expiry))
    };

    receive(
        &mut workspace,
        &id,
        &actor(BUYER_ROLE),
        date("2025-03-25"),
        vec![receipt_input(130.0, 10.0, "L7", "12.50")],
        "",
    )
    .unwrap();
    let partly = order(&workspace, "PO1");
    assert_eq!((partly.status, partly.received), (PoStatus::PartiallyReceived, None));
    assert_eq!(partly.lines[0].quantity_accepted(), 120.0);
    assert_eq!(lot(&workspace, "L7"), Some((120.0, Some(date("2025-03-25")), Some(date("2026-01-31")))));

    receive(
        &mut workspace,
        &id,
        &actor(BUYER_ROLE),
        date("2025-03-28"),
        vec![receipt_input(85.0, 5.0, "L7", "3.00")],
        "",
    )
    .unwrap();
    let done = order(&workspace, "PO1");
    assert_eq!((done.status, done.received), (PoStatus::Received, Some(date("2025-03-28"))));
    let receipts: Vec<(u32, f64, f64, Decimal)> = done.lines[0]
        .receipts
        .iter()
        .map(|r| (r.receipt_no, r.quantity_received, r.quantity_rejected, r.freight))
        .collect();
    assert_eq!(receipts, vec![(1, 130.0, 10.0, dec("12.50")), (2, 85.0, 5.0, dec("3.00"))]);
    assert_eq!(lot(&workspace, "L7"), Some((200.0, Some(date("2025-03-25")), Some(date("2026-01-31")))));
    assert_eq!(lot(&workspace, "L0"), Some((30.0, Some(date("2025-01-02")), None)));
    assert_eq!(done.log.iter().filter(|e| e.kind == PoEventKind::Received).count(), 2);

    // The same lot with another expiry is refused.
    let mut again = with_orders(vec![order_in(PoStatus::Sent)]);
    receive(&mut again, &id, &actor(BUYER_ROLE), date("2025-03-25"), vec![receipt_input(10.0, 0.0, "L8", "0")], "")
        .unwrap();
    let before = again.clone();
    let other_expiry = ReceiptInput { expiry: Some(date("2026-02-28")), ..receipt_input(10.0, 0.0, "L8", "0") };
    assert!(matches!(
        receive(&mut again, &id, &actor(BUYER_ROLE), date("2025-03-26"), vec![other_expiry], ""),
        Err(LifecycleError::LotExpiryMismatch { .. })
    ));
    assert_eq!(again, before);
}

// ---------------------------------------------------------------- the plan afterwards

/// W sells 10 a day at WH for 400 days; 100 in stock; PO1 for 200 sent.
/// - sent: on hand 100, on order 200, position 300;
/// - after 160 received with 10 rejected: on hand 250, on order 200 − 150 =
///   50, position 300;
/// - closed: the 50 will not come: on hand 250, on order 0, position 250.
#[test]
fn the_plan_sees_received_stock_and_nothing_on_order_once_closed() {
    let id = PoId::new("PO1");
    let mut workspace = with_orders(vec![order_in(PoStatus::Sent)]);
    workspace.stock_lots.upsert(StockLot {
        sku: "W".into(),
        location: "WH".into(),
        lot: "L0".into(),
        quantity: 100.0,
        received: None,
        expiry: None,
        quarantine: false,
    });
    let today = date("2025-03-20");
    let key = SeriesKey { sku: "W".into(), location: "WH".into(), channel: "".into() };
    workspace.demand.upsert((1..=400u64).map(|back| (key.clone(), DemandDay::shipped(today - Days::new(back), 10.0))));
    let position = |workspace: &Workspace| {
        let plan = plan(workspace, today, &mut |_, _| {});
        let line = plan.lines.iter().find(|l| l.sku.as_str() == "W" && l.location.as_str() == "WH").unwrap();
        (line.inventory.on_hand, line.inventory.on_order, line.inventory.position)
    };
    assert_eq!(position(&workspace), (100.0, 200.0, 300.0));

    let input = ReceiptInput { lot: None, expiry: None, ..receipt_input(160.0, 10.0, "", "0") };
    receive(&mut workspace, &id, &actor(BUYER_ROLE), today, vec![input], "").unwrap();
    assert_eq!(position(&workspace), (250.0, 50.0, 300.0));

    close(&mut workspace, &id, &actor(BUYER_ROLE), "the rest is not coming").unwrap();
    assert_eq!(order(&workspace, "PO1").status, PoStatus::Closed);
    assert_eq!(position(&workspace), (250.0, 0.0, 250.0));
}

// ---------------------------------------------------------------- buying within budget

/// d = 10 a day, L = 14 days, waiting D = 11 days:
/// - cover 20: stock lasts past L, the extra gap is 25 − 20 = 5 days → 50 units;
/// - cover 5: out of stock from day 5 anyway until L; the extra gap is 25 − 14 = 11 days → 110;
/// - cover 40: lasts beyond 25 → 0; backorders (cover −3) count as cover 0 → 110; no demand → 0.
#[test]
fn the_shortage_a_deferred_order_risks() {
    assert_eq!(shortage_averted(10.0, 14.0, Some(20.0), 11.0), 50.0);
    assert_eq!(shortage_averted(10.0, 14.0, Some(5.0), 11.0), 110.0);
    assert_eq!(shortage_averted(10.0, 14.0, Some(40.0), 11.0), 0.0);
    assert_eq!(shortage_averted(10.0, 14.0, Some(-3.0), 11.0), 110.0);
    assert_eq!(shortage_averted(10.0, 14.0, None, 11.0), 0.0);
}

fn candidate(sku: &str, value: &str, shortage: f64, abc: AbcClass, cover: f64) -> BudgetCandidate {
    BudgetCandidate {
        sku: sku.into(),
        location: "WH".into(),
        family: "widgets".into(),
        abc,
        value: dec(value),
        mean_per_day: 10.0,
        lead_time_days: 14.0,
        days_of_cover: Some(cover),
        shortage_averted: shortage,
    }
}

/// 1,000.00 left. Units averted per EUR: B2 150/500 = 0.3; A1 120/600, C3
/// 80/400 and E5 20/100 all 0.2 (A1 is class B, C3 and E5 class A, E5 with
/// the nearer stockout: E5, C3, A1); D4 0/300 = 0. Greedy: B2 (500 left),
/// E5 (400 left), C3 (0 left); A1 (600) and D4 (300) no longer fit.
#[test]
fn the_subset_within_budget_protects_most_shortage_per_euro() {
    let candidates = vec![
        candidate("A1", "600.00", 120.0, AbcClass::B, 8.0),
        candidate("B2", "500.00", 150.0, AbcClass::C, 9.0),
        candidate("C3", "400.00", 80.0, AbcClass::A, 5.0),
        candidate("D4", "300.00", 0.0, AbcClass::A, 60.0),
        candidate("E5", "100.00", 20.0, AbcClass::A, 3.0),
    ];
    let selection = select_within_budget(candidates.clone(), Some(dec("1000.00")));
    let skus = |list: &[BudgetCandidate]| list.iter().map(|c| c.sku.as_str().to_owned()).collect::<Vec<_>>();
    assert_eq!(skus(&selection.accepted), ["B2", "E5", "C3"]);
    assert_eq!(skus(&selection.deferred), ["A1", "D4"]);
    assert_eq!((selection.accepted_value, selection.deferred_value), (dec("1000.00"), dec("900.00")));

    // Without a budget, or with enough, nothing is deferred.
    assert!(select_within_budget(candidates.clone(), None).deferred.is_empty());
    assert!(select_within_budget(candidates, Some(dec("1900.00"))).deferred.is_empty());
}

/// The plan of the position test without the order: W (10 a day, 100 in
/// stock, cover 10 days, both offers' lead times above it) needs an order.
/// With 50,000 left it is bought; with 0.01 left it is deferred to April,
/// 12 days after 2025-03-20, risking 10 × 12 = 120 units (the gap is D
/// whichever lead time, since the cover is below both).
#[test]
fn the_plans_suggestions_within_the_familys_budget() {
    let mut workspace = workspace();
    workspace.stock_lots.upsert(StockLot {
        sku: "W".into(),
        location: "WH".into(),
        lot: "".into(),
        quantity: 100.0,
        received: None,
        expiry: None,
        quarantine: false,
    });
    let today = date("2025-03-20");
    let key = SeriesKey { sku: "W".into(), location: "WH".into(), channel: "".into() };
    workspace.demand.upsert((1..=400u64).map(|back| (key.clone(), DemandDay::shipped(today - Days::new(back), 10.0))));
    let the_plan = plan(&workspace, today, &mut |_, _| {});
    let selection = buying_within_budget(&workspace, &the_plan, today).unwrap();
    assert_eq!(selection.len(), 1);
    assert_eq!((selection[0].accepted.len(), selection[0].deferred.len()), (1, 0));

    workspace.budgets.upsert(Budget { family: "widgets".into(), month: date("2025-03-01"), amount: dec("0.01") });
    let selection = buying_within_budget(&workspace, &the_plan, today).unwrap();
    let deferred = &selection[0].deferred;
    assert_eq!((selection[0].accepted.len(), deferred.len()), (0, 1));
    assert!((deferred[0].shortage_averted - 120.0).abs() < 1e-6, "{}", deferred[0].shortage_averted);
}

/// What the worker sends the page survives serde both ways (the app uses
/// bincode; JSON shows the derives are complete and externally tagged).
#[test]
fn routes_and_refusals_round_trip_through_serde() {
    let mut workspace = workspace();
    workspace.suppliers.modify(0, |s| s.approval = Approval::Blocked);
    let order = po("X", "P", PoStatus::Draft, vec![line(1, "R", 2_600.0, "10.00")]);
    let route = required_approvals(&workspace, &order, date("2025-03-20")).unwrap();
    let json = serde_json::to_string(&route).unwrap();
    assert_eq!(serde_json::from_str::<engine::purchasing::ApprovalRoute>(&json).unwrap(), route);

    workspace.purchase_orders.upsert(order);
    let error = submit(&mut workspace, &PoId::new("X"), &actor(BUYER_ROLE), "").unwrap_err();
    let json = serde_json::to_string(&error).unwrap();
    assert_eq!(serde_json::from_str::<LifecycleError>(&json).unwrap(), error);
}
