//! `demand.csv`, the one table that is big: a million rows and more. It has
//! its own reader, built for speed: records are read into one reused
//! `ByteRecord`; SKU, location and channel cells are compared as bytes with
//! the previous row's (files are usually grouped by series) and otherwise
//! looked up in hash maps of the ids already known, so a row allocates
//! nothing; rows are grouped per series and each series is built in one go,
//! rather than searched for row by row.

use super::hash::HashMap;

use chrono::NaiveDate;

use crate::model::demand::{demand_date_problem, series_span_problem, MAX_SERIES_DAYS};
use crate::model::{DemandDay, DemandSeries, SeriesKey, Workspace};
use crate::problem::Problem;

use super::batch::{for_each_row, summary_for, Batch, TableSummary};
use super::cell::{format_date, parse_bool, parse_date, parse_f32_styled, read_id, same_bytes, whole_f32, NumberStyle};
use super::read::{CsvFile, Problems};
use super::rules::{validate_requested, MAX_QUANTITY};

/// A flag cell: absent columns keep what the workspace has for that day.
const KEEP: u8 = 2;

/// A `requested` cell: as for flags, an absent column keeps what the
/// workspace has for that day; a blank cell says nothing was recorded.
#[derive(Clone, Copy, PartialEq)]
enum Requested {
    Keep,
    Recorded(Option<f32>),
}

/// One row, reduced to what the series needs.
#[derive(Clone, Copy)]
struct DayRow {
    date: NaiveDate,
    quantity: f32,
    /// The spreadsheet row, for duplicate-key problems.
    row: u32,
    promo: u8,
    stockout: u8,
    requested: Requested,
}

const NO_SLOT: u32 = u32::MAX;

/// Each series' SKU, location and channel cells as they were first written,
/// to recognise the same series on later rows by comparing bytes.
#[derive(Default)]
struct RawKeys {
    bytes: Vec<u8>,
    /// Per slot: where its SKU, location and channel cells end in `bytes`
    /// (each starts where the previous ends).
    ends: Vec<[usize; 3]>,
}

impl RawKeys {
    fn push(&mut self, sku: &[u8], location: &[u8], channel: &[u8]) {
        let mut ends = [0; 3];
        for (end, cell) in ends.iter_mut().zip([sku, location, channel]) {
            self.bytes.extend_from_slice(cell);
            *end = self.bytes.len();
        }
        self.ends.push(ends);
    }

    fn matches(&self, slot: u32, sku: &[u8], location: &[u8], channel: &[u8]) -> bool {
        let slot = slot as usize;
        let start = if slot == 0 { 0 } else { self.ends[slot - 1][2] };
        let [sku_end, location_end, channel_end] = self.ends[slot];
        same_bytes(&self.bytes[start..sku_end], sku)
            && same_bytes(&self.bytes[sku_end..location_end], location)
            && same_bytes(&self.bytes[location_end..channel_end], channel)
    }
}

struct Pending {
    sku: u32,
    location: u32,
    channel: u32,
    days: Vec<DayRow>,
}

fn text(bytes: &[u8]) -> &str {
    // The whole file was validated as UTF-8 before reading, and cells are
    // split at ASCII bytes, so this never falls back.
    std::str::from_utf8(bytes).unwrap_or("")
}

/// What one day holds: quantity, promo, stockout, requested.
type DayValues = (f32, bool, bool, Option<f32>);

const BLANK_DAY: DayValues = (0.0, false, false, None);

/// The values of a day that carries something; `None` for a blank day.
fn day_of(series: &DemandSeries, date: NaiveDate) -> Option<DayValues> {
    let idx = series.index_of(date)?;
    let day = (series.quantity[idx], series.promo.get(idx), series.stockout.get(idx), series.requested.get(idx));
    (day != BLANK_DAY).then_some(day)
}

