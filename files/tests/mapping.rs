//! The mapping step as the app's worker drives it through the files module:
//! a batch sorted into Stockpilot's own tables (imported as ever) and the
//! files and sheets to map (with a proposal), then the preview and the
//! import of a mapping. Expected values are worked out by hand from the
//! files written here.

use chrono::NaiveDate;
use engine::io::mapping::{DateOrder, DecimalSeparator, Delimiter, Encoding, FieldMapping, Source, Transform};
use engine::io::{ImportFile, Table};
use engine::{LocationId, SkuId, Workspace};
use files::{run, Job, Outcome, ToMap};
use rust_xlsxwriter::Workbook;

fn file(name: &str, bytes: &[u8]) -> ImportFile {
    ImportFile { name: name.into(), bytes: bytes.to_vec(), replace: false }
}

const LOCATIONS: &[u8] = b"location_id,name\nAMS,Amsterdam\n";
const SKUS: &[u8] = b"sku_id,name,unit_cost\nGLV-100,Gloves,4.20\nSAN-500,Sanitiser,2.10\n";

/// A stock count as a German spreadsheet saves it: Windows-1252 (the `\xFC`
/// of "grün"), semicolons, decimal commas with thousands points, and dates
/// that read as day/month and as month/day (03/04 and 05/06).
const STOCK_COUNT: &[u8] = b"Artikel;Bezeichnung;Menge;Verfallsdatum\r\n\
GLV-100;Handschuhe gr\xFCn;1.234,5;03/04/2027\r\n\
SAN-500;Desinfektion;12,0;05/06/2027\r\n";

fn run_job(job: Job) -> Outcome {
    run(job, &mut |_, _, _| {})
}

/// The batch of the two own tables and the stock count: the tables are
/// imported, the stock count comes back to be mapped.
fn import_batch() -> (Workspace, ToMap) {
    let files = vec![file("locations.csv", LOCATIONS), file("skus.csv", SKUS), file("stock-count.csv", STOCK_COUNT)];
    match run_job(Job::ImportCsv { workspace: Workspace::default(), files }) {
        Outcome::Imported { mut core, demand, summary, mut to_map, .. } => {
            core.demand = demand.unwrap_or_default();
            let tables: Vec<Table> = summary.tables.iter().map(|t| t.table).collect();
            assert_eq!(tables, [Table::Locations, Table::Skus]);
            assert_eq!(to_map.len(), 1);
            (core, to_map.remove(0))
        }
        other => panic!("expected an import, got {other:?}"),
    }
}

#[test]
fn a_foreign_file_in_a_batch_comes_back_with_its_proposal_and_the_own_tables_are_imported() {
    let (workspace, to_map) = import_batch();
    assert_eq!(workspace.skus.len(), 2);
    assert_eq!(to_map.file.label, "stock-count.csv");
    assert_eq!(to_map.file.sheet, None);
    let proposal = &to_map.proposal;
    assert_eq!(proposal.sniffed.encoding, Encoding::Windows1252);
    assert_eq!(proposal.sniffed.delimiter, Delimiter::Semicolon);
    assert_eq!(proposal.sniffed.number_format.decimal, DecimalSeparator::Comma);
    // 03/04/2027 and 05/06/2027 fit both orders: asked, not guessed.
    assert_eq!(proposal.spec.format.date_order, None);
    assert_eq!(proposal.questions.len(), 1, "{:?}", proposal.questions);
    assert_eq!(proposal.target, Table::StockLots);
    assert_eq!(proposal.unmapped_required, ["location_id"]);
}

