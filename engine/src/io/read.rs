//! Reading a CSV file up to its rows: decoding (UTF-8, with or without BOM),
//! sniffing the delimiter from the header line, recognising the table, and
//! matching header names to the table's columns. Then `Row` hands out the
//! cells of one record, typed, recording a `Problem` for every cell that
//! does not parse.

use csv::ByteRecord;

use crate::problem::Problem;

use super::batch::Record;
use super::cell::NumberStyle;
use super::table::Table;

/// Problems found so far, with a cap on how many are kept: a million-row
/// file with a wrong date format must not produce a million-line message,
/// but the total is still counted.
#[derive(Debug)]
pub(crate) struct Problems {
    pub list: Vec<Problem>,
    pub total: usize,
    cap: usize,
}

impl Problems {
    pub fn new(cap: usize) -> Self {
        Problems { list: Vec::new(), total: 0, cap }
    }

    pub fn push(&mut self, problem: Problem) {
        self.total += 1;
        if self.list.len() < self.cap {
            self.list.push(problem);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.total == 0
    }
}

/// A file whose header has been read and matched to a table.
#[derive(Debug)]
pub(crate) struct CsvFile<'a> {
    /// The name as given, for problems.
    pub name: String,
    pub table: Table,
    /// The decoded text, BOM removed.
    pub text: &'a str,
    pub delimiter: u8,
    pub style: NumberStyle,
    /// For each of the table's columns, its position in the file's records.
    pub positions: Vec<Option<usize>>,
    /// Number of cells in the header row.
    pub header_len: usize,
    /// Positions of header cells left empty. Spreadsheets save stray empty
    /// columns at the right; they are ignored while their cells are empty.
    pub unnamed: Vec<usize>,
}

impl CsvFile<'_> {
    #[cfg(test)]
    pub fn has_column(&self, name: &str) -> bool {
        self.table.column_index(name).and_then(|idx| self.positions[idx]).is_some()
    }

    /// A reader over the records after the header.
    pub fn reader(&self) -> csv::Reader<&[u8]> {
        csv::ReaderBuilder::new()
            .delimiter(self.delimiter)
            .has_headers(true)
            .flexible(true)
            .from_reader(self.text.as_bytes())
    }

    /// The text of one cell of the record starting at `byte`, read again for
    /// a problem found after the rows were parsed.
    pub fn cell_at(&self, byte: u64, column: &str) -> Option<String> {
        let position = self.positions[self.table.column_index(column)?]?;
        let rest = self.text.as_bytes().get(usize::try_from(byte).ok()?..)?;
        let mut reader =
            csv::ReaderBuilder::new().delimiter(self.delimiter).has_headers(false).flexible(true).from_reader(rest);
        let mut record = ByteRecord::new();
        reader.read_byte_record(&mut record).ok()?;
        record.get(position).map(|cell| String::from_utf8_lossy(cell).into_owned())
    }
}

/// How to save a CSV file as UTF-8, for the refusals below.
const SAVE_CSV_AS_UTF8: &str = "(in Excel: Save As → \"CSV UTF-8 (comma delimited)\") and import it again";

/// The file's text: UTF-8 with the BOM removed. UTF-16 ("Unicode text") and
/// legacy encodings are refused with what to do instead.
pub(crate) fn decode<'a>(name: &str, bytes: &'a [u8]) -> Result<&'a str, Problem> {
    decode_utf8(name, bytes, SAVE_CSV_AS_UTF8)
}

/// Whether the bytes look like UTF-16: a byte-order mark, or, without one,
/// the NUL bytes that every other byte of UTF-16 text in a Latin script is
/// (at odd positions for little-endian, even for big-endian). UTF-8 text
/// never holds a NUL byte, so a handful of them among the first bytes is
/// enough to tell.
pub(crate) fn looks_like_utf16(bytes: &[u8]) -> bool {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return true;
    }
    let head = &bytes[..bytes.len().min(256) & !1];
    let pairs = head.len() / 2;
    let nul_at = |parity: usize| head.iter().skip(parity).step_by(2).filter(|&&b| b == 0).count();
    pairs > 0 && (nul_at(0) * 2 > pairs || nul_at(1) * 2 > pairs)
}

