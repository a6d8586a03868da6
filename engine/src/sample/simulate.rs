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

use super::catalog::{round_price, SkuPlan, Sourcing, SupplierPlan};
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

/// A sales channel of the SKU at this location.
struct Channel {
    name: &'static str,
    /// Share of the SKU's demand at this location.
    share: f64,
    /// Business orders (`b2b`): unserved demand waits as a backorder and no
    /// consumer promotion lifts it.
    business: bool,
    /// Weekday factors, Monday first (`weekday_factor`).
    rhythm: [f64; 7],
}

/// What stays fixed while one SKU is simulated at one location.
struct Setup<'a> {
    context: &'a Context<'a>,
    sku_idx: usize,
    location_idx: usize,
    plan: &'a SkuPlan,
    profile: &'a Profile,
    /// Units a day at this location at today's level.
    base: f64,
    channels: Vec<Channel>,
    tracked: bool,
    shelf_life: Option<i64>,
    min_remaining: i64,
    /// Launched in the last 60 days: still ordered after the supplier's last
    /// order day, so a new product has stock on its way.
    new_product: bool,
    /// The buyer stops ordering 45 days before a discontinuation.
    stop_ordering: Option<i64>,
    /// Variance-to-mean of daily demand: Poisson is one; orders of several
    /// units at once add their size.
    dispersion: f64,
}

/// The buyer's reorder point and the quantity an order covers beyond it.
struct OrderLevels {
    reorder_point: f64,
    cover: f64,
}

impl<'a> Setup<'a> {
    fn new(
        context: &'a Context<'a>,
        sku_idx: usize,
        plan: &'a SkuPlan,
        profile: &'a Profile,
        location_idx: usize,
    ) -> Self {
        let today = context.calendar.today as i64;
        let channels: Vec<(&'static str, f64)> =
            if location_idx == 0 { plan.channels.clone() } else { vec![(plan.channels[0].0, 1.0)] };
        let channels = channels
            .into_iter()
            .map(|(name, share)| Channel {
                name,
                share,
                business: name == "b2b",
                rhythm: core::array::from_fn(|weekday| weekday_factor(name == "b2b", weekday as u32)),
            })
            .collect();
        Setup {
            context,
            sku_idx,
            location_idx,
            plan,
            profile,
            base: plan.base_rate * super::catalog::location_volume(location_idx),
            channels,
            tracked: plan.lot_tracked(),
            shelf_life: plan.sku.shelf_life_days.map(i64::from),
            min_remaining: plan.sku.min_remaining_shelf_life_days.map(i64::from).unwrap_or(0),
            new_product: plan.launch_day.is_some_and(|launch| launch >= today - 60),
            stop_ordering: plan.discontinue_day.map(|stop| stop - 45),
            dispersion: profile.order_size.map_or(1.0, |size| 1.0 + size),
        }
    }

    fn today(&self) -> i64 {
        self.context.calendar.today as i64
    }

    /// Reorder point s = μ_W + z·σ_W over the protection interval W = lead
    /// time + review period, and the cover after it, for an order on `day`.
    fn order_levels(&self, day: i64, lead_time: i64, review: i64) -> OrderLevels {
        let (base, profile, plan) = (self.base, self.profile, self.plan);
        let from = day.max(0) as usize;
        let window = (lead_time + review).max(1) as usize;
        let mean = base * profile.expected(from, from + window);
        let sd = libm::sqrt(mean * self.dispersion + (0.15 * mean) * (0.15 * mean));
        let mut reorder_point = mean + plan.safety_factor * sd;
        if plan.sku.criticality == crate::model::Criticality::High && mean > 0.0 {
            reorder_point = reorder_point.max(1.0);
        }
        let cover = base * profile.expected(from + window, from + window + plan.cover_days);
        OrderLevels { reorder_point, cover }
    }

    /// Whether the buyer may order from `source` on `day`: an order day of
    /// the supplier, the supplier still supplied, the SKU neither about to be
    /// discontinued nor delisted.
    fn may_order(&self, source: &Sourcing, supplier: &SupplierPlan, day: i64) -> bool {
        let supplied = day <= supplier.last_order_day || self.new_product;
        let not_discontinuing = self.stop_ordering.is_none_or(|stop| day < stop);
        let listed = source.listed || day < self.today() - DELISTED_DAYS_AGO;
        supplied
            && not_discontinuing
            && listed
            && self.context.calendar.is_order_day(supplier.profile.order_weekdays, day)
    }

    /// The day a delivery arriving on `day` may be used: regulated lots wait
    /// for quality release.
    fn release_day(&self, day: i64) -> i64 {
        if self.plan.sku.regulated && self.tracked {
            day + RELEASE_DAYS
        } else {
            day
        }
    }

    fn lot_code(&self, day: i64, receipt_no: u32) -> Option<LotId> {
        self.tracked.then(|| lot_code(self.context.calendar, day, receipt_no))
    }
}

/// The SKU's stock at the location and what is on its way to it.
struct Stock {
    shelf: Shelf,
    /// Quantity still expected per order placed, and their sum.
    on_order: Vec<f64>,
    on_order_total: f64,
    deliveries: Vec<Delivery>,
    /// Receipts so far, numbering the lot codes.
    receipt_counter: u32,
}

impl Stock {
    fn next_receipt_no(&mut self) -> u32 {
        self.receipt_counter += 1;
        self.receipt_counter
    }

