//! Lead-time demand as a count: a negative binomial (or Poisson) fitted to
//! its mean and variance, and the service target applied to it.
//!
//! Intermittent demand over a lead time is skewed and often zero, so the
//! normal model misplaces the reorder point; and the models that forecast it
//! (Croston, SBA, TSB) give a mean but no distribution. The standard remedy is
//! a discrete distribution fitted by the method of moments: the negative
//! binomial when the variance exceeds the mean, the Poisson otherwise (Silver,
//! Pyke & Thomas, *Inventory and Production Management in Supply Chains*, 4th
//! ed. 2017, §6.11 "Some Important Issues Associated with the Demand
//! Distribution" and Appendix to Chapter 6 on discrete distributions;
//! Axsäter, *Inventory Control*, 3rd ed. 2015, §5.3.2 "Compound Poisson
//! demand" and §5.9 on fitting the negative binomial by its first two
//! moments).
//!
//! Parametrisation (as `scipy.stats.nbinom(n = r, p)`): the number of
//! failures before the r-th success with success probability p,
//! P(D = k) = Γ(k + r) ÷ (Γ(r)·k!) · p^r · (1 − p)^k, k = 0, 1, 2, …, with
//! mean r(1 − p)/p and variance r(1 − p)/p². Given a mean μ > 0 and a
//! variance σ² > μ, the moments give p = μ ÷ σ² and r = μ² ÷ (σ² − μ) (r
//! need not be whole). With σ² ≤ μ a negative binomial cannot hold the
//! variance; the Poisson of mean μ is used (its variance μ is then at least
//! the one given: a count cannot be less dispersed than Poisson under this
//! family, so the stated variance is raised to μ, not refused). With μ = 0
//! demand is 0 with certainty whatever the variance (the negative binomial's
//! limit as μ → 0 at a fixed σ²), and so it is with μ below
//! [`NEGLIGIBLE_MEAN`], a hundredth of a unit: at most a 1 % chance of any
//! demand in the interval (P(D > 0) ≤ E(D)), so a cycle service level up to
//! 99 % needs no stock anyway. Such a mean is mostly the tail of a smoothing
//! model's decay after the last sale (SES with α = 0.7 after twenty empty
//! weeks forecasts 0.3²⁰ ≈ 3e−11), not a rate of demand, while the
//! backtest's σ stays at the size of past sales; the moments then give a
//! tiny p, whose burst sizes grow without bound (mean about 1 ÷ (p·ln(1 ÷
//! p)) as r → 0), and a fill rate on them would stock thousands of units for
//! an item that no longer sells (the sample had μ = 1.5e−6, σ = 0.074: p =
//! 0.00027, a 95 % fill-rate level of 7,555).
//!
//! Service targets, on demand D over the protection interval:
//! - cycle service α: the smallest whole s ≥ 0 with P(D ≤ s) ≥ α
//!   ([`cycle_service_level`]);
//! - fill rate β: the smallest whole s ≥ 0 with E[(D − s)⁺] ≤ (1 − β)·Q, Q
//!   the order quantity ([`fill_rate_level`]); the expected shortage per
//!   cycle is the same one the normal model's σ·G(k) stands for
//!   (`plan::safety_stock`).
//!
//! Everything is computed by summing the probability mass function from 0
//! up to s, with no truncation of a tail: P(D ≤ s) = Σ_{k ≤ s} P(D = k), and
//! E[(D − s)⁺] by the exact recursion E[(D − 0)⁺] = μ, E[(D − (s + 1))⁺] =
//! E[(D − s)⁺] − P(D > s) (Axsäter §5.3; it telescopes to μ − s +
//! Σ_{j<s} P(D ≤ j)), so only the terms up to s are ever needed. The mass
//! function runs by the ratio P(k + 1)/P(k) = (k + r)(1 − p)/(k + 1)
//! (Poisson: μ/(k + 1)), in logarithms while P(k) is below e^−700 (where
//! P(0) = p^r or e^−μ would underflow for a large mean) and directly after.
//! The search stops at a level known in advance to meet the target (Cantelli's
//! inequality for α, the Gallego–Moon bound E[(D − s)⁺] ≤ (√(σ² + (s − μ)²)
//! − (s − μ))/2 for β); a level above [`MAX_LEVEL`] is refused rather than
//! searched.
//!
//! Refused, as a [`CountError`]: a non-finite or negative mean or variance, a
//! target outside (0, 1), a non-finite or negative order quantity, a fill
//! rate no finite level can meet (Q = 0 with μ > 0), and a level beyond
//! [`MAX_LEVEL`]. Levels are whole units; demand in fractional units is
//! counted in whole ones.

