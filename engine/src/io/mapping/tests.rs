//! The mapping step end to end in the engine: foreign files in, the
//! ordinary importer's workspace (or its refusal, in the user's terms) out.
//! Expected values are worked out by hand in the comments.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::*;
use crate::io::{import_csv, ImportFile, Table};
use crate::model::Workspace;

fn column(field: &str, column: &str, transform: Transform) -> FieldMapping {
    FieldMapping { field: field.into(), source: Source::Column { column: column.into(), transform } }
}

fn constant(field: &str, value: &str) -> FieldMapping {
    FieldMapping { field: field.into(), source: Source::Constant { value: value.into() } }
}

fn german_format(encoding: Encoding) -> FileFormat {
    FileFormat {
        encoding,
        delimiter: Delimiter::Semicolon,
        numbers: NumberFormat { decimal: DecimalSeparator::Comma, thousands: Some(ThousandsSeparator::Point) },
        date_order: Some(DateOrder::DayMonthYear),
    }
}

fn with_locations() -> Workspace {
    let file = ImportFile {
        name: "locations.csv".into(),
        bytes: b"location_id,name\nAMS,Amsterdam\n".to_vec(),
        replace: false,
    };
    import_csv(&Workspace::default(), &[file], &mut |_| {}).unwrap().0
}

/// A Windows-1252 file: `Käse` is 4B E4 73 65, `Müsli` 4D FC 73 6C 69.
const LATIN1_SKUS: &[u8] =
    b"Artikelnr;Bezeichnung;Einkaufspreis;Gewicht (g)\r\nA-1;K\xE4se;1.234,56;250\r\nA-2;M\xFCsli;7,90;1.500\r\n";

fn skus_spec(encoding: Encoding) -> MappingSpec {
    MappingSpec::new(
        Table::Skus,
        german_format(encoding),
        vec![
            column("sku_id", "artikelnr", Transform::None),
            column("name", "Bezeichnung", Transform::None),
            column("unit_cost", "EINKAUFSPREIS", Transform::Number),
            column("weight_kg", "Gewicht (g)", Transform::Scale { factor: Decimal::new(1, 3) }),
            constant("family", "Food"),
        ],
    )
}

#[test]
fn a_latin1_semicolon_file_with_decimal_commas_imports() {
    assert_eq!(sniff::detect_encoding(LATIN1_SKUS), Encoding::Windows1252);
    let (workspace, summary) = import_with_mapping(
        &Workspace::default(),
        LATIN1_SKUS,
        "Artikel.csv",
        &skus_spec(Encoding::Windows1252),
        &mut |_| {},
    )
    .unwrap();
    assert_eq!(summary.summary.tables[0].inserted, 2);
    let skus = &workspace.skus;
    assert_eq!(skus.len(), 2);
    assert_eq!((skus[0].id.as_str(), skus[0].name.as_str(), skus[0].family.as_str()), ("A-1", "Käse", "Food"));
    // 1.234,56 = one thousand two hundred thirty-four and 56 cents.
    assert_eq!(skus[0].unit_cost, Decimal::new(123_456, 2));
    // 250 g × 0.001 = 0.25 kg; 1.500 g (a thousands point) × 0.001 = 1.5 kg.
    assert_eq!(skus[0].weight_kg, Some(0.25));
    assert_eq!(
        (skus[1].name.as_str(), skus[1].unit_cost, skus[1].weight_kg),
        ("Müsli", Decimal::new(790, 2), Some(1.5))
    );
}

#[test]
fn the_same_file_in_utf16_imports_the_same() {
    let text =
        std::str::from_utf8(b"Artikelnr;Bezeichnung;Einkaufspreis;Gewicht (g)\nA-1;K\xC3\xA4se;7,90;250\n").unwrap();
    // UTF-16 LE with its mark: FF FE, then each character's two bytes, low first (ä = E4 00).
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    assert_eq!(&bytes[2..6], b"A\x00r\x00");
    assert_eq!(sniff::detect_encoding(&bytes), Encoding::Utf16Le);
    let proposal = propose_mapping(&bytes, "artikel.txt").unwrap();
    assert_eq!(proposal.sniffed.encoding, Encoding::Utf16Le);
    let (workspace, _) =
        import_with_mapping(&Workspace::default(), &bytes, "artikel.txt", &skus_spec(Encoding::Utf16Le), &mut |_| {})
            .unwrap();
    assert_eq!(workspace.skus[0].name, "Käse");
    assert_eq!(workspace.skus[0].unit_cost, Decimal::new(790, 2));
}

