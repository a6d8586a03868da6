//! The sample's small policy tables: monthly exchange rates for every
//! foreign currency a supplier bills in, spending budgets per family for the
//! coming months, a buyer's manual min/max overrides, and one standing
//! order.
//!
//! Rates move as a mean-reverting random walk in whole basis points (ten
//! thousandths of a euro), so they are integers until they become `Decimal`.

use std::collections::BTreeSet;

use chrono::{Datelike, Months, NaiveDate};
use rust_decimal::{Decimal, RoundingStrategy};

use super::catalog::{location_volume, SkuPlan};
use super::names::{Shape, FAMILIES, SUPPLIERS};
use super::rng::Rng;
use super::{tag, Calendar, SampleSpec};
use crate::model::{
    Budget, Currency, CurrencyRate, Location, MinMaxOverride, RecurringLine, RecurringOrder, RecurringRule, SkuStatus,
};

fn first_of_month(date: NaiveDate) -> NaiveDate {
    date.with_day(1).unwrap_or(date)
}

/// Euros per unit, in basis points, around which a currency's rate moves.
fn anchor_basis_points(currency: &str) -> i64 {
    match currency {
        "USD" => 9_150,
        "GBP" => 11_650,
        _ => 10_000,
    }
}

pub(super) fn currency_rates(spec: &SampleSpec, calendar: &Calendar) -> Vec<CurrencyRate> {
    // Built by insertion: collecting into a set sorts with its own copy of
    // std's sort (`crate::sorting`).
    let mut currencies = BTreeSet::new();
    currencies.extend(
        (0..spec.n_suppliers)
            .map(|idx| SUPPLIERS[idx % SUPPLIERS.len()].currency)
            .filter(|currency| *currency != "EUR"),
    );
    let first_month = first_of_month(calendar.start);
    let this_month = first_of_month(calendar.date(calendar.today as i64));
    let mut rates = Vec::new();
    for currency in currencies {
        let code = currency.bytes().fold(0u64, |acc, byte| acc << 8 | u64::from(byte));
        let mut rng = Rng::keyed(spec.seed, &[tag::RATES, code]);
        let anchor = anchor_basis_points(currency);
        let mut rate = anchor + rng.between(-300, 300);
        let mut month = first_month;
        while month <= this_month {
            rates.push(CurrencyRate { currency: Currency::new(currency), as_of: month, rate: Decimal::new(rate, 4) });
            rate += rng.between(-120, 120) + (anchor - rate) / 8;
            month = match month.checked_add_months(Months::new(1)) {
                Some(next) => next,
                None => break,
            };
        }
    }
    rates
}

/// Months the budgets cover: this month and the five after it.
const BUDGET_MONTHS: u32 = 6;

pub(super) fn budgets(spec: &SampleSpec, calendar: &Calendar, skus: &[SkuPlan], locations: &[Location]) -> Vec<Budget> {
    if locations.is_empty() {
        return Vec::new();
    }
    let volume: f64 = (0..locations.len()).map(location_volume).sum();
    let this_month = first_of_month(calendar.date(calendar.today as i64));
    let mut budgets = Vec::new();
    for (family_idx, family) in FAMILIES.iter().enumerate() {
        let members: Vec<&SkuPlan> = skus.iter().filter(|plan| plan.family == family_idx).collect();
        if members.is_empty() {
            continue;
        }
        // A month's spend at standard cost, from whole units per SKU.
        let monthly_spend: Decimal = members
            .iter()
            .filter(|plan| plan.sku.status == SkuStatus::Active)
            .map(|plan| Decimal::from(libm::round(plan.base_rate * volume * 30.4) as i64) * plan.sku.unit_cost)
            .sum();
        let mut rng = Rng::keyed(spec.seed, &[tag::BUDGET, family_idx as u64]);
        for offset in 0..BUDGET_MONTHS {
            let Some(month) = this_month.checked_add_months(Months::new(offset)) else { break };
            let factor = Decimal::new(rng.between(95, 115), 2);
            let hundreds = (monthly_spend * factor / Decimal::ONE_HUNDRED)
                .round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero);
            budgets.push(Budget { family: family.name.to_owned(), month, amount: hundreds * Decimal::ONE_HUNDRED });
        }
    }
    budgets
}

/// Two overrides a buyer typically keeps: a fixed spares holding for an
/// intermittent machine part at the main warehouse, and a min/max for a
/// steady consumable at every location.
pub(super) fn min_max_overrides(skus: &[SkuPlan], locations: &[Location]) -> Vec<MinMaxOverride> {
    let Some(main) = locations.first() else { return Vec::new() };
    let active = |plan: &&SkuPlan| plan.sku.status == SkuStatus::Active && plan.launch_day.is_none();
    let mut overrides = Vec::new();
    if let Some(spare) =
        skus.iter().filter(active).find(|plan| plan.family().name == "Spare parts" && plan.shape == Shape::Lumpy)
    {
        let min = libm::ceil(spare.base_rate * 14.0).max(2.0);
        overrides.push(MinMaxOverride {
            sku: spare.sku.id.clone(),
            location: Some(main.id.clone()),
            min,
            max: min + 2.0,
        });
    }
    if let Some(steady) =
        skus.iter().filter(active).find(|plan| plan.family().name == "Office paper" && plan.shape == Shape::Smooth)
    {
        let min = libm::ceil(steady.base_rate * 14.0).max(1.0);
        let max = libm::ceil(steady.base_rate * 40.0).max(min + 1.0);
        overrides.push(MinMaxOverride { sku: steady.sku.id.clone(), location: None, min, max });
    }
    overrides
}

/// A standing fortnightly order from the first supplier to the first
/// location for two of its active SKUs: the first a fixed quantity (ten of
/// its order packs, at least its MOQ), the second up to the plan's
/// order-up-to level. It started on the Monday 26 weeks before today's week,
/// and its last draft was for the last due date before today. `None` when
/// the supplier offers fewer than two active SKUs.
pub(super) fn recurring_orders(
    calendar: &Calendar,
    skus: &[SkuPlan],
    suppliers: &[super::catalog::SupplierPlan],
    locations: &[Location],
) -> Option<RecurringOrder> {
    let (supplier, location) = (suppliers.first()?, locations.first()?);
    let mut offered = skus
        .iter()
        .filter(|plan| plan.sku.status == SkuStatus::Active)
        .filter_map(|plan| plan.sourcing.iter().find(|s| s.listed && s.supplier == 0).map(|source| (plan, source)));
    let (fixed, fixed_source) = offered.next()?;
    let (up_to, _) = offered.next()?;
    let today = calendar.today as i64;
    let monday = today - i64::from(calendar.weekday(today));
    let every_weeks = 2;
    let start = monday - 26 * 7;
    let last_due = start + (today - 1 - start) / (7 * every_weeks) * (7 * every_weeks);
    let mut lines = vec![
        RecurringLine {
            sku: fixed.sku.id.clone(),
            rule: RecurringRule::Fixed,
            quantity: (10.0 * fixed_source.pack).max(fixed_source.moq),
        },
        RecurringLine { sku: up_to.sku.id.clone(), rule: RecurringRule::OrderUpTo, quantity: 0.0 },
    ];
    crate::sorting::sort_by(&mut lines, |a, b| a.sku.cmp(&b.sku));
    Some(RecurringOrder {
        id: "STANDING-01".into(),
        supplier: supplier.supplier.id.clone(),
        location: location.id.clone(),
        every_weeks: every_weeks as u32,
        start: calendar.date(start),
        last_generated: Some(calendar.date(last_due)),
        active: true,
        lines,
    })
}
