//! Purchase orders and receipts from the simulated order lines: lines placed
//! with one supplier for one location on one day form one order, as a buyer
//! working through a supplier's suggestions would send them.
//!
//! Receipts carry the charges an invoice would: the supplier's per-order
//! freight (when the order is below its free-freight threshold) shared over
//! the lines by value (by weight for a supplier whose `charge_basis` says
//! so), per-unit freight and handling, and import duty on the
//! FOB or CIF value. Every amount is rounded to cents once, half away from
//! zero, and the shared freight is split so the shares add up to the cent.

use std::collections::BTreeMap;

use chrono::Datelike;
use rust_decimal::{Decimal, RoundingStrategy};

use super::catalog::{SkuPlan, SupplierPlan};
use super::simulate::{ceil_to, po_timing, OrderEvent};
use super::Calendar;
use crate::model::money::{pct, quantity_as_decimal, round_cents};

/// A quantity as a `Decimal`. The sample's quantities are whole units, which
/// convert exactly without the text round trip `quantity_as_decimal` takes.
fn units(quantity: f64) -> Decimal {
    if quantity.fract() == 0.0 && quantity.abs() < 1e15 {
        Decimal::from(quantity as i64)
    } else {
        quantity_as_decimal(quantity)
    }
}
use crate::model::{ChargeBasis, DutyBasis, Location, PoId, PoLine, PoStatus, PurchaseOrder, Receipt, SkuStatus};

pub(super) fn purchase_orders(
    seed: u64,
    calendar: &Calendar,
    suppliers: &[SupplierPlan],
    skus: &[SkuPlan],
    locations: &[Location],
    mut orders: Vec<OrderEvent>,
) -> Vec<PurchaseOrder> {
    let today = calendar.today as i64;
    // Keys are unique (one order per SKU × location a day), so an unstable sort is deterministic.
    crate::sorting::sort_by_key(&mut orders, |order| (order.approved, order.supplier, order.location, order.sku));
    let mut numbers = Numbering::default();
    let mut result = Vec::new();
    for group in orders.chunk_by(|a, b| (a.approved, a.supplier, a.location) == (b.approved, b.supplier, b.location)) {
        let first = &group[0];
        let plan = &suppliers[first.supplier];
        let landed = &plan.supplier.landed;
        let timing = po_timing(seed, calendar, plan, first.supplier, first.location, first.approved);
        let approved = calendar.date(first.approved);

        let values: Vec<Decimal> = group.iter().map(|order| units(order.quantity) * order.unit_price).collect();
        let value: Decimal = values.iter().sum();
        let pays_freight = landed.freight_per_order > Decimal::ZERO
            && plan.supplier.free_freight_threshold.is_none_or(|threshold| value < threshold);
        let freight_shares = if pays_freight {
            allocate_cents(landed.freight_per_order, &charge_weights(landed.charge_basis, group, skus, &values))
        } else {
            vec![Decimal::ZERO; group.len()]
        };

        let mut pending = false;
        let mut any_received = false;
        let mut closed_short = false;
        let mut split = false;
        let mut refused = false;
        let mut last_receipt = None;
        let lines = group
            .iter()
            .zip(&freight_shares)
            .enumerate()
            .map(|(line_idx, (order, freight_share))| {
                let sourcing = skus[order.sku].sourcing.iter().find(|s| s.supplier == order.supplier);
                let override_terms = sourcing.map(|s| s.landed_override.apply(landed));
                let terms = override_terms.as_ref().unwrap_or(landed);
                pending |= order.receipts.iter().any(|r| r.day >= today);
                closed_short |= order.closed_short;
                split |= order.receipts.len() > 1;
                let receipts = order
                    .receipts
                    .iter()
                    .filter(|r| r.day < today)
                    .enumerate()
                    .map(|(receipt_idx, planned)| {
                        any_received = true;
                        refused |= planned.received > 0.0 && planned.rejected >= planned.received;
                        last_receipt = last_receipt.max(Some(planned.day));
                        let quantity = units(planned.received);
                        let goods = quantity * order.unit_price;
                        let freight = round_cents(
                            if receipt_idx == 0 { *freight_share } else { Decimal::ZERO }
                                + terms.freight_per_unit * quantity,
                        );
                        let insurance = goods * pct(terms.insurance_pct);
                        let duty_base = match terms.duty_basis {
                            DutyBasis::Fob => goods,
                            DutyBasis::Cif => goods + freight + insurance,
                        };
                        Receipt {
                            receipt_no: receipt_idx as u32 + 1,
                            date: calendar.date(planned.day),
                            quantity_received: planned.received,
                            quantity_rejected: planned.rejected,
                            lot: planned.lot.clone(),
                            expiry: planned.expiry.map(|day| calendar.date(day)),
                            freight,
                            duty: round_cents(duty_base * pct(terms.duty_pct)),
                            other_charges: round_cents(terms.handling_per_unit * quantity),
                        }
                    })
                    .collect();
                PoLine {
                    line_no: 10 * (line_idx as u32 + 1),
                    sku: skus[order.sku].sku.id.clone(),
                    quantity: order.quantity,
                    unit_price: order.unit_price,
                    expected_landed_unit: None,
                    receipts,
                }
            })
            .collect();

        let status = if pending {
            if any_received {
                PoStatus::PartiallyReceived
            } else if first.approved == today - 1 {
                PoStatus::Approved
            } else {
                PoStatus::Sent
            }
        } else if closed_short {
            PoStatus::Closed
        } else {
            PoStatus::Received
        };
        let note = if closed_short && !pending {
            "Closed short: the supplier could not deliver the balance"
        } else if pending && timing.promised < today {
            "Overdue: supplier chased for a new delivery date"
        } else if refused {
            "Delivery refused at goods-in: below minimum remaining shelf life"
        } else if split {
            "Split delivery"
        } else {
            ""
        };
        result.push(PurchaseOrder {
            id: numbers.next(approved.year()),
            supplier: plan.supplier.id.clone(),
            location: locations[first.location].id.clone(),
            status,
            created: calendar.date(timing.created),
            approved: Some(approved),
            sent: (status != PoStatus::Approved).then_some(approved),
            promised: Some(calendar.date(timing.promised)),
            received: if pending { None } else { last_receipt.map(|day| calendar.date(day)) },
            note: note.to_owned(),
            lines,
            log: Vec::new(),
        });
    }
    result
}

