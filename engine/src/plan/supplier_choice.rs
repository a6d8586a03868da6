//! Supplier choice: every offer for a SKU priced on its own terms — its price
//! breaks, MOQ, pack, purchase unit, landed cost, lead time and the safety
//! stock that lead time needs — and the cheapest in total annual cost chosen.
//!
//! Total annual cost (base currency) is purchases at the landed unit cost,
//! plus ordering cost × orders a year, plus holding rate × landed unit cost ×
//! (Q/2 + safety stock). Only approved and preferred suppliers, with an offer
//! valid today, a known exchange rate and a price, can be chosen; restricted
//! ones are priced too, for a buyer who wants to overrule, but never chosen
//! automatically. Ties (to the cent) go to a preferred supplier, then to the
//! lower supplier id, so the same data always gives the same plan.
//!
//! With no demand to add up over a year (a buyer's fixed min/max and no
//! history) offers are compared on the cost of one order instead.
//!
//! Early-payment discounts: when `Settings::purchasing.take_early_payment_discounts`
//! is on, the purchases are reduced by the supplier's early-payment discount
//! (`PaymentTerms::early_discount_pct`, the 2 of "2/10 net 30") on the goods
//! only — D × goods unit price (base currency) × discount % a year, Q × … for
//! one order — because the discount is taken off the supplier's invoice, not
//! off the freight, insurance, duty, tax or handling paid to others. The
//! order quantity, the holding costs and the landed cost of the order are
//! unchanged (the discount is a payment decision, valued only to compare
//! suppliers). Off (the default), nothing is discounted.

use rust_decimal::prelude::*;

use std::borrow::Cow;

use super::demand::{LeadTimeModel, PhasedDemand};
use super::landed::{
    divided, landed_unit_cost, per_order_charge, plus, round_cents, times, LandedCost, LandedCostInputs, LandedFactors,
};
use super::lead_time::LeadTime;
use super::line::{
    AnnualCost, CostBasis, Exclusion, OfferEvaluation, OfferFigures, QuantityBasis, QuantitySteps, ServiceTarget,
};
use super::order_quantity::{order_step, CostRates, Feasible, OrderingTerms, Tier};
use super::safety_stock::{
    count_safety_stock, forecast_protection_sd, level_from_interval_demand, protection_sd, safety_stock_with_quantile,
    SafetyStock, SafetyStockInputs,
};
use crate::model::money::to_f64;
use crate::model::{
    Approval, Currency, LandedCostTerms, MissingRate, Offer, PolicyKind, PriceBreak, Supplier, SupplyRisk, Workspace,
};

/// Quantities enter money arithmetic at this many decimal places (a
/// millionth of a unit, the grid `order_quantity` rounds on).
const QUANTITY_DP: u32 = 6;

/// A quantity as a `Decimal` for money arithmetic, to a millionth of a unit.
/// Whole numbers convert exactly; others are rounded to `QUANTITY_DP`
/// places. Built from integers rather than text (`quantity_as_decimal`),
/// which matters at a million conversions a plan; non-finite gives zero.
/// A quantity beyond `Decimal`'s range (about 7.9 × 10^28) gives the largest
/// `Decimal`, never zero: a cost computed from it must be the largest, and a
/// division by it must not divide by zero.
pub fn quantity_decimal(quantity: f64) -> Decimal {
    const LIMIT: f64 = 9.0e12;
    if !quantity.is_finite() {
        return Decimal::ZERO;
    }
    if quantity.fract() == 0.0 && quantity.abs() < LIMIT {
        return Decimal::from(quantity as i64);
    }
    if quantity.abs() < LIMIT {
        let micro = (quantity * 1e6).round() as i64;
        return Decimal::new(micro, QUANTITY_DP);
    }
    Decimal::from_f64(quantity).unwrap_or(if quantity < 0.0 { Decimal::MIN } else { Decimal::MAX })
}

