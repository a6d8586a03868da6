//! Order quantities: the economic order quantity under all-units price
//! breaks, then the supplier's ordering rules (minimum order quantity, pack
//! size, whole purchase units, minimum order value) and a shelf-life cap.
//!
//! The all-units algorithm follows Nahmias, *Production and Operations
//! Analysis*, §4.7 "Quantity discount models": for each price compute the
//! EOQ; where it falls inside that price's range it is a candidate, where it
//! falls below, the break quantity is; then every candidate is priced and the
//! one with the lowest annual cost of purchase + ordering + holding wins. Here
//! candidates are first made orderable (raised to the MOQ and rounded up to the
//! order step) and re-priced at the break they land in, and two more are
//! tried: the smallest orderable quantity and the smallest one that earns free
//! freight.
//!
//! Quantities are `f64` and ordering rules may be fractional (a 2.5 kg bag,
//! sold in whole kilograms). An order must be a multiple of the pack size and
//! of the purchase unit at once, so the order step is their least common
//! multiple, computed on micro-units (10⁻⁶) so 2.5 and 1 give 5, and 12 and 10
//! give 60. When no common multiple exists within `MAX_STEP_FACTOR` times the
//! larger of the two (the data is almost surely wrong) the step falls back to
//! the larger one, and the plan flags it.

use serde::{Deserialize, Serialize};

/// Quantities are compared on this grid, so 0.1 + 0.2 is a multiple of 0.3.
const MICRO: f64 = 1e6;
/// Relative slack when rounding to a step, so a quantity that is a multiple
/// up to floating-point noise is not pushed to the next one.
const ROUNDING_SLACK: f64 = 1e-9;

/// Largest common multiple accepted, as a multiple of the larger rule.
pub const MAX_STEP_FACTOR: f64 = 1_000.0;

/// The multiple an order must come in.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrderStep {
    /// 0 when neither a pack size nor a purchase unit constrains the quantity.
    pub step: f64,
    /// Whether `step` is a multiple of both the pack size and the purchase unit.
    pub common_multiple: bool,
}

fn to_micro(value: f64) -> u128 {
    (value * MICRO).round().max(0.0) as u128
}

fn gcd(mut a: u128, mut b: u128) -> u128 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

/// The order step for a pack size and a purchase unit (either ≤ 0 means "no rule").
pub fn order_step(pack_size: f64, units_per_purchase_unit: f64) -> OrderStep {
    let usable = |value: f64| value.is_finite() && value > 0.0 && to_micro(value) > 0;
    match (usable(pack_size), usable(units_per_purchase_unit)) {
        (false, false) => OrderStep { step: 0.0, common_multiple: true },
        (true, false) => OrderStep { step: pack_size, common_multiple: true },
        (false, true) => OrderStep { step: units_per_purchase_unit, common_multiple: true },
        (true, true) => {
            let (a, b) = (to_micro(pack_size), to_micro(units_per_purchase_unit));
            let lcm = a / gcd(a, b) * b;
            let larger = pack_size.max(units_per_purchase_unit);
            let step = lcm as f64 / MICRO;
            if step <= larger * MAX_STEP_FACTOR {
                OrderStep { step, common_multiple: true }
            } else {
                OrderStep { step: larger, common_multiple: false }
            }
        }
    }
}

/// The smallest multiple of `step` at or above `quantity`.
pub fn round_up_to_step(quantity: f64, step: f64) -> f64 {
    if step <= 0.0 {
        return quantity;
    }
    (quantity / step - ROUNDING_SLACK).ceil().max(0.0) * step
}

/// The largest multiple of `step` at or below `quantity`.
pub fn round_down_to_step(quantity: f64, step: f64) -> f64 {
    if step <= 0.0 {
        return quantity;
    }
    (quantity / step + ROUNDING_SLACK).floor().max(0.0) * step
}

/// Economic order quantity √(2·D·K ÷ h): D annual demand, K cost per order, h
/// cost of holding one unit for a year (Harris 1913; Nahmias §4.5). With no
/// holding cost it is unbounded; it is then capped at a year's demand.
pub fn eoq(annual_demand: f64, per_order: f64, holding_per_unit_year: f64) -> f64 {
    if annual_demand <= 0.0 {
        return 0.0;
    }
    if holding_per_unit_year <= 0.0 {
        return annual_demand;
    }
    (2.0 * annual_demand * per_order.max(0.0) / holding_per_unit_year).sqrt()
}

