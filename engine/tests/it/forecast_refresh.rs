//! Refreshing kept forecasts after a buyer's change (issue 7 §5: "editing a
//! promotion, a pin or an override re-forecasts only the series it
//! touches"): after every kind of change, `refresh_forecasts` must give
//! exactly what forecasting the workspace from scratch gives, while choosing
//! a model again only for the series the change reaches. The expected counts
//! are counted from the workspace itself (the series of a pinned SKU or
//! family, the pairs whose horizon moved), not from the refresh.

use std::collections::HashMap;

use chrono::{Days, NaiveDate};
use engine::forecast::{backtest_horizons, forecast_workspace, refresh_forecasts, ForecastError, SeriesForecast};
use engine::*;

const HORIZON: usize = 26;

fn today() -> NaiveDate {
    "2025-03-03".parse().unwrap()
}

type Horizons = HashMap<(SkuId, LocationId), usize>;

fn from_scratch(workspace: &Workspace, horizons: &Horizons) -> Vec<SeriesForecast> {
    forecast_workspace(workspace, today(), HORIZON, horizons).unwrap()
}

/// Refresh `kept`, check it equals forecasting from scratch, and return how
/// many series were chosen again.
fn refresh_matches(workspace: &Workspace, horizons: &Horizons, kept: &mut Vec<SeriesForecast>, step: &str) -> usize {
    let refreshed = refresh_forecasts(workspace, today(), HORIZON, horizons, kept, &mut |_, _| {}).unwrap();
    let fresh = from_scratch(workspace, horizons);
    assert_eq!(kept.len(), fresh.len(), "{step}: series");
    for (got, want) in kept.iter().zip(&fresh) {
        assert_eq!(got, want, "{step}: {} at {}", want.sku, want.location);
    }
    let launched_only = fresh.iter().filter(|f| f.launch.is_some() && f.weeks.values.is_empty()).count();
    assert_eq!(refreshed.series, fresh.len() - launched_only, "{step}");
    refreshed.chosen_again
}

/// SKUs with demand history in the sample, in order.
fn skus_with_history(forecasts: &[SeriesForecast]) -> Vec<SkuId> {
    let mut skus: Vec<SkuId> = forecasts.iter().map(|f| f.sku.clone()).collect();
    skus.dedup();
    skus
}

fn series_of(forecasts: &[SeriesForecast], wanted: impl Fn(&SkuId) -> bool) -> usize {
    forecasts.iter().filter(|f| wanted(&f.sku)).count()
}

#[test]
fn a_refresh_after_each_kind_of_change_equals_forecasting_again_and_chooses_only_the_touched_series() {
    let mut workspace = sample::demo(today());
    let mut horizons = backtest_horizons(&workspace, today());
    let mut kept = from_scratch(&workspace, &horizons);
    let skus = skus_with_history(&kept);
    let (promoted, overridden, pinned) = (skus[0].clone(), skus[1].clone(), skus[2].clone());
    let location = kept.iter().find(|f| f.sku == overridden).unwrap().location.clone();

    // Nothing changed: nothing is chosen again.
    assert_eq!(refresh_matches(&workspace, &horizons, &mut kept, "no change"), 0);

    // A planned promotion and an override change weeks, not models.
    workspace.promotions = Sorted::from_vec(vec![Promotion {
        id: PromotionId::new("P-1"),
        scope: ForecastScope::Sku(promoted.clone()),
        location: None,
        start: today() + Days::new(10),
        end: today() + Days::new(30),
        uplift: Uplift::Factor(1.5),
        note: String::new(),
    }]);
    assert_eq!(refresh_matches(&workspace, &horizons, &mut kept, "promotion"), 0);
    assert!(kept.iter().any(|f| f.sku == promoted && f.before_inputs.is_some()), "the promotion lifted weeks");
    workspace.forecast_overrides = Sorted::from_vec(vec![ForecastOverride {
        sku: overridden.clone(),
        location: location.clone(),
        week_start: today() + Days::new(14),
        quantity: 777.0,
        note: String::new(),
    }]);
    assert_eq!(refresh_matches(&workspace, &horizons, &mut kept, "override"), 0);

    // A SKU's pin chooses again exactly that SKU's series.
    let sku_pin =
        ForecastPin { scope: ForecastScope::Sku(pinned.clone()), model: ForecastModel::Naive, season_weeks: None };
    workspace.forecast_pins = Sorted::from_vec(vec![sku_pin.clone()]);
    let want = series_of(&kept, |sku| *sku == pinned);
    assert_eq!(refresh_matches(&workspace, &horizons, &mut kept, "SKU pin"), want);

    // A family pin chooses again the family's series, except the SKU whose own pin wins.
    let family = workspace.sku(&pinned).unwrap().family.clone();
    assert!(!family.is_empty());
    let in_family: Vec<SkuId> =
        workspace.skus.iter().filter(|s| s.family == family && s.id != pinned).map(|s| s.id.clone()).collect();
    let family_pin =
        ForecastPin { scope: ForecastScope::Family(family.clone()), model: ForecastModel::Ses, season_weeks: None };
    workspace.forecast_pins = Sorted::from_vec(vec![sku_pin, family_pin]);
    let want = series_of(&kept, |sku| in_family.contains(sku));
    assert!(want > 0);
    assert_eq!(refresh_matches(&workspace, &horizons, &mut kept, "family pin"), want);

    // A new item launched like the promoted one adds its series, chooses nothing.
    let mut new_item = workspace.sku(&promoted).unwrap().clone();
    new_item.id = SkuId::new("NEW-LAUNCH");
    let mut catalog = workspace.skus.to_vec();
    catalog.push(new_item);
    workspace.skus = Sorted::from_vec(catalog);
    workspace.launches = Sorted::from_vec(vec![Launch {
        sku: SkuId::new("NEW-LAUNCH"),
        location: None,
        like_sku: Some(promoted.clone()),
        like_share: Some(0.6),
        weekly_rate: None,
        use_family_profile: false,
        start: today(),
    }]);
    let before = kept.len();
    assert_eq!(refresh_matches(&workspace, &horizons, &mut kept, "launch"), 0);
    assert!(kept.len() > before, "the launch adds series");

    // Taking everything away again chooses the pinned series again, and
    // leaves what forecasting from scratch gives.
    let pinned_series = series_of(&kept, |sku| *sku == pinned || in_family.contains(sku));
    workspace.launches = Sorted::default();
    workspace.promotions = Sorted::default();
    workspace.forecast_overrides = Sorted::default();
    workspace.forecast_pins = Sorted::default();
    assert_eq!(refresh_matches(&workspace, &horizons, &mut kept, "all removed"), pinned_series);
    assert!(kept.iter().all(|f| f.before_inputs.is_none() && f.launch.is_none()));

    // A change of offers or settings that moves two pairs' backtest horizons
    // chooses those two again.
    let moved: Vec<(SkuId, LocationId)> = horizons.keys().take(2).cloned().collect();
    for key in &moved {
        *horizons.get_mut(key).unwrap() += 3;
    }
    assert_eq!(refresh_matches(&workspace, &horizons, &mut kept, "horizons"), 2);
}

