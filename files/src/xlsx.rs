//! Writing tables and the plan's suggestions as `.xlsx` workbooks
//! (rust_xlsxwriter), from the same CSV text the CSV export writes, so a
//! sheet has exactly the CSV's header and rows.
//!
//! Each cell is typed as a spreadsheet user expects and as the workbook
//! reader (`workbook.rs`) reads it back to the same text:
//! - the table's text columns (ids, names, codes: `Column::text`) as text,
//!   even when they look like numbers (`0012` stays `0012`), with the CSV's
//!   formula-guard apostrophe dropped, since a text cell is never run as a
//!   formula (a value that starts with an apostrophe keeps its guard, which
//!   the importer removes);
//! - `YYYY-MM-DD` as a date cell shown `yyyy-mm-dd`;
//! - a plain decimal (`12`, `-3.5`, `0.25`) as a number when the `f64` holds
//!   it exactly as written, trailing zeros aside (`12.50` is 12.5); anything
//!   else (`0012`, twenty digits, `true`) as text.
//!
//! The workbook's creation time is set to the export's day: without it,
//! rust_xlsxwriter reads the clock, which the crate's `wasm` feature makes
//! possible in the browser (`js_sys::Date`, already a dependency of this
//! module), but the date given keeps the bytes reproducible.

use chrono::{Datelike, NaiveDate};
use engine::io::Table;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

use crate::workbook::number_text;

/// Rows a sheet can hold, header included (Excel's limit).
pub const MAX_ROWS: usize = 1_048_576;

/// What went wrong writing a workbook.
#[derive(Debug)]
pub enum XlsxProblem {
    /// A table longer than a sheet can hold.
    TooManyRows {
        sheet: String,
        rows: usize,
    },
    Writer(XlsxError),
}

impl std::fmt::Display for XlsxProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            XlsxProblem::TooManyRows { sheet, rows } => {
                write!(f, "{sheet} has {rows} rows and an Excel sheet holds at most {}: export it as CSV", MAX_ROWS - 1)
            }
            XlsxProblem::Writer(error) => write!(f, "the workbook could not be written: {error}"),
        }
    }
}

impl From<XlsxError> for XlsxProblem {
    fn from(error: XlsxError) -> Self {
        XlsxProblem::Writer(error)
    }
}

/// A sheet to write: its name, its CSV text, and what it holds.
pub struct SheetSource<'a> {
    pub name: &'a str,
    pub csv: &'a str,
    pub holds: Holds,
}

/// What a sheet holds, which says which of its columns are text whatever
/// they look like.
#[derive(Clone, Copy, Debug)]
pub enum Holds {
    Table(Table),
    /// The plan's suggestions (`engine::plan::plan_to_csv`).
    Plan,
}

impl Holds {
    /// Whether the column `header` holds ids or words: a table's text
    /// columns; the plan's ids, names, units, article numbers and codes.
    pub fn is_text(self, header: &str) -> bool {
        match self {
            Holds::Table(table) => table.columns().iter().any(|column| column.text && column.name == header),
            Holds::Plan => {
                matches!(
                    header,
                    "sku"
                        | "sku_name"
                        | "unit"
                        | "location"
                        | "supplier"
                        | "supplier_sku"
                        | "purchase_unit"
                        | "abc"
                        | "xyz"
                        | "pattern"
                        | "policy"
                        | "demand_source"
                ) || header.ends_with("_id")
                    || header.ends_with("currency")
            }
        }
    }
}

/// A workbook of `sheets`, created on `today`.
pub fn workbook(sheets: &[SheetSource], today: NaiveDate) -> Result<Vec<u8>, XlsxProblem> {
    let mut workbook = Workbook::new();
    let created = ExcelDateTime::from_ymd(today.year() as u16, today.month() as u8, today.day() as u8)?;
    workbook.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for source in sheets {
        let worksheet = workbook.add_worksheet();
        worksheet.set_name(source.name)?;
        write_sheet(worksheet, source, &bold, &date)?;
    }
    Ok(workbook.save_to_buffer()?)
}

