//! Safety stock, reorder point and order-up-to level under the normal model.
//!
//! Demand over a protection interval of T days (the lead time L for continuous
//! review, R + L for periodic review), with daily demand of mean d and sd σd
//! and a lead time of sd σL, has standard deviation
//! σ_T = √(T·σd² + d²·σL²) (Silver, Pyke & Thomas 2017, §6.10; Chopra &
//! Meindl, "Managing uncertainty: safety inventory"). It assumes daily demands
//! independent of each other and of the lead time.
//!
//! Two service definitions:
//! - cycle service level α: SS = z(α)·σ_T;
//! - fill rate β: SS = k·σ_T with the smallest k such that the expected
//!   shortage per cycle σ_T·G(k) is at most (1 − β)·Q, Q the order quantity
//!   (for periodic review the expected order, d·R).
//!
//! With σ_T = 0 nothing is uncertain and the safety stock is zero. A negative
//! safety stock (a target below 50 %, or a fill rate the order quantity alone
//! nearly meets) is floored at zero unless the expert setting allows it. A
//! risk buffer, in days of demand, is added on top for supply risk (see
//! `Settings::risk_buffer_days`).
//!
//! For intermittent demand planned from a forecast the normal model gives
//! way to a count distribution (`count_safety_stock`, `plan::count`): the
//! level s is the service target's quantile of a negative binomial or
//! Poisson with the interval's mean and variance, and SS = s − D_T, floored
//! and buffered as above.

use serde::{Deserialize, Serialize};

use super::count::{cycle_service_level, fill_rate_level, CountDistribution, CountError, CountLevel};
use super::normal;
use crate::model::ServiceDefinition;

/// σ_T = √(T·σd² + d²·σL²): standard deviation of demand over `interval_days`
/// when the lead time inside it varies with sd `lead_time_sd_days`.
pub fn protection_sd(mean_per_day: f64, sd_per_day: f64, interval_days: f64, lead_time_sd_days: f64) -> f64 {
    let variance = interval_days.max(0.0) * sd_per_day * sd_per_day
        + mean_per_day * mean_per_day * lead_time_sd_days * lead_time_sd_days;
    variance.max(0.0).sqrt()
}

/// σ_T = √(σe(T)² + (D_T ÷ T)²·σL²): standard deviation of demand over an
/// interval of `interval_days` planned from a forecast. `forecast_error_sd`
/// is σe(T), the sd of the forecast's error summed over the interval (from
/// its backtest), taking the place of T·σd²; `interval_demand` is D_T, the
/// forecast summed over the interval, so D_T ÷ T is the day rate the lead
/// time's own variation (sd `lead_time_sd_days`) multiplies. With T = 0 the
/// second term is 0. Same structure as `protection_sd`, which it equals when
/// σe(T)² = T·σd² and D_T = d·T.
pub fn forecast_protection_sd(
    forecast_error_sd: f64,
    interval_demand: f64,
    interval_days: f64,
    lead_time_sd_days: f64,
) -> f64 {
    let rate = if interval_days > 0.0 { interval_demand / interval_days } else { 0.0 };
    let variance = forecast_error_sd * forecast_error_sd + rate * rate * lead_time_sd_days * lead_time_sd_days;
    variance.max(0.0).sqrt()
}

/// A safety stock and how it was reached.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SafetyStock {
    pub definition: ServiceDefinition,
    /// α or β, as a fraction.
    pub target: f64,
    /// σ of demand over the protection interval.
    pub sigma: f64,
    /// z(α) or k(β); under the count model the implied factor raw ÷ σ (0 when σ = 0).
    pub factor: f64,
    /// For a fill rate: the allowed loss (1 − β)·Q ÷ σ that k solves G(k) = …; `None` for α.
    pub allowed_loss: Option<f64>,
    /// `factor × sigma`, before flooring.
    pub raw: f64,
    /// The raw figure was negative and was floored at zero.
    pub floored: bool,
    /// Extra units for supply risk (d × risk buffer days), 0 when none applies.
    pub risk_buffer: f64,
    /// The safety stock: floored raw figure plus the risk buffer.
    pub units: f64,
    /// How the count model reached it (`count_safety_stock`); `None` under the normal model.
    #[serde(default)]
    pub count: Option<Box<CountSafety>>,
}

/// The count model's side of a safety stock: the distribution fitted to the
/// interval's mean and variance and the level the target gives.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CountSafety {
    /// μ = D_T, expected demand over the protection interval.
    pub mean: f64,
    /// σ², the variance given (σ_T²); a Poisson's own variance is μ.
    pub variance: f64,
    pub distribution: CountDistribution,
    /// s, with the target's figure at s and at s − 1.
    pub level: CountLevel,
    /// For a fill rate the allowed expected shortage (1 − β)·Q; `None` for α.
    pub allowed_shortage: Option<f64>,
}

