//! The buyer's forecast inputs are used (issue 7): pins fix the model or the
//! season, overrides replace weeks, planned promotions lift weeks (given or
//! learned uplifts), launches forecast and plan new items, and the
//! `demand_source` setting chooses between forecasts and history.
//!
//! The workspace is built from CSV with constant daily demand, so every
//! automatic forecast is the constant's weekly total (flat mean = SES = moving
//! average) and each expected value below is worked by hand in a comment.
//! Today is Monday 2025-03-03: forecast week k covers 2025-03-03 + 7k ..= + 6.

use chrono::{Days, NaiveDate};
use engine::forecast::inputs::UpliftSource;
use engine::forecast::{
    choose_forecast_pinned, forecast_workspace, plan_for_settings, plan_with_forecasts, AutoSettings, ForecastFlag,
    Model, Pinned, SeasonRule, SeriesForecast,
};
use engine::io::{self, ImportFile};
use engine::plan::DemandSource as PlanDemandSource;
use engine::*;

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn today() -> NaiveDate {
    date("2025-03-03")
}

fn file(name: &str, text: &str) -> ImportFile {
    ImportFile { name: name.to_owned(), bytes: text.as_bytes().to_vec(), replace: false }
}

fn close(got: f64, want: f64) {
    assert!((got - want).abs() < 1e-9, "got {got}, want {want}");
}

/// `per_day` units every day of the 30 weeks before today (2024-08-05 ..=
/// 2025-03-02); the weeks starting on the `promoted` Mondays sell
/// `promo_per_day` a day, every day flagged as promotion.
fn daily(rows: &mut String, sku: &str, location: &str, per_day: f64, promoted: &[(&str, f64)]) {
    let first = today() - Days::new(210);
    for day in 0..210 {
        let d = first + Days::new(day);
        let promo = promoted.iter().find(|(monday, _)| {
            let monday = date(monday);
            d >= monday && d < monday + Days::new(7)
        });
        match promo {
            Some((_, quantity)) => rows.push_str(&format!("{d},{sku},{location},{quantity},true,false\n")),
            None => rows.push_str(&format!("{d},{sku},{location},{per_day},false,false\n")),
        }
    }
}

/// SKUs: A-1 and C-3 of family PPE, N-9 of PPE without history (a new
/// item with an offer), B-2 and E-5 without a family, D-4 and T-5 of family
/// Toys. Locations WH1, WH2.
///
/// Demand a week: A-1 70 at WH1 (10 a day), 49 at WH2 (7 a day); C-3 35 at
/// WH1; B-2 70 at WH1 with two promoted weeks of 140 and 175; E-5 70 at WH1;
/// D-4 70 at WH1 with one promoted week of 147; T-5 98 at WH1 with one
/// promoted week of 196.
fn base(extra: &[ImportFile]) -> Workspace {
    base_plus("", extra)
}

/// `base` with more demand rows (`date,sku_id,location_id,quantity,promo,stockout`).
fn base_plus(more_demand: &str, extra: &[ImportFile]) -> Workspace {
    let mut demand = String::from("date,sku_id,location_id,quantity,promo,stockout\n");
    demand.push_str(more_demand);
    daily(&mut demand, "A-1", "WH1", 10.0, &[]);
    daily(&mut demand, "A-1", "WH2", 7.0, &[]);
    daily(&mut demand, "C-3", "WH1", 5.0, &[]);
    daily(&mut demand, "B-2", "WH1", 10.0, &[("2024-12-02", 20.0), ("2025-01-06", 25.0)]);
    daily(&mut demand, "E-5", "WH1", 10.0, &[]);
    daily(&mut demand, "D-4", "WH1", 10.0, &[("2024-12-02", 21.0)]);
    daily(&mut demand, "T-5", "WH1", 14.0, &[("2025-01-06", 28.0)]);
    let mut files = vec![
        file(
            "skus.csv",
            "sku_id,name,family,unit_cost\nA-1,Gloves,PPE,2\nB-2,Tape,,1\nC-3,Masks,PPE,1\nD-4,Yo-yo,Toys,3\n\
             E-5,Glue,,1\nN-9,Visor,PPE,2\nT-5,Kite,Toys,3\n",
        ),
        file("locations.csv", "location_id,name\nWH1,Main\nWH2,Overflow\n"),
        file("suppliers.csv", "supplier_id,name\nS1,One\n"),
        file("offers.csv", "supplier_id,sku_id,price_breaks,lead_time_days\nS1,A-1,1:2.00,14\nS1,N-9,1:2.00,14\n"),
        file("demand.csv", &demand),
    ];
    files.extend(extra.iter().cloned());
    io::import_csv(&Workspace::default(), &files, &mut |_| {})
        .map(|(workspace, _)| workspace)
        .unwrap_or_else(|refusal| panic!("{}", refusal.message()))
}

