//! Buying within budget: when a family's suggestions cost more than its
//! budget has left this month, the subset that protects the most service per
//! unit of money, what is deferred with the shortage it risks, and the
//! buyer's own adjustment before drafting
//! (`engine::purchasing::buying_within_budget`, computed in the worker from
//! the kept plan with the buyer's overrides).

use crate::components::table::badge;
use crate::format;
use crate::pages::common::PageHead;
use crate::route::Route;
use crate::state::{use_store, NoticeKind};
use crate::worker::jobs;
use engine::purchasing::{BudgetCandidate, FamilySelection};
use engine::{LocationId, SkuId};
use leptos::prelude::*;
use rust_decimal::Decimal;
use std::collections::BTreeSet;

type Key = (SkuId, LocationId);

fn key(candidate: &BudgetCandidate) -> Key {
    (candidate.sku.clone(), candidate.location.clone())
}

#[component]
pub fn WithinBudgetPage() -> impl IntoView {
    let store = use_store();
    // None: waiting for the plan or the worker's answer.
    let selection: RwSignal<Option<Result<Vec<FamilySelection>, String>>> = RwSignal::new(None);
    // The rows the buyer will draft: the engine's choice until they change it.
    let ticked: RwSignal<BTreeSet<Key>> = RwSignal::new(BTreeSet::new());
    Effect::new(move |_| {
        if store.plan.with(Option::is_none) {
            return;
        }
        let pending = store.workspace.with_untracked(|w| jobs::within_budget(w, store.demand_rev.get_untracked()));
        leptos::task::spawn_local(async move {
            let answer = match pending.await {
                Ok(Some(answer)) => answer,
                Ok(None) => return,
                Err(error) => Err(error.to_string()),
            };
            if let Ok(families) = &answer {
                // Built by insertion: collecting into a set sorts with its
                // own copy of std's sort (ARCHITECTURE.md, Size).
                let mut accepted = BTreeSet::new();
                accepted.extend(families.iter().flat_map(|f| f.accepted.iter().map(key)));
                ticked.set(accepted);
            }
            selection.set(Some(answer));
        });
    });
    let base = Memo::new(move |_| store.workspace.with(|w| w.settings.base_currency.to_string()));
    let month = engine::purchasing::month_of(store.today);
    let next_month = month.checked_add_months(chrono::Months::new(1)).unwrap_or(store.today);
    let deferral_days = (next_month - store.today).num_days();

    let drafting = RwSignal::new(false);
    let draft = move |_| {
        let wanted: Vec<Key> = ticked.get_untracked().into_iter().collect();
        let (keys, skipped): (Vec<Key>, Vec<Key>) = wanted
            .into_iter()
            .partition(|(sku, location)| !crate::pages::drafting::already_drafted(store, sku, location));
        let note = match skipped.len() {
            0 => String::new(),
            n => format!(
                " {} already on a draft or an order awaiting approval.",
                format::count(n, "line is", "lines are")
            ),
        };
        if keys.is_empty() {
            return store.notify(NoticeKind::Info, format!("Nothing to draft: tick the suggestions to buy.{note}"));
        }
        crate::pages::drafting::draft_plan_lines(store, keys, note, drafting, || {});
    };
    let n_ticked = move || ticked.with(BTreeSet::len);

    let body = move || {
        match selection.get() {
        None => view! { <p class="muted" data-testid="budget-waiting">"Waiting for the plan…"</p> }.into_any(),
        Some(Err(reason)) => view! { <div class="banner banner-error" role="alert">{reason}</div> }.into_any(),
        Some(Ok(families)) if families.is_empty() => {
            view! { <p class="muted" data-testid="budget-nothing">"The plan suggests no orders: there is nothing to fit in a budget."</p> }
                .into_any()
        }
        Some(Ok(families)) => {
            let base = base.get();
            let (with_budget, without): (Vec<_>, Vec<_>) = families.into_iter().partition(|f| f.remaining.is_some());
            let kept = without.iter().map(|f| f.accepted.len()).sum::<usize>();
            let kept_value: Decimal = without.iter().map(|f| f.accepted_value).sum();
            let no_budget = (!without.is_empty()).then(|| {
                let base = base.clone();
                view! {
                    <details class="card section" data-testid="budget-unbudgeted">
                        <summary>{format!(
                            "{} worth {} in {} with no budget this month: all of them are kept.",
                            format::count(kept, "suggestion", "suggestions"),
                            format::money_in(kept_value, &base),
                            format::count(without.len(), "family", "families"),
                        )}</summary>
                        {without.into_iter().map(|f| view! { <FamilyCard family=f base=base.clone() ticked=ticked /> }).collect_view()}
                    </details>
                }
            });
            view! {
                {with_budget.into_iter().map(|f| view! { <FamilyCard family=f base=base.clone() ticked=ticked /> }).collect_view()}
                {no_budget}
            }
            .into_any()
        }
    }
    };

    view! {
        <PageHead
            title="Buy within budget"
            subtitle=Signal::derive(move || format!("Suggested orders of {} against what each family's budget has left", format::month(month)))
            crumbs=vec![("Plan", Route::Plan.href()), ("Purchase orders", Route::PurchaseOrders.href())]
        >
            <button class="btn btn-primary" data-testid="budget-draft" disabled=move || n_ticked() == 0 || drafting.get()
                on:click=draft>
                {move || format!("Draft POs for the ticked ({})", n_ticked())}
            </button>
        </PageHead>
        <section class="card section">
            <p>"Where a family's suggestions cost more than its budget has left this month, the orders that avert the most shortage per unit of money are ticked first (on a tie: class A before B before C, then the nearest stockout); an order that no longer fits is deferred, and a cheaper one further down may still fit. Tick or untick to adjust, then draft."</p>
            <p class="small muted">{format!(
                "A deferred order waits for next month's budget: {deferral_days} days, until {}. Short if deferred = per day × max(0, {deferral_days} + lead time − max(cover, lead time)): the demand that goes unmet in the extra days without stock. Values are goods values in {}; the remaining budget counts approved, sent and received orders.",
                format::date(next_month),
                base.get_untracked(),
            )}</p>
        </section>
        {body}
    }
}

