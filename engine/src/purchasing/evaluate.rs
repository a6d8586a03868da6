//! What a draft purchase order costs and what is wrong with it: the figures
//! the draft page shows and recomputes on every edit.
//!
//! Each line is priced at the all-units break its SKU's quantity on the whole
//! order lands in, with the supplier's terms and the offer's override, exactly
//! as the plan prices an offer (`plan::supplier_choice::prepare_offer_with`).
//! The per-order freight, waived when the order's goods reach the supplier's
//! free-freight threshold, is spread over the lines with [`allocate_cents`] by
//! the supplier's charge basis, and each line's amounts are [`line_amounts`].

use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;
use rustc_hash::FxHashMap as HashMap;
use serde::{Deserialize, Serialize};

use super::allocate::{allocate_cents, AllocationError};
use super::amounts::{line_amounts, to_base_cents, AmountsError, LineAmounts, LineAmountsInputs};
use crate::model::{ChargeBasis, Currency, PaymentTerms, PoId, PurchaseOrder, SkuId, SupplierId, Workspace};
use crate::plan::landed::{plus, round_cents, times};
use crate::plan::line::Exclusion;
use crate::plan::order_quantity::round_up_to_step;
use crate::plan::supplier_choice::{prepare_offer_with, quantity_decimal, supplier_terms, Pricing};

/// Relative tolerance for comparing quantities that went through `f64`
/// arithmetic (a step of 0.1 times 3 is 0.30000000000000004), as the plan's.
const SLACK: f64 = 1e-9;

/// Why [`evaluate_po`] could not price an order.
#[derive(Clone, Debug, PartialEq, thiserror::Error, Serialize, Deserialize)]
pub enum EvaluateError {
    #[error("the supplier {supplier} is not in the workspace")]
    UnknownSupplier { supplier: SupplierId },
    #[error("no exchange rate from {currency} to {base} is known (add one under currency rates)")]
    MissingRate { currency: Currency, base: Currency },
    #[error("line {line_no}: the supplier has no offer for {sku}")]
    NoOffer { line_no: u32, sku: SkuId },
    #[error("line {line_no}: the offer for {sku} cannot be used: {reason}")]
    OfferNotUsable { line_no: u32, sku: SkuId, reason: Exclusion },
    #[error("line {line_no}: {error}")]
    Line { line_no: u32, error: AmountsError },
    #[error("the order's charges cannot be spread: {0}")]
    Allocation(AllocationError),
}

/// One line, priced.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LineEvaluation {
    pub line_no: u32,
    pub sku: SkuId,
    pub quantity: f64,
    /// The break applied: its `min_qty` and price, chosen on the order's
    /// quantity of this SKU (all its lines together).
    pub price_break_min_qty: f64,
    pub unit_price: Decimal,
    pub amounts: LineAmounts,
}

/// An order's totals in one currency; the sums of the lines' amounts (in base
/// currency: each supplier-currency total converted by `to_base_cents`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PoTotals {
    pub goods: Decimal,
    pub insurance: Decimal,
    /// Per-unit freight and the per-order freight.
    pub freight: Decimal,
    pub duty: Decimal,
    /// Import tax charged, recoverable or not.
    pub import_tax: Decimal,
    /// The part of `import_tax` that is a cost (not recoverable).
    pub tax_in_cost: Decimal,
    pub handling: Decimal,
    pub landed: Decimal,
}

/// An early-payment discount on an invoice.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EarlyDiscount {
    pub pct: Decimal,
    /// Last day the discount may be taken.
    pub due: NaiveDate,
    /// round(pct × invoice amount), to the cent.
    pub amount: Decimal,
    /// The invoice amount less the discount.
    pub pay: Decimal,
}

/// When an invoice is due and what paying early saves.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PaymentSchedule {
    pub invoice_date: NaiveDate,
    pub amount: Decimal,
    pub net_due: NaiveDate,
    pub early_discount: Option<EarlyDiscount>,
}

