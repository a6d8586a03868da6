//! The built-in import presets (issue 11 §2) end to end: each example
//! export in `docs/examples/imports/` into the demo workspace. Every expected
//! value is worked out by hand from the example file, row by row (the
//! header is row 1), in the comments; the row semantics are those of
//! `docs/research/other-systems-exports.md`.

use std::path::PathBuf;

use chrono::NaiveDate;
use engine::io::mapping::{
    builtin_location_names, builtin_preset, builtin_specs, detect_builtin_preset, import_with_mapping,
    import_with_specs, location_map_problems, preview_with_specs, MappedImport, MappingSpec, PresetOptions,
    PresetParameter, BUILTIN_PRESETS, DEFAULT_LEAD_TIME_DAYS,
};
use engine::io::{export_table, import_csv, ImportFile, ImportRefused, Table};
use engine::Workspace;

fn example(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../docs/examples/imports").join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn sample() -> Workspace {
    engine::sample::demo(NaiveDate::from_ymd_opt(2026, 12, 7).unwrap())
}

fn options(location: Option<&str>, lead_time_days: Option<u32>) -> PresetOptions {
    PresetOptions { location: location.map(str::to_owned), lead_time_days, ..PresetOptions::default() }
}

fn specs(id: &str, bytes: &[u8], file: &str, options: &PresetOptions) -> Vec<MappingSpec> {
    builtin_specs(builtin_preset(id).unwrap(), bytes, file, options).unwrap()
}

fn import(
    workspace: &Workspace,
    id: &str,
    file: &str,
    options: &PresetOptions,
) -> Result<(Workspace, MappedImport), ImportRefused> {
    let bytes = example(file);
    import_with_specs(workspace, &bytes, file, &specs(id, &bytes, file, options), &mut |_| {})
}

/// The exported rows of a table whose cells start with `prefix`.
fn rows(workspace: &Workspace, table: Table, prefix: &str) -> Vec<String> {
    export_table(workspace, table).lines().skip(1).filter(|line| line.starts_with(prefix)).map(str::to_owned).collect()
}

fn report(imported: &MappedImport, table: Table) -> &engine::io::mapping::MappedTableReport {
    imported.reports.iter().find(|r| r.target == table).unwrap()
}

fn skipped(imported: &MappedImport, table: Table) -> Vec<(String, usize, Vec<usize>)> {
    report(imported, table).skipped.iter().map(|s| (s.reason.clone(), s.rows, s.first_rows.clone())).collect()
}

fn table_summary(imported: &MappedImport, table: Table) -> (usize, usize, usize) {
    let t = imported.summary.tables.iter().find(|t| t.table == table).unwrap();
    (t.inserted, t.updated, t.deleted)
}

#[test]
fn each_example_is_recognised_as_its_export() {
    for (file, id) in [
        ("shopify-products.csv", "shopify-products"),
        ("shopify-products-legacy.csv", "shopify-products"),
        ("shopify-orders.csv", "shopify-orders"),
        ("shopify-inventory.csv", "shopify-inventory"),
        ("shopify-inventory-available.csv", "shopify-inventory"),
        ("woocommerce-products-de.csv", "woocommerce-products"),
        ("woocommerce-products.csv", "woocommerce-products"),
        ("woocommerce-products-de-admin.csv", "woocommerce-products"),
        ("odoo-products.csv", "odoo-products"),
        ("odoo-stock-quants.csv", "odoo-stock-quants"),
    ] {
        assert_eq!(detect_builtin_preset(&example(file)).map(|p| p.id), Some(id), "{file}");
    }
    assert_eq!(detect_builtin_preset(&example("lagerbestand.csv")), None);
    assert_eq!(detect_builtin_preset(b"sku_id,name,unit_cost\nA,B,1\n"), None);
}

#[test]
fn shopify_products_feed_skus_suppliers_offers_and_stock_in_one_batch() {
    let (workspace, imported) =
        import(&sample(), "shopify-products", "shopify-products.csv", &options(Some("AMS"), Some(10))).unwrap();
    // Rows 2–11: GLV-100-S/M/L, SAN-500, an image row (6), TAPE-50-BRN, the
    // Clear tape without a SKU (8), GLS-V1, MSK-FFP2, a gift card (11).
    assert_eq!(
        skipped(&imported, Table::Skus),
        [
            ("no SKU (image rows, or variants without a SKU)".to_owned(), 2, vec![6, 8]),
            ("gift cards".to_owned(), 1, vec![11])
        ]
    );
    assert_eq!(table_summary(&imported, Table::Skus), (7, 0, 0));
    // Title and Type carried down the handle; option values appended unless
    // Shopify's "Default Title"; both options of the tape.
    assert_eq!(
        rows(&workspace, Table::Skus, "GLV-100-M,"),
        ["GLV-100-M,\"Nitrile gloves, powder-free - M\",PPE,each,4.20,normal,false,,,active,,"]
    );
    assert!(rows(&workspace, Table::Skus, "SAN-500,")[0].starts_with("SAN-500,Hand sanitiser 500 ml,Hygiene,"));
    assert!(
        rows(&workspace, Table::Skus, "TAPE-50-BRN,")[0].starts_with("TAPE-50-BRN,Packing tape 50 mm - Brown - 66 m,")
    );
    // archived → discontinued, draft → active.
    assert!(rows(&workspace, Table::Skus, "GLS-V1,")[0].ends_with(",discontinued,,"));
    assert!(rows(&workspace, Table::Skus, "MSK-FFP2,")[0].ends_with(",active,,"));
    // Vendor on 7 rows: three suppliers, the other 4 rows combined.
    assert_eq!(table_summary(&imported, Table::Suppliers), (3, 0, 0));
    assert_eq!(report(&imported, Table::Suppliers).combined_rows, 4);
    // Offers at the cost per item as one break, the given lead time.
    let offer = &rows(&workspace, Table::Offers, "Acme Safety GmbH,GLV-100-L,")[0];
    assert!(offer.starts_with("Acme Safety GmbH,GLV-100-L,,1:4.35,"), "{offer}");
    assert_eq!(offer.split(',').nth(8), Some("10"), "{offer}");
    assert_eq!(table_summary(&imported, Table::Offers), (7, 0, 0));
    let assumed = &report(&imported, Table::Offers).assumed;
    assert_eq!(
        (assumed[1].field.as_str(), assumed[1].value.as_str(), assumed[1].new_rows),
        ("lead_time_days", "10", 7)
    );
    // Stock at AMS: 6 tracked variants (MSK-FFP2 row 10 is not tracked).
    assert_eq!(table_summary(&imported, Table::StockLots), (6, 0, 0));
    assert_eq!(rows(&workspace, Table::StockLots, "GLV-100-M,"), ["GLV-100-M,AMS,,310,,,false"]);
    assert!(skipped(&imported, Table::StockLots).contains(&("stock not tracked".to_owned(), 1, vec![10])));
    // What the export cannot supply is listed.
    let offers = report(&imported, Table::Offers);
    assert!(offers.unsupplied.iter().any(|u| u.field == "moq" && u.note.as_deref() == Some("not in a Shopify export")));
}

#[test]
fn the_legacy_shopify_header_gives_the_same_skus() {
    let (workspace, imported) =
        import(&sample(), "shopify-products", "shopify-products-legacy.csv", &options(None, None)).unwrap();
    // Rows 2–9: the image row 6 has no SKU; no gift card; no location, so no stock.
    assert_eq!(
        skipped(&imported, Table::Skus),
        [("no SKU (image rows, or variants without a SKU)".to_owned(), 1, vec![6])]
    );
    assert_eq!(table_summary(&imported, Table::Skus), (7, 0, 0));
    assert!(imported.reports.iter().all(|r| r.target != Table::StockLots));
    assert_eq!(
        rows(&workspace, Table::Skus, "GLV-100-M,"),
        ["GLV-100-M,\"Nitrile gloves, powder-free - M\",PPE,each,4.20,normal,false,,,active,,"]
    );
    // The legacy example's tape has one option only.
    assert!(rows(&workspace, Table::Skus, "TAPE-50-BRN,")[0].starts_with("TAPE-50-BRN,Packing tape 50 mm - Brown,"));
    // No lead time given: the default, 14 days, listed as assumed.
    let offer = &rows(&workspace, Table::Offers, "CleanCo B.V.,SAN-500,")[0];
    assert_eq!(offer.split(',').nth(8), Some("14"), "{offer}");
}

