//! What the per-table readers of one import batch share: the batch's
//! problems, where each row came from, progress, and the loop over a file's
//! data rows (blank rows, unreadable rows, rows of the wrong width). It sits
//! below `import` (the whole batch) and `demand_import` (the one big table),
//! so neither has to reach into the other.

use super::hash::HashMap;

use csv::ByteRecord;
use serde::{Deserialize, Serialize};

use crate::problem::Problem;

use super::read::{CsvFile, Problems};
use super::table::Table;

/// Progress is reported every this many rows, not per row.
const PROGRESS_EVERY_ROWS: usize = 50_000;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportProgress {
    pub file: String,
    pub bytes_done: usize,
    pub bytes_total: usize,
    pub rows_done: usize,
}

/// What an import did to one table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableSummary {
    pub table: Table,
    pub file: String,
    /// Data rows in the file (blank rows are not counted).
    pub rows_read: usize,
    pub inserted: usize,
    pub updated: usize,
    /// Rows in the file identical to what the workspace already had.
    pub unchanged: usize,
    /// Rows deleted because the table was replaced and they were not in the file.
    pub deleted: usize,
}

/// Where a row of the result came from, to point an issue at its cell.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Origin {
    /// Index into the batch's opened files.
    pub file: usize,
    pub row: usize,
    /// Byte offset of the record, to read the offending cell again.
    pub byte: u64,
    /// Columns whose cells failed to parse (already reported).
    pub bad_columns: u64,
}

/// State shared by the per-table readers of one batch.
pub(crate) struct Batch<'p> {
    pub problems: Problems,
    /// Where settings came from, by table and key text.
    pub origins: HashMap<(Table, String), Origin>,
    /// Where the rows of the other tables came from, file by file. Their key
    /// texts are read again only when an issue needs pointing at a row, so a
    /// clean import of a million rows makes no key text at all.
    pub row_origins: Vec<RowOrigins>,
    pub progress: &'p mut dyn FnMut(&ImportProgress),
}

impl<'p> Batch<'p> {
    /// An empty batch listing at most `max_listed` problems.
    pub fn new(max_listed: usize, progress: &'p mut dyn FnMut(&ImportProgress)) -> Self {
        Batch { problems: Problems::new(max_listed), origins: HashMap::default(), row_origins: Vec::new(), progress }
    }
}

/// The rows of one file that became rows of the result, in file order, and
/// how to read their keys' texts again (`key_texts`: each data row's number
/// and key text, for the rows whose key could be read).
pub(crate) struct RowOrigins {
    pub table: Table,
    pub file: usize,
    pub rows: Vec<Origin>,
    pub key_texts: fn(&CsvFile) -> Vec<(usize, String)>,
}

impl Batch<'_> {
    /// Every row's origin by table and key text (see `row_origins`).
    pub fn all_origins(&self, files: &[&CsvFile]) -> HashMap<(Table, String), Origin> {
        let mut all = self.origins.clone();
        for origins in &self.row_origins {
            let mut rows = origins.rows.iter().peekable();
            for (row, text) in (origins.key_texts)(files[origins.file]) {
                // Both lists are in row order; rows not kept (a repeated key) are skipped.
                while rows.next_if(|origin| origin.row < row).is_some() {}
                if let Some(origin) = rows.next_if(|origin| origin.row == row) {
                    all.insert((origins.table, text), *origin);
                }
            }
        }
        all
    }
}

impl Batch<'_> {
    pub(crate) fn report(&mut self, file: &CsvFile, bytes_done: usize, rows_done: usize) {
        (self.progress)(&ImportProgress {
            file: file.name.clone(),
            bytes_done,
            bytes_total: file.text.len(),
            rows_done,
        });
    }
}

/// One record's cells, as slices of the file's text or of the csv reader's
/// record: no cell is copied.
pub(crate) struct Record<'r> {
    text: &'r str,
    /// Each cell's start and end in `text`.
    cells: &'r [(usize, usize)],
    /// Byte offset in the file where the read of this record began, to read
    /// a cell again later (`CsvFile::cell_at`).
    pub byte: u64,
}

impl<'r> Record<'r> {
    pub fn get(&self, position: usize) -> Option<&'r [u8]> {
        self.cell(position).map(str::as_bytes)
    }

    /// A cell as text: cells end at ASCII bytes of UTF-8 text, so this is a
    /// slice, not a check of every byte again.
    pub fn cell(&self, position: usize) -> Option<&'r str> {
        self.cells.get(position).map(|&(start, end)| self.text.get(start..end).unwrap_or(""))
    }

    pub fn len(&self) -> usize {
        self.cells.len()
    }

    /// Every cell empty or spaces: spreadsheets leave such rows at the end of
    /// a sheet; they are skipped.
    fn is_blank(&self) -> bool {
        (0..self.len()).all(|at| self.get(at).unwrap_or_default().iter().all(u8::is_ascii_whitespace))
    }
}

