//! CSV import: a batch of files, validated together, applied all-or-nothing.
//!
//! The batch is applied to a copy of the workspace in dependency order
//! (`Table::ALL`), so offers may refer to SKUs of the same batch. Each row is
//! inserted or updated by key; with "replace", rows absent from the file are
//! deleted. Then the whole result is checked (`check`), and every issue is
//! pointed back at the file row it came from, or, for a row the batch did not
//! touch whose target a "replace" deleted, at the replaced file. Any problem
//! refuses the batch and the caller's workspace is untouched.

use std::collections::hash_map::Entry;
use std::hash::{BuildHasher, Hash};

use super::hash::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::model::{PoId, PoLine, RecurringId, RecurringOrder, Settings, Workspace};
use crate::problem::Problem;

use super::batch::{for_each_row, summary_for, Batch, ImportProgress, Origin, RowOrigins, TableSummary};
use super::check::{check, flatten_log, flatten_orders, flatten_recurring_lines, Issue};
use super::demand_import::apply_demand;
use super::read::{self, CsvFile, Problems, Row};
use super::rows::{FlatEvent, FlatLine, FlatReceipt, FlatRecurringLine, TableRow};
use super::settings_table::{reset_setting, set_setting, unknown_key_reason, SETTING_KEYS};
use super::table::{key_text, Table};

/// How many problems a refusal lists; the rest are only counted.
pub const MAX_LISTED_PROBLEMS: usize = 1000;

/// One file of an import batch.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportFile {
    /// The file name; it identifies the table (`skus.csv`). A name that is
    /// not a table's is recognised by its header instead.
    pub name: String,
    pub bytes: Vec<u8>,
    /// Replace the table: delete rows that are not in the file.
    pub replace: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportSummary {
    /// One entry per imported file, in `Table::ALL` order.
    pub tables: Vec<TableSummary>,
}

/// Why an import was refused: the first `MAX_LISTED_PROBLEMS` problems in
/// file and row order, and how many there were in all.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{}", self.message())]
pub struct ImportRefused {
    pub problems: Vec<Problem>,
    pub total: usize,
}

impl ImportRefused {
    /// "3 problems; nothing was imported." with each problem on its own line,
    /// and a closing count of the ones not listed.
    pub fn message(&self) -> String {
        let mut text = if self.total == 1 {
            "1 problem; nothing was imported.".to_owned()
        } else {
            format!("{} problems; nothing was imported.", self.total)
        };
        for problem in &self.problems {
            text.push('\n');
            text.push_str(&problem.to_string());
        }
        if self.total > self.problems.len() {
            text.push_str(&format!("\n… and {} more problems not listed.", self.total - self.problems.len()));
        }
        text
    }
}

/// The keys a file has had so far, each with the position of its row in the
/// table and the file row it was on, without a copy of the key: the map is
/// by the key's hash, and the key is compared with the row's own on a match.
/// (Copying and freeing a million ids was a large part of an import's time.)
/// Two different keys with the same hash are rare; the later ones keep an
/// exact, owned entry in `collided`.
struct SeenKeys<K> {
    by_hash: HashMap<u64, (usize, usize)>,
    collided: HashMap<K, usize>,
}

impl<K: Hash + Eq + Clone> SeenKeys<K> {
    fn with_capacity(capacity: usize) -> Self {
        SeenKeys {
            by_hash: HashMap::with_capacity_and_hasher(capacity, Default::default()),
            collided: HashMap::default(),
        }
    }

    fn hash(&self, key: &K) -> u64 {
        self.by_hash.hasher().hash_one(key)
    }

    /// The file row `key` was first on, if it was seen; `has_key(at)` says
    /// whether the row at position `at` has this key.
    fn first_row(&self, hash: u64, key: &K, has_key: impl FnOnce(usize) -> bool) -> Option<usize> {
        let &(at, row) = self.by_hash.get(&hash)?;
        if has_key(at) {
            return Some(row);
        }
        self.collided.get(key).copied()
    }