#[test]
fn reimporting_a_products_export_keeps_what_the_buyer_filled_in() {
    let (workspace, _) = import(&sample(), "shopify-products", "shopify-products.csv", &options(None, None)).unwrap();
    // The buyer negotiates breaks and a lead time of 21 days, and marks the SKU critical.
    let buyer = [
        ImportFile {
            name: "offers.csv".into(),
            bytes: b"supplier_id,sku_id,price_breaks,lead_time_days,moq\nAcme Safety GmbH,GLV-100-M,1:4.20|100:3.90,21,50\n"
                .to_vec(),
            replace: false,
        },
        ImportFile { name: "skus.csv".into(), bytes: b"sku_id,name,unit_cost,criticality\nGLV-100-M,Gloves M,4.20,high\n".to_vec(), replace: false },
    ];
    let (workspace, _) = import_csv(&workspace, &buyer, &mut |_| {}).unwrap();
    let (again, imported) =
        import(&workspace, "shopify-products", "shopify-products.csv", &options(None, None)).unwrap();
    assert_eq!(
        rows(&again, Table::Offers, "Acme Safety GmbH,GLV-100-M,"),
        rows(&workspace, Table::Offers, "Acme Safety GmbH,GLV-100-M,"),
        "the negotiated offer is untouched"
    );
    assert!(rows(&again, Table::Offers, "Acme Safety GmbH,GLV-100-M,")[0].contains(",1:4.20|100:3.90,50,1,each,1,21,"));
    // The name comes back from the shop; the criticality stays.
    assert_eq!(
        rows(&again, Table::Skus, "GLV-100-M,"),
        ["GLV-100-M,\"Nitrile gloves, powder-free - M\",PPE,each,4.20,high,false,,,active,,"]
    );
    // Nothing new: no offer took the default lead time this time.
    assert_eq!(report(&imported, Table::Offers).assumed[1].new_rows, 0);
    assert_eq!(table_summary(&imported, Table::Offers), (0, 0, 0));
}

#[test]
fn shopify_orders_become_daily_demand_without_cancelled_orders() {
    let (workspace, _) = import(&sample(), "shopify-products", "shopify-products.csv", &options(None, None)).unwrap();
    let (workspace, imported) =
        import(&workspace, "shopify-orders", "shopify-orders.csv", &options(Some("AMS"), None)).unwrap();
    // #1003 (row 6) was cancelled (and voided); #1002's engraving (row 5) has no SKU.
    assert_eq!(
        skipped(&imported, Table::Demand),
        [
            ("lines without a SKU (custom items, services)".to_owned(), 1, vec![5]),
            ("cancelled orders".to_owned(), 1, vec![6])
        ]
    );
    // #1001 (10) and #1007 (5): the same day 2026-03-02, SKU and channel, at
    // the default location: 15. #1002's second line (row 4) carries the
    // order's date and source down: SAN-500 6 on 2026-03-02. #1004's SAN-500
    // (5) and the refunded #1005 (2, kept: the demand happened) on 2026-03-04: 7.
    // (The demo's own SKUs are SKU-00001…; exported by SKU, location, channel, date.)
    let ours: Vec<String> = rows(&workspace, Table::Demand, "").into_iter().filter(|r| !r.contains(",SKU-")).collect();
    assert_eq!(
        ours,
        [
            "2026-03-02,GLV-100-L,AMS,web,20,false,false,",
            "2026-03-02,GLV-100-M,AMS,web,15,false,false,",
            "2026-03-05,GLV-100-M,Winkel Amsterdam,pos,2,false,false,",
            "2026-03-04,GLV-100-S,AMS,web,4,false,false,",
            "2026-03-02,SAN-500,AMS,web,6,false,false,",
            "2026-03-04,SAN-500,AMS,web,7,false,false,",
        ]
    );
    assert!(rows(&workspace, Table::Demand, "").iter().all(|r| !r.contains("TAPE-50-BRN")), "the cancelled order");
    assert_eq!(report(&imported, Table::Demand).combined_rows, 2);
    // The POS order's location is created.
    assert_eq!(rows(&workspace, Table::Locations, "Winkel Amsterdam,"), ["Winkel Amsterdam,Winkel Amsterdam"]);
}

#[test]
fn a_problem_on_a_combined_row_points_at_its_first_row_and_nothing_is_imported() {
    // Without the products file first, the SKUs are unknown to the demo workspace.
    let before = sample();
    let refused = import(&before, "shopify-orders", "shopify-orders.csv", &options(Some("AMS"), None)).unwrap_err();
    // GLV-100-M on 2026-03-02 is rows 2 and 11 combined: told on row 2.
    let first = &refused.problems[0];
    assert_eq!(first.file, "shopify-orders.csv");
    assert_eq!(first.row, Some(2));
    assert_eq!(first.column.as_deref(), Some("Lineitem sku"));
    assert_eq!(first.value.as_deref(), Some("GLV-100-M"));
    assert!(first.reason.contains("unknown SKU"), "{first}");
    assert_eq!(before, sample(), "the caller's workspace is untouched");
}

#[test]
fn a_broken_cell_is_told_in_the_users_terms_once() {
    // Row 3's cost (GLV-100-M) with a letter O for a zero: read by the SKU's
    // unit cost and by its offer's price break, reported once.
    let text = String::from_utf8(example("shopify-products.csv")).unwrap().replacen(
        "GLV-100-M,4006381333948,,M,,,,,,,,7.90,,4.20",
        "GLV-100-M,4006381333948,,M,,,,,,,,7.90,,4.2O",
        1,
    );
    let bytes = text.into_bytes();
    let specs = specs("shopify-products", &bytes, "products_export.csv", &options(Some("AMS"), None));
    let refused = import_with_specs(&sample(), &bytes, "products_export.csv", &specs, &mut |_| {}).unwrap_err();
    assert_eq!(refused.total, 1, "{refused}");
    assert_eq!(
        refused.problems[0].to_string(),
        "products_export.csv, row 3, column Cost per item, value \"4.2O\": not a number with this file's decimal point: write it like 1234.50"
    );
}

#[test]
fn a_missing_column_names_the_preset_and_the_column() {
    let text = String::from_utf8(example("shopify-products.csv")).unwrap().replacen("Cost per item", "Cost", 1);
    let problems =
        builtin_specs(builtin_preset("shopify-products").unwrap(), text.as_bytes(), "p.csv", &options(None, None))
            .unwrap_err();
    assert_eq!(problems.len(), 1);
    assert_eq!(
        problems[0].to_string(),
        "p.csv, row 1, column Cost per item: the Shopify products export preset needs the column \"Cost per item\" and the file has none"
    );
    let orders = builtin_specs(
        builtin_preset("shopify-orders").unwrap(),
        &example("shopify-orders.csv"),
        "o.csv",
        &options(None, None),
    );
    assert!(orders.unwrap_err()[0].reason.ends_with("give the location they ship from"));
    assert!(builtin_preset("shopify-orders").unwrap().requires(PresetParameter::Location));
}

