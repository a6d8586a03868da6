//! Sniffing a foreign file's format from its bytes: encoding, delimiter,
//! how each numeric column spells its numbers, and in which order each date
//! column writes day and month. Each guess is a public function whose doc
//! comment states its convention, so the UI can show what was found and let
//! the user change it; nothing ambiguous is decided silently (a date column
//! whose every value fits both day/month and month/day is reported as
//! `DateSniff::Ambiguous`).

use serde::{Deserialize, Serialize};

/// A text encoding a mapped file may be in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Encoding {
    /// UTF-8, with or without a byte-order mark.
    Utf8,
    /// UTF-16 little-endian (what Excel's "Unicode text" writes).
    Utf16Le,
    /// UTF-16 big-endian.
    Utf16Be,
    /// Windows-1252, a superset of Latin-1 (ISO 8859-1) for printable text.
    Windows1252,
}

impl Encoding {
    /// The encoding's name for people.
    pub fn label(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf16Le => "UTF-16 LE",
            Encoding::Utf16Be => "UTF-16 BE",
            Encoding::Windows1252 => "Windows-1252 (Latin-1)",
        }
    }
}

/// The field delimiter of a mapped file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Delimiter {
    Comma,
    Semicolon,
    Tab,
}

impl Delimiter {
    pub fn byte(self) -> u8 {
        match self {
            Delimiter::Comma => b',',
            Delimiter::Semicolon => b';',
            Delimiter::Tab => b'\t',
        }
    }

    const ALL: [Delimiter; 3] = [Delimiter::Comma, Delimiter::Semicolon, Delimiter::Tab];
}

/// The decimal mark of a number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DecimalSeparator {
    Point,
    Comma,
}

/// A digit-group (thousands) separator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ThousandsSeparator {
    Point,
    Comma,
    /// A space or a no-break space (`1 234,56`).
    Space,
    /// An apostrophe (`1'234.56`, Swiss).
    Apostrophe,
}

impl ThousandsSeparator {
    pub(crate) fn matches(self, c: char) -> bool {
        match self {
            ThousandsSeparator::Point => c == '.',
            ThousandsSeparator::Comma => c == ',',
            ThousandsSeparator::Space => c == ' ' || c == '\u{a0}' || c == '\u{202f}',
            ThousandsSeparator::Apostrophe => c == '\'' || c == '\u{2019}',
        }
    }
}

/// How a file spells its numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NumberFormat {
    pub decimal: DecimalSeparator,
    pub thousands: Option<ThousandsSeparator>,
}

impl NumberFormat {
    /// `1234.56`: a decimal point and no digit groups.
    pub const PLAIN: NumberFormat = NumberFormat { decimal: DecimalSeparator::Point, thousands: None };
}

/// The order of day and month in a date written with `/`, `.` or `-` and a
/// four-digit year last (`03/04/2026`). ISO dates (`2026-04-03`) are read
/// whatever the order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateOrder {
    /// `DD/MM/YYYY` (most of Europe, Latin America, Asia).
    DayMonthYear,
    /// `MM/DD/YYYY` (the United States).
    MonthDayYear,
}

/// What a column's values say about their date order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateSniff {
    /// Every value is `YYYY-MM-DD`, possibly followed by a time.
    Iso,
    /// Some value has a first part above 12 (`31/03/2026`), none a second part above 12.
    DayMonth,
    /// Some value has a second part above 12 (`03/31/2026`), none a first part above 12.
    MonthDay,
    /// Every value fits both orders (`03/04/2026` only): the user must choose.
    Ambiguous,
}

/// A decoded file: its text and the encoding it was read as.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub encoding: Encoding,
}

