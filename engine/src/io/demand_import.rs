//! `demand.csv`, the one table that is big: a million rows and more. It has
//! its own reader, built for speed: records are read into one reused
//! `ByteRecord`; SKU, location and channel cells are compared as bytes with
//! the previous row's (files are usually grouped by series) and otherwise
//! looked up in hash maps of the ids already known, so a row allocates
//! nothing; rows are grouped per series and each series is built in one go,
//! rather than searched for row by row.

use std::collections::HashMap;

use chrono::NaiveDate;
use csv::ByteRecord;

use crate::model::{DemandDay, DemandSeries, SeriesKey, Workspace};
use crate::problem::Problem;

use super::cell::{format_date, parse_bool, parse_date, parse_f32_styled, read_id};
use super::import::{check_width, is_blank, next_record, summary_for, Batch, TableSummary, PROGRESS_EVERY_ROWS};
use super::read::CsvFile;

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

pub(crate) fn apply_demand(workspace: &mut Workspace, file: &CsvFile, replace: bool, batch: &mut Batch) -> TableSummary {
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
    let (mut last_sku, mut last_location, mut last_channel) = (Vec::new(), Vec::new(), Vec::new());
    let mut last_slot: Option<u32> = None;

    let problems_before = batch.problems.total;
    let name = file.name.as_str();
    let mut reader = file.reader();
    let mut record = ByteRecord::new();
    let mut row_no = 1;
    batch.report(file, 0, 0);
    while next_record(&mut reader, &mut record, file, &mut row_no, &mut batch.problems) {
        if is_blank(&record) {
            continue;
        }
        summary.rows_read += 1;
        if summary.rows_read % PROGRESS_EVERY_ROWS == 0 {
            let bytes_done = record.position().map_or(0, |p| p.byte() as usize);
            batch.report(file, bytes_done, summary.rows_read);
        }
        if !check_width(&record, file, row_no, &mut batch.problems) {
            continue;
        }
        let cell = |at: usize| record.get(at).unwrap_or(b"");
        let row_problems = batch.problems.total;
        let problems = &mut batch.problems;

        let date_cell = text(cell(at_date));
        let date = match parse_date(date_cell) {
            Ok(date) => date,
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
            Ok(quantity) => quantity,
            Err(reason) => {
                let reason = if quantity_cell.trim().is_empty() { "is required".to_owned() } else { reason };
                problems.push(Problem::at(name, row_no, "quantity", quantity_cell, reason));
                0.0
            }
        };
        let mut flag = |at: Option<usize>, column: &str| -> u8 {
            let Some(at) = at else { return KEEP };
            let flag_cell = text(cell(at));
            if flag_cell.trim().is_empty() {
                return 0;
            }
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
        let same_series = last_slot.is_some()
            && sku_cell == last_sku.as_slice()
            && location_cell == last_location.as_slice()
            && channel_cell == last_channel.as_slice();
        let slot = if same_series {
            last_slot
        } else {
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
            match (sku, location, channel_ok) {
                (Some(sku), Some(location), true) => {
                    let channel = match channel_at.get(channel_id) {
                        Some(&channel) => channel,
                        None => {
                            let channel = channels.len() as u32;
                            channels.push(channel_id.to_owned());
                            channel_at.insert(channel_id.to_owned(), channel);
                            channel
                        }
                    };
                    let slot = *slot_at.entry((sku, location, channel)).or_insert_with(|| {
                        pending.push(Pending { sku, location, channel, days: Vec::new() });
                        (pending.len() - 1) as u32
                    });
                    for (last, now) in
                        [(&mut last_sku, sku_cell), (&mut last_location, location_cell), (&mut last_channel, channel_cell)]
                    {
                        last.clear();
                        last.extend_from_slice(now);
                    }
                    last_slot = Some(slot);
                    Some(slot)
                }
                _ => None,
            }
        };
        if batch.problems.total > row_problems {
            continue;
        }
        if let Some(slot) = slot {
            let row = u32::try_from(row_no).unwrap_or(u32::MAX);
            pending[slot as usize].days.push(DayRow { date, quantity, row, promo, stockout });
        }
    }

    for series in &mut pending {
        if !series.days.is_sorted_by_key(|day| day.date) {
            series.days.sort_by_key(|day| day.date);
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
    built.sort_by(|a, b| a.key.cmp(&b.key));
    workspace.demand.series = built;
    batch.report(file, file.text.len(), summary.rows_read);
    summary
}
