//! Money helpers. Amounts are `Decimal` everywhere; quantities are `f64`, so
//! where the two meet (quantity × price) the quantity is converted exactly
//! from its shortest decimal spelling, and rounding happens once, at the edge,
//! with the strategy named.

use rust_decimal::prelude::*;

/// A quantity as a `Decimal`, from its shortest round-trip spelling
/// (so `0.1` becomes exactly `0.1`, not the binary value nearest to it).
/// Non-finite or out-of-range quantities give zero. An `f32` (a demand
/// quantity) is read from its own shortest spelling: `0.1f32` is `0.1`, not
/// the `0.100000001490116…` its widening to `f64` spells.
pub fn quantity_as_decimal<Q>(quantity: Q) -> Decimal
where
    Q: Copy + Into<f64> + std::fmt::Display + std::fmt::LowerExp,
{
    let value: f64 = quantity.into();
    if !value.is_finite() {
        return Decimal::ZERO;
    }
    // Whole numbers (nearly every quantity) without formatting: the same
    // value and scale as their spelling gives, at a fraction of the cost
    // (the KPI report converts about a million of them).
    if value.fract() == 0.0 && value.abs() < 1e15 {
        return Decimal::from(value as i64);
    }
    Decimal::from_str(&quantity.to_string())
        .or_else(|_| Decimal::from_scientific(&format!("{quantity:e}")))
        .unwrap_or(Decimal::ZERO)
}

/// Round an amount to cents, half away from zero (what invoices do; plain
/// `round_dp` would round half to even).
pub fn round_cents(amount: Decimal) -> Decimal {
    amount.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// A `Decimal` as `f64`, for statistics and charts only (never for sums of money).
pub fn to_f64(amount: Decimal) -> f64 {
    amount.to_f64().unwrap_or(0.0)
}

/// A percentage such as `4.5` as the factor `0.045`.
pub fn pct(percent: Decimal) -> Decimal {
    percent / Decimal::ONE_HUNDRED
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_f32_demand_quantity_is_read_from_its_shortest_spelling() {
        assert_eq!(quantity_as_decimal(0.1f32), Decimal::from_str("0.1").unwrap());
        assert_eq!(quantity_as_decimal(12.0f32), Decimal::from(12));
        assert_eq!(quantity_as_decimal(f32::NAN), Decimal::ZERO);
    }

    fn dec(text: &str) -> Decimal {
        Decimal::from_str(text).unwrap()
    }

    #[test]
    fn quantities_convert_from_their_shortest_spelling() {
        assert_eq!(quantity_as_decimal(0.1), dec("0.1"));
        assert_eq!(quantity_as_decimal(12.0), dec("12"));
        assert_eq!(quantity_as_decimal(f64::NAN), Decimal::ZERO);
    }

    #[test]
    fn cents_round_half_away_from_zero() {
        assert_eq!(round_cents(dec("2.345")), dec("2.35"));
        assert_eq!(round_cents(dec("-2.345")), dec("-2.35"));
        assert_eq!(round_cents(dec("2.355")), dec("2.36"));
    }
}
