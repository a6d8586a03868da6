//! The tables a buyer tells the forecast with (issue 7): forecast pins,
//! forecast overrides, promotions, launches and the `demand_source` setting.
//! Round trips through CSV and JSON, every refusal with its exact message,
//! all-or-nothing batches, cascades on delete, and old backups.
//! (The golden files in `io.rs` hold a row of each table too.)

use std::path::Path;

use chrono::NaiveDate;
use engine::integrity::{self, EntityRef};
use engine::io::{self, ImportFile, ImportRefused, Table};
use engine::*;

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn file(name: &str, text: &str) -> ImportFile {
    ImportFile { name: name.to_owned(), bytes: text.as_bytes().to_vec(), replace: false }
}

fn import(workspace: &Workspace, files: &[ImportFile]) -> Result<Workspace, ImportRefused> {
    io::import_csv(workspace, files, &mut |_| {}).map(|(workspace, _)| workspace)
}

/// SKUs A-1 and C-3 of family PPE, B-2 without a family, D-4 alone in
/// family Toys; locations WH1 and WH2.
fn base() -> Workspace {
    import(
        &Workspace::default(),
        &[
            file(
                "skus.csv",
                "sku_id,name,family,unit_cost\nA-1,Gloves,PPE,2\nB-2,Tape,,1\nC-3,Masks,PPE,1\nD-4,Yo-yo,Toys,3\n",
            ),
            file("locations.csv", "location_id,name\nWH1,Main\nWH2,Overflow\n"),
        ],
    )
    .unwrap()
}

const PINS: &str = "sku_id,family,model,season_weeks\n,PPE,HOLT_WINTERS_ADDITIVE,52\nB-2,,croston,\n";
const OVERRIDES: &str =
    "sku_id,location_id,week_start,quantity,note\nA-1,WH1,2025-03-03,120.5,\"=fair, \"\"hall 3\"\"\"\n";
const PROMOTIONS: &str = "promotion_id,sku_id,family,location_id,start,end,uplift,note\n\
                          P-1,,PPE,,2025-04-01,2025-04-14,1.5,Spring\n\
                          P-2,B-2,,WH2,2024-11-25,2024-11-25,Learned,\n";
const LAUNCHES: &str = "sku_id,location_id,like_sku_id,like_share,weekly_rate,use_family_profile,start\n\
                        C-3,,A-1,0.6,,no,2025-05-05\n\
                        C-3,WH1,,,25,yes,2025-05-12\n";

fn with_forecast_inputs() -> Workspace {
    import(
        &base(),
        &[
            file("forecast_pins.csv", PINS),
            file("forecast_overrides.csv", OVERRIDES),
            file("promotions.csv", PROMOTIONS),
            file("launches.csv", LAUNCHES),
            file("settings.csv", "key,value\ndemand_source,History\n"),
        ],
    )
    .unwrap_or_else(|refusal| panic!("{}", refusal.message()))
}

#[test]
fn the_files_read_into_the_model_as_written() {
    let workspace = with_forecast_inputs();
    assert_eq!(workspace.settings.demand_source, DemandSource::History);
    // Key order: SKU pins before family pins.
    assert_eq!(
        workspace.forecast_pins.to_vec(),
        [
            ForecastPin { scope: ForecastScope::Sku("B-2".into()), model: ForecastModel::Croston, season_weeks: None },
            ForecastPin {
                scope: ForecastScope::Family("PPE".into()),
                model: ForecastModel::HoltWintersAdditive,
                season_weeks: Some(52),
            },
        ]
    );
    assert_eq!(
        workspace.forecast_overrides.to_vec(),
        [ForecastOverride {
            sku: "A-1".into(),
            location: "WH1".into(),
            week_start: date("2025-03-03"),
            quantity: 120.5,
            note: "=fair, \"hall 3\"".into(),
        }]
    );
    assert_eq!(workspace.promotions[0].scope, ForecastScope::Family("PPE".into()));
    assert_eq!(workspace.promotions[0].location, None);
    assert_eq!(workspace.promotions[0].uplift, Uplift::Factor(1.5));
    assert_eq!(workspace.promotions[1].location, Some("WH2".into()));
    assert_eq!(workspace.promotions[1].uplift, Uplift::Learned);
    assert_eq!(
        workspace.launches.to_vec(),
        [
            Launch {
                sku: "C-3".into(),
                location: None,
                like_sku: Some("A-1".into()),
                like_share: Some(0.6),
                weekly_rate: None,
                use_family_profile: false,
                start: date("2025-05-05"),
            },
            Launch {
                sku: "C-3".into(),
                location: Some("WH1".into()),
                like_sku: None,
                like_share: None,
                weekly_rate: Some(25.0),
                use_family_profile: true,
                start: date("2025-05-12"),
            },
        ]
    );
}

