//! The `stockpilot` command end to end: it writes the sample, validates it,
//! converts it both ways, plans and classifies it, and uses the exit codes it
//! promises (0 valid, 1 invalid, 2 usage error).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn stockpilot(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_stockpilot")).args(args).output().expect("the binary runs")
}

/// A fresh directory for one test, removed when the test ends (each holds a
/// sample workspace of about 60 MB; left behind, a few runs fill /tmp).
struct Scratch(PathBuf);

impl std::ops::Deref for Scratch {
    type Target = Path;

    fn deref(&self) -> &Path {
        &self.0
    }
}

impl AsRef<Path> for Scratch {
    fn as_ref(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

fn scratch(name: &str) -> Scratch {
    let dir = std::env::temp_dir().join(format!("stockpilot-cli-{}-{name}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    Scratch(dir)
}

fn text(output: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

fn sample_into(dir: &Path) {
    let out = stockpilot(&["sample", dir.to_str().unwrap(), "--today", "2026-11-30"]);
    assert!(out.status.success(), "{}", text(&out));
}

#[test]
fn the_sample_validates_and_converts_both_ways_without_loss() {
    let dir = scratch("roundtrip");
    let csv = dir.join("csv");
    sample_into(&csv);
    for table in ["skus.csv", "offers.csv", "demand.csv", "purchase_orders.csv", "settings.csv"] {
        assert!(csv.join(table).is_file(), "{table} written");
    }
    let valid = stockpilot(&["validate", csv.to_str().unwrap()]);
    assert_eq!(valid.status.code(), Some(0), "{}", text(&valid));
    assert!(text(&valid).contains("is valid"));

    let json = dir.join("workspace.json");
    let out = stockpilot(&["convert", csv.to_str().unwrap(), json.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out));
    let back = dir.join("back");
    let out = stockpilot(&["convert", json.to_str().unwrap(), back.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out));
    for entry in fs::read_dir(&csv).unwrap() {
        let name = entry.unwrap().file_name();
        assert_eq!(
            fs::read(csv.join(&name)).unwrap(),
            fs::read(back.join(&name)).unwrap(),
            "{name:?} survives CSV → JSON → CSV"
        );
    }
}

#[test]
fn the_same_date_gives_the_same_sample_bytes() {
    let first = scratch("same-a");
    let second = scratch("same-b");
    sample_into(&first);
    sample_into(&second);
    for entry in fs::read_dir(&first).unwrap() {
        let name = entry.unwrap().file_name();
        assert_eq!(fs::read(first.join(&name)).unwrap(), fs::read(second.join(&name)).unwrap(), "{name:?}");
    }
}

#[test]
fn invalid_data_exits_1_and_lists_every_problem() {
    let dir = scratch("invalid");
    sample_into(&dir);
    let offers = fs::read_to_string(dir.join("offers.csv")).unwrap();
    let mut lines: Vec<String> = offers.lines().map(str::to_owned).collect();
    let header: Vec<&str> = lines[0].split(',').collect();
    let sku_col = header.iter().position(|c| *c == "sku_id").unwrap();
    let mut cells: Vec<String> = lines[1].split(',').map(str::to_owned).collect();
    cells[sku_col] = "NO-SUCH-SKU".into();
    lines[1] = cells.join(",");
    fs::write(dir.join("offers.csv"), lines.join("\n") + "\n").unwrap();
    let demand = fs::read_to_string(dir.join("demand.csv")).unwrap();
    let mut demand_lines: Vec<String> = demand.lines().map(str::to_owned).collect();
    demand_lines[1] = demand_lines[1].replacen(&demand_lines[1][..10], "2025-02-30", 1);
    fs::write(dir.join("demand.csv"), demand_lines.join("\n") + "\n").unwrap();

    let out = stockpilot(&["validate", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let report = text(&out);
    assert!(report.contains("offers.csv, row 2, column sku_id, value \"NO-SUCH-SKU\""), "{report}");
    assert!(report.contains("demand.csv, row 2, column date, value \"2025-02-30\""), "{report}");
}

#[test]
fn usage_errors_exit_2() {
    let missing = stockpilot(&["validate", "/no/such/path"]);
    assert_eq!(missing.status.code(), Some(2), "{}", text(&missing));
    let unknown = stockpilot(&["frobnicate"]);
    assert_eq!(unknown.status.code(), Some(2));
    let bad_date = stockpilot(&["plan", ".", "--today", "30/11/2026"]);
    assert_eq!(bad_date.status.code(), Some(2));
}

#[test]
fn plan_and_classify_print_every_line() {
    let dir = scratch("plan");
    sample_into(&dir);
    let out = stockpilot(&["plan", dir.to_str().unwrap(), "--today", "2026-11-30", "--format", "csv"]);
    assert!(out.status.success(), "{}", text(&out));
    let csv = String::from_utf8(out.stdout).unwrap();
    assert!(csv.lines().count() > 10, "suggestions are printed");
    let out = stockpilot(&["plan", dir.to_str().unwrap(), "--today", "2026-11-30", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("plan JSON parses");
    assert!(json.is_object() || json.is_array());
    let out = stockpilot(&["classify", dir.to_str().unwrap(), "--today", "2026-11-30"]);
    assert!(out.status.success(), "{}", text(&out));
    let classes = String::from_utf8(out.stdout).unwrap();
    let skus = fs::read_to_string(dir.join("skus.csv")).unwrap().lines().count() - 1;
    assert!(
        classes.lines().count() > skus,
        "every SKU is classified: {} lines for {skus} SKUs",
        classes.lines().count()
    );
}

/// `plan` plans from forecasts by default; `--no-forecast` and the setting
/// `demand_source = history` both plan from history, and give the same plan.
#[test]
fn plan_follows_the_demand_source_setting_and_no_forecast_forces_history() {
    let dir = scratch("plan-source");
    sample_into(&dir);
    let plan = |extra: &[&str]| {
        let mut args = vec!["plan", dir.to_str().unwrap(), "--today", "2026-11-30"];
        args.extend(extra);
        let out = stockpilot(&args);
        assert!(out.status.success(), "{}", text(&out));
        String::from_utf8(out.stdout).unwrap()
    };
    let (forecast, history) = (plan(&[]), plan(&["--no-forecast"]));
    assert_ne!(forecast, history, "the default plan is made from forecasts");
    let settings = dir.join("settings.csv");
    let kept: Vec<String> = fs::read_to_string(&settings)
        .unwrap()
        .lines()
        .filter(|line| !line.starts_with("demand_source,"))
        .map(str::to_owned)
        .collect();
    fs::write(&settings, kept.join("\n") + "\ndemand_source,history\n").unwrap();
    assert_eq!(plan(&[]), history, "demand_source = history plans from history");
    assert_eq!(plan(&["--no-forecast"]), history);
}

/// The bench command runs its whole pipeline on small inputs (the figures
/// themselves are timings, so only their presence and counts are checked).
#[test]
fn bench_reports_planning_import_and_json_figures() {
    let out = stockpilot(&["bench", "--skus", "50", "--import-rows", "2000"]);
    assert!(out.status.success(), "{}", text(&out));
    let printed = text(&out);
    assert!(printed.contains("     50 SKUs × 1 location: plan"), "{printed}");
    assert!(printed.contains("CSV import: 2000 demand rows"), "{printed}");
    assert!(printed.contains("JSON backup of that workspace:"), "{printed}");
    let none = stockpilot(&["bench", "--skus", ""]);
    assert_eq!(none.status.code(), Some(2), "{}", text(&none));
}

#[test]
fn a_json_file_that_is_not_utf8_is_invalid_data_not_a_usage_error() {
    let dir = scratch("encoding");
    let latin1 = dir.join("latin1.json");
    fs::write(&latin1, b"{\"schema_version\":1,\"skus\":[{\"id\":\"Caf\xE9\"}]}").unwrap();
    let out = stockpilot(&["validate", latin1.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("UTF-8"), "{}", text(&out));

    let utf16 = dir.join("utf16.json");
    let bytes: Vec<u8> = r#"{"schema_version":1}"#.encode_utf16().flat_map(u16::to_le_bytes).collect();
    fs::write(&utf16, bytes).unwrap();
    let out = stockpilot(&["validate", utf16.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("UTF-16"), "{}", text(&out));
}

/// `stockpilot forecast`: one CSV row per SKU × location × week with a non-negative
/// forecast inside its interval; JSON with the same pairs; `--backtest` prints the
/// portfolio table with every method.
#[test]
fn forecast_prints_every_pair_week_by_week_and_the_portfolio_table() {
    let dir = scratch("forecast");
    sample_into(&dir);
    let path = dir.to_str().unwrap();
    let csv = stockpilot(&["forecast", path, "--today", "2026-11-30", "--horizon", "3"]);
    assert_eq!(csv.status.code(), Some(0), "{}", text(&csv));
    let csv = String::from_utf8(csv.stdout).unwrap();
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = |name: &str| header.iter().position(|c| *c == name).unwrap();
    let rows: Vec<Vec<&str>> = lines.map(|line| line.split(',').collect()).collect();
    assert!(!rows.is_empty());
    assert_eq!(rows.len() % 3, 0, "three weeks per pair");
    for row in &rows {
        let number = |name: &str| row[col(name)].parse::<f64>().unwrap();
        let (forecast, lower, upper) = (number("forecast"), number("lower_90"), number("upper_90"));
        assert!(0.0 <= lower && lower <= forecast && forecast <= upper, "{row:?}");
        assert!(!row[col("model")].is_empty());
    }
    assert_eq!(rows[0][col("week_start")], "2026-11-30");
    assert_eq!(rows[1][col("week_start")], "2026-12-07");

    let json = stockpilot(&["forecast", path, "--today", "2026-11-30", "--horizon", "3", "--format", "json"]);
    assert_eq!(json.status.code(), Some(0), "{}", text(&json));
    let items: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(items.as_array().unwrap().len() * 3, rows.len());
    assert_eq!(items[0]["forecast"].as_array().unwrap().len(), 3);

    let table = stockpilot(&["forecast", path, "--today", "2026-11-30", "--backtest"]);
    assert_eq!(table.status.code(), Some(0), "{}", text(&table));
    let table = text(&table);
    for method in ["automatic", "flat mean", "seasonal naive", "hindsight best"] {
        assert!(table.lines().any(|line| line.starts_with("overall") && line.contains(method)), "{table}");
    }
}

/// `--timings` adds the phases to stderr and changes nothing on stdout.
#[test]
fn timings_name_every_phase_on_stderr_and_leave_the_plan_alone() {
    let dir = scratch("timings");
    sample_into(&dir);
    let args = ["plan", dir.to_str().unwrap(), "--today", "2026-11-30", "--no-forecast"];
    let plain = stockpilot(&args);
    let timed = stockpilot(&[&args[..], &["--timings"]].concat());
    assert!(plain.status.success() && timed.status.success(), "{}", text(&timed));
    assert_eq!(plain.stdout, timed.stdout);
    assert!(plain.stderr.is_empty(), "{}", text(&plain));
    let stderr = String::from_utf8(timed.stderr).unwrap();
    let phases: Vec<&str> = stderr.lines().filter_map(|line| line.split_whitespace().next()).collect();
    assert_eq!(phases, ["read", "parse+check", "plan", "render", "write", "total"], "{stderr}");
    assert!(stderr.lines().all(|line| line.contains(" ms wall")), "{stderr}");
    if cfg!(target_os = "linux") {
        assert!(stderr.lines().all(|line| line.ends_with(" ms CPU")), "{stderr}");
    }
}

/// `po draft` plans the sample and drafts an order per supplier × location for
/// every line that needs one, numbered after the sample's own orders, each
/// with its evaluation.
#[test]
fn po_draft_prints_the_drafted_orders_with_their_evaluation() {
    let dir = scratch("po-draft");
    sample_into(&dir);
    let out = stockpilot(&["po", "draft", dir.to_str().unwrap(), "--today", "2026-11-30", "--no-forecast"]);
    assert!(out.status.success(), "{}", text(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("the drafts parse as JSON");
    let orders = json["orders"].as_array().expect("a list of orders");
    assert!(!orders.is_empty(), "the sample needs ordering");
    let existing = fs::read_to_string(dir.join("purchase_orders.csv")).unwrap();
    let mut pairs = std::collections::BTreeSet::new();
    let mut n_lines = 0;
    for drafted in orders {
        let order = &drafted["order"];
        let id = order["id"].as_str().unwrap();
        assert!(id.starts_with("PO-2026-") && id.len() == "PO-2026-00000".len(), "{id}");
        assert!(!existing.contains(id), "{id} is new");
        assert_eq!(drafted["evaluation"]["po"], order["id"]);
        assert!(pairs.insert((order["supplier"].to_string(), order["location"].to_string())), "one per pair");
        let lines = order["lines"].as_array().unwrap();
        for (idx, line) in lines.iter().enumerate() {
            assert_eq!(line["line_no"].as_u64(), Some(10 * (idx as u64 + 1)));
            assert!(!line["expected_landed_unit"].is_null());
        }
        n_lines += lines.len();
        assert_eq!(drafted["evaluation"]["lines"].as_array().unwrap().len(), lines.len());
        assert_eq!(order["log"][0]["role"], "Buyer");
    }
    assert_eq!(json["suggestions"].as_u64(), Some(n_lines as u64), "one line per SKU × location in the sample");
}

/// `po cxml` and `po csv` print one order of the sample; an unknown order is
/// a usage error.
#[test]
fn po_prints_an_order_as_cxml_and_csv() {
    let dir = scratch("po");
    sample_into(&dir);
    let lines = fs::read_to_string(dir.join("po_lines.csv")).unwrap();
    let po_id = lines.lines().nth(1).expect("the sample has PO lines").split(',').next().unwrap().to_owned();
    let args = [
        "po",
        "cxml",
        dir.to_str().unwrap(),
        &po_id,
        "--payload-id",
        "test-1@example",
        "--timestamp",
        "2026-12-01T09:30:00+01:00",
    ];
    let out = stockpilot(&args);
    assert!(out.status.success(), "{}", text(&out));
    let xml = String::from_utf8(out.stdout).unwrap();
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE cXML"), "{xml}");
    assert!(xml.contains(r#"payloadID="test-1@example" timestamp="2026-12-01T09:30:00+01:00""#), "{xml}");
    assert!(xml.contains(&format!(r#"<OrderRequestHeader orderID="{po_id}""#)), "{xml}");
    assert!(xml.contains("<ItemOut "), "{xml}");

    let out = stockpilot(&["po", "csv", dir.to_str().unwrap(), &po_id]);
    assert!(out.status.success(), "{}", text(&out));
    let csv = String::from_utf8(out.stdout).unwrap();
    assert!(csv.starts_with(&format!("field,value\npo_id,{po_id}\n")), "{csv}");
    assert!(csv.contains("\nline_no,sku_id,supplier_part_id,"), "{csv}");

    let missing = stockpilot(&["po", "csv", dir.to_str().unwrap(), "NO-SUCH-PO"]);
    assert_eq!(missing.status.code(), Some(2), "{}", text(&missing));
}

/// A stock count from a German spreadsheet: Windows-1252 (Käse = 4B E4 73 65,
/// LÖ-7 = 4C D6 2D 37, Müsli = 4D FC 73 6C 69), semicolons, decimal commas
/// with a thousands point, DD/MM/YYYY dates (15/01 can only be day first).
const LAGER: &[u8] = b"Artikel;Bezeichnung;Charge;Menge;Eingang;Verfallsdatum\r\n\
A-1;K\xE4se;L\xD6-7;1.234,5;15/01/2026;31/12/2026\r\n\
A-2;M\xFCsli;;7,25;02/03/2026;\r\n";

/// The mapping a buyer would save for that file, written by hand.
const LAGER_SPEC: &str = r#"{
  "target": "stock_lots",
  "format": {"encoding": "windows1252", "delimiter": "semicolon",
             "numbers": {"decimal": "comma", "thousands": "point"}, "date_order": "day_month_year"},
  "fields": [
    {"field": "sku_id", "source": {"kind": "column", "column": "Artikel"}},
    {"field": "lot_id", "source": {"kind": "column", "column": "charge"}},
    {"field": "quantity", "source": {"kind": "column", "column": "Menge", "transform": {"kind": "number"}}},
    {"field": "received", "source": {"kind": "column", "column": "Eingang", "transform": {"kind": "date"}}},
    {"field": "expiry", "source": {"kind": "column", "column": "Verfallsdatum", "transform": {"kind": "date"}}},
    {"field": "location_id", "source": {"kind": "constant", "value": "AMS"}}
  ]
}"#;

/// A workspace folder with location AMS and SKUs A-1 and A-2.
fn small_workspace(dir: &Path) -> PathBuf {
    let ws = dir.join("ws");
    fs::create_dir_all(&ws).unwrap();
    fs::write(ws.join("locations.csv"), "location_id,name\nAMS,Amsterdam\n").unwrap();
    fs::write(ws.join("skus.csv"), "sku_id,name,unit_cost\nA-1,Cheese,1\nA-2,Muesli,2\n").unwrap();
    ws
}

#[test]
fn a_latin1_semicolon_file_is_proposed_and_imported_through_a_mapping() {
    let dir = scratch("import-latin1");
    let ws = small_workspace(&dir);
    let file = dir.join("lager.csv");
    fs::write(&file, LAGER).unwrap();
    let proposed = stockpilot(&["import", file.to_str().unwrap(), "--propose"]);
    assert_eq!(proposed.status.code(), Some(0), "{}", text(&proposed));
    let said = text(&proposed);
    for expected in ["Windows-1252", "semicolon-delimited", "decimal comma", "thousands point", "dates DD/MM/YYYY"] {
        assert!(said.contains(expected), "{expected} in {said}");
    }
    // Artikel, Charge and Menge are synonyms of sku_id, lot_id and quantity.
    assert!(said.contains("Table: stock_lots"), "{said}");
    assert!(said.contains("sku_id (required) <- \"Artikel\""), "{said}");

    let spec = dir.join("lager.json");
    fs::write(&spec, LAGER_SPEC).unwrap();
    let out = dir.join("out");
    let imported = stockpilot(&[
        "import",
        file.to_str().unwrap(),
        "--mapping",
        spec.to_str().unwrap(),
        "--into",
        ws.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(imported.status.code(), Some(0), "{}", text(&imported));
    assert!(text(&imported).contains("2 inserted"), "{}", text(&imported));
    let lots = fs::read_to_string(out.join("stock_lots.csv")).unwrap();
    // 1.234,5 is 1234.5; 15/01/2026 is 2026-01-15; 7,25 is 7.25; no expiry is empty.
    assert_eq!(
        lots,
        "sku_id,location_id,lot_id,quantity,received,expiry,quarantine\n\
         A-1,AMS,LÖ-7,1234.5,2026-01-15,2026-12-31,false\n\
         A-2,AMS,,7.25,2026-03-02,,false\n"
    );
}

#[test]
fn a_bad_cell_refuses_the_whole_import_naming_the_users_row_and_column() {
    let dir = scratch("import-bad");
    let ws = small_workspace(&dir);
    let file = dir.join("lager.csv");
    // Row 2 is fine, row 3 is empty, row 4 has a negative quantity.
    fs::write(&file, b"Artikel;Charge;Menge;Eingang;Verfallsdatum\nA-1;L1;5;15/01/2026;\n\nA-2;L2;-2;15/01/2026;\n")
        .unwrap();
    let spec = dir.join("lager.json");
    fs::write(&spec, LAGER_SPEC).unwrap();
    let out = dir.join("out.json");
    let refused = stockpilot(&[
        "import",
        file.to_str().unwrap(),
        "--mapping",
        spec.to_str().unwrap(),
        "--into",
        ws.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(refused.status.code(), Some(1), "{}", text(&refused));
    assert!(text(&refused).contains("lager.csv, row 4, column Menge, value \"-2\": "), "{}", text(&refused));
    assert!(text(&refused).contains("1 problem found"), "{}", text(&refused));
    assert!(!out.exists(), "nothing is written when the import is refused");
}

#[test]
fn ambiguous_dates_are_a_question_in_the_proposal() {
    let dir = scratch("import-ambiguous");
    let file = dir.join("sales.csv");
    // 03/04 and 05/06: both parts at most 12 in every date.
    fs::write(&file, "sku,location,date,qty\nA-1,AMS,03/04/2026,2\nA-1,AMS,05/06/2026,1\n").unwrap();
    let proposed = stockpilot(&["import", file.to_str().unwrap(), "--propose"]);
    assert_eq!(proposed.status.code(), Some(0), "{}", text(&proposed));
    let said = text(&proposed);
    assert!(said.contains("dates ambiguous"), "{said}");
    assert!(said.contains("Question: the dates in \"date\" (like 03/04/2026)"), "{said}");
    assert!(said.contains("\"date_order\": null"), "{said}");
}

#[test]
fn a_mapping_saved_with_save_preset_imports_next_months_file_by_name() {
    let dir = scratch("import-preset");
    let ws = small_workspace(&dir);
    let file = dir.join("lager.csv");
    fs::write(&file, LAGER).unwrap();
    let spec = dir.join("lager.json");
    fs::write(&spec, LAGER_SPEC).unwrap();
    let first = dir.join("first.json");
    let saved = stockpilot(&[
        "import",
        file.to_str().unwrap(),
        "--mapping",
        spec.to_str().unwrap(),
        "--save-preset",
        " Lager monthly ",
        "--into",
        ws.to_str().unwrap(),
        "--out",
        first.to_str().unwrap(),
    ]);
    assert_eq!(saved.status.code(), Some(0), "{}", text(&saved));
    assert!(text(&saved).contains("Saved the mapping as preset \"Lager monthly\""), "{}", text(&saved));

    // Next month: one lot more, found by the preset's name in another case.
    let next = dir.join("lager-next.csv");
    let mut bytes = LAGER.to_vec();
    bytes.extend_from_slice(b"A-2;M\xFCsli;L9;3;01/04/2026;\r\n");
    fs::write(&next, bytes).unwrap();
    let second = dir.join("second");
    let again = stockpilot(&[
        "import",
        next.to_str().unwrap(),
        "--preset",
        "LAGER MONTHLY",
        "--into",
        first.to_str().unwrap(),
        "--out",
        second.to_str().unwrap(),
    ]);
    assert_eq!(again.status.code(), Some(0), "{}", text(&again));
    // The two lots of last month are unchanged, L9 is new.
    assert!(text(&again).contains("3 rows, 1 inserted, 0 updated, 2 unchanged"), "{}", text(&again));
    let presets = fs::read_to_string(second.join("mapping_presets.csv")).unwrap();
    assert!(presets.starts_with("name,spec\nLager monthly,\"{\"\"target\"\":\"\"stock_lots\"\","), "{presets}");
}

#[test]
fn an_unknown_preset_is_a_usage_error_naming_the_saved_ones() {
    let dir = scratch("import-no-preset");
    let ws = small_workspace(&dir);
    let file = dir.join("lager.csv");
    fs::write(&file, LAGER).unwrap();
    let out = dir.join("out.json");
    let args = |ws: &Path| {
        stockpilot(&[
            "import",
            file.to_str().unwrap(),
            "--preset",
            "Shopfiy",
            "--into",
            ws.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ])
    };
    let none = args(&ws);
    assert_eq!(none.status.code(), Some(2), "{}", text(&none));
    assert!(
        text(&none).contains("no mapping preset \"Shopfiy\" in the workspace; the workspace has no saved presets"),
        "{}",
        text(&none)
    );

    // A compact spec in the preset table's spec cell, CSV-quoted.
    let compact: serde_json::Value = serde_json::from_str(LAGER_SPEC).unwrap();
    let cell = compact.to_string().replace('"', "\"\"");
    fs::write(ws.join("mapping_presets.csv"), format!("name,spec\nLager,\"{cell}\"\nShopify,\"{cell}\"\n")).unwrap();
    let listed = args(&ws);
    assert_eq!(listed.status.code(), Some(2), "{}", text(&listed));
    assert!(text(&listed).contains("its presets are \"Lager\", \"Shopify\""), "{}", text(&listed));
    assert!(!out.exists(), "nothing is written");
}

fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/examples/imports").join(name)
}

#[test]
fn built_in_presets_import_shopify_products_then_orders_with_a_report() {
    let dir = scratch("import-presets");
    sample_into(&dir.join("ws"));
    let ws = dir.join("ws");
    let products = dir.join("products.json");
    let imported = stockpilot(&[
        "import",
        example("shopify-products.csv").to_str().unwrap(),
        "--preset",
        "shopify-products",
        "--location",
        "AMS",
        "--lead-time-days",
        "10",
        "--into",
        ws.to_str().unwrap(),
        "--out",
        products.to_str().unwrap(),
    ]);
    assert_eq!(imported.status.code(), Some(0), "{}", text(&imported));
    let said = text(&imported);
    // Worked out from the example: 7 variants with a SKU, 3 vendors, 6 tracked quantities.
    for expected in [
        "Imported shopify-products.csv into skus: 7 rows, 7 inserted, 0 updated, 0 unchanged, 0 deleted",
        "Imported shopify-products.csv into suppliers: 3 rows, 3 inserted",
        "Imported shopify-products.csv into offers: 7 rows, 7 inserted",
        "Imported shopify-products.csv into stock_lots: 6 rows, 6 inserted",
        "  2 rows skipped: no SKU (image rows, or variants without a SKU) (rows 6, 8)",
        "  1 row skipped: gift cards (row 11)",
        "  1 row skipped: stock not tracked (row 10)",
        "  assumed for new rows: lead_time_days = 10 (7 new, existing rows kept theirs)",
        "A Shopify products export cannot supply",
    ] {
        assert!(said.contains(expected), "{expected:?} in\n{said}");
    }
    // Each skip reason is said once, though four tables skip the same rows.
    assert_eq!(said.matches("gift cards").count(), 1, "{said}");

    let orders = dir.join("orders.json");
    let imported = stockpilot(&[
        "import",
        example("shopify-orders.csv").to_str().unwrap(),
        "--preset",
        "shopify-orders",
        "--location",
        "AMS",
        "--into",
        products.to_str().unwrap(),
        "--out",
        orders.to_str().unwrap(),
    ]);
    assert_eq!(imported.status.code(), Some(0), "{}", text(&imported));
    let said = text(&imported);
    // 10 lines: the cancelled #1003 and #1002's engraving skipped; #1007 folded
    // into #1001 (same day and SKU: 15) and #1005 into #1004's sanitiser: 6 days.
    for expected in [
        "Imported shopify-orders.csv into demand: 6 rows, 6 inserted",
        "  1 row skipped: cancelled orders (row 6)",
        "  1 row skipped: lines without a SKU (custom items, services) (row 5)",
        "  2 rows combined with an earlier row of the same key",
        "Imported shopify-orders.csv into locations: 2 rows, 1 inserted, 0 updated, 1 unchanged",
    ] {
        assert!(said.contains(expected), "{expected:?} in\n{said}");
    }

    // Orders without a location and no --location: a usage-free, clear refusal.
    let refused = stockpilot(&[
        "import",
        example("shopify-orders.csv").to_str().unwrap(),
        "--preset",
        "shopify-orders",
        "--into",
        products.to_str().unwrap(),
        "--out",
        dir.join("none.json").to_str().unwrap(),
    ]);
    assert_eq!(refused.status.code(), Some(1), "{}", text(&refused));
    assert!(text(&refused).contains("--location"), "{}", text(&refused));
}

#[test]
fn odoo_quants_with_a_negative_quant_report_the_skip_and_an_unknown_preset_is_a_usage_error() {
    let dir = scratch("import-odoo");
    sample_into(&dir.join("ws"));
    let ws = dir.join("ws");
    let products = dir.join("products.json");
    let imported = stockpilot(&[
        "import",
        example("odoo-products.csv").to_str().unwrap(),
        "--preset",
        "odoo-products",
        "--into",
        ws.to_str().unwrap(),
        "--out",
        products.to_str().unwrap(),
    ]);
    assert_eq!(imported.status.code(), Some(0), "{}", text(&imported));
    assert!(
        text(&imported).contains("Imported odoo-products.csv into offers: 5 rows, 5 inserted"),
        "{}",
        text(&imported)
    );
    let quants = dir.join("quants");
    let imported = stockpilot(&[
        "import",
        example("odoo-stock-quants.csv").to_str().unwrap(),
        "--preset",
        "odoo-stock-quants",
        "--into",
        products.to_str().unwrap(),
        "--out",
        quants.to_str().unwrap(),
    ]);
    assert_eq!(imported.status.code(), Some(0), "{}", text(&imported));
    let said = text(&imported);
    assert!(said.contains("  1 row skipped: negative quants: no stock is recorded for them (row 9)"), "{said}");
    assert!(said.contains("Imported odoo-stock-quants.csv into stock_lots: 9 rows, 9 inserted"), "{said}");
    let lots = fs::read_to_string(quants.join("stock_lots.csv")).unwrap();
    // Lot L2409 in two packages: 36 + 4.
    assert!(lots.contains("SAN-500,WH/Stock,L2409,40,2025-10-02,2027-09-30,false\n"), "{lots}");

    let unknown = stockpilot(&[
        "import",
        example("odoo-stock-quants.csv").to_str().unwrap(),
        "--preset",
        "my-odoo",
        "--into",
        products.to_str().unwrap(),
        "--out",
        dir.join("x.json").to_str().unwrap(),
    ]);
    assert_eq!(unknown.status.code(), Some(2), "{}", text(&unknown));
    assert!(
        text(&unknown).contains(
            "no mapping preset \"my-odoo\" in the workspace; the workspace has no saved presets; \
             the built-in presets are shopify-products, shopify-orders"
        ),
        "{}",
        text(&unknown)
    );
}

#[test]
fn a_location_map_puts_shopify_locations_onto_the_workspaces_and_names_what_is_missing() {
    let dir = scratch("import-location-map");
    sample_into(&dir.join("ws"));
    let ws = dir.join("ws");
    let products = dir.join("products.json");
    let imported = stockpilot(&[
        "import",
        example("shopify-products.csv").to_str().unwrap(),
        "--preset",
        "shopify-products",
        "--into",
        ws.to_str().unwrap(),
        "--out",
        products.to_str().unwrap(),
    ]);
    assert_eq!(imported.status.code(), Some(0), "{}", text(&imported));
    let inventory = example("shopify-inventory.csv");
    let run = |map: &[&str], out: &str| {
        let mut args = vec!["import", inventory.to_str().unwrap(), "--preset", "shopify-inventory"];
        for value in map {
            args.extend(["--location-map", value]);
        }
        let out = dir.join(out);
        let (into, out) = (products.to_str().unwrap().to_owned(), out.to_str().unwrap().to_owned());
        let mut args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
        args.extend(["--into".to_owned(), into, "--out".to_owned(), out]);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        stockpilot(&args)
    };
    let imported = run(&["Magazijn Utrecht=RTM,Winkel Amsterdam=AMS"], "mapped.json");
    assert_eq!(imported.status.code(), Some(0), "{}", text(&imported));
    let said = text(&imported);
    // Hand-worked from the example: 8 ordinary lots (rows 2-6, 8-10) and 2
    // quarantined UNAVAILABLE lots (rows 4 and 8, the only rows with
    // Unavailable units), 5 commitments (rows 2, 4, 5, 6, 8), no locations
    // created.
    for expected in [
        "Imported shopify-inventory.csv into stock_lots: 10 rows, 10 inserted",
        "Imported shopify-inventory.csv into commitments: 5 rows, 5 inserted",
        "  3 rows skipped: nothing committed and no commitment to clear (a commitment the workspace has is set to 0) (rows 3, 9, 10)",
        "  note: stock is Shopify's On hand less Unavailable",
    ] {
        assert!(said.contains(expected), "{expected:?} in\n{said}");
    }
    assert!(!said.contains("into locations"), "{said}");

    // A name the map lacks: refused, nothing written, one line for all its rows.
    let refused = run(&["Magazijn Utrecht=RTM"], "partial.json");
    assert_eq!(refused.status.code(), Some(1), "{}", text(&refused));
    let said = text(&refused);
    assert!(said.contains("Winkel Amsterdam"), "{said}");
    assert!(said.contains("2 more rows have this value"), "{said}");
    assert!(!dir.join("partial.json").exists());

    // A target the workspace does not have: its locations are listed.
    let refused = run(&["Magazijn Utrecht=UTR", "Winkel Amsterdam=AMS"], "typo.json");
    assert_eq!(refused.status.code(), Some(1), "{}", text(&refused));
    assert!(text(&refused)
        .contains("which is not a location of the workspace; the workspace's locations are AMS, EIN, RTM"));
    // Not NAME=ID: a usage error.
    assert_eq!(run(&["Magazijn Utrecht"], "bad.json").status.code(), Some(2));
}

/// `kpi` reports the sample's KPIs: JSON with the twelve months (the first
/// from the 1st of December 2025 to the as-of date 2026-11-30, the last
/// November whole), portfolio rows, and a CSV table with its documented
/// header; a bad table name and a period after the as-of date are usage
/// errors.
#[test]
fn kpi_reports_the_sample() {
    let dir = scratch("kpi");
    sample_into(&dir);
    let path = dir.to_str().unwrap();
    let out = stockpilot(&["kpi", path, "--today", "2026-11-30"]);
    assert!(out.status.success(), "{}", text(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let months = json["months"].as_array().unwrap();
    assert_eq!(months.len(), 12);
    assert_eq!(months[0]["from"], "2025-12-01");
    assert_eq!(months[11]["to"], "2026-11-30");
    let portfolio = json["service"]
        .as_array()
        .unwrap()
        .iter()
        .find(|row| row["scope"] == "portfolio" && row["period"]["month"].is_null())
        .unwrap();
    let fill = portfolio["fill_rate"].as_f64().unwrap();
    assert!(fill > 0.5 && fill <= 1.0, "{fill}");

    let out = stockpilot(&[
        "kpi",
        path,
        "--today",
        "2026-11-30",
        "--from",
        "2026-10-15",
        "--format",
        "csv",
        "--table",
        "inventory",
    ]);
    assert!(out.status.success(), "{}", text(&out));
    let csv = String::from_utf8(out.stdout).unwrap();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("scope,key,location,month,from,to,partial,opening_value,closing_value,average_value,snapshots,cogs,turnover,days_on_hand,negative_pairs")
    );
    assert!(lines.next().unwrap().starts_with("portfolio,all,,2026-10-01,2026-10-15,2026-10-31,true,"));

    let out = stockpilot(&["kpi", path, "--today", "2026-11-30", "--format", "csv", "--table", "nope"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    let out = stockpilot(&["kpi", path, "--today", "2026-11-30", "--to", "2026-12-01"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
}