/// The app and the command line show the same preset texts, so they name
/// what is asked for, not a front end's control (`--lead-time-days` meant
/// nothing on the page).
#[test]
fn preset_texts_name_no_command_line_flag() {
    for preset in BUILTIN_PRESETS {
        for text in preset.not_supplied {
            assert!(!text.contains("--"), "{}: {text}", preset.id);
        }
    }
    let products = builtin_preset("shopify-products").unwrap();
    assert!(products.not_supplied[0].contains(&format!("{DEFAULT_LEAD_TIME_DAYS} days unless another is given")));
}

#[test]
fn shopify_inventory_is_stock_per_location() {
    let (workspace, _) = import(&sample(), "shopify-products", "shopify-products.csv", &options(None, None)).unwrap();
    let (workspace, imported) =
        import(&workspace, "shopify-inventory", "shopify-inventory.csv", &options(None, None)).unwrap();
    // Row 7: GLV-100-L "not stocked" at Winkel Amsterdam; row 11: no SKU.
    // Unavailable is 0 on rows 2, 3, 5, 6, 9 and 10 and the workspace has no
    // UNAVAILABLE lot there: none is made.
    assert_eq!(
        skipped(&imported, Table::StockLots),
        [
            ("not stocked at the location".to_owned(), 1, vec![7]),
            ("no SKU".to_owned(), 1, vec![11]),
            (
                "their Unavailable of 0 makes no UNAVAILABLE lot (one the workspace has is set to 0); the rest of these rows is imported".to_owned(),
                6,
                vec![2, 3, 5, 6, 9, 10]
            ),
        ]
    );
    // Eight ordinary lots (rows 2-6, 8-10) and two UNAVAILABLE ones (rows 4, 8).
    assert_eq!(table_summary(&imported, Table::StockLots), (10, 0, 0));
    // Row 4: On hand 310 = Available 280 + Committed 20 + Unavailable 10:
    // 300 in the ordinary lot, 10 quarantined. Row 5: 22 + 2 = 24.
    assert_eq!(
        rows(&workspace, Table::StockLots, "GLV-100-M,"),
        [
            "GLV-100-M,Magazijn Utrecht,,300,,,false",
            "GLV-100-M,Magazijn Utrecht,UNAVAILABLE,10,,,true",
            "GLV-100-M,Winkel Amsterdam,,24,,,false"
        ]
    );
    // Row 8: 48 = 31 + 11 + 6.
    assert_eq!(
        rows(&workspace, Table::StockLots, "SAN-500,Magazijn"),
        ["SAN-500,Magazijn Utrecht,,42,,,false", "SAN-500,Magazijn Utrecht,UNAVAILABLE,6,,,true"]
    );
    // Oversold GLV-100-L (Available -20, Committed 20, On hand 0): a lot of 0.
    assert_eq!(rows(&workspace, Table::StockLots, "GLV-100-L,"), ["GLV-100-L,Magazijn Utrecht,,0,,,false"]);
    assert_eq!(table_summary(&imported, Table::Locations), (2, 0, 0));
    // Each row's Available and Committed making one lot is no combining of rows.
    assert_eq!(report(&imported, Table::StockLots).combined_rows, 0);
    assert!(report(&imported, Table::StockLots).notes[0].starts_with("stock is Shopify's On hand less Unavailable"));

    // Committed → allocated: rows 2 (4), 4 (20), 5 (2), 6 (20, GLV-100-L
    // oversold at Utrecht) and 8 (11). Rows 3, 9 and 10 commit 0 and the
    // workspace has no commitment there: none is added.
    assert_eq!(table_summary(&imported, Table::Commitments), (5, 0, 0));
    assert_eq!(
        rows(&workspace, Table::Commitments, "GLV-100-"),
        [
            "GLV-100-L,Magazijn Utrecht,0,20",
            "GLV-100-M,Magazijn Utrecht,0,20",
            "GLV-100-M,Winkel Amsterdam,0,2",
            "GLV-100-S,Magazijn Utrecht,0,4"
        ]
    );
    assert_eq!(rows(&workspace, Table::Commitments, "SAN-500,"), ["SAN-500,Magazijn Utrecht,0,11"]);
    let commitments = report(&imported, Table::Commitments);
    assert_eq!(commitments.rows, 5);
    assert_eq!(
        skipped(&imported, Table::Commitments),
        [
            ("not stocked at the location".to_owned(), 1, vec![7]),
            ("no SKU".to_owned(), 1, vec![11]),
            (
                "nothing committed and no commitment to clear (a commitment the workspace has is set to 0)".to_owned(),
                3,
                vec![3, 9, 10]
            ),
        ]
    );
}

/// Next month's inventory export: what Shopify says replaces what the
/// workspace had (stock lots and allocated by key), nothing is added up,
/// and a commitment that fell to 0 is cleared while the buyer's backorders
/// stay.
#[test]
fn reimporting_next_months_inventory_replaces_rather_than_adds() {
    let (workspace, _) = import(&sample(), "shopify-products", "shopify-products.csv", &options(None, None)).unwrap();
    let (workspace, _) =
        import(&workspace, "shopify-inventory", "shopify-inventory.csv", &options(None, None)).unwrap();
    // The buyer notes 5 units backordered on GLV-100-S at Utrecht.
    let backorders = ImportFile {
        name: "commitments.csv".into(),
        bytes: b"sku_id,location_id,backorders
GLV-100-S,Magazijn Utrecht,5
"
        .to_vec(),
        replace: false,
    };
    let workspace = import_csv(&workspace, &[backorders], &mut |_| {}).unwrap().0;
    assert_eq!(rows(&workspace, Table::Commitments, "GLV-100-S,"), ["GLV-100-S,Magazijn Utrecht,5,4"]);
    let next = "Handle,Title,Option1 Name,Option1 Value,Option2 Name,Option2 Value,Option3 Name,Option3 Value,SKU,HS Code,COO,Location,Bin name,Incoming (not editable),Unavailable (not editable),Committed (not editable),Available (not editable),On hand (current),On hand (new)\n\
        g,Gloves,Size,S,,,,,GLV-100-S,,,Magazijn Utrecht,,0,0,0,90,90,\n\
        g,Gloves,Size,M,,,,,GLV-100-M,,,Magazijn Utrecht,,0,0,20,280,300,\n\
        s,Sanitiser,Title,Default Title,,,,,SAN-500,,,Winkel Amsterdam,,0,0,3,6,9,\n";
    let specs = specs("shopify-inventory", next.as_bytes(), "inventory.csv", &options(None, None));
    let (after, imported) =
        import_with_specs(&workspace, next.as_bytes(), "inventory.csv", &specs, &mut |_| {}).unwrap();
    // Stock: 120 → 90 at Utrecht (not 210); GLV-100-M's ordinary lot stays
    // 300 (280 + 20, was 280 + 20 + 10 less the 10 unavailable) and its
    // UNAVAILABLE lot of 10 is emptied by the 0; SAN-500 at Amsterdam
    // stays 9 (6 + 3). Lots the file does not name are left alone.
    assert_eq!(rows(&after, Table::StockLots, "GLV-100-S,Magazijn"), ["GLV-100-S,Magazijn Utrecht,,90,,,false"]);
    assert_eq!(
        rows(&after, Table::StockLots, "GLV-100-M,Magazijn"),
        ["GLV-100-M,Magazijn Utrecht,,300,,,false", "GLV-100-M,Magazijn Utrecht,UNAVAILABLE,0,,,true"]
    );
    assert_eq!(rows(&after, Table::StockLots, "SAN-500,Winkel"), ["SAN-500,Winkel Amsterdam,,9,,,false"]);
    assert_eq!(table_summary(&imported, Table::StockLots), (0, 2, 0));
    // GLV-100-S committed 0: its commitment is cleared (allocated 4 → 0), the
    // backorders stay; GLV-100-M's 20 is unchanged; SAN-500 at Amsterdam
    // commits 3 for the first time.
    assert_eq!(rows(&after, Table::Commitments, "GLV-100-S,"), ["GLV-100-S,Magazijn Utrecht,5,0"]);
    assert_eq!(rows(&after, Table::Commitments, "GLV-100-M,Magazijn"), ["GLV-100-M,Magazijn Utrecht,0,20"]);
    assert_eq!(
        rows(&after, Table::Commitments, "SAN-500,"),
        ["SAN-500,Magazijn Utrecht,0,11", "SAN-500,Winkel Amsterdam,0,3"]
    );
    let summary = imported.summary.tables.iter().find(|t| t.table == Table::Commitments).unwrap();
    assert_eq!((summary.inserted, summary.updated, summary.unchanged), (1, 1, 1));
    // Importing the same file again changes nothing.
    let (again, imported) = import_with_specs(&after, next.as_bytes(), "inventory.csv", &specs, &mut |_| {}).unwrap();
    assert_eq!(export_table(&again, Table::Commitments), export_table(&after, Table::Commitments));
    assert_eq!(export_table(&again, Table::StockLots), export_table(&after, Table::StockLots));
    assert_eq!(table_summary(&imported, Table::Commitments), (0, 0, 0));
}

