//! The sample workspace: a made-up but plausible distributor, generated in
//! code from a seed, so a consultant can demo the planner without anyone's
//! data and tests and benchmarks have a workspace of any size.
//!
//! The same spec always gives the same workspace, bit for bit, natively and in
//! WebAssembly: randomness comes from the crate's own seeded generator
//! (`rng`), transcendental functions from `libm`'s software implementations,
//! money from integer cents and `Decimal`, and nothing is iterated in hash
//! order. Each SKU and each SKU × location draws from its own keyed stream, so
//! one part of the sample never shifts because another drew more numbers.
//!
//! The history is not painted day by day at random: every SKU × location is
//! *simulated*. A buyer reviews stock with a reorder point, places orders on
//! the supplier's order days, the supplier delivers late, short or on time
//! according to its character, perishable lots expire and are written off,
//! and customers buy what is on the shelf. So stockouts, censored demand,
//! receipts, lots, open orders and the closing stock all agree with each
//! other, and the unreliable supplier's items run out more often, as they
//! would. The simulated buyer stopped ordering a few days before today (the
//! last planning run was last week), which leaves a minority of items below
//! their reorder point for the planner to find.
//!
//! What the demo holds, so every screen has something to show: 300 SKUs in 8
//! families at 3 locations, sold through web, marketplace and b2b channels;
//! steady, seasonal, trending, intermittent and promoted demand, with
//! promotion days flagged and stockout days flagged (their demand censored);
//! 12 suppliers, preferred, approved and one restricted, billing in EUR, GBP
//! and USD, one of them late more often than not; offers with all-units price
//! breaks, MOQs and cases, pallets or single units, two or more for most
//! SKUs; contracts, one ending within about five weeks and one due for its
//! price review within three; perishable lots, some expired, some expiring
//! soon, a few in quality quarantine; open orders (some overdue, some part
//! received), a draft, one awaiting approval and one cancelled; two years of
//! receipts with late, short, split and rejected deliveries; backorders and
//! allocations; a delisted SKU, one nobody offers any more, three launched
//! after today and one launched seven weeks ago; budgets per family for six
//! months and two min/max overrides; a weight for every SKU, one supplier
//! that spreads its freight by weight, a log for every order (who drafted,
//! submitted, approved, sent, received, closed or cancelled it, and when),
//! and one fortnightly standing order with two lines.
//!
//! - `names`: the vocabulary (families, product lines, supplier profiles).
//! - `catalog`: SKUs, suppliers, offers with price breaks, contracts.
//! - `demand`: each SKU's demand shape over time.
//! - `simulate`: the day-by-day simulation of one SKU at one location.
//! - `purchasing`: purchase orders and receipts from the simulated orders.
//! - `po_log`: every order's log, told from its dates.
//! - `tables`: exchange rates, budgets, min/max overrides, the standing order.

mod catalog;
mod demand;
mod names;
mod po_log;
mod purchasing;
pub mod rng;
mod simulate;
mod tables;

use chrono::{Datelike, Days, NaiveDate};
use rust_decimal::Decimal;

use crate::model::{DemandHistory, Settings, Sorted, Workspace};

/// What to generate. Everything is relative to `today`; the engine never
/// reads the clock.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SampleSpec {
    pub seed: u64,
    /// The planning date: history ends the day before.
    pub today: NaiveDate,
    pub n_skus: usize,
    /// The first three are named warehouses; more are regional depots.
    pub n_locations: usize,
    /// The first twelve have distinct characters; more repeat them as branches.
    pub n_suppliers: usize,
    /// Days of demand history, ending the day before `today`.
    pub history_days: u32,
}

/// The seed of the consultant demo. Any fixed number would do; changing it
/// changes every number in the demo, so screenshots and golden files follow it.
pub const DEMO_SEED: u64 = 0x5EED_0001;