#[test]
fn csv_to_workspace_to_csv_to_workspace_and_json_round_trip() {
    let workspace = with_forecast_inputs();
    let exported = io::export_csv(&workspace);
    let files: Vec<ImportFile> = exported
        .iter()
        .map(|(table, text)| ImportFile {
            name: table.file_name().into(),
            bytes: text.clone().into_bytes(),
            replace: true,
        })
        .collect();
    let again = import(&Workspace::default(), &files).unwrap_or_else(|refusal| panic!("{}", refusal.message()));
    assert_eq!(again, workspace);
    assert_eq!(io::export_csv(&again), exported, "the second export is byte for byte the first");
    // The spellings export normalises: codes lower-case, booleans true/false,
    // the note's formula apostrophe.
    let text = |table: Table| exported.iter().find(|(t, _)| *t == table).unwrap().1.clone();
    assert_eq!(
        text(Table::ForecastPins),
        "sku_id,family,model,season_weeks\nB-2,,croston,\n,PPE,holt_winters_additive,52\n"
    );
    assert_eq!(
        text(Table::ForecastOverrides),
        "sku_id,location_id,week_start,quantity,note\nA-1,WH1,2025-03-03,120.5,\"'=fair, \"\"hall 3\"\"\"\n"
    );
    assert_eq!(
        text(Table::Promotions),
        "promotion_id,sku_id,family,location_id,start,end,uplift,note\n\
         P-1,,PPE,,2025-04-01,2025-04-14,1.5,Spring\n\
         P-2,B-2,,WH2,2024-11-25,2024-11-25,learned,\n"
    );
    assert_eq!(
        text(Table::Launches),
        "sku_id,location_id,like_sku_id,like_share,weekly_rate,use_family_profile,start\n\
         C-3,,A-1,0.6,,false,2025-05-05\n\
         C-3,WH1,,,25,true,2025-05-12\n"
    );
    assert!(text(Table::Settings).contains("\ndemand_source,history\n"));

    let json = io::to_json(&workspace);
    assert!(json.starts_with(r#"{"schema_version":4,"#));
    assert_eq!(io::from_json(&json), Ok(workspace));
}

#[test]
fn a_semicolon_file_with_decimal_commas_reads_the_same_factors_and_shares() {
    let workspace = import(
        &base(),
        &[
            file("promotions.csv", "promotion_id;sku_id;start;end;uplift\nP-1;A-1;2025-04-01;2025-04-02;1,25\n"),
            file("launches.csv", "sku_id;like_sku_id;like_share;start\nB-2;A-1;0,75;2025-05-05\n"),
        ],
    )
    .unwrap_or_else(|refusal| panic!("{}", refusal.message()));
    assert_eq!(workspace.promotions[0].uplift, Uplift::Factor(1.25));
    assert_eq!(workspace.launches[0].like_share, Some(0.75));
}

/// Each bad row on its own, with the whole problem as the buyer reads it.
#[test]
fn every_refusal_names_file_row_column_value_and_reason() {
    let base = base();
    let cases: &[(&str, &str, &str)] = &[
        // forecast_pins.csv
        (
            "forecast_pins.csv",
            "sku_id,family,model\nA-1,PPE,naive\n",
            "forecast_pins.csv, row 2, column family, value \"PPE\": give either sku_id or family, not both",
        ),
        (
            "forecast_pins.csv",
            "sku_id,family,model\n,,naive\n",
            "forecast_pins.csv, row 2, column sku_id, value \"\": one of sku_id or family is required",
        ),
        (
            "forecast_pins.csv",
            "sku_id,family,model\nZ-9,,naive\n",
            "forecast_pins.csv, row 2, column sku_id, value \"Z-9\": unknown SKU: there is no SKU Z-9",
        ),
        (
            "forecast_pins.csv",
            "sku_id,family,model\n,Garden,naive\n",
            "forecast_pins.csv, row 2, column family, value \"Garden\": unknown family: no SKU has the family \"Garden\" \
             (spell it exactly as in skus.csv)",
        ),
        (
            "forecast_pins.csv",
            "sku_id,family,model\nA-1,,prophet\n",
            "forecast_pins.csv, row 2, column model, value \"prophet\": unknown value; expected one of auto, flat_mean, \
             naive, seasonal_naive, moving_average, ses, holt, holt_damped, holt_winters_additive, \
             holt_winters_multiplicative, croston, sba, tsb, zero",
        ),
        (
            "forecast_pins.csv",
            "sku_id,family,model,season_weeks\nA-1,,holt_winters_additive,1\n",
            "forecast_pins.csv, row 2, column season_weeks, value \"1\": must be between 2 and 104 weeks \
             (leave it empty to detect the season)",
        ),
        (
            "forecast_pins.csv",
            "sku_id,family,model,season_weeks\n,PPE,auto,105\n",
            "forecast_pins.csv, row 2, column season_weeks, value \"105\": must be between 2 and 104 weeks \
             (leave it empty to detect the season)",
        ),
        (
            "forecast_pins.csv",
            "sku_id,family,model\n,PPE,naive\n,PPE,ses\n",
            "forecast_pins.csv, row 3, column sku_id, value \" / PPE\": duplicate key: sku_id, family is already on row 2",
        ),
        // forecast_overrides.csv
        (
            "forecast_overrides.csv",
            "sku_id,location_id,week_start,quantity\nA-1,WH9,2025-03-03,5\n",
            "forecast_overrides.csv, row 2, column location_id, value \"WH9\": unknown location: there is no location WH9",
        ),
        (
            "forecast_overrides.csv",
            "sku_id,location_id,week_start,quantity\nA-1,WH1,2025-03-03,-5\n",
            "forecast_overrides.csv, row 2, column quantity, value \"-5\": must not be negative",
        ),
        (
            "forecast_overrides.csv",
            "sku_id,location_id,week_start,quantity\nA-1,WH1,2025-03-03,2e9\n",
            "forecast_overrides.csv, row 2, column quantity, value \"2e9\": quantity too large: at most 1000000000 (10^9)",
        ),
        (
            "forecast_overrides.csv",
            "sku_id,location_id,week_start,quantity\nA-1,WH1,1989-12-25,5\n",
            "forecast_overrides.csv, row 2, column week_start, value \"1989-12-25\": must lie between 1990-01-01 and \
             2100-12-31",
        ),
        // promotions.csv
        (
            "promotions.csv",
            "promotion_id,sku_id,start,end,uplift\nP-1,A-1,2025-04-10,2025-04-01,1.5\n",
            "promotions.csv, row 2, column end, value \"2025-04-01\": must not be before the start (2025-04-10)",
        ),
        (
            "promotions.csv",
            "promotion_id,sku_id,start,end,uplift\nP-1,A-1,2025-04-01,2025-04-10,0\n",
            "promotions.csv, row 2, column uplift, value \"0\": must be a factor above 0 and at most 100 \
             (1.5 for +50 %), or learned",
        ),
        (
            "promotions.csv",
            "promotion_id,sku_id,start,end,uplift\nP-1,A-1,2025-04-01,2025-04-10,101\n",
            "promotions.csv, row 2, column uplift, value \"101\": must be a factor above 0 and at most 100 \
             (1.5 for +50 %), or learned",
        ),
        (
            "promotions.csv",
            "promotion_id,sku_id,start,end,uplift\nP-1,A-1,2025-04-01,2025-04-10,lots\n",
            "promotions.csv, row 2, column uplift, value \"lots\": expected a factor such as 1.5 (for +50 %) or the \
             word learned",
        ),
        (
            "promotions.csv",
            "promotion_id,family,location_id,start,end,uplift\nP-1,PPE,WH9,2025-04-01,2025-04-10,learned\n",
            "promotions.csv, row 2, column location_id, value \"WH9\": unknown location: there is no location WH9",
        ),
        (
            "promotions.csv",
            "promotion_id,family,start,end,uplift\nP-1,ppe,2025-04-01,2025-04-10,learned\n",
            "promotions.csv, row 2, column family, value \"ppe\": unknown family: no SKU has the family \"ppe\" \
             (spell it exactly as in skus.csv)",
        ),
        (
            "promotions.csv",
            "promotion_id,start,end,uplift\nP-1,2025-04-01,2025-04-10,learned\n",
            "promotions.csv, row 2, column sku_id, value \"\": one of sku_id or family is required",
        ),
        (
            "promotions.csv",
            "promotion_id,sku_id,start,end,uplift\nP-1,A-1,2025-04-01,2101-01-01,2\n",
            "promotions.csv, row 2, column end, value \"2101-01-01\": must lie between 1990-01-01 and 2100-12-31",
        ),
        // launches.csv
        (
            "launches.csv",
            "sku_id,start\nB-2,2025-05-05\n",
            "launches.csv, row 2, column like_sku_id, value \"\": a launch needs a source of demand: like_sku_id, \
             weekly_rate or use_family_profile",
        ),
        (
            "launches.csv",
            "sku_id,like_sku_id,like_share,start\nB-2,B-2,0.5,2025-05-05\n",
            "launches.csv, row 2, column like_sku_id, value \"B-2\": must be another SKU: a new item cannot sell like \
             itself",
        ),
        (
            "launches.csv",
            "sku_id,like_sku_id,like_share,start\nB-2,Z-9,0.5,2025-05-05\n",
            "launches.csv, row 2, column like_sku_id, value \"Z-9\": unknown SKU: there is no SKU Z-9",
        ),
        (
            "launches.csv",
            "sku_id,like_sku_id,start\nB-2,A-1,2025-05-05\n",
            "launches.csv, row 2, column like_share, value \"\": is required with like_sku_id (0.6 for 60 % of its \
             demand)",
        ),
        (
            "launches.csv",
            "sku_id,like_share,weekly_rate,start\nB-2,0.5,10,2025-05-05\n",
            "launches.csv, row 2, column like_share, value \"0.5\": is only meaningful with like_sku_id; give the like \
             SKU or leave it empty",
        ),
        (
            "launches.csv",
            "sku_id,like_sku_id,like_share,start\nB-2,A-1,11,2025-05-05\n",
            "launches.csv, row 2, column like_share, value \"11\": must be a share above 0 and at most 10 (0.6 for 60 %)",
        ),
        (
            "launches.csv",
            "sku_id,weekly_rate,start\nB-2,0,2025-05-05\n",
            "launches.csv, row 2, column weekly_rate, value \"0\": must be greater than zero",
        ),
        (
            "launches.csv",
            "sku_id,use_family_profile,start\nB-2,true,2025-05-05\n",
            "launches.csv, row 2, column use_family_profile, value \"true\": SKU B-2 has no family, so there is no \
             family profile to use; set its family in skus.csv",
        ),
        (
            "launches.csv",
            "sku_id,location_id,weekly_rate,start\nB-2,WH9,5,2025-05-05\n",
            "launches.csv, row 2, column location_id, value \"WH9\": unknown location: there is no location WH9",
        ),
        (
            "launches.csv",
            "sku_id,weekly_rate,start\nZ-9,5,2025-05-05\n",
            "launches.csv, row 2, column sku_id, value \"Z-9\": unknown SKU: there is no SKU Z-9",
        ),
        // settings.csv
        (
            "settings.csv",
            "key,value\ndemand_source,guess\n",
            "settings.csv, row 2, column value, value \"guess\": expected one of forecast, history",
        ),
    ];
    for &(name, text, expected) in cases {
        let refusal = import(&base, &[file(name, text)]).expect_err(name);
        let messages: Vec<String> = refusal.problems.iter().map(ToString::to_string).collect();
        assert_eq!(messages, [expected], "{name}: {text}");
    }
}

#[test]
fn a_bad_row_in_one_file_refuses_the_whole_batch_with_every_problem() {
    let files = [
        file("skus.csv", "sku_id,name,unit_cost\nE-5,New,1\n"),
        file("forecast_pins.csv", "sku_id,family,model\nE-5,,ses\n"),
        file("promotions.csv", "promotion_id,sku_id,start,end,uplift\nP-1,E-5,2025-04-01,2025-04-10,-1\n"),
        file("launches.csv", "sku_id,weekly_rate,start\nE-5,5,2025-05-05\n"),
    ];
    let refusal = import(&base(), &files).unwrap_err();
    assert_eq!(refusal.total, 1);
    assert_eq!(refusal.problems[0].file, "promotions.csv");
    // Without the bad row, the same batch goes in whole, rows referring to the new SKU of the same batch.
    let good = import(&base(), &[files[0].clone(), files[1].clone(), files[3].clone()]).unwrap();
    assert_eq!((good.skus.len(), good.forecast_pins.len(), good.launches.len()), (5, 1, 1));
}

#[test]
fn replacing_skus_without_one_a_forecast_row_names_is_refused() {
    let workspace = with_forecast_inputs();
    let skus = "sku_id,name,family,unit_cost\nA-1,Gloves,PPE,2\nC-3,Masks,PPE,1\nD-4,Yo-yo,Toys,3\n";
    let refusal =
        import(&workspace, &[ImportFile { name: "skus.csv".into(), bytes: skus.into(), replace: true }]).unwrap_err();
    let messages: Vec<String> = refusal.problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        messages,
        [
            "skus.csv, column sku_id, value \"B-2\": B-2 is not in this file, so replacing the table would delete it, \
             but forecast pin of SKU B-2 still refers to it",
            "skus.csv, column sku_id, value \"B-2\": B-2 is not in this file, so replacing the table would delete it, \
             but promotion P-2 still refers to it",
        ]
    );
}

#[test]
fn deleting_a_sku_cascades_to_its_forecast_rows_and_the_last_of_a_family_takes_the_family_rows() {
    let mut workspace = with_forecast_inputs();
    workspace.forecast_pins.upsert(ForecastPin {
        scope: ForecastScope::Family("Toys".into()),
        model: ForecastModel::Zero,
        season_weeks: None,
    });
    workspace.launches.upsert(Launch {
        sku: "B-2".into(),
        location: None,
        like_sku: Some("D-4".into()),
        like_share: Some(1.0),
        weekly_rate: None,
        use_family_profile: false,
        start: date("2025-06-02"),
    });

    // A-1 is not the last SKU of PPE: the family's pin and promotion stay.
    let a1 = EntityRef::Sku("A-1".into());
    let names: Vec<String> = integrity::references(&workspace, &a1)
        .into_iter()
        .map(|r| format!("{}: {}", r.table.name(), r.description))
        .collect();
    assert_eq!(
        names,
        [
            "forecast_overrides: forecast override of A-1 at WH1 for the week of 2025-03-03",
            "launches: launch of C-3 at all locations",
        ]
    );
    let refused = integrity::delete(&mut workspace.clone(), &a1, false).unwrap_err();
    assert_eq!(refused.len(), 2);
    let summary = integrity::delete(&mut workspace, &a1, true).unwrap();
    assert_eq!(summary.rows(Table::ForecastOverrides), 1);
    assert_eq!(summary.rows(Table::Launches), 1, "the launch that sells like A-1");
    assert_eq!(summary.rows(Table::ForecastPins), 0);
    assert_eq!(summary.rows(Table::Promotions), 0);
    assert_eq!(workspace.launches.len(), 2);
    assert_eq!(io::validate(&workspace), vec![]);

    // D-4 is the last SKU of Toys: its family pin goes, and so does the launch that sells like it.
    let d4 = EntityRef::Sku("D-4".into());
    let summary = integrity::delete(&mut workspace, &d4, true).unwrap();
    assert_eq!(summary.rows(Table::ForecastPins), 1);
    assert_eq!(summary.rows(Table::Launches), 1);
    assert!(workspace.forecast_pins.iter().all(|p| p.scope != ForecastScope::Family("Toys".into())));
    assert_eq!(io::validate(&workspace), vec![]);

    // B-2: its own pin and promotion.
    let summary = integrity::delete(&mut workspace, &EntityRef::Sku("B-2".into()), true).unwrap();
    assert_eq!((summary.rows(Table::ForecastPins), summary.rows(Table::Promotions)), (1, 1));
    assert_eq!(io::validate(&workspace), vec![]);
    assert_eq!(io::from_json(&io::to_json(&workspace)), Ok(workspace.clone()), "the result still loads");
}

#[test]
fn deleting_a_location_cascades_to_the_forecast_rows_at_it() {
    let mut workspace = with_forecast_inputs();
    let wh1 = EntityRef::Location("WH1".into());
    let summary = integrity::delete(&mut workspace, &wh1, true).unwrap();
    assert_eq!(summary.rows(Table::ForecastOverrides), 1);
    assert_eq!(summary.rows(Table::Launches), 1, "the WH1 launch; the all-locations one stays");
    assert_eq!(summary.rows(Table::Promotions), 0, "P-1 is for every location, P-2 for WH2");
    assert_eq!(workspace.launches.len(), 1);
    let summary = integrity::delete(&mut workspace, &EntityRef::Location("WH2".into()), true).unwrap();
    assert_eq!(summary.rows(Table::Promotions), 1);
    assert_eq!(io::validate(&workspace), vec![]);
}

#[test]
fn moving_the_last_sku_of_a_family_that_pins_name_is_refused_in_the_form() {
    let mut workspace = with_forecast_inputs();
    workspace.forecast_pins.upsert(ForecastPin {
        scope: ForecastScope::Family("Toys".into()),
        model: ForecastModel::Zero,
        season_weeks: None,
    });
    let mut yoyo = workspace.sku(&"D-4".into()).unwrap().clone();
    yoyo.family = "Games".into();
    let problems = integrity::upsert_sku(&mut workspace, yoyo.clone()).unwrap_err();
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].field, "family");
    assert_eq!(
        problems[0].reason,
        "D-4 is the last SKU of family \"Toys\", which forecast pins or promotions name; delete those first or keep \
         the family"
    );
    // A-1 leaves PPE, but C-3 is still in it: allowed.
    let mut gloves = workspace.sku(&"A-1".into()).unwrap().clone();
    gloves.family = "Hands".into();
    assert!(integrity::upsert_sku(&mut workspace, gloves).is_ok());
    assert_eq!(io::validate(&workspace), vec![]);
}