fn forecasts(workspace: &Workspace) -> Vec<SeriesForecast> {
    forecast_workspace(workspace, today(), 6, &Default::default()).unwrap()
}

fn of<'a>(forecasts: &'a [SeriesForecast], sku: &str, location: &str) -> &'a SeriesForecast {
    forecasts
        .iter()
        .find(|f| f.sku.as_str() == sku && f.location.as_str() == location)
        .unwrap_or_else(|| panic!("no forecast of {sku} at {location}"))
}

fn weeks(forecast: &SeriesForecast) -> Vec<f64> {
    forecast.auto.forecast.clone()
}

fn assert_weeks(got: &[f64], want: &[f64]) {
    assert_eq!(got.len(), want.len(), "{got:?} vs {want:?}");
    for (g, w) in got.iter().zip(want) {
        assert!((g - w).abs() < 1e-9, "{got:?} vs {want:?}");
    }
}

#[test]
fn without_inputs_a_constant_series_forecasts_its_weekly_total() {
    let all = forecasts(&base(&[]));
    // 10 a day = 70 a week; 7 a day = 49.
    assert_weeks(&weeks(of(&all, "A-1", "WH1")), &[70.0; 6]);
    assert_weeks(&weeks(of(&all, "A-1", "WH2")), &[49.0; 6]);
    let a = of(&all, "A-1", "WH1");
    assert_eq!((a.pin.as_ref(), a.auto.pinned), (None, None));
    assert_eq!(a.overridden, vec![false; 6]);
    assert_eq!(a.uplift, vec![1.0; 6]);
}

// ---- 1. Pins ----

/// A-1's own pin (zero) wins over PPE's (naive); C-3 takes PPE's. The
/// backtest runs and is reported for the pinned model: zero against 70 every
/// week is an error of −70, MAE 70, bias −70; naive on a constant is exact.
#[test]
fn a_sku_pin_wins_over_its_family_pin_and_the_pinned_model_is_backtested() {
    let pins = "sku_id,family,model,season_weeks\nA-1,,zero,\n,PPE,naive,\nB-2,,auto,4\n";
    let all = forecasts(&base(&[file("forecast_pins.csv", pins)]));
    let a = of(&all, "A-1", "WH1");
    assert_eq!(a.pin.as_ref().map(|p| p.model), Some(ForecastModel::Zero));
    assert_eq!(a.auto.pinned, Some(Pinned::Zero));
    assert_eq!(a.auto.model, Model::Zero);
    assert_weeks(&weeks(a), &[0.0; 6]);
    let score = a.auto.chosen_score().expect("the pinned model's backtest");
    assert_eq!(score.model, Model::Zero);
    close(score.mae, 70.0);
    close(score.bias, -70.0);
    // The automatic candidates are still reported next to it.
    assert!(a.auto.score_of("flat mean").is_some());

    let c = of(&all, "C-3", "WH1");
    assert_eq!(c.pin.as_ref().map(|p| p.scope.family()), Some(Some("PPE")));
    assert_eq!(c.auto.model, Model::Naive);
    assert_weeks(&weeks(c), &[35.0; 6]);
    close(c.auto.chosen_score().unwrap().mae, 0.0);

    // `auto` with a season: no model pinned, the given season used (30 weeks,
    // first origin at week 17 ≥ 4).
    let b = of(&all, "B-2", "WH1");
    assert_eq!(b.auto.pinned, None);
    assert_eq!(b.auto.season, Some(4));
}