/// How an offer is priced, prepared once per plan.
#[derive(Clone, Debug, PartialEq)]
pub struct Pricing<'a> {
    pub currency: &'a Currency,
    pub rate_to_base: Decimal,
    /// The supplier's landed-cost terms with the offer's overrides applied.
    pub terms: LandedCostTerms,
    /// Price breaks ascending by `min_qty`, aligned with `ordering.tiers`.
    pub breaks: Cow<'a, [PriceBreak]>,
    pub ordering: OrderingTerms,
    /// Per-order freight, supplier currency.
    pub per_order_freight: Decimal,
    pub free_freight_threshold: Option<Decimal>,
    /// The early-payment discount in percent valued in the comparison: the
    /// supplier's when the business takes such discounts, else 0.
    pub early_payment_discount_pct: Decimal,
    /// Per-order freight with duty and tax on it, base currency, for the optimiser.
    per_order_charge_base: f64,
}

/// An order quantity priced at its break.
#[derive(Clone, Debug, PartialEq)]
pub struct PricedQuantity {
    pub price_break_min_qty: f64,
    pub unit_price: Decimal,
    pub freight_waived: bool,
    /// Unrounded, for further arithmetic.
    pub landed: LandedCost,
    /// Rounded at the edge (`UNIT_COST_DP` places), for output.
    pub landed_rounded: LandedCost,
}

impl Pricing<'_> {
    /// The all-units price, the freight and the landed cost of an order of `quantity`.
    pub fn price(&self, quantity: f64) -> PricedQuantity {
        let tier = self.ordering.tier_for(quantity);
        let price_break = &self.breaks[tier];
        let quantity_dec = quantity_decimal(quantity);
        let freight_waived = self.free_freight_threshold.is_some_and(|threshold| {
            // The rule is a purchase order's (`purchasing::evaluate_po`): the
            // goods value rounded to the cent reaches the threshold. Decide in
            // f64 unless the value is within a cent of the threshold; only
            // then does the exact comparison matter.
            let value = quantity * self.ordering.tiers[tier].goods_price;
            let approximate = self.ordering.free_freight_threshold.unwrap_or_else(|| to_f64(threshold));
            let margin = approximate.abs() * 1e-9 + 0.01;
            if value > approximate + margin {
                true
            } else if value < approximate - margin {
                false
            } else {
                round_cents(times(quantity_dec, price_break.unit_price)) >= threshold
            }
        });
        let freight = if freight_waived { Decimal::ZERO } else { self.per_order_freight };
        let landed = landed_unit_cost(&LandedCostInputs {
            unit_price: price_break.unit_price,
            terms: &self.terms,
            per_order_freight: freight,
            quantity: quantity_dec,
            rate_to_base: self.rate_to_base,
        });
        PricedQuantity {
            price_break_min_qty: price_break.min_qty,
            unit_price: price_break.unit_price,
            freight_waived,
            landed_rounded: landed.rounded(),
            landed,
        }
    }
}

/// An offer with its supplier, whether it can be chosen, and its pricing.
#[derive(Clone, Debug, PartialEq)]
pub struct PreparedOffer<'a> {
    pub offer: &'a Offer,
    pub supplier: Option<&'a Supplier>,
    /// `None`: eligible. `Restricted` offers still have pricing.
    pub exclusion: Option<Exclusion>,
    pub pricing: Option<Pricing<'a>>,
}

impl PreparedOffer<'_> {
    pub fn approval(&self) -> Option<Approval> {
        self.supplier.map(|supplier| supplier.approval)
    }

    /// Preferred or approved, valid, priced: may be chosen without a buyer.
    pub fn auto_selectable(&self) -> bool {
        self.exclusion.is_none() && self.pricing.is_some()
    }
}

