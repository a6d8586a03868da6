//! Storing drafted purchase orders, wherever they were drafted (the plan, the
//! within-budget selection, an expedite split): numbered against the page's
//! own orders, stored as one change, then opened.

use crate::format;
use crate::route::Route;
use crate::state::{NoticeKind, Store};
use crate::worker::jobs;
use engine::{LocationId, PurchaseOrder, SkuId};
use leptos::prelude::*;

/// The acting role's name, as the orders' logs record it.
pub fn acting_role(store: Store) -> String {
    crate::acting_role::load(&store.workspace.with_untracked(|w| crate::acting_role::roles(&w.settings)))
}

/// Whether a draft or an order awaiting approval already orders `sku` at
/// `location` (drafting it again would order it twice).
pub fn already_drafted(store: Store, sku: &SkuId, location: &LocationId) -> bool {
    store.workspace.with_untracked(|w| {
        w.purchase_orders.iter().any(|po| {
            matches!(po.status, engine::PoStatus::Draft | engine::PoStatus::PendingApproval)
                && po.location == *location
                && po.lines.iter().any(|line| line.sku == *sku)
        })
    })
}

/// Draft purchase orders for these plan lines in the worker (the kept plan,
/// the buyer's overrides applied), then [`store_drafts`]. `busy` is true
/// meanwhile; `after` runs once they are stored. `note` ends the message.
pub fn draft_plan_lines(
    store: Store,
    keys: Vec<(SkuId, LocationId)>,
    note: String,
    busy: RwSignal<bool>,
    after: impl Fn() + 'static,
) {
    let role = acting_role(store);
    busy.set(true);
    leptos::task::spawn_local(async move {
        let answer = jobs::draft_orders(keys, crate::pages::po_detail::now_local(), role).await;
        busy.set(false);
        let orders = match answer {
            Ok(Some(Ok(orders))) => orders,
            Ok(Some(Err(reason))) => {
                return store.notify(NoticeKind::Error, format!("No order was drafted: {reason}."))
            }
            Ok(None) => return store.notify(NoticeKind::Error, "No order was drafted: the plan is not ready yet."),
            Err(error) => return store.notify(NoticeKind::Error, format!("No order was drafted: {error}.")),
        };
        if store_drafts(store, orders, &note) {
            after();
        }
    });
}

/// Give `orders` the next numbers of `year` after `existing` and one
/// another (`engine::purchasing::next_po_id`), in order; their new ids.
pub fn number_after<'a>(
    orders: impl Iterator<Item = &'a mut PurchaseOrder>,
    existing: &[PurchaseOrder],
    year: i32,
) -> Vec<engine::PoId> {
    let mut all = existing.to_vec();
    orders
        .map(|order| {
            order.id = engine::purchasing::next_po_id(&all, year);
            all.push(order.clone());
            order.id.clone()
        })
        .collect()
}

/// Number `orders` after the page's own orders (the worker's copy may not
/// have seen an order added since the last plan), store them as one change
/// and open them: one order's page, or the list of drafts. False when the
/// change was refused (a read-only tab).
pub fn store_drafts(store: Store, mut orders: Vec<PurchaseOrder>, note: &str) -> bool {
    let year = chrono::Datelike::year(&store.today);
    let ids = store.workspace.with_untracked(|w| number_after(orders.iter_mut(), &w.purchase_orders, year));
    let n = orders.len();
    let message = format!(
        "Drafted {}: {}.{note}",
        format::count(n, "purchase order", "purchase orders"),
        ids.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
    );
    let stored = store.edit_as(
        move |w| {
            for order in orders {
                w.purchase_orders.upsert(order);
            }
        },
        message,
    );
    if stored {
        let target = match ids.as_slice() {
            [one] => Route::PurchaseOrder(one.clone()).href(),
            _ => format!("{}?status=drafts", Route::PurchaseOrders.href()),
        };
        let _ = window().location().set_hash(&target);
    }
    stored
}
