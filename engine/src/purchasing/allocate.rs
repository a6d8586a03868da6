//! Spreading an amount over lines in whole cents.

use rust_decimal::Decimal;

/// Why [`allocate_cents`] refused its input.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, serde::Serialize, serde::Deserialize)]
pub enum AllocationError {
    #[error("there are no lines to spread {amount} over")]
    NoLines { amount: Decimal },
    #[error("the amount {amount} is negative")]
    NegativeAmount { amount: Decimal },
    #[error("the amount {amount} is not a whole number of cents")]
    NotWholeCents { amount: Decimal },
    #[error("line {line} has a negative weight {weight}")]
    NegativeWeight { line: usize, weight: Decimal },
    #[error("the amount and the weights are too large to spread exactly")]
    TooLarge,
}

/// Spread `amount` (money, in whole cents) over lines in proportion to
/// their `weights` (their value, quantity, weight or volume: whichever the
/// supplier's terms name), so that the parts add up to `amount` exactly.
///
/// Conventions (the largest remainder method, Hamilton's apportionment):
/// - each line first gets its exact share `amount × wᵢ ÷ Σw` floored to the
///   cent;
/// - the cents left over (fewer than the number of lines) go one each to the
///   lines whose shares lost the most in flooring, ties to the earlier line;
/// - all weights zero: the amount is split equally, as if every weight were 1;
/// - the arithmetic is exact (weights are scaled to whole numbers, shares
///   compared as fractions), never floating point.
///
/// Each part is returned with two decimals. Refused: no lines, a negative
/// amount, an amount with fractions of a cent, a negative weight, and
/// figures too large for exact 128-bit arithmetic.
pub fn allocate_cents(amount: Decimal, weights: &[Decimal]) -> Result<Vec<Decimal>, AllocationError> {
    if weights.is_empty() {
        return Err(AllocationError::NoLines { amount });
    }
    if amount.is_sign_negative() && !amount.is_zero() {
        return Err(AllocationError::NegativeAmount { amount });
    }
    let cents = amount * Decimal::ONE_HUNDRED;
    if !cents.fract().is_zero() {
        return Err(AllocationError::NotWholeCents { amount });
    }
    let cents = cents.trunc();
    let cents = cents.mantissa() / 10i128.pow(cents.scale());
    if let Some((line, &weight)) = weights.iter().enumerate().find(|(_, w)| w.is_sign_negative() && !w.is_zero()) {
        return Err(AllocationError::NegativeWeight { line, weight });
    }
    // Whole-number weights: every weight at the largest scale among them.
    let scale = weights.iter().map(Decimal::scale).max().unwrap_or(0);
    let mut units: Vec<i128> = weights
        .iter()
        .map(|w| {
            let factor = 10i128.checked_pow(scale - w.scale()).ok_or(AllocationError::TooLarge)?;
            w.mantissa().checked_mul(factor).ok_or(AllocationError::TooLarge)
        })
        .collect::<Result<_, _>>()?;
    if units.iter().all(|&u| u == 0) {
        units.iter_mut().for_each(|u| *u = 1);
    }
    let total = units.iter().try_fold(0i128, |sum, &u| sum.checked_add(u)).ok_or(AllocationError::TooLarge)?;
    // Line i's exact share in cents is cents × uᵢ ÷ total = floorᵢ + remainderᵢ ÷ total.
    let mut parts = Vec::with_capacity(units.len());
    let mut remainders = Vec::with_capacity(units.len());
    for &u in &units {
        let product = cents.checked_mul(u).ok_or(AllocationError::TooLarge)?;
        parts.push(product / total);
        remainders.push(product % total);
    }
    let left = cents - parts.iter().sum::<i128>();
    let mut order: Vec<usize> = (0..units.len()).collect();
    // Largest remainder first; a stable sort keeps the earlier line first on a tie.
    crate::sorting::sort_by(&mut order, |&a, &b| remainders[b].cmp(&remainders[a]));
    for &line in order.iter().take(left as usize) {
        parts[line] += 1;
    }
    Ok(parts.into_iter().map(|c| Decimal::from_i128_with_scale(c, 2)).collect())
}
