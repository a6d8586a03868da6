//! The sample workspace: the same spec gives the same bytes, every reference
//! holds, and the consultant demo shows every case the planner handles. The
//! characteristics are measured on the generated data (late-delivery shares,
//! promotion uplift, demand shapes), not compared with numbers copied from a
//! previous run, so a change that loses a case fails here.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::sync::OnceLock;

use chrono::{Days, NaiveDate, Timelike};
use proptest::prelude::*;
use rust_decimal::Decimal;

use engine::sample::{demo, generate, SampleSpec};
use engine::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 16).unwrap()
}

fn days_before(date: NaiveDate, days: u64) -> NaiveDate {
    date.checked_sub_days(Days::new(days)).unwrap()
}

fn days_after(date: NaiveDate, days: u64) -> NaiveDate {
    date.checked_add_days(Days::new(days)).unwrap()
}

/// The demo, generated once for all the tests that only read it.
fn the_demo() -> &'static Workspace {
    static DEMO: OnceLock<Workspace> = OnceLock::new();
    DEMO.get_or_init(|| demo(today()))
}

fn small_spec(seed: u64) -> SampleSpec {
    SampleSpec { seed, today: today(), n_skus: 40, n_locations: 2, n_suppliers: 6, history_days: 200 }
}

fn is_sorted_strictly<K: Ord>(keys: impl Iterator<Item = K>) -> bool {
    let keys: Vec<K> = keys.collect();
    keys.windows(2).all(|pair| pair[0] < pair[1])
}

