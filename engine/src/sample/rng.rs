//! A small seeded pseudo-random number generator, so the sample workspace is
//! the same bytes in the command-line tool and in the browser.
//!
//! The generator is xoshiro256** (Blackman and Vigna, "Scrambled linear
//! pseudorandom number generators", ACM TOMS 47(4), 2021; reference code at
//! prng.di.unimi.it/xoshiro256starstar.c), seeded through SplitMix64 (Steele,
//! Lea and Flood, "Fast splittable pseudorandom number generators", OOPSLA
//! 2014), which is how Vigna recommends filling the 256-bit state from one
//! 64-bit seed. Both are integer-only, so every platform draws the same bits.
//!
//! The distributions on top use only IEEE-754 basic arithmetic (correctly
//! rounded everywhere) and `libm`'s software `log`, `exp`, `sincos` and
//! `lgamma`, never std's `f64::ln`/`exp`/`sin`, which call the platform's
//! maths library and may differ in the last bit between native code and
//! WebAssembly. Integer ranges are reduced in `u64`/`u128`, never in `usize`,
//! which is 32 bits wide in Wasm.

/// SplitMix64: a 64-bit counter passed through a strong mixing function.
/// Used here to expand seeds and to derive independent keyed streams.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    pub fn new(seed: u64) -> Self {
        Self { state: seed }
    }

    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix64(self.state)
    }
}

/// SplitMix64's finaliser (Stafford's "Mix13"): a bijection on `u64` that
/// spreads every input bit over the whole output.
fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// xoshiro256** with a cached second normal deviate (Box–Muller makes two).
#[derive(Clone, Debug, PartialEq)]
pub struct Rng {
    state: [u64; 4],
    spare_normal: Option<f64>,
}

impl Rng {
    /// A generator whose 256-bit state is four SplitMix64 outputs from `seed`.
    /// SplitMix64 never yields four zero words in a row, so the state is
    /// never the all-zero state xoshiro cannot leave.
    pub fn seed_from_u64(seed: u64) -> Self {
        let mut seeder = SplitMix64::new(seed);
        let state = [seeder.next_u64(), seeder.next_u64(), seeder.next_u64(), seeder.next_u64()];
        Self { state, spare_normal: None }
    }

    /// An independent stream for one keyed purpose (say, SKU 17 at location
    /// 2). Keying streams instead of sharing one generator means each part of
    /// the sample depends only on the seed and its own key, not on how much
    /// randomness was drawn before it, so adding a table later does not
    /// reshuffle the others.
    pub fn keyed(seed: u64, key: &[u64]) -> Self {
        let mut hash = mix64(seed ^ 0x5354_4F43_4B50_494C); // "STOCKPIL"
        for &part in key {
            hash = mix64(hash ^ mix64(part.wrapping_add(0x9E37_79B9_7F4A_7C15)));
        }
        Self::seed_from_u64(hash)
    }

    /// Start from an explicit state (for the reference test vector).
    #[cfg(test)]
    fn from_state(state: [u64; 4]) -> Self {
        Self { state, spare_normal: None }
    }

    pub fn next_u64(&mut self) -> u64 {
        let s = &mut self.state;
        let result = s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        result
    }

    /// Uniform in [0, 1): the top 53 bits scaled by 2⁻⁵³, exactly representable.
    pub fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform in [low, high).
    pub fn uniform_in(&mut self, low: f64, high: f64) -> f64 {
        low + (high - low) * self.uniform()
    }

    /// Uniform integer in 0..n (n > 0), by Lemire's multiply-shift. Its bias
    /// is below n/2⁶⁴, far beneath anything a sample workspace could show.
    pub fn below(&mut self, n: u64) -> u64 {
        debug_assert!(n > 0, "below(0) has no value to return");
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// Uniform integer in low..=high.
    pub fn between(&mut self, low: i64, high: i64) -> i64 {
        debug_assert!(low <= high);
        let span = (high - low) as u64 + 1;
        low + self.below(span) as i64
    }

    /// Uniform index into a collection of `len` items (len > 0).
    pub fn index(&mut self, len: usize) -> usize {
        self.below(len as u64) as usize
    }

    pub fn bernoulli(&mut self, probability: f64) -> bool {
        self.uniform() < probability
    }

    pub fn choose<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        (!items.is_empty()).then(|| &items[self.index(items.len())])
    }