impl SampleSpec {
    /// The consultant demo: 300 SKUs in 8 families, 3 locations, 12
    /// suppliers, two years of daily history.
    pub fn demo(today: NaiveDate) -> Self {
        Self { seed: DEMO_SEED, today, n_skus: 300, n_locations: 3, n_suppliers: 12, history_days: 730 }
    }
}

/// The consultant demo workspace for `today`.
pub fn demo(today: NaiveDate) -> Workspace {
    generate(&SampleSpec::demo(today))
}

/// Generate the workspace `spec` describes. Zero counts give empty tables
/// rather than a panic (no suppliers: no offers and no orders; no history: no
/// demand).
pub fn generate(spec: &SampleSpec) -> Workspace {
    let calendar = Calendar::new(spec.today, spec.history_days);
    let currency_rates = tables::currency_rates(spec, &calendar);
    let suppliers = catalog::suppliers(spec, &calendar, &currency_rates);
    let skus = catalog::skus(spec, &calendar, &suppliers);
    let locations = catalog::locations(spec.n_locations);

    let mut series = Vec::new();
    let mut stock_lots = Vec::new();
    let mut commitments = Vec::new();
    let mut orders = Vec::new();
    let poisson = rng::PoissonTable::new();
    let context = simulate::Context {
        seed: spec.seed,
        calendar: &calendar,
        suppliers: &suppliers,
        poisson: &poisson,
        record_orders_from: order_history_start(spec, &calendar),
    };
    for (sku_idx, plan) in skus.iter().enumerate() {
        let profile = demand::profile(spec.seed, sku_idx, plan, &calendar);
        for (location_idx, location) in locations.iter().enumerate() {
            let outcome =
                simulate::simulate(&context, sku_idx, plan, &profile, location_idx, &location.id, &mut orders);
            series.extend(outcome.series);
            stock_lots.extend(outcome.lots);
            commitments.extend(outcome.commitment);
        }
    }
    crate::sorting::sort_by(&mut series, |a, b| a.key.cmp(&b.key));

    let mut purchase_orders = purchasing::purchase_orders(spec.seed, &calendar, &suppliers, &skus, &locations, orders);
    purchase_orders.extend(purchasing::unapproved_and_cancelled_orders(
        &calendar,
        &suppliers,
        &skus,
        &locations,
        &purchase_orders,
    ));

    let settings = Settings::default();
    for order in &mut purchase_orders {
        let rate = suppliers.iter().find(|s| s.supplier.id == order.supplier).map_or(Decimal::ONE, |s| s.rate_to_base);
        order.log = po_log::po_log(spec.seed, order, order.value() * rate, &settings);
    }
    let recurring_orders = tables::recurring_orders(&calendar, &skus, &suppliers, &locations);

    let budgets = tables::budgets(spec, &calendar, &skus, &locations);
    let min_max_overrides = tables::min_max_overrides(&skus, &locations);
    let offers = skus.iter().flat_map(|plan| catalog::offers(plan, &suppliers)).collect();
    let contracts = suppliers.iter().filter_map(|s| s.contract.clone()).collect();

    Workspace {
        settings,
        locations: Sorted::from_vec(locations),
        skus: skus.into_iter().map(|plan| plan.sku).collect(),
        suppliers: suppliers.into_iter().map(|s| s.supplier).collect(),
        offers,
        contracts,
        stock_lots: Sorted::from_vec(stock_lots),
        commitments: Sorted::from_vec(commitments),
        demand: DemandHistory { series },
        purchase_orders: Sorted::from_vec(purchase_orders),
        currency_rates: Sorted::from_vec(currency_rates),
        budgets: Sorted::from_vec(budgets),
        min_max_overrides: Sorted::from_vec(min_max_overrides),
        // The demo carries no forecast inputs: its history speaks for itself,
        // and the forecasting backtests are measured on it as it is.
        forecast_pins: Sorted::default(),
        forecast_overrides: Sorted::default(),
        promotions: Sorted::default(),
        launches: Sorted::default(),
        recurring_orders: recurring_orders.into_iter().collect(),
        // The demo's data came in as Stockpilot's own tables: no other
        // system's export, so no mapping of one.
        mapping_presets: Sorted::default(),
    }
}