    /// Record an unseen `key`, now held by the row at position `at`.
    fn insert(&mut self, hash: u64, key: &K, at: usize, row: usize) {
        match self.by_hash.entry(hash) {
            Entry::Vacant(slot) => {
                slot.insert((at, row));
            }
            Entry::Occupied(_) => {
                self.collided.insert(key.clone(), row);
            }
        }
    }
}

/// Apply one table's file to its rows: insert or update by key, and with
/// `replace` delete the rows the file does not have.
fn apply_rows<T: TableRow>(
    rows: &mut Vec<T>,
    file: &CsvFile,
    file_idx: usize,
    replace: bool,
    settings: &Settings,
    batch: &mut Batch,
) -> TableSummary {
    let mut summary = summary_for(file);
    let index: HashMap<T::Key, usize> = rows.iter().enumerate().map(|(idx, row)| (row.key(), idx)).collect();
    // Sized for the file's lines up front: growing maps of a million keys
    // rehashes every key several times.
    let lines = file.text.bytes().filter(|&b| b == b'\n').count();
    let mut in_file: SeenKeys<T::Key> = SeenKeys::with_capacity(lines);
    let mut origins = Vec::with_capacity(lines);
    rows.reserve(lines);
    let mut kept = vec![false; rows.len()];
    for_each_row(file, batch, &mut summary, |record, row_no, batch, summary| {
        let mut row = Row { file, record, row: row_no, problems: &mut batch.problems, bad_columns: 0 };
        let Some(key) = T::read_key(&mut row) else { return };
        let hash = in_file.hash(&key);
        if let Some(first) = in_file.first_row(hash, &key, |at| rows[at].key() == key) {
            let columns = T::TABLE.key_columns();
            let value: Vec<&str> = columns.iter().map(|c| row.raw(c).unwrap_or("")).collect();
            row.problem(
                columns[0],
                &value.join(" / "),
                format!("duplicate key: {} is already on row {first}", columns.join(", ")),
            );
            return;
        }
        let existing = index.get(&key).copied();
        in_file.insert(hash, &key, existing.unwrap_or(rows.len()), row_no);
        let mut value = match existing {
            Some(idx) => rows[idx].clone(),
            None => T::new_row(key, settings),
        };
        value.read_fields(&mut row, settings);
        let bad_columns = row.bad_columns;
        match existing {
            Some(idx) => {
                if rows[idx] == value {
                    summary.unchanged += 1;
                } else {
                    summary.updated += 1;
                    rows[idx] = value;
                }
                kept[idx] = true;
            }
            None => {
                // Not added to `index`: a key is looked up there only once
                // `in_file` has let it through, which it never does twice.
                rows.push(value);
                kept.push(true);
                summary.inserted += 1;
            }
        }
        let byte = record.byte;
        origins.push(Origin { file: file_idx, row: row_no, byte, bad_columns });
    });
    batch.row_origins.push(RowOrigins { table: T::TABLE, file: file_idx, rows: origins, key_texts: key_texts::<T> });
    if replace {
        let mut keep = kept.into_iter();
        let before = rows.len();
        rows.retain(|_| keep.next().unwrap_or(true));
        summary.deleted = before - rows.len();
    }
    batch.report(file, file.text.len(), summary.rows_read);
    summary
}

/// Each data row's number and key text, for the rows whose key can be read
/// (`apply_rows` read them the same way).
fn key_texts<T: TableRow>(file: &CsvFile) -> Vec<(usize, String)> {
    let mut progress = |_: &ImportProgress| {};
    let mut batch = Batch::new(0, &mut progress);
    let mut texts = Vec::new();
    for_each_row(file, &mut batch, &mut summary_for(file), |record, row_no, batch, _| {
        let mut row = Row { file, record, row: row_no, problems: &mut batch.problems, bad_columns: 0 };
        if let Some(key) = T::read_key(&mut row) {
            texts.push((row_no, T::key_text(&key)));
        }
    });
    texts
}

