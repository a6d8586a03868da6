//! Purchase orders: the list with what is still open or late, and one order's
//! lines and receipts.

use crate::components::form::humanize;
use crate::components::table::{badge, link, text, Column, DataTable};
use crate::format;
use crate::pages::common::PageHead;
use crate::route::Route;
use crate::state::use_store;
use chrono::NaiveDate;
use engine::{PoId, PoStatus, PurchaseOrder, SupplierId};
use leptos::prelude::*;
use rust_decimal::Decimal;

pub fn status_badge(status: PoStatus) -> AnyView {
    let kind = match status {
        PoStatus::Draft | PoStatus::PendingApproval => "neutral",
        PoStatus::Approved | PoStatus::Sent => "info",
        PoStatus::PartiallyReceived => "warn",
        PoStatus::Received | PoStatus::Closed => "ok",
        PoStatus::Cancelled => "neutral",
    };
    badge(kind, humanize(status.as_str()))
}

#[derive(Clone, Debug, PartialEq)]
struct PoRow {
    id: PoId,
    supplier: SupplierId,
    supplier_name: String,
    location: String,
    status: PoStatus,
    created: NaiveDate,
    promised: Option<NaiveDate>,
    received: Option<NaiveDate>,
    n_lines: usize,
    value: Decimal,
    currency: String,
    open_qty: f64,
    late_days: Option<i64>,
}

fn row(order: &PurchaseOrder, supplier_name: String, currency: String, today: NaiveDate) -> PoRow {
    let open_qty: f64 = order.lines.iter().map(|line| order.open_quantity(line)).sum();
    let late_days = order.promised.filter(|p| *p < today && open_qty > 0.0).map(|p| (today - p).num_days());
    PoRow {
        id: order.id.clone(),
        supplier: order.supplier.clone(),
        supplier_name,
        location: order.location.to_string(),
        status: order.status,
        created: order.created,
        promised: order.promised,
        received: order.received,
        n_lines: order.lines.len(),
        value: order.value(),
        currency,
        open_qty,
        late_days,
    }
}

