//! The standard normal distribution as safety stock needs it: the quantile
//! z(α) for a cycle service level, the loss function G(k) for a fill rate, and
//! the inverse of the loss function.
//!
//! The density, distribution and quantile come from `statrs` (its `erfc` and
//! `Normal::inverse_cdf`), not from a home-made approximation. The inverse of
//! G has no closed form; it is found by Newton's method, which on a convex,
//! decreasing function converges monotonically from the left, safeguarded by
//! a bracket so it can never leave `[K_MIN, K_MAX]`. The tests check it
//! against plain bisection and against the published table of G.

use statrs::consts::SQRT_2PI;
use statrs::distribution::{ContinuousCDF, Normal};
use statrs::function::erf::erfc;

/// Lowest safety factor the fill-rate search returns: G(−4) ≈ 4.00001, so a
/// target loss above it would need stock far below mean lead-time demand.
pub const K_MIN: f64 = -4.0;
/// Highest safety factor: G(6) ≈ 6·10⁻¹⁰, a fill rate indistinguishable from 100 %.
pub const K_MAX: f64 = 6.0;

/// Cycle service levels are held inside this range before taking the
/// quantile, because z(0) and z(1) are infinite; 99.999 % gives z ≈ 4.26.
pub const SERVICE_LEVEL_MIN: f64 = 0.000_01;
pub const SERVICE_LEVEL_MAX: f64 = 0.999_99;

/// Standard normal density φ(x).
pub fn density(x: f64) -> f64 {
    (-0.5 * x * x).exp() / SQRT_2PI
}

/// Upper tail 1 − Φ(x), computed directly from `erfc` so it keeps its
/// precision far out in the tail, where 1 − Φ(x) would cancel to zero.
pub fn upper_tail(x: f64) -> f64 {
    0.5 * erfc(x / std::f64::consts::SQRT_2)
}

/// Standard normal loss function G(k) = E[(Z − k)⁺] = φ(k) − k·(1 − Φ(k)):
/// the expected shortage per unit of lead-time demand standard deviation when
/// the safety factor is k.
pub fn loss(k: f64) -> f64 {
    loss_with_tail(k, upper_tail(k))
}

/// G(k) given `tail` = 1 − Φ(k).
fn loss_with_tail(k: f64, tail: f64) -> f64 {
    (density(k) - k * tail).max(0.0)
}

/// The safety factor z(α) that gives a probability α of no stockout in a
/// replenishment cycle. α is clamped to `[SERVICE_LEVEL_MIN, SERVICE_LEVEL_MAX]`.
pub fn quantile(alpha: f64) -> f64 {
    let alpha = if alpha.is_nan() { 0.5 } else { alpha.clamp(SERVICE_LEVEL_MIN, SERVICE_LEVEL_MAX) };
    Normal::standard().inverse_cdf(alpha)
}