/// `settings.csv`: `key,value` rows. With `replace`, keys not in the file go
/// back to their defaults.
fn apply_settings(
    settings: &mut Settings,
    file: &CsvFile,
    file_idx: usize,
    replace: bool,
    batch: &mut Batch,
) -> TableSummary {
    let mut summary = summary_for(file);
    let mut in_file: HashMap<&'static str, usize> = HashMap::default();
    for_each_row(file, batch, &mut summary, |record, row_no, batch, summary| {
        let mut row = Row { file, record, row: row_no, problems: &mut batch.problems, bad_columns: 0 };
        let raw_key = row.raw("key").unwrap_or("");
        let wanted = raw_key.trim().to_ascii_lowercase();
        let Some(key) = SETTING_KEYS.iter().copied().find(|k| *k == wanted) else {
            row.problem("key", raw_key, unknown_key_reason());
            return;
        };
        if let Some(first) = in_file.insert(key, row_no) {
            row.problem("key", raw_key, format!("duplicate key: {key} is already on row {first}"));
            return;
        }
        let raw_value = row.raw("value").unwrap_or("");
        let before = settings.clone();
        if let Err(reason) = set_setting(settings, key, raw_value, file.style) {
            row.problem("value", raw_value, reason);
        }
        if *settings == before {
            summary.unchanged += 1;
        } else {
            summary.updated += 1;
        }
        let byte = record.byte;
        batch.origins.insert(
            (Table::Settings, key_text(&[key])),
            Origin { file: file_idx, row: row_no, byte, bad_columns: row.bad_columns },
        );
    });
    if replace {
        for key in SETTING_KEYS.iter().filter(|k| !in_file.contains_key(*k)) {
            let before = settings.clone();
            reset_setting(settings, key);
            if *settings != before {
                summary.deleted += 1;
            }
        }
    }
    batch.report(file, file.text.len(), summary.rows_read);
    summary
}

/// Log entries whose order is gone and recurring lines whose recurring order
/// is gone, found before re-nesting like `orphans`.
fn orphan_entries(
    orders: &[crate::model::PurchaseOrder],
    log: &[FlatEvent],
    recurring: &[RecurringOrder],
    recurring_lines: &[FlatRecurringLine],
) -> Vec<Issue> {
    let order_ids: HashSet<&PoId> = orders.iter().map(|o| &o.id).collect();
    let recurring_ids: HashSet<&RecurringId> = recurring.iter().map(|o| &o.id).collect();
    let mut out = Vec::new();
    for entry in log.iter().filter(|e| !order_ids.contains(&e.po)) {
        out.push(Issue {
            table: Table::PoLog,
            index: None,
            key: Some(FlatEvent::key_text(&entry.key())),
            label: entry.label(),
            field: "po_id".to_owned(),
            value: entry.po.to_string(),
            reason: format!("unknown purchase order: there is no purchase order {}", entry.po),
            missing: Some((Table::PurchaseOrders, entry.po.to_string())),
        });
    }
    for line in recurring_lines.iter().filter(|l| !recurring_ids.contains(&l.recurring)) {
        out.push(Issue {
            table: Table::RecurringLines,
            index: None,
            key: Some(FlatRecurringLine::key_text(&line.key())),
            label: line.label(),
            field: "recurring_id".to_owned(),
            value: line.recurring.to_string(),
            reason: format!("unknown recurring order: there is no recurring order {}", line.recurring),
            missing: Some((Table::RecurringOrders, line.recurring.to_string())),
        });
    }
    out
}

