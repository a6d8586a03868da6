//! The automatic forecast of every SKU × location of a workspace, and its
//! CSV and JSON renderings for the CLI.

use std::collections::HashMap;

use chrono::{Days, NaiveDate};

use crate::model::{ForecastOverride, ForecastPin, Launch, LocationId, SkuId};
use crate::Workspace;

use super::auto::{
    choose_forecast_pinned, detect_season, pooled_sum, AutoForecast, AutoSettings, ForecastFlag, Model, Pinned,
    SeasonRule,
};
use super::inputs::{
    apply_overrides, launch_for, pin_for, promotion_uplift, promotions_for, AppliedPromotion, LAUNCH_OWN_WEEKS,
};
use super::series::{weekly_series_by_location, WeekKind, WeeklySeries};
use super::ForecastError;

/// `z` of the 90 % central interval under normal errors.
pub const INTERVAL_Z: f64 = 1.644_853_626_951_472_2;
/// Backtest horizon for a SKU × location the caller gives none for.
pub const DEFAULT_BACKTEST_WEEKS: usize = 4;

/// The automatic forecast of one SKU × location.
#[derive(Clone, Debug, PartialEq)]
pub struct SeriesForecast {
    pub sku: SkuId,
    pub location: LocationId,
    /// The first day of forecast week 1: `today` (weeks of history end the day before).
    pub first_day: NaiveDate,
    pub weeks: WeeklySeries,
    pub backtest_weeks: usize,
    /// The forecast after the buyer's inputs (`forecast::inputs`): pinned
    /// model, launch, promotions and overrides are all in `auto.forecast`.
    pub auto: AutoForecast,
    /// The buyer's pin (the SKU's own or its family's), if any: the app says
    /// "pinned by a buyer" (`auto.pinned` says whether the series could run it).
    pub pin: Option<ForecastPin>,
    /// The launch this forecast comes from (`ForecastFlag::Launch`), if any.
    pub launch: Option<Launch>,
    /// Per forecast week: the promotions' combined factor (1 = none).
    pub uplift: Vec<f64>,
    /// The promotions applied, with their factors and where those came from.
    pub promotions: Vec<AppliedPromotion>,
    /// Per forecast week: replaced by a buyer's override.
    pub overridden: Vec<bool>,
    /// With a launch: the usable weeks of the item's own history blended
    /// into the launch's forecast (`inputs::blend_launch`; 0 = the launch alone).
    pub launch_own_weeks: usize,
    /// The season found in the sum of the SKU's series over every location
    /// (`SeasonRule::Pooled`), kept so a refresh chooses as the first time.
    pub pooled_season: Option<usize>,
    /// The chosen model's forecast before promotions and overrides changed
    /// it (`None` when they left it be), so [`refresh_forecasts`] can take
    /// the buyer's inputs off again without choosing the model again.
    pub before_inputs: Option<Vec<f64>>,
}

/// Forecast every SKU × location with demand history for `horizon` weeks from
/// `today`; `backtest_weeks` gives a pair's backtest horizon (lead time plus
/// review period in weeks), [`DEFAULT_BACKTEST_WEEKS`] for pairs it lacks.
pub fn forecast_workspace(
    workspace: &Workspace,
    today: NaiveDate,
    horizon: usize,
    backtest_weeks: &HashMap<(SkuId, LocationId), usize>,
) -> Result<Vec<SeriesForecast>, ForecastError> {
    forecast_workspace_with(workspace, today, horizon, backtest_weeks, &mut |_, _| {})
}

