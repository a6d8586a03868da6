//! Committed spend against each product family's monthly budget (issue 8,
//! section 3): what the budget view lists and what the approval rules ask
//! of one purchase order.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::model::money::round_cents;
use crate::model::{AbcClass, LocationId, MissingRate, PoId, PoStatus, PurchaseOrder, SkuId, SupplierId, Workspace};
use crate::plan::Plan;

/// Why committed spend could not be worked out.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum BudgetError {
    #[error("purchase order {po} names supplier {supplier}, which is not in the workspace")]
    UnknownSupplier { po: PoId, supplier: SupplierId },
    #[error("purchase order {po} has a line for SKU {sku}, which is not in the workspace")]
    UnknownSku { po: PoId, sku: SkuId },
    #[error("purchase order {po}: {reason}")]
    MissingRate { po: PoId, reason: String },
    #[error("the plan suggests an order of SKU {sku}, which is not in the workspace")]
    UnknownPlanSku { sku: SkuId },
}

/// One family's budget in a month against what is committed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FamilyBudget {
    pub family: String,
    /// First day of the month.
    pub month: NaiveDate,
    /// `None`: no budget is set for the family in this month (its spend is
    /// shown, never limited).
    pub budget: Option<Decimal>,
    /// Base currency, cents.
    pub committed: Decimal,
    /// `budget − committed`; negative when over budget.
    pub remaining: Option<Decimal>,
}

/// What one purchase order does to one family's budget.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FamilyImpact {
    pub family: String,
    /// The order's lines of this family, base currency, cents.
    pub value: Decimal,
    pub budget: Option<Decimal>,
    /// Committed by the month's other orders (this one left out).
    pub committed_before: Decimal,
    /// `budget − committed_before`.
    pub remaining_before: Option<Decimal>,
    /// `remaining_before − value`.
    pub remaining_after: Option<Decimal>,
    /// There is a budget and `committed_before + value` exceeds it.
    pub over_budget: bool,
}

/// What one purchase order does to the budgets of the month it counts in.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BudgetImpact {
    pub po: PoId,
    /// First day of the month the order counts in.
    pub month: NaiveDate,
    /// The date whose exchange rate converts the order (see [`budget_impact`]).
    pub as_of: NaiveDate,
    /// One per family on the order, ascending by family.
    pub families: Vec<FamilyImpact>,
}

impl BudgetImpact {
    /// The families this order takes (or keeps) over their budget.
    pub fn over_budget(&self) -> impl Iterator<Item = &FamilyImpact> {
        self.families.iter().filter(|family| family.over_budget)
    }
}

/// The first day of `date`'s month.
pub fn month_of(date: NaiveDate) -> NaiveDate {
    date.with_day(1).unwrap_or(date)
}

/// Whether an order's value is committed spend: approved, sent, partially
/// received, received or closed (not draft, pending or cancelled).
pub fn is_committed(status: PoStatus) -> bool {
    matches!(
        status,
        PoStatus::Approved | PoStatus::Sent | PoStatus::PartiallyReceived | PoStatus::Received | PoStatus::Closed
    )
}

/// The date a committed order counts on: its approval date, else (orders
/// entered as approved without one) its creation date.
pub(crate) fn committed_date(po: &PurchaseOrder) -> NaiveDate {
    po.approved.unwrap_or(po.created)
}