/// "Only Available quantities": Shopify writes the Available quantity
/// under each location's name, a column per location (the example file
/// carries the Available values of `shopify-inventory.csv`).
#[test]
fn an_only_available_export_reads_a_column_per_location_as_available_stock() {
    let bytes = example("shopify-inventory-available.csv");
    assert_eq!(detect_builtin_preset(&bytes).map(|p| p.id), Some("shopify-inventory"));
    let (workspace, _) = import(&sample(), "shopify-products", "shopify-products.csv", &options(None, None)).unwrap();
    let (workspace, imported) =
        import(&workspace, "shopify-inventory", "shopify-inventory-available.csv", &options(None, None)).unwrap();
    // Row 4: GLV-100-L oversold at Utrecht (-20), not stocked at Amsterdam;
    // row 6: TAPE-50-BRN not stocked at Amsterdam; row 7: no SKU (both columns).
    assert_eq!(
        skipped(&imported, Table::StockLots),
        [
            ("negative quantity (oversold): no stock is recorded for them".to_owned(), 1, vec![4]),
            ("not stocked at the location".to_owned(), 2, vec![4, 6]),
            ("no SKU".to_owned(), 1, vec![7]),
        ]
    );
    // 116 + 15, 280 + 22, 31 + 9, 400: seven lots.
    assert_eq!(table_summary(&imported, Table::StockLots), (7, 0, 0));
    assert_eq!(
        rows(&workspace, Table::StockLots, "GLV-100-M,"),
        ["GLV-100-M,Magazijn Utrecht,,280,,,false", "GLV-100-M,Winkel Amsterdam,,22,,,false"]
    );
    assert_eq!(rows(&workspace, Table::StockLots, "TAPE-50-BRN,"), ["TAPE-50-BRN,Magazijn Utrecht,,400,,,false"]);
    assert_eq!(table_summary(&imported, Table::Locations), (2, 0, 0));
    // No Committed column: no commitments; the report says what stock means.
    assert!(imported.reports.iter().all(|r| r.target != Table::Commitments));
    let notes = &report(&imported, Table::StockLots).notes;
    assert!(notes[0].starts_with("stock is Shopify's Available quantity, not On hand"), "{notes:?}");

    // A bad cell names the location's own column.
    let bad = "Handle,Title,Option1 Name,Option1 Value,SKU,Magazijn Utrecht,Winkel Amsterdam\ng,Gloves,Size,S,GLV-100-S,12,twelve\n";
    let refused = import_with_specs(
        &workspace,
        bad.as_bytes(),
        "inv.csv",
        &specs("shopify-inventory", bad.as_bytes(), "inv.csv", &options(None, None)),
        &mut |_| {},
    )
    .unwrap_err();
    assert_eq!(refused.total, 1, "{refused:?}");
    let problem = &refused.problems[0];
    assert_eq!(
        (problem.row, problem.column.as_deref(), problem.value.as_deref()),
        (Some(2), Some("Winkel Amsterdam"), Some("twelve"))
    );
}

#[test]
fn a_row_per_location_with_available_and_no_on_hand_is_available_stock() {
    let (workspace, _) = import(&sample(), "shopify-products", "shopify-products.csv", &options(None, None)).unwrap();
    let text = "Handle,Title,Option1 Name,Option1 Value,Option2 Name,Option2 Value,Option3 Name,Option3 Value,SKU,HS Code,COO,Location,Available\n\
        g,Gloves,Size,S,,,,,GLV-100-S,,,Magazijn Utrecht,116\n";
    let specs = specs("shopify-inventory", text.as_bytes(), "inv.csv", &options(None, None));
    let (after, imported) = import_with_specs(&workspace, text.as_bytes(), "inv.csv", &specs, &mut |_| {}).unwrap();
    assert_eq!(rows(&after, Table::StockLots, "GLV-100-S,"), ["GLV-100-S,Magazijn Utrecht,,116,,,false"]);
    assert!(report(&imported, Table::StockLots).notes[0].starts_with("stock is Shopify's Available quantity"));
    assert!(imported.reports.iter().all(|r| r.target != Table::Commitments));
}

const ALL_QUANTITY_TYPES: &str = "Handle,Title,Option1 Name,Option1 Value,Option2 Name,Option2 Value,Option3 Name,Option3 Value,SKU,HS Code,COO,Location,Bin name,Incoming (not editable),Unavailable (not editable),Committed (not editable),Available (not editable),On hand (current),On hand (new)\n";

/// "All quantity types": Shopify's On hand is Available + Committed +
/// Unavailable; the Unavailable units are a quarantined lot UNAVAILABLE and
/// the ordinary lot holds the rest. Expectations worked out by hand.
#[test]
fn unavailable_units_are_a_quarantined_lot_of_their_own() {
    let (workspace, _) = import(&sample(), "shopify-products", "shopify-products.csv", &options(None, None)).unwrap();
    let first = format!(
        "{ALL_QUANTITY_TYPES}\
        g,Gloves,Size,S,,,,,GLV-100-S,,,Magazijn Utrecht,,0,2,3,5,10,\n\
        g,Gloves,Size,L,,,,,GLV-100-L,,,Magazijn Utrecht,,0,0,20,-20,0,\n\
        s,Sanitiser,Title,Default Title,,,,,SAN-500,,,Winkel Amsterdam,,0,0,0,9,9,\n"
    );
    let first_specs = specs("shopify-inventory", first.as_bytes(), "inventory.csv", &options(None, None));
    assert_eq!(first_specs.iter().filter(|s| s.target == Table::StockLots).count(), 1, "one stock-lot mapping");
    let (after, imported) =
        import_with_specs(&workspace, first.as_bytes(), "inventory.csv", &first_specs, &mut |_| {}).unwrap();
    // Row 2: On hand 10 = Available 5 + Committed 3 + Unavailable 2: an
    // ordinary lot of 8, not quarantined, and UNAVAILABLE 2, quarantined.
    assert_eq!(
        rows(&after, Table::StockLots, "GLV-100-S,Magazijn"),
        ["GLV-100-S,Magazijn Utrecht,,8,,,false", "GLV-100-S,Magazijn Utrecht,UNAVAILABLE,2,,,true"]
    );
    // Row 3, oversold: -20 + 20 = 0, a lot of 0 (the variant stays in the
    // plan); Unavailable 0 on a fresh workspace makes no UNAVAILABLE lot.
    assert_eq!(rows(&after, Table::StockLots, "GLV-100-L,"), ["GLV-100-L,Magazijn Utrecht,,0,,,false"]);
    // Row 4: nothing committed or unavailable: 9, as On hand says.
    assert_eq!(rows(&after, Table::StockLots, "SAN-500,Winkel"), ["SAN-500,Winkel Amsterdam,,9,,,false"]);
    assert_eq!(table_summary(&imported, Table::StockLots), (4, 0, 0));
    assert_eq!(
        skipped(&imported, Table::StockLots),
        [(
            "their Unavailable of 0 makes no UNAVAILABLE lot (one the workspace has is set to 0); the rest of these rows is imported".to_owned(),
            2,
            vec![3, 4]
        )]
    );
    // Commitments as before: Committed 3 and 20; SAN-500's 0 adds none.
    assert_eq!(rows(&after, Table::Commitments, "GLV-100-S,"), ["GLV-100-S,Magazijn Utrecht,0,3"]);
    assert_eq!(rows(&after, Table::Commitments, "GLV-100-L,"), ["GLV-100-L,Magazijn Utrecht,0,20"]);
    assert!(rows(&after, Table::Commitments, "SAN-500,Winkel").is_empty());

    // Next month: nothing unavailable any more: the UNAVAILABLE lot is
    // emptied, the ordinary lot is 7 + 3 = 10.
    let next = format!("{ALL_QUANTITY_TYPES}g,Gloves,Size,S,,,,,GLV-100-S,,,Magazijn Utrecht,,0,0,3,7,10,\n");
    let next_specs = specs("shopify-inventory", next.as_bytes(), "inventory.csv", &options(None, None));
    let (again, imported) =
        import_with_specs(&after, next.as_bytes(), "inventory.csv", &next_specs, &mut |_| {}).unwrap();
    assert_eq!(
        rows(&again, Table::StockLots, "GLV-100-S,Magazijn"),
        ["GLV-100-S,Magazijn Utrecht,,10,,,false", "GLV-100-S,Magazijn Utrecht,UNAVAILABLE,0,,,true"]
    );
    assert_eq!(table_summary(&imported, Table::StockLots), (0, 2, 0));
    assert!(skipped(&imported, Table::StockLots).is_empty());
}