/// The encoding of a file's bytes. Convention: a byte-order mark decides
/// (`EF BB BF` UTF-8, `FF FE` UTF-16 LE, `FE FF` UTF-16 BE); without one,
/// bytes that are valid UTF-8 are UTF-8, bytes with a NUL at most odd
/// (even) positions of the first 256 are UTF-16 LE (BE) without a mark, and
/// anything else is Windows-1252, the encoding Excel and most Western
/// Windows programs write "CSV" in. Windows-1252 assigns a character to every
/// byte a text file holds, so the last guess never fails; it is reported, so
/// a file in another legacy encoding (Mac Roman, Windows-1250…) shows
/// wrong letters in the preview rather than being read silently.
pub fn detect_encoding(bytes: &[u8]) -> Encoding {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        return Encoding::Utf8;
    }
    if bytes.starts_with(&[0xFF, 0xFE]) {
        return Encoding::Utf16Le;
    }
    if bytes.starts_with(&[0xFE, 0xFF]) {
        return Encoding::Utf16Be;
    }
    let head = &bytes[..bytes.len().min(256) & !1];
    let pairs = head.len() / 2;
    let nul_at = |parity: usize| head.iter().skip(parity).step_by(2).filter(|&&b| b == 0).count();
    if pairs > 0 && nul_at(1) * 2 > pairs {
        return Encoding::Utf16Le;
    }
    if pairs > 0 && nul_at(0) * 2 > pairs {
        return Encoding::Utf16Be;
    }
    if std::str::from_utf8(bytes).is_ok() {
        Encoding::Utf8
    } else {
        Encoding::Windows1252
    }
}

/// The text of `bytes` read as `encoding`, its byte-order mark removed
/// (with encoding_rs's decoders, never a hand-written table). Refused with a
/// reason when the bytes are not valid in that encoding (a UTF-8 file with a
/// Latin-1 byte, half a UTF-16 character); Windows-1252 never refuses.
pub fn decode(bytes: &[u8], encoding: Encoding) -> Result<String, String> {
    let (decoder, name) = match encoding {
        Encoding::Utf8 => (encoding_rs::UTF_8, "UTF-8"),
        Encoding::Utf16Le => (encoding_rs::UTF_16LE, "UTF-16 LE"),
        Encoding::Utf16Be => (encoding_rs::UTF_16BE, "UTF-16 BE"),
        Encoding::Windows1252 => (encoding_rs::WINDOWS_1252, "Windows-1252"),
    };
    let body = match encoding {
        Encoding::Utf8 => bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes),
        Encoding::Utf16Le => bytes.strip_prefix(&[0xFF, 0xFE]).unwrap_or(bytes),
        Encoding::Utf16Be => bytes.strip_prefix(&[0xFE, 0xFF]).unwrap_or(bytes),
        Encoding::Windows1252 => bytes,
    };
    let (text, had_errors) = decoder.decode_without_bom_handling(body);
    if had_errors {
        return Err(format!("the file is not valid {name} text; choose the encoding it was saved in"));
    }
    Ok(text.into_owned())
}

/// Detect the encoding and decode (`detect_encoding`, then `decode`).
pub fn decode_detected(bytes: &[u8]) -> Result<Decoded, String> {
    let encoding = detect_encoding(bytes);
    decode(bytes, encoding).map(|text| Decoded { text, encoding })
}

/// How many records `sniff_delimiter` compares.
const SNIFF_ROWS: usize = 50;

/// The delimiter among comma, semicolon and tab. Convention: each candidate
/// splits the first 50 records (quotes respected, blank lines skipped); a
/// candidate that gives the header fewer than two fields is out; of the
/// rest, the one whose data records most often have the header's field count
/// wins, ties going to more fields, then to the order comma, semicolon, tab.
/// A file where no candidate gives two fields is comma-delimited (one column).
/// So `sku;price\nA;7,90` is semicolon-delimited: by comma its header has one
/// field.
pub fn sniff_delimiter(text: &str) -> Delimiter {
    let mut best: Option<(Delimiter, usize, usize)> = None;
    for delimiter in Delimiter::ALL {
        let counts: Vec<usize> = csv::ReaderBuilder::new()
            .delimiter(delimiter.byte())
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes())
            .byte_records()
            .take(SNIFF_ROWS)
            .map_while(Result::ok)
            .map(|record| record.len())
            .collect();
        let Some((&header, rows)) = counts.split_first() else { continue };
        if header < 2 {
            continue;
        }
        let consistent = rows.iter().filter(|&&n| n == header).count();
        let better = match best {
            None => true,
            Some((_, best_consistent, best_header)) => (consistent, header) > (best_consistent, best_header),
        };
        if better {
            best = Some((delimiter, consistent, header));
        }
    }
    best.map_or(Delimiter::Comma, |(delimiter, _, _)| delimiter)
}

