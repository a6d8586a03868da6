//! The KPIs of a whole workspace (issue 9, section 1), month by month and in
//! total: for the portfolio, rolled up by family, ABC class and location, per
//! supplier where the figure is a supplier's, and per SKU × location (the
//! drill-down). Every figure goes through the formula layer (`kpi`); this
//! module decides what feeds it. Where each figure comes from is written out
//! in `docs/formats.md`, "KPIs: where the figures come from"; the doc
//! comments below say the same, next to the code.
//!
//! One pass: the SKU × locations come from the planner's index
//! (`plan::index::PlanIndex`: demand series, stock lots), joined with every
//! receipt tagged once by SKU × location; each pair is then reconstructed
//! (`history::reconstruct_days`, the one reconstruction) and its days are
//! read once. Nothing scans the purchase orders per pair.

use std::collections::BTreeMap;
use std::ops::Range;

use chrono::{Datelike, Days, Months, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::history::{reconstruct_days, DailyStock};
use super::{
    days_on_hand, dead_stock, excess_stock, inventory_turnover, landed_cost_variance, stockouts, unit_fill, DayCount,
    IdleStock, KpiError, LandedCost, PeriodDemand, StockCeiling, Stockouts, UnitFill,
};
use crate::forecast::backtest::{PortfolioReport, METHODS};
use crate::model::money::{quantity_as_decimal, round_cents};
use crate::model::{AbcClass, Currency, DemandSeries, LocationId, PoStatus, SkuId, SupplierId, Workspace};
use crate::plan::classify::abc_by_rank;
use crate::plan::index::PlanIndex;
use crate::plan::render::CsvText;
use crate::purchasing::{committed_date, is_committed, landed_variance, supplier_scorecard, ScorecardError};

/// The days a report covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KpiPeriod {
    /// The first day reported.
    pub from: NaiveDate,
    /// The last day reported.
    pub to: NaiveDate,
    /// The day today's stock lots are the end of (usually today); on or
    /// after `to`. Past stock is reconstructed backwards from it.
    pub as_of: NaiveDate,
}

/// The report's settings.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct KpiOptions {
    /// Days a year counts for days on hand (365 or 360).
    pub day_count: DayCount,
    /// Dead stock: no demand in this many days up to `to` (default 90).
    pub dead_stock_days: u32,
    /// Excess stock: stock above this many weeks of cover at the history
    /// rate (default 13, a quarter).
    pub excess_cover_weeks: u32,
    /// The history rate's window, in weeks (default 8): lost demand on a
    /// stockout day is estimated from the N weeks before it, and the excess
    /// ceiling from the N weeks up to `to`.
    pub rate_weeks: u32,
    /// Give the SKU × location drill-down month by month too, not only in
    /// total (default off: at 30,000 pairs and 24 months that is 720,000
    /// rows per table).
    pub monthly_drill_down: bool,
}

impl Default for KpiOptions {
    fn default() -> Self {
        KpiOptions {
            day_count: DayCount::Days365,
            dead_stock_days: 90,
            excess_cover_weeks: 13,
            rate_weeks: 8,
            monthly_drill_down: false,
        }
    }
}

/// What a row is rolled up over.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// Everything; the key is `all`.
    Portfolio,
    /// A product family (`Sku::family`); the key is the family.
    Family,
    /// An ABC class as the planner gives it on the as-of date; the key is `A`, `B` or `C`.
    Class,
    /// A location; the key is its id.
    Location,
    /// A supplier; the key is its id.
    Supplier,
    /// One SKU at one location; the key is the SKU id, `location` the location.
    SkuLocation,
}

impl Scope {
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Portfolio => "portfolio",
            Scope::Family => "family",
            Scope::Class => "class",
            Scope::Location => "location",
            Scope::Supplier => "supplier",
            Scope::SkuLocation => "sku_location",
        }
    }
}

/// A calendar month of the report, cut to the period.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthSpan {
    /// The first day of the calendar month.
    pub month: NaiveDate,
    /// The first and last day reported of it.
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// The period starts after the 1st or ends before the month's last day.
    pub partial: bool,
}

/// Which stretch a row covers: one month, or (`month` = `None`) the whole period.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowPeriod {
    pub month: Option<NaiveDate>,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub partial: bool,
}

/// Customer service: unit fill rate and stockout rate.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ServiceRow {
    pub scope: Scope,
    pub key: String,
    pub location: Option<LocationId>,
    pub period: RowPeriod,
    /// Units demanded: shipped plus estimated lost demand.
    pub demanded: f64,
    /// Units shipped (recorded demand).
    pub shipped: f64,
    /// Σ min(shipped, demanded) per SKU × location and day.
    pub filled: f64,
    pub fill_rate: Option<f64>,
    /// SKU × location days judged.
    pub days: usize,
    pub stockout_days: usize,
    pub stockout_rate: Option<f64>,
    /// Stockout-flagged days whose demand was estimated from the history
    /// rate: when not 0 the figures above are estimated.
    pub estimated_days: usize,
    /// Lost units estimated on those days (part of `demanded`).
    pub estimated_units: f64,
    /// Stockout-flagged days with no history to estimate from (counted with
    /// what shipped as their demand).
    pub unestimated_stockout_days: usize,
}

/// Inventory investment: value, cost of goods sold, turnover, days on hand.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InventoryRow {
    pub scope: Scope,
    pub key: String,
    pub location: Option<LocationId>,
    pub period: RowPeriod,
    /// Reconstructed stock at the end of the day before the period, at
    /// standard cost, base currency, cents.
    pub opening_value: Decimal,
    /// The same at the end of the period's last day.
    pub closing_value: Decimal,
    /// The mean of the snapshots: the opening value and every month-end.
    pub average_value: Decimal,
    pub snapshots: usize,
    /// Shipped units × standard unit cost, cents.
    pub cogs: Decimal,
    /// COGS ÷ average value over the period (not annualised), 4 decimals.
    pub turnover: Option<Decimal>,
    /// Average value × days ÷ COGS, the days counted by `day_count`, 2 decimals.
    pub days_on_hand: Option<Decimal>,
    /// SKU × locations whose reconstruction ended a day of the period (or
    /// the day before it) below zero. A negative snapshot leaves turnover
    /// and days on hand empty.
    pub negative_pairs: usize,
}

