//! Landed cost of one SKU unit: what it really costs to have it on our shelf,
//! in the base currency.
//!
//! landed = goods + insurance + freight per unit + per-order freight ÷ Q
//!          + duty + non-recoverable tax + handling
//!
//! - insurance is a percentage of the goods value;
//! - duty is a percentage of the goods (FOB basis) or of goods + freight +
//!   insurance (CIF basis);
//! - import tax is a percentage of goods + freight + insurance + duty, and is
//!   left out when it is recoverable (it comes back, so it is not a cost);
//! - handling is per unit and outside the duty and tax bases.
//!
//! Per-order freight is carried by this SKU's order alone: spreading one
//! shipment's freight over the lines of a multi-SKU purchase order belongs to
//! purchasing. Every term is linear, so the landed cost of a quantity Q is
//! `variable + per_order ÷ Q`; the optimiser uses the two parts as `f64`, the
//! output is computed in `Decimal`.

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use crate::model::money::to_f64;
use crate::model::{DutyBasis, LandedCostTerms};

/// `a × b`, or the largest amount of its sign when the product would exceed
/// `Decimal`'s range (about 7.9 × 10^28) instead of aborting the plan.
///
/// Validation bounds every amount, percentage, rate and quantity a row may
/// hold (`io::rules`), and with realistic data no product comes near the
/// limit. But planning multiplies fields of different rows, and some
/// combinations no single-row bound rules out reach it: a price of 10^-28
/// against a minimum order value of 10^8 asks for 10^36 units. Such an offer
/// then costs the most and is never chosen over a sane one; the figure shown
/// is the largest amount, which nobody will take for a real price.
pub fn times(a: Decimal, b: Decimal) -> Decimal {
    if a.is_zero() || b.is_zero() {
        // Most terms are zero for most offers: skip the multiplication.
        return Decimal::ZERO;
    }
    a.saturating_mul(b)
}

/// `a + b`, saturating like `times`.
pub fn plus(a: Decimal, b: Decimal) -> Decimal {
    a.saturating_add(b)
}

/// `a ÷ b`, saturating like `times`; dividing by zero gives the largest amount.
pub fn divided(a: Decimal, b: Decimal) -> Decimal {
    a.checked_div(b).unwrap_or(if a.is_sign_negative() != b.is_sign_negative() { Decimal::MIN } else { Decimal::MAX })
}

/// Decimal places kept on per-unit figures. Amounts are rounded to cents, but
/// a unit of a cheap item (a 2-cent pencil) would lose its price at two
/// places, so unit costs keep four.
pub const UNIT_COST_DP: u32 = 4;

/// Round a per-unit money figure, half away from zero.
pub fn round_unit(amount: Decimal) -> Decimal {
    round_half_away(amount, UNIT_COST_DP)
}

/// Round an amount to cents, half away from zero: `money::round_cents`,
/// computed by `round_half_away`.
pub fn round_cents(amount: Decimal) -> Decimal {
    round_half_away(amount, 2)
}

/// `amount` rounded to `dp` places, half away from zero: exactly what
/// `round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero)`
/// returns (value, scale and sign), by one 128-bit division. The library
/// divides the mantissa, multiplies it back nine digits at a time and builds
/// the half-way mark digit by digit, several hundred instructions for an
/// amount carrying 28 places (any quotient does); a plan rounds about ten
/// amounts per offer, and that was the largest single cost of pricing.
pub fn round_half_away(amount: Decimal, dp: u32) -> Decimal {
    let scale = amount.scale();
    if scale <= dp || amount.is_zero() {
        // Nothing to round, or a zero, whose sign the library keeps: its own short cuts.
        return amount.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero);
    }
    let divisor = 10u128.pow(scale - dp);
    let magnitude = amount.mantissa().unsigned_abs();
    let (mut kept, dropped) = (magnitude / divisor, magnitude % divisor);
    // Half of the last kept place or more rounds away from zero.
    if dropped >= divisor - dropped {
        kept += 1;
    }
    // At most the 96-bit mantissa ÷ 10, plus one: always representable.
    let kept = kept as i128;
    Decimal::from_i128_with_scale(if amount.is_sign_negative() { -kept } else { kept }, dp)
}