/// Why [`payment_schedule`] refused its input.
#[derive(Clone, Debug, PartialEq, thiserror::Error, Serialize, Deserialize)]
pub enum PaymentError {
    #[error("the invoice amount {amount} is negative")]
    NegativeAmount { amount: Decimal },
    #[error("the early-payment discount of {pct} % is not between 0 and 100")]
    DiscountOutOfRange { pct: Decimal },
    #[error("the payment terms give an early-payment discount or its days, not both")]
    IncompleteDiscount,
    #[error("a due date falls outside the calendar")]
    DateOutOfRange,
}

/// The due dates of an invoice of `amount` dated `invoice_date` under `terms`.
///
/// Conventions ("2/10 net 30": 2 % off when paid within 10 days, else the
/// full amount within 30): net due = invoice date + net days; with both a
/// discount percentage and its days, the discount is due by invoice date +
/// discount days and is round(pct % × amount) to the cent, half away from
/// zero. Refused: a negative amount, a percentage outside 0–100, terms that
/// give only one of the discount's percentage and days, dates beyond the
/// calendar.
pub fn payment_schedule(
    terms: &PaymentTerms,
    invoice_date: NaiveDate,
    amount: Decimal,
) -> Result<PaymentSchedule, PaymentError> {
    if amount.is_sign_negative() && !amount.is_zero() {
        return Err(PaymentError::NegativeAmount { amount });
    }
    let after =
        |days: u32| invoice_date.checked_add_days(Days::new(u64::from(days))).ok_or(PaymentError::DateOutOfRange);
    let early_discount = match (terms.early_discount_pct, terms.early_discount_days) {
        (None, None) => None,
        (Some(pct), Some(days)) => {
            if pct < Decimal::ZERO || pct > Decimal::ONE_HUNDRED {
                return Err(PaymentError::DiscountOutOfRange { pct });
            }
            let discount = round_cents(times(times(pct, amount), Decimal::new(1, 2)));
            Some(EarlyDiscount { pct, due: after(days)?, amount: discount, pay: amount - discount })
        }
        _ => return Err(PaymentError::IncompleteDiscount),
    };
    Ok(PaymentSchedule { invoice_date, amount, net_due: after(terms.net_days)?, early_discount })
}

/// Something the buyer should fix or may want to change on an order, with
/// the shortfall in money where there is one (supplier currency).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum PoCheck {
    /// The order holds no lines.
    NoLines,
    /// The SKU's quantity on the order is below the offer's MOQ. `extra_goods`
    /// is what ordering the MOQ adds to the goods (at the MOQ's break).
    BelowMoq { line_no: u32, sku: SkuId, quantity: f64, moq: f64, extra_units: f64, extra_goods: Decimal },
    /// The SKU's quantity is not a whole number of packs and purchase units.
    NotOrderMultiple { line_no: u32, sku: SkuId, quantity: f64, step: f64, next_valid: f64 },
    /// The SKU's quantity is below every price break; the first is applied.
    BelowFirstBreak { line_no: u32, sku: SkuId, quantity: f64, first_break_min_qty: f64 },
    /// Ordering `extra_units` more (to the next break, made a whole number of
    /// packs) costs `saving` less in landed total.
    NextBreakSaves { line_no: u32, sku: SkuId, extra_units: f64, break_min_qty: f64, saving: Decimal },
    /// The order's goods are below the supplier's minimum order value.
    BelowMinimumOrderValue { goods: Decimal, minimum: Decimal, shortfall: Decimal },
    /// The order pays per-order freight; `shortfall` more goods waive it.
    FreeFreightWithinReach { goods: Decimal, threshold: Decimal, shortfall: Decimal, freight_saving: Decimal },
    /// The supplier spreads charges by weight or volume but these lines'
    /// SKUs lack it: the charges were spread by value instead.
    ChargeBasisFallback { basis: ChargeBasis, lines: Vec<u32> },
}