/// An order's value per family in the base currency, converted at `as_of`'s
/// rate (`Workspace::rate_to_base`).
///
/// Conventions: a line's value is ordered quantity × unit price
/// (`PoLine::value`, exact in `Decimal`), converted, summed per family and
/// rounded to the cent once per family, half away from zero. Closed or
/// partly received orders still count at their ordered quantity: the spend
/// was committed when they were approved. Refused: an unknown supplier or
/// SKU, a currency without any rate.
pub fn po_value_by_family(
    workspace: &Workspace,
    po: &PurchaseOrder,
    as_of: NaiveDate,
) -> Result<BTreeMap<String, Decimal>, BudgetError> {
    let supplier = workspace
        .supplier(&po.supplier)
        .ok_or_else(|| BudgetError::UnknownSupplier { po: po.id.clone(), supplier: po.supplier.clone() })?;
    let rate = workspace
        .rate_to_base(&supplier.currency, as_of)
        .map_err(|error: MissingRate| BudgetError::MissingRate { po: po.id.clone(), reason: error.to_string() })?;
    let mut values: BTreeMap<String, Decimal> = BTreeMap::new();
    for line in &po.lines {
        let sku = workspace
            .sku(&line.sku)
            .ok_or_else(|| BudgetError::UnknownSku { po: po.id.clone(), sku: line.sku.clone() })?;
        *values.entry(sku.family.clone()).or_default() += line.value() * rate;
    }
    values.values_mut().for_each(|value| *value = round_cents(*value));
    Ok(values)
}

/// Committed spend per family in `month`, leaving out the order `except`.
fn committed_by_family(
    workspace: &Workspace,
    month: NaiveDate,
    except: Option<&PoId>,
) -> Result<BTreeMap<String, Decimal>, BudgetError> {
    let month = month_of(month);
    let mut committed: BTreeMap<String, Decimal> = BTreeMap::new();
    for po in workspace.purchase_orders.iter() {
        if !is_committed(po.status) || month_of(committed_date(po)) != month || except == Some(&po.id) {
            continue;
        }
        for (family, value) in po_value_by_family(workspace, po, committed_date(po))? {
            *committed.entry(family).or_default() += value;
        }
    }
    Ok(committed)
}

/// The budget set for `family` in `month` (its first day), if any.
fn budget_for(workspace: &Workspace, family: &str, month: NaiveDate) -> Option<Decimal> {
    let month = month_of(month);
    workspace.budgets.iter().find(|budget| budget.family == family && budget.month == month).map(|budget| budget.amount)
}

/// Committed spend of `family` in the month containing `month` (any day of
/// it names it), in the base currency.
///
/// Counted: every order that is approved, sent, partially received, received
/// or closed, whose approval date (its creation date when it has none) falls
/// in the month; each at its ordered value per family as
/// [`po_value_by_family`] gives it, converted at the rate of that same date.
/// Refused: as [`po_value_by_family`], for any order counted in the month.
pub fn committed_spend(workspace: &Workspace, family: &str, month: NaiveDate) -> Result<Decimal, BudgetError> {
    Ok(committed_by_family(workspace, month, None)?.get(family).copied().unwrap_or_default())
}

/// Every family with a budget or committed spend in `month`, ascending by
/// family: budget, committed spend ([`committed_spend`]) and what remains.
pub fn budget_status(workspace: &Workspace, month: NaiveDate) -> Result<Vec<FamilyBudget>, BudgetError> {
    let month = month_of(month);
    let mut committed = committed_by_family(workspace, month, None)?;
    for budget in workspace.budgets.iter().filter(|budget| budget.month == month) {
        committed.entry(budget.family.clone()).or_default();
    }
    Ok(committed
        .into_iter()
        .map(|(family, committed)| {
            let budget = budget_for(workspace, &family, month);
            FamilyBudget { remaining: budget.map(|b| b - committed), family, month, budget, committed }
        })
        .collect())
}