/// A supplier's side of pricing, the same for every one of its offers: the
/// exchange rate and the landed-cost terms, prepared once per plan.
#[derive(Clone, Debug, PartialEq)]
pub struct SupplierTerms {
    pub rate_to_base: Result<Decimal, MissingRate>,
    terms: LandedCostTerms,
    /// `None` when the rate is missing.
    factors: Option<LandedFactors>,
    per_order_charge_base: f64,
    min_order_value: Option<f64>,
    free_freight_threshold: Option<f64>,
    /// See `Pricing::early_payment_discount_pct`.
    early_payment_discount_pct: Decimal,
}

/// The supplier's rate to the base currency today and its landed-cost terms.
pub fn supplier_terms(workspace: &Workspace, supplier: &Supplier, today: chrono::NaiveDate) -> SupplierTerms {
    let rate_to_base = workspace.rate_to_base(&supplier.currency, today);
    let terms = supplier.landed.clone();
    let (factors, per_order_charge_base) = match &rate_to_base {
        Ok(rate) => {
            (Some(LandedFactors::new(&terms, *rate)), to_f64(per_order_charge(&terms, terms.freight_per_order) * *rate))
        }
        Err(_) => (None, 0.0),
    };
    SupplierTerms {
        rate_to_base,
        terms,
        factors,
        per_order_charge_base,
        min_order_value: supplier.min_order_value.map(to_f64),
        free_freight_threshold: supplier.free_freight_threshold.map(to_f64),
        early_payment_discount_pct: if workspace.settings.purchasing.take_early_payment_discounts {
            supplier.payment_terms.early_discount_pct.unwrap_or(Decimal::ZERO)
        } else {
            Decimal::ZERO
        },
    }
}

/// Look up the supplier, check the offer can be used today, and prepare its pricing.
pub fn prepare_offer<'a>(
    workspace: &Workspace,
    offer: &'a Offer,
    supplier: Option<&'a Supplier>,
    today: chrono::NaiveDate,
) -> PreparedOffer<'a> {
    let terms = supplier.map(|s| supplier_terms(workspace, s, today));
    prepare_offer_with(offer, supplier, today, terms.as_ref())
}

/// `prepare_offer` with the supplier's terms already prepared (planning
/// prepares each supplier's once, not once per offer).
pub fn prepare_offer_with<'a>(
    offer: &'a Offer,
    supplier: Option<&'a Supplier>,
    today: chrono::NaiveDate,
    supplier_side: Option<&SupplierTerms>,
) -> PreparedOffer<'a> {
    let unpriced = |exclusion| PreparedOffer { offer, supplier, exclusion: Some(exclusion), pricing: None };
    let (Some(supplier), Some(supplier_side)) = (supplier, supplier_side) else {
        return unpriced(Exclusion::UnknownSupplier);
    };
    if supplier.approval == Approval::Blocked {
        return unpriced(Exclusion::Blocked);
    }
    if !offer.is_valid_on(today) {
        return unpriced(Exclusion::NotValidToday { valid_from: offer.valid_from, valid_to: offer.valid_to });
    }
    let rate_to_base = match &supplier_side.rate_to_base {
        Ok(rate) => *rate,
        Err(missing) => {
            return unpriced(Exclusion::MissingRate { currency: missing.currency.clone(), base: missing.base.clone() })
        }
    };
    let usable = |b: &PriceBreak| b.min_qty.is_finite() && b.unit_price >= Decimal::ZERO;
    let sorted = offer.price_breaks.windows(2).all(|w| w[0].min_qty <= w[1].min_qty);
    let breaks: Cow<[PriceBreak]> = if sorted && offer.price_breaks.iter().all(usable) {
        Cow::Borrowed(&offer.price_breaks)
    } else {
        let mut owned: Vec<PriceBreak> = offer.price_breaks.iter().filter(|b| usable(b)).cloned().collect();
        crate::sorting::sort_by(&mut owned, |a, b| a.min_qty.total_cmp(&b.min_qty));
        Cow::Owned(owned)
    };
    if breaks.is_empty() {
        return unpriced(Exclusion::NoPriceBreaks);
    }
    // Most offers keep their supplier's terms; only overridden ones are recomputed.
    let (terms, factors, per_order_charge_base) = match (offer.landed_override.is_empty(), supplier_side.factors) {
        (true, Some(factors)) => (supplier_side.terms.clone(), factors, supplier_side.per_order_charge_base),
        _ => {
            let terms = offer.landed_override.apply(&supplier_side.terms);
            let factors = LandedFactors::new(&terms, rate_to_base);
            let charge = to_f64(per_order_charge(&terms, terms.freight_per_order) * rate_to_base);
            (terms, factors, charge)
        }
    };
    let per_order_freight = terms.freight_per_order;
    let tiers = breaks
        .iter()
        .map(|b| {
            let goods_price = to_f64(b.unit_price);
            Tier { min_qty: b.min_qty, goods_price, variable_landed: factors.variable(goods_price) }
        })
        .collect();
    let ordering = OrderingTerms {
        moq: offer.moq.max(0.0),
        step: order_step(offer.pack_size, offer.units_per_purchase_unit),
        tiers,
        min_order_value: supplier_side.min_order_value,
        free_freight_threshold: supplier_side.free_freight_threshold,
    };
    PreparedOffer {
        offer,
        supplier: Some(supplier),
        exclusion: (supplier.approval == Approval::Restricted).then_some(Exclusion::Restricted),
        pricing: Some(Pricing {
            currency: &supplier.currency,
            rate_to_base,
            terms,
            breaks,
            ordering,
            per_order_freight,
            free_freight_threshold: supplier.free_freight_threshold,
            early_payment_discount_pct: supplier_side.early_payment_discount_pct,
            per_order_charge_base,
        }),
    }
}