/// Every structural promise of a workspace, as a list of broken ones, so a
/// failure names them all: tables sorted with unique keys, references to
/// existing rows, demand series trimmed, offers well formed, a rate for every
/// foreign currency, and nothing dated after yesterday that should not be.
fn broken_promises(workspace: &Workspace, today: NaiveDate) -> Vec<String> {
    let mut broken = Vec::new();
    let mut check = |ok: bool, what: String| {
        if !ok {
            broken.push(what);
        }
    };
    let skus: HashSet<&SkuId> = workspace.skus.iter().map(|s| &s.id).collect();
    let locations: HashSet<&LocationId> = workspace.locations.iter().map(|l| &l.id).collect();
    let suppliers: HashSet<&SupplierId> = workspace.suppliers.iter().map(|s| &s.id).collect();

    check(is_sorted_strictly(workspace.skus.iter().map(|s| &s.id)), "SKUs sorted, ids unique".into());
    check(is_sorted_strictly(workspace.locations.iter().map(|l| &l.id)), "locations sorted, ids unique".into());
    check(is_sorted_strictly(workspace.suppliers.iter().map(|s| &s.id)), "suppliers sorted, ids unique".into());
    check(
        is_sorted_strictly(workspace.offers.iter().map(|o| (&o.supplier, &o.sku))),
        "offers sorted, keys unique".into(),
    );
    check(is_sorted_strictly(workspace.contracts.iter().map(|c| &c.id)), "contracts sorted".into());
    check(
        is_sorted_strictly(workspace.stock_lots.iter().map(|l| (&l.sku, &l.location, &l.lot))),
        "stock lots sorted, keys unique".into(),
    );
    check(is_sorted_strictly(workspace.commitments.iter().map(|c| (&c.sku, &c.location))), "commitments sorted".into());
    check(is_sorted_strictly(workspace.purchase_orders.iter().map(|p| &p.id)), "purchase orders sorted".into());
    check(is_sorted_strictly(workspace.currency_rates.iter().map(|r| (&r.currency, r.as_of))), "rates sorted".into());
    check(is_sorted_strictly(workspace.budgets.iter().map(|b| (&b.family, b.month))), "budgets sorted".into());
    check(
        is_sorted_strictly(workspace.min_max_overrides.iter().map(|o| (&o.sku, &o.location))),
        "min/max overrides sorted".into(),
    );
    check(is_sorted_strictly(workspace.demand.series.iter().map(|s| &s.key)), "demand series sorted".into());

    let rated: HashSet<&Currency> = workspace.currency_rates.iter().map(|r| &r.currency).collect();
    for supplier in &workspace.suppliers {
        check(
            supplier.currency == workspace.settings.base_currency || rated.contains(&supplier.currency),
            format!("a rate for {}'s currency {}", supplier.id, supplier.currency),
        );
    }
    for contract in &workspace.contracts {
        check(suppliers.contains(&contract.supplier), format!("contract {} names a known supplier", contract.id));
        check(contract.start <= contract.end, format!("contract {} starts before it ends", contract.id));
    }
    for offer in &workspace.offers {
        let name = format!("offer {} / {}", offer.supplier, offer.sku);
        check(skus.contains(&offer.sku), format!("{name} names a known SKU"));
        check(suppliers.contains(&offer.supplier), format!("{name} names a known supplier"));
        if let Some(contract) = &offer.contract {
            check(
                workspace.contract(contract).is_some_and(|c| c.supplier == offer.supplier),
                format!("{name}'s contract {contract} exists and is with its supplier"),
            );
        }
        check(!offer.price_breaks.is_empty(), format!("{name} has a price"));
        check(
            offer
                .price_breaks
                .windows(2)
                .all(|pair| pair[0].min_qty < pair[1].min_qty && pair[0].unit_price > pair[1].unit_price),
            format!("{name}'s breaks ascend in quantity and fall in price"),
        );
        check(
            offer.price_breaks.first().is_some_and(|b| b.min_qty == offer.moq),
            format!("{name}'s first break is its MOQ"),
        );
        check(
            offer.price_breaks.iter().all(|b| b.unit_price > rust_decimal::Decimal::ZERO),
            format!("{name} prices positive"),
        );
        check(
            offer.pack_size >= 1.0 && offer.pack_size == offer.units_per_purchase_unit,
            format!("{name} pack = purchase unit"),
        );
        check(
            offer.moq >= offer.pack_size && offer.moq % offer.pack_size == 0.0,
            format!("{name}'s MOQ is whole packs"),
        );
        check(offer.is_valid_on(today), format!("{name} is valid today"));
    }
    for lot in &workspace.stock_lots {
        let name = format!("lot {} / {} / {:?}", lot.sku, lot.location, lot.lot);
        check(skus.contains(&lot.sku) && locations.contains(&lot.location), format!("{name} refers to known rows"));
        check(lot.quantity > 0.0 && lot.quantity.fract() == 0.0, format!("{name} holds whole units"));
        check(lot.received.is_none_or(|date| date < today), format!("{name} was received before today"));
    }
    for row in &workspace.commitments {
        check(
            skus.contains(&row.sku) && locations.contains(&row.location),
            format!("commitment {} refers to known rows", row.sku),
        );
        check(row.backorders >= 0.0 && row.allocated >= 0.0, format!("commitment {} not negative", row.sku));
    }
    for row in &workspace.min_max_overrides {
        check(skus.contains(&row.sku), format!("override {} names a known SKU", row.sku));
        check(
            row.location.as_ref().is_none_or(|l| locations.contains(l)),
            format!("override {} location known", row.sku),
        );
        check(row.min <= row.max, format!("override {} min ≤ max", row.sku));
    }
    let families: HashSet<&str> = workspace.skus.iter().map(|s| s.family.as_str()).collect();
    for budget in &workspace.budgets {
        check(families.contains(budget.family.as_str()), format!("budget for a known family {}", budget.family));
        check(chrono::Datelike::day(&budget.month) == 1, format!("budget month {} is a first of month", budget.month));
    }
    let yesterday = days_before(today, 1);
    for series in &workspace.demand.series {
        let name = format!("series {:?}", series.key);
        check(
            skus.contains(&series.key.sku) && locations.contains(&series.key.location),
            format!("{name} refers to known rows"),
        );
        check(!series.is_empty(), format!("{name} not empty"));
        let mut trimmed = series.clone();
        trimmed.trim();
        check(&trimmed == series, format!("{name} is trimmed"));
        check(series.end().is_some_and(|end| end <= yesterday), format!("{name} ends by yesterday"));
        check(series.quantity.iter().all(|q| *q >= 0.0 && q.fract() == 0.0), format!("{name} whole, non-negative"));
    }
    for order in &workspace.purchase_orders {
        let name = format!("PO {}", order.id);
        check(
            suppliers.contains(&order.supplier) && locations.contains(&order.location),
            format!("{name} refers to known rows"),
        );
        check(order.created < today, format!("{name} created before today"));
        check(
            order.approved.is_none_or(|approved| order.created <= approved),
            format!("{name} approved after creation"),
        );
        check(order.lines.windows(2).all(|pair| pair[0].line_no < pair[1].line_no), format!("{name} lines ascending"));
        for line in &order.lines {
            check(skus.contains(&line.sku), format!("{name} line {} names a known SKU", line.line_no));
            check(line.quantity > 0.0, format!("{name} line {} orders something", line.line_no));
            check(
                line.receipts
                    .windows(2)
                    .all(|pair| pair[0].receipt_no < pair[1].receipt_no && pair[0].date <= pair[1].date),
                format!("{name} line {} receipts in order", line.line_no),
            );
            for receipt in &line.receipts {
                check(
                    receipt.date < today && order.approved.is_some_and(|approved| approved < receipt.date),
                    format!("{name} receipt between approval and yesterday"),
                );
                check(
                    receipt.quantity_rejected <= receipt.quantity_received,
                    format!("{name} rejects no more than it receives"),
                );
            }
            check(
                line.quantity_received() <= line.quantity,
                format!("{name} line {} not over-delivered", line.line_no),
            );
        }
        let received = order.lines.iter().any(|line| !line.receipts.is_empty());
        check(
            !received || matches!(order.status, PoStatus::PartiallyReceived | PoStatus::Received | PoStatus::Closed),
            format!("{name} status {} fits its receipts", order.status),
        );
        for promise in broken_log_promises(order, today) {
            check(false, format!("{name} log: {promise}"));
        }
    }
    for recurring in &workspace.recurring_orders {
        let name = format!("recurring order {}", recurring.id);
        check(suppliers.contains(&recurring.supplier), format!("{name} supplier exists"));
        check(locations.contains(&recurring.location), format!("{name} location exists"));
        check(recurring.lines.iter().all(|l| skus.contains(&l.sku)), format!("{name} SKUs exist"));
    }
    check(workspace.skus.iter().all(|s| s.weight_kg.is_some_and(|w| w > 0.0)), "every SKU has a weight".into());
    broken
}

