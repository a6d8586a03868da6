//! Forecasts: the portfolio's accuracy against seasonal naive, the series
//! worth a look, and each SKU's forecast chart on its page.
//!
//! Everything shown is computed by the engine in the worker
//! (`engine::forecast`); this module only lays it out. The chart is SVG
//! drawn here, no charting library.

use crate::components::table::badge;
use crate::format;
use crate::pages::common::PageHead;
use crate::route::Route;
use crate::state::use_store;
use crate::worker::jobs;
use engine::forecast::{ForecastBrief, ForecastDetail};
use engine::SkuId;
use leptos::prelude::*;

/// While the worker forecasts: how far it is, with a Cancel button (the
/// plan then comes back at once from the history mean). After a cancel:
/// what the plan uses instead, with a button to forecast again.
#[component]
pub fn ForecastingStatus() -> impl IntoView {
    let store = use_store();
    let paused = Memo::new(move |_| store.plan.with(|p| p.as_ref().is_some_and(|p| p.forecast_paused)));
    move || {
        match store.plan_status.get() {
        crate::state::PlanStatus::Running { stage, done, total } if stage == "Forecasting" => {
            let share = if total > 0 { done as f64 / total as f64 } else { 0.0 };
            let counted = if total > 1 {
                format!("Forecasting: {} of {} series…", format::qty(done as f64), format::qty(total as f64))
            } else {
                "Forecasting…".to_owned()
            };
            Some(view! {
                <div class="card progress-line" data-testid="plan-progress">
                    <span>{counted}</span>
                    <progress max="1" value=share aria-label="Forecasting progress" />
                    <button class="btn" data-testid="cancel-forecasting" on:click=move |_| crate::session::cancel_forecasting()>
                        "Cancel"
                    </button>
                </div>
            }.into_any())
        }
        _ if paused.get() => Some(view! {
            <div class="card progress-line" data-testid="forecast-paused" role="status">
                <span>"Forecasting was cancelled: this plan orders from the history mean (each SKU's average demand), not from forecasts."</span>
                <button class="btn btn-primary" data-testid="forecast-again" on:click=move |_| crate::session::forecast_again(store)>
                    "Forecast again"
                </button>
            </div>
        }.into_any()),
        _ => None,
    }
    }
}

/// History weeks the chart shows before today.
const CHART_HISTORY_WEEKS: usize = 52;

fn mase_text(value: Option<f64>) -> String {
    value.map_or_else(|| "–".to_owned(), |v| format::fixed(v, 2))
}

fn bias_text(value: Option<f64>) -> String {
    value.map_or_else(|| "–".to_owned(), |v| format!("{}{} %", if v > 0.0 { "+" } else { "" }, format::fixed(v, 1)))
}

/// Plain words for a model name.
fn model_label(model: &str) -> String {
    match model {
        "flat mean" => "Flat mean (as before forecasting)".to_owned(),
        "ses" => "Simple exponential smoothing".to_owned(),
        "sba" => "Croston–SBA".to_owned(),
        "tsb" => "TSB (intermittent)".to_owned(),
        "croston" => "Croston".to_owned(),
        "holt-winters" => "Holt-Winters (seasonal)".to_owned(),
        "damped holt" => "Damped trend (Holt)".to_owned(),
        "holt" => "Linear trend (Holt)".to_owned(),
        "shrunk holt-winters" => "Holt-Winters, halfway to the flat mean".to_owned(),
        "shrunk seasonal naive" => "Seasonal naive, halfway to the flat mean".to_owned(),
        "holt-winters multiplicative" => "Holt-Winters, multiplicative season".to_owned(),
        "zero" => "Zero".to_owned(),
        other => {
            let mut text = other.to_owned();
            if let Some(first) = text.get_mut(0..1) {
                first.make_ascii_uppercase();
            }
            text
        }
    }
}

