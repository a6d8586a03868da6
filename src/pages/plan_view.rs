//! Views of the plan shared by several pages: the explanation panel, the
//! offer comparison, dashboard cards, and small lookups (classes by SKU,
//! supplier performance).

use crate::components::table::badge;
use crate::format;
use crate::plan_summary::{PlanRow, PlanView};
use crate::route::Route;
use crate::state::Store;
use crate::state::{use_store, PlanStatus};
use crate::worker::jobs;
use engine::plan::{explain, explain_unplannable, Decision, Exclusion, Flag, OfferEvaluation, PlanLine, Unplannable};
use engine::{LocationId, SkuId};
use leptos::prelude::*;
use std::collections::HashMap;

/// The ABC class of every planned SKU.
pub fn abc_by_sku(plan: &PlanView) -> HashMap<SkuId, String> {
    plan.rows.iter().map(|row| (row.sku.clone(), row.abc.as_str().to_owned())).collect()
}

/// "AX", "CZ"…
pub fn class_label(line: &PlanLine) -> String {
    format!("{}{}", line.service.abc, line.service.xyz)
}

pub fn pattern_label(pattern: engine::plan::DemandPattern) -> &'static str {
    match pattern {
        engine::plan::DemandPattern::Smooth => "Smooth",
        engine::plan::DemandPattern::Erratic => "Erratic",
        engine::plan::DemandPattern::Intermittent => "Intermittent",
        engine::plan::DemandPattern::Lumpy => "Lumpy",
        engine::plan::DemandPattern::NoDemand => "No demand",
    }
}

/// A flag in a few words, and how loudly to show it.
pub fn flag_label(flag: &Flag) -> (&'static str, String) {
    match flag {
        Flag::NormalModelWeak { pattern } => ("warn", format!("{} demand: normal model weak", pattern_label(*pattern))),
        Flag::CountModel { distribution } => {
            ("info", format!("Intermittent: {} lead-time demand", distribution.name()))
        }
        Flag::DaysExcluded { stockout_days, promo_days, .. } => {
            ("neutral", format!("{stockout_days} stockout, {promo_days} promo days excluded"))
        }
        Flag::NewItem { weeks_used, .. } => ("info", format!("New item: {weeks_used} weeks of history")),
        Flag::NoDemand => ("neutral", "No demand expected".into()),
        Flag::LeadTimeQuoted { observations, .. } => ("neutral", format!("Quoted lead time ({observations} receipts)")),
        Flag::LeadTimeMeasured { quoted_days, measured_days, .. } => (
            "info",
            format!(
                "Measured lead time {} d (quoted {} d)",
                format::fixed(*measured_days, 1),
                format::fixed(*quoted_days, 0)
            ),
        ),
        Flag::LeadTimeSdUnknown => ("warn", "Lead-time variability unknown".into()),
        Flag::CriticalityRaisedService { to, .. } => {
            ("info", format!("Critical: service raised to {}", format::percent(*to)))
        }
        Flag::SingleSourced => ("warn", "Single source".into()),
        Flag::HighRiskSupplier => ("warn", "High-risk supplier".into()),
        Flag::RiskBuffer { days, .. } => ("info", format!("Risk buffer {} d", format::fixed(*days, 0))),
        Flag::SafetyStockFloored { .. } => ("neutral", "Safety stock floored at 0".into()),
        Flag::ContractExpired { contract, .. } => ("error", format!("Contract {contract} expired")),
        Flag::ContractEnds { contract, end } => ("warn", format!("Contract {contract} ends {}", format::date(*end))),
        Flag::PriceReview { contract, date } => ("warn", format!("Price review {contract} {}", format::date(*date))),
        Flag::NoticeDeadline { contract, date } => {
            ("warn", format!("Notice deadline {contract} {}", format::date(*date)))
        }
        Flag::ShelfLifeCap { cap, .. } => ("info", format!("Capped to {} by shelf life", format::qty(*cap))),
        Flag::ForcedWaste { units, value } => {
            ("error", format!("MOQ forces waste: {} units ({})", format::qty(*units), format::money(*value)))
        }
        Flag::PackAndPurchaseUnitDisagree { step, .. } => {
            ("warn", format!("Pack and purchase unit disagree: steps of {}", format::qty(*step)))
        }
        Flag::PerOrderFreightCarriedAlone { .. } => ("neutral", "Order freight carried alone".into()),
        Flag::ComparedOnSingleOrder => ("neutral", "Compared on one order".into()),
        Flag::BuyerOverride { .. } => ("info", "Buyer override".into()),
        Flag::RestrictedSupplierChosen { supplier } => ("warn", format!("Restricted supplier {supplier} chosen")),
        Flag::OverrideRefused { supplier, .. } => ("error", format!("Override to {supplier} refused")),
        Flag::OverrideBreaksOrderRules { .. } => ("warn", "Quantity breaks MOQ or pack".into()),
    }
}