#[test]
fn a_bad_cell_is_named_by_the_users_row_column_and_value_and_nothing_is_imported() {
    // Row 1 header, row 2 A-1, row 3 empty, row 4 A-2 with a negative cost,
    // row 5 A-3 with a cost that is not a number in this file's format.
    let bytes = b"Artikelnr;Bezeichnung;Einkaufspreis;Gewicht (g)\nA-1;Tea;7,90;250\n\nA-2;Rice;-3;100\nA-3;Oats;7.90.1,5x;100\n";
    let refused =
        import_with_mapping(&Workspace::default(), bytes, "Artikel.csv", &skus_spec(Encoding::Utf8), &mut |_| {})
            .unwrap_err();
    assert_eq!(refused.total, 2, "{refused}");
    let first = &refused.problems[0];
    assert_eq!(first.file, "Artikel.csv");
    assert_eq!(first.row, Some(4));
    assert_eq!(first.column.as_deref(), Some("Einkaufspreis"));
    assert_eq!(first.value.as_deref(), Some("-3"));
    assert!(first.reason.contains("negative"), "{first}");
    let second = &refused.problems[1];
    assert_eq!(
        (second.row, second.column.as_deref(), second.value.as_deref()),
        (Some(5), Some("Einkaufspreis"), Some("7.90.1,5x"))
    );
    assert!(second.reason.contains("decimal comma"), "{second}");
}

#[test]
fn a_constant_and_a_date_time_cut_to_its_date_fill_stock_lots() {
    let bytes = b"Product,Lot,Quantity,Expiration Date\nA-1,L1,\"1,234.5\",2027-09-30 00:00:00\nA-1,L2,2,\n";
    let workspace = with_locations();
    let skus =
        ImportFile { name: "skus.csv".into(), bytes: b"sku_id,name,unit_cost\nA-1,Tea,1\n".to_vec(), replace: false };
    let workspace = import_csv(&workspace, &[skus], &mut |_| {}).unwrap().0;
    let format = FileFormat {
        encoding: Encoding::Utf8,
        delimiter: Delimiter::Comma,
        numbers: NumberFormat { decimal: DecimalSeparator::Point, thousands: Some(ThousandsSeparator::Comma) },
        date_order: None,
    };
    let spec = MappingSpec::new(
        Table::StockLots,
        format,
        vec![
            column("sku_id", "Product", Transform::None),
            column("lot_id", "Lot", Transform::None),
            column("quantity", "Quantity", Transform::Number),
            column("expiry", "Expiration Date", Transform::Date),
            constant("location_id", "AMS"),
        ],
    );
    let (workspace, _) = import_with_mapping(&workspace, bytes, "quants.csv", &spec, &mut |_| {}).unwrap();
    let lots = &workspace.stock_lots;
    assert_eq!(lots.len(), 2);
    assert_eq!((lots[0].location.as_str(), lots[0].quantity), ("AMS", 1234.5));
    assert_eq!(lots[0].expiry, chrono::NaiveDate::from_ymd_opt(2027, 9, 30));
    assert_eq!((lots[1].quantity, lots[1].expiry), (2.0, None));

    // An unknown location in the constant is the importer's reference
    // problem, told on the user's row with the constant named as such.
    let mut elsewhere = spec.clone();
    elsewhere.fields[4] = constant("location_id", "XYZ");
    let refused = import_with_mapping(&workspace, bytes, "quants.csv", &elsewhere, &mut |_| {}).unwrap_err();
    assert_eq!(refused.problems[0].file, "quants.csv");
    assert_eq!(refused.problems[0].row, Some(2));
    assert_eq!(refused.problems[0].column.as_deref(), Some("location_id (constant)"));
}