/// The forecast chart of one SKU × location: the last year of weekly
/// history (promotion weeks orange, stockout weeks grey), the chosen
/// model's one-step fitted values (dashed), and the forecast with its 90 %
/// interval (shaded).
#[component]
pub fn ForecastChart(detail: ForecastDetail) -> impl IntoView {
    let n = detail.history.len();
    let from = n.saturating_sub(CHART_HISTORY_WEEKS);
    let shown = n - from;
    let ahead = detail.forecast.len();
    let slots = (shown + ahead).max(1) as f64;
    let (width, height, bottom, top) = (640.0, 180.0, 16.0, 10.0);
    let max = detail.history[from..]
        .iter()
        .copied()
        .chain(detail.fitted[from..].iter().flatten().copied())
        .chain(detail.interval.iter().map(|(_, hi)| *hi))
        .fold(0.0, f64::max)
        .max(1.0);
    let slot = width / slots;
    let y = move |value: f64| height - bottom - (value / max) * (height - bottom - top);
    let x = move |index: usize| (index as f64 + 0.5) * slot;
    let bars = (from..n)
        .map(|week| {
            let value = detail.history[week];
            let class = if detail.stockout_weeks[week] {
                "bar stockout"
            } else if detail.promo_weeks[week] {
                "bar promo"
            } else {
                "bar"
            };
            let start = detail.history_start + chrono::Days::new(7 * week as u64);
            let mut title = format!("Week of {}: {}", format::date(start), format::qty(value));
            if detail.promo_weeks[week] {
                title.push_str(" · promotion");
            }
            if detail.stockout_weeks[week] {
                title.push_str(" · out of stock on some days");
            }
            if detail.imputed_weeks[week] {
                title.push_str(" · too few usable days: estimated from earlier weeks");
            }
            let index = week - from;
            view! {
                <rect class=class x=index as f64 * slot + 0.5 y=y(value) width=(slot - 1.0).max(1.0) height=(height - bottom - y(value)).max(0.0)>
                    <title>{title}</title>
                </rect>
            }
        })
        .collect_view();
    let fitted: Vec<String> = (from..n)
        .filter_map(|week| detail.fitted[week].map(|f| format!("{:.1},{:.1}", x(week - from), y(f))))
        .collect();
    let forecast_points: Vec<String> =
        detail.forecast.iter().enumerate().map(|(h, f)| format!("{:.1},{:.1}", x(shown + h), y(*f))).collect();
    let band: Vec<String> = detail
        .interval
        .iter()
        .enumerate()
        .map(|(h, (_, hi))| format!("{:.1},{:.1}", x(shown + h), y(*hi)))
        .chain(
            detail.interval.iter().enumerate().rev().map(|(h, (lo, _))| format!("{:.1},{:.1}", x(shown + h), y(*lo))),
        )
        .collect();
    let today_x = shown as f64 * slot;
    let next4: f64 = detail.forecast.iter().take(4).sum();
    let label = format!(
        "Weekly demand at {}: the last {} weeks and a {}-week forecast by {}; next 4 weeks {} in all",
        detail.location,
        shown,
        ahead,
        model_label(&detail.model),
        format::qty(next4)
    );
    view! {
        <svg class="chart forecast-chart" viewBox=format!("0 0 {width} {height}") preserveAspectRatio="none" role="img" aria-label=label>
            <line class="axis" x1="0" x2=width y1=height - bottom y2=height - bottom />
            <polygon class="band" points=band.join(" ") />
            {bars}
            <polyline class="fitted" points=fitted.join(" ") />
            <polyline class="forecast" points=forecast_points.join(" ") />
            <line class="today" x1=today_x x2=today_x y1=top y2=height - bottom />
            <text x=today_x + 3.0 y=top + 8.0>"today"</text>
            <text x="2" y=top + 8.0>{format::qty(max)}</text>
            <text x="2" y=height - 3.0>{format!("{} weeks ago", shown)}</text>
            <text x=width - 2.0 y=height - 3.0 text-anchor="end">{format!("+{} weeks", ahead)}</text>
        </svg>
    }
}

