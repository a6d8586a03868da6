//! Applying a mapping spec: the foreign file becomes one file of the app's
//! own CSV format (comma-delimited, UTF-8, canonical numbers and ISO dates),
//! which then goes through the ordinary all-or-nothing importer unchanged.
//! What the importer says about the produced rows is pointed back at the
//! user's file: its name, the row its spreadsheet shows, the user's column
//! name and the value as the user wrote it.

use std::str::FromStr;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::preset::check_spec;
use super::sniff::{date_parts, decode, records, DateOrder, DateParts, DecimalSeparator, NumberFormat, SourceRecord};
use super::spec::{normalize_header, Combine, FileFormat, MappingSpec, Match, Source, Transform, Unsupplied};
use crate::io::hash::{HashMap, HashSet};
use crate::io::{import_csv, ImportFile, ImportProgress, ImportRefused, ImportSummary, Table, MAX_LISTED_PROBLEMS};
use crate::model::Workspace;
use crate::problem::Problem;

/// Where a produced column's values come from, for pointing problems back.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Origin {
    /// A source column: its header as the user's file writes it.
    Column(String),
    Constant,
    /// A column `MappingSpec::unpivot` adds (its name here): on each row,
    /// the file's own column the value came from.
    Unpivoted(String),
}

/// One produced cell: the user's value and what was given to the importer.
#[derive(Clone, Debug, PartialEq, Eq)]
struct MappedCell {
    source: String,
    produced: String,
}

/// A foreign file mapped to one of the app's tables: the file for the
/// importer, what the mapping itself found wrong, and what is needed to
/// point the importer's problems back at the user's file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MappedFile {
    /// The produced file, named after its table (`skus.csv`), for `import_csv`.
    pub file: ImportFile,
    /// The user's file name, which every problem names.
    pub source_name: String,
    pub target: Table,
    /// The produced columns: target field names, in the produced file's order
    /// (the spec's `fields`, then its `new_rows_only`).
    pub fields: Vec<String>,
    origins: Vec<Origin>,
    /// Where the `new_rows_only` fields start in `fields`.
    new_rows_only_from: usize,
    /// The `replace_within` fields, as positions in `fields`.
    replace_within: Vec<usize>,
    /// For each produced data row, the user's spreadsheet row (for a
    /// combined row, the first of its rows).
    source_rows: Vec<usize>,
    cells: Vec<Vec<MappedCell>>,
    /// Cells the mapping could not convert (a date that is not a date), as
    /// (produced row index, field index, problem in the user's terms). The
    /// cell is passed on as written, and the importer's problem on it is
    /// dropped, so each bad cell is reported once.
    cell_problems: Vec<(usize, usize, Problem)>,
    /// Per cell problem, whether `problems` lists it: of the cells a
    /// closed lookup refused with the same value, only the first is
    /// listed, saying how many rows have the value.
    listed: Vec<bool>,
    /// Per produced row, the header of the column `unpivot` read it from
    /// (empty without `unpivot`).
    row_columns: Vec<String>,
    /// Per produced row, the `existing_rows_only` rule it matched (empty
    /// without such rules): such a row is dropped when its key is new.
    existing_only: Vec<Option<usize>>,
    /// The reasons of the spec's `existing_rows_only` rules.
    existing_only_reasons: Vec<String>,
    /// Data rows skipped by `skip_rows_without` or `skip_rows`, in all.
    pub skipped_rows: usize,
    /// The skipped rows by reason, in the order the reasons first occurred.
    pub skipped: Vec<SkippedRows>,
    /// Source rows folded into an earlier row with the same key (`combine`).
    pub combined_rows: usize,
}