    /// The stock position the buyer reviews: unexpired stock plus open orders.
    fn position(&self, day: i64) -> f64 {
        self.shelf.unexpired(day) + self.on_order_total
    }

    /// Count a new order as on order; returns its slot.
    fn expect(&mut self, quantity: f64) -> usize {
        let slot = self.on_order.len();
        self.on_order.push(quantity);
        self.on_order_total += quantity;
        slot
    }

    /// Put the deliveries due on `day` on the shelf and take them off order;
    /// a last delivery closes its order, whatever is still missing.
    fn receive_due(&mut self, day: i64, release: i64) {
        if !self.deliveries.iter().any(|delivery| delivery.day == day) {
            return;
        }
        let mut idx = 0;
        while idx < self.deliveries.len() {
            if self.deliveries[idx].day != day {
                idx += 1;
                continue;
            }
            let delivery = self.deliveries.swap_remove(idx);
            let open = self.on_order[delivery.order];
            let still_open = if delivery.last { 0.0 } else { (open - delivery.received).max(0.0) };
            self.on_order_total += still_open - open;
            self.on_order[delivery.order] = still_open;
            self.shelf.put(Lot {
                quantity: delivery.accepted,
                expiry: delivery.expiry,
                release,
                received: day,
                code: delivery.lot,
            });
        }
    }
}

/// What the history records: each channel's sales per day, its promotion
/// days, and the stockout days of the SKU at the location.
struct Sales {
    quantity: Vec<Vec<f32>>,
    promo: Vec<DayFlags>,
    stockout: DayFlags,
    /// Business demand left unserved since the last day without a stockout:
    /// today's backorders, if today is out of stock.
    unmet_business_run: f64,
}

/// Weekly AR(1) level noise: demand drifts in spells, not only day to day.
struct LevelNoise {
    log: f64,
    factor: f64,
}

impl LevelNoise {
    fn next_week(&mut self, rng: &mut Rng) {
        self.log = 0.6 * self.log + rng.normal_with(0.0, 0.12);
        self.factor = libm::exp(self.log);
    }
}

/// How a supplier falls short on one order: the first delivery's quantity,
/// and either a later day for the balance or the order closed short.
struct Shortfall {
    first: f64,
    split_day: Option<i64>,
    closed_short: bool,
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
    let setup = Setup::new(context, sku_idx, plan, profile, location_idx);
    let mut rng = Rng::keyed(context.seed, &[tag::SIMULATION, sku_idx as u64, location_idx as u64]);
    let history = context.calendar.today;
    let n_channels = setup.channels.len();
    let mut stock = Stock {
        shelf: Shelf { lots: Vec::new(), tracked: setup.tracked },
        on_order: Vec::new(),
        on_order_total: 0.0,
        deliveries: Vec::new(),
        receipt_counter: 0,
    };
    let mut sales = Sales {
        quantity: vec![vec![0.0f32; history]; n_channels],
        promo: vec![DayFlags::default(); n_channels],
        stockout: DayFlags::default(),
        unmet_business_run: 0.0,
    };
    open_stock(&setup, &mut stock, &mut rng);