/// One unit's landed cost, by component, in the base currency.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct LandedCost {
    pub goods: Decimal,
    pub insurance: Decimal,
    pub freight_per_unit: Decimal,
    /// The order's per-order freight divided by its quantity (zero when waived).
    pub freight_per_order_share: Decimal,
    pub duty: Decimal,
    /// Import tax, zero when recoverable.
    pub tax: Decimal,
    pub handling: Decimal,
    pub total: Decimal,
}

impl LandedCost {
    /// Every component rounded to `UNIT_COST_DP` places (the total from the
    /// unrounded components, so it is rounded once).
    pub fn rounded(&self) -> LandedCost {
        LandedCost {
            goods: round_unit(self.goods),
            insurance: round_unit(self.insurance),
            freight_per_unit: round_unit(self.freight_per_unit),
            freight_per_order_share: round_unit(self.freight_per_order_share),
            duty: round_unit(self.duty),
            tax: round_unit(self.tax),
            handling: round_unit(self.handling),
            total: round_unit(self.total),
        }
    }
}

/// A percentage such as `4.5` as the factor `0.045`: the same value as
/// `money::pct`, by an exact multiplication rather than a division, which is
/// several times cheaper and is done millions of times a plan.
fn percent(value: Decimal) -> Decimal {
    if value.is_zero() {
        return Decimal::ZERO;
    }
    value * Decimal::new(1, 2)
}

/// What one unit's landed cost is computed from.
#[derive(Clone, Copy, Debug)]
pub struct LandedCostInputs<'a> {
    /// The goods price of one unit, supplier currency.
    pub unit_price: Decimal,
    pub terms: &'a LandedCostTerms,
    /// The shipment's freight, supplier currency; zero if waived.
    pub per_order_freight: Decimal,
    /// Units in the order, over which the per-order freight is spread.
    pub quantity: Decimal,
    /// One unit of the supplier currency in the base currency.
    pub rate_to_base: Decimal,
}

/// Landed cost per unit of an order of `quantity` at `unit_price` (supplier
/// currency), converted at `rate_to_base`. `per_order_freight` is the
/// shipment's freight in the supplier currency, already zero if waived.
/// Unrounded: round at the edge with `LandedCost::rounded`.
pub fn landed_unit_cost(inputs: &LandedCostInputs) -> LandedCost {
    let LandedCostInputs { unit_price, terms, per_order_freight, quantity, rate_to_base } = *inputs;
    // Most terms are zero for most offers; `times` skips them, which keeps a
    // plan of 100,000 lines from spending its time multiplying zeros.
    let freight_share = if quantity > Decimal::ZERO && !per_order_freight.is_zero() {
        divided(per_order_freight, quantity)
    } else {
        Decimal::ZERO
    };
    let insurance = times(unit_price, percent(terms.insurance_pct));
    let freight = plus(terms.freight_per_unit, freight_share);
    let duty_base = match terms.duty_basis {
        DutyBasis::Fob => unit_price,
        DutyBasis::Cif => plus(plus(unit_price, freight), insurance),
    };
    let duty = times(duty_base, percent(terms.duty_pct));
    let tax = if terms.tax_recoverable {
        Decimal::ZERO
    } else {
        times(plus(plus(plus(unit_price, freight), insurance), duty), percent(terms.tax_pct))
    };
    let unit_rate = rate_to_base == Decimal::ONE;
    let to_base = |amount: Decimal| {
        if unit_rate {
            amount
        } else {
            times(amount, rate_to_base)
        }
    };
    let cost = LandedCost {
        goods: to_base(unit_price),
        insurance: to_base(insurance),
        freight_per_unit: to_base(terms.freight_per_unit),
        freight_per_order_share: to_base(freight_share),
        duty: to_base(duty),
        tax: to_base(tax),
        handling: to_base(terms.handling_per_unit),
        total: Decimal::ZERO,
    };
    LandedCost {
        total: [
            cost.insurance,
            cost.freight_per_unit,
            cost.freight_per_order_share,
            cost.duty,
            cost.tax,
            cost.handling,
        ]
        .into_iter()
        .fold(cost.goods, plus),
        ..cost
    }
}