/// A mapping applied to the first rows of a file and checked by the
/// importer against a workspace, cell by cell, for the UI to show before
/// anything is imported.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Preview {
    pub target: Table,
    /// The target fields shown, in order.
    pub fields: Vec<String>,
    /// For each field, the user's column it comes from (`None`: a constant).
    pub sources: Vec<Option<String>>,
    pub rows: Vec<PreviewRow>,
    /// Problems not tied to one shown cell (a duplicate key across columns,
    /// a whole-file problem), in the user's terms.
    pub other_problems: Vec<Problem>,
    /// Rows skipped among those read for the preview, by reason.
    pub skipped: Vec<SkippedRows>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreviewRow {
    /// The user's spreadsheet row.
    pub row: usize,
    pub cells: Vec<PreviewCell>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreviewCell {
    /// The value as the user's file has it (the constant for a constant).
    pub source: String,
    /// The value as the importer reads it.
    pub value: String,
    /// Why the importer (or the mapping) refuses it; empty when it is fine.
    pub problems: Vec<String>,
}

impl MappedFile {
    /// A problem the importer found in the produced file, told in the
    /// user's terms: the user's file name, spreadsheet row, column name and
    /// value. Problems about other files are returned unchanged.
    pub fn to_source(&self, problem: Problem) -> Problem {
        if problem.file != self.file.name {
            return problem;
        }
        let produced = problem.row.and_then(|row| row.checked_sub(2));
        let field = problem.column.as_deref().and_then(|c| self.fields.iter().position(|f| f == c));
        let row = match (problem.row, produced) {
            (_, Some(idx)) => self.source_rows.get(idx).copied(),
            (row, None) => row,
        };
        let column = match (field, produced) {
            (Some(idx), Some(row)) => Some(self.label_at(idx, row)),
            (Some(idx), None) => Some(self.column_label(idx)),
            (None, _) => problem.column,
        };
        let cell = produced.zip(field).and_then(|(r, f)| self.cells.get(r)?.get(f));
        let value = match (cell, problem.value) {
            (Some(cell), Some(value)) if value == cell.produced => Some(cell.source.clone()),
            (_, value) => value,
        };
        Problem { file: self.source_name.clone(), row, column, value, reason: problem.reason }
    }

    /// The user's name for a produced column: the source header, or
    /// "location_id (constant)".
    fn column_label(&self, field_idx: usize) -> String {
        match &self.origins[field_idx] {
            Origin::Column(header) => header.clone(),
            Origin::Constant => format!("{} (constant)", self.fields[field_idx]),
            Origin::Unpivoted(name) => name.clone(),
        }
    }

    /// The user's name for a produced column on one produced row: for a
    /// column `unpivot` added, the file's column the row was read from.
    fn label_at(&self, field_idx: usize, produced: usize) -> String {
        match (&self.origins[field_idx], self.row_columns.get(produced)) {
            (Origin::Unpivoted(_), Some(column)) => column.clone(),
            _ => self.column_label(field_idx),
        }
    }

    /// Whether the mapping itself reported a problem on this cell (the
    /// importer's problem on it is then dropped).
    fn has_cell_problem(&self, produced: usize, field: usize) -> bool {
        self.cell_problems.iter().any(|(r, f, _)| *r == produced && *f == field)
    }

    /// Data rows produced.
    pub fn rows(&self) -> usize {
        self.source_rows.len()
    }

    /// The mapping's own problems, in the user's terms.
    pub fn problems(&self) -> impl Iterator<Item = &Problem> {
        self.cell_problems.iter().zip(&self.listed).filter(|(_, listed)| **listed).map(|((_, _, problem), _)| problem)
    }
}

/// A source cell converted by a transform, or why it cannot be. An empty
/// cell stays empty, except that a `Lookup` may list the empty value.
pub fn transform_cell(cell: &str, transform: &Transform, format: &FileFormat) -> Result<String, String> {
    if cell.trim().is_empty() && !matches!(transform, Transform::Lookup { .. }) {
        return Ok(String::new());
    }
    match transform {
        Transform::None => Ok(cell.to_owned()),
        Transform::Date => read_date(cell, format.date_order).map(crate::io::cell::format_date),
        Transform::Number => read_number(cell, format.numbers).map(|n| n.to_string()),
        Transform::Scale { factor } => {
            let number = read_number(cell, format.numbers)?;
            let scaled = number.checked_mul(*factor).ok_or("too large once scaled")?;
            Ok(scaled.normalize().to_string())
        }
        Transform::UnitPriceBreak => read_number(cell, format.numbers).map(|n| format!("1:{n}")),
        Transform::Lookup { values, otherwise, closed } => {
            let key = cell.trim().to_lowercase();
            let found = values.iter().find(|(from, _)| from.trim().to_lowercase() == key).map(|(_, to)| to.clone());
            match found {
                Some(value) => Ok(value),
                None if *closed => Err(not_in_closed_lookup(cell, values)),
                None => Ok(otherwise.clone().unwrap_or_else(|| cell.to_owned())),
            }
        }
        Transform::BracketCode => Ok(bracket_code(cell).unwrap_or(cell).to_owned()),
    }
}

/// How many of a closed lookup's values its refusal lists.
const MAX_LISTED_LOOKUP_VALUES: usize = 20;

/// Why a closed lookup refuses a value: the value and what the lookup maps.
fn not_in_closed_lookup(cell: &str, values: &std::collections::BTreeMap<String, String>) -> String {
    let listed: Vec<String> =
        values.iter().take(MAX_LISTED_LOOKUP_VALUES).map(|(from, to)| format!("{:?} → {to}", from.trim())).collect();
    let more =
        if values.len() > listed.len() { format!(" and {} more", values.len() - listed.len()) } else { String::new() };
    if values.is_empty() {
        format!("{:?} is not mapped (the map is empty): add it to the map", cell.trim())
    } else {
        format!("{:?} is not mapped; the map has {}{more}: add it to the map", cell.trim(), listed.join(", "))
    }
}

/// The code between a leading `[` and its `]`, trimmed, if there is one
/// and it is not empty: Odoo writes a product as `[GLV-100-M] Nitrile gloves`.
fn bracket_code(cell: &str) -> Option<&str> {
    let rest = cell.trim_start().strip_prefix('[')?;
    let code = rest[..rest.find(']')?].trim();
    (!code.is_empty()).then_some(code)
}

/// A date in `YYYY-MM-DD` or `a/b/YYYY` (`order` deciding which part is the
/// day), any time of day cut off.
fn read_date(cell: &str, order: Option<DateOrder>) -> Result<NaiveDate, String> {
    let not_real = || format!("{} is not a real date (check the day and month)", cell.trim());
    match date_parts(cell) {
        Some(DateParts::Iso(year, month, day)) => NaiveDate::from_ymd_opt(year, month, day).ok_or_else(not_real),
        Some(DateParts::Slashed(first, second, year)) => {
            let (day, month) = match order {
                Some(DateOrder::DayMonthYear) => (first, second),
                Some(DateOrder::MonthDayYear) => (second, first),
                None => return Err(
                    "the date order of this file is not chosen: say whether dates are day/month/year or month/day/year"
                        .to_owned(),
                ),
            };
            NaiveDate::from_ymd_opt(year, month, day).ok_or_else(not_real)
        }
        None => Err(match order {
            Some(DateOrder::DayMonthYear) => "not a date: expected DD/MM/YYYY or YYYY-MM-DD".to_owned(),
            Some(DateOrder::MonthDayYear) => "not a date: expected MM/DD/YYYY or YYYY-MM-DD".to_owned(),
            None => "not a date: expected YYYY-MM-DD".to_owned(),
        }),
    }
}

/// A number in the file's format, exactly (`1.234,56` with a decimal comma
/// and thousands points is 1234.56, scale kept: `7,90` is 7.90).
fn read_number(cell: &str, format: NumberFormat) -> Result<Decimal, String> {
    let text = cell.trim();
    let describe = || {
        let decimal = match format.decimal {
            DecimalSeparator::Point => "decimal point",
            DecimalSeparator::Comma => "decimal comma",
        };
        let example = match format.decimal {
            DecimalSeparator::Point => "1234.50",
            DecimalSeparator::Comma => "1234,50",
        };
        format!("not a number with this file's {decimal}: write it like {example}")
    };
    let mut plain = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '0'..='9' | '-' | '+' => plain.push(c),
            c if format.thousands.is_some_and(|t| thousands_char(t, c)) => {}
            '.' if format.decimal == DecimalSeparator::Point => plain.push('.'),
            ',' if format.decimal == DecimalSeparator::Comma => plain.push('.'),
            _ => return Err(describe()),
        }
    }
    Decimal::from_str(&plain).map_err(|_| describe())
}

fn thousands_char(separator: super::sniff::ThousandsSeparator, c: char) -> bool {
    use super::sniff::ThousandsSeparator as T;
    match separator {
        T::Point => c == '.',
        T::Comma => c == ',',
        T::Space => matches!(c, ' ' | '\u{a0}' | '\u{202f}'),
        T::Apostrophe => matches!(c, '\'' | '\u{2019}'),
    }
}

fn cell_of(cells: &[String], idx: usize) -> &str {
    cells.get(idx).map_or("", String::as_str)
}

/// Where a field's value is read from, resolved against the header.
enum Position {
    Column(usize),
    Constant,
    Join(Vec<usize>),
}

/// A `fill_down` rule's columns and its group column, as names or positions.
type FillRule<T> = (Vec<T>, Option<T>);

/// The header's columns resolved: for each field (`MappingSpec::all_fields`)
/// where it comes from, and the positions of every column a row rule reads.
struct Resolved {
    positions: Vec<Position>,
    skip: Vec<usize>,
    /// Per `fill_down` rule: its columns and its group column.
    fill_down: Vec<FillRule<usize>>,
    filters: Vec<usize>,
    /// The columns `unpivot` turns into rows.
    unpivot: Vec<usize>,
    /// The columns the `existing_rows_only` rules read.
    existing_only: Vec<usize>,
}