/// Stock health on the period's last day.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StockHealthRow {
    pub scope: Scope,
    pub key: String,
    pub location: Option<LocationId>,
    pub on_hand_value: Decimal,
    pub dead_pairs: usize,
    pub dead_units: f64,
    pub dead_value: Decimal,
    pub excess_pairs: usize,
    pub excess_units: f64,
    pub excess_value: Decimal,
    /// Pairs left out because their reconstructed stock on that day is negative.
    pub negative_pairs: usize,
}

/// A supplier's delivery figures (`purchasing::supplier_scorecard`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SupplierRow {
    pub supplier: SupplierId,
    pub period: RowPeriod,
    /// PO lines whose order's promised date is in the stretch.
    pub lines_promised: u32,
    pub units_ordered: f64,
    pub units_filled: f64,
    pub fill_rate: Option<f64>,
    /// Receipts dated in the stretch whose order has a promised date.
    pub receipts: u32,
    pub receipts_on_time: u32,
    pub on_time_rate: Option<f64>,
}

/// A supplier's landed-cost variance over the PO lines last received in the period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LandedCostRow {
    pub supplier: SupplierId,
    /// The supplier's currency: the amounts are in it.
    pub currency: Currency,
    pub lines: usize,
    pub expected: Decimal,
    pub actual: Decimal,
    pub amount: Decimal,
    /// 2 decimals.
    pub percent: Option<Decimal>,
}

/// Committed spend in the base currency.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SpendRow {
    pub scope: Scope,
    pub key: String,
    pub period: RowPeriod,
    pub lines: usize,
    /// Cents.
    pub amount: Decimal,
}

/// A SKU × location whose reconstruction went below zero in the span
/// reconstructed (the day before `from` to `as_of`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NegativeRow {
    pub sku: SkuId,
    pub location: LocationId,
    pub first_day: NaiveDate,
    pub lowest: f64,
    pub lowest_day: NaiveDate,
    pub days: usize,
}

/// One method's forecast accuracy over one group, copied from the caller's
/// portfolio backtest (`forecast::portfolio_backtest`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ForecastAccuracyRow {
    /// A pattern group, or `all`.
    pub group: String,
    pub series: usize,
    pub method: String,
    pub mean_mase: f64,
    pub weighted_mase: f64,
    /// 100 × Σ(forecast − actual) ÷ Σ actual.
    pub bias_percent: Option<f64>,
}

/// Everything [`kpi_report`] measured.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KpiReport {
    pub period: KpiPeriod,
    pub options: KpiOptions,
    /// The base currency of every value but the landed-cost rows'.
    pub currency: Currency,
    pub months: Vec<MonthSpan>,
    pub service: Vec<ServiceRow>,
    pub inventory: Vec<InventoryRow>,
    pub stock_health: Vec<StockHealthRow>,
    pub suppliers: Vec<SupplierRow>,
    pub landed_cost: Vec<LandedCostRow>,
    pub spend: Vec<SpendRow>,
    pub negative_stock: Vec<NegativeRow>,
    pub forecast_accuracy: Vec<ForecastAccuracyRow>,
    /// What was left out and why (forecast accuracy not given, orders
    /// without an exchange rate, records of unknown SKUs or locations).
    pub notes: Vec<String>,
}

/// Why [`kpi_report`] refused.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum KpiReportError {
    #[error("the period ends on {to}, after the as-of date {as_of}: stock is known only up to the as-of date")]
    ToAfterAsOf { to: NaiveDate, as_of: NaiveDate },
    #[error("the period starts on {from}, after its last day {to}")]
    FromAfterTo { from: NaiveDate, to: NaiveDate },
    #[error(transparent)]
    Kpi(#[from] KpiError),
    #[error(transparent)]
    Scorecard(#[from] ScorecardError),
}

// ---------------------------------------------------------------------------
// A day's demand
// ---------------------------------------------------------------------------

/// What one series asked for on one day.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DayDemand {
    /// The recorded quantity (what shipped).
    pub shipped: f64,
    /// What was asked for: `shipped`, or on a stockout day the estimate.
    pub demanded: f64,
    /// The day is a stockout day judged by the history rate.
    pub estimated: bool,
    /// The day is a stockout day with no history rate to judge it by.
    pub unestimated: bool,
    /// `demanded` is the requested quantity the demand row recorded.
    pub recorded: bool,
}

/// The history rate of one series before each of its days: the mean
/// quantity of the non-stockout, non-promotion days the series holds in the
/// `window` days before (prefix sums, so each day's rate is two lookups).
#[derive(Clone, Debug, Default)]
pub struct HistoryRate {
    sum: Vec<f64>,
    count: Vec<u32>,
    window: usize,
}

impl HistoryRate {
    /// Prepare for `series`; only a series with a stockout day needs it.
    pub fn prepare(&mut self, series: &DemandSeries, window_days: usize) {
        self.window = window_days;
        self.sum.clear();
        self.count.clear();
        if !series.stockout.any() {
            return;
        }
        let (mut sum, mut count) = (0.0, 0u32);
        self.sum.push(sum);
        self.count.push(count);
        for (day, &quantity) in series.quantity.iter().enumerate() {
            if !series.stockout.get(day) && !series.promo.get(day) {
                sum += f64::from(quantity);
                count += 1;
            }
            self.sum.push(sum);
            self.count.push(count);
        }
    }

    /// The mean of the clean days in `day − window ..= day − 1` (those the
    /// series holds); `None` when there is none.
    pub fn before(&self, day: usize) -> Option<f64> {
        let day = day.min(self.count.len().checked_sub(1)?);
        let low = day.saturating_sub(self.window);
        let days = self.count[day] - self.count[low];
        (days > 0).then(|| (self.sum[day] - self.sum[low]) / f64::from(days))
    }
}