use serde::{Deserialize, Serialize};

/// The largest level (units over the protection interval) the search goes
/// to: about 10 ms of summing. Demand that large is not intermittent in any
/// useful sense; the caller keeps the normal model for it.
pub const MAX_LEVEL: u64 = 1_000_000;

/// Expected units over the interval below which demand is taken as none
/// (module documentation).
pub const NEGLIGIBLE_MEAN: f64 = 0.01;

/// Below this logarithm a probability is carried in logarithms (e^−700 ≈
/// 1e−304, near the smallest normal `f64`).
const LOG_FLOOR: f64 = -700.0;

/// Why a count model was refused.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum CountError {
    #[error("the {what} {value} is not a finite figure")]
    NonFinite { what: &'static str, value: f64 },
    #[error("the {what} {value} is negative")]
    Negative { what: &'static str, value: f64 },
    #[error("the service target {target} is not strictly between 0 and 1")]
    TargetOutOfRange { target: f64 },
    #[error("no finite level has an expected shortage of {allowed} when the mean is {mean}")]
    Unreachable { allowed: f64, mean: f64 },
    #[error("the level could reach {bound} units, beyond the {limit} the count model searches")]
    TooLarge { bound: f64, limit: u64 },
}

/// A distribution of demand counts over a protection interval.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum CountDistribution {
    /// P(D = k) = e^−mean · mean^k ÷ k!; `mean` = 0 is demand 0 with certainty.
    Poisson { mean: f64 },
    /// P(D = k) = Γ(k + r) ÷ (Γ(r)·k!) · p^r · (1 − p)^k, r > 0, 0 < p < 1.
    NegativeBinomial { r: f64, p: f64 },
}

impl CountDistribution {
    /// The method-of-moments fit of the module documentation: a negative
    /// binomial with p = μ ÷ σ², r = μ² ÷ (σ² − μ) when σ² > μ > 0, otherwise
    /// the Poisson of mean μ; a μ below [`NEGLIGIBLE_MEAN`] is the Poisson of mean 0.
    pub fn from_moments(mean: f64, variance: f64) -> Result<Self, CountError> {
        check("mean", mean)?;
        check("variance", variance)?;
        if mean < NEGLIGIBLE_MEAN {
            return Ok(CountDistribution::Poisson { mean: 0.0 });
        }
        if mean > 0.0 && variance > mean {
            let p = mean / variance;
            let r = mean * mean / (variance - mean);
            // Far below 1 in relative terms (σ² a hair above μ) r overflows; it is then Poisson.
            if r.is_finite() && p < 1.0 {
                return Ok(CountDistribution::NegativeBinomial { r, p });
            }
        }
        Ok(CountDistribution::Poisson { mean })
    }

    /// "negative binomial" or "Poisson".
    pub fn name(&self) -> &'static str {
        match self {
            CountDistribution::Poisson { .. } => "Poisson",
            CountDistribution::NegativeBinomial { .. } => "negative binomial",
        }
    }

    pub fn mean(&self) -> f64 {
        match *self {
            CountDistribution::Poisson { mean } => mean,
            CountDistribution::NegativeBinomial { r, p } => r * (1.0 - p) / p,
        }
    }

    pub fn variance(&self) -> f64 {
        match *self {
            CountDistribution::Poisson { mean } => mean,
            CountDistribution::NegativeBinomial { r, p } => r * (1.0 - p) / (p * p),
        }
    }

    /// P(D ≤ s), summed term by term (no level limit: the caller chose `s`).
    pub fn cdf(&self, s: u64) -> f64 {
        self.terms().take_while(|&(k, _)| k <= s).map(|(_, mass)| mass).sum::<f64>().min(1.0)
    }

    /// E[(D − s)⁺], the expected units short of `s`, by the recursion of the
    /// module documentation.
    pub fn expected_shortage(&self, s: u64) -> f64 {
        let mut shortage = self.mean();
        let mut below = 0.0;
        for (_, mass) in self.terms().take_while(|&(k, _)| k < s) {
            below += mass;
            shortage -= (1.0 - below).max(0.0);
        }
        shortage.max(0.0)
    }

    /// (k, P(D = k)) for k = 0, 1, 2, …
    fn terms(&self) -> Terms {
        let (log_first, log_rate) = match *self {
            CountDistribution::Poisson { mean } => (-mean, mean.ln()),
            CountDistribution::NegativeBinomial { r, p } => (r * p.ln(), (1.0 - p).ln()),
        };
        Terms { distribution: *self, k: 0, log: log_first, linear: None, log_rate, rate: log_rate.exp() }
    }

    /// P(D = k + 1) ÷ P(D = k), without the rate factor (1 − p) or μ.
    fn ratio_without_rate(&self, k: u64) -> f64 {
        match *self {
            CountDistribution::Poisson { .. } => 1.0 / (k as f64 + 1.0),
            CountDistribution::NegativeBinomial { r, .. } => (k as f64 + r) / (k as f64 + 1.0),
        }
    }
}

