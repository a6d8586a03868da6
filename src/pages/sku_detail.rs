//! The planning side of a SKU's page: classes and stock levels per location,
//! the suppliers compared, offers, lots, and weekly demand.

use crate::components::table::badge;
use crate::format;
use crate::pages::offers::{OfferEditor, OfferTarget};
use crate::pages::plan_view::{
    class_label, decision_label, flag_badges, pattern_label, plan_lines, ExplanationSteps, OfferComparison,
    PlanPending, UnplannableSteps,
};
use crate::state::use_store;
use chrono::{Datelike, Days, NaiveDate};
use engine::{DemandHistory, SkuId};
use leptos::prelude::*;

#[component]
pub fn SkuPlanning(id: SkuId) -> impl IntoView {
    let store = use_store();
    let fetched = plan_lines(store, id.clone(), None);
    let planned = Memo::new(move |_| {
        let currency = store.plan.with(|plan| plan.as_ref().map(|p| p.base_currency.to_string()))?;
        fetched.get().map(|(lines, unplannable)| (lines, unplannable, currency))
    });
    let unit = {
        let id = id.clone();
        Memo::new(move |_| store.workspace.with(|w| w.sku(&id).map(|s| s.unit.clone()).unwrap_or_default()))
    };
    let shown_steps: RwSignal<Option<String>> = RwSignal::new(None);
    view! {
        <section class="section" data-testid="sku-planning">
            <h2>"Planning"</h2>
            {move || match planned.get() {
                None => view! { <div class="card muted"><PlanPending/></div> }.into_any(),
                Some((lines, unplannable, currency)) if lines.is_empty() && unplannable.is_empty() => {
                    let _ = currency;
                    view! { <div class="card muted">"This SKU has no stock, demand or orders at any location yet, so there is nothing to plan."</div> }.into_any()
                }
                Some((lines, unplannable, currency)) => view! {
                    <div class="stack">
                        {lines.into_iter().map(|line| {
                            let key = line.location.to_string();
                            let toggle_key = key.clone();
                            let is_shown = move || shown_steps.with(|s| s.as_deref() == Some(key.as_str()));
                            let is_shown_2 = is_shown.clone();
                            let steps_line = line.clone();
                            let unit = unit.get();
                            view! {
                                <div class="card">
                                    <div class="section-head">
                                        <h3>{format!("At {}", line.location)}</h3>
                                        {badge("class", class_label(&line))}
                                        {match &line.order {
                                            Some(order) => badge("warn", format!("Order {} {} from {}", format::qty(order.quantity), unit, order.supplier)),
                                            None => badge("ok", decision_label(line.decision)),
                                        }}
                                    </div>
                                    <div class="grid grid-3">
                                        <dl class="facts">
                                            <dt>"Demand"</dt><dd>{format!("{} · {} per day", pattern_label(line.pattern),
                                                line.demand.as_ref().map(|d| format::fixed(d.mean_per_day, 2)).unwrap_or_else(|| "–".into()))}</dd>
                                            <dt>"Service"</dt><dd>{format!("{} ({})", format::percent(line.service.level), match line.service.definition {
                                                engine::ServiceDefinition::CycleService => "cycle service", engine::ServiceDefinition::FillRate => "fill rate" })}</dd>
                                            <dt>"Policy"</dt><dd>{match line.service.policy {
                                                engine::PolicyKind::ContinuousReview => "(s, Q) continuous review".to_owned(),
                                                engine::PolicyKind::PeriodicReview => format!("(R, S) every {} days", line.service.review_period_days),
                                                engine::PolicyKind::MinMax => "Min / max".to_owned() }}</dd>
                                        </dl>
                                        <dl class="facts">
                                            <dt>"Safety stock"</dt><dd data-testid="sku-safety-stock">{format::level(line.safety_stock)}</dd>
                                            <dt>"Reorder point"</dt><dd data-testid="sku-reorder-point">{format::level(line.reorder_point)}</dd>
                                            <dt>"Order up to"</dt><dd>{line.order_up_to.map(format::level).unwrap_or_else(|| "–".into())}</dd>
                                        </dl>
                                        <dl class="facts">
                                            <dt>"Position"</dt><dd data-testid="sku-position">{format::level(line.inventory.position)}</dd>
                                            <dt>"On hand / on order"</dt><dd>{format!("{} / {}", format::qty(line.inventory.available), format::qty(line.inventory.on_order))}</dd>
                                            <dt>"Cover"</dt><dd>{format::cover(line.days_of_cover)}</dd>
                                        </dl>
                                    </div>
                                    <div class="section">{flag_badges(&line.flags)}</div>
                                    <div class="section">
                                        <h3 style="margin-bottom:6px">"Suppliers compared"</h3>
                                        <OfferComparison line=line.clone() currency=currency.clone() />
                                    </div>
                                    <div class="form-actions">
                                        <button class="btn btn-small" on:click=move |_| shown_steps.update(|s| {
                                            *s = if s.as_deref() == Some(toggle_key.as_str()) { None } else { Some(toggle_key.clone()) }
                                        })>
                                            {move || if is_shown() { "Hide the calculation" } else { "Show the calculation step by step" }}
                                        </button>
                                    </div>
                                    {move || is_shown_2().then(|| view! { <ExplanationSteps line=steps_line.clone() /> })}
                                </div>
                            }
                        }).collect_view()}
                        {unplannable.into_iter().map(|item| view! {
                            <div class="card">
                                <h3>{format!("At {}", item.location.as_ref().map(|l| l.to_string()).unwrap_or_else(|| "no location".into()))}</h3>
                                <p class="section">{badge("warn", item.reason.to_string())}</p>
                                <UnplannableSteps item=item.clone() />
                            </div>
                        }).collect_view()}
                    </div>
                }.into_any(),
            }}
        </section>
        <section class="section">
            <h2>"Offers"</h2>
            <OfferEditor target=OfferTarget::Sku(id.clone()) />
        </section>
        <div class="grid grid-2 section">
            <SkuLots id=id.clone() />
            <DemandChart id=id />
        </div>
    }
}

