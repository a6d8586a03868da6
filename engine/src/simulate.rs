//! A day-by-day inventory simulator for one SKU × location (issue 9, section
//! 2, the policy lab): a pure, deterministic function from a demand series, a
//! start position, a replenishment policy and a lead-time source to what
//! would have happened, day by day.
//!
//! It decides with the planner's own rules (`plan::continuous_review_order`,
//! `plan::order_up_to_order`), rounds orders with the planner's own ordering
//! rules when given (`plan::order_quantity::OrderingTerms::round`: MOQ, first
//! price break, pack and purchase-unit step, minimum order value), and its
//! achieved fill rate and stockout rate are `kpi::unit_fill_rate` and
//! `kpi::stockout_rate` over its days, so each formula exists once.
//!
//! # Conventions
//!
//! Days are numbered 0, 1, … from the first day of `demand`. One day runs in
//! this order:
//! 1. **Review.** The inventory position is on hand + on order − backorders
//!    (as `plan::inventory` defines it); the policy may place an order. For
//!    continuous review every day is a review day; for periodic review the
//!    days 0, R, 2R, …. The position is the same before and after the day's
//!    receipts are booked (a receipt moves units from on order to on hand),
//!    so placing the review before them changes nothing but lets a lead time
//!    of 0 days arrive the same day.
//! 2. **Receipts.** Every order due today is booked on hand; backorders, if
//!    unmet demand is backordered, are shipped from it first, oldest first.
//! 3. **Demand.** The day's demand is served from on hand; what cannot be is
//!    lost or backordered (`UnmetDemand`).
//!
//! The recorded on hand, on order and backorders are those at the end of the
//! day, after its demand. So an order placed on day t with a lead time of L
//! days arrives at the start of day t + L and can serve that day's demand:
//! the stock on hand at the review has to cover the demand of days t … t + L
//! − 1, exactly L days. That is the planner's lead-time demand: the planner
//! runs on `today` with the demand up to yesterday (`plan::demand` reads only
//! days before today) and protects the demand over the L days from today
//! (`PairInputs::demand_over`), and a measured lead time is the receipt date
//! minus the order date (`plan::lead_time`): ordered on the morning of day t,
//! received on the morning of day t + L.
//!
//! Because the review sees the position only once a day, it finds it at or
//! below the reorder point by however much the last day's demand carried it
//! past (the undershoot); an order is placed from there, as the planner run
//! each morning would place it.
//!
//! **Fulfilled** is what was shipped from stock on the day it was demanded, so
//! it is never more than the day's demand (`kpi::PeriodDemand`); a backorder
//! shipped later counts in `SimulationTotals::backorders_filled`, not as
//! fulfilled: the fill rate is the share of demand met from stock on the day
//! (the β or P2 measure). A **stockout day** is a day with fulfilled below
//! demanded.
//!
//! A **replenishment cycle** runs from a day on which a receipt arrives to the
//! day before the next day on which one arrives (Chopra & Meindl: the cycle
//! service level is the fraction of replenishment cycles that end with all
//! customer demand met). A cycle has a stockout when any of its days is a
//! stockout day. The days before the first receipt are not a cycle (they live
//! on the start position, not on a replenishment), nor are the days after the
//! last one (the cycle has not ended). Achieved cycle service level = 1 −
//! cycles with a stockout ÷ cycles.
//!
//! **Lead times** are either fixed or drawn, for each order in the order they
//! are placed, uniformly from a list of observed lead times (a bootstrap of
//! the empirical distribution) by a generator seeded with the given seed
//! (`sample::rng::Rng`, xoshiro256** with integer-only draws, so native and
//! Wasm runs agree). The k-th order gets the k-th draw, so two policies run
//! with the same seed face the same sequence of lead times. Orders may cross.
//!
//! Refused, as a `SimulationError` (nothing is clamped): a demand or start
//! on hand that is negative, NaN or infinite; a reorder point or order-up-to
//! level that is not finite; an order quantity that is not finite or not
//! above 0; a review period of 0 days; an empty list of observed lead times;
//! ordering terms without a price tier; more than `u32::MAX` days. A negative
//! reorder point is accepted (the planner's expert setting can allow a
//! negative safety stock); under lost sales the position never falls below 0,
//! so such a policy never orders.

