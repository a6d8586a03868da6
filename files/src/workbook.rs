//! Reading a spreadsheet workbook (`.xlsx`, `.xlsm`, `.xlsb`, `.xls`, `.ods`,
//! through calamine) into the CSV text the importer reads, one sheet at a
//! time.
//!
//! Each cell becomes the text a person would have typed into a CSV file:
//! - numbers without float noise: an integer-valued number as `12`, any
//!   other as the shortest text that reads back as the same `f64` (`0.1`,
//!   not `0.1000000000000000055`);
//! - dates as `YYYY-MM-DD`. A cell is a date when calamine says so: its
//!   `Data::DateTime` variant, which it gives for a number shown with a date
//!   or date-time format (`.ods` gives `Data::DateTimeIso` text, whose date
//!   part is kept). The serial is turned into a day by calamine's
//!   `ExcelDateTime::to_ymd_hms_milli`, which knows both epochs (1900 and
//!   1904) and Excel's 1900 leap-year bug (serial 60 is the 29 February 1900
//!   that never was; serial 61 is 1900-03-01). The time of day is dropped,
//!   since every date Stockpilot reads is a day; a time alone (a serial
//!   below 1) or the nonexistent 1900-02-29 is refused;
//! - booleans as `true`/`false`, empty cells as nothing;
//! - an error value (`#DIV/0!`, `#N/A`…) is refused as a problem naming
//!   the workbook, the sheet, the row as Excel shows it and the column's
//!   letter and header.
//!
//! A sheet's rows start at the first row holding anything (its header); the
//! row numbers in problems are Excel's, whatever lies above.

use std::io::Cursor;

use calamine::{open_workbook_auto_from_rs, Data, Reader};
use chrono::NaiveDate;
use engine::Problem;
use serde::{Deserialize, Serialize};

/// One sheet of a workbook as CSV text, and how to point at its cells.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sheet {
    pub name: String,
    /// The sheet as comma-separated text: the header on the first line, one
    /// line per sheet row below it (empty rows as empty lines), so the
    /// importer's row `n` is Excel's row `n + first_row - 1`.
    pub csv: String,
    /// Where the CSV's rows and columns are in the sheet.
    pub place: SheetPlace,
}

/// Where a sheet's CSV text sits in the sheet, to name a row and a column
/// as Excel shows them. It travels with a sheet sent to the mapping step.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SheetPlace {
    /// Excel's number of the header row (1 when the sheet starts at the top).
    pub first_row: usize,
    /// Excel's column letters of the CSV's columns, in order.
    pub letters: Vec<String>,
    /// The header cells, in order.
    pub headers: Vec<String>,
}

impl SheetPlace {
    /// Excel's row number of the importer's `csv_row` (header = 1).
    pub fn excel_row(&self, csv_row: usize) -> usize {
        csv_row + self.first_row - 1
    }

    /// "B (name)": the column's letter and header as a problem names it.
    pub fn column_label(&self, header: &str) -> String {
        match self.headers.iter().position(|h| h.trim().eq_ignore_ascii_case(header.trim())) {
            Some(idx) => format!("{} ({header})", self.letters[idx]),
            None => header.to_owned(),
        }
    }
}

/// How a problem names a sheet: "stock.xlsx, sheet skus".
pub fn sheet_label(workbook: &str, sheet: &str) -> String {
    format!("{workbook}, sheet {sheet}")
}