/// Check the spec against the target table and the file's header, listing
/// every problem: unknown fields, a field mapped twice, a column the file
/// lacks or has twice, a required field nothing fills.
fn resolve(spec: &MappingSpec, header: &[String], file_name: &str) -> Result<Resolved, Vec<Problem>> {
    let normalized: Vec<String> = header.iter().map(|h| normalize_header(h)).collect();
    let mut problems = Vec::new();
    let columns_list = header.iter().map(|h| h.trim()).collect::<Vec<_>>().join(", ");
    let mut find = |column: &str| -> Option<usize> {
        let wanted = normalize_header(column);
        let hits: Vec<usize> = (0..normalized.len()).filter(|&idx| normalized[idx] == wanted).collect();
        let in_header = |reason: String| Problem {
            file: file_name.to_owned(),
            row: Some(1),
            column: Some(column.to_owned()),
            value: None,
            reason,
        };
        match hits.as_slice() {
            [idx] => Some(*idx),
            [] => {
                problems.push(in_header(format!(
                    "the file has no column named {column:?}; its columns are: {columns_list}"
                )));
                None
            }
            _ => {
                problems.push(in_header("the file has this column more than once; rename one".to_owned()));
                None
            }
        }
    };
    let positions: Vec<Option<Position>> = spec
        .all_fields()
        .map(|mapping| match &mapping.source {
            Source::Column { column, .. } => find(column).map(Position::Column),
            Source::Constant { .. } => Some(Position::Constant),
            Source::Join { parts, .. } => {
                let found: Vec<Option<usize>> = parts.iter().map(|part| find(&part.column)).collect();
                found.into_iter().collect::<Option<Vec<usize>>>().map(Position::Join)
            }
        })
        .collect();
    let skip: Vec<Option<usize>> = spec.skip_rows_without.iter().map(|column| find(column)).collect();
    let fill_down: Vec<FillRule<Option<usize>>> = spec
        .fill_down
        .iter()
        .map(|rule| (rule.columns.iter().map(|c| find(c)).collect(), rule.within.as_deref().map(&mut find)))
        .collect();
    let filters: Vec<Option<usize>> = spec.skip_rows.iter().map(|filter| find(&filter.column)).collect();
    let unpivot: Vec<Option<usize>> =
        spec.unpivot.iter().flat_map(|unpivot| &unpivot.columns).map(|column| find(column)).collect();
    let existing_only: Vec<Option<usize>> = spec.existing_rows_only.iter().map(|filter| find(&filter.column)).collect();
    problems.extend(check_spec(spec).into_iter().map(|reason| Problem::in_file(file_name, reason)));
    if !problems.is_empty() {
        return Err(problems);
    }
    let every = |found: Vec<Option<usize>>| found.into_iter().map(|idx| idx.expect("a problem was recorded"));
    Ok(Resolved {
        positions: positions.into_iter().map(|p| p.expect("a problem was recorded")).collect(),
        skip: every(skip).collect(),
        fill_down: fill_down
            .into_iter()
            .map(|(columns, within)| (every(columns).collect(), within.map(|w| w.expect("a problem was recorded"))))
            .collect(),
        filters: every(filters).collect(),
        unpivot: every(unpivot).collect(),
        existing_only: every(existing_only).collect(),
    })
}

/// Odoo's formula apostrophe taken off: `'-4.0` → `-4.0`.
fn strip_formula_apostrophe(cell: &mut String) {
    if matches!(cell.as_bytes(), [b'\'', b'=' | b'-' | b'+', ..]) {
        cell.remove(0);
    }
}

/// Every `fill_down` rule over the rows, in the spec's order (a rule may
/// group by a column an earlier rule filled).
fn fill_down(rows: &mut [SourceRecord], rules: &[FillRule<usize>]) {
    for (columns, within) in rules {
        let mut group: Option<String> = None;
        let mut last: Vec<Option<String>> = vec![None; columns.len()];
        for record in rows.iter_mut() {
            if let Some(within) = within {
                let value = cell_of(&record.cells, *within).trim();
                if !value.is_empty() && group.as_deref() != Some(value) {
                    group = Some(value.to_owned());
                    last.iter_mut().for_each(|v| *v = None);
                }
            }
            for (column, last) in columns.iter().zip(&mut last) {
                if record.cells.len() <= *column {
                    record.cells.resize(column + 1, String::new());
                }
                let cell = &mut record.cells[*column];
                if cell.trim().is_empty() {
                    if let Some(value) = last {
                        cell.clone_from(value);
                    }
                } else {
                    *last = Some(cell.clone());
                }
            }
        }
    }
}

/// Whether a cell matches a row filter.
fn matches(cell: &str, when: &Match, format: &FileFormat) -> bool {
    let cell = cell.trim();
    let lower = cell.to_lowercase();
    match when {
        Match::Equals { values } => values.iter().any(|v| v.trim().to_lowercase() == lower),
        Match::Contains { values } => values.iter().any(|v| lower.contains(&v.trim().to_lowercase())),
        Match::NotEmpty => !cell.is_empty(),
        Match::Empty => cell.is_empty(),
        Match::Negative => read_number(cell, format.numbers).is_ok_and(|n| n.is_sign_negative() && !n.is_zero()),
    }
}

/// Rows skipped for one reason, for the report after an import.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkippedRows {
    /// What the rows are: "cancelled orders", "no Variant SKU".
    pub reason: String,
    pub rows: usize,
    /// The spreadsheet rows skipped, the first `MAX_LISTED_SKIPPED`.
    pub first_rows: Vec<usize>,
    /// The last row counted (a row read once per unpivoted column counts once).
    #[serde(skip)]
    last_row: usize,
}

/// How many skipped rows each reason lists by number.
pub const MAX_LISTED_SKIPPED: usize = 10;

impl SkippedRows {
    /// "3 rows skipped: cancelled orders (rows 4, 5, 9)".
    pub fn sentence(&self) -> String {
        let rows: Vec<String> = self.first_rows.iter().map(usize::to_string).collect();
        let more = if self.rows > self.first_rows.len() { ", …" } else { "" };
        let (noun, list) = if self.rows == 1 { ("row", "row") } else { ("rows", "rows") };
        format!("{} {noun} skipped: {} ({list} {}{more})", self.rows, self.reason, rows.join(", "))
    }
}

/// Count a skipped row under its reason. A row `unpivot` reads several
/// times counts once per reason (its rows come one after another).
fn count_skip(skipped: &mut Vec<SkippedRows>, reason: &str, row: usize) {
    let entry = match skipped.iter().position(|s| s.reason == reason) {
        Some(idx) => &mut skipped[idx],
        None => {
            skipped.push(SkippedRows { reason: reason.to_owned(), rows: 0, first_rows: Vec::new(), last_row: 0 });
            skipped.last_mut().expect("just pushed")
        }
    };
    if entry.rows > 0 && entry.last_row == row {
        return;
    }
    entry.last_row = row;
    entry.rows += 1;
    if entry.first_rows.len() < MAX_LISTED_SKIPPED {
        entry.first_rows.push(row);
    }
}