/// The text of a file that must be UTF-8 (a BOM is dropped); `how_to_save`
/// ends the advice for a file in another encoding.
pub(crate) fn decode_utf8<'a>(name: &str, bytes: &'a [u8], how_to_save: &str) -> Result<&'a str, Problem> {
    if looks_like_utf16(bytes) {
        return Err(Problem::in_file(
            name,
            format!("the file is saved as UTF-16 (\"Unicode text\"); save it as UTF-8 {how_to_save}"),
        ));
    }
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(body).map_err(|error| {
        let at = error.valid_up_to();
        let line = body[..at].iter().filter(|&&b| b == b'\n').count() + 1;
        Problem::in_file(
            name,
            format!(
                "the file is not UTF-8 text (line {line} has the byte 0x{:02X}, probably from a Windows or Mac legacy encoding); save the file as UTF-8 {how_to_save}",
                body[at]
            ),
        )
    })
}

/// Comma or semicolon, whichever the header line has more of outside quotes.
/// Spreadsheets in countries with a decimal comma write semicolons.
pub(crate) fn sniff_delimiter(text: &str) -> u8 {
    let header = text.split('\n').next().unwrap_or("");
    let (mut commas, mut semicolons, mut quoted) = (0, 0, false);
    for byte in header.bytes() {
        match byte {
            b'"' => quoted = !quoted,
            b',' if !quoted => commas += 1,
            b';' if !quoted => semicolons += 1,
            _ => {}
        }
    }
    if semicolons > commas {
        b';'
    } else {
        b','
    }
}

/// The header's names, trimmed and lower-cased.
fn header_names(name: &str, text: &str, delimiter: u8) -> Result<Vec<String>, Problem> {
    let mut reader = csv::ReaderBuilder::new().delimiter(delimiter).has_headers(false).from_reader(text.as_bytes());
    let mut record = ByteRecord::new();
    match reader.read_byte_record(&mut record) {
        Ok(true) => Ok(record.iter().map(|cell| String::from_utf8_lossy(cell).trim().to_lowercase()).collect()),
        Ok(false) => Err(Problem::in_file(name, "the file is empty; it needs a header row naming its columns")),
        Err(error) => Err(Problem::in_file(name, format!("the header row cannot be read: {error}"))),
    }
}

/// The table a file holds: by its name, else by its header (the one table
/// that has every column of the header and all of whose required columns
/// are there).
fn detect_table(name: &str, headers: &[String]) -> Result<Table, Problem> {
    if let Some(table) = Table::from_file_name(name) {
        return Ok(table);
    }
    let fits = |table: &Table| {
        headers.iter().all(|h| h.is_empty() || table.column_index(h).is_some())
            && table.columns().iter().filter(|c| c.required).all(|c| headers.iter().any(|h| h == c.name))
    };
    let candidates: Vec<Table> = Table::ALL.iter().copied().filter(fits).collect();
    match candidates.as_slice() {
        [table] => Ok(*table),
        _ => {
            let names: Vec<&str> = Table::ALL.iter().map(|t| t.file_name()).collect();
            Err(Problem::in_file(
                name,
                format!(
                    "cannot tell which table this file holds from its name or its columns; name it after its table: {}",
                    names.join(", ")
                ),
            ))
        }
    }
}

/// The table a file holds as the importer recognises it (by its name, else
/// by its header, as `detect_table`), or `None` when the importer would
/// refuse to guess: such a file goes through the mapping step
/// (`io::mapping`) instead. A file that is not UTF-8 text is recognised by
/// its name only.
pub fn recognise_table(name: &str, bytes: &[u8]) -> Option<Table> {
    if let Some(table) = Table::from_file_name(name) {
        return Some(table);
    }
    let text = decode(name, bytes).ok()?;
    let headers = header_names(name, text, sniff_delimiter(text)).ok()?;
    detect_table(name, &headers).ok()
}

/// Edit distance, for suggesting the column an unknown header was meant to be.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