impl PoCheck {
    /// The check as a sentence, amounts in `currency`.
    pub fn message(&self, currency: &Currency) -> String {
        let units = |n: f64| crate::plan::explain::number(n);
        match self {
            PoCheck::NoLines => "the order has no lines".to_owned(),
            PoCheck::BelowMoq { line_no, sku, quantity, moq, extra_units, extra_goods } => format!(
                "line {line_no}: {} of {sku} is below the minimum order quantity {}: {} more units add {extra_goods} {currency} of goods",
                units(*quantity),
                units(*moq),
                units(*extra_units)
            ),
            PoCheck::NotOrderMultiple { line_no, sku, quantity, step, next_valid } => format!(
                "line {line_no}: {} of {sku} is not a multiple of {}; the next valid quantity is {}",
                units(*quantity),
                units(*step),
                units(*next_valid)
            ),
            PoCheck::BelowFirstBreak { line_no, sku, quantity, first_break_min_qty } => format!(
                "line {line_no}: {} of {sku} is below the first price break ({}); its price is applied",
                units(*quantity),
                units(*first_break_min_qty)
            ),
            PoCheck::NextBreakSaves { line_no, extra_units, saving, .. } => format!(
                "line {line_no}: {} more units reach the next break and save {saving} {currency}",
                units(*extra_units)
            ),
            PoCheck::BelowMinimumOrderValue { shortfall, .. } => {
                format!("add {shortfall} {currency} to reach the minimum order value")
            }
            PoCheck::FreeFreightWithinReach { shortfall, freight_saving, .. } => {
                format!("add {shortfall} {currency} to reach free freight, saving {freight_saving} {currency} freight")
            }
            PoCheck::ChargeBasisFallback { basis, lines } => format!(
                "charges are spread by value: the supplier's basis is {basis}, which lines {} lack",
                lines.iter().map(u32::to_string).collect::<Vec<_>>().join(", ")
            ),
        }
    }
}

/// A purchase order priced: what the draft page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PoEvaluation {
    pub po: PoId,
    pub supplier: SupplierId,
    pub currency: Currency,
    pub base_currency: Currency,
    /// One unit of the supplier currency in the base currency, today.
    pub rate_to_base: Decimal,
    /// In `PurchaseOrder::lines` order.
    pub lines: Vec<LineEvaluation>,
    /// The supplier's per-order freight, to the cent, before any waiver.
    pub per_order_freight: Decimal,
    pub freight_waived: bool,
    /// What the per-order freight was spread by (value after a fallback).
    pub charge_basis: ChargeBasis,
    pub totals: PoTotals,
    pub totals_base: PoTotals,
    /// The goods invoice's due dates, dated the promised delivery; for an
    /// order not yet promised (a draft), the day it would arrive if sent
    /// today: today + the longest quoted lead time of its offers.
    pub payment: Result<PaymentSchedule, PaymentError>,
    pub checks: Vec<PoCheck>,
}

/// A SKU on the order: its pricing and its lines.
struct SkuOnOrder<'a> {
    pricing: Pricing<'a>,
    moq: f64,
    quantity: f64,
    tier: usize,
    /// Indices into the order's lines.
    lines: Vec<usize>,
}