/// Apply `spec` to a foreign file: decode it, match its header, convert
/// every data row, and write the app's CSV for the target table. Refused
/// (with every problem) when the file cannot be read or the spec does not
/// fit its header; a cell that cannot be converted is kept as written and
/// listed in `MappedFile::problems`, so an import reports it with the rest.
///
/// The row rules run in this order: formula apostrophes removed, fill-down,
/// rows skipped (`skip_rows_without`, then `skip_rows`, the first rule that
/// matches counting the row), fields converted, rows with the same key
/// combined. Fields in `new_rows_only` are written as for a new row; the
/// import puts an existing row's stored value in their place.
pub fn apply_mapping(bytes: &[u8], file_name: &str, spec: &MappingSpec) -> Result<MappedFile, Vec<Problem>> {
    apply_rows(bytes, file_name, spec, usize::MAX)
}

fn apply_rows(bytes: &[u8], file_name: &str, spec: &MappingSpec, max_rows: usize) -> Result<MappedFile, Vec<Problem>> {
    let text = decode(bytes, spec.format.encoding).map_err(|reason| vec![Problem::in_file(file_name, reason)])?;
    let (records, read_error) = records(&text, spec.format.delimiter);
    if let Some((row, reason)) = read_error {
        return Err(vec![Problem {
            file: file_name.to_owned(),
            row: Some(row),
            column: None,
            value: None,
            reason: format!("the row cannot be read: {reason}"),
        }]);
    }
    let Some((header, data)) = records.split_first() else {
        return Err(vec![Problem::in_file(file_name, "the file is empty; it needs a header row naming its columns")]);
    };
    let width = header.cells.len();
    let mut header_cells = header.cells.clone();
    if let Some(unpivot) = &spec.unpivot {
        header_cells.push(unpivot.name_column.clone());
        header_cells.push(unpivot.value_column.clone());
    }
    let resolved = resolve(spec, &header_cells, file_name)?;
    let mut data = data.to_vec();
    if spec.formula_apostrophes {
        data.iter_mut().flat_map(|record| record.cells.iter_mut()).for_each(strip_formula_apostrophe);
    }
    fill_down(&mut data, &resolved.fill_down);
    // For each record read, the header of the column `unpivot` read it from.
    let mut unpivoted_from: Vec<String> = Vec::new();
    if spec.unpivot.is_some() {
        let mut rows = Vec::with_capacity(data.len() * resolved.unpivot.len());
        for record in &data {
            for &idx in &resolved.unpivot {
                let mut cells = record.cells.clone();
                cells.resize(width, String::new());
                let column = header.cells[idx].trim().to_owned();
                cells.push(column.clone());
                cells.push(cell_of(&record.cells, idx).to_owned());
                rows.push(SourceRecord { row: record.row, cells });
                unpivoted_from.push(column);
            }
        }
        data = rows;
    }
    let target = spec.target;
    let mappings: Vec<&super::spec::FieldMapping> = spec.all_fields().collect();
    let fields: Vec<String> = mappings.iter().map(|m| m.field.clone()).collect();
    let origins: Vec<Origin> = mappings
        .iter()
        .zip(&resolved.positions)
        .map(|(mapping, position)| match position {
            Position::Column(idx) if *idx >= width => Origin::Unpivoted(header_cells[*idx].trim().to_owned()),
            Position::Column(idx) => Origin::Column(header.cells[*idx].trim().to_owned()),
            Position::Constant => Origin::Constant,
            Position::Join(columns) => {
                let separator = match &mapping.source {
                    Source::Join { separator, .. } if !separator.trim().is_empty() => separator.trim(),
                    _ => "+",
                };
                let names: Vec<&str> = columns.iter().map(|idx| header_cells[*idx].trim()).collect();
                Origin::Column(names.join(&format!(" {separator} ")))
            }
        })
        .collect();
    let key_fields: Vec<Option<usize>> =
        target.key_columns().iter().map(|key| fields.iter().position(|f| f == key)).collect();
    let mut mapped = MappedFile {
        file: ImportFile { name: target.file_name().to_owned(), bytes: Vec::new(), replace: false },
        source_name: file_name.to_owned(),
        target,
        fields,
        origins,
        new_rows_only_from: spec.fields.len(),
        replace_within: Vec::new(),
        source_rows: Vec::new(),
        cells: Vec::new(),
        cell_problems: Vec::new(),
        listed: Vec::new(),
        row_columns: Vec::new(),
        existing_only: Vec::new(),
        existing_only_reasons: spec.existing_rows_only.iter().map(|rule| rule.reason.clone()).collect(),
        skipped_rows: 0,
        skipped: Vec::new(),
        combined_rows: 0,
    };
    mapped.replace_within =
        spec.replace_within.iter().filter_map(|field| mapped.fields.iter().position(|f| f == field)).collect();
    let mut by_key: HashMap<String, usize> = HashMap::default();
    let mut last_combined: Option<usize> = None;
    for (record_idx, record) in data.iter().enumerate() {
        if mapped.source_rows.len() >= max_rows {
            break;
        }
        let unpivoted = unpivoted_from.get(record_idx);
        let without = spec
            .skip_rows_without
            .iter()
            .zip(&resolved.skip)
            .find(|(_, &idx)| cell_of(&record.cells, idx).trim().is_empty())
            .map(|(column, _)| format!("no {column}"));
        let filtered = || {
            spec.skip_rows
                .iter()
                .zip(&resolved.filters)
                .find(|(filter, &idx)| {
                    filter.applies_to(unpivoted) && matches(cell_of(&record.cells, idx), &filter.when, &spec.format)
                })
                .map(|(filter, _)| filter.reason.clone())
        };
        if let Some(reason) = without.or_else(filtered) {
            mapped.skipped_rows += 1;
            count_skip(&mut mapped.skipped, &reason, record.row);
            continue;
        }
        let mut cells = Vec::with_capacity(mappings.len());
        let mut problems = Vec::new();
        for (field_idx, mapping) in mappings.iter().enumerate() {
            let (source, converted) = convert(&record.cells, &mapping.source, &resolved.positions[field_idx], spec);
            let produced = match converted {
                Ok(value) => value,
                Err(reason) => {
                    let column = match (&mapped.origins[field_idx], unpivoted) {
                        (Origin::Unpivoted(_), Some(column)) => column.clone(),
                        _ => mapped.column_label(field_idx),
                    };
                    problems.push((field_idx, Problem::at(file_name, record.row, column, source.as_str(), reason)));
                    source.clone()
                }
            };
            cells.push(MappedCell { source, produced });
        }
        let key = spec.combine.as_ref().map(|_| {
            let parts: Vec<&str> =
                key_fields.iter().map(|f| f.map_or("", |f| crate::io::cell::read_id(&cells[f].produced))).collect();
            crate::io::table::key_text(&parts)
        });
        let existing_only = spec.existing_rows_only.iter().zip(&resolved.existing_only).position(|(filter, &idx)| {
            filter.applies_to(unpivoted) && matches(cell_of(&record.cells, idx), &filter.when, &spec.format)
        });
        let first = key.as_ref().and_then(|key| by_key.get(key).copied());
        let produced_idx = match (first, &spec.combine) {
            (Some(first), Some(combine)) => {
                // A source row counts once, and not when `unpivot` folds a
                // row into another part of itself (Shopify's Available and
                // Committed making one lot).
                if mapped.source_rows[first] != record.row && last_combined != Some(record.row) {
                    mapped.combined_rows += 1;
                    last_combined = Some(record.row);
                }
                combine_into(&mut mapped, first, &cells, combine, record.row, &mut problems);
                if existing_only.is_none() && !mapped.existing_only.is_empty() {
                    mapped.existing_only[first] = None;
                }
                first
            }
            _ => {
                let idx = mapped.source_rows.len();
                if let Some(key) = key {
                    by_key.insert(key, idx);
                }
                mapped.source_rows.push(record.row);
                mapped.cells.push(cells);
                if let Some(column) = unpivoted {
                    mapped.row_columns.push(column.clone());
                }
                if !spec.existing_rows_only.is_empty() {
                    mapped.existing_only.push(existing_only);
                }
                idx
            }
        };
        mapped.cell_problems.extend(problems.into_iter().map(|(field, problem)| (produced_idx, field, problem)));
    }
    mapped.list_problems(spec);
    mapped.write_file().map_err(|reason| vec![Problem::in_file(file_name, reason)])?;
    Ok(mapped)
}

