//! Mapping presets (issue 11) as a workspace table: through CSV
//! (`mapping_presets.csv`, the spec as compact JSON in one cell) and JSON
//! (schema 4, the spec as an object), the stored core chunk, the checks of
//! an import and a restore, and the app's save and delete.
//!
//! Expected values are written by hand from the documented format
//! (`docs/formats.md`, "mapping_presets.csv" and "Mapping specs").

use std::path::Path;

use engine::integrity::{self, Upserted};
use engine::io::mapping::{MappingPreset, MappingSpec};
use engine::io::{self, ImportFile, Table};
use engine::persist::{self, Manifest, LAYOUT_VERSION};
use engine::{Sorted, Workspace};

use super::io::golden_workspace;

/// A stock list from a German spreadsheet, with awkward text: a column name
/// with a comma, quotes and an umlaut, a lookup and a scale factor.
const STOCK_SPEC: &str = r#"{
  "target": "stock_lots",
  "format": {"encoding": "windows1252", "delimiter": "semicolon",
             "numbers": {"decimal": "comma", "thousands": "point"}, "date_order": "day_month_year"},
  "fields": [
    {"field": "sku_id", "source": {"kind": "column", "column": "Artikel, \"Nr.\""}},
    {"field": "location_id", "source": {"kind": "column", "column": "Lager",
       "transform": {"kind": "lookup", "values": {"nord": "DC-NORTH", "süd": "DC-SOUTH"}}}},
    {"field": "quantity", "source": {"kind": "column", "column": "Menge (g)",
       "transform": {"kind": "scale", "factor": "0.001"}}}
  ],
  "skip_rows_without": ["Artikel, \"Nr.\""],
  "not_supplied": [{"field": "expiry", "note": "no best-before dates in the list"}]
}"#;

/// Locations from a plain file: two constants.
const SITES_SPEC: &str = r#"{
  "target": "locations",
  "format": {"encoding": "utf8", "delimiter": "comma", "numbers": {"decimal": "point", "thousands": null},
             "date_order": null},
  "fields": [
    {"field": "location_id", "source": {"kind": "constant", "value": "DC-NORTH"}},
    {"field": "name", "source": {"kind": "column", "column": "Site"}}
  ]
}"#;

fn spec(text: &str) -> MappingSpec {
    serde_json::from_str(text).unwrap()
}

fn preset(name: &str, text: &str) -> MappingPreset {
    MappingPreset { name: name.into(), spec: spec(text) }
}

fn with_presets() -> Workspace {
    Workspace {
        mapping_presets: Sorted::from_vec(vec![
            preset("Lagerliste Süd; \"monatlich\"", STOCK_SPEC),
            preset("=Sites", SITES_SPEC),
        ]),
        ..Workspace::default()
    }
}

fn file(name: &str, text: &str) -> ImportFile {
    ImportFile { name: name.into(), bytes: text.as_bytes().to_vec(), replace: false }
}

/// A spec as a CSV cell: compact JSON, quotes doubled, the cell quoted.
fn cell(text: &str) -> String {
    let compact = serde_json::from_str::<serde_json::Value>(text).unwrap().to_string();
    format!("\"{}\"", compact.replace('"', "\"\""))
}

