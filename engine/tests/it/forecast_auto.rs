//! `engine::forecast` automatic choice: the weekly series, the rules of the
//! choice, the backtest's errors and the portfolio report. Expected values
//! are worked out by hand in the comment beside them.

use chrono::NaiveDate;
use engine::forecast::{
    choose_forecast, detect_season, pooled_sum, portfolio_backtest, robust_trend_slope, weekly_series, AutoSettings,
    ForecastError, ForecastFlag, Model, PatternGroup, SeasonRule, SeasonalModel, WeekKind, WeeklySeries, SHRINK_WEIGHT,
};
use engine::model::{DemandDay, DemandHistory, SeriesKey};

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn close(got: f64, want: f64) {
    assert!((got - want).abs() < 1e-9, "got {got}, want {want}");
}

/// Rows (channel, day, quantity, promo, stockout) of SKU S at location L.
fn history(rows: &[(&str, &str, f32, bool, bool)]) -> DemandHistory {
    let mut history = DemandHistory::default();
    history.upsert(rows.iter().map(|&(channel, day, quantity, promo, stockout)| {
        (
            SeriesKey { sku: "S".into(), location: "L".into(), channel: channel.into() },
            DemandDay { date: date(day), quantity, promo, stockout, requested: None },
        )
    }));
    history
}

fn settings(backtest_horizon: usize, horizon: usize) -> AutoSettings {
    AutoSettings { horizon, backtest_horizon, season: SeasonRule::Detect }
}

fn choose(values: &[f64], settings: &AutoSettings) -> engine::forecast::AutoForecast {
    choose_forecast(values, &vec![false; values.len()], settings).unwrap()
}

/// A deterministic wobble in -2..=2 with period 5 (so it never repeats with a 52- or 13-week season).
fn wobble(t: usize) -> f64 {
    ((t * 3) % 5) as f64 - 2.0
}

// ---- the weekly series ----

/// Today Monday 2025-03-03, so weeks end Sunday 2025-03-02. First sale Wednesday Feb 5: the
/// span is 26 days, 4 weeks, starting Monday Feb 3. Week 1 has 5 observed days (Feb 5–9)
/// holding 5 (web) + 5 (b2b) = 10, scaled to 10 × 7 / 5 = 14. Week 2 (Feb 10–16) sold
/// nothing: 0. Week 3: 7. Week 4: 3 (web) + 4 (b2b) = 7. A sale dated today is ignored.
#[test]
fn weeks_end_yesterday_channels_are_summed_and_a_partial_first_week_is_scaled() {
    let history = history(&[
        ("web", "2025-02-05", 5.0, false, false),
        ("b2b", "2025-02-06", 5.0, false, false),
        ("web", "2025-02-18", 7.0, false, false),
        ("web", "2025-02-25", 3.0, false, false),
        ("b2b", "2025-03-02", 4.0, false, false),
        ("web", "2025-03-03", 99.0, false, false),
    ]);
    let weeks = weekly_series(&history.series, date("2025-03-03"));
    assert_eq!(weeks.start, date("2025-02-03"));
    assert_eq!(weeks.values, vec![14.0, 0.0, 7.0, 7.0]);
    assert_eq!(
        weeks.kinds,
        vec![WeekKind::Scaled { usable_days: 5 }, WeekKind::Observed, WeekKind::Observed, WeekKind::Observed]
    );
}

/// History starts with a stockout flag on Monday Jan 6 but the first sale is on Monday
/// Feb 17: the weeks of Jan 6 … Feb 10 are before the launch and dropped, so the series
/// starts on Feb 17 with weeks [2, 0].
#[test]
fn weeks_before_the_first_sale_are_dropped() {
    let history = history(&[("web", "2025-01-06", 0.0, false, true), ("web", "2025-02-17", 2.0, false, false)]);
    let weeks = weekly_series(&history.series, date("2025-03-03"));
    assert_eq!(weeks.start, date("2025-02-17"));
    assert_eq!(weeks.values, vec![2.0, 0.0]);
}