/// What one number cell says about its format.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct NumberEvidence {
    decimal: Option<DecimalSeparator>,
    thousands: Option<ThousandsSeparator>,
    /// A single `.` or `,` followed by exactly three digits (`1.234`,
    /// `1,234`): a decimal mark or a thousands separator.
    undecided: Option<char>,
}

/// The shape of one cell read as a number, or `None` when it is not a
/// number in any common spelling (currency signs, letters…).
fn number_evidence(cell: &str) -> Option<NumberEvidence> {
    let text = cell.trim();
    let text = text.strip_prefix(['-', '+']).unwrap_or(text);
    if text.is_empty() || !text.starts_with(|c: char| c.is_ascii_digit() || c == '.' || c == ',') {
        return None;
    }
    let separators: Vec<(usize, char)> = text.char_indices().filter(|(_, c)| !c.is_ascii_digit()).collect();
    let allowed = |c: char| matches!(c, '.' | ',' | ' ' | '\u{a0}' | '\u{202f}' | '\'' | '\u{2019}');
    if !separators.iter().all(|&(_, c)| allowed(c)) || !text.ends_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let mut evidence = NumberEvidence::default();
    let spaced = separators.iter().find(|&&(_, c)| !matches!(c, '.' | ','));
    if let Some(&(_, c)) = spaced {
        evidence.thousands =
            Some(if c == '\'' || c == '\u{2019}' { ThousandsSeparator::Apostrophe } else { ThousandsSeparator::Space });
    }
    let marks: Vec<(usize, char)> = separators.iter().copied().filter(|&(_, c)| c == '.' || c == ',').collect();
    let Some(&(last_at, last)) = marks.last() else { return Some(evidence) };
    let as_decimal = |c: char| if c == ',' { DecimalSeparator::Comma } else { DecimalSeparator::Point };
    let as_thousands = |c: char| if c == ',' { ThousandsSeparator::Comma } else { ThousandsSeparator::Point };
    let same_as_last = marks.iter().filter(|&&(_, c)| c == last).count();
    if same_as_last > 1 {
        // `1.234.567`: a mark used twice groups digits.
        if marks.iter().any(|&(_, c)| c != last) {
            return None;
        }
        evidence.thousands = Some(as_thousands(last));
        return Some(evidence);
    }
    if let Some(&(_, other)) = marks.iter().find(|&&(_, c)| c != last) {
        // `1.234,56`: the last mark is the decimal one, the other groups.
        evidence.decimal = Some(as_decimal(last));
        evidence.thousands = Some(as_thousands(other));
        return Some(evidence);
    }
    let digits_after = text.len() - last_at - 1;
    if digits_after == 3 && last_at > 0 && evidence.thousands.is_none() {
        evidence.undecided = Some(last);
    } else {
        evidence.decimal = Some(as_decimal(last));
    }
    Some(evidence)
}

/// What a column's values say about their number format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NumberSniff {
    /// The decimal mark the values show, `None` when none shows one
    /// (whole numbers only, or only `1.234`-like values).
    pub decimal: Option<DecimalSeparator>,
    pub thousands: Option<ThousandsSeparator>,
    /// Some value is `1.234` or `1,234` and nothing in the column tells
    /// whether that mark is decimal or groups thousands.
    pub undecided: bool,
}

