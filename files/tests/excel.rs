//! Workbooks and archives in and out of the files module, with expected
//! values written by hand: tiny workbooks are written here with
//! rust_xlsxwriter and read back through the module (calamine).

use std::io::{Cursor, Write};

use chrono::NaiveDate;
use engine::io::{ImportFile, Table};
use engine::sample::SampleSpec;
use engine::{Problem, Workspace};
use files::{run, CsvFor, Job, Outcome};
use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook, Worksheet};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 7).unwrap()
}

/// A small but complete workspace: every table has rows.
fn sample() -> Workspace {
    engine::sample::generate(&SampleSpec {
        seed: 7,
        today: today(),
        n_skus: 12,
        n_locations: 2,
        n_suppliers: 4,
        history_days: 60,
    })
}

fn book(fill: impl FnOnce(&mut Workbook)) -> Vec<u8> {
    let mut workbook = Workbook::new();
    fill(&mut workbook);
    workbook.save_to_buffer().unwrap()
}

fn sheet<'a>(workbook: &'a mut Workbook, name: &str) -> &'a mut Worksheet {
    let worksheet = workbook.add_worksheet();
    worksheet.set_name(name).unwrap();
    worksheet
}

fn import(workspace: &Workspace, files: Vec<ImportFile>) -> Outcome {
    run(Job::ImportCsv { workspace: workspace.clone(), files }, &mut |_, _, _| {})
}

fn file(name: &str, bytes: Vec<u8>) -> ImportFile {
    ImportFile { name: name.into(), bytes, replace: false }
}

/// The workspace an import came to, demand included.
fn imported(outcome: Outcome, before: &Workspace) -> Workspace {
    match outcome {
        Outcome::Imported { mut core, demand, .. } => {
            core.demand = demand.unwrap_or_else(|| before.demand.clone());
            core
        }
        Outcome::Refused { problems, .. } => panic!("refused: {problems:#?}"),
        other => panic!("expected an import, got {other:?}"),
    }
}