/// Six weeks from Monday Jan 20 (today Monday Mar 3). Weeks 1–4 sell 10, 20, 30, 40 on
/// their Monday. Week 5 (Feb 17–23): 4 stockout days leave 3 usable days, too few, so it
/// is imputed as the mean of the 4 weeks before: (10 + 20 + 30 + 40) / 4 = 25. Week 6
/// (Feb 24–Mar 2): 2 promotion days selling 100 each are left out, the 5 other days sell 1
/// each, scaled to 5 × 7 / 5 = 7.
#[test]
fn stockout_and_promotion_days_are_scaled_from_usable_days_or_imputed() {
    let mut rows = vec![
        ("web", "2025-01-20", 10.0, false, false),
        ("web", "2025-01-27", 20.0, false, false),
        ("web", "2025-02-03", 30.0, false, false),
        ("web", "2025-02-10", 40.0, false, false),
        ("web", "2025-02-17", 3.0, false, false),
        ("web", "2025-02-24", 100.0, true, false),
        ("web", "2025-02-25", 100.0, true, false),
    ];
    for day in ["2025-02-18", "2025-02-19", "2025-02-20", "2025-02-21"] {
        rows.push(("web", day, 0.0, false, true));
    }
    for day in ["2025-02-26", "2025-02-27", "2025-02-28", "2025-03-01", "2025-03-02"] {
        rows.push(("b2b", day, 1.0, false, false));
    }
    let weeks = weekly_series(&history(&rows).series, date("2025-03-03"));
    assert_eq!(weeks.start, date("2025-01-20"));
    assert_eq!(weeks.values, vec![10.0, 20.0, 30.0, 40.0, 25.0, 7.0]);
    assert_eq!(weeks.kinds[4], WeekKind::Imputed);
    assert_eq!(weeks.kinds[5], WeekKind::Scaled { usable_days: 5 });
    assert_eq!(weeks.imputed(), vec![false, false, false, false, true, false]);
}

#[test]
fn no_sale_gives_an_empty_series() {
    let weeks = weekly_series(&history(&[("web", "2025-02-03", 0.0, true, false)]).series, date("2025-03-03"));
    assert!(weeks.values.is_empty());
}

// ---- the rules of the choice ----

#[test]
fn no_demand_forecasts_zero_and_is_flagged() {
    let auto = choose(&[0.0; 30], &settings(2, 3));
    assert_eq!(auto.model, Model::Zero);
    assert_eq!(auto.forecast, vec![0.0; 3]);
    assert_eq!(auto.flags, vec![ForecastFlag::NoDemand]);
}

/// 40 weeks selling 10, then 26 without a sale: dormant, forecast zero. With 25 empty
/// weeks it is not dormant yet.
#[test]
fn an_item_without_demand_for_26_weeks_forecasts_zero_and_is_flagged() {
    let mut values = vec![10.0; 40];
    values.extend([0.0; 26]);
    let auto = choose(&values, &settings(2, 4));
    assert_eq!((auto.model, auto.flags.clone()), (Model::Zero, vec![ForecastFlag::Dormant]));
    assert_eq!(auto.forecast, vec![0.0; 4]);
    values.pop();
    let auto = choose(&values, &settings(2, 4));
    assert!(auto.flags.is_empty());
}

/// 20 weeks (1 … 20) are fewer than 13 holdout + 8 training weeks: the flat mean of all of
/// them, (1 + 20) / 2 = 10.5, flagged, no backtest.
#[test]
fn a_short_history_gets_the_flat_mean_and_is_flagged() {
    let values: Vec<f64> = (1..=20).map(f64::from).collect();
    let auto = choose(&values, &settings(2, 2));
    assert_eq!(auto.flags, vec![ForecastFlag::ShortHistory]);
    assert_eq!(auto.forecast, vec![10.5, 10.5]);
    assert!(auto.candidates.is_empty());
}