pub fn flag_badges(flags: &[Flag]) -> AnyView {
    view! {
        <div class="flags">
            {flags.iter().map(|flag| {
                let (kind, label) = flag_label(flag);
                badge(kind, label)
            }).collect_view()}
        </div>
    }
    .into_any()
}

pub fn decision_label(decision: Decision) -> &'static str {
    match decision {
        Decision::BelowReorderPoint => "At or below the reorder point",
        Decision::AboveReorderPoint => "Above the reorder point",
        Decision::BelowOrderUpTo => "Below the order-up-to level (review day)",
        Decision::AtOrderUpTo => "At the order-up-to level",
        Decision::BelowMin => "At or below min",
        Decision::AboveMin => "Above min",
        Decision::NoDemand => "No demand expected",
        Decision::BackordersOnly => "Backorders exceed stock",
        Decision::BuyerOverride => "Quantity set by a buyer",
    }
}

/// What stands where figures from the plan will be: "Planning…" while the
/// worker plans, or why planning failed.
#[component]
pub fn PlanPending() -> impl IntoView {
    let store = use_store();
    move || match store.plan_status.get() {
        PlanStatus::Failed(reason) => reason,
        _ => "Planning…".to_owned(),
    }
}

/// The explanation of a planned line, step by step.
#[component]
pub fn ExplanationSteps(line: PlanLine) -> impl IntoView {
    let steps = explain(&line);
    view! {
        <ol class="steps" data-testid="why-steps">
            {steps.into_iter().map(|step| view! {
                <li>
                    <div class="step-title">{format::formula(&step.title)}</div>
                    {(!step.formula.is_empty()).then(|| view! { <div class="formula">{format::formula(&step.formula)}</div> })}
                    {(!step.substitution.is_empty()).then(|| view! { <div class="formula">{format::formula(&step.substitution)}</div> })}
                    <div class="result">{format::formula(&step.result)}</div>
                </li>
            }).collect_view()}
        </ol>
    }
}

#[component]
pub fn UnplannableSteps(item: Unplannable) -> impl IntoView {
    let steps = explain_unplannable(&item);
    view! {
        <ol class="steps" data-testid="why-steps">
            {steps.into_iter().map(|step| view! {
                <li>
                    <div class="step-title">{format::formula(&step.title)}</div>
                    {(!step.formula.is_empty()).then(|| view! { <div class="formula">{format::formula(&step.formula)}</div> })}
                    <div class="result">{format::formula(&step.result)}</div>
                </li>
            }).collect_view()}
        </ol>
    }
}

fn exclusion_text(offer: &OfferEvaluation) -> String {
    match &offer.exclusion {
        None => String::new(),
        Some(Exclusion::Restricted) => "Restricted: a buyer may choose it".into(),
        Some(other) => crate::format::capitalised(&other.to_string()),
    }
}

