//! The day-by-day history of one SKU at one location: customers ask, the
//! shelf serves what it can, a buyer reorders, suppliers deliver.
//!
//! Each day, in order: on the first of the month expired lots are written
//! off (the monthly stock count); deliveries due that day arrive (rejected
//! units are refused, regulated lots wait two days for release); each channel
//! draws its demand and is served first-expired-first-out from usable lots;
//! what could not be served is lost and the day is flagged as a stockout, so
//! the recorded quantity is censored demand, as in a real sales history;
//! finally, on the supplier's order days, the buyer compares the stock
//! position (usable stock plus open orders) with a reorder point and orders
//! up to it plus a cover quantity.
//!
//! The buyer's reorder point is s = μ_W + z·σ_W over the protection interval
//! W = lead time + review period (Silver, Pyke and Thomas, "Inventory and
//! Production Management in Supply Chains", 4th ed., §6.7), with μ_W read
//! from the demand profile, so the buyer anticipates seasons and promotions
//! but not the noise, and trusts the supplier's quoted lead time, which is
//! why the unreliable supplier's items run out more often.

use rust_decimal::Decimal;

use super::catalog::{round_price, SkuPlan, SupplierPlan};
use super::demand::Profile;
use super::names::Reliability;
use super::rng::{PoissonTable, Rng};
use super::{tag, Calendar};
use crate::model::{DayFlags, DemandSeries, LocationId, LotId, SeriesKey, StockCommitment, StockLot};

/// Weekday rhythm of business orders (Monday first): busy early in the
/// week, nearly nothing at weekends. Scaled to average one in `weekday_factor`.
const BUSINESS_WEEK: [f64; 7] = [1.3, 1.25, 1.2, 1.2, 1.0, 0.05, 0.0];
/// Weekday rhythm of consumer orders: a little more on Fridays and Saturdays.
const CONSUMER_WEEK: [f64; 7] = [0.9, 0.85, 0.9, 0.95, 1.1, 1.25, 1.05];

fn weekday_factor(business: bool, weekday: u32) -> f64 {
    let week = if business { &BUSINESS_WEEK } else { &CONSUMER_WEEK };
    let total: f64 = week.iter().sum();
    week[weekday as usize] * 7.0 / total
}

/// Days a regulated lot is held for quality release after it arrives (a
/// Friday delivery is released on Monday).
const RELEASE_DAYS: i64 = 3;
/// When the supplier of the SKU nobody offers any more dropped it: no orders
/// since, so its stock runs down in the history.
const DELISTED_DAYS_AGO: i64 = 90;
/// Yearly price increase behind historic PO prices, in basis points.
const PRICE_DRIFT_BP_PER_YEAR: i64 = 350;

pub(super) struct Context<'a> {
    pub seed: u64,
    pub calendar: &'a Calendar,
    pub suppliers: &'a [SupplierPlan],
    pub poisson: &'a PoissonTable,
    /// Orders approved before this day and fully received are simulated
    /// but not recorded (see `order_history_start`).
    pub record_orders_from: i64,
}

pub(super) struct Outcome {
    pub series: Vec<DemandSeries>,
    pub lots: Vec<StockLot>,
    pub commitment: Option<StockCommitment>,
}

/// One order line the simulated buyer placed; `purchasing` groups them into
/// purchase orders by supplier, location and day.
pub(super) struct OrderEvent {
    pub approved: i64,
    pub supplier: usize,
    pub location: usize,
    pub sku: usize,
    pub quantity: f64,
    pub unit_price: Decimal,
    /// Every delivery, including those due after today (not yet received).
    pub receipts: Vec<PlannedReceipt>,
    /// The supplier delivered part and will not deliver the balance.
    pub closed_short: bool,
}

pub(super) struct PlannedReceipt {
    pub day: i64,
    pub received: f64,
    pub rejected: f64,
    pub lot: Option<LotId>,
    pub expiry: Option<i64>,
}

/// When a purchase order was created, promised and actually delivered.
/// Drawn from a stream keyed by supplier, location and approval day, so
/// every line of one purchase order shares them although each SKU is
/// simulated on its own.
pub(super) struct PoTiming {
    pub created: i64,
    pub promised: i64,
    pub arrival: i64,
}