/// A season of 52 given by the buyer: with 60 weeks only 47 precede the first origin,
/// less than a season, so no seasonal candidate; with 70 weeks (57 before it) there is one.
#[test]
fn too_little_history_for_a_season_means_no_seasonal_candidate() {
    let given = AutoSettings { horizon: 4, backtest_horizon: 4, season: SeasonRule::Given(52) };
    let series: Vec<f64> = (0..70).map(|t| 50.0 + 20.0 * ((t % 52) as f64 / 10.0).sin() + wobble(t)).collect();
    let short = choose(&series[..60], &given);
    assert_eq!(short.season, None);
    assert!(short.candidates.iter().all(|c| !matches!(c.model, Model::SeasonalNaive { .. })));
    let long = choose(&series, &given);
    assert_eq!(long.season, Some(52));
    assert!(long.candidates.iter().any(|c| c.model == Model::SeasonalNaive { m: 52 }));
}

/// A 13-week pattern (0, 10, 20, …, 120 rising then dropping) over 104 weeks: the lag-13
/// correlation of the repeated pattern is 1, the half-lag (6) correlation is lower, so
/// the season is 13. Seasonal naive is then a candidate, forecasts the pattern exactly and
/// wins with zero error: the forecast for the next 13 weeks is the pattern itself.
#[test]
fn a_season_found_by_autocorrelation_gets_seasonal_candidates() {
    let pattern: Vec<f64> = (0..13).map(|i| 10.0 * i as f64).collect();
    let values: Vec<f64> = (0..104).map(|t| pattern[t % 13]).collect();
    assert_eq!(detect_season(&values), Some(13));
    let auto = choose(&values, &settings(4, 13));
    assert_eq!(auto.season, Some(13));
    assert_eq!(auto.model, Model::SeasonalNaive { m: 13 });
    assert_eq!(auto.forecast, pattern);
    close(auto.chosen_score().unwrap().mae, 0.0);
}

/// Neither a constant, nor a straight line, nor a period-5 wobble (not among 52, 13, 4)
/// is a season.
#[test]
fn no_season_without_a_seasonal_pattern() {
    assert_eq!(detect_season(&[7.0; 104]), None);
    let line: Vec<f64> = (0..104).map(f64::from).collect();
    assert_eq!(detect_season(&line), None);
    let noise: Vec<f64> = (0..104).map(|t| 20.0 + wobble(t)).collect();
    assert_eq!(detect_season(&noise), None);
}

/// The line removed before the lag correlations is Tukey's resistant line. Weeks 0..=8 sell
/// 1..=9 and week 9 sells 100: k = ⌊10 ÷ 3⌋ = 3, the left third's values 1, 2, 3 (median 2,
/// weeks 0–2, median week 1), the right third's 8, 9, 100 (median 9, weeks 7–9, median week
/// 8): slope (9 − 2) ÷ (8 − 1) = 1, the item's own rise (a least-squares line through the 100
/// rises Σ(t − 4.5)·y ÷ 82.5 = (82.5 + 4.5 × 90) ÷ 82.5 = 5.909… a week). Eleven weeks of
/// 3t: k = 3, medians 3 (week 1) and 27 (week 9): slope 24 ÷ 8 = 3, a line's own. With an
/// even third (12 weeks, k = 4) of 2t: left values 0, 2, 4, 6 → median (2 + 4) ÷ 2 = 3,
/// right 16, 18, 20, 22 → 19, weeks 1.5 and 9.5: 16 ÷ 8 = 2. Under three weeks: 0.
#[test]
fn the_trend_removed_before_season_detection_ignores_a_few_peaks() {
    let values: Vec<f64> = (1..=9).map(f64::from).chain([100.0]).collect();
    close(robust_trend_slope(&values), 1.0);
    close(robust_trend_slope(&(0..11).map(|t| 3.0 * f64::from(t)).collect::<Vec<_>>()), 3.0);
    close(robust_trend_slope(&(0..12).map(|t| 2.0 * f64::from(t)).collect::<Vec<_>>()), 2.0);
    close(robust_trend_slope(&[5.0, 6.0]), 0.0);
}