/// A seasonal model pinned on a series without a season cannot run: flagged,
/// and the automatic choice stands.
#[test]
fn a_pin_the_series_cannot_run_is_flagged() {
    let values = vec![70.0; 30];
    let settings = AutoSettings { horizon: 4, backtest_horizon: 2, season: SeasonRule::Detect };
    let pin = Pinned::from_code(ForecastModel::SeasonalNaive);
    let auto = choose_forecast_pinned(&values, &[false; 30], &settings, pin).unwrap();
    assert_eq!(auto.flags, vec![ForecastFlag::PinNotUsable]);
    assert_eq!(auto.pinned, None);
    assert_weeks(&auto.forecast, &[70.0; 4]);
    assert_eq!(Pinned::from_code(ForecastModel::Auto), None);
}

/// `holt` pins Holt's linear trend, fitted: on the exact line y_t = 10 + 2t
/// (t = 1..40) the one-step errors can all be 0 (ℓ_0 = 10, b_0 = 2), so the
/// fit finds the line and the forecast continues it: 10 + 2 × 41 = 92, 94, 96.
#[test]
fn a_holt_pin_runs_the_linear_trend() {
    let values: Vec<f64> = (1..=40).map(|t| 10.0 + 2.0 * t as f64).collect();
    let settings = AutoSettings { horizon: 3, backtest_horizon: 2, season: SeasonRule::Off };
    let auto =
        choose_forecast_pinned(&values, &[false; 40], &settings, Pinned::from_code(ForecastModel::Holt)).unwrap();
    assert_eq!(auto.model.name(), "holt");
    assert!(auto.pinned.is_some());
    for (got, want) in auto.forecast.iter().zip([92.0, 94.0, 96.0]) {
        assert!((got - want).abs() < 1e-6, "{:?}", auto.forecast);
    }
}

/// `holt_winters_multiplicative` pins the multiplicative model: on a season
/// of 6 weeks whose peak is 3 times its trough it runs (and its forecast
/// repeats the peak week's position); with one week of zero demand it
/// cannot (a multiplicative model divides by the demand) and is flagged.
#[test]
fn a_multiplicative_holt_winters_pin_runs_on_positive_demand_only() {
    let season = [30.0, 60.0, 90.0, 60.0, 30.0, 30.0];
    let mut values: Vec<f64> = (0..42).map(|t| season[t % 6]).collect();
    let settings = AutoSettings { horizon: 6, backtest_horizon: 2, season: SeasonRule::Given(6) };
    let pin = Pinned::from_code(ForecastModel::HoltWintersMultiplicative);
    let auto = choose_forecast_pinned(&values, &[false; 42], &settings, pin).unwrap();
    assert_eq!(auto.model.name(), "holt-winters multiplicative");
    assert!(auto.pinned.is_some());
    // Week 43 is position 42 % 6 = 0; the peak (position 2) is the third week ahead.
    let peak = auto.forecast.iter().cloned().fold(f64::MIN, f64::max);
    assert_eq!(auto.forecast[2], peak, "{:?}", auto.forecast);

    values[20] = 0.0;
    let auto = choose_forecast_pinned(&values, &[false; 42], &settings, pin).unwrap();
    assert_eq!(auto.pinned, None);
    assert!(auto.flags.contains(&ForecastFlag::PinNotUsable));
}

// ---- 2. Overrides ----

/// 2025-03-05 lies in week 0 (03-03 ..= 03-09): 0 units. 03-10 and 03-12 lie
/// in week 1: the later one (200) wins. 2025-02-24 is past: ignored. WH2 is
/// untouched.
#[test]
fn overrides_replace_the_weeks_that_contain_them() {
    let overrides = "sku_id,location_id,week_start,quantity,note\nA-1,WH1,2025-02-24,5,past\n\
                     A-1,WH1,2025-03-05,0,closed\nA-1,WH1,2025-03-10,100,\nA-1,WH1,2025-03-12,200,fair\n";
    let all = forecasts(&base(&[file("forecast_overrides.csv", overrides)]));
    let a = of(&all, "A-1", "WH1");
    assert_weeks(&weeks(a), &[0.0, 200.0, 70.0, 70.0, 70.0, 70.0]);
    assert_eq!(a.overridden, vec![true, true, false, false, false, false]);
    assert_weeks(&weeks(of(&all, "A-1", "WH2")), &[49.0; 6]);
    // The CLI's JSON says so week by week.
    let json: serde_json::Value = serde_json::from_str(&engine::forecast::forecasts_to_json(&all)).unwrap();
    let a1 = json.as_array().unwrap().iter().find(|f| f["sku_id"] == "A-1" && f["location_id"] == "WH1").unwrap();
    assert_eq!(a1["forecast"][1]["overridden"], true);
    assert_eq!(a1["forecast"][2]["overridden"], false);
    assert_eq!(a1["forecast"][1]["forecast"], 200.0);
}