/// What evaluating an offer needs to know about the SKU × location.
#[derive(Clone, Debug)]
pub struct PairInputs<'s> {
    /// d and σd per day (0 without an estimate).
    pub mean_per_day: f64,
    pub sd_per_day: f64,
    pub service: &'s ServiceTarget,
    /// A buyer's fixed (min, max).
    pub manual_min_max: Option<(f64, f64)>,
    /// Units usable before expiry, for perishables.
    pub shelf_life_cap: Option<f64>,
    pub single_sourced: bool,
    pub risk_buffer_days: f64,
    pub allow_negative_safety_stock: bool,
    pub ordering_cost: Decimal,
    pub holding_rate: Decimal,
    /// z(α) of the service target (cycle service level), taken once per line.
    pub quantile: f64,
    pub money: PairMoney,
    /// The forecast week by week from today, when demand comes from one:
    /// demand over an interval is then its sum over the actual days, and its
    /// uncertainty the forecast's error over them.
    pub phased: Option<&'s PhasedDemand>,
}

/// Money figures shared by every offer of a SKU × location, converted once
/// per line rather than once per offer.
#[derive(Clone, Copy, Debug)]
pub struct PairMoney {
    /// D, as a `Decimal`.
    pub annual_demand: Decimal,
    /// Ordering cost × D: the annual ordering cost is this ÷ Q.
    pub ordering_times_demand: Decimal,
    /// Ordering cost and holding rate as `f64`, for the optimiser.
    pub ordering_cost: f64,
    pub holding_rate: f64,
}

impl PairMoney {
    pub fn new(annual_demand: f64, ordering_cost: Decimal, holding_rate: Decimal) -> Self {
        Self::with_rates(annual_demand, ordering_cost, to_f64(ordering_cost), to_f64(holding_rate))
    }

