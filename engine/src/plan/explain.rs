//! "Why this quantity?": a plan line's figures as steps a buyer can follow,
//! each with a title, the formula in words, the figures substituted and the
//! result.
//!
//! Nothing is recomputed here; every number is read from the line, so the
//! explanation can never disagree with the plan. Steps are built when asked
//! for (the page's detail view, `plan_to_json`) rather than for every line
//! during planning, which keeps a 100,000-line plan fast.
//!
//! A buyer must be able to redo every printed sum by hand, so the
//! substitutions and results follow one grammar (checked over thousands of
//! lines by `engine/tests/it/explain.rs`):
//! - a step's substitution and result are clauses separated by "; " or ", ";
//! - a clause with " = " is `label = expression (= expression)*`, optionally
//!   followed by unit words ("days", "a year"); every expression in it has
//!   the same value, and a substitution clause with one expression has its
//!   value in the result clause with the same label;
//! - an expression is numbers joined by spaced `+ − × ÷`, postfix `²`, `√`,
//!   parentheses, and `%` after a number (a hundredth); no thousands
//!   separators;
//! - a number printed without decimals is exact (`number` prints whole
//!   values plain only when they are whole); one with decimals is rounded
//!   half away from zero to at least three significant digits, so a sum of
//!   printed numbers meets the printed result within their rounding.

use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::count::{self, CountDistribution};
use super::demand::{DemandSource, PhasedDemand, ADI_CUTOFF, CV2_CUTOFF, MIN_USABLE_DAYS_PER_WEEK};
use super::lead_time::{LeadTimeSdSource, LeadTimeSource};
use super::line::{
    CostBasis, Decision, Flag, OfferEvaluation, OfferFigures, PlanLine, QuantityBasis, SuggestedOrder, Unplannable,
};
use super::safety_stock::{CountSafety, SafetyStock};
use crate::model::{PolicyKind, ServiceDefinition};

/// One step of an explanation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    pub title: String,
    /// The rule, in words.
    pub formula: String,
    /// The rule with this line's figures put in.
    pub substitution: String,
    pub result: String,
}

fn step(title: &str, formula: impl Into<String>, substitution: impl Into<String>, result: impl Into<String>) -> Step {
    Step { title: title.to_owned(), formula: formula.into(), substitution: substitution.into(), result: result.into() }
}

/// A quantity for reading: whole numbers plain, others to two decimals, or
/// more below 1 so that at least three significant digits show (0.00730, not
/// 0.01: a figure a buyer recomputes from must carry its precision).
pub fn number(value: f64) -> String {
    if !value.is_finite() {
        return "—".to_owned();
    }
    if (value - value.round()).abs() < 1e-9 {
        format!("{}", value.round() as i64)
    } else {
        let magnitude = value.abs().log10().floor() as i32;
        let decimals = (2 - magnitude).clamp(2, 9) as usize;
        format!("{value:.decimals$}")
    }
}

/// A safety factor z or k: three decimals, as tables print them, or more
/// near zero so that three significant digits show.
fn safety_factor(value: f64) -> String {
    let magnitude = if value == 0.0 { 0 } else { value.abs().log10().floor() as i32 };
    let decimals = (2 - magnitude).clamp(3, 9) as usize;
    format!("{value:.decimals$}")
}

fn percent(fraction: f64) -> String {
    let value = fraction * 100.0;
    if (value - value.round()).abs() < 1e-9 {
        format!("{} %", value.round() as i64)
    } else {
        format!("{} %", number(value))
    }
}

fn money(amount: Decimal) -> String {
    amount.to_string()
}

fn policy_name(policy: PolicyKind) -> &'static str {
    match policy {
        PolicyKind::ContinuousReview => "continuous review (s, Q)",
        PolicyKind::PeriodicReview => "periodic review (R, S)",
        PolicyKind::MinMax => "min/max",
    }
}

fn service_name(definition: ServiceDefinition) -> &'static str {
    match definition {
        ServiceDefinition::CycleService => "cycle service level α",
        ServiceDefinition::FillRate => "fill rate β",
    }
}