/// The demand of `series` on its day `day`: where a day's demanded quantity
/// is decided, the one place.
///
/// The history records what shipped. On a day not flagged as a stockout,
/// demanded = shipped. On a stockout day the shipped quantity is censored:
/// demanded = the larger of what shipped and the history rate
/// ([`HistoryRate::before`]: the mean of the series' non-stockout,
/// non-promotion days in the `rate_weeks` weeks before), and the day is
/// `estimated`; with no such day to learn from, demanded = shipped and the
/// day is `unestimated`. Where the demand row recorded what the customers
/// asked for (`requested`, [`DemandSeries::requested_on`]), that is the day's
/// demand, stockout or not, and nothing is estimated: over-shipment
/// (requested below shipped) then counts only up to what was asked.
pub fn day_demand(series: &DemandSeries, day: usize, rate: &HistoryRate) -> DayDemand {
    let shipped = f64::from(series.quantity[day]);
    let plain = DayDemand { shipped, demanded: shipped, estimated: false, unestimated: false, recorded: false };
    if let Some(requested) = series.requested_on(day) {
        return DayDemand { demanded: f64::from(requested), recorded: true, ..plain };
    }
    if !series.stockout.get(day) {
        return plain;
    }
    match rate.before(day) {
        Some(rate) => DayDemand { demanded: shipped.max(rate), estimated: true, ..plain },
        None => DayDemand { unestimated: true, ..plain },
    }
}

// ---------------------------------------------------------------------------
// Accumulators
// ---------------------------------------------------------------------------

/// The service and inventory sums of some SKU × locations over one month.
#[derive(Clone, Debug, Default)]
struct Acc {
    fill: UnitFill,
    stockouts: Stockouts,
    shipped: f64,
    estimated_days: usize,
    estimated_units: f64,
    unestimated: usize,
    cogs: Decimal,
    opening: Decimal,
    closing: Decimal,
    negative_pairs: usize,
}

impl Acc {
    fn add(&mut self, other: &Acc) {
        self.fill = self.fill.merged(other.fill);
        self.stockouts = self.stockouts.merged(other.stockouts);
        self.shipped += other.shipped;
        self.estimated_days += other.estimated_days;
        self.estimated_units += other.estimated_units;
        self.unestimated += other.unestimated;
        self.cogs += other.cogs;
        self.opening += other.opening;
        self.closing += other.closing;
        self.negative_pairs += other.negative_pairs;
    }
}

#[derive(Clone, Debug, Default)]
struct Health {
    on_hand_value: Decimal,
    dead_pairs: usize,
    dead_units: f64,
    dead_value: Decimal,
    excess_pairs: usize,
    excess_units: f64,
    excess_value: Decimal,
    negative_pairs: usize,
}

impl Health {
    fn add(&mut self, other: &Health) {
        self.on_hand_value += other.on_hand_value;
        self.dead_pairs += other.dead_pairs;
        self.dead_units += other.dead_units;
        self.dead_value += other.dead_value;
        self.excess_pairs += other.excess_pairs;
        self.excess_units += other.excess_units;
        self.excess_value += other.excess_value;
        self.negative_pairs += other.negative_pairs;
    }
}

/// A roll-up: its months, the pairs negative anywhere in the period, its stock health.
struct Group {
    scope: Scope,
    key: String,
    location: Option<LocationId>,
    months: Vec<Acc>,
    negative_pairs: usize,
    health: Health,
}

impl Group {
    fn new(scope: Scope, key: String, location: Option<LocationId>, n_months: usize) -> Group {
        Group {
            scope,
            key,
            location,
            months: vec![Acc::default(); n_months],
            negative_pairs: 0,
            health: Health::default(),
        }
    }

    fn add(&mut self, pair: &Group) {
        for (mine, theirs) in self.months.iter_mut().zip(&pair.months) {
            mine.add(theirs);
        }
        self.negative_pairs += pair.negative_pairs;
        self.health.add(&pair.health);
    }
}

/// One SKU × location to measure: its evidence, as ranges.
struct KpiPair {
    sku: u32,
    location: u32,
    series: Range<usize>,
    lots: Range<usize>,
    receipts: Range<usize>,
}

/// The calendar months of `from ..= to`.
pub fn months_of(from: NaiveDate, to: NaiveDate) -> Vec<MonthSpan> {
    let mut months = Vec::new();
    let mut month = from.with_day(1).unwrap_or(from);
    while month <= to {
        let next = month + Months::new(1);
        let last = next.pred_opt().unwrap_or(month);
        let (start, end) = (month.max(from), last.min(to));
        months.push(MonthSpan { month, from: start, to: end, partial: start != month || end != last });
        month = next;
    }
    months
}

/// The days a stretch counts for days on hand: its calendar days with a
/// 365-day year; with a 360-day year (30/360) 30 for each whole calendar
/// month and the days of a cut month, at most 30.
fn counted_days(months: &[MonthSpan], day_count: DayCount) -> u32 {
    months
        .iter()
        .map(|span| {
            let days = (span.to - span.from).num_days() as u32 + 1;
            match day_count {
                DayCount::Days365 => days,
                DayCount::Days360 if span.partial => days.min(30),
                DayCount::Days360 => 30,
            }
        })
        .sum()
}

fn pair_key(sku: u32, location: u32) -> u64 {
    (u64::from(sku) << 32) | u64::from(location)
}