fn refused(outcome: Outcome) -> Vec<Problem> {
    match outcome {
        Outcome::Refused { problems, .. } => problems,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

fn exported(job: Job) -> files::ExportFile {
    match run(job, &mut |_, _, _| {}) {
        Outcome::Files(mut files) => {
            assert_eq!(files.len(), 1);
            files.remove(0)
        }
        other => panic!("expected a file, got {other:?}"),
    }
}

#[test]
fn cells_become_the_text_a_csv_file_would_hold() {
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let date_time = Format::new().set_num_format("yyyy-mm-dd hh:mm");
    let bytes = book(|workbook| {
        let ws = sheet(workbook, "Data");
        for (col, header) in ["id", "qty", "price", "day", "day2", "stamp", "active", "note"].iter().enumerate() {
            ws.write_string(0, col as u16, *header).unwrap();
        }
        ws.write_string(1, 0, "0012").unwrap();
        ws.write_number(1, 1, 12.0).unwrap();
        ws.write_number(1, 2, 2.5).unwrap();
        // Serial 61 is 1900-03-01: serial 60 is Excel's nonexistent 1900-02-29.
        ws.write_number_with_format(1, 3, 61.0, &date).unwrap();
        // 2025-01-01 is serial 45658; 2026-01-01 is 365 days later, and
        // 7 December is day 341 of 2026: 45658 + 365 + 340 = 46363.
        ws.write_number_with_format(1, 4, 46363.0, &date).unwrap();
        let evening = ExcelDateTime::from_ymd(2026, 12, 7).unwrap().and_hms(18, 30, 0).unwrap();
        ws.write_datetime_with_format(1, 5, &evening, &date_time).unwrap();
        ws.write_boolean(1, 6, true).unwrap();
        // Row 3: a comma and a quote in text, float noise, an empty cell.
        ws.write_string(2, 0, "A,\"1\"").unwrap();
        ws.write_number(2, 1, 0.1).unwrap();
        ws.write_number(2, 2, 1234.5678).unwrap();
        ws.write_boolean(2, 6, false).unwrap();
        ws.write_string(2, 7, "last").unwrap();
        // Row 4 empty; row 5 one cell.
        ws.write_number(4, 1, -3.0).unwrap();
    });
    let sheets = files::workbook::read_workbook("book.xlsx", &bytes).unwrap();
    assert_eq!(sheets.len(), 1);
    assert_eq!(sheets[0].name, "Data");
    assert_eq!(sheets[0].place.first_row, 1);
    assert_eq!(
        sheets[0].csv,
        "id,qty,price,day,day2,stamp,active,note\n\
         0012,12,2.5,1900-03-01,2026-12-07,2026-12-07,true\n\
         \"A,\"\"1\"\"\",0.1,1234.5678,,,,false,last\n\
         \n\
         ,-3\n"
    );
}

#[test]
fn an_error_cell_is_named_by_workbook_sheet_excel_row_column_letter_and_header() {
    let bytes = book(|workbook| {
        let ws = sheet(workbook, "skus");
        // The table starts at B2: Excel's rows and letters, not the CSV's.
        ws.write_string(1, 1, "sku_id").unwrap();
        ws.write_string(1, 2, "name").unwrap();
        ws.write_string(1, 3, "unit_cost").unwrap();
        ws.write_string(2, 1, "A").unwrap();
        ws.write_string(2, 2, "Box").unwrap();
        ws.write_number(2, 3, 2.0).unwrap();
        ws.write_string(3, 1, "B").unwrap();
        ws.write_string(3, 2, "Bag").unwrap();
        ws.write_formula(3, 3, Formula::new("=1/0").set_result("#DIV/0!")).unwrap();
    });
    let problems = refused(import(&Workspace::default(), vec![file("stock.xlsx", bytes)]));
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert_eq!(problems[0].file, "stock.xlsx, sheet skus");
    assert_eq!(problems[0].row, Some(4));
    assert_eq!(problems[0].column.as_deref(), Some("D (unit_cost)"));
    assert_eq!(problems[0].value.as_deref(), Some("#DIV/0!"));
    assert!(problems[0].reason.contains("#DIV/0!"), "{}", problems[0].reason);
}

#[test]
fn the_importers_problems_name_the_sheet_and_excels_row() {
    let bytes = book(|workbook| {
        let ws = sheet(workbook, "SKUs");
        // Two title rows above the table, which starts at A3.
        ws.write_string(0, 0, "").unwrap();
        ws.write_string(2, 0, "sku_id").unwrap();
        ws.write_string(2, 1, "name").unwrap();
        ws.write_string(2, 2, "unit_cost").unwrap();
        ws.write_string(3, 0, "A").unwrap();
        ws.write_string(3, 1, "Box").unwrap();
        ws.write_number(3, 2, 2.0).unwrap();
        ws.write_string(4, 0, "B").unwrap();
        ws.write_string(4, 1, "Bag").unwrap();
        ws.write_string(4, 2, "cheap").unwrap();
    });
    let problems = refused(import(&Workspace::default(), vec![file("stock.xlsx", bytes)]));
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert_eq!(problems[0].file, "stock.xlsx, sheet SKUs");
    assert_eq!(problems[0].row, Some(5));
    assert_eq!(problems[0].column.as_deref(), Some("C (unit_cost)"));
    assert_eq!(problems[0].value.as_deref(), Some("cheap"));
}

#[test]
fn a_sheet_not_named_after_a_table_is_left_to_the_mapping_step_and_the_tables_are_imported() {
    let bytes = book(|workbook| {
        let ws = sheet(workbook, "skus");
        ws.write_string(0, 0, "sku_id").unwrap();
        ws.write_string(0, 1, "name").unwrap();
        ws.write_string(0, 2, "unit_cost").unwrap();
        ws.write_string(1, 0, "A").unwrap();
        ws.write_string(1, 1, "Box").unwrap();
        ws.write_number(1, 2, 2.0).unwrap();
        let other = sheet(workbook, "Products");
        other.write_string(0, 0, "Handle").unwrap();
        // An empty sheet is no table and no problem.
        sheet(workbook, "Sheet3");
    });
    match import(&Workspace::default(), vec![file("shop.xlsx", bytes)]) {
        Outcome::Imported { core, summary, to_map, .. } => {
            assert_eq!(core.skus.len(), 1);
            assert_eq!(summary.tables.len(), 1);
            assert_eq!(to_map.len(), 1, "{to_map:#?}");
            assert_eq!(to_map[0].file.label, "shop.xlsx, sheet Products");
            assert_eq!(to_map[0].file.bytes, b"Handle\n");
            let place = to_map[0].file.sheet.as_ref().expect("a sheet");
            assert_eq!((place.first_row, place.letters.as_slice()), (1, ["A".to_owned()].as_slice()));
        }
        other => panic!("expected an import, got {other:?}"),
    }
}

#[test]
fn a_workbook_of_tables_imports_them_all_at_once() {
    let bytes = book(|workbook| {
        let ws = sheet(workbook, "skus");
        for (col, header) in ["sku_id", "name", "unit_cost"].iter().enumerate() {
            ws.write_string(0, col as u16, *header).unwrap();
        }
        ws.write_number(1, 0, 1001.0).unwrap();
        ws.write_string(1, 1, "Box").unwrap();
        ws.write_number(1, 2, 2.25).unwrap();
        let ws = sheet(workbook, "locations");
        ws.write_string(0, 0, "location_id").unwrap();
        ws.write_string(0, 1, "name").unwrap();
        ws.write_string(1, 0, "AMS").unwrap();
        ws.write_string(1, 1, "Amsterdam").unwrap();
    });
    let workspace = imported(import(&Workspace::default(), vec![file("start.xlsx", bytes)]), &Workspace::default());
    assert_eq!(workspace.skus.len(), 1);
    let sku = workspace.skus.iter().next().unwrap();
    // A number typed as an id is the id as written.
    assert_eq!(sku.id.to_string(), "1001");
    assert_eq!(sku.unit_cost.to_string(), "2.25");
    assert_eq!(workspace.locations.len(), 1);
}

#[test]
fn every_table_as_a_workbook_imports_back_to_the_same_workspace() {
    let workspace = sample();
    let all = exported(Job::ExportXlsx { workspace: workspace.clone(), tables: Table::ALL.to_vec(), today: today() });
    assert_eq!(all.name, "stockpilot-2026-12-07.xlsx");
    assert!(all.bytes.starts_with(b"PK\x03\x04"));
    // A sheet per table, named after it; dates are date cells, ids text.
    let sheets = files::workbook::read_workbook(&all.name, &all.bytes).unwrap();
    let names: Vec<&str> = sheets.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, Table::ALL.iter().map(|t| t.name()).collect::<Vec<_>>());
    let back = imported(import(&Workspace::default(), vec![file(&all.name, all.bytes.clone())]), &Workspace::default());
    assert_eq!(back, workspace);
    // Equal as data: an amount comes back as the number it is (12.50 as
    // 12.5: a number cell keeps no trailing zeros).

    // Into the workspace itself: nothing changes.
    let same = imported(import(&workspace, vec![file(&all.name, all.bytes)]), &workspace);
    assert_eq!(same, workspace);
}

#[test]
fn a_table_workbook_types_its_cells() {
    let mut workspace = sample();
    let one = exported(Job::ExportXlsx { workspace: workspace.clone(), tables: vec![Table::Skus], today: today() });
    assert_eq!(one.name, "skus.xlsx");
    let mut reader: calamine::Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(one.bytes.clone())).unwrap();
    use calamine::Reader;
    let range = reader.worksheet_range("skus").unwrap();
    let headers: Vec<String> = range.rows().next().unwrap().iter().map(|c| c.to_string()).collect();
    let expected_header = engine::io::export_table(&workspace, Table::Skus);
    assert_eq!(headers.join(","), expected_header.lines().next().unwrap());
    let row = range.rows().nth(1).unwrap();
    assert!(matches!(row[0], calamine::Data::String(_)), "the id is text: {:?}", row[0]);
    assert!(matches!(row[4], calamine::Data::Float(_)), "unit_cost is a number: {:?}", row[4]);

    // Edit one cost in the workbook as a person would: it alone changes.
    let first = workspace.skus.iter().next().unwrap().clone();
    let edited = book(|workbook| {
        let ws = sheet(workbook, "skus");
        ws.write_string(0, 0, "sku_id").unwrap();
        ws.write_string(0, 1, "name").unwrap();
        ws.write_string(0, 2, "unit_cost").unwrap();
        ws.write_string(1, 0, first.id.to_string()).unwrap();
        ws.write_string(1, 1, &first.name).unwrap();
        ws.write_number(1, 2, 99.5).unwrap();
    });
    let after = imported(import(&workspace, vec![file("skus.xlsx", edited)]), &workspace);
    assert_ne!(after, workspace);
    let changed = after.skus.iter().find(|s| s.id == first.id).unwrap();
    assert_eq!(changed.unit_cost.to_string(), "99.5");
    workspace.skus = after.skus.clone();
    assert_eq!(after, workspace);
}

