//! Key performance indicators (issue 9, section 1): the formula layer.
//!
//! Each KPI is a pure function over a slice of small plain structs, so it can
//! be checked against a textbook or glossary with the same numbers; building
//! those inputs from the workspace (which periods, which receipts, what the
//! inventory was worth on a past day) is the caller's job. Each doc comment
//! states the definition, its source, what counts and what is refused.
//!
//! Conventions shared by every function here:
//! - rates are fractions (`0.95`), as `purchasing::scorecard` has them; the
//!   page multiplies by 100;
//! - quantities are `f64` (as the model keeps them) and must be finite and
//!   0 or more; money is `Decimal` and must be 0 or more where it is a stock
//!   or cost amount;
//! - invalid input is a [`KpiError`] naming the entry (its position in the
//!   slice, counted from 0), the field and the value; nothing is clamped;
//! - "there is nothing to measure" (no demand, no periods, no receipts, a
//!   zero denominator) is `None`, never 0 % or 100 %;
//! - money results are exact `Decimal` arithmetic, not rounded: round once
//!   where they are shown (`model::money::round_cents`, half away from zero).
//!   Ratios of money (turnover, days on hand, variance percent) are `Decimal`
//!   quotients at `Decimal`'s 28 significant digits;
//! - all amounts handed to one call are in one currency: convert first.
//!
//! Past stock is reconstructed backwards from today's here
//! ([`reconstruct_stock`], in `kpi/history.rs`), and `kpi/report.rs`
//! ([`kpi_report`]) builds every input from a whole workspace: the KPIs month
//! by month, rolled up and per SKU × location.

pub mod bench;
mod history;
pub mod report;

pub use history::{reconstruct_stock, NegativeStock, StockHistory};
pub use report::{kpi_report, kpi_report_csv, KpiOptions, KpiPeriod, KpiReport, KpiReportError, KPI_CSV_TABLES};

use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::model::money::quantity_as_decimal;
use crate::model::{LocationId, PoLine, PurchaseOrder, SkuId};
use crate::purchasing::LineVariance;

/// Why a KPI refused its input.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum KpiError {
    /// A quantity that is negative, NaN or infinite.
    #[error("entry {index}: {field} is {value}; quantities must be finite numbers, 0 or more")]
    InvalidQuantity { index: usize, field: &'static str, value: f64 },
    /// A stock value or cost below zero.
    #[error("entry {index}: {field} is {value}; amounts must be 0 or more")]
    NegativeAmount { index: usize, field: &'static str, value: Decimal },
    /// Cost of goods sold below zero.
    #[error("cost of goods sold is {cogs}; it must be 0 or more")]
    NegativeCogs { cogs: Decimal },
    /// An average of no valuation snapshots.
    #[error("no inventory valuation snapshots were given, so there is no average inventory")]
    NoSnapshots,
    /// A dead-stock window of zero days.
    #[error("the dead-stock window must be at least 1 day")]
    ZeroWindow,
    /// A last demand date after the as-of date (the caller must look only up
    /// to the as-of date).
    #[error("entry {index}: last demand on {last_demand} is after the as-of date {as_of}")]
    DemandAfterAsOf { index: usize, last_demand: NaiveDate, as_of: NaiveDate },
    /// A stock reconstruction asked to start after the day it ends.
    #[error("the history starts on {from}, after the as-of date {as_of}")]
    FromAfterAsOf { from: NaiveDate, as_of: NaiveDate },
    /// A stock reconstruction over more days than any demand history holds.
    #[error(
        "{from} to {as_of} is {days} days; a stock history may span at most {max} days (20 years)",
        max = crate::model::demand::MAX_SERIES_DAYS
    )]
    SpanTooLong { from: NaiveDate, as_of: NaiveDate, days: usize },
    #[error("SKU {sku} is not in the catalog")]
    UnknownSku { sku: SkuId },
    #[error("location {location} is not in the workspace")]
    UnknownLocation { location: LocationId },
}

fn check_quantity(index: usize, field: &'static str, value: f64) -> Result<f64, KpiError> {
    if value.is_finite() && value >= 0.0 {
        Ok(value)
    } else {
        Err(KpiError::InvalidQuantity { index, field, value })
    }
}