/// Closed order lines a sample keeps at most, about: a buyer's export of
/// purchase history covers the recent past, and a 100,000-SKU benchmark
/// does not need millions of receipts to measure lead times.
const ORDER_LINE_BUDGET: usize = 250_000;

/// The first day whose closed orders are kept. The simulated buyer places
/// about one line per SKU × location a month, so the window is as many
/// months as the budget allows: the whole history for the demo (900 SKU ×
/// locations), about eight months at 10,000 × 3, the 90-day floor at
/// 100,000 × 1. Open orders are always kept.
fn order_history_start(spec: &SampleSpec, calendar: &Calendar) -> i64 {
    let sku_locations = (spec.n_skus * spec.n_locations).max(1);
    let days = (ORDER_LINE_BUDGET / sku_locations).saturating_mul(30).max(90);
    calendar.today as i64 - days.min(calendar.today) as i64
}

/// Keys of the independent random streams, one per purpose.
mod tag {
    pub const SUPPLIER: u64 = 1;
    pub const SKU: u64 = 2;
    pub const SHAPE: u64 = 3;
    pub const SIMULATION: u64 = 4;
    pub const PURCHASE_ORDER: u64 = 5;
    pub const RATES: u64 = 6;
    pub const BUDGET: u64 = 7;
    pub const PO_LOG: u64 = 8;
}

/// Days beyond today the demand profile is known for: enough for the longest
/// lead time plus review period plus cover the simulated buyer plans over.
const FORWARD_DAYS: usize = 160;

/// Day numbers: day 0 is the first day of history, day `today` is today.
/// Precomputes the per-day facts the simulation asks for millions of times.
pub(crate) struct Calendar {
    pub start: NaiveDate,
    pub today: usize,
    /// `today + FORWARD_DAYS`: the length of every profile.
    pub horizon: usize,
    first_weekday: u32,
    day_of_year: Vec<u16>,
    month_start: Vec<bool>,
}

impl Calendar {
    fn new(today: NaiveDate, history_days: u32) -> Self {
        let start = today.checked_sub_days(Days::new(u64::from(history_days))).unwrap_or(today);
        let today_idx = (today - start).num_days() as usize;
        let horizon = today_idx + FORWARD_DAYS;
        let mut day_of_year = Vec::with_capacity(horizon);
        let mut month_start = Vec::with_capacity(horizon);
        let mut date = start;
        for _ in 0..horizon {
            day_of_year.push(date.ordinal0() as u16);
            month_start.push(date.day() == 1);
            date = date.succ_opt().unwrap_or(date);
        }
        Self {
            start,
            today: today_idx,
            horizon,
            first_weekday: start.weekday().num_days_from_monday(),
            day_of_year,
            month_start,
        }
    }

    pub fn date(&self, day: i64) -> NaiveDate {
        if day >= 0 {
            self.start.checked_add_days(Days::new(day as u64)).unwrap_or(self.start)
        } else {
            self.start.checked_sub_days(Days::new(day.unsigned_abs())).unwrap_or(self.start)
        }
    }

    /// 0 = Monday … 6 = Sunday.
    pub fn weekday(&self, day: i64) -> u32 {
        (i64::from(self.first_weekday) + day).rem_euclid(7) as u32
    }

    /// 0-based day of the year, for days within the horizon.
    pub fn day_of_year(&self, day: usize) -> u16 {
        self.day_of_year[day]
    }

    pub fn is_month_start(&self, day: usize) -> bool {
        self.month_start[day]
    }

    /// Deliveries and promises fall on working days: a Saturday or Sunday
    /// moves to the Monday after.
    pub fn workday_on_or_after(&self, day: i64) -> i64 {
        match self.weekday(day) {
            5 => day + 2,
            6 => day + 1,
            _ => day,
        }
    }

    pub fn is_order_day(&self, weekdays: u8, day: i64) -> bool {
        weekdays >> self.weekday(day) & 1 == 1
    }
}