/// The number format of a column's values, or `None` when some non-empty
/// value is not a number in a common spelling or every value is empty.
/// Convention: a value with two different marks (`1.234,56`) takes the last
/// as decimal and the other as thousands; a mark used twice (`1.234.567`) or
/// a space or apostrophe between digits groups thousands; a single mark is
/// decimal unless exactly three digits follow it (`1,234`), which stays
/// undecided unless another value of the column decides (a decimal comma
/// elsewhere makes `1.234` a thousands point). Values disagreeing about the
/// decimal mark make the column not numeric.
pub fn sniff_numbers<'a>(values: impl IntoIterator<Item = &'a str>) -> Option<NumberSniff> {
    let mut decimal: Option<DecimalSeparator> = None;
    let mut thousands: Option<ThousandsSeparator> = None;
    let mut undecided: Option<char> = None;
    let mut any = false;
    for value in values {
        if value.trim().is_empty() {
            continue;
        }
        any = true;
        let evidence = number_evidence(value)?;
        match (decimal, evidence.decimal) {
            (Some(had), Some(now)) if had != now => return None,
            (None, Some(now)) => decimal = Some(now),
            _ => {}
        }
        match (thousands, evidence.thousands) {
            (Some(had), Some(now)) if had != now => return None,
            (None, Some(now)) => thousands = Some(now),
            _ => {}
        }
        if evidence.undecided.is_some() {
            undecided = evidence.undecided;
        }
    }
    if !any {
        return None;
    }
    let mut sniff = NumberSniff { decimal, thousands, undecided: false };
    if let Some(mark) = undecided {
        let mark_decimal = if mark == ',' { DecimalSeparator::Comma } else { DecimalSeparator::Point };
        let mark_thousands = if mark == ',' { ThousandsSeparator::Comma } else { ThousandsSeparator::Point };
        match (decimal, thousands) {
            (Some(d), _) if d != mark_decimal => sniff.thousands = Some(mark_thousands),
            (Some(_), _) => {}
            (None, Some(t)) if t == mark_thousands => {}
            _ => sniff.undecided = true,
        }
    }
    if sniff.decimal.is_some() && sniff.thousands.is_some_and(|t| t.matches(sniff_mark(sniff.decimal))) {
        return None;
    }
    Some(sniff)
}

fn sniff_mark(decimal: Option<DecimalSeparator>) -> char {
    match decimal {
        Some(DecimalSeparator::Comma) => ',',
        _ => '.',
    }
}

/// A date cell split into its parts: `Iso(y, m, d)` or `Slashed(a, b, y)`
/// for `a/b/yyyy` (also with `.` or `-`), with any time after a space or
/// `T` cut off. `None` when the cell is not a date in either shape.
pub(crate) enum DateParts {
    Iso(i32, u32, u32),
    Slashed(u32, u32, i32),
}

pub(crate) fn date_parts(cell: &str) -> Option<DateParts> {
    let text = cell.trim();
    let date = text.split([' ', 'T']).next().unwrap_or(text);
    let number = |part: &str, len: std::ops::RangeInclusive<usize>| -> Option<u32> {
        (len.contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit())).then(|| part.parse().ok())?
    };
    let separator = date.chars().find(|c| matches!(c, '-' | '/' | '.'))?;
    let parts: Vec<&str> = date.split(separator).collect();
    let [first, second, third] = parts.as_slice() else { return None };
    if separator == '-' && first.len() == 4 {
        let year = number(first, 4..=4)? as i32;
        return Some(DateParts::Iso(year, number(second, 1..=2)?, number(third, 1..=2)?));
    }
    let year = number(third, 4..=4)? as i32;
    Some(DateParts::Slashed(number(first, 1..=2)?, number(second, 1..=2)?, year))
}