/// A hand-built copy of a real item's first 65 weeks (Online Retail II, StockCode 37352):
/// a few units now and then and one order of 4,608 units in week 14. A plain least-squares
/// line through that order leaves residuals that rise through weeks 0–12 and again through
/// weeks 52–64, so their lag-52 Pearson correlation is 0.993 (numpy 2.4.6:
/// `np.corrcoef(d[:-52], d[52:])` with `d = y - np.polyval(np.polyfit(t, y, 1), t)`) and a
/// "season" made seasonal naive forecast the 4,608 again a year later. The resistant line's
/// thirds (21 weeks each) both have median 0, so its slope is 0, nothing is removed, and
/// weeks 52–64 (all 0) are constant, so the lag-52 correlation is 0 (as are lag 4's and
/// 13's: at most 7 non-zero weeks pair with zeros or each other without any linear relation
/// above 0.3 — the test checks the outcome): no season, and no seasonal model for the item.
#[test]
fn one_large_order_is_not_a_season() {
    let mut values = vec![0.0; 65];
    for (week, quantity) in [(1, 2.0), (6, 6.0), (14, 4608.0), (23, 6.0), (41, 12.0), (42, 4.0), (47, 5.0)] {
        values[week] = quantity;
    }
    assert_eq!(detect_season(&values), None);
    let auto = choose(&values, &settings(13, 13));
    assert_eq!(auto.season, None);
    assert!(auto
        .candidates
        .iter()
        .all(|c| !matches!(c.model, Model::SeasonalNaive { .. } | Model::HoltWinters { .. })));
}

/// Series of a SKU's locations end the same week, so the pool adds them aligned at the end:
/// [1, 2, 3] + [10, 20] = [1, 2 + 10, 3 + 20] = [1, 12, 23].
#[test]
fn the_pool_adds_a_skus_series_aligned_at_their_last_week() {
    let (a, b) = (series(vec![1.0, 2.0, 3.0]), series(vec![10.0, 20.0]));
    assert_eq!(pooled_sum(&[&a, &b]), vec![1.0, 12.0, 23.0]);
}

/// A season found only in the pool is the series' season too. A location selling a steady
/// 20 ± 2 (no season of its own, see `no_season_without_a_seasonal_pattern`) gets the pool's
/// 13-week seasonal candidates only, and the winner is shrunk halfway to the flat mean: the
/// wobble has period 5, so a season of 13 cannot follow it. Seasonal naive's error is
/// w(t − 13) − w(t); with r = 3t mod 5, w(t − 13) = ((r + 1) mod 5) − 2, so the error is 1
/// for r = 0…3 and 4 for r = 4: mean 8 / 5 = 1.6 over whole cycles, above the flat mean's about 1.2 (the
/// mean |w| of −2…2). A location showing the season itself (the 13-week pattern of
/// `a_season_found_by_autocorrelation_gets_seasonal_candidates`) keeps seasonal naive,
/// which repeats it without error.
#[test]
fn a_season_found_in_the_pool_is_the_series_season() {
    let pooled = AutoSettings { horizon: 13, backtest_horizon: 4, season: SeasonRule::Pooled(13) };
    let flat: Vec<f64> = (0..104).map(|t| 20.0 + wobble(t)).collect();
    let auto = choose(&flat, &pooled);
    assert_eq!(auto.season, Some(13));
    // About 1.6 a week against about 1.2: well above 0.8 × the flat mean's score.
    assert!(auto.score_of("seasonal naive").unwrap().mae > 1.2);
    assert!(auto.candidates.iter().all(|c| !matches!(c.model, Model::FlatMean { .. } | Model::Ses { .. })));
    assert!(matches!(auto.model, Model::ShrunkSeasonal { weight: 0.5, .. }), "{:?}", auto.model);
    let pattern: Vec<f64> = (0..13).map(|i| 10.0 * i as f64).collect();
    let seasonal: Vec<f64> = (0..104).map(|t| pattern[t % 13]).collect();
    let auto = choose(&seasonal, &pooled);
    assert!(auto.candidates.iter().all(|c| matches!(c.model, Model::SeasonalNaive { .. } | Model::HoltWinters { .. })));
    assert_eq!(auto.model, Model::SeasonalNaive { m: 13 });
}