/// What a group of order lines' per-order charges are spread over: the
/// lines' values, or their units, weights or volumes (units times the SKU's
/// weight or volume; a SKU without one weighs nothing, and `allocate_cents`
/// shares equally when no line weighs anything).
fn charge_weights(basis: ChargeBasis, group: &[OrderEvent], skus: &[SkuPlan], values: &[Decimal]) -> Vec<Decimal> {
    let per_unit = |order: &OrderEvent| match basis {
        ChargeBasis::Value => None,
        ChargeBasis::Quantity => Some(1.0),
        ChargeBasis::Weight => Some(skus[order.sku].sku.weight_kg.unwrap_or(0.0)),
        ChargeBasis::Volume => Some(skus[order.sku].sku.volume_l.unwrap_or(0.0)),
    };
    group
        .iter()
        .zip(values)
        .map(|(order, value)| per_unit(order).map_or(*value, |per_unit| quantity_as_decimal(order.quantity * per_unit)))
        .collect()
}

/// Purchase-order numbers, `PO-<year>-<5 digits>`, counting up within a year.
#[derive(Default)]
struct Numbering {
    last: BTreeMap<i32, u32>,
}

impl Numbering {
    fn next(&mut self, year: i32) -> PoId {
        let number = self.last.entry(year).or_insert(0);
        *number += 1;
        PoId::new(format!("PO-{year}-{:05}", *number))
    }