    /// An index drawn with probability proportional to its weight; `None`
    /// when no weight is positive.
    pub fn weighted_index(&mut self, weights: &[f64]) -> Option<usize> {
        let total: f64 = weights.iter().filter(|w| **w > 0.0).sum();
        if total <= 0.0 {
            return None;
        }
        let mut target = self.uniform() * total;
        let mut last_positive = None;
        for (idx, &weight) in weights.iter().enumerate() {
            if weight <= 0.0 {
                continue;
            }
            last_positive = Some(idx);
            if target < weight {
                return Some(idx);
            }
            target -= weight;
        }
        // Rounding can leave a sliver of `target`; it belongs to the last item.
        last_positive
    }

    /// A standard normal deviate by the Box–Muller transform (Box and Muller,
    /// "A note on the generation of random normal deviates", Ann. Math.
    /// Statist. 29, 1958), keeping the second deviate for the next call.
    pub fn normal(&mut self) -> f64 {
        if let Some(spare) = self.spare_normal.take() {
            return spare;
        }
        // 1 − U lies in (0, 1], so the logarithm is finite.
        let u1 = 1.0 - self.uniform();
        let u2 = self.uniform();
        let radius = libm::sqrt(-2.0 * libm::log(u1));
        let (sin, cos) = libm::sincos(2.0 * core::f64::consts::PI * u2);
        self.spare_normal = Some(radius * sin);
        radius * cos
    }

    pub fn normal_with(&mut self, mean: f64, sd: f64) -> f64 {
        mean + sd * self.normal()
    }

    /// exp(N(0, σ)), scaled to mean one: a multiplicative noise factor.
    pub fn lognormal_factor(&mut self, sigma: f64) -> f64 {
        libm::exp(sigma * self.normal() - 0.5 * sigma * sigma)
    }

    /// A Poisson deviate. Small means use Knuth's product of uniforms (TAOCP
    /// vol. 2, 3.4.1, Algorithm Q's multiplicative form); from 10 on, the
    /// transformed rejection method PTRS (Hörmann, "The transformed rejection
    /// method for generating Poisson random variables", Insurance: Mathematics
    /// and Economics 12, 1993), whose cost does not grow with the mean.
    pub fn poisson(&mut self, mean: f64) -> u64 {
        if mean.is_nan() || mean <= 0.0 {
            return 0;
        }
        if mean < 10.0 {
            let limit = libm::exp(-mean);
            let mut count = 0;
            let mut product = self.uniform();
            while product > limit {
                count += 1;
                product *= self.uniform();
            }
            return count;
        }
        let sqrt_mean = libm::sqrt(mean);
        let b = 0.931 + 2.53 * sqrt_mean;
        let a = -0.059 + 0.02483 * b;
        let inv_alpha = 1.1239 + 1.1328 / (b - 3.4);
        let v_r = 0.9277 - 3.6224 / (b - 2.0);
        loop {
            let u = self.uniform() - 0.5;
            let v = self.uniform();
            let us = 0.5 - libm::fabs(u);
            let k = libm::floor((2.0 * a / us + b) * u + mean + 0.43);
            if us >= 0.07 && v <= v_r {
                return k as u64;
            }
            if k < 0.0 || (us < 0.013 && v > us) {
                continue;
            }
            let lhs = libm::log(v) + libm::log(inv_alpha) - libm::log(a / (us * us) + b);
            let rhs = -mean + k * libm::log(mean) - libm::lgamma(k + 1.0);
            if lhs <= rhs {
                return k as u64;
            }
        }
    }
}

/// Poisson deviates for a stream of varying means, as the demand simulation
/// draws tens of millions of them. Below a mean of 10 it searches the
/// cumulative distribution from zero (inversion by sequential search,
/// Devroye, "Non-Uniform Random Variate Generation", 1986, §X.3.3) with one
/// uniform per draw, reading exp(−λ) from a table instead of calling `exp`
/// every time: the mean is rounded to the nearest 1/1024 first, which is far
/// finer than anything a demand rate means. Larger means go to `Rng::poisson`.
pub struct PoissonTable {
    exp_neg: Vec<f64>,
    /// 1/k, so the search multiplies instead of dividing.
    reciprocal: Vec<f64>,
}