#[test]
fn dates_in_an_exported_workbook_are_date_cells() {
    let workspace = sample();
    let lots = exported(Job::ExportXlsx { workspace: workspace.clone(), tables: vec![Table::Demand], today: today() });
    let mut reader: calamine::Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(lots.bytes)).unwrap();
    use calamine::Reader;
    let range = reader.worksheet_range("demand").unwrap();
    let row = range.rows().nth(1).unwrap();
    // demand.csv: date, sku_id, location_id, channel, quantity…
    match &row[0] {
        calamine::Data::DateTime(date) => assert!(date.is_datetime()),
        other => panic!("expected a date cell, got {other:?}"),
    }
    assert!(matches!(row[1], calamine::Data::String(_)));
}

#[test]
fn the_plan_exports_as_a_workbook() {
    let mut workspace = sample();
    let plan = engine::plan::plan(&workspace, today(), &mut |_, _| {});
    // An article number that looks like a number stays the supplier's code.
    let first = plan.suggestions().next().expect("the sample suggests orders").clone();
    let supplier = first.chosen_offer().supplier.clone();
    workspace.offers.modify_where(|o| o.supplier == supplier && o.sku == first.sku, |o| o.supplier_sku = "0012".into());
    let csv = engine::plan::plan_to_csv(&plan, &workspace);
    let book = exported(Job::ExportPlanXlsx { plan, workspace });
    assert_eq!(book.name, "stockpilot-suggestions-2026-12-07.xlsx");
    let sheets = files::workbook::read_workbook(&book.name, &book.bytes).unwrap();
    assert_eq!(sheets[0].name, "suggestions");
    assert_eq!(sheets[0].csv.lines().next(), csv.lines().next());
    assert_eq!(sheets[0].csv.lines().count(), csv.lines().count());
    let mut reader = csv::Reader::from_reader(sheets[0].csv.as_bytes());
    let header = reader.headers().unwrap().clone();
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let row =
        rows.iter().find(|r| r[at("sku")] == *first.sku.as_str() && r[at("location")] == *first.location.as_str());
    assert_eq!(&row.expect("the first suggestion is in the sheet")[at("supplier_sku")], "0012");
}

