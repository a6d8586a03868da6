//! The dashboard: what needs a buyer's attention today.

use crate::components::table::badge;
use crate::format;
use crate::pages::common::PageHead;
use crate::pages::plan_view;
use crate::route::Route;
use crate::state::use_store;
use chrono::NaiveDate;
use engine::model::money::quantity_as_decimal;
use engine::{SkuStatus, Workspace};
use leptos::prelude::*;
use rust_decimal::Decimal;

#[derive(Clone, Debug, PartialEq)]
struct Overview {
    active_skus: usize,
    families: usize,
    suppliers: usize,
    stock_value: Decimal,
    expired_value: Decimal,
    open_orders: usize,
    open_value: Decimal,
    late_orders: Vec<(String, String, i64)>,
    contracts: Vec<(String, String, String)>,
    currency: String,
    missing_rates: bool,
}

fn overview(workspace: &Workspace, today: NaiveDate) -> Overview {
    let mut stock_value = Decimal::ZERO;
    let mut expired_value = Decimal::ZERO;
    for lot in &workspace.stock_lots {
        let Some(sku) = workspace.sku(&lot.sku) else { continue };
        let value = sku.unit_cost * quantity_as_decimal(lot.quantity);
        if lot.is_expired_on(today) {
            expired_value += value;
        } else if !lot.quarantine {
            stock_value += value;
        }
    }
    let mut open_value = Decimal::ZERO;
    let mut missing_rates = false;
    let mut late_orders = Vec::new();
    let mut open_orders = 0;
    for po in workspace.purchase_orders.iter().filter(|po| po.status.is_open()) {
        open_orders += 1;
        let currency = workspace.supplier(&po.supplier).map(|s| s.currency.clone()).unwrap_or_default();
        let open: Decimal = po.lines.iter().map(|l| quantity_as_decimal(po.open_quantity(l)) * l.unit_price).sum();
        match workspace.to_base(open, &currency, today) {
            Ok(value) => open_value += value,
            Err(_) => missing_rates = true,
        }
        let still_open = po.lines.iter().any(|l| po.open_quantity(l) > 0.0);
        if let Some(promised) = po.promised.filter(|p| *p < today && still_open) {
            let supplier = workspace.supplier(&po.supplier).map(|s| s.name.clone()).unwrap_or_default();
            late_orders.push((po.id.to_string(), supplier, (today - promised).num_days()));
        }
    }
    engine::sorting::sort_by(&mut late_orders, |a, b| b.2.cmp(&a.2));
    // The contract calendar of the next 90 days (`engine::purchasing::contract_calendar`).
    let contracts = engine::purchasing::contract_calendar(workspace, today, 90)
        .unwrap_or_default()
        .into_iter()
        .map(|alert| {
            let supplier = workspace.supplier(&alert.supplier).map(|s| s.name.clone()).unwrap_or_default();
            (alert.contract.to_string(), supplier, alert_text(&alert))
        })
        .collect();
    let mut families: Vec<&str> = workspace.skus.iter().map(|s| s.family.as_str()).collect();
    engine::sorting::sort_by(&mut families, |a, b| a.cmp(b));
    families.dedup();
    Overview {
        active_skus: workspace.skus.iter().filter(|s| s.status == SkuStatus::Active).count(),
        families: families.len(),
        suppliers: workspace.suppliers.len(),
        stock_value,
        expired_value,
        open_orders,
        open_value,
        late_orders,
        contracts,
        currency: workspace.settings.base_currency.to_string(),
        missing_rates,
    }
}

/// What a contract alert asks of the buyer, in words.
pub fn alert_text(alert: &engine::purchasing::ContractAlert) -> String {
    use engine::purchasing::AlertKind;
    let when = |days: i64| match days {
        0 => "today".to_owned(),
        1 => "tomorrow".to_owned(),
        d if d < 0 => format!("{} days ago", -d),
        d => format!("in {d} days"),
    };
    match alert.kind {
        AlertKind::Expiring => format!("ends {} ({})", when(alert.days_left), format::date(alert.date)),
        AlertKind::PriceReviewDue => format!("price review {} ({})", when(alert.days_left), format::date(alert.date)),
        AlertKind::PriceReviewOverdue => format!("price review overdue since {}", format::date(alert.date)),
        AlertKind::NoticeDeadline => format!(
            "termination notice due by {} ({}){}",
            format::date(alert.date),
            when(alert.days_left),
            if alert.auto_renew { ", or it renews by itself" } else { "" }
        ),
        AlertKind::NoticeWindowOpen => format!(
            "notice period open: it ends {}{}",
            format::date(alert.end),
            if alert.auto_renew { " and renews unless the supplier accepts late notice" } else { "" }
        ),
    }
}