/// `forecast_workspace`, calling `progress(done, total)` every
/// [`PROGRESS_EVERY`] series and at the end.
pub fn forecast_workspace_with(
    workspace: &Workspace,
    today: NaiveDate,
    horizon: usize,
    backtest_weeks: &HashMap<(SkuId, LocationId), usize>,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Vec<SeriesForecast>, ForecastError> {
    let mut run = ForecastRun::new(workspace, today, horizon);
    while !run.is_finished() {
        progress(run.done(), run.total());
        run.step(workspace, backtest_weeks, PROGRESS_EVERY)?;
    }
    progress(run.total(), run.total());
    Ok(run.finish(workspace))
}

/// [`forecast_workspace_with`] a few series at a time, so a caller that
/// must stay responsive (the browser's worker, which answers a cancel
/// between steps) can stop between them: `step` chooses the model of up to
/// `max` more series, `finish` adds the buyer's launches, promotions and
/// overrides. Stepping to the end and finishing gives exactly what
/// `forecast_workspace_with` gives (it is built on this).
#[derive(Debug)]
pub struct ForecastRun {
    today: NaiveDate,
    horizon: usize,
    total: usize,
    /// Each series still to forecast, with its pooled season.
    pending: std::vec::IntoIter<((SkuId, LocationId, WeeklySeries), Option<usize>)>,
    out: Vec<SeriesForecast>,
}

impl ForecastRun {
    /// Cut the workspace's demand into weekly series (the weeks end the day
    /// before `today`); nothing is forecast yet.
    pub fn new(workspace: &Workspace, today: NaiveDate, horizon: usize) -> Self {
        let all = weekly_series_by_location(&workspace.demand, today);
        let pooled = pooled_seasons(&all);
        let (total, out) = (all.len(), Vec::with_capacity(all.len()));
        let pending: Vec<_> = all.into_iter().zip(pooled).collect();
        ForecastRun { today, horizon, total, out, pending: pending.into_iter() }
    }

    /// Series forecast so far.
    pub fn done(&self) -> usize {
        self.out.len()
    }

    pub fn total(&self) -> usize {
        self.total
    }

    pub fn is_finished(&self) -> bool {
        self.out.len() == self.total
    }

    /// Choose the model of up to `max` more series (`backtest_weeks` as in
    /// [`forecast_workspace_with`]).
    pub fn step(
        &mut self,
        workspace: &Workspace,
        backtest_weeks: &HashMap<(SkuId, LocationId), usize>,
        max: usize,
    ) -> Result<(), ForecastError> {
        for ((sku, location, weeks), pooled_season) in self.pending.by_ref().take(max) {
            let backtest_weeks = horizon_of(backtest_weeks, &sku, &location);
            let pin = pin_for(workspace, &sku).cloned();
            let auto = choose(&weeks, self.horizon, backtest_weeks, pin.as_ref(), pooled_season)?;
            self.out.push(SeriesForecast {
                sku,
                location,
                first_day: self.today,
                weeks,
                backtest_weeks,
                auto,
                pin,
                launch: None,
                uplift: vec![1.0; self.horizon],
                promotions: Vec::new(),
                overridden: vec![false; self.horizon],
                launch_own_weeks: 0,
                pooled_season,
                before_inputs: None,
            });
        }
        Ok(())
    }

    /// The forecasts with the buyer's inputs applied. Call when
    /// [`is_finished`](Self::is_finished); series not yet stepped are left out.
    pub fn finish(mut self, workspace: &Workspace) -> Vec<SeriesForecast> {
        add_buyer_inputs(workspace, self.today, self.horizon, &mut self.out);
        self.out
    }
}

/// What [`refresh_forecasts`] did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Refreshed {
    /// Series whose model was chosen again: their pin or backtest horizon
    /// changed, or a launch had replaced their own forecast.
    pub chosen_again: usize,
    /// Series with history (the others were kept as they were).
    pub series: usize,
}