/// The KPIs of `workspace` over `period`, month by month and in total.
///
/// Sources and definitions (in `docs/formats.md`, "KPIs: where the figures
/// come from", for people):
/// - SKU × locations: every pair with a demand series, a stock lot, an open
///   order line or another record the planner indexes (`plan::index`), or a
///   receipt; SKUs not in the catalog are left out (and counted in `notes`);
/// - service (per pair and day of the period, every channel together):
///   shipped = the recorded demand; demanded per series and day by
///   [`day_demand`] (estimates on stockout days); fill = `kpi::unit_fill`,
///   stockouts = `kpi::stockouts` with the pair-day as the period (a day
///   with no demand is a day without a stockout; a stockout-flagged day
///   whose estimate does not exceed what shipped is not one);
/// - inventory value: the reconstructed end-of-day stock
///   (`history::reconstruct_days`, from `as_of` back to the day before
///   `from`) × `Sku::unit_cost` — valuation at today's standard cost, not
///   at the cost of the day; negative stock is valued negative, not clamped,
///   and listed in `negative_stock`;
/// - COGS = shipped units × unit cost; turnover = `kpi::inventory_turnover`
///   of the COGS and the snapshots (the value at the end of the day before
///   the stretch and at each month-end in it: 2 for a month, months + 1 for
///   the period); days on hand = `kpi::days_on_hand` of the COGS annualised
///   by the stretch's counted days (see `counted_days`), so it comes to
///   average × counted days ÷ COGS;
/// - stock health on `to`: dead = `kpi::dead_stock` (no shipped quantity
///   above 0 in `dead_stock_days` days up to `to`), excess =
///   `kpi::excess_stock` with ceiling = `excess_cover_weeks` × 7 × the mean
///   daily demanded (by [`day_demand`]) over the `rate_weeks` weeks up to
///   `to`. The plan's order-up-to level is not used: it would mean
///   planning inside the report;
/// - suppliers: `purchasing::supplier_scorecard` (fill rate over the lines
///   whose order is promised in the stretch, on time over the receipts dated
///   in it); landed-cost variance: `kpi::landed_cost_variance` of the
///   lines (`purchasing::landed_variance`) of orders not draft, pending or
///   cancelled whose last receipt is in the period, per supplier, in its
///   currency;
/// - spend: committed spend as the budget page counts it
///   (`purchasing::budget`): lines of approved, sent, received or closed
///   orders at ordered quantity × unit price, on the order's approval date
///   (else creation date), converted at that date's rate; by family, class
///   and supplier;
/// - forecast accuracy: copied from `forecast` when given; the report does
///   not forecast.
///
/// Money is rounded to cents, turnover to 4 decimals, days on hand and
/// percentages to 2, each once, half away from zero; rates are unrounded fractions.
///
/// Refused: `from` after `to`, `to` after `as_of`, a span of more than
/// 7,305 days, a quantity the formula layer refuses.
pub fn kpi_report(
    workspace: &Workspace,
    period: KpiPeriod,
    options: &KpiOptions,
    forecast: Option<&PortfolioReport>,
) -> Result<KpiReport, KpiReportError> {
    let KpiPeriod { from, to, as_of } = period;
    if from > to {
        return Err(KpiReportError::FromAfterTo { from, to });
    }
    if to > as_of {
        return Err(KpiReportError::ToAfterAsOf { to, as_of });
    }
    let opening_day = from.pred_opt().unwrap_or(from);
    let months = months_of(from, to);
    let mut notes = Vec::new();

    let index = PlanIndex::build(workspace, as_of);
    let classes = abc_by_rank(&index, &workspace.settings.abc);
    let (receipts, pairs) = pairs_with_receipts(workspace, &index, &mut notes);

    // Roll-up groups: the portfolio, then families, classes and locations.
    let n_months = months.len();
    let mut groups = vec![Group::new(Scope::Portfolio, "all".into(), None, n_months)];
    let mut family_group: BTreeMap<&str, usize> = BTreeMap::new();
    for sku in &index.skus {
        family_group.entry(sku.family.as_str()).or_insert(0);
    }
    for (family, slot) in family_group.iter_mut() {
        *slot = groups.len();
        groups.push(Group::new(Scope::Family, (*family).to_owned(), None, n_months));
    }
    let class_group = groups.len();
    for class in [AbcClass::A, AbcClass::B, AbcClass::C] {
        groups.push(Group::new(Scope::Class, class.as_str().to_owned(), None, n_months));
    }
    let location_group = groups.len();
    for location in &index.location_ids {
        groups.push(Group::new(Scope::Location, location.as_str().to_owned(), None, n_months));
    }

    let mut service = Vec::new();
    let mut inventory = Vec::new();
    let mut stock_health = Vec::new();
    let mut negative_stock = Vec::new();
    let mut scratch = PairScratch::default();
    let class_index = |class: AbcClass| match class {
        AbcClass::A => 0,
        AbcClass::B => 1,
        AbcClass::C => 2,
    };
    for pair in &pairs {
        let sku = index.skus[pair.sku as usize];
        let location = index.location_ids[pair.location as usize];
        let lots = index.lots[pair.lots.clone()].iter().map(|&lot| workspace.stock_lots[lot].quantity);
        let pair_receipts = receipts[pair.receipts.clone()].iter().map(|&(_, date, quantity)| (date, quantity));
        let series = &workspace.demand.series[pair.series.clone()];
        reconstruct_days(lots, pair_receipts, series, opening_day, as_of, &mut scratch.daily)?;
        let measured = measure_pair(series, sku.unit_cost, &months, period, options, &mut scratch)?;
        if let Some(negative) = scratch.daily.negative {
            negative_stock.push(NegativeRow {
                sku: sku.id.clone(),
                location: location.clone(),
                first_day: negative.first_day,
                lowest: negative.lowest,
                lowest_day: negative.lowest_day,
                days: negative.days,
            });
        }
        let mut drill = Group::new(Scope::SkuLocation, sku.id.as_str().to_owned(), Some(location.clone()), 0);
        drill.months = measured.months;
        drill.negative_pairs = measured.negative;
        drill.health = measured.health;
        let family = family_group[sku.family.as_str()];
        let class = class_group + class_index(classes[pair.sku as usize]);
        let at = location_group + pair.location as usize;
        for group in [0, family, class, at] {
            groups[group].add(&drill);
        }
        let totals_only = !options.monthly_drill_down;
        push_rows(&drill, &months, options, totals_only, &mut service, &mut inventory);
        stock_health.push(health_row(&drill));
    }
    let mut rollup_service = Vec::new();
    let mut rollup_inventory = Vec::new();
    let mut rollup_health = Vec::new();
    for group in &groups {
        push_rows(group, &months, options, false, &mut rollup_service, &mut rollup_inventory);
        rollup_health.push(health_row(group));
    }
    rollup_service.append(&mut service);
    rollup_inventory.append(&mut inventory);
    rollup_health.append(&mut stock_health);

    let suppliers = supplier_rows(workspace, &months, from, to)?;
    let landed_cost = landed_rows(workspace, from, to)?;
    let spend = spend_rows(workspace, &index, &classes, &months, from, to, &mut notes);
    let forecast_accuracy = match forecast {
        Some(report) => forecast_rows(report),
        None => {
            notes.push(
                "forecast accuracy: not given (the report does not forecast; pass a portfolio backtest, \
                 forecast::portfolio_backtest, to include it)"
                    .into(),
            );
            Vec::new()
        }
    };
    Ok(KpiReport {
        period,
        options: *options,
        currency: workspace.settings.base_currency.clone(),
        months,
        service: rollup_service,
        inventory: rollup_inventory,
        stock_health: rollup_health,
        suppliers,
        landed_cost,
        spend,
        negative_stock,
        forecast_accuracy,
        notes,
    })
}