/// Refuse a series that would span more than `MAX_SERIES_DAYS` once the
/// file's days join the days already held (unless the file replaces them),
/// before anything is allocated for it. Each series' days are sorted by date.
fn check_spans(
    workspace: &Workspace,
    pending: &[Pending],
    channels: &[String],
    replace: bool,
    name: &str,
    batch: &mut Batch,
) {
    for series in pending {
        let (Some(first), Some(last)) = (series.days.first(), series.days.last()) else { continue };
        let held = if replace {
            None
        } else {
            workspace
                .demand
                .find(&series_key(workspace, channels, series))
                .and_then(|held| Some((held.start, held.end()?)))
        };
        let (start, end) =
            held.map_or((first.date, last.date), |(start, end)| (start.min(first.date), end.max(last.date)));
        let Some(reason) = series_span_problem(start, end) else { continue };
        // Point at the file's row that reaches furthest out: the latest day
        // when it is the series' last day, otherwise the earliest.
        let row = if last.date == end { last } else { first };
        batch.problems.push(Problem::at(name, row.row as usize, "date", format_date(row.date), reason));
    }
}

/// Where the demand columns are in the file; the optional ones may be absent.
struct Columns {
    date: usize,
    sku: usize,
    location: usize,
    quantity: usize,
    channel: Option<usize>,
    promo: Option<usize>,
    stockout: Option<usize>,
    requested: Option<usize>,
}

impl Columns {
    /// `None` only if a required column is missing, which `read::open` already refused.
    fn find(file: &CsvFile) -> Option<Columns> {
        let position = |name: &str| file.table.column_index(name).and_then(|idx| file.positions[idx]);
        Some(Columns {
            date: position("date")?,
            sku: position("sku_id")?,
            location: position("location_id")?,
            quantity: position("quantity")?,
            channel: position("channel"),
            promo: position("promo"),
            stockout: position("stockout"),
            requested: position("requested"),
        })
    }
}

/// Problems in one row of the file.
struct RowProblems<'a> {
    file: &'a str,
    row: usize,
    problems: &'a mut Problems,
}

impl RowProblems<'_> {
    fn push(&mut self, column: &str, value: &str, reason: impl Into<String>) {
        self.problems.push(Problem::at(self.file, self.row, column, value, reason));
    }
}

/// The series the file's rows belong to, in the order they first appear,
/// each with its days, and what finds a row's series quickly.
struct SeriesIndex<'w> {
    sku_at: HashMap<&'w str, u32>,
    location_at: HashMap<&'w str, u32>,
    channel_at: HashMap<String, u32>,
    channels: Vec<String>,
    slot_at: HashMap<(u32, u32, u32), u32>,
    pending: Vec<Pending>,
    raw_keys: RawKeys,
    /// Per slot: the slot of the row that followed its last row, or `NO_SLOT`.
    successor: Vec<u32>,
    last_slot: Option<u32>,
}

impl<'w> SeriesIndex<'w> {
    fn new(workspace: &'w Workspace) -> Self {
        SeriesIndex {
            sku_at: workspace.skus.iter().enumerate().map(|(idx, sku)| (sku.id.as_str(), idx as u32)).collect(),
            location_at: workspace.locations.iter().enumerate().map(|(idx, l)| (l.id.as_str(), idx as u32)).collect(),
            channel_at: HashMap::default(),
            channels: Vec::new(),
            slot_at: HashMap::default(),
            pending: Vec::new(),
            raw_keys: RawKeys::default(),
            successor: Vec::new(),
            last_slot: None,
        }
    }

    /// The slot of the row's series, registering a new series; `None`, with
    /// the problems reported, if the row names an unknown SKU or location or
    /// a channel with control characters.
    fn find(
        &mut self,
        sku_cell: &[u8],
        location_cell: &[u8],
        channel_cell: &[u8],
        row: &mut RowProblems,
    ) -> Option<u32> {
        let slot = match self.recent(sku_cell, location_cell, channel_cell) {
            Some(slot) => Some(slot),
            None => self.look_up(sku_cell, location_cell, channel_cell, row),
        };
        if slot.is_some() {
            self.last_slot = slot;
        }
        slot
    }

    /// Most rows belong to the previous row's series (files grouped by
    /// series) or to the series that followed it last time (files grouped by
    /// date, listing the series in the same order every day): try those two
    /// by comparing bytes before hashing anything.
    fn recent(&self, sku_cell: &[u8], location_cell: &[u8], channel_cell: &[u8]) -> Option<u32> {
        let last = self.last_slot?;
        let next = self.successor[last as usize];
        [last, next].into_iter().find(|&candidate| {
            candidate != NO_SLOT && self.raw_keys.matches(candidate, sku_cell, location_cell, channel_cell)
        })
    }

