//! Purchasing rules (issue 8), checked by hand and by properties.

use engine::purchasing::{allocate_cents, AllocationError};
use proptest::prelude::*;
use rust_decimal::Decimal;

fn d(text: &str) -> Decimal {
    text.parse().unwrap()
}

fn ds(texts: &[&str]) -> Vec<Decimal> {
    texts.iter().map(|t| d(t)).collect()
}

/// 100.00 over values 1 : 1 : 1: exact shares 33.333… each, floored to
/// 33.33 (99.99 in all); the one cent left goes to the first line (all
/// three lost 0.333… cents, a tie, so the earliest).
#[test]
fn a_tie_gives_the_leftover_cent_to_the_earlier_line() {
    assert_eq!(allocate_cents(d("100.00"), &ds(&["1", "1", "1"])).unwrap(), ds(&["33.34", "33.33", "33.33"]));
}

/// 10.00 of freight over line values 50.00, 30.00, 20.05 (Σ 100.05):
/// exact shares 4.99750…, 2.99850…, 2.00399… → floors 4.99, 2.99, 2.00
/// (9.98), remainders 0.750, 0.850, 0.399 of a cent; the two cents left go
/// to the second (0.850) and the first (0.750): 5.00, 3.00, 2.00.
#[test]
fn leftover_cents_go_to_the_largest_remainders() {
    let parts = allocate_cents(d("10.00"), &ds(&["50.00", "30.00", "20.05"])).unwrap();
    assert_eq!(parts, ds(&["5.00", "3.00", "2.00"]));
}

/// By weight in kg with three decimals: 0.01 over 2.5 kg and 7.125 kg
/// (1 cent: shares 0.2597… and 0.7402… of a cent → floors 0 and 0, the
/// cent to the second line).
#[test]
fn weights_with_different_scales_and_a_single_cent() {
    assert_eq!(allocate_cents(d("0.01"), &ds(&["2.5", "7.125"])).unwrap(), ds(&["0.00", "0.01"]));
}

/// All-zero weights split equally: 0.05 over 2 lines is 0.025 each →
/// 0.02 + 0.02, the cent left to the first line.
#[test]
fn all_zero_weights_split_equally() {
    assert_eq!(allocate_cents(d("0.05"), &ds(&["0", "0.00"])).unwrap(), ds(&["0.03", "0.02"]));
}

#[test]
fn what_is_refused() {
    assert!(matches!(allocate_cents(d("1"), &[]), Err(AllocationError::NoLines { .. })));
    assert!(matches!(allocate_cents(d("-1"), &ds(&["1"])), Err(AllocationError::NegativeAmount { .. })));
    assert!(matches!(allocate_cents(d("1.005"), &ds(&["1"])), Err(AllocationError::NotWholeCents { .. })));
    assert_eq!(
        allocate_cents(d("1"), &ds(&["1", "-2"])),
        Err(AllocationError::NegativeWeight { line: 1, weight: d("-2") })
    );
    // A zero amount with trailing zeros beyond the cent is still whole cents.
    assert_eq!(allocate_cents(d("0.000"), &ds(&["1", "2"])).unwrap(), ds(&["0.00", "0.00"]));
}

proptest! {
    /// The parts add up to the amount exactly, and each is within a cent
    /// below or above its exact share (floored, plus at most one cent).
    #[test]
    fn parts_add_up_exactly_and_stay_within_a_cent(
        cents in 0i64..10_000_000,
        weights in prop::collection::vec(0u32..100_000, 1..20),
        scale in 0u32..4,
    ) {
        let amount = Decimal::new(cents, 2);
        let weights: Vec<Decimal> = weights.iter().map(|&w| Decimal::new(i64::from(w), scale)).collect();
        let parts = allocate_cents(amount, &weights).unwrap();
        prop_assert_eq!(parts.iter().sum::<Decimal>(), amount);
        let total: Decimal = weights.iter().sum();
        for (part, weight) in parts.iter().zip(&weights) {
            let exact = if total.is_zero() { amount / Decimal::from(weights.len()) } else { amount * weight / total };
            prop_assert!(*part >= (exact * Decimal::ONE_HUNDRED).floor() / Decimal::ONE_HUNDRED - d("0.0000001"));
            prop_assert!(*part <= exact + d("0.01"), "{} > {} + 0.01", part, exact);
            prop_assert_eq!(part.scale(), 2);
        }
    }
}