/// Put log entries back into their orders, and recurring lines into theirs
/// (orphans were reported and are dropped); the tables sort them by key.
fn nest_entries(
    orders: &mut [crate::model::PurchaseOrder],
    log: Vec<FlatEvent>,
    recurring: &mut [RecurringOrder],
    recurring_lines: Vec<FlatRecurringLine>,
) {
    let order_at: HashMap<PoId, usize> = orders.iter().enumerate().map(|(idx, o)| (o.id.clone(), idx)).collect();
    for flat in log {
        if let Some(&idx) = order_at.get(&flat.po) {
            orders[idx].log.push(flat.event);
        }
    }
    let recurring_at: HashMap<RecurringId, usize> =
        recurring.iter().enumerate().map(|(idx, o)| (o.id.clone(), idx)).collect();
    for flat in recurring_lines {
        if let Some(&idx) = recurring_at.get(&flat.recurring) {
            recurring[idx].lines.push(flat.line);
        }
    }
}

/// The position of the order `id` names among `orders` (sorted by id; of
/// several with that id, the last), trying `last` first: lines and receipts
/// are usually grouped by order.
fn order_position(orders: &[crate::model::PurchaseOrder], id: &PoId, last: &mut Option<usize>) -> Option<usize> {
    if let Some(at) = last.filter(|&at| orders[at].id == *id && orders.get(at + 1).is_none_or(|next| next.id != *id)) {
        return Some(at);
    }
    let after = orders.partition_point(|order| order.id <= *id);
    let at = after.checked_sub(1).filter(|&at| orders[at].id == *id)?;
    *last = Some(at);
    Some(at)
}

/// Put lines and receipts back into their orders, in one pass each, and
/// return the issues of those that have nowhere to go: a line whose order is
/// gone, a receipt whose line is in no file row or table (the model nests
/// them, so these are found here, as issues like any other).
fn nest(orders: &mut [crate::model::PurchaseOrder], lines: Vec<FlatLine>, receipts: Vec<FlatReceipt>) -> Vec<Issue> {
    let mut issues = Vec::new();
    // A line by its order's position and its number: no id is copied.
    let mut line_at: HashMap<(usize, u32), usize> = HashMap::with_capacity_and_hasher(lines.len(), Default::default());
    let mut orphan_lines: HashSet<(PoId, u32)> = HashSet::default();
    let mut last = None;
    for flat in lines {
        let Some(order_idx) = order_position(orders, &flat.po, &mut last) else {
            issues.push(Issue {
                table: Table::PoLines,
                index: None,
                key: Some(FlatLine::key_text(&flat.key())),
                label: flat.label(),
                field: "po_id".to_owned(),
                value: flat.po.to_string(),
                reason: format!("unknown purchase order: there is no purchase order {}", flat.po),
                missing: Some((Table::PurchaseOrders, flat.po.to_string())),
            });
            orphan_lines.insert((flat.po, flat.line.line_no));
            continue;
        };
        let lines = &mut orders[order_idx].lines;
        line_at.insert((order_idx, flat.line.line_no), lines.len());
        lines.push(PoLine { receipts: Vec::new(), ..flat.line });
    }
    for flat in receipts {
        let line_idx = match order_position(orders, &flat.po, &mut last) {
            Some(order_idx) => line_at.get(&(order_idx, flat.line_no)).map(|&line_idx| (order_idx, line_idx)),
            None if orphan_lines.contains(&(flat.po.clone(), flat.line_no)) => continue,
            None => None,
        };
        let Some((order_idx, line_idx)) = line_idx else {
            let line = format!("{} line {}", flat.po, flat.line_no);
            issues.push(Issue {
                table: Table::Receipts,
                index: None,
                key: Some(FlatReceipt::key_text(&flat.key())),
                label: flat.label(),
                field: "line_no".to_owned(),
                value: flat.line_no.to_string(),
                reason: format!("unknown PO line: there is no PO line {line}"),
                missing: Some((Table::PoLines, line)),
            });
            continue;
        };
        orders[order_idx].lines[line_idx].receipts.push(flat.receipt);
    }
    issues
}