fn check_amount(index: usize, field: &'static str, value: Decimal) -> Result<Decimal, KpiError> {
    if value.is_sign_negative() && !value.is_zero() {
        Err(KpiError::NegativeAmount { index, field, value })
    } else {
        Ok(value)
    }
}

// ---------------------------------------------------------------------------
// Customer service: fill rate and stockouts
// ---------------------------------------------------------------------------

/// What customers asked for in one period (a day, a week…) of one item, and
/// what was shipped to them from stock in that period.
///
/// Fed from the demand history: `fulfilled` is the recorded (shipped)
/// quantity; `demanded` is the quantity asked for where the import carries it,
/// else an estimate of lost demand added on stockout days (issue 9 leaves
/// that estimate to the caller, who must label the KPI "estimated").
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct PeriodDemand {
    pub demanded: f64,
    pub fulfilled: f64,
}

fn checked_periods(periods: &[PeriodDemand]) -> Result<(), KpiError> {
    for (index, period) in periods.iter().enumerate() {
        check_quantity(index, "demanded", period.demanded)?;
        check_quantity(index, "fulfilled", period.fulfilled)?;
    }
    Ok(())
}

/// Unit fill rate = Σ min(fulfilled, demanded) ÷ Σ demanded over `periods`.
///
/// The unit fill rate (also "item fill rate", the P2 or β service measure) is
/// the share of the units customers asked for that were supplied from stock;
/// definition as in the RightChain knowledge base, "Fill Rate" (unit fill
/// rate = total units shipped ÷ total units requested; their example: 170 of
/// 200 units, 85 %).
///
/// Conventions: over-shipment does not count — a period contributes at most
/// what was demanded in it, so shipping 12 against 10 asked neither raises
/// the rate above 1 nor makes up for another period's shortfall. Periods are
/// summed, not averaged, so a period with more demand weighs more.
///
/// `Ok(None)` when nothing was demanded (Σ demanded = 0), including an empty
/// slice. Refused: a negative or non-finite quantity.
pub fn unit_fill_rate(periods: &[PeriodDemand]) -> Result<Option<f64>, KpiError> {
    Ok(unit_fill(periods)?.rate)
}

/// The unit totals behind [`unit_fill_rate`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct UnitFill {
    /// Σ demanded.
    pub demanded: f64,
    /// Σ min(fulfilled, demanded).
    pub filled: f64,
    /// `filled ÷ demanded`; `None` when nothing was demanded.
    pub rate: Option<f64>,
}

impl UnitFill {
    /// The fill of two sets of periods together: totals added, the rate
    /// recomputed from them (each set already capped period by period).
    pub fn merged(self, other: UnitFill) -> UnitFill {
        fill_of(self.demanded + other.demanded, self.filled + other.filled)
    }
}

fn fill_of(demanded: f64, filled: f64) -> UnitFill {
    UnitFill { demanded, filled, rate: (demanded > 0.0).then(|| filled / demanded) }
}

/// [`unit_fill_rate`] with its numerator and denominator, same conventions;
/// the sums run in slice order.
pub fn unit_fill(periods: &[PeriodDemand]) -> Result<UnitFill, KpiError> {
    checked_periods(periods)?;
    let demanded: f64 = periods.iter().map(|p| p.demanded).sum();
    let filled: f64 = periods.iter().map(|p| p.fulfilled.min(p.demanded)).sum();
    Ok(fill_of(demanded, filled))
}

/// Stockout rate = number of periods with fulfilled < demanded ÷ number of periods.
///
/// The complement of the cycle (P1, α) service level measured over periods:
/// the share of periods in which not all demand was met from stock. Silver,
/// Pyke & Thomas (*Inventory and Production Management in Supply Chains*)
/// define P1 per replenishment cycle; here the period is whatever the caller
/// chose, a day or a week.
///
/// Conventions: a period with no demand is a period without a stockout (it
/// counts in the denominator); a period is a stockout when `fulfilled` is
/// strictly less than `demanded`, compared exactly (no tolerance), so partial
/// service is a stockout; over-shipment is not.
///
/// `Ok(None)` when there are no periods. Refused: a negative or non-finite quantity.
pub fn stockout_rate(periods: &[PeriodDemand]) -> Result<Option<f64>, KpiError> {
    Ok(stockouts(periods)?.rate)
}