#[test]
fn ambiguous_dates_are_asked_about_and_never_guessed() {
    // Every date fits both orders: 03/04 and 05/06 have both parts ≤ 12.
    let bytes = b"sku;location;date;qty\nA-1;AMS;03/04/2026;2\nA-1;AMS;05/06/2026;3\n";
    let proposal = propose_mapping(bytes, "sales.csv").unwrap();
    assert_eq!(proposal.target, Table::Demand);
    assert_eq!(proposal.sniffed.ambiguous_dates, ["date"]);
    assert_eq!(proposal.spec.format.date_order, None);
    assert_eq!(proposal.questions.len(), 1, "{:?}", proposal.questions);
    assert!(proposal.questions[0].contains("03/04/2026"));
    // Applied without an order, each slashed date is a problem at its cell.
    let mapped = apply_mapping(bytes, "sales.csv", &proposal.spec).unwrap();
    let problems: Vec<_> = mapped.problems().collect();
    assert_eq!(problems.len(), 2);
    assert_eq!((problems[0].row, problems[0].column.as_deref()), (Some(2), Some("date")));
    assert!(problems[0].reason.contains("date order"));
    // Once the user says day/month, 03/04/2026 is the 3rd of April.
    let mut spec = proposal.spec.clone();
    spec.format.date_order = Some(DateOrder::DayMonthYear);
    let mapped = apply_mapping(bytes, "sales.csv", &spec).unwrap();
    assert_eq!(mapped.problems().count(), 0);
    let text = String::from_utf8(mapped.file.bytes.clone()).unwrap();
    assert!(text.contains("2026-04-03"), "{text}");
    spec.format.date_order = Some(DateOrder::MonthDayYear);
    let text = String::from_utf8(apply_mapping(bytes, "sales.csv", &spec).unwrap().file.bytes).unwrap();
    assert!(text.contains("2026-03-04"), "{text}");
}

#[test]
fn a_spec_that_does_not_fit_the_file_is_refused_with_every_reason() {
    let mut spec = skus_spec(Encoding::Utf8);
    spec.fields[0] = column("sku_id", "Art.Nr.", Transform::None);
    spec.fields.remove(1); // name, required, no longer filled
    spec.fields.push(constant("colour", "red"));
    let problems = apply_mapping(b"Artikelnr;Einkaufspreis;Gewicht (g)\nA;1;1\n", "a.csv", &spec).unwrap_err();
    let reasons: Vec<&str> = problems.iter().map(|p| p.reason.as_str()).collect();
    assert_eq!(problems.len(), 3, "{reasons:?}");
    assert!(reasons[0].starts_with("the file has no column named \"Art.Nr.\""));
    assert_eq!(problems[0].row, Some(1));
    assert!(reasons[1].starts_with("mapping of colour: SKUs has no such field"));
    assert!(reasons[2].starts_with("nothing fills the required field name"));
}

#[test]
fn transforms_serve_the_presets() {
    let format = FileFormat {
        encoding: Encoding::Utf8,
        delimiter: Delimiter::Comma,
        numbers: NumberFormat::PLAIN,
        date_order: None,
    };
    // Shopify writes local date-times; the date is kept as written.
    assert_eq!(transform_cell("2026-03-02 23:40:58 +0100", &Transform::Date, &format).unwrap(), "2026-03-02");
    assert_eq!(transform_cell("4.20", &Transform::UnitPriceBreak, &format).unwrap(), "1:4.20");
    assert_eq!(transform_cell("", &Transform::Number, &format).unwrap(), "");
    let status = Transform::Lookup {
        values: BTreeMap::from([("archived".to_owned(), "discontinued".to_owned())]),
        otherwise: Some("active".to_owned()),
        closed: false,
    };
    assert_eq!(transform_cell(" Archived ", &status, &format).unwrap(), "discontinued");
    assert_eq!(transform_cell("draft", &status, &format).unwrap(), "active");
    assert!(transform_cell("31/02/2026", &Transform::Date, &format).is_err());
}

