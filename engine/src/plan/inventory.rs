//! Inventory position and first-expiry-first-out (FEFO) risk of stock lots.
//!
//! Inventory position = available on hand + on order − backorders, where
//! available on hand leaves out expired lots (the expiry day itself is the
//! last sellable day) and quarantined ones (held for inspection, possibly
//! rejected). Allocated stock is reported but not subtracted: the customer
//! orders it is reserved for are already in the demand, and backorders are the
//! part of them not covered, so subtracting both would count that demand twice.
//!
//! FEFO: available lots are consumed at the mean daily demand in order of
//! expiry (lots without expiry last). A lot is at risk by the quantity that
//! expected consumption will not reach by its expiry day; an expired or
//! quarantined lot is at risk whole.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::landed::round_cents;
use crate::model::money::quantity_as_decimal;
use crate::model::{LocationId, LotId, SkuId, StockCommitment, StockLot};

/// On hand, on order and committed stock of one SKU × location.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct InventoryPosition {
    /// Every lot, available or not.
    pub on_hand: f64,
    /// Expired lots, left out.
    pub expired: f64,
    /// Quarantined lots (not expired), left out.
    pub quarantined: f64,
    /// `on_hand − expired − quarantined`.
    pub available: f64,
    /// Open purchase-order quantity not yet received.
    pub on_order: f64,
    pub backorders: f64,
    /// Reserved for customer orders; shown, not subtracted (see the module docs).
    pub allocated: f64,
    /// `available + on_order − backorders`.
    pub position: f64,
}

/// The position from the lots, the open order quantity and the commitments.
pub fn inventory_position(
    lots: &[&StockLot],
    on_order: f64,
    commitment: Option<&StockCommitment>,
    today: NaiveDate,
) -> InventoryPosition {
    let mut position = InventoryPosition { on_order, ..InventoryPosition::default() };
    for lot in lots {
        position.on_hand += lot.quantity;
        if lot.is_expired_on(today) {
            position.expired += lot.quantity;
        } else if lot.quarantine {
            position.quarantined += lot.quantity;
        }
    }
    position.available = position.on_hand - position.expired - position.quarantined;
    if let Some(commitment) = commitment {
        position.backorders = commitment.backorders;
        position.allocated = commitment.allocated;
    }
    position.position = position.available + position.on_order - position.backorders;
    position
}

/// A lot that expires within the horizon, or has expired.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExpiringLot {
    pub sku: SkuId,
    pub location: LocationId,
    pub lot: LotId,
    pub expiry: NaiveDate,
    pub quantity: f64,
    /// Days from today to the expiry day; negative once expired.
    pub days_to_expiry: i64,
    pub expired: bool,
    pub quarantined: bool,
    /// Units of this lot expected to be used by its expiry under FEFO.
    pub expected_use: f64,
    pub quantity_at_risk: f64,
    /// `quantity_at_risk` at the SKU's standard unit cost, base currency.
    pub value_at_risk: Decimal,
}