/// The counts behind [`stockout_rate`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Stockouts {
    /// Periods judged.
    pub periods: usize,
    /// Those with fulfilled < demanded.
    pub stockouts: usize,
    /// `stockouts ÷ periods`; `None` when there are no periods.
    pub rate: Option<f64>,
}

impl Stockouts {
    /// The counts of two sets of periods together, the rate recomputed.
    pub fn merged(self, other: Stockouts) -> Stockouts {
        stockouts_of(self.periods + other.periods, self.stockouts + other.stockouts)
    }
}

fn stockouts_of(periods: usize, stockouts: usize) -> Stockouts {
    Stockouts { periods, stockouts, rate: (periods > 0).then(|| stockouts as f64 / periods as f64) }
}

/// [`stockout_rate`] with its counts, same conventions.
pub fn stockouts(periods: &[PeriodDemand]) -> Result<Stockouts, KpiError> {
    checked_periods(periods)?;
    let stockouts = periods.iter().filter(|p| p.fulfilled < p.demanded).count();
    Ok(stockouts_of(periods.len(), stockouts))
}

// ---------------------------------------------------------------------------
// Inventory investment: turnover and days on hand
// ---------------------------------------------------------------------------

/// The number of days a year counts for [`days_on_hand`]: a setting, 365
/// (calendar) or 360 (the banker's year some finance teams report with).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum DayCount {
    #[default]
    #[serde(rename = "365")]
    Days365,
    #[serde(rename = "360")]
    Days360,
}

impl DayCount {
    pub fn days(self) -> u32 {
        match self {
            DayCount::Days365 => 365,
            DayCount::Days360 => 360,
        }
    }
}

/// Mean of the valuation snapshots: Σ snapshots ÷ number of snapshots.
///
/// The snapshots are the inventory's value at cost at chosen instants (for a
/// year, e.g. the opening value and the twelve month-ends: SCOR's "5 point"
/// average uses the year's opening and four quarter-ends). Each counts once,
/// whatever the spacing. Refused: no snapshots, a negative snapshot.
pub fn average_inventory_value(snapshots: &[Decimal]) -> Result<Decimal, KpiError> {
    if snapshots.is_empty() {
        return Err(KpiError::NoSnapshots);
    }
    let mut total = Decimal::ZERO;
    for (index, &value) in snapshots.iter().enumerate() {
        total += check_amount(index, "inventory value", value)?;
    }
    Ok(total / Decimal::from(snapshots.len()))
}

fn checked_cogs(cogs: Decimal) -> Result<Decimal, KpiError> {
    if cogs.is_sign_negative() && !cogs.is_zero() {
        Err(KpiError::NegativeCogs { cogs })
    } else {
        Ok(cogs)
    }
}

/// Inventory turnover = cost of goods sold ÷ average inventory value.
///
/// Source: the APICS definition as reproduced in the Oliver Wight glossary,
/// "Inventory Turnover": the number of times an inventory cycles during the
/// year, computed by dividing the average inventory level into the annual
/// cost of sales (their example: 3 million of average inventory against 30
/// million of cost of sales is 10 turns). The same formula in a textbook:
/// OpenStax, *Principles of Accounting, Volume 1* (2019), §10.5; chapter 10's
/// exercise 16 of set B works it: 156,000 ÷ 16,000 = 9.75 times.
///
/// Conventions: `cogs` is the cost of goods sold over the period the
/// snapshots span (a year gives turns a year); the average is
/// [`average_inventory_value`] of `snapshots`; both at cost, one currency.
/// The quotient is not rounded.
///
/// `Ok(None)` when the average is 0 (nothing was held). Refused: negative
/// COGS, no snapshots, a negative snapshot.
pub fn inventory_turnover(cogs: Decimal, snapshots: &[Decimal]) -> Result<Option<Decimal>, KpiError> {
    let cogs = checked_cogs(cogs)?;
    let average = average_inventory_value(snapshots)?;
    Ok((!average.is_zero()).then(|| cogs / average))
}

