//! Policy checks on a purchase order (issue 8, guided buying): a line bought
//! from a supplier that is not preferred while a preferred one has a valid
//! offer for the SKU, or from a restricted (or blocked, or unknown)
//! supplier, is flagged with the compliant alternative and what it would
//! cost in landed terms, per unit and for the line.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::model::{Approval, Currency, PoId, PurchaseOrder, SkuId, Supplier, SupplierId, Workspace};
use crate::plan::landed::{landed_unit_cost, round_cents, round_unit, times, LandedCostInputs};
use crate::plan::supplier_choice::{prepare_offer, quantity_decimal};

/// What is wrong with the supplier of a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PolicyIssue {
    /// An approved (not preferred) supplier while a preferred one has a valid offer.
    #[serde(rename = "non_preferred")]
    NonPreferred,
    #[serde(rename = "restricted")]
    Restricted,
    #[serde(rename = "blocked")]
    Blocked,
    /// The supplier is not in the supplier list.
    #[serde(rename = "unknown_supplier")]
    UnknownSupplier,
}

/// The compliant offer a flagged line could have been bought from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CompliantAlternative {
    pub supplier: SupplierId,
    pub approval: Approval,
    pub currency: Currency,
    /// The all-units price at the line's quantity, supplier currency.
    pub unit_price: Decimal,
    /// Landed cost of one unit at the line's quantity, base currency, four decimals.
    pub landed_unit_cost: Decimal,
    /// The line's quantity meets the alternative's ordering rules (MOQ,
    /// first break, pack and purchase-unit step, minimum order value) as it is.
    pub orderable_as_is: bool,
}

/// One flagged line.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PolicyFinding {
    pub po: PoId,
    pub line_no: u32,
    pub sku: SkuId,
    pub supplier: SupplierId,
    /// `None` for an unknown supplier.
    pub approval: Option<Approval>,
    pub issue: PolicyIssue,
    pub quantity: f64,
    /// The line's landed cost of one unit at its price, base currency, four
    /// decimals; `None` when the supplier or its exchange rate is unknown.
    pub landed_unit_cost: Option<Decimal>,
    /// The cheapest compliant offer; `None` when there is none.
    pub alternative: Option<CompliantAlternative>,
    /// Alternative − line, per unit (four decimals) and for the line's
    /// quantity (cents), base currency: negative when the compliant
    /// alternative is cheaper. `None` without both costs.
    pub difference_per_unit: Option<Decimal>,
    pub difference_for_line: Option<Decimal>,
}