#[test]
fn a_backup_from_before_forecasting_loads_with_empty_forecast_tables() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/old/workspace-v1.json");
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.starts_with(r#"{"schema_version":1,"#));
    assert!(!text.contains("demand_source") && !text.contains("promotions"));
    let loaded = io::from_json(&text).unwrap_or_else(|problems| panic!("{problems:?}"));
    // The golden workspace as it was before issue 7: no forecast inputs, and
    // the default source of demand.
    let mut expected = super::io::without_purchasing(super::io::golden_workspace());
    expected.settings.demand_source = DemandSource::Forecast;
    expected.forecast_pins.clear();
    expected.forecast_overrides.clear();
    expected.promotions.clear();
    expected.launches.clear();
    assert_eq!(loaded, expected);
    // Saved again, it is a version 4 document (the current one).
    assert!(io::to_json(&loaded).starts_with(r#"{"schema_version":4,"#));
}

#[test]
fn a_json_backup_with_a_broken_forecast_row_is_refused_naming_it() {
    let mut workspace = with_forecast_inputs();
    workspace.promotions.modify(0, |p| p.scope = ForecastScope::Family("Garden".into()));
    workspace.launches.modify(0, |l| l.like_share = None);
    let problems: Vec<String> =
        io::from_json(&io::to_json(&workspace)).unwrap_err().iter().map(ToString::to_string).collect();
    assert_eq!(
        problems,
        [
            "promotions, row 1, column family, value \"Garden\": promotion P-1: unknown family: no SKU has the family \
             \"Garden\" (spell it exactly as in skus.csv)",
            "launches, row 1, column like_share, value \"\": launch of C-3 at all locations: is required with \
             like_sku_id (0.6 for 60 % of its demand)",
        ]
    );
    // A pin naming both a SKU and a family does not even read.
    let json = io::to_json(&with_forecast_inputs())
        .replace(r#"{"scope":{"sku":"B-2"}"#, r#"{"scope":{"sku":"B-2","family":"PPE"}"#);
    let problems = io::from_json(&json).unwrap_err();
    assert_eq!(problems.len(), 1);
    assert_eq!((problems[0].file.as_str(), problems[0].row), ("forecast_pins", Some(1)));
}

#[test]
fn every_forecast_table_has_a_documented_example_file() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    for table in [Table::ForecastPins, Table::ForecastOverrides, Table::Promotions, Table::Launches] {
        let text = std::fs::read_to_string(root.join("docs/examples").join(table.file_name())).unwrap();
        let header: Vec<&str> = text.lines().next().unwrap().split(',').collect();
        let columns: Vec<&str> = table.columns().iter().map(|c| c.name).collect();
        assert_eq!(header, columns, "{table:?}");
    }
}