/// Days on hand = average inventory value ÷ COGS × days in the year.
///
/// Also "inventory days of supply": SCOR's *Total Inventory Days of Supply*
/// is average gross inventory ÷ (COGS ÷ 365), as quoted in the Cargoz
/// glossary; the Golocad glossary, "Days of Supply Formula", works it with
/// an average of 60,000 against a year's COGS of 300,000: 73 days. OpenStax,
/// *Principles of Accounting, Volume 1* (2019), §10.5, calls it the number
/// of days' sales in inventory (chapter 10's exercise 16 of set B:
/// 16,000 ÷ 156,000 × 365 = 37.44 days).
///
/// Conventions: `cogs` is a year's cost of goods sold (annualise a shorter
/// period first) and `day_count` says how many days that year counts (365 or
/// 360, a setting); the average is [`average_inventory_value`] of
/// `snapshots`. Computed as average × days ÷ COGS (one division), not
/// rounded. With a 365-day count it is 365 ÷ [`inventory_turnover`].
///
/// `Ok(None)` when COGS is 0 (nothing was sold: no rate to cover). Refused:
/// negative COGS, no snapshots, a negative snapshot.
pub fn days_on_hand(cogs: Decimal, snapshots: &[Decimal], day_count: DayCount) -> Result<Option<Decimal>, KpiError> {
    let cogs = checked_cogs(cogs)?;
    let average = average_inventory_value(snapshots)?;
    Ok((!cogs.is_zero()).then(|| average * Decimal::from(day_count.days()) / cogs))
}

// ---------------------------------------------------------------------------
// Purchasing: landed-cost variance, on-time delivery, supplier fill rate
// ---------------------------------------------------------------------------

/// The expected and actual landed cost of one received line (or any one
/// piece of spend), in one currency: totals, not unit costs.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct LandedCost {
    /// What the accepted units were expected to cost, landed, when ordered.
    pub expected: Decimal,
    /// What they cost, landed.
    pub actual: Decimal,
}

impl LandedCost {
    /// A PO line's figures as `purchasing::landed_variance` reports them:
    /// expected = expected landed unit × accepted, to the cent (as its order
    /// total), actual = expected + the line's variance amount. `None` for a
    /// line without a figure (no expectation, nothing accepted). Summed over
    /// an order's lines this gives exactly that order's `expected_total` and
    /// `amount`.
    pub fn from_line_variance(line: &LineVariance) -> Option<LandedCost> {
        let expected_unit = line.expected_unit?;
        let amount = line.amount?;
        let expected = crate::model::money::round_cents(expected_unit * quantity_as_decimal(line.accepted));
        Some(LandedCost { expected, actual: expected + amount })
    }
}

/// Landed-cost variance over some received lines.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct LandedCostVariance {
    /// Σ expected.
    pub expected: Decimal,
    /// Σ actual.
    pub actual: Decimal,
    /// actual − expected: positive is dearer than expected.
    pub amount: Decimal,
    /// amount ÷ expected × 100, not rounded; `None` when nothing was expected (Σ expected = 0).
    pub percent: Option<Decimal>,
}

/// Landed-cost variance = Σ actual − Σ expected, and that as a percentage of Σ expected.
///
/// The standard-cost purchase price variance (actual cost less standard cost)
/// with the landed cost expected at ordering as the standard, as
/// `purchasing::landed_variance` computes it per order.
///
/// Conventions: the percentage is of the totals (a value-weighted figure),
/// not a mean of line percentages; neither figure is rounded. A single line
/// is a one-element slice. An empty slice has amount 0 and no percentage.
///
/// Refused: a negative expected or actual cost.
pub fn landed_cost_variance(lines: &[LandedCost]) -> Result<LandedCostVariance, KpiError> {
    for (index, line) in lines.iter().enumerate() {
        check_amount(index, "expected", line.expected)?;
        check_amount(index, "actual", line.actual)?;
    }
    Ok(landed_cost_totals(lines))
}