/// Demand of 6 every third week: ADI = 3 ≥ 1.32 and all sizes equal (CV² = 0), so
/// Syntetos–Boylan intermittent, and Croston, SBA and TSB compete; a series selling every
/// week (smooth) gets none of them.
#[test]
fn intermittent_demand_brings_intermittent_candidates() {
    let intermittent: Vec<f64> = (0..60).map(|t| if t % 3 == 2 { 6.0 } else { 0.0 }).collect();
    let auto = choose(&intermittent, &settings(4, 4));
    assert_eq!(auto.pattern, engine::plan::DemandPattern::Intermittent);
    let names: Vec<&str> = auto.candidates.iter().map(|c| c.model.name()).collect();
    for name in ["croston", "sba", "tsb"] {
        assert!(names.contains(&name), "{name} in {names:?}");
    }
    let smooth: Vec<f64> = (0..60).map(|t| 20.0 + wobble(t)).collect();
    let auto = choose(&smooth, &settings(4, 4));
    assert!(auto.candidates.iter().all(|c| !["croston", "sba", "tsb"].contains(&c.model.name())));
}

/// The bias guard. Demand of 10 every third week: a forecast of 0 has the lowest MAE
/// (10/3 ≈ 3.33 against the mean's (2 × 3.33 + 6.67) / 3 ≈ 4.44) but misses all the volume.
/// The score adds |mean error|, so zero would score 3.33 + 3.33 = 6.67 and cannot win:
/// the chosen forecast keeps at least half the mean demand of 10/3.
#[test]
fn the_choice_does_not_starve_an_intermittent_item() {
    let values: Vec<f64> = (0..78).map(|t| if t % 3 == 0 { 10.0 } else { 0.0 }).collect();
    let auto = choose(&values, &settings(4, 4));
    let chosen = auto.chosen_score().unwrap();
    close(chosen.score, chosen.mae + chosen.bias.abs());
    assert!(auto.forecast[0] >= 0.5 * 10.0 / 3.0, "{auto:?}");
}

/// Eight weeks of 10 then 13 of 20, one week ahead: origins 8 … 20, each forecasting week o.
/// Flat mean at origin o: (80 + 20 (o − 8)) / o = 20 − 80 / o, error −80 / o, so
/// MAE = 80/13 × Σ_{o=8}^{20} 1/o = 80/13 × (H20 − H7) = 80/13 × 1.004882514 = 6.183892…,
/// bias −6.183892…, score 12.367784…. The moving average (only window 4 is shorter than the
/// 8 training weeks) forecasts 10, 12.5, 15, 17.5 at origins 8 … 11 and 20 after: errors
/// −10, −7.5, −5, −2.5 and nine zeros, MAE 25/13, bias −25/13, score 50/13, below
/// 0.8 × the flat mean's, so it wins; refitted on all 21 weeks window 4 still has no error
/// from week 13 on (window 8 has), and forecasts 20. The MASE scale (naive, on eight equal
/// weeks) is 0, so no MASE.
#[test]
fn backtest_errors_and_scores_by_hand() {
    let mut values = vec![10.0; 8];
    values.extend([20.0; 13]);
    let auto = choose(&values, &settings(1, 2));
    let flat = auto.score_of("flat mean").unwrap();
    let harmonic: f64 = (8..=20).map(|o| 1.0 / o as f64).sum();
    close(harmonic, 1.004_882_514_182_514);
    close(flat.mae, 80.0 / 13.0 * harmonic);
    close(flat.bias, -80.0 / 13.0 * harmonic);
    close(flat.score, 160.0 / 13.0 * harmonic);
    assert_eq!(flat.mase, None);
    let average = auto.score_of("moving average").unwrap();
    assert_eq!(average.model, Model::MovingAverage { window: 4 });
    close(average.mae, 25.0 / 13.0);
    close(average.bias, -25.0 / 13.0);
    close(average.score, 50.0 / 13.0);
    assert_eq!(auto.model, Model::MovingAverage { window: 4 });
    assert_eq!(auto.forecast, vec![20.0, 20.0]);
}