/// One all-units price, as the optimiser sees it.
#[derive(Clone, Debug, PartialEq)]
pub struct Tier {
    pub min_qty: f64,
    /// Unit price in the supplier currency (for minimum order value and free freight).
    pub goods_price: f64,
    /// Landed cost of a unit without per-order freight, base currency.
    pub variable_landed: f64,
}

/// An offer's ordering rules and prices.
#[derive(Clone, Debug, PartialEq)]
pub struct OrderingTerms {
    pub moq: f64,
    pub step: OrderStep,
    /// Ascending by `min_qty`; never empty.
    pub tiers: Vec<Tier>,
    /// Smallest goods value per order, supplier currency.
    pub min_order_value: Option<f64>,
    /// Goods value from which per-order freight is waived, supplier currency.
    pub free_freight_threshold: Option<f64>,
}

/// What a year of ordering costs depends on, base currency.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CostRates {
    pub annual_demand: f64,
    /// Cost of placing one order (the buyer's side).
    pub per_order: f64,
    /// Per-order freight with duty and tax on it (the supplier's side), unless waived.
    pub per_order_freight: f64,
    /// Annual holding cost as a fraction of the landed unit cost.
    pub holding_rate: f64,
}

/// An orderable quantity and what the rules did to reach it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Feasible {
    /// The quantity asked for.
    pub requested: f64,
    /// After MOQ, first price break, step and minimum order value.
    pub rounded: f64,
    /// The largest orderable quantity expected to be used before expiry, if a cap applies.
    pub cap: Option<f64>,
    /// The final quantity.
    pub quantity: f64,
    /// Units the smallest orderable quantity forces above the cap (expected waste).
    pub forced_waste: f64,
}

/// The all-units choice for one offer.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct EconomicQuantity {
    /// EOQ at the price of the break the winning candidate came from.
    pub eoq: f64,
    /// The candidate before the ordering rules (an EOQ, a break quantity, or a threshold quantity).
    pub proposed: f64,
    pub feasible: Feasible,
    /// Candidates priced.
    pub candidates: u32,
}

impl OrderingTerms {
    /// Index of the tier that prices `quantity` (the largest `min_qty` not above it).
    pub fn tier_for(&self, quantity: f64) -> usize {
        self.tiers.iter().rposition(|tier| tier.min_qty <= quantity * (1.0 + ROUNDING_SLACK)).unwrap_or(0)
    }

    fn goods_value(&self, quantity: f64) -> f64 {
        quantity * self.tiers[self.tier_for(quantity)].goods_price
    }

    /// The smallest orderable quantity at or above `quantity` whose goods value reaches `value`.
    fn raise_to_value(&self, mut quantity: f64, value: f64) -> f64 {
        // Crossing a break lowers the price, so the value can fall as the
        // quantity rises: iterate, a handful of times at most.
        for _ in 0..64 {
            if self.goods_value(quantity) >= value * (1.0 - ROUNDING_SLACK) {
                return quantity;
            }
            let price = self.tiers[self.tier_for(quantity)].goods_price;
            let next = if price > 0.0 { round_up_to_step(value / price, self.step.step) } else { quantity };
            quantity = if next > quantity { next } else { quantity + self.step.step.max(1.0) };
        }
        quantity
    }

    /// `quantity` raised to the MOQ and first break, rounded up to the step,
    /// raised to the minimum order value.
    pub fn round(&self, quantity: f64) -> f64 {
        let floor = self.moq.max(self.tiers[0].min_qty).max(0.0);
        let mut wanted = quantity.max(floor);
        if wanted <= 0.0 {
            // Nothing constrains the quantity: the smallest order is one step, or one unit.
            wanted = if self.step.step > 0.0 { self.step.step } else { 1.0 };
        }
        let rounded = round_up_to_step(wanted, self.step.step);
        match self.min_order_value {
            Some(value) if value > 0.0 => self.raise_to_value(rounded, value),
            _ => rounded,
        }
    }

    /// The smallest orderable quantity.
    pub fn min_orderable(&self) -> f64 {
        self.round(0.0)
    }