    fn continuing(orders: &[PurchaseOrder]) -> Self {
        let mut numbering = Self::default();
        for order in orders {
            let mut parts = order.id.as_str().split('-').skip(1);
            if let (Some(Ok(year)), Some(Ok(number))) =
                (parts.next().map(str::parse::<i32>), parts.next().map(str::parse::<u32>))
            {
                let last = numbering.last.entry(year).or_insert(0);
                *last = (*last).max(number);
            }
        }
        numbering
    }
}

/// Orders that are not (or no longer) on order: a draft from the last
/// planning run, one waiting for the purchasing manager's approval, and one
/// cancelled months ago. They show statuses the planner must not count as
/// stock on order.
pub(super) fn unapproved_and_cancelled_orders(
    calendar: &Calendar,
    suppliers: &[SupplierPlan],
    skus: &[SkuPlan],
    locations: &[Location],
    existing: &[PurchaseOrder],
) -> Vec<PurchaseOrder> {
    let Some(location) = locations.first() else { return Vec::new() };
    let today = calendar.today as i64;
    let mut numbers = Numbering::continuing(existing);
    // (SKU, its listed source with an auto-selectable supplier), in SKU order.
    let buyable: Vec<(&SkuPlan, &super::catalog::Sourcing)> = skus
        .iter()
        .filter(|plan| plan.sku.status == SkuStatus::Active)
        .filter_map(|plan| {
            plan.sourcing
                .iter()
                .find(|s| s.listed && suppliers[s.supplier].supplier.approval.auto_selectable())
                .map(|source| (plan, source))
        })
        .collect();
    let Some(&(_, first_source)) = buyable.first() else { return Vec::new() };

    let order =
        |numbers: &mut Numbering, created: i64, status: PoStatus, supplier: usize, lines: Vec<PoLine>, note: &str| {
            let created_date = calendar.date(created);
            let approved = matches!(status, PoStatus::Cancelled).then_some(created_date);
            PurchaseOrder {
                id: numbers.next(created_date.year()),
                supplier: suppliers[supplier].supplier.id.clone(),
                location: location.id.clone(),
                status,
                created: created_date,
                approved,
                sent: approved,
                promised: None,
                received: None,
                note: note.to_owned(),
                lines,
                log: Vec::new(),
            }
        };
    let line = |line_idx: usize, plan: &SkuPlan, quantity: f64, source: &super::catalog::Sourcing| PoLine {
        line_no: 10 * (line_idx as u32 + 1),
        sku: plan.sku.id.clone(),
        quantity,
        unit_price: source.price_for(quantity),
        expected_landed_unit: None,
        receipts: Vec::new(),
    };

    let mut extra = Vec::new();
    let draft_supplier = first_source.supplier;
    let draft_lines: Vec<PoLine> = buyable
        .iter()
        .filter(|(_, source)| source.supplier == draft_supplier)
        .take(3)
        .enumerate()
        .map(|(idx, (plan, source))| line(idx, plan, source.moq, source))
        .collect();
    extra.push(order(
        &mut numbers,
        today - 1,
        PoStatus::Draft,
        draft_supplier,
        draft_lines,
        "Draft from the last planning run",
    ));

    // The dearest item, in a quantity above the first approval threshold.
    if let Some(&(plan, source)) = buyable.iter().max_by(|a, b| a.0.sku.unit_cost.cmp(&b.0.sku.unit_cost)) {
        let rate = suppliers[source.supplier].rate_to_base;
        let euros_per_unit = crate::model::money::to_f64(source.price_for(source.moq) * rate).max(0.01);
        let quantity = ceil_to(6_000.0 / euros_per_unit, source.pack).max(source.moq);
        extra.push(order(
            &mut numbers,
            today - 2,
            PoStatus::PendingApproval,
            source.supplier,
            vec![line(0, plan, quantity, source)],
            "Awaiting approval: above the purchasing manager's limit",
        ));
    }

    let (plan, source) = buyable[buyable.len() / 2];
    let cancelled_on = today - (today / 3).clamp(1, 200);
    extra.push(order(
        &mut numbers,
        cancelled_on,
        PoStatus::Cancelled,
        source.supplier,
        vec![line(0, plan, source.moq, source)],
        "Cancelled: entered twice by mistake",
    ));
    extra
}