    fn look_up(
        &mut self,
        sku_cell: &[u8],
        location_cell: &[u8],
        channel_cell: &[u8],
        row: &mut RowProblems,
    ) -> Option<u32> {
        let sku = known(&self.sku_at, sku_cell, ("sku_id", "SKU", "skus.csv"), row);
        let location = known(&self.location_at, location_cell, ("location_id", "location", "locations.csv"), row);
        let channel_id = read_id(text(channel_cell));
        let channel_ok = !channel_id.chars().any(char::is_control);
        if !channel_ok {
            row.push("channel", text(channel_cell), "must not contain line breaks, tabs or other control characters");
        }
        let (Some(sku), Some(location), true) = (sku, location, channel_ok) else { return None };
        let channel = self.channel_slot(channel_id);
        let found = match self.slot_at.get(&(sku, location, channel)) {
            Some(&found) => found,
            None => self.add_series(sku, location, channel, [sku_cell, location_cell, channel_cell]),
        };
        if let Some(last) = self.last_slot {
            self.successor[last as usize] = found;
        }
        Some(found)
    }

    fn channel_slot(&mut self, channel_id: &str) -> u32 {
        if let Some(&channel) = self.channel_at.get(channel_id) {
            return channel;
        }
        let channel = self.channels.len() as u32;
        self.channels.push(channel_id.to_owned());
        self.channel_at.insert(channel_id.to_owned(), channel);
        channel
    }

    fn add_series(
        &mut self,
        sku: u32,
        location: u32,
        channel: u32,
        [sku_cell, location_cell, channel_cell]: [&[u8]; 3],
    ) -> u32 {
        let slot = self.pending.len() as u32;
        self.slot_at.insert((sku, location, channel), slot);
        // Series are usually alike in length: start with room for as many
        // days as the previous one has so far (all of them, in files grouped
        // by series), rather than growing from nothing row by row.
        let room = self.last_slot.map_or(0, |last| self.pending[last as usize].days.len()).min(MAX_SERIES_DAYS);
        self.pending.push(Pending { sku, location, channel, days: Vec::with_capacity(room) });
        self.successor.push(NO_SLOT);
        self.raw_keys.push(sku_cell, location_cell, channel_cell);
        slot
    }
}

/// Demand dates already read, by their exact `YYYY-MM-DD` text. A file
/// names a few hundred distinct dates over millions of rows, so nearly every
/// date cell is found here by its ten bytes instead of being parsed again,
/// whatever the order of the rows. Direct-mapped: a slot holds the last date
/// whose text hashed to it.
struct DateCache {
    slots: Vec<([u8; 10], NaiveDate)>,
}

impl DateCache {
    const BITS: u32 = 11;

    fn new() -> Self {
        // 0xFF never occurs in UTF-8 text, so no cell matches an empty slot.
        DateCache { slots: vec![([0xFF; 10], NaiveDate::MIN); 1 << Self::BITS] }
    }

    fn slot(text: &[u8; 10]) -> usize {
        let (head, tail) = text.split_at(8);
        let word =
            u64::from_le_bytes(head.try_into().unwrap_or_default()) ^ (u64::from(tail[0]) << 56 | u64::from(tail[1]));
        (word.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - Self::BITS)) as usize
    }

    fn get(&self, date_bytes: &[u8]) -> Option<NaiveDate> {
        let text: &[u8; 10] = date_bytes.try_into().ok()?;
        let (held, date) = &self.slots[Self::slot(text)];
        (held == text).then_some(*date)
    }

    fn put(&mut self, date_bytes: &[u8], date: NaiveDate) {
        if let Ok(text) = <&[u8; 10]>::try_from(date_bytes) {
            self.slots[Self::slot(text)] = (*text, date);
        }
    }
}