/// One field's value on a row: the user's value (for messages) and the
/// converted one.
fn convert(
    cells: &[String],
    source: &Source,
    position: &Position,
    spec: &MappingSpec,
) -> (String, Result<String, String>) {
    match (source, position) {
        (Source::Constant { value }, _) => (value.clone(), Ok(value.clone())),
        (Source::Column { transform, .. }, Position::Column(idx)) => {
            let cell = cell_of(cells, *idx);
            (cell.to_owned(), transform_cell(cell, transform, &spec.format))
        }
        (Source::Join { parts, separator, leave_out }, Position::Join(columns)) => {
            let mut written = Vec::new();
            let mut converted = Vec::new();
            for (part, idx) in parts.iter().zip(columns) {
                let cell = cell_of(cells, *idx);
                written.push(cell.trim());
                let left_out = leave_out.iter().any(|v| v.trim().eq_ignore_ascii_case(cell.trim()));
                if cell.trim().is_empty() || left_out {
                    continue;
                }
                match transform_cell(cell, &part.transform, &spec.format) {
                    Ok(value) => converted.push(value),
                    Err(reason) => return (written_join(&written, separator), Err(reason)),
                }
            }
            let source = written_join(&written, separator);
            (source, Ok(converted.join(separator)))
        }
        _ => unreachable!("resolve matched every source with its position"),
    }
}

fn written_join(parts: &[&str], separator: &str) -> String {
    parts.iter().filter(|p| !p.is_empty()).copied().collect::<Vec<_>>().join(separator)
}

/// Fold a row into the earlier row with the same key: `sum` fields added,
/// `join` fields joined with `|`, every other field kept from the first.
fn combine_into(
    mapped: &mut MappedFile,
    first: usize,
    cells: &[MappedCell],
    combine: &Combine,
    row: usize,
    problems: &mut Vec<(usize, Problem)>,
) {
    for (field_idx, cell) in cells.iter().enumerate() {
        let field = mapped.fields[field_idx].as_str();
        if problems.iter().any(|(f, _)| *f == field_idx) {
            continue;
        }
        if combine.sum.iter().any(|f| f == field) {
            let kept = &mapped.cells[first][field_idx].produced;
            let added = cell.produced.trim();
            if added.is_empty() {
                continue;
            }
            let kept = if kept.trim().is_empty() { "0" } else { kept.trim() };
            let sum =
                Decimal::from_str(kept).ok().zip(Decimal::from_str(added).ok()).and_then(|(a, b)| a.checked_add(b));
            match sum {
                Some(sum) => mapped.cells[first][field_idx].produced = sum.to_string(),
                None => {
                    let column = mapped.label_at(field_idx, first);
                    let reason = "not a number, so it cannot be added to the rows with the same key";
                    problems
                        .push((field_idx, Problem::at(&mapped.source_name, row, column, cell.source.as_str(), reason)));
                }
            }
        } else if combine.join.iter().any(|f| f == field) {
            let added = cell.produced.trim();
            let kept = &mut mapped.cells[first][field_idx].produced;
            if !added.is_empty() && !kept.split('|').any(|part| part.trim() == added) {
                if !kept.trim().is_empty() {
                    kept.push('|');
                }
                kept.push_str(added);
            }
        }
    }
}

impl MappedFile {
    /// Which cell problems `problems` lists: every one, except that of the
    /// cells a closed lookup refused with the same value (every row of an
    /// unmapped location) only the first is listed, its reason saying how
    /// many more rows have that value.
    fn list_problems(&mut self, spec: &MappingSpec) {
        self.listed = vec![true; self.cell_problems.len()];
        let closed: Vec<bool> = spec
            .all_fields()
            .map(|mapping| {
                matches!(&mapping.source, Source::Column { transform: Transform::Lookup { closed: true, .. }, .. })
            })
            .collect();
        // Per field and value: the first problem, how many more of the
        // user's rows have it, and the last such row (a row `unpivot` reads
        // several times counts once).
        let mut first_of: HashMap<(usize, String), (usize, usize, Option<usize>)> = HashMap::default();
        for (idx, (row, field, problem)) in self.cell_problems.iter().enumerate() {
            if !closed.get(*field).copied().unwrap_or(false) {
                continue;
            }
            let value = self.cells[*row][*field].source.trim().to_lowercase();
            match first_of.get_mut(&(*field, value)) {
                Some((_, repeats, last_row)) => {
                    if *last_row != problem.row {
                        *repeats += 1;
                        *last_row = problem.row;
                    }
                    self.listed[idx] = false;
                }
                None => {
                    first_of
                        .insert((*field, self.cells[*row][*field].source.trim().to_lowercase()), (idx, 0, problem.row));
                }
            }
        }
        for (first, repeats, _) in first_of.into_values() {
            if repeats > 0 {
                let rows = if repeats == 1 { "row has" } else { "rows have" };
                self.cell_problems[first].2.reason.push_str(&format!(" ({repeats} more {rows} this value)"));
            }
        }
    }

    /// Write `file.bytes` from the produced cells.
    fn write_file(&mut self) -> Result<(), String> {
        let target = self.target;
        let text_field: Vec<bool> =
            self.fields.iter().map(|f| target.columns().iter().any(|c| c.name == f.as_str() && c.text)).collect();
        let write_error = |error: csv::Error| format!("cannot write the mapped rows: {error}");
        let mut writer = csv::WriterBuilder::new().from_writer(Vec::new());
        writer.write_record(&self.fields).map_err(write_error)?;
        for cells in &self.cells {
            let written = cells.iter().zip(&text_field).map(|(cell, &text)| {
                if text {
                    crate::io::escape_text(&cell.produced).into_owned()
                } else {
                    cell.produced.clone()
                }
            });
            writer.write_record(written).map_err(write_error)?;
        }
        self.file.bytes = writer.into_inner().map_err(|e| write_error(e.into_error().into()))?;
        Ok(())
    }