use serde::{Deserialize, Serialize};

use crate::kpi::{self, PeriodDemand};
use crate::plan::order_quantity::OrderingTerms;
use crate::plan::{continuous_review_order, order_up_to_order};
use crate::sample::rng::Rng;

/// How the simulated buyer replenishes.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum ReplenishmentPolicy {
    /// (s, Q): every day, at or below `reorder_point`, order as many
    /// `order_quantity` as lift the position above it.
    ContinuousReview { reorder_point: f64, order_quantity: f64 },
    /// (R, S): on days 0, R, 2R, …, below `order_up_to`, order up to it.
    PeriodicReview { review_period_days: u32, order_up_to: f64 },
}

/// Where the lead time of each order comes from.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum LeadTimes<'a> {
    Fixed {
        days: u32,
    },
    /// Each order's lead time drawn uniformly from `observed_days` with a
    /// generator seeded by `seed` (module documentation).
    Drawn {
        observed_days: &'a [u32],
        seed: u64,
    },
}

/// What happens to demand that stock cannot meet on the day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum UnmetDemand {
    Lost,
    /// Carried and shipped first from the next receipts.
    Backordered,
}

/// Everything one run needs.
#[derive(Clone, Copy, Debug)]
pub struct SimulationInputs<'a> {
    /// Demand per day, day 0 first.
    pub demand: &'a [f64],
    /// On hand at the start of day 0, nothing on order, no backorders.
    pub start_on_hand: f64,
    pub policy: ReplenishmentPolicy,
    /// The supplier's ordering rules applied to every order the policy asks
    /// for (`OrderingTerms::round`); `None` orders exactly what it asks.
    pub ordering: Option<&'a OrderingTerms>,
    pub lead_times: LeadTimes<'a>,
    pub unmet: UnmetDemand,
}

/// One order the simulation placed.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct SimulatedOrder {
    /// The day it was placed (at that day's review).
    pub day: u32,
    /// What the policy asked for.
    pub requested: f64,
    /// After the ordering rules.
    pub quantity: f64,
    pub lead_time_days: u32,
    /// `day + lead_time_days`: received at the start of that day, which may
    /// lie beyond the last simulated day (still on order at the end).
    pub arrival_day: u64,
}

/// The run's totals.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct SimulationTotals {
    pub demanded: f64,
    /// Shipped from stock on the day demanded (never more than that day's demand).
    pub fulfilled: f64,
    /// Demand lost (0 when unmet demand is backordered).
    pub lost: f64,
    /// Backorders shipped from later receipts.
    pub backorders_filled: f64,
    /// Backorders still open at the end of the last day.
    pub backordered_at_end: f64,
    pub stockout_days: u32,
    /// Replenishment cycles completed, and those with a stockout day (module documentation).
    pub cycles: u32,
    pub cycles_with_stockout: u32,
    pub orders_placed: u32,
    pub units_ordered: f64,
    pub units_received: f64,
    /// Mean and largest end-of-day on hand; `None` for a run of no days.
    pub average_on_hand: Option<f64>,
    pub peak_on_hand: Option<f64>,
}

/// What happened, day by day: every vector has one entry per day of demand.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Simulation {
    /// Demanded and fulfilled per day.
    pub days: Vec<PeriodDemand>,
    /// End of day.
    pub on_hand: Vec<f64>,
    pub on_order: Vec<f64>,
    pub backordered: Vec<f64>,
    pub orders: Vec<SimulatedOrder>,
    pub totals: SimulationTotals,
}

impl Simulation {
    /// Achieved unit fill rate, `kpi::unit_fill_rate` over the days; `None`
    /// when nothing was demanded.
    pub fn fill_rate(&self) -> Option<f64> {
        kpi::unit_fill_rate(&self.days).expect("a simulation's days are finite and not negative")
    }