/// A SKU's forecasts on its page: per location the chart, the chosen model
/// and why, and every candidate's backtest.
#[component]
pub fn SkuForecast(id: SkuId) -> impl IntoView {
    let store = use_store();
    let id_for_pin = id.clone();
    let (details, set_details) = signal(None::<Vec<ForecastDetail>>);
    Effect::new(move |_| {
        if store.plan.with(Option::is_none) {
            return;
        }
        let job = jobs::forecast_detail(id.clone());
        leptos::task::spawn_local(async move {
            if let Ok(found) = job.await {
                set_details.set(Some(found));
            }
        });
    });
    let from_history = Memo::new(move |_| store.plan.with(|p| p.as_ref().is_some_and(|p| p.forecast.is_none())));
    view! {
        <section class="section" data-testid="sku-forecast">
            <h2>"Forecast"</h2>
            <PinControl id=id_for_pin.clone() />
            {move || match details.get() {
                None => view! { <div class="card muted">"Forecasting…"</div> }.into_any(),
                Some(_) if from_history.get() => view! {
                    <div class="card muted">"Planning uses the history mean (Settings → demand source), so there is no forecast."</div>
                }.into_any(),
                Some(list) if list.is_empty() => view! {
                    <div class="card muted">"No demand history at any location yet, so there is nothing to forecast."</div>
                }.into_any(),
                Some(list) => view! {
                    <div class="stack">
                        {list.into_iter().map(|detail| view! { <ForecastCard detail=detail /> }).collect_view()}
                    </div>
                }.into_any(),
            }}
        </section>
    }
}