/// The steps behind a planned line.
pub fn explain(line: &PlanLine) -> Vec<Step> {
    let mut steps = Vec::with_capacity(14);
    let history = &line.history;
    let figures = line.chosen_figures();

    steps.push(step(
        "Demand history",
        format!(
            "Weekly totals over the window ending yesterday, channels summed. Stockout days (censored sales) and \
             promotion days are left out of these statistics (a forecast scales or imputes such weeks instead); a \
             week needs {MIN_USABLE_DAYS_PER_WEEK} usable days and is scaled up to 7."
        ),
        format!(
            "{} to {} ({} weeks configured{}): {} weeks used, {} dropped; {} stockout and {} promotion days left out",
            history.window_start,
            history.window_end,
            history.window_weeks,
            if history.new_item { ", shortened to the item's life" } else { "" },
            history.weeks_used,
            history.weeks_dropped,
            history.stockout_days,
            history.promo_days
        ),
        format!(
            "mean {} a week, sd {} a week, CV {}",
            number(history.mean_per_week),
            number(history.sd_per_week),
            history.cv.map_or_else(|| "— (no demand)".to_owned(), number)
        ),
    ));

    match &line.demand {
        Some(estimate) if estimate.source == DemandSource::History => steps.push(step(
            "Demand per day",
            "d = weekly mean ÷ 7; σd = weekly sd ÷ √7 (days assumed independent, so variances add)",
            format!("d = {} ÷ 7; σd = {} ÷ √7", number(history.mean_per_week), number(history.sd_per_week)),
            format!("d = {} a day, σd = {} a day", number(estimate.mean_per_day), number(estimate.sd_per_day)),
        )),
        Some(estimate) => match &estimate.phased {
            Some(phased) => {
                let n = phased.weekly.len();
                steps.push(step(
                    "Demand per day",
                    "From the forecast: d = the average day of the forecast weeks (for annual demand, EOQ and \
                     days of cover); the reorder levels use the forecast over the actual days instead",
                    format!(
                        "forecast model {}; d = {} ÷ (7 × {n})",
                        estimate.method.as_deref().unwrap_or("(unnamed)"),
                        number(phased.weekly.iter().sum::<f64>())
                    ),
                    format!("d = {} a day", number(estimate.mean_per_day)),
                ));
            }
            None => steps.push(step(
                "Demand per day",
                "From the forecast: its mean, and the standard deviation of its error",
                format!("forecast model {}", estimate.method.as_deref().unwrap_or("(unnamed)")),
                format!("d = {} a day, σd = {} a day", number(estimate.mean_per_day), number(estimate.sd_per_day)),
            )),
        },
        None => steps.push(step(
            "Demand per day",
            "No usable history or forecast: the line is planned from the buyer's min/max only",
            format!("{} usable weeks", history.weeks_used),
            "d unknown",
        )),
    }

    let service = &line.service;
    steps.push(step(
        "Classes",
        format!(
            "ABC by annual value across locations; XYZ by the CV of weekly demand; pattern by ADI (cut-off \
             {ADI_CUTOFF}) and CV² of non-zero weeks (cut-off {CV2_CUTOFF}), after Syntetos & Boylan"
        ),
        format!(
            "CV {}, ADI {}, CV² {}",
            history.cv.map_or_else(|| "—".to_owned(), number),
            history.adi.map_or_else(|| "—".to_owned(), number),
            history.cv2.map_or_else(|| "—".to_owned(), number)
        ),
        format!("{}{}, {}", service.abc, service.xyz, line.pattern),
    ));

    let raised = if service.raised_by_criticality {
        format!(" (raised from {} because the SKU's criticality is high)", percent(service.cell_level))
    } else {
        String::new()
    };
    steps.push(step(
        "Service target",
        "The policy matrix cell of the classes; a high-criticality SKU gets class-A service",
        format!("cell {}{}", service.abc, service.xyz),
        match &line.min_max {
            Some(levels) if levels.manual => {
                format!("min/max fixed by a buyer: min {}, max {}", number(levels.min), number(levels.max))
            }
            _ => format!(
                "{} {}{raised}, {}",
                service_name(service.definition),
                percent(service.level),
                policy_name(service.policy)
            ),
        },
    ));

    if let Some(figures) = figures {
        steps.push(lead_time_step(line.chosen_offer().supplier.as_str(), figures));
        steps.push(quantity_step(figures, line));
        steps.push(rules_step(figures));
        if let Some(phased) = phased(line) {
            steps.push(interval_demand_step(line, figures, phased));
        }
        steps.push(safety_step(line, figures));
        steps.push(level_step(line, figures));
    }

    let inventory = &line.inventory;
    steps.push(step(
        "Inventory position",
        "IP = on hand − expired − quarantined + on order − backorders (allocated stock is already in demand, not subtracted)",
        format!(
            "IP = {} − {} − {} + {} − {}",
            number(inventory.on_hand),
            number(inventory.expired),
            number(inventory.quarantined),
            number(inventory.on_order),
            number(inventory.backorders)
        ),
        format!(
            "IP = {}; {}",
            number(inventory.position),
            match (line.days_of_cover, line.urgency_days) {
                (Some(cover), Some(urgency)) => format!("{} days of cover, {} days beyond the lead time", number(cover), number(urgency)),
                _ => "days of cover unknown (no demand)".to_owned(),
            }
        ),
    ));
    steps.push(decision_step(line));
    if let Some(order) = &line.order {
        steps.push(order_step(order));
    }
    steps.push(comparison_step(line));
    if !line.flags.is_empty() {
        steps.push(step(
            "Flags",
            "What to check before ordering",
            line.flags.iter().map(|flag| flag.code()).collect::<Vec<_>>().join(", "),
            line.flags.iter().map(|flag| flag.to_string()).collect::<Vec<_>>().join("; "),
        ));
    }
    steps
}

fn lead_time_step(supplier: &str, figures: &OfferFigures) -> Step {
    let lead_time = &figures.lead_time;
    let observations = lead_time.observations.as_ref();
    let n = observations.map_or(0, |o| o.n);
    let formula =
        "Measured from receipts (approval to first receipt) from 3 observations on, else the quoted lead time";
    let substitution = match lead_time.source {
        LeadTimeSource::Measured => format!(
            "{n} receipts from {supplier}: mean {} days, sample sd {} days (quoted {})",
            number(lead_time.mean_days),
            number(lead_time.sd_days),
            number(lead_time.quoted_days)
        ),
        LeadTimeSource::Quoted => {
            let sd_from = match lead_time.sd_source {
                LeadTimeSdSource::Measured => "measured",
                LeadTimeSdSource::Supplier => "the supplier's statement",
                LeadTimeSdSource::Family => "the product family's measured offers",
                LeadTimeSdSource::Unknown => "nowhere: assumed 0",
            };
            format!(
                "{n} receipts from {supplier} (3 needed): quoted {} days; σL from {sd_from}",
                number(lead_time.quoted_days)
            )
        }
    };
    step(
        "Lead time",
        formula,
        substitution,
        format!("L = {} days, σL = {} days", number(lead_time.mean_days), number(lead_time.sd_days)),
    )
}