    /// Share of days with a stockout, `kpi::stockout_rate` over the days;
    /// `None` for a run of no days.
    pub fn stockout_rate(&self) -> Option<f64> {
        kpi::stockout_rate(&self.days).expect("a simulation's days are finite and not negative")
    }

    /// Achieved cycle service level, 1 − cycles with a stockout ÷ cycles;
    /// `None` when no cycle was completed.
    pub fn cycle_service_level(&self) -> Option<f64> {
        let totals = &self.totals;
        (totals.cycles > 0).then(|| 1.0 - f64::from(totals.cycles_with_stockout) / f64::from(totals.cycles))
    }
}

/// Why a simulation refused its inputs.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum SimulationError {
    #[error("day {day}: demand is {value}; demand must be a finite number, 0 or more")]
    InvalidDemand { day: usize, value: f64 },
    #[error("the start on hand is {value}; it must be a finite number, 0 or more")]
    InvalidStartOnHand { value: f64 },
    #[error("the reorder point is {value}; it must be a finite number")]
    InvalidReorderPoint { value: f64 },
    #[error("the order quantity is {value}; it must be a finite number above 0")]
    InvalidOrderQuantity { value: f64 },
    #[error("the order-up-to level is {value}; it must be a finite number")]
    InvalidOrderUpTo { value: f64 },
    #[error("the review period is 0 days; it must be at least 1")]
    ZeroReviewPeriod,
    #[error("no observed lead times were given to draw from")]
    NoLeadTimes,
    #[error("the ordering terms have no price tier")]
    NoPriceTier,
    #[error("{days} days of demand; a simulation holds at most {max}", max = u32::MAX)]
    TooManyDays { days: usize },
}

fn check(inputs: &SimulationInputs) -> Result<(), SimulationError> {
    if inputs.demand.len() > u32::MAX as usize {
        return Err(SimulationError::TooManyDays { days: inputs.demand.len() });
    }
    if let Some((day, &value)) = inputs.demand.iter().enumerate().find(|(_, v)| !(v.is_finite() && **v >= 0.0)) {
        return Err(SimulationError::InvalidDemand { day, value });
    }
    let start = inputs.start_on_hand;
    if !(start.is_finite() && start >= 0.0) {
        return Err(SimulationError::InvalidStartOnHand { value: start });
    }
    match inputs.policy {
        ReplenishmentPolicy::ContinuousReview { reorder_point, order_quantity } => {
            if !reorder_point.is_finite() {
                return Err(SimulationError::InvalidReorderPoint { value: reorder_point });
            }
            if !(order_quantity.is_finite() && order_quantity > 0.0) {
                return Err(SimulationError::InvalidOrderQuantity { value: order_quantity });
            }
        }
        ReplenishmentPolicy::PeriodicReview { review_period_days, order_up_to } => {
            if review_period_days == 0 {
                return Err(SimulationError::ZeroReviewPeriod);
            }
            if !order_up_to.is_finite() {
                return Err(SimulationError::InvalidOrderUpTo { value: order_up_to });
            }
        }
    }
    if let LeadTimes::Drawn { observed_days: [], .. } = inputs.lead_times {
        return Err(SimulationError::NoLeadTimes);
    }
    if inputs.ordering.is_some_and(|terms| terms.tiers.is_empty()) {
        return Err(SimulationError::NoPriceTier);
    }
    Ok(())
}

/// The lead time of each order in turn.
enum LeadTimeStream<'a> {
    Fixed(u32),
    Drawn(&'a [u32], Rng),
}

impl LeadTimeStream<'_> {
    fn next(&mut self) -> u32 {
        match self {
            LeadTimeStream::Fixed(days) => *days,
            LeadTimeStream::Drawn(observed, rng) => observed[rng.index(observed.len())],
        }
    }
}