#[test]
fn rows_without_a_key_are_skipped_when_the_spec_says_so() {
    // Shopify's image-only rows: a handle and an image, no SKU (row 3).
    let bytes = b"Variant SKU,Title,Cost per item\nA-1,Tea,4.20\n,,\nA-2,Rice,1.10\n,,\n";
    let mut spec = propose_mapping(bytes, "products_export.csv").unwrap().spec;
    let refused = import_with_mapping(&Workspace::default(), bytes, "p.csv", &spec, &mut |_| {});
    assert!(refused.is_ok(), "blank rows are skipped anyway: {refused:?}");
    // A row whose mapped cells are all empty is blank to the importer, but
    // with a constant it is a row without a SKU.
    spec.fields.push(constant("family", "Groceries"));
    let bytes = b"Variant SKU,Title,Cost per item,Image Src\nA-1,Tea,4.20,a.jpg\n,,,b.jpg\n";
    assert!(import_with_mapping(&Workspace::default(), bytes, "p.csv", &spec, &mut |_| {}).is_err());
    spec.skip_rows_without = vec!["variant sku".into()];
    let mapped = apply_mapping(bytes, "p.csv", &spec).unwrap();
    assert_eq!((mapped.rows(), mapped.skipped_rows), (1, 1));
    assert!(import_mapped(&Workspace::default(), &mapped, &spec, &mut |_| {}).is_ok());
}

#[test]
fn the_research_examples_get_the_likely_table_and_fields() {
    let field = |proposal: &Proposal, name: &str| {
        proposal.fields.iter().find(|f| f.field == name).and_then(|f| f.column.clone())
    };
    let odoo =
        propose_mapping(include_bytes!("../../../../docs/examples/imports/odoo-products.csv"), "odoo-products.csv")
            .unwrap();
    assert_eq!(odoo.target, Table::Skus);
    assert_eq!(field(&odoo, "sku_id").as_deref(), Some("Internal Reference"));
    assert_eq!(field(&odoo, "unit_cost").as_deref(), Some("Cost"));
    assert_eq!(field(&odoo, "family").as_deref(), Some("Product Category"));

    let shopify = propose_mapping(
        include_bytes!("../../../../docs/examples/imports/shopify-products-legacy.csv"),
        "products_export.csv",
    )
    .unwrap();
    assert_eq!(shopify.target, Table::Skus);
    assert_eq!(field(&shopify, "sku_id").as_deref(), Some("Variant SKU"));
    assert_eq!(field(&shopify, "name").as_deref(), Some("Title"));
    assert_eq!(field(&shopify, "unit_cost").as_deref(), Some("Cost per item"));
    let sku = shopify.fields.iter().find(|f| f.field == "sku_id").unwrap();
    assert_eq!(sku.confidence, Some(Confidence::Medium));

    let orders =
        propose_mapping(include_bytes!("../../../../docs/examples/imports/shopify-orders.csv"), "orders_export.csv")
            .unwrap();
    assert_eq!(orders.target, Table::Demand);
    assert_eq!(field(&orders, "date").as_deref(), Some("Created at"));
    assert_eq!(field(&orders, "sku_id").as_deref(), Some("Lineitem sku"));
    assert_eq!(field(&orders, "quantity").as_deref(), Some("Lineitem quantity"));

    let quants =
        propose_mapping(include_bytes!("../../../../docs/examples/imports/odoo-stock-quants.csv"), "stock.quant.csv")
            .unwrap();
    assert_eq!(quants.target, Table::StockLots);
    assert_eq!(field(&quants, "lot_id").as_deref(), Some("Lot/Serial Number"));
    assert_eq!(field(&quants, "expiry").as_deref(), Some("Expiration Date"));

    let woo = propose_mapping(
        include_bytes!("../../../../docs/examples/imports/woocommerce-products.csv"),
        "wc-product-export.csv",
    )
    .unwrap();
    assert_eq!(woo.sniffed.encoding, Encoding::Utf8);
    assert_eq!(woo.target, Table::Skus);
    assert_eq!(field(&woo, "sku_id").as_deref(), Some("SKU"), "the BOM is not part of the first header");
}

