//! One purchase order as a CSV file a supplier can open in a spreadsheet
//! (issue 8, section 8).

use super::po_document::{money_text, order_date, resolve, PoExportError};
use crate::io::cell::{escape_text, format_date, format_f64};
use crate::model::{PurchaseOrder, Workspace};

/// The columns of the item block of [`po_csv`].
pub const PO_CSV_ITEM_COLUMNS: &[&str] = &[
    "line_no",
    "sku_id",
    "supplier_part_id",
    "description",
    "quantity",
    "unit",
    "unit_price",
    "line_total",
    "requested_delivery_date",
];

/// `order` as CSV: first a block of header fields, one `field,value` row
/// each (`po_id`, `order_date`, `status`, `supplier_id`, `supplier_name`,
/// `ship_to_id`, `ship_to_name`, `requested_delivery_date`, `currency`,
/// `total`, `note`), then an empty row, then the items: a row of
/// [`PO_CSV_ITEM_COLUMNS`] and one row per line.
///
/// Conventions: comma-separated, `\n` line ends, quoted where needed (the
/// csv crate's rules); text cells that a spreadsheet would run as a formula
/// get a leading apostrophe (`io::escape_text`, as every export does);
/// dates `YYYY-MM-DD`; quantities in their shortest spelling; money in the
/// supplier's currency with at least two decimals. The order date is the
/// approval date, else sent, else created; `supplier_part_id` is the offer's
/// supplier code, else the SKU id; a line total is price × quantity to the
/// cent, and the total is their sum. The requested delivery date is the
/// promised date, empty when there is none.
///
/// Refused (`PoExportError`): an order without lines, or whose supplier,
/// location or a line's SKU is unknown.
pub fn po_csv(workspace: &Workspace, order: &PurchaseOrder) -> Result<String, PoExportError> {
    let document = resolve(workspace, order)?;
    let promised = order.promised.map(format_date).unwrap_or_default();
    let header: [(&str, String, bool); 11] = [
        ("po_id", order.id.as_str().to_owned(), true),
        ("order_date", format_date(order_date(order)), false),
        ("status", order.status.as_str().to_owned(), false),
        ("supplier_id", document.supplier.id.as_str().to_owned(), true),
        ("supplier_name", document.supplier.name.clone(), true),
        ("ship_to_id", document.location.id.as_str().to_owned(), true),
        ("ship_to_name", document.location.name.clone(), true),
        ("requested_delivery_date", promised.clone(), false),
        ("currency", document.supplier.currency.as_str().to_owned(), true),
        ("total", money_text(document.total), false),
        ("note", order.note.clone(), true),
    ];
    let new_writer =
        |bytes: Vec<u8>| csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(bytes);
    let mut writer = new_writer(Vec::new());
    // Writing to a Vec cannot fail; the csv writer's errors are I/O errors.
    let text = |value: &str, is_text: bool| if is_text { escape_text(value).into_owned() } else { value.to_owned() };
    let _ = writer.write_record(["field", "value"]);
    for (field, value, is_text) in &header {
        let _ = writer.write_record([field.to_string(), text(value, *is_text)]);
    }
    // The csv writer spells a lone empty field `""`: the empty line between
    // the blocks is written by hand, and the items get a writer of their own
    // (one writer refuses records of different lengths).
    let mut bytes = writer.into_inner().unwrap_or_default();
    bytes.push(b'\n');
    let mut writer = new_writer(bytes);
    let _ = writer.write_record(PO_CSV_ITEM_COLUMNS);
    for item in &document.items {
        let _ = writer.write_record([
            item.line.line_no.to_string(),
            text(item.sku.id.as_str(), true),
            text(item.supplier_part, true),
            text(&item.sku.name, true),
            format_f64(item.line.quantity),
            text(&item.sku.unit, true),
            money_text(item.line.unit_price),
            money_text(item.line_total),
            promised.clone(),
        ]);
    }
    let bytes = writer.into_inner().unwrap_or_default();
    Ok(String::from_utf8(bytes).unwrap_or_default())
}