/// What the policy asks for at day `day`'s review, before the ordering rules.
fn requested(policy: ReplenishmentPolicy, day: usize, position: f64) -> Option<f64> {
    match policy {
        ReplenishmentPolicy::ContinuousReview { reorder_point, order_quantity } => {
            continuous_review_order(position, reorder_point, order_quantity).map(|(quantity, _)| quantity)
        }
        ReplenishmentPolicy::PeriodicReview { review_period_days, order_up_to } => {
            if day.is_multiple_of(review_period_days as usize) {
                order_up_to_order(position, order_up_to)
            } else {
                None
            }
        }
    }
}

/// The running state of a simulation.
struct State {
    on_hand: f64,
    backordered: f64,
    /// (arrival day, quantity) of orders not yet received.
    pending: Vec<(u64, f64)>,
    /// A receipt has arrived, so a cycle is running.
    in_cycle: bool,
    stockout_in_cycle: bool,
}

impl State {
    fn on_order(&self) -> f64 {
        self.pending.iter().map(|&(_, quantity)| quantity).sum()
    }

    /// Book the receipts due on `day`, ship backorders from them; whether any arrived.
    fn receive(&mut self, day: u64, totals: &mut SimulationTotals) -> bool {
        let mut received = 0.0;
        let mut arrived = false;
        self.pending.retain(|&(arrival, quantity)| {
            let due = arrival == day;
            if due {
                received += quantity;
                arrived = true;
            }
            !due
        });
        if !arrived {
            return false;
        }
        self.on_hand += received;
        totals.units_received += received;
        let shipped = self.backordered.min(self.on_hand);
        self.on_hand -= shipped;
        self.backordered -= shipped;
        totals.backorders_filled += shipped;
        true
    }

    /// A receipt day closes the running cycle and opens the next.
    fn close_cycle(&mut self, totals: &mut SimulationTotals) {
        if self.in_cycle {
            totals.cycles += 1;
            totals.cycles_with_stockout += u32::from(self.stockout_in_cycle);
        }
        self.in_cycle = true;
        self.stockout_in_cycle = false;
    }

    /// Serve a day's demand: what was shipped from stock.
    fn serve(&mut self, demand: f64, unmet: UnmetDemand, totals: &mut SimulationTotals) -> f64 {
        let fulfilled = demand.min(self.on_hand);
        self.on_hand -= fulfilled;
        let short = demand - fulfilled;
        if short > 0.0 {
            totals.stockout_days += 1;
            self.stockout_in_cycle = true;
            match unmet {
                UnmetDemand::Lost => totals.lost += short,
                UnmetDemand::Backordered => self.backordered += short,
            }
        }
        fulfilled
    }
}