#[test]
fn the_preview_checks_each_cell_with_the_importers_rules() {
    let bytes = b"Artikelnr;Bezeichnung;Einkaufspreis;Gewicht (g)\nA-1;Tea;7,90;250\nA-2;Rice;-3;100\nA-3;Oats;1;1\n";
    let preview = preview_mapping(&Workspace::default(), bytes, "a.csv", &skus_spec(Encoding::Utf8), 2).unwrap();
    assert_eq!(preview.rows.len(), 2, "only the first two rows");
    assert_eq!(preview.fields, ["sku_id", "name", "unit_cost", "weight_kg", "family"]);
    assert_eq!(preview.sources[2].as_deref(), Some("Einkaufspreis"));
    assert_eq!(preview.sources[4], None);
    assert_eq!((preview.rows[0].cells[2].source.as_str(), preview.rows[0].cells[2].value.as_str()), ("7,90", "7.90"));
    assert!(preview.rows[0].cells.iter().all(|c| c.problems.is_empty()));
    assert_eq!(preview.rows[1].row, 3);
    assert_eq!(preview.rows[1].cells[2].problems.len(), 1, "{:?}", preview.rows[1]);
    assert!(preview.other_problems.is_empty());
}

/// A row rule with `unpivoted_from` tests only the rows `unpivot` read
/// from those columns; naming a column `unpivot` does not read is refused.
#[test]
fn a_rule_may_test_only_the_rows_of_some_unpivoted_columns() {
    let format = FileFormat {
        encoding: Encoding::Utf8,
        delimiter: Delimiter::Comma,
        numbers: NumberFormat::PLAIN,
        date_order: None,
    };
    let mut spec = MappingSpec::new(
        Table::StockLots,
        format,
        vec![
            column("sku_id", "sku", Transform::None),
            constant("location_id", "AMS"),
            column("lot_id", "state", Transform::None),
            column("quantity", "units", Transform::Number),
        ],
    );
    spec.unpivot = Some(Unpivot {
        columns: vec!["A".into(), "B".into()],
        name_column: "state".into(),
        value_column: "units".into(),
    });
    let zero = |unpivoted_from: Vec<String>| RowFilter {
        column: "units".into(),
        when: Match::Equals { values: vec!["0".into()] },
        reason: "zero".into(),
        unpivoted_from,
    };
    let bytes = b"sku,A,B\nS1,0,0\n";
    // Every row: both zeros skipped. Only B's: A's zero stays.
    spec.skip_rows = vec![zero(Vec::new())];
    assert_eq!(apply_mapping(bytes, "s.csv", &spec).unwrap().rows(), 0);
    spec.skip_rows = vec![zero(vec![" b ".into()])];
    let mapped = apply_mapping(bytes, "s.csv", &spec).unwrap();
    assert_eq!((mapped.rows(), mapped.skipped_rows), (1, 1));
    spec.skip_rows = vec![zero(vec!["C".into()])];
    let problems = apply_mapping(bytes, "s.csv", &spec).unwrap_err();
    assert!(problems[0].reason.contains("which unpivot does not read"), "{problems:?}");
}

/// An order export with both what was ordered and what shipped: the
/// ordered quantity is proposed as `requested`, the shipped one as `quantity`.
#[test]
fn an_ordered_quantity_column_is_proposed_as_requested_beside_what_shipped() {
    let text = b"Order date,SKU,Warehouse,Qty shipped,Qty ordered\n2025-01-02,A-1,WH1,3,5\n";
    let proposal = propose_mapping(text, "sales.csv").unwrap();
    assert_eq!(proposal.target, Table::Demand);
    let column = |name: &str| proposal.fields.iter().find(|f| f.field == name).and_then(|f| f.column.clone());
    assert_eq!(column("requested").as_deref(), Some("Qty ordered"));
    assert_eq!(column("quantity").as_deref(), Some("Qty shipped"));
}