/// The landed-cost terms as `f64` factors, for the order-quantity optimiser
/// only (it compares thousands of candidates; the figures it reports are
/// recomputed in `Decimal` by `landed_unit_cost`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LandedFactors {
    insurance: f64,
    freight_per_unit: f64,
    duty: f64,
    cif: bool,
    /// Tax rate when it is a cost, 0 when recoverable.
    tax: f64,
    handling: f64,
    rate_to_base: f64,
}

impl LandedFactors {
    pub fn new(terms: &LandedCostTerms, rate_to_base: Decimal) -> Self {
        let factor = |percent: Decimal| to_f64(percent) / 100.0;
        LandedFactors {
            insurance: factor(terms.insurance_pct),
            freight_per_unit: to_f64(terms.freight_per_unit),
            duty: factor(terms.duty_pct),
            cif: terms.duty_basis == DutyBasis::Cif,
            tax: if terms.tax_recoverable { 0.0 } else { factor(terms.tax_pct) },
            handling: to_f64(terms.handling_per_unit),
            rate_to_base: to_f64(rate_to_base),
        }
    }

    /// `landed_unit_cost(price, terms, 0, …).total`, approximately.
    pub fn variable(&self, unit_price: f64) -> f64 {
        let insurance = unit_price * self.insurance;
        let duty_base = if self.cif { unit_price + self.freight_per_unit + insurance } else { unit_price };
        let duty = duty_base * self.duty;
        let tax = (unit_price + self.freight_per_unit + insurance + duty) * self.tax;
        (unit_price + insurance + self.freight_per_unit + duty + tax + self.handling) * self.rate_to_base
    }
}

