//! Demand history, held as dense daily buckets.
//!
//! Demand is imported as rows (date, SKU, location, channel, quantity, promo,
//! stockout) but stored as one dense series per SKU × location × channel: a
//! start date and one `f32` per day. At the reference scale (10,000 SKUs × 3
//! locations × 730 days) that is 88 MB of quantities, against roughly three
//! times as much as rows. `f32` keeps every whole quantity below 16.7 million
//! exact and fractional ones to seven significant digits; sums are done in `f64`.
//!
//! A series is kept *trimmed*: its first and last days carry a quantity, a
//! flag or a requested quantity, so the same rows always give the same series
//! whatever zero rows surrounded them. A day without a row and a row with
//! quantity 0 (and nothing else) mean the same.

use chrono::{Days, NaiveDate};
use serde::ser::SerializeStruct;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::ids::{LocationId, SkuId};

/// The first day demand may be dated. Demand is stored densely, one cell per
/// day from a series' first to its last day, so the dates a series may hold
/// are bounded: without a bound two rows, 0001-01-01 and 9999-12-31, would
/// make one series of 3.65 million days (a 3.5 KB file taking 600 MB).
pub const FIRST_DEMAND_DATE: NaiveDate = NaiveDate::from_ymd_opt(1990, 1, 1).expect("a real date");
/// The last day demand may be dated.
pub const LAST_DEMAND_DATE: NaiveDate = NaiveDate::from_ymd_opt(2100, 12, 31).expect("a real date");
/// The most days one series may span, first day to last inclusive: twenty
/// years (7,305 days, five leap days included), ten times the two years
/// planning looks at. A series then holds at most 29 KB of quantities, so
/// memory grows with the number of series (rows in the file), not with how
/// far apart two dates are.
pub const MAX_SERIES_DAYS: usize = 7_305;

/// Why `date` may not be a demand day, if it may not.
pub fn demand_date_problem(date: NaiveDate) -> Option<String> {
    (!(FIRST_DEMAND_DATE..=LAST_DEMAND_DATE).contains(&date)).then(|| {
        format!(
            "demand dates must lie between {FIRST_DEMAND_DATE} and {LAST_DEMAND_DATE}; {date} is outside that range"
        )
    })
}

/// Why one series may not run from `first` to `last`, if it may not.
pub fn series_span_problem(first: NaiveDate, last: NaiveDate) -> Option<String> {
    let days = (last - first).num_days() + 1;
    (days > MAX_SERIES_DAYS as i64).then(|| {
        format!(
            "one series (SKU, location and channel) may span at most {MAX_SERIES_DAYS} days (20 years); \
             {first} to {last} is {days} days"
        )
    })
}

/// One flag per day, packed 64 to a word.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayFlags(pub Vec<u64>);

impl DayFlags {
    pub fn get(&self, day: usize) -> bool {
        self.0.get(day / 64).is_some_and(|word| word >> (day % 64) & 1 == 1)
    }

    pub fn set(&mut self, day: usize, on: bool) {
        let word = day / 64;
        if word >= self.0.len() {
            if !on {
                return;
            }
            self.0.resize(word + 1, 0);
        }
        if on {
            self.0[word] |= 1 << (day % 64);
        } else {
            self.0[word] &= !(1 << (day % 64));
        }
    }

    pub fn any(&self) -> bool {
        self.0.iter().any(|&word| word != 0)
    }

    /// Keep days `from..to` (clamped), renumbered from 0, with no trailing empty words.
    fn slice(&self, from: usize, to: usize) -> DayFlags {
        let mut out = DayFlags::default();
        for day in from..to {
            if self.get(day) {
                out.set(day - from, true);
            }
        }
        out
    }

    /// Shift every day `by` positions later.
    fn shifted(&self, by: usize, len: usize) -> DayFlags {
        let mut out = DayFlags::default();
        for day in 0..len {
            if self.get(day) {
                out.set(day + by, true);
            }
        }
        out
    }
}