/// Split `total` (whole cents) over `weights` in proportion, so the shares
/// add up to `total` exactly: everyone gets the cents their exact share
/// rounds down to, and the cents left over go one each to the largest
/// remainders (the largest-remainder method; rusty_money's `allocate` hands
/// them out in order instead). Equal weights are used when none is positive.
pub(crate) fn allocate_cents(total: Decimal, weights: &[Decimal]) -> Vec<Decimal> {
    if weights.is_empty() {
        return Vec::new();
    }
    let total_cents = (total * Decimal::ONE_HUNDRED).round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero);
    let positive: Vec<Decimal> = weights.iter().map(|w| (*w).max(Decimal::ZERO)).collect();
    let sum: Decimal = positive.iter().sum();
    let (weights, sum) = if sum > Decimal::ZERO {
        (positive, sum)
    } else {
        (vec![Decimal::ONE; weights.len()], Decimal::from(weights.len()))
    };
    let exact: Vec<Decimal> = weights.iter().map(|w| total_cents * *w / sum).collect();
    let mut cents: Vec<Decimal> = exact.iter().map(|e| e.floor()).collect();
    let handed_out: Decimal = cents.iter().sum();
    let mut left = total_cents - handed_out;
    let mut by_remainder: Vec<usize> = (0..exact.len()).collect();
    crate::sorting::sort_by(&mut by_remainder, |&a, &b| {
        (exact[b] - cents[b]).cmp(&(exact[a] - cents[a])).then(a.cmp(&b))
    });
    for idx in by_remainder {
        if left <= Decimal::ZERO {
            break;
        }
        cents[idx] += Decimal::ONE;
        left -= Decimal::ONE;
    }
    cents.into_iter().map(|c| c / Decimal::ONE_HUNDRED).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::str::FromStr;

    fn dec(text: &str) -> Decimal {
        Decimal::from_str(text).unwrap()
    }

    #[test]
    fn freight_of_ten_euros_over_three_equal_lines() {
        // 1000 cents / 3 = 333.33… each; the one cent left goes to the first.
        let shares = allocate_cents(dec("10.00"), &[dec("1"), dec("1"), dec("1")]);
        assert_eq!(shares, vec![dec("3.34"), dec("3.33"), dec("3.33")]);
    }

    #[test]
    fn the_largest_remainder_gets_the_spare_cent() {
        // 100 cents by 1:2 → 33.33 and 66.67; the second's remainder is larger.
        let shares = allocate_cents(dec("1.00"), &[dec("10"), dec("20")]);
        assert_eq!(shares, vec![dec("0.33"), dec("0.67")]);
        assert_eq!(allocate_cents(dec("0.05"), &[Decimal::ZERO, Decimal::ZERO]), vec![dec("0.03"), dec("0.02")]);
        assert!(allocate_cents(dec("5"), &[]).is_empty());
    }

    proptest! {
        #[test]
        fn shares_add_up_to_the_cent_and_each_is_within_a_cent_of_its_exact_share(
            total_cents in 0i64..10_000_000,
            weights in prop::collection::vec(0i64..1_000_000, 1..40),
        ) {
            let total = Decimal::new(total_cents, 2);
            let weights: Vec<Decimal> = weights.into_iter().map(|w| Decimal::new(w, 2)).collect();
            let shares = allocate_cents(total, &weights);
            prop_assert_eq!(shares.len(), weights.len());
            prop_assert_eq!(shares.iter().sum::<Decimal>(), total);
            let sum: Decimal = weights.iter().sum();
            for (share, weight) in shares.iter().zip(&weights) {
                prop_assert_eq!(share.round_dp(2), *share, "whole cents only");
                let exact = if sum > Decimal::ZERO { total * *weight / sum } else { total / Decimal::from(weights.len()) };
                prop_assert!((*share - exact).abs() < dec("0.01"), "share {} exact {}", share, exact);
            }
        }
    }
}