    /// `new` with the ordering cost and holding rate already as `f64` (they
    /// are the same for every line of a plan, and converting a `Decimal` is
    /// not free).
    pub fn with_rates(
        annual_demand: f64,
        ordering_cost: Decimal,
        ordering_cost_f64: f64,
        holding_rate_f64: f64,
    ) -> Self {
        let annual_demand = quantity_decimal(annual_demand);
        PairMoney {
            annual_demand,
            ordering_times_demand: times(ordering_cost, annual_demand),
            ordering_cost: ordering_cost_f64,
            holding_rate: holding_rate_f64,
        }
    }
}

impl PairInputs<'_> {
    pub fn annual_demand(&self) -> f64 {
        365.0 * self.mean_per_day
    }

    /// Expected demand over the `days` days from today: d × days from
    /// history, the forecast summed over them when there is one.
    pub fn demand_over(&self, days: f64) -> f64 {
        match self.phased {
            // Lead times and review periods are finite and ≥ 0 (validation
            // and `LeadTime`), which is all `demand_over` refuses.
            Some(phased) => phased.demand_over(days.max(0.0)).unwrap_or(self.mean_per_day * days),
            None => self.mean_per_day * days,
        }
    }

    /// σ of demand over `days` days from today whose lead time varies with
    /// sd `lead_time_sd_days`: `protection_sd` from history,
    /// `forecast_protection_sd` from a forecast.
    pub fn protection_sd_over(&self, days: f64, lead_time_sd_days: f64) -> f64 {
        match self.phased {
            Some(phased) => {
                let days = days.max(0.0);
                let error = phased.error_sd_over(days).unwrap_or(0.0);
                forecast_protection_sd(error, self.demand_over(days), days, lead_time_sd_days)
            }
            None => protection_sd(self.mean_per_day, self.sd_per_day, days, lead_time_sd_days),
        }
    }

    /// Safety stock for demand `interval_demand` over the protection interval
    /// (`inputs.sigma` its σ): the count model (`count_safety_stock`) when the
    /// forecast asks for it (`LeadTimeModel::Count`) and it accepts the
    /// figures, the normal model otherwise (also when the count model refuses,
    /// e.g. a level beyond `count::MAX_LEVEL`: the line is then flagged as a
    /// weak normal fit, as before).
    pub fn safety_stock(&self, inputs: &SafetyStockInputs, interval_demand: f64) -> SafetyStock {
        if self.phased.is_some_and(|phased| phased.lead_time_model == LeadTimeModel::Count) {
            if let Ok(ss) = count_safety_stock(inputs, interval_demand) {
                return ss;
            }
        }
        safety_stock_with_quantile(inputs, self.quantile)
    }

    /// Days of demand added to safety stock for this supplier: for a
    /// high-risk supplier or a single-sourced SKU.
    pub fn risk_buffer_applies(&self, supplier: Option<&Supplier>) -> bool {
        self.single_sourced || supplier.is_some_and(|s| s.risk == SupplyRisk::High)
    }
}