/// What the customers asked for, day by day, on the days it was recorded:
/// the optional `requested` column of `demand.csv`, beside what shipped.
///
/// Most shops record only what shipped, so this costs nothing until a value
/// is recorded: an empty vector (no heap memory; the 24 bytes of the vector
/// itself per series, 0.7 MB for the reference workspace's 30,000 series).
/// Once a series records one, it holds one `f32` per day from its first day
/// to the last day recorded, NaN on the days not recorded (validation
/// refuses NaN as a value, so it cannot be mistaken for one): the same
/// dense, aligned layout as the quantities, so trimming and shifting are
/// the quantities' own operations and reading a day is an index. If every
/// series recorded it on every day, that would be 2,920 bytes per series of
/// 730 days, 88 MB for 30,000 series, as much again as the quantities; a
/// sparse list of (day, quantity) pairs would take 8 bytes per recorded day,
/// less only when fewer than half the days are recorded, and make reading a
/// day a search. Shops that record what was ordered usually record it on
/// every order line, hence dense.
///
/// Kept canonical: no NaN at the end (a series that records nothing holds
/// an empty vector), so equal data compares equal. Equality treats two
/// unrecorded days as equal (NaN is not equal to itself).
#[derive(Clone, Debug, Default)]
pub struct RequestedDays(Vec<f32>);

impl RequestedDays {
    /// Cells as stored (NaN = not recorded), with trailing unrecorded days
    /// dropped, so the result is canonical.
    pub fn from_cells(mut cells: Vec<f32>) -> Self {
        let len = cells.iter().rposition(|cell| !cell.is_nan()).map_or(0, |idx| idx + 1);
        cells.truncate(len);
        RequestedDays(cells)
    }

    /// The cells as stored: NaN on days not recorded, no trailing NaN; empty
    /// when nothing is recorded. For encoders (`persist`).
    pub fn cells(&self) -> &[f32] {
        &self.0
    }

    /// The quantity requested on `day`, `None` if not recorded.
    pub fn get(&self, day: usize) -> Option<f32> {
        self.0.get(day).copied().filter(|cell| !cell.is_nan())
    }

    pub fn set(&mut self, day: usize, requested: Option<f32>) {
        match requested {
            Some(requested) => {
                if day >= self.0.len() {
                    self.0.resize(day + 1, f32::NAN);
                }
                self.0[day] = requested;
            }
            None if day + 1 < self.0.len() => self.0[day] = f32::NAN,
            None if day < self.0.len() => {
                self.0[day] = f32::NAN;
                *self = Self::from_cells(std::mem::take(&mut self.0));
            }
            None => {}
        }
    }

    /// Whether any day records a requested quantity.
    pub fn any(&self) -> bool {
        !self.0.is_empty()
    }

    /// Drop every day from `len` on.
    fn truncate(&mut self, len: usize) {
        if self.0.len() > len {
            self.0.truncate(len);
            *self = Self::from_cells(std::mem::take(&mut self.0));
        }
    }

    /// Keep days `from..to` (clamped), renumbered from 0.
    fn slice(&self, from: usize, to: usize) -> RequestedDays {
        let to = to.min(self.0.len());
        if from >= to {
            return RequestedDays::default();
        }
        Self::from_cells(self.0[from..to].to_vec())
    }

    /// Shift every day `by` positions later.
    fn shifted(&self, by: usize) -> RequestedDays {
        if self.0.is_empty() {
            return RequestedDays::default();
        }
        let mut cells = vec![f32::NAN; by];
        cells.extend_from_slice(&self.0);
        RequestedDays(cells)
    }
}

impl PartialEq for RequestedDays {
    fn eq(&self, other: &Self) -> bool {
        self.0.len() == other.0.len() && self.0.iter().zip(&other.0).all(|(a, b)| a == b || (a.is_nan() && b.is_nan()))
    }
}

/// A list with `null` on the days not recorded (JSON has no NaN).
impl Serialize for RequestedDays {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(|cell| (!cell.is_nan()).then_some(*cell)))
    }
}

impl<'de> Deserialize<'de> for RequestedDays {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let cells: Vec<Option<f32>> = Vec::deserialize(deserializer)?;
        Ok(Self::from_cells(cells.into_iter().map(|cell| cell.unwrap_or(f32::NAN)).collect()))
    }
}

/// The key of a demand series.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct SeriesKey {
    pub sku: SkuId,
    pub location: LocationId,
    /// Sales channel ("web", "marketplace", "b2b"…); empty when not split by channel.
    pub channel: String,
}