/// The policy findings of a purchase order's lines, in line order.
///
/// Conventions:
/// - **Flagged**: a line from a `Restricted` or `Blocked` supplier, or one
///   not in the supplier list; or from an `Approved` supplier while a
///   `Preferred` supplier has an offer for the SKU valid `today`
///   (`Offer::is_valid_on`). Lines from preferred suppliers, and from approved
///   ones when no preferred offer is valid, are compliant.
/// - **Compliant alternative**: for a non-preferred line, the cheapest valid,
///   priceable offer of a preferred supplier; for a restricted, blocked or
///   unknown supplier, the cheapest preferred one, else the cheapest approved
///   one. "Cheapest" is the landed unit cost at the line's quantity; ties go
///   to the lower supplier id.
/// - **Landed unit costs** are the plan's (`plan::landed::landed_unit_cost`)
///   at the line's quantity, converted to the base currency at today's rate:
///   the line at its own unit price with its supplier's landed-cost terms
///   (the offer's overrides applied when the supplier has an offer for the
///   SKU); the alternative at its all-units break for that quantity with
///   its terms (`Pricing::price`). As in the plan, per-order freight is
///   carried by this line's quantity alone, and waived when the line's goods
///   value reaches the supplier's free-freight threshold. The quantity is not
///   rounded to the alternative's ordering rules; `orderable_as_is` says
///   whether it meets them.
/// - **Differences** are computed from the unrounded unit costs: per unit
///   rounded to four decimals, for the line (× quantity) to the cent, half
///   away from zero.
pub fn policy_checks(workspace: &Workspace, order: &PurchaseOrder, today: NaiveDate) -> Vec<PolicyFinding> {
    let supplier = workspace.supplier(&order.supplier);
    let approval = supplier.map(|s| s.approval);
    let mut findings = Vec::new();
    for line in &order.lines {
        let issue = match approval {
            None => PolicyIssue::UnknownSupplier,
            Some(Approval::Restricted) => PolicyIssue::Restricted,
            Some(Approval::Blocked) => PolicyIssue::Blocked,
            Some(Approval::Preferred) => continue,
            Some(Approval::Approved) => PolicyIssue::NonPreferred,
        };
        let preferred = cheapest_alternative(workspace, &line.sku, line.quantity, Approval::Preferred, today);
        let alternative = match issue {
            PolicyIssue::NonPreferred => match preferred {
                Some(found) => Some(found),
                None if has_valid_preferred_offer(workspace, &line.sku, today) => None,
                None => continue,
            },
            _ => preferred
                .or_else(|| cheapest_alternative(workspace, &line.sku, line.quantity, Approval::Approved, today)),
        };
        let current =
            supplier.and_then(|s| line_landed_unit(workspace, s, &line.sku, line.unit_price, line.quantity, today));
        let difference = match (&alternative, current) {
            (Some((_, alternative_unit)), Some(current_unit)) => Some(*alternative_unit - current_unit),
            _ => None,
        };
        findings.push(PolicyFinding {
            po: order.id.clone(),
            line_no: line.line_no,
            sku: line.sku.clone(),
            supplier: order.supplier.clone(),
            approval,
            issue,
            quantity: line.quantity,
            landed_unit_cost: current.map(round_unit),
            difference_per_unit: difference.map(round_unit),
            difference_for_line: difference.map(|d| round_cents(times(d, quantity_decimal(line.quantity)))),
            alternative: alternative.map(|(alternative, _)| alternative),
        });
    }
    findings
}

/// A preferred supplier has an offer for the SKU valid today (priceable or not).
fn has_valid_preferred_offer(workspace: &Workspace, sku: &SkuId, today: NaiveDate) -> bool {
    workspace.offers_for_sku(sku).any(|offer| {
        offer.is_valid_on(today)
            && workspace.supplier(&offer.supplier).is_some_and(|s| s.approval == Approval::Preferred)
    })
}

/// The cheapest valid, priceable offer for `sku` from a supplier with
/// `approval`, at `quantity`, with its unrounded landed unit cost.
fn cheapest_alternative(
    workspace: &Workspace,
    sku: &SkuId,
    quantity: f64,
    approval: Approval,
    today: NaiveDate,
) -> Option<(CompliantAlternative, Decimal)> {
    let mut best: Option<(CompliantAlternative, Decimal)> = None;
    for offer in workspace.offers_for_sku(sku) {
        let Some(supplier) = workspace.supplier(&offer.supplier).filter(|s| s.approval == approval) else {
            continue;
        };
        // `prepare_offer` refuses offers not valid today, without a rate or a price.
        let prepared = prepare_offer(workspace, offer, Some(supplier), today);
        let Some(pricing) = prepared.pricing.as_ref() else { continue };
        let priced = pricing.price(quantity);
        let rounded = pricing.ordering.round(quantity);
        let candidate = CompliantAlternative {
            supplier: supplier.id.clone(),
            approval,
            currency: supplier.currency.clone(),
            unit_price: priced.unit_price,
            landed_unit_cost: priced.landed_rounded.total,
            orderable_as_is: (rounded - quantity).abs() <= 1e-9 * quantity.abs().max(1.0),
        };
        let cheaper = best.as_ref().is_none_or(|(current, unit)| {
            priced.landed.total < *unit || (priced.landed.total == *unit && candidate.supplier < current.supplier)
        });
        if cheaper {
            best = Some((candidate, priced.landed.total));
        }
    }
    best
}

