//! Recurring orders (issue 8, section 7): the standing orders with their
//! next due dates, the schedule of the next eight weeks, one order's form,
//! and "Generate due drafts", which asks the worker for the drafts (the
//! order-up-to lines need its kept plan), numbers them against the page's own
//! orders, and stores them with the new `last_generated` dates, all or
//! nothing (`engine::purchasing::apply_generated`). Every date shown is the
//! engine's (`due_dates`, `upcoming`).

use crate::components::drafts::{self, Field};
use crate::components::form::{humanize, CheckField, SelectField, TextField};
use crate::components::modal::Modal;
use crate::components::table::{badge, link};
use crate::format;
use crate::pages::common::{FieldErrors, PageHead};
use crate::route::Route;
use crate::state::{use_store, NoticeKind, PlanStatus, Store};
use crate::worker::jobs;
use chrono::{Datelike, Days, NaiveDate};
use engine::integrity::{self, recurring_line_field};
use engine::io::form as parse;
use engine::purchasing::{apply_generated, due_dates, upcoming, Generated};
use engine::{
    LocationId, PurchaseOrder, RecurringId, RecurringLine, RecurringOrder, RecurringRule, SkuId, SupplierId, Workspace,
};
use leptos::prelude::*;
use std::sync::Arc;

/// The schedule shown: the next eight weeks.
const SCHEDULE_DAYS: u32 = 56;

/// The first due date of `order` not generated yet (overdue ones included),
/// whether or not the order is active; `None` past the calendar's end.
pub fn next_due(order: &RecurringOrder, today: NaiveDate) -> Option<NaiveDate> {
    let period = Days::new(7 * u64::from(order.every_weeks.max(1)));
    let through = today.max(order.start).checked_add_days(period).unwrap_or(NaiveDate::MAX);
    due_dates(order, through).ok()?.first().copied()
}

/// Whether `order` is active and has a due date on or before `today` not
/// generated yet: what "Generate due drafts" makes a draft for.
pub fn is_due(order: &RecurringOrder, today: NaiveDate) -> bool {
    order.active && next_due(order, today).is_some_and(|due| due <= today)
}

/// Give the generated drafts the next free numbers among `existing` (the
/// page's own orders: the worker's copy may not have seen an order added
/// since), as the plan page does for its drafts.
pub fn number_drafts(generated: &mut Generated, existing: &[PurchaseOrder], year: i32) {
    let orders = generated.drafts.iter_mut().filter_map(|draft| draft.order.as_mut());
    crate::pages::drafting::number_after(orders, existing, year);
}

fn find<'a>(workspace: &'a Workspace, id: &RecurringId) -> Option<&'a RecurringOrder> {
    workspace.recurring_orders.iter().find(|order| &order.id == id)
}

fn cadence(every_weeks: u32) -> String {
    if every_weeks == 1 {
        "every week".to_owned()
    } else {
        format!("every {every_weeks} weeks")
    }
}

fn supplier_name(workspace: &Workspace, id: &SupplierId) -> String {
    workspace.supplier(id).map_or_else(|| id.to_string(), |s| format!("{} · {}", s.id, s.name))
}

/// What "Generate due drafts" can do now: the due orders, and whether one
/// of them needs the plan while it is not ready.
#[derive(Clone, Debug, PartialEq)]
enum Readiness {
    NothingDue { next: Option<(NaiveDate, RecurringId)> },
    Due { n: usize },
    WaitingForPlan { n: usize },
    PlanFailed { n: usize, reason: String },
}

fn readiness(workspace: &Workspace, today: NaiveDate, plan_ready: bool, plan_failed: Option<String>) -> Readiness {
    let due: Vec<&RecurringOrder> = workspace.recurring_orders.iter().filter(|order| is_due(order, today)).collect();
    let n = due.len();
    if n == 0 {
        let next = workspace
            .recurring_orders
            .iter()
            .filter(|order| order.active)
            .filter_map(|order| next_due(order, today).map(|date| (date, order.id.clone())))
            .min();
        return Readiness::NothingDue { next };
    }
    let needs_plan = due.iter().any(|order| order.lines.iter().any(|line| line.rule == RecurringRule::OrderUpTo));
    match (needs_plan, plan_ready, plan_failed) {
        (true, _, Some(reason)) => Readiness::PlanFailed { n, reason },
        (true, false, None) => Readiness::WaitingForPlan { n },
        _ => Readiness::Due { n },
    }
}