/// Daily demand of one SKU at one location through one channel.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct DemandSeries {
    pub key: SeriesKey,
    /// The date of `quantity[0]`.
    pub start: NaiveDate,
    /// What shipped each day.
    pub quantity: Vec<f32>,
    /// Days sold under a promotion.
    pub promo: DayFlags,
    /// Days the item was out of stock, so the recorded demand is censored.
    pub stockout: DayFlags,
    /// What the customers asked for, on the days it was recorded (aligned
    /// with `quantity`, never longer). Absent from JSON documents written
    /// before it existed, hence the default.
    #[serde(default)]
    pub requested: RequestedDays,
}

/// Written by hand only to leave `requested` out of JSON documents when the
/// series records none, so a backup of a workspace without requested
/// quantities is byte for byte what it was before the field existed (and
/// reads in an older Stockpilot). bincode, which is not self-describing,
/// always carries the field.
impl Serialize for DemandSeries {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let skip = serializer.is_human_readable() && !self.requested.any();
        let mut state = serializer.serialize_struct("DemandSeries", if skip { 5 } else { 6 })?;
        state.serialize_field("key", &self.key)?;
        state.serialize_field("start", &self.start)?;
        state.serialize_field("quantity", &self.quantity)?;
        state.serialize_field("promo", &self.promo)?;
        state.serialize_field("stockout", &self.stockout)?;
        if skip {
            state.skip_field("requested")?;
        } else {
            state.serialize_field("requested", &self.requested)?;
        }
        state.end()
    }
}

/// One day of one series, as imported and exported.
#[derive(Clone, Debug, PartialEq)]
pub struct DemandDay {
    pub date: NaiveDate,
    /// What shipped.
    pub quantity: f32,
    pub promo: bool,
    pub stockout: bool,
    /// What the customers asked for, if recorded (`None`: not recorded). It
    /// may be above `quantity` (what could not be shipped) or below it
    /// (over-shipment), and may be given on a day that shipped nothing.
    pub requested: Option<f32>,
}

impl DemandDay {
    /// A day with what shipped and nothing else.
    pub fn shipped(date: NaiveDate, quantity: f32) -> Self {
        DemandDay { date, quantity, promo: false, stockout: false, requested: None }
    }
}

impl DemandSeries {
    pub fn new(key: SeriesKey, start: NaiveDate) -> Self {
        Self {
            key,
            start,
            quantity: Vec::new(),
            promo: DayFlags::default(),
            stockout: DayFlags::default(),
            requested: RequestedDays::default(),
        }
    }

    /// "The customers asked for this much that day": the requested quantity
    /// recorded on the day at `index` (as in `quantity[index]`), `None` when
    /// none was recorded (or the index is past the series). A KPI takes it
    /// over an estimate of lost demand where it is there.
    pub fn requested_on(&self, index: usize) -> Option<f32> {
        (index < self.quantity.len()).then(|| self.requested.get(index)).flatten()
    }

    pub fn len(&self) -> usize {
        self.quantity.len()
    }

    pub fn is_empty(&self) -> bool {
        self.quantity.is_empty()
    }

    /// The last day held, if any.
    pub fn end(&self) -> Option<NaiveDate> {
        let len = self.quantity.len();
        (len > 0).then(|| self.start + Days::new(len as u64 - 1))
    }

    /// Index of `date` in the series, if held.
    pub fn index_of(&self, date: NaiveDate) -> Option<usize> {
        let offset = (date - self.start).num_days();
        (offset >= 0 && (offset as usize) < self.quantity.len()).then_some(offset as usize)
    }

    /// Set one day, growing the series to cover it. Call `trim` after a batch.
    pub fn set(&mut self, day: &DemandDay) {
        if self.quantity.is_empty() {
            self.start = day.date;
        } else if day.date < self.start {
            let by = (self.start - day.date).num_days() as usize;
            let mut quantity = vec![0.0; by];
            quantity.extend_from_slice(&self.quantity);
            self.promo = self.promo.shifted(by, self.quantity.len());
            self.stockout = self.stockout.shifted(by, self.quantity.len());
            self.requested = self.requested.shifted(by);
            self.quantity = quantity;
            self.start = day.date;
        }
        let idx = (day.date - self.start).num_days() as usize;
        if idx >= self.quantity.len() {
            self.quantity.resize(idx + 1, 0.0);
        }
        self.quantity[idx] = day.quantity;
        self.promo.set(idx, day.promo);
        self.stockout.set(idx, day.stockout);
        self.requested.set(idx, day.requested);
    }

