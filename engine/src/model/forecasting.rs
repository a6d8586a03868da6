//! What a buyer tells the forecast (issue 7): pinned models, overridden
//! weeks, planned and past promotions, and new items launched without
//! history. Plain data, one table each; `engine::forecast` reads them.
//! Their CSV files and rules are in `docs/formats.md`.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::codes::ForecastModel;
use super::ids::{LocationId, PromotionId, SkuId};

/// What a pin or a promotion applies to: one SKU, or every SKU of a family
/// (spelled exactly as in `skus.csv`). A SKU's own row wins over its family's.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ForecastScope {
    Sku(SkuId),
    Family(String),
}

impl ForecastScope {
    pub fn sku(&self) -> Option<&SkuId> {
        match self {
            ForecastScope::Sku(sku) => Some(sku),
            ForecastScope::Family(_) => None,
        }
    }

    pub fn family(&self) -> Option<&str> {
        match self {
            ForecastScope::Sku(_) => None,
            ForecastScope::Family(family) => Some(family),
        }
    }
}

/// A buyer's choice of model for a SKU or a family, at every location.
/// Keyed by `scope`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ForecastPin {
    pub scope: ForecastScope,
    pub model: ForecastModel,
    /// The season length in weeks (2 ..= 104) for seasonal models and for
    /// `auto`'s candidates; `None` = detect it from the data.
    pub season_weeks: Option<u32>,
}

/// A buyer's own figure for one forecast week of a SKU at a location.
/// Keyed by (SKU, location, `week_start`).
///
/// Forecast weeks start on the plan date (week k covers `today + 7k ..=
/// today + 7k + 6`, as `plan::demand::PhasedDemand`), so they move with the
/// day one plans on. The override applies to the forecast week that
/// *contains* `week_start`; weeks already past are ignored. When two
/// overrides of one SKU × location fall in the same forecast week, the one
/// with the later `week_start` applies.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ForecastOverride {
    pub sku: SkuId,
    pub location: LocationId,
    pub week_start: NaiveDate,
    /// Units for that week, replacing the forecast (0 ..= 10^9).
    pub quantity: f64,
    pub note: String,
}

/// How much a promotion lifts demand.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Uplift {
    /// Demand is multiplied by this factor (1.5 = +50 %), above 0, at most 100.
    Factor(f64),
    /// Estimate the factor from the history's promoted weeks (the SKU's, or
    /// its family's when the SKU has too few promotions).
    Learned,
}

/// A planned or past promotion. Keyed by `id`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Promotion {
    pub id: PromotionId,
    pub scope: ForecastScope,
    /// One location, or `None` for every location.
    pub location: Option<LocationId>,
    /// First and last day, inclusive (`end >= start`).
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub uplift: Uplift,
    pub note: String,
}

/// A new item launched without history, at one location or (location
/// `None`) at every location; a row for one location wins over the SKU's
/// all-locations row. Keyed by (SKU, location). At least one source of
/// demand is given: a like item, a manual weekly rate, the family profile.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Launch {
    pub sku: SkuId,
    pub location: Option<LocationId>,
    /// "Sells like" this SKU (another, existing SKU) …
    pub like_sku: Option<SkuId>,
    /// … at this share of its demand (0.6 = 60 %; above 0, at most 10);
    /// given exactly when `like_sku` is.
    pub like_share: Option<f64>,
    /// Units a week, set by hand (above 0, at most 10^9).
    pub weekly_rate: Option<f64>,
    /// Shape the forecast with the SKU's family's seasonal profile (the SKU
    /// must have a family).
    pub use_family_profile: bool,
    /// The launch date: demand starts on this day.
    pub start: NaiveDate,
}