/// What `po` does to its families' budgets.
///
/// The order counts in the month of the date it is (or would be) approved:
/// its approval date when it has one; for a committed order without one,
/// its creation date (as [`committed_spend`]); otherwise `today`, the day an
/// approval given now would carry. Its value per family is converted at that
/// date's rate. Every other committed order of that month is counted as
/// [`committed_spend`] does; the order itself never is (so an approved order
/// is not counted twice). A family is over budget when it has a budget and
/// what the others committed plus this order's value exceeds it; a family
/// without a budget never is.
pub fn budget_impact(workspace: &Workspace, po: &PurchaseOrder, today: NaiveDate) -> Result<BudgetImpact, BudgetError> {
    let as_of = match po.approved {
        Some(approved) => approved,
        None if is_committed(po.status) => po.created,
        None => today,
    };
    let month = month_of(as_of);
    let committed = committed_by_family(workspace, month, Some(&po.id))?;
    let families = po_value_by_family(workspace, po, as_of)?
        .into_iter()
        .map(|(family, value)| {
            let budget = budget_for(workspace, &family, month);
            let committed_before = committed.get(&family).copied().unwrap_or_default();
            let remaining_before = budget.map(|b| b - committed_before);
            FamilyImpact {
                over_budget: remaining_before.is_some_and(|remaining| value > remaining),
                remaining_after: remaining_before.map(|remaining| remaining - value),
                family,
                value,
                budget,
                committed_before,
                remaining_before,
            }
        })
        .collect();
    Ok(BudgetImpact { po: po.id.clone(), month, as_of, families })
}

/// One suggested order competing for its family's remaining budget.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BudgetCandidate {
    pub sku: SkuId,
    pub location: LocationId,
    pub family: String,
    pub abc: AbcClass,
    /// Goods value of the suggested order, base currency, cents.
    pub value: Decimal,
    /// Mean demand per day (0 when only a buyer's min/max plans the line).
    pub mean_per_day: f64,
    /// The chosen offer's lead time L, days.
    pub lead_time_days: f64,
    /// Inventory position ÷ mean daily demand; `None` without demand.
    pub days_of_cover: Option<f64>,
    /// Units of demand expected to go unmet if the order waits for the next
    /// month's budget ([`shortage_averted`]).
    pub shortage_averted: f64,
}

/// The suggestions of one family, split into what fits its remaining budget
/// and what is deferred.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FamilySelection {
    pub family: String,
    /// `None`: no budget for the family this month; every suggestion is kept.
    pub remaining: Option<Decimal>,
    /// In the order they were chosen.
    pub accepted: Vec<BudgetCandidate>,
    /// Each with the shortage it risks.
    pub deferred: Vec<BudgetCandidate>,
    pub accepted_value: Decimal,
    pub deferred_value: Decimal,
}

/// Expected units short if an order waits `deferral_days` before it is
/// placed, under mean demand (no variability).
///
/// Placed today, the order arrives after `L` days; stock lasts `cover` days
/// (position ÷ d). Deferred, it arrives after `D + L`: the extra days without
/// stock run from `max(cover, L)` (before `L` nothing ordered today helps
/// either) to `D + L`, so the averted shortage is
/// `d × max(0, D + L − max(cover, L))`. Without demand (`cover` is `None`)
/// nothing is averted. A negative cover (backorders beyond stock) counts as
/// zero. Non-finite or negative inputs give zero.
pub fn shortage_averted(mean_per_day: f64, lead_time_days: f64, days_of_cover: Option<f64>, deferral_days: f64) -> f64 {
    let Some(cover) = days_of_cover else { return 0.0 };
    if !(mean_per_day.is_finite() && lead_time_days.is_finite() && cover.is_finite() && deferral_days.is_finite()) {
        return 0.0;
    }
    let (demand, lead, deferral) = (mean_per_day.max(0.0), lead_time_days.max(0.0), deferral_days.max(0.0));
    demand * (deferral + lead - cover.max(0.0).max(lead)).max(0.0)
}

/// The order of candidates for money: most units of shortage averted per
/// unit of money first; on a tie A before B before C, then the nearest
/// stockout (least cover) first, then SKU and location.
fn rank(a: &BudgetCandidate, b: &BudgetCandidate) -> std::cmp::Ordering {
    let per_money = |c: &BudgetCandidate| {
        if c.value.is_zero() {
            f64::INFINITY
        } else {
            c.shortage_averted / crate::model::money::to_f64(c.value)
        }
    };
    per_money(b)
        .total_cmp(&per_money(a))
        .then(a.abc.cmp(&b.abc))
        .then(a.days_of_cover.unwrap_or(f64::INFINITY).total_cmp(&b.days_of_cover.unwrap_or(f64::INFINITY)))
        .then_with(|| (&a.sku, &a.location).cmp(&(&b.sku, &b.location)))
}