/// The smallest k in `[K_MIN, K_MAX]` with G(k) ≤ `target`. G is strictly
/// decreasing, so this is the root of G(k) = target, or a bound of the range
/// when the target lies outside what the range can reach.
pub fn inverse_loss(target: f64) -> f64 {
    // G at the ends of the range never changes: worked out once.
    static ENDS: std::sync::OnceLock<(f64, f64)> = std::sync::OnceLock::new();
    let &(loss_at_max, loss_at_min) = ENDS.get_or_init(|| (loss(K_MAX), loss(K_MIN)));
    if target.is_nan() || target <= loss_at_max {
        return K_MAX;
    }
    if target >= loss_at_min {
        return K_MIN;
    }
    // Invariant: G(lo) > target ≥ G(hi).
    let (mut lo, mut hi) = (K_MIN, K_MAX);
    let mut k = K_MIN;
    for _ in 0..100 {
        // 1 − Φ(k) serves both G(k) and its slope: one erfc per step, not two.
        let tail = upper_tail(k);
        let excess = loss_with_tail(k, tail) - target;
        if excess > 0.0 {
            lo = k;
        } else {
            hi = k;
        }
        if hi - lo < 1e-12 {
            break;
        }
        // G'(k) = −(1 − Φ(k)); convexity keeps the Newton step from
        // overshooting the root, but the tail derivative can underflow, so
        // fall back to bisection whenever the step would leave the bracket.
        let slope = -tail;
        let newton = k - excess / slope;
        let next =
            if slope < 0.0 && newton.is_finite() && newton > lo && newton < hi { newton } else { 0.5 * (lo + hi) };
        if (next - k).abs() < 1e-13 {
            k = next;
            break;
        }
        k = next;
    }
    // The answer must satisfy G(k) ≤ target: Newton approaches from the
    // left, so rounding can leave k a hair short; nudge it across.
    for _ in 0..8 {
        let tail = upper_tail(k);
        let loss_k = loss_with_tail(k, tail);
        if loss_k <= target {
            return k;
        }
        k = (k + ((loss_k - target) / tail).max(1e-12 * k.abs().max(1.0))).min(hi);
    }
    hi
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Standard normal quantiles, as in any printed table of the normal
    /// distribution (e.g. the unit normal table in the appendix of Silver,
    /// Pyke & Thomas, *Inventory and Production Management in Supply Chains*,
    /// 4th ed., 2017).
    #[test]
    fn quantiles_match_the_normal_table() {
        let table = [
            (0.5, 0.0),
            (0.8, 0.8416),
            (0.9, 1.2816),
            (0.95, 1.6449),
            (0.975, 1.9600),
            (0.99, 2.3263),
            (0.9999, 3.7190),
        ];
        for (alpha, z) in table {
            assert!((quantile(alpha) - z).abs() < 5e-5, "z({alpha}) = {} not {z}", quantile(alpha));
        }
        assert!(quantile(1.0).is_finite() && quantile(1.0) > 4.2, "α = 1 is clamped, not infinite");
        assert!(quantile(0.0).is_finite() && quantile(0.0) < -4.2);
    }

    /// The unit normal loss function, the G_u(k) column of the unit normal
    /// table in the appendix of Silver, Pyke & Thomas (4th ed., 2017); the same
    /// values are in the standardized loss table at the back of Nahmias,
    /// *Production and Operations Analysis*.
    #[test]
    fn loss_matches_the_published_table() {
        let table =
            [(0.0, 0.3989), (0.5, 0.1978), (1.0, 0.0833), (1.5, 0.0293), (2.0, 0.0085), (2.5, 0.0020), (3.0, 0.0004)];
        for (k, g) in table {
            assert!((loss(k) - g).abs() < 5e-5, "G({k}) = {} not {g}", loss(k));
        }
        // For very negative k the shortage is almost surely −k: G(k) ≈ −k.
        assert!((loss(-4.0) - 4.0).abs() < 1e-4);
    }

    fn bisect_inverse_loss(target: f64) -> f64 {
        let (mut lo, mut hi) = (K_MIN, K_MAX);
        for _ in 0..200 {
            let mid = 0.5 * (lo + hi);
            if loss(mid) > target {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        hi
    }

    #[test]
    fn inverse_loss_agrees_with_bisection_and_with_the_table() {
        for target in [3.9, 1.0, 0.3989, 0.1, 0.0833, 0.01, 0.0085, 1e-4, 1e-7] {
            let newton = inverse_loss(target);
            let bisection = bisect_inverse_loss(target);
            assert!((newton - bisection).abs() < 1e-8, "target {target}: newton {newton}, bisection {bisection}");
            assert!(loss(newton) <= target, "G(k) must not exceed the target");
        }
        assert!((inverse_loss(0.0833) - 1.0).abs() < 2e-3);
        assert!((inverse_loss(0.0085) - 2.0).abs() < 2e-3);
    }

    #[test]
    fn inverse_loss_stays_in_its_range() {
        assert_eq!(inverse_loss(0.0), K_MAX, "a zero shortage target needs the highest factor");
        assert_eq!(inverse_loss(10.0), K_MIN, "a huge shortage allowance gives the lowest factor");
        assert_eq!(inverse_loss(f64::NAN), K_MAX);
    }
}