fn write_sheet(
    worksheet: &mut Worksheet,
    source: &SheetSource,
    bold: &Format,
    date: &Format,
) -> Result<(), XlsxProblem> {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(source.csv.as_bytes());
    let mut text_columns = Vec::new();
    let mut rows = 0usize;
    for (row_idx, record) in reader.records().enumerate() {
        let record = record.map_err(|error| XlsxProblem::Writer(XlsxError::ParameterError(error.to_string())))?;
        rows += 1;
        if row_idx >= MAX_ROWS {
            continue;
        }
        let row = row_idx as u32;
        for (col_idx, cell) in record.iter().enumerate() {
            let col = col_idx as u16;
            if row_idx == 0 {
                text_columns.push(source.holds.is_text(cell));
                worksheet.write_string_with_format(row, col, cell, bold)?;
                continue;
            }
            if cell.is_empty() {
                continue;
            }
            if text_columns.get(col_idx).copied().unwrap_or(true) {
                worksheet.write_string(row, col, without_formula_guard(cell))?;
            } else if let Some(day) = iso_date(cell) {
                let excel_day = ExcelDateTime::from_ymd(day.year() as u16, day.month() as u8, day.day() as u8)?;
                worksheet.write_datetime_with_format(row, col, &excel_day, date)?;
            } else if let Some(value) = exact_number(cell) {
                worksheet.write_number(row, col, value)?;
            } else {
                worksheet.write_string(row, col, cell)?;
            }
        }
    }
    if rows > MAX_ROWS {
        return Err(XlsxProblem::TooManyRows { sheet: source.name.to_owned(), rows: rows - 1 });
    }
    worksheet.set_freeze_panes(1, 0)?;
    Ok(())
}

/// A text cell as a sheet holds it: the CSV's apostrophe before `=`, `+`,
/// `-`, `@`, a tab or a carriage return dropped (see `engine::io::escape_text`).
fn without_formula_guard(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => cell,
    }
}

/// `YYYY-MM-DD`, exactly, as a day Excel can show (1900 or later).
fn iso_date(cell: &str) -> Option<NaiveDate> {
    let bytes = cell.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    NaiveDate::parse_from_str(cell, "%Y-%m-%d").ok().filter(|day| (1900..=9999).contains(&day.year()))
}

/// A plain decimal whose `f64` reads back as the same number: an optional
/// minus, digits without a leading zero (but `0` itself), an optional
/// fraction; trailing fractional zeros may go.
fn exact_number(cell: &str) -> Option<f64> {
    let digits = cell.strip_prefix('-').unwrap_or(cell);
    let (whole, fraction) = match digits.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (digits, None),
    };
    let plain = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    if !plain(whole) || (whole.len() > 1 && whole.starts_with('0')) || fraction.is_some_and(|f| !plain(f)) {
        return None;
    }
    let value: f64 = cell.parse().ok()?;
    let written = match fraction.map(|f| f.trim_end_matches('0')) {
        Some("") | None => whole.to_owned(),
        Some(fraction) => format!("{whole}.{fraction}"),
    };
    let written = if cell.starts_with('-') && written != "0" { format!("-{written}") } else { written };
    (number_text(value) == written).then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_exact_plain_decimals_become_numbers() {
        assert_eq!(exact_number("12"), Some(12.0));
        assert_eq!(exact_number("12.50"), Some(12.5));
        assert_eq!(exact_number("-3.25"), Some(-3.25));
        assert_eq!(exact_number("0.1"), Some(0.1));
        assert_eq!(exact_number("0"), Some(0.0));
        assert_eq!(exact_number("0012"), None);
        assert_eq!(exact_number("1e5"), None);
        assert_eq!(exact_number("12."), None);
        assert_eq!(exact_number(".5"), None);
        assert_eq!(exact_number("12345678901234567890"), None);
        assert_eq!(exact_number("0.12345678901234567891"), None);
        assert_eq!(exact_number("true"), None);
    }

    #[test]
    fn the_formula_guard_goes_only_where_the_csv_put_it() {
        assert_eq!(without_formula_guard("'=SUM(A1)"), "=SUM(A1)");
        assert_eq!(without_formula_guard("'-5"), "-5");
        assert_eq!(without_formula_guard("''quoted"), "''quoted");
        assert_eq!(without_formula_guard("plain"), "plain");
    }
}
