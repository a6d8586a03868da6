//! The application shell: navigation, banners for saving and other tabs, and
//! the page for the current route.

use crate::components::banner::{Banners, SaveIndicator};
use crate::pages;
use crate::route::Route;
use crate::session;
use crate::state::Store;
use chrono::NaiveDate;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

/// The current route, from `location.hash`, kept up to date on `hashchange`.
#[derive(Clone, Copy)]
pub struct RouteCtx(pub RwSignal<Route>);

pub fn use_route() -> RwSignal<Route> {
    expect_context::<RouteCtx>().0
}

fn current_hash() -> String {
    window().location().hash().unwrap_or_default()
}

/// Today's date from the browser's clock, in local time: the only place the
/// page reads the clock.
fn today() -> NaiveDate {
    let now = js_sys::Date::new_0();
    NaiveDate::from_ymd_opt(now.get_full_year() as i32, now.get_month() + 1, now.get_date()).unwrap_or_default()
}

pub fn mount() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(App);
}

const NAV: &[(Route, &str)] = &[
    (Route::Dashboard, "Dashboard"),
    (Route::Plan, "Plan"),
    (Route::Forecasts, "Forecasts"),
    (Route::Skus, "SKUs"),
    (Route::Suppliers, "Suppliers"),
    (Route::Stock, "Stock"),
    (Route::PurchaseOrders, "Purchase orders"),
    (Route::ImportExport, "Import & export"),
    (Route::Settings, "Settings"),
];

#[component]
pub fn App() -> impl IntoView {
    crate::format::init();
    let store = Store::new(today());
    provide_context(store);
    let route = RwSignal::new(Route::parse(&current_hash()));
    provide_context(RouteCtx(route));

    let on_hash = Closure::<dyn Fn()>::new(move || {
        route.set(Route::parse(&current_hash()));
        // A new page starts at the top, like a normal link.
        window().scroll_to_with_x_and_y(0.0, 0.0);
    });
    window().set_onhashchange(Some(on_hash.as_ref().unchecked_ref()));
    on_hash.forget();

    match crate::overrides::load() {
        Ok(overrides) => store.overrides.set(overrides),
        Err(reason) => store.notify(crate::state::NoticeKind::Error, reason),
    }
    session::start(store);

    let title = move || {
        let section = route.with(Route::section);
        let name = NAV.iter().find(|(r, _)| *r == section).map_or("Not found", |(_, name)| *name);
        document().set_title(&format!("{name} · Stockpilot"));
    };
    Effect::new(move |_| title());

    view! {
        <div class="shell">
            // The first Tab stop: past the navigation, to the page itself
            // (a button, since a "#main" link would be a route).
            <button class="btn btn-primary skip-link" data-testid="skip-link" on:click=move |_| {
                if let Some(main) = document().get_element_by_id("main") {
                    let _ = main.unchecked_into::<web_sys::HtmlElement>().focus();
                }
            }>"Skip to content"</button>
            <nav class="sidebar" aria-label="Main">
                <a class="brand" href="#/dashboard">
                    <span class="brand-mark" aria-hidden="true"></span>
                    "Stockpilot"
                </a>
                <ul>
                    {NAV
                        .iter()
                        .map(|(target, label)| {
                            let target = target.clone();
                            let href = target.href();
                            let testid = format!("nav-{}", href.trim_start_matches("#/"));
                            let current = Memo::new(move |_| route.with(|r| r.section() == target));
                            view! {
                                <li>
                                    <a
                                        href=href
                                        data-testid=testid
                                        class:active=current
                                        aria-current=move || current.get().then_some("page")
                                    >
                                        {*label}
                                    </a>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
                <div class="sidebar-foot">
                    <SaveIndicator />
                    <p class="privacy">"Your data stays in this browser."</p>
                </div>
            </nav>
            <main class="content" id="main" tabindex="-1">
                <Banners />
                {move || {
                    // Drawn again when the workspace is loaded from another
                    // tab, and when the number and date format changes.
                    store.epoch.track();
                    if store.loaded.get() {
                        let section = route.with(Route::section);
                        let name = NAV.iter().find(|(r, _)| *r == section).map_or("Stockpilot", |(_, name)| *name);
                        let printed = format!("Stockpilot · {name} · printed {}", crate::format::date(store.today));
                        view! {
                            <p class="print-only print-stamp" data-testid="print-stamp">{printed}</p>
                            {pages::render(route.get())}
                        }
                        .into_any()
                    } else {
                        view! {
                            <div class="card empty-state" data-testid="opening">
                                <h2>"Opening your workspace…"</h2>
                                <p>"Reading the data saved in this browser (or preparing the sample on a first visit)."</p>
                            </div>
                        }
                        .into_any()
                    }
                }}
            </main>
        </div>
    }
}