    fn day_is_blank(&self, idx: usize) -> bool {
        self.quantity[idx] == 0.0
            && !self.promo.get(idx)
            && !self.stockout.get(idx)
            && self.requested.get(idx).is_none()
    }

    /// Drop blank days at both ends so equal data always gives an equal series.
    pub fn trim(&mut self) {
        let len = self.quantity.len();
        let first = (0..len).find(|&idx| !self.day_is_blank(idx));
        let Some(first) = first else {
            self.quantity.clear();
            self.promo = DayFlags::default();
            self.stockout = DayFlags::default();
            self.requested = RequestedDays::default();
            return;
        };
        let last = (0..len).rev().find(|&idx| !self.day_is_blank(idx)).unwrap_or(first);
        if first == 0 && last + 1 == len {
            self.promo.0.truncate(trimmed_words(&self.promo.0));
            self.stockout.0.truncate(trimmed_words(&self.stockout.0));
            self.requested.truncate(len);
            return;
        }
        self.quantity = self.quantity[first..=last].to_vec();
        self.promo = self.promo.slice(first, last + 1);
        self.stockout = self.stockout.slice(first, last + 1);
        self.requested = self.requested.slice(first, last + 1);
        self.start = self.start + Days::new(first as u64);
    }

    /// Every day that carries a quantity or a flag: what an export writes.
    pub fn days(&self) -> impl Iterator<Item = DemandDay> + '_ {
        (0..self.quantity.len()).filter(|&idx| !self.day_is_blank(idx)).map(move |idx| DemandDay {
            date: self.start + Days::new(idx as u64),
            quantity: self.quantity[idx],
            promo: self.promo.get(idx),
            stockout: self.stockout.get(idx),
            requested: self.requested.get(idx),
        })
    }

    /// Total quantity over the series.
    pub fn total(&self) -> f64 {
        self.quantity.iter().map(|&q| f64::from(q)).sum()
    }
}

fn trimmed_words(words: &[u64]) -> usize {
    words.iter().rposition(|&word| word != 0).map_or(0, |idx| idx + 1)
}

/// All demand history: series sorted by key, keys unique, each series trimmed
/// and non-empty.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DemandHistory {
    pub series: Vec<DemandSeries>,
}

impl DemandHistory {
    pub fn find(&self, key: &SeriesKey) -> Option<&DemandSeries> {
        self.series.binary_search_by(|s| s.key.cmp(key)).ok().map(|idx| &self.series[idx])
    }

    /// Insert or overwrite days by key (date, SKU, location, channel); days not
    /// mentioned keep their values. Keeps the history's invariants.
    pub fn upsert(&mut self, rows: impl IntoIterator<Item = (SeriesKey, DemandDay)>) {
        let mut touched = Vec::new();
        for (key, day) in rows {
            let idx = match self.series.binary_search_by(|s| s.key.cmp(&key)) {
                Ok(idx) => idx,
                Err(idx) => {
                    let start = day.date;
                    self.series.insert(idx, DemandSeries::new(key, start));
                    idx
                }
            };
            self.series[idx].set(&day);
            touched.push(self.series[idx].key.clone());
        }
        crate::sorting::sort_by(&mut touched, |a, b| a.cmp(b));
        touched.dedup();
        for key in touched {
            if let Ok(idx) = self.series.binary_search_by(|s| s.key.cmp(&key)) {
                self.series[idx].trim();
            }
        }
        self.series.retain(|s| !s.is_empty());
    }

    /// Remove every series, for a "replace this table" import.
    pub fn clear(&mut self) {
        self.series.clear();
    }

    /// Number of days that carry a quantity, flag or requested quantity (the rows an export writes).
    pub fn row_count(&self) -> usize {
        self.series.iter().map(|s| s.days().count()).sum()
    }

