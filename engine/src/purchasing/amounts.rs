//! A purchase-order line's landed amounts, in cents as an invoice has them.
//!
//! The plan prices one unit (`plan::landed`, unrounded, for comparing
//! offers); a purchase order prices a line: every amount is rounded to the
//! cent where an invoice or a customs declaration would round it. The plan's
//! suggested order is priced with [`line_amounts`] too (as a one-line order),
//! so a one-line PO drafted from a plan line costs exactly what the plan said.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::model::{DutyBasis, LandedCostTerms};
use crate::plan::landed::{divided, plus, round_cents, round_unit, times};
use crate::plan::supplier_choice::quantity_decimal;

/// Why [`line_amounts`] refused its input.
#[derive(Clone, Debug, PartialEq, thiserror::Error, Serialize, Deserialize)]
pub enum AmountsError {
    #[error("the quantity {quantity} is not a number above zero")]
    QuantityNotPositive { quantity: f64 },
    #[error("the unit price {price} is negative")]
    NegativePrice { price: Decimal },
    #[error("the line's share of the order's charges {share} is negative")]
    NegativeShare { share: Decimal },
    #[error("the line's share of the order's charges {share} is not a whole number of cents")]
    ShareNotWholeCents { share: Decimal },
}

/// What one line's landed amounts are computed from.
#[derive(Clone, Copy, Debug)]
pub struct LineAmountsInputs<'a> {
    /// Price of one SKU unit, supplier currency (the all-units break the
    /// quantity lands in).
    pub unit_price: Decimal,
    /// Units on the line, SKU units.
    pub quantity: f64,
    /// The supplier's landed-cost terms with the offer's `LandedCostOverride`
    /// applied (`LandedCostOverride::apply`).
    pub terms: &'a LandedCostTerms,
    /// This line's share of the order's per-order charges (the per-order
    /// freight unless waived), whole cents, supplier currency: a part from
    /// `allocate_cents`, or the whole freight for a one-line order.
    pub order_charge_share: Decimal,
}

/// A line's landed amounts, supplier currency. Every amount is in cents
/// except `unit_landed` (four decimals).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LineAmounts {
    pub goods: Decimal,
    pub insurance: Decimal,
    /// Per-unit freight for the quantity plus `order_charge_share`.
    pub freight: Decimal,
    /// The part of `freight` that is the line's share of the order's charges.
    pub order_charge_share: Decimal,
    /// What duty is charged on: goods (FOB), or goods + freight + insurance (CIF).
    pub customs_value: Decimal,
    pub duty: Decimal,
    /// Import tax on goods + freight + insurance + duty; reported even when
    /// recoverable, but then not part of `total`.
    pub import_tax: Decimal,
    pub tax_recoverable: bool,
    pub handling: Decimal,
    /// goods + insurance + freight + duty + handling, plus the import tax
    /// when it is not recoverable.
    pub total: Decimal,
    /// `total ÷ quantity`, four decimals.
    pub unit_landed: Decimal,
}