#[component]
fn ForecastCard(detail: ForecastDetail) -> impl IntoView {
    let chosen = detail.chosen;
    let snaive = detail.seasonal_naive_mase;
    let candidates = detail.candidates.clone();
    let why = match (chosen.and_then(|c| detail.candidates.get(c)), &detail.flags[..]) {
        (score, _) if detail.description.contains("pinned by a buyer") => format!(
            "Pinned by a buyer; its backtest over the last 13 weeks, {} weeks ahead: MASE {}{}.",
            detail.backtest_weeks,
            mase_text(score.and_then(|(_, mase, _)| *mase)),
            snaive.map_or_else(String::new, |s| format!(" against {} for seasonal naive", format::fixed(s, 2)))
        ),
        (_, flags) if flags.iter().any(|f| f == "launch") => {
            "A new item: forecast from its launch settings until it has 13 weeks of its own history.".to_owned()
        }
        (_, flags) if flags.iter().any(|f| f == "no_demand") => "No sale in the whole history: forecast zero.".to_owned(),
        (_, flags) if flags.iter().any(|f| f == "dormant") => {
            "No sale in the last 26 usable weeks: forecast zero, flagged as dormant.".to_owned()
        }
        (_, flags) if flags.iter().any(|f| f == "short_history") => {
            "Too little history for a backtest: the plan uses the history mean until 21 weeks are recorded.".to_owned()
        }
        (Some((_, mase, _)), _) if detail.model == "flat mean" => format!(
            "No candidate beat the flat mean (the plan's method before forecasting) by 20 % in the backtest of the last 13 weeks, {} weeks ahead, so it stays: MASE {}{}.",
            detail.backtest_weeks,
            mase_text(*mase),
            snaive.map_or_else(String::new, |s| format!(" against {} for seasonal naive", format::fixed(s, 2)))
        ),
        (Some((_, mase, _)), _) => format!(
            "Lowest backtest score of {} candidates over the last 13 weeks, {} weeks ahead (the lead time plus review period): MASE {}{}.",
            detail.candidates.len(),
            detail.backtest_weeks,
            mase_text(*mase),
            snaive.map_or_else(String::new, |s| format!(" against {} for seasonal naive", format::fixed(s, 2)))
        ),
        (None, _) => String::new(),
    };
    let next: Vec<String> = detail.forecast.iter().take(4).map(|f| format::qty(*f)).collect();
    view! {
        <div class="card" data-testid="forecast-card">
            <div class="section-head">
                <h3>{format!("At {}", detail.location)}</h3>
                {badge("class", model_label(&detail.model))}
                {(!detail.planned_from).then(|| badge("neutral", "Not used by the plan"))}
            </div>
            <ForecastChart detail=detail.clone() />
            <p class="small muted">
                <span class="legend bar-key">"Weekly demand"</span>
                <span class="legend promo-key">"promotion"</span>
                <span class="legend stockout-key">"stockout"</span>
                <span class="legend fitted-key">"fitted"</span>
                <span class="legend forecast-key">"forecast, 90 % interval shaded"</span>
            </p>
            <p>{why}</p>
            <p class="small muted">{format!("Model and parameters: {}", detail.description)}</p>
            <OverrideControl detail=detail.clone() />
            <p class="small">{format!("Next 4 weeks: {} · pattern {} · season {}", next.join(", "), detail.pattern,
                detail.season.map_or_else(|| "none found".to_owned(), |m| format!("{m} weeks")))}</p>
            {(!candidates.is_empty()).then(|| view! {
                <details>
                    <summary>"Every candidate's backtest"</summary>
                    <table class="table compact">
                        <thead><tr><th>"Model"</th><th class="num">"MASE"</th><th class="num">"Bias a week"</th><th><span class="sr-only">"Chosen"</span></th></tr></thead>
                        <tbody>
                            {candidates.into_iter().enumerate().map(|(idx, (model, mase, bias))| view! {
                                <tr class:chosen=chosen == Some(idx)>
                                    <td>{model_label(&model)}</td>
                                    <td class="num">{mase_text(mase)}</td>
                                    <td class="num">{format::fixed(bias, 2)}</td>
                                    <td>{(chosen == Some(idx)).then(|| badge("ok", "chosen"))}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                    <p class="small muted">"MASE: mean absolute error ÷ the in-sample error of a seasonal naive forecast (below 1 beats it). The score also counts the bias, so a model that under-forecasts an intermittent item does not win."</p>
                </details>
            })}
        </div>
    }
}

fn brief_rows(briefs: Vec<ForecastBrief>) -> impl IntoView {
    briefs
        .into_iter()
        .map(|brief| {
            let href = Route::Sku(brief.sku.clone()).href();
            view! {
                <tr>
                    <td><a href=href>{brief.sku.to_string()}</a></td>
                    <td>{brief.location.to_string()}</td>
                    <td>{model_label(&brief.model)}</td>
                    <td class="num">{mase_text(brief.mase)}</td>
                    <td class="num">{mase_text(brief.seasonal_naive_mase)}</td>
                    <td class="num">{bias_text(brief.bias_percent)}</td>
                    <td class="num">{format::qty(brief.volume)}</td>
                </tr>
            }
        })
        .collect_view()
}

fn brief_table(caption: &'static str, testid: &'static str, briefs: Vec<ForecastBrief>) -> impl IntoView {
    view! {
        <div class="card">
            <h2>{caption}</h2>
            <div class="table-wrap">
                <table class="table" data-testid=testid>
                    <thead><tr>
                        <th>"SKU"</th><th>"Location"</th><th>"Model"</th><th class="num">"MASE"</th>
                        <th class="num">"Seasonal naive"</th><th class="num">"Bias"</th><th class="num">"Units, last 13 weeks"</th>
                    </tr></thead>
                    <tbody>{brief_rows(briefs)}</tbody>
                </table>
            </div>
        </div>
    }
}

#[component]
pub fn ForecastsPage() -> impl IntoView {
    let store = use_store();
    let overview =
        Memo::new(move |_| store.plan.with(|p| p.as_ref().map(|p| (p.forecast.clone(), p.forecast_error.clone()))));
    view! {
        <PageHead title="Forecasts" subtitle="Each SKU × location is forecast by the model that wins its own backtest; the plan orders from these forecasts." />
        <ForecastingStatus />
        {move || match overview.get() {
            None => view! { <div class="card muted">"Forecasting…"</div> }.into_any(),
            Some((None, _)) if store.plan.with(|p| p.as_ref().is_some_and(|p| p.forecast_paused)) => ().into_any(),
            Some((None, error)) => view! {
                <div class="card">
                    <p>{error.unwrap_or_else(|| "Planning uses the history mean: forecasting is switched off in Settings (demand source).".to_owned())}</p>
                    <p><a href=Route::Settings.href()>"Open Settings"</a></p>
                </div>
            }.into_any(),
            Some((Some(overview), _)) => {
                let summary = overview.summary.clone();
                let models = summary.models.iter().map(|(m, n)| format!("{} {}", model_label(m), n)).collect::<Vec<_>>().join(" · ");
                let flagged = summary.flagged.iter().map(|(f, n)| format!("{n} {}", f.replace('_', " "))).collect::<Vec<_>>().join(" · ");
                view! {
                    <div class="grid grid-kpi">
                        <div class="card kpi">
                            <div class="label">"Series forecast"</div>
                            <div class="value" data-testid="forecast-series">{format::qty(summary.series as f64)}</div>
                            <div class="note">{format!("{} plan from their forecast; {} backtested", summary.planned_from, summary.backtested)}</div>
                        </div>
                        <div class="card kpi">
                            <div class="label">"Accuracy (volume-weighted MASE)"</div>
                            <div class="value" data-testid="forecast-mase">{mase_text(summary.weighted_mase)}</div>
                            <div class="note">{format!("seasonal naive {}; below 1 beats it", mase_text(summary.seasonal_naive_weighted_mase))}</div>
                        </div>
                        <div class="card kpi">
                            <div class="label">"Bias"</div>
                            <div class="value">{bias_text(summary.bias_percent)}</div>
                            <div class="note">"forecast − actual over the last 13 weeks, share of volume"</div>
                        </div>
                    </div>
                    <div class="card">
                        <h2>"Models chosen"</h2>
                        <p>{models}</p>
                        {(!flagged.is_empty()).then(|| view! { <p class="small muted">{format!("Flagged: {flagged}")}</p> })}
                        <p class="small muted">"Backtest: the last 13 weeks, one origin a week, each series scored as far ahead as its lead time plus review period. MASE divides the error by that of a seasonal naive forecast in sample; the choice also counts bias. "
                            "Planned promotions, pinned models and forecast overrides are imported with promotions.csv, forecast_pins.csv and forecast_overrides.csv (Import & export)."</p>
                    </div>
                    <PlannedPromotions />
                    {brief_table("Least accurate", "forecast-worst", overview.worst.clone())}
                    {brief_table("Largest bias", "forecast-biased", overview.biased.clone())}
                }.into_any()
            }
        }}
    }
}

/// Pin a model for this SKU (a buyer's choice over the automatic one), or
/// go back to the automatic choice. Saved as a row of forecast_pins.csv.
#[component]
fn PinControl(id: SkuId) -> impl IntoView {
    let store = use_store();
    let current = {
        let id = id.clone();
        Memo::new(move |_| {
            store.workspace.with(|w| {
                let own = w.forecast_pins.iter().find(|p| p.scope.sku() == Some(&id)).map(|p| (p.model, true));
                let family = w.sku(&id).map(|s| s.family.clone()).unwrap_or_default();
                own.or_else(|| {
                    w.forecast_pins
                        .iter()
                        .find(|p| matches!(&p.scope, engine::ForecastScope::Family(f) if *f == family))
                        .map(|p| (p.model, false))
                })
            })
        })
    };
    let choice = RwSignal::new(String::new());
    Effect::new(move |_| {
        choice.set(current.get().filter(|(_, own)| *own).map_or("auto".to_owned(), |(m, _)| m.as_str().to_owned()))
    });
    let save = move |_| {
        let Ok(model) = choice.get_untracked().parse::<engine::ForecastModel>() else { return };
        let id = id.clone();
        let words = if model.as_str() == "auto" {
            format!("{id} is forecast by the automatic choice again.")
        } else {
            format!("{id} is now forecast by {}.", model_label(&model.as_str().replace('_', " ")))
        };
        store.edit_as(
            move |w| {
                let mut pins: Vec<engine::ForecastPin> =
                    w.forecast_pins.iter().filter(|p| p.scope.sku() != Some(&id)).cloned().collect();
                if model.as_str() != "auto" {
                    pins.push(engine::ForecastPin { scope: engine::ForecastScope::Sku(id), model, season_weeks: None });
                }
                w.forecast_pins = engine::Sorted::from_vec(pins);
            },
            words,
        );
    };
    view! {
        <div class="card form-inline" data-testid="pin-control">
            <label>
                "Model for this SKU "
                <select on:change=move |ev| choice.set(event_target_value(&ev)) prop:value=move || choice.get() data-testid="pin-model">
                    {engine::ForecastModel::CODES.iter().map(|code| view! {
                        <option value=*code>{if *code == "auto" { "Automatic (best backtest)".to_owned() } else { model_label(&code.replace('_', " ")) }}</option>
                    }).collect_view()}
                </select>
            </label>
            <button class="btn" type="button" on:click=save data-testid="pin-save">"Save"</button>
            <span class="small muted">{move || match current.get() {
                Some((model, true)) => format!("Pinned: {}.", model_label(&model.as_str().replace('_', " "))),
                Some((model, false)) => format!("Its family is pinned to {}.", model_label(&model.as_str().replace('_', " "))),
                None => "The model that wins its backtest is used.".to_owned(),
            }}</span>
        </div>
    }
}

/// Override one forecast week at this location with the buyer's own figure,
/// or remove an override. Saved as rows of forecast_overrides.csv.
#[component]
fn OverrideControl(detail: ForecastDetail) -> impl IntoView {
    let store = use_store();
    let (sku, location) = (detail.sku.clone(), detail.location.clone());
    let week = RwSignal::new("0".to_owned());
    let quantity = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let weeks: Vec<(usize, chrono::NaiveDate, f64)> = detail
        .forecast
        .iter()
        .enumerate()
        .map(|(k, f)| (k, detail.forecast_start + chrono::Days::new(7 * k as u64), *f))
        .collect();
    let start = detail.forecast_start;
    let existing = {
        let (sku, location) = (sku.clone(), location.clone());
        Memo::new(move |_| {
            store.workspace.with(|w| {
                w.forecast_overrides
                    .iter()
                    .filter(|o| o.sku == sku && o.location == location && o.week_start >= start)
                    .cloned()
                    .collect::<Vec<_>>()
            })
        })
    };
    let save = {
        let (sku, location) = (sku.clone(), location.clone());
        move |_| {
            let k: u64 = week.get_untracked().parse().unwrap_or(0);
            let parsed = engine::io::form::quantity(&quantity.get_untracked());
            let row = match parsed {
                Ok(q) => engine::ForecastOverride {
                    sku: sku.clone(),
                    location: location.clone(),
                    week_start: start + chrono::Days::new(7 * k),
                    quantity: q,
                    note: "set on the SKU page".to_owned(),
                },
                Err(reason) => {
                    error.set(Some(reason));
                    return;
                }
            };
            let problems = engine::io::rules::validate_forecast_override(&row);
            if let Some(problem) = problems.first() {
                error.set(Some(format!("{}: {}", problem.field, problem.reason)));
                return;
            }
            error.set(None);
            let words = format!(
                "Week of {} at {} set to {} for {}.",
                format::date(row.week_start),
                row.location,
                format::qty(row.quantity),
                row.sku
            );
            store.edit_as(
                move |w| {
                    let mut rows: Vec<engine::ForecastOverride> = w
                        .forecast_overrides
                        .iter()
                        .filter(|o| !(o.sku == row.sku && o.location == row.location && o.week_start == row.week_start))
                        .cloned()
                        .collect();
                    rows.push(row);
                    w.forecast_overrides = engine::Sorted::from_vec(rows);
                },
                words,
            );
            quantity.set(String::new());
        }
    };
    view! {
        <details class="override-control" data-testid="override-control">
            <summary>"Override a week"</summary>
            <div class="form-inline">
                <label>"Week of "
                    <select on:change=move |ev| week.set(event_target_value(&ev)) prop:value=move || week.get() data-testid="override-week">
                        {weeks.iter().map(|(k, date, f)| view! {
                            <option value=k.to_string()>{format!("{} (forecast {})", format::date(*date), format::qty(*f))}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label>"Units "
                    <input class="input input-narrow" inputmode="decimal" prop:value=move || quantity.get()
                        on:input=move |ev| quantity.set(event_target_value(&ev)) data-testid="override-quantity" />
                </label>
                <button class="btn" type="button" on:click=save data-testid="override-save">"Save"</button>
            </div>
            {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
            {move || {
                let rows = existing.get();
                (!rows.is_empty()).then(|| view! {
                    <ul class="small">
                        {rows.into_iter().map(|o| {
                            let key = (o.sku.clone(), o.location.clone(), o.week_start);
                            view! {
                                <li>{format!("Week of {}: {} units ({}) ", format::date(o.week_start), format::qty(o.quantity), o.note)}
                                    <button class="btn btn-small" type="button" on:click=move |_| {
                                        let key = key.clone();
                                        store.edit_as(move |w| {
                                            let rows = w.forecast_overrides.iter()
                                                .filter(|r| (r.sku.clone(), r.location.clone(), r.week_start) != key)
                                                .cloned().collect();
                                            w.forecast_overrides = engine::Sorted::from_vec(rows);
                                        }, "Override removed.");
                                    }>"Remove"</button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                })
            }}
        </details>
    }
}

/// The promotions of the workspace that end today or later, soonest first.
#[component]
fn PlannedPromotions() -> impl IntoView {
    let store = use_store();
    let today = store.today;
    let rows = Memo::new(move |_| {
        store.workspace.with(|w| {
            let mut rows: Vec<engine::Promotion> = w.promotions.iter().filter(|p| p.end >= today).cloned().collect();
            engine::sorting::sort_by(&mut rows, |a, b| (a.start, &a.id).cmp(&(b.start, &b.id)));
            rows
        })
    });
    view! {
        <div class="card" data-testid="planned-promotions">
            <h2>"Planned promotions"</h2>
            {move || {
                let rows = rows.get();
                if rows.is_empty() {
                    return view! { <p class="muted">"None planned. Import promotions.csv (Import & export) to add them: each one lifts the forecast of its weeks by its uplift, or by the uplift learned from the SKU's past promotions."</p> }.into_any();
                }
                view! {
                    <div class="table-wrap">
                        <table class="table">
                            <thead><tr><th>"Promotion"</th><th>"SKU or family"</th><th>"Location"</th><th>"From"</th><th>"To"</th><th class="num">"Uplift"</th></tr></thead>
                            <tbody>
                                {rows.into_iter().map(|p| {
                                    let scope = match &p.scope {
                                        engine::ForecastScope::Sku(sku) => view! { <a href=Route::Sku(sku.clone()).href()>{sku.to_string()}</a> }.into_any(),
                                        engine::ForecastScope::Family(family) => view! { <span>{format!("family {family}")}</span> }.into_any(),
                                    };
                                    let uplift = match p.uplift {
                                        engine::Uplift::Factor(f) => format!("× {}", format::fixed(f, 2)),
                                        engine::Uplift::Learned => "learned".to_owned(),
                                    };
                                    view! {
                                        <tr>
                                            <td>{p.id.to_string()}</td>
                                            <td>{scope}</td>
                                            <td>{p.location.as_ref().map_or_else(|| "all".to_owned(), |l| l.to_string())}</td>
                                            <td>{format::date(p.start)}</td>
                                            <td>{format::date(p.end)}</td>
                                            <td class="num">{uplift}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </div>
    }
}