/// Read a file's header: decode, sniff, recognise the table, match columns.
/// Every header problem is listed; any of them refuses the file.
pub(crate) fn open<'a>(name: &str, bytes: &'a [u8]) -> Result<CsvFile<'a>, Vec<Problem>> {
    let text = decode(name, bytes).map_err(|p| vec![p])?;
    if text.trim().is_empty() {
        return Err(vec![Problem::in_file(name, "the file is empty; it needs a header row naming its columns")]);
    }
    let delimiter = sniff_delimiter(text);
    let headers = header_names(name, text, delimiter).map_err(|p| vec![p])?;
    let table = detect_table(name, &headers).map_err(|p| vec![p])?;
    let columns = table.columns();
    let mut positions = vec![None; columns.len()];
    let mut problems = Vec::new();
    let mut unnamed = Vec::new();
    let all_names: Vec<&str> = columns.iter().map(|c| c.name).collect();
    for (position, header) in headers.iter().enumerate() {
        let in_header = |reason: String| Problem {
            file: name.to_owned(),
            row: Some(1),
            column: Some(header.clone()),
            value: Some(header.clone()),
            reason,
        };
        if header.is_empty() {
            unnamed.push(position);
            continue;
        }
        match table.column_index(header) {
            Some(idx) if positions[idx].is_some() => problems.push(in_header("this column appears twice".to_owned())),
            Some(idx) => positions[idx] = Some(position),
            None => {
                let closest = all_names.iter().min_by_key(|known| edit_distance(header, known)).copied();
                let hint = match closest {
                    Some(known) if edit_distance(header, known) <= 2 => format!("did you mean {known}? "),
                    _ => String::new(),
                };
                problems.push(in_header(format!(
                    "unknown column; {hint}the columns of {} are: {}",
                    table.file_name(),
                    all_names.join(", ")
                )));
            }
        }
    }
    for (idx, column) in columns.iter().enumerate() {
        if column.required && positions[idx].is_none() {
            problems.push(Problem {
                file: name.to_owned(),
                row: Some(1),
                column: Some(column.name.to_owned()),
                value: None,
                reason: format!("the required column {} is missing from the header", column.name),
            });
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(CsvFile {
        name: name.to_owned(),
        table,
        text,
        delimiter,
        style: NumberStyle { decimal_comma: delimiter == b';' },
        positions,
        header_len: headers.len(),
        unnamed,
    })
}

/// One cell, read: the file may lack the column, the cell may be empty, or
/// it may not parse (already recorded as a problem).
pub(crate) enum Cell<T> {
    Absent,
    Empty,
    Value(T),
    Bad,
}

/// The cells of one record, typed.
pub(crate) struct Row<'r, 'a> {
    pub file: &'r CsvFile<'a>,
    pub record: &'r Record<'r>,
    /// Spreadsheet row number (header = 1).
    pub row: usize,
    pub problems: &'r mut Problems,
    /// Columns (by table column index) whose cell did not parse: later rule
    /// checks skip them so a bad cell is reported once.
    pub bad_columns: u64,
}

impl<'r, 'a> Row<'r, 'a> {
    /// The raw text of a column's cell; `None` when the file has no such
    /// column. A record shorter than the header reads as empty cells.
    pub fn raw(&self, column: &str) -> Option<&'r str> {
        let idx = self.file.table.column_index(column)?;
        let position = self.file.positions[idx]?;
        Some(self.record.cell(position).unwrap_or(""))
    }

    pub fn problem(&mut self, column: &str, value: &str, reason: impl Into<String>) {
        if let Some(idx) = self.file.table.column_index(column) {
            self.bad_columns |= 1 << idx;
        }
        self.problems.push(Problem::at(self.file.name.as_str(), self.row, column, value, reason));
    }

    /// Read one cell with a parser; an empty (or all-space) cell is `Empty`.
    pub fn get<T>(&mut self, column: &str, parse: impl FnOnce(&str) -> Result<T, String>) -> Cell<T> {
        let Some(raw) = self.raw(column) else { return Cell::Absent };
        // A first byte that is a printing ASCII character settles it without `trim`.
        let printing = raw.as_bytes().first().is_some_and(|b| b.is_ascii_graphic());
        if !printing && raw.trim().is_empty() {
            return Cell::Empty;
        }
        match parse(raw) {
            Ok(value) => Cell::Value(value),
            Err(reason) => {
                self.problem(column, raw, reason);
                Cell::Bad
            }
        }
    }

    /// A column whose cell must not be empty.
    pub fn required<T>(&mut self, column: &str, target: &mut T, parse: impl FnOnce(&str) -> Result<T, String>) {
        match self.get(column, parse) {
            Cell::Value(value) => *target = value,
            Cell::Empty => self.problem(column, "", "is required"),
            Cell::Absent | Cell::Bad => {}
        }
    }

    /// A column whose empty cell means `default`.
    pub fn defaulted<T>(
        &mut self,
        column: &str,
        target: &mut T,
        default: T,
        parse: impl FnOnce(&str) -> Result<T, String>,
    ) {
        match self.get(column, parse) {
            Cell::Value(value) => *target = value,
            Cell::Empty => *target = default,
            Cell::Absent | Cell::Bad => {}
        }
    }

    /// A column whose empty cell means "none".
    pub fn optional<T>(&mut self, column: &str, target: &mut Option<T>, parse: impl FnOnce(&str) -> Result<T, String>) {
        match self.get(column, parse) {
            Cell::Value(value) => *target = Some(value),
            Cell::Empty => *target = None,
            Cell::Absent | Cell::Bad => {}
        }
    }

    /// A text cell kept as written, less one leading apostrophe. Text is not
    /// trimmed: leading spaces or tabs may be meant.
    pub fn text(&mut self, column: &str, target: &mut String) {
        if let Some(raw) = self.raw(column) {
            *target = super::cell::unescape_text(raw).to_owned();
        }
    }

    /// A key id that must be present (the column is required by the table).
    pub fn key_id(&mut self, column: &str) -> Option<String> {
        let raw = self.raw(column)?;
        let id = super::cell::read_id(raw);
        if id.is_empty() {
            self.problem(column, raw, "is required");
            return None;
        }
        Some(id.to_owned())
    }

    /// A key id that may be empty (lot, channel, min/max location); an
    /// absent column reads as empty.
    pub fn key_id_or_empty(&mut self, column: &str) -> String {
        self.raw(column).map(|raw| super::cell::read_id(raw).to_owned()).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_delimiter_is_whatever_the_header_has_more_of() {
        assert_eq!(sniff_delimiter("a,b,c\n1;2;3"), b',');
        assert_eq!(sniff_delimiter("a;b;c\n1,5;2"), b';');
        assert_eq!(sniff_delimiter("\"a;b\",c"), b',');
        assert_eq!(sniff_delimiter("only"), b',');
    }

    #[test]
    fn a_bom_is_dropped_and_other_encodings_are_refused_with_advice() {
        assert_eq!(decode("x.csv", b"\xEF\xBB\xBFa,b"), Ok("a,b"));
        let latin1 = decode("x.csv", b"name\nCaf\xE9\n").unwrap_err();
        assert!(latin1.reason.contains("line 2") && latin1.reason.contains("UTF-8"), "{latin1}");
        let utf16 = decode("x.csv", b"\xFF\xFEa\x00").unwrap_err();
        assert!(utf16.reason.contains("UTF-16"));
        assert!(looks_like_utf16(b"a\x00,\x00b\x00") && looks_like_utf16(b"\x00a\x00,\x00b"));
        assert!(!looks_like_utf16(b"a,b\n") && !looks_like_utf16(b"a") && !looks_like_utf16(b""));
        assert!(!looks_like_utf16("Café,Größe,日本\n".as_bytes()));
    }

    #[test]
    fn headers_match_in_any_order_and_case_and_unknown_or_missing_columns_are_named() {
        let file = open("skus.csv", b" Unit_Cost ;SKU_ID;name\n").unwrap();
        assert_eq!(file.table, Table::Skus);
        assert_eq!(file.delimiter, b';');
        assert_eq!(file.positions[0], Some(1));
        assert_eq!(file.positions[4], Some(0));
        assert!(file.has_column("name") && !file.has_column("family"));

        let problems = open("skus.csv", b"sku_id,name,unti_cost\n").unwrap_err();
        let reasons: Vec<_> = problems.iter().map(|p| p.reason.as_str()).collect();
        assert!(reasons[0].starts_with("unknown column; did you mean unit_cost?"), "{reasons:?}");
        assert_eq!(reasons[1], "the required column unit_cost is missing from the header");
    }

    #[test]
    fn a_file_with_an_unknown_name_is_recognised_by_its_header() {
        let file = open("export (3).csv", b"supplier_id,sku_id,price_breaks,lead_time_days\n").unwrap();
        assert_eq!(file.table, Table::Offers);
        assert!(open("export (3).csv", b"id,qty\n").unwrap_err()[0].reason.contains("name it after its table"));
    }

    #[test]
    fn a_file_is_recognised_as_the_importer_would_or_left_to_the_mapping_step() {
        assert_eq!(recognise_table("SKUs.CSV", b"anything"), Some(Table::Skus));
        assert_eq!(
            recognise_table("export (3).csv", b"supplier_id,sku_id,price_breaks,lead_time_days\n"),
            Some(Table::Offers)
        );
        // A shop's export, and a Latin-1 file with an unknown name: the mapping step.
        assert_eq!(recognise_table("products_export.csv", b"Handle,Title,Variant SKU\n"), None);
        assert_eq!(recognise_table("lager.csv", b"Artikel;Menge\nK\xE4se;3\n"), None);
        assert_eq!(recognise_table("empty.csv", b""), None);
    }

    #[test]
    fn edit_distance_counts_single_character_edits() {
        assert_eq!(edit_distance("unti_cost", "unit_cost"), 2);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("moq", "moq"), 0);
    }
}
