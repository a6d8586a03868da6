//! Stock: lots on hand with their expiry and status, and the customer
//! commitments (backorders, allocations) against them.

use crate::components::table::{badge, link, text, Column, DataTable};
use crate::format;
use crate::pages::common::PageHead;
use crate::route::Route;
use crate::state::use_store;
use chrono::NaiveDate;
use engine::model::money::quantity_as_decimal;
use engine::{LocationId, LotId, SkuId, Workspace};
use leptos::prelude::*;
use rust_decimal::Decimal;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum LotState {
    Expired,
    Quarantine,
    Expiring,
    Available,
}

#[derive(Clone, Debug, PartialEq)]
struct LotRow {
    sku: SkuId,
    name: String,
    unit: String,
    location: LocationId,
    lot: LotId,
    quantity: f64,
    received: Option<NaiveDate>,
    expiry: Option<NaiveDate>,
    days_left: Option<i64>,
    state: LotState,
    value: Decimal,
}

fn lot_rows(workspace: &Workspace, today: NaiveDate) -> Vec<LotRow> {
    let horizon = i64::from(workspace.settings.expiry_horizon_days);
    workspace
        .stock_lots
        .iter()
        .map(|lot| {
            let sku = workspace.sku(&lot.sku);
            let days_left = lot.expiry.map(|e| (e - today).num_days());
            let state = if lot.is_expired_on(today) {
                LotState::Expired
            } else if lot.quarantine {
                LotState::Quarantine
            } else if days_left.is_some_and(|d| d <= horizon) {
                LotState::Expiring
            } else {
                LotState::Available
            };
            LotRow {
                sku: lot.sku.clone(),
                name: sku.map(|s| s.name.clone()).unwrap_or_default(),
                unit: sku.map(|s| s.unit.clone()).unwrap_or_default(),
                location: lot.location.clone(),
                lot: lot.lot.clone(),
                quantity: lot.quantity,
                received: lot.received,
                expiry: lot.expiry,
                days_left,
                state,
                value: sku.map_or(Decimal::ZERO, |s| s.unit_cost * quantity_as_decimal(lot.quantity)),
            }
        })
        .collect()
}

fn state_badge(row: &LotRow) -> AnyView {
    match row.state {
        LotState::Expired => badge("error", "Expired"),
        LotState::Quarantine => badge("warn", "Quarantine"),
        LotState::Expiring => badge("warn", format!("Expires in {} d", row.days_left.unwrap_or(0))),
        LotState::Available => badge("ok", "Available"),
    }
}