// ---- 3. Promotions ----

/// P-1 (PPE, every location, 03-08 ..= 03-12, ×1.5): week 0 holds 2 of its
/// days (08, 09): 70 × (1 + 2/7 × 0.5) = 80; week 1 holds 3 (10, 11, 12):
/// 70 × (1 + 3/7 × 0.5) = 85. At WH2: 49 × (1 + 1/7) = 56 and 49 × (1 + 3/14)
/// = 59.5. P-2 (A-1 at WH2 only, 03-17 ..= 03-23 = week 2, ×2): 98 at WH2,
/// nothing at WH1. An override still wins over a promotion (week 1 at WH1).
#[test]
fn planned_promotions_lift_the_share_of_each_week_they_cover() {
    let promotions = "promotion_id,sku_id,family,location_id,start,end,uplift,note\n\
                      P-1,,PPE,,2025-03-08,2025-03-12,1.5,Spring\n\
                      P-2,A-1,,WH2,2025-03-17,2025-03-23,2,\n";
    let overrides = "sku_id,location_id,week_start,quantity,note\nC-3,WH1,2025-03-10,10,\n";
    let all = forecasts(&base(&[file("promotions.csv", promotions), file("forecast_overrides.csv", overrides)]));
    let a1 = of(&all, "A-1", "WH1");
    assert_weeks(&weeks(a1), &[80.0, 85.0, 70.0, 70.0, 70.0, 70.0]);
    assert_weeks(&a1.uplift, &[8.0 / 7.0, 17.0 / 14.0, 1.0, 1.0, 1.0, 1.0]);
    assert_weeks(&weeks(of(&all, "A-1", "WH2")), &[56.0, 59.5, 98.0, 49.0, 49.0, 49.0]);
    // C-3 at WH1: 35 × 8/7 = 40, then week 1 overridden to 10.
    assert_weeks(&weeks(of(&all, "C-3", "WH1")), &[40.0, 10.0, 35.0, 35.0, 35.0, 35.0]);
    // B-2 has no family and no promotion.
    assert_weeks(&of(&all, "B-2", "WH1").uplift, &[1.0; 6]);
}

/// Learned uplifts, each over week 2 (03-17 ..= 03-23, the whole week):
/// - B-2 (own history, 2 promoted weeks 140 and 175, every neighbour 70):
///   (140 + 175) / 2 ÷ 70 = 2.25 → 70 × 2.25 = 157.5;
/// - D-4 (1 promoted week, so its family Toys: D-4's 147 over 70 and T-5's
///   196 over 98): (147 + 196) ÷ (70 + 98) = 343 / 168 → 70 × 343/168 = 142.916…;
/// - E-5 (no family, no promoted week): 1, said so.
///
/// The promoted weeks are left out of the baseline (imputed from their
/// neighbours), so the baselines stay 70.
#[test]
fn learned_uplifts_come_from_promoted_weeks_of_the_sku_or_its_family() {
    let promotions = "promotion_id,sku_id,family,location_id,start,end,uplift,note\n\
                      L-B,B-2,,,2025-03-17,2025-03-23,learned,\n\
                      L-D,D-4,,WH1,2025-03-17,2025-03-23,learned,\n\
                      L-E,E-5,,,2025-03-17,2025-03-23,learned,\n";
    let all = forecasts(&base(&[file("promotions.csv", promotions)]));
    let b = of(&all, "B-2", "WH1");
    assert_weeks(&weeks(b), &[70.0, 70.0, 157.5, 70.0, 70.0, 70.0]);
    assert_eq!(b.promotions[0].source, UpliftSource::LearnedSku { weeks: 2 });
    close(b.promotions[0].factor, 2.25);
    let d = of(&all, "D-4", "WH1");
    close(d.auto.forecast[2], 70.0 * 343.0 / 168.0);
    assert_eq!(d.promotions[0].source, UpliftSource::LearnedFamily { weeks: 2 });
    let e = of(&all, "E-5", "WH1");
    assert_weeks(&weeks(e), &[70.0; 6]);
    assert_eq!((e.promotions[0].factor, e.promotions[0].source), (1.0, UpliftSource::NotLearned));
}