#[component]
pub fn Dashboard() -> impl IntoView {
    let store = use_store();
    let today = store.today;
    let data = Memo::new(move |_| store.workspace.with(|w| overview(w, today)));
    let kpi = move |f: fn(&Overview) -> String| move || data.with(f);
    view! {
        <PageHead title="Dashboard" subtitle=format!("Today is {}", format::long_date(today))>
            <a class="btn btn-primary" href=Route::Plan.href()>"Open the plan"</a>
        </PageHead>
        <div class="grid grid-kpi">
            <plan_view::SuggestionKpi />
            <div class="card kpi">
                <div class="label">"Active SKUs"</div>
                <a class="value" href=Route::Skus.href() data-testid="kpi-skus">{kpi(|o| format::qty(o.active_skus as f64))}</a>
                <div class="note">{kpi(|o| format!("in {} families, {} suppliers", o.families, o.suppliers))}</div>
            </div>
            <div class="card kpi">
                <div class="label">"Available stock value"</div>
                <a class="value" href=Route::Stock.href() data-testid="kpi-stock-value">{kpi(|o| format::money_whole(o.stock_value, &o.currency))}</a>
                <div class="note">{kpi(|o| if o.expired_value.is_zero() { "No expired stock".into() } else { format!("{} expired", format::money_whole(o.expired_value, &o.currency)) })}</div>
            </div>
            <div class="card kpi">
                <div class="label">"Open purchase orders"</div>
                <a class="value" href=Route::PurchaseOrders.href()>{kpi(|o| o.open_orders.to_string())}</a>
                <div class="note">{kpi(|o| format!("{} still to receive{}", format::money_whole(o.open_value, &o.currency),
                    if o.missing_rates { " (some without an exchange rate)" } else { "" }))}</div>
            </div>
            <div class="card kpi">
                <div class="label">"Late deliveries"</div>
                <div class="value">{kpi(|o| o.late_orders.len().to_string())}</div>
                <div class="note">"open orders past their promised date"</div>
            </div>
        </div>
        <div class="section">
            <plan_view::UrgentSuggestions />
        </div>
        <div class="grid grid-2 section">
            <div class="column">
                <div class="card">
                    <h2>"Late purchase orders"</h2>
                    {move || data.with(|o| {
                        if o.late_orders.is_empty() {
                            return view! { <p class="muted">"Every open order is on time."</p> }.into_any();
                        }
                        view! {
                            <div class="table-scroll" tabindex="0"><table class="data compact">
                                <thead><tr><th>"PO"</th><th>"Supplier"</th><th class="num">"Late by"</th></tr></thead>
                                <tbody>
                                    {o.late_orders.iter().take(8).map(|(id, supplier, days)| view! {
                                        <tr>
                                            <td><a href=Route::PurchaseOrder(engine::PoId::new(id.clone())).href()>{id.clone()}</a></td>
                                            <td>{supplier.clone()}</td>
                                            <td class="num">{badge("error", format!("{days} days"))}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table></div>
                        }.into_any()
                    })}
                </div>
                <div class="card">
                    <h2>"Contracts needing attention"</h2>
                    {move || data.with(|o| {
                        if o.contracts.is_empty() {
                            return view! { <p class="muted">"No contract ends, renews or is up for review soon."</p> }.into_any();
                        }
                        view! {
                            <div class="table-scroll" tabindex="0"><table class="data compact">
                                <thead><tr><th>"Contract"</th><th>"Supplier"</th><th>"What"</th></tr></thead>
                                <tbody>
                                    {o.contracts.iter().map(|(id, supplier, what)| view! {
                                        <tr><td>{id.clone()}</td><td>{supplier.clone()}</td><td>{badge("warn", what.clone())}</td></tr>
                                    }).collect_view()}
                                </tbody>
                            </table></div>
                        }.into_any()
                    })}
                </div>
            </div>
            <plan_view::ExpiringLots />
        </div>
    }
}