/// What an order's log must agree with: its own dates and status. Steps are
/// numbered 1, 2, 3 … in time order, in office hours (08:00–17:00), before
/// today; the first is the draft on the day the order was created; an
/// approved order has an approval on its approval day, a sent one a "sent"
/// on its send day, every delivery day a "received", and a closed or
/// cancelled order says so; every role is one of the three the demo knows.
fn broken_log_promises(order: &PurchaseOrder, today: NaiveDate) -> Vec<&'static str> {
    let log = &order.log;
    let on = |kind: PoEventKind, day: Option<NaiveDate>| {
        day.is_none_or(|day| log.iter().any(|e| e.kind == kind && e.at.date() == day))
    };
    let office = |e: &PoEvent| (8..17).contains(&e.at.hour());
    let mut broken = Vec::new();
    let mut promise = |ok: bool, what: &'static str| {
        if !ok {
            broken.push(what);
        }
    };
    promise(!log.is_empty(), "not empty");
    promise(log.iter().enumerate().all(|(idx, e)| e.seq as usize == idx + 1), "steps numbered from 1");
    promise(log.windows(2).all(|pair| pair[0].at < pair[1].at), "steps in time order");
    promise(log.iter().all(office), "steps in office hours");
    promise(log.iter().all(|e| e.at.date() < today), "nothing today or later");
    promise(
        log.first().is_some_and(|e| e.kind == PoEventKind::Drafted && e.at.date() == order.created),
        "drafted on the day it was created",
    );
    promise(on(PoEventKind::Approved, order.approved), "approved on its approval day");
    promise(order.approved.is_some() || !log.iter().any(|e| e.kind == PoEventKind::Approved), "no approval before it");
    promise(on(PoEventKind::Sent, order.sent), "sent on its send day");
    let receipt_days = order.lines.iter().flat_map(|line| line.receipts.iter().map(|r| r.date));
    promise(receipt_days.clone().all(|day| on(PoEventKind::Received, Some(day))), "a received step each delivery day");
    let says = |kind| log.iter().any(|e| e.kind == kind);
    promise(says(PoEventKind::Closed) == (order.status == PoStatus::Closed), "closed exactly when closed");
    promise(says(PoEventKind::Cancelled) == (order.status == PoStatus::Cancelled), "cancelled exactly when cancelled");
    promise(
        log.iter().all(|e| ["Buyer", "Purchasing manager", "Finance director"].contains(&e.role.as_str())),
        "roles are Buyer, Purchasing manager or Finance director",
    );
    broken
}

#[test]
fn approvals_in_the_demo_logs_are_signed_by_whom_the_value_needs() {
    // Settings::default(): orders from 5,000 € need the purchasing manager,
    // from 25,000 € the finance director as well; below 5,000 € the buyer
    // approves alone.
    let demo = the_demo();
    let mut roles_seen = BTreeSet::new();
    for order in demo.purchase_orders.iter().filter(|o| o.approved.is_some()) {
        let currency = &demo.supplier(&order.supplier).unwrap().currency;
        let value = demo.to_base(order.value(), currency, today()).unwrap();
        let expected: BTreeSet<&str> = if value >= Decimal::from(25_000) {
            ["Purchasing manager", "Finance director"].into()
        } else if value >= Decimal::from(5_000) {
            ["Purchasing manager"].into()
        } else {
            ["Buyer"].into()
        };
        let approvers: BTreeSet<&str> =
            order.log.iter().filter(|e| e.kind == PoEventKind::Approved).map(|e| e.role.as_str()).collect();
        assert_eq!(approvers, expected, "{} worth {value} €", order.id);
        roles_seen.extend(approvers);
    }
    assert!(roles_seen.contains("Buyer") && roles_seen.contains("Purchasing manager"), "{roles_seen:?}");
    let pending = demo.purchase_orders.iter().find(|o| o.status == PoStatus::PendingApproval).unwrap();
    let kinds: Vec<PoEventKind> = pending.log.iter().map(|e| e.kind).collect();
    assert_eq!(kinds, [PoEventKind::Drafted, PoEventKind::Submitted], "awaiting its approval");
}

#[test]
fn the_demo_has_weights_a_weight_based_supplier_and_a_standing_order() {
    let demo = the_demo();
    let by_weight: Vec<&SupplierId> =
        demo.suppliers.iter().filter(|s| s.landed.charge_basis == ChargeBasis::Weight).map(|s| &s.id).collect();
    assert_eq!(by_weight.len(), 1, "{by_weight:?}");
    // A unit weighs something and no more than a pallet.
    assert!(demo.skus.iter().all(|s| s.weight_kg.is_some_and(|w| w > 0.0 && w <= 25.0)));
    assert_eq!(demo.recurring_orders.len(), 1);
    let standing = &demo.recurring_orders[0];
    let rules: BTreeSet<RecurringRule> = standing.lines.iter().map(|l| l.rule).collect();
    assert_eq!(standing.lines.len(), 2);
    assert_eq!(rules, [RecurringRule::Fixed, RecurringRule::OrderUpTo].into());
    assert!(standing.active && standing.every_weeks == 2);
    // The last draft was for the last due date before today: a whole number
    // of fortnights after the start, less than a fortnight ago.
    let last = standing.last_generated.unwrap();
    assert_eq!((last - standing.start).num_days() % 14, 0);
    assert!(last < today() && (today() - last).num_days() <= 14);
    assert!(demo.purchase_orders.iter().all(|o| o.lines.iter().all(|l| l.expected_landed_unit.is_none())));
}

#[test]
fn the_same_spec_gives_the_same_workspace_and_the_same_json() {
    let first = demo(today());
    let second = generate(&SampleSpec::demo(today()));
    assert!(first == second, "two runs of the demo differ");
    let first_json = serde_json::to_string(&first).unwrap();
    assert_eq!(first_json, serde_json::to_string(&second).unwrap());
    assert_eq!(first_json, serde_json::to_string(the_demo()).unwrap(), "the demo is the same in every test");
}

#[test]
fn different_seeds_give_different_workspaces() {
    let one = generate(&small_spec(1));
    let two = generate(&small_spec(2));
    assert_ne!(one.demand, two.demand);
    assert_ne!(one.offers, two.offers);
    // Same names (the catalogue is fixed), different numbers.
    let names = |ws: &Workspace| ws.skus.iter().map(|s| s.name.clone()).collect::<Vec<_>>();
    assert_eq!(names(&one), names(&two));
    assert_ne!(one.skus, two.skus);
}