/// Bring forecasts made by [`forecast_workspace_with`] up to date after the
/// buyer changed pins, overrides, promotions or launches, or after a change
/// of offers or settings moved some backtest horizons, with the same demand
/// history and `today`: the result is what forecasting again from scratch
/// gives (a test holds it to that), but a model is chosen again only for the
/// series whose pin or backtest horizon changed (and those a launch had
/// replaced); promotions, overrides and launches are applied again to all,
/// which costs little. `progress(done, total)` counts the series chosen again.
///
/// Refused when the forecasts were made for another day or horizon, or for
/// another demand history (a series' weeks differ): forecast again then.
pub fn refresh_forecasts(
    workspace: &Workspace,
    today: NaiveDate,
    horizon: usize,
    backtest_weeks: &HashMap<(SkuId, LocationId), usize>,
    forecasts: &mut Vec<SeriesForecast>,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Refreshed, ForecastError> {
    let kept = std::mem::take(forecasts);
    let mut refresh = ForecastRefresh::new(workspace, today, horizon, backtest_weeks, kept)?;
    while !refresh.is_finished() {
        progress(refresh.done(), refresh.total());
        if let Err(error) = refresh.step(workspace, backtest_weeks, PROGRESS_EVERY) {
            *forecasts = refresh.stop();
            return Err(error);
        }
    }
    progress(refresh.total(), refresh.total());
    let (refreshed, out) = refresh.finish(workspace);
    *forecasts = out;
    Ok(refreshed)
}

/// [`refresh_forecasts`] a few series at a time, as [`ForecastRun`] is
/// [`forecast_workspace_with`]: `new` checks the kept forecasts and finds
/// the series to choose again, `step` chooses up to `max` more of them,
/// `finish` applies the buyer's launches, promotions and overrides to all.
/// Stepping to the end and finishing gives exactly what `refresh_forecasts`
/// gives (it is built on this).
///
/// Stopped part-way ([`stop`](Self::stop), a buyer's cancel), the forecasts
/// it hands back are not fit to plan from (the buyer's inputs are taken off,
/// some series are chosen for the new pins and horizons, others not yet),
/// but they are fit to refresh again: a series not yet chosen again still
/// carries its old pin, horizon and launch, so the next refresh finds it
/// again, and one chosen already carries the new ones, so it is chosen
/// again only if they changed once more. A test holds a refresh after a
/// stop to what forecasting from scratch gives.
#[derive(Debug)]
pub struct ForecastRefresh {
    horizon: usize,
    today: NaiveDate,
    forecasts: Vec<SeriesForecast>,
    /// Indices into `forecasts` of the series to choose again, in order.
    again: Vec<usize>,
    /// How many of `again` are chosen.
    done: usize,
    /// Series with history.
    series: usize,
}

impl ForecastRefresh {
    /// Take the buyer's inputs off `forecasts` and find the series whose
    /// model must be chosen again; refused as [`refresh_forecasts`] refuses.
    pub fn new(
        workspace: &Workspace,
        today: NaiveDate,
        horizon: usize,
        backtest_weeks: &HashMap<(SkuId, LocationId), usize>,
        mut forecasts: Vec<SeriesForecast>,
    ) -> Result<Self, ForecastError> {
        let all = weekly_series_by_location(&workspace.demand, today);
        // Series a launch added (no demand history at all) go; add_launches makes them again.
        let with_history: std::collections::HashSet<(&SkuId, &LocationId)> =
            all.iter().map(|(sku, location, _)| (sku, location)).collect();
        forecasts.retain(|f| f.launch.is_none() || with_history.contains(&(&f.sku, &f.location)));
        let same_history = all.len() == forecasts.len()
            && all
                .iter()
                .zip(forecasts.iter())
                .all(|((sku, location, weeks), f)| *sku == f.sku && *location == f.location && *weeks == f.weeks);
        let same_frame = forecasts.iter().all(|f| f.first_day == today && f.auto.forecast.len() == horizon);
        if !same_history || !same_frame {
            return Err(ForecastError::Stale);
        }
        let mut again = Vec::new();
        for (idx, forecast) in forecasts.iter_mut().enumerate() {
            if let Some(before) = forecast.before_inputs.take() {
                forecast.auto.forecast = before;
            }
            forecast.uplift = vec![1.0; horizon];
            forecast.promotions.clear();
            forecast.overridden = vec![false; horizon];
            forecast.launch_own_weeks = 0;
            let pin = pin_for(workspace, &forecast.sku);
            let backtest = horizon_of(backtest_weeks, &forecast.sku, &forecast.location);
            // The launch stays until the series is chosen again (see `stop`).
            if forecast.launch.is_some() || pin != forecast.pin.as_ref() || backtest != forecast.backtest_weeks {
                again.push(idx);
            }
        }
        Ok(ForecastRefresh { horizon, today, forecasts, again, done: 0, series: all.len() })
    }

    /// Series chosen again so far.
    pub fn done(&self) -> usize {
        self.done
    }

    /// Series to choose again.
    pub fn total(&self) -> usize {
        self.again.len()
    }

    pub fn is_finished(&self) -> bool {
        self.done == self.again.len()
    }

    /// Choose the model of up to `max` more of the series to choose again
    /// (`workspace` and `backtest_weeks` as given to `new`).
    pub fn step(
        &mut self,
        workspace: &Workspace,
        backtest_weeks: &HashMap<(SkuId, LocationId), usize>,
        max: usize,
    ) -> Result<(), ForecastError> {
        let to = (self.done + max).min(self.again.len());
        for &idx in &self.again[self.done..to] {
            let forecast = &mut self.forecasts[idx];
            let pin = pin_for(workspace, &forecast.sku).cloned();
            let backtest = horizon_of(backtest_weeks, &forecast.sku, &forecast.location);
            let auto = choose(&forecast.weeks, self.horizon, backtest, pin.as_ref(), forecast.pooled_season)?;
            // Only once chosen: a stop before leaves the old pin, horizon and
            // launch for the next refresh to find.
            forecast.auto = auto;
            forecast.pin = pin;
            forecast.backtest_weeks = backtest;
            forecast.launch = None;
            self.done += 1;
        }
        Ok(())
    }

    /// The forecasts with the buyer's inputs applied, and what the refresh
    /// did. Call when [`is_finished`](Self::is_finished).
    pub fn finish(mut self, workspace: &Workspace) -> (Refreshed, Vec<SeriesForecast>) {
        debug_assert!(self.is_finished());
        add_buyer_inputs(workspace, self.today, self.horizon, &mut self.forecasts);
        (Refreshed { chosen_again: self.again.len(), series: self.series }, self.forecasts)
    }

    /// Stop part-way: the forecasts as they are, fit to refresh again but
    /// not to plan from (see the type's documentation).
    pub fn stop(self) -> Vec<SeriesForecast> {
        self.forecasts
    }
}

fn horizon_of(backtest_weeks: &HashMap<(SkuId, LocationId), usize>, sku: &SkuId, location: &LocationId) -> usize {
    let given = backtest_weeks.get(&(sku.clone(), location.clone())).copied();
    given.unwrap_or(DEFAULT_BACKTEST_WEEKS).max(1)
}

/// The automatic choice for one series, with the buyer's pin (its model and
/// season length) if any, else the season pooled over the SKU's locations.
fn choose(
    weeks: &WeeklySeries,
    horizon: usize,
    backtest_weeks: usize,
    pin: Option<&ForecastPin>,
    pooled_season: Option<usize>,
) -> Result<AutoForecast, ForecastError> {
    let season = match pin.and_then(|pin| pin.season_weeks) {
        Some(m) => SeasonRule::Given(m as usize),
        None => pooled_season.map_or(SeasonRule::Detect, SeasonRule::Pooled),
    };
    let pinned = pin.and_then(|pin| Pinned::from_code(pin.model));
    let settings = AutoSettings { horizon, backtest_horizon: backtest_weeks, season };
    choose_forecast_pinned(&weeks.values, &weeks.imputed(), &settings, pinned)
}

/// Per series of `all` (in key order, so a SKU's locations are adjacent):
/// the season [`detect_season`] finds in the sum of its SKU's series over
/// every location, aligned at their last week (`SeasonRule::Pooled`). A
/// SKU's locations share its season far more often than not, and the sum
/// of three noisy locations shows a yearly pattern that one location's
/// 13 pairs of weeks a year apart may not.
fn pooled_seasons(all: &[(SkuId, LocationId, WeeklySeries)]) -> Vec<Option<usize>> {
    let mut out = Vec::with_capacity(all.len());
    let mut from = 0;
    while from < all.len() {
        let to = from + all[from..].iter().take_while(|(sku, _, _)| *sku == all[from].0).count();
        let members: Vec<&WeeklySeries> = all[from..to].iter().map(|(_, _, weeks)| weeks).collect();
        let season = detect_season(&pooled_sum(&members));
        out.extend(std::iter::repeat_n(season, to - from));
        from = to;
    }
    out
}

/// The buyer's inputs on freshly chosen forecasts: launches, then planned
/// promotions and overrides (`forecast::inputs`).
fn add_buyer_inputs(workspace: &Workspace, today: NaiveDate, horizon: usize, out: &mut Vec<SeriesForecast>) {
    add_launches(workspace, today, horizon, out);
    apply_promotions_and_overrides(workspace, today, out);
}

/// Forecast every launched SKU × location with fewer than
/// [`LAUNCH_OWN_WEEKS`] usable weeks of its own (or none) from its launch
/// (`inputs::launch_forecast`), from the other series' forecasts before
/// promotions and overrides. Keeps `out` in (SKU, location) order.
fn add_launches(workspace: &Workspace, today: NaiveDate, horizon: usize, out: &mut Vec<SeriesForecast>) {
    let mut pairs: Vec<(SkuId, LocationId)> = Vec::new();
    for launch in &workspace.launches {
        match &launch.location {
            Some(location) => pairs.push((launch.sku.clone(), location.clone())),
            None => pairs.extend(workspace.locations.iter().map(|l| (launch.sku.clone(), l.id.clone()))),
        }
    }
    crate::sorting::sort_by(&mut pairs, |a, b| a.cmp(b));
    pairs.dedup();
    let at: HashMap<(SkuId, LocationId), usize> =
        out.iter().enumerate().map(|(idx, f)| ((f.sku.clone(), f.location.clone()), idx)).collect();
    let mut made = Vec::new();
    for (sku, location) in pairs {
        let Some(launch) = launch_for(workspace, &sku, &location) else { continue };
        let own = at.get(&(sku.clone(), location.clone())).copied();
        let usable = own.map_or(0, |idx| out[idx].weeks.kinds.iter().filter(|k| **k != WeekKind::Imputed).count());
        if usable >= LAUNCH_OWN_WEEKS {
            continue;
        }
        let of = |idx: usize| (out[idx].auto.forecast.clone(), out[idx].auto.cumulative_error_sd.clone());
        let like = |like: &SkuId| at.get(&(like.clone(), location.clone())).map(|&idx| of(idx));
        let family = || {
            let name = workspace.sku(&sku).map(|s| s.family.as_str()).filter(|f| !f.is_empty())?;
            let members: Vec<usize> = workspace
                .skus
                .iter()
                .filter(|s| s.family == name && s.id != sku)
                .filter_map(|s| at.get(&(s.id.clone(), location.clone())).copied())
                .collect();
            if members.is_empty() {
                return None;
            }
            let mean = |series: Vec<&Vec<f64>>| {
                (0..horizon)
                    .map(|w| series.iter().map(|s| s.get(w).copied().unwrap_or(0.0)).sum::<f64>())
                    .map(|sum| sum / members.len() as f64)
                    .collect::<Vec<f64>>()
            };
            let forecasts = members.iter().map(|&m| &out[m].auto.forecast).collect();
            let sds = members.iter().map(|&m| &out[m].auto.cumulative_error_sd).collect();
            Some((mean(forecasts), mean(sds)))
        };
        let Some(launched) = super::inputs::launch_forecast(launch, today, horizon, &like, &family) else {
            continue;
        };
        let own_weeks = own.filter(|&idx| usable > 0 && out[idx].auto.forecast.len() == horizon).map(|idx| {
            let own = &out[idx].auto;
            (own.forecast.clone(), own.cumulative_error_sd.clone())
        });
        let (forecast, cumulative_error_sd, own_weeks) = match own_weeks {
            Some(own) => match super::inputs::blend_launch(&own, &launched, usable) {
                Ok((forecast, sd)) => (forecast, sd, usable),
                Err(_) => (launched.0, launched.1, 0),
            },
            None => (launched.0, launched.1, 0),
        };
        let mut previous = 0.0;
        let error_sd = cumulative_error_sd
            .iter()
            .map(|&sd: &f64| {
                let week = (sd * sd - previous * previous).max(0.0).sqrt();
                previous = sd;
                week
            })
            .collect();
        let pattern = crate::plan::demand::summarize_weeks(&forecast).pattern;
        let auto = AutoForecast {
            model: Model::Zero,
            forecast,
            error_sd,
            cumulative_error_sd,
            candidates: Vec::new(),
            chosen: None,
            pattern,
            season: None,
            mase_season: 1,
            seasonal_naive_mase: None,
            flags: vec![ForecastFlag::Launch],
            pinned: None,
        };
        match own {
            Some(idx) => made.push((idx, auto, launch.clone(), own_weeks)),
            None => {
                let weeks = WeeklySeries { start: today, values: Vec::new(), kinds: Vec::new() };
                out.push(SeriesForecast {
                    pin: pin_for(workspace, &sku).cloned(),
                    sku,
                    location,
                    first_day: today,
                    weeks,
                    backtest_weeks: DEFAULT_BACKTEST_WEEKS,
                    auto,
                    launch: Some(launch.clone()),
                    uplift: vec![1.0; horizon],
                    promotions: Vec::new(),
                    overridden: vec![false; horizon],
                    launch_own_weeks: 0,
                    pooled_season: None,
                    before_inputs: None,
                });
            }
        }
    }
    for (idx, auto, launch, own_weeks) in made {
        out[idx].auto = auto;
        out[idx].launch = Some(launch);
        out[idx].launch_own_weeks = own_weeks;
    }
    crate::sorting::sort_by(out, |a, b| (&a.sku, &a.location).cmp(&(&b.sku, &b.location)));
}

/// Planned promotions, then overrides, on every forecast (`forecast::inputs`).
fn apply_promotions_and_overrides(workspace: &Workspace, today: NaiveDate, out: &mut [SeriesForecast]) {
    let mut overrides: HashMap<(&SkuId, &LocationId), Vec<&ForecastOverride>> = HashMap::new();
    for one in &workspace.forecast_overrides {
        overrides.entry((&one.sku, &one.location)).or_default().push(one);
    }
    for list in overrides.values_mut() {
        crate::sorting::sort_by_key(list, |one| one.week_start);
    }
    let mut learned = HashMap::new();
    for forecast in out.iter_mut() {
        let before = forecast.auto.forecast.clone();
        let promotions = promotions_for(workspace, &forecast.sku, &forecast.location, today, &mut learned);
        if !promotions.is_empty() {
            let periods: Vec<_> = promotions.iter().map(|(start, end, p)| (*start, *end, p.factor)).collect();
            forecast.uplift = promotion_uplift(&mut forecast.auto.forecast, today, &periods);
            forecast.promotions = promotions.into_iter().map(|(_, _, p)| p).collect();
        }
        if let Some(list) = overrides.get(&(&forecast.sku, &forecast.location)) {
            forecast.overridden = apply_overrides(&mut forecast.auto.forecast, today, list);
        }
        if forecast.auto.forecast != before {
            forecast.before_inputs = Some(before);
        }
    }
}

/// Series between two progress reports.
pub const PROGRESS_EVERY: usize = 200;

fn parameters(auto: &AutoForecast) -> String {
    auto.model.parameters().iter().map(|(name, value)| format!("{name}={value}")).collect::<Vec<_>>().join(" ")
}

fn parameter_map(model: &Model) -> serde_json::Map<String, serde_json::Value> {
    model.parameters().into_iter().map(|(name, value)| (name.to_string(), serde_json::json!(value))).collect()
}

fn flags(auto: &AutoForecast) -> String {
    auto.flags.iter().map(|f| f.as_str()).collect::<Vec<_>>().join(" ")
}

fn optional(value: Option<f64>) -> String {
    value.map_or(String::new(), |v| format!("{v:.4}"))
}

/// One row per SKU × location × week: the model, its parameters, the
/// backtest MASE of the chosen model and of the 52-week seasonal naive, and
/// the week's forecast with its 90 % interval.
pub fn forecasts_to_csv(forecasts: &[SeriesForecast]) -> String {
    let mut out = String::from(
        "sku_id,location_id,model,parameters,pattern,season,flags,mase,mase_seasonal_naive,bias,week,week_start,forecast,lower_90,upper_90\n",
    );
    for one in forecasts {
        let auto = &one.auto;
        let chosen = auto.chosen_score();
        let head = format!(
            "{},{},{},{},{},{},{},{},{},{}",
            one.sku,
            one.location,
            auto.model.name(),
            parameters(auto),
            auto.pattern.as_str(),
            auto.season.map_or(String::new(), |m| m.to_string()),
            flags(auto),
            optional(chosen.and_then(|c| c.mase)),
            optional(auto.seasonal_naive_mase),
            optional(chosen.map(|c| c.bias)),
        );
        for (week, (forecast, (lower, upper))) in auto.forecast.iter().zip(auto.interval(INTERVAL_Z)).enumerate() {
            let start = one.first_day + Days::new(7 * week as u64);
            out.push_str(&format!("{head},{},{start},{forecast:.3},{lower:.3},{upper:.3}\n", week + 1));
        }
    }
    out
}

/// The same as [`forecasts_to_csv`] as a JSON array, one object per SKU ×
/// location, with every candidate's backtest errors.
pub fn forecasts_to_json(forecasts: &[SeriesForecast]) -> String {
    let items: Vec<serde_json::Value> = forecasts
        .iter()
        .map(|one| {
            let auto = &one.auto;
            let candidates: Vec<serde_json::Value> = auto
                .candidates
                .iter()
                .map(|c| {
                    serde_json::json!({
                        "model": c.model.name(),
                        "parameters": parameter_map(&c.model),
                        "mase": c.mase,
                        "mae": c.mae,
                        "bias": c.bias,
                        "score": c.score,
                    })
                })
                .collect();
            let weeks: Vec<serde_json::Value> = auto
                .forecast
                .iter()
                .zip(auto.interval(INTERVAL_Z))
                .enumerate()
                .map(|(week, (forecast, (lower, upper)))| {
                    serde_json::json!({
                        "week": week + 1,
                        "week_start": (one.first_day + Days::new(7 * week as u64)).to_string(),
                        "forecast": forecast,
                        "error_sd": auto.error_sd[week],
                        "lower_90": lower,
                        "upper_90": upper,
                        "promotion_uplift": one.uplift.get(week).copied().unwrap_or(1.0),
                        "overridden": one.overridden.get(week).copied().unwrap_or(false),
                    })
                })
                .collect();
            serde_json::json!({
                "sku_id": one.sku.to_string(),
                "location_id": one.location.to_string(),
                "model": auto.model.name(),
                "parameters": parameter_map(&auto.model),
                "pattern": auto.pattern.as_str(),
                "season": auto.season,
                "flags": auto.flags.iter().map(|f| f.as_str()).collect::<Vec<_>>(),
                "pinned_model": one.pin.as_ref().map(|pin| pin.model.as_str()),
                "launch": one.launch.is_some(),
                "history_weeks": one.weeks.values.len(),
                "backtest_weeks": one.backtest_weeks,
                "mase": auto.chosen_score().and_then(|c| c.mase),
                "mase_seasonal_naive": auto.seasonal_naive_mase,
                "candidates": candidates,
                "forecast": weeks,
            })
        })
        .collect();
    serde_json::to_string_pretty(&items).unwrap_or_default()
}