// ---- 4. Launches ----

/// N-9 (no history) launched everywhere like A-1 at 60 % from Wednesday
/// 03-12: at WH1 0.6 × 70 = 42 a week, 0 in week 0, 5 of 7 days in week 1:
/// 30; at WH2 a row of its own, 20 a week from today (σ of a Poisson count:
/// √20, √40 over one and two weeks).
#[test]
fn a_launch_forecasts_a_new_item_from_a_like_item_or_a_weekly_rate() {
    let launches = "sku_id,location_id,like_sku_id,like_share,weekly_rate,use_family_profile,start\n\
                    N-9,,A-1,0.6,,no,2025-03-12\nN-9,WH2,,,20,no,2025-03-03\n";
    let all = forecasts(&base(&[file("launches.csv", launches)]));
    let wh1 = of(&all, "N-9", "WH1");
    assert_weeks(&weeks(wh1), &[0.0, 30.0, 42.0, 42.0, 42.0, 42.0]);
    assert_eq!(wh1.auto.flags, vec![ForecastFlag::Launch]);
    assert!(wh1.launch.is_some());
    let wh2 = of(&all, "N-9", "WH2");
    assert_weeks(&weeks(wh2), &[20.0; 6]);
    close(wh2.auto.cumulative_error_sd[0], 20f64.sqrt());
    close(wh2.auto.cumulative_error_sd[1], 40f64.sqrt());
}

/// The family profile: the mean forecast of the family's other SKUs at the
/// location: (70 + 35) / 2 = 52.5 at WH1 (A-1, C-3), 49 at WH2 (A-1 only).
/// A launched SKU with 30 weeks of its own history keeps its own forecast.
#[test]
fn a_launch_from_the_family_profile_and_own_history_taking_over() {
    let launches = "sku_id,location_id,like_sku_id,like_share,weekly_rate,use_family_profile,start\n\
                    A-1,,C-3,1,,no,2025-03-03\nN-9,,,,,yes,2025-03-03\n";
    let all = forecasts(&base(&[file("launches.csv", launches)]));
    assert_weeks(&weeks(of(&all, "N-9", "WH1")), &[52.5; 6]);
    assert_weeks(&weeks(of(&all, "N-9", "WH2")), &[49.0; 6]);
    let a = of(&all, "A-1", "WH1");
    assert_weeks(&weeks(a), &[70.0; 6]);
    assert!(a.launch.is_none());
}

/// N-9 launched at WH1 like A-1 at 60 % four weeks ago (42 a week), and
/// selling 3 a day (21 a week) since: 4 usable weeks of its own, so the
/// forecast is 4/13 own and 9/13 launch: (4 × 21 + 9 × 42) / 13 = 462 / 13
/// = 35.538… a week. With 13 weeks of its own it is its own forecast.
#[test]
fn a_launched_item_blends_into_its_own_history_as_weeks_accumulate() {
    let launches = "sku_id,location_id,like_sku_id,like_share,weekly_rate,use_family_profile,start\n\
                    N-9,WH1,A-1,0.6,,no,2025-02-03\n";
    let own = |days: u64| {
        (1..=days).map(|d| format!("{},N-9,WH1,3,false,false\n", today() - Days::new(d))).collect::<String>()
    };
    let all = forecasts(&base_plus(&own(28), &[file("launches.csv", launches)]));
    let n9 = of(&all, "N-9", "WH1");
    assert_weeks(&weeks(n9), &[462.0 / 13.0; 6]);
    assert_eq!(n9.launch_own_weeks, 4);
    assert!(n9.launch.is_some() && n9.auto.flags.contains(&ForecastFlag::Launch));

    let all = forecasts(&base_plus(&own(91), &[file("launches.csv", launches)]));
    let n9 = of(&all, "N-9", "WH1");
    assert_weeks(&weeks(n9), &[21.0; 6]);
    assert!(n9.launch.is_none());
}

