//! A purchase order as a supplier reads it, resolved once for every export
//! (CSV in `po_csv`, cXML in `cxml`): the supplier, the ship-to location, and
//! per line the SKU, the supplier's part number and the line total.

use rust_decimal::Decimal;

use crate::model::money::{quantity_as_decimal, round_cents};
use crate::model::{Location, LocationId, PoId, PoLine, PurchaseOrder, Sku, SkuId, Supplier, SupplierId, Workspace};

/// Why a purchase order could not be exported.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PoExportError {
    #[error("purchase order {po}: a cXML document needs a payload id")]
    EmptyPayloadId { po: PoId },
    #[error("purchase order {po} has no lines to send")]
    NoLines { po: PoId },
    #[error("purchase order {po}: supplier {supplier} is not in the catalog")]
    UnknownSupplier { po: PoId, supplier: SupplierId },
    #[error("purchase order {po}: location {location} is not in the workspace")]
    UnknownLocation { po: PoId, location: LocationId },
    #[error("purchase order {po}, line {line_no}: SKU {sku} is not in the catalog")]
    UnknownSku { po: PoId, line_no: u32, sku: SkuId },
}

pub(crate) struct PoDocument<'a> {
    pub order: &'a PurchaseOrder,
    pub supplier: &'a Supplier,
    pub location: &'a Location,
    pub items: Vec<Item<'a>>,
    /// Σ line totals.
    pub total: Decimal,
}

pub(crate) struct Item<'a> {
    pub line: &'a PoLine,
    pub sku: &'a Sku,
    /// The offer's `supplier_sku`; the SKU id when there is no offer or it
    /// has no supplier code.
    pub supplier_part: &'a str,
    /// Unit price × quantity, to the cent (half away from zero).
    pub line_total: Decimal,
}

pub(crate) fn resolve<'a>(workspace: &'a Workspace, order: &'a PurchaseOrder) -> Result<PoDocument<'a>, PoExportError> {
    let po = || order.id.clone();
    if order.lines.is_empty() {
        return Err(PoExportError::NoLines { po: po() });
    }
    let supplier = workspace
        .supplier(&order.supplier)
        .ok_or_else(|| PoExportError::UnknownSupplier { po: po(), supplier: order.supplier.clone() })?;
    let location = workspace
        .location(&order.location)
        .ok_or_else(|| PoExportError::UnknownLocation { po: po(), location: order.location.clone() })?;
    let mut items = Vec::with_capacity(order.lines.len());
    for line in &order.lines {
        let sku = workspace.sku(&line.sku).ok_or_else(|| PoExportError::UnknownSku {
            po: po(),
            line_no: line.line_no,
            sku: line.sku.clone(),
        })?;
        let supplier_part = workspace
            .offer(&order.supplier, &line.sku)
            .map(|offer| offer.supplier_sku.trim())
            .filter(|code| !code.is_empty())
            .unwrap_or(line.sku.as_str());
        let line_total = round_cents(line.unit_price * quantity_as_decimal(line.quantity));
        items.push(Item { line, sku, supplier_part, line_total });
    }
    let total = items.iter().map(|item| item.line_total).sum();
    Ok(PoDocument { order, supplier, location, items, total })
}

/// Money as documents show it: at least two decimals, no trailing zeros past them.
pub(crate) fn money_text(amount: Decimal) -> String {
    let mut amount = amount.normalize();
    if amount.scale() < 2 {
        amount.rescale(2);
    }
    amount.to_string()
}

/// The order's date on documents: approved, else sent, else created (the
/// same start `plan::lead_time` measures lead times from).
pub(crate) fn order_date(order: &PurchaseOrder) -> chrono::NaiveDate {
    order.approved.or(order.sent).unwrap_or(order.created)
}