/// Every receipt tagged (pair key, date, accepted units) and sorted by
/// pair, and the pairs: the index's catalog pairs joined with the receipts'.
fn pairs_with_receipts(
    workspace: &Workspace,
    index: &PlanIndex,
    notes: &mut Vec<String>,
) -> (Vec<(u64, NaiveDate, f64)>, Vec<KpiPair>) {
    let mut receipts: Vec<(u64, NaiveDate, f64)> = Vec::new();
    let mut unknown = 0usize;
    for order in workspace.purchase_orders.iter() {
        let location = index.location_ids.binary_search_by(|id| (*id).cmp(&order.location)).ok();
        for line in &order.lines {
            let sku = index.rank(&line.sku);
            let (Some(sku), Some(location)) = (sku, location) else {
                unknown += line.receipts.len();
                continue;
            };
            let key = pair_key(sku, location as u32);
            receipts.extend(line.receipts.iter().map(|receipt| (key, receipt.date, receipt.quantity_accepted())));
        }
    }
    crate::sorting::sort_by_u64_key(&mut receipts, |receipt| receipt.0);
    let skipped_pairs = index.pairs.iter().filter(|pair| pair.sku as usize >= index.catalog_len).count();
    if skipped_pairs > 0 || unknown > 0 {
        notes.push(format!(
            "left out: {skipped_pairs} SKU × locations of SKUs not in the catalog and {unknown} receipts of \
             unknown SKUs or locations"
        ));
    }
    let mut pairs: Vec<KpiPair> = Vec::with_capacity(index.pairs.len());
    let mut at = 0;
    let receipts_of = |key: u64, at: &mut usize| {
        let start = *at;
        while *at < receipts.len() && receipts[*at].0 == key {
            *at += 1;
        }
        start..*at
    };
    for pair in index.pairs.iter().filter(|pair| (pair.sku as usize) < index.catalog_len) {
        let key = pair_key(pair.sku, pair.location);
        // Receipt-only pairs before this one.
        while at < receipts.len() && receipts[at].0 < key {
            let other = receipts[at].0;
            let range = receipts_of(other, &mut at);
            pairs.push(KpiPair {
                sku: (other >> 32) as u32,
                location: other as u32,
                series: 0..0,
                lots: 0..0,
                receipts: range,
            });
        }
        let range = receipts_of(key, &mut at);
        pairs.push(KpiPair {
            sku: pair.sku,
            location: pair.location,
            series: pair.series.clone(),
            lots: pair.lots.clone(),
            receipts: range,
        });
    }
    while at < receipts.len() {
        let other = receipts[at].0;
        let range = receipts_of(other, &mut at);
        pairs.push(KpiPair {
            sku: (other >> 32) as u32,
            location: other as u32,
            series: 0..0,
            lots: 0..0,
            receipts: range,
        });
    }
    (receipts, pairs)
}

/// Buffers reused from pair to pair.
#[derive(Default)]
struct PairScratch {
    daily: DailyStock,
    rate: HistoryRate,
    /// Per day of the period: (Σ demanded, Σ shipped) over the channels.
    days: Vec<PeriodDemand>,
    estimated: Vec<(u32, u32, f64)>,
}

struct Measured {
    months: Vec<Acc>,
    negative: usize,
    health: Health,
}

/// One pair's months and stock health, from its reconstructed days in
/// `scratch.daily` (which start the day before `period.from`).
fn measure_pair(
    series: &[DemandSeries],
    unit_cost: Decimal,
    months: &[MonthSpan],
    period: KpiPeriod,
    options: &KpiOptions,
    scratch: &mut PairScratch,
) -> Result<Measured, KpiError> {
    let (from, to) = (period.from, period.to);
    let n_days = (to - from).num_days() as usize + 1;
    let window = options.rate_weeks as usize * 7;
    scratch.days.clear();
    scratch.days.resize(n_days, PeriodDemand { demanded: 0.0, fulfilled: 0.0 });
    // Per day: (estimated channel-days, unestimated channel-days, estimated units).
    scratch.estimated.clear();
    scratch.estimated.resize(n_days, (0, 0, 0.0));
    // The excess ceiling's rate window, `rate_weeks` weeks up to `to`.
    let rate_from = to.checked_sub_days(Days::new(window as u64)).and_then(|d| d.succ_opt()).unwrap_or(to);
    let mut rate_units = 0.0;
    let mut last_demand: Option<NaiveDate> = None;
    for one in series {
        scratch.rate.prepare(one, window);
        let Some(end) = one.end() else { continue };
        // Days of the period.
        if end >= from && one.start <= to {
            let first = one.start.max(from);
            let last = end.min(to);
            let offset = (first - from).num_days() as usize;
            let start = (first - one.start).num_days() as usize;
            let count = (last - first).num_days() as usize + 1;
            for step in 0..count {
                let demand = day_demand(one, start + step, &scratch.rate);
                let day = &mut scratch.days[offset + step];
                day.demanded += demand.demanded;
                day.fulfilled += demand.shipped;
                let flags = &mut scratch.estimated[offset + step];
                if demand.estimated {
                    flags.0 += 1;
                    flags.2 += demand.demanded - demand.shipped;
                }
                flags.1 += u32::from(demand.unestimated);
            }
        }
        // The rate window and the last demand, up to `to`.
        if end >= rate_from && one.start <= to {
            let first = (one.start.max(rate_from) - one.start).num_days() as usize;
            let last = (end.min(to) - one.start).num_days() as usize;
            // Half-open: an inclusive range's iterator checks a flag every step.
            for day in first..last + 1 {
                rate_units += day_demand(one, day, &scratch.rate).demanded;
            }
        }
        if one.start <= to {
            let last = (end.min(to) - one.start).num_days() as usize;
            // A day demand was asked for: something shipped, or a customer
            // asked and nothing could be.
            let asked = |day: usize| one.quantity[day] > 0.0 || one.requested_on(day).is_some_and(|q| q > 0.0);
            if let Some(day) = (0..last + 1).rev().find(|&day| asked(day)) {
                let date = one.start + Days::new(day as u64);
                last_demand = last_demand.max(Some(date));
            }
        }
    }

    let on_hand = &scratch.daily.on_hand;
    let shipped_exact = &scratch.daily.shipped;
    let value = |quantity: f64| quantity_as_decimal(quantity) * unit_cost;
    let mut accs = Vec::with_capacity(months.len());
    for span in months {
        // Period-day indices; the reconstruction's indices are one more.
        let first = (span.from - from).num_days() as usize;
        let last = (span.to - from).num_days() as usize;
        let days = &scratch.days[first..=last];
        let shipped: f64 = shipped_exact[first + 1..=last + 1].iter().sum();
        let flags = &scratch.estimated[first..=last];
        accs.push(Acc {
            fill: unit_fill(days)?,
            stockouts: stockouts(days)?,
            shipped,
            estimated_days: flags.iter().filter(|flag| flag.0 > 0).count(),
            estimated_units: flags.iter().map(|flag| flag.2).sum(),
            unestimated: flags.iter().filter(|flag| flag.1 > 0).count(),
            cogs: value(shipped),
            opening: value(on_hand[first]),
            closing: value(on_hand[last + 1]),
            negative_pairs: usize::from(on_hand[first..=last + 1].iter().any(|&q| q < 0.0)),
        });
    }
    let negative = usize::from(on_hand[..n_days + 1].iter().any(|&q| q < 0.0));

    let stock = on_hand[n_days];
    let mut health = Health::default();
    if stock < 0.0 {
        health.negative_pairs = 1;
        health.on_hand_value = value(stock);
    } else {
        health.on_hand_value = value(stock);
        let idle = IdleStock { on_hand: stock, unit_cost, last_demand };
        let dead = dead_stock(&[idle], to, options.dead_stock_days)?;
        if !dead.items.is_empty() {
            health.dead_pairs = 1;
            health.dead_units = dead.units;
            health.dead_value = dead.value;
        }
        let daily_rate = rate_units / window.max(1) as f64;
        let ceiling = daily_rate * 7.0 * f64::from(options.excess_cover_weeks);
        let excess = excess_stock(&[StockCeiling { on_hand: stock, ceiling, unit_cost }])?;
        if !excess.lines.is_empty() {
            health.excess_pairs = 1;
            health.excess_units = excess.units;
            health.excess_value = excess.value;
        }
    }
    Ok(Measured { months: accs, negative, health })
}