/// Read the next record with the csv reader; `false` at the end of the file.
/// A record the csv reader cannot read is reported and skipped.
fn next_record(
    reader: &mut csv::Reader<&[u8]>,
    record: &mut ByteRecord,
    file: &CsvFile,
    row_no: &mut usize,
    problems: &mut Problems,
) -> bool {
    loop {
        match reader.read_byte_record(record) {
            Ok(more) => {
                if more {
                    let start = record.position().map_or(0, |p| p.byte());
                    *row_no += 1 + blank_lines_at(file.text.as_bytes(), start);
                }
                return more;
            }
            Err(error) => {
                *row_no += 1;
                problems.push(Problem {
                    file: file.name.clone(),
                    row: Some(*row_no),
                    column: None,
                    value: None,
                    reason: format!("this row cannot be read as CSV: {error}"),
                });
            }
        }
    }
}

fn is_line_end(byte: u8) -> bool {
    byte == b'\n' || byte == b'\r'
}

/// The records of a file without a quote character, read by splitting lines
/// at the delimiter, as the csv reader would read them but without its
/// state machine and copies. Without quotes no cell can hold a delimiter or
/// a line break, and a line is a record: `\n`, `\r\n` and `\r` end it, and
/// empty lines are skipped. `each` gets a record's cells (start and end in
/// `text`) and the offset where the csv reader would have begun reading it:
/// right after the previous record's last byte, its line end included.
fn for_each_unquoted_record(text: &[u8], delimiter: u8, mut each: impl FnMut(&[(usize, usize)], u64)) {
    let mut cells = Vec::new();
    let mut at = 0;
    let mut header = true;
    while at < text.len() {
        let read_start = at;
        while at < text.len() && is_line_end(text[at]) {
            at += 1;
        }
        if at == text.len() {
            break;
        }
        cells.clear();
        let mut start = at;
        while at < text.len() && !is_line_end(text[at]) {
            if text[at] == delimiter {
                cells.push((start, at));
                start = at + 1;
            }
            at += 1;
        }
        cells.push((start, at));
        // The line end belongs to this record.
        at = (at + 1).min(text.len());
        if !std::mem::take(&mut header) {
            each(&cells, read_start as u64);
        }
    }
}

/// Hand `each` every record after the header with its row number (the
/// header is row 1; empty lines count, as a spreadsheet shows them). A file
/// without quotes is split directly; any other goes through the csv reader,
/// whose unreadable records are reported and skipped.
fn for_each_record(file: &CsvFile, batch: &mut Batch, mut each: impl FnMut(&Record, usize, &mut Batch)) {
    let text = file.text;
    if text.as_bytes().contains(&b'"') {
        return for_each_csv_record(file, batch, each);
    }
    let mut row_no = 1;
    for_each_unquoted_record(text.as_bytes(), file.delimiter, |cells, byte| {
        row_no += 1 + blank_lines_at(text.as_bytes(), byte);
        each(&Record { text, cells, byte }, row_no, batch);
    });
}

/// `for_each_record` through the csv reader, for a file with quotes.
fn for_each_csv_record(file: &CsvFile, batch: &mut Batch, mut each: impl FnMut(&Record, usize, &mut Batch)) {
    let mut reader = file.reader();
    let mut record = ByteRecord::new();
    let mut cells = Vec::new();
    let mut row_no = 1;
    while next_record(&mut reader, &mut record, file, &mut row_no, &mut batch.problems) {
        cells.clear();
        let mut end = 0;
        cells.extend(record.iter().map(|cell| {
            end += cell.len();
            (end - cell.len(), end)
        }));
        let byte = record.position().map_or(0, |p| p.byte());
        // The file is UTF-8 and the reader splits and unquotes at ASCII bytes.
        let text = std::str::from_utf8(record.as_slice()).unwrap_or("");
        each(&Record { text, cells: &cells, byte }, row_no, batch);
    }
}

/// The empty lines the csv reader skipped before a record whose read began at
/// byte `start`. A spreadsheet shows each of them as a row, so they count
/// towards the row numbers problems name. The read begins right after the
/// previous record's line end, except that the `\n` of a `\r\n` may be left
/// over: that one is not an empty line. A line break inside a quoted cell is
/// not a new row either, which is why this counts from the record's start and
/// does not use the reader's line number.
fn blank_lines_at(text: &[u8], start: u64) -> usize {
    let Ok(start) = usize::try_from(start) else { return 0 };
    let mut at = start;
    if at > 0 && text.get(at - 1) == Some(&b'\r') && text.get(at) == Some(&b'\n') {
        at += 1;
    }
    let mut blank = 0;
    while let Some(&byte) = text.get(at) {
        match byte {
            b'\n' => blank += 1,
            b'\r' if text.get(at + 1) == Some(&b'\n') => {}
            b'\r' => blank += 1,
            _ => break,
        }
        at += 1;
    }
    blank
}