#[test]
fn forecasts_of_another_day_or_demand_history_are_refused_not_patched() {
    let workspace = sample::demo(today());
    let horizons = backtest_horizons(&workspace, today());
    let kept = from_scratch(&workspace, &horizons);

    let mut other_day = kept.clone();
    let tomorrow = today() + Days::new(1);
    let refused = refresh_forecasts(&workspace, tomorrow, HORIZON, &horizons, &mut other_day, &mut |_, _| {});
    assert!(matches!(refused, Err(ForecastError::Stale)), "{refused:?}");

    let mut other_horizon = kept.clone();
    let refused = refresh_forecasts(&workspace, today(), 13, &horizons, &mut other_horizon, &mut |_, _| {});
    assert!(matches!(refused, Err(ForecastError::Stale)), "{refused:?}");

    let mut changed = workspace.clone();
    let series = changed.demand.series.iter_mut().find(|s| s.total() > 0.0).unwrap();
    let last = series.quantity.len() - 10;
    series.quantity[last] += 5.0;
    let mut kept_again = kept.clone();
    let refused = refresh_forecasts(&changed, today(), HORIZON, &horizons, &mut kept_again, &mut |_, _| {});
    assert!(matches!(refused, Err(ForecastError::Stale)), "{refused:?}");
}

/// The stepped refresh (`ForecastRefresh`, what the browser's worker runs
/// between chances for a cancel): stopped after one step of a change that
/// reaches many series, the forecasts it hands back refresh to exactly what
/// forecasting from scratch gives, both for the same change and after the
/// buyer took the change back; a refresh stepped to its end equals
/// `refresh_forecasts`.
#[test]
fn a_refresh_stopped_part_way_refreshes_again_to_what_forecasting_from_scratch_gives() {
    use engine::forecast::ForecastRefresh;
    let before = sample::demo(today());
    let horizons = backtest_horizons(&before, today());
    let kept = from_scratch(&before, &horizons);
    let skus = skus_with_history(&kept);
    let series = engine::forecast::weekly_series_by_location(&before.demand, today()).len();
    // Every SKU pinned: every series with history is chosen again.
    let mut pinned = before.clone();
    pinned.forecast_pins = Sorted::from_vec(
        skus.iter()
            .map(|sku| ForecastPin {
                scope: ForecastScope::Sku(sku.clone()),
                model: ForecastModel::Naive,
                season_weeks: None,
            })
            .collect(),
    );
    let mut refresh = ForecastRefresh::new(&pinned, today(), HORIZON, &horizons, kept.clone()).unwrap();
    assert_eq!(refresh.total(), series, "every series with history is chosen again");
    refresh.step(&pinned, &horizons, 10).unwrap();
    assert_eq!(refresh.done(), 10);
    assert!(!refresh.is_finished());
    let stopped = refresh.stop();

    // The same change, refreshed again: only the series not yet chosen are chosen.
    let mut again = stopped.clone();
    assert_eq!(refresh_matches(&pinned, &horizons, &mut again, "after a stop"), series - 10);
    // The change taken back: the ten series chosen for the pin are chosen again.
    let mut back = stopped;
    assert_eq!(refresh_matches(&before, &horizons, &mut back, "taken back after a stop"), 10);

    // Stepped to its end, it is `refresh_forecasts`.
    let mut refresh = ForecastRefresh::new(&pinned, today(), HORIZON, &horizons, kept.clone()).unwrap();
    while !refresh.is_finished() {
        refresh.step(&pinned, &horizons, 97).unwrap();
    }
    let (refreshed, stepped) = refresh.finish(&pinned);
    assert_eq!(refreshed.chosen_again, series);
    let mut whole = kept;
    refresh_forecasts(&pinned, today(), HORIZON, &horizons, &mut whole, &mut |_, _| {}).unwrap();
    assert_eq!(stepped, whole);
}
