//! Stock on hand, by lot, and the customer commitments against it.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::ids::{LocationId, LotId, SkuId};

/// Stock of one SKU at one location from one lot. Keyed by (SKU, location, lot);
/// stock that is not lot-tracked uses the empty lot id.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StockLot {
    pub sku: SkuId,
    pub location: LocationId,
    pub lot: LotId,
    pub quantity: f64,
    pub received: Option<NaiveDate>,
    pub expiry: Option<NaiveDate>,
    /// Held for inspection: on hand but not available.
    pub quarantine: bool,
}

impl StockLot {
    /// Expired on `date`: the expiry day itself is the last sellable day.
    pub fn is_expired_on(&self, date: NaiveDate) -> bool {
        self.expiry.is_some_and(|expiry| expiry < date)
    }

    /// Whether the lot counts as available stock on `date`.
    pub fn is_available_on(&self, date: NaiveDate) -> bool {
        !self.quarantine && !self.is_expired_on(date)
    }
}

/// Customer commitments per SKU × location: open customer orders not yet
/// shipped (backorders) and stock reserved for orders (allocated).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StockCommitment {
    pub sku: SkuId,
    pub location: LocationId,
    pub backorders: f64,
    pub allocated: f64,
}