/// What one shipment's per-order freight costs once duty (CIF) and
/// non-recoverable tax are charged on it, in the supplier currency:
/// F·(1 + duty%·[CIF])·(1 + tax%·[not recoverable]).
pub fn per_order_charge(terms: &LandedCostTerms, per_order_freight: Decimal) -> Decimal {
    let duty_factor = match terms.duty_basis {
        DutyBasis::Fob => Decimal::ONE,
        DutyBasis::Cif => Decimal::ONE + percent(terms.duty_pct),
    };
    let tax_factor = if terms.tax_recoverable { Decimal::ONE } else { Decimal::ONE + percent(terms.tax_pct) };
    times(times(per_order_freight, duty_factor), tax_factor)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn dec(text: &str) -> Decimal {
        Decimal::from_str(text).unwrap()
    }

    fn cif_terms() -> LandedCostTerms {
        LandedCostTerms {
            freight_per_order: dec("200"),
            freight_per_unit: dec("0.50"),
            insurance_pct: dec("1"),
            duty_pct: dec("10"),
            duty_basis: DutyBasis::Cif,
            tax_pct: dec("20"),
            tax_recoverable: false,
            handling_per_unit: dec("0.30"),
            charge_basis: crate::model::ChargeBasis::Value,
        }
    }

    /// Hand-computed, price 10.00 USD, 100 units, USD→EUR 0.90:
    /// insurance 1 % × 10 = 0.10; freight 0.50 + 200/100 = 2.50;
    /// CIF duty 10 % × (10 + 2.50 + 0.10) = 1.26;
    /// tax 20 % × (10 + 2.50 + 0.10 + 1.26) = 2.772; handling 0.30.
    /// Total 10 + 0.10 + 2.50 + 1.26 + 2.772 + 0.30 = 16.932 USD = 15.2388 EUR.
    #[test]
    fn cif_landed_cost_by_hand() {
        let cost = landed_unit_cost(&LandedCostInputs {
            unit_price: dec("10.00"),
            terms: &cif_terms(),
            per_order_freight: dec("200"),
            quantity: dec("100"),
            rate_to_base: dec("0.90"),
        });
        assert_eq!(cost.goods, dec("9.00"));
        assert_eq!(cost.insurance, dec("0.090"));
        assert_eq!(cost.freight_per_order_share, dec("1.80"));
        assert_eq!(cost.duty, dec("1.134"));
        assert_eq!(cost.tax, dec("2.4948"));
        assert_eq!(cost.total, dec("15.2388"));
    }

    /// FOB duty is on goods only; recoverable tax is no cost.
    /// 10 + 0.10 + 2.50 + 10 % × 10 + 0.30 = 13.90.
    #[test]
    fn fob_with_recoverable_tax() {
        let terms = LandedCostTerms { duty_basis: DutyBasis::Fob, tax_recoverable: true, ..cif_terms() };
        let cost = landed_unit_cost(&LandedCostInputs {
            unit_price: dec("10.00"),
            terms: &terms,
            per_order_freight: dec("200"),
            quantity: dec("100"),
            rate_to_base: Decimal::ONE,
        });
        assert_eq!(cost.duty, dec("1.00"));
        assert_eq!(cost.tax, Decimal::ZERO);
        assert_eq!(cost.total, dec("13.90"));
    }

    /// The landed cost is linear: total(Q) = total(no per-order freight) + per_order_charge ÷ Q.
    #[test]
    fn landed_cost_splits_into_variable_and_per_order_parts() {
        let terms = cif_terms();
        for quantity in ["1", "7", "100", "2500"] {
            let q = dec(quantity);
            let full = landed_unit_cost(&LandedCostInputs {
                unit_price: dec("3.25"),
                terms: &terms,
                per_order_freight: dec("200"),
                quantity: q,
                rate_to_base: Decimal::ONE,
            })
            .total;
            let variable = landed_unit_cost(&LandedCostInputs {
                unit_price: dec("3.25"),
                terms: &terms,
                per_order_freight: Decimal::ZERO,
                quantity: q,
                rate_to_base: Decimal::ONE,
            })
            .total;
            let per_order = per_order_charge(&terms, dec("200"));
            assert_eq!(full.round_dp(20), (variable + per_order / q).round_dp(20), "Q = {quantity}");
        }
    }

    /// The optimiser's `f64` factors agree with the `Decimal` formula.
    #[test]
    fn factors_match_the_formula() {
        for terms in [cif_terms(), LandedCostTerms { duty_basis: DutyBasis::Fob, tax_recoverable: true, ..cif_terms() }]
        {
            let factors = LandedFactors::new(&terms, dec("0.90"));
            for price in ["0.02", "10.00", "1234.5678"] {
                let exact = landed_unit_cost(&LandedCostInputs {
                    unit_price: dec(price),
                    terms: &terms,
                    per_order_freight: Decimal::ZERO,
                    quantity: Decimal::ONE,
                    rate_to_base: dec("0.90"),
                })
                .total;
                let approximate = factors.variable(to_f64(dec(price)));
                assert!((approximate - to_f64(exact)).abs() <= 1e-9 * to_f64(exact).abs().max(1.0), "{price}");
            }
        }
    }

    #[test]
    fn percent_is_exactly_a_hundredth() {
        assert_eq!(percent(dec("4.5")), dec("0.045"));
        assert_eq!(percent(dec("4.5")), crate::model::money::pct(dec("4.5")));
    }

    proptest::proptest! {
        /// The fast rounding is the library's, to the bit: value, scale and sign.
        #[test]
        fn rounding_is_the_libraries(
            mantissa in proptest::prelude::any::<i128>(),
            scale in 0u32..=28,
            dp in 0u32..=6,
            half in proptest::prelude::any::<bool>(),
        ) {
            // Any 96-bit mantissa; with `half`, one ending exactly half-way between two results.
            let mut mantissa = mantissa % (1i128 << 95);
            if half && scale > dp {
                let unit = 10i128.pow(scale - dp);
                mantissa = mantissa / unit * unit + unit / 2 * mantissa.signum();
            }
            let amount = Decimal::from_i128_with_scale(mantissa, scale);
            let ours = round_half_away(amount, dp);
            let theirs = amount.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero);
            proptest::prop_assert_eq!(ours, theirs);
            proptest::prop_assert_eq!(ours.serialize(), theirs.serialize(), "{} → {} vs {}", amount, ours, theirs);
        }
    }

    #[test]
    fn unit_figures_keep_four_places() {
        assert_eq!(round_unit(dec("0.02345")), dec("0.0235"));
        assert_eq!(round_unit(dec("-0.00005")), dec("-0.0001"));
        assert_eq!(round_cents(dec("2.345")), dec("2.35"));
        assert_eq!(round_cents(dec("-2.345")), dec("-2.35"));
        assert_eq!(round_cents(dec("-0.004")).to_string(), crate::model::money::round_cents(dec("-0.004")).to_string());
    }
}
