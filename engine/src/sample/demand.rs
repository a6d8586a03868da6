//! Each SKU's expected demand over time, before noise: its shape (steady,
//! seasonal, trending, intermittent, promoted), its life cycle (launch ramp,
//! delisting) and its promotion calendar. The simulation draws actual daily
//! demand around this profile.
//!
//! Seasonality is a von Mises bump, exp(κ·cos(2π(d − peak)/365.25)) for day
//! of the year d, scaled so its yearly mean is one: a smooth yearly cycle whose peak sharpens as κ
//! grows (Christmas items sell almost only in November and December). Trends
//! are exponential, g per year, and equal to one today, so `base_rate` is
//! today's level. `cos` and `exp` come from `libm` for bit-identical results
//! in WebAssembly.

use super::catalog::SkuPlan;
use super::names::Shape;
use super::rng::Rng;
use super::{tag, Calendar};

const TWO_PI: f64 = 2.0 * core::f64::consts::PI;

/// Days a newly launched SKU takes to reach its full rate.
const LAUNCH_RAMP_DAYS: i64 = 28;

pub(super) struct Profile {
    /// Expected demand per day relative to the SKU's base rate, for every
    /// day of the horizon: shape × life cycle, zero outside the SKU's life.
    pub level: Vec<f64>,
    /// Promotion multiplier per day (the uplift on promotion days, a dip in
    /// the week after, one otherwise); empty for SKUs never promoted.
    pub promotion: Vec<f64>,
    /// `cumulative[t]` = Σ level × promotion over days before `t`, so the
    /// simulated buyer can sum expected demand over any window in O(1).
    pub cumulative: Vec<f64>,
    /// For intermittent demand: the mean size of an order when one comes.
    pub order_size: Option<f64>,
}

impl Profile {
    pub fn is_promotion_day(&self, day: usize) -> bool {
        self.promotion.get(day).is_some_and(|&factor| factor > 1.0)
    }

    pub fn promotion_factor(&self, day: usize) -> f64 {
        self.promotion.get(day).copied().unwrap_or(1.0)
    }

    /// Expected relative demand over days `from..to` (clamped to the horizon).
    pub fn expected(&self, from: usize, to: usize) -> f64 {
        let last = self.cumulative.len() - 1;
        let (from, to) = (from.min(last), to.min(last));
        if to <= from {
            0.0
        } else {
            self.cumulative[to] - self.cumulative[from]
        }
    }
}

pub(super) fn profile(seed: u64, sku_idx: usize, plan: &SkuPlan, calendar: &Calendar) -> Profile {
    let mut rng = Rng::keyed(seed, &[tag::SHAPE, sku_idx as u64]);
    let horizon = calendar.horizon;
    let today = calendar.today as f64;
    let mut level = vec![1.0; horizon];
    let mut order_size = None;
    match plan.shape {
        Shape::Smooth | Shape::Promo => {}
        Shape::Seasonal { peak, strength } => {
            let kappa = 0.55 * f64::from(strength) * rng.uniform_in(0.8, 1.2);
            // One value per day of the year (366 with leap days), scaled so
            // a 365-day year averages one.
            let by_day_of_year: Vec<f64> = (0..366)
                .map(|doy| libm::exp(kappa * libm::cos(TWO_PI * (f64::from(doy) - f64::from(peak)) / 365.25)))
                .collect();
            let yearly_mean = by_day_of_year[..365].iter().sum::<f64>() / 365.0;
            for (day, value) in level.iter_mut().enumerate() {
                *value = by_day_of_year[usize::from(calendar.day_of_year(day))] / yearly_mean;
            }
        }
        Shape::Up | Shape::Down => {
            let growth = if plan.shape == Shape::Up { rng.uniform_in(0.3, 0.65) } else { -rng.uniform_in(0.25, 0.5) };
            // exp(g·(d − today)/365), by a running product from day 0.
            let daily = libm::exp(growth / 365.0);
            let mut value = libm::exp(-growth * today / 365.0);
            for slot in level.iter_mut() {
                *slot = value;
                value *= daily;
            }
        }
        Shape::Lumpy => order_size = Some(rng.uniform_in(1.5, 4.0)),
    }

    if let Some(launch) = plan.launch_day {
        for (day, value) in level.iter_mut().enumerate() {
            let since = day as i64 - launch;
            if since < 0 {
                *value = 0.0;
            } else if since < LAUNCH_RAMP_DAYS {
                *value *= 0.3 + 0.7 * since as f64 / LAUNCH_RAMP_DAYS as f64;
            }
        }
    }
    if let Some(stop) = plan.discontinue_day {
        for value in level.iter_mut().skip(stop.max(0) as usize) {
            *value = 0.0;
        }
    }

    let mut promotion = Vec::new();
    if plan.shape == Shape::Promo {
        promotion = vec![1.0; horizon];
        let mut start = rng.between(5, 40) as usize;
        while start < horizon {
            let length = rng.between(7, 14) as usize;
            let uplift = rng.uniform_in(1.8, 3.2);
            let end = (start + length).min(horizon);
            promotion[start..end].fill(uplift);
            // Customers who stocked up during the promotion buy less after it.
            let dip_end = (end + 7).min(horizon);
            promotion[end..dip_end].fill(0.75);
            start = dip_end + rng.between(35, 75) as usize;
        }
    }

    let mut cumulative = Vec::with_capacity(horizon + 1);
    let mut running = 0.0;
    cumulative.push(running);
    for (day, value) in level.iter().enumerate() {
        running += value * promotion.get(day).copied().unwrap_or(1.0);
        cumulative.push(running);
    }
    Profile { level, promotion, cumulative, order_size }
}