#[test]
fn a_preset_survives_backup_and_restore_and_csv_export_and_import_unchanged() {
    let workspace = with_presets();
    assert_eq!(io::validate(&workspace), vec![]);

    // JSON: the spec is an object in the document, not a string.
    let json = io::to_json(&workspace);
    assert!(json.starts_with(r#"{"schema_version":4,"#), "{}", &json[..30]);
    assert!(json.contains(r#""mapping_presets":[{"name":"=Sites","spec":{"target":"locations","#), "{json}");
    assert_eq!(io::from_json(&json), Ok(workspace.clone()));

    // CSV: the name cell gets the formula apostrophe, the JSON cell never.
    let text = io::export_table(&workspace, Table::MappingPresets);
    assert!(text.starts_with("name,spec\n'=Sites,\"{\"\"target\"\":\"\"locations\"\","), "{text}");
    let files: Vec<ImportFile> = io::export_csv(&workspace)
        .into_iter()
        .map(|(table, text)| ImportFile { name: table.file_name().into(), bytes: text.into_bytes(), replace: false })
        .collect();
    let (imported, _) = io::import_csv(&Workspace::default(), &files, &mut |_| {}).unwrap();
    assert_eq!(imported, workspace);

    // The stored core chunk carries them too.
    let chunks = persist::encode(&workspace);
    let manifest = Manifest {
        layout_version: LAYOUT_VERSION,
        generation: 1,
        saved_at_ms: 0.0,
        chunks: chunks.iter().map(persist::Chunk::as_ref).collect(),
    };
    let fetch = |key: &str| chunks.iter().find(|c| c.key == key).map(|c| c.bytes.clone());
    assert_eq!(persist::decode(&manifest, fetch).unwrap(), workspace);
}

#[test]
fn a_version_3_backup_loads_with_no_presets() {
    // The golden document as the version 3 writer wrote it (the golden file
    // of the commit before schema 4).
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/old/workspace-v3.json");
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.starts_with(r#"{"schema_version":3,"#) && !text.contains("mapping_presets"));
    let loaded = io::from_json(&text).unwrap_or_else(|problems| panic!("{problems:?}"));
    let mut expected = golden_workspace();
    expected.mapping_presets.clear();
    assert_eq!(loaded, expected);
    assert!(io::to_json(&loaded).contains(r#","mapping_presets":[]}"#));
}

#[test]
fn a_version_4_document_must_hold_the_presets() {
    let mut document: serde_json::Value = serde_json::from_str(&io::to_json(&with_presets())).unwrap();
    document.as_object_mut().unwrap().remove("mapping_presets");
    let problems = io::from_json(&document.to_string()).unwrap_err();
    assert!(problems[0].reason.contains("missing field `mapping_presets`"), "{problems:?}");
}

#[test]
fn an_invalid_spec_cell_is_refused_with_file_row_column_value_and_reason() {
    let not_a_spec = r#"{"target":"stock_lots"}"#;
    let unknown_field = SITES_SPEC.replace(r#""field": "name""#, r#""field": "site_name""#);
    let text =
        format!("name,spec\nSites,{}\nBroken,{}\nTypo,{}\n", cell(SITES_SPEC), cell(not_a_spec), cell(&unknown_field));
    let refused = io::import_csv(&Workspace::default(), &[file("mapping_presets.csv", &text)], &mut |_| {})
        .expect_err("two bad specs refuse the file");
    assert_eq!(refused.total, 2, "{:?}", refused.problems);
    let broken = &refused.problems[0];
    assert_eq!(
        (broken.file.as_str(), broken.row, broken.column.as_deref()),
        ("mapping_presets.csv", Some(3), Some("spec"))
    );
    assert_eq!(broken.value.as_deref(), Some(not_a_spec));
    assert!(broken.reason.starts_with("not a mapping spec: missing field `format`"), "{}", broken.reason);
    let typo = &refused.problems[1];
    assert_eq!((typo.row, typo.column.as_deref()), (Some(4), Some("spec")));
    // site_name is no field of locations, and then nothing fills name.
    assert!(typo.reason.starts_with("mapping of site_name: Locations has no such field; its fields are: location_id, name; nothing fills the required field name of Locations"), "{}", typo.reason);
}

#[test]
fn names_are_unique_ignoring_case_in_a_file_a_reimport_and_a_backup() {
    let text = format!("name,spec\nSites,{}\nSITES ,{}\n", cell(SITES_SPEC), cell(SITES_SPEC));
    let refused = io::import_csv(&Workspace::default(), &[file("mapping_presets.csv", &text)], &mut |_| {})
        .expect_err("the same name twice");
    assert_eq!(refused.problems.len(), 1, "{:?}", refused.problems);
    assert_eq!(refused.problems[0].row, Some(3));
    assert_eq!(refused.problems[0].reason, "duplicate key: name is already on row 2");

    // Re-imported in another case, the preset is updated and takes that spelling.
    let workspace = with_presets();
    let text = format!("name,spec\n=SITES,{}\n", cell(STOCK_SPEC));
    let (imported, summary) = io::import_csv(&workspace, &[file("mapping_presets.csv", &text)], &mut |_| {}).unwrap();
    assert_eq!((summary.tables[0].inserted, summary.tables[0].updated), (0, 1));
    assert_eq!(imported.mapping_presets.len(), 2);
    let updated = imported.mapping_preset("=sites").unwrap();
    assert_eq!(updated.name, "=SITES");
    assert_eq!(updated.spec.target, Table::StockLots);

    // A backup with two names that differ in case only is refused.
    let mut document: serde_json::Value = serde_json::from_str(&io::to_json(&with_presets())).unwrap();
    document["mapping_presets"][1]["name"] = "=sites".into();
    let problems = io::from_json(&document.to_string()).unwrap_err();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].file, "mapping_presets");
    assert_eq!(problems[0].column.as_deref(), Some("name"));
    assert!(problems[0].reason.contains("duplicate key"), "{}", problems[0].reason);
}

#[test]
fn the_app_saves_a_preset_by_name_ignoring_case_and_deletes_it_alone() {
    let mut workspace = golden_workspace();
    let before = workspace.clone();
    let saved = integrity::save_mapping_preset(&mut workspace, preset("  Sites ", SITES_SPEC));
    assert_eq!(saved, Ok(Upserted::Inserted));
    assert_eq!(workspace.mapping_preset("sites").unwrap().name, "Sites", "trimmed");

    let again = integrity::save_mapping_preset(&mut workspace, preset("SITES", STOCK_SPEC));
    assert_eq!(again, Ok(Upserted::Updated));
    let names: Vec<&str> = workspace.mapping_presets.iter().map(|p| p.name.as_str()).collect();
    assert!(names.contains(&"SITES") && !names.contains(&"Sites"), "{names:?}");
    assert_eq!(workspace.mapping_preset("Sites").unwrap().spec.target, Table::StockLots);

    // Refused: no name, a name with a tab, a spec that does not hold together.
    let problems = integrity::save_mapping_preset(&mut workspace, preset("  ", SITES_SPEC)).unwrap_err();
    assert_eq!((problems[0].field.as_str(), problems[0].reason.as_str()), ("name", "is required"));
    let problems = integrity::save_mapping_preset(&mut workspace, preset("a\tb", SITES_SPEC)).unwrap_err();
    assert_eq!(problems[0].field, "name");
    let long = "x".repeat(101);
    let problems = integrity::save_mapping_preset(&mut workspace, preset(&long, SITES_SPEC)).unwrap_err();
    assert_eq!(problems[0].reason, "must be at most 100 characters long");
    let mut no_name_field = spec(SITES_SPEC);
    no_name_field.fields.pop();
    let refused = MappingPreset { name: "Half".into(), spec: no_name_field };
    let problems = integrity::save_mapping_preset(&mut workspace, refused).unwrap_err();
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].field, "spec");
    assert!(problems[0].reason.starts_with("nothing fills the required field name of Locations"), "{problems:?}");

    let summary = integrity::delete_mapping_preset(&mut workspace, " sites ");
    assert_eq!(summary.rows(Table::MappingPresets), 1);
    assert_eq!(integrity::delete_mapping_preset(&mut workspace, "Sites").rows(Table::MappingPresets), 0);
    assert_eq!(workspace, before, "nothing else changed");
}