/// The mass function by its ratio recursion (module documentation).
struct Terms {
    distribution: CountDistribution,
    k: u64,
    /// ln P(D = k), while it is below `LOG_FLOOR`.
    log: f64,
    /// P(D = k) once it has come above `LOG_FLOOR`.
    linear: Option<f64>,
    /// ln and value of the rate factor: (1 − p), or μ for the Poisson.
    log_rate: f64,
    rate: f64,
}

impl Iterator for Terms {
    type Item = (u64, f64);

    fn next(&mut self) -> Option<(u64, f64)> {
        if self.linear.is_none() && self.log >= LOG_FLOOR {
            self.linear = Some(self.log.exp());
        }
        let k = self.k;
        let mass = self.linear.unwrap_or(0.0);
        let ratio = self.distribution.ratio_without_rate(k);
        match &mut self.linear {
            Some(linear) => *linear *= ratio * self.rate,
            None => self.log += ratio.ln() + self.log_rate,
        }
        self.k += 1;
        Some((k, mass))
    }
}

fn check(what: &'static str, value: f64) -> Result<(), CountError> {
    if !value.is_finite() {
        return Err(CountError::NonFinite { what, value });
    }
    if value < 0.0 {
        return Err(CountError::Negative { what, value });
    }
    Ok(())
}

fn check_target(target: f64) -> Result<(), CountError> {
    if target.is_finite() && target > 0.0 && target < 1.0 {
        Ok(())
    } else {
        Err(CountError::TargetOutOfRange { target })
    }
}

fn check_bound(bound: f64) -> Result<u64, CountError> {
    if bound > MAX_LEVEL as f64 {
        return Err(CountError::TooLarge { bound, limit: MAX_LEVEL });
    }
    Ok(bound.max(0.0).ceil() as u64)
}

/// A level and the figures that show it is the smallest meeting its target.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct CountLevel {
    /// s, whole units.
    pub level: u64,
    /// P(D ≤ s) for a cycle service level, E[(D − s)⁺] for a fill rate.
    pub at_level: f64,
    /// The same figure at s − 1 (which misses the target); `None` at s = 0.
    pub below_level: Option<f64>,
}

/// The smallest whole s ≥ 0 with P(D ≤ s) ≥ `target` (the cycle service
/// level α, strictly between 0 and 1), with P(D ≤ s) and P(D ≤ s − 1).
/// Cantelli's inequality P(D − μ ≥ t) ≤ σ² ÷ (σ² + t²) bounds it by
/// μ + σ·√(α ÷ (1 − α)), so the search never passes that bound; beyond
/// [`MAX_LEVEL`] it is refused.
pub fn cycle_service_level(distribution: &CountDistribution, target: f64) -> Result<CountLevel, CountError> {
    check_target(target)?;
    let (mean, variance) = (distribution.mean(), distribution.variance());
    let bound = check_bound(mean + (variance * target / (1.0 - target)).sqrt())?;
    let mut cumulative = 0.0;
    let mut previous = None;
    for (k, mass) in distribution.terms() {
        cumulative += mass;
        if cumulative >= target || k >= bound {
            return Ok(CountLevel { level: k, at_level: cumulative.min(1.0), below_level: previous });
        }
        previous = Some(cumulative);
    }
    unreachable!("the terms never end")
}