    /// `quantity` made orderable, then held under `cap` (units usable before
    /// expiry) if it can be; if even the smallest orderable quantity exceeds
    /// the cap, that quantity is ordered and the excess is forced waste.
    pub fn feasible(&self, quantity: f64, cap: Option<f64>) -> Feasible {
        let rounded = self.round(quantity);
        let mut result = Feasible { requested: quantity, rounded, cap: None, quantity: rounded, forced_waste: 0.0 };
        let Some(cap) = cap.filter(|cap| cap.is_finite()) else { return result };
        result.cap = Some(cap);
        if rounded <= cap * (1.0 + ROUNDING_SLACK) {
            return result;
        }
        let smallest = self.min_orderable();
        let below_cap = self.round(round_down_to_step(cap, self.step.step));
        result.quantity = if below_cap <= cap * (1.0 + ROUNDING_SLACK) { below_cap.max(smallest) } else { smallest };
        result.forced_waste = (result.quantity - cap).max(0.0);
        result
    }

    /// Landed unit cost (base currency) of an order of `quantity`.
    pub fn landed_at(&self, quantity: f64, rates: &CostRates) -> f64 {
        let tier = &self.tiers[self.tier_for(quantity)];
        let freight = if self.free_freight_threshold.is_some_and(|t| quantity * tier.goods_price >= t) {
            0.0
        } else {
            rates.per_order_freight
        };
        tier.variable_landed + if quantity > 0.0 { freight / quantity } else { 0.0 }
    }

    /// Annual purchase + ordering + cycle-stock holding cost of ordering `quantity` each time.
    pub fn annual_cycle_cost(&self, quantity: f64, rates: &CostRates) -> f64 {
        if quantity <= 0.0 {
            return f64::INFINITY;
        }
        let landed = self.landed_at(quantity, rates);
        let orders_per_year = rates.annual_demand / quantity;
        rates.annual_demand * landed + rates.per_order * orders_per_year + rates.holding_rate * landed * quantity / 2.0
    }

