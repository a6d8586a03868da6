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
use super::sniff::{date_parts, decode, records, DateOrder, DateParts, DecimalSeparator, NumberFormat};
use super::spec::{normalize_header, FileFormat, MappingSpec, Source, Transform};
use crate::io::{import_csv, ImportFile, ImportProgress, ImportRefused, ImportSummary, Table, MAX_LISTED_PROBLEMS};
use crate::model::Workspace;
use crate::problem::Problem;

/// Where a produced column's values come from, for pointing problems back.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Origin {
    /// A source column: its header as the user's file writes it.
    Column(String),
    Constant,
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
    /// The produced columns: target field names, in the produced file's order.
    pub fields: Vec<String>,
    origins: Vec<Origin>,
    /// For each produced data row, the user's spreadsheet row.
    source_rows: Vec<usize>,
    cells: Vec<Vec<MappedCell>>,
    /// Cells the mapping could not convert (a date that is not a date), as
    /// (produced row index, field index, problem in the user's terms). The
    /// cell is passed on as written, and the importer's problem on it is
    /// dropped, so each bad cell is reported once.
    cell_problems: Vec<(usize, usize, Problem)>,
    /// Data rows skipped because a `skip_rows_without` column was empty.
    pub skipped_rows: usize,
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
        let column = match field {
            Some(idx) => Some(self.column_label(idx)),
            None => problem.column,
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
        }
    }

    /// Data rows produced.
    pub fn rows(&self) -> usize {
        self.source_rows.len()
    }

    /// The mapping's own problems, in the user's terms.
    pub fn problems(&self) -> impl Iterator<Item = &Problem> {
        self.cell_problems.iter().map(|(_, _, problem)| problem)
    }

    /// The importer's problems and the mapping's own, in the user's terms,
    /// in row order; an importer problem on a cell the mapping already
    /// reported is dropped. Returns the problems and how many there were.
    fn merge(&self, refused: Option<ImportRefused>) -> (Vec<Problem>, usize) {
        let mut problems: Vec<Problem> = self.problems().cloned().collect();
        let mut total = problems.len();
        if let Some(refused) = refused {
            let reported = |problem: &Problem| {
                let produced = problem.row.and_then(|row| row.checked_sub(2));
                let field = problem.column.as_deref().and_then(|c| self.fields.iter().position(|f| f == c));
                self.cell_problems.iter().any(|(r, f, _)| Some(*r) == produced && Some(*f) == field)
            };
            let dropped = refused.problems.iter().filter(|p| reported(p)).count();
            total += refused.total - dropped;
            problems.extend(refused.problems.into_iter().filter(|p| !reported(p)).map(|p| self.to_source(p)));
        }
        crate::sorting::sort_by_key(&mut problems, |p| p.row.unwrap_or(0));
        problems.truncate(MAX_LISTED_PROBLEMS);
        (problems, total)
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
        Transform::Lookup { values, otherwise } => {
            let key = cell.trim().to_lowercase();
            let found = values.iter().find(|(from, _)| from.trim().to_lowercase() == key).map(|(_, to)| to.clone());
            Ok(found.or_else(|| otherwise.clone()).unwrap_or_else(|| cell.to_owned()))
        }
    }
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

fn cell_of(record: &super::sniff::SourceRecord, idx: usize) -> &str {
    record.cells.get(idx).map_or("", String::as_str)
}

/// The header's columns resolved: for each field, the source position (or
/// `None` for a constant), and the positions of the skip columns.
struct Resolved {
    positions: Vec<Option<usize>>,
    skip: Vec<usize>,
}