#[test]
fn the_zip_of_every_table_imports_back_as_it_is() {
    let workspace = sample();
    let archive =
        exported(Job::ExportZip { workspace: workspace.clone(), today: today(), csv_for: CsvFor::AnyProgram });
    assert_eq!(archive.name, "stockpilot-csv-2026-12-07.zip");
    let back = imported(import(&Workspace::default(), vec![file(&archive.name, archive.bytes)]), &Workspace::default());
    assert_eq!(back, workspace);
}

/// An archive as Windows or macOS write it again after unpacking: a folder,
/// deflated or stored entries, macOS' resource forks.
fn rezipped(workspace: &Workspace, method: zip::CompressionMethod) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(method);
    writer.add_directory("stockpilot-csv/", options).unwrap();
    for (table, text) in engine::io::export_csv(workspace) {
        writer.start_file(format!("stockpilot-csv/{}", table.file_name()), options).unwrap();
        writer.write_all(text.as_bytes()).unwrap();
        writer.start_file(format!("__MACOSX/stockpilot-csv/._{}", table.file_name()), options).unwrap();
        writer.write_all(&[0, 5, 22, 7, 0, 2, 0, 0]).unwrap();
    }
    writer.start_file("stockpilot-csv/.DS_Store", options).unwrap();
    writer.write_all(&[0; 16]).unwrap();
    writer.finish().unwrap().into_inner()
}

#[test]
fn a_rezipped_archive_deflated_or_stored_imports_back() {
    let workspace = sample();
    for method in [zip::CompressionMethod::Deflated, zip::CompressionMethod::Stored] {
        let bytes = rezipped(&workspace, method);
        let back = imported(import(&Workspace::default(), vec![file("Archive.zip", bytes)]), &Workspace::default());
        assert_eq!(back, workspace, "{method:?}");
    }
}

#[test]
fn a_bad_row_in_an_archive_refuses_it_all_and_names_the_entry() {
    let workspace = sample();
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    writer.start_file("locations.csv", options).unwrap();
    writer.write_all(b"location_id,name\nNEW,New depot\n").unwrap();
    writer.start_file("skus.csv", options).unwrap();
    writer.write_all(b"sku_id,name,unit_cost\nZ,Zed,free\n").unwrap();
    let bytes = writer.finish().unwrap().into_inner();
    let problems = refused(import(&workspace, vec![file("t.zip", bytes)]));
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert_eq!((problems[0].file.as_str(), problems[0].row), ("t.zip/skus.csv", Some(2)));
}

#[test]
fn csv_for_excel_starts_with_a_byte_order_mark_and_imports_back() {
    let workspace = sample();
    let plain = exported(Job::ExportTables {
        workspace: workspace.clone(),
        tables: vec![Table::Skus],
        csv_for: CsvFor::AnyProgram,
    });
    let for_excel =
        exported(Job::ExportTables { workspace: workspace.clone(), tables: vec![Table::Skus], csv_for: CsvFor::Excel });
    assert!(!plain.bytes.starts_with(&[0xEF, 0xBB, 0xBF]));
    assert_eq!(for_excel.bytes[..3], [0xEF, 0xBB, 0xBF]);
    assert_eq!(for_excel.bytes[3..], plain.bytes[..]);
    let outcome = import(&Workspace::default(), vec![file("skus.csv", for_excel.bytes)]);
    let back = imported(outcome, &Workspace::default());
    assert_eq!(back.skus, workspace.skus);
}