    /// The produced file made ready for `workspace`: on a row whose key
    /// the workspace has, each `new_rows_only` field takes the stored
    /// value (the engine's own export of the row, so the round trip is
    /// exact); with `replace_within`, the workspace's rows outside the
    /// file's values are appended unchanged and the file replaces the
    /// table, so only rows inside them that the file lacks are deleted.
    /// Also says how many produced rows are new and how many were appended.
    fn for_workspace(&self, workspace: &Workspace) -> Result<Prepared, String> {
        let has_new_only = self.new_rows_only_from < self.fields.len();
        let has_existing_only = self.existing_only.iter().any(Option::is_some);
        if !has_new_only && self.replace_within.is_empty() && !has_existing_only {
            // Demand files can be large: the workspace's rows are read only when needed.
            return Ok(Prepared { file: self.file.clone(), new_rows: 0, appended: 0, kept: None, dropped: Vec::new() });
        }
        let key_fields: Vec<Option<usize>> =
            self.target.key_columns().iter().map(|key| self.fields.iter().position(|f| f == key)).collect();
        let produced_key = |cells: &[MappedCell]| {
            let parts: Vec<&str> =
                key_fields.iter().map(|f| f.map_or("", |f| crate::io::cell::read_id(&cells[f].produced))).collect();
            crate::io::table::key_text(&parts)
        };
        let mut prepared = self.clone();
        if !self.replace_within.is_empty() {
            // The workspace's rows carried along keep their whole key (a lot
            // id the file does not map is still part of a lot's key).
            for key in self.target.key_columns() {
                if !prepared.fields.iter().any(|f| f == key) {
                    prepared.fields.push((*key).to_owned());
                    prepared.origins.push(Origin::Constant);
                    let empty = MappedCell { source: String::new(), produced: String::new() };
                    prepared.cells.iter_mut().for_each(|cells| cells.push(empty.clone()));
                }
            }
        }
        let export = crate::io::export_table(workspace, self.target);
        let mut reader = csv::ReaderBuilder::new().from_reader(export.as_bytes());
        let header: Vec<String> = reader
            .headers()
            .map_err(|e| format!("cannot read the workspace's rows: {e}"))?
            .iter()
            .map(str::to_owned)
            .collect();
        let at = |name: &str| header.iter().position(|h| h == name);
        let key_columns: Vec<Option<usize>> = self.target.key_columns().iter().map(|k| at(k)).collect();
        let field_columns: Vec<Option<usize>> = prepared.fields.iter().map(|f| at(f)).collect();
        let mut stored: HashMap<String, Vec<String>> = HashMap::default();
        for record in reader.records() {
            let record = record.map_err(|e| format!("cannot read the workspace's rows: {e}"))?;
            let parts: Vec<&str> = key_columns
                .iter()
                .map(|c| c.and_then(|c| record.get(c)).map_or("", crate::io::cell::read_id))
                .collect();
            stored.insert(crate::io::table::key_text(&parts), record.iter().map(str::to_owned).collect());
        }
        let text_field: Vec<bool> = prepared
            .fields
            .iter()
            .map(|f| self.target.columns().iter().any(|c| c.name == f.as_str() && c.text))
            .collect();
        let stored_cell = |row: &[String], field: usize| -> String {
            let cell = field_columns[field].and_then(|c| row.get(c)).map_or("", String::as_str);
            if text_field[field] {
                crate::io::unescape_text(cell).to_owned()
            } else {
                cell.to_owned()
            }
        };
        let mut new_rows = 0;
        let mut produced_keys = HashSet::default();
        let mut kept = Vec::with_capacity(prepared.cells.len());
        let mut dropped = Vec::new();
        for (idx, mut cells) in std::mem::take(&mut prepared.cells).into_iter().enumerate() {
            let key = produced_key(&cells);
            if let (None, Some(Some(rule))) = (stored.get(&key), self.existing_only.get(idx)) {
                // Only changes a row the workspace has, and it has none.
                count_skip(&mut dropped, &self.existing_only_reasons[*rule], self.source_rows[idx]);
                continue;
            }
            kept.push(idx);
            match stored.get(&key) {
                Some(row) if has_new_only => {
                    let new_only = self.new_rows_only_from..self.fields.len();
                    for (field, cell) in cells.iter_mut().enumerate().take(new_only.end).skip(new_only.start) {
                        cell.produced = stored_cell(row, field);
                    }
                }
                Some(_) => {}
                None => new_rows += 1,
            }
            produced_keys.insert(key);
            prepared.cells.push(cells);
        }
        let kept = (kept.len() < self.cells.len()).then_some(kept);
        let mut appended = 0;
        if !self.replace_within.is_empty() {
            let scope = |values: Vec<&str>| crate::io::table::key_text(&values);
            let in_file: HashSet<String> = prepared
                .cells
                .iter()
                .map(|cells| {
                    scope(self.replace_within.iter().map(|&f| crate::io::cell::read_id(&cells[f].produced)).collect())
                })
                .collect();
            let mut outside: Vec<(&String, &Vec<String>)> = stored
                .iter()
                .filter(|(_, row)| {
                    let values = self
                        .replace_within
                        .iter()
                        .map(|&f| field_columns[f].and_then(|c| row.get(c)).map_or("", |c| crate::io::cell::read_id(c)))
                        .collect();
                    !in_file.contains(&scope(values))
                })
                .collect();
            outside.sort_by(|a, b| a.0.cmp(b.0));
            for (_, row) in outside {
                let cells = (0..prepared.fields.len())
                    .map(|field| {
                        let value = stored_cell(row, field);
                        MappedCell { source: value.clone(), produced: value }
                    })
                    .collect();
                prepared.cells.push(cells);
                appended += 1;
            }
            prepared.file.replace = true;
        }
        prepared.write_file()?;
        Ok(Prepared { file: prepared.file, new_rows, appended, kept, dropped })
    }
}

/// A mapped file made ready for one workspace.
struct Prepared {
    file: ImportFile,
    new_rows: usize,
    appended: usize,
    /// When `existing_rows_only` dropped rows: for each row of the prepared
    /// file (before any appended), its row in the mapped file.
    kept: Option<Vec<usize>>,
    /// The rows dropped by `existing_rows_only`, by reason.
    dropped: Vec<SkippedRows>,
}

impl Prepared {
    /// An importer problem on the prepared file pointed at the mapped
    /// file's own rows (appended rows stay past its last row).
    fn to_mapped(&self, mapped: &MappedFile, mut problem: Problem) -> Problem {
        let Some(kept) = &self.kept else { return problem };
        if problem.file != mapped.file.name {
            return problem;
        }
        if let Some(idx) = problem.row.and_then(|row| row.checked_sub(2)) {
            let row = kept.get(idx).copied().unwrap_or_else(|| mapped.rows() + (idx - kept.len()));
            problem.row = Some(row + 2);
        }
        problem
    }