/// Without an Unavailable column (or without Available or Committed) the
/// stock stays On hand in one lot, as before the split.
#[test]
fn without_an_unavailable_column_the_stock_is_on_hand() {
    let (workspace, _) = import(&sample(), "shopify-products", "shopify-products.csv", &options(None, None)).unwrap();
    for header in [
        "Handle,Title,Option1 Name,Option1 Value,SKU,Location,Committed (not editable),Available (not editable),On hand (current)\n",
        "Handle,Title,Option1 Name,Option1 Value,SKU,Location,Unavailable (not editable),Committed (not editable),On hand (current)\n",
    ] {
        // On hand 10; the 2 unavailable units (if any) are not told apart.
        let row = if header.contains("Unavailable") { "g,Gloves,Size,S,GLV-100-S,Magazijn Utrecht,2,3,10\n" } else { "g,Gloves,Size,S,GLV-100-S,Magazijn Utrecht,3,5,10\n" };
        let text = format!("{header}{row}");
        let specs = specs("shopify-inventory", text.as_bytes(), "inv.csv", &options(None, None));
        let (after, imported) = import_with_specs(&workspace, text.as_bytes(), "inv.csv", &specs, &mut |_| {}).unwrap();
        assert_eq!(rows(&after, Table::StockLots, "GLV-100-S,Magazijn"), ["GLV-100-S,Magazijn Utrecht,,10,,,false"], "{header}");
        assert_eq!(report(&imported, Table::StockLots).notes[0], "stock is Shopify's On hand: every unit at the location, committed and unavailable ones included");
        assert_eq!(rows(&after, Table::Commitments, "GLV-100-S,"), ["GLV-100-S,Magazijn Utrecht,0,3"]);
    }
}

fn mapped(pairs: &[(&str, &str)]) -> PresetOptions {
    let location_map = pairs.iter().map(|(from, to)| ((*from).to_owned(), (*to).to_owned())).collect();
    PresetOptions { location_map, ..PresetOptions::default() }
}

#[test]
fn a_location_map_puts_the_files_locations_onto_the_workspaces() {
    let (workspace, _) = import(&sample(), "shopify-products", "shopify-products.csv", &options(None, None)).unwrap();
    let locations_before = rows(&workspace, Table::Locations, "");
    let map = mapped(&[("magazijn utrecht ", "RTM"), ("Winkel Amsterdam", "AMS")]);
    let (after, imported) = import(&workspace, "shopify-inventory", "shopify-inventory.csv", &map).unwrap();
    // No location is created; the names are compared ignoring case and spaces.
    assert_eq!(rows(&after, Table::Locations, ""), locations_before);
    assert!(imported.reports.iter().all(|r| r.target != Table::Locations));
    assert_eq!(rows(&after, Table::StockLots, "GLV-100-M,AMS,"), ["GLV-100-M,AMS,,24,,,false"]);
    // Row 4: 310 on hand, 10 of them unavailable.
    assert_eq!(
        rows(&after, Table::StockLots, "GLV-100-M,RTM,"),
        ["GLV-100-M,RTM,,300,,,false", "GLV-100-M,RTM,UNAVAILABLE,10,,,true"]
    );
    assert_eq!(rows(&after, Table::Commitments, "GLV-100-M,"), ["GLV-100-M,AMS,0,2", "GLV-100-M,RTM,0,20"]);

    // A name the map lacks: one problem for all its rows (3, 5, 9; row 7 is
    // not stocked and skipped before), at its first row, naming the map.
    let partial = mapped(&[("Magazijn Utrecht", "RTM")]);
    let refused = import(&workspace, "shopify-inventory", "shopify-inventory.csv", &partial).unwrap_err();
    assert_eq!(refused.total, 1, "{:?}", refused.problems);
    let problem = &refused.problems[0];
    assert_eq!(
        (problem.file.as_str(), problem.row, problem.column.as_deref(), problem.value.as_deref()),
        ("shopify-inventory.csv", Some(3), Some("Location"), Some("Winkel Amsterdam"))
    );
    assert_eq!(
        problem.reason,
        "\"Winkel Amsterdam\" is not mapped; the map has \"Magazijn Utrecht\" → RTM: add it to the map (2 more rows have this value)"
    );

    // In the column-per-location layout the unmapped name is the column's own header.
    let refused = import(&workspace, "shopify-inventory", "shopify-inventory-available.csv", &partial).unwrap_err();
    assert_eq!(refused.total, 1, "{:?}", refused.problems);
    let problem = &refused.problems[0];
    assert_eq!(
        (problem.row, problem.column.as_deref(), problem.value.as_deref()),
        (Some(2), Some("Winkel Amsterdam"), Some("Winkel Amsterdam"))
    );

    // A target that is not a location of the workspace is said once, with
    // the locations to choose from; the importer refuses it too.
    let typo = mapped(&[("Magazijn Utrecht", "UTR"), ("Winkel Amsterdam", "AMS")]);
    let problems = location_map_problems(&workspace, "shopify-inventory.csv", &typo.location_map);
    assert_eq!(problems.len(), 1);
    assert_eq!(
        problems[0].reason,
        "the location map sends \"Magazijn Utrecht\" to UTR, which is not a location of the workspace; the workspace's locations are AMS, EIN, RTM"
    );
    let refused = import(&workspace, "shopify-inventory", "shopify-inventory.csv", &typo).unwrap_err();
    assert!(refused.problems.iter().all(|p| p.reason.contains("unknown location")), "{:?}", refused.problems);
}

