//! One purchase order as a CSV file a supplier can open in a spreadsheet
//! (issue 8, section 8).

use super::po_document::{money_text, order_date, resolve, PoExportError};
use crate::io::cell::{format_date, format_f64};
use crate::model::{PurchaseOrder, Workspace};
use crate::plan::render::CsvText;

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
/// csv crate's default rules, written by `plan::render::CsvText`, as the plan's CSV is); text cells that a spreadsheet would run as a formula
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
    let mut csv = CsvText::new(1024);
    csv.field("field");
    csv.field("value");
    csv.end_line();
    for (field, value, is_text) in &header {
        csv.field(field);
        if *is_text {
            csv.text(value);
        } else {
            csv.field(value);
        }
        csv.end_line();
    }
    csv.blank_line();
    for name in PO_CSV_ITEM_COLUMNS {
        csv.field(name);
    }
    csv.end_line();
    for item in &document.items {
        csv.field(&item.line.line_no.to_string());
        csv.text(item.sku.id.as_str());
        csv.text(item.supplier_part);
        csv.text(&item.sku.name);
        csv.field(&format_f64(item.line.quantity));
        csv.text(&item.sku.unit);
        csv.field(&money_text(item.line.unit_price));
        csv.field(&money_text(item.line_total));
        csv.field(&promised);
        csv.end_line();
    }
    Ok(csv.into_text())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_are_quoted_as_the_csv_crate_quotes_them() {
        let records: [&[&str]; 4] = [
            &["plain", "", "two words", "with,comma"],
            &["say \"hi\"", "line\nbreak", "carriage\rreturn", "'=1+2"],
            &["", ""],
            &["ünïcode", "semi;colon", "tab\there", " spaced "],
        ];
        let mut ours = CsvText::new(0);
        let mut writer =
            csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).flexible(true).from_writer(vec![]);
        for record in records {
            for field in record {
                ours.field(field);
            }
            ours.end_line();
            writer.write_record(record).unwrap();
        }
        let ours = ours.into_text();
        assert_eq!(ours, String::from_utf8(writer.into_inner().unwrap()).unwrap());
        assert_eq!(ours.lines().nth(1), Some("\"say \"\"hi\"\"\",\"line"));
    }
}