/// The landed amounts of a purchase-order line, supplier currency.
///
/// Conventions (issue 8, "Draft POs from the plan"; the parts are those of
/// `plan::landed`, rounded as an invoice and a customs declaration round):
/// - quantity Q enters money arithmetic as `plan::supplier_choice::quantity_decimal`
///   (whole numbers exactly, others to a millionth of a unit), as in the plan;
/// - goods = round(price × Q);
/// - insurance = round(insurance % × goods);
/// - freight = round(freight per unit × Q) + the line's share of the
///   order's per-order charges;
/// - customs value = goods on an FOB basis, goods + freight + insurance on a
///   CIF basis; duty = round(duty % × customs value);
/// - import tax = round(tax % × (goods + freight + insurance + duty)),
///   reported, and left out of the total when the terms say it is recoverable;
/// - handling = round(handling per unit × Q);
/// - total = goods + insurance + freight + duty + handling (+ import tax when
///   not recoverable); unit landed cost = round₄(total ÷ Q).
///
/// `round` is to the cent and `round₄` to four decimals, both half away from
/// zero (`plan::landed::round_cents`, `round_unit`). Products and sums
/// saturate at `Decimal`'s range like the plan's (`plan::landed::times`).
/// Refused: a quantity that is not finite or not above zero, a negative
/// price, a share that is negative or not whole cents.
pub fn line_amounts(inputs: &LineAmountsInputs) -> Result<LineAmounts, AmountsError> {
    let LineAmountsInputs { unit_price, quantity, terms, order_charge_share: share } = *inputs;
    if !quantity.is_finite() || quantity <= 0.0 {
        return Err(AmountsError::QuantityNotPositive { quantity });
    }
    if unit_price.is_sign_negative() && !unit_price.is_zero() {
        return Err(AmountsError::NegativePrice { price: unit_price });
    }
    if share.is_sign_negative() && !share.is_zero() {
        return Err(AmountsError::NegativeShare { share });
    }
    if round_cents(share) != share {
        return Err(AmountsError::ShareNotWholeCents { share });
    }
    let quantity = quantity_decimal(quantity);
    let percent_of = |pct: Decimal, base: Decimal| round_cents(times(times(pct, base), Decimal::new(1, 2)));
    let goods = round_cents(times(unit_price, quantity));
    let insurance = percent_of(terms.insurance_pct, goods);
    let freight = plus(round_cents(times(terms.freight_per_unit, quantity)), share);
    let customs_value = match terms.duty_basis {
        DutyBasis::Fob => goods,
        DutyBasis::Cif => plus(plus(goods, freight), insurance),
    };
    let duty = percent_of(terms.duty_pct, customs_value);
    let import_tax = percent_of(terms.tax_pct, plus(plus(plus(goods, freight), insurance), duty));
    let handling = round_cents(times(terms.handling_per_unit, quantity));
    let mut total = plus(plus(plus(plus(goods, insurance), freight), duty), handling);
    if !terms.tax_recoverable {
        total = plus(total, import_tax);
    }
    Ok(LineAmounts {
        goods,
        insurance,
        freight,
        order_charge_share: share,
        customs_value,
        duty,
        import_tax,
        tax_recoverable: terms.tax_recoverable,
        handling,
        total,
        unit_landed: round_unit(divided(total, quantity)),
    })
}