/// Point an issue at a file row, or at the replaced file that caused it.
fn locate(
    issue: Issue,
    files: &[(CsvFile, bool)],
    origins: &HashMap<(Table, String), Origin>,
    replaced: &HashMap<Table, usize>,
) -> Option<Problem> {
    let mut origin = issue.key.as_ref().and_then(|key| origins.get(&(issue.table, key.clone())));
    if origin.is_none() && issue.table == Table::Settings {
        // A rule between two settings (b above a) fails on b; when only a
        // was in the file, point at a's row.
        let partner = match issue.field.as_str() {
            "abc_cutoff_b" => Some("abc_cutoff_a"),
            "xyz_cutoff_y" => Some("xyz_cutoff_x"),
            _ => None,
        };
        origin = partner.and_then(|partner| origins.get(&(Table::Settings, key_text(&[partner]))));
    }
    let column = if issue.table == Table::Settings { "value".to_owned() } else { issue.field.clone() };
    if let Some(origin) = origin {
        let bad = issue.table.column_index(&column).is_some_and(|idx| origin.bad_columns & (1 << idx) != 0);
        if bad {
            return None;
        }
        let file = &files[origin.file].0;
        let value = file.cell_at(origin.byte, &column).unwrap_or(issue.value);
        let reason = if issue.table == Table::Settings && !issue.reason.starts_with(&issue.field) {
            format!("{}: {}", issue.field, issue.reason)
        } else {
            issue.reason
        };
        return Some(Problem::at(file.name.as_str(), origin.row, column, value, reason));
    }
    if let Some((target, id)) = &issue.missing {
        if let Some(&file_idx) = replaced.get(target) {
            let file = &files[file_idx].0;
            return Some(Problem {
                file: file.name.clone(),
                row: None,
                column: Some(target.key_columns()[0].to_owned()),
                value: Some(id.clone()),
                reason: format!(
                    "{id} is not in this file, so replacing the table would delete it, but {} still refers to it",
                    issue.label
                ),
            });
        }
    }
    // A whole-table issue, or one in a row this batch did not touch.
    let file =
        files.iter().find(|(f, _)| f.table == issue.table).map_or(issue.table.file_name(), |(f, _)| f.name.as_str());
    let reason = match issue.key {
        Some(_) => format!("{} (in the existing {}, which this import did not change)", issue.reason, issue.label),
        None => issue.reason,
    };
    Some(Problem { file: file.to_owned(), row: None, column: Some(column), value: Some(issue.value), reason })
}