fn round_to(value: Decimal, places: u32) -> Decimal {
    value.round_dp_with_strategy(places, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
}

/// The service and inventory rows of a group: each month (unless
/// `totals_only`), then the whole period.
fn push_rows(
    group: &Group,
    months: &[MonthSpan],
    options: &KpiOptions,
    totals_only: bool,
    service: &mut Vec<ServiceRow>,
    inventory: &mut Vec<InventoryRow>,
) {
    let Some((first, last)) = months.first().zip(months.last()) else { return };
    let mut push = |period: RowPeriod, spans: &[MonthSpan], accs: &[Acc], negative_pairs: usize| {
        let mut total = Acc::default();
        for acc in accs {
            total.add(acc);
        }
        service.push(ServiceRow {
            scope: group.scope,
            key: group.key.clone(),
            location: group.location.clone(),
            period,
            demanded: total.fill.demanded,
            shipped: total.shipped,
            filled: total.fill.filled,
            fill_rate: total.fill.rate,
            days: total.stockouts.periods,
            stockout_days: total.stockouts.stockouts,
            stockout_rate: total.stockouts.rate,
            estimated_days: total.estimated_days,
            estimated_units: total.estimated_units,
            unestimated_stockout_days: total.unestimated,
        });
        let opening = accs.first().map_or(Decimal::ZERO, |acc| acc.opening);
        let mut snapshots = vec![opening];
        snapshots.extend(accs.iter().map(|acc| acc.closing));
        let closing = *snapshots.last().expect("the opening at least");
        let average = snapshots.iter().sum::<Decimal>() / Decimal::from(snapshots.len());
        let cogs = total.cogs;
        // A negative snapshot (stock the records cannot explain) is refused
        // by the formulas: no figure rather than a wrong one.
        let turnover = inventory_turnover(cogs, &snapshots).ok().flatten().map(|t| round_to(t, 4));
        let counted = counted_days(spans, options.day_count);
        let annual_cogs = cogs * Decimal::from(options.day_count.days()) / Decimal::from(counted.max(1));
        let days_on_hand =
            days_on_hand(annual_cogs, &snapshots, options.day_count).ok().flatten().map(|d| round_to(d, 2));
        inventory.push(InventoryRow {
            scope: group.scope,
            key: group.key.clone(),
            location: group.location.clone(),
            period,
            opening_value: round_cents(opening),
            closing_value: round_cents(closing),
            average_value: round_cents(average),
            snapshots: snapshots.len(),
            cogs: round_cents(cogs),
            turnover,
            days_on_hand,
            negative_pairs,
        });
    };
    if !totals_only {
        for (span, acc) in months.iter().zip(&group.months) {
            let period = RowPeriod { month: Some(span.month), from: span.from, to: span.to, partial: span.partial };
            push(period, std::slice::from_ref(span), std::slice::from_ref(acc), acc.negative_pairs);
        }
    }
    let whole = RowPeriod { month: None, from: first.from, to: last.to, partial: false };
    push(whole, months, &group.months, group.negative_pairs);
}

fn health_row(group: &Group) -> StockHealthRow {
    let health = &group.health;
    StockHealthRow {
        scope: group.scope,
        key: group.key.clone(),
        location: group.location.clone(),
        on_hand_value: round_cents(health.on_hand_value),
        dead_pairs: health.dead_pairs,
        dead_units: health.dead_units,
        dead_value: round_cents(health.dead_value),
        excess_pairs: health.excess_pairs,
        excess_units: health.excess_units,
        excess_value: round_cents(health.excess_value),
        negative_pairs: health.negative_pairs,
    }
}

fn supplier_rows(
    workspace: &Workspace,
    months: &[MonthSpan],
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<SupplierRow>, KpiReportError> {
    let mut rows = Vec::new();
    for supplier in workspace.suppliers.iter() {
        let card = supplier_scorecard(workspace, &supplier.id, from, to)?;
        let row = |period: RowPeriod, m: &crate::purchasing::Measures| SupplierRow {
            supplier: supplier.id.clone(),
            period,
            lines_promised: m.lines_promised,
            units_ordered: m.units_ordered,
            units_filled: m.units_filled,
            fill_rate: m.fill_rate,
            receipts: m.receipts_with_promise,
            receipts_on_time: m.receipts_on_time,
            on_time_rate: m.on_time_rate,
        };
        for (span, month) in months.iter().zip(&card.trend) {
            let period = RowPeriod { month: Some(span.month), from: span.from, to: span.to, partial: span.partial };
            rows.push(row(period, &month.measures));
        }
        rows.push(row(RowPeriod { month: None, from, to, partial: false }, &card.measures));
    }
    Ok(rows)
}

fn landed_rows(workspace: &Workspace, from: NaiveDate, to: NaiveDate) -> Result<Vec<LandedCostRow>, KpiError> {
    let mut by_supplier: BTreeMap<&SupplierId, Vec<LandedCost>> = BTreeMap::new();
    for order in workspace.purchase_orders.iter() {
        if matches!(order.status, PoStatus::Draft | PoStatus::PendingApproval | PoStatus::Cancelled) {
            continue;
        }
        let last_receipts: Vec<Option<NaiveDate>> =
            order.lines.iter().map(|line| line.receipts.iter().map(|r| r.date).max()).collect();
        if !last_receipts.iter().flatten().any(|&date| from <= date && date <= to) {
            continue;
        }
        let variance = landed_variance(workspace, order);
        for (line, last) in variance.lines.iter().zip(last_receipts) {
            if last.is_some_and(|date| from <= date && date <= to) {
                if let Some(cost) = LandedCost::from_line_variance(line) {
                    by_supplier.entry(&order.supplier).or_default().push(cost);
                }
            }
        }
    }
    let mut rows = Vec::new();
    for (supplier, costs) in by_supplier {
        let Some(known) = workspace.supplier(supplier) else { continue };
        let totals = landed_cost_variance(&costs)?;
        rows.push(LandedCostRow {
            supplier: supplier.clone(),
            currency: known.currency.clone(),
            lines: costs.len(),
            expected: round_cents(totals.expected),
            actual: round_cents(totals.actual),
            amount: round_cents(totals.amount),
            percent: totals.percent.map(round_cents),
        });
    }
    Ok(rows)
}

fn spend_rows(
    workspace: &Workspace,
    index: &PlanIndex,
    classes: &[AbcClass],
    months: &[MonthSpan],
    from: NaiveDate,
    to: NaiveDate,
    notes: &mut Vec<String>,
) -> Vec<SpendRow> {
    // (scope, key) → per month (lines, amount).
    let mut sums: BTreeMap<(Scope, String), Vec<(usize, Decimal)>> = BTreeMap::new();
    let mut without_rate = 0usize;
    for order in workspace.purchase_orders.iter() {
        let date = committed_date(order);
        if !is_committed(order.status) || date < from || date > to {
            continue;
        }
        let Some(month) = months.iter().position(|span| span.from <= date && date <= span.to) else { continue };
        let rate = workspace.supplier(&order.supplier).and_then(|s| workspace.rate_to_base(&s.currency, date).ok());
        let Some(rate) = rate else {
            without_rate += 1;
            continue;
        };
        for line in &order.lines {
            let amount = line.value() * rate;
            let sku = workspace.sku(&line.sku);
            let class = index.rank(&line.sku).map_or(AbcClass::C, |rank| classes[rank as usize]);
            let mut keys =
                vec![(Scope::Portfolio, "all".to_owned()), (Scope::Supplier, order.supplier.as_str().to_owned())];
            if let Some(sku) = sku {
                keys.push((Scope::Family, sku.family.clone()));
                keys.push((Scope::Class, class.as_str().to_owned()));
            }
            for key in keys {
                let slot = &mut sums.entry(key).or_insert_with(|| vec![(0, Decimal::ZERO); months.len()])[month];
                slot.0 += 1;
                slot.1 += amount;
            }
        }
    }
    if without_rate > 0 {
        notes.push(format!("spend leaves out {without_rate} orders whose supplier or exchange rate is unknown"));
    }
    sums.entry((Scope::Portfolio, "all".to_owned())).or_insert_with(|| vec![(0, Decimal::ZERO); months.len()]);
    let mut rows = Vec::new();
    for ((scope, key), per_month) in sums {
        for (span, &(lines, amount)) in months.iter().zip(&per_month) {
            let period = RowPeriod { month: Some(span.month), from: span.from, to: span.to, partial: span.partial };
            rows.push(SpendRow { scope, key: key.clone(), period, lines, amount: round_cents(amount) });
        }
        let lines = per_month.iter().map(|slot| slot.0).sum();
        let amount = per_month.iter().map(|slot| slot.1).sum();
        rows.push(SpendRow {
            scope,
            key,
            period: RowPeriod { month: None, from, to, partial: false },
            lines,
            amount: round_cents(amount),
        });
    }
    rows
}

fn forecast_rows(report: &PortfolioReport) -> Vec<ForecastAccuracyRow> {
    let mut rows = Vec::new();
    for group in &report.groups {
        let name = group.group.map_or("all", |g| g.as_str());
        for (method, accuracy) in METHODS.iter().zip(&group.methods) {
            rows.push(ForecastAccuracyRow {
                group: name.to_owned(),
                series: group.series,
                method: (*method).to_owned(),
                mean_mase: accuracy.mean_mase,
                weighted_mase: accuracy.weighted_mase,
                bias_percent: accuracy.bias_percent,
            });
        }
    }
    rows
}

// ---------------------------------------------------------------------------
// CSV
// ---------------------------------------------------------------------------

/// The columns of each CSV table, by table name (`docs/formats.md`, "KPIs:
/// where the figures come from"). Every table of scoped rows starts with
/// `scope,key,location` and, where it has periods, `month,from,to,partial`
/// (`month` empty on the row of the whole period).
pub const KPI_CSV_TABLES: &[(&str, &[&str])] = &[
    (
        "service",
        &[
            "scope",
            "key",
            "location",
            "month",
            "from",
            "to",
            "partial",
            "demanded",
            "shipped",
            "filled",
            "fill_rate",
            "days",
            "stockout_days",
            "stockout_rate",
            "estimated_days",
            "estimated_units",
            "unestimated_stockout_days",
        ],
    ),
    (
        "inventory",
        &[
            "scope",
            "key",
            "location",
            "month",
            "from",
            "to",
            "partial",
            "opening_value",
            "closing_value",
            "average_value",
            "snapshots",
            "cogs",
            "turnover",
            "days_on_hand",
            "negative_pairs",
        ],
    ),
    (
        "stock_health",
        &[
            "scope",
            "key",
            "location",
            "on_hand_value",
            "dead_pairs",
            "dead_units",
            "dead_value",
            "excess_pairs",
            "excess_units",
            "excess_value",
            "negative_pairs",
        ],
    ),
    (
        "suppliers",
        &[
            "supplier",
            "month",
            "from",
            "to",
            "partial",
            "lines_promised",
            "units_ordered",
            "units_filled",
            "fill_rate",
            "receipts",
            "receipts_on_time",
            "on_time_rate",
        ],
    ),
    ("landed_cost", &["supplier", "currency", "lines", "expected", "actual", "amount", "percent"]),
    ("spend", &["scope", "key", "month", "from", "to", "partial", "lines", "amount"]),
    ("negative_stock", &["sku", "location", "first_day", "lowest", "lowest_day", "days"]),
    ("forecast_accuracy", &["group", "series", "method", "mean_mase", "weighted_mase", "bias_percent"]),
];

fn write_period(out: &mut CsvText, period: &RowPeriod) {
    match period.month {
        Some(month) => out.display(month),
        None => out.field(""),
    }
    out.display(period.from);
    out.display(period.to);
    out.field(if period.partial { "true" } else { "false" });
}

fn write_scope(out: &mut CsvText, scope: Scope, key: &str, location: &Option<LocationId>) {
    out.field(scope.as_str());
    out.text(key);
    out.text(location.as_ref().map_or("", |l| l.as_str()));
}

fn optional_decimal(out: &mut CsvText, value: Option<Decimal>) {
    match value {
        Some(value) => out.display(value),
        None => out.field(""),
    }
}

/// The report as CSV text, one table each, in the order of
/// [`KPI_CSV_TABLES`], with those columns. Numbers as the plan's CSV writes
/// them (at most 4 decimals), money with cents, an empty cell for "none".
pub fn kpi_report_csv(report: &KpiReport) -> Vec<(&'static str, String)> {
    let mut tables = Vec::with_capacity(KPI_CSV_TABLES.len());
    for &(name, header) in KPI_CSV_TABLES {
        let mut out = CsvText::new(4096);
        for column in header {
            out.field(column);
        }
        out.end_line();
        match name {
            "service" => {
                for row in &report.service {
                    write_scope(&mut out, row.scope, &row.key, &row.location);
                    write_period(&mut out, &row.period);
                    out.number(row.demanded);
                    out.number(row.shipped);
                    out.number(row.filled);
                    out.option(row.fill_rate);
                    out.display(row.days);
                    out.display(row.stockout_days);
                    out.option(row.stockout_rate);
                    out.display(row.estimated_days);
                    out.number(row.estimated_units);
                    out.display(row.unestimated_stockout_days);
                    out.end_line();
                }
            }
            "inventory" => {
                for row in &report.inventory {
                    write_scope(&mut out, row.scope, &row.key, &row.location);
                    write_period(&mut out, &row.period);
                    out.money(row.opening_value);
                    out.money(row.closing_value);
                    out.money(row.average_value);
                    out.display(row.snapshots);
                    out.money(row.cogs);
                    optional_decimal(&mut out, row.turnover);
                    optional_decimal(&mut out, row.days_on_hand);
                    out.display(row.negative_pairs);
                    out.end_line();
                }
            }
            "stock_health" => {
                for row in &report.stock_health {
                    write_scope(&mut out, row.scope, &row.key, &row.location);
                    out.money(row.on_hand_value);
                    out.display(row.dead_pairs);
                    out.number(row.dead_units);
                    out.money(row.dead_value);
                    out.display(row.excess_pairs);
                    out.number(row.excess_units);
                    out.money(row.excess_value);
                    out.display(row.negative_pairs);
                    out.end_line();
                }
            }
            "suppliers" => {
                for row in &report.suppliers {
                    out.text(row.supplier.as_str());
                    write_period(&mut out, &row.period);
                    out.display(row.lines_promised);
                    out.number(row.units_ordered);
                    out.number(row.units_filled);
                    out.option(row.fill_rate);
                    out.display(row.receipts);
                    out.display(row.receipts_on_time);
                    out.option(row.on_time_rate);
                    out.end_line();
                }
            }
            "landed_cost" => {
                for row in &report.landed_cost {
                    out.text(row.supplier.as_str());
                    out.display(&row.currency);
                    out.display(row.lines);
                    out.money(row.expected);
                    out.money(row.actual);
                    out.money(row.amount);
                    optional_decimal(&mut out, row.percent);
                    out.end_line();
                }
            }
            "spend" => {
                for row in &report.spend {
                    out.field(row.scope.as_str());
                    out.text(&row.key);
                    write_period(&mut out, &row.period);
                    out.display(row.lines);
                    out.money(row.amount);
                    out.end_line();
                }
            }
            "negative_stock" => {
                for row in &report.negative_stock {
                    out.text(row.sku.as_str());
                    out.text(row.location.as_str());
                    out.display(row.first_day);
                    out.number(row.lowest);
                    out.display(row.lowest_day);
                    out.display(row.days);
                    out.end_line();
                }
            }
            _ => {
                for row in &report.forecast_accuracy {
                    out.text(&row.group);
                    out.display(row.series);
                    out.text(&row.method);
                    out.number(row.mean_mase);
                    out.number(row.weighted_mase);
                    out.option(row.bias_percent);
                    out.end_line();
                }
            }
        }
        tables.push((name, out.into_text()));
    }
    tables
}
