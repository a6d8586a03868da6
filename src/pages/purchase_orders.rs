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
    let status = RwSignal::new("open".to_owned());
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
        }) />
        <DataTable
            rows=rows
            columns=columns
            search=|r: &PoRow| format!("{} {} {}", r.id, r.supplier, r.supplier_name)
            search_placeholder="Search PO or supplier"
            initial_sort=(4, false)
            empty="No purchase orders yet: import purchase_orders.csv and po_lines.csv."
            testid="po-table"
        >
            <select aria-label="Status" on:change:target=move |ev| status.set(ev.target().value())>
                <option value="open" selected>"Open (approved, sent, partly received)"</option>
                <option value="late">"Late"</option>
                <option value="">"All"</option>
                {PoStatus::ALL.iter().map(|s| view! { <option value=s.as_str()>{humanize(s.as_str())}</option> }).collect_view()}
            </select>
        </DataTable>
    }
}

#[component]
pub fn PurchaseOrderPage(id: PoId) -> impl IntoView {
    let store = use_store();
    let today = store.today;
    let order = {
        let id = id.clone();
        Memo::new(move |_| store.workspace.with(|w| w.purchase_order(&id).cloned()))
    };
    move || {
        let Some(po) = order.get() else {
            return view! {
                <PageHead title="Purchase order not found" crumbs=vec![("Purchase orders", Route::PurchaseOrders.href())] />
                <div class="card empty-state"><h2>{format!("There is no purchase order {id}.")}</h2></div>
            }
            .into_any();
        };
        let (supplier_name, currency) = store
            .workspace
            .with(|w| w.supplier(&po.supplier).map(|s| (s.name.clone(), s.currency.to_string())).unwrap_or_default());
        let late = po
            .promised
            .filter(|p| *p < today && po.lines.iter().any(|l| po.open_quantity(l) > 0.0))
            .map(|p| (today - p).num_days());
        let lines = po.lines.clone();
        let sku_names = store.workspace.with(|w| {
            lines.iter().map(|l| w.sku(&l.sku).map(|s| s.name.clone()).unwrap_or_default()).collect::<Vec<_>>()
        });
        view! {
            <PageHead
                title=format!("Purchase order {}", po.id)
                subtitle=format!("{} · delivered to {}", supplier_name, po.location)
                crumbs=vec![("Purchase orders", Route::PurchaseOrders.href())]
            />
            <div class="grid grid-2">
                <div class="card">
                    <h2>"Order"</h2>
                    <dl class="facts">
                        <dt>"Status"</dt><dd>{status_badge(po.status)} {late.map(|d| badge("error", format!("{d} days late")))}</dd>
                        <dt>"Supplier"</dt><dd><a href=Route::Supplier(po.supplier.clone()).href()>{format!("{} ({})", supplier_name, po.supplier)}</a></dd>
                        <dt>"Value"</dt><dd>{format::money_in(po.value(), &currency)}</dd>
                        <dt>"Note"</dt><dd>{if po.note.is_empty() { "–".to_owned() } else { po.note.clone() }}</dd>
                    </dl>
                </div>
                <div class="card">
                    <h2>"Dates"</h2>
                    <dl class="facts">
                        <dt>"Created"</dt><dd>{format::date(po.created)}</dd>
                        <dt>"Approved"</dt><dd>{format::opt_date(po.approved)}</dd>
                        <dt>"Sent"</dt><dd>{format::opt_date(po.sent)}</dd>
                        <dt>"Promised"</dt><dd>{format::opt_date(po.promised)}</dd>
                        <dt>"Received"</dt><dd>{format::opt_date(po.received)}</dd>
                    </dl>
                </div>
            </div>
            <section class="section">
                <h2>"Lines and receipts"</h2>
                <div class="table-block">
                    <div class="table-scroll">
                        <table class="data">
                            <thead>
                                <tr>
                                    <th>"Line"</th><th>"SKU"</th><th class="num">"Ordered"</th><th class="num">"Unit price"</th>
                                    <th class="num">"Received"</th><th class="num">"Rejected"</th><th class="num">"Open"</th>
                                    <th>"Receipts (date · qty · lot · expiry · charges)"</th>
                                </tr>
                            </thead>
                            <tbody>
                                {lines.iter().zip(sku_names).map(|(line, name)| {
                                    let rejected: f64 = line.receipts.iter().map(|r| r.quantity_rejected).sum();
                                    let receipts = line.receipts.iter().map(|r| {
                                        let charges = r.freight + r.duty + r.other_charges;
                                        format!("#{} {} · {} · {} · {} · {}", r.receipt_no, format::date(r.date), format::qty(r.quantity_received),
                                            r.lot.as_ref().map(|l| l.to_string()).unwrap_or_else(|| "–".into()),
                                            format::opt_date(r.expiry), format::money(charges))
                                    }).collect::<Vec<_>>();
                                    view! {
                                        <tr>
                                            <td>{line.line_no}</td>
                                            <td><a href=Route::Sku(line.sku.clone()).href()>{line.sku.to_string()}</a> " " <span class="muted">{name}</span></td>
                                            <td class="num">{format::qty(line.quantity)}</td>
                                            <td class="num">{format::money(line.unit_price)}</td>
                                            <td class="num">{format::qty(line.quantity_received())}</td>
                                            <td class="num">{format::qty(rejected)}</td>
                                            <td class="num">{format::qty(po.open_quantity(line))}</td>
                                            <td class="wrap small">{if receipts.is_empty() { "None yet".to_owned() } else { receipts.join("; ") }}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                </div>
            </section>
        }
        .into_any()
    }
}