/// The same series two weeks ahead: the moving average's errors one week ahead are −10,
/// −7.5, −5, −2.5 and nine zeros, RMSE √(187.5/13) = 3.797773; two weeks ahead (origins
/// 8 … 19, the same forecasts one week later) −10, −7.5, −5, −2.5 and eight zeros,
/// √(187.5/12) = 3.952847. Weeks 3 and 4 take week 2's.
#[test]
fn error_sd_by_horizon_comes_from_the_backtest() {
    let mut values = vec![10.0; 8];
    values.extend([20.0; 13]);
    let auto = choose(&values, &settings(2, 4));
    assert_eq!(auto.model, Model::MovingAverage { window: 4 });
    let (one, two) = ((187.5f64 / 13.0).sqrt(), (187.5f64 / 12.0).sqrt());
    for (got, want) in auto.error_sd.iter().zip([one, two, two, two]) {
        close(*got, want);
    }
    let interval = auto.interval(1.0);
    close(interval[0].0, 20.0 - one);
    close(interval[0].1, 20.0 + one);
}

/// The same series, the error of the summed forecast (what planning reads over a lead
/// time). The moving average of 4 from origin o forecasts the mean of weeks o−4 … o−1:
/// 10, 12.5, 15, 17.5 from origins 8 … 11, then 20. Summed over k weeks its error is
/// k × (that − 20) from origins 8 … 11 and 0 after, over the origins whose k weeks are in
/// the holdout (13 − k + 1 of them):
/// k = 1: (100 + 56.25 + 25 + 6.25) ÷ 13; k = 2: (400 + 225 + 100 + 25) ÷ 12;
/// k = 3: (900 + 506.25 + 225 + 56.25) ÷ 11; k = 4: (1600 + 900 + 400 + 100) ÷ 10.
#[test]
fn the_error_of_a_summed_forecast_comes_from_the_backtest_running_sums() {
    let mut values = vec![10.0; 8];
    values.extend([20.0; 13]);
    let auto = choose(&values, &settings(2, 4));
    let want = [187.5 / 13.0, 750.0 / 12.0, 1687.5 / 11.0, 3000.0 / 10.0].map(f64::sqrt);
    assert_eq!(auto.cumulative_error_sd.len(), 4);
    for (got, want) in auto.cumulative_error_sd.iter().zip(want) {
        close(*got, want);
    }
}

/// Past the last running sum the variance grows with the weeks (16 at k = 2 → 16 × 3 ÷ 2
/// = 24 at k = 3, 32, 40), and the figure never falls (5 then 1 → 5, 5).
#[test]
fn the_summed_error_extends_past_the_holdout_and_never_falls() {
    let got = engine::forecast::auto::cumulative_error_sd(&[vec![3.0, -3.0], vec![4.0], vec![]], 5);
    for (got, want) in got.iter().zip([9.0, 16.0, 24.0, 32.0, 40.0].map(f64::sqrt)) {
        close(*got, want);
    }
    assert_eq!(engine::forecast::auto::cumulative_error_sd(&[vec![5.0], vec![1.0]], 2), vec![5.0, 5.0]);
    assert_eq!(engine::forecast::auto::cumulative_error_sd(&[vec![], vec![]], 2), vec![0.0, 0.0]);
}

