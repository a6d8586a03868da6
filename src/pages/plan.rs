//! The Plan page: reorder suggestions sorted by urgency, filters, the
//! "why this quantity?" panel, buyer overrides, and export of a selection.

use crate::components::table::{badge, link, text, Column, DataTable};
use crate::download;
use crate::format;
use crate::pages::common::PageHead;
use crate::pages::plan_view::{
    class_label, decision_label, flag_badges, flag_label, pattern_label, plan_lines, ExplanationSteps, OfferComparison,
    UnplannableSteps,
};
use crate::plan_summary::PlanView;
use crate::route::Route;
use crate::state::{use_store, NoticeKind, PlanStatus, Store};
use crate::worker::jobs::{self, PlanFile};
use engine::io::form as parse;
use engine::plan::{Override, PlanLine, QuantityReview};
use engine::{LocationId, SkuId, SupplierId};
use leptos::prelude::*;
use rust_decimal::Decimal;
use std::collections::{BTreeSet, HashMap};
use wasm_bindgen::JsCast;

fn row_key(sku: &SkuId, location: &LocationId) -> String {
    format!("{sku}\u{1f}{location}")
}

#[derive(Clone, Debug, PartialEq)]
struct PlanRow {
    key: String,
    sku: SkuId,
    name: String,
    family: String,
    unit: String,
    location: LocationId,
    class: String,
    position: f64,
    reorder_point: f64,
    cover: Option<f64>,
    urgency: Option<f64>,
    quantity: Option<f64>,
    supplier: Option<SupplierId>,
    value: Option<Decimal>,
    flags: Vec<(&'static str, String)>,
    flag_codes: Vec<&'static str>,
    overridden: bool,
}

fn plan_rows(store: Store, plan: &PlanView) -> Vec<PlanRow> {
    store.workspace.with(|workspace| {
        let skus: HashMap<&SkuId, &engine::Sku> = workspace.skus.iter().map(|s| (&s.id, s)).collect();
        plan.rows
            .iter()
            .map(|row| {
                let sku = skus.get(&row.sku);
                let order = row.order.as_ref();
                PlanRow {
                    key: row_key(&row.sku, &row.location),
                    sku: row.sku.clone(),
                    name: sku.map(|s| s.name.clone()).unwrap_or_default(),
                    family: sku.map(|s| s.family.clone()).unwrap_or_default(),
                    unit: sku.map(|s| s.unit.clone()).unwrap_or_default(),
                    location: row.location.clone(),
                    class: row.class(),
                    position: row.position,
                    reorder_point: row.reorder_point,
                    cover: row.days_of_cover,
                    urgency: row.urgency_days,
                    quantity: order.map(|o| o.quantity),
                    supplier: order.map(|o| o.supplier.clone()),
                    value: order.map(|o| o.landed_value),
                    flags: row.flags.iter().map(flag_label).collect(),
                    flag_codes: row.flags.iter().map(|f| f.code()).collect(),
                    overridden: row.overridden(),
                }
            })
            .collect()
    })
}

/// Days of cover left after the lead time: below zero, stock runs out before
/// an order placed today arrives.
fn margin_cell(row: &PlanRow) -> AnyView {
    let Some(margin) = row.urgency else { return text("–") };
    let label = format!("{} d", format::fixed(margin, 0));
    match margin {
        m if m < 0.0 => badge("error", label),
        m if m < 7.0 => badge("warn", label),
        _ => text(label),
    }
}

fn columns() -> Vec<Column<PlanRow>> {
    vec![
        Column::new("SKU", |r: &PlanRow| link(Route::Sku(r.sku.clone()).href(), r.sku.to_string()))
            .sort(|a, b| a.sku.cmp(&b.sku)),
        Column::new("Name", |r: &PlanRow| {
            view! { <span class="truncate" title=r.name.clone()>{r.name.clone()}</span> }.into_any()
        })
        .sort(|a, b| a.name.cmp(&b.name)),
        Column::new("Location", |r: &PlanRow| text(r.location.to_string())).sort(|a, b| a.location.cmp(&b.location)),
        Column::new("Class", |r: &PlanRow| badge("class", r.class.clone())).sort(|a, b| a.class.cmp(&b.class)),
        Column::new("Position", |r: &PlanRow| text(format::level(r.position)))
            .numeric()
            .sort(|a, b| a.position.total_cmp(&b.position)),
        Column::new("Reorder at", |r: &PlanRow| text(format::level(r.reorder_point)))
            .numeric()
            .sort(|a, b| a.reorder_point.total_cmp(&b.reorder_point)),
        Column::new("Cover", |r: &PlanRow| text(format::cover(r.cover)))
            .numeric()
            .sort(|a, b| a.cover.unwrap_or(f64::MAX).total_cmp(&b.cover.unwrap_or(f64::MAX))),
        Column::new("Margin", margin_cell).numeric().sort(|a, b| engine::plan::urgency_order(a.urgency, b.urgency)),
        Column::new("Order", |r: &PlanRow| match r.quantity {
            Some(q) => {
                view! { <span><strong>{format::qty(q)}</strong> " " <span class="muted small">{r.unit.clone()}</span>
                {r.overridden.then(|| view! { " " {badge("info", "buyer")} })}</span> }
                .into_any()
            }
            None => text("–"),
        })
        .numeric()
        .sort(|a, b| a.quantity.unwrap_or(-1.0).total_cmp(&b.quantity.unwrap_or(-1.0))),
        Column::new("Supplier", |r: &PlanRow| text(r.supplier.as_ref().map(|s| s.to_string()).unwrap_or_default()))
            .sort(|a, b| a.supplier.cmp(&b.supplier)),
        Column::new("Value", |r: &PlanRow| text(r.value.map(format::money).unwrap_or_default()))
            .numeric()
            .sort(|a, b| a.value.cmp(&b.value)),
        Column::new("Flags", |r: &PlanRow| {
            let all = r.flags.iter().map(|(_, label)| label.as_str()).collect::<Vec<_>>().join(" · ");
            let shown: Vec<AnyView> = r.flags.iter().take(1).map(|(kind, label)| badge(kind, label.clone())).collect();
            let more = r.flags.len().saturating_sub(1);
            view! { <div class="flags flags-cell" title=all>{shown}{(more > 0).then(|| badge("neutral", format!("+{more}")))}</div> }.into_any()
        }),
    ]
}

/// The plan's filters. They outlive the page (kept for the tab's lifetime), so
/// when the page is drawn again — another tab's save was loaded, or the buyer
/// came back from a SKU — the table and the dropdowns start from the same
/// choice: what is shown always matches what the controls say.
#[derive(Clone, Copy)]
struct PlanFilters {
    show: RwSignal<String>,
    abc: RwSignal<String>,
    family: RwSignal<String>,
    location: RwSignal<String>,
    supplier: RwSignal<String>,
    flag: RwSignal<String>,
}

thread_local! {
    // Reference-counted, so they outlive every page that borrows them (a plain
    // `RwSignal` belongs to the page that made it and goes with it).
    static FILTERS: [ArcRwSignal<String>; 6] = [
        ArcRwSignal::new("suggestions".to_owned()),
        ArcRwSignal::new(String::new()),
        ArcRwSignal::new(String::new()),
        ArcRwSignal::new(String::new()),
        ArcRwSignal::new(String::new()),
        ArcRwSignal::new(String::new()),
    ];
}

impl PlanFilters {
    /// This page's handles on the tab's filters.
    fn current() -> Self {
        FILTERS.with(|filters| {
            let [show, abc, family, location, supplier, flag] = filters.clone().map(RwSignal::from);
            Self { show, abc, family, location, supplier, flag }
        })
    }
}

/// A dropdown whose shown value is always its signal's: the options are
/// drawn with `selected` from the signal, and a chosen value that is no longer
/// among the options (the plan changed) stays listed, marked "(none now)", so
/// the control never shows one thing while the table filters by another.
fn filter_select(
    label: &'static str,
    testid: &'static str,
    all_label: &'static str,
    value: RwSignal<String>,
    options: Signal<Vec<(String, String)>>,
) -> impl IntoView {
    let choices = move || {
        let mut list = options.get();
        let current = value.get();
        if !current.is_empty() && !list.iter().any(|(code, _)| *code == current) {
            list.push((current.clone(), format!("{current} (none now)")));
        }
        list.into_iter()
            .map(|(code, text)| {
                let selected = {
                    let code = code.clone();
                    move || value.with(|v| *v == code)
                };
                view! { <option value=code prop:selected=selected>{text}</option> }
            })
            .collect_view()
    };
    view! {
        <select aria-label=label data-testid=testid prop:value=move || value.get()
            on:change:target=move |ev| value.set(ev.target().value())>
            <option value="" prop:selected=move || value.with(String::is_empty)>{all_label}</option>
            {choices}
        </select>
    }
}

#[component]
pub fn PlanPage() -> impl IntoView {
    let store = use_store();
    let PlanFilters { show, abc, family, location, supplier, flag } = PlanFilters::current();
    let selected: RwSignal<BTreeSet<String>> = RwSignal::new(BTreeSet::new());
    let open: RwSignal<Option<String>> = RwSignal::new(None);

    let all_rows =
        Memo::new(move |_| store.plan.with(|plan| plan.as_ref().map(|p| plan_rows(store, p)).unwrap_or_default()));
    let rows = Signal::derive(move || {
        let (show, abc, family, location, supplier, flag) =
            (show.get(), abc.get(), family.get(), location.get(), supplier.get(), flag.get());
        all_rows.with(|rows| {
            rows.iter()
                .filter(|r| show != "suggestions" || r.quantity.is_some())
                .filter(|r| abc.is_empty() || r.class.starts_with(&abc))
                .filter(|r| family.is_empty() || r.family == family)
                .filter(|r| location.is_empty() || r.location.as_str() == location)
                .filter(|r| supplier.is_empty() || r.supplier.as_ref().is_some_and(|s| s.as_str() == supplier))
                .filter(|r| flag.is_empty() || r.flag_codes.iter().any(|c| *c == flag))
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    let options = Memo::new(move |_| {
        all_rows.with(|rows| {
            let mut families: Vec<String> = rows.iter().map(|r| r.family.clone()).collect();
            let mut locations: Vec<String> = rows.iter().map(|r| r.location.to_string()).collect();
            let mut suppliers: Vec<String> =
                rows.iter().filter_map(|r| r.supplier.as_ref().map(|s| s.to_string())).collect();
            let mut flags: Vec<(&'static str, String)> = Vec::new();
            for row in rows {
                for (code, (_, label)) in row.flag_codes.iter().zip(&row.flags) {
                    if !flags.iter().any(|(c, _)| c == code) {
                        flags.push((code, label.split(':').next().unwrap_or(label).to_owned()));
                    }
                }
            }
            for list in [&mut families, &mut locations, &mut suppliers] {
                engine::sorting::sort_by(list, |a, b| a.cmp(b));
                list.dedup();
            }
            engine::sorting::sort_by(&mut flags, |a, b| a.cmp(b));
            (families, locations, suppliers, flags)
        })
    });
    let summary = Signal::derive(move || {
        store.plan.with(|plan| match plan {
            None => "Planning…".to_owned(),
            Some(plan) => {
                let (n, value) = all_rows.with(|rows| {
                    let with_order: Vec<&PlanRow> = rows.iter().filter(|r| r.quantity.is_some()).collect();
                    (with_order.len(), with_order.iter().filter_map(|r| r.value).sum::<Decimal>())
                });
                format!(
                    "As of {}: {} worth {} landed, {} planned, {} cannot be planned.",
                    format::date(plan.today),
                    format::count(n, "suggestion", "suggestions"),
                    format::money_whole(value, plan.base_currency.as_str()),
                    format::count(plan.rows.len(), "SKU × location", "SKU × locations"),
                    plan.unplannable.len()
                )
            }
        })
    });

    let export = move |only_selected: bool, file: PlanFile| {
        let keys = only_selected.then(|| {
            all_rows.with_untracked(|rows| {
                selected.with_untracked(|chosen| {
                    rows.iter()
                        .filter(|r| r.quantity.is_some() && chosen.contains(&r.key))
                        .map(|r| (r.sku.clone(), r.location.clone()))
                        .collect::<Vec<_>>()
                })
            })
        });
        if keys.as_ref().is_some_and(Vec::is_empty) {
            store.notify(NoticeKind::Info, "No suggested orders are selected: tick the rows to export.");
            return;
        }
        let n_rows = match &keys {
            Some(keys) => keys.len(),
            None => all_rows.with_untracked(|rows| rows.iter().filter(|r| r.quantity.is_some()).count()),
        };
        leptos::task::spawn_local(async move {
            match jobs::export_plan(keys, file).await {
                Ok(Some(files)) => {
                    for file in files {
                        let n = match file.name.ends_with(".csv") {
                            true => file.bytes.iter().filter(|&&b| b == b'\n').count().saturating_sub(1),
                            false => n_rows,
                        };
                        match download::save_bytes(&file.name, &file.mime, &file.bytes) {
                            Ok(()) => store.notify(
                                NoticeKind::Success,
                                format!("Exported {} to {}.", format::count(n, "suggestion", "suggestions"), file.name),
                            ),
                            Err(error) => store.notify(NoticeKind::Error, format!("The export failed: {error}")),
                        }
                    }
                }
                Ok(None) => store.notify(NoticeKind::Error, "The export failed: the plan is not ready yet."),
                Err(error) => store.notify(NoticeKind::Error, format!("The export failed: {error}.")),
            }
        });
    };

    // Draft purchase orders for the chosen suggestions (or all of them). A
    // line already on a draft or an order awaiting approval at its location
    // is left out, so drafting twice does not order twice.
    let drafting = RwSignal::new(false);
    let draft = move |only_selected: bool| {
        let (keys, skipped) = all_rows.with_untracked(|rows| {
            selected.with_untracked(|chosen| {
                let on_draft = |row: &PlanRow| crate::pages::drafting::already_drafted(store, &row.sku, &row.location);
                let wanted: Vec<&PlanRow> = rows
                    .iter()
                    .filter(|r| r.quantity.is_some() && (!only_selected || chosen.contains(&r.key)))
                    .collect();
                let skipped = wanted.iter().filter(|r| on_draft(r)).count();
                let keys = wanted
                    .into_iter()
                    .filter(|r| !on_draft(r))
                    .map(|r| (r.sku.clone(), r.location.clone()))
                    .collect::<Vec<_>>();
                (keys, skipped)
            })
        });
        let already = if skipped > 0 {
            format!(
                " {} already on a draft or an order awaiting approval.",
                format::count(skipped, "suggestion is", "suggestions are")
            )
        } else {
            String::new()
        };
        if keys.is_empty() {
            let what = if only_selected {
                "No suggested orders are selected: tick the rows to draft."
            } else {
                "There is nothing to order."
            };
            store.notify(NoticeKind::Info, format!("{what}{already}"));
            return;
        }
        let after = move || selected.set(Default::default());
        crate::pages::drafting::draft_plan_lines(store, keys, already, drafting, after);
    };

    // Move keyboard focus into the panel when a line is opened, and back to
    // what had it (the row) when the panel closes, so Esc does not drop the
    // keyboard user at the top of the page.
    let opener: std::rc::Rc<std::cell::RefCell<Option<web_sys::Element>>> = Default::default();
    Effect::new(move |was_open: Option<bool>| {
        let is_open = open.with(Option::is_some);
        if is_open && was_open != Some(true) {
            *opener.borrow_mut() = document().active_element();
            request_animation_frame(|| {
                if let Some(panel) = document().query_selector("[data-testid=why-panel]").ok().flatten() {
                    let _ = panel.unchecked_into::<web_sys::HtmlElement>().focus();
                }
            });
        } else if !is_open && was_open == Some(true) {
            if let Some(back) = opener.borrow_mut().take().filter(|element| element.is_connected()) {
                let _ = back.unchecked_into::<web_sys::HtmlElement>().focus();
            }
        }
        is_open
    });
    let n_selected = move || selected.with(BTreeSet::len);
    let progress = move || match store.plan_status.get() {
        PlanStatus::Running { stage, .. } if stage == "Forecasting" => None,
        PlanStatus::Running { stage, done, total } if store.plan.with(Option::is_none) || total > 1 => {
            let share = if total > 0 { done as f64 / total as f64 } else { 0.0 };
            let what = "SKU × locations planned";
            Some(view! {
                <div class="card progress-line" data-testid="plan-progress">
                    <span>{format!("{stage}: {} of {} {what}…", format::qty(done as f64), format::qty(total as f64))}</span>
                    <progress max="1" value=share />
                </div>
            }.into_any())
        }
        PlanStatus::Failed(reason) => {
            Some(view! { <div class="banner banner-error" role="alert">{reason}</div> }.into_any())
        }
        _ => None,
    };

    view! {
        <PageHead title="Plan" subtitle=summary>
            <button class="btn btn-primary" data-testid="draft-selected" disabled=move || n_selected() == 0 || drafting.get()
                on:click=move |_| draft(true)>
                {move || format!("Draft POs ({})", n_selected())}
            </button>
            <button class="btn" data-testid="draft-all" disabled=move || drafting.get() on:click=move |_| draft(false)>"Draft POs for all"</button>
            <button class="btn" data-testid="export-selected" disabled=move || n_selected() == 0 on:click=move |_| export(true, PlanFile::Csv)>
                {move || format!("Export selected ({})", n_selected())}
            </button>
            <button class="btn" data-testid="export-suggestions" on:click=move |_| export(false, PlanFile::Csv)>"Export all suggestions"</button>
            <button class="btn" data-testid="export-suggestions-xlsx" on:click=move |_| export(false, PlanFile::Xlsx)>"Export all as Excel"</button>
            <a class="btn" data-testid="within-budget" href=Route::WithinBudget.href()>"Buy within budget"</a>
        </PageHead>
        <crate::pages::forecasts::ForecastingStatus />
        {progress}
        <div>
            <div class="plan-table">
                <DataTable
                    rows=rows
                    columns=columns()
                    search=|r: &PlanRow| format!("{} {} {} {}", r.sku, r.name, r.family, r.supplier.as_ref().map(|s| s.as_str()).unwrap_or(""))
                    search_placeholder="Search SKU, name, family, supplier"
                    initial_sort=(7, true)
                    empty="Nothing to plan yet."
                    testid="plan-table"
                    row_key=|r: &PlanRow| r.key.clone()
                    selection=selected
                    on_open=Callback::new(move |r: PlanRow| open.set(Some(r.key)))
                    active=Signal::derive(move || open.get())
                >
                    <select aria-label="Show" data-testid="plan-show" prop:value=move || show.get()
                        on:change:target=move |ev| show.set(ev.target().value())>
                        <option value="suggestions" prop:selected=move || show.with(|v| v == "suggestions")>"Orders to place"</option>
                        <option value="all" prop:selected=move || show.with(|v| v == "all")>"Every planned line"</option>
                    </select>
                    {filter_select("ABC class", "plan-abc", "All classes", abc,
                        Signal::derive(|| ["A", "B", "C"].map(|c| (c.to_owned(), c.to_owned())).to_vec()))}
                    {filter_select("Family", "plan-family", "All families", family,
                        Signal::derive(move || options.get().0.into_iter().map(|f| (f.clone(), f)).collect()))}
                    {filter_select("Location", "plan-location", "All locations", location,
                        Signal::derive(move || options.get().1.into_iter().map(|l| (l.clone(), l)).collect()))}
                    {filter_select("Supplier", "plan-supplier", "All suppliers", supplier,
                        Signal::derive(move || options.get().2.into_iter().map(|s| (s.clone(), s)).collect()))}
                    {filter_select("Flag", "plan-flag", "Any flag", flag,
                        Signal::derive(move || options.get().3.into_iter().map(|(code, label)| (code.to_owned(), label)).collect()))}
                </DataTable>
                <Unplannables />
            </div>
            {move || open.get().map(|key| {
                let target = all_rows.with(|rows| rows.iter().find(|r| r.key == key).map(|r| (r.sku.clone(), r.location.clone())));
                view! {
                    <div class="drawer" tabindex="-1" data-testid="why-panel" role="dialog" aria-label="Why this quantity?"
                        on:keydown=move |ev| if ev.key() == "Escape" { open.set(None) }>
                        <button class="btn-icon drawer-close" aria-label="Close" data-testid="why-close" on:click=move |_| open.set(None)>"×"</button>
                        {match target {
                            Some((sku, location)) => view! { <WhyLoader sku=sku location=location /> }.into_any(),
                            None => view! { <p class="muted">"This line is no longer in the plan."</p> }.into_any(),
                        }}
                    </div>
                }
            })}
        </div>
    }
}

/// Fetches the full line from the worker (again whenever the plan changes).
#[component]
fn WhyLoader(sku: SkuId, location: LocationId) -> impl IntoView {
    let store = use_store();
    let lines = plan_lines(store, sku, Some(location));
    move || match lines.get() {
        None => view! { <p class="muted">"Loading the figures…"</p> }.into_any(),
        Some((lines, _)) => match lines.into_iter().next() {
            Some(line) => view! { <WhyPanel line=line /> }.into_any(),
            None => view! { <p class="muted">"This line is no longer in the plan."</p> }.into_any(),
        },
    }
}

/// For a line below its safety stock or owing backorders: each supplier's
/// arrival and the demand it leaves uncovered, and the regular order, the
/// fastest supplier and the expedite split side by side
/// (`engine::purchasing::expedite_options`). Taking the fastest supplier
/// fills in the override below.
#[component]
fn ExpediteChoices(line: PlanLine, currency: String, unit: String, supplier: RwSignal<String>) -> impl IntoView {
    let store = use_store();
    let options = store.workspace.with_untracked(|w| engine::purchasing::expedite_options(w, &line, store.today));
    let options = match options {
        Ok(Some(options)) => options,
        Ok(None) => return None,
        Err(error) => {
            return Some(
                view! { <p class="banner banner-warn">{format!("Expedite options cannot be shown: {error}.")}</p> }
                    .into_any(),
            )
        }
    };
    let kind = |k: engine::purchasing::ExpediteKind| match k {
        engine::purchasing::ExpediteKind::Regular => "As planned",
        engine::purchasing::ExpediteKind::Fastest => "All from the fastest",
        _ => "Expedite split",
    };
    // The split in one click: the regular order and the fast part, one
    // draft each, priced by the plan's rules (`engine::purchasing::split_lines`).
    let split_source = std::rc::Rc::new((line.clone(), options.clone()));
    let draft_split = move || {
        let (line, options) = &*split_source;
        if crate::pages::drafting::already_drafted(store, &line.sku, &line.location) {
            return store.notify(
                NoticeKind::Error,
                format!(
                    "{} is already on a draft or an order awaiting approval at {}: nothing was drafted.",
                    line.sku, line.location
                ),
            );
        }
        let role = crate::pages::drafting::acting_role(store);
        let at = crate::pages::po_detail::now_local();
        let drafted = store.workspace.with_untracked(|w| {
            let lines = engine::purchasing::split_lines(w, line, options, store.today).ok_or("there is no split")?;
            let key = vec![(line.sku.clone(), line.location.clone())];
            let mut orders = Vec::new();
            for one in lines {
                let plan = engine::plan::Plan {
                    today: store.today,
                    base_currency: w.settings.base_currency.clone(),
                    lines: vec![one],
                    unplannable: Vec::new(),
                    expiring: Vec::new(),
                    supplier_performance: Vec::new(),
                };
                let selection = engine::purchasing::Selection::Lines(key.clone());
                let drafts = engine::purchasing::draft_purchase_orders(w, &plan, &selection, store.today, at, &role)
                    .map_err(|error| error.to_string())?;
                orders.extend(drafts.orders.into_iter().map(|drafted| drafted.order));
            }
            Ok::<_, String>(orders)
        });
        match drafted {
            Ok(orders) => {
                crate::pages::drafting::store_drafts(
                    store,
                    orders,
                    " The expedite split: the fast part and the regular order.",
                );
            }
            Err(reason) => store.notify(NoticeKind::Error, format!("The split was not drafted: {reason}.")),
        }
    };
    let rows = std::iter::once(&options.regular)
        .chain(options.fastest.as_ref())
        .chain(options.split.as_ref())
        .map(|option| {
            let orders = option
                .orders
                .iter()
                .map(|o| {
                    let text = format!(
                        "{} {unit} from {}, arriving {}",
                        format::qty(o.quantity),
                        o.supplier,
                        format::date(o.arrival)
                    );
                    view! { <div>{text}</div> }
                })
                .collect_view();
            let pick = match option.kind {
                engine::purchasing::ExpediteKind::Fastest => {
                    let fast = option.orders[0].supplier.to_string();
                    Some(
                        view! { <button class="btn btn-small" type="button" data-testid="expedite-use-fastest"
                        on:click=move |_| supplier.set(fast.clone())>"Use this supplier"</button> }
                        .into_any(),
                    )
                }
                engine::purchasing::ExpediteKind::Split => {
                    let draft_split = draft_split.clone();
                    Some(
                        view! { <button class="btn btn-small" type="button" data-testid="expedite-draft-split"
                        on:click=move |_| draft_split()>"Draft both orders"</button> }
                        .into_any(),
                    )
                }
                _ => None,
            };
            view! {
                <tr>
                    <td><div>{kind(option.kind)}</div>{pick}</td>
                    <td class="wrap">{orders}</td>
                    <td class="num">{format::money_in(option.landed_value, &currency)}</td>
                    <td class="num">{format!("{} {unit}", format::qty(option.gap))}</td>
                </tr>
            }
        })
        .collect_view();
    let split_note = options.split.as_ref().map(|_| {
        "\"Draft both orders\" makes two drafts at once: the fast part and the regular order, each priced and checked like any draft."
    });
    Some(view! {
        <section class="card" style="padding:12px" data-testid="expedite">
            <h3>"Urgent: what covers demand until a delivery"</h3>
            <p class="small muted">{format!(
                "{} {unit} net on hand (available less backorders; {} on order not counted, its arrival is not known), about {} {unit} a day.",
                format::qty(options.net_stock), format::qty(options.on_order), format::fixed(options.mean_per_day, 2)
            )}</p>
            <div class="table-scroll" tabindex="0">
                <table class="data compact">
                    <thead><tr><th>"Option"</th><th>"Orders"</th><th class="num">"Landed"</th><th class="num">"Short before first delivery"</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            {split_note.map(|note| view! { <p class="small muted">{note}</p> })}
        </section>
    }.into_any())
}

#[component]
fn WhyPanel(line: PlanLine) -> impl IntoView {
    let store = use_store();
    let key = (line.sku.clone(), line.location.clone());
    let current = store.overrides.with_untracked(|o| o.get(&key).cloned()).unwrap_or_default();
    let quantity = RwSignal::new(current.quantity.map(|q| q.to_string()).unwrap_or_default());
    let supplier = RwSignal::new(current.supplier.as_ref().map(|s| s.to_string()).unwrap_or_default());
    let quantity_error = Signal::derive(move || match parse::optional(&quantity.get(), parse::quantity) {
        Err(reason) => Some(reason),
        Ok(Some(q)) if q < 0.0 => Some("must not be negative (0 cancels the order)".to_owned()),
        Ok(_) => None,
    });
    let (name, unit) = store
        .workspace
        .with_untracked(|w| w.sku(&line.sku).map(|s| (s.name.clone(), s.unit.clone())).unwrap_or_default());
    let currency = store.plan.with_untracked(|p| p.as_ref().map(|p| p.base_currency.to_string()).unwrap_or_default());
    let priced: Vec<String> =
        line.alternatives.iter().filter(|o| o.figures.is_some()).map(|o| o.supplier.to_string()).collect();
    let has_override = current.quantity.is_some() || current.supplier.is_some();

    // A quantity far beyond what the line needs waits here for the buyer's
    // confirmation, with what it amounts to.
    let unconfirmed: RwSignal<Option<(Override, String)>> = RwSignal::new(None);
    // Typing another quantity or choosing another supplier withdraws the question.
    Effect::new(move |_| {
        quantity.track();
        supplier.track();
        unconfirmed.set(None);
    });
    let commit = {
        let key = key.clone();
        move |buyer: Override| {
            unconfirmed.set(None);
            store.overrides.update(|o| {
                if buyer.quantity.is_none() && buyer.supplier.is_none() {
                    o.remove(&key);
                } else {
                    o.insert(key.clone(), buyer);
                }
            });
            persist_overrides(store);
        }
    };
    let apply = {
        let commit = commit.clone();
        let line = line.clone();
        let unit = unit.clone();
        let currency = currency.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            if quantity_error.get_untracked().is_some() {
                return;
            }
            let Ok(quantity) = parse::optional(&quantity.get_untracked(), parse::quantity) else { return };
            let supplier = Some(supplier.get_untracked()).filter(|s| !s.is_empty()).map(SupplierId::new);
            let buyer = Override { quantity, supplier };
            let review = quantity.and_then(|q| engine::plan::review_quantity(&line, q).ok());
            match review {
                Some(review) if review.needs_confirmation => {
                    let value = store.workspace.with_untracked(|w| {
                        engine::plan::apply_override(w, &line, &buyer, store.today).order.map(|o| o.landed_value)
                    });
                    let text = confirmation_text(&review, quantity.unwrap_or_default(), &unit, value, &currency);
                    unconfirmed.set(Some((buyer, text)));
                }
                _ => commit(buyer),
            }
        }
    };
    let clear = {
        let key = key.clone();
        move |_| {
            store.overrides.update(|o| {
                o.remove(&key);
            });
            quantity.set(String::new());
            supplier.set(String::new());
            persist_overrides(store);
        }
    };
    let inventory = line.inventory.clone();
    let order = line.order.clone();
    view! {
        <div class="stack">
            <div>
                <div class="crumbs">"Why this quantity?"</div>
                <h2><a href=Route::Sku(line.sku.clone()).href()>{line.sku.to_string()}</a> " · " {line.location.to_string()}</h2>
                <p class="muted">{name}</p>
            </div>
            <dl class="facts" data-testid="why-facts">
                <dt>"Decision"</dt><dd>{decision_label(line.decision)}</dd>
                <dt>"Order"</dt><dd data-testid="why-order">{match &order {
                    Some(o) => format!("{} {} from {} · {}", format::qty(o.quantity), unit, o.supplier, format::money_in(o.landed_value, &currency)),
                    None => "Nothing to order".to_owned(),
                }}</dd>
                <dt>"Class"</dt><dd>{format!("{} · {} demand · {} {} service", class_label(&line), pattern_label(line.pattern),
                    format::percent(line.service.level), match line.service.definition { engine::ServiceDefinition::CycleService => "cycle", engine::ServiceDefinition::FillRate => "fill-rate" })}</dd>
                <dt>"Position"</dt><dd>{format!("{} = {} available + {} on order − {} backorders",
                    format::qty(inventory.position), format::qty(inventory.available), format::qty(inventory.on_order), format::qty(inventory.backorders))}</dd>
                <dt>"Safety stock"</dt><dd>{format::level(line.safety_stock)}</dd>
                <dt>"Reorder point"</dt><dd>{format::level(line.reorder_point)}{line.order_up_to.map(|s| format!(" · order up to {}", format::level(s)))}</dd>
            </dl>
            {flag_badges(&line.flags)}
            <ExpediteChoices line=line.clone() currency=currency.clone() unit=unit.clone() supplier=supplier />
            <form class="card" style="padding:12px" on:submit=apply novalidate data-testid="override-form">
                <h3>"Buyer override"</h3>
                <div class="form-grid">
                    <div class="field" class:invalid=move || quantity_error.with(Option::is_some)>
                        <label for="override-qty">"Quantity"</label>
                        <input id="override-qty" data-testid="override-quantity" placeholder="as planned" inputmode="decimal"
                            aria-describedby="override-qty-hint"
                            prop:value=move || quantity.get() on:input:target=move |ev| quantity.set(ev.target().value()) />
                        <p class="hint" id="override-qty-hint">{format!("In {unit}; a point for decimals (12.5)")}</p>
                        <p class="error">{move || quantity_error.get()}</p>
                    </div>
                    <div class="field">
                        <label for="override-supplier">"Supplier"</label>
                        <select id="override-supplier" data-testid="override-supplier" on:change:target=move |ev| supplier.set(ev.target().value())>
                            <option value="" selected=move || supplier.with(String::is_empty)>"As planned"</option>
                            {priced.into_iter().map(|s| {
                                let selected = { let s = s.clone(); move || supplier.with(|v| *v == s) };
                                view! { <option value=s.clone() selected=selected>{s.clone()}</option> }
                            }).collect_view()}
                        </select>
                    </div>
                </div>
                {move || unconfirmed.get().map(|(buyer, text)| {
                    let commit = commit.clone();
                    view! {
                        <div class="banner banner-warn confirm" role="alertdialog" aria-label="Confirm the quantity" data-testid="override-confirmation">
                            <p>{text}</p>
                            <div class="banner-actions">
                                <button class="btn btn-small" type="button" data-testid="override-cancel"
                                    on:click=move |_| unconfirmed.set(None)>"Change it"</button>
                                <button class="btn btn-primary btn-small" type="button" data-testid="override-confirm"
                                    on:click=move |_| commit(buyer.clone())>"Apply anyway"</button>
                            </div>
                        </div>
                    }
                })}
                <div class="form-actions">
                    <button class="btn btn-primary btn-small" type="submit" data-testid="override-apply"
                        disabled=move || quantity_error.with(Option::is_some)>"Apply"</button>
                    <button class="btn btn-small" type="button" disabled=!has_override on:click=clear data-testid="override-clear">"Back to the plan"</button>
                </div>
            </form>
            <div>
                <h3 style="margin-bottom:6px">"Suppliers compared"</h3>
                <OfferComparison line=line.clone() currency=currency.clone() />
            </div>
            <div>
                <h3 style="margin-bottom:6px">"Step by step"</h3>
                <ExplanationSteps line=line />
            </div>
        </div>
    }
}

/// What a quantity far beyond the plan amounts to, for the buyer to confirm.
fn confirmation_text(
    review: &QuantityReview,
    quantity: f64,
    unit: &str,
    value: Option<Decimal>,
    currency: &str,
) -> String {
    let scale = if review.multiple.is_finite() {
        // Whole times from 10 up: "97×" reads better than "97.13×".
        let multiple =
            if review.multiple >= 10.0 { review.multiple.round() } else { (review.multiple * 10.0).round() / 10.0 };
        format!("{}× what this line needs ({} {unit})", format::qty(multiple), format::qty(review.needed))
    } else {
        "more than this line needs (it needs nothing now)".to_owned()
    };
    let cover = match review.cover_days {
        Some(days) => format!(
            " It brings the position to {} {unit}: about {} days of cover ({:.1} years).",
            format::qty(review.position_after),
            format::qty(days.round()),
            days / 365.0
        ),
        None => format!(
            " It brings the position to {} {unit}; this line has no demand estimate to say how long that lasts.",
            format::qty(review.position_after)
        ),
    };
    let value = value.map(|v| format!(" Order value: {}.", format::money_in(v, currency))).unwrap_or_default();
    format!("{} {unit} is {scale}.{cover}{value} Apply it anyway?", format::qty(quantity))
}

fn persist_overrides(store: Store) {
    let result = store.overrides.with_untracked(crate::overrides::save);
    if let Err(error) = result {
        store.notify(NoticeKind::Error, format!("The override applies in this tab but could not be stored: {error}"));
    }
}

/// SKU × locations the planner could not plan, with the reason.
#[component]
fn Unplannables() -> impl IntoView {
    let store = use_store();
    let open: RwSignal<Option<usize>> = RwSignal::new(None);
    let items = Memo::new(move |_| store.plan.with(|p| p.as_ref().map(|p| p.unplannable.clone()).unwrap_or_default()));
    view! {
        <section class="section">
            <div class="section-head">
                <h2>{move || format!("Cannot plan ({})", items.with(Vec::len))}</h2>
            </div>
            <div class="table-block" data-testid="unplannable-table">
                <div class="table-scroll" tabindex="0" style="max-height:360px">
                    <table class="data compact">
                        <thead><tr><th>"SKU"</th><th>"Location"</th><th>"Reason"</th><th><span class="sr-only">"Details"</span></th></tr></thead>
                        <tbody>
                            {move || {
                                let list = items.get();
                                if list.is_empty() {
                                    return view! { <tr class="empty-row"><td colspan="4">"Every SKU could be planned."</td></tr> }.into_any();
                                }
                                list.into_iter().enumerate().map(|(idx, item)| {
                                    let shown = move || open.get() == Some(idx);
                                    let steps = item.clone();
                                    view! {
                                        <tr>
                                            <td><a href=Route::Sku(item.sku.clone()).href()>{item.sku.to_string()}</a></td>
                                            <td>{item.location.as_ref().map(|l| l.to_string()).unwrap_or_else(|| "–".into())}</td>
                                            <td class="wrap">{item.reason.to_string()}</td>
                                            <td class="num"><button class="btn btn-small" on:click=move |_| open.set(if shown() { None } else { Some(idx) })>
                                                {move || if shown() { "Hide" } else { "Details" }}</button></td>
                                        </tr>
                                        {move || shown().then(|| view! { <tr><td colspan="4"><UnplannableSteps item=steps.clone() /></td></tr> })}
                                    }
                                }).collect_view().into_any()
                            }}
                        </tbody>
                    </table>
                </div>
            </div>
        </section>
    }
}