/// Which of a family's candidates to buy within `remaining` (`None`: no
/// budget, all of them).
///
/// Greedy by [`rank`]ing (shortage averted per unit of money, the ratio
/// compared in `f64` — a ranking only, the sums are `Decimal`): each
/// candidate in turn is accepted if its value fits in what is left, else
/// deferred, and the next is tried (a cheaper one further down may still
/// fit). When everything fits, everything is accepted. A negative remaining
/// budget fits nothing but zero-value orders.
pub fn select_within_budget(mut candidates: Vec<BudgetCandidate>, remaining: Option<Decimal>) -> FamilySelection {
    let family = candidates.first().map(|c| c.family.clone()).unwrap_or_default();
    crate::sorting::sort_by(&mut candidates, rank);
    let mut left = remaining;
    let (mut accepted, mut deferred) = (Vec::new(), Vec::new());
    for candidate in candidates {
        match left {
            Some(amount) if candidate.value > amount => deferred.push(candidate),
            Some(amount) => {
                left = Some(amount - candidate.value);
                accepted.push(candidate);
            }
            None => accepted.push(candidate),
        }
    }
    FamilySelection {
        family,
        remaining,
        accepted_value: accepted.iter().map(|c| c.value).sum(),
        deferred_value: deferred.iter().map(|c: &BudgetCandidate| c.value).sum(),
        accepted,
        deferred,
    }
}

/// The plan's suggested orders, family by family, within what each family
/// has left of `today`'s month's budget ([`budget_status`]): the subset
/// [`select_within_budget`] protects most service with, and what is
/// deferred with the shortage it risks. A deferred order waits for next
/// month's budget: `D` = days from `today` to the first of next month.
/// Values are the suggestions' goods values in the base currency
/// (`SuggestedOrder::goods_value`, rounded to the cent), as committed spend
/// counts them. Families ascending; a family without a budget keeps all its
/// suggestions. Refused: as [`budget_status`], and a suggestion for a SKU
/// not in the workspace.
pub fn buying_within_budget(
    workspace: &Workspace,
    plan: &Plan,
    today: NaiveDate,
) -> Result<Vec<FamilySelection>, BudgetError> {
    let status = budget_status(workspace, today)?;
    let next_month = month_of(today).checked_add_months(chrono::Months::new(1)).unwrap_or(today);
    let deferral_days = (next_month - today).num_days() as f64;
    let mut by_family: BTreeMap<String, Vec<BudgetCandidate>> = BTreeMap::new();
    for line in &plan.lines {
        let Some(order) = &line.order else { continue };
        let sku = workspace.sku(&line.sku).ok_or_else(|| BudgetError::UnknownPlanSku { sku: line.sku.clone() })?;
        let mean_per_day = line.demand.as_ref().map_or(0.0, |demand| demand.mean_per_day);
        let lead_time_days = line.chosen_figures().map_or(0.0, |figures| figures.lead_time.mean_days);
        by_family.entry(sku.family.clone()).or_default().push(BudgetCandidate {
            sku: line.sku.clone(),
            location: line.location.clone(),
            family: sku.family.clone(),
            abc: line.service.abc,
            value: round_cents(order.goods_value),
            mean_per_day,
            lead_time_days,
            days_of_cover: line.days_of_cover,
            shortage_averted: shortage_averted(mean_per_day, lead_time_days, line.days_of_cover, deferral_days),
        });
    }
    Ok(by_family
        .into_iter()
        .map(|(family, candidates)| {
            let remaining = status.iter().find(|f| f.family == family).and_then(|f| f.remaining);
            select_within_budget(candidates, remaining)
        })
        .collect())
}