/// What a safety stock is computed from, named as in the module docs.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SafetyStockInputs {
    pub definition: ServiceDefinition,
    /// α or β, as a fraction (0.95 = 95 %).
    pub target: f64,
    /// σ_T, the sd of demand over the protection interval (`protection_sd`).
    pub sigma: f64,
    /// Q of the fill-rate formula: the order quantity, or d·R for periodic
    /// review. Ignored for a cycle service level.
    pub fill_rate_quantity: f64,
    /// Keep a negative raw safety stock (the expert setting) instead of
    /// flooring it at zero.
    pub allow_negative: bool,
    /// Units added for supply risk (d × risk buffer days); a negative figure counts as 0.
    pub risk_buffer: f64,
}

/// Safety stock for a service target.
pub fn safety_stock(inputs: &SafetyStockInputs) -> SafetyStock {
    let quantile = match inputs.definition {
        ServiceDefinition::CycleService => normal::quantile(inputs.target),
        ServiceDefinition::FillRate => 0.0,
    };
    safety_stock_with_quantile(inputs, quantile)
}

/// `safety_stock` with z(α) already computed (`quantile`, ignored for a fill
/// rate): planning takes the quantile once per SKU × location, not once per offer.
pub fn safety_stock_with_quantile(inputs: &SafetyStockInputs, quantile: f64) -> SafetyStock {
    let SafetyStockInputs { definition, target, sigma, fill_rate_quantity, allow_negative, risk_buffer } = *inputs;
    let (factor, allowed_loss) = if sigma <= 0.0 {
        (0.0, None)
    } else {
        match definition {
            ServiceDefinition::CycleService => (quantile, None),
            ServiceDefinition::FillRate => {
                let allowed = (1.0 - target).max(0.0) * fill_rate_quantity.max(0.0) / sigma;
                (normal::inverse_loss(allowed), Some(allowed))
            }
        }
    };
    let raw = factor * sigma;
    let floored = raw < 0.0 && !allow_negative;
    let risk_buffer = risk_buffer.max(0.0);
    let units = if floored { 0.0 } else { raw } + risk_buffer;
    SafetyStock { definition, target, sigma, factor, allowed_loss, raw, floored, risk_buffer, units, count: None }
}

/// Safety stock under the count model (module documentation): the
/// negative binomial or Poisson fitted to μ = `interval_demand` and σ² =
/// `inputs.sigma`² (`CountDistribution::from_moments`), s its smallest whole
/// level meeting the target (`cycle_service_level` for α, `fill_rate_level`
/// with Q = `inputs.fill_rate_quantity` for β), raw SS = s − μ (negative when
/// the skewed distribution puts s below the mean, then floored unless
/// allowed), plus the risk buffer. So the level D_T + SS is s itself unless
/// floored or buffered. Refused as `plan::count` refuses: a non-finite or
/// negative μ or σ, a target outside (0, 1), a fill rate no level meets, a
/// level beyond `count::MAX_LEVEL`.
pub fn count_safety_stock(inputs: &SafetyStockInputs, interval_demand: f64) -> Result<SafetyStock, CountError> {
    let SafetyStockInputs { definition, target, sigma, fill_rate_quantity, allow_negative, risk_buffer } = *inputs;
    let variance = sigma * sigma;
    let distribution = CountDistribution::from_moments(interval_demand, variance)?;
    let (level, allowed_shortage) = match definition {
        ServiceDefinition::CycleService => (cycle_service_level(&distribution, target)?, None),
        ServiceDefinition::FillRate => {
            (fill_rate_level(&distribution, target, fill_rate_quantity)?, Some((1.0 - target) * fill_rate_quantity))
        }
    };
    let raw = level.level as f64 - interval_demand;
    let floored = raw < 0.0 && !allow_negative;
    let risk_buffer = risk_buffer.max(0.0);
    let units = if floored { 0.0 } else { raw } + risk_buffer;
    Ok(SafetyStock {
        definition,
        target,
        sigma,
        factor: if sigma > 0.0 { raw / sigma } else { 0.0 },
        allowed_loss: None,
        raw,
        floored,
        risk_buffer,
        units,
        count: Some(Box::new(CountSafety { mean: interval_demand, variance, distribution, level, allowed_shortage })),
    })
}

/// Fill rate achieved by a safety factor: β = 1 − σ·G(k) ÷ Q.
pub fn fill_rate_of(factor: f64, sigma: f64, order_quantity: f64) -> f64 {
    if order_quantity <= 0.0 {
        return 0.0;
    }
    1.0 - sigma * normal::loss(factor) / order_quantity
}

