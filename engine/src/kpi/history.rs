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
use crate::model::{DemandSeries, LocationId, SkuId, Workspace};

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
/// - the arithmetic is exact: decimal arithmetic on each quantity's shortest
///   spelling (0.1 is 0.1), then shown as `f64` (whole quantities, the usual
///   case, are summed exactly in `f64`: see `reconstruct_days`, the one
///   reconstruction, which the KPI report runs for every pair); a day is negative when it
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
    if workspace.sku(sku).is_none() {
        return Err(KpiError::UnknownSku { sku: sku.clone() });
    }
    if workspace.location(location).is_none() {
        return Err(KpiError::UnknownLocation { location: location.clone() });
    }
    let lots =
        workspace.stock_lots.iter().filter(|lot| &lot.sku == sku && &lot.location == location).map(|lot| lot.quantity);
    let receipts = workspace
        .purchase_orders
        .iter()
        .filter(|order| &order.location == location)
        .flat_map(|order| order.lines.iter())
        .filter(|line| &line.sku == sku)
        .flat_map(|line| line.receipts.iter())
        .map(|receipt| (receipt.date, receipt.quantity_accepted()));
    let series = workspace.demand.for_sku_location(sku, location);
    let mut daily = DailyStock::default();
    reconstruct_days(lots, receipts, series, from, as_of, &mut daily)?;
    Ok(StockHistory {
        sku: sku.clone(),
        location: location.clone(),
        from,
        as_of,
        on_hand: daily.on_hand,
        received: daily.received,
        shipped: daily.shipped,
        negative: daily.negative,
    })
}

/// One SKU × location's days, as [`reconstruct_days`] fills them: the
/// fields of [`StockHistory`] without the names, in buffers a caller
/// reconstructing many pairs reuses.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct DailyStock {
    pub on_hand: Vec<f64>,
    pub received: Vec<f64>,
    pub shipped: Vec<f64>,
    pub negative: Option<NegativeStock>,
}

/// Quantities at most this large (2³²) are summed in `f64` when whole:
/// 7,305 days of them, over a few channels and receipts a day, stay far
/// below 2⁵³, where every whole number is exact.
const EXACT_WHOLE: f64 = 4_294_967_296.0;

fn is_small_whole(value: f64) -> bool {
    value.fract() == 0.0 && value.abs() <= EXACT_WHOLE
}

/// The one reconstruction behind [`reconstruct_stock`] and the KPI report
/// (`kpi::report`, which gathers each pair's records from an index instead
/// of scanning the workspace per pair): today's stock from `lots` (the
/// quantities of the pair's stock lots), the accepted quantity and date of
/// every receipt delivered to the pair (any date: those outside the span
/// are ignored), and its demand series. Conventions as
/// [`reconstruct_stock`]'s.
///
/// Exact arithmetic, two ways to the same result: when every quantity
/// involved is a whole number of at most 2³² (nearly always) the sums run
/// in `f64`, where whole numbers below 2⁵³ are exact; otherwise in
/// `Decimal` on each quantity's shortest spelling.
pub(crate) fn reconstruct_days<L, R>(
    lots: L,
    receipts: R,
    series: &[DemandSeries],
    from: NaiveDate,
    as_of: NaiveDate,
    out: &mut DailyStock,
) -> Result<(), KpiError>
where
    L: Iterator<Item = f64> + Clone,
    R: Iterator<Item = (NaiveDate, f64)> + Clone,
{
    if from > as_of {
        return Err(KpiError::FromAfterAsOf { from, as_of });
    }
    let days = usize::try_from((as_of - from).num_days() + 1).unwrap_or(usize::MAX);
    if days > MAX_SERIES_DAYS {
        return Err(KpiError::SpanTooLong { from, as_of, days });
    }
    let day_index = |date: NaiveDate| {
        let offset = (date - from).num_days();
        usize::try_from(offset).ok().filter(|&offset| offset < days)
    };
    // The days of `series` inside the span: (first index in the span, the quantities).
    let overlap = |series: &'_ DemandSeries| -> Option<(usize, std::ops::Range<usize>)> {
        let end = series.end()?;
        if end < from || series.start > as_of {
            return None;
        }
        let skip = usize::try_from((from - series.start).num_days()).unwrap_or(0);
        let first = day_index(series.start.max(from))?;
        let last = (end.min(as_of) - series.start).num_days() as usize;
        Some((first, skip..last + 1))
    };

    for buffer in [&mut out.on_hand, &mut out.received, &mut out.shipped] {
        buffer.clear();
        buffer.resize(days, 0.0);
    }
    let mut whole = true;
    let mut today = 0.0;
    for quantity in lots.clone() {
        whole &= is_small_whole(quantity);
        today += quantity;
    }
    for (date, quantity) in receipts.clone() {
        if let Some(index) = day_index(date) {
            whole &= is_small_whole(quantity);
            out.received[index] += quantity;
        }
    }
    for one in series {
        let Some((first, range)) = overlap(one) else { continue };
        for (slot, &quantity) in out.shipped[first..].iter_mut().zip(&one.quantity[range]) {
            let quantity = f64::from(quantity);
            whole &= is_small_whole(quantity);
            *slot += quantity;
        }
    }

    if whole {
        out.on_hand[days - 1] = today;
        for index in (1..days).rev() {
            out.on_hand[index - 1] = out.on_hand[index] - out.received[index] + out.shipped[index];
        }
    } else {
        let mut received = vec![Decimal::ZERO; days];
        for (date, quantity) in receipts {
            if let Some(index) = day_index(date) {
                received[index] += quantity_as_decimal(quantity);
            }
        }
        let mut shipped = vec![Decimal::ZERO; days];
        for one in series {
            let Some((first, range)) = overlap(one) else { continue };
            for (slot, &quantity) in shipped[first..].iter_mut().zip(&one.quantity[range]) {
                *slot += quantity_as_decimal(quantity);
            }
        }
        let mut on_hand = vec![Decimal::ZERO; days];
        on_hand[days - 1] = lots.map(quantity_as_decimal).sum();
        for index in (1..days).rev() {
            on_hand[index - 1] = on_hand[index] - received[index] + shipped[index];
        }
        // Shown as f64; the sign survives the conversion, so the negative
        // days below are those of the exact values.
        for (slot, value) in out.on_hand.iter_mut().zip(on_hand) {
            *slot = as_f64(value);
        }
        for (slot, value) in out.received.iter_mut().zip(received) {
            *slot = as_f64(value);
        }
        for (slot, value) in out.shipped.iter_mut().zip(shipped) {
            *slot = as_f64(value);
        }
    }
    out.negative = negative_days(&out.on_hand, from);
    Ok(())
}

/// Where `on_hand` (end of each day from `from`) went below zero.
fn negative_days(on_hand: &[f64], from: NaiveDate) -> Option<NegativeStock> {
    let date_of = |index: usize| from + Days::new(index as u64);
    let mut negative: Option<NegativeStock> = None;
    for (index, &value) in on_hand.iter().enumerate() {
        if value >= 0.0 {
            continue;
        }
        match &mut negative {
            None => {
                negative = Some(NegativeStock {
                    first_day: date_of(index),
                    lowest: value,
                    lowest_day: date_of(index),
                    days: 1,
                })
            }
            Some(report) => {
                report.days += 1;
                if value < report.lowest {
                    report.lowest = value;
                    report.lowest_day = date_of(index);
                }
            }
        }
    }
    negative
}

fn as_f64(value: Decimal) -> f64 {
    value.to_f64().unwrap_or(f64::NAN)
}