/// Simulate one SKU × location day by day (conventions in the module
/// documentation). Deterministic: the same inputs give the same run, natively
/// and in Wasm.
pub fn simulate(inputs: &SimulationInputs) -> Result<Simulation, SimulationError> {
    check(inputs)?;
    let n_days = inputs.demand.len();
    let mut lead_times = match inputs.lead_times {
        LeadTimes::Fixed { days } => LeadTimeStream::Fixed(days),
        LeadTimes::Drawn { observed_days, seed } => LeadTimeStream::Drawn(observed_days, Rng::seed_from_u64(seed)),
    };
    let mut run = Simulation {
        days: Vec::with_capacity(n_days),
        on_hand: Vec::with_capacity(n_days),
        on_order: Vec::with_capacity(n_days),
        backordered: Vec::with_capacity(n_days),
        orders: Vec::new(),
        totals: SimulationTotals {
            demanded: 0.0,
            fulfilled: 0.0,
            lost: 0.0,
            backorders_filled: 0.0,
            backordered_at_end: 0.0,
            stockout_days: 0,
            cycles: 0,
            cycles_with_stockout: 0,
            orders_placed: 0,
            units_ordered: 0.0,
            units_received: 0.0,
            average_on_hand: None,
            peak_on_hand: None,
        },
    };
    let totals = &mut run.totals;
    let mut state = State {
        on_hand: inputs.start_on_hand,
        backordered: 0.0,
        pending: Vec::new(),
        in_cycle: false,
        stockout_in_cycle: false,
    };
    let mut on_hand_sum = 0.0;
    for (day, &demand) in inputs.demand.iter().enumerate() {
        let position = state.on_hand + state.on_order() - state.backordered;
        if let Some(requested) = requested(inputs.policy, day, position) {
            let quantity = inputs.ordering.map_or(requested, |terms| terms.round(requested));
            let lead_time_days = lead_times.next();
            let arrival_day = day as u64 + u64::from(lead_time_days);
            run.orders.push(SimulatedOrder { day: day as u32, requested, quantity, lead_time_days, arrival_day });
            state.pending.push((arrival_day, quantity));
            totals.orders_placed += 1;
            totals.units_ordered += quantity;
        }
        if state.receive(day as u64, totals) {
            state.close_cycle(totals);
        }
        let fulfilled = state.serve(demand, inputs.unmet, totals);
        totals.demanded += demand;
        totals.fulfilled += fulfilled;
        run.days.push(PeriodDemand { demanded: demand, fulfilled });
        run.on_hand.push(state.on_hand);
        run.on_order.push(state.on_order());
        run.backordered.push(state.backordered);
        on_hand_sum += state.on_hand;
        totals.peak_on_hand = Some(totals.peak_on_hand.map_or(state.on_hand, |peak: f64| peak.max(state.on_hand)));
    }
    totals.backordered_at_end = state.backordered;
    totals.average_on_hand = (n_days > 0).then(|| on_hand_sum / n_days as f64);
    Ok(run)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::order_quantity::{order_step, Tier};

    fn continuous(reorder_point: f64, order_quantity: f64) -> ReplenishmentPolicy {
        ReplenishmentPolicy::ContinuousReview { reorder_point, order_quantity }
    }

    fn inputs(demand: &[f64], start_on_hand: f64, policy: ReplenishmentPolicy, lead: u32) -> SimulationInputs<'_> {
        SimulationInputs {
            demand,
            start_on_hand,
            policy,
            ordering: None,
            lead_times: LeadTimes::Fixed { days: lead },
            unmet: UnmetDemand::Lost,
        }
    }

    /// Worked by hand. Demand 10 a day, start 35, s = 20, Q = 30, L = 2, lost sales.
    /// Day: position at review → order?; receipt; on hand after demand.
    /// 0: 35 > 20 → none; 35 − 10 = 25.
    /// 1: 25 > 20 → none; 15.
    /// 2: 15 ≤ 20 → order 30 (n = ⌊5/30⌋ + 1 = 1), due day 4; 5.
    /// 3: 5 + 30 = 35 > 20; on hand 5 serves 5 of 10: a stockout day, 5 lost; 0.
    /// 4: 0 + 30 = 30 > 20; receipt 30 (no cycle yet: the first receipt opens one); 20.
    /// 5: 20 ≤ 20 → order 30, due day 7; 10.
    /// 6: 10 + 30 = 40; 0.
    /// 7: 30 > 20; receipt 30 closes the cycle of days 4–6, no stockout; 20.
    #[test]
    fn a_short_run_worked_by_hand() {
        let demand = [10.0; 8];
        let run = simulate(&inputs(&demand, 35.0, continuous(20.0, 30.0), 2)).unwrap();
        assert_eq!(run.on_hand, [25.0, 15.0, 5.0, 0.0, 20.0, 10.0, 0.0, 20.0]);
        assert_eq!(run.on_order, [0.0, 0.0, 30.0, 30.0, 0.0, 30.0, 30.0, 0.0]);
        assert_eq!(run.backordered, [0.0; 8]);
        assert_eq!(run.days[3], PeriodDemand { demanded: 10.0, fulfilled: 5.0 });
        let placed: Vec<(u32, f64, u64)> = run.orders.iter().map(|o| (o.day, o.quantity, o.arrival_day)).collect();
        assert_eq!(placed, [(2, 30.0, 4), (5, 30.0, 7)]);
        let totals = run.totals;
        assert_eq!((totals.demanded, totals.fulfilled, totals.lost), (80.0, 75.0, 5.0));
        assert_eq!((totals.stockout_days, totals.cycles, totals.cycles_with_stockout), (1, 1, 0));
        assert_eq!((totals.orders_placed, totals.units_ordered, totals.units_received), (2, 60.0, 60.0));
        assert_eq!(totals.average_on_hand, Some(95.0 / 8.0));
        assert_eq!(totals.peak_on_hand, Some(25.0));
        assert_eq!(run.fill_rate(), Some(75.0 / 80.0));
        assert_eq!(run.stockout_rate(), Some(1.0 / 8.0));
        assert_eq!(run.cycle_service_level(), Some(1.0));
    }

    /// The same run with backorders. Day 3 ships 5 of 10 and backorders 5;
    /// day 4's position is 0 + 30 − 5 = 25 (no order), its receipt of 30
    /// ships the 5 first, then 10 demanded: 15. Day 5: 15 ≤ 20, order 30 due
    /// day 7; 5. Day 6: ships 5 of 10, backorders 5; 0. Day 7: position 25;
    /// the receipt ships the 5, then 10: 15, and closes the cycle of days
    /// 4–6, which had a stockout. Fulfilled is 70: the 10 shipped late count
    /// as backorders filled, not as fulfilled.
    #[test]
    fn backorders_are_shipped_first_and_do_not_count_as_fulfilled() {
        let demand = [10.0; 8];
        let run = simulate(&SimulationInputs {
            unmet: UnmetDemand::Backordered,
            ..inputs(&demand, 35.0, continuous(20.0, 30.0), 2)
        })
        .unwrap();
        assert_eq!(run.backordered, [0.0, 0.0, 0.0, 5.0, 0.0, 0.0, 5.0, 0.0]);
        assert_eq!(run.on_hand, [25.0, 15.0, 5.0, 0.0, 15.0, 5.0, 0.0, 15.0]);
        let placed: Vec<(u32, f64, u64)> = run.orders.iter().map(|o| (o.day, o.quantity, o.arrival_day)).collect();
        assert_eq!(placed, [(2, 30.0, 4), (5, 30.0, 7)]);
        let totals = run.totals;
        assert_eq!((totals.fulfilled, totals.lost, totals.backorders_filled), (70.0, 0.0, 10.0));
        assert_eq!(run.days[6], PeriodDemand { demanded: 10.0, fulfilled: 5.0 });
        assert_eq!((totals.stockout_days, totals.cycles, totals.cycles_with_stockout), (2, 1, 1));
        assert_eq!(totals.backordered_at_end, 0.0);
        assert_eq!(run.cycle_service_level(), Some(0.0));
    }

    /// As many Q as lift the position above s: position 0 against s = 50, Q
    /// = 20 orders ⌊50/20⌋ + 1 = 3 lots, 60 units. A lead time of 0 arrives
    /// the same day, before demand.
    #[test]
    fn several_lots_and_a_lead_time_of_zero() {
        let run = simulate(&inputs(&[5.0], 0.0, continuous(50.0, 20.0), 0)).unwrap();
        assert_eq!(run.orders[0].quantity, 60.0);
        assert_eq!(run.on_hand, [55.0]);
        assert_eq!(run.days[0].fulfilled, 5.0);
    }

    /// (R, S) with R = 3, S = 40, L = 1, demand 10 a day, start 40:
    /// day 0 review at 40: nothing; day 3 at 10 → 30 due day 4; day 6 at 10 → 30 due day 7.
    #[test]
    fn periodic_review_orders_up_to_on_review_days_only() {
        let policy = ReplenishmentPolicy::PeriodicReview { review_period_days: 3, order_up_to: 40.0 };
        let run = simulate(&inputs(&[10.0; 8], 40.0, policy, 1)).unwrap();
        let placed: Vec<(u32, f64, u64)> = run.orders.iter().map(|o| (o.day, o.quantity, o.arrival_day)).collect();
        assert_eq!(placed, [(3, 30.0, 4), (6, 30.0, 7)]);
        assert_eq!(run.on_hand, [30.0, 20.0, 10.0, 0.0, 20.0, 10.0, 0.0, 20.0]);
    }

    /// The ordering rules round the request: MOQ 50, pack 12 → 23 asked
    /// becomes 50, then 60 (the next multiple of 12).
    #[test]
    fn orders_follow_the_ordering_rules() {
        let terms = OrderingTerms {
            moq: 50.0,
            step: order_step(12.0, 0.0),
            tiers: vec![Tier { min_qty: 0.0, goods_price: 1.0, variable_landed: 1.0 }],
            min_order_value: None,
            free_freight_threshold: None,
        };
        let policy = ReplenishmentPolicy::PeriodicReview { review_period_days: 1, order_up_to: 23.0 };
        let run = simulate(&SimulationInputs { ordering: Some(&terms), ..inputs(&[0.0], 0.0, policy, 5) }).unwrap();
        assert_eq!((run.orders[0].requested, run.orders[0].quantity), (23.0, 60.0));
    }

    /// Drawn lead times come from the list, the same for the same seed.
    #[test]
    fn drawn_lead_times_come_from_the_list() {
        let observed = [3, 9];
        let demand = [10.0; 200];
        let drawn = SimulationInputs {
            lead_times: LeadTimes::Drawn { observed_days: &observed, seed: 7 },
            ..inputs(&demand, 0.0, continuous(30.0, 40.0), 0)
        };
        let run = simulate(&drawn).unwrap();
        assert!(run.orders.len() > 20);
        assert!(run.orders.iter().all(|o| observed.contains(&o.lead_time_days)));
        assert!(run.orders.iter().any(|o| o.lead_time_days == 3) && run.orders.iter().any(|o| o.lead_time_days == 9));
        assert_eq!(simulate(&drawn).unwrap(), run);
    }

    #[test]
    fn invalid_inputs_are_refused() {
        let ok = inputs(&[1.0], 0.0, continuous(1.0, 1.0), 1);
        let refused = |inputs: SimulationInputs| simulate(&inputs).unwrap_err();
        assert_eq!(
            refused(SimulationInputs { demand: &[1.0, -1.0], ..ok }),
            SimulationError::InvalidDemand { day: 1, value: -1.0 }
        );
        assert!(matches!(
            refused(SimulationInputs { demand: &[f64::NAN], ..ok }),
            SimulationError::InvalidDemand { day: 0, .. }
        ));
        assert_eq!(
            refused(SimulationInputs { start_on_hand: -2.0, ..ok }),
            SimulationError::InvalidStartOnHand { value: -2.0 }
        );
        assert_eq!(
            refused(SimulationInputs { policy: continuous(f64::INFINITY, 1.0), ..ok }),
            SimulationError::InvalidReorderPoint { value: f64::INFINITY }
        );
        assert_eq!(
            refused(SimulationInputs { policy: continuous(1.0, 0.0), ..ok }),
            SimulationError::InvalidOrderQuantity { value: 0.0 }
        );
        assert_eq!(
            refused(SimulationInputs {
                policy: ReplenishmentPolicy::PeriodicReview { review_period_days: 0, order_up_to: 1.0 },
                ..ok
            }),
            SimulationError::ZeroReviewPeriod
        );
        assert_eq!(
            refused(SimulationInputs { lead_times: LeadTimes::Drawn { observed_days: &[], seed: 1 }, ..ok }),
            SimulationError::NoLeadTimes
        );
    }

    #[test]
    fn no_days_is_an_empty_run() {
        let run = simulate(&inputs(&[], 5.0, continuous(1.0, 1.0), 1)).unwrap();
        assert!(run.days.is_empty() && run.orders.is_empty());
        assert_eq!((run.fill_rate(), run.stockout_rate(), run.cycle_service_level()), (None, None, None));
        assert_eq!(run.totals.average_on_hand, None);
    }
}