#[test]
fn a_sku_is_the_same_whatever_the_size_of_the_sample() {
    // Each SKU draws from its own keyed stream, so growing the sample does
    // not reshuffle the SKUs it already had.
    let small = generate(&SampleSpec { n_skus: 16, ..small_spec(9) });
    let large = generate(&SampleSpec { n_skus: 64, ..small_spec(9) });
    let rename = |sku: &Sku| Sku {
        id: SkuId::new(sku.id.as_str().trim_start_matches("SKU-").trim_start_matches('0')),
        ..sku.clone()
    };
    let small_skus: Vec<Sku> = small.skus.iter().map(rename).collect();
    let large_skus: Vec<Sku> = large.skus.iter().take(16).map(rename).collect();
    assert_eq!(small_skus, large_skus);
}

#[test]
fn the_demo_has_the_promised_size_and_history() {
    let ws = the_demo();
    assert_eq!(ws.skus.len(), 300);
    assert_eq!(ws.locations.len(), 3);
    assert_eq!(ws.suppliers.len(), 12);
    let families: BTreeSet<&str> = ws.skus.iter().map(|s| s.family.as_str()).collect();
    assert_eq!(families.len(), 8, "{families:?}");
    let names: HashSet<&str> = ws.skus.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names.len(), 300, "every SKU has its own name");
    assert_eq!(ws.settings, Settings::default());

    let (start, end) = ws.demand.date_range().expect("the demo has demand");
    assert_eq!(end, days_before(today(), 1), "history ends yesterday");
    assert!(start >= days_before(today(), 730), "history starts {start}, more than 730 days back");
    assert!(start <= days_before(today(), 723), "history starts {start}, not in the first week of the two years");
}

#[test]
fn the_demo_keeps_its_promises_on_any_day() {
    // Everything is relative to `today`: a summer Tuesday gets the same cases.
    let summer = NaiveDate::from_ymd_opt(2025, 7, 29).unwrap();
    let ws = demo(summer);
    let broken = broken_promises(&ws, summer);
    assert!(broken.is_empty(), "{:#?}", &broken[..broken.len().min(10)]);
    assert_eq!(ws.demand.date_range().map(|(_, end)| end), Some(days_before(summer, 1)));
    assert!(ws.contracts.iter().any(|c| summer <= c.end && c.end <= days_after(summer, 45)));
    assert!(ws.contracts.iter().any(|c| c.price_review.is_some_and(|r| summer <= r && r <= days_after(summer, 30))));
    assert!(ws.stock_lots.iter().any(|lot| lot.is_expired_on(summer)));
}

#[test]
fn every_reference_in_the_demo_is_valid() {
    let broken = broken_promises(the_demo(), today());
    assert!(broken.is_empty(), "{} broken, first: {:#?}", broken.len(), &broken[..broken.len().min(10)]);
}

#[test]
fn the_demo_passes_the_import_validation() {
    let problems = engine::io::validate(the_demo());
    assert!(problems.is_empty(), "{} problems, first: {:#?}", problems.len(), &problems[..problems.len().min(10)]);
}

/// Per supplier: (purchase orders with a receipt, late ones, lead times in days).
fn delivery_record(ws: &Workspace) -> BTreeMap<&SupplierId, (usize, usize, Vec<f64>)> {
    let mut record: BTreeMap<&SupplierId, (usize, usize, Vec<f64>)> = BTreeMap::new();
    for order in &ws.purchase_orders {
        let first = order.lines.iter().flat_map(|line| line.receipts.iter().map(|r| r.date)).min();
        if let (Some(first), Some(promised), Some(approved)) = (first, order.promised, order.approved) {
            let entry = record.entry(&order.supplier).or_default();
            entry.0 += 1;
            entry.1 += usize::from(first > promised);
            entry.2.push((first - approved).num_days() as f64);
        }
    }
    record
}

fn standard_deviation(values: &[f64]) -> f64 {
    let mean = values.iter().sum::<f64>() / values.len() as f64;
    (values.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / (values.len() as f64 - 1.0)).sqrt()
}

#[test]
fn one_supplier_is_restricted_and_one_is_clearly_unreliable() {
    let ws = the_demo();
    let restricted: Vec<&Supplier> = ws.suppliers.iter().filter(|s| s.approval == Approval::Restricted).collect();
    assert!(!restricted.is_empty());
    assert!(
        restricted.iter().all(|s| ws.offers.iter().any(|o| o.supplier == s.id)),
        "a restricted supplier still offers items"
    );
    assert!(ws.suppliers.iter().any(|s| s.approval == Approval::Preferred));

    let record = delivery_record(ws);
    let mut late_shares: Vec<(f64, &SupplierId)> = record
        .iter()
        .filter(|(_, (orders, _, _))| *orders >= 30)
        .map(|(supplier, (orders, late, _))| (*late as f64 / *orders as f64, *supplier))
        .collect();
    late_shares.sort_by(|a, b| b.0.total_cmp(&a.0));
    assert!(late_shares.len() >= 8, "most suppliers have a delivery record: {late_shares:?}");
    let (worst_share, worst) = late_shares[0];
    let runner_up = late_shares[1].0;
    assert!(worst_share >= 0.4 && worst_share >= 2.0 * runner_up, "late shares {late_shares:?}");

    // Its lead times also vary far more than anyone else's.
    let spread = |supplier: &SupplierId| standard_deviation(&record[supplier].2);
    let worst_spread = spread(worst);
    for (_, other) in &late_shares[1..] {
        assert!(worst_spread > 2.0 * spread(other), "{worst} sd {worst_spread} against {other} sd {}", spread(other));
    }
    assert_eq!(ws.supplier(worst).unwrap().risk, SupplyRisk::High);
}