    /// Series of one SKU at one location, across channels (contiguous, since
    /// series are sorted by SKU, then location, then channel).
    pub fn for_sku_location(&self, sku: &SkuId, location: &LocationId) -> &[DemandSeries] {
        let lo = self.series.partition_point(|s| (&s.key.sku, &s.key.location) < (sku, location));
        let hi = self.series.partition_point(|s| (&s.key.sku, &s.key.location) <= (sku, location));
        &self.series[lo..hi]
    }

    /// Series of one SKU across locations and channels.
    pub fn for_sku(&self, sku: &SkuId) -> &[DemandSeries] {
        let lo = self.series.partition_point(|s| &s.key.sku < sku);
        let hi = self.series.partition_point(|s| &s.key.sku <= sku);
        &self.series[lo..hi]
    }

    /// The first and last dates held anywhere.
    pub fn date_range(&self) -> Option<(NaiveDate, NaiveDate)> {
        let start = self.series.iter().map(|s| s.start).min()?;
        let end = self.series.iter().filter_map(DemandSeries::end).max()?;
        Some((start, end))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn key(sku: &str) -> SeriesKey {
        SeriesKey { sku: sku.into(), location: "WH1".into(), channel: "web".into() }
    }

    fn day(text: &str, quantity: f32) -> DemandDay {
        DemandDay::shipped(date(text), quantity)
    }

    #[test]
    fn rows_in_any_order_give_the_same_trimmed_series() {
        let mut forward = DemandHistory::default();
        forward.upsert([
            (key("A"), day("2025-01-01", 0.0)),
            (key("A"), day("2025-01-02", 3.0)),
            (key("A"), day("2025-01-05", 1.5)),
            (key("A"), day("2025-01-06", 0.0)),
        ]);
        let mut backward = DemandHistory::default();
        backward.upsert([(key("A"), day("2025-01-05", 1.5)), (key("A"), day("2025-01-02", 3.0))]);
        assert_eq!(forward, backward);
        let series = &forward.series[0];
        assert_eq!(series.start, date("2025-01-02"));
        assert_eq!(series.quantity, vec![3.0, 0.0, 0.0, 1.5]);
        assert_eq!(series.end(), Some(date("2025-01-05")));
    }

    #[test]
    fn flags_survive_a_shift_to_an_earlier_start() {
        let mut history = DemandHistory::default();
        let promo_day =
            DemandDay { date: date("2025-03-10"), quantity: 2.0, promo: true, stockout: false, requested: None };
        history.upsert([(key("A"), promo_day.clone())]);
        history.upsert([(key("A"), day("2025-01-01", 1.0))]);
        let days: Vec<_> = history.series[0].days().collect();
        assert_eq!(days, vec![day("2025-01-01", 1.0), promo_day]);
    }

    #[test]
    fn a_flag_alone_keeps_a_zero_day_and_clearing_everything_drops_the_series() {
        let mut history = DemandHistory::default();
        let stockout =
            DemandDay { date: date("2025-02-01"), quantity: 0.0, promo: false, stockout: true, requested: None };
        history.upsert([(key("A"), stockout.clone())]);
        assert_eq!(history.row_count(), 1);
        history.upsert([(key("A"), day("2025-02-01", 0.0))]);
        assert!(history.series.is_empty());
    }

    #[test]
    fn lookups_by_sku_and_location_find_all_channels() {
        let mut history = DemandHistory::default();
        let other_channel = SeriesKey { channel: "b2b".into(), ..key("B") };
        history.upsert([
            (key("A"), day("2025-01-01", 1.0)),
            (key("B"), day("2025-01-01", 2.0)),
            (other_channel, day("2025-01-02", 4.0)),
            (key("C"), day("2025-01-01", 8.0)),
        ]);
        let b = history.for_sku_location(&"B".into(), &"WH1".into());
        assert_eq!(b.len(), 2);
        assert_eq!(b.iter().map(DemandSeries::total).sum::<f64>(), 6.0);
        assert_eq!(history.for_sku(&"C".into()).len(), 1);
        assert!(history.for_sku(&"D".into()).is_empty());
    }

    #[test]
    fn requested_quantities_stay_aligned_through_shifts_and_trims() {
        let asked = |text: &str, quantity: f32, requested: f32| DemandDay {
            requested: Some(requested),
            ..DemandDay::shipped(date(text), quantity)
        };
        let mut history = DemandHistory::default();
        history.upsert([(key("A"), asked("2025-03-10", 2.0, 5.0))]);
        // An earlier day moves the start back nine days; the requested
        // quantity moves with its day.
        history.upsert([(key("A"), day("2025-03-01", 1.0))]);
        let series = &history.series[0];
        assert_eq!((series.start, series.len()), (date("2025-03-01"), 10));
        assert_eq!(series.requested_on(9), Some(5.0));
        assert_eq!((0..9).filter_map(|idx| series.requested_on(idx)).count(), 0);
        assert_eq!(series.requested_on(10), None, "past the series");

        // A requested quantity alone holds a day that shipped nothing.
        history.upsert([(key("A"), asked("2025-02-26", 0.0, 3.0))]);
        let series = &history.series[0];
        assert_eq!((series.start, series.len()), (date("2025-02-26"), 13));
        assert_eq!((series.requested_on(0), series.requested_on(12)), (Some(3.0), Some(5.0)));
        assert_eq!(series.days().next(), Some(asked("2025-02-26", 0.0, 3.0)));

        // Cleared, that day is blank and trimmed away; 10 March keeps its own.
        history.upsert([(key("A"), day("2025-02-26", 0.0))]);
        let series = &history.series[0];
        assert_eq!((series.start, series.len()), (date("2025-03-01"), 10));
        assert_eq!(series.requested_on(9), Some(5.0));

        // Cleared on the last day too: the series is what it would be had
        // nothing ever been requested (canonical, so equal).
        history.upsert([(key("A"), day("2025-03-10", 2.0))]);
        let mut plain = DemandHistory::default();
        plain.upsert([(key("A"), day("2025-03-01", 1.0)), (key("A"), day("2025-03-10", 2.0))]);
        assert_eq!(history, plain);
        assert!(!history.series[0].requested.any());
    }

    #[test]
    fn a_requested_quantity_trimmed_at_the_end_leaves_no_trailing_cells() {
        let mut series = DemandSeries::new(key("A"), date("2025-01-01"));
        series.set(&DemandDay { requested: Some(4.0), ..day("2025-01-01", 1.0) });
        series.set(&DemandDay { requested: Some(0.0), ..day("2025-01-05", 0.0) });
        assert_eq!(series.len(), 5);
        series.set(&day("2025-01-05", 0.0));
        series.trim();
        assert_eq!(series.len(), 1);
        assert_eq!(series.requested.cells(), &[4.0]);
    }

    #[test]
    fn requested_days_travel_as_null_for_days_not_recorded() {
        let mut requested = RequestedDays::default();
        requested.set(2, Some(10.0));
        requested.set(0, Some(1.5));
        assert_eq!(serde_json::to_string(&requested).unwrap(), "[1.5,null,10.0]");
        let back: RequestedDays = serde_json::from_str("[1.5,null,10.0,null]").unwrap();
        assert_eq!(back, requested, "a trailing null is dropped");
        assert_eq!(back.cells().len(), 3);
        let bytes = bincode::serialize(&requested).unwrap();
        assert_eq!(bincode::deserialize::<RequestedDays>(&bytes).unwrap(), requested);
    }

    /// The page and the worker exchange the model as bincode: the requested
    /// quantities cross; JSON leaves the member out when there are none.
    #[test]
    fn a_series_crosses_bincode_with_its_requested_quantities() {
        let mut history = DemandHistory::default();
        history.upsert([(key("A"), DemandDay { requested: Some(7.0), ..day("2025-01-02", 3.0) })]);
        history.upsert([(key("B"), day("2025-01-02", 3.0))]);
        let bytes = bincode::serialize(&history).unwrap();
        assert_eq!(bincode::deserialize::<DemandHistory>(&bytes).unwrap(), history);
        let json = serde_json::to_string(&history).unwrap();
        assert_eq!(json.matches("\"requested\"").count(), 1, "{json}");
        assert_eq!(serde_json::from_str::<DemandHistory>(&json).unwrap(), history);
    }
}
