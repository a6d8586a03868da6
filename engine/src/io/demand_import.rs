//! `demand.csv`, the one table that is big: a million rows and more. It has
//! its own reader, built for speed: records are read into one reused
//! `ByteRecord`; SKU, location and channel cells are compared as bytes with
//! the previous row's (files are usually grouped by series) and otherwise
//! looked up in hash maps of the ids already known, so a row allocates
//! nothing; rows are grouped per series and each series is built in one go,
//! rather than searched for row by row.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::model::demand::{demand_date_problem, series_span_problem};
use crate::model::{DemandDay, DemandSeries, SeriesKey, Workspace};
use crate::problem::Problem;

use super::batch::{for_each_row, summary_for, Batch, TableSummary};
use super::cell::{format_date, parse_bool, parse_date, parse_f32_styled, read_id};
use super::read::CsvFile;
use super::rules::MAX_QUANTITY;

/// A flag cell: absent columns keep what the workspace has for that day.
const KEEP: u8 = 2;

/// One row, reduced to what the series needs.
#[derive(Clone, Copy)]
struct DayRow {
    date: NaiveDate,
    quantity: f32,
    /// The spreadsheet row, for duplicate-key problems.
    row: u32,
    promo: u8,
    stockout: u8,
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
        &self.bytes[start..sku_end] == sku
            && &self.bytes[sku_end..location_end] == location
            && &self.bytes[location_end..channel_end] == channel
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

/// The quantity and flags of a day that carries something; `None` for a blank day.
fn day_of(series: &DemandSeries, date: NaiveDate) -> Option<(f32, bool, bool)> {
    let idx = series.index_of(date)?;
    let day = (series.quantity[idx], series.promo.get(idx), series.stockout.get(idx));
    (day != (0.0, false, false)).then_some(day)
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
            let key = SeriesKey {
                sku: workspace.skus[series.sku as usize].id.clone(),
                location: workspace.locations[series.location as usize].id.clone(),
                channel: channels[series.channel as usize].clone(),
            };
            workspace.demand.find(&key).and_then(|held| Some((held.start, held.end()?)))
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

pub(crate) fn apply_demand(
    workspace: &mut Workspace,
    file: &CsvFile,
    replace: bool,
    batch: &mut Batch,
) -> TableSummary {
    let mut summary = summary_for(file);
    let position = |name: &str| file.table.column_index(name).and_then(|idx| file.positions[idx]);
    // `read::open` refused the file if a required column were missing.
    let (Some(at_date), Some(at_sku), Some(at_location), Some(at_quantity)) =
        (position("date"), position("sku_id"), position("location_id"), position("quantity"))
    else {
        return summary;
    };
    let (at_channel, at_promo, at_stockout) = (position("channel"), position("promo"), position("stockout"));

    let sku_at: HashMap<&str, u32> =
        workspace.skus.iter().enumerate().map(|(idx, sku)| (sku.id.as_str(), idx as u32)).collect();
    let location_at: HashMap<&str, u32> =
        workspace.locations.iter().enumerate().map(|(idx, l)| (l.id.as_str(), idx as u32)).collect();
    let mut channel_at: HashMap<String, u32> = HashMap::new();
    let mut channels: Vec<String> = Vec::new();
    let mut slot_at: HashMap<(u32, u32, u32), u32> = HashMap::new();
    let mut pending: Vec<Pending> = Vec::new();
    let mut raw_keys = RawKeys::default();
    let mut successor: Vec<u32> = Vec::new();
    let mut last_slot: Option<u32> = None;
    let mut last_date: Option<([u8; 10], NaiveDate)> = None;

    let problems_before = batch.problems.total;
    let name = file.name.as_str();
    for_each_row(file, batch, &mut summary, |record, row_no, batch, _summary| {
        let cell = |at: usize| record.get(at).unwrap_or(b"");
        let row_problems = batch.problems.total;
        let problems = &mut batch.problems;

        let date_bytes = cell(at_date);
        let date_cell = text(date_bytes);
        // Consecutive rows often share a date (files grouped by date): reuse it.
        let parsed = match last_date {
            Some((bytes, date)) if bytes.as_slice() == date_bytes => Ok(date),
            _ => parse_date(date_cell),
        };
        let date = match parsed {
            Ok(date) if demand_date_problem(date).is_some() => {
                let reason = demand_date_problem(date).unwrap_or_default();
                problems.push(Problem::at(name, row_no, "date", date_cell, reason));
                NaiveDate::MIN
            }
            Ok(date) => {
                if date_bytes.len() == 10 {
                    let mut bytes = [0; 10];
                    bytes.copy_from_slice(date_bytes);
                    last_date = Some((bytes, date));
                }
                date
            }
            Err(reason) => {
                let reason = if date_cell.trim().is_empty() { "is required".to_owned() } else { reason };
                problems.push(Problem::at(name, row_no, "date", date_cell, reason));
                NaiveDate::MIN
            }
        };
        let quantity_cell = text(cell(at_quantity));
        let quantity = match parse_f32_styled(quantity_cell, file.style) {
            Ok(quantity) if quantity < 0.0 => {
                problems.push(Problem::at(name, row_no, "quantity", quantity_cell, "must not be negative"));
                0.0
            }
            Ok(quantity) if f64::from(quantity) > MAX_QUANTITY => {
                problems.push(Problem::at(
                    name,
                    row_no,
                    "quantity",
                    quantity_cell,
                    "quantity too large: at most 1000000000 (10^9)",
                ));
                0.0
            }
            Ok(quantity) => quantity,
            Err(reason) => {
                let reason = if quantity_cell.trim().is_empty() { "is required".to_owned() } else { reason };
                problems.push(Problem::at(name, row_no, "quantity", quantity_cell, reason));
                0.0
            }
        };
        let mut flag = |at: Option<usize>, column: &str| -> u8 {
            let Some(at) = at else { return KEEP };
            let flag_bytes = cell(at);
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
                    problems.push(Problem::at(name, row_no, column, flag_cell, reason));
                    0
                }
            }
        };
        let promo = flag(at_promo, "promo");
        let stockout = flag(at_stockout, "stockout");

        let (sku_cell, location_cell) = (cell(at_sku), cell(at_location));
        let channel_cell = at_channel.map_or(&b""[..], cell);
        // Most rows belong to the previous row's series (files grouped by
        // series) or to the series that followed it last time (files grouped
        // by date, listing the series in the same order every day): try those
        // two by comparing bytes before hashing anything.
        let mut slot = last_slot.and_then(|last| {
            let next = successor[last as usize];
            [last, next].into_iter().find(|&candidate| {
                candidate != NO_SLOT && raw_keys.matches(candidate, sku_cell, location_cell, channel_cell)
            })
        });
        if slot.is_none() {
            let sku_id = read_id(text(sku_cell));
            let sku = sku_at.get(sku_id).copied();
            if sku.is_none() {
                let reason = if sku_id.is_empty() {
                    "is required".to_owned()
                } else {
                    format!("unknown SKU: there is no SKU {sku_id} in skus.csv or in the workspace")
                };
                problems.push(Problem::at(name, row_no, "sku_id", text(sku_cell), reason));
            }
            let location_id = read_id(text(location_cell));
            let location = location_at.get(location_id).copied();
            if location.is_none() {
                let reason = if location_id.is_empty() {
                    "is required".to_owned()
                } else {
                    format!("unknown location: there is no location {location_id} in locations.csv or in the workspace")
                };
                problems.push(Problem::at(name, row_no, "location_id", text(location_cell), reason));
            }
            let channel_id = read_id(text(channel_cell));
            let channel_ok = !channel_id.chars().any(char::is_control);
            if !channel_ok {
                problems.push(Problem::at(
                    name,
                    row_no,
                    "channel",
                    text(channel_cell),
                    "must not contain line breaks, tabs or other control characters",
                ));
            }
            if let (Some(sku), Some(location), true) = (sku, location, channel_ok) {
                let channel = match channel_at.get(channel_id) {
                    Some(&channel) => channel,
                    None => {
                        let channel = channels.len() as u32;
                        channels.push(channel_id.to_owned());
                        channel_at.insert(channel_id.to_owned(), channel);
                        channel
                    }
                };
                let found = *slot_at.entry((sku, location, channel)).or_insert_with(|| {
                    pending.push(Pending { sku, location, channel, days: Vec::new() });
                    successor.push(NO_SLOT);
                    raw_keys.push(sku_cell, location_cell, channel_cell);
                    (pending.len() - 1) as u32
                });
                if let Some(last) = last_slot {
                    successor[last as usize] = found;
                }
                slot = Some(found);
            }
        }
        if slot.is_some() {
            last_slot = slot;
        }
        if batch.problems.total > row_problems {
            return;
        }
        if let Some(slot) = slot {
            let row = u32::try_from(row_no).unwrap_or(u32::MAX);
            pending[slot as usize].days.push(DayRow { date, quantity, row, promo, stockout });
        }
    });