#[test]
fn a_batch_of_foreign_files_only_changes_nothing_and_asks_for_mappings() {
    let files = vec![file("stock-count.csv", STOCK_COUNT)];
    match run_job(Job::ImportCsv { workspace: Workspace::default(), files }) {
        Outcome::ToMap(to_map) => assert_eq!(to_map[0].proposal.target, Table::StockLots),
        other => panic!("expected files to map, got {other:?}"),
    }
    // An empty file cannot even be proposed for: the batch is refused.
    let files = vec![file("skus.csv", SKUS), file("nothing.csv", b"")];
    match run_job(Job::ImportCsv { workspace: Workspace::default(), files }) {
        Outcome::Refused { problems, .. } => {
            assert_eq!(problems[0].file, "nothing.csv");
            assert!(problems[0].reason.contains("empty"), "{}", problems[0].reason);
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn the_preview_asks_for_the_date_order_then_the_import_lands_every_row() {
    let (workspace, ToMap { file, proposal, .. }) = import_batch();
    let mut spec = proposal.spec.clone();
    spec.fields.push(FieldMapping { field: "location_id".into(), source: Source::Constant { value: "AMS".into() } });
    let preview = |spec: &engine::io::mapping::MappingSpec| match run_job(Job::PreviewMapping {
        workspace: workspace.clone(),
        file: file.clone(),
        spec: spec.clone(),
        max_rows: 10,
    }) {
        Outcome::Previewed(preview) => preview,
        other => panic!("expected a preview, got {other:?}"),
    };
    let first = preview(&spec);
    assert_eq!(first.headers, ["Artikel", "Bezeichnung", "Menge", "Verfallsdatum"]);
    let shown = first.preview.expect("the spec fits the file");
    let expiry = shown.fields.iter().position(|f| f == "expiry").unwrap();
    assert_eq!(shown.rows.iter().map(|r| r.row).collect::<Vec<_>>(), [2, 3]);
    assert!(shown.rows[0].cells[expiry].problems[0].contains("date order"), "{:?}", shown.rows[0].cells[expiry]);

    spec.format.date_order = Some(DateOrder::DayMonthYear);
    let shown = preview(&spec).preview.unwrap();
    let quantity = shown.fields.iter().position(|f| f == "quantity").unwrap();
    assert_eq!(shown.rows[0].cells[quantity].source, "1.234,5");
    assert_eq!(shown.rows[0].cells[quantity].value, "1234.5");
    assert_eq!(shown.rows[0].cells[expiry].value, "2027-04-03");
    assert!(shown.rows.iter().all(|r| r.cells.iter().all(|c| c.problems.is_empty())), "{shown:#?}");

    let imported = match run_job(Job::ImportMapped { workspace: workspace.clone(), file, spec }) {
        Outcome::Imported { core, summary, to_map, .. } => {
            assert!(to_map.is_empty());
            assert_eq!(summary.tables[0].table, Table::StockLots);
            assert_eq!(summary.tables[0].inserted, 2);
            core
        }
        other => panic!("expected an import, got {other:?}"),
    };
    let lot = |sku: &str| {
        imported.stock_lots.iter().find(|l| l.sku == SkuId::new(sku)).unwrap_or_else(|| panic!("no lot of {sku}"))
    };
    assert_eq!(lot("GLV-100").quantity, 1234.5);
    assert_eq!(lot("GLV-100").location, LocationId::new("AMS"));
    assert_eq!(lot("GLV-100").expiry, NaiveDate::from_ymd_opt(2027, 4, 3));
    assert_eq!(lot("SAN-500").quantity, 12.0);
    assert_eq!(lot("SAN-500").expiry, NaiveDate::from_ymd_opt(2027, 6, 5));
}

#[test]
fn a_bad_cell_refuses_the_mapped_import_naming_the_users_row_column_and_value() {
    let (workspace, ToMap { mut file, proposal, .. }) = import_batch();
    file.bytes = b"Artikel;Menge\r\nGLV-100;3\r\n\r\nSAN-500;zw\xF6lf\r\nNOPE;4\r\n".to_vec();
    let mut spec = proposal.spec;
    spec.fields.retain(|f| f.field != "expiry");
    spec.fields.push(FieldMapping { field: "location_id".into(), source: Source::Constant { value: "AMS".into() } });
    match run_job(Job::ImportMapped { workspace, file, spec }) {
        Outcome::Refused { problems, total } => {
            assert_eq!(total, 2, "{problems:#?}");
            // The empty line is row 3 of the user's file, so "zwölf" is on row 4.
            assert_eq!((problems[0].row, problems[0].column.as_deref()), (Some(4), Some("Menge")));
            assert_eq!(problems[0].value.as_deref(), Some("zwölf"));
            assert!(problems[0].reason.contains("decimal comma"), "{}", problems[0].reason);
            assert_eq!((problems[1].row, problems[1].column.as_deref()), (Some(5), Some("Artikel")));
            assert_eq!(problems[1].value.as_deref(), Some("NOPE"));
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn a_sheet_not_named_after_a_table_is_mapped_with_excels_rows_and_letters() {
    let mut workbook = Workbook::new();
    let skus = workbook.add_worksheet();
    skus.set_name("skus").unwrap();
    for (col, text) in ["sku_id", "name", "unit_cost"].iter().enumerate() {
        skus.write_string(0, col as u16, *text).unwrap();
    }
    skus.write_string(1, 0, "GLV-100").unwrap();
    skus.write_string(1, 1, "Gloves").unwrap();
    skus.write_number(1, 2, 4.2).unwrap();
    skus.write_string(2, 0, "SAN-500").unwrap();
    skus.write_string(2, 1, "Sanitiser").unwrap();
    skus.write_number(2, 2, 2.1).unwrap();
    // The count starts at B3 (a title above it), as hand-made sheets do.
    let count = workbook.add_worksheet();
    count.set_name("Inventur").unwrap();
    count.write_string(2, 1, "Artikel").unwrap();
    count.write_string(2, 2, "Menge").unwrap();
    count.write_string(3, 1, "GLV-100").unwrap();
    count.write_number(3, 2, 7.0).unwrap();
    count.write_string(4, 1, "SAN-500").unwrap();
    count.write_string(4, 2, "viele").unwrap();
    let bytes = workbook.save_to_buffer().unwrap();

    let files = vec![file("locations.csv", LOCATIONS), file("count.xlsx", &bytes)];
    let (workspace, ToMap { file, proposal, .. }) =
        match run_job(Job::ImportCsv { workspace: Workspace::default(), files }) {
            Outcome::Imported { mut core, demand, mut to_map, summary, .. } => {
                core.demand = demand.unwrap_or_default();
                assert_eq!(summary.tables.iter().map(|t| t.table).collect::<Vec<_>>(), [Table::Locations, Table::Skus]);
                assert_eq!(to_map.len(), 1);
                (core, to_map.remove(0))
            }
            other => panic!("expected an import, got {other:?}"),
        };
    assert_eq!(file.label, "count.xlsx, sheet Inventur");
    assert!(file.is_sheet());
    assert_eq!(proposal.sniffed.encoding, Encoding::Utf8);
    let mut spec = proposal.spec;
    spec.target = Table::StockLots;
    spec.fields = vec![
        FieldMapping {
            field: "sku_id".into(),
            source: Source::Column { column: "Artikel".into(), transform: Transform::None },
        },
        FieldMapping {
            field: "quantity".into(),
            source: Source::Column { column: "Menge".into(), transform: Transform::Number },
        },
        FieldMapping { field: "location_id".into(), source: Source::Constant { value: "AMS".into() } },
    ];
    let preview = match run_job(Job::PreviewMapping {
        workspace: workspace.clone(),
        file: file.clone(),
        spec: spec.clone(),
        max_rows: 10,
    }) {
        Outcome::Previewed(preview) => preview.preview.unwrap(),
        other => panic!("expected a preview, got {other:?}"),
    };
    // Excel's rows: the header is row 3, so the data are rows 4 and 5.
    assert_eq!(preview.rows.iter().map(|r| r.row).collect::<Vec<_>>(), [4, 5]);
    match run_job(Job::ImportMapped { workspace, file, spec }) {
        Outcome::Refused { problems, .. } => {
            assert_eq!(problems.len(), 1, "{problems:#?}");
            assert_eq!(problems[0].file, "count.xlsx, sheet Inventur");
            assert_eq!((problems[0].row, problems[0].column.as_deref()), (Some(5), Some("C (Menge)")));
            assert_eq!(problems[0].value.as_deref(), Some("viele"));
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn a_proposal_for_a_chosen_table_maps_that_tables_fields() {
    let (_, ToMap { file, .. }) = import_batch();
    match run_job(Job::ProposeMapping { file, target: Table::Skus }) {
        Outcome::Proposed(proposal) => {
            assert_eq!(proposal.target, Table::Skus);
            assert_eq!(proposal.file_name, "stock-count.csv");
            // "Artikel" is a name for sku_id, "Bezeichnung" for a SKU's name.
            let column = |field: &str| proposal.spec.field(field).map(|m| m.source.clone());
            assert_eq!(column("sku_id"), Some(Source::Column { column: "Artikel".into(), transform: Transform::None }));
            assert_eq!(
                column("name"),
                Some(Source::Column { column: "Bezeichnung".into(), transform: Transform::None })
            );
            // The tables keep the ranking the file's own name gave.
            assert_eq!(proposal.candidates[0].table, Table::StockLots);
        }
        other => panic!("expected a proposal, got {other:?}"),
    }
}

/// Jobs and outcomes cross to the module and back as bincode: a mapping
/// spec (internally tagged enums, fields left out when empty) must survive
/// it. Before it travelled as JSON text the app answered "its answer could
/// not be read".
#[test]
fn a_proposal_and_a_spec_survive_the_trip_through_bincode() {
    let files = vec![file("stock-count.csv", STOCK_COUNT)];
    let outcome = run_job(Job::ImportCsv { workspace: Workspace::default(), files });
    let Outcome::ToMap(to_map) = files::decode::<Outcome>(&files::encode(&outcome)).expect("the outcome decodes")
    else {
        panic!("expected files to map");
    };
    let ToMap { file, proposal, .. } = to_map.into_iter().next().unwrap();
    assert!(matches!(
        proposal.spec.field("quantity").map(|m| &m.source),
        Some(Source::Column { transform: Transform::Number, .. })
    ));
    let job = Job::ImportMapped { workspace: Workspace::default(), file, spec: proposal.spec.clone() };
    match files::decode::<Job>(&files::encode(&job)).expect("the job decodes") {
        Job::ImportMapped { spec, .. } => assert_eq!(spec, proposal.spec),
        other => panic!("expected the job back, got {other:?}"),
    }
}

fn example(name: &str) -> Vec<u8> {
    let path = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../docs/examples/imports").join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn sample() -> Workspace {
    engine::sample::demo(NaiveDate::from_ymd_opt(2026, 12, 7).unwrap())
}

/// The only file of a batch that is not one of the tables, as the step gets it.
fn to_map_alone(workspace: &Workspace, name: &str, bytes: Vec<u8>) -> ToMap {
    let files = vec![ImportFile { name: name.into(), bytes, replace: false }];
    match run_job(Job::ImportCsv { workspace: workspace.clone(), files }) {
        Outcome::ToMap(mut to_map) => to_map.remove(0),
        other => panic!("expected the file back for mapping, got {other:?}"),
    }
}

#[test]
fn a_shopify_export_is_offered_its_builtin_preset_which_imports_every_table_with_a_report() {
    let workspace = sample();
    let to_map = to_map_alone(&workspace, "products_export.csv", example("shopify-products.csv"));
    let offer = to_map.builtin.expect("the Shopify products export is recognised");
    assert_eq!(offer.id, "shopify-products");
    assert_eq!(offer.tables, [Table::Locations, Table::Skus, Table::Suppliers, Table::Offers, Table::StockLots]);
    assert!(offer.parameters.contains(&engine::io::mapping::PresetParameter::Location));
    let options = engine::io::mapping::PresetOptions {
        location: Some("AMS".into()),
        lead_time_days: Some(10),
        ..Default::default()
    };
    let job = Job::ImportBuiltin { workspace, file: to_map.file, preset: offer.id, options };
    match run_job(job) {
        Outcome::Imported { core, summary, reports, .. } => {
            // Worked out from the example in the engine's preset test: rows 6
            // and 8 have no SKU, row 11 is a gift card; 7 SKUs remain, of 3
            // vendors; 6 tracked variants are stock at AMS.
            let skus = reports.iter().find(|r| r.target == Table::Skus).unwrap();
            let skipped: Vec<(usize, Vec<usize>)> =
                skus.skipped.iter().map(|s| (s.rows, s.first_rows.clone())).collect();
            assert_eq!(skipped, [(2, vec![6, 8]), (1, vec![11])]);
            let inserted = |table| summary.tables.iter().find(|t| t.table == table).map(|t| t.inserted);
            assert_eq!(inserted(Table::Skus), Some(7));
            assert_eq!(inserted(Table::Suppliers), Some(3));
            assert_eq!(inserted(Table::StockLots), Some(6));
            assert!(core.skus.iter().any(|s| s.id == SkuId::new("GLV-100-M")));
        }
        other => panic!("expected an import, got {other:?}"),
    }
}

#[test]
fn an_unknown_builtin_preset_refuses_and_changes_nothing() {
    let workspace = sample();
    let to_map = to_map_alone(&workspace, "products_export.csv", example("shopify-products.csv"));
    let options = engine::io::mapping::PresetOptions::default();
    match run_job(Job::ImportBuiltin { workspace, file: to_map.file, preset: "magento".into(), options }) {
        Outcome::Refused { problems, total } => {
            assert_eq!(total, 1);
            assert_eq!(problems[0].file, "products_export.csv");
            assert!(problems[0].reason.contains("magento"), "{}", problems[0].reason);
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn saved_presets_whose_columns_the_file_has_are_offered_and_others_are_not() {
    let spec: engine::io::mapping::MappingSpec =
        serde_json::from_slice(&example("lagerbestand.mapping.json")).expect("the example spec reads");
    let mut workspace = sample();
    let preset = |name: &str, spec| engine::io::mapping::MappingPreset { name: name.into(), spec };
    engine::integrity::save_mapping_preset(&mut workspace, preset("Lager monthly", spec.clone())).unwrap();
    // The same mapping for an older layout whose count column was "Bestand".
    let mut old = spec;
    for mapping in &mut old.fields {
        if let Source::Column { column, .. } = &mut mapping.source {
            if column == "Menge" {
                *column = "Bestand".into();
            }
        }
    }
    engine::integrity::save_mapping_preset(&mut workspace, preset("Lager 2024", old)).unwrap();
    let to_map = to_map_alone(&workspace, "lagerbestand-2027-01.csv", example("lagerbestand.csv"));
    assert_eq!(to_map.fitting_presets, ["Lager monthly"]);
    assert_eq!(to_map.builtin, None);
}

#[test]
fn a_mapped_imports_report_numbers_skipped_rows_as_the_users_file_does() {
    let spec: engine::io::mapping::MappingSpec =
        serde_json::from_slice(&example("lagerbestand.mapping.json")).expect("the example spec reads");
    // The count's SKUs come from the Shopify example.
    let shop = to_map_alone(&sample(), "products_export.csv", example("shopify-products.csv"));
    let options = engine::io::mapping::PresetOptions { location: Some("AMS".into()), ..Default::default() };
    let job = Job::ImportBuiltin { workspace: sample(), file: shop.file, preset: "shopify-products".into(), options };
    let workspace = match run_job(job) {
        Outcome::Imported { mut core, demand, .. } => {
            core.demand = demand.unwrap_or_else(|| sample().demand);
            core
        }
        other => panic!("expected the products imported, got {other:?}"),
    };
    // Rows 2–5 of the example, a blank row 6 and a negative count on row 7.
    let mut bytes = example("lagerbestand.csv");
    assert!(bytes.ends_with(b"\r\n"));
    bytes.extend_from_slice(b";;;;;;;\r\nTAPE-50-BRN;Packband;AMS;;-3;01/03/2026;;\r\n");
    let to_map = to_map_alone(&workspace, "lagerbestand.csv", bytes);
    match run_job(Job::ImportMapped { workspace, file: to_map.file, spec }) {
        Outcome::Imported { reports, summary, .. } => {
            assert_eq!(reports.len(), 1);
            assert_eq!(reports[0].target, Table::StockLots);
            assert_eq!(reports[0].skipped[0].reason, "negative counts");
            assert_eq!(reports[0].skipped[0].first_rows, [7]);
            // GLV-100-M and TAPE-50-BRN (no lot) were stock at AMS from the
            // Shopify export: updated; SAN-500's lots L2409 and L2502 are new.
            assert_eq!((summary.tables[0].inserted, summary.tables[0].updated), (2, 2));
            assert!(reports[0].unsupplied.iter().any(|u| u.field == "quarantine"));
        }
        other => panic!("expected an import, got {other:?}"),
    }
}