/// The smallest whole s ≥ 0 with E[(D − s)⁺] ≤ (1 − β)·Q, `target` the fill
/// rate β (strictly between 0 and 1) and `order_quantity` Q (finite, ≥ 0),
/// with E[(D − s)⁺] and E[(D − s + 1)⁺]. With a (1 − β)·Q of a the level is
/// at most μ + σ² ÷ (4a) − a (the Gallego–Moon bound of the module
/// documentation), which the search never passes; beyond [`MAX_LEVEL`] it is
/// refused, and so is a = 0 with μ > 0.
pub fn fill_rate_level(
    distribution: &CountDistribution,
    target: f64,
    order_quantity: f64,
) -> Result<CountLevel, CountError> {
    check_target(target)?;
    check("order quantity", order_quantity)?;
    let allowed = (1.0 - target) * order_quantity;
    let (mean, variance) = (distribution.mean(), distribution.variance());
    let mut shortage = mean;
    if shortage <= allowed {
        return Ok(CountLevel { level: 0, at_level: shortage, below_level: None });
    }
    if allowed <= 0.0 {
        return Err(CountError::Unreachable { allowed, mean });
    }
    let bound = check_bound(mean + variance / (4.0 * allowed) - allowed)?;
    let mut below = 0.0;
    for (k, mass) in distribution.terms() {
        // E[(D − (k + 1))⁺] = E[(D − k)⁺] − P(D > k).
        below += mass;
        let next = (shortage - (1.0 - below).max(0.0)).max(0.0);
        if next <= allowed || k + 1 >= bound {
            return Ok(CountLevel { level: k + 1, at_level: next, below_level: Some(shortage) });
        }
        shortage = next;
    }
    unreachable!("the terms never end")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(actual: f64, expected: f64, tolerance: f64) {
        assert!((actual - expected).abs() <= tolerance, "{actual} vs {expected}");
    }

    fn nb(r: f64, p: f64) -> CountDistribution {
        CountDistribution::NegativeBinomial { r, p }
    }

    /// μ = 3.2, σ² = 9.6: p = 3.2 ÷ 9.6 = 1/3, r = 3.2² ÷ (9.6 − 3.2) = 10.24 ÷ 6.4 = 1.6.
    /// μ = 2.5, σ² = 2 ≤ μ: Poisson(2.5). μ = 0: Poisson(0) whatever σ².
    #[test]
    fn moments_give_r_and_p_by_hand() {
        let CountDistribution::NegativeBinomial { r, p } = CountDistribution::from_moments(3.2, 9.6).unwrap() else {
            panic!("σ² > μ is negative binomial")
        };
        close(r, 1.6, 1e-12);
        close(p, 1.0 / 3.0, 1e-15);
        assert_eq!(CountDistribution::from_moments(2.5, 2.0), Ok(CountDistribution::Poisson { mean: 2.5 }));
        assert_eq!(CountDistribution::from_moments(2.5, 2.5), Ok(CountDistribution::Poisson { mean: 2.5 }));
        assert_eq!(CountDistribution::from_moments(0.0, 4.0), Ok(CountDistribution::Poisson { mean: 0.0 }));
        // Below NEGLIGIBLE_MEAN: none (the sample's SES tails 1.4e-12 with σ² = 8.4e-12, 1.5e-6 with σ = 0.074).
        assert_eq!(CountDistribution::from_moments(1.4e-12, 8.4e-12), Ok(CountDistribution::Poisson { mean: 0.0 }));
        assert_eq!(CountDistribution::from_moments(1.5e-6, 0.0055), Ok(CountDistribution::Poisson { mean: 0.0 }));
        assert!(matches!(CountDistribution::from_moments(0.01, 4.0), Ok(CountDistribution::NegativeBinomial { .. })));
        let fitted = CountDistribution::from_moments(3.2, 9.6).unwrap();
        close(fitted.mean(), 3.2, 1e-12);
        close(fitted.variance(), 9.6, 1e-12);
    }

    #[test]
    fn what_is_refused() {
        assert!(matches!(
            CountDistribution::from_moments(f64::NAN, 1.0),
            Err(CountError::NonFinite { what: "mean", .. })
        ));
        assert!(matches!(
            CountDistribution::from_moments(1.0, f64::INFINITY),
            Err(CountError::NonFinite { what: "variance", .. })
        ));
        assert!(matches!(CountDistribution::from_moments(-1.0, 1.0), Err(CountError::Negative { what: "mean", .. })));
        assert!(matches!(
            CountDistribution::from_moments(1.0, -1.0),
            Err(CountError::Negative { what: "variance", .. })
        ));
        let d = nb(1.6, 1.0 / 3.0);
        for target in [0.0, 1.0, -0.1, 1.5, f64::NAN] {
            assert!(matches!(cycle_service_level(&d, target), Err(CountError::TargetOutOfRange { .. })));
            assert!(matches!(fill_rate_level(&d, target, 10.0), Err(CountError::TargetOutOfRange { .. })));
        }
        assert!(matches!(fill_rate_level(&d, 0.9, -1.0), Err(CountError::Negative { .. })));
        assert!(matches!(fill_rate_level(&d, 0.9, 0.0), Err(CountError::Unreachable { .. })));
        // μ = 10⁷: the level would pass MAX_LEVEL.
        let huge = CountDistribution::Poisson { mean: 1e7 };
        assert!(matches!(cycle_service_level(&huge, 0.95), Err(CountError::TooLarge { .. })));
        assert!(matches!(fill_rate_level(&huge, 0.95, 1e5), Err(CountError::TooLarge { .. })));
    }

    /// Geometric by hand: r = 1, p = 0.5 (μ = 1, σ² = 2), P(D = k) = 0.5^(k+1),
    /// P(D ≤ s) = 1 − 0.5^(s+1): P(D ≤ 2) = 0.875 < 0.9 ≤ P(D ≤ 3) = 0.9375 → s = 3.
    /// E[(D − s)⁺] = Σ_{j ≥ s} P(D > j) = Σ_{j ≥ s} 0.5^(j+1) = 0.5^s: 1, 0.5, 0.25, 0.125.
    /// Fill rate 95 % with Q = 4: (1 − 0.95) × 4 = 0.2 → 0.25 > 0.2 ≥ 0.125 → s = 3.
    #[test]
    fn geometric_by_hand() {
        let d = CountDistribution::from_moments(1.0, 2.0).unwrap();
        assert_eq!(d, nb(1.0, 0.5));
        let level = cycle_service_level(&d, 0.9).unwrap();
        assert_eq!(level.level, 3);
        close(level.at_level, 0.9375, 1e-15);
        close(level.below_level.unwrap(), 0.875, 1e-15);
        for (s, expected) in [(0, 1.0), (1, 0.5), (2, 0.25), (3, 0.125)] {
            close(d.expected_shortage(s), expected, 1e-15);
        }
        let level = fill_rate_level(&d, 0.95, 4.0).unwrap();
        assert_eq!(level.level, 3);
        close(level.at_level, 0.125, 1e-15);
        close(level.below_level.unwrap(), 0.25, 1e-15);
    }

    /// Poisson(1) by hand: P(0) = P(1) = e⁻¹ = 0.367879, P(2) = e⁻¹ ÷ 2 = 0.183940;
    /// P(D ≤ 1) = 0.735759 < 0.9 ≤ P(D ≤ 2) = 0.919699 → s = 2. Demand 0 with μ = 0: s = 0.
    #[test]
    fn poisson_by_hand() {
        let d = CountDistribution::Poisson { mean: 1.0 };
        let e = (-1f64).exp();
        let level = cycle_service_level(&d, 0.9).unwrap();
        assert_eq!(level.level, 2);
        close(level.at_level, 2.5 * e, 1e-15);
        close(level.below_level.unwrap(), 2.0 * e, 1e-15);
        let zero = CountDistribution::Poisson { mean: 0.0 };
        assert_eq!(cycle_service_level(&zero, 0.99).unwrap().level, 0);
        assert_eq!(fill_rate_level(&zero, 0.99, 0.0).unwrap().level, 0);
    }

    /// Reference: scipy 1.17.1 (numpy 2.4.6) in /work/venv,
    /// `scipy.stats.nbinom(n, p).ppf(α)` and `.cdf(s)`, `scipy.stats.poisson(mu).ppf(α)` and `.cdf(s)`
    /// (ppf is the smallest s with cdf(s) ≥ α, as here).
    #[test]
    fn cycle_service_levels_match_scipy() {
        // (distribution, α, scipy ppf, scipy cdf(s), scipy cdf(s − 1))
        let cases = [
            (nb(1.6, 1.0 / 3.0), 0.5, 2, 0.5157491709852035, 0.356349724380564),
            (nb(1.6, 1.0 / 3.0), 0.9, 7, 0.9063101516073923, 0.8675633498698916),
            (nb(1.6, 1.0 / 3.0), 0.95, 9, 0.953825211071416, 0.934078692852601),
            (nb(1.6, 1.0 / 3.0), 0.999, 20, 0.9992234707143653, 0.9988649346470118),
            (CountDistribution::Poisson { mean: 2.5 }, 0.95, 5, 0.9579789618046939, 0.8911780189141513),
            (CountDistribution::Poisson { mean: 2.5 }, 0.99, 7, 0.9957533045106555, 0.9858126880090866),
            // P(0) = 0.8^3200 = e^−714 underflows: the log-space start.
            (nb(3200.0, 0.8), 0.95, 852, 0.9502033714666371, 0.9469525549396736),
            (nb(3200.0, 0.8), 0.99, 875, 0.9906627003969156, 0.9898690590623399),
            // P(0) = e^−2000 underflows to 0 in f64.
            (CountDistribution::Poisson { mean: 2000.0 }, 0.95, 2074, 0.9514813724821919, 0.9492160024566231),
            (CountDistribution::Poisson { mean: 2000.0 }, 0.999, 2140, 0.9990633369153745, 0.9989916186977922),
            // Lumpy: r = 0.25, p = 0.05 (μ = 4.75, σ² = 95).
            (nb(0.25, 0.05), 0.9, 15, 0.9078765235687047, 0.8999984863565591),
            (nb(0.25, 0.05), 0.99, 47, 0.9901120665181593, 0.9894612932895808),
        ];
        for (d, target, s, at, below) in cases {
            let level = cycle_service_level(&d, target).unwrap();
            assert_eq!(level.level, s, "{d:?} at {target}");
            close(level.at_level, at, 1e-10);
            close(level.below_level.unwrap(), below, 1e-10);
            close(d.cdf(s), at, 1e-10);
        }
    }

    /// Reference: scipy 1.17.1, E[(D − s)⁺] =
    /// `float(np.sum((k - s) * dist.pmf(k)))` over `k = np.arange(s, N)` with
    /// N = μ + 60σ + 100 (the tail beyond is below 1e-300), `dist` as above.
    #[test]
    fn expected_shortages_match_scipy() {
        let cases = [
            (nb(1.6, 1.0 / 3.0), 1, 2.3724272859905984),
            (nb(1.6, 1.0 / 3.0), 5, 0.6288286318117062),
            (nb(1.6, 1.0 / 3.0), 9, 0.1508124104530937),
            (CountDistribution::Poisson { mean: 2.5 }, 2, 0.8693824938075447),
            (CountDistribution::Poisson { mean: 2.5 }, 8, 0.0014947160625273267),
            (nb(3200.0, 0.8), 799, 13.117436891217137),
            (nb(3200.0, 0.8), 863, 0.3016339373697715),
            (CountDistribution::Poisson { mean: 2000.0 }, 2089, 0.40813252658155813),
            (nb(0.25, 0.05), 4, 3.15927905787506),
            (nb(0.25, 0.05), 24, 0.719264790470051),
        ];
        for (d, s, expected) in cases {
            close(d.expected_shortage(s), expected, 1e-9);
        }
        // The fill-rate search lands on the first level at or below the allowance:
        // NB(1.6, 1/3), β = 95 %, Q = 4 → 0.2; E at 8 = 0.2167 > 0.2 ≥ E at 9 = 0.1508 → s = 9.
        let level = fill_rate_level(&nb(1.6, 1.0 / 3.0), 0.95, 4.0).unwrap();
        assert_eq!(level.level, 9);
        close(level.at_level, 0.1508124104530937, 1e-9);
        close(level.below_level.unwrap(), 0.2167337176004928, 1e-9);
        // Poisson(2000), β = 99 %, Q = 40 → 0.4: E at 2089 = 0.408 > 0.4, so s ≥ 2090.
        let level = fill_rate_level(&CountDistribution::Poisson { mean: 2000.0 }, 0.99, 40.0).unwrap();
        assert_eq!(level.level, 2090);
        assert!(level.at_level <= 0.4 && level.below_level.unwrap() > 0.4);
    }
}