#[test]
fn many_skus_have_a_second_source() {
    let ws = the_demo();
    let mut offers_per_sku: BTreeMap<&SkuId, usize> = BTreeMap::new();
    for offer in &ws.offers {
        *offers_per_sku.entry(&offer.sku).or_default() += 1;
    }
    let dual = offers_per_sku.values().filter(|&&n| n >= 2).count();
    assert!(dual as f64 >= 0.4 * ws.skus.len() as f64, "{dual} of {} SKUs have two or more offers", ws.skus.len());
    let foreign: BTreeSet<&str> = ws
        .offers
        .iter()
        .filter_map(|o| ws.supplier(&o.supplier))
        .map(|s| s.currency.as_str())
        .filter(|c| *c != "EUR")
        .collect();
    assert_eq!(foreign, BTreeSet::from(["GBP", "USD"]), "offers in two foreign currencies");
}

#[test]
fn contracts_include_one_ending_soon_and_one_due_for_a_price_review() {
    let ws = the_demo();
    let (now, in_45, in_30) = (today(), days_after(today(), 45), days_after(today(), 30));
    let ending: Vec<&Contract> = ws.contracts.iter().filter(|c| now <= c.end && c.end <= in_45).collect();
    assert_eq!(ending.len(), 1, "exactly one contract ends within 45 days");
    assert!(ws.offers.iter().any(|o| o.contract.as_ref() == Some(&ending[0].id)), "items are bought under it");
    let reviews: Vec<&Contract> =
        ws.contracts.iter().filter(|c| c.price_review.is_some_and(|review| now <= review && review <= in_30)).collect();
    assert_eq!(reviews.len(), 1, "exactly one price review within 30 days");
    assert!(ws.contracts.iter().all(|c| c.start < now), "every contract has started");
}

#[test]
fn lots_include_expired_and_soon_expiring_ones() {
    let ws = the_demo();
    let now = today();
    let expired = ws.stock_lots.iter().filter(|lot| lot.is_expired_on(now)).count();
    let soon =
        ws.stock_lots.iter().filter(|lot| lot.expiry.is_some_and(|e| now <= e && e <= days_after(now, 30))).count();
    assert!(expired >= 1 && soon >= 1, "expired {expired}, expiring within 30 days {soon}");
    for lot in ws.stock_lots.iter().filter(|lot| lot.expiry.is_some()) {
        let sku = ws.sku(&lot.sku).unwrap();
        assert!(sku.shelf_life_days.is_some(), "{} has an expiry date but no shelf life", sku.id);
        assert!(!lot.lot.as_str().is_empty(), "perishable stock of {} is lot-tracked", sku.id);
        // Lots expire within a shelf life of their receipt.
        let shelf = u64::from(sku.shelf_life_days.unwrap());
        assert!(lot.expiry.unwrap() <= days_after(lot.received.unwrap(), shelf), "{:?}", lot);
    }
    // Expired lots are written off at the monthly count, so none is older than a month.
    assert!(ws.stock_lots.iter().all(|lot| lot.expiry.is_none_or(|e| e >= days_before(now, 31))));
}

#[test]
fn open_orders_are_recent_and_due_soon_with_a_few_overdue() {
    let ws = the_demo();
    let now = today();
    let open: Vec<&PurchaseOrder> =
        ws.purchase_orders.iter().filter(|po| po.lines.iter().any(|line| po.open_quantity(line) > 0.0)).collect();
    assert!(open.len() >= 10, "{} open orders", open.len());
    for po in &open {
        assert!(po.created >= days_before(now, 60), "{} created {}", po.id, po.created);
        let promised = po.promised.expect("an open order has a promised date");
        assert!(days_before(now, 30) <= promised && promised <= days_after(now, 60), "{} promised {promised}", po.id);
    }
    let overdue = open.iter().filter(|po| po.promised.is_some_and(|p| p < now)).count();
    assert!(overdue >= 1 && overdue * 2 < open.len(), "{overdue} of {} open orders overdue", open.len());
    // Orders not yet approved, or cancelled, are there too but not on order.
    for status in [PoStatus::Draft, PoStatus::PendingApproval, PoStatus::Cancelled] {
        let order =
            ws.purchase_orders.iter().find(|po| po.status == status).unwrap_or_else(|| panic!("no {status} order"));
        assert!(order.lines.iter().all(|line| order.open_quantity(line) == 0.0));
    }
}

#[test]
fn receipts_show_short_deliveries_and_rejected_units() {
    let ws = the_demo();
    let lines = || ws.purchase_orders.iter().filter(|po| !po.status.is_open()).flat_map(|po| po.lines.iter());
    let short = lines().filter(|line| !line.receipts.is_empty() && line.quantity_received() < line.quantity).count();
    let rejected = lines().flat_map(|line| line.receipts.iter()).filter(|r| r.quantity_rejected > 0.0).count();
    let split = lines().filter(|line| line.receipts.len() >= 2).count();
    assert!(short >= 5 && rejected >= 5 && split >= 5, "short {short}, with rejections {rejected}, split {split}");
    assert!(ws.purchase_orders.iter().any(|po| po.status == PoStatus::Closed), "orders closed short");
    // Receipts span the two years.
    let first = lines().flat_map(|line| line.receipts.iter()).map(|r| r.date).min().unwrap();
    assert!(first <= days_before(today(), 700), "first receipt {first}");
}

#[test]
fn charges_and_prices_are_in_whole_cents() {
    let ws = the_demo();
    for po in &ws.purchase_orders {
        for line in &po.lines {
            assert!(
                line.unit_price > rust_decimal::Decimal::ZERO && line.unit_price.scale() <= 3,
                "{} {:?}",
                po.id,
                line
            );
            for receipt in &line.receipts {
                for amount in [receipt.freight, receipt.duty, receipt.other_charges] {
                    assert!(
                        amount >= rust_decimal::Decimal::ZERO && amount.round_dp(2) == amount,
                        "{} {:?}",
                        po.id,
                        receipt
                    );
                }
            }
        }
    }
    // Importers charge duty; the per-order freight of small orders is charged.
    assert!(ws
        .purchase_orders
        .iter()
        .flat_map(|po| &po.lines)
        .flat_map(|l| &l.receipts)
        .any(|r| r.duty > rust_decimal::Decimal::ZERO));
    assert!(ws
        .purchase_orders
        .iter()
        .flat_map(|po| &po.lines)
        .flat_map(|l| &l.receipts)
        .any(|r| r.freight > rust_decimal::Decimal::ZERO));
}