/// The names the app lists for the user to map: each distinct name in the
/// file's order, read from the rows (or, in the column-per-location layout,
/// the header); none for a preset that takes one location from the user.
#[test]
fn the_location_names_a_file_holds_are_listed_once_in_its_order() {
    let names = |id: &str, file: &str| builtin_location_names(builtin_preset(id).unwrap(), &example(file));
    assert_eq!(names("shopify-inventory", "shopify-inventory.csv"), ["Magazijn Utrecht", "Winkel Amsterdam"]);
    assert_eq!(names("shopify-inventory", "shopify-inventory-available.csv"), ["Magazijn Utrecht", "Winkel Amsterdam"]);
    // Rows 2, 3, 8 and 10 first name each location.
    assert_eq!(
        names("odoo-stock-quants", "odoo-stock-quants.csv"),
        ["WH/Stock", "WH/Stock/Shelf 2", "WH/Quality Control", "AMS/Stock"]
    );
    assert!(names("shopify-products", "shopify-products.csv").is_empty());
    assert!(names("woocommerce-products", "woocommerce-products.csv").is_empty());
    // Case and spaces do not make a second name; partner locations are left out.
    let quants = "Location,Product,Quantity\nWH/Stock,[A] a,1\n wh/stock ,[B] b,2\nPartners/Customers,[A] a,3\n";
    assert_eq!(builtin_location_names(builtin_preset("odoo-stock-quants").unwrap(), quants.as_bytes()), ["WH/Stock"]);
}

/// A name mapped onto itself is kept as a location of its own, created
/// when new, while the other names go onto the workspace's locations.
#[test]
fn a_location_map_may_keep_a_name_as_a_new_location() {
    let (workspace, _) = import(&sample(), "shopify-products", "shopify-products.csv", &options(None, None)).unwrap();
    let map = mapped(&[("Magazijn Utrecht", "Magazijn Utrecht"), ("Winkel Amsterdam", "AMS")]);
    assert!(location_map_problems(&workspace, "shopify-inventory.csv", &map.location_map).is_empty());
    let (after, imported) = import(&workspace, "shopify-inventory", "shopify-inventory.csv", &map).unwrap();
    // One location created (Utrecht, named as its id); AMS already exists.
    assert_eq!(table_summary(&imported, Table::Locations), (1, 0, 0));
    assert_eq!(rows(&after, Table::Locations, "Magazijn Utrecht,"), ["Magazijn Utrecht,Magazijn Utrecht"]);
    // Row 3: GLV-100-S at Winkel Amsterdam, 15 on hand; row 2: 120 at Utrecht.
    assert_eq!(rows(&after, Table::StockLots, "GLV-100-S,AMS,"), ["GLV-100-S,AMS,,15,,,false"]);
    assert_eq!(
        rows(&after, Table::StockLots, "GLV-100-S,Magazijn Utrecht,"),
        ["GLV-100-S,Magazijn Utrecht,,120,,,false"]
    );
    assert!(rows(&after, Table::Locations, "Winkel").is_empty());
    // Only-Available layout: the same, Utrecht's column read as its own location.
    let (after, _) = import(&workspace, "shopify-inventory", "shopify-inventory-available.csv", &map).unwrap();
    assert_eq!(rows(&after, Table::StockLots, "GLV-100-S,AMS,"), ["GLV-100-S,AMS,,15,,,false"]);
    assert_eq!(
        rows(&after, Table::StockLots, "GLV-100-S,Magazijn Utrecht,"),
        ["GLV-100-S,Magazijn Utrecht,,116,,,false"]
    );
    // A name still unmapped is refused as before: no location created for it.
    let partial = mapped(&[("Magazijn Utrecht", "Magazijn Utrecht")]);
    let refused = import(&workspace, "shopify-inventory", "shopify-inventory.csv", &partial).unwrap_err();
    assert!(
        refused.problems.iter().all(|p| p.reason.contains("\"Winkel Amsterdam\" is not mapped")),
        "{:?}",
        refused.problems
    );
}

#[test]
fn a_location_map_reads_odoo_locations_and_sums_what_lands_on_one() {
    let (workspace, _) = import(&sample(), "odoo-products", "odoo-products.csv", &options(None, None)).unwrap();
    let map = mapped(&[
        ("WH/Stock", "AMS"),
        ("WH/Stock/Shelf 2", "AMS"),
        ("WH/Quality Control", "RTM"),
        ("AMS/Stock", "EIN"),
    ]);
    let (after, _) = import(&workspace, "odoo-stock-quants", "odoo-stock-quants.csv", &map).unwrap();
    // Rows 2 (310, WH/Stock) and 3 (24, WH/Stock/Shelf 2) are both AMS and
    // the same lot: one lot of 334.
    assert_eq!(rows(&after, Table::StockLots, "GLV-100-M,AMS,"), ["GLV-100-M,AMS,,334,2026-02-10,,false"]);
    assert_eq!(
        rows(&after, Table::StockLots, "SAN-500,RTM,L2502,"),
        ["SAN-500,RTM,L2502,6,2026-02-25,2028-02-29,false"]
    );
    assert_eq!(rows(&after, Table::StockLots, "TAPE-50,EIN,"), ["TAPE-50,EIN,,120,2026-01-20,,false"]);
}

/// A German shop's WooCommerce export (`woocommerce-products-de.csv`):
/// prices with the shop's decimal comma (`"12,50"`, as
/// `wc_format_localized_price` writes them), every other number with a
/// point. The prices are not read; cost, weight and stock are.
#[test]
fn a_german_woocommerce_export_reads_its_numbers_right() {
    let (workspace, imported) =
        import(&sample(), "woocommerce-products", "woocommerce-products-de.csv", &options(Some("AMS"), None)).unwrap();
    // Cost of goods 4.1, 3.35, 0.95 (not 12.50, 7.90, 2.10); Weight (kg) 0.54, 0.65, 0.18.
    assert_eq!(
        rows(&workspace, Table::Skus, "SAN-500-DE,"),
        ["SAN-500-DE,Handdesinfektion 500 ml,Hygiene,each,4.1,normal,false,,,active,0.54,"]
    );
    assert_eq!(
        rows(&workspace, Table::Skus, "GLV-200-M,"),
        ["GLV-200-M,\"Nitrilhandschuhe, puderfrei (M)\",PSA > Handschuhe,each,3.35,normal,false,,,active,0.65,"]
    );
    assert_eq!(rows(&workspace, Table::Skus, "TAPE-66,")[0].split(',').nth(4), Some("0.95"));
    // Row 5 is a virtual service; TAPE-66 (row 4) does not manage stock.
    assert_eq!(table_summary(&imported, Table::Skus), (3, 0, 0));
    assert_eq!(rows(&workspace, Table::StockLots, "GLV-200-M,"), ["GLV-200-M,AMS,,1250,,,false"]);
    assert_eq!(rows(&workspace, Table::StockLots, "SAN-500-DE,"), ["SAN-500-DE,AMS,,48,,,false"]);
    assert_eq!(table_summary(&imported, Table::StockLots), (2, 0, 0));

    // The same shop's file after a spreadsheet re-saved it: semicolons,
    // decimal commas everywhere, weights in grams.
    let resaved = "ID;Type;SKU;Name;Stock;Weight (g);Regular price;Cost of goods;Parent\n\
        201;simple;SAN-500-DE;Handdesinfektion 500 ml;48;540;12,50;4,10;\n\
        202;simple;GLV-200-M;Nitrilhandschuhe M;1250;650,5;7,90;3,35;\n";
    let specs = specs("woocommerce-products", resaved.as_bytes(), "de.csv", &options(None, None));
    let (after, imported) = import_with_specs(&sample(), resaved.as_bytes(), "de.csv", &specs, &mut |_| {}).unwrap();
    // 4,10 → 4.10; 540 g → 0.54 kg; 650,5 g → 0.6505 kg.
    assert_eq!(
        rows(&after, Table::Skus, "SAN-500-DE,"),
        ["SAN-500-DE,Handdesinfektion 500 ml,,each,4.10,normal,false,,,active,0.54,"]
    );
    assert_eq!(rows(&after, Table::Skus, "GLV-200-M,")[0].split(',').nth(10), Some("0.6505"));
    let assumed = &report(&imported, Table::Skus).assumed;
    assert_eq!(
        assumed.iter().map(|a| (a.field.as_str(), a.value.as_str())).collect::<Vec<_>>(),
        [("weight_kg", "from Weight (g)")]
    );

    // Two read columns that disagree on the decimal mark are refused before
    // anything is read.
    let mixed = "ID,Type,SKU,Name,Stock,Weight (kg),Cost of goods,Parent\n1,simple,A,A,1,0.54,\"4,10\",\n";
    let problems = builtin_specs(
        builtin_preset("woocommerce-products").unwrap(),
        mixed.as_bytes(),
        "mixed.csv",
        &options(None, None),
    )
    .unwrap_err();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].reason.contains("\"Cost of goods\" and \"Weight (kg)\""), "{}", problems[0].reason);
}