/// The line's week-by-week forecast, when its demand comes from one.
fn phased(line: &PlanLine) -> Option<&PhasedDemand> {
    line.demand.as_ref().and_then(|estimate| estimate.phased.as_deref())
}

/// The protection interval T in days: L, or R + L for periodic review.
fn interval_days(line: &PlanLine, figures: &OfferFigures) -> f64 {
    match line.service.policy {
        PolicyKind::PeriodicReview if figures.safety.is_some() => {
            f64::from(line.service.review_period_days) + figures.lead_time.mean_days
        }
        _ => figures.lead_time.mean_days,
    }
}

/// `PhasedDemand::demand_over(days)` written out: each whole week's
/// forecast, then the share of the next one (`(3 ÷ 7) × 12.5`); weeks past
/// the forecast as a count of its last week.
fn forecast_sum(phased: &PhasedDemand, days: f64) -> String {
    let whole = (days / 7.0).floor() as usize;
    let share = days - 7.0 * whole as f64;
    let last = *phased.weekly.last().unwrap_or(&0.0);
    let mut terms: Vec<String> = phased.weekly.iter().take(whole).map(|&w| number(w)).collect();
    if whole > phased.weekly.len() {
        terms.push(format!("{} × {}", whole - phased.weekly.len(), number(last)));
    }
    if share > 1e-9 {
        let next = phased.weekly.get(whole).copied().unwrap_or(last);
        terms.push(format!("({} ÷ 7) × {}", number(share), number(next)));
    }
    if terms.is_empty() {
        "0".to_owned()
    } else {
        terms.join(" + ")
    }
}

fn interval_demand_step(line: &PlanLine, figures: &OfferFigures, phased: &PhasedDemand) -> Step {
    let days = interval_days(line, figures);
    let (title, what) = match line.service.policy {
        PolicyKind::PeriodicReview if figures.safety.is_some() => {
            ("Demand over review period and lead time", "T = R + L")
        }
        _ => ("Demand over the lead time", "T = L"),
    };
    step(
        title,
        format!(
            "D_T = the forecast summed over the T days from today ({what}): each whole week in full, then the \
             same share of the next week (a week's demand spread evenly over its days); weeks past the \
             forecast repeat its last week"
        ),
        format!("T = {} days; D_T = {}", number(days), forecast_sum(phased, days)),
        format!("D_T = {}", number(figures.interval_demand)),
    )
}

fn quantity_step(figures: &OfferFigures, line: &PlanLine) -> Step {
    let steps = &figures.quantity;
    match steps.basis {
        QuantityBasis::Eoq => {
            let d = line.demand.as_ref().map_or(0.0, |e| e.mean_per_day);
            step(
                "Order quantity (all-units EOQ)",
                "EOQ = √(2·D·K ÷ (i·c)) at each price break; an EOQ below its break is raised to the break; \
                 each candidate is made orderable and re-priced, and the lowest annual purchase + ordering + \
                 holding cost wins",
                format!(
                    "D = 365 × {} = {}; {} candidates priced; EOQ at the winning price {}",
                    number(d),
                    number(365.0 * d),
                    steps.candidates,
                    steps.eoq.map_or_else(|| "— (no demand)".to_owned(), number)
                ),
                format!(
                    "candidate {} → Q = {} at the break from {} ({} {} a unit)",
                    number(steps.proposed),
                    number(steps.quantity),
                    number(figures.price_break_min_qty),
                    money(figures.unit_price),
                    figures.currency
                ),
            )
        }
        QuantityBasis::ReviewPeriod if phased(line).is_some() => step(
            "Order quantity (review period)",
            "Expected order per review: the forecast summed over the R days from today, made orderable",
            format!(
                "typical order = {}",
                forecast_sum(phased(line).expect("checked"), f64::from(line.service.review_period_days))
            ),
            format!("typical order = {}, Q = {} made orderable", number(steps.proposed), number(steps.quantity)),
        ),
        QuantityBasis::ReviewPeriod => step(
            "Order quantity (review period)",
            "Expected order per review: d·R, made orderable",
            format!(
                "typical order = {} × {}",
                number(line.demand.as_ref().map_or(0.0, |e| e.mean_per_day)),
                line.service.review_period_days
            ),
            format!("typical order = {}, Q = {} made orderable", number(steps.proposed), number(steps.quantity)),
        ),
        QuantityBasis::MinMax => step(
            "Order quantity (min/max)",
            "Typical order: max − min, made orderable",
            format!(
                "typical order = {} − {}",
                number(figures.order_up_to.unwrap_or(0.0)),
                number(figures.reorder_point)
            ),
            format!("typical order = {}, Q = {} made orderable", number(steps.proposed), number(steps.quantity)),
        ),
    }
}

fn rules_step(figures: &OfferFigures) -> Step {
    let steps = &figures.quantity;
    let step_text = if steps.step_is_common_multiple {
        format!(
            "order step {} (pack {} and purchase unit of {})",
            number(steps.step),
            number(steps.pack_size),
            number(steps.units_per_purchase_unit)
        )
    } else {
        format!(
            "order step {} (pack {} and purchase unit of {} have no sensible common multiple; the larger is used)",
            number(steps.step),
            number(steps.pack_size),
            number(steps.units_per_purchase_unit)
        )
    };
    let cap = steps
        .shelf_life_cap
        .map_or_else(String::new, |cap| format!("; shelf-life cap {} (expected use before expiry)", number(cap)));
    let waste = if steps.forced_waste > 0.0 {
        format!("; the minimum forces {} units above the cap", number(steps.forced_waste))
    } else {
        String::new()
    };
    step(
        "Ordering rules",
        "Raise to the MOQ and the first price break, round up to whole packs and purchase units, reach the \
         minimum order value; re-price at the break the quantity lands in; cap perishables at expected use",
        format!("{} → MOQ {}, {step_text}{cap}", number(steps.proposed), number(steps.moq)),
        format!("{} after rounding{waste}; Q = {}", number(steps.rounded), number(steps.quantity)),
    )
}