/// [`landed_cost_variance`]'s arithmetic without its checks, for
/// `purchasing::landed_variance`, which reports on whatever order it is
/// given (an order's figures are never negative once the workspace passed
/// the import rules: prices, charges and expectations are 0 or more).
pub(crate) fn landed_cost_totals(lines: &[LandedCost]) -> LandedCostVariance {
    let expected: Decimal = lines.iter().map(|line| line.expected).sum();
    let actual: Decimal = lines.iter().map(|line| line.actual).sum();
    let amount = actual - expected;
    let percent = (!expected.is_zero()).then(|| amount * Decimal::ONE_HUNDRED / expected);
    LandedCostVariance { expected, actual, amount, percent }
}

/// When one delivery came against when it was due.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliveryTiming {
    /// The date the supplier promised (`PurchaseOrder::promised`).
    pub due: NaiveDate,
    /// The date of the receipt (`Receipt::date`).
    pub received: NaiveDate,
}

impl DeliveryTiming {
    /// Every receipt of `order` with the order's promised date; none when the
    /// order has no promised date (it cannot be late). The same receipts
    /// `purchasing::supplier_scorecard` counts for on time.
    pub fn of_order(order: &PurchaseOrder) -> Vec<DeliveryTiming> {
        let Some(due) = order.promised else { return Vec::new() };
        order
            .lines
            .iter()
            .flat_map(|line| line.receipts.iter())
            .map(|receipt| DeliveryTiming { due, received: receipt.date })
            .collect()
    }
}

/// On-time delivery rate = receipts on or before their due date ÷ receipts.
///
/// The usual supplier delivery-performance measure (the share of deliveries
/// made by the promised date), counted per receipt as
/// `purchasing::supplier_scorecard` does.
///
/// Conventions: on time means received on the due day or earlier (early is
/// on time); each receipt counts once whatever its quantity, so a line
/// delivered in two parts counts twice — the part that came on time is on
/// time, the late rest is late. Receipts are not weighted by quantity.
///
/// `None` when there are no receipts. Nothing is refused (dates are always
/// valid). [`on_time_delivery`] gives the counts too.
pub fn on_time_delivery_rate(receipts: &[DeliveryTiming]) -> Option<f64> {
    on_time_delivery(receipts).rate
}

/// The counts behind [`on_time_delivery_rate`].
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct OnTimeDelivery {
    /// Receipts judged.
    pub receipts: usize,
    /// Those received on or before their due date.
    pub on_time: usize,
    /// `on_time ÷ receipts`; `None` when there are no receipts.
    pub rate: Option<f64>,
}

/// [`on_time_delivery_rate`] with its numerator and denominator, same conventions.
pub fn on_time_delivery(receipts: &[DeliveryTiming]) -> OnTimeDelivery {
    let on_time = receipts.iter().filter(|r| r.received <= r.due).count();
    let rate = (!receipts.is_empty()).then(|| on_time as f64 / receipts.len() as f64);
    OnTimeDelivery { receipts: receipts.len(), on_time, rate }
}

/// What was ordered on one purchase-order line and what of it arrived.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct SupplyLine {
    pub ordered: f64,
    /// Units received and accepted (rejected units were not supplied).
    pub received: f64,
}

impl SupplyLine {
    /// A PO line: ordered quantity and accepted units over all its receipts,
    /// as `purchasing::supplier_scorecard` counts them.
    pub fn of_po_line(line: &PoLine) -> SupplyLine {
        SupplyLine { ordered: line.quantity, received: line.quantity_accepted() }
    }
}

/// Supplier fill rate = Σ min(received, ordered) ÷ Σ ordered over PO lines.
///
/// The supplier-side unit fill rate (the same formula as [`unit_fill_rate`],
/// with PO lines for periods).
///
/// Conventions: each line is capped at its ordered quantity, so an
/// over-delivery on one line neither lifts the rate above 1 nor covers a
/// short line; `received` should be the accepted units.
///
/// `Ok(None)` when nothing was ordered. Refused: a negative or non-finite
/// quantity. [`supplier_fill`] gives the unit totals too.
pub fn supplier_fill_rate(lines: &[SupplyLine]) -> Result<Option<f64>, KpiError> {
    Ok(supplier_fill(lines)?.rate)
}