    fn dropped_rows(&self) -> usize {
        self.dropped.iter().map(|d| d.rows).sum()
    }
}

/// The importer's problems and the mapping's own, in the user's terms, in
/// row order; an importer problem on a cell a mapping already reported is
/// dropped. Returns the problems and how many there were.
fn merge_problems(mapped: &[&MappedFile], refused: Option<ImportRefused>) -> (Vec<Problem>, usize) {
    let mut problems: Vec<Problem> = mapped.iter().flat_map(|m| m.problems().cloned()).collect();
    let mut total = problems.len();
    if let Some(refused) = refused {
        let owner = |problem: &Problem| mapped.iter().find(|m| m.file.name == problem.file).copied();
        let reported = |problem: &Problem| {
            let Some(file) = owner(problem) else { return false };
            let produced = problem.row.and_then(|row| row.checked_sub(2));
            let field = problem.column.as_deref().and_then(|c| file.fields.iter().position(|f| f == c));
            produced.zip(field).is_some_and(|(r, f)| file.has_cell_problem(r, f))
        };
        let dropped = refused.problems.iter().filter(|p| reported(p)).count();
        total += refused.total - dropped;
        problems.extend(refused.problems.into_iter().filter(|p| !reported(p)).map(|p| match owner(&p) {
            Some(file) => file.to_source(p),
            None => p,
        }));
    }
    // Two specs reading the same bad cell (a cost for the SKU and for its
    // offer) report it once.
    let before = problems.len();
    let mut seen = Vec::with_capacity(problems.len());
    problems.retain(|p| {
        let new = !seen.contains(p);
        if new {
            seen.push(p.clone());
        }
        new
    });
    total -= before - problems.len();
    crate::sorting::sort_by_key(&mut problems, |p| p.row.unwrap_or(0));
    problems.truncate(MAX_LISTED_PROBLEMS);
    (problems, total)
}

/// What a mapped import did to one target table, beyond the importer's
/// counts: for the report the user sees after the import.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MappedTableReport {
    pub target: Table,
    /// Rows produced for the importer (after skipping and combining).
    pub rows: usize,
    /// Rows skipped, by reason.
    pub skipped: Vec<SkippedRows>,
    /// Source rows folded into an earlier row with the same key.
    pub combined_rows: usize,
    /// `new_rows_only` fields: what new rows took, and how many rows that was.
    pub assumed: Vec<Assumed>,
    /// Fields the mapping leaves out (`MappingSpec::unsupplied`).
    pub unsupplied: Vec<Unsupplied>,
    /// What the user must know about the values (`MappingSpec::notes`).
    #[serde(default)]
    pub notes: Vec<String>,
}

/// A value given to new rows only (`MappingSpec::new_rows_only`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assumed {
    pub field: String,
    /// The constant, or "from COLUMN".
    pub value: String,
    /// Rows new to the workspace, which took it; existing rows kept theirs.
    pub new_rows: usize,
}

/// A mapped import's outcome: the importer's summary (rows read there
/// exclude the workspace's rows a `replace_within` carried along) and one
/// report per spec, in the specs' order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MappedImport {
    pub summary: ImportSummary,
    pub reports: Vec<MappedTableReport>,
}

/// Import mapped files into a copy of `workspace` in ONE all-or-nothing
/// batch of the ordinary importer (`import_csv`): each file is first made
/// ready for the workspace (`new_rows_only` fields keep existing rows'
/// stored values; `replace_within` deletes only inside the file's values),
/// and every problem is told in the user's terms (`MappedFile::to_source`).
/// A cell a mapping could not convert refuses the import like any importer
/// problem; two files for the same table are refused.
pub fn import_mapped_files(
    workspace: &Workspace,
    mapped: &[&MappedFile],
    specs: &[&MappingSpec],
    progress: &mut dyn FnMut(&ImportProgress),
) -> Result<(Workspace, MappedImport), ImportRefused> {
    let refuse = |problems: Vec<Problem>| {
        let total = problems.len();
        ImportRefused { problems, total }
    };
    let mut prepared = Vec::with_capacity(mapped.len());
    for (idx, file) in mapped.iter().enumerate() {
        if mapped[..idx].iter().any(|other| other.target == file.target) {
            return Err(refuse(vec![Problem::in_file(
                &file.source_name,
                format!("two mappings fill {}: a batch takes one file per table", file.target.label()),
            )]));
        }
        prepared.push(
            file.for_workspace(workspace)
                .map_err(|reason| refuse(vec![Problem::in_file(&file.source_name, reason)]))?,
        );
    }
    let files: Vec<ImportFile> = prepared.iter().map(|p| p.file.clone()).collect();
    let result = import_csv(workspace, &files, progress);
    let (imported, refused) = match result {
        Ok(imported) => (Some(imported), None),
        Err(mut refused) => {
            for problem in &mut refused.problems {
                if let Some(idx) = mapped.iter().position(|m| m.file.name == problem.file) {
                    *problem = prepared[idx].to_mapped(mapped[idx], problem.clone());
                }
            }
            (None, Some(refused))
        }
    };
    let (problems, total) = merge_problems(mapped, refused);
    let (workspace, mut summary) = match imported {
        Some(imported) if total == 0 => imported,
        _ => return Err(ImportRefused { problems, total }),
    };
    for (file, ready) in mapped.iter().zip(&prepared) {
        if let Some(table) = summary.tables.iter_mut().find(|t| t.table == file.target) {
            table.file = file.source_name.clone();
            table.rows_read -= ready.appended;
            table.unchanged -= ready.appended.min(table.unchanged);
        }
    }
    let reports = mapped
        .iter()
        .zip(specs)
        .zip(&prepared)
        .map(|((file, spec), ready)| MappedTableReport {
            target: file.target,
            rows: file.rows() - ready.dropped_rows(),
            skipped: file.skipped.iter().chain(&ready.dropped).cloned().collect(),
            notes: spec.notes.clone(),
            combined_rows: file.combined_rows,
            assumed: spec
                .new_rows_only
                .iter()
                .map(|mapping| Assumed {
                    field: mapping.field.clone(),
                    value: match &mapping.source {
                        Source::Constant { value } => value.clone(),
                        Source::Column { column, .. } => format!("from {column}"),
                        Source::Join { parts, .. } => {
                            let columns: Vec<&str> = parts.iter().map(|p| p.column.as_str()).collect();
                            format!("from {}", columns.join(" + "))
                        }
                    },
                    new_rows: ready.new_rows,
                })
                .collect(),
            unsupplied: spec.unsupplied(),
        })
        .collect();
    Ok((workspace, MappedImport { summary, reports }))
}