fn safety_step(line: &PlanLine, figures: &OfferFigures) -> Step {
    let lead = figures.lead_time.mean_days;
    let d = line.demand.as_ref().map_or(0.0, |e| e.mean_per_day);
    let sd = line.demand.as_ref().map_or(0.0, |e| e.sd_per_day);
    let phased = phased(line);
    let Some(safety) = &figures.safety else {
        // Planning takes max(0, min − D_L), D_L = d·L or the forecast over L: say which side applied.
        let implied = match phased {
            Some(_) => format!("{} − {}", number(figures.reorder_point), number(figures.interval_demand)),
            None => format!("{} − {} × {}", number(figures.reorder_point), number(d), number(lead)),
        };
        let substitution =
            if figures.safety_stock > 0.0 { format!("SS = {implied}") } else { format!("{implied} is not above 0") };
        let formula = match phased {
            Some(_) => "Implied by the buyer's min: min − D_L (the forecast over the lead time), at least 0",
            None => "Implied by the buyer's min: min − d·L, at least 0",
        };
        return step("Safety stock", formula, substitution, format!("SS = {}", number(figures.safety_stock)));
    };
    let mut clauses = Vec::new();
    if let Some(phased) = phased {
        let days = interval_days(line, figures);
        let error = phased.error_sd_over(days).unwrap_or(0.0);
        let whole = (days / 7.0).floor();
        let share = days - 7.0 * whole;
        let sd_at = |weeks: f64| phased.error_sd_over(7.0 * weeks).unwrap_or(0.0);
        if share > 1e-9 {
            let (a, b) = (sd_at(whole), sd_at(whole + 1.0));
            clauses.push(format!(
                "σe = √({}² + ({} ÷ 7) × ({}² − {}²)) = {}",
                number(a),
                number(share),
                number(b),
                number(a),
                number(error)
            ));
        } else {
            clauses.push(format!("σe = {}", number(error)));
        }
        if days > 0.0 {
            clauses.push(format!(
                "σ = √({}² + ({} ÷ {})² × {}²) = {}",
                number(error),
                number(figures.interval_demand),
                number(days),
                number(figures.lead_time.sd_days),
                number(safety.sigma)
            ));
        } else {
            clauses.push(format!("σ = √({}²) = {}", number(error), number(safety.sigma)));
        }
    } else {
        // T = R + L for periodic review, L otherwise; bracketed so it multiplies σd² as a whole.
        let interval = match line.service.policy {
            PolicyKind::PeriodicReview => {
                format!("({} + {})", line.service.review_period_days, number(lead))
            }
            _ => number(lead),
        };
        clauses.push(format!(
            "σ = √({interval} × {}² + {}² × {}²) = {}",
            number(sd),
            number(d),
            number(figures.lead_time.sd_days),
            number(safety.sigma)
        ));
    }
    let factor = safety_factor(safety.factor);
    if let Some(count) = &safety.count {
        count_clauses(line, figures, safety, count, &mut clauses);
    } else if safety.sigma <= 0.0 {
        clauses.push("nothing is uncertain so no safety factor is needed".to_owned());
    } else {
        match safety.definition {
            ServiceDefinition::CycleService => clauses.push(format!("z({}) = {factor}", percent(safety.target))),
            ServiceDefinition::FillRate => {
                let (symbol, quantity) = fill_rate_quantity(line, figures);
                let loss = safety.allowed_loss.unwrap_or(0.0);
                clauses.push(format!(
                    "G(k) ≤ (1 − β) × {symbol} ÷ σ = (1 − {}) × {quantity} ÷ {} = {}",
                    percent(safety.target),
                    number(safety.sigma),
                    number(loss)
                ));
                clauses.push(format!("the smallest k with G(k) ≤ {} is k = {factor}", number(loss)));
            }
        }
        clauses.push(format!("raw SS = {factor} × {} = {}", number(safety.sigma), number(safety.raw)));
    }
    let kept = if safety.floored {
        clauses.push("raw SS below 0 is raised to 0".to_owned());
        0.0
    } else {
        safety.raw
    };
    if safety.risk_buffer > 0.0 {
        clauses.push(format!("risk buffer for supply risk = {}", number(safety.risk_buffer)));
        clauses.push(format!("SS = {} + {}", number(kept), number(safety.risk_buffer)));
    }
    let (title, formula) = match (safety.definition, phased) {
        _ if safety.count.is_some() => count_title(safety.definition),
        (ServiceDefinition::CycleService, Some(_)) => (
            "Safety stock (cycle service)",
            "SS = z(α)·σ with σ = √(σe(T)² + (D_T ÷ T)²·σL²): σe(T) the error of the forecast summed over the T \
             days (L, or R + L) in its backtest, between whole weeks interpolated in variance; plus a risk \
             buffer of days of demand for a risky or single supplier",
        ),
        (ServiceDefinition::FillRate, Some(_)) => (
            "Safety stock (fill rate)",
            "The smallest k with σ·G(k) ≤ (1 − β)·Q, G the standard normal loss function, Q the order quantity \
             (the forecast over R for periodic review) and σ = √(σe(T)² + (D_T ÷ T)²·σL²) from the forecast's \
             backtest error; SS = k·σ, plus a risk buffer of days of demand for a risky or single supplier",
        ),
        (ServiceDefinition::CycleService, None) => (
            "Safety stock (cycle service)",
            "SS = z(α)·σ with σ = √(T·σd² + d²·σL²), T the protection interval (L, or R + L); \
             plus a risk buffer of days of demand for a risky or single supplier",
        ),
        (ServiceDefinition::FillRate, None) => (
            "Safety stock (fill rate)",
            "The smallest k with σ·G(k) ≤ (1 − β)·Q, G the standard normal loss function and Q the order \
             quantity (the expected order d·R for periodic review); SS = k·σ, plus a risk buffer of days of \
             demand for a risky or single supplier",
        ),
    };
    step(title, formula, clauses.join("; "), format!("SS = {}", number(safety.units)))
}