/// The date cell: from `dates` if its text was read before, else parsed (a
/// text read into a demand date is kept there; nothing else is, so a cell
/// found there needs no further check). `NaiveDate::MIN` with a problem if
/// the cell is not a demand date.
fn read_date(date_bytes: &[u8], dates: &mut DateCache, row: &mut RowProblems) -> NaiveDate {
    if let Some(date) = dates.get(date_bytes) {
        return date;
    }
    let date_cell = text(date_bytes);
    match parse_date(date_cell) {
        Ok(date) if demand_date_problem(date).is_some() => {
            let reason = demand_date_problem(date).unwrap_or_default();
            row.push("date", date_cell, reason);
            NaiveDate::MIN
        }
        Ok(date) => {
            dates.put(date_bytes, date);
            date
        }
        Err(reason) => {
            let reason = if date_cell.trim().is_empty() { "is required".to_owned() } else { reason };
            row.push("date", date_cell, reason);
            NaiveDate::MIN
        }
    }
}

/// The quantity cell: a number from 0 to `MAX_QUANTITY`; 0 with a problem otherwise.
fn read_quantity(quantity_bytes: &[u8], style: NumberStyle, row: &mut RowProblems) -> f32 {
    // Up to seven digits: at most 9,999,999, within every bound below.
    if let Some(quantity) = whole_f32(quantity_bytes) {
        return quantity;
    }
    let quantity_cell = text(quantity_bytes);
    match parse_f32_styled(quantity_cell, style) {
        Ok(quantity) if quantity < 0.0 => {
            row.push("quantity", quantity_cell, "must not be negative");
            0.0
        }
        Ok(quantity) if f64::from(quantity) > MAX_QUANTITY => {
            row.push("quantity", quantity_cell, "quantity too large: at most 1000000000 (10^9)");
            0.0
        }
        Ok(quantity) => quantity,
        Err(reason) => {
            let reason = if quantity_cell.trim().is_empty() { "is required".to_owned() } else { reason };
            row.push("quantity", quantity_cell, reason);
            0.0
        }
    }
}

/// The `requested` cell: `Keep` when the file has no such column, not
/// recorded when blank, else a number the rules accept
/// (`rules::validate_requested`); not recorded, with a problem, otherwise.
fn read_requested(requested_bytes: Option<&[u8]>, style: NumberStyle, row: &mut RowProblems) -> Requested {
    let Some(requested_bytes) = requested_bytes else { return Requested::Keep };
    if requested_bytes.trim_ascii().is_empty() {
        return Requested::Recorded(None);
    }
    let requested_cell = text(requested_bytes);
    let requested = whole_f32(requested_bytes).map_or_else(|| parse_f32_styled(requested_cell, style), Ok);
    match requested {
        Ok(requested) => {
            let problems = validate_requested(Some(requested));
            for problem in &problems {
                row.push("requested", requested_cell, problem.reason.clone());
            }
            Requested::Recorded(problems.is_empty().then_some(requested))
        }
        Err(reason) => {
            row.push("requested", requested_cell, reason);
            Requested::Recorded(None)
        }
    }
}

/// A flag cell as 0 or 1 (blank is 0), or `KEEP` when the file has no such
/// column; 0 with a problem if it is not a boolean.
fn read_flag(flag_bytes: Option<&[u8]>, column: &str, row: &mut RowProblems) -> u8 {
    let Some(flag_bytes) = flag_bytes else { return KEEP };
    match flag_bytes {
        b"false" => return 0,
        b"true" => return 1,
        _ if flag_bytes.trim_ascii().is_empty() => return 0,
        _ => {}
    }
    let flag_cell = text(flag_bytes);
    match parse_bool(flag_cell) {
        Ok(on) => u8::from(on),
        Err(reason) => {
            row.push(column, flag_cell, reason);
            0
        }
    }
}

pub(crate) fn apply_demand(
    workspace: &mut Workspace,
    file: &CsvFile,
    replace: bool,
    batch: &mut Batch,
) -> TableSummary {
    let mut summary = summary_for(file);
    let Some(columns) = Columns::find(file) else { return summary };
    let problems_before = batch.problems.total;
    let (mut pending, channels) = read_rows(workspace, file, &columns, batch, &mut summary);
    sort_and_check_duplicate_days(&mut pending, &file.name, batch);
    if batch.problems.total == problems_before {
        check_spans(workspace, &pending, &channels, replace, &file.name, batch);
    }
    if batch.problems.total == problems_before {
        build_series(workspace, pending, &channels, replace, &mut summary);
    }
    // Otherwise the batch is refused; building the series would be wasted work.
    batch.report(file, file.text.len(), summary.rows_read);
    summary
}