/// Price `order` as of `today`: every line at its break, the per-order
/// freight spread, totals in both currencies, checks and payment dates.
///
/// Conventions:
/// - a SKU's price break is chosen on its quantity over all its lines (the
///   plan's rule, `OrderingTerms::tier_for`); the MOQ, pack and break checks
///   are on that quantity too and are reported on the SKU's first line;
/// - the per-order freight (rounded to the cent) is waived when the order's
///   goods (the sum of the lines' goods, in cents) reach the supplier's
///   free-freight threshold;
/// - it is spread by the supplier's `charge_basis`: goods value, quantity,
///   weight (`Sku::weight_kg` × quantity) or volume (`Sku::volume_l` ×
///   quantity); when any line's SKU lacks the weight or volume needed, by
///   value, with a `ChargeBasisFallback` check naming those lines;
/// - base-currency totals are the supplier-currency totals converted with
///   `to_base_cents` at today's rate;
/// - `NextBreakSaves`: the quantity at the next break is its `min_qty`
///   rounded up to the order step; the saving is the SKU's landed total now
///   less its landed total there (the extra units on its first line, every
///   line at the new price, each line keeping its share of the per-order
///   charges), reported only when positive;
/// - `FreeFreightWithinReach` is reported whenever freight is paid and a
///   threshold exists; `BelowMinimumOrderValue` compares the goods.
///
/// Refused (an error, not a check): an unknown supplier, a missing exchange
/// rate, a line whose SKU the supplier does not offer or whose offer cannot
/// be used today (blocked supplier, outside its validity, no price breaks),
/// a line `line_amounts` refuses (a quantity not above zero).
pub fn evaluate_po(
    workspace: &Workspace,
    order: &PurchaseOrder,
    today: NaiveDate,
) -> Result<PoEvaluation, EvaluateError> {
    let supplier = workspace
        .supplier(&order.supplier)
        .ok_or_else(|| EvaluateError::UnknownSupplier { supplier: order.supplier.clone() })?;
    let side = supplier_terms(workspace, supplier, today);
    let rate = match &side.rate_to_base {
        Ok(rate) => *rate,
        Err(missing) => {
            return Err(EvaluateError::MissingRate { currency: missing.currency.clone(), base: missing.base.clone() })
        }
    };

    // The SKUs on the order, each priced once, in order of first appearance.
    let mut skus: Vec<SkuOnOrder> = Vec::new();
    let mut sku_of_line: Vec<usize> = Vec::with_capacity(order.lines.len());
    let mut index: HashMap<&SkuId, usize> = HashMap::default();
    for (line_idx, line) in order.lines.iter().enumerate() {
        let sku_idx = match index.get(&line.sku) {
            Some(&idx) => idx,
            None => {
                let offer = workspace
                    .offer(&order.supplier, &line.sku)
                    .ok_or_else(|| EvaluateError::NoOffer { line_no: line.line_no, sku: line.sku.clone() })?;
                let prepared = prepare_offer_with(offer, Some(supplier), today, Some(&side));
                let Some(pricing) = prepared.pricing else {
                    let reason = prepared.exclusion.unwrap_or(Exclusion::NoPriceBreaks);
                    return Err(EvaluateError::OfferNotUsable { line_no: line.line_no, sku: line.sku.clone(), reason });
                };
                index.insert(&line.sku, skus.len());
                skus.push(SkuOnOrder { pricing, moq: offer.moq.max(0.0), quantity: 0.0, tier: 0, lines: Vec::new() });
                skus.len() - 1
            }
        };
        skus[sku_idx].quantity += line.quantity;
        skus[sku_idx].lines.push(line_idx);
        sku_of_line.push(sku_idx);
    }
    for sku in &mut skus {
        sku.tier = sku.pricing.ordering.tier_for(sku.quantity);
    }

    let amounts_at = |line_idx: usize, price: Decimal, quantity: f64, share: Decimal| {
        let line = &order.lines[line_idx];
        line_amounts(&LineAmountsInputs {
            unit_price: price,
            quantity,
            terms: &skus[sku_of_line[line_idx]].pricing.terms,
            order_charge_share: share,
        })
        .map_err(|error| EvaluateError::Line { line_no: line.line_no, error })
    };
    let price_of = |line_idx: usize| {
        let sku = &skus[sku_of_line[line_idx]];
        &sku.pricing.breaks[sku.tier]
    };

    // Goods first: they decide the waiver and, by value, the spread.
    let mut goods = Vec::with_capacity(order.lines.len());
    for (line_idx, line) in order.lines.iter().enumerate() {
        goods.push(amounts_at(line_idx, price_of(line_idx).unit_price, line.quantity, Decimal::ZERO)?.goods);
    }
    let goods_total = goods.iter().fold(Decimal::ZERO, |sum, g| plus(sum, *g));
    let per_order_freight = round_cents(supplier.landed.freight_per_order.max(Decimal::ZERO));
    let freight_waived = supplier.free_freight_threshold.is_some_and(|threshold| goods_total >= threshold);
    let freight = if freight_waived { Decimal::ZERO } else { per_order_freight };

    let mut checks = Vec::new();
    let (weights, charge_basis) = charge_weights(workspace, order, &goods, supplier.landed.charge_basis, &mut checks);
    let shares = if order.lines.is_empty() {
        Vec::new()
    } else {
        allocate_cents(freight, &weights).map_err(EvaluateError::Allocation)?
    };

    let mut lines = Vec::with_capacity(order.lines.len());
    let mut totals = PoTotals::default();
    for (line_idx, line) in order.lines.iter().enumerate() {
        let price_break = price_of(line_idx);
        let amounts = amounts_at(line_idx, price_break.unit_price, line.quantity, shares[line_idx])?;
        add_to(&mut totals, &amounts);
        lines.push(LineEvaluation {
            line_no: line.line_no,
            sku: line.sku.clone(),
            quantity: line.quantity,
            price_break_min_qty: price_break.min_qty,
            unit_price: price_break.unit_price,
            amounts,
        });
    }

    if order.lines.is_empty() {
        checks.push(PoCheck::NoLines);
    }
    for sku in &skus {
        sku_checks(sku, &lines, &shares, &amounts_at, &mut checks)?;
    }
    if let Some(minimum) = supplier.min_order_value.filter(|minimum| goods_total < *minimum) {
        checks.push(PoCheck::BelowMinimumOrderValue { goods: goods_total, minimum, shortfall: minimum - goods_total });
    }
    if let Some(threshold) = supplier.free_freight_threshold.filter(|_| !freight_waived && freight > Decimal::ZERO) {
        checks.push(PoCheck::FreeFreightWithinReach {
            goods: goods_total,
            threshold,
            shortfall: threshold - goods_total,
            freight_saving: freight,
        });
    }

    let convert = |amount: Decimal| to_base_cents(amount, rate);
    let totals_base = PoTotals {
        goods: convert(totals.goods),
        insurance: convert(totals.insurance),
        freight: convert(totals.freight),
        duty: convert(totals.duty),
        import_tax: convert(totals.import_tax),
        tax_in_cost: convert(totals.tax_in_cost),
        handling: convert(totals.handling),
        landed: convert(totals.landed),
    };
    let arrival_if_sent_today = || {
        let longest = order
            .lines
            .iter()
            .filter_map(|line| workspace.offer(&order.supplier, &line.sku))
            .map(|offer| offer.lead_time_days)
            .max()
            .unwrap_or(0);
        today.checked_add_days(chrono::Days::new(u64::from(longest))).unwrap_or(today)
    };
    let invoice_date = order.promised.unwrap_or_else(arrival_if_sent_today);
    let payment = payment_schedule(&supplier.payment_terms, invoice_date, totals.goods);
    Ok(PoEvaluation {
        po: order.id.clone(),
        supplier: order.supplier.clone(),
        currency: supplier.currency.clone(),
        base_currency: workspace.settings.base_currency.clone(),
        rate_to_base: rate,
        lines,
        per_order_freight,
        freight_waived,
        charge_basis,
        totals,
        totals_base,
        payment,
        checks,
    })
}

