//! Past inventory, reconstructed backwards from today's stock (issue 9,
//! section 1): the on-hand quantity each past day ended with, which the
//! turnover, days-on-hand and stockout KPIs need and the workspace does not
//! keep.

use chrono::{Days, NaiveDate};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::KpiError;
use crate::model::demand::MAX_SERIES_DAYS;
use crate::model::money::quantity_as_decimal;
use crate::model::{LocationId, SkuId, Workspace};

/// The end-of-day stock of one SKU at one location, day by day.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StockHistory {
    pub sku: SkuId,
    pub location: LocationId,
    /// The first day of the series.
    pub from: NaiveDate,
    /// The last day: the day today's stock is the end of.
    pub as_of: NaiveDate,
    /// Units on hand at the end of each day, `from` first, `as_of` last (so
    /// `on_hand[i]` is the end of `from + i` days). Not clamped: a negative
    /// value is what the records say, see `negative`.
    pub on_hand: Vec<f64>,
    /// Units accepted on receipts dated each day (same indexing).
    pub received: Vec<f64>,
    /// Units of recorded demand (shipped) dated each day, all channels (same indexing).
    pub shipped: Vec<f64>,
    /// The days the reconstruction went below zero; `None` when it never did.
    pub negative: Option<NegativeStock>,
}

impl StockHistory {
    /// The end-of-day stock on `date`, if the series holds that day.
    pub fn on(&self, date: NaiveDate) -> Option<f64> {
        let offset = usize::try_from((date - self.from).num_days()).ok()?;
        self.on_hand.get(offset).copied()
    }
}

/// Where a reconstruction went below zero: the records do not explain the
/// stock (a write-off, a transfer, a count correction or a missing receipt
/// between then and today).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct NegativeStock {
    /// The earliest day that ended below zero.
    pub first_day: NaiveDate,
    /// The lowest end-of-day value.
    pub lowest: f64,
    /// The earliest day that ended at `lowest`.
    pub lowest_day: NaiveDate,
    /// How many days ended below zero.
    pub days: usize,
}

/// The end-of-day on-hand of `sku` at `location` on every day from `from`
/// to `as_of`, both included, reconstructed backwards from today's stock.
///
/// Conventions:
/// - today's stock is the end of `as_of`: end(as_of) = Σ the quantities of
///   the SKU's stock lots at the location, quarantined and expired lots
///   included (they are on the shelf, if not available);
/// - going back one day: end(d − 1) = end(d) − received(d) + shipped(d),
///   for d from `as_of` down to `from` + 1. What happened on `from` itself
///   is in end(`from`); nothing dated after `as_of` or before `from` + 1
///   changes the series;
/// - received(d) = units accepted (received − rejected) on the receipts
///   dated d of every purchase order delivered to `location`
///   (`PurchaseOrder::location`), on their lines for `sku`, whatever the
///   order's status now (a receipt is goods that came in, even on an order
///   later closed or cancelled); rejected units never entered stock;
/// - shipped(d) = the recorded demand of `sku` at `location` on d, summed
///   over its channels: the history records what was shipped (demand lost
///   on a stockout day is not in it, so it is not taken out of stock);
/// - the arithmetic is exact decimal arithmetic on each quantity's shortest
///   spelling (0.1 is 0.1), then shown as `f64`; a day is negative when it
///   ends below zero, exactly, and is reported in `negative`, never
///   clamped to zero.
///
/// Limitation: the workspace holds no write-offs, transfers between
/// locations, customer returns or count corrections, so none is replayed. A
/// unit written off after `from` shows as stock the records cannot explain:
/// the past reads too low by it (and may go negative); a unit that came in
/// other than by a receipt reads too high.
///
/// Refused: `from` after `as_of`, a span of more than `MAX_SERIES_DAYS` days
/// (twenty years, the longest demand history the workspace can hold), a SKU
/// not in the catalog, a location not in the workspace.
pub fn reconstruct_stock(
    workspace: &Workspace,
    sku: &SkuId,
    location: &LocationId,
    from: NaiveDate,
    as_of: NaiveDate,
) -> Result<StockHistory, KpiError> {
    if from > as_of {
        return Err(KpiError::FromAfterAsOf { from, as_of });
    }
    let days = usize::try_from((as_of - from).num_days() + 1).unwrap_or(usize::MAX);
    if days > MAX_SERIES_DAYS {
        return Err(KpiError::SpanTooLong { from, as_of, days });
    }
    if workspace.sku(sku).is_none() {
        return Err(KpiError::UnknownSku { sku: sku.clone() });
    }
    if workspace.location(location).is_none() {
        return Err(KpiError::UnknownLocation { location: location.clone() });
    }
    let day_index = |date: NaiveDate| {
        let offset = (date - from).num_days();
        usize::try_from(offset).ok().filter(|&offset| offset < days)
    };

    let mut received = vec![Decimal::ZERO; days];
    let orders = workspace.purchase_orders.iter().filter(|order| &order.location == location);
    for line in orders.flat_map(|order| order.lines.iter()).filter(|line| &line.sku == sku) {
        for receipt in &line.receipts {
            if let Some(index) = day_index(receipt.date) {
                received[index] += quantity_as_decimal(receipt.quantity_accepted());
            }
        }
    }
    let mut shipped = vec![Decimal::ZERO; days];
    for series in workspace.demand.for_sku_location(sku, location) {
        for (offset, &quantity) in series.quantity.iter().enumerate() {
            let Some(date) = series.start.checked_add_days(Days::new(offset as u64)) else { break };
            if let Some(index) = day_index(date) {
                shipped[index] += quantity_as_decimal(quantity);
            }
        }
    }
    let today: Decimal = workspace
        .stock_lots
        .iter()
        .filter(|lot| &lot.sku == sku && &lot.location == location)
        .map(|lot| quantity_as_decimal(lot.quantity))
        .sum();

    let mut on_hand = vec![Decimal::ZERO; days];
    on_hand[days - 1] = today;
    for index in (1..days).rev() {
        on_hand[index - 1] = on_hand[index] - received[index] + shipped[index];
    }

    let date_of = |index: usize| from + Days::new(index as u64);
    let mut negative: Option<NegativeStock> = None;
    for (index, &value) in on_hand.iter().enumerate() {
        if value >= Decimal::ZERO {
            continue;
        }
        let value_f64 = as_f64(value);
        match &mut negative {
            None => {
                negative = Some(NegativeStock {
                    first_day: date_of(index),
                    lowest: value_f64,
                    lowest_day: date_of(index),
                    days: 1,
                })
            }
            Some(report) => {
                report.days += 1;
                if value_f64 < report.lowest {
                    report.lowest = value_f64;
                    report.lowest_day = date_of(index);
                }
            }
        }
    }
    Ok(StockHistory {
        sku: sku.clone(),
        location: location.clone(),
        from,
        as_of,
        on_hand: on_hand.into_iter().map(as_f64).collect(),
        received: received.into_iter().map(as_f64).collect(),
        shipped: shipped.into_iter().map(as_f64).collect(),
        negative,
    })
}

fn as_f64(value: Decimal) -> f64 {
    value.to_f64().unwrap_or(f64::NAN)
}