/// Price one offer for one SKU × location: its cycle quantity, safety stock,
/// reorder point, landed cost and total cost.
pub fn evaluate_offer(
    prepared: &PreparedOffer,
    pricing: &Pricing,
    lead_time: LeadTime,
    inputs: &PairInputs,
) -> OfferFigures {
    let d = inputs.mean_per_day;
    let annual_demand = inputs.annual_demand();
    let rates = CostRates {
        annual_demand,
        per_order: inputs.money.ordering_cost,
        per_order_freight: pricing.per_order_charge_base,
        holding_rate: inputs.money.holding_rate,
    };
    let ordering = &pricing.ordering;
    let (lead, lead_sd) = (lead_time.mean_days, lead_time.sd_days);
    let risk_units =
        if inputs.risk_buffer_applies(prepared.supplier) { d * inputs.risk_buffer_days.max(0.0) } else { 0.0 };
    let service = inputs.service;

    let (basis, eoq, candidates, feasible): (QuantityBasis, Option<f64>, u32, Feasible);
    let (safety, safety_units, reorder, up_to, interval_demand);
    if let Some((min, max)) = inputs.manual_min_max {
        basis = QuantityBasis::MinMax;
        (eoq, candidates) = (None, 0);
        feasible = ordering.feasible((max - min).max(0.0), inputs.shelf_life_cap);
        safety = None;
        interval_demand = inputs.demand_over(lead);
        safety_units = (min - interval_demand).max(0.0);
        reorder = min;
        up_to = Some(max);
    } else {
        match service.policy {
            PolicyKind::PeriodicReview => {
                let review = f64::from(service.review_period_days);
                basis = QuantityBasis::ReviewPeriod;
                (eoq, candidates) = (None, 0);
                let per_review = inputs.demand_over(review);
                feasible = ordering.feasible(per_review, inputs.shelf_life_cap);
                interval_demand = inputs.demand_over(review + lead);
                let sigma = inputs.protection_sd_over(review + lead, lead_sd);
                let ss = inputs.safety_stock(
                    &SafetyStockInputs {
                        definition: service.definition,
                        target: service.level,
                        sigma,
                        fill_rate_quantity: per_review,
                        allow_negative: inputs.allow_negative_safety_stock,
                        risk_buffer: risk_units,
                    },
                    interval_demand,
                );
                safety_units = ss.units;
                let level = level_from_interval_demand(interval_demand, ss.units);
                reorder = level;
                up_to = Some(level);
                safety = Some(ss);
            }
            PolicyKind::ContinuousReview | PolicyKind::MinMax => {
                basis = QuantityBasis::Eoq;
                if annual_demand > 0.0 {
                    let choice = ordering.economic_quantity(&rates, inputs.shelf_life_cap);
                    (eoq, candidates, feasible) = (Some(choice.eoq), choice.candidates, choice.feasible);
                } else {
                    (eoq, candidates) = (None, 0);
                    feasible = ordering.feasible(0.0, inputs.shelf_life_cap);
                }
                interval_demand = inputs.demand_over(lead);
                let sigma = inputs.protection_sd_over(lead, lead_sd);
                let ss = inputs.safety_stock(
                    &SafetyStockInputs {
                        definition: service.definition,
                        target: service.level,
                        sigma,
                        fill_rate_quantity: feasible.quantity,
                        allow_negative: inputs.allow_negative_safety_stock,
                        risk_buffer: risk_units,
                    },
                    interval_demand,
                );
                safety_units = ss.units;
                reorder = level_from_interval_demand(interval_demand, ss.units);
                up_to = (service.policy == PolicyKind::MinMax).then_some(reorder + feasible.quantity);
                safety = Some(ss);
            }
        }
    }

    let quantity = feasible.quantity;
    let priced = pricing.price(quantity);
    let cost =
        total_cost(&priced.landed, quantity, safety_units, inputs, annual_demand, pricing.early_payment_discount_pct);
    OfferFigures {
        currency: pricing.currency.clone(),
        rate_to_base: pricing.rate_to_base,
        quantity: QuantitySteps {
            basis,
            eoq,
            candidates,
            proposed: feasible.requested,
            moq: prepared.offer.moq,
            pack_size: prepared.offer.pack_size,
            units_per_purchase_unit: prepared.offer.units_per_purchase_unit,
            step: ordering.step.step,
            step_is_common_multiple: ordering.step.common_multiple,
            rounded: feasible.rounded,
            shelf_life_cap: feasible.cap,
            quantity,
            forced_waste: feasible.forced_waste,
        },
        lead_time,
        price_break_min_qty: priced.price_break_min_qty,
        unit_price: priced.unit_price,
        freight_waived: priced.freight_waived,
        landed: priced.landed_rounded,
        safety,
        safety_stock: safety_units,
        interval_demand,
        reorder_point: reorder,
        order_up_to: up_to,
        cost,
    }
}