/// A record with more cells than the header has lost its alignment; the
/// usual cause is an unquoted comma, often a thousands separator.
fn check_width(record: &Record, file: &CsvFile, row_no: usize, problems: &mut Problems) -> bool {
    let header_len = file.header_len;
    if record.len() <= header_len {
        let filled = file.unnamed.iter().find_map(|&position| {
            let cell = record.get(position).unwrap_or(b"");
            (!cell.trim_ascii().is_empty()).then(|| String::from_utf8_lossy(cell).into_owned())
        });
        let Some(value) = filled else { return true };
        problems.push(Problem {
            file: file.name.clone(),
            row: Some(row_no),
            column: None,
            value: Some(value),
            reason: "this cell is in a column whose header is empty; name the column or delete it".to_owned(),
        });
        return false;
    }
    problems.push(Problem {
        file: file.name.clone(),
        row: Some(row_no),
        column: None,
        value: None,
        reason: format!(
            "this row has {} cells but the header has {header_len}; a cell containing the delimiter must be quoted (or a thousands separator was used in a number)",
            record.len()
        ),
    });
    false
}

/// Hand `each` every data row of `file` with its row number. Blank rows are
/// skipped; rows the csv reader cannot read or whose width is wrong are
/// reported; `summary.rows_read` counts the rows and progress is reported
/// every `PROGRESS_EVERY_ROWS`.
pub(crate) fn for_each_row(
    file: &CsvFile,
    batch: &mut Batch,
    summary: &mut TableSummary,
    mut each: impl FnMut(&Record, usize, &mut Batch, &mut TableSummary),
) {
    batch.report(file, 0, 0);
    for_each_record(file, batch, |record, row_no, batch| {
        if record.is_blank() {
            return;
        }
        summary.rows_read += 1;
        if summary.rows_read.is_multiple_of(PROGRESS_EVERY_ROWS) {
            batch.report(file, record.byte as usize, summary.rows_read);
        }
        if check_width(record, file, row_no, &mut batch.problems) {
            each(record, row_no, batch, summary);
        }
    });
}

/// A summary of nothing done yet to `file`'s table.
pub(crate) fn summary_for(file: &CsvFile) -> TableSummary {
    TableSummary {
        table: file.table,
        file: file.name.clone(),
        rows_read: 0,
        inserted: 0,
        updated: 0,
        unchanged: 0,
        deleted: 0,
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::super::read::open;
    use super::*;

    /// A way to read a file's records, and what it read: row number, cells,
    /// and the cells read again from the record's offset.
    type Reader = fn(&CsvFile, &mut Batch, &mut dyn FnMut(&Record, usize, &mut Batch));
    type Read = (usize, Vec<Vec<u8>>, Vec<Vec<u8>>);

    /// Every record `read` hands out: row number, cells, and the record the
    /// csv reader reads again from its byte offset (as `CsvFile::cell_at` does).
    fn records(text: &str, read: Reader) -> Vec<Read> {
        let file = open("demand.csv", text.as_bytes()).expect("a demand header");
        let mut progress = |_: &ImportProgress| {};
        let mut batch = Batch::new(0, &mut progress);
        let mut out = Vec::new();
        read(&file, &mut batch, &mut |record, row_no, _| {
            let cells = (0..record.len()).map(|at| record.get(at).unwrap_or_default().to_vec()).collect();
            let rest = &text.as_bytes()[record.byte as usize..];
            let mut reader =
                csv::ReaderBuilder::new().delimiter(file.delimiter).has_headers(false).flexible(true).from_reader(rest);
            let mut again = ByteRecord::new();
            reader.read_byte_record(&mut again).expect("readable");
            out.push((row_no, cells, again.iter().map(<[u8]>::to_vec).collect()));
        });
        assert_eq!(batch.problems.total, 0);
        out
    }

    proptest! {
        /// The split of a file without quotes gives the csv reader's records,
        /// row numbers and re-read offsets, whatever its line ends, blank
        /// lines, empty cells, delimiters and non-ASCII text.
        #[test]
        fn unquoted_files_split_like_the_csv_reader(
            header in prop::sample::select(vec![
                "date,sku_id,location_id,quantity\n",
                "date;sku_id;location_id;quantity\r\n",
                "\r\n\ndate,sku_id,location_id,quantity\r",
            ]),
            body in proptest::collection::vec(prop::sample::select(vec!["a", "1", ",", ";", " ", "\n", "\r", "\r\n", "é", "2025-01-06"]), 0..40),
        ) {
            let text = format!("{header}{}", body.concat());
            let fast = records(&text, |file, batch, each| for_each_record(file, batch, each));
            let csv = records(&text, |file, batch, each| for_each_csv_record(file, batch, each));
            prop_assert_eq!(&fast, &csv);
            for (_, cells, again) in &fast {
                prop_assert_eq!(cells, again);
            }
        }
    }

    #[test]
    fn empty_lines_are_counted_with_any_line_end_but_not_the_rest_of_a_crlf() {
        // Each text starts where the previous record's read stopped.
        assert_eq!(blank_lines_at(b"a\nb", 2), 0);
        assert_eq!(blank_lines_at(b"a\n\n\nb", 2), 2);
        assert_eq!(blank_lines_at(b"a\r\nb", 2), 0, "the \\n of the previous record's \\r\\n");
        assert_eq!(blank_lines_at(b"a\r\n\r\n\r\nb", 2), 2);
        assert_eq!(blank_lines_at(b"a\r\rb", 2), 1, "old Mac line ends");
        assert_eq!(blank_lines_at(b"a\n", 9), 0, "past the end");
    }
}