/// The date order of a column's values, or `None` when some non-empty value
/// is not a date (`YYYY-MM-DD`, or `a/b/YYYY` with `/`, `.` or `-`, either
/// possibly followed by a time after a space or `T`, which is cut off), when
/// the values contradict each other (one has a first part above 12, another
/// a second part above 12), or when every value is empty. Parts above 31, or
/// both above 12, are not dates. Two-digit years are not recognised.
pub fn sniff_dates<'a>(values: impl IntoIterator<Item = &'a str>) -> Option<DateSniff> {
    let (mut iso, mut slashed, mut day_first, mut month_first) = (false, false, false, false);
    for value in values {
        if value.trim().is_empty() {
            continue;
        }
        match date_parts(value)? {
            DateParts::Iso(_, month, day) => {
                if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
                    return None;
                }
                iso = true;
            }
            DateParts::Slashed(a, b, _) => {
                if a == 0 || b == 0 || a > 31 || b > 31 || (a > 12 && b > 12) {
                    return None;
                }
                day_first |= a > 12;
                month_first |= b > 12;
                slashed = true;
            }
        }
    }
    match (iso, slashed, day_first, month_first) {
        (false, false, ..) => None,
        (true, false, ..) => Some(DateSniff::Iso),
        (_, true, true, true) => None,
        (_, true, true, false) => Some(DateSniff::DayMonth),
        (_, true, false, true) => Some(DateSniff::MonthDay),
        (_, true, false, false) => Some(DateSniff::Ambiguous),
    }
}

/// One record of a mapped file with the row number a spreadsheet shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct SourceRecord {
    pub row: usize,
    pub cells: Vec<String>,
}

/// The records of `text` (the header first), each with its spreadsheet row
/// number: the header is row 1, every line end outside quotes starts a new
/// row (so an empty line is a row of its own), and a quoted cell spanning
/// several lines is one row — the importer's convention. Records whose every
/// cell is blank are left out; a record that cannot be read ends the list
/// with its reason.
pub(crate) fn records(text: &str, delimiter: Delimiter) -> (Vec<SourceRecord>, Option<(usize, String)>) {
    let bytes = text.as_bytes();
    let row_starts = row_starts(bytes);
    // The reader's position is where it started looking for the record,
    // before the line ends of skipped empty lines: skip them here too.
    let row_of = |byte: u64| {
        let mut at = byte as usize;
        while at < bytes.len() && matches!(bytes[at], b'\r' | b'\n') {
            at += 1;
        }
        row_starts.partition_point(|&start| start <= at)
    };
    let mut reader =
        csv::ReaderBuilder::new().delimiter(delimiter.byte()).has_headers(false).flexible(true).from_reader(bytes);
    let mut out = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => return (out, None),
            Ok(true) => {
                if record.iter().all(|cell| cell.trim().is_empty()) {
                    continue;
                }
                let row = record.position().map_or(out.len() + 1, |p| row_of(p.byte()));
                out.push(SourceRecord { row, cells: record.iter().map(str::to_owned).collect() });
            }
            Err(error) => {
                let row = error.position().map_or(out.len() + 1, |p| row_of(p.byte()));
                return (out, Some((row, error.to_string())));
            }
        }
    }
}

/// The byte offsets where each spreadsheet row starts: 0, then after every
/// line end (`\r\n`, `\n` or `\r`) outside quotes.
fn row_starts(bytes: &[u8]) -> Vec<usize> {
    let mut starts = vec![0];
    let mut quoted = false;
    let mut idx = 0;
    while idx < bytes.len() {
        match bytes[idx] {
            b'"' => quoted = !quoted,
            b'\r' if !quoted => {
                if bytes.get(idx + 1) == Some(&b'\n') {
                    idx += 1;
                }
                starts.push(idx + 1);
            }
            b'\n' if !quoted => starts.push(idx + 1),
            _ => {}
        }
        idx += 1;
    }
    starts
}