pub(super) fn po_timing(
    seed: u64,
    calendar: &Calendar,
    supplier: &SupplierPlan,
    supplier_idx: usize,
    location_idx: usize,
    approved: i64,
) -> PoTiming {
    let mut rng = Rng::keyed(seed, &[tag::PURCHASE_ORDER, supplier_idx as u64, location_idx as u64, approved as u64]);
    let created = approved - i64::from(rng.bernoulli(0.3));
    let lead_time = i64::from(supplier.profile.lead_time_days);
    let delay = match supplier.profile.reliability {
        Reliability::Reliable => {
            let u = rng.uniform();
            if u < 0.08 {
                -1
            } else if u < 0.92 {
                0
            } else if u < 0.98 {
                rng.between(1, 2)
            } else {
                rng.between(3, 6)
            }
        }
        Reliability::Unreliable => (libm::round(rng.normal_with(5.0, 9.0)) as i64).max(-3),
    };
    let promised = calendar.workday_on_or_after(approved + lead_time);
    let arrival = calendar.workday_on_or_after(approved + lead_time + delay).max(approved + 1);
    PoTiming { created, promised, arrival }
}

struct Lot {
    quantity: f64,
    expiry: Option<i64>,
    release: i64,
    received: i64,
    code: Option<LotId>,
}

impl Lot {
    fn usable_on(&self, day: i64) -> bool {
        self.release <= day && self.expiry.is_none_or(|expiry| expiry >= day)
    }
}

struct Delivery {
    day: i64,
    order: usize,
    received: f64,
    accepted: f64,
    lot: Option<LotId>,
    expiry: Option<i64>,
    last: bool,
}

/// Stock of one SKU at one location: lots in first-expired-first-out order
/// (lots without expiry last), or a single untracked bucket.
struct Shelf {
    lots: Vec<Lot>,
    tracked: bool,
}

impl Shelf {
    fn put(&mut self, lot: Lot) {
        if lot.quantity <= 0.0 {
            return;
        }
        if !self.tracked {
            if let Some(bucket) = self.lots.first_mut() {
                bucket.quantity += lot.quantity;
                return;
            }
        }
        let key = lot.expiry.unwrap_or(i64::MAX);
        let at = self.lots.partition_point(|held| held.expiry.unwrap_or(i64::MAX) <= key);
        self.lots.insert(at, lot);
    }

    fn usable(&self, day: i64) -> f64 {
        self.lots.iter().filter(|lot| lot.usable_on(day)).map(|lot| lot.quantity).sum()
    }

    /// Stock the buyer counts on: usable now or once released.
    fn unexpired(&self, day: i64) -> f64 {
        self.lots.iter().filter(|lot| lot.expiry.is_none_or(|expiry| expiry >= day)).map(|lot| lot.quantity).sum()
    }

    /// Take up to `wanted` from usable lots, earliest expiry first; returns
    /// what was usable before and what was taken.
    fn take(&mut self, day: i64, wanted: f64) -> (f64, f64) {
        let mut usable = 0.0;
        let mut taken = 0.0;
        let mut emptied = false;
        for lot in self.lots.iter_mut().filter(|lot| lot.usable_on(day)) {
            usable += lot.quantity;
            let amount = lot.quantity.min(wanted - taken);
            if amount > 0.0 {
                lot.quantity -= amount;
                taken += amount;
                emptied |= lot.quantity <= 0.0;
            }
        }
        if emptied {
            self.lots.retain(|lot| lot.quantity > 0.0);
        }
        (usable, taken)
    }

    fn write_off_expired(&mut self, day: i64) {
        self.lots.retain(|lot| lot.expiry.is_none_or(|expiry| expiry >= day));
    }
}

pub(super) fn ceil_to(quantity: f64, multiple: f64) -> f64 {
    if multiple <= 0.0 {
        return libm::ceil(quantity);
    }
    libm::ceil(quantity / multiple - 1e-9) * multiple
}

fn lot_code(calendar: &Calendar, day: i64, counter: u32) -> LotId {
    use chrono::Datelike;
    let date = calendar.date(day);
    LotId::new(format!("L{:02}{:02}{:02}-{counter}", date.year().rem_euclid(100), date.month(), date.day()))
}