/// Read every row into the days of its series; returns the series in the
/// order they first appear and the channels they name.
fn read_rows(
    workspace: &Workspace,
    file: &CsvFile,
    columns: &Columns,
    batch: &mut Batch,
    summary: &mut TableSummary,
) -> (Vec<Pending>, Vec<String>) {
    let mut index = SeriesIndex::new(workspace);
    let mut dates = DateCache::new();
    for_each_row(file, batch, summary, |record, row_no, batch, _summary| {
        let cell = |at: usize| record.get(at).unwrap_or(b"");
        let row_problems = batch.problems.total;
        let mut row = RowProblems { file: &file.name, row: row_no, problems: &mut batch.problems };
        let date = read_date(cell(columns.date), &mut dates, &mut row);
        let quantity = read_quantity(cell(columns.quantity), file.style, &mut row);
        let promo = read_flag(columns.promo.map(cell), "promo", &mut row);
        let stockout = read_flag(columns.stockout.map(cell), "stockout", &mut row);
        let requested = read_requested(columns.requested.map(cell), file.style, &mut row);
        let channel_cell = columns.channel.map_or(&b""[..], cell);
        let slot = index.find(cell(columns.sku), cell(columns.location), channel_cell, &mut row);
        if batch.problems.total > row_problems {
            return;
        }
        if let Some(slot) = slot {
            let row = u32::try_from(row_no).unwrap_or(u32::MAX);
            index.pending[slot as usize].days.push(DayRow { date, quantity, row, promo, stockout, requested });
        }
    });
    (index.pending, index.channels)
}

/// Sort each series' days by date and report a date that appears twice.
fn sort_and_check_duplicate_days(pending: &mut [Pending], name: &str, batch: &mut Batch) {
    for series in pending {
        if !series.days.is_sorted_by_key(|day| day.date) {
            crate::sorting::sort_by_key(&mut series.days, |day| day.date);
        }
        for pair in series.days.windows(2) {
            if pair[0].date == pair[1].date {
                let date = format_date(pair[1].date);
                batch.problems.push(Problem::at(
                    name,
                    pair[1].row as usize,
                    "date",
                    date,
                    format!(
                        "duplicate key: the same date, sku_id, location_id and channel are already on row {}",
                        pair[0].row
                    ),
                ));
            }
        }
    }
}

fn series_key(workspace: &Workspace, channels: &[String], series: &Pending) -> SeriesKey {
    SeriesKey {
        sku: workspace.skus[series.sku as usize].id.clone(),
        location: workspace.locations[series.location as usize].id.clone(),
        channel: channels[series.channel as usize].clone(),
    }
}

/// Put the file's series into the workspace: each merged into the series it
/// already has, or with `replace` instead of all of them, and count inserted,
/// updated, unchanged and deleted days.
fn build_series(
    workspace: &mut Workspace,
    pending: Vec<Pending>,
    channels: &[String],
    replace: bool,
    summary: &mut TableSummary,
) {
    let old_series = std::mem::take(&mut workspace.demand.series);
    let old_keys: Vec<SeriesKey> = old_series.iter().map(|s| s.key.clone()).collect();
    let old_rows: usize = if replace { old_series.iter().map(|s| s.days().count()).sum() } else { 0 };
    let mut old_slots: Vec<Option<DemandSeries>> = old_series.into_iter().map(Some).collect();
    let mut built: Vec<DemandSeries> = Vec::with_capacity(pending.len() + old_slots.len());
    let mut matched_old_rows = 0;
    for series in pending {
        let key = series_key(workspace, channels, &series);
        let first = series.days.first().map_or(NaiveDate::MIN, |day| day.date);
        let old = old_keys.binary_search(&key).ok().and_then(|idx| old_slots[idx].take());
        // With replace the series holds only the file's days; the old series
        // is kept aside to count updates and to supply flags for absent columns.
        let (mut merged, reference) = if replace {
            (DemandSeries::new(key, first), old)
        } else {
            (old.unwrap_or_else(|| DemandSeries::new(key, first)), None)
        };
        merged.quantity.reserve(series.days.last().map_or(0, |last| (last.date - first).num_days() as usize + 1));
        matched_old_rows += set_days(&mut merged, reference.as_ref(), &series.days, summary);
        merged.trim();
        if !merged.is_empty() {
            built.push(merged);
        }
    }
    if replace {
        summary.deleted = old_rows - matched_old_rows;
    } else {
        built.extend(old_slots.into_iter().flatten());
    }
    crate::sorting::sort_by(&mut built, |a, b| a.key.cmp(&b.key));
    workspace.demand.series = built;
}