#[test]
fn invalid_input_is_refused() {
    let values = vec![1.0; 30];
    assert!(matches!(
        choose_forecast(&values, &[false; 30], &settings(0, 2)),
        Err(ForecastError::InvalidParameter { name: "backtest_horizon", .. })
    ));
    assert!(matches!(
        choose_forecast(&values, &[false; 29], &settings(1, 2)),
        Err(ForecastError::LengthMismatch { .. })
    ));
    let mut negative = values.clone();
    negative[3] = -1.0;
    assert!(matches!(
        choose_forecast(&negative, &[false; 30], &settings(1, 2)),
        Err(ForecastError::InvalidParameter { name: "demand", .. })
    ));
}

/// Every forecast is finite and non-negative, and the same input gives the same choice,
/// over a range of seeded series (trend down through zero, spikes, zeros).
#[test]
fn forecasts_are_finite_non_negative_and_deterministic() {
    let mut state = 12_345u64;
    for case in 0..40 {
        let n = 21 + case * 3;
        let values: Vec<f64> = (0..n)
            .map(|t| {
                state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                let noise = (state >> 33) as f64 / (1u64 << 31) as f64;
                let trend = (40.0 - t as f64 * (case % 4) as f64).max(0.0);
                if case % 3 == 0 && noise < 0.6 {
                    0.0
                } else {
                    trend * noise * 2.0
                }
            })
            .collect();
        let first = choose(&values, &settings(1 + case % 6, 8));
        assert!(first.forecast.iter().chain(&first.error_sd).all(|v| v.is_finite() && *v >= 0.0), "{first:?}");
        assert_eq!(first, choose(&values, &settings(1 + case % 6, 8)));
    }
}

// ---- the portfolio report ----

fn series(values: Vec<f64>) -> WeeklySeries {
    let kinds = vec![WeekKind::Observed; values.len()];
    WeeklySeries { start: date("2024-12-09"), values, kinds }
}

/// A yearly season (a 30-unit swing) plus a period-5 wobble over 104 weeks is grouped as
/// seasonal; the automatic choice keeps only seasonal candidates (seasonal naive or
/// Holt-Winters at every origin) and beats the flat mean, which misses the swing; the
/// hindsight bound is at least as good. A 60-week series cannot be scored (the protocol
/// needs 92 weeks) and is skipped.
#[test]
fn the_portfolio_report_groups_series_and_compares_methods() {
    let seasonal: Vec<f64> =
        (0..104).map(|t| 50.0 + 30.0 * (std::f64::consts::TAU * t as f64 / 52.0).sin() + wobble(t)).collect();
    let short: Vec<f64> = (0..60).map(|t| 20.0 + wobble(t)).collect();
    let report = portfolio_backtest(&[series(seasonal), series(short)], 13).unwrap();
    assert_eq!(report.skipped, 1);
    let group = report.groups.iter().find(|g| g.group == Some(PatternGroup::Seasonal)).unwrap();
    assert_eq!(group.series, 1);
    let method = |name: &str| group.methods.iter().find(|m| m.method == name).unwrap();
    let chosen: usize = report.chosen.iter().map(|(_, count)| count).sum();
    assert_eq!(chosen, 3, "one choice per origin: {:?}", report.chosen);
    assert!(report.chosen.iter().all(|(name, _)| ["seasonal naive", "holt-winters"].contains(name)));
    assert!(method("automatic").mean_mase < method("flat mean").mean_mase);
    assert!(method("hindsight best").mean_mase <= method("automatic").mean_mase + 1e-12);
    let overall = report.groups.last().unwrap();
    assert_eq!((overall.group, overall.series), (None, 1));
}