pub(super) fn simulate(
    context: &Context<'_>,
    sku_idx: usize,
    plan: &SkuPlan,
    profile: &Profile,
    location_idx: usize,
    location: &LocationId,
    orders: &mut Vec<OrderEvent>,
) -> Outcome {
    let calendar = context.calendar;
    let today = calendar.today as i64;
    let mut rng = Rng::keyed(context.seed, &[tag::SIMULATION, sku_idx as u64, location_idx as u64]);
    let base = plan.base_rate * super::catalog::location_volume(location_idx);
    let channels: Vec<(&str, f64)> =
        if location_idx == 0 { plan.channels.clone() } else { vec![(plan.channels[0].0, 1.0)] };
    let n_channels = channels.len();
    let history = calendar.today;
    let mut quantity = vec![vec![0.0f32; history]; n_channels];
    let mut promo = vec![DayFlags::default(); n_channels];
    let mut stockout = DayFlags::default();

    let tracked = plan.lot_tracked();
    let shelf_life = plan.sku.shelf_life_days.map(i64::from);
    let min_remaining = plan.sku.min_remaining_shelf_life_days.map(i64::from).unwrap_or(0);
    let mut shelf = Shelf { lots: Vec::new(), tracked };
    // Quantity still expected per order placed, and their sum.
    let mut on_order: Vec<f64> = Vec::new();
    let mut on_order_total = 0.0;
    let mut deliveries: Vec<Delivery> = Vec::new();
    let mut receipt_counter = 0u32;

    let new_product = plan.launch_day.is_some_and(|launch| launch >= today - 60);
    let stop_ordering = plan.discontinue_day.map(|stop| stop - 45);
    let order_size = profile.order_size;
    // Variance-to-mean of daily demand: Poisson is one; orders of several
    // units at once add their size.
    let dispersion = order_size.map_or(1.0, |size| 1.0 + size);

    // Reorder point and cover quantity for an order on `day` with `source`.
    let policy = |day: i64, lead_time: i64, review: i64| -> (f64, f64) {
        let from = day.max(0) as usize;
        let window = (lead_time + review).max(1) as usize;
        let mean = base * profile.expected(from, from + window);
        let sd = libm::sqrt(mean * dispersion + (0.15 * mean) * (0.15 * mean));
        let mut reorder_point = mean + plan.safety_factor * sd;
        if plan.sku.criticality == crate::model::Criticality::High && mean > 0.0 {
            reorder_point = reorder_point.max(1.0);
        }
        let cover = base * profile.expected(from + window, from + window + plan.cover_days);
        (reorder_point, cover)
    };

    // Opening stock, somewhere in the order cycle.
    if plan.launch_day.is_none_or(|launch| launch <= 0) {
        if let Some(source) = plan.sourcing_on(0) {
            let supplier = &context.suppliers[source.supplier];
            let (reorder_point, cover) =
                policy(0, i64::from(supplier.profile.lead_time_days), i64::from(supplier.review_days));
            let opening = libm::ceil(reorder_point + rng.uniform() * cover.max(source.moq));
            // Lot-tracked stock opens as two lots, an older and a newer one.
            let older = if tracked { libm::floor(opening * 0.6) } else { opening };
            for amount in [older, opening - older] {
                if amount <= 0.0 {
                    continue;
                }
                let received = -rng.between(1, shelf_life.map_or(60, |days| (days / 3).clamp(1, 60)));
                let expiry = shelf_life.map(|days| received + days * rng.between(60, 95) / 100);
                receipt_counter += 1;
                shelf.put(Lot {
                    quantity: amount,
                    expiry,
                    release: received,
                    received,
                    code: tracked.then(|| lot_code(calendar, received, receipt_counter)),
                });
            }
        }
    }

    let business: Vec<bool> = channels.iter().map(|&(channel, _)| channel == "b2b").collect();
    let rhythm: Vec<[f64; 7]> = channels
        .iter()
        .map(|&(channel, _)| core::array::from_fn(|weekday| weekday_factor(channel == "b2b", weekday as u32)))
        .collect();
    let mut noise_log = 0.0;
    let mut noise = 1.0;
    let mut unmet_business_run = 0.0;
    let mut demand = vec![0.0; n_channels];
    // One index walks the day across the profile, the calendar and every
    // channel's series at once.
    #[allow(clippy::needless_range_loop)]
    for day_idx in 0..history {
        let day = day_idx as i64;
        if day_idx % 7 == 0 {
            // Weekly AR(1) level noise: demand drifts in spells, not only day to day.
            noise_log = 0.6 * noise_log + rng.normal_with(0.0, 0.12);
            noise = libm::exp(noise_log);
        }
        if calendar.is_month_start(day_idx) {
            shelf.write_off_expired(day);
        }
        if deliveries.iter().any(|delivery| delivery.day == day) {
            let mut idx = 0;
            while idx < deliveries.len() {
                if deliveries[idx].day != day {
                    idx += 1;
                    continue;
                }
                let delivery = deliveries.swap_remove(idx);
                let still_open =
                    if delivery.last { 0.0 } else { (on_order[delivery.order] - delivery.received).max(0.0) };
                on_order_total += still_open - on_order[delivery.order];
                on_order[delivery.order] = still_open;
                let release = if plan.sku.regulated && tracked { day + RELEASE_DAYS } else { day };
                shelf.put(Lot { quantity: delivery.accepted, expiry: delivery.expiry, release, received: day, code: delivery.lot });
            }
        }

        let level = profile.level[day_idx];
        let in_life = level > 0.0;
        let weekday = calendar.weekday(day);
        let promotion_day = profile.is_promotion_day(day_idx);
        let mut wanted = 0.0;
        for (channel_idx, &(_, share)) in channels.iter().enumerate() {
            let mut rate = base * share * level * rhythm[channel_idx][weekday as usize] * noise;
            if !business[channel_idx] {
                rate *= profile.promotion_factor(day_idx);
            }
            demand[channel_idx] = match order_size {
                _ if rate <= 0.0 => 0.0,
                Some(size) => {
                    if rng.bernoulli((rate / size).min(0.95)) {
                        1.0 + context.poisson.sample(&mut rng, size - 1.0) as f64
                    } else {
                        0.0
                    }
                }
                None => context.poisson.sample(&mut rng, rate) as f64,
            };
            wanted += demand[channel_idx];
        }
        let (usable, served) = shelf.take(day, wanted);
        let mut left = served;
        let mut unmet_business = 0.0;
        for channel_idx in 0..n_channels {
            let sold = demand[channel_idx].min(left);
            left -= sold;
            quantity[channel_idx][day_idx] = sold as f32;
            if business[channel_idx] {
                unmet_business += demand[channel_idx] - sold;
            } else if promotion_day && in_life {
                promo[channel_idx].set(day_idx, true);
            }
        }
        if in_life && (usable <= 0.0 || served < wanted) {
            stockout.set(day_idx, true);
            unmet_business_run += unmet_business;
        } else {
            unmet_business_run = 0.0;
        }

        let Some(source) = plan.sourcing_on(day) else { continue };
        let supplier = &context.suppliers[source.supplier];
        if (day > supplier.last_order_day && !new_product)
            || stop_ordering.is_some_and(|stop| day >= stop)
            || (!source.listed && day >= today - DELISTED_DAYS_AGO)
            || !calendar.is_order_day(supplier.profile.order_weekdays, day)
        {
            continue;
        }
        let lead_time = i64::from(supplier.profile.lead_time_days);
        let (reorder_point, cover) = policy(day, lead_time, i64::from(supplier.review_days));
        let position = shelf.unexpired(day) + on_order_total;
        if reorder_point <= 0.0 || position > reorder_point {
            continue;
        }
        let order_quantity = ceil_to(reorder_point + cover - position, source.pack).max(source.moq);
        let timing = po_timing(context.seed, calendar, supplier, source.supplier, location_idx, day);

        let short_probability = match supplier.profile.reliability {
            Reliability::Reliable => 0.03,
            Reliability::Unreliable => 0.12,
        };
        let mut first = order_quantity;
        let mut closed_short = false;
        let mut split_day = None;
        if rng.bernoulli(short_probability) {
            let part = libm::floor(order_quantity * rng.uniform_in(0.5, 0.9) / source.pack) * source.pack;
            if part >= source.pack && part < order_quantity {
                first = part;
                if rng.bernoulli(0.5) {
                    split_day = Some(calendar.workday_on_or_after(timing.arrival + rng.between(3, 10)));
                } else {
                    closed_short = true;
                }
            }
        }
        let order_slot = on_order.len();
        on_order.push(order_quantity);
        on_order_total += order_quantity;
        let mut receipts = Vec::with_capacity(2);
        let parts = [(timing.arrival, first), (split_day.unwrap_or(0), order_quantity - first)];
        let n_parts = if split_day.is_some() { 2 } else { 1 };
        for (part_idx, &(arrival, received)) in parts.iter().take(n_parts).enumerate() {
            receipt_counter += 1;
            let mut rejected = if rng.bernoulli(0.03) { libm::ceil(received * rng.uniform_in(0.02, 0.15)).min(received) } else { 0.0 };
            let expiry = shelf_life.map(|days| {
                let spare = (days - min_remaining).max(0);
                if rng.bernoulli(0.01) {
                    // Short-dated: below the minimum remaining shelf life, so
                    // the whole delivery is refused at the door.
                    rejected = received;
                    arrival + min_remaining - rng.between(1, (min_remaining / 2).max(1))
                } else {
                    arrival + days - rng.between(0, spare / 2)
                }
            });
            let lot = tracked.then(|| lot_code(calendar, arrival, receipt_counter));
            deliveries.push(Delivery {
                day: arrival,
                order: order_slot,
                received,
                accepted: received - rejected,
                lot: lot.clone(),
                expiry,
                last: part_idx + 1 == n_parts,
            });
            receipts.push(PlannedReceipt { day: arrival, received, rejected, lot, expiry });
        }
        let drift_bp = PRICE_DRIFT_BP_PER_YEAR * (today - day) / 365;
        let unit_price = round_price(source.price_for(order_quantity) * Decimal::new(10_000 - drift_bp, 4));
        let still_open = receipts.iter().any(|receipt| receipt.day >= today);
        if day < context.record_orders_from && !still_open {
            continue;
        }
        orders.push(OrderEvent {
            approved: day,
            supplier: source.supplier,
            location: location_idx,
            sku: sku_idx,
            quantity: order_quantity,
            unit_price,
            receipts,
            closed_short,
        });
    }

    let sku = &plan.sku.id;
    let lots = shelf
        .lots
        .iter()
        .filter(|lot| lot.quantity > 0.0)
        .map(|lot| StockLot {
            sku: sku.clone(),
            location: location.clone(),
            lot: lot.code.clone().unwrap_or_default(),
            quantity: lot.quantity,
            received: tracked.then(|| calendar.date(lot.received)),
            expiry: lot.expiry.map(|day| calendar.date(day)),
            quarantine: lot.release >= today,
        })
        .collect();

    let business = business.contains(&true);
    let last_day_out = history > 0 && stockout.get(history - 1);
    let backorders = if business && last_day_out { unmet_business_run } else { 0.0 };
    let usable_today = shelf.usable(today);
    let allocated = if business && usable_today >= 2.0 && rng.bernoulli(0.1) {
        libm::floor(usable_today * rng.uniform_in(0.1, 0.4)).max(1.0)
    } else {
        0.0
    };
    let commitment = (backorders > 0.0 || allocated > 0.0).then(|| StockCommitment {
        sku: sku.clone(),
        location: location.clone(),
        backorders,
        allocated,
    });

    let series = channels
        .iter()
        .zip(quantity)
        .zip(promo)
        .filter_map(|((&(channel, _), quantity), promo)| {
            let key = SeriesKey { sku: sku.clone(), location: location.clone(), channel: channel.to_owned() };
            trimmed_series(key, calendar.start, quantity, &promo, &stockout)
        })
        .collect();

    Outcome { series, lots, commitment }
}