fn add_to(totals: &mut PoTotals, amounts: &LineAmounts) {
    totals.goods = plus(totals.goods, amounts.goods);
    totals.insurance = plus(totals.insurance, amounts.insurance);
    totals.freight = plus(totals.freight, amounts.freight);
    totals.duty = plus(totals.duty, amounts.duty);
    totals.import_tax = plus(totals.import_tax, amounts.import_tax);
    if !amounts.tax_recoverable {
        totals.tax_in_cost = plus(totals.tax_in_cost, amounts.import_tax);
    }
    totals.handling = plus(totals.handling, amounts.handling);
    totals.landed = plus(totals.landed, amounts.total);
}

/// The weights the per-order charges are spread by, and the basis used.
fn charge_weights(
    workspace: &Workspace,
    order: &PurchaseOrder,
    goods: &[Decimal],
    basis: ChargeBasis,
    checks: &mut Vec<PoCheck>,
) -> (Vec<Decimal>, ChargeBasis) {
    let per_unit: fn(&crate::model::Sku) -> Option<f64> = match basis {
        ChargeBasis::Value => return (goods.to_vec(), basis),
        ChargeBasis::Quantity => {
            return (order.lines.iter().map(|line| quantity_decimal(line.quantity)).collect(), basis);
        }
        ChargeBasis::Weight => |sku| sku.weight_kg,
        ChargeBasis::Volume => |sku| sku.volume_l,
    };
    let mut weights = Vec::with_capacity(order.lines.len());
    let mut missing = Vec::new();
    for line in &order.lines {
        match workspace.sku(&line.sku).and_then(per_unit).filter(|w| w.is_finite() && *w >= 0.0) {
            Some(weight) => weights.push(quantity_decimal(weight * line.quantity)),
            None => missing.push(line.line_no),
        }
    }
    if missing.is_empty() {
        (weights, basis)
    } else {
        checks.push(PoCheck::ChargeBasisFallback { basis, lines: missing });
        (goods.to_vec(), ChargeBasis::Value)
    }
}