/// Import a mapped file into a copy of `workspace` with the ordinary
/// all-or-nothing importer (`import_mapped_files` with one file).
pub fn import_mapped(
    workspace: &Workspace,
    mapped: &MappedFile,
    spec: &MappingSpec,
    progress: &mut dyn FnMut(&ImportProgress),
) -> Result<(Workspace, MappedImport), ImportRefused> {
    import_mapped_files(workspace, &[mapped], &[spec], progress)
}

/// Each spec applied to the same file (`apply_mapping`), every spec's
/// problems together.
fn apply_all(
    bytes: &[u8],
    file_name: &str,
    specs: &[MappingSpec],
    max_rows: usize,
) -> Result<Vec<MappedFile>, Vec<Problem>> {
    let mut files = Vec::with_capacity(specs.len());
    let mut problems = Vec::new();
    for spec in specs {
        match apply_rows(bytes, file_name, spec, max_rows) {
            Ok(file) => files.push(file),
            Err(found) => {
                for problem in found {
                    if !problems.contains(&problem) {
                        problems.push(problem);
                    }
                }
            }
        }
    }
    if problems.is_empty() {
        Ok(files)
    } else {
        Err(problems)
    }
}

/// One foreign file into several tables in ONE all-or-nothing batch: each
/// spec is applied to the file (a Shopify products export gives SKUs,
/// suppliers from its Vendor column, offers and stock lots), then all the
/// produced files are imported together (`import_mapped_files`). Every
/// problem names the user's file, row, column and value.
pub fn import_with_specs(
    workspace: &Workspace,
    bytes: &[u8],
    file_name: &str,
    specs: &[MappingSpec],
    progress: &mut dyn FnMut(&ImportProgress),
) -> Result<(Workspace, MappedImport), ImportRefused> {
    let mapped = apply_all(bytes, file_name, specs, usize::MAX).map_err(|problems| {
        let total = problems.len();
        ImportRefused { problems, total }
    })?;
    let mapped: Vec<&MappedFile> = mapped.iter().collect();
    let specs: Vec<&MappingSpec> = specs.iter().collect();
    import_mapped_files(workspace, &mapped, &specs, progress)
}

/// `apply_mapping` then `import_mapped`: a foreign file into a copy of
/// `workspace`, all or nothing (`import_with_specs` with one spec).
pub fn import_with_mapping(
    workspace: &Workspace,
    bytes: &[u8],
    file_name: &str,
    spec: &MappingSpec,
    progress: &mut dyn FnMut(&ImportProgress),
) -> Result<(Workspace, MappedImport), ImportRefused> {
    import_with_specs(workspace, bytes, file_name, std::slice::from_ref(spec), progress)
}

/// The first `max_rows` data rows mapped and checked by the importer
/// against `workspace` (so references to SKUs, suppliers and locations are
/// checked too), each cell with the problems found on it; rows the import
/// would leave out (`skip_rows`, and `existing_rows_only` where the
/// workspace lacks the row) are counted in `skipped`, not shown. Refused only when
/// the spec does not fit the file at all (as `apply_mapping`).
pub fn preview_mapping(
    workspace: &Workspace,
    bytes: &[u8],
    file_name: &str,
    spec: &MappingSpec,
    max_rows: usize,
) -> Result<Preview, Vec<Problem>> {
    let mut previews = preview_with_specs(workspace, bytes, file_name, std::slice::from_ref(spec), max_rows)?;
    Ok(previews.remove(0))
}

/// `preview_mapping` for several specs of one file, checked together as
/// `import_with_specs` would import them (an offer may name a SKU the same
/// file creates): one preview per spec, in order.
pub fn preview_with_specs(
    workspace: &Workspace,
    bytes: &[u8],
    file_name: &str,
    specs: &[MappingSpec],
    max_rows: usize,
) -> Result<Vec<Preview>, Vec<Problem>> {
    let mapped = apply_all(bytes, file_name, specs, max_rows)?;
    let mut previews: Vec<Preview> = mapped.iter().map(preview_rows).collect();
    let mut ready = Vec::with_capacity(mapped.len());
    for file in &mapped {
        match file.for_workspace(workspace) {
            Ok(prepared) => ready.push(prepared),
            Err(reason) => return Err(vec![Problem::in_file(file_name, reason)]),
        }
    }
    let files: Vec<ImportFile> = ready.iter().map(|r| r.file.clone()).collect();
    if let Err(refused) = import_csv(workspace, &files, &mut |_| {}) {
        for problem in refused.problems {
            let Some(idx) = mapped.iter().position(|m| m.file.name == problem.file) else {
                previews[0].other_problems.push(problem);
                continue;
            };
            let problem = ready[idx].to_mapped(&mapped[idx], problem);
            let (file, preview) = (&mapped[idx], &mut previews[idx]);
            let produced = problem.row.and_then(|row| row.checked_sub(2));
            let field = problem.column.as_deref().and_then(|c| file.fields.iter().position(|f| f == c));
            let own = produced.zip(field).filter(|(r, f)| file.has_cell_problem(*r, *f));
            match produced.zip(field) {
                _ if own.is_some() => {}
                Some((r, f)) if r < preview.rows.len() => {
                    preview.rows[r].cells[f].problems.push(problem.reason.clone())
                }
                _ => preview.other_problems.push(file.to_source(problem)),
            }
        }
    }
    // Rows `existing_rows_only` leaves out (Shopify's Committed of 0 where
    // the workspace has no commitment) are not shown: the preview says how
    // many there are and why, as the report after the import does.
    for (preview, prepared) in previews.iter_mut().zip(&ready) {
        let Some(kept) = &prepared.kept else { continue };
        let mut shown = vec![false; preview.rows.len()];
        for &row in kept {
            if let Some(shown) = shown.get_mut(row) {
                *shown = true;
            }
        }
        let mut shown = shown.into_iter();
        preview.rows.retain(|_| shown.next().unwrap_or(false));
        preview.skipped.extend(prepared.dropped.iter().cloned());
    }
    Ok(previews)
}

/// A mapped file's rows as a preview, with the mapping's own problems.
fn preview_rows(mapped: &MappedFile) -> Preview {
    let mut rows: Vec<PreviewRow> = mapped
        .source_rows
        .iter()
        .zip(&mapped.cells)
        .map(|(&row, cells)| PreviewRow {
            row,
            cells: cells
                .iter()
                .map(|cell| PreviewCell {
                    source: cell.source.clone(),
                    value: cell.produced.clone(),
                    problems: Vec::new(),
                })
                .collect(),
        })
        .collect();
    for (row, field, problem) in &mapped.cell_problems {
        rows[*row].cells[*field].problems.push(problem.reason.clone());
    }
    let sources = mapped
        .origins
        .iter()
        .map(|origin| match origin {
            Origin::Column(header) | Origin::Unpivoted(header) => Some(header.clone()),
            Origin::Constant => None,
        })
        .collect();
    Preview {
        target: mapped.target,
        fields: mapped.fields.clone(),
        sources,
        rows,
        other_problems: Vec::new(),
        skipped: mapped.skipped.clone(),
    }
}