/// Every offer for the line's SKU, compared on total annual cost.
#[component]
pub fn OfferComparison(line: PlanLine, #[prop(into)] currency: String) -> impl IntoView {
    let mut offers: Vec<OfferEvaluation> = line.alternatives.clone();
    engine::sorting::sort_by(&mut offers, |a, b| {
        let cost = |o: &OfferEvaluation| o.figures.as_ref().map(|f| f.cost.total);
        (a.exclusion.is_some(), cost(a).is_none(), cost(a)).cmp(&(b.exclusion.is_some(), cost(b).is_none(), cost(b)))
    });
    view! {
        <div class="table-scroll" tabindex="0">
            <table class="data compact" data-testid="offer-comparison">
                <thead>
                    <tr>
                        <th>"Supplier"</th><th class="num">"Lead time"</th><th class="num">"Q"</th>
                        <th class="num" title="Price plus freight, duty, non-recoverable tax and handling, per unit">{format!("Landed / unit, {currency}")}</th>
                        <th class="num">"SS"</th><th class="num">{format!("Cost / year, {currency}")}</th><th><span class="sr-only">"Choice"</span></th>
                    </tr>
                </thead>
                <tbody>
                    {offers.into_iter().map(|offer| {
                        let note = exclusion_text(&offer);
                        match &offer.figures {
                            Some(f) => view! {
                                <tr class:selected=offer.chosen>
                                    <td><a href=Route::Supplier(offer.supplier.clone()).href()>{offer.supplier.to_string()}</a></td>
                                    <td class="num">{format!("{} ± {} d", format::fixed(f.lead_time.mean_days, 1), format::fixed(f.lead_time.sd_days, 1))}</td>
                                    <td class="num">{format::qty(f.quantity.quantity)}</td>
                                    <td class="num" title=format!("Price {} {} per unit at the {} break", format::money(f.unit_price), f.currency, format::qty(f.price_break_min_qty))>
                                        {f.landed.total.round_dp(4).normalize().to_string()}
                                    </td>
                                    <td class="num">{format::level(f.safety_stock)}</td>
                                    <td class="num">{format::money(f.cost.total)}</td>
                                    <td class="wrap small">{if offer.chosen { badge("ok", "Chosen") } else if note.is_empty() { ().into_any() } else { badge("warn", note) }}</td>
                                </tr>
                            }.into_any(),
                            None => view! {
                                <tr>
                                    <td><a href=Route::Supplier(offer.supplier.clone()).href()>{offer.supplier.to_string()}</a></td>
                                    <td colspan="5" class="muted">"Not priced"</td>
                                    <td class="wrap small">{badge("error", note)}</td>
                                </tr>
                            }.into_any(),
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// The full plan lines (and unplannable reasons) of a SKU, at one location or
/// all, fetched from the worker and fetched again whenever the plan changes.
/// `None` until the first answer.
pub fn plan_lines(
    store: Store,
    sku: SkuId,
    location: Option<LocationId>,
) -> ReadSignal<Option<(Vec<PlanLine>, Vec<Unplannable>)>> {
    let (lines, set_lines) = signal(None);
    Effect::new(move |_| {
        if store.plan.with(Option::is_none) {
            return;
        }
        let job = jobs::plan_lines(sku.clone(), location.clone());
        leptos::task::spawn_local(async move {
            if let Ok(Some(found)) = job.await {
                set_lines.set(Some(found));
            }
        });
    });
    lines
}

/// Dashboard card: how many orders the plan suggests.
#[component]
pub fn SuggestionKpi() -> impl IntoView {
    let store = use_store();
    let figures = Memo::new(move |_| {
        store.plan.with(|plan| {
            plan.as_ref().map(|plan| {
                let suggestions: Vec<&PlanRow> = plan.suggestions().collect();
                let value: rust_decimal::Decimal =
                    suggestions.iter().filter_map(|l| l.order.as_ref()).map(|o| o.landed_value).sum();
                let urgent = suggestions.iter().filter(|l| l.urgency_days.is_some_and(|u| u < 0.0)).count();
                (suggestions.len(), value, urgent, plan.base_currency.to_string())
            })
        })
    });
    view! {
        <div class="card kpi">
            <div class="label">"Reorder suggestions"</div>
            {move || match figures.get() {
                Some((n, value, urgent, currency)) => view! {
                    <a class="value" href=Route::Plan.href() data-testid="kpi-suggestions">{n.to_string()}</a>
                    <div class="note">{format!("{} landed · {} urgent", format::money_whole(value, &currency), urgent)}</div>
                }.into_any(),
                None => view! {
                    <div class="value muted">"…"</div>
                    <div class="note"><PlanPending/></div>
                }.into_any(),
            }}
        </div>
    }
}

/// Dashboard card: the most urgent suggestions.
#[component]
pub fn UrgentSuggestions() -> impl IntoView {
    let store = use_store();
    let rows = Memo::new(move |_| {
        store.plan.with(|plan| {
            let Some(plan) = plan else { return None };
            let mut lines: Vec<&PlanRow> = plan.suggestions().collect();
            engine::sorting::sort_by(&mut lines, |a, b| engine::plan::urgency_order(a.urgency_days, b.urgency_days));
            Some(
                lines
                    .into_iter()
                    .take(10)
                    .map(|l| {
                        let order = l.order.as_ref();
                        (
                            l.sku.clone(),
                            l.location.to_string(),
                            l.class(),
                            l.days_of_cover,
                            l.urgency_days,
                            order.map(|o| o.quantity).unwrap_or(0.0),
                            order.map(|o| o.supplier.to_string()).unwrap_or_default(),
                            order.map(|o| o.landed_value).unwrap_or_default(),
                        )
                    })
                    .collect::<Vec<_>>(),
            )
        })
    });
    let names = Memo::new(move |_| {
        store.workspace.with(|w| w.skus.iter().map(|s| (s.id.clone(), s.name.clone())).collect::<HashMap<_, _>>())
    });
    view! {
        <div class="card">
            <h2>"Reorder first"</h2>
            {move || match rows.get() {
                None => view! { <p class="muted"><PlanPending/></p> }.into_any(),
                Some(rows) if rows.is_empty() => view! { <p class="muted">"Nothing needs ordering today."</p> }.into_any(),
                Some(rows) => view! {
                    <div class="table-scroll" tabindex="0">
                    <table class="data compact" data-testid="urgent-suggestions">
                        <thead><tr><th>"SKU"</th><th>"Location"</th><th>"Class"</th><th class="num">"Cover"</th><th class="num">"Order"</th><th>"Supplier"</th><th class="num">"Value"</th></tr></thead>
                        <tbody>
                            {rows.into_iter().map(|(sku, location, class, cover, urgency, qty, supplier, value)| {
                                let name = names.with(|n| n.get(&sku).cloned().unwrap_or_default());
                                let cover_text = format::cover(cover);
                                let cover_view = if urgency.is_some_and(|u| u < 0.0) { badge("error", cover_text) } else { badge("warn", cover_text) };
                                view! {
                                    <tr>
                                        <td><div><a href=Route::Sku(sku.clone()).href()>{sku.to_string()}</a></div><span class="muted small cell-sub">{name}</span></td>
                                        <td>{location}</td>
                                        <td>{badge("class", class)}</td>
                                        <td class="num">{cover_view}</td>
                                        <td class="num">{format::qty(qty)}</td>
                                        <td>{supplier}</td>
                                        <td class="num">{format::money(value)}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                    </div>
                    <p class="small" style="margin-top:8px"><a href=Route::Plan.href()>"All suggestions →"</a></p>
                }.into_any(),
            }}
        </div>
    }
}

/// Dashboard card: lots expiring or expired, with value at risk.
#[component]
pub fn ExpiringLots() -> impl IntoView {
    let store = use_store();
    let lots = Memo::new(move |_| {
        store.plan.with(|plan| {
            plan.as_ref().map(|plan| {
                let mut lots: Vec<_> = plan.expiring.iter().filter(|lot| lot.quantity_at_risk > 0.0).cloned().collect();
                engine::sorting::sort_by(&mut lots, |a, b| b.value_at_risk.cmp(&a.value_at_risk));
                let total: rust_decimal::Decimal = lots.iter().map(|lot| lot.value_at_risk).sum();
                (lots, total, plan.base_currency.to_string())
            })
        })
    });
    view! {
        <div class="card">
            <h2>"Stock at risk of expiry"</h2>
            {move || match lots.get() {
                None => view! { <p class="muted"><PlanPending/></p> }.into_any(),
                Some((lots, _, _)) if lots.is_empty() => view! { <p class="muted">"No stock is expected to expire unused."</p> }.into_any(),
                Some((lots, total, currency)) => view! {
                    <p class="small" style="margin-bottom:8px">{format!("{} at risk (first-expiry, first-out at expected demand).", format::money_whole(total, &currency))}</p>
                    <div class="table-scroll" tabindex="0"><table class="data compact">
                        <thead><tr><th>"SKU"</th><th>"Lot"</th><th>"Expiry"</th><th class="num">"At risk"</th><th class="num">"Value"</th></tr></thead>
                        <tbody>
                            {lots.into_iter().take(8).map(|lot| view! {
                                <tr>
                                    <td><div><a href=Route::Sku(lot.sku.clone()).href()>{lot.sku.to_string()}</a></div><span class="muted small cell-sub">{format!("at {}", lot.location)}</span></td>
                                    <td>{lot.lot.to_string()}</td>
                                    <td>{if lot.expired { badge("error", "Expired") } else { badge("warn", format!("in {} d", lot.days_to_expiry)) }}</td>
                                    <td class="num">{format::qty(lot.quantity_at_risk)}</td>
                                    <td class="num">{format::money(lot.value_at_risk)}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table></div>
                }.into_any(),
            }}
        </div>
    }
}