/// The Q the fill-rate formula used, as a symbol and as printed: the
/// expected order d·R (or the forecast over R) for periodic review, the order
/// quantity otherwise (`supplier_choice::evaluate_offer`).
fn fill_rate_quantity(line: &PlanLine, figures: &OfferFigures) -> (&'static str, String) {
    let d = line.demand.as_ref().map_or(0.0, |e| e.mean_per_day);
    match line.service.policy {
        PolicyKind::PeriodicReview if phased(line).is_some() => ("D_R", number(figures.quantity.proposed)),
        PolicyKind::PeriodicReview => ("d·R", format!("{} × {}", number(d), line.service.review_period_days)),
        _ => ("Q", number(figures.quantity.quantity)),
    }
}

/// A figure of the count model to `decimals` places (at least one when it
/// is not whole; whole figures plain, as `number` prints them).
fn fixed(value: f64, decimals: usize) -> String {
    if (value - value.round()).abs() < 1e-12 {
        format!("{}", value.round() as i64)
    } else {
        format!("{value:.decimals$}")
    }
}

/// Places that give `value` six significant digits (1 to 12).
fn six_digits(value: f64) -> usize {
    let magnitude = if value == 0.0 { 0 } else { value.abs().log10().floor() as i32 };
    (5 - magnitude).clamp(1, 12) as usize
}

/// The count model's clauses (`safety_stock::count_safety_stock`): μ and σ²,
/// the distribution's parameters from them, the level the target gives with
/// the figures at s − 1 and s that show it is the smallest, raw SS = s − μ.
/// μ and σ² are printed to six significant digits, and to four in σ² − μ,
/// so that r and p, and the level, recompute from the printed figures.
fn count_clauses(
    line: &PlanLine,
    figures: &OfferFigures,
    safety: &SafetyStock,
    count: &CountSafety,
    clauses: &mut Vec<String>,
) {
    let spread = (count.variance - count.mean).abs();
    let places_for_spread = if spread > 0.0 { (3 - spread.log10().floor() as i32).clamp(1, 12) as usize } else { 1 };
    let places = six_digits(count.mean).max(six_digits(count.variance)).max(places_for_spread);
    let (mean, variance) = (fixed(count.mean, places), fixed(count.variance, places));
    clauses.push(format!("μ = {mean}"));
    let sigma_places = six_digits(safety.sigma).max(places);
    clauses.push(format!("σ² = {}² = {variance}", fixed(safety.sigma, sigma_places)));
    match count.distribution {
        CountDistribution::NegativeBinomial { r, p } => {
            clauses.push("σ² > μ so D is negative binomial".to_owned());
            // Six significant digits in 1 − p too: the distribution's spread hangs on it.
            clauses.push(format!("p = {mean} ÷ {variance} = {}", fixed(p, six_digits(p).max(six_digits(1.0 - p)))));
            clauses.push(format!("r = {mean}² ÷ ({variance} − {mean}) = {}", fixed(r, six_digits(r))));
        }
        CountDistribution::Poisson { mean: lambda } if lambda == 0.0 && count.mean > 0.0 => {
            clauses.push(format!("μ is below {} units so D is 0", number(count::NEGLIGIBLE_MEAN)));
            clauses.push("λ = 0".to_owned());
        }
        CountDistribution::Poisson { mean: lambda } => {
            clauses.push("σ² ≤ μ so D is Poisson (its variance is its mean)".to_owned());
            clauses.push(format!("λ = {}", fixed(lambda, places)));
        }
    }
    let s = count.level.level;
    match safety.definition {
        ServiceDefinition::CycleService => {
            if let Some(below) = count.level.below_level {
                clauses.push(format!("P(D ≤ {}) = {below:.6}", s - 1));
            }
            clauses.push(format!("P(D ≤ {s}) = {:.6}", count.level.at_level));
            clauses.push(format!("the smallest s with P(D ≤ s) ≥ {} is s = {s}", percent(safety.target)));
        }
        ServiceDefinition::FillRate => {
            let (symbol, quantity) = fill_rate_quantity(line, figures);
            let allowed = count.allowed_shortage.unwrap_or(0.0);
            clauses.push(format!(
                "E[(D − s)⁺] ≤ (1 − β) × {symbol} = (1 − {}) × {quantity} = {}",
                percent(safety.target),
                number(allowed)
            ));
            if let Some(below) = count.level.below_level {
                clauses.push(format!("E[(D − {})⁺] = {below:.6}", s - 1));
            }
            clauses.push(format!("E[(D − {s})⁺] = {:.6}", count.level.at_level));
            clauses.push(format!("the smallest s with E[(D − s)⁺] ≤ {} is s = {s}", number(allowed)));
        }
    }
    clauses.push(format!("raw SS = {s} − {mean} = {}", number(safety.raw)));
}