/// The shrunk seasonal model by hand: weeks 1..=8 valued 1..=8, season 4.
/// Seasonal naive repeats the last season: 5, 6, 7, 8. The flat mean of the
/// (fewer than 52) weeks is 36 / 8 = 4.5. Half and half: (5 + 4.5) / 2 =
/// 4.75, then 5.25, 5.75, 6.25. A weight outside [0, 1] is refused.
#[test]
fn a_shrunk_seasonal_forecast_is_the_weighted_mean_with_the_flat_mean() {
    let values: Vec<f64> = (1..=8).map(f64::from).collect();
    let imputed = vec![false; 8];
    let shrunk = Model::ShrunkSeasonal { seasonal: SeasonalModel::Naive { m: 4 }, weight: 0.5 };
    let forecast = shrunk.forecast(&values, &imputed, 4).unwrap();
    for (got, want) in forecast.iter().zip([4.75, 5.25, 5.75, 6.25]) {
        close(*got, want);
    }
    // Weight 0.25 on the season: 0.25 × 5 + 0.75 × 4.5 = 4.625.
    let quarter = Model::ShrunkSeasonal { seasonal: SeasonalModel::Naive { m: 4 }, weight: 0.25 };
    close(quarter.forecast(&values, &imputed, 1).unwrap()[0], 4.625);
    // The CSV export writes the model's name unquoted.
    assert_eq!(shrunk.name(), "shrunk seasonal naive");
    let invalid = Model::ShrunkSeasonal { seasonal: SeasonalModel::Naive { m: 4 }, weight: 1.5 };
    assert!(matches!(invalid.forecast(&values, &imputed, 1), Err(ForecastError::InvalidParameter { .. })));
}

/// A season of 4 given by the buyer (seasonal candidates only): three
/// seasons of 0, 0, 0, 40, then 13 weeks of 10 (25 weeks, holdout from week
/// 12). The flat mean at every origin is 10 (each season averages 10, and so
/// does every week after them), so it has no error at all in the backtest:
/// no seasonal winner can score below 0.8 × 0, and the winner is shrunk
/// halfway. The forecast is then half the seasonal model's plus half the
/// flat mean, 250 / 25 = 10.
///
/// Against it, six clean seasons (24 weeks): seasonal naive repeats them
/// without error (score 0), below 0.8 × the flat mean's, and stands unshrunk:
/// 0, 0, 0, 40.
#[test]
fn a_weak_seasonal_winner_is_shrunk_halfway_to_the_flat_mean() {
    let given = AutoSettings { horizon: 4, backtest_horizon: 4, season: SeasonRule::Given(4) };
    let season = [0.0, 0.0, 0.0, 40.0];
    let mut values: Vec<f64> = (0..12).map(|t| season[t % 4]).collect();
    values.extend([10.0; 13]);
    let auto = choose(&values, &given);
    let Model::ShrunkSeasonal { seasonal, weight } = auto.model else { panic!("not shrunk: {:?}", auto.model) };
    assert_eq!(weight, SHRINK_WEIGHT);
    assert_eq!(weight, 0.5);
    let chosen = auto.chosen.unwrap();
    assert_eq!(chosen, auto.candidates.len() - 1, "the shrunk model is appended as the winner");
    assert_eq!(auto.candidates[chosen].model, auto.model);
    let inner = seasonal.model().forecast(&values, &[false; 25], 4).unwrap();
    for (got, part) in auto.forecast.iter().zip(&inner) {
        close(*got, 0.5 * part + 0.5 * 10.0);
    }

    let clean: Vec<f64> = (0..24).map(|t| season[t % 4]).collect();
    let auto = choose(&clean, &given);
    assert_eq!(auto.model, Model::SeasonalNaive { m: 4 });
    assert_eq!(auto.forecast, vec![0.0, 0.0, 0.0, 40.0]);
}
