//! Forecasts as the plan's demand, on the demo workspace.

use chrono::NaiveDate;

use engine::forecast::planning::lead_time_model;
use engine::forecast::{forecast_detail, forecast_summary, plan_from_forecasts, Model, PLANNING_HORIZON_WEEKS};
use engine::plan::{DemandSource, Flag, LeadTimeModel};

fn today() -> NaiveDate {
    "2025-03-03".parse().unwrap()
}

/// Every line whose series has a usable forecast is planned from it, week by
/// week; the others from history. A seasonal series' forecast is not flat.
#[test]
fn the_demo_is_planned_from_its_forecasts() {
    let workspace = engine::sample::demo(today());
    let (plan, forecasts) = plan_from_forecasts(&workspace, today(), &mut |_, _| {}).unwrap();
    assert!(!forecasts.is_empty());
    let mut from_forecast = 0;
    for line in &plan.lines {
        let Some(demand) = &line.demand else { continue };
        let forecast = forecasts.iter().find(|f| f.sku == line.sku && f.location == line.location);
        let usable = forecast.and_then(engine::forecast::demand_estimate);
        match (&usable, demand.source) {
            (Some(estimate), DemandSource::Forecast) => {
                from_forecast += 1;
                let phased = demand.phased.as_ref().expect("a forecast line keeps its weeks");
                assert_eq!(phased.weekly.len(), PLANNING_HORIZON_WEEKS);
                assert_eq!(Some(phased), estimate.phased.as_ref());
                assert!(phased.weekly.iter().all(|w| w.is_finite() && *w >= 0.0));
            }
            (None, DemandSource::History) => assert!(demand.phased.is_none()),
            (usable, source) => {
                panic!("{} at {}: {source:?} with a usable forecast {usable:?}", line.sku, line.location)
            }
        }
    }
    assert!(from_forecast * 2 > plan.lines.len(), "{from_forecast} of {} lines from forecasts", plan.lines.len());
    let seasonal = forecasts.iter().find(|f| f.auto.season.is_some()).expect("the demo has seasonal items");
    let weeks = &seasonal.auto.forecast;
    assert!(weeks.iter().any(|w| (w - weeks[0]).abs() > 1e-6), "a seasonal forecast moves: {weeks:?}");
}

/// Intermittent series (chosen model Croston, SBA or TSB, or an intermittent
/// or lumpy pattern) are planned with a count distribution, the others with
/// the normal model; a line whose safety stock came from the count model is
/// flagged with it and not as a weak normal fit, and its level is the
/// quantile itself: D_T + SS = s, a whole number, when nothing is floored or
/// added for supply risk.
#[test]
fn intermittent_forecasts_are_planned_with_a_count_distribution() {
    let workspace = engine::sample::demo(today());
    let (plan, forecasts) = plan_from_forecasts(&workspace, today(), &mut |_, _| {}).unwrap();
    let (mut counted, mut by_intermittent_model, mut whole) = (0, 0, 0);
    for forecast in &forecasts {
        let intermittent_model =
            matches!(forecast.auto.model, Model::Croston { .. } | Model::Sba { .. } | Model::Tsb { .. });
        let intermittent = intermittent_model || forecast.auto.pattern.normal_model_is_weak();
        let expected = if intermittent { LeadTimeModel::Count } else { LeadTimeModel::Normal };
        assert_eq!(lead_time_model(&forecast.auto), expected, "{} at {}", forecast.sku, forecast.location);
        let Some(line) = plan.lines.iter().find(|l| l.sku == forecast.sku && l.location == forecast.location) else {
            continue;
        };
        let Some(phased) = line.demand.as_ref().and_then(|d| d.phased.as_ref()) else { continue };
        assert_eq!(phased.lead_time_model, expected);
        let Some(safety) = line.chosen_figures().and_then(|f| f.safety.as_ref()) else { continue };
        let flagged = line.flags.iter().any(|f| matches!(f, Flag::CountModel { .. }));
        assert_eq!(flagged, safety.count.is_some(), "{} at {}", line.sku, line.location);
        if let Some(count) = &safety.count {
            assert!(intermittent);
            counted += 1;
            by_intermittent_model += usize::from(intermittent_model);
            assert!(!line.flags.iter().any(|f| matches!(f, Flag::NormalModelWeak { .. })));
            if !safety.floored && safety.risk_buffer == 0.0 {
                whole += 1;
                assert!((line.reorder_point - count.level.level as f64).abs() < 1e-9, "{}", line.reorder_point);
            }
        }
    }
    assert!(counted >= 20 && by_intermittent_model >= 1 && whole >= 5, "{counted}, {by_intermittent_model}, {whole}");
}

/// The summary's figures come from the briefs it lists: the weighted MASE is
/// Σ volume × MASE ÷ Σ volume over series with both MASEs, briefs worst first.
#[test]
fn the_forecast_summary_weights_accuracy_by_volume() {
    let workspace = engine::sample::demo(today());
    let (_, forecasts) = plan_from_forecasts(&workspace, today(), &mut |_, _| {}).unwrap();
    let summary = forecast_summary(&forecasts);
    assert_eq!(summary.series, forecasts.len());
    assert_eq!(summary.backtested, summary.briefs.len());
    assert_eq!(summary.models.iter().map(|(_, n)| n).sum::<usize>(), forecasts.len());
    let both: Vec<_> =
        summary.briefs.iter().filter_map(|b| Some((b.volume, b.mase?, b.seasonal_naive_mase?))).collect();
    let volume: f64 = both.iter().map(|b| b.0).sum();
    let mase = both.iter().map(|b| b.0 * b.1).sum::<f64>() / volume;
    let naive = both.iter().map(|b| b.0 * b.2).sum::<f64>() / volume;
    assert!((summary.weighted_mase.unwrap() - mase).abs() < 1e-9);
    assert!((summary.seasonal_naive_weighted_mase.unwrap() - naive).abs() < 1e-9);
    let mases: Vec<f64> = summary.briefs.iter().filter_map(|b| b.mase).collect();
    assert!(mases.windows(2).all(|w| w[0] >= w[1]), "worst first");
}

/// The detail of a forecast lines up history, fitted values and flags week
/// by week, and the interval brackets the forecast.
#[test]
fn a_forecast_detail_lines_up_week_by_week() {
    let workspace = engine::sample::demo(today());
    let (_, forecasts) = plan_from_forecasts(&workspace, today(), &mut |_, _| {}).unwrap();
    let forecast = forecasts.iter().find(|f| f.auto.chosen.is_some()).unwrap();
    let detail = forecast_detail(&workspace, forecast);
    let n = detail.history.len();
    assert_eq!((detail.fitted.len(), detail.promo_weeks.len(), detail.stockout_weeks.len()), (n, n, n));
    assert_eq!(detail.fitted[0], None);
    assert!(detail.fitted.iter().flatten().count() > n / 2);
    assert_eq!(detail.history_start + chrono::Days::new(7 * n as u64), detail.forecast_start);
    for (f, (lo, hi)) in detail.forecast.iter().zip(&detail.interval) {
        assert!(*lo <= *f && *f <= *hi && *lo >= 0.0);
    }
    assert!(detail.planned_from);
    assert!(detail.promo_weeks.iter().any(|&p| p) || detail.stockout_weeks.iter().any(|&s| s) || n > 0);
}