/// One family: its remaining budget, the ticked total against it, and its
/// suggestions with the engine's choice and the buyer's ticks.
#[component]
fn FamilyCard(family: FamilySelection, base: String, ticked: RwSignal<BTreeSet<Key>>) -> impl IntoView {
    let FamilySelection { family: name, remaining, accepted, deferred, deferred_value, .. } = family;
    let split = match deferred.len() {
        0 => format!("All {} fit.", format::count(accepted.len(), "suggestion", "suggestions")),
        n => {
            format!("{} to buy now, {} worth {} deferred.", accepted.len(), n, format::money_in(deferred_value, &base))
        }
    };
    let rows: Vec<(BudgetCandidate, bool)> =
        accepted.into_iter().map(|c| (c, true)).chain(deferred.into_iter().map(|c| (c, false))).collect();
    let values: Vec<(Key, Decimal)> = rows.iter().map(|(c, _)| (key(c), c.value)).collect();
    let ticked_value = move || -> Decimal {
        ticked.with(|chosen| values.iter().filter(|(k, _)| chosen.contains(k)).map(|(_, v)| *v).sum())
    };
    let budget_line = {
        let base = base.clone();
        move || match remaining {
            None => "No budget this month: nothing is deferred.".to_owned(),
            Some(left) if left < Decimal::ZERO => {
                format!("{} over budget already: only orders of no value fit.", format::money_in(-left, &base))
            }
            Some(left) => format!("{} left of this month's budget.", format::money_in(left, &base)),
        }
    };
    let ticked_line = {
        let base = base.clone();
        move || {
            let value = ticked_value();
            let over = remaining.is_some_and(|left| value > left);
            let text = format!("Ticked: {}", format::money_in(value, &base));
            view! { <span class=if over { "badge badge-error" } else { "badge" } data-testid="budget-ticked">
                {if over { format!("{text}, over what is left") } else { text }}
            </span> }
        }
    };
    let testid = format!("budget-family-{name}");
    view! {
        <section class="card section" data-testid=testid>
            <h2>{name.clone()}</h2>
            <p>{budget_line} " " {split} " " {ticked_line}</p>
            <div class="table-scroll" tabindex="0">
                <table class="data compact">
                    <thead><tr>
                        <th>"Buy"</th><th>"SKU"</th><th>"Location"</th><th>"Class"</th><th class="num">"Value"</th>
                        <th class="num">"Per day"</th><th class="num">"Lead time, days"</th><th class="num">"Cover, days"</th>
                        <th class="num">"Short if deferred"</th><th>"Engine's choice"</th>
                    </tr></thead>
                    <tbody>
                        {rows.into_iter().map(|(c, chosen)| {
                            let k = key(&c);
                            let label = format!("Buy {} at {}", c.sku, c.location);
                            let checked = { let k = k.clone(); move || ticked.with(|t| t.contains(&k)) };
                            let toggle = move |_| ticked.update(|t| if !t.remove(&k) { t.insert(k.clone()); });
                            view! {
                                <tr class=if chosen { "" } else { "row-deferred" }>
                                    <td><input type="checkbox" aria-label=label prop:checked=checked on:change=toggle /></td>
                                    <td><a href=Route::Sku(c.sku.clone()).href()>{c.sku.to_string()}</a></td>
                                    <td>{c.location.to_string()}</td>
                                    <td>{c.abc.to_string()}</td>
                                    <td class="num">{format::money_in(c.value, &base)}</td>
                                    <td class="num">{format::fixed(c.mean_per_day, 3)}</td>
                                    <td class="num">{format::fixed(c.lead_time_days, 2)}</td>
                                    <td class="num">{c.days_of_cover.map_or_else(|| "–".to_owned(), |d| format::fixed(d, 2))}</td>
                                    <td class="num">{format!("{} units", format::fixed(c.shortage_averted, 0))}</td>
                                    <td>{if chosen { badge("ok", "buy now") } else { badge("warn", "deferred") }}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}