/// The series of one channel, trimmed the way `DemandSeries::trim` trims,
/// but in place: trimming by copying would, at 100,000 SKUs, briefly hold
/// every series twice and leave the allocator's heap fragmented.
fn trimmed_series(
    key: SeriesKey,
    start: chrono::NaiveDate,
    mut quantity: Vec<f32>,
    promo: &DayFlags,
    stockout: &DayFlags,
) -> Option<DemandSeries> {
    let carries = |idx: usize| quantity[idx] != 0.0 || promo.get(idx) || stockout.get(idx);
    let first = (0..quantity.len()).find(|&idx| carries(idx))?;
    let last = (first..quantity.len()).rev().find(|&idx| carries(idx)).unwrap_or(first);
    let flags = |all: &DayFlags| {
        let mut kept = DayFlags::default();
        for idx in first..=last {
            if all.get(idx) {
                kept.set(idx - first, true);
            }
        }
        kept
    };
    let (promo, stockout) = (flags(promo), flags(stockout));
    quantity.truncate(last + 1);
    quantity.drain(..first);
    let start = start.checked_add_days(chrono::Days::new(first as u64)).unwrap_or(start);
    Some(DemandSeries { key, start, quantity, promo, stockout })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lot(quantity: f64, expiry: Option<i64>, release: i64) -> Lot {
        Lot { quantity, expiry, release, received: 0, code: None }
    }

    #[test]
    fn the_shelf_serves_first_expiring_usable_lots_first() {
        let mut shelf = Shelf { lots: Vec::new(), tracked: true };
        shelf.put(lot(5.0, Some(30), 0));
        shelf.put(lot(4.0, Some(10), 0));
        shelf.put(lot(3.0, None, 0));
        shelf.put(lot(6.0, Some(8), 12)); // not yet released on day 9
        assert_eq!(shelf.usable(9), 12.0);
        assert_eq!(shelf.take(9, 6.0), (12.0, 6.0));
        // The lot expiring on day 10 went first, then 2 of the day-30 lot.
        let left: Vec<(f64, Option<i64>)> = shelf.lots.iter().map(|l| (l.quantity, l.expiry)).collect();
        assert_eq!(left, vec![(6.0, Some(8)), (3.0, Some(30)), (3.0, None)]);
        // Asking for more than is usable takes what there is.
        assert_eq!(shelf.take(9, 100.0), (6.0, 6.0));
        assert_eq!(shelf.unexpired(9), 0.0, "the unreleased lot expired on day 8");
    }

    #[test]
    fn an_untracked_shelf_is_one_bucket() {
        let mut shelf = Shelf { lots: Vec::new(), tracked: false };
        shelf.put(lot(5.0, None, 0));
        shelf.put(lot(7.0, None, 3));
        assert_eq!(shelf.lots.len(), 1);
        assert_eq!(shelf.usable(0), 12.0);
    }

    #[test]
    fn order_quantities_round_up_to_whole_packs() {
        assert_eq!(ceil_to(25.0, 12.0), 36.0);
        assert_eq!(ceil_to(24.0, 12.0), 24.0);
        assert_eq!(ceil_to(0.2, 1.0), 1.0);
        assert_eq!(ceil_to(2.5, 0.0), 3.0);
    }

    #[test]
    fn series_are_trimmed_exactly_as_the_model_trims_them() {
        let start = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
        let key = SeriesKey { sku: "A".into(), location: "WH".into(), channel: "web".into() };
        let quantity = vec![0.0, 0.0, 3.0, 0.0, 1.0, 0.0, 0.0, 0.0];
        let mut promo = DayFlags::default();
        promo.set(4, true);
        let mut stockout = DayFlags::default();
        stockout.set(1, true);
        stockout.set(5, true);
        let ours = trimmed_series(key.clone(), start, quantity.clone(), &promo, &stockout).unwrap();
        let mut model = DemandSeries { key: key.clone(), start, quantity, promo, stockout };
        model.trim();
        assert_eq!(ours, model);
        // Days 1 to 5 survive: the stockout flags hold the ends.
        assert_eq!(ours.quantity, vec![0.0, 3.0, 0.0, 1.0, 0.0]);
        assert_eq!(ours.start, chrono::NaiveDate::from_ymd_opt(2025, 1, 2).unwrap());
        let blank = trimmed_series(key, start, vec![0.0; 5], &DayFlags::default(), &DayFlags::default());
        assert_eq!(blank, None);
    }

    #[test]
    fn weekday_rhythms_average_one() {
        for business in [true, false] {
            let mean: f64 = (0..7).map(|day| weekday_factor(business, day)).sum::<f64>() / 7.0;
            assert!((mean - 1.0).abs() < 1e-12);
        }
        assert_eq!(weekday_factor(true, 6), 0.0, "no business orders on Sunday");
    }
}