/// Check the spec against the target table and the file's header, listing
/// every problem: unknown fields, a field mapped twice, a column the file
/// lacks or has twice, a required field nothing fills.
fn resolve(spec: &MappingSpec, header: &[String], file_name: &str) -> Result<Resolved, Vec<Problem>> {
    let normalized: Vec<String> = header.iter().map(|h| normalize_header(h)).collect();
    let mut problems = Vec::new();
    let columns_list = header.iter().map(|h| h.trim()).collect::<Vec<_>>().join(", ");
    let find = |column: &str, problems: &mut Vec<Problem>| -> Option<usize> {
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
    let positions = spec
        .fields
        .iter()
        .map(|mapping| match &mapping.source {
            Source::Column { column, .. } => find(column, &mut problems),
            Source::Constant { .. } => None,
        })
        .collect();
    let skip = spec.skip_rows_without.iter().filter_map(|column| find(column, &mut problems)).collect();
    problems.extend(check_spec(spec).into_iter().map(|reason| Problem::in_file(file_name, reason)));
    if problems.is_empty() {
        Ok(Resolved { positions, skip })
    } else {
        Err(problems)
    }
}

/// Apply `spec` to a foreign file: decode it, match its header, convert
/// every data row, and write the app's CSV for the target table. Refused
/// (with every problem) when the file cannot be read or the spec does not
/// fit its header; a cell that cannot be converted is kept as written and
/// listed in `MappedFile::problems`, so an import reports it with the rest.
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
    let resolved = resolve(spec, &header.cells, file_name)?;
    let target = spec.target;
    let fields: Vec<String> = spec.fields.iter().map(|m| m.field.clone()).collect();
    let text_field: Vec<bool> =
        fields.iter().map(|f| target.columns().iter().any(|c| c.name == f.as_str() && c.text)).collect();
    let origins: Vec<Origin> = spec
        .fields
        .iter()
        .zip(&resolved.positions)
        .map(|(_, position)| match position {
            Some(idx) => Origin::Column(header.cells[*idx].trim().to_owned()),
            None => Origin::Constant,
        })
        .collect();
    let mut writer = csv::WriterBuilder::new().from_writer(Vec::new());
    let write_error =
        |error: csv::Error| vec![Problem::in_file(file_name, format!("cannot write the mapped rows: {error}"))];
    writer.write_record(&fields).map_err(write_error)?;
    let mut mapped = MappedFile {
        file: ImportFile { name: target.file_name().to_owned(), bytes: Vec::new(), replace: false },
        source_name: file_name.to_owned(),
        target,
        fields,
        origins,
        source_rows: Vec::new(),
        cells: Vec::new(),
        cell_problems: Vec::new(),
        skipped_rows: 0,
    };
    for record in data {
        if mapped.source_rows.len() >= max_rows {
            break;
        }
        if resolved.skip.iter().any(|&idx| cell_of(record, idx).trim().is_empty()) {
            mapped.skipped_rows += 1;
            continue;
        }
        let produced_idx = mapped.source_rows.len();
        let mut cells = Vec::with_capacity(spec.fields.len());
        for (field_idx, mapping) in spec.fields.iter().enumerate() {
            let (source, converted) = match (&mapping.source, resolved.positions[field_idx]) {
                (Source::Constant { value }, _) => (value.clone(), Ok(value.clone())),
                (Source::Column { transform, .. }, Some(idx)) => {
                    let cell = cell_of(record, idx);
                    (cell.to_owned(), transform_cell(cell, transform, &spec.format))
                }
                (Source::Column { .. }, None) => unreachable!("resolve found every column"),
            };
            let produced = match converted {
                Ok(value) => value,
                Err(reason) => {
                    let column = mapped.column_label(field_idx);
                    let problem = Problem::at(file_name, record.row, column, source.as_str(), reason);
                    mapped.cell_problems.push((produced_idx, field_idx, problem));
                    source.clone()
                }
            };
            cells.push(MappedCell { source, produced });
        }
        let written = cells.iter().zip(&text_field).map(|(cell, &text)| {
            if text {
                crate::io::escape_text(&cell.produced).into_owned()
            } else {
                cell.produced.clone()
            }
        });
        writer.write_record(written).map_err(write_error)?;
        mapped.source_rows.push(record.row);
        mapped.cells.push(cells);
    }
    mapped.file.bytes = writer.into_inner().map_err(|e| write_error(e.into_error().into()))?;
    Ok(mapped)
}

/// Import a mapped file into a copy of `workspace` with the ordinary
/// all-or-nothing importer (`import_csv`), every problem told in the user's
/// terms (`MappedFile::to_source`). A cell the mapping could not convert
/// refuses the import like any importer problem.
pub fn import_mapped(
    workspace: &Workspace,
    mapped: &MappedFile,
    progress: &mut dyn FnMut(&ImportProgress),
) -> Result<(Workspace, ImportSummary), ImportRefused> {
    let result = import_csv(workspace, std::slice::from_ref(&mapped.file), progress);
    let (imported, refused) = match result {
        Ok(imported) => (Some(imported), None),
        Err(refused) => (None, Some(refused)),
    };
    let (problems, total) = mapped.merge(refused);
    match imported {
        Some(imported) if total == 0 => Ok(imported),
        _ => Err(ImportRefused { problems, total }),
    }
}

/// `apply_mapping` then `import_mapped`: a foreign file into a copy of
/// `workspace`, all or nothing.
pub fn import_with_mapping(
    workspace: &Workspace,
    bytes: &[u8],
    file_name: &str,
    spec: &MappingSpec,
    progress: &mut dyn FnMut(&ImportProgress),
) -> Result<(Workspace, ImportSummary), ImportRefused> {
    let mapped = apply_mapping(bytes, file_name, spec).map_err(|problems| {
        let total = problems.len();
        ImportRefused { problems, total }
    })?;
    import_mapped(workspace, &mapped, progress)
}

/// The first `max_rows` data rows mapped and checked by the importer
/// against `workspace` (so references to SKUs, suppliers and locations are
/// checked too), each cell with the problems found on it. Refused only when
/// the spec does not fit the file at all (as `apply_mapping`).
pub fn preview_mapping(
    workspace: &Workspace,
    bytes: &[u8],
    file_name: &str,
    spec: &MappingSpec,
    max_rows: usize,
) -> Result<Preview, Vec<Problem>> {
    let mapped = apply_rows(bytes, file_name, spec, max_rows)?;
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
    let mut other_problems = Vec::new();
    if let Err(refused) = import_csv(workspace, std::slice::from_ref(&mapped.file), &mut |_| {}) {
        for problem in refused.problems {
            let produced = problem.row.and_then(|row| row.checked_sub(2));
            let field = problem.column.as_deref().and_then(|c| mapped.fields.iter().position(|f| f == c));
            let own =
                produced.zip(field).filter(|(r, f)| mapped.cell_problems.iter().any(|(pr, pf, _)| pr == r && pf == f));
            match produced.zip(field) {
                _ if own.is_some() => {}
                Some((r, f)) if r < rows.len() => rows[r].cells[f].problems.push(problem.reason.clone()),
                _ => other_problems.push(mapped.to_source(problem)),
            }
        }
    }
    let sources = mapped
        .origins
        .iter()
        .map(|origin| match origin {
            Origin::Column(header) => Some(header.clone()),
            Origin::Constant => None,
        })
        .collect();
    Ok(Preview { target: mapped.target, fields: mapped.fields, sources, rows, other_problems })
}