/// Import a batch of CSV files into a copy of `workspace`. All or nothing:
/// any problem in any file refuses the whole batch, listing every problem.
pub fn import_csv(
    workspace: &Workspace,
    files: &[ImportFile],
    progress: &mut dyn FnMut(&ImportProgress),
) -> Result<(Workspace, ImportSummary), ImportRefused> {
    let mut batch = Batch::new(MAX_LISTED_PROBLEMS, progress);

    // Headers first: a file whose columns cannot be matched is not read at
    // all, since its rows would only produce noise.
    let mut opened: Vec<(CsvFile, bool)> = Vec::new();
    let mut seen: HashMap<Table, String> = HashMap::default();
    for file in files {
        match read::open(&file.name, &file.bytes) {
            Ok(csv_file) => {
                if let Some(other) = seen.insert(csv_file.table, file.name.clone()) {
                    batch.problems.push(Problem::in_file(
                        file.name.as_str(),
                        format!(
                            "{other} in the same import already holds {}; import one file per table",
                            csv_file.table.label()
                        ),
                    ));
                    continue;
                }
                opened.push((csv_file, file.replace));
            }
            Err(problems) => problems.into_iter().for_each(|p| batch.problems.push(p)),
        }
    }
    if !batch.problems.is_empty() {
        return Err(refusal(batch.problems, &[]));
    }
    crate::sorting::sort_by_key(&mut opened, |(file, _)| file.table);
    let replaced: HashMap<Table, usize> =
        opened.iter().enumerate().filter(|(_, (_, replace))| *replace).map(|(idx, (f, _))| (f.table, idx)).collect();

    let mut result = workspace.clone();
    let (mut lines, mut receipts) = flatten_orders(&result);
    let mut log = flatten_log(&result);
    let mut recurring_lines = flatten_recurring_lines(&result);
    result.purchase_orders.edit(|orders| {
        orders.iter_mut().for_each(|order| {
            order.lines.clear();
            order.log.clear();
        })
    });
    result.recurring_orders.edit(|orders| orders.iter_mut().for_each(|order| order.lines.clear()));
    let mut summary = ImportSummary::default();
    for (file_idx, (file, replace)) in opened.iter().enumerate() {
        let replace = *replace;
        let settings = result.settings.clone();
        let table_summary = match file.table {
            Table::Settings => apply_settings(&mut result.settings, file, file_idx, replace, &mut batch),
            Table::PolicyMatrix => {
                apply_rows(&mut result.settings.policy_matrix.cells, file, file_idx, replace, &settings, &mut batch)
            }
            Table::ApprovalThresholds => result
                .settings
                .approval_thresholds
                .edit(|rows| apply_rows(rows, file, file_idx, replace, &settings, &mut batch)),
            Table::CurrencyRates => {
                result.currency_rates.edit(|rows| apply_rows(rows, file, file_idx, replace, &settings, &mut batch))
            }
            Table::Locations => {
                result.locations.edit(|rows| apply_rows(rows, file, file_idx, replace, &settings, &mut batch))
            }
            Table::Skus => result.skus.edit(|rows| apply_rows(rows, file, file_idx, replace, &settings, &mut batch)),
            Table::Suppliers => {
                result.suppliers.edit(|rows| apply_rows(rows, file, file_idx, replace, &settings, &mut batch))
            }
            Table::Contracts => {
                result.contracts.edit(|rows| apply_rows(rows, file, file_idx, replace, &settings, &mut batch))
            }
            Table::Offers => {
                result.offers.edit(|rows| apply_rows(rows, file, file_idx, replace, &settings, &mut batch))
            }
            Table::StockLots => {
                result.stock_lots.edit(|rows| apply_rows(rows, file, file_idx, replace, &settings, &mut batch))
            }
            Table::Commitments => {
                result.commitments.edit(|rows| apply_rows(rows, file, file_idx, replace, &settings, &mut batch))
            }
            Table::MinMaxOverrides => {
                result.min_max_overrides.edit(|rows| apply_rows(rows, file, file_idx, replace, &settings, &mut batch))
            }
            Table::Budgets => {
                result.budgets.edit(|rows| apply_rows(rows, file, file_idx, replace, &settings, &mut batch))
            }
            Table::ForecastPins => {
                result.forecast_pins.edit(|rows| apply_rows(rows, file, file_idx, replace, &settings, &mut batch))
            }
            Table::ForecastOverrides => {
                result.forecast_overrides.edit(|rows| apply_rows(rows, file, file_idx, replace, &settings, &mut batch))
            }
            Table::Promotions => {
                result.promotions.edit(|rows| apply_rows(rows, file, file_idx, replace, &settings, &mut batch))
            }
            Table::Launches => {
                result.launches.edit(|rows| apply_rows(rows, file, file_idx, replace, &settings, &mut batch))
            }
            Table::PurchaseOrders => {
                result.purchase_orders.edit(|rows| apply_rows(rows, file, file_idx, replace, &settings, &mut batch))
            }
            Table::PoLines => apply_rows(&mut lines, file, file_idx, replace, &settings, &mut batch),
            Table::Receipts => apply_rows(&mut receipts, file, file_idx, replace, &settings, &mut batch),
            Table::PoLog => apply_rows(&mut log, file, file_idx, replace, &settings, &mut batch),
            Table::RecurringOrders => {
                result.recurring_orders.edit(|rows| apply_rows(rows, file, file_idx, replace, &settings, &mut batch))
            }
            Table::RecurringLines => apply_rows(&mut recurring_lines, file, file_idx, replace, &settings, &mut batch),
            Table::MappingPresets => {
                result.mapping_presets.edit(|rows| apply_rows(rows, file, file_idx, replace, &settings, &mut batch))
            }
            Table::Demand => apply_demand(&mut result, file, replace, &mut batch),
        };
        summary.tables.push(table_summary);
    }

    let mut issues = result.purchase_orders.edit(|orders| nest(orders, lines, receipts));
    issues.extend(orphan_entries(&result.purchase_orders, &log, &result.recurring_orders, &recurring_lines));
    let purchase_orders = &mut result.purchase_orders;
    purchase_orders
        .edit(|orders| result.recurring_orders.edit(|recurring| nest_entries(orders, log, recurring, recurring_lines)));
    // The model keeps the nine cells in class order (AX, AY … CZ).
    crate::sorting::sort_by_key(&mut result.settings.policy_matrix.cells, |cell| (cell.abc, cell.xyz));
    issues.extend(check(&result));
    let origins = if issues.is_empty() {
        HashMap::default()
    } else {
        batch.all_origins(&opened.iter().map(|(file, _)| file).collect::<Vec<_>>())
    };
    let mut located: Vec<Problem> =
        issues.into_iter().filter_map(|issue| locate(issue, &opened, &origins, &replaced)).collect();
    // Rows of one file in row order, whatever the order the checks ran in.
    crate::sorting::sort_by_key(&mut located, |p| p.row);
    for problem in located {
        batch.problems.push(problem);
    }
    if !batch.problems.is_empty() {
        return Err(refusal(batch.problems, &opened));
    }
    Ok((result, summary))
}