    for series in &mut pending {
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
    if batch.problems.total == problems_before {
        check_spans(workspace, &pending, &channels, replace, name, batch);
    }
    if batch.problems.total > problems_before {
        // The batch is refused; building the series would be wasted work.
        batch.report(file, file.text.len(), summary.rows_read);
        return summary;
    }

    let old_series = std::mem::take(&mut workspace.demand.series);
    let old_keys: Vec<SeriesKey> = old_series.iter().map(|s| s.key.clone()).collect();
    let old_rows: usize = if replace { old_series.iter().map(|s| s.days().count()).sum() } else { 0 };
    let mut old_slots: Vec<Option<DemandSeries>> = old_series.into_iter().map(Some).collect();
    let mut built: Vec<DemandSeries> = Vec::with_capacity(pending.len() + old_slots.len());
    let mut matched_old_rows = 0;
    for series in pending {
        let key = SeriesKey {
            sku: workspace.skus[series.sku as usize].id.clone(),
            location: workspace.locations[series.location as usize].id.clone(),
            channel: channels[series.channel as usize].clone(),
        };
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
        for day in &series.days {
            let prior = day_of(reference.as_ref().unwrap_or(&merged), day.date);
            let promo = if day.promo == KEEP { prior.is_some_and(|p| p.1) } else { day.promo == 1 };
            let stockout = if day.stockout == KEEP { prior.is_some_and(|p| p.2) } else { day.stockout == 1 };
            let now = (day.quantity, promo, stockout);
            match prior {
                Some(prior) => {
                    matched_old_rows += 1;
                    if prior == now {
                        summary.unchanged += 1;
                    } else {
                        summary.updated += 1;
                    }
                }
                None if now == (0.0, false, false) => summary.unchanged += 1,
                None => summary.inserted += 1,
            }
            merged.set(&DemandDay { date: day.date, quantity: day.quantity, promo, stockout });
        }
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
    batch.report(file, file.text.len(), summary.rows_read);
    summary
}
