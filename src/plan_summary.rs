//! What the page holds of a plan: one compact row per SKU × location.
//!
//! The full plan (every offer compared, every figure behind the explanation)
//! stays in the worker: at 10,000 SKUs × 3 locations it is tens of megabytes,
//! too much to copy to the page after every edit. The page gets these rows,
//! and asks the worker for the full lines it shows (the "why" panel, a SKU's
//! page) when it shows them. Buyers' overrides are applied in the worker too,
//! so rows and lines always agree.

use chrono::NaiveDate;
use engine::forecast::{ForecastBrief, ForecastSummary};
use engine::plan::{apply_override, Decision, DemandPattern, ExpiringLot, Flag, Override, Plan, PlanLine, Unplannable};
use engine::{AbcClass, Currency, LocationId, SkuId, SupplierId, Workspace, XyzClass};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A buyer's override of one line, as sent to the worker.
pub type OverrideEntry = (SkuId, LocationId, Override);

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrderBrief {
    pub quantity: f64,
    pub supplier: SupplierId,
    /// Landed value of the order, base currency.
    pub landed_value: Decimal,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlanRow {
    pub sku: SkuId,
    pub location: LocationId,
    pub abc: AbcClass,
    pub xyz: XyzClass,
    pub pattern: DemandPattern,
    pub decision: Decision,
    pub position: f64,
    pub reorder_point: f64,
    pub safety_stock: f64,
    pub days_of_cover: Option<f64>,
    pub urgency_days: Option<f64>,
    pub order: Option<OrderBrief>,
    pub flags: Vec<Flag>,
}

impl PlanRow {
    fn of(line: &PlanLine) -> Self {
        PlanRow {
            sku: line.sku.clone(),
            location: line.location.clone(),
            abc: line.service.abc,
            xyz: line.service.xyz,
            pattern: line.pattern,
            decision: line.decision,
            position: line.inventory.position,
            reorder_point: line.reorder_point,
            safety_stock: line.safety_stock,
            days_of_cover: line.days_of_cover,
            urgency_days: line.urgency_days,
            order: line.order.as_ref().map(|o| OrderBrief {
                quantity: o.quantity,
                supplier: o.supplier.clone(),
                landed_value: o.landed_value,
            }),
            flags: line.flags.clone(),
        }
    }

    /// "AX", "CZ"…
    pub fn class(&self) -> String {
        format!("{}{}", self.abc, self.xyz)
    }

    pub fn overridden(&self) -> bool {
        self.flags.iter().any(Flag::is_override)
    }
}

/// The page's copy of a plan.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlanView {
    pub today: NaiveDate,
    pub base_currency: Currency,
    /// Every planned SKU × location, by SKU then location, overrides applied.
    pub rows: Vec<PlanRow>,
    pub unplannable: Vec<Unplannable>,
    pub expiring: Vec<ExpiringLot>,
    /// The forecasts the plan was made from; `None` when it used history.
    pub forecast: Option<ForecastOverview>,
    /// Why forecasting failed or was cancelled, when it was (the plan then used history).
    pub forecast_error: Option<String>,
    /// The buyer cancelled forecasting and has not asked for it again: the
    /// plan used the history mean although the settings say forecast.
    pub forecast_paused: bool,
}

/// What the Forecasts page shows: the portfolio figures and the series
/// worth a look (the whole list stays in the worker).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ForecastOverview {
    pub summary: ForecastSummary,
    /// The least accurate series by MASE, worst first.
    pub worst: Vec<ForecastBrief>,
    /// The series with the largest bias either way, largest first.
    pub biased: Vec<ForecastBrief>,
}

/// Series listed in each of the Forecasts page's tables.
pub const FORECAST_LIST: usize = 25;

impl ForecastOverview {
    pub fn of(forecasts: &[engine::forecast::SeriesForecast]) -> Self {
        let mut summary = engine::forecast::forecast_summary(forecasts);
        let briefs = std::mem::take(&mut summary.briefs);
        let worst = briefs.iter().filter(|b| b.mase.is_some()).take(FORECAST_LIST).cloned().collect();
        let mut biased: Vec<ForecastBrief> = briefs.into_iter().filter(|b| b.bias_percent.is_some()).collect();
        engine::sorting::sort_by(&mut biased, |a, b| {
            let size = |brief: &ForecastBrief| brief.bias_percent.map_or(0.0, f64::abs);
            size(b).total_cmp(&size(a))
        });
        biased.truncate(FORECAST_LIST);
        ForecastOverview { summary, worst, biased }
    }
}

impl PlanView {
    pub fn suggestions(&self) -> impl Iterator<Item = &PlanRow> + '_ {
        self.rows.iter().filter(|row| row.order.is_some())
    }
}

/// A line with the buyer's override, if there is one.
pub fn effective_line(workspace: &Workspace, plan: &Plan, line: &PlanLine, overrides: &[OverrideEntry]) -> PlanLine {
    match overrides.iter().find(|(sku, location, _)| *sku == line.sku && *location == line.location) {
        Some((_, _, buyer)) => apply_override(workspace, line, buyer, plan.today),
        None => line.clone(),
    }
}

/// The rows of a plan with the overrides applied.
pub fn view(workspace: &Workspace, plan: &Plan, overrides: &[OverrideEntry]) -> PlanView {
    let rows = plan
        .lines
        .iter()
        .map(|line| {
            if overrides.iter().any(|(sku, location, _)| *sku == line.sku && *location == line.location) {
                PlanRow::of(&effective_line(workspace, plan, line, overrides))
            } else {
                PlanRow::of(line)
            }
        })
        .collect();
    PlanView {
        today: plan.today,
        base_currency: plan.base_currency.clone(),
        rows,
        unplannable: plan.unplannable.clone(),
        expiring: plan.expiring.clone(),
        forecast: None,
        forecast_error: None,
        forecast_paused: false,
    }
}