#[component]
fn SkuLots(id: SkuId) -> impl IntoView {
    let store = use_store();
    let today = store.today;
    let lots = Memo::new(move |_| {
        store.workspace.with(|w| w.stock_lots.iter().filter(|l| l.sku == id).cloned().collect::<Vec<_>>())
    });
    view! {
        <div class="card">
            <h2>"Stock"</h2>
            <table class="data compact">
                <thead><tr><th>"Location"</th><th>"Lot"</th><th class="num">"Quantity"</th><th>"Expiry"</th><th>"Status"</th></tr></thead>
                <tbody>
                    {move || {
                        let lots = lots.get();
                        if lots.is_empty() {
                            return view! { <tr class="empty-row"><td colspan="5">"No stock on hand."</td></tr> }.into_any();
                        }
                        lots.into_iter().map(|lot| view! {
                            <tr>
                                <td>{lot.location.to_string()}</td>
                                <td>{if lot.lot.as_str().is_empty() { "–".to_owned() } else { lot.lot.to_string() }}</td>
                                <td class="num">{format::qty(lot.quantity)}</td>
                                <td>{format::opt_date(lot.expiry)}</td>
                                <td>{if lot.is_expired_on(today) { badge("error", "Expired") } else if lot.quarantine { badge("warn", "Quarantine") } else { badge("ok", "Available") }}</td>
                            </tr>
                        }).collect_view().into_any()
                    }}
                </tbody>
            </table>
        </div>
    }
}

/// Weekly totals of one SKU over the last 104 weeks, across locations and
/// channels; weeks with a promotion day are marked.
fn weekly(demand: &DemandHistory, sku: &SkuId, today: NaiveDate) -> Vec<(NaiveDate, f64, bool)> {
    let weeks = 104u64;
    let start = today - Days::new(weeks * 7);
    let mut out: Vec<(NaiveDate, f64, bool)> = (0..weeks).map(|w| (start + Days::new(w * 7), 0.0, false)).collect();
    for series in demand.for_sku(sku) {
        for (idx, quantity) in series.quantity.iter().enumerate() {
            let date = series.start + Days::new(idx as u64);
            if date < start || date >= today {
                continue;
            }
            let week = ((date - start).num_days() / 7) as usize;
            if let Some(slot) = out.get_mut(week) {
                slot.1 += f64::from(*quantity);
                slot.2 |= series.promo.get(idx);
            }
        }
    }
    out
}

#[component]
fn DemandChart(id: SkuId) -> impl IntoView {
    let store = use_store();
    let today = store.today;
    let data = Memo::new(move |_| store.workspace.with(|w| weekly(&w.demand, &id, today)));
    view! {
        <div class="card">
            <h2>"Weekly demand, last two years"</h2>
            {move || {
                let weeks = data.get();
                let max = weeks.iter().map(|w| w.1).fold(0.0, f64::max);
                if max <= 0.0 {
                    return view! { <p class="muted">"No demand recorded in the last two years."</p> }.into_any();
                }
                let width = 520.0;
                let height = 130.0;
                let bar = width / weeks.len() as f64;
                let total: f64 = weeks.iter().map(|w| w.1).sum();
                let bars = weeks.iter().enumerate().map(|(idx, (week, qty, promo))| {
                    let h = (qty / max) * (height - 16.0);
                    let title = format!("Week of {}: {}{}", format::date(*week), format::qty(*qty), if *promo { " (promotion)" } else { "" });
                    view! {
                        <rect class="bar" class:promo=*promo x=idx as f64 * bar y=height - 12.0 - h width=(bar - 1.0).max(1.0) height=h>
                            <title>{title}</title>
                        </rect>
                    }
                }).collect_view();
                let years = weeks.iter().enumerate().filter(|(_, (week, _, _))| week.month() == 1 && week.day() <= 7).map(|(idx, (week, _, _))| view! {
                    <text x=idx as f64 * bar y=height>{week.year().to_string()}</text>
                }).collect_view();
                view! {
                    <svg class="chart" viewBox=format!("0 0 {width} {height}") preserveAspectRatio="none" role="img"
                        aria-label=format!("Weekly demand; peak {} per week", format::qty(max))>
                        <line class="axis" x1="0" x2=width y1=height - 12.0 y2=height - 12.0 />
                        {bars}
                        {years}
                    </svg>
                    <p class="small muted">{format!("{} in 104 weeks · peak week {} · orange: weeks with a promotion", format::qty(total), format::qty(max))}</p>
                }.into_any()
            }}
        </div>
    }
}