fn count_title(definition: ServiceDefinition) -> (&'static str, &'static str) {
    match definition {
        ServiceDefinition::CycleService => (
            "Safety stock (count model, cycle service)",
            "Intermittent demand: demand over T (L, or R + L) is a negative binomial with the forecast's mean μ = \
             D_T and variance σ² (p = μ ÷ σ², r = μ² ÷ (σ² − μ)), or a Poisson of mean μ when σ² ≤ μ; s is the \
             smallest whole level with P(D ≤ s) ≥ α, summing the probabilities from 0; SS = s − μ, plus a risk \
             buffer of days of demand for a risky or single supplier",
        ),
        ServiceDefinition::FillRate => (
            "Safety stock (count model, fill rate)",
            "Intermittent demand: demand over T (L, or R + L) is a negative binomial with the forecast's mean μ = \
             D_T and variance σ² (p = μ ÷ σ², r = μ² ÷ (σ² − μ)), or a Poisson of mean μ when σ² ≤ μ; s is the \
             smallest whole level whose expected shortage E[(D − s)⁺] is at most (1 − β)·Q, summed exactly from \
             the probabilities up to s; SS = s − μ, plus a risk buffer of days of demand for a risky or single \
             supplier",
        ),
    }
}

fn level_step(line: &PlanLine, figures: &OfferFigures) -> Step {
    let d = line.demand.as_ref().map_or(0.0, |e| e.mean_per_day);
    let lead = figures.lead_time.mean_days;
    let from_forecast = phased(line).is_some();
    let (demand, ss) = (number(figures.interval_demand), number(figures.safety_stock));
    match (&line.min_max, line.service.policy) {
        (Some(levels), _) if levels.manual => step(
            "Min and max",
            "Fixed by a buyer",
            format!("min {}, max {}", number(levels.min), number(levels.max)),
            format!("order up to {} when IP ≤ {}", number(levels.max), number(levels.min)),
        ),
        (_, PolicyKind::PeriodicReview) if from_forecast => step(
            "Order-up-to level",
            "S = D_T + SS, D_T the forecast over R + L days; today is a review day",
            format!("S = {demand} + {ss}"),
            format!("S = {}", number(figures.reorder_point)),
        ),
        (_, PolicyKind::MinMax) if from_forecast => step(
            "Min and max",
            "min = s = D_L + SS, D_L the forecast over the lead time; max = min + Q",
            format!(
                "min = {demand} + {ss}; max = {} + {}",
                number(figures.reorder_point),
                number(figures.quantity.quantity)
            ),
            format!("min = {}, max = {}", number(figures.reorder_point), number(figures.order_up_to.unwrap_or(0.0))),
        ),
        (_, PolicyKind::ContinuousReview) if from_forecast => step(
            "Reorder point",
            "s = D_L + SS, D_L the forecast over the lead time",
            format!("s = {demand} + {ss}"),
            format!("s = {}", number(figures.reorder_point)),
        ),
        (_, PolicyKind::PeriodicReview) => step(
            "Order-up-to level",
            "S = d·(R + L) + SS; today is a review day",
            format!(
                "S = {} × ({} + {}) + {}",
                number(d),
                line.service.review_period_days,
                number(lead),
                number(figures.safety_stock)
            ),
            format!("S = {}", number(figures.reorder_point)),
        ),
        (_, PolicyKind::MinMax) => step(
            "Min and max",
            "min = s = d·L + SS; max = min + Q",
            format!(
                "min = {} × {} + {}; max = {} + {}",
                number(d),
                number(lead),
                number(figures.safety_stock),
                number(figures.reorder_point),
                number(figures.quantity.quantity)
            ),
            format!("min = {}, max = {}", number(figures.reorder_point), number(figures.order_up_to.unwrap_or(0.0))),
        ),
        (_, PolicyKind::ContinuousReview) => step(
            "Reorder point",
            "s = d·L + SS",
            format!("s = {} × {} + {}", number(d), number(lead), number(figures.safety_stock)),
            format!("s = {}", number(figures.reorder_point)),
        ),
    }
}

fn decision_step(line: &PlanLine) -> Step {
    let ip = number(line.inventory.position);
    let requested = line.order.as_ref().map_or(0.0, |o| o.requested);
    let result = |words: String| format!("requested = {}, {words}", number(requested));
    let (formula, substitution, result) = match line.decision {
        Decision::BelowReorderPoint => {
            let cycles = line.order.as_ref().map_or(0, |o| o.cycles);
            let quantity = line.chosen_figures().map_or(0.0, |f| f.quantity.quantity);
            (
                "Order when IP ≤ s: as many Q as lift IP above s",
                format!("IP {ip} ≤ s {}; requested = {cycles} × {}", number(line.reorder_point), number(quantity)),
                result(format!("order {cycles} × Q")),
            )
        }
        Decision::AboveReorderPoint => {
            ("Order when IP ≤ s", format!("{ip} > {}", number(line.reorder_point)), "no order needed".to_owned())
        }
        Decision::BelowOrderUpTo => (
            "At a review, order S − IP when IP < S",
            format!("requested = {} − {ip}", number(line.order_up_to.unwrap_or(line.reorder_point))),
            result("to be made orderable".to_owned()),
        ),
        Decision::AtOrderUpTo => (
            "At a review, order S − IP when IP < S",
            format!("{ip} ≥ {}", number(line.order_up_to.unwrap_or(line.reorder_point))),
            "no order needed".to_owned(),
        ),
        Decision::BelowMin => (
            "Order up to max when IP ≤ min",
            format!(
                "IP {ip} ≤ min {}; requested = {} − {ip}",
                number(line.reorder_point),
                number(line.order_up_to.unwrap_or(0.0))
            ),
            result("to be made orderable".to_owned()),
        ),
        Decision::AboveMin => (
            "Order up to max when IP ≤ min",
            format!("{ip} > {}", number(line.reorder_point)),
            "no order needed".to_owned(),
        ),
        Decision::NoDemand => ("No demand expected: nothing to reorder for", format!("IP {ip}"), "no order".to_owned()),
        Decision::BackordersOnly => (
            "No demand expected, but backorders exceed stock: order what is owed",
            format!("requested = 0 − {ip}"),
            result("to be made orderable".to_owned()),
        ),
        Decision::BuyerOverride => (
            "A buyer set the order",
            format!("IP {ip}"),
            line.order.as_ref().map_or_else(|| "no order".to_owned(), |o| format!("order {}", number(o.quantity))),
        ),
    };
    step("Decision", formula, substitution, result)
}

