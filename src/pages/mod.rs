//! One module per page; `render` picks the page for a route.

pub mod common;
pub mod dashboard;
pub mod drafting;
pub mod forecasts;
pub mod history;
pub mod import_export;
pub mod imported;
pub mod mapping;
pub mod offers;
pub mod plan;
pub mod plan_view;
pub mod po_detail;
pub mod purchase_orders;
pub mod recurring;
pub mod settings;
pub mod sku_detail;
pub mod skus;
pub mod stock;
pub mod suppliers;
pub mod within_budget;

use crate::route::Route;
use leptos::prelude::*;

pub fn render(route: Route) -> AnyView {
    match route {
        Route::Dashboard => view! { <dashboard::Dashboard /> }.into_any(),
        Route::Plan => view! { <plan::PlanPage /> }.into_any(),
        Route::Forecasts => view! { <forecasts::ForecastsPage /> }.into_any(),
        Route::WithinBudget => view! { <within_budget::WithinBudgetPage /> }.into_any(),
        Route::Skus => view! { <skus::SkuList /> }.into_any(),
        Route::NewSku => view! { <skus::NewSku /> }.into_any(),
        Route::Sku(id) => view! { <skus::SkuPage id=id /> }.into_any(),
        Route::Suppliers => view! { <suppliers::SupplierList /> }.into_any(),
        Route::NewSupplier => view! { <suppliers::NewSupplier /> }.into_any(),
        Route::Supplier(id) => view! { <suppliers::SupplierPage id=id /> }.into_any(),
        Route::Stock => view! { <stock::StockPage /> }.into_any(),
        Route::PurchaseOrders => view! { <purchase_orders::PurchaseOrderList /> }.into_any(),
        Route::PurchaseOrder(id) => view! { <po_detail::PurchaseOrderPage id=id /> }.into_any(),
        Route::Recurring => view! { <recurring::RecurringList /> }.into_any(),
        Route::NewRecurring => view! { <recurring::NewRecurring /> }.into_any(),
        Route::RecurringOrder(id) => view! { <recurring::RecurringPage id=id /> }.into_any(),
        Route::ImportExport => view! { <import_export::ImportExportPage /> }.into_any(),
        Route::Settings => view! { <settings::SettingsPage /> }.into_any(),
        Route::NotFound(path) => view! {
            <common::PageHead title="Page not found" />
            <div class="card empty-state">
                <h2>{format!("Nothing lives at “{path}”.")}</h2>
                <p><a href=Route::Dashboard.href()>"Go to the dashboard"</a></p>
            </div>
        }
        .into_any(),
    }
}