/// A German admin's export: WooCommerce translates its column names
/// (de_DE: Typ, Artikelnummer, Lager, Übergeordnetes Produkt, Kategorien,
/// Gewicht (g), Warenkosten); the values stay as WooCommerce stores them.
#[test]
fn a_german_admins_woocommerce_export_with_german_headers_imports() {
    let bytes = example("woocommerce-products-de-admin.csv");
    assert_eq!(detect_builtin_preset(&bytes).map(|p| p.id), Some("woocommerce-products"));
    let (workspace, imported) =
        import(&sample(), "woocommerce-products", "woocommerce-products-de-admin.csv", &options(Some("AMS"), None))
            .unwrap();
    // Row 3 is the variable parent GLV-200 and row 7 a virtual service:
    // skipped. SKUs from rows 2, 4, 5 and 6.
    assert_eq!(table_summary(&imported, Table::Skus), (4, 0, 0));
    assert!(rows(&workspace, Table::Skus, "GLV-200,").is_empty());
    assert!(rows(&workspace, Table::Skus, "SVC-FIT-DE,").is_empty());
    // Row 2: Warenkosten 4.1 (not the Regulärer Preis 12,50), Kategorien
    // Hygiene, Gewicht (g) 540 → 0.54 kg.
    assert_eq!(
        rows(&workspace, Table::Skus, "SAN-500-DE,"),
        ["SAN-500-DE,Handdesinfektion 500 ml,Hygiene,each,4.1,normal,false,,,active,0.54,"]
    );
    // Rows 4 and 5: variations (no Kategorien, no Gewicht), Warenkosten
    // 3.35; row 6: 0.95, Verpackung, 180 g → 0.18 kg.
    assert_eq!(
        rows(&workspace, Table::Skus, "GLV-200-M,"),
        ["GLV-200-M,\"Nitrilhandschuhe, puderfrei - M\",,each,3.35,normal,false,,,active,,"]
    );
    assert_eq!(
        rows(&workspace, Table::Skus, "GLV-200-L,"),
        ["GLV-200-L,\"Nitrilhandschuhe, puderfrei - L\",,each,3.35,normal,false,,,active,,"]
    );
    assert_eq!(
        rows(&workspace, Table::Skus, "TAPE-66,"),
        ["TAPE-66,Packband 66 m,Verpackung,each,0.95,normal,false,,,active,0.18,"]
    );
    // Lager: 48 (row 2) and 1250 (row 4) at AMS; row 5's `parent` and row
    // 6's empty Lager (stock not managed) give no lot.
    assert_eq!(rows(&workspace, Table::StockLots, "SAN-500-DE,"), ["SAN-500-DE,AMS,,48,,,false"]);
    assert_eq!(rows(&workspace, Table::StockLots, "GLV-200-M,"), ["GLV-200-M,AMS,,1250,,,false"]);
    assert!(rows(&workspace, Table::StockLots, "GLV-200-L,").is_empty());
    assert!(rows(&workspace, Table::StockLots, "TAPE-66,").is_empty());
    assert_eq!(table_summary(&imported, Table::StockLots), (2, 0, 0));
}

#[test]
fn woocommerce_weight_units_are_kilograms() {
    // 1 lb = 0.45359237 kg and 1 oz = 1/16 lb = 0.028349523125 kg (exact, by definition).
    for (unit, cell, kg) in
        [("kg", "2", "2"), ("g", "250", "0.25"), ("lbs", "2", "0.90718474"), ("oz", "16", "0.45359237")]
    {
        let text = format!("ID,Type,SKU,Name,Stock,Weight ({unit}),Cost of goods,Parent\n1,simple,W-1,W,,{cell},1,\n");
        let specs = specs("woocommerce-products", text.as_bytes(), "w.csv", &options(None, None));
        let (after, _) = import_with_specs(&sample(), text.as_bytes(), "w.csv", &specs, &mut |_| {}).unwrap();
        assert_eq!(rows(&after, Table::Skus, "W-1,")[0].split(',').nth(10), Some(kg), "{unit}");
    }
}

#[test]
fn woocommerce_products_skip_parents_and_assume_a_zero_cost() {
    let (workspace, imported) =
        import(&sample(), "woocommerce-products", "woocommerce-products.csv", &options(Some("AMS"), None)).unwrap();
    // Rows 3, 7 variable, row 11 grouped; row 12 "simple, virtual"; row 9 a variation without a SKU.
    assert_eq!(
        skipped(&imported, Table::Skus),
        [
            ("variable, grouped and external products (not stock items)".to_owned(), 3, vec![3, 7, 11]),
            ("no SKU".to_owned(), 1, vec![9]),
            ("virtual products".to_owned(), 1, vec![12]),
        ]
    );
    assert_eq!(table_summary(&imported, Table::Skus), (6, 0, 0));
    // The BOM is not part of the first column's name; the cost is not in the file.
    // New SKUs take the weight: SAN-500's 0.54 kg (row 2).
    assert_eq!(
        rows(&workspace, Table::Skus, "SAN-500,"),
        ["SAN-500,Hand sanitiser 500 ml,Hygiene,each,0,normal,false,,,active,0.54,"]
    );
    let assumed = &report(&imported, Table::Skus).assumed;
    assert_eq!((assumed[0].field.as_str(), assumed[0].value.as_str(), assumed[0].new_rows), ("unit_cost", "0", 6));
    assert_eq!((assumed[1].field.as_str(), assumed[1].value.as_str()), ("weight_kg", "from Weight (kg)"));
    // Stock: SAN-500 48, GLV-100-S 120, -M 310, -L 0; TAPE-50-BRN's stock is the
    // parent's (row 8), MSK-FFP2 does not manage stock (row 10).
    assert_eq!(table_summary(&imported, Table::StockLots), (4, 0, 0));
    let stock_skips = skipped(&imported, Table::StockLots);
    assert!(stock_skips.contains(&("stock managed on the parent product".to_owned(), 1, vec![8])), "{stock_skips:?}");
    assert!(stock_skips.contains(&("stock not managed".to_owned(), 1, vec![10])), "{stock_skips:?}");
}

#[test]
fn odoo_products_join_vendor_rows_into_price_breaks() {
    let (workspace, imported) = import(&sample(), "odoo-products", "odoo-products.csv", &options(None, None)).unwrap();
    // Row 8 is a service, row 9 (Office coffee) has no Internal Reference;
    // rows 3 and 4 are GLV-100-M's further vendor lines.
    assert_eq!(
        skipped(&imported, Table::Skus),
        [("services".to_owned(), 1, vec![8]), ("no Internal Reference".to_owned(), 1, vec![9])]
    );
    assert_eq!(table_summary(&imported, Table::Skus), (5, 0, 0));
    assert_eq!(
        rows(&workspace, Table::Skus, "GLV-100-M,"),
        ["GLV-100-M,\"Nitrile gloves, powder-free (M)\",All / Saleable / PPE,Units,4.2,normal,false,,,active,,"]
    );
    // Acme's rows 2 and 3 are one offer with two breaks; Glovia (row 4) another.
    assert!(rows(&workspace, Table::Offers, "Acme Safety GmbH,GLV-100-M,")[0]
        .starts_with("Acme Safety GmbH,GLV-100-M,ACM-NIT-M,1:4.5|100:4.2,"));
    let glovia = &rows(&workspace, Table::Offers, "Glovia Sdn Bhd,GLV-100-M,")[0];
    assert!(glovia.starts_with("Glovia Sdn Bhd,GLV-100-M,GV-NT-100M,500:3.6,"), "{glovia}");
    assert_eq!(glovia.split(',').nth(8), Some("42"), "{glovia}");
    assert_eq!(table_summary(&imported, Table::Offers), (5, 0, 0));
    // Four vendors; Glovia in dollars.
    assert_eq!(table_summary(&imported, Table::Suppliers), (4, 0, 0));
    assert!(rows(&workspace, Table::Suppliers, "Glovia Sdn Bhd,")[0]
        .starts_with("Glovia Sdn Bhd,Glovia Sdn Bhd,approved,USD,"));
    assert!(skipped(&imported, Table::Offers).contains(&("products without a vendor".to_owned(), 1, vec![7])));
}