/// An amount in the supplier currency as base currency: round(amount ×
/// rate), to the cent, half away from zero. Totals are converted as totals
/// (never summed from converted parts), so a figure in base currency is
/// always one rounding away from its supplier-currency figure.
pub fn to_base_cents(amount: Decimal, rate_to_base: Decimal) -> Decimal {
    if rate_to_base == Decimal::ONE {
        return round_cents(amount);
    }
    round_cents(times(amount, rate_to_base))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ChargeBasis;

    fn dec(text: &str) -> Decimal {
        text.parse().unwrap()
    }

    fn terms() -> LandedCostTerms {
        LandedCostTerms {
            freight_per_order: dec("200"),
            freight_per_unit: dec("0.35"),
            insurance_pct: dec("1.5"),
            duty_pct: dec("6.5"),
            duty_basis: DutyBasis::Fob,
            tax_pct: dec("20"),
            tax_recoverable: true,
            handling_per_unit: dec("0.12"),
            charge_basis: ChargeBasis::Value,
        }
    }

    fn amounts(terms: &LandedCostTerms, price: &str, quantity: f64, share: &str) -> LineAmounts {
        line_amounts(&LineAmountsInputs { unit_price: dec(price), quantity, terms, order_charge_share: dec(share) })
            .unwrap()
    }

    /// FOB, recoverable tax; 37 units at 12.345 with a share of 66.67:
    /// goods 37 × 12.345 = 456.765 → 456.77; insurance 1.5 % × 456.77 = 6.85155 → 6.85;
    /// freight 0.35 × 37 = 12.95, + 66.67 = 79.62; customs value (FOB) 456.77;
    /// duty 6.5 % × 456.77 = 29.69005 → 29.69;
    /// tax 20 % × (456.77 + 79.62 + 6.85 + 29.69 = 572.93) = 114.586 → 114.59, recoverable;
    /// handling 0.12 × 37 = 4.44;
    /// total 456.77 + 6.85 + 79.62 + 29.69 + 4.44 = 577.37; unit 577.37 ÷ 37 = 15.60459… → 15.6046.
    #[test]
    fn fob_with_recoverable_tax_by_hand() {
        let a = amounts(&terms(), "12.345", 37.0, "66.67");
        assert_eq!(a.goods, dec("456.77"));
        assert_eq!(a.insurance, dec("6.85"));
        assert_eq!(a.freight, dec("79.62"));
        assert_eq!(a.customs_value, dec("456.77"));
        assert_eq!(a.duty, dec("29.69"));
        assert_eq!(a.import_tax, dec("114.59"));
        assert_eq!(a.handling, dec("4.44"));
        assert_eq!(a.total, dec("577.37"));
        assert_eq!(a.unit_landed, dec("15.6046"));
    }

    /// CIF, non-recoverable tax, same line:
    /// customs value 456.77 + 79.62 + 6.85 = 543.24; duty 6.5 % × 543.24 = 35.3106 → 35.31;
    /// tax 20 % × (456.77 + 79.62 + 6.85 + 35.31 = 578.55) = 115.71, a cost;
    /// total 456.77 + 6.85 + 79.62 + 35.31 + 4.44 + 115.71 = 698.70; unit 698.70 ÷ 37 = 18.88378… → 18.8838.
    #[test]
    fn cif_with_non_recoverable_tax_by_hand() {
        let terms = LandedCostTerms { duty_basis: DutyBasis::Cif, tax_recoverable: false, ..terms() };
        let a = amounts(&terms, "12.345", 37.0, "66.67");
        assert_eq!(a.customs_value, dec("543.24"));
        assert_eq!(a.duty, dec("35.31"));
        assert_eq!(a.import_tax, dec("115.71"));
        assert_eq!(a.total, dec("698.70"));
        assert_eq!(a.unit_landed, dec("18.8838"));
    }

    /// FOB with non-recoverable tax, and CIF with recoverable tax, on 2.5 kg at 3.21, no share:
    /// goods 8.025 → 8.03 (half away from zero); insurance 1.5 % × 8.03 = 0.12045 → 0.12;
    /// freight 0.35 × 2.5 = 0.875 → 0.88; handling 0.12 × 2.5 = 0.30.
    /// FOB: duty 6.5 % × 8.03 = 0.52195 → 0.52; tax 20 % × (8.03 + 0.88 + 0.12 + 0.52 = 9.55) = 1.91;
    ///      total 8.03 + 0.12 + 0.88 + 0.52 + 0.30 + 1.91 = 11.76; unit 11.76 ÷ 2.5 = 4.704.
    /// CIF: customs 8.03 + 0.88 + 0.12 = 9.03, duty 0.58695 → 0.59; tax 20 % × 9.62 = 1.924 → 1.92 recoverable;
    ///      total 8.03 + 0.12 + 0.88 + 0.59 + 0.30 = 9.92; unit 3.968.
    #[test]
    fn the_other_two_combinations_by_hand() {
        let fob = LandedCostTerms { tax_recoverable: false, ..terms() };
        let a = amounts(&fob, "3.21", 2.5, "0");
        assert_eq!((a.goods, a.insurance, a.freight, a.handling), (dec("8.03"), dec("0.12"), dec("0.88"), dec("0.30")));
        assert_eq!(
            (a.duty, a.import_tax, a.total, a.unit_landed),
            (dec("0.52"), dec("1.91"), dec("11.76"), dec("4.704"))
        );
        let cif = LandedCostTerms { duty_basis: DutyBasis::Cif, ..terms() };
        let a = amounts(&cif, "3.21", 2.5, "0");
        assert_eq!((a.customs_value, a.duty, a.import_tax), (dec("9.03"), dec("0.59"), dec("1.92")));
        assert_eq!((a.total, a.unit_landed), (dec("9.92"), dec("3.968")));
    }

    #[test]
    fn what_is_refused() {
        let terms = terms();
        let inputs = |price: &str, quantity: f64, share: &str| LineAmountsInputs {
            unit_price: dec(price),
            quantity,
            terms: &terms,
            order_charge_share: dec(share),
        };
        for quantity in [0.0, -1.0, f64::NAN, f64::INFINITY] {
            assert!(matches!(line_amounts(&inputs("1", quantity, "0")), Err(AmountsError::QuantityNotPositive { .. })));
        }
        assert_eq!(line_amounts(&inputs("-0.01", 1.0, "0")), Err(AmountsError::NegativePrice { price: dec("-0.01") }));
        assert_eq!(line_amounts(&inputs("1", 1.0, "-1")), Err(AmountsError::NegativeShare { share: dec("-1") }));
        assert_eq!(
            line_amounts(&inputs("1", 1.0, "0.005")),
            Err(AmountsError::ShareNotWholeCents { share: dec("0.005") })
        );
        // A free item is no error.
        assert_eq!(line_amounts(&inputs("0", 1.0, "0")).unwrap().goods, Decimal::ZERO);
    }

    /// 10.005 × 0.9 = 9.0045 → 9.00; the rate 1 keeps the amount.
    #[test]
    fn conversion_rounds_the_converted_amount_once() {
        assert_eq!(to_base_cents(dec("10.005"), dec("0.9")), dec("9.00"));
        assert_eq!(to_base_cents(dec("10.01"), dec("0.9")), dec("9.01"));
        assert_eq!(to_base_cents(dec("10.01"), Decimal::ONE), dec("10.01"));
    }
}