/// The unit totals behind [`supplier_fill_rate`].
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct SupplierFill {
    /// Σ ordered.
    pub ordered: f64,
    /// Σ min(received, ordered).
    pub filled: f64,
    /// `filled ÷ ordered`; `None` when nothing was ordered.
    pub rate: Option<f64>,
}

/// [`supplier_fill_rate`] with its numerator and denominator, same
/// conventions; the sums run in slice order.
pub fn supplier_fill(lines: &[SupplyLine]) -> Result<SupplierFill, KpiError> {
    let (mut ordered, mut filled) = (0.0, 0.0);
    for (index, line) in lines.iter().enumerate() {
        let line_ordered = check_quantity(index, "ordered", line.ordered)?;
        let line_received = check_quantity(index, "received", line.received)?;
        ordered += line_ordered;
        filled += line_received.min(line_ordered);
    }
    Ok(SupplierFill { ordered, filled, rate: (ordered > 0.0).then(|| filled / ordered) })
}

// ---------------------------------------------------------------------------
// Stock health: dead stock and excess stock
// ---------------------------------------------------------------------------

/// One item's stock on the as-of date and the last day it was demanded.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct IdleStock {
    /// Units on hand on the as-of date.
    pub on_hand: f64,
    /// Value of one unit, at cost.
    pub unit_cost: Decimal,
    /// The last day on or before the as-of date with demand above 0; `None`
    /// when it was never demanded.
    pub last_demand: Option<NaiveDate>,
}

/// Dead stock found by [`dead_stock`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeadStock {
    /// Positions in the input of the dead items, ascending.
    pub items: Vec<usize>,
    pub units: f64,
    /// Σ on hand × unit cost over the dead items, exact.
    pub value: Decimal,
}

/// Dead stock: items with stock on hand and no demand in the `days` days up
/// to and including `as_of`, and what they are worth.
///
/// Conventions: the window is `as_of − days + 1 ..= as_of`; an item is dead
/// when its last demand is before that window (on or before `as_of − days`)
/// or it was never demanded, and it has units on hand (an item with nothing
/// on hand is not listed). How long the stock has been held is not looked at:
/// a lot received yesterday of an item nobody asked for in `days` days is
/// dead too. Value = on hand × unit cost (the quantity taken exactly from its
/// decimal spelling), summed exactly, not rounded.
///
/// Refused: `days` = 0, a negative or non-finite on hand, a negative unit
/// cost, a last demand after `as_of`.
pub fn dead_stock(items: &[IdleStock], as_of: NaiveDate, days: u32) -> Result<DeadStock, KpiError> {
    if days == 0 {
        return Err(KpiError::ZeroWindow);
    }
    // Before `as_of − days + 1`, i.e. on or before `as_of − days`. A window
    // reaching before the calendar's start means nothing is old enough.
    let latest_dead_demand = as_of.checked_sub_days(Days::new(u64::from(days)));
    let mut dead = DeadStock { items: Vec::new(), units: 0.0, value: Decimal::ZERO };
    for (index, item) in items.iter().enumerate() {
        let on_hand = check_quantity(index, "on hand", item.on_hand)?;
        let unit_cost = check_amount(index, "unit cost", item.unit_cost)?;
        if let Some(last) = item.last_demand.filter(|&last| last > as_of) {
            return Err(KpiError::DemandAfterAsOf { index, last_demand: last, as_of });
        }
        let idle = match item.last_demand {
            None => true,
            Some(last) => latest_dead_demand.is_some_and(|latest| last <= latest),
        };
        if idle && on_hand > 0.0 {
            dead.items.push(index);
            dead.units += on_hand;
            dead.value += quantity_as_decimal(on_hand) * unit_cost;
        }
    }
    Ok(dead)
}

/// One item's stock against the most it should hold.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct StockCeiling {
    pub on_hand: f64,
    /// The most the item should hold: its order-up-to level, or N weeks of
    /// cover (N × weekly demand), as the caller chooses.
    pub ceiling: f64,
    /// Value of one unit, at cost.
    pub unit_cost: Decimal,
}