#[test]
fn odoo_quants_are_summed_per_lot_and_replace_only_their_locations() {
    let (workspace, _) = import(&sample(), "odoo-products", "odoo-products.csv", &options(None, None)).unwrap();
    let sample_lots = rows(&workspace, Table::StockLots, "").len();
    let (workspace, imported) =
        import(&workspace, "odoo-stock-quants", "odoo-stock-quants.csv", &options(None, None)).unwrap();
    // Row 9's '-4.0 (Odoo's apostrophe) is a negative quant.
    assert_eq!(
        skipped(&imported, Table::StockLots),
        [("negative quants: no stock is recorded for them".to_owned(), 1, vec![9])]
    );
    // Rows 4 and 12: lot L2409 in two packages, 36 + 4 = 40; the [code] taken
    // from the display name; dates cut to the day.
    assert_eq!(
        rows(&workspace, Table::StockLots, "SAN-500,WH/Stock,"),
        [
            "SAN-500,WH/Stock,L2409,40,2025-10-02,2027-09-30,false",
            "SAN-500,WH/Stock,L2502,12,2026-02-25,2028-02-29,false"
        ]
    );
    assert_eq!(report(&imported, Table::StockLots).combined_rows, 1);
    assert_eq!(
        rows(&workspace, Table::StockLots, "ETH-1L,WH/Stock,E-25-117,")[0],
        "ETH-1L,WH/Stock,E-25-117,18.5,2025-04-15,2026-04-15,false"
    );
    assert_eq!(table_summary(&imported, Table::StockLots), (9, 0, 0));
    assert_eq!(table_summary(&imported, Table::Locations), (4, 0, 0));

    // Next count of WH/Stock only: GLV-100-M down to 300. The other WH/Stock
    // lots are gone (used up); WH/Quality Control, AMS/Stock and the demo's
    // own locations keep theirs.
    let recount = "\"Location\",\"Product\",\"Quantity\"\n\"WH/Stock\",\"[GLV-100-M] Nitrile gloves, powder-free (M)\",\"300.0\"\n";
    let quants = specs("odoo-stock-quants", recount.as_bytes(), "quants.csv", &options(None, None));
    let (after, imported) =
        import_with_specs(&workspace, recount.as_bytes(), "quants.csv", &quants, &mut |_| {}).unwrap();
    assert_eq!(rows(&after, Table::StockLots, "").iter().filter(|r| r.contains(",WH/Stock,")).count(), 1);
    assert_eq!(rows(&after, Table::StockLots, "GLV-100-M,WH/Stock,"), ["GLV-100-M,WH/Stock,,300,2026-02-10,,false"]);
    // Deleted: GLV-100-M's is updated; SAN-500 ×2, ETH-1L ×2, GLS-V1 at WH/Stock deleted.
    assert_eq!(table_summary(&imported, Table::StockLots), (0, 1, 5));
    assert_eq!(rows(&after, Table::StockLots, "").len(), sample_lots + 9 - 5);
    assert_eq!(
        rows(&after, Table::StockLots, "SAN-500,WH/Quality Control,"),
        ["SAN-500,WH/Quality Control,L2502,6,2026-02-25,2028-02-29,false"]
    );
}

#[test]
fn a_saved_spec_reads_a_latin1_semicolon_stock_list() {
    let (workspace, _) = import(&sample(), "shopify-products", "shopify-products.csv", &options(None, None)).unwrap();
    let spec: MappingSpec = serde_json::from_slice(&example("lagerbestand.mapping.json")).unwrap();
    let bytes = example("lagerbestand.csv");
    let (workspace, imported) =
        import_with_mapping(&workspace, &bytes, "lagerbestand.csv", &spec, &mut |_| {}).unwrap();
    assert_eq!(table_summary(&imported, Table::StockLots), (4, 0, 0));
    // 1.250 with a thousands point is 1250; 03/02/2026 is the 3rd of February.
    assert_eq!(rows(&workspace, Table::StockLots, "GLV-100-M,AMS,"), ["GLV-100-M,AMS,,1250,2026-02-03,,false"]);
    // 12,5 with a decimal comma; 29/02/2028 is a leap day.
    assert_eq!(
        rows(&workspace, Table::StockLots, "SAN-500,AMS,L2502,"),
        ["SAN-500,AMS,L2502,12.5,2026-02-25,2028-02-29,false"]
    );
    assert_eq!(
        report(&imported, Table::StockLots)
            .unsupplied
            .iter()
            .find(|u| u.field == "quarantine")
            .unwrap()
            .note
            .as_deref(),
        Some("the count does not say which stock is on hold")
    );
}

/// The preview shows what the import would import: a Committed of 0
/// where the workspace has no commitment adds none (`existing_rows_only`),
/// so the preview leaves those rows out and says why, as the report does.
#[test]
fn the_preview_leaves_out_the_rows_only_an_existing_row_would_take() {
    let (workspace, _) = import(&sample(), "shopify-products", "shopify-products.csv", &options(None, None)).unwrap();
    let bytes = example("shopify-inventory.csv");
    let specs = specs("shopify-inventory", &bytes, "shopify-inventory.csv", &options(None, None));
    let previews = preview_with_specs(&workspace, &bytes, "shopify-inventory.csv", &specs, 100).unwrap();
    let commitments = previews.iter().find(|p| p.target == Table::Commitments).unwrap();
    // Committed per row: 2 → 4, 3 → 0, 4 → 20, 5 → 2, 6 → 20, 7 not
    // stocked, 8 → 11, 9 → 0, 10 → 0, 11 no SKU.
    assert_eq!(commitments.rows.iter().map(|r| r.row).collect::<Vec<_>>(), [2, 4, 5, 6, 8]);
    let left_out = commitments.skipped.iter().find(|s| s.reason.starts_with("nothing committed")).unwrap();
    assert_eq!((left_out.rows, left_out.first_rows.clone()), (3, vec![3, 9, 10]));
}

#[test]
fn the_preview_of_several_specs_checks_them_together() {
    let bytes = example("odoo-products.csv");
    let specs = specs("odoo-products", &bytes, "odoo-products.csv", &options(None, None));
    let previews = preview_with_specs(&sample(), &bytes, "odoo-products.csv", &specs, 2).unwrap();
    assert_eq!(previews.iter().map(|p| p.target).collect::<Vec<_>>(), [Table::Skus, Table::Suppliers, Table::Offers]);
    // The offers name SKUs and suppliers new in the same file: no problem.
    for preview in &previews {
        assert!(preview.other_problems.is_empty(), "{:?}", preview.other_problems);
        assert!(preview.rows.iter().all(|r| r.cells.iter().all(|c| c.problems.is_empty())), "{preview:?}");
    }
    // Two produced rows: GLV-100-M (rows 2–4 combined) and SAN-500.
    assert_eq!(previews[0].rows.iter().map(|r| r.row).collect::<Vec<_>>(), [2, 5]);
}