/// The refusal, with problems in batch file order, then row order.
fn refusal(problems: Problems, opened: &[(CsvFile, bool)]) -> ImportRefused {
    let Problems { mut list, total, .. } = problems;
    let rank = |file: &str| opened.iter().position(|(f, _)| f.name == file).unwrap_or(usize::MAX);
    crate::sorting::sort_by_key(&mut list, |problem| (rank(&problem.file), problem.row));
    ImportRefused { problems: list, total }
}

#[cfg(test)]
mod tests {
    use super::SeenKeys;

    /// Keys as the rows at positions 0, 1, 2 … hold them.
    fn seen_in(rows: &[&str], seen: &SeenKeys<String>, hash: u64, key: &str) -> Option<usize> {
        seen.first_row(hash, &key.to_owned(), |at| rows[at] == key)
    }

    #[test]
    fn keys_are_told_apart_even_when_their_hashes_collide() {
        let rows = ["A", "B", "C"];
        let mut seen = SeenKeys::with_capacity(4);
        // Every key given the same hash, 7: a collision each time.
        assert_eq!(seen_in(&rows, &seen, 7, "A"), None);
        seen.insert(7, &"A".to_owned(), 0, 2);
        assert_eq!(seen_in(&rows, &seen, 7, "B"), None, "B only shares A's hash");
        seen.insert(7, &"B".to_owned(), 1, 3);
        assert_eq!(seen_in(&rows, &seen, 7, "C"), None);
        seen.insert(7, &"C".to_owned(), 2, 5);
        assert_eq!(seen_in(&rows, &seen, 7, "A"), Some(2));
        assert_eq!(seen_in(&rows, &seen, 7, "B"), Some(3));
        assert_eq!(seen_in(&rows, &seen, 7, "C"), Some(5));
        // With its real hash a key is found by comparing it with its row.
        let hash = seen.hash(&"A".to_owned());
        let mut fresh = SeenKeys::with_capacity(1);
        fresh.insert(hash, &"A".to_owned(), 0, 9);
        assert_eq!(seen_in(&rows, &fresh, hash, "A"), Some(9));
        assert_eq!(seen_in(&rows, &fresh, hash + 1, "A"), None);
    }
}