/// Every sheet of the workbook `bytes` (named `workbook` in problems) that
/// holds anything, in the workbook's order; or every problem found (a file
/// that is not a workbook, error cells, dates that cannot be).
pub fn read_workbook(workbook: &str, bytes: &[u8]) -> Result<Vec<Sheet>, Vec<Problem>> {
    let mut sheets = open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|error| {
        vec![Problem::in_file(
            workbook,
            format!("this is not a workbook Stockpilot can read (.xlsx, .xls, .ods): {error}"),
        )]
    })?;
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for name in sheets.sheet_names() {
        let range = sheets.worksheet_range(&name).map_err(|error| {
            vec![Problem::in_file(sheet_label(workbook, &name), format!("cannot be read: {error}"))]
        })?;
        let Some((row0, col0)) = range.start() else { continue };
        let label = sheet_label(workbook, &name);
        let letters: Vec<String> = (0..range.width()).map(|idx| column_letter(col0 as usize + idx)).collect();
        let mut csv = String::new();
        let mut headers: Vec<String> = Vec::new();
        for (row_idx, row) in range.rows().enumerate() {
            let excel_row = row0 as usize + row_idx + 1;
            let mut texts: Vec<String> = Vec::with_capacity(row.len());
            for (col_idx, data) in row.iter().enumerate() {
                match cell_text(data) {
                    Ok(text) => texts.push(text),
                    Err(reason) => {
                        let header = headers.get(col_idx).cloned().unwrap_or_default();
                        let column = if header.is_empty() {
                            letters[col_idx].clone()
                        } else {
                            format!("{} ({header})", letters[col_idx])
                        };
                        problems.push(Problem::at(&label, excel_row, column, data.to_string(), reason));
                        texts.push(String::new());
                    }
                }
            }
            // Trailing empty cells are the used range's width, not the row's.
            while texts.last().is_some_and(String::is_empty) {
                texts.pop();
            }
            if row_idx == 0 {
                headers = texts.clone();
                headers.resize(letters.len(), String::new());
            }
            push_record(&mut csv, &texts);
        }
        out.push(Sheet { name, csv, place: SheetPlace { first_row: row0 as usize + 1, letters, headers } });
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

/// One cell as the text the importer reads, or why it cannot be one.
pub fn cell_text(data: &Data) -> Result<String, String> {
    Ok(match data {
        Data::Empty => String::new(),
        Data::String(text) => text.clone(),
        Data::Int(value) => value.to_string(),
        Data::Float(value) => number_text(*value),
        Data::Bool(value) => value.to_string(),
        Data::DateTime(date_time) if date_time.is_duration() => number_text(date_time.as_f64()),
        Data::DateTime(date_time) => {
            if date_time.as_f64() < 1.0 {
                return Err("this cell holds a time of day without a date; type the date".into());
            }
            let (year, month, day, ..) = date_time.to_ymd_hms_milli();
            match NaiveDate::from_ymd_opt(year.into(), month.into(), day.into()) {
                Some(date) => date.to_string(),
                None => return Err(format!("Excel's date {year}-{month:02}-{day:02} is not a day of the calendar")),
            }
        }
        Data::DateTimeIso(text) => match text.get(..10).and_then(|day| NaiveDate::parse_from_str(day, "%Y-%m-%d").ok())
        {
            Some(date) => date.to_string(),
            None => text.clone(),
        },
        Data::DurationIso(text) => text.clone(),
        Data::Error(error) => {
            return Err(format!("the cell holds the Excel error {error}; type its value or fix its formula"))
        }
    })
}

/// A number as a person writes it: `12`, `0.1`, `-3.25`, never `12.0` or
/// float noise (Rust's `Display` of an `f64` is the shortest text that reads
/// back as the same value, and never uses an exponent).
pub fn number_text(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        format!("{value}")
    }
}

/// Excel's letter for the 0-based column `idx`: A … Z, AA … AZ, BA …
pub fn column_letter(idx: usize) -> String {
    let mut n = idx + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).expect("ASCII letters")
}

/// Append one CSV record (RFC 4180 quoting) and its line end.
fn push_record(csv: &mut String, cells: &[String]) {
    for (idx, cell) in cells.iter().enumerate() {
        if idx > 0 {
            csv.push(',');
        }
        if cell.contains([',', '"', '\n', '\r']) {
            csv.push('"');
            csv.push_str(&cell.replace('"', "\"\""));
            csv.push('"');
        } else {
            csv.push_str(cell);
        }
    }
    csv.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_are_excels() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(27), "AB");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
    }

    #[test]
    fn numbers_are_written_without_float_noise() {
        assert_eq!(number_text(12.0), "12");
        assert_eq!(number_text(-0.0), "0");
        assert_eq!(number_text(0.1), "0.1");
        assert_eq!(number_text(0.1 + 0.2), "0.30000000000000004");
        assert_eq!(number_text(2.675), "2.675");
        assert_eq!(number_text(1e-7), "0.0000001");
        assert_eq!(number_text(-3.25), "-3.25");
    }
}