/// Reorder point of continuous review: s = d·L + SS.
pub fn reorder_point(mean_per_day: f64, lead_time_days: f64, safety_stock: f64) -> f64 {
    mean_per_day * lead_time_days + safety_stock
}

/// Reorder point (or order-up-to level) from demand over the protection
/// interval: s = D_T + SS, with D_T the expected demand over L (or R + L for
/// an order-up-to level), d·T from history or the forecast summed over the
/// days from today.
pub fn level_from_interval_demand(interval_demand: f64, safety_stock: f64) -> f64 {
    interval_demand + safety_stock
}

/// Order-up-to level of periodic review: S = d·(R + L) + SS.
pub fn order_up_to(mean_per_day: f64, review_days: f64, lead_time_days: f64, safety_stock: f64) -> f64 {
    mean_per_day * (review_days + lead_time_days) + safety_stock
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A cycle service level α, nothing else set.
    fn cycle(target: f64, sigma: f64) -> SafetyStockInputs {
        SafetyStockInputs {
            definition: ServiceDefinition::CycleService,
            target,
            sigma,
            fill_rate_quantity: 0.0,
            allow_negative: false,
            risk_buffer: 0.0,
        }
    }

    fn close(actual: f64, expected: f64, tolerance: f64) -> bool {
        (actual - expected).abs() <= tolerance
    }

    /// Chopra & Meindl, *Supply Chain Management*, chapter "Managing
    /// Uncertainty in a Supply Chain: Safety Inventory", example "Evaluating
    /// safety inventory given lead time uncertainty" (Dell): daily demand
    /// mean 2,500 sd 500, lead time mean 7 days sd 7 days, CSL 90 %.
    /// σ_L = √(7·500² + 2,500²·7²) = 17,550; ss = F⁻¹(0.9)·17,550 = 22,491.
    #[test]
    fn chopra_meindl_lead_time_uncertainty() {
        let sigma = protection_sd(2_500.0, 500.0, 7.0, 7.0);
        assert!(close(sigma, 17_550.0, 0.5), "σ = {sigma}");
        let ss = safety_stock(&cycle(0.9, sigma));
        assert!(close(ss.units, 22_491.0, 1.0), "ss = {}", ss.units);
        assert!(close(reorder_point(2_500.0, 7.0, ss.units), 17_500.0 + 22_491.0, 1.0));
        // With a lead time known exactly the book's sd drops to √7·500 = 1,323 and ss to 1,695.
        let fixed = protection_sd(2_500.0, 500.0, 7.0, 0.0);
        assert!(close(fixed, 1_323.0, 0.5));
        assert!(close(safety_stock(&cycle(0.9, fixed)).units, 1_695.0, 1.0));
    }

    /// Chopra & Meindl, same chapter, example "Evaluating fill rate given a
    /// replenishment policy" (Legos): weekly demand mean 2,500 sd 500, lead
    /// time 2 weeks, Q = 10,000, ss = 1,000 → σ_L = 707, ESC = 25.13, fill
    /// rate 0.9975. Inverting: a 99.75 % fill rate needs ss ≈ 1,000.
    #[test]
    fn chopra_meindl_fill_rate() {
        let sigma = protection_sd(2_500.0 / 7.0, 500.0 / 7f64.sqrt(), 14.0, 0.0);
        assert!(close(sigma, 707.1, 0.1));
        let achieved = fill_rate_of(1_000.0 / sigma, sigma, 10_000.0);
        assert!(close(achieved, 0.9975, 5e-5), "fill rate {achieved}");
        let ss = safety_stock(&SafetyStockInputs {
            definition: ServiceDefinition::FillRate,
            fill_rate_quantity: 10_000.0,
            ..cycle(0.9975, sigma)
        });
        assert!(close(ss.units, 1_000.0, 5.0), "ss = {}", ss.units);
        assert!(fill_rate_of(ss.factor, sigma, 10_000.0) >= 0.9975 - 1e-12, "k meets the target");
    }

    /// Chopra & Meindl, same chapter, example "Evaluating safety inventory for
    /// a periodic review policy": weekly demand mean 2,500 sd 500, lead time 2
    /// weeks, review every 4 weeks, CSL 90 % → σ_{T+L} = 1,225, ss = 1,570,
    /// order-up-to level 16,570. In days: d = 2,500/7, σd = 500/√7, R = 28, L = 14.
    #[test]
    fn chopra_meindl_periodic_review() {
        let (d, sd) = (2_500.0 / 7.0, 500.0 / 7f64.sqrt());
        let sigma = protection_sd(d, sd, 28.0 + 14.0, 0.0);
        assert!(close(sigma, 1_224.7, 0.1));
        let ss = safety_stock(&cycle(0.9, sigma));
        assert!(close(ss.units, 1_570.0, 1.0));
        assert!(close(order_up_to(d, 28.0, 14.0, ss.units), 16_570.0, 1.0));
    }

    #[test]
    fn no_uncertainty_means_no_safety_stock() {
        for definition in [ServiceDefinition::CycleService, ServiceDefinition::FillRate] {
            let ss = safety_stock(&SafetyStockInputs { definition, fill_rate_quantity: 100.0, ..cycle(0.99, 0.0) });
            assert_eq!((ss.factor, ss.units), (0.0, 0.0));
        }
        // L = 0 and σL = 0: nothing to protect against.
        assert_eq!(protection_sd(10.0, 3.0, 0.0, 0.0), 0.0);
        // L = 0 but a variable lead time still leaves d·σL.
        assert_eq!(protection_sd(10.0, 3.0, 0.0, 2.0), 20.0);
    }

    #[test]
    fn fifty_percent_needs_none_and_below_is_floored_unless_allowed() {
        assert!(safety_stock(&cycle(0.5, 100.0)).units.abs() < 1e-9);
        let low = safety_stock(&cycle(0.3, 100.0));
        assert!(low.floored && low.units == 0.0 && low.raw < 0.0);
        let expert = safety_stock(&SafetyStockInputs { allow_negative: true, ..cycle(0.3, 100.0) });
        assert!(close(expert.units, -52.44, 0.01), "z(0.3) = −0.5244");
        // 99.99 %: z = 3.719.
        assert!(close(safety_stock(&cycle(0.9999, 100.0)).units, 371.9, 0.05));
    }

    /// μ = 3.2, σ = √9.6: p = 1/3, r = 1.6; scipy 1.17.1 `scipy.stats.nbinom(1.6, 1/3).ppf(0.95)` = 9
    /// (cdf(9) = 0.953825) → raw SS = 9 − 3.2 = 5.8, level 9. Fill rate 95 % with Q = 4: the
    /// smallest s with E[(D − s)⁺] ≤ 0.05 × 4 = 0.2 is 9 (E = 0.150812; 0.216734 at 8, see `count`).
    /// Poisson(2.5) at α = 0.5: `scipy.stats.poisson(2.5).ppf(0.5)` = 2, raw SS = 2 − 2.5 = −0.5, floored.
    #[test]
    fn count_safety_stock_is_the_quantile_less_the_mean() {
        let cycle_inputs = cycle(0.95, 9.6f64.sqrt());
        let ss = count_safety_stock(&cycle_inputs, 3.2).unwrap();
        let count = ss.count.as_ref().unwrap();
        assert_eq!(count.level.level, 9);
        assert!(close(ss.raw, 5.8, 1e-12) && close(ss.units, 5.8, 1e-12));
        assert!(close(level_from_interval_demand(3.2, ss.units), 9.0, 1e-12));
        assert!(close(ss.factor, 5.8 / 9.6f64.sqrt(), 1e-12));
        let CountDistribution::NegativeBinomial { r, p } = count.distribution else { panic!("σ² > μ") };
        assert!(close(r, 1.6, 1e-12) && close(p, 1.0 / 3.0, 1e-12));

        let fill =
            SafetyStockInputs { definition: ServiceDefinition::FillRate, fill_rate_quantity: 4.0, ..cycle_inputs };
        let ss = count_safety_stock(&fill, 3.2).unwrap();
        assert_eq!(ss.count.as_ref().unwrap().level.level, 9);
        assert!(close(ss.count.as_ref().unwrap().allowed_shortage.unwrap(), 0.2, 1e-12));

        let low = count_safety_stock(&cycle(0.5, 2f64.sqrt()), 2.5).unwrap();
        assert_eq!(low.count.as_ref().unwrap().distribution, CountDistribution::Poisson { mean: 2.5 });
        assert!(low.floored && low.units == 0.0 && close(low.raw, -0.5, 1e-12));
        let kept =
            count_safety_stock(&SafetyStockInputs { allow_negative: true, risk_buffer: 2.0, ..cycle(0.5, 1.0) }, 2.5)
                .unwrap();
        assert!(!kept.floored && close(kept.units, -0.5 + 2.0, 1e-12));
        assert!(count_safety_stock(&cycle(1.0, 1.0), 2.5).is_err());
        assert!(count_safety_stock(&cycle(0.9, 1.0), f64::NAN).is_err());
    }

    #[test]
    fn the_risk_buffer_is_added_after_flooring() {
        let ss = safety_stock(&SafetyStockInputs { risk_buffer: 70.0, ..cycle(0.3, 100.0) });
        assert_eq!(ss.units, 70.0);
        assert_eq!(ss.risk_buffer, 70.0);
    }
}