/// MOQ, order step, first break and next break of one SKU on the order.
fn sku_checks(
    sku: &SkuOnOrder,
    lines: &[LineEvaluation],
    shares: &[Decimal],
    amounts_at: &dyn Fn(usize, Decimal, f64, Decimal) -> Result<LineAmounts, EvaluateError>,
    checks: &mut Vec<PoCheck>,
) -> Result<(), EvaluateError> {
    let first = sku.lines[0];
    let (line_no, sku_id) = (lines[first].line_no, lines[first].sku.clone());
    let quantity = sku.quantity;
    let ordering = &sku.pricing.ordering;
    let step = ordering.step.step;
    let at_least = |target: f64| quantity * (1.0 + SLACK) >= target;
    let tier_goods = |tier: usize, quantity: f64| {
        round_cents(times(sku.pricing.breaks[tier].unit_price, quantity_decimal(quantity)))
    };
    let goods_now = sku.lines.iter().fold(Decimal::ZERO, |sum, &idx| plus(sum, lines[idx].amounts.goods));
    if !at_least(sku.moq) {
        checks.push(PoCheck::BelowMoq {
            line_no,
            sku: sku_id.clone(),
            quantity,
            moq: sku.moq,
            extra_units: sku.moq - quantity,
            extra_goods: tier_goods(ordering.tier_for(sku.moq), sku.moq) - goods_now,
        });
    }
    if step > 0.0 {
        let next = round_up_to_step(quantity, step);
        if next > quantity * (1.0 + SLACK) {
            let next_valid = next.max(round_up_to_step(sku.moq, step));
            checks.push(PoCheck::NotOrderMultiple { line_no, sku: sku_id.clone(), quantity, step, next_valid });
        }
    }
    let first_break = ordering.tiers[0].min_qty;
    if !at_least(first_break) {
        checks.push(PoCheck::BelowFirstBreak {
            line_no,
            sku: sku_id.clone(),
            quantity,
            first_break_min_qty: first_break,
        });
        return Ok(());
    }
    let Some(next_tier) = ordering.tiers.get(sku.tier + 1) else { return Ok(()) };
    let target = round_up_to_step(next_tier.min_qty, step);
    let tier = ordering.tier_for(target);
    if tier <= sku.tier {
        return Ok(());
    }
    let extra_units = target - quantity;
    let price = sku.pricing.breaks[tier].unit_price;
    let mut now = Decimal::ZERO;
    let mut then = Decimal::ZERO;
    for &idx in &sku.lines {
        now = plus(now, lines[idx].amounts.total);
        let quantity = lines[idx].quantity + if idx == first { extra_units } else { 0.0 };
        then = plus(then, amounts_at(idx, price, quantity, shares[idx])?.total);
    }
    if then < now {
        checks.push(PoCheck::NextBreakSaves {
            line_no,
            sku: sku_id,
            extra_units,
            break_min_qty: sku.pricing.breaks[tier].min_qty,
            saving: now - then,
        });
    }
    Ok(())
}