#[component]
pub fn RecurringList() -> impl IntoView {
    let store = use_store();
    let today = store.today;
    let state = Memo::new(move |_| {
        let plan_ready = store.plan.with(Option::is_some)
            && matches!(store.plan_status.get(), PlanStatus::Idle | PlanStatus::Failed(_));
        let failed = match store.plan_status.get() {
            PlanStatus::Failed(reason) => Some(reason),
            _ => None,
        };
        store.workspace.with(|w| readiness(w, today, plan_ready, failed))
    });
    let generating = RwSignal::new(false);
    let report = RwSignal::new(None::<Generated>);
    let generate = move |_| generate_due(store, generating, report);
    let subtitle = Signal::derive(move || {
        store.workspace.with(|w| {
            let orders = &w.recurring_orders;
            format!(
                "{}, {} active, {} due",
                format::count(orders.len(), "recurring order", "recurring orders"),
                orders.iter().filter(|o| o.active).count(),
                orders.iter().filter(|o| is_due(o, today)).count()
            )
        })
    });
    let label = move || match state.get() {
        Readiness::WaitingForPlan { .. } => "Waiting for the plan…".to_owned(),
        Readiness::Due { n } | Readiness::PlanFailed { n, .. } => format!("Generate due drafts ({n})"),
        Readiness::NothingDue { .. } => "Generate due drafts (0)".to_owned(),
    };
    view! {
        <PageHead title="Recurring orders" subtitle=subtitle crumbs=vec![("Purchase orders", Route::PurchaseOrders.href())]>
            <a class="btn" href=Route::NewRecurring.href() data-testid="new-recurring">"New recurring order"</a>
            <button class="btn btn-primary" data-testid="generate-due"
                disabled=move || generating.get() || matches!(state.get(), Readiness::NothingDue { .. } | Readiness::WaitingForPlan { .. })
                on:click=generate>
                {label}
            </button>
        </PageHead>
        <div data-testid="recurring-state">
            {move || match state.get() {
                Readiness::NothingDue { next: Some((date, id)) } => view! {
                    <div class="banner banner-info">{format!("Nothing is due today. The next one is {id}, due {}.", format::long_date(date))}</div>
                }.into_any(),
                Readiness::NothingDue { next: None } => view! {
                    <div class="banner banner-info">"Nothing is due: no recurring order is active."</div>
                }.into_any(),
                Readiness::WaitingForPlan { n } => view! {
                    <div class="banner banner-info">{format!(
                        "{} due. Order-up-to lines take their quantity from the plan, which is being computed: generating waits for it.",
                        format::count(n, "recurring order is", "recurring orders are"))}</div>
                }.into_any(),
                Readiness::PlanFailed { n, reason } => view! {
                    <div class="banner banner-warn">{format!(
                        "{} due, but the plan failed ({reason}). Generating now leaves the order-up-to lines out.",
                        format::count(n, "recurring order is", "recurring orders are"))}</div>
                }.into_any(),
                Readiness::Due { n } => view! {
                    <div class="banner banner-warn">{format!(
                        "{} due: generate the drafts, then review and submit them on their purchase orders.",
                        format::count(n, "recurring order is", "recurring orders are"))}</div>
                }.into_any(),
            }}
        </div>
        {move || report.get().map(|generated| view! { <GenerationReport generated=generated /> })}
        <section class="section">
            <h2>"Standing orders"</h2>
            <RecurringTable />
        </section>
        <section class="section">
            <h2>"Schedule, next 8 weeks"</h2>
            <Schedule />
        </section>
    }
}

/// Ask the worker for the due drafts, number them against the page's
/// orders, and store them; a refusal (generated meanwhile, an id taken)
/// stores nothing and says why.
fn generate_due(store: Store, generating: RwSignal<bool>, report: RwSignal<Option<Generated>>) {
    let role = crate::acting_role::load(&store.workspace.with_untracked(|w| crate::acting_role::roles(&w.settings)));
    let at = crate::pages::po_detail::now_local();
    let pending = store
        .workspace
        .with_untracked(|w| jobs::generate_recurring(w, store.demand_rev.get_untracked(), store.today, at, role));
    generating.set(true);
    leptos::task::spawn_local(async move {
        let answer = pending.await;
        generating.set(false);
        let mut generated = match answer {
            Ok(Ok(generated)) => generated,
            Ok(Err(reason)) => return store.notify(NoticeKind::Error, format!("No draft was generated: {reason}.")),
            Err(error) => return store.notify(NoticeKind::Error, format!("No draft was generated: {error}.")),
        };
        let mut trial = store.workspace.with_untracked(|w| {
            number_drafts(&mut generated, &w.purchase_orders, store.today.year());
            engine::persist::core_of(w)
        });
        if let Err(error) = apply_generated(&mut trial, &generated) {
            return store.notify(NoticeKind::Error, format!("No draft was stored: {error}."));
        }
        let ids: Vec<String> = generated.orders().map(|order| order.id.to_string()).collect();
        let message = if ids.is_empty() {
            "No draft was made (see below).".to_owned()
        } else {
            format!("Generated {}: {}.", format::count(ids.len(), "draft", "drafts"), ids.join(", "))
        };
        let stored = store.edit_as(
            move |w| {
                w.purchase_orders = trial.purchase_orders;
                w.recurring_orders = trial.recurring_orders;
            },
            message,
        );
        if stored {
            report.set(Some(generated));
        }
    });
}