/// Daily totals of one SKU over the history, all locations and channels.
fn daily_totals(ws: &Workspace, sku: &SkuId, start: NaiveDate, days: usize) -> Vec<f64> {
    let mut totals = vec![0.0; days];
    for series in ws.demand.for_sku(sku) {
        for day in series.days() {
            let idx = (day.date - start).num_days();
            if (0..days as i64).contains(&idx) {
                totals[idx as usize] += f64::from(day.quantity);
            }
        }
    }
    totals
}

fn mean(values: &[f64]) -> f64 {
    values.iter().sum::<f64>() / values.len().max(1) as f64
}

#[test]
fn all_five_demand_shapes_are_present() {
    let ws = the_demo();
    let start = days_before(today(), 730);
    let mut found: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for sku in ws.skus.iter().filter(|s| s.status == SkuStatus::Active) {
        let totals = daily_totals(ws, &sku.id, start, 730);
        let total: f64 = totals.iter().sum();
        if total < 30.0 {
            continue;
        }
        let promoted = ws.demand.for_sku(&sku.id).iter().any(|s| s.promo.any());
        let (first_year, second_year) = totals.split_at(365);
        let year_ratio = mean(second_year) / mean(first_year).max(1e-9);
        let weekly: Vec<f64> = totals.chunks(7).map(|week| week.iter().sum()).collect();
        let weekly_cv = standard_deviation(&weekly) / mean(&weekly);
        let zero_share = totals.iter().filter(|q| **q == 0.0).count() as f64 / 730.0;
        // Calendar months of each year, as 30-day blocks from the start.
        let monthly = |year: &[f64]| -> Vec<f64> { year.chunks(30).take(12).map(mean).collect() };
        let (months_one, months_two) = (monthly(first_year), monthly(second_year));
        let peak = |months: &[f64]| months.iter().enumerate().max_by(|a, b| a.1.total_cmp(b.1)).unwrap().0;
        let swing = |months: &[f64]| {
            months.iter().cloned().fold(0.0, f64::max) / months.iter().cloned().fold(f64::MAX, f64::min).max(1e-9)
        };

        if zero_share >= 0.7 && totals.iter().filter(|q| **q > 0.0).count() >= 10 {
            found.entry("intermittent").or_default().push(sku.id.as_str());
        }
        // Half-year means that only rise (or only fall), by over 30 % a year:
        // a season would go up and down again.
        let halves: Vec<f64> = totals.chunks(183).map(mean).collect();
        let rising = halves.windows(2).all(|pair| pair[1] > pair[0]);
        let falling = halves.windows(2).all(|pair| pair[1] < pair[0]);
        if ((rising && year_ratio >= 1.3) || (falling && year_ratio <= 0.77)) && zero_share < 0.5 {
            found.entry("trending").or_default().push(sku.id.as_str());
        }
        if swing(&months_one) >= 3.0
            && swing(&months_two) >= 3.0
            && peak(&months_one).abs_diff(peak(&months_two)) <= 1
            && (0.7..=1.4).contains(&year_ratio)
        {
            found.entry("seasonal").or_default().push(sku.id.as_str());
        }
        if promoted {
            found.entry("promotion").or_default().push(sku.id.as_str());
        }
        if !promoted && weekly_cv < 0.3 && (0.8..=1.25).contains(&year_ratio) && zero_share < 0.35 {
            found.entry("smooth").or_default().push(sku.id.as_str());
        }
    }
    for shape in ["smooth", "seasonal", "trending", "intermittent", "promotion"] {
        let n = found.get(shape).map_or(0, Vec::len);
        assert!(n >= 3, "{shape}: {n} SKUs; found {:?}", found.iter().map(|(k, v)| (k, v.len())).collect::<Vec<_>>());
    }
}

#[test]
fn promotions_lift_demand_visibly() {
    let ws = the_demo();
    let (mut promo_sum, mut promo_days, mut other_sum, mut other_days) = (0.0, 0usize, 0.0, 0usize);
    for series in ws.demand.series.iter().filter(|s| s.promo.any()) {
        for idx in 0..series.len() {
            if series.stockout.get(idx) {
                continue;
            }
            let quantity = f64::from(series.quantity[idx]);
            if series.promo.get(idx) {
                promo_sum += quantity;
                promo_days += 1;
            } else {
                other_sum += quantity;
                other_days += 1;
            }
        }
    }
    assert!(promo_days >= 100, "{promo_days} promotion days");
    let uplift = (promo_sum / promo_days as f64) / (other_sum / other_days as f64);
    assert!(uplift >= 1.5, "promotion days sell {uplift:.2} times a normal day");
}

#[test]
fn stockouts_are_few_flagged_and_censor_demand() {
    let ws = the_demo();
    let (mut days, mut out_days, mut zero_out_days) = (0usize, 0usize, 0usize);
    let (mut out_sum, mut in_sum) = (0.0, 0.0);
    for series in &ws.demand.series {
        for idx in 0..series.len() {
            days += 1;
            let quantity = f64::from(series.quantity[idx]);
            if series.stockout.get(idx) {
                out_days += 1;
                out_sum += quantity;
                zero_out_days += usize::from(quantity == 0.0);
            } else {
                in_sum += quantity;
            }
        }
    }
    let share = out_days as f64 / days as f64;
    assert!((0.002..=0.08).contains(&share), "stockout share {share:.4}");
    assert!(zero_out_days > 0);
    let in_stock_mean = in_sum / (days - out_days) as f64;
    assert!(out_sum / (out_days as f64) < in_stock_mean, "stockout days record less than normal days");
}