/// Set the file's days on `merged`, flags and requested quantities from absent columns kept from what
/// the day had before (in `reference` when replacing); count each day as
/// inserted, updated or unchanged, and return how many days were there before.
fn set_days(
    merged: &mut DemandSeries,
    reference: Option<&DemandSeries>,
    days: &[DayRow],
    summary: &mut TableSummary,
) -> usize {
    if reference.is_none() && merged.is_empty() {
        set_days_of_new_series(merged, days, summary);
        return 0;
    }
    let mut matched_old_rows = 0;
    for day in days {
        let prior = day_of(reference.unwrap_or(merged), day.date);
        let promo = if day.promo == KEEP { prior.is_some_and(|p| p.1) } else { day.promo == 1 };
        let stockout = if day.stockout == KEEP { prior.is_some_and(|p| p.2) } else { day.stockout == 1 };
        let requested = match day.requested {
            Requested::Keep => prior.and_then(|p| p.3),
            Requested::Recorded(requested) => requested,
        };
        let now = (day.quantity, promo, stockout, requested);
        match prior {
            Some(prior) => {
                matched_old_rows += 1;
                if prior == now {
                    summary.unchanged += 1;
                } else {
                    summary.updated += 1;
                }
            }
            None if now == BLANK_DAY => summary.unchanged += 1,
            None => summary.inserted += 1,
        }
        merged.set(&DemandDay { date: day.date, quantity: day.quantity, promo, stockout, requested });
    }
    matched_old_rows
}

/// `set_days` for a series that held nothing before: no day has a prior
/// value (the days are sorted and unique), so absent flag columns read as
/// false, an absent requested column as not recorded, and each day is inserted, or unchanged when it is blank. The days
/// are written into a vector sized once instead of one `set` at a time.
fn set_days_of_new_series(merged: &mut DemandSeries, days: &[DayRow], summary: &mut TableSummary) {
    let (Some(first), Some(last)) = (days.first(), days.last()) else { return };
    merged.start = first.date;
    // `build_series` reserved the room already.
    merged.quantity.clear();
    merged.quantity.resize((last.date - first.date).num_days() as usize + 1, 0.0);
    for day in days {
        let idx = (day.date - first.date).num_days() as usize;
        let (promo, stockout) = (day.promo == 1, day.stockout == 1);
        let requested = match day.requested {
            Requested::Keep => None,
            Requested::Recorded(requested) => requested,
        };
        merged.quantity[idx] = day.quantity;
        merged.requested.set(idx, requested);
        if promo {
            merged.promo.set(idx, true);
        }
        if stockout {
            merged.stockout.set(idx, true);
        }
        if (day.quantity, promo, stockout, requested) == BLANK_DAY {
            summary.unchanged += 1;
        } else {
            summary.inserted += 1;
        }
    }
}

/// The index of the row a cell names in `at`, or a problem in `column`:
/// "is required" when empty, else "unknown NOUN: there is no NOUN … in FILE or in the workspace".
fn known(
    at: &HashMap<&str, u32>,
    cell: &[u8],
    (column, noun, file): (&str, &str, &str),
    row: &mut RowProblems,
) -> Option<u32> {
    let id = read_id(text(cell));
    let found = at.get(id).copied();
    if found.is_none() {
        let reason = if id.is_empty() {
            "is required".to_owned()
        } else {
            format!("unknown {noun}: there is no {noun} {id} in {file} or in the workspace")
        };
        row.push(column, text(cell), reason);
    }
    found
}
