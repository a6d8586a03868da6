//! Hash routes (`#/skus/SKU-0042`). The part after `#` never reaches the
//! server, so a reload or a bookmarked deep link works on any static host,
//! under any sub-path, with no rewrite rules.

use engine::{PoId, RecurringId, SkuId, SupplierId};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    Dashboard,
    Plan,
    WithinBudget,
    Forecasts,
    Skus,
    NewSku,
    Sku(SkuId),
    Suppliers,
    NewSupplier,
    Supplier(SupplierId),
    Stock,
    PurchaseOrders,
    PurchaseOrder(PoId),
    /// The recurring orders, their schedule and the due drafts.
    Recurring,
    NewRecurring,
    RecurringOrder(RecurringId),
    ImportExport,
    Settings,
    NotFound(String),
}

impl Route {
    /// Parse `location.hash` (with or without the leading `#`).
    pub fn parse(hash: &str) -> Route {
        let path = hash.trim_start_matches('#').trim_start_matches('/');
        let path = path.split(['?']).next().unwrap_or_default();
        // Match on the raw segments, so an id spelled "new" (encoded as
        // "%6Eew") is not mistaken for the "new" pages; decode ids after.
        let parts: Vec<&str> = path.split('/').filter(|part| !part.is_empty()).collect();
        match parts.as_slice() {
            [] | ["dashboard"] => Route::Dashboard,
            ["plan"] => Route::Plan,
            ["plan", "within-budget"] => Route::WithinBudget,
            ["forecasts"] => Route::Forecasts,
            ["skus"] => Route::Skus,
            ["skus", "new"] => Route::NewSku,
            ["skus", id] => Route::Sku(SkuId::new(decode(id))),
            ["suppliers"] => Route::Suppliers,
            ["suppliers", "new"] => Route::NewSupplier,
            ["suppliers", id] => Route::Supplier(SupplierId::new(decode(id))),
            ["stock"] => Route::Stock,
            ["purchase-orders"] => Route::PurchaseOrders,
            ["purchase-orders", id] => Route::PurchaseOrder(PoId::new(decode(id))),
            ["recurring"] => Route::Recurring,
            ["recurring", "new"] => Route::NewRecurring,
            ["recurring", id] => Route::RecurringOrder(RecurringId::new(decode(id))),
            ["data"] => Route::ImportExport,
            ["settings"] => Route::Settings,
            _ => Route::NotFound(path.to_owned()),
        }
    }

    /// The link to this route, e.g. `#/skus/SKU%2F1`.
    pub fn href(&self) -> String {
        let path = match self {
            Route::Dashboard => "dashboard".to_owned(),
            Route::Plan => "plan".to_owned(),
            Route::WithinBudget => "plan/within-budget".to_owned(),
            Route::Forecasts => "forecasts".to_owned(),
            Route::Skus => "skus".to_owned(),
            Route::NewSku => "skus/new".to_owned(),
            Route::Sku(id) => format!("skus/{}", encode(id.as_str())),
            Route::Suppliers => "suppliers".to_owned(),
            Route::NewSupplier => "suppliers/new".to_owned(),
            Route::Supplier(id) => format!("suppliers/{}", encode(id.as_str())),
            Route::Stock => "stock".to_owned(),
            Route::PurchaseOrders => "purchase-orders".to_owned(),
            Route::PurchaseOrder(id) => format!("purchase-orders/{}", encode(id.as_str())),
            Route::Recurring => "recurring".to_owned(),
            Route::NewRecurring => "recurring/new".to_owned(),
            Route::RecurringOrder(id) => format!("recurring/{}", encode(id.as_str())),
            Route::ImportExport => "data".to_owned(),
            Route::Settings => "settings".to_owned(),
            Route::NotFound(path) => path.clone(),
        };
        format!("#/{path}")
    }

    /// The top-level section a route belongs to, for highlighting the navigation.
    pub fn section(&self) -> Route {
        match self {
            Route::NewSku | Route::Sku(_) => Route::Skus,
            Route::NewSupplier | Route::Supplier(_) => Route::Suppliers,
            Route::PurchaseOrder(_) | Route::Recurring | Route::NewRecurring | Route::RecurringOrder(_) => {
                Route::PurchaseOrders
            }
            Route::WithinBudget => Route::Plan,
            other => other.clone(),
        }
    }
}

/// Percent-encode everything but unreserved characters, so ids with `/`, `#`,
/// `?`, spaces or non-ASCII letters survive the trip through the URL. The
/// literal id `new` is encoded too, so it cannot collide with the "new" pages.
fn encode(text: &str) -> String {
    if text == "new" {
        return "%6Eew".to_owned();
    }
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut idx = 0;
    while idx < bytes.len() {
        let hex = bytes.get(idx + 1..idx + 3).and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[idx], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(byte)) => {
                out.push(byte);
                idx += 3;
            }
            (byte, _) => {
                out.push(byte);
                idx += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_route_survives_its_own_link() {
        let routes = [
            Route::Dashboard,
            Route::Plan,
            Route::WithinBudget,
            Route::Forecasts,
            Route::Skus,
            Route::NewSku,
            Route::Sku(SkuId::new("SKU/0042 #a?ü")),
            Route::Sku(SkuId::new("new")),
            Route::Suppliers,
            Route::NewSupplier,
            Route::Supplier(SupplierId::new("ACME & Co")),
            Route::Stock,
            Route::PurchaseOrders,
            Route::PurchaseOrder(PoId::new("PO-1001")),
            Route::Recurring,
            Route::NewRecurring,
            Route::RecurringOrder(RecurringId::new("STANDING/01")),
            Route::RecurringOrder(RecurringId::new("new")),
            Route::ImportExport,
            Route::Settings,
        ];
        for route in routes {
            assert_eq!(Route::parse(&route.href()), route, "{}", route.href());
        }
    }

    #[test]
    fn empty_and_unknown_hashes() {
        assert_eq!(Route::parse(""), Route::Dashboard);
        assert_eq!(Route::parse("#/"), Route::Dashboard);
        assert_eq!(Route::parse("#/nope/x"), Route::NotFound("nope/x".into()));
        assert_eq!(Route::parse("#/skus?q=box"), Route::Skus);
    }
}