fn order_step(order: &SuggestedOrder) -> Step {
    let cap = match order.shelf_life_cap {
        Some(cap) if order.quantity < order.rounded => {
            format!(", capped at {} for shelf life", number(cap))
        }
        _ => String::new(),
    };
    step(
        "Order",
        "The requested quantity made orderable (MOQ, packs, purchase units, minimum value), capped for shelf life, \
         priced at the all-units break it lands in",
        format!("{} → {}{cap}", number(order.requested), number(order.rounded)),
        format!(
            "{} from {} at {} {} (break from {}), landed {} a unit; goods {}, landed value {}{}",
            number(order.quantity),
            order.supplier,
            money(order.unit_price),
            order.currency,
            number(order.price_break_min_qty),
            money(order.landed_unit_cost),
            money(order.goods_value),
            money(order.landed_value),
            order.cover_days.map_or_else(String::new, |days| format!("; covers {} days", number(days)))
        ),
    )
}

fn offer_summary(offer: &OfferEvaluation) -> String {
    match (&offer.figures, &offer.exclusion) {
        (Some(figures), exclusion) => {
            let cost = &figures.cost;
            let basis = match cost.basis {
                CostBasis::Annual => "a year",
                CostBasis::SingleOrder => "one order",
            };
            let landed = &figures.landed;
            // Only when a discount is valued, so plans without one read as before.
            let (discount_name, discount_term, discount_clause) = if cost.early_payment_discount.is_zero() {
                (String::new(), String::new(), String::new())
            } else {
                let units = match cost.basis {
                    CostBasis::Annual => cost.orders_per_year * figures.quantity.quantity,
                    CostBasis::SingleOrder => figures.quantity.quantity,
                };
                // Whole percentages print plain (exact); others with at least two decimals.
                let pct = cost.early_payment_discount_pct.normalize();
                let pct =
                    if pct.scale() == 0 { pct.to_string() } else { format!("{:.*}", pct.scale().max(2) as usize, pct) };
                (
                    " − early-payment discount".to_owned(),
                    format!(" − {}", money(cost.early_payment_discount)),
                    format!(
                        ", early-payment discount (on goods: units × goods × discount) = {} × {} × {} % = {}",
                        number(units),
                        money(landed.goods),
                        pct,
                        money(cost.early_payment_discount)
                    ),
                )
            };
            format!(
                "{}{}: Q {}, landed (goods + freight + per-order freight + insurance + duty + tax + handling) = \
                 {} + {} + {} + {} + {} + {} + {} = {}, L {} ± {} days, SS {}{discount_clause}, \
                 cost (purchases{discount_name} + ordering + holding + safety-stock holding) = \
                 {}{discount_term} + {} + {} + {} = {} {basis}{}",
                offer.supplier,
                if offer.chosen { " (chosen)" } else { "" },
                number(figures.quantity.quantity),
                money(landed.goods),
                money(landed.freight_per_unit),
                money(landed.freight_per_order_share),
                money(landed.insurance),
                money(landed.duty),
                money(landed.tax),
                money(landed.handling),
                money(landed.total),
                number(figures.lead_time.mean_days),
                number(figures.lead_time.sd_days),
                number(figures.safety_stock),
                money(cost.purchase),
                money(cost.ordering),
                money(cost.holding_cycle),
                money(cost.holding_safety),
                money(cost.total),
                exclusion.as_ref().map_or_else(String::new, |e| format!(" — not chosen automatically: {e}"))
            )
        }
        (None, Some(exclusion)) => format!("{}: excluded, {exclusion}", offer.supplier),
        (None, None) => format!("{}: cannot be priced", offer.supplier),
    }
}

fn comparison_step(line: &PlanLine) -> Step {
    let chosen = line.chosen_offer();
    let mut formula =
        "Total annual cost = purchases at the landed unit cost + ordering cost × orders a year + holding \
         rate × landed unit cost × (Q/2 + safety stock), each offer with its own breaks, rules, lead time and safety \
         stock; restricted and blocked suppliers are never chosen automatically; a preferred supplier wins a tie. \
         Per-order freight is carried by this SKU's order alone"
            .to_owned();
    let discounted = line
        .alternatives
        .iter()
        .any(|offer| offer.figures.as_ref().is_some_and(|f| !f.cost.early_payment_discount.is_zero()));
    if discounted {
        formula.push_str(
            ". The business takes early-payment discounts, so purchases are reduced by the supplier's discount on \
             the goods only (not on freight, insurance, duty, tax or handling, which are paid to others)",
        );
    }
    step(
        "Suppliers compared",
        formula,
        line.alternatives.iter().map(offer_summary).collect::<Vec<_>>().join("; "),
        format!(
            "{} chosen{}",
            chosen.supplier,
            chosen.figures.as_ref().map_or_else(String::new, |f| format!(
                " at {} {}",
                money(f.cost.total),
                match f.cost.basis {
                    CostBasis::Annual => "a year",
                    CostBasis::SingleOrder => "for one order",
                }
            ))
        ),
    )
}