/// Annual (or single-order) cost in the base currency, each part rounded to
/// cents and the total rounded once from the unrounded parts. The
/// early-payment discount (`discount_pct`, 0 when not taken) comes off the
/// goods bought (see the module docs).
fn total_cost(
    landed: &LandedCost,
    quantity: f64,
    safety_units: f64,
    inputs: &PairInputs,
    annual_demand: f64,
    discount_pct: Decimal,
) -> AnnualCost {
    let unit = landed.total;
    let quantity_dec = quantity_decimal(quantity);
    let discount_on = |units: Decimal| {
        if discount_pct.is_zero() {
            Decimal::ZERO
        } else {
            times(times(units, landed.goods), crate::model::money::pct(discount_pct))
        }
    };
    if annual_demand <= 0.0 || quantity <= 0.0 {
        let purchase = times(quantity_dec, unit);
        let discount = discount_on(quantity_dec);
        return AnnualCost {
            basis: CostBasis::SingleOrder,
            orders_per_year: 0.0,
            purchase: round_cents(purchase),
            early_payment_discount: round_cents(discount),
            early_payment_discount_pct: discount_pct,
            ordering: round_cents(inputs.ordering_cost),
            holding_cycle: Decimal::ZERO,
            holding_safety: Decimal::ZERO,
            total: round_cents(plus(purchase - discount, inputs.ordering_cost)),
        };
    }
    // Saturating (see `landed::times`): with validated data only degenerate
    // combinations come near `Decimal`'s range, and they must not abort.
    let purchase = times(inputs.money.annual_demand, unit);
    let ordering = divided(inputs.money.ordering_times_demand, quantity_dec);
    let holding_per_unit = times(inputs.holding_rate, unit);
    let holding_cycle = times(times(holding_per_unit, quantity_dec), Decimal::new(5, 1));
    let holding_safety = times(holding_per_unit, quantity_decimal(safety_units.max(0.0)));
    let discount = discount_on(inputs.money.annual_demand);
    AnnualCost {
        basis: CostBasis::Annual,
        orders_per_year: annual_demand / quantity,
        purchase: round_cents(purchase),
        early_payment_discount: round_cents(discount),
        early_payment_discount_pct: discount_pct,
        ordering: round_cents(ordering),
        holding_cycle: round_cents(holding_cycle),
        holding_safety: round_cents(holding_safety),
        total: round_cents(plus(plus(plus(purchase - discount, ordering), holding_cycle), holding_safety)),
    }
}

/// The offer to choose: lowest total cost among the eligible ones, preferred
/// on a tie, then the lower supplier id.
pub fn choose(evaluations: &[OfferEvaluation]) -> Option<usize> {
    evaluations
        .iter()
        .enumerate()
        .filter(|(_, evaluation)| evaluation.exclusion.is_none())
        .filter_map(|(idx, evaluation)| evaluation.figures.as_ref().map(|figures| (idx, evaluation, figures)))
        .min_by(|(_, a, fa), (_, b, fb)| {
            fa.cost
                .total
                .cmp(&fb.cost.total)
                .then_with(|| (a.approval != Some(Approval::Preferred)).cmp(&(b.approval != Some(Approval::Preferred))))
                .then_with(|| a.supplier.cmp(&b.supplier))
        })
        .map(|(idx, _, _)| idx)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn quantities_convert_exactly_or_to_a_millionth() {
        assert_eq!(quantity_decimal(612.0), Decimal::from(612));
        assert_eq!(quantity_decimal(0.1), Decimal::from_str("0.1").unwrap());
        assert_eq!(quantity_decimal(2.0 / 3.0), Decimal::from_str("0.666667").unwrap());
        assert_eq!(quantity_decimal(-1.25), Decimal::from_str("-1.25").unwrap());
        assert_eq!(quantity_decimal(f64::NAN), Decimal::ZERO);
        assert_eq!(quantity_decimal(1e15), Decimal::from(1_000_000_000_000_000i64));
    }
}