/// A SKU with an offer but no history cannot be planned; launched, it gets a
/// plan line from its launch forecast, with an initial order (no stock).
#[test]
fn a_launched_item_is_planned_with_an_initial_order() {
    let without = base(&[]);
    let plan = plan_with_forecasts(&without, today(), &forecasts(&without), &mut |_, _| {});
    assert!(plan.lines.iter().all(|line| line.sku.as_str() != "N-9"));

    let launches = "sku_id,location_id,like_sku_id,like_share,weekly_rate,use_family_profile,start\n\
                    N-9,WH1,,,20,no,2025-03-03\n";
    let workspace = base(&[file("launches.csv", launches)]);
    let (plan, forecasts) = plan_for_settings(&workspace, today(), &mut |_, _| {}).unwrap();
    assert!(forecasts.iter().any(|f| f.sku.as_str() == "N-9"));
    let line = plan.lines.iter().find(|l| l.sku.as_str() == "N-9" && l.location.as_str() == "WH1").expect("planned");
    let demand = line.demand.as_ref().unwrap();
    assert_eq!(demand.source, PlanDemandSource::Forecast);
    // 20 a week = 20/7 a day.
    close(demand.mean_per_day, 20.0 / 7.0);
    let order = line.order.as_ref().expect("an initial order");
    assert!(order.quantity > 0.0);
}

// ---- 5. Demand source ----

/// `demand_source = history` plans from history without forecasting: the
/// same plan as `plan::plan`, no forecasts; the default plans from forecasts.
#[test]
fn the_demand_source_setting_chooses_history_or_forecasts() {
    let history = base(&[file("settings.csv", "key,value\ndemand_source,history\n")]);
    let (plan, forecasts) = plan_for_settings(&history, today(), &mut |_, _| {}).unwrap();
    assert!(forecasts.is_empty());
    assert_eq!(plan, engine::plan::plan(&history, today(), &mut |_, _| {}));
    assert!(plan.lines.iter().all(|l| l.demand.as_ref().is_none_or(|d| d.source == PlanDemandSource::History)));

    let forecast = base(&[]);
    let (plan, forecasts) = plan_for_settings(&forecast, today(), &mut |_, _| {}).unwrap();
    assert!(!forecasts.is_empty());
    let a = plan.lines.iter().find(|l| l.sku.as_str() == "A-1" && l.location.as_str() == "WH1").unwrap();
    assert_eq!(a.demand.as_ref().unwrap().source, PlanDemandSource::Forecast);
}

/// `blend_launch` by hand: 3 own weeks of 13, own 10 and launch 36 a week:
/// 3/13 × 10 + 10/13 × 36 = (30 + 360) / 13 = 30; σ 2 and 15.6: (6 + 156) / 13
/// = 12.4615…; refused with 0 or 13 own weeks and with lengths that differ.
#[test]
fn blending_a_launch_by_hand_and_what_it_refuses() {
    use engine::forecast::inputs::blend_launch;
    let own = (vec![10.0, 10.0], vec![2.0, 2.0]);
    let launch = (vec![36.0, 36.0], vec![15.6, 15.6]);
    let (forecast, sd) = blend_launch(&own, &launch, 3).unwrap();
    assert_weeks(&forecast, &[30.0, 30.0]);
    assert_weeks(&sd, &[162.0 / 13.0, 162.0 / 13.0]);
    assert!(blend_launch(&own, &launch, 0).is_err());
    assert!(blend_launch(&own, &launch, 13).is_err());
    assert!(blend_launch(&(vec![10.0], vec![2.0]), &launch, 3).is_err());
    assert!(blend_launch(&(vec![f64::NAN, 1.0], vec![2.0, 2.0]), &launch, 3).is_err());
}