impl PoissonTable {
    const STEPS_PER_UNIT: f64 = 1024.0;
    const TABLE_LIMIT: f64 = 10.0;

    pub fn new() -> Self {
        let n = (Self::TABLE_LIMIT * Self::STEPS_PER_UNIT) as usize;
        Self {
            exp_neg: (0..=n).map(|k| libm::exp(-(k as f64) / Self::STEPS_PER_UNIT)).collect(),
            reciprocal: (0..=256).map(|k| if k == 0 { 0.0 } else { 1.0 / k as f64 }).collect(),
        }
    }

    pub fn sample(&self, rng: &mut Rng, mean: f64) -> u64 {
        if mean.is_nan() || mean <= 0.0 {
            return 0;
        }
        if mean >= Self::TABLE_LIMIT {
            return rng.poisson(mean);
        }
        // Adding one half and truncating rounds to nearest for positive means.
        let step = (mean * Self::STEPS_PER_UNIT + 0.5) as usize;
        let quantised = step as f64 / Self::STEPS_PER_UNIT;
        let u = rng.uniform();
        let mut probability = self.exp_neg[step];
        let mut cumulative = probability;
        let mut count = 0u64;
        // The probabilities underflow to zero long before u could go unmet,
        // so the search always ends.
        while u >= cumulative && probability > 0.0 {
            count += 1;
            probability *= quantised * self.reciprocal.get(count as usize).copied().unwrap_or(1.0 / count as f64);
            cumulative += probability;
        }
        count
    }
}

impl Default for PoissonTable {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix64_matches_the_published_sequence() {
        // Rosetta Code, "Pseudo-random numbers/Splitmix64": seed 1234567.
        let mut seeder = SplitMix64::new(1_234_567);
        let got: Vec<u64> = (0..5).map(|_| seeder.next_u64()).collect();
        assert_eq!(
            got,
            [6457827717110365317, 3203168211198807973, 9817491932198370423, 4593380528125082431, 16408922859458223821]
        );
    }

    #[test]
    fn xoshiro256starstar_matches_the_reference_implementation() {
        // From state {1, 2, 3, 4}: the values rand_xoshiro's `reference` test
        // took from Vigna's xoshiro256starstar.c.
        let mut rng = Rng::from_state([1, 2, 3, 4]);
        let got: Vec<u64> = (0..10).map(|_| rng.next_u64()).collect();
        assert_eq!(
            got,
            [
                11520,
                0,
                1509978240,
                1215971899390074240,
                1216172134540287360,
                607988272756665600,
                16172922978634559625,
                8476171486693032832,
                10595114339597558777,
                2904607092377533576
            ]
        );
    }

    #[test]
    fn keyed_streams_depend_on_every_key_part_and_on_nothing_else() {
        let draw = |seed, key: &[u64]| Rng::keyed(seed, key).next_u64();
        assert_eq!(draw(7, &[1, 2]), draw(7, &[1, 2]));
        assert_ne!(draw(7, &[1, 2]), draw(7, &[2, 1]));
        assert_ne!(draw(7, &[1, 2]), draw(8, &[1, 2]));
        assert_ne!(draw(7, &[1]), draw(7, &[1, 0]));
    }

    #[test]
    fn uniform_draws_stay_in_range_and_spread_evenly() {
        let mut rng = Rng::seed_from_u64(1);
        let mut buckets = [0u32; 10];
        for _ in 0..100_000 {
            let x = rng.uniform();
            assert!((0.0..1.0).contains(&x));
            buckets[(x * 10.0) as usize] += 1;
        }
        // Each bucket expects 10,000 with sd 95; 500 is over five sd.
        assert!(buckets.iter().all(|&n| (9_500..=10_500).contains(&n)), "{buckets:?}");
        for _ in 0..10_000 {
            let k = rng.between(-3, 4);
            assert!((-3..=4).contains(&k));
        }
    }