#[component]
pub fn StockPage() -> impl IntoView {
    let store = use_store();
    let today = store.today;
    let location = RwSignal::new(String::new());
    let state = RwSignal::new(String::new());
    let all_rows = Memo::new(move |_| store.workspace.with(|w| lot_rows(w, today)));
    let rows = Signal::derive(move || {
        let (location, state) = (location.get(), state.get());
        all_rows.with(|rows| {
            rows.iter()
                .filter(|r| location.is_empty() || r.location.as_str() == location)
                .filter(|r| match state.as_str() {
                    "expired" => r.state == LotState::Expired,
                    "expiring" => r.state == LotState::Expiring,
                    "quarantine" => r.state == LotState::Quarantine,
                    "available" => r.state == LotState::Available,
                    _ => true,
                })
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    let totals = Memo::new(move |_| {
        all_rows.with(|rows| {
            let sum = |state: LotState| rows.iter().filter(|r| r.state == state).map(|r| r.value).sum::<Decimal>();
            (
                sum(LotState::Available) + sum(LotState::Expiring),
                sum(LotState::Expiring),
                sum(LotState::Expired),
                sum(LotState::Quarantine),
            )
        })
    });
    let currency = move || store.workspace.with(|w| w.settings.base_currency.to_string());
    let locations = Memo::new(move |_| {
        store.workspace.with(|w| w.locations.iter().map(|l| (l.id.to_string(), l.name.clone())).collect::<Vec<_>>())
    });

    let columns = vec![
        Column::new("SKU", |r: &LotRow| link(Route::Sku(r.sku.clone()).href(), r.sku.to_string()))
            .sort(|a, b| a.sku.cmp(&b.sku)),
        Column::new("Name", |r: &LotRow| text(r.name.clone())).sort(|a, b| a.name.cmp(&b.name)),
        Column::new("Location", |r: &LotRow| text(r.location.to_string())).sort(|a, b| a.location.cmp(&b.location)),
        Column::new("Lot", |r: &LotRow| {
            text(if r.lot.as_str().is_empty() { "–".to_owned() } else { r.lot.to_string() })
        })
        .sort(|a, b| a.lot.cmp(&b.lot)),
        Column::new("Quantity", |r: &LotRow| text(format!("{} {}", format::qty(r.quantity), r.unit)))
            .numeric()
            .sort(|a, b| a.quantity.total_cmp(&b.quantity)),
        Column::new("Received", |r: &LotRow| text(format::opt_date(r.received)))
            .sort(|a, b| a.received.cmp(&b.received)),
        Column::new("Expiry", |r: &LotRow| text(format::opt_date(r.expiry)))
            .sort(|a, b| a.expiry.unwrap_or(NaiveDate::MAX).cmp(&b.expiry.unwrap_or(NaiveDate::MAX))),
        Column::new("Status", state_badge).sort(|a, b| a.state.cmp(&b.state)),
        Column::new("Value", |r: &LotRow| text(format::money(r.value))).numeric().sort(|a, b| a.value.cmp(&b.value)),
    ];

    view! {
        <PageHead title="Stock" subtitle=Signal::derive(move || {
            store.workspace.with(|w| format!("{} at {}", format::count(w.stock_lots.len(), "lot", "lots"), format::count(w.locations.len(), "location", "locations")))
        }) />
        <div class="grid grid-kpi">
            <div class="card kpi"><div class="label">"Available stock value"</div>
                <div class="value" data-testid="kpi-stock-value">{move || format::money_whole(totals.get().0, &currency())}</div></div>
            <div class="card kpi"><div class="label">{move || format!("Expiring within {} days", store.workspace.with(|w| w.settings.expiry_horizon_days))}</div>
                <div class="value">{move || format::money_whole(totals.get().1, &currency())}</div>
                <div class="note">"Use first (first-expiry, first-out)."</div></div>
            <div class="card kpi"><div class="label">"Expired (not counted as available)"</div>
                <div class="value">{move || format::money_whole(totals.get().2, &currency())}</div></div>
            <div class="card kpi"><div class="label">"In quarantine"</div>
                <div class="value">{move || format::money_whole(totals.get().3, &currency())}</div></div>
        </div>
        <section class="section">
            <h2>"Lots"</h2>
            <DataTable
                rows=rows
                columns=columns
                search=|r: &LotRow| format!("{} {} {} {}", r.sku, r.name, r.lot, r.location)
                search_placeholder="Search SKU, name or lot"
                initial_sort=(6, true)
                empty="No stock yet: import stock_lots.csv."
                testid="stock-table"
            >
                <select aria-label="Location" on:change:target=move |ev| location.set(ev.target().value())>
                    <option value="">"All locations"</option>
                    {move || locations.get().into_iter().map(|(id, name)| view! { <option value=id.clone()>{format!("{id} · {name}")}</option> }).collect_view()}
                </select>
                <select aria-label="Status" on:change:target=move |ev| state.set(ev.target().value())>
                    <option value="">"Any status"</option>
                    <option value="available">"Available"</option>
                    <option value="expiring">"Expiring soon"</option>
                    <option value="expired">"Expired"</option>
                    <option value="quarantine">"Quarantine"</option>
                </select>
            </DataTable>
        </section>
        <section class="section">
            <h2>"Customer commitments"</h2>
            <Commitments />
        </section>
    }
}

#[derive(Clone, Debug, PartialEq)]
struct CommitmentRow {
    sku: SkuId,
    name: String,
    location: LocationId,
    backorders: f64,
    allocated: f64,
}

#[component]
fn Commitments() -> impl IntoView {
    let store = use_store();
    let rows = Memo::new(move |_| {
        store.workspace.with(|w| {
            w.commitments
                .iter()
                .map(|c| CommitmentRow {
                    sku: c.sku.clone(),
                    name: w.sku(&c.sku).map(|s| s.name.clone()).unwrap_or_default(),
                    location: c.location.clone(),
                    backorders: c.backorders,
                    allocated: c.allocated,
                })
                .collect::<Vec<_>>()
        })
    });
    let columns = vec![
        Column::new("SKU", |r: &CommitmentRow| link(Route::Sku(r.sku.clone()).href(), r.sku.to_string()))
            .sort(|a, b| a.sku.cmp(&b.sku)),
        Column::new("Name", |r: &CommitmentRow| text(r.name.clone())).sort(|a, b| a.name.cmp(&b.name)),
        Column::new("Location", |r: &CommitmentRow| text(r.location.to_string()))
            .sort(|a, b| a.location.cmp(&b.location)),
        Column::new("Backorders", |r: &CommitmentRow| text(format::qty(r.backorders)))
            .numeric()
            .sort(|a, b| a.backorders.total_cmp(&b.backorders)),
        Column::new("Allocated", |r: &CommitmentRow| text(format::qty(r.allocated)))
            .numeric()
            .sort(|a, b| a.allocated.total_cmp(&b.allocated)),
    ];
    view! {
        <DataTable
            rows=rows
            columns=columns
            search=|r: &CommitmentRow| format!("{} {}", r.sku, r.name)
            initial_sort=(3, false)
            empty="No backorders or allocations."
            testid="commitment-table"
        />
    }
}