#[component]
pub fn PurchaseOrderList() -> impl IntoView {
    let store = use_store();
    let today = store.today;
    // `#/purchase-orders?status=drafts` opens the list on the drafts (after drafting from the plan).
    let asked = window().location().hash().unwrap_or_default();
    let initial = asked.split_once("?status=").map_or("open", |(_, status)| status).to_owned();
    let status = RwSignal::new(initial);
    let all_rows = Memo::new(move |_| {
        store.workspace.with(|w| {
            w.purchase_orders
                .iter()
                .map(|po| {
                    let supplier = w.supplier(&po.supplier);
                    row(
                        po,
                        supplier.map(|s| s.name.clone()).unwrap_or_default(),
                        supplier.map(|s| s.currency.to_string()).unwrap_or_default(),
                        today,
                    )
                })
                .collect::<Vec<_>>()
        })
    });
    let rows = Signal::derive(move || {
        let status = status.get();
        all_rows.with(|rows| {
            rows.iter()
                .filter(|r| match status.as_str() {
                    "" => true,
                    "open" => r.status.is_open(),
                    "drafts" => matches!(r.status, PoStatus::Draft | PoStatus::PendingApproval | PoStatus::Approved),
                    "late" => r.late_days.is_some(),
                    code => r.status.as_str() == code,
                })
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    let columns = vec![
        Column::new("PO", |r: &PoRow| link(Route::PurchaseOrder(r.id.clone()).href(), r.id.to_string()))
            .sort(|a, b| a.id.cmp(&b.id)),
        Column::new("Supplier", |r: &PoRow| link(Route::Supplier(r.supplier.clone()).href(), r.supplier_name.clone()))
            .sort(|a, b| a.supplier_name.cmp(&b.supplier_name)),
        Column::new("Location", |r: &PoRow| text(r.location.clone())).sort(|a, b| a.location.cmp(&b.location)),
        Column::new("Status", |r: &PoRow| status_badge(r.status)).sort(|a, b| a.status.cmp(&b.status)),
        Column::new("Created", |r: &PoRow| text(format::date(r.created))).sort(|a, b| a.created.cmp(&b.created)),
        Column::new("Promised", |r: &PoRow| match r.late_days {
            Some(days) => {
                view! { <span>{format::opt_date(r.promised)} " " {badge("error", format!("{days} d late"))}</span> }
                    .into_any()
            }
            None => text(format::opt_date(r.promised)),
        })
        .sort(|a, b| a.promised.cmp(&b.promised)),
        Column::new("Received", |r: &PoRow| text(format::opt_date(r.received)))
            .sort(|a, b| a.received.cmp(&b.received)),
        Column::new("Lines", |r: &PoRow| text(r.n_lines.to_string())).numeric().sort(|a, b| a.n_lines.cmp(&b.n_lines)),
        Column::new("Open qty", |r: &PoRow| text(format::qty(r.open_qty)))
            .numeric()
            .sort(|a, b| a.open_qty.total_cmp(&b.open_qty)),
        Column::new("Value", |r: &PoRow| text(format::money_in(r.value, &r.currency)))
            .numeric()
            .sort(|a, b| a.value.cmp(&b.value)),
    ];
    view! {
        <PageHead title="Purchase orders" subtitle=Signal::derive(move || {
            all_rows.with(|rows| {
                let open = rows.iter().filter(|r| r.status.is_open()).count();
                let late = rows.iter().filter(|r| r.late_days.is_some()).count();
                format!("{} open, {} late, {} in all", open, late, rows.len())
            })
        })>
            <a class="btn" href=Route::Recurring.href() data-testid="recurring-link">"Recurring orders"</a>
        </PageHead>
        <DataTable
            rows=rows
            columns=columns
            search=|r: &PoRow| format!("{} {} {}", r.id, r.supplier, r.supplier_name)
            search_placeholder="Search PO or supplier"
            initial_sort=(4, false)
            empty="No purchase orders yet: import purchase_orders.csv and po_lines.csv."
            testid="po-table"
        >
            <select aria-label="Status" data-testid="po-status-filter" on:change:target=move |ev| status.set(ev.target().value())>
                {[("open", "Open (approved, sent, partly received)"), ("drafts", "Not sent yet (draft, awaiting approval, approved)"), ("late", "Late"), ("", "All")]
                    .into_iter()
                    .map(|(code, label)| view! { <option value=code selected=move || status.with(|s| s == code)>{label}</option> })
                    .collect_view()}
                {PoStatus::ALL.iter().map(|s| {
                    let code = s.as_str();
                    view! { <option value=code selected=move || status.with(|v| v == code)>{humanize(code)}</option> }
                }).collect_view()}
            </select>
        </DataTable>
        <BudgetView />
    }
}

/// Committed spend against each family's budget this month, in the base
/// currency (`engine::purchasing::budget_status`).
#[component]
fn BudgetView() -> impl IntoView {
    let store = use_store();
    let month = engine::purchasing::month_of(store.today);
    let status = Memo::new(move |_| store.workspace.with(|w| engine::purchasing::budget_status(w, month)));
    let base = Memo::new(move |_| store.workspace.with(|w| w.settings.base_currency.to_string()));
    view! {
        <section class="card section" data-testid="budget-view">
            <h2>{format!("Budgets for {}", format::month(month))}</h2>
            <p class="small muted">"Committed: approved, sent and received orders, in the month they were approved, at the rate of that day. Drafts and orders awaiting approval are not committed yet; their approval route says when they would take a family over budget. "
                <a href=Route::WithinBudget.href() data-testid="budget-buy-within">"Buy the plan's suggestions within these budgets"</a></p>
            {move || match status.get() {
                Err(error) => view! { <div class="banner banner-error" role="alert">{error.to_string()}</div> }.into_any(),
                Ok(families) if families.is_empty() => view! { <p class="muted">"No budgets for this month and nothing committed. Budgets come in with budgets.csv."</p> }.into_any(),
                Ok(families) => {
                    let base = base.get();
                    view! {
                        <div class="table-scroll" tabindex="0">
                            <table class="data compact">
                                <thead><tr><th>"Family"</th><th class="num">"Budget"</th><th class="num">"Committed"</th><th class="num">"Remaining"</th></tr></thead>
                                <tbody>
                                    {families.into_iter().map(|f| {
                                        let over = f.remaining.is_some_and(|r| r < Decimal::ZERO);
                                        view! {
                                            <tr>
                                                <td>{f.family.clone()}</td>
                                                <td class="num">{f.budget.map(|b| format::money_in(b, &base)).unwrap_or_else(|| "none".into())}</td>
                                                <td class="num">{format::money_in(f.committed, &base)}</td>
                                                <td class="num">{match f.remaining {
                                                    Some(r) if over => badge("error", format!("{} over", format::money_in(-r, &base))),
                                                    Some(r) => text(format::money_in(r, &base)),
                                                    None => text("–"),
                                                }}</td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }.into_any()
                }
            }}
        </section>
    }
}