/// The landed cost of one unit of a PO line at its own price, base currency, unrounded.
fn line_landed_unit(
    workspace: &Workspace,
    supplier: &Supplier,
    sku: &SkuId,
    unit_price: Decimal,
    quantity: f64,
    today: NaiveDate,
) -> Option<Decimal> {
    let rate_to_base = workspace.rate_to_base(&supplier.currency, today).ok()?;
    let terms = match workspace.offer(&supplier.id, sku) {
        Some(offer) => offer.landed_override.apply(&supplier.landed),
        None => supplier.landed.clone(),
    };
    let quantity = quantity_decimal(quantity);
    let waived = supplier.free_freight_threshold.is_some_and(|threshold| times(quantity, unit_price) >= threshold);
    let per_order_freight = if waived { Decimal::ZERO } else { terms.freight_per_order };
    Some(
        landed_unit_cost(&LandedCostInputs { unit_price, terms: &terms, per_order_freight, quantity, rate_to_base })
            .total,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CurrencyRate, DutyBasis, PoLine, PoStatus, Sorted};
    use crate::purchasing::urgent::tests::{date, dec, offer, supplier, today};

    /// Base EUR; USD → EUR 0.90. SKU W: A (preferred, USD, 4.00, 3.80 from
    /// 100, packs of 10; per-order freight 20, freight 0.30 a unit, duty 5 %
    /// FOB), P (preferred, 3.00, expired 2025-02-28), B (approved, 4.20),
    /// C (restricted, 3.00). SKU V: B and C only.
    fn workspace() -> Workspace {
        let mut a = supplier("A", Approval::Preferred);
        a.currency = Currency::new("USD");
        a.landed.freight_per_order = dec("20");
        a.landed.freight_per_unit = dec("0.30");
        a.landed.duty_pct = dec("5");
        a.landed.duty_basis = DutyBasis::Fob;
        let mut a_w = offer("A", "W", &[(0.0, "4.00"), (100.0, "3.80")], 14);
        a_w.pack_size = 10.0;
        let mut p_w = offer("P", "W", &[(0.0, "3.00")], 14);
        p_w.valid_to = Some(date("2025-02-28"));
        Workspace {
            suppliers: Sorted::from_vec(vec![
                a,
                supplier("B", Approval::Approved),
                supplier("C", Approval::Restricted),
                supplier("P", Approval::Preferred),
            ]),
            offers: Sorted::from_vec(vec![
                a_w,
                offer("B", "W", &[(0.0, "4.20")], 21),
                offer("B", "V", &[(0.0, "2.00")], 21),
                offer("C", "W", &[(0.0, "3.00")], 3),
                offer("C", "V", &[(0.0, "1.00")], 3),
                p_w,
            ]),
            currency_rates: Sorted::from_vec(vec![CurrencyRate {
                currency: Currency::new("USD"),
                as_of: date("2025-01-01"),
                rate: dec("0.90"),
            }]),
            ..Workspace::default()
        }
    }

    fn po(supplier: &str, lines: &[(&str, f64, &str)]) -> PurchaseOrder {
        PurchaseOrder {
            id: "PO-1".into(),
            supplier: supplier.into(),
            location: "WH".into(),
            status: PoStatus::Draft,
            created: today(),
            approved: None,
            sent: None,
            promised: None,
            received: None,
            note: String::new(),
            lines: lines
                .iter()
                .enumerate()
                .map(|(idx, &(sku, quantity, price))| PoLine {
                    line_no: idx as u32 + 1,
                    sku: sku.into(),
                    quantity,
                    unit_price: dec(price),
                    expected_landed_unit: None,
                    receipts: Vec::new(),
                })
                .collect(),
            log: Vec::new(),
        }
    }

    /// A at 100 units: break 3.80; freight 0.30 + 20/100 = 0.50; duty 5 % ×
    /// 3.80 = 0.19; 3.80 + 0.50 + 0.19 = 4.49 USD × 0.90 = 4.041 EUR. P is
    /// cheaper but its offer expired. B's line at 4.20: 4.041 − 4.20 = −0.159
    /// a unit, × 100 = −15.90. V has no preferred offer: not flagged.
    #[test]
    fn a_non_preferred_line_shows_the_preferred_alternative() {
        let findings = policy_checks(&workspace(), &po("B", &[("W", 100.0, "4.20"), ("V", 50.0, "2.00")]), today());
        assert_eq!(findings.len(), 1, "{findings:?}");
        let finding = &findings[0];
        assert_eq!((finding.line_no, finding.issue), (1, PolicyIssue::NonPreferred));
        assert_eq!(finding.landed_unit_cost, Some(dec("4.20")));
        let alternative = finding.alternative.as_ref().unwrap();
        assert_eq!(alternative.supplier.as_str(), "A");
        assert_eq!(alternative.unit_price, dec("3.80"));
        assert_eq!(alternative.landed_unit_cost, dec("4.041"));
        assert!(alternative.orderable_as_is);
        assert_eq!(finding.difference_per_unit, Some(dec("-0.159")));
        assert_eq!(finding.difference_for_line, Some(dec("-15.90")));
    }

    /// 95 units: not a multiple of A's packs of 10, and below its 100 break:
    /// 4.00 + 0.30 + 20/95 + 5 % × 4.00 = 4.71052631… USD × 0.90 =
    /// 4.23947368… → 4.2395 EUR; − 4.20 = 0.0395 a unit; × 95 = 3.75 (3.7500).
    #[test]
    fn the_alternative_is_priced_at_the_lines_quantity() {
        let findings = policy_checks(&workspace(), &po("B", &[("W", 95.0, "4.20")]), today());
        let alternative = findings[0].alternative.as_ref().unwrap();
        assert_eq!(alternative.unit_price, dec("4.00"));
        assert_eq!(alternative.landed_unit_cost, dec("4.2395"));
        assert!(!alternative.orderable_as_is);
        assert_eq!(findings[0].difference_per_unit, Some(dec("0.0395")));
        assert_eq!(findings[0].difference_for_line, Some(dec("3.75")));
    }

    /// Restricted C at 3.00: every line flagged. W: A at 4.041 → +1.041 a
    /// unit, +104.10. V: no preferred offer, so the approved B at 2.00 →
    /// +1.00 a unit, × 50 = +50.00.
    #[test]
    fn a_restricted_line_shows_the_preferred_or_else_approved_alternative() {
        let findings = policy_checks(&workspace(), &po("C", &[("W", 100.0, "3.00"), ("V", 50.0, "1.00")]), today());
        let seen: Vec<(PolicyIssue, &str, Option<Decimal>, Option<Decimal>)> = findings
            .iter()
            .map(|f| {
                (
                    f.issue,
                    f.alternative.as_ref().unwrap().supplier.as_str(),
                    f.difference_per_unit,
                    f.difference_for_line,
                )
            })
            .collect();
        assert_eq!(
            seen,
            vec![
                (PolicyIssue::Restricted, "A", Some(dec("1.041")), Some(dec("104.10"))),
                (PolicyIssue::Restricted, "B", Some(dec("1.00")), Some(dec("50.00"))),
            ]
        );
    }

    /// A preferred line is compliant; a preferred offer valid today but not
    /// priceable (no USD rate) still makes an approved line non-compliant,
    /// without an alternative to price.
    #[test]
    fn preferred_lines_pass_and_an_unpriceable_preferred_offer_still_flags() {
        assert!(policy_checks(&workspace(), &po("A", &[("W", 100.0, "3.80")]), today()).is_empty());
        let mut without_rate = workspace();
        without_rate.currency_rates = Sorted::default();
        let findings = policy_checks(&without_rate, &po("B", &[("W", 100.0, "4.20")]), today());
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].alternative, None);
        assert_eq!(findings[0].difference_for_line, None);
        assert_eq!(findings[0].landed_unit_cost, Some(dec("4.20")));
    }
}