#[component]
fn GenerationReport(generated: Generated) -> impl IntoView {
    // Built by insertion: collecting into a set sorts with its own copy of
    // std's sort (ARCHITECTURE.md, Size).
    let mut done = std::collections::BTreeSet::<RecurringId>::new();
    done.extend(generated.last_generated.iter().map(|update| update.recurring.clone()));
    view! {
        <section class="card section" data-testid="generation-report">
            <h2>"Generated"</h2>
            {generated.drafts.is_empty().then(|| view! { <p>"Nothing was due."</p> })}
            <ul class="plain-list">
                {generated.drafts.into_iter().map(|draft| {
                    let stays_due = !done.contains(&draft.recurring);
                    view! {
                        <li data-testid="generated-draft">
                            <strong>{format!("{}, due {}: ", draft.recurring, format::date(draft.due))}</strong>
                            {match &draft.order {
                                Some(order) => view! {
                                    <span>
                                        <a href=Route::PurchaseOrder(order.id.clone()).href() data-testid="generated-po">{order.id.to_string()}</a>
                                        {format!(", draft, {}", format::count(order.lines.len(), "line", "lines"))}
                                    </span>
                                }.into_any(),
                                None => view! { <span>"no draft: every line was left out"</span> }.into_any(),
                            }}
                            {(!draft.skipped_due.is_empty()).then(|| view! {
                                <p class="small muted" data-testid="skipped-due">{format!(
                                    "Missed due dates, not ordered separately: {}.",
                                    draft.skipped_due.iter().map(|d| format::date(*d)).collect::<Vec<_>>().join(", "))}</p>
                            })}
                            {(!draft.left_out.is_empty()).then(|| view! {
                                <ul class="small" data-testid="left-out">
                                    {draft.left_out.iter().map(|left| view! {
                                        <li>{format!("{} left out: {}", left.sku, left.reason)}</li>
                                    }).collect_view()}
                                </ul>
                            })}
                            {stays_due.then(|| view! {
                                <p class="small">{badge("warn", "Still due")} " Nothing was ordered for this date: it is offered again."</p>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn RecurringTable() -> impl IntoView {
    let store = use_store();
    let today = store.today;
    let rows = Memo::new(move |_| {
        store.workspace.with(|w| {
            w.recurring_orders
                .iter()
                .map(|order| (order.clone(), supplier_name(w, &order.supplier), next_due(order, today)))
                .collect::<Vec<_>>()
        })
    });
    view! {
        <div class="card table-scroll">
            <table class="data" data-testid="recurring-table">
                <thead>
                    <tr>
                        <th>"Recurring order"</th><th>"Supplier"</th><th>"Location"</th><th>"Cadence"</th>
                        <th>"Start"</th><th>"Next due"</th><th>"Last generated"</th><th>"Active"</th><th class="num">"Lines"</th>
                    </tr>
                </thead>
                <tbody>
                    {move || {
                        let rows = rows.get();
                        if rows.is_empty() {
                            return view! { <tr class="empty-row"><td colspan="9">"No recurring orders yet: add one, or import recurring_orders.csv and recurring_lines.csv."</td></tr> }.into_any();
                        }
                        rows.into_iter().map(|(order, supplier, next)| {
                            let due = order.active && next.is_some_and(|d| d <= today);
                            view! {
                                <tr class:due=due data-testid="recurring-row">
                                    <td>{link(Route::RecurringOrder(order.id.clone()).href(), order.id.to_string())}</td>
                                    <td>{supplier}</td>
                                    <td>{order.location.to_string()}</td>
                                    <td data-testid="recurring-cadence">{cadence(order.every_weeks)}</td>
                                    <td>{format::date(order.start)}</td>
                                    <td data-testid="recurring-next-due">
                                        {format::opt_date(next)}
                                        {due.then(|| view! { " " {badge("warn", "Due")} })}
                                    </td>
                                    <td>{format::opt_date(order.last_generated)}</td>
                                    <td>{if order.active { "Yes" } else { "No" }}</td>
                                    <td class="num">{order.lines.len()}</td>
                                </tr>
                            }
                        }).collect_view().into_any()
                    }}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn Schedule() -> impl IntoView {
    let store = use_store();
    let today = store.today;
    let schedule = Memo::new(move |_| {
        store.workspace.with(|w| {
            upcoming(w, today, SCHEDULE_DAYS).map(|entries| {
                entries
                    .into_iter()
                    .filter_map(|(id, date)| {
                        let order = find(w, &id)?;
                        Some((date, id, supplier_name(w, &order.supplier), order.location.clone(), order.lines.len()))
                    })
                    .collect::<Vec<_>>()
            })
        })
    });
    view! {
        {move || match schedule.get() {
            Err(error) => view! { <div class="banner banner-error" role="alert">{error.to_string()}</div> }.into_any(),
            Ok(entries) if entries.is_empty() => view! {
                <p class="muted" data-testid="recurring-schedule">"No active recurring order is due in the next 8 weeks."</p>
            }.into_any(),
            Ok(entries) => view! {
                <div class="card table-scroll">
                    <table class="data compact" data-testid="recurring-schedule">
                        <thead><tr><th>"Due"</th><th>"Recurring order"</th><th>"Supplier"</th><th>"Location"</th><th class="num">"Lines"</th></tr></thead>
                        <tbody>
                            {entries.into_iter().map(|(date, id, supplier, location, n_lines)| view! {
                                <tr class:due=date <= today data-testid="schedule-row">
                                    <td>
                                        {format::date(date)}
                                        {(date < today).then(|| view! { " " {badge("error", "Overdue")} })}
                                        {(date == today).then(|| view! { " " {badge("warn", "Due today")} })}
                                    </td>
                                    <td>{link(Route::RecurringOrder(id.clone()).href(), id.to_string())}</td>
                                    <td>{supplier}</td>
                                    <td>{location.to_string()}</td>
                                    <td class="num">{n_lines}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any(),
        }}
    }
}

/// One line as the user edits it.
#[derive(Clone, Copy)]
struct LineRow {
    sku: RwSignal<String>,
    rule: RwSignal<String>,
    quantity: RwSignal<String>,
}

impl LineRow {
    fn new(sku: &str, rule: &str, quantity: &str) -> Self {
        Self {
            sku: RwSignal::new(sku.to_owned()),
            rule: RwSignal::new(rule.to_owned()),
            quantity: RwSignal::new(quantity.to_owned()),
        }
    }
}

#[derive(Clone, Copy)]
struct RecurringForm {
    id: RwSignal<String>,
    supplier: RwSignal<String>,
    location: RwSignal<String>,
    every_weeks: RwSignal<String>,
    start: RwSignal<String>,
    active: RwSignal<bool>,
    lines: RwSignal<Vec<LineRow>>,
}

impl RecurringForm {
    fn new(order: Option<&RecurringOrder>, workspace: &Workspace, today: NaiveDate) -> Self {
        let s = |value: String| RwSignal::new(value);
        let first = |ids: Vec<String>| ids.into_iter().next().unwrap_or_default();
        let lines = order.map_or_else(Vec::new, |order| {
            order
                .lines
                .iter()
                .map(|line| {
                    let quantity = if line.rule == RecurringRule::Fixed {
                        format::plain_qty(line.quantity)
                    } else {
                        String::new()
                    };
                    LineRow::new(line.sku.as_str(), line.rule.as_str(), &quantity)
                })
                .collect()
        });
        Self {
            id: s(order.map(|o| o.id.to_string()).unwrap_or_default()),
            supplier: s(order.map_or_else(
                || first(workspace.suppliers.iter().map(|x| x.id.to_string()).collect()),
                |o| o.supplier.to_string(),
            )),
            location: s(order.map_or_else(
                || first(workspace.locations.iter().map(|x| x.id.to_string()).collect()),
                |o| o.location.to_string(),
            )),
            every_weeks: s(order.map_or("2".into(), |o| o.every_weeks.to_string())),
            start: s(format::iso_date(order.map_or(today, |o| o.start))),
            active: RwSignal::new(order.is_none_or(|o| o.active)),
            lines: RwSignal::new(lines),
        }
    }

    /// The fields by name, for keeping unsaved typing (`drafts`); the lines
    /// travel as one text, `sku;rule;quantity` joined by `|`.
    fn fields(&self) -> Vec<(&'static str, Field)> {
        let lines = self.lines;
        vec![
            ("id", Field::Text(self.id)),
            ("supplier", Field::Text(self.supplier)),
            ("location", Field::Text(self.location)),
            ("every_weeks", Field::Text(self.every_weeks)),
            ("start", Field::Text(self.start)),
            ("active", Field::Flag(self.active)),
            (
                "lines",
                Field::Custom {
                    get: Arc::new(move || {
                        lines.with(|rows| {
                            rows.iter()
                                .map(|r| format!("{};{};{}", r.sku.get(), r.rule.get(), r.quantity.get()))
                                .collect::<Vec<_>>()
                                .join("|")
                        })
                    }),
                    set: Arc::new(move |text: &str| {
                        let rows = text
                            .split('|')
                            .filter(|row| !row.is_empty())
                            .map(|row| {
                                let mut parts = row.splitn(3, ';');
                                let mut next = || parts.next().unwrap_or_default();
                                LineRow::new(next(), next(), next())
                            })
                            .collect();
                        lines.set(rows);
                    }),
                },
            ),
        ]
    }

    /// The order the form describes, checked as an import would check it
    /// (`integrity::validate_recurring_in`), its lines then in SKU order.
    /// `last_generated` is the stored order's, unless the start moved past
    /// it: the schedule then starts afresh.
    fn parse(&self, workspace: &Workspace, stored_last: Option<NaiveDate>) -> (Option<RecurringOrder>, FieldErrors) {
        let mut e = FieldErrors::default();
        let every_weeks = e.take("every_weeks", parse::days(&self.every_weeks.get()));
        let start = e.take("start", parse::date(&self.start.get()));
        let mut lines = Vec::new();
        for (idx, row) in self.lines.get().into_iter().enumerate() {
            let rule = e.take(
                &recurring_line_field(idx, "rule"),
                row.rule.get().parse::<RecurringRule>().map_err(|x| x.to_string()),
            );
            let quantity = match rule {
                Some(RecurringRule::OrderUpTo) => Some(0.0),
                _ => e.take(&recurring_line_field(idx, "quantity"), parse::quantity(&row.quantity.get())),
            };
            if let (Some(rule), Some(quantity)) = (rule, quantity) {
                lines.push(RecurringLine { sku: SkuId::new(row.sku.get().trim()), rule, quantity });
            }
        }
        let (Some(every_weeks), Some(start)) = (every_weeks, start) else { return (None, e) };
        if lines.len() < self.lines.with(Vec::len) {
            return (None, e);
        }
        let mut order = RecurringOrder {
            id: RecurringId::new(self.id.get().trim()),
            supplier: SupplierId::new(self.supplier.get()),
            location: LocationId::new(self.location.get()),
            every_weeks,
            start,
            last_generated: stored_last.filter(|last| *last >= start),
            active: self.active.get(),
            lines,
        };
        e.extend(integrity::validate_recurring_in(workspace, &order));
        if order.lines.is_empty() {
            e.add("lines", "add at least one line");
        }
        engine::sorting::sort_by(&mut order.lines, |a, b| a.sku.cmp(&b.sku));
        (e.is_empty().then_some(order), e)
    }
}

#[component]
fn RecurringFields(
    form: RecurringForm,
    parsed: Memo<(Option<RecurringOrder>, FieldErrors)>,
    creating: bool,
) -> impl IntoView {
    let store = use_store();
    let error = move |field: &'static str| Signal::derive(move || parsed.with(|(_, e)| e.get(field)));
    let id_error = Signal::derive(move || {
        if creating && store.workspace.with(|w| find(w, &RecurringId::new(form.id.get().trim())).is_some()) {
            Some("a recurring order with this id already exists".to_owned())
        } else {
            parsed.with(|(_, e)| e.get("recurring_id"))
        }
    });
    let (suppliers, locations) = store.workspace.with_untracked(|w| {
        (
            w.suppliers.iter().map(|s| (s.id.to_string(), format!("{} · {}", s.id, s.name))).collect::<Vec<_>>(),
            w.locations.iter().map(|l| (l.id.to_string(), format!("{} · {}", l.id, l.name))).collect::<Vec<_>>(),
        )
    });
    // The chosen supplier's SKUs, as suggestions for the lines.
    let offered = Memo::new(move |_| {
        let supplier = SupplierId::new(form.supplier.get());
        store
            .workspace
            .with(|w| w.offers.iter().filter(|o| o.supplier == supplier).map(|o| o.sku.to_string()).collect::<Vec<_>>())
    });
    let lines = form.lines;
    view! {
        <fieldset>
            <legend>"Recurring order"</legend>
            <div class="form-grid">
                <TextField label="Recurring order id" value=form.id error=id_error testid="recurring-id" required=true disabled=!creating />
                <SelectField label="Supplier" value=form.supplier error=error("supplier_id") options=suppliers testid="recurring-supplier" />
                <SelectField label="Deliver to" value=form.location error=error("location_id") options=locations testid="recurring-location" />
                <TextField label="Every (weeks)" value=form.every_weeks error=error("every_weeks") testid="recurring-every" required=true />
                <TextField label="First due date" value=form.start error=error("start") testid="recurring-start" required=true
                    hint="YYYY-MM-DD; later ones follow at the cadence. Moving it past the last generated date starts the schedule afresh." />
                <CheckField label="Active" value=form.active testid="recurring-active" hint="Inactive orders are not scheduled." />
            </div>
        </fieldset>
        <fieldset>
            <legend>"Lines"</legend>
            <p class="small muted">"Fixed orders the quantity every time; order-up-to orders the plan's order-up-to level less the stock position. Both are rounded to the offer's MOQ and pack size."</p>
            <datalist id="recurring-skus">
                {move || offered.get().into_iter().map(|sku| view! { <option value=sku></option> }).collect_view()}
            </datalist>
            {move || lines.get().into_iter().enumerate().map(|(idx, row)| {
                let line_error = move |field: &'static str| move || parsed.with(|(_, e)| e.get(&recurring_line_field(idx, field)));
                let no_offer = move || {
                    let supplier = SupplierId::new(form.supplier.get());
                    let sku = SkuId::new(row.sku.get().trim());
                    store.workspace.with(|w| (w.sku(&sku).is_some() && w.offer(&supplier, &sku).is_none())
                        .then(|| format!("{supplier} has no offer for {sku}: this line will be left out")))
                };
                let fixed = move || row.rule.with(|r| r == RecurringRule::Fixed.as_str());
                let id = |name: &str| format!("recurring-line-{idx}-{name}");
                view! {
                    <div class="recurring-line" data-testid="recurring-line">
                        <div class="field" class:invalid=move || line_error("sku_id")().is_some()>
                            <label for=id("sku")>"SKU"</label>
                            <input id=id("sku") list="recurring-skus" data-testid="line-sku" prop:value=move || row.sku.get()
                                on:input:target=move |ev| row.sku.set(ev.target().value()) />
                            <p class="error">{line_error("sku_id")}</p>
                            <p class="hint">{no_offer}</p>
                        </div>
                        <div class="field" class:invalid=move || line_error("rule")().is_some()>
                            <label for=id("rule")>"Rule"</label>
                            <select id=id("rule") data-testid="line-rule" on:change:target=move |ev| row.rule.set(ev.target().value())>
                                {RecurringRule::CODES.iter().map(|code| view! {
                                    <option value=*code selected=move || row.rule.with(|r| r == code)>{humanize(code)}</option>
                                }).collect_view()}
                            </select>
                            <p class="error">{line_error("rule")}</p>
                        </div>
                        <div class="field" class:invalid=move || line_error("quantity")().is_some()>
                            <label for=id("qty")>"Quantity"</label>
                            <input id=id("qty") data-testid="line-quantity" disabled=move || !fixed()
                                placeholder=move || if fixed() { "" } else { "from the plan" }
                                prop:value=move || if fixed() { row.quantity.get() } else { String::new() }
                                on:input:target=move |ev| row.quantity.set(ev.target().value()) />
                            <p class="error">{line_error("quantity")}</p>
                        </div>
                        <button type="button" class="btn btn-small" data-testid="remove-line"
                            on:click=move |_| lines.update(|rows| { rows.remove(idx); })>"Remove"</button>
                    </div>
                }
            }).collect_view()}
            <p class="error">{move || parsed.with(|(_, e)| e.get("lines"))}</p>
            <button type="button" class="btn btn-small" data-testid="add-line"
                on:click=move |_| lines.update(|rows| rows.push(LineRow::new("", RecurringRule::Fixed.as_str(), "")))>
                "Add line"
            </button>
        </fieldset>
    }
}

#[component]
pub fn NewRecurring() -> impl IntoView {
    let store = use_store();
    let form = store.workspace.with_untracked(|w| RecurringForm::new(None, w, store.today));
    let parsed = Memo::new(move |_| store.workspace.with(|w| form.parse(w, None)));
    let typed = drafts::changed_since_open(&form.fields());
    drafts::track("new-recurring", form.fields(), typed);
    let taken =
        Memo::new(move |_| store.workspace.with(|w| find(w, &RecurringId::new(form.id.get().trim())).is_some()));
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(order) = parsed.get_untracked().0 else { return };
        if taken.get_untracked() {
            return;
        }
        let id = order.id.clone();
        if store.edit_as(
            |w| {
                let _ = integrity::upsert_recurring(w, order);
            },
            format!("Recurring order {id} created."),
        ) {
            let _ = window().location().set_hash(&Route::RecurringOrder(id).href());
        }
    };
    view! {
        <PageHead title="New recurring order" crumbs=vec![("Purchase orders", Route::PurchaseOrders.href()), ("Recurring orders", Route::Recurring.href())] />
        <form class="card" on:submit=save novalidate>
            <RecurringFields form=form parsed=parsed creating=true />
            <div class="form-actions">
                <button class="btn btn-primary" type="submit" data-testid="recurring-save"
                    disabled=move || { let invalid = parsed.with(|(o, _)| o.is_none()); invalid || taken.get() }>
                    "Create recurring order"
                </button>
                <a class="btn" href=Route::Recurring.href()>"Cancel"</a>
            </div>
        </form>
    }
}

#[component]
pub fn RecurringPage(id: RecurringId) -> impl IntoView {
    let store = use_store();
    let today = store.today;
    let stored = {
        let id = id.clone();
        Memo::new(move |_| store.workspace.with(|w| find(w, &id).cloned()))
    };
    let crumbs =
        || vec![("Purchase orders", Route::PurchaseOrders.href()), ("Recurring orders", Route::Recurring.href())];
    let Some(initial) = stored.get_untracked() else {
        return view! {
            <PageHead title="Recurring order not found" crumbs=crumbs() />
            <div class="card empty-state"><h2>{format!("There is no recurring order {id}.")}</h2></div>
        }
        .into_any();
    };
    let form = store.workspace.with_untracked(|w| RecurringForm::new(Some(&initial), w, today));
    let parsed = Memo::new(move |_| {
        let last = stored.with(|o| o.as_ref().and_then(|o| o.last_generated));
        store.workspace.with(|w| form.parse(w, last))
    });
    let dirty = Memo::new(move |_| parsed.with(|(p, _)| p.as_ref() != stored.get().as_ref()));
    drafts::track(format!("recurring:{id}"), form.fields(), dirty.into());
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(order) = parsed.get_untracked().0 else { return };
        let id = order.id.clone();
        store.edit_as(
            |w| {
                let _ = integrity::upsert_recurring(w, order);
            },
            format!("Recurring order {id} saved."),
        );
    };
    let deleting = RwSignal::new(false);
    let delete = {
        let id = id.clone();
        move |_| {
            let id = id.clone();
            deleting.set(false);
            let said = format!("Deleted recurring order {id}; the drafts it generated stay.");
            if store.edit_as(move |w| drop(integrity::delete_recurring(w, &id)), said) {
                let _ = window().location().set_hash(&Route::Recurring.href());
            }
        }
    };
    let subtitle = Signal::derive(move || {
        stored.with(|o| {
            o.as_ref()
                .map(|o| {
                    let next =
                        if o.active { format::opt_date(next_due(o, today)) } else { "none (inactive)".to_owned() };
                    format!(
                        "{} · {} · last generated {} · next due {next}",
                        o.supplier,
                        cadence(o.every_weeks),
                        format::opt_date(o.last_generated)
                    )
                })
                .unwrap_or_default()
        })
    });
    let title = format!("Recurring order {id}");
    view! {
        <PageHead title=title subtitle=subtitle crumbs=crumbs()>
            <button class="btn btn-danger" data-testid="recurring-delete" on:click=move |_| deleting.set(true)>"Delete…"</button>
        </PageHead>
        <form class="card" on:submit=save novalidate>
            <RecurringFields form=form parsed=parsed creating=false />
            <div class="form-actions">
                <button class="btn btn-primary" type="submit" data-testid="recurring-save"
                    disabled=move || { let invalid = parsed.with(|(o, _)| o.is_none()); invalid || !dirty.get() }>
                    "Save changes"
                </button>
                <a class="btn" href=Route::Recurring.href()>"Back to recurring orders"</a>
                <span class="status">{move || if dirty.get() { "Unsaved changes" } else { "" }}</span>
            </div>
        </form>
        {move || deleting.get().then(|| {
            let delete = delete.clone();
            view! {
                <Modal title=format!("Delete recurring order {id}?") on_close=Callback::new(move |_| deleting.set(false)) testid="delete-dialog">
                    <p>"Its lines go with it; the purchase orders it generated stay. This cannot be undone (export a backup first if unsure)."</p>
                    <div class="form-actions">
                        <button class="btn" on:click=move |_| deleting.set(false)>"Cancel"</button>
                        <button class="btn btn-danger" data-testid="confirm-delete" on:click=delete>"Delete"</button>
                    </div>
                </Modal>
            }
        })}
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn order(every_weeks: u32, start: &str, last: Option<&str>) -> RecurringOrder {
        RecurringOrder {
            id: "R-1".into(),
            supplier: "SUP-1".into(),
            location: "WH1".into(),
            every_weeks,
            start: date(start),
            last_generated: last.map(date),
            active: true,
            lines: vec![RecurringLine { sku: "SKU-1".into(), rule: RecurringRule::OrderUpTo, quantity: 0.0 }],
        }
    }

    #[test]
    fn the_next_due_date_is_the_first_not_generated_overdue_or_ahead() {
        let today = date("2025-03-12");
        let fortnightly = order(2, "2025-01-06", Some("2025-02-17"));
        assert_eq!(next_due(&fortnightly, today), Some(date("2025-03-03")), "overdue");
        assert!(is_due(&fortnightly, today));
        let caught_up = order(2, "2025-01-06", Some("2025-03-03"));
        assert_eq!(next_due(&caught_up, today), Some(date("2025-03-17")));
        assert!(!is_due(&caught_up, today));
        let later = order(4, "2025-06-02", None);
        assert_eq!(next_due(&later, today), Some(date("2025-06-02")), "a start after the horizon of one period");
        let inactive = RecurringOrder { active: false, ..fortnightly };
        assert!(!is_due(&inactive, today));
    }

    #[test]
    fn readiness_waits_for_the_plan_only_when_a_due_order_needs_it() {
        let today = date("2025-03-12");
        let mut workspace = Workspace::default();
        workspace.recurring_orders.upsert(order(2, "2025-01-06", Some("2025-03-03")));
        assert_eq!(
            readiness(&workspace, today, false, None),
            Readiness::NothingDue { next: Some((date("2025-03-17"), "R-1".into())) }
        );
        workspace.recurring_orders.upsert(order(2, "2025-01-06", None));
        assert_eq!(readiness(&workspace, today, false, None), Readiness::WaitingForPlan { n: 1 });
        assert_eq!(readiness(&workspace, today, true, None), Readiness::Due { n: 1 });
        workspace.recurring_orders.modify(0, |o| o.lines[0].rule = RecurringRule::Fixed);
        assert_eq!(readiness(&workspace, today, false, None), Readiness::Due { n: 1 });
    }

    #[test]
    fn generated_drafts_are_numbered_after_the_pages_own_orders() {
        let today = date("2025-03-12");
        let mut workspace = engine::sample::demo(today);
        workspace.recurring_orders.modify(0, |o| {
            o.start = today;
            o.last_generated = None;
        });
        let at = today.and_hms_opt(9, 0, 0).unwrap();
        let mut generated = engine::purchasing::generate_recurring(&workspace, None, today, at, "Buyer").unwrap();
        // An order the worker did not know of took the number it chose.
        let taken = generated.orders().next().unwrap().clone();
        workspace.purchase_orders.upsert(taken.clone());
        assert!(apply_generated(&mut workspace.clone(), &generated).is_err());
        number_drafts(&mut generated, &workspace.purchase_orders, 2025);
        let renumbered = generated.orders().next().unwrap();
        assert_ne!(renumbered.id, taken.id);
        assert_eq!(renumbered.id, engine::purchasing::next_po_id(&workspace.purchase_orders, 2025));
        apply_generated(&mut workspace, &generated).unwrap();
        assert_eq!(workspace.recurring_orders[0].last_generated, Some(today), "drafted with its fixed line");
    }
}