#[test]
fn commitments_include_backorders_and_allocations() {
    let ws = the_demo();
    assert!(ws.commitments.iter().any(|c| c.backorders > 0.0));
    assert!(ws.commitments.iter().any(|c| c.allocated > 0.0));
    for row in ws.commitments.iter().filter(|c| c.allocated > 0.0) {
        let on_hand: f64 = ws
            .stock_lots
            .iter()
            .filter(|lot| lot.sku == row.sku && lot.location == row.location && lot.is_available_on(today()))
            .map(|lot| lot.quantity)
            .sum();
        assert!(row.allocated <= on_hand, "{row:?} allocates more than the {on_hand} on hand");
    }
}

#[test]
fn the_catalogue_covers_the_planners_special_cases() {
    let ws = the_demo();
    let now = today();
    let discontinued: Vec<&Sku> = ws.skus.iter().filter(|s| s.status == SkuStatus::Discontinued).collect();
    assert!(!discontinued.is_empty());
    for sku in &discontinued {
        let recent: f64 = daily_totals(ws, &sku.id, days_before(now, 60), 60).iter().sum();
        assert_eq!(recent, 0.0, "{} still sells after being delisted", sku.id);
        assert!(ws.demand.for_sku(&sku.id).iter().any(|s| s.total() > 0.0), "{} sold before", sku.id);
        assert!(
            ws.purchase_orders
                .iter()
                .filter(|po| po.status.is_open())
                .all(|po| po.lines.iter().all(|l| l.sku != sku.id)),
            "nobody reorders {}",
            sku.id
        );
    }
    assert!(ws.skus.iter().any(|s| s.criticality == Criticality::High));
    assert!(ws.skus.iter().any(|s| s.criticality == Criticality::Low));
    assert!(ws.skus.iter().any(|s| s.regulated));
    assert!(ws.skus.iter().any(|s| s.shelf_life_days.is_some()));

    let no_offer: Vec<&Sku> = ws.skus.iter().filter(|s| ws.offers_for_sku(&s.id).next().is_none()).collect();
    assert!(!no_offer.is_empty(), "a SKU nobody offers");
    for sku in &no_offer {
        let orders: Vec<&PurchaseOrder> =
            ws.purchase_orders.iter().filter(|po| po.lines.iter().any(|line| line.sku == sku.id)).collect();
        assert!(!orders.is_empty(), "{} was bought while it was offered", sku.id);
        assert!(
            orders.iter().all(|po| po.created < days_before(now, 60) && !po.status.is_open()),
            "{} reordered after delisting",
            sku.id
        );
    }
    let no_history: Vec<&Sku> = ws.skus.iter().filter(|s| ws.demand.for_sku(&s.id).is_empty()).collect();
    assert!(!no_history.is_empty(), "new SKUs without history");
    assert!(no_history.iter().all(|s| s.status == SkuStatus::Active && ws.offers_for_sku(&s.id).next().is_some()));
    let short_history = ws
        .skus
        .iter()
        .filter(|s| {
            let series = ws.demand.for_sku(&s.id);
            !series.is_empty() && series.iter().all(|x| x.start >= days_before(now, 90))
        })
        .count();
    assert!(short_history >= 1, "a recently launched SKU");

    let channels: BTreeSet<&str> = ws.demand.series.iter().map(|s| s.key.channel.as_str()).collect();
    assert!(channels.len() >= 3, "{channels:?}");
    let split = ws
        .demand
        .series
        .windows(2)
        .filter(|w| (&w[0].key.sku, &w[0].key.location) == (&w[1].key.sku, &w[1].key.location))
        .count();
    assert!(split >= 5, "{split} SKU × locations sell through several channels");

    let this_month = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
    let families: BTreeSet<&str> = ws.skus.iter().map(|s| s.family.as_str()).collect();
    for family in &families {
        let months: BTreeSet<NaiveDate> = ws.budgets.iter().filter(|b| b.family == *family).map(|b| b.month).collect();
        assert!(months.contains(&this_month) && months.len() >= 6, "{family} budgets {months:?}");
        assert!(ws.budgets.iter().filter(|b| b.family == *family).all(|b| b.amount > rust_decimal::Decimal::ZERO));
    }
    assert!(ws.min_max_overrides.len() >= 2);
    assert!(
        ws.min_max_overrides.iter().any(|o| o.location.is_none())
            && ws.min_max_overrides.iter().any(|o| o.location.is_some())
    );
    for currency in ["USD", "GBP"] {
        let rates = ws.currency_rates.iter().filter(|r| r.currency.as_str() == currency).count();
        assert!(rates >= 24, "{rates} monthly {currency} rates");
    }
}

#[test]
fn costs_and_price_breaks_are_plausible() {
    let ws = the_demo();
    let (low, high) = (rust_decimal::Decimal::new(20, 2), rust_decimal::Decimal::new(400, 0));
    assert!(ws.skus.iter().all(|s| low <= s.unit_cost && s.unit_cost <= high));
    let packs: BTreeSet<u64> = ws.offers.iter().map(|o| o.pack_size as u64).collect();
    for pack in [1, 6, 12, 24, 50, 100] {
        assert!(packs.contains(&pack), "no offer in packs of {pack}: {packs:?}");
    }
    let units: BTreeSet<&str> = ws.offers.iter().map(|o| o.purchase_unit.as_str()).collect();
    assert!(units.is_superset(&BTreeSet::from(["case", "each", "pallet"])), "{units:?}");
    // A higher break that is cheaper in total than one pack less at the lower price.
    let cheaper_in_total = ws.offers.iter().any(|offer| {
        offer.price_breaks.windows(2).any(|pair| {
            let below = pair[1].min_qty - offer.pack_size;
            below >= pair[0].min_qty
                && pair[1].unit_price * engine::model::money::quantity_as_decimal(pair[1].min_qty)
                    < pair[0].unit_price * engine::model::money::quantity_as_decimal(below)
        })
    });
    assert!(cheaper_in_total);
    // Offers quote close to standard cost, after currency conversion (±40 %).
    for offer in &ws.offers {
        let supplier = ws.supplier(&offer.supplier).unwrap();
        let euros = ws.to_base(offer.price_breaks[0].unit_price, &supplier.currency, today()).unwrap();
        let standard = ws.sku(&offer.sku).unwrap().unit_cost;
        let ratio = engine::model::money::to_f64(euros / standard);
        assert!((0.6..=1.4).contains(&ratio), "{} / {} quotes {ratio:.2} × standard cost", offer.supplier, offer.sku);
    }
}