    let mut noise = LevelNoise { log: 0.0, factor: 1.0 };
    let mut demand = vec![0.0; n_channels];
    for day_idx in 0..history {
        let day = day_idx as i64;
        if day_idx % 7 == 0 {
            noise.next_week(&mut rng);
        }
        if context.calendar.is_month_start(day_idx) {
            stock.shelf.write_off_expired(day);
        }
        stock.receive_due(day, setup.release_day(day));
        let wanted = draw_demand(&setup, day_idx, noise.factor, &mut rng, &mut demand);
        serve(&setup, day_idx, &demand, wanted, &mut stock.shelf, &mut sales);
        if let Some(order) = review_stock(&setup, day, &mut stock, &mut rng) {
            orders.push(order);
        }
    }

    let lots = closing_lots(&setup, &stock.shelf, location);
    let commitment = closing_commitment(&setup, &stock.shelf, &sales, location, &mut rng);
    let series = recorded_series(&setup, sales, location);
    Outcome { series, lots, commitment }
}

/// Opening stock, somewhere in the order cycle: between the reorder point and
/// one cover (or MOQ) above it. Lot-tracked stock opens as two lots, an older
/// and a newer one. A SKU launched later opens empty.
fn open_stock(setup: &Setup, stock: &mut Stock, rng: &mut Rng) {
    let plan = setup.plan;
    if plan.launch_day.is_some_and(|launch| launch > 0) {
        return;
    }
    let Some(source) = plan.sourcing_on(0) else { return };
    let supplier = &setup.context.suppliers[source.supplier];
    let levels = setup.order_levels(0, i64::from(supplier.profile.lead_time_days), i64::from(supplier.review_days));
    let opening = libm::ceil(levels.reorder_point + rng.uniform() * levels.cover.max(source.moq));
    let older = if setup.tracked { libm::floor(opening * 0.6) } else { opening };
    for amount in [older, opening - older] {
        if amount <= 0.0 {
            continue;
        }
        let received = -rng.between(1, setup.shelf_life.map_or(60, |days| (days / 3).clamp(1, 60)));
        let expiry = setup.shelf_life.map(|days| received + days * rng.between(60, 95) / 100);
        let receipt_no = stock.next_receipt_no();
        stock.shelf.put(Lot {
            quantity: amount,
            expiry,
            release: received,
            received,
            code: setup.lot_code(received, receipt_no),
        });
    }
}

/// Each channel's demand on `day_idx` into `demand`; returns their total.
fn draw_demand(setup: &Setup, day_idx: usize, noise: f64, rng: &mut Rng, demand: &mut [f64]) -> f64 {
    let profile = setup.profile;
    let level = profile.level[day_idx];
    let weekday = setup.context.calendar.weekday(day_idx as i64);
    let mut wanted = 0.0;
    for (channel_idx, channel) in setup.channels.iter().enumerate() {
        let mut rate = setup.base * channel.share * level * channel.rhythm[weekday as usize] * noise;
        if !channel.business {
            rate *= profile.promotion_factor(day_idx);
        }
        demand[channel_idx] = draw_units(setup.context.poisson, profile.order_size, rate, rng);
        wanted += demand[channel_idx];
    }
    wanted
}

/// Units asked for in one day at a mean of `rate`: Poisson, or with an
/// `order_size`, at most one order a day of one plus Poisson(size − 1) units.
fn draw_units(poisson: &PoissonTable, order_size: Option<f64>, rate: f64, rng: &mut Rng) -> f64 {
    match order_size {
        _ if rate <= 0.0 => 0.0,
        Some(size) => {
            if rng.bernoulli((rate / size).min(0.95)) {
                1.0 + poisson.sample(rng, size - 1.0) as f64
            } else {
                0.0
            }
        }
        None => poisson.sample(rng, rate) as f64,
    }
}

/// Serve the day's demand from usable stock, channels in order, and record
/// what was sold; a day in the SKU's life that could not serve everything is
/// a stockout, and unserved business demand waits as backorders.
fn serve(setup: &Setup, day_idx: usize, demand: &[f64], wanted: f64, shelf: &mut Shelf, sales: &mut Sales) {
    let in_life = setup.profile.level[day_idx] > 0.0;
    let promotion_day = setup.profile.is_promotion_day(day_idx);
    let (usable, served) = shelf.take(day_idx as i64, wanted);
    let mut left = served;
    let mut unmet_business = 0.0;
    for (channel_idx, channel) in setup.channels.iter().enumerate() {
        let sold = demand[channel_idx].min(left);
        left -= sold;
        sales.quantity[channel_idx][day_idx] = sold as f32;
        if channel.business {
            unmet_business += demand[channel_idx] - sold;
        } else if promotion_day && in_life {
            sales.promo[channel_idx].set(day_idx, true);
        }
    }
    if in_life && (usable <= 0.0 || served < wanted) {
        sales.stockout.set(day_idx, true);
        sales.unmet_business_run += unmet_business;
    } else {
        sales.unmet_business_run = 0.0;
    }
}

/// The buyer's review on `day`: on an order day, when the stock position is
/// at or below the reorder point, order up to it plus the cover, in whole
/// packs and at least the MOQ. Returns the order line if it is recorded.
fn review_stock(setup: &Setup, day: i64, stock: &mut Stock, rng: &mut Rng) -> Option<OrderEvent> {
    let source = setup.plan.sourcing_on(day)?;
    let supplier = &setup.context.suppliers[source.supplier];
    if !setup.may_order(source, supplier, day) {
        return None;
    }
    let lead_time = i64::from(supplier.profile.lead_time_days);
    let levels = setup.order_levels(day, lead_time, i64::from(supplier.review_days));
    let position = stock.position(day);
    if levels.reorder_point <= 0.0 || position > levels.reorder_point {
        return None;
    }
    let order_quantity = ceil_to(levels.reorder_point + levels.cover - position, source.pack).max(source.moq);
    place_order(setup, day, source, supplier, order_quantity, stock, rng)
}

/// Place an order: draw when it arrives and how the supplier falls short,
/// plan its deliveries, price it. Returns the order line unless it is one of
/// the old, fully received orders that are simulated but not recorded.
fn place_order(
    setup: &Setup,
    day: i64,
    source: &Sourcing,
    supplier: &SupplierPlan,
    order_quantity: f64,
    stock: &mut Stock,
    rng: &mut Rng,
) -> Option<OrderEvent> {
    let context = setup.context;
    let timing = po_timing(context.seed, context.calendar, supplier, source.supplier, setup.location_idx, day);
    let shortfall = draw_shortfall(setup, supplier, source, order_quantity, timing.arrival, rng);
    let order_slot = stock.expect(order_quantity);
    let parts =
        [(timing.arrival, shortfall.first), (shortfall.split_day.unwrap_or(0), order_quantity - shortfall.first)];
    let n_parts = if shortfall.split_day.is_some() { 2 } else { 1 };
    let mut receipts = Vec::with_capacity(2);
    for (part_idx, &(arrival, received)) in parts.iter().take(n_parts).enumerate() {
        let receipt_no = stock.next_receipt_no();
        let receipt = draw_receipt(setup, arrival, received, receipt_no, rng);
        stock.deliveries.push(Delivery {
            day: arrival,
            order: order_slot,
            received,
            accepted: received - receipt.rejected,
            lot: receipt.lot.clone(),
            expiry: receipt.expiry,
            last: part_idx + 1 == n_parts,
        });
        receipts.push(receipt);
    }
    let unit_price = historic_unit_price(source, order_quantity, setup.today(), day);
    let still_open = receipts.iter().any(|receipt| receipt.day >= setup.today());
    if day < context.record_orders_from && !still_open {
        return None;
    }
    Some(OrderEvent {
        approved: day,
        supplier: source.supplier,
        location: setup.location_idx,
        sku: setup.sku_idx,
        quantity: order_quantity,
        unit_price,
        receipts,
        closed_short: shortfall.closed_short,
    })
}

/// Whether the supplier delivers only part of an order (the unreliable one
/// four times as often), and then whether the balance follows 3 to 10 days
/// later or never.
fn draw_shortfall(
    setup: &Setup,
    supplier: &SupplierPlan,
    source: &Sourcing,
    order_quantity: f64,
    arrival: i64,
    rng: &mut Rng,
) -> Shortfall {
    let short_probability = match supplier.profile.reliability {
        Reliability::Reliable => 0.03,
        Reliability::Unreliable => 0.12,
    };
    let mut shortfall = Shortfall { first: order_quantity, split_day: None, closed_short: false };
    if rng.bernoulli(short_probability) {
        let part = libm::floor(order_quantity * rng.uniform_in(0.5, 0.9) / source.pack) * source.pack;
        if part >= source.pack && part < order_quantity {
            shortfall.first = part;
            if rng.bernoulli(0.5) {
                shortfall.split_day = Some(setup.context.calendar.workday_on_or_after(arrival + rng.between(3, 10)));
            } else {
                shortfall.closed_short = true;
            }
        }
    }
    shortfall
}

/// One delivery of `received` units on `arrival`: now and then part of it is
/// rejected, and rarely it is short-dated and refused whole.
fn draw_receipt(setup: &Setup, arrival: i64, received: f64, receipt_no: u32, rng: &mut Rng) -> PlannedReceipt {
    let min_remaining = setup.min_remaining;
    let mut rejected =
        if rng.bernoulli(0.03) { libm::ceil(received * rng.uniform_in(0.02, 0.15)).min(received) } else { 0.0 };
    let expiry = setup.shelf_life.map(|days| {
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
    PlannedReceipt { day: arrival, received, rejected, lot: setup.lot_code(arrival, receipt_no), expiry }
}

/// Today's price for the quantity, less the yearly drift back to `day`.
fn historic_unit_price(source: &Sourcing, order_quantity: f64, today: i64, day: i64) -> Decimal {
    let drift_bp = PRICE_DRIFT_BP_PER_YEAR * (today - day) / 365;
    round_price(source.price_for(order_quantity) * Decimal::new(10_000 - drift_bp, 4))
}

/// The lots left on the shelf at the end, as stock lots; those still waiting
/// for release are in quarantine.
fn closing_lots(setup: &Setup, shelf: &Shelf, location: &LocationId) -> Vec<StockLot> {
    let calendar = setup.context.calendar;
    let today = setup.today();
    shelf
        .lots
        .iter()
        .filter(|lot| lot.quantity > 0.0)
        .map(|lot| StockLot {
            sku: setup.plan.sku.id.clone(),
            location: location.clone(),
            lot: lot.code.clone().unwrap_or_default(),
            quantity: lot.quantity,
            received: setup.tracked.then(|| calendar.date(lot.received)),
            expiry: lot.expiry.map(|day| calendar.date(day)),
            quarantine: lot.release >= today,
        })
        .collect()
}

/// Business customers' backorders, if the last day was out of stock, and now
/// and then some usable stock allocated to their orders.
fn closing_commitment(
    setup: &Setup,
    shelf: &Shelf,
    sales: &Sales,
    location: &LocationId,
    rng: &mut Rng,
) -> Option<StockCommitment> {
    let history = setup.context.calendar.today;
    let business = setup.channels.iter().any(|channel| channel.business);
    let last_day_out = history > 0 && sales.stockout.get(history - 1);
    let backorders = if business && last_day_out { sales.unmet_business_run } else { 0.0 };
    let usable_today = shelf.usable(setup.today());
    let allocated = if business && usable_today >= 2.0 && rng.bernoulli(0.1) {
        libm::floor(usable_today * rng.uniform_in(0.1, 0.4)).max(1.0)
    } else {
        0.0
    };
    (backorders > 0.0 || allocated > 0.0).then(|| StockCommitment {
        sku: setup.plan.sku.id.clone(),
        location: location.clone(),
        backorders,
        allocated,
    })
}

/// Each channel's sales history as a demand series, trimmed.
fn recorded_series(setup: &Setup, sales: Sales, location: &LocationId) -> Vec<DemandSeries> {
    let Sales { quantity, promo, stockout, .. } = sales;
    let sku = &setup.plan.sku.id;
    setup
        .channels
        .iter()
        .zip(quantity)
        .zip(promo)
        .filter_map(|((channel, quantity), promo)| {
            let key = SeriesKey { sku: sku.clone(), location: location.clone(), channel: channel.name.to_owned() };
            trimmed_series(key, setup.context.calendar.start, quantity, &promo, &stockout)
        })
        .collect()
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
    let mut series = DemandSeries::new(key, start);
    (series.quantity, series.promo, series.stockout) = (quantity, promo, stockout);
    Some(series)
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
        let mut model = DemandSeries::new(key.clone(), start);
        (model.quantity, model.promo, model.stockout) = (quantity, promo, stockout);
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