/// One item above its ceiling.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExcessLine {
    /// Position in the input.
    pub index: usize,
    /// on hand − ceiling.
    pub units: f64,
    /// (on hand − ceiling) × unit cost, exact.
    pub value: Decimal,
}

/// Excess stock found by [`excess_stock`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExcessStock {
    /// The items above their ceiling, in input order.
    pub lines: Vec<ExcessLine>,
    pub units: f64,
    pub value: Decimal,
}

/// Excess stock: the units each item holds above its ceiling, and their value.
///
/// Conventions: excess = on hand − ceiling where on hand is above the
/// ceiling; an item at or below its ceiling has no excess (that is the
/// definition, not a clamp: the shortfall of one item does not offset
/// another's excess). Value = (on hand − ceiling) × unit cost, the
/// difference taken in `Decimal` from each quantity's decimal spelling (so
/// 0.3 − 0.1 is 0.2, not f64's 0.19999999999999998), summed exactly, not
/// rounded; `units` stays the f64 difference. A ceiling of 0 makes all stock
/// excess.
///
/// Refused: a negative or non-finite on hand or ceiling, a negative unit cost.
pub fn excess_stock(items: &[StockCeiling]) -> Result<ExcessStock, KpiError> {
    let mut excess = ExcessStock { lines: Vec::new(), units: 0.0, value: Decimal::ZERO };
    for (index, item) in items.iter().enumerate() {
        let on_hand = check_quantity(index, "on hand", item.on_hand)?;
        let ceiling = check_quantity(index, "ceiling", item.ceiling)?;
        let unit_cost = check_amount(index, "unit cost", item.unit_cost)?;
        if on_hand > ceiling {
            let units = on_hand - ceiling;
            // The difference in Decimal: 0.3 − 0.1 in f64 is 0.19999999999999998.
            let value = (quantity_as_decimal(on_hand) - quantity_as_decimal(ceiling)) * unit_cost;
            excess.lines.push(ExcessLine { index, units, value });
            excess.units += units;
            excess.value += value;
        }
    }
    Ok(excess)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(text: &str) -> Decimal {
        text.parse().unwrap()
    }

    fn period(demanded: f64, fulfilled: f64) -> PeriodDemand {
        PeriodDemand { demanded, fulfilled }
    }

    #[test]
    fn kpi_errors_name_the_entry_field_and_value() {
        let error = unit_fill_rate(&[period(1.0, 1.0), period(-2.0, 0.0)]).unwrap_err();
        assert_eq!(error, KpiError::InvalidQuantity { index: 1, field: "demanded", value: -2.0 });
        assert_eq!(error.to_string(), "entry 1: demanded is -2; quantities must be finite numbers, 0 or more");
        let error = average_inventory_value(&[dec("5"), dec("-0.01")]).unwrap_err();
        assert_eq!(error.to_string(), "entry 1: inventory value is -0.01; amounts must be 0 or more");
    }

    /// A negative zero is zero, not a negative amount.
    #[test]
    fn kpi_negative_zero_amount_is_accepted() {
        let negative_zero = -Decimal::ZERO;
        assert_eq!(average_inventory_value(&[negative_zero]).unwrap(), Decimal::ZERO);
        assert_eq!(inventory_turnover(negative_zero, &[dec("10")]).unwrap(), Some(Decimal::ZERO));
    }

    #[test]
    fn kpi_day_count_days() {
        assert_eq!((DayCount::Days365.days(), DayCount::Days360.days()), (365, 360));
        assert_eq!(DayCount::default(), DayCount::Days365);
    }

    /// A 1-day window on 2026-03-10 is just that day: demand on 03-09 is
    /// before it (dead), demand on 03-10 is in it (alive).
    #[test]
    fn kpi_dead_stock_window_of_one_day() {
        let as_of = NaiveDate::from_ymd_opt(2026, 3, 10).unwrap();
        let item = |day: u32| IdleStock {
            on_hand: 1.0,
            unit_cost: dec("1"),
            last_demand: NaiveDate::from_ymd_opt(2026, 3, day),
        };
        let dead = dead_stock(&[item(9), item(10)], as_of, 1).unwrap();
        assert_eq!(dead.items, vec![0]);
    }
}