#[test]
fn stock_is_mostly_healthy_with_a_minority_below_reorder_need() {
    let ws = the_demo();
    let now = today();
    let (mut counted, mut below, mut empty) = (0usize, 0usize, 0usize);
    for sku in ws.skus.iter().filter(|s| s.status == SkuStatus::Active) {
        let Some(lead_time) = ws.offers_for_sku(&sku.id).map(|o| o.lead_time_days).min() else { continue };
        for location in &ws.locations {
            let recent = daily_totals_at(ws, &sku.id, &location.id, days_before(now, 56), 56);
            let daily = recent / 56.0;
            if daily <= 0.0 {
                continue;
            }
            counted += 1;
            let on_hand: f64 = ws
                .stock_lots
                .iter()
                .filter(|l| l.sku == sku.id && l.location == location.id && l.is_available_on(now))
                .map(|l| l.quantity)
                .sum();
            let on_order: f64 = ws
                .purchase_orders
                .iter()
                .filter(|po| po.location == location.id)
                .flat_map(|po| po.lines.iter().filter(|l| l.sku == sku.id).map(move |l| po.open_quantity(l)))
                .sum();
            empty += usize::from(on_hand <= 0.0);
            // Below what the lead time plus a week of recent demand needs.
            below += usize::from(on_hand + on_order < daily * (f64::from(lead_time) + 7.0));
        }
    }
    let below_share = below as f64 / counted as f64;
    assert!((0.03..=0.35).contains(&below_share), "{below} of {counted} below reorder need");
    assert!((empty as f64) < 0.1 * counted as f64, "{empty} of {counted} out of stock");
}

fn daily_totals_at(ws: &Workspace, sku: &SkuId, location: &LocationId, from: NaiveDate, days: u64) -> f64 {
    let to = days_after(from, days);
    ws.demand
        .for_sku_location(sku, location)
        .iter()
        .flat_map(|series| series.days())
        .filter(|day| from <= day.date && day.date < to)
        .map(|day| f64::from(day.quantity))
        .sum()
}

#[test]
fn a_large_sample_keeps_the_order_history_bounded() {
    // 3,000 SKUs × 3 locations: the demand covers every SKU at every
    // location, but closed orders are kept for a window, not for two years.
    let spec =
        SampleSpec { seed: 3, today: today(), n_skus: 3_000, n_locations: 3, n_suppliers: 12, history_days: 730 };
    let ws = generate(&spec);
    assert_eq!(ws.skus.len(), 3_000);
    let with_history: HashSet<(&SkuId, &LocationId)> =
        ws.demand.series.iter().map(|s| (&s.key.sku, &s.key.location)).collect();
    assert!(with_history.len() as f64 >= 0.95 * 9_000.0, "{} SKU × locations with history", with_history.len());
    let lines: usize = ws.purchase_orders.iter().map(|po| po.lines.len()).sum();
    assert!((50_000..=300_000).contains(&lines), "{lines} order lines");
    let oldest = ws.purchase_orders.iter().map(|po| po.created).min().unwrap();
    assert!(oldest > days_before(today(), 730), "closed orders older than the window are not kept ({oldest})");
    // Suppliers cycle as branches once the twelve profiles are used up.
    let many = generate(&SampleSpec { n_suppliers: 30, n_skus: 50, ..small_spec(4) });
    assert_eq!(many.suppliers.len(), 30);
    assert!(many.suppliers.iter().any(|s| s.id.as_str() == "NORDPACK-2"));
    assert!(broken_promises(&many, today()).is_empty());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn samples_of_any_small_shape_keep_every_promise(
        seed in any::<u64>(),
        n_skus in 0usize..40,
        n_locations in 0usize..5,
        n_suppliers in 0usize..15,
        history_days in 0u32..150,
        day_offset in 0u64..400,
    ) {
        let spec = SampleSpec { seed, today: days_after(today(), day_offset), n_skus, n_locations, n_suppliers, history_days };
        let workspace = generate(&spec);
        prop_assert_eq!(workspace.skus.len(), n_skus);
        prop_assert_eq!(workspace.locations.len(), n_locations);
        prop_assert_eq!(workspace.suppliers.len(), n_suppliers);
        let broken = broken_promises(&workspace, spec.today);
        prop_assert!(broken.is_empty(), "{:?}", broken);
        prop_assert!(workspace == generate(&spec), "not deterministic");
    }
}

/// The demo shows buying within budget at work: at least one family's
/// suggestions cost more than its budget has left this month, so the
/// within-budget page defers some (and keeps others).
#[test]
fn the_demo_has_a_family_whose_suggestions_exceed_its_budget() {
    let workspace = the_demo();
    let plan = engine::plan::plan(workspace, today(), &mut |_, _| {});
    let families = engine::purchasing::buying_within_budget(workspace, &plan, today()).unwrap();
    assert!(
        families.iter().any(|f| !f.deferred.is_empty() && !f.accepted.is_empty()),
        "no family both buys and defers: {families:?}"
    );
}