    fn mean_and_variance(values: &[f64]) -> (f64, f64) {
        let n = values.len() as f64;
        let mean = values.iter().sum::<f64>() / n;
        let variance = values.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / (n - 1.0);
        (mean, variance)
    }

    #[test]
    fn normal_deviates_have_mean_zero_and_variance_one() {
        let mut rng = Rng::seed_from_u64(2);
        let values: Vec<f64> = (0..200_000).map(|_| rng.normal()).collect();
        let (mean, variance) = mean_and_variance(&values);
        // Standard error of the mean is 1/√200000 ≈ 0.0022.
        assert!(mean.abs() < 0.012, "mean {mean}");
        assert!((variance - 1.0).abs() < 0.02, "variance {variance}");
        let beyond_two_sd = values.iter().filter(|v| v.abs() > 2.0).count() as f64 / values.len() as f64;
        // P(|Z| > 2) = 0.0455 for a standard normal.
        assert!((beyond_two_sd - 0.0455).abs() < 0.003, "tail share {beyond_two_sd}");
    }

    #[test]
    fn poisson_deviates_have_equal_mean_and_variance_on_both_methods() {
        let mut rng = Rng::seed_from_u64(3);
        for mean in [0.3, 4.0, 9.5, 10.0, 37.0, 480.0] {
            let values: Vec<f64> = (0..60_000).map(|_| rng.poisson(mean) as f64).collect();
            let (got_mean, got_variance) = mean_and_variance(&values);
            let tolerance = 6.0 * libm::sqrt(mean / 60_000.0);
            assert!((got_mean - mean).abs() < tolerance, "mean {mean}: got {got_mean}");
            assert!((got_variance / mean - 1.0).abs() < 0.05, "mean {mean}: variance {got_variance}");
        }
        // P(X = 0) = e^-0.3 ≈ 0.7408 for a Poisson(0.3).
        let zeros = (0..50_000).filter(|_| rng.poisson(0.3) == 0).count() as f64 / 50_000.0;
        assert!((zeros - 0.7408).abs() < 0.01, "zero share {zeros}");
        assert_eq!(rng.poisson(0.0), 0);
        assert_eq!(rng.poisson(f64::NAN), 0);
    }

    #[test]
    fn table_poisson_matches_the_poisson_distribution() {
        let table = PoissonTable::new();
        let mut rng = Rng::seed_from_u64(5);
        for mean in [0.05, 0.8, 3.0, 9.9, 25.0] {
            let values: Vec<f64> = (0..80_000).map(|_| table.sample(&mut rng, mean) as f64).collect();
            let (got_mean, got_variance) = mean_and_variance(&values);
            let tolerance = 6.0 * libm::sqrt(mean / 80_000.0);
            assert!((got_mean - mean).abs() < tolerance, "mean {mean}: got {got_mean}");
            assert!((got_variance / mean - 1.0).abs() < 0.05, "mean {mean}: variance {got_variance}");
        }
        // P(X = 2) for a Poisson(3) is 9/2·e^-3 ≈ 0.2240.
        let twos = (0..100_000).filter(|_| table.sample(&mut rng, 3.0) == 2).count() as f64 / 100_000.0;
        assert!((twos - 0.2240).abs() < 0.007, "share of twos {twos}");
        assert_eq!(table.sample(&mut rng, 0.0), 0);
        assert_eq!(table.sample(&mut rng, -1.0), 0);
    }

    #[test]
    fn weighted_choice_follows_the_weights_and_skips_zero_weights() {
        let mut rng = Rng::seed_from_u64(4);
        let weights = [1.0, 0.0, 3.0];
        let mut counts = [0u32; 3];
        for _ in 0..40_000 {
            counts[rng.weighted_index(&weights).unwrap()] += 1;
        }
        assert_eq!(counts[1], 0);
        // Expected 10,000 and 30,000; sd ≈ 87.
        assert!((9_500..=10_500).contains(&counts[0]), "{counts:?}");
        assert_eq!(rng.weighted_index(&[0.0, -1.0]), None);
        assert_eq!(rng.choose::<u8>(&[]), None);
    }
}