/// Everything sniffed from a file: its encoding, delimiter, header and, per
/// column, the number and date formats its values show (from the first
/// `SNIFF_VALUES` data rows).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sniffed {
    pub encoding: Encoding,
    pub delimiter: Delimiter,
    /// The file-wide number format: the decimal mark and digit grouping
    /// the numeric columns agree on (see `sniff`).
    pub number_format: NumberFormat,
    /// The file-wide date order, `None` when no column has slashed dates
    /// or the order is ambiguous (then `ambiguous_dates` names the columns).
    pub date_order: Option<DateOrder>,
    pub columns: Vec<SniffedColumn>,
    /// Date columns whose every value fits both orders: ask the user.
    pub ambiguous_dates: Vec<String>,
    /// Data rows (blank ones not counted).
    pub data_rows: usize,
}

/// One column of a sniffed file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SniffedColumn {
    /// The header as written, trimmed.
    pub header: String,
    pub number: Option<NumberSniff>,
    pub date: Option<DateSniff>,
    /// The first non-empty value, for the UI to show.
    pub example: Option<String>,
}

/// How many data rows per column `sniff` looks at.
pub const SNIFF_VALUES: usize = 1000;

/// Sniff a whole file: `decode_detected`, `sniff_delimiter`, then each
/// column's `sniff_numbers` and `sniff_dates` over its first `SNIFF_VALUES`
/// values. File-wide number format: the decimal mark of the columns that
/// show one (the majority, ties to the point), else a comma in a
/// semicolon-delimited file and a point otherwise; the thousands separator
/// likewise from the columns that show one. File-wide date order: the one
/// the date columns show; `None` when none shows one.
pub fn sniff(bytes: &[u8]) -> Result<(Sniffed, String), String> {
    let decoded = decode_detected(bytes)?;
    let text = decoded.text;
    let delimiter = sniff_delimiter(&text);
    let (records, _) = records(&text, delimiter);
    let Some((header, data)) = records.split_first() else {
        return Err("the file is empty; it needs a header row naming its columns".to_owned());
    };
    let sample = &data[..data.len().min(SNIFF_VALUES)];
    let column_values = |idx: usize| sample.iter().map(move |record| record.cells.get(idx).map_or("", String::as_str));
    let mut columns = Vec::with_capacity(header.cells.len());
    for (idx, name) in header.cells.iter().enumerate() {
        let date = sniff_dates(column_values(idx));
        let number = if date.is_some() { None } else { sniff_numbers(column_values(idx)) };
        let example = column_values(idx).find(|v| !v.trim().is_empty()).map(str::to_owned);
        columns.push(SniffedColumn { header: name.trim().to_owned(), number, date, example });
    }
    let count = |decimal| columns.iter().filter(|c| c.number.is_some_and(|n| n.decimal == Some(decimal))).count();
    let (commas, points) = (count(DecimalSeparator::Comma), count(DecimalSeparator::Point));
    let decimal = if commas > points || (commas == points && commas == 0 && delimiter == Delimiter::Semicolon) {
        DecimalSeparator::Comma
    } else {
        DecimalSeparator::Point
    };
    let thousands = columns
        .iter()
        .filter_map(|c| c.number.and_then(|n| n.thousands))
        .find(|&t| !t.matches(sniff_mark(Some(decimal))));
    let has = |sniff| columns.iter().any(|c| c.date == Some(sniff));
    let date_order = match (has(DateSniff::DayMonth), has(DateSniff::MonthDay)) {
        (true, false) => Some(DateOrder::DayMonthYear),
        (false, true) => Some(DateOrder::MonthDayYear),
        _ => None,
    };
    let ambiguous_dates = if date_order.is_none() {
        columns.iter().filter(|c| c.date == Some(DateSniff::Ambiguous)).map(|c| c.header.clone()).collect()
    } else {
        Vec::new()
    };
    let sniffed = Sniffed {
        encoding: decoded.encoding,
        delimiter,
        number_format: NumberFormat { decimal, thousands },
        date_order,
        columns,
        ambiguous_dates,
        data_rows: data.len(),
    };
    Ok((sniffed, text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings_are_told_by_their_bom_else_by_validity() {
        assert_eq!(detect_encoding(b"\xEF\xBB\xBFa;b"), Encoding::Utf8);
        assert_eq!(detect_encoding("Café;Größe".as_bytes()), Encoding::Utf8);
        assert_eq!(detect_encoding(b"\xFF\xFEa\x00"), Encoding::Utf16Le);
        assert_eq!(detect_encoding(b"\xFE\xFF\x00a"), Encoding::Utf16Be);
        // "a;b" as UTF-16 LE without a mark: 61 00 3B 00 62 00.
        assert_eq!(detect_encoding(b"a\x00;\x00b\x00"), Encoding::Utf16Le);
        // "Caf\xE9" is é in Latin-1 and not valid UTF-8.
        assert_eq!(detect_encoding(b"Caf\xE9"), Encoding::Windows1252);
    }

    #[test]
    fn windows_1252_and_utf16_decode_to_the_same_text() {
        // é = E9, € = 80 in Windows-1252 (80 is a C1 control in Latin-1 proper).
        assert_eq!(decode(b"Caf\xE9 \x80", Encoding::Windows1252).unwrap(), "Café €");
        // "é;1" in UTF-16 LE with its mark: FF FE, E9 00, 3B 00, 31 00.
        assert_eq!(decode(b"\xFF\xFE\xE9\x00;\x001\x00", Encoding::Utf16Le).unwrap(), "é;1");
        assert_eq!(decode(b"\xFE\xFF\x00\xE9\x00;\x001", Encoding::Utf16Be).unwrap(), "é;1");
        assert_eq!(decode(b"\xEF\xBB\xBFa", Encoding::Utf8).unwrap(), "a");
        assert!(decode(b"Caf\xE9", Encoding::Utf8).is_err());
        // A lone high surrogate D800 is not UTF-16.
        assert!(decode(b"\x00\xD8", Encoding::Utf16Le).is_err());
        let detected = decode_detected(b"Caf\xE9").unwrap();
        assert_eq!((detected.text.as_str(), detected.encoding), ("Café", Encoding::Windows1252));
    }

    #[test]
    fn the_delimiter_is_the_one_with_consistent_field_counts() {
        assert_eq!(sniff_delimiter("sku;price\nA;7,90\nB;1,5\n"), Delimiter::Semicolon);
        assert_eq!(sniff_delimiter("sku,price\nA,7.90\n"), Delimiter::Comma);
        assert_eq!(sniff_delimiter("sku\tname\nA\tBox; small, red\n"), Delimiter::Tab);
        // The header has two semicolons inside quotes and one comma outside.
        assert_eq!(sniff_delimiter("\"a;b;c\",d\n\"x;y;z\",1\n"), Delimiter::Comma);
        // Commas split the header in 3 but the rows in 4 and 2; semicolons give 2 everywhere.
        assert_eq!(sniff_delimiter("a,b;c,d\n1,5;2,5,0\n1;2\n"), Delimiter::Semicolon);
        assert_eq!(sniff_delimiter("only\n1\n"), Delimiter::Comma);
    }

    fn numbers(values: &[&str]) -> Option<NumberSniff> {
        sniff_numbers(values.iter().copied())
    }

    #[test]
    fn decimal_marks_and_thousands_separators_are_read_from_the_values() {
        use DecimalSeparator::{Comma, Point};
        let sniff = |decimal, thousands| Some(NumberSniff { decimal, thousands, undecided: false });
        assert_eq!(numbers(&["1.234,56", "7,90"]), sniff(Some(Comma), Some(ThousandsSeparator::Point)));
        assert_eq!(numbers(&["1,234.56", "3"]), sniff(Some(Point), Some(ThousandsSeparator::Comma)));
        assert_eq!(numbers(&["7,90", "", "12"]), sniff(Some(Comma), None));
        assert_eq!(numbers(&["1 234,5"]), sniff(Some(Comma), Some(ThousandsSeparator::Space)));
        assert_eq!(numbers(&["1'234.5"]), sniff(Some(Point), Some(ThousandsSeparator::Apostrophe)));
        assert_eq!(numbers(&["1.234.567"]), sniff(None, Some(ThousandsSeparator::Point)));
        // `1.234` alone: a decimal point or a thousands point, nobody can say.
        assert_eq!(numbers(&["1.234"]), Some(NumberSniff { decimal: None, thousands: None, undecided: true }));
        // …but next to `7,5` the comma is decimal, so the point groups thousands.
        assert_eq!(numbers(&["1.234", "7,5"]), sniff(Some(Comma), Some(ThousandsSeparator::Point)));
        assert_eq!(numbers(&["12", "-3"]), sniff(None, None));
        assert_eq!(numbers(&["7,90", "7.90"]), None, "two decimal marks in one column");
        assert_eq!(numbers(&["€4.50"]), None);
        assert_eq!(numbers(&["abc"]), None);
        assert_eq!(numbers(&["", " "]), None);
    }

    fn dates(values: &[&str]) -> Option<DateSniff> {
        sniff_dates(values.iter().copied())
    }

    #[test]
    fn date_orders_are_told_only_by_a_part_above_twelve() {
        assert_eq!(dates(&["2026-03-02", "2026-03-02 09:13:51 +0100"]), Some(DateSniff::Iso));
        assert_eq!(dates(&["2027-09-30T00:00:00"]), Some(DateSniff::Iso));
        assert_eq!(dates(&["03/04/2026", "25/04/2026"]), Some(DateSniff::DayMonth));
        assert_eq!(dates(&["03/04/2026", "04/25/2026"]), Some(DateSniff::MonthDay));
        assert_eq!(dates(&["03/04/2026", "01.02.2026 10:00"]), Some(DateSniff::Ambiguous));
        assert_eq!(dates(&["25/04/2026", "04/25/2026"]), None, "contradictory");
        assert_eq!(dates(&["13/13/2026"]), None);
        assert_eq!(dates(&["03/04/26"]), None, "two-digit year");
        assert_eq!(dates(&["7,90"]), None);
        assert_eq!(dates(&["2026-13-01"]), None);
    }

    #[test]
    fn records_carry_the_row_a_spreadsheet_shows() {
        // Row 1 header, row 2 "A", row 3 empty, row 4 "B" whose quoted cell
        // holds a line break (still one row, as the importer counts), row 5
        // "C" after a CRLF.
        let text = "id;note\nA;x\n\nB;\"two\nlines\"\r\nC;y";
        let (records, error) = records(text, Delimiter::Semicolon);
        assert!(error.is_none());
        let rows: Vec<usize> = records.iter().map(|r| r.row).collect();
        assert_eq!(rows, [1, 2, 4, 5]);
        assert_eq!(records[2].cells, ["B", "two\nlines"]);
    }

    #[test]
    fn a_file_is_sniffed_column_by_column() {
        let bytes = b"Artikel;Preis;Datum;Menge\nA1;1.234,56;03/04/2026;2\nA2;7,90;05/06/2026;3\n";
        let (sniffed, text) = sniff(bytes).unwrap();
        assert!(text.starts_with("Artikel;"));
        assert_eq!(sniffed.encoding, Encoding::Utf8);
        assert_eq!(sniffed.delimiter, Delimiter::Semicolon);
        assert_eq!(
            sniffed.number_format,
            NumberFormat { decimal: DecimalSeparator::Comma, thousands: Some(ThousandsSeparator::Point) }
        );
        assert_eq!(sniffed.columns[2].date, Some(DateSniff::Ambiguous));
        assert_eq!(sniffed.date_order, None);
        assert_eq!(sniffed.ambiguous_dates, ["Datum"]);
        assert_eq!(sniffed.columns[0].number, None);
        assert_eq!(sniffed.data_rows, 2);
    }
}