    /// The all-units discount choice, made orderable and capped.
    pub fn economic_quantity(&self, rates: &CostRates, cap: Option<f64>) -> EconomicQuantity {
        let mut best: Option<(f64, EconomicQuantity)> = None;
        let mut candidates = 0;
        let mut consider = |eoq: f64, proposed: f64| {
            let feasible = self.feasible(proposed, cap);
            let cost = self.annual_cycle_cost(feasible.quantity, rates);
            candidates += 1;
            let better = match &best {
                None => true,
                Some((best_cost, best_choice)) => {
                    cost < *best_cost || (cost == *best_cost && feasible.quantity < best_choice.feasible.quantity)
                }
            };
            if better {
                best = Some((cost, EconomicQuantity { eoq, proposed, feasible, candidates: 0 }));
            }
        };
        let per_order = rates.per_order + rates.per_order_freight;
        for (idx, tier) in self.tiers.iter().enumerate() {
            let tier_eoq = eoq(rates.annual_demand, per_order, rates.holding_rate * tier.variable_landed);
            let upper = self.tiers.get(idx + 1).map_or(f64::INFINITY, |next| next.min_qty);
            // An EOQ above this price's range is beaten by the cheaper price above it.
            if tier_eoq < upper {
                consider(tier_eoq, tier_eoq.max(tier.min_qty));
            }
        }
        let first_eoq = eoq(rates.annual_demand, per_order, rates.holding_rate * self.tiers[0].variable_landed);
        consider(first_eoq, 0.0);
        if let Some(threshold) = self.free_freight_threshold.filter(|t| *t > 0.0 && rates.per_order_freight > 0.0) {
            let quantity = self.raise_to_value(self.round(0.0), threshold);
            let tier = &self.tiers[self.tier_for(quantity)];
            let tier_eoq = eoq(rates.annual_demand, per_order, rates.holding_rate * tier.variable_landed);
            consider(tier_eoq, quantity);
        }
        let (_, mut choice) = best.expect("at least one candidate is always considered");
        choice.candidates = candidates;
        choice
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_rules(tiers: Vec<Tier>) -> OrderingTerms {
        OrderingTerms {
            moq: 0.0,
            step: OrderStep { step: 0.0, common_multiple: true },
            tiers,
            min_order_value: None,
            free_freight_threshold: None,
        }
    }

    fn tier(min_qty: f64, price: f64) -> Tier {
        Tier { min_qty, goods_price: price, variable_landed: price }
    }

    /// Nahmias, *Production and Operations Analysis*, Example 4.1 (pencils at
    /// the campus bookstore): 60 a week (D = 3,120 a year), 2 cents each, K =
    /// $12, interest 25 % a year → h = 0.005 and EOQ = 3,870.
    #[test]
    fn nahmias_pencils_eoq() {
        let quantity = eoq(3_120.0, 12.0, 0.25 * 0.02);
        assert!((quantity - 3_870.0).abs() < 0.5, "EOQ = {quantity}");
    }

    /// Nahmias, §4.7, the all-units discount example (Weighty Trash Bag
    /// Company): $0.30 below 500, $0.29 from 500, $0.28 from 1,000; D = 600 a
    /// year, K = $8, I = 20 %. EOQ(0.28) = 414 and EOQ(0.29) = 406 are not
    /// realisable, EOQ(0.30) = 400 is. G(400) = $204.00, G(500) = $198.10,
    /// G(1,000) = $200.80: the higher break at 500 wins.
    #[test]
    fn nahmias_all_units_discount_higher_break_wins() {
        let terms = no_rules(vec![tier(0.0, 0.30), tier(500.0, 0.29), tier(1_000.0, 0.28)]);
        let rates = CostRates { annual_demand: 600.0, per_order: 8.0, per_order_freight: 0.0, holding_rate: 0.2 };
        assert!((terms.annual_cycle_cost(400.0, &rates) - 204.00).abs() < 1e-9);
        assert!((terms.annual_cycle_cost(500.0, &rates) - 198.10).abs() < 1e-9);
        assert!((terms.annual_cycle_cost(1_000.0, &rates) - 200.80).abs() < 1e-9);
        let choice = terms.economic_quantity(&rates, None);
        assert_eq!(choice.feasible.quantity, 500.0);
        assert!((choice.eoq - 406.8).abs() < 0.1, "the EOQ at the winning price, 0.29");
    }

    /// Edge case: a price break exactly at the EOQ. Price 1.00, K = 50, h = 25 %,
    /// D = 1,250 → EOQ = √(2·1,250·50/0.25) = 707.1; a break at 707.1 to 0.99
    /// is realisable at its own EOQ of 710.7, which beats staying below it.
    #[test]
    fn a_break_exactly_at_the_eoq() {
        let at = eoq(1_250.0, 50.0, 0.25);
        let terms = no_rules(vec![tier(0.0, 1.00), tier(at, 0.99)]);
        let rates = CostRates { annual_demand: 1_250.0, per_order: 50.0, per_order_freight: 0.0, holding_rate: 0.25 };
        let choice = terms.economic_quantity(&rates, None);
        // EOQ(0.99) = √(2·1,250·50/(0.25·0.99)) = 710.67.
        assert_eq!(terms.tier_for(choice.feasible.quantity), 1);
        assert!((choice.feasible.quantity - 710.67).abs() < 0.01, "{}", choice.feasible.quantity);
    }

    #[test]
    fn order_steps_combine_pack_and_purchase_unit() {
        assert_eq!(order_step(12.0, 10.0), OrderStep { step: 60.0, common_multiple: true });
        assert_eq!(order_step(2.5, 1.0), OrderStep { step: 5.0, common_multiple: true });
        assert_eq!(order_step(0.3, 0.2), OrderStep { step: 0.6, common_multiple: true });
        assert_eq!(order_step(6.0, 0.0), OrderStep { step: 6.0, common_multiple: true });
        assert_eq!(order_step(0.0, 0.0).step, 0.0);
        // 1/3 kg written to seven places and 1 kg have no sensible common multiple.
        assert_eq!(order_step(0.333_333_3, 1.0), OrderStep { step: 1.0, common_multiple: false });
    }

    #[test]
    fn rounding_respects_moq_step_and_noise() {
        let terms = OrderingTerms { moq: 100.0, step: order_step(12.0, 1.0), ..no_rules(vec![tier(0.0, 1.0)]) };
        assert_eq!(terms.round(0.0), 108.0, "MOQ 100 rounded up to a dozen");
        assert_eq!(terms.round(150.0), 156.0);
        assert_eq!(round_up_to_step(0.1 + 0.2, 0.3), 0.3, "float noise does not add a step");
        assert_eq!(round_up_to_step(60.000_000_1 - 1e-7, 60.0), 60.0);
    }

    /// Edge case: MOQ far above the EOQ. EOQ = √(2·1,000·10/2.5) = 89.4, MOQ 1,000 → 1,000.
    #[test]
    fn moq_far_above_eoq() {
        let terms = OrderingTerms { moq: 1_000.0, ..no_rules(vec![tier(0.0, 10.0)]) };
        let rates = CostRates { annual_demand: 1_000.0, per_order: 10.0, per_order_freight: 0.0, holding_rate: 0.25 };
        let choice = terms.economic_quantity(&rates, None);
        assert!((choice.eoq - 89.44).abs() < 0.01);
        assert_eq!(choice.feasible.quantity, 1_000.0);
    }

    /// Rounding up can cross a break, and the quantity is then priced at it:
    /// EOQ 95 → pack of 50 → 100, which is at the 0.90 break.
    #[test]
    fn rounding_across_a_break_reprices() {
        let terms = OrderingTerms { step: order_step(50.0, 1.0), ..no_rules(vec![tier(0.0, 1.0), tier(100.0, 0.9)]) };
        let q = terms.round(95.0);
        assert_eq!(q, 100.0);
        assert_eq!(terms.tiers[terms.tier_for(q)].goods_price, 0.9);
    }

    /// Minimum order value 500 at 4.00 a unit in packs of 6: 125 units → 126.
    #[test]
    fn minimum_order_value_raises_the_quantity() {
        let terms = OrderingTerms {
            step: order_step(6.0, 1.0),
            min_order_value: Some(500.0),
            ..no_rules(vec![tier(0.0, 4.0)])
        };
        assert_eq!(terms.round(10.0), 126.0);
    }

    /// Shelf-life cap 130 with packs of 24 → 120; a cap of 10 with MOQ 48 forces 38 units of waste.
    #[test]
    fn shelf_life_cap_and_forced_waste() {
        let terms = OrderingTerms { moq: 48.0, step: order_step(24.0, 1.0), ..no_rules(vec![tier(0.0, 1.0)]) };
        let capped = terms.feasible(200.0, Some(130.0));
        assert_eq!((capped.rounded, capped.quantity, capped.forced_waste), (216.0, 120.0, 0.0));
        let forced = terms.feasible(5.0, Some(10.0));
        assert_eq!((forced.quantity, forced.forced_waste), (48.0, 38.0));
        assert_eq!(terms.feasible(72.0, Some(100.0)).quantity, 72.0, "under the cap nothing changes");
    }

    /// Free freight from a goods value of 3,000 at 2.00 a unit (1,500 units)
    /// against a 150 freight charge; D = 2,000, K = 20, h = 25 % of 2.00.
    /// EOQ = √(2·2,000·(20 + 150)/0.5) = 1,166.2 costs
    /// 2,000·(2 + 150/1,166.2) + 20·2,000/1,166.2 + 0.25·(2 + 150/1,166.2)·583.1 = 4,601.8 a year;
    /// 1,500 units cost 4,000 + 26.67 + 375 = 4,401.67 and win.
    #[test]
    fn free_freight_threshold_is_a_candidate() {
        let terms = OrderingTerms { free_freight_threshold: Some(3_000.0), ..no_rules(vec![tier(0.0, 2.0)]) };
        let rates = CostRates { annual_demand: 2_000.0, per_order: 20.0, per_order_freight: 150.0, holding_rate: 0.25 };
        assert!((terms.annual_cycle_cost(1_166.19, &rates) - 4_601.8).abs() < 0.1);
        assert!((terms.annual_cycle_cost(1_500.0, &rates) - 4_401.67).abs() < 0.01);
        let choice = terms.economic_quantity(&rates, None);
        assert_eq!(choice.feasible.quantity, 1_500.0);
        assert_eq!(choice.candidates, 3, "the EOQ, the smallest orderable quantity and the threshold");
    }
}