/// The steps behind an unplannable SKU × location: the reason, and the
/// offers with why each was excluded.
pub fn explain_unplannable(item: &Unplannable) -> Vec<Step> {
    let mut steps = vec![step(
        "Not planned",
        "Every SKU × location is planned or listed with its reason",
        format!("{} at {}", item.sku, item.location.as_ref().map_or("no location", |l| l.as_str())),
        item.reason.to_string(),
    )];
    if let Some(history) = &item.history {
        steps.push(step(
            "Demand history",
            "Weekly totals over the window ending yesterday",
            format!("{} weeks used, {} dropped", history.weeks_used, history.weeks_dropped),
            format!("mean {} a week", number(history.mean_per_week)),
        ));
    }
    if !item.alternatives.is_empty() {
        steps.push(step(
            "Offers",
            "Only approved or preferred suppliers with a valid, priced offer can be chosen",
            item.alternatives.iter().map(offer_summary).collect::<Vec<_>>().join("; "),
            "none eligible",
        ));
    }
    steps
}

impl fmt::Display for Flag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Flag::NormalModelWeak { pattern } => write!(
                f,
                "{pattern} demand: the normal model is a weak fit, so treat the reorder point with care"
            ),
            Flag::CountModel { distribution } => {
                let parameters = match *distribution {
                    CountDistribution::NegativeBinomial { r, p } => format!("r {}, p {}", number(r), number(p)),
                    CountDistribution::Poisson { mean } => format!("mean {}", number(mean)),
                };
                write!(
                    f,
                    "intermittent demand: the reorder point is a quantile of a {} ({parameters}) fitted to the \
                     forecast's lead-time demand, not of the normal model",
                    distribution.name()
                )
            }
            Flag::DaysExcluded { stockout_days, promo_days, weeks_dropped } => write!(
                f,
                "{stockout_days} stockout and {promo_days} promotion days left out of the statistics ({weeks_dropped} weeks dropped)"
            ),
            Flag::NewItem { first_day, weeks_used } => {
                write!(f, "new item: history starts {first_day}, only {weeks_used} weeks used")
            }
            Flag::NoDemand => f.write_str("no demand in the window"),
            Flag::LeadTimeQuoted { observations, minimum } => write!(
                f,
                "quoted lead time used: {observations} receipts measured, {minimum} needed"
            ),
            Flag::LeadTimeMeasured { quoted_days, measured_days, observations } => write!(
                f,
                "measured lead time {} days from {observations} receipts (quoted {})",
                number(*measured_days),
                number(*quoted_days)
            ),
            Flag::LeadTimeSdUnknown => f.write_str("lead-time variability unknown: taken as 0"),
            Flag::CriticalityRaisedService { from, to } => {
                write!(f, "high criticality: service raised from {} to {}", percent(*from), percent(*to))
            }
            Flag::SingleSourced => f.write_str("single-sourced: only one approved supplier"),
            Flag::HighRiskSupplier => f.write_str("the supplier is rated high risk"),
            Flag::RiskBuffer { days, units } => {
                write!(f, "risk buffer of {} days of demand ({} units) added to safety stock", number(*days), number(*units))
            }
            Flag::SafetyStockFloored { raw } => write!(f, "safety stock {} was raised to 0", number(*raw)),
            Flag::ContractExpired { contract, end } => write!(f, "contract {contract} ended on {end}"),
            Flag::ContractEnds { contract, end } => {
                write!(f, "contract {contract} ends on {end}, within the lead time and the order's cover")
            }
            Flag::PriceReview { contract, date } => write!(f, "contract {contract} has a price review on {date}"),
            Flag::NoticeDeadline { contract, date } => {
                write!(f, "the last day to give notice on contract {contract} is {date}")
            }
            Flag::ShelfLifeCap { cap, requested } => write!(
                f,
                "quantity cut from {} to what will be used before expiry ({})",
                number(*requested),
                number(*cap)
            ),
            Flag::ForcedWaste { units, value } => {
                write!(f, "the supplier's minimum forces {} units expected to expire (value {})", number(*units), money(*value))
            }
            Flag::PackAndPurchaseUnitDisagree { pack_size, units_per_purchase_unit, step } => write!(
                f,
                "pack {} and purchase unit {} have no sensible common multiple: orders come in {}",
                number(*pack_size),
                number(*units_per_purchase_unit),
                number(*step)
            ),
            Flag::PerOrderFreightCarriedAlone { freight } => write!(
                f,
                "per-order freight {} is carried by this SKU's order alone (shared across a PO in purchasing)",
                money(*freight)
            ),
            Flag::ComparedOnSingleOrder => f.write_str("suppliers compared on the cost of one order (no demand estimate)"),
            Flag::BuyerOverride { quantity, supplier } => write!(
                f,
                "buyer override:{}{}",
                quantity.map_or_else(String::new, |q| format!(" quantity {}", number(q))),
                supplier.as_ref().map_or_else(String::new, |s| format!(" supplier {s}"))
            ),
            Flag::RestrictedSupplierChosen { supplier } => write!(f, "restricted supplier {supplier} chosen by a buyer"),
            Flag::OverrideRefused { supplier, reason } => write!(f, "supplier {supplier} not taken: {reason}"),
            Flag::OverrideBreaksOrderRules { quantity, moq, step } => write!(
                f,
                "quantity {} breaks the offer's rules (MOQ {}, multiples of {})",
                number(*quantity),
                number(*moq),
                number(*step)
            ),
        }
    }
}