/// Lots of one SKU × location expiring within `horizon_days` of today (or
/// expired), with what FEFO consumption at `mean_per_day` leaves at risk.
pub fn expiring_lots(
    lots: &[&StockLot],
    unit_cost: Decimal,
    mean_per_day: f64,
    today: NaiveDate,
    horizon_days: u32,
) -> Vec<ExpiringLot> {
    let horizon_end = today + chrono::Days::new(u64::from(horizon_days));
    if !lots.iter().any(|lot| lot.expiry.is_some_and(|expiry| expiry <= horizon_end)) {
        return Vec::new();
    }
    let mut usable: Vec<&StockLot> = lots.iter().copied().filter(|lot| lot.is_available_on(today)).collect();
    crate::sorting::sort_by(&mut usable, |a, b| {
        (a.expiry.is_none(), a.expiry, &a.lot).cmp(&(b.expiry.is_none(), b.expiry, &b.lot))
    });
    let mut expected_use_of = Vec::with_capacity(usable.len());
    let mut before = 0.0;
    for lot in &usable {
        let used = match lot.expiry {
            Some(expiry) => {
                let sellable_days = ((expiry - today).num_days() + 1).max(0) as f64;
                (mean_per_day.max(0.0) * sellable_days - before).clamp(0.0, lot.quantity.max(0.0))
            }
            None => lot.quantity,
        };
        expected_use_of.push((&lot.lot, used));
        before += lot.quantity.max(0.0);
    }
    let mut out = Vec::new();
    for lot in lots {
        let Some(expiry) = lot.expiry.filter(|expiry| *expiry <= horizon_end) else { continue };
        let expired = lot.is_expired_on(today);
        let expected_use = if lot.is_available_on(today) {
            expected_use_of.iter().find(|(id, _)| *id == &lot.lot).map_or(0.0, |(_, used)| *used)
        } else {
            0.0
        };
        let quantity_at_risk = (lot.quantity - expected_use).max(0.0);
        out.push(ExpiringLot {
            sku: lot.sku.clone(),
            location: lot.location.clone(),
            lot: lot.lot.clone(),
            expiry,
            quantity: lot.quantity,
            days_to_expiry: (expiry - today).num_days(),
            expired,
            quarantined: lot.quarantine,
            expected_use,
            quantity_at_risk,
            value_at_risk: round_cents(quantity_as_decimal(quantity_at_risk) * unit_cost),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn lot(id: &str, quantity: f64, expiry: Option<&str>, quarantine: bool) -> StockLot {
        StockLot {
            sku: "S".into(),
            location: "L".into(),
            lot: id.into(),
            quantity,
            received: None,
            expiry: expiry.map(date),
            quarantine,
        }
    }

    /// 100 fresh + 20 expired + 30 quarantined on hand, 50 on order, 15
    /// backordered, 10 allocated: position = 100 + 50 − 15 = 135.
    #[test]
    fn position_leaves_out_expired_and_quarantined_stock() {
        let lots = [
            lot("A", 100.0, Some("2025-06-30"), false),
            lot("B", 20.0, Some("2025-05-31"), false),
            lot("C", 30.0, None, true),
        ];
        let refs: Vec<&StockLot> = lots.iter().collect();
        let commitment = StockCommitment { sku: "S".into(), location: "L".into(), backorders: 15.0, allocated: 10.0 };
        let position = inventory_position(&refs, 50.0, Some(&commitment), date("2025-06-01"));
        assert_eq!(
            (position.on_hand, position.expired, position.quarantined, position.available),
            (150.0, 20.0, 30.0, 100.0)
        );
        assert_eq!((position.backorders, position.allocated, position.position), (15.0, 10.0, 135.0));
        // The expiry day itself is still sellable.
        let on_expiry_day = inventory_position(&refs, 0.0, None, date("2025-05-31"));
        assert_eq!(on_expiry_day.expired, 0.0);
    }

    /// Today 2025-06-01, 10 a day, unit cost 2.50, horizon 30 days.
    /// FEFO order: X (40, expires 06-03: 3 sellable days → 30 used, 10 at risk),
    /// Y (50, expires 06-10: 10 days → 100 − 40 = 60 reachable, all 50 used),
    /// Z (500, expires 06-20: 20 days → 200 − 90 = 110 used, 390 at risk),
    /// W (no expiry) is not listed; E expired (5 at risk), Q quarantined (8 at risk).
    #[test]
    fn fefo_risk_by_hand() {
        let lots = [
            lot("Z", 500.0, Some("2025-06-20"), false),
            lot("X", 40.0, Some("2025-06-03"), false),
            lot("W", 100.0, None, false),
            lot("Y", 50.0, Some("2025-06-10"), false),
            lot("E", 5.0, Some("2025-05-30"), false),
            lot("Q", 8.0, Some("2025-06-15"), true),
            lot("F", 70.0, Some("2025-09-01"), false),
        ];
        let refs: Vec<&StockLot> = lots.iter().collect();
        let unit_cost = Decimal::from_str("2.50").unwrap();
        let risk = expiring_lots(&refs, unit_cost, 10.0, date("2025-06-01"), 30);
        let by_lot = |id: &str| risk.iter().find(|r| r.lot.as_str() == id).unwrap();
        assert_eq!(risk.len(), 5, "W has no expiry and F is beyond the horizon");
        assert_eq!((by_lot("X").expected_use, by_lot("X").quantity_at_risk), (30.0, 10.0));
        assert_eq!(by_lot("X").value_at_risk, Decimal::from_str("25.00").unwrap());
        assert_eq!(by_lot("Y").quantity_at_risk, 0.0);
        assert_eq!((by_lot("Z").expected_use, by_lot("Z").quantity_at_risk), (110.0, 390.0));
        assert!(by_lot("E").expired && by_lot("E").quantity_at_risk == 5.0 && by_lot("E").days_to_expiry == -2);
        assert!(by_lot("Q").quarantined && by_lot("Q").quantity_at_risk == 8.0);
    }

    #[test]
    fn without_demand_everything_within_the_horizon_is_at_risk() {
        let lots = [lot("A", 12.0, Some("2025-06-05"), false)];
        let refs: Vec<&StockLot> = lots.iter().collect();
        let risk = expiring_lots(&refs, Decimal::ONE, 0.0, date("2025-06-01"), 30);
        assert_eq!(risk[0].quantity_at_risk, 12.0);
    }
}
