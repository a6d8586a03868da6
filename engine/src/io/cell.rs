//! Reading and writing single CSV cells: dates, money, quantities, booleans,
//! codes and text, each with one spelling on export and a forgiving but
//! unambiguous reading on import. Every refusal comes with a reason a buyer
//! can act on ("write 1234.50, without thousands separators").
//!
//! Text cells carry the formula-injection rule: on export a text that a
//! spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR) or that
//! starts with an apostrophe gets one leading apostrophe; on import one
//! leading apostrophe is removed. Numbers, dates and booleans are never
//! escaped, so negative numbers stay numbers.

use std::borrow::Cow;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use rust_decimal::Decimal;

/// How numbers are spelled in the file being read: a semicolon-delimited
/// file (what spreadsheets write where the comma is the decimal mark) may use
/// a decimal comma.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct NumberStyle {
    pub decimal_comma: bool,
}

/// A text cell as it should be written: with one apostrophe in front when
/// a spreadsheet would otherwise treat it as a formula, or when it starts
/// with an apostrophe itself (so that import, which removes one, gives it back).
pub fn escape_text(text: &str) -> Cow<'_, str> {
    match text.as_bytes().first() {
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r' | b'\'') => Cow::Owned(format!("'{text}")),
        _ => Cow::Borrowed(text),
    }
}

/// A text cell as read: one leading apostrophe removed (see `escape_text`).
pub fn unescape_text(cell: &str) -> &str {
    cell.strip_prefix('\'').unwrap_or(cell)
}

/// An id cell as read: surrounding spaces trimmed (a trailing space in a code
/// is always a typo), then one leading apostrophe removed.
pub(crate) fn read_id(cell: &str) -> &str {
    unescape_text(cell.trim())
}

/// Byte equality of short cells and names without a call to `memcmp`, which
/// costs more than the comparison itself for a few bytes.
#[inline]
pub(crate) fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(true, |same, (x, y)| same & (x == y))
}

/// Parse a `YYYY-MM-DD` date. The fast path reads the ten ASCII bytes
/// directly, because demand files hold millions of dates.
pub(crate) fn parse_date(cell: &str) -> Result<NaiveDate, String> {
    let text = cell.trim_ascii();
    let bytes = text.as_bytes();
    if bytes.len() == 10 && bytes[4] == b'-' && bytes[7] == b'-' {
        let digits = |range: std::ops::Range<usize>| -> Option<u32> {
            bytes[range].iter().try_fold(0u32, |acc, &b| b.is_ascii_digit().then(|| acc * 10 + u32::from(b - b'0')))
        };
        if let (Some(year), Some(month), Some(day)) = (digits(0..4), digits(5..7), digits(8..10)) {
            return NaiveDate::from_ymd_opt(year as i32, month, day)
                .ok_or_else(|| format!("{text} is not a real date (check the day and month)"));
        }
    }
    Err(date_reason(text))
}

fn date_reason(text: &str) -> String {
    if text.contains('/') || text.contains('.') {
        format!(
            "dates must be written YYYY-MM-DD (e.g. 2025-03-31); {text:?} could be read as day/month or month/day, so it is not guessed"
        )
    } else if text.len() > 10 && text.as_bytes().get(10).is_some_and(|&b| b == b' ' || b == b'T') {
        "dates must be written YYYY-MM-DD without a time of day".to_owned()
    } else {
        "dates must be written YYYY-MM-DD (e.g. 2025-03-31)".to_owned()
    }
}

/// Parse a local date and time: `YYYY-MM-DDTHH:MM:SS`, `YYYY-MM-DD HH:MM:SS`
/// or `YYYY-MM-DD HH:MM` (what spreadsheets write when they reformat the
/// cell). By hand, like `parse_date`: no strftime machinery in the Wasm.
pub(crate) fn parse_date_time(cell: &str) -> Result<NaiveDateTime, String> {
    let text = cell.trim_ascii();
    let reason = || "date-times must be written YYYY-MM-DDTHH:MM:SS (e.g. 2025-03-31T14:05:00)".to_owned();
    if text.len() < 16 || !text.is_char_boundary(10) {
        return Err(reason());
    }
    let date = parse_date(&text[..10]).map_err(|_| reason())?;
    let (separator, time) = (text.as_bytes()[10], &text[11..]);
    let bytes = time.as_bytes();
    let number = |range: std::ops::Range<usize>| -> Option<u32> {
        bytes.get(range)?.iter().try_fold(0u32, |acc, &b| b.is_ascii_digit().then(|| acc * 10 + u32::from(b - b'0')))
    };
    let seconds = match (separator, bytes.len()) {
        (b'T' | b' ', 8) if bytes[5] == b':' => number(6..8),
        (b' ', 5) => Some(0),
        _ => None,
    };
    let (Some(hour), Some(minute), Some(second)) = (number(0..2), number(3..5), seconds) else { return Err(reason()) };
    if bytes[2] != b':' {
        return Err(reason());
    }
    let time = NaiveTime::from_hms_opt(hour, minute, second)
        .ok_or_else(|| format!("{text} is not a real time of day (hours 00–23, minutes and seconds 00–59)"))?;
    Ok(date.and_time(time))
}

/// A date and time as `YYYY-MM-DDTHH:MM:SS`.
pub(crate) fn format_date_time(at: NaiveDateTime) -> String {
    format!("{}T{:02}:{:02}:{:02}", format_date(at.date()), at.hour(), at.minute(), at.second())
}

/// Parse a budget month: `YYYY-MM`, or the first day of the month as a full
/// date (spreadsheets like to turn `2025-03` into `2025-03-01`).
pub(crate) fn parse_month(cell: &str) -> Result<NaiveDate, String> {
    let text = cell.trim();
    if text.len() == 7 && text.as_bytes()[4] == b'-' {
        let year = text[..4].parse::<i32>().ok().filter(|_| text[..4].bytes().all(|b| b.is_ascii_digit()));
        let month = text[5..].parse::<u32>().ok().filter(|_| text[5..].bytes().all(|b| b.is_ascii_digit()));
        if let (Some(year), Some(month)) = (year, month) {
            if let Some(date) = NaiveDate::from_ymd_opt(year, month, 1) {
                return Ok(date);
            }
        }
        return Err("months must be written YYYY-MM (e.g. 2025-03)".to_owned());
    }
    match parse_date(text) {
        Ok(date) if date.day() == 1 => Ok(date),
        Ok(_) => Err("a budget month is written YYYY-MM; a full date must be the first day of the month".to_owned()),
        Err(_) => Err("months must be written YYYY-MM (e.g. 2025-03)".to_owned()),
    }
}

pub(crate) fn format_month(month: NaiveDate) -> String {
    format!("{:04}-{:02}", month.year(), month.month())
}

pub(crate) fn format_date(date: NaiveDate) -> String {
    // By hand: chrono's strftime machinery is kilobytes of WebAssembly.
    format!("{:04}-{:02}-{:02}", date.year(), date.month(), date.day())
}

/// The reason a number cell is refused, looking at its characters before any
/// parsing: thousands separators, currency signs, percent signs, spaces.
/// `None` means the cell contains only what a plain number may.
fn number_shape_reason(text: &str, style: NumberStyle) -> Option<String> {
    if text.ends_with('%') {
        return Some("write percentages as plain numbers (4.5 for 4.5 %)".to_owned());
    }
    let has_digit = text.bytes().any(|b| b.is_ascii_digit());
    let has_letter = text.chars().any(|c| c.is_ascii_alphabetic() && c != 'e' && c != 'E');
    if text.chars().any(|c| matches!(c, '€' | '$' | '£' | '¥')) || (has_digit && has_letter) {
        return Some("write a plain number, without a currency sign or code".to_owned());
    }
    if text.contains(' ') || text.contains('\u{a0}') || text.contains('_') || text.contains('\'') {
        return Some("write a plain number without spaces or digit separators (1234.50)".to_owned());
    }
    let commas = text.matches(',').count();
    let dots = text.matches('.').count();
    if commas > 0 {
        if !style.decimal_comma {
            return Some(
                "thousands separators are not allowed: write 1234.50 (a decimal comma is accepted only in semicolon-delimited files)"
                    .to_owned(),
            );
        }
        if dots > 0 || commas > 1 {
            return Some("thousands separators are not allowed: write 1234,50 or 1234.50".to_owned());
        }
    }
    None
}

/// The cell with a decimal comma turned into a point, when the style allows one.
fn with_decimal_point(text: &str, style: NumberStyle) -> Cow<'_, str> {
    if style.decimal_comma && text.contains(',') {
        Cow::Owned(text.replacen(',', ".", 1))
    } else {
        Cow::Borrowed(text)
    }
}

/// A cell of ASCII digits and nothing else but one decimal point between
/// digits, at most 18 digits in all: its digits as one number and how many
/// follow the point. Every such cell is a number the general parsers below
/// accept in either `NumberStyle`; this reads it without their checks of
/// what else a cell might hold. `None` for anything else (spaces included).
fn plain_digits(cell: &[u8]) -> Option<(u64, u32)> {
    let (mut digits, mut point, mut value) = (0u32, None, 0u64);
    for (at, &byte) in cell.iter().enumerate() {
        match byte {
            b'0'..=b'9' => {
                digits += 1;
                value = value.wrapping_mul(10).wrapping_add(u64::from(byte - b'0'));
            }
            b'.' if point.is_none() && at > 0 && at + 1 < cell.len() => point = Some(at),
            _ => return None,
        }
    }
    if digits == 0 || digits > 18 {
        return None;
    }
    Some((value, point.map_or(0, |at| (cell.len() - at - 1) as u32)))
}

/// Parse an amount of money or a percentage: optional sign, digits, one
/// decimal point (or comma, see `NumberStyle`). No exponent, no separators.
pub(crate) fn parse_decimal(cell: &str, style: NumberStyle) -> Result<Decimal, String> {
    // `Decimal::from_str` gives these the same digits and scale.
    if let Some((value, scale)) = plain_digits(cell.as_bytes()) {
        return Ok(Decimal::from_i128_with_scale(i128::from(value), scale));
    }
    let text = cell.trim();
    if let Some(reason) = number_shape_reason(text, style) {
        return Err(reason);
    }
    let text = with_decimal_point(text, style);
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(&text);
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let digits_only = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
    if whole.len() + fraction.len() == 0 || !digits_only(whole) || !digits_only(fraction) {
        return Err("not a number: write an amount like 1234.50".to_owned());
    }
    if whole.trim_start_matches('0').len() + fraction.len() > 28 {
        return Err("too many digits for an amount (at most 28)".to_owned());
    }
    Decimal::from_str(&text).map_err(|_| "too many digits for an amount (at most 28)".to_owned())
}

/// Parse a quantity or statistic as `f64`; it must be finite.
pub(crate) fn parse_f64(cell: &str, style: NumberStyle) -> Result<f64, String> {
    // A whole number below 10^15 < 2^53 is an exact `f64`: the value `parse` gives.
    if let Some((value, 0)) = plain_digits(cell.as_bytes()).filter(|&(value, _)| value < 1_000_000_000_000_000) {
        return Ok(value as f64);
    }
    let text = cell.trim();
    match text.parse::<f64>() {
        Ok(value) if value.is_finite() && !text.bytes().any(|b| b.is_ascii_alphabetic() && b != b'e' && b != b'E') => {
            Ok(value)
        }
        _ => Err(float_reason(text, style)),
    }
}

/// Parse a demand quantity directly as `f32`, so that the shortest `f32`
/// spelling written by the exporter reads back to exactly the same value.
pub(crate) fn parse_f32(cell: &str, style: NumberStyle) -> Result<f32, String> {
    let text = cell.trim_ascii();
    match text.parse::<f32>() {
        Ok(value) if value.is_finite() && !text.bytes().any(|b| b.is_ascii_alphabetic() && b != b'e' && b != b'E') => {
            Ok(value)
        }
        Ok(_) if text.parse::<f64>().is_ok_and(f64::is_finite) => {
            Err("too large for a demand quantity (at most about 3.4e38)".to_owned())
        }
        _ => Err(float_reason(text, style)),
    }
}

/// A cell of one to seven ASCII digits and nothing else (no sign, space,
/// point or exponent) as `f32`, or `None` for anything else, which then goes
/// through `parse_f32_styled`. Most demand quantities are small whole numbers;
/// below 10^7 < 2^24 every whole number is an exact `f32`, so this gives the
/// very value `str::parse` would, without its general machinery.
#[inline]
pub(crate) fn whole_f32(cell: &[u8]) -> Option<f32> {
    if cell.is_empty() || cell.len() > 7 {
        return None;
    }
    let mut value = 0u32;
    for &byte in cell {
        if !byte.is_ascii_digit() {
            return None;
        }
        value = value * 10 + u32::from(byte - b'0');
    }
    Some(value as f32)
}

/// Why a number did not parse: its shape (separators, signs, spaces), else
/// "not a number".
#[cold]
pub(crate) fn float_reason(text: &str, style: NumberStyle) -> String {
    if let Some(reason) = number_shape_reason(text, style) {
        return reason;
    }
    "not a number".to_owned()
}

/// The decimal-comma slow path for floats: only reached when the fast
/// `str::parse` failed and the file allows a decimal comma.
pub(crate) fn parse_f64_styled(cell: &str, style: NumberStyle) -> Result<f64, String> {
    match parse_f64(cell, style) {
        Ok(value) => Ok(value),
        Err(reason) if style.decimal_comma && cell.contains(',') => {
            let text = cell.trim();
            if number_shape_reason(text, style).is_some() {
                return Err(reason);
            }
            parse_f64(&with_decimal_point(text, style), style)
        }
        Err(reason) => Err(reason),
    }
}

pub(crate) fn parse_f32_styled(cell: &str, style: NumberStyle) -> Result<f32, String> {
    match parse_f32(cell, style) {
        Ok(value) => Ok(value),
        Err(reason) if style.decimal_comma && cell.contains(',') => {
            let text = cell.trim();
            if number_shape_reason(text, style).is_some() {
                return Err(reason);
            }
            parse_f32(&with_decimal_point(text, style), style)
        }
        Err(reason) => Err(reason),
    }
}

/// Parse a whole number of days, weeks, or a line number.
pub(crate) fn parse_u32(cell: &str) -> Result<u32, String> {
    if let Some((value, 0)) = plain_digits(cell.as_bytes()) {
        if let Ok(value) = u32::try_from(value) {
            return Ok(value);
        }
    }
    let text = cell.trim();
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(if text.starts_with('-') {
            "must not be negative".to_owned()
        } else {
            "must be a whole number (like 14)".to_owned()
        });
    }
    text.parse::<u32>().map_err(|_| "too large (at most 4294967295)".to_owned())
}

/// Parse a boolean: true/false, yes/no, 1/0, in any case.
pub(crate) fn parse_bool(cell: &str) -> Result<bool, String> {
    // Exported files spell booleans exactly so; check that before anything slower.
    match cell {
        "true" => return Ok(true),
        "false" => return Ok(false),
        _ => {}
    }
    let text = cell.trim();
    for yes in ["true", "yes", "1"] {
        if text.eq_ignore_ascii_case(yes) {
            return Ok(true);
        }
    }
    for no in ["false", "no", "0"] {
        if text.eq_ignore_ascii_case(no) {
            return Ok(false);
        }
    }
    Err("expected true or false (yes/no and 1/0 are accepted too)".to_owned())
}

pub(crate) fn format_bool(value: bool) -> &'static str {
    if value {
        "true"
    } else {
        "false"
    }
}

/// The shortest spelling that reads back to the same `f64`. Very large and
/// very small magnitudes use an exponent (`1e300`) rather than hundreds of zeros.
pub(crate) fn format_f64(value: f64) -> String {
    let magnitude = value.abs();
    if magnitude != 0.0 && !(1e-5..1e16).contains(&magnitude) {
        format!("{value:e}")
    } else {
        format!("{value}")
    }
}

/// The shortest spelling that reads back to the same `f32`.
pub(crate) fn format_f32(value: f32) -> String {
    let magnitude = value.abs();
    if magnitude != 0.0 && !(1e-5..1e16).contains(&magnitude) {
        format!("{value:e}")
    } else {
        format!("{value}")
    }
}

/// Parse price breaks: `min_qty:unit_price` pairs joined by `|`
/// (`1:4.50|100:4.20`). Spaces around the separators are allowed.
pub(crate) fn parse_price_breaks(cell: &str, style: NumberStyle) -> Result<Vec<(f64, Decimal)>, String> {
    let text = cell.trim();
    if text.is_empty() {
        return Err("at least one price break is required, like 1:4.50|100:4.20".to_owned());
    }
    text.split('|')
        .enumerate()
        .map(|(idx, part)| {
            let (qty, price) = part.split_once(':').ok_or_else(|| {
                format!("price break {} ({:?}) must be written min_qty:unit_price, like 100:4.20", idx + 1, part.trim())
            })?;
            let qty = parse_f64_styled(qty, style)
                .map_err(|reason| format!("price break {}: minimum quantity {:?}: {reason}", idx + 1, qty.trim()))?;
            let price = parse_decimal(price, style)
                .map_err(|reason| format!("price break {}: unit price {:?}: {reason}", idx + 1, price.trim()))?;
            Ok((qty, price))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const POINT: NumberStyle = NumberStyle { decimal_comma: false };
    const COMMA: NumberStyle = NumberStyle { decimal_comma: true };

    fn dec(text: &str) -> Decimal {
        Decimal::from_str(text).unwrap()
    }

    #[test]
    fn text_that_a_spreadsheet_would_run_gets_one_apostrophe() {
        for (text, written) in [
            ("=SUM(A1)", "'=SUM(A1)"),
            ("+31 20 555", "'+31 20 555"),
            ("-5", "'-5"),
            ("@cmd", "'@cmd"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("'quoted", "''quoted"),
            ("plain", "plain"),
            ("", ""),
            ("a=b", "a=b"),
        ] {
            assert_eq!(escape_text(text), written);
            assert_eq!(unescape_text(written), text, "{text:?} must come back unchanged");
        }
    }

    #[test]
    fn dates_are_iso_only_with_a_reason_for_other_spellings() {
        assert_eq!(parse_date("2025-03-31"), Ok(NaiveDate::from_ymd_opt(2025, 3, 31).unwrap()));
        assert_eq!(parse_date(" 2024-02-29 "), Ok(NaiveDate::from_ymd_opt(2024, 2, 29).unwrap()));
        assert!(parse_date("2025-02-29").unwrap_err().contains("not a real date"));
        assert!(parse_date("31/03/2025").unwrap_err().contains("day/month or month/day"));
        assert!(parse_date("2025-03-31 00:00").unwrap_err().contains("without a time"));
        assert!(parse_date("2025-3-31").is_err());
        assert!(parse_date("").is_err());
    }

    #[test]
    fn date_times_accept_three_spellings_and_write_one() {
        let at = NaiveDate::from_ymd_opt(2025, 3, 31).unwrap().and_hms_opt(14, 5, 0).unwrap();
        assert_eq!(parse_date_time("2025-03-31T14:05:00"), Ok(at));
        assert_eq!(parse_date_time(" 2025-03-31 14:05:00 "), Ok(at));
        assert_eq!(parse_date_time("2025-03-31 14:05"), Ok(at));
        assert_eq!(format_date_time(at), "2025-03-31T14:05:00");
        for bad in ["2025-03-31", "2025-03-31T14:05", "31/03/2025 14:05", "2025-03-31 14.05", "2025-03-31T1:05:00"] {
            assert!(parse_date_time(bad).unwrap_err().starts_with("date-times must be written"), "{bad}");
        }
        assert!(parse_date_time("2025-03-31 24:00").unwrap_err().contains("not a real time"));
        assert!(parse_date_time("2025-02-30 10:00").is_err());
    }

    #[test]
    fn months_accept_year_month_or_the_first_of_the_month() {
        let march = NaiveDate::from_ymd_opt(2025, 3, 1).unwrap();
        assert_eq!(parse_month("2025-03"), Ok(march));
        assert_eq!(parse_month("2025-03-01"), Ok(march));
        assert!(parse_month("2025-03-15").is_err());
        assert!(parse_month("2025-13").is_err());
        assert_eq!(format_month(march), "2025-03");
    }

    #[test]
    fn money_is_a_plain_decimal_and_separators_are_refused_with_a_reason() {
        assert_eq!(parse_decimal("4.50", POINT), Ok(dec("4.50")));
        assert_eq!(parse_decimal("-0.5", POINT), Ok(dec("-0.5")));
        assert_eq!(parse_decimal("12", POINT), Ok(dec("12")));
        assert!(parse_decimal("1,234.50", POINT).unwrap_err().contains("thousands separators"));
        assert!(parse_decimal("4,50", POINT).unwrap_err().contains("semicolon-delimited"));
        assert_eq!(parse_decimal("4,50", COMMA), Ok(dec("4.50")));
        assert!(parse_decimal("1.234,50", COMMA).unwrap_err().contains("thousands separators"));
        assert!(parse_decimal("€4.50", POINT).unwrap_err().contains("currency"));
        assert!(parse_decimal("4.50 EUR", POINT).unwrap_err().contains("currency"));
        assert!(parse_decimal("4.5%", POINT).unwrap_err().contains("percentages"));
        assert!(parse_decimal("1_000", POINT).is_err());
        assert!(parse_decimal("1e3", POINT).is_err());
        assert!(parse_decimal("", POINT).is_err());
        assert!(parse_decimal(".", POINT).is_err());
        assert!(parse_decimal("123456789012345678901234567890", POINT).unwrap_err().contains("too many digits"));
    }

    #[test]
    fn quantities_must_be_finite_and_may_use_a_decimal_comma_in_semicolon_files() {
        assert_eq!(parse_f64_styled("2.5", POINT), Ok(2.5));
        assert_eq!(parse_f64_styled("2,5", COMMA), Ok(2.5));
        assert!(parse_f64_styled("2,5", POINT).is_err());
        assert!(parse_f64_styled("inf", POINT).is_err());
        assert!(parse_f64_styled("NaN", POINT).is_err());
        assert!(parse_f64_styled("1e999", POINT).is_err());
        assert_eq!(parse_f32_styled("0.1", POINT), Ok(0.1f32));
        assert!(parse_f32_styled("1e39", POINT).unwrap_err().contains("too large"));
    }

    #[test]
    fn the_whole_number_fast_path_reads_what_the_general_parser_reads_and_leaves_the_rest_to_it() {
        // Every 1- to 7-digit spelling the fast path takes must equal
        // `str::parse::<f32>` (the general path), including leading zeros and
        // the largest 7-digit number.
        for cell in ["0", "7", "00", "0000000", "0000001", "240", "1000000", "9999999", "16777", "0042"] {
            assert_eq!(whole_f32(cell.as_bytes()), Some(cell.parse::<f32>().unwrap()), "{cell:?}");
            assert_eq!(whole_f32(cell.as_bytes()), parse_f32_styled(cell, POINT).ok(), "{cell:?}");
        }
        assert_eq!(whole_f32(b"9999999"), Some(9_999_999.0));
        // Everything else goes to the general parser, which accepts or
        // refuses it with its reason as before.
        for cell in [
            "",
            "+5",
            "-0",
            "-5",
            " 5",
            "5 ",
            "5\t",
            "1e3",
            "1E3",
            "2.5",
            "2,5",
            "12345678",
            "99999999999",
            "0x10",
            "５",
            "inf",
            "NaN",
            "1_000",
        ] {
            assert_eq!(whole_f32(cell.as_bytes()), None, "{cell:?}");
        }
        assert_eq!(parse_f32_styled("+5", POINT), Ok(5.0));
        assert_eq!(parse_f32_styled("1e3", POINT), Ok(1000.0));
        assert!(parse_f32_styled("-0", POINT).is_ok_and(|q| q == 0.0 && q.is_sign_negative()));
        assert_eq!(parse_f32_styled("12345678", POINT), Ok(12_345_678.0));
        assert!(parse_f32_styled("2,5", POINT).unwrap_err().contains("semicolon-delimited"));
        assert_eq!(parse_f32_styled("2,5", COMMA), Ok(2.5));
    }

    #[test]
    fn numbers_are_written_in_their_shortest_round_trip_spelling() {
        assert_eq!(format_f64(12.0), "12");
        assert_eq!(format_f64(0.1), "0.1");
        assert_eq!(format_f64(-2.5), "-2.5");
        assert_eq!(format_f64(1e300), "1e300");
        assert_eq!(format_f64(2.5e-7), "2.5e-7");
        assert_eq!(format_f32(0.1), "0.1");
        assert_eq!(format_f32(16_777_216.0), "16777216");
        for value in [0.1f64, 1.0 / 3.0, 123_456.789, 5e-324, f64::MAX] {
            assert_eq!(parse_f64(&format_f64(value), POINT), Ok(value));
        }
    }

    #[test]
    fn booleans_and_whole_numbers() {
        for yes in ["true", "TRUE", "Yes", "1"] {
            assert_eq!(parse_bool(yes), Ok(true));
        }
        for no in ["false", "no", "0"] {
            assert_eq!(parse_bool(no), Ok(false));
        }
        assert!(parse_bool("y").is_err());
        assert_eq!(parse_u32("14"), Ok(14));
        assert_eq!(parse_u32("-1").unwrap_err(), "must not be negative");
        assert!(parse_u32("14.5").is_err());
    }

    #[test]
    fn price_breaks_read_as_quantity_price_pairs() {
        assert_eq!(
            parse_price_breaks("1:4.50|100:4.20| 500 : 3.95", POINT),
            Ok(vec![(1.0, dec("4.50")), (100.0, dec("4.20")), (500.0, dec("3.95"))])
        );
        assert_eq!(parse_price_breaks("1:4,50|100:4,20", COMMA), Ok(vec![(1.0, dec("4.50")), (100.0, dec("4.20"))]));
        assert!(parse_price_breaks("1-4.50", POINT).unwrap_err().contains("min_qty:unit_price"));
        assert!(parse_price_breaks("1:4.50|x:3", POINT).unwrap_err().contains("price break 2"));
        assert!(parse_price_breaks("", POINT).is_err());
    }
}

#[cfg(test)]
mod plain_digits_tests {
    use std::str::FromStr;

    use proptest::prelude::*;

    use super::*;

    proptest! {
        /// A cell the digit fast path takes reads as the general parsers
        /// (`Decimal::from_str`, `str::parse`) read it: the same value and,
        /// for amounts, the same scale (so 1.50 stays 1.50).
        #[test]
        fn plain_digit_cells_read_as_the_general_parsers_read_them(cell in "[0-9]{1,12}(\\.[0-9]{1,9})?") {
            prop_assume!(plain_digits(cell.as_bytes()).is_some());
            for style in [NumberStyle { decimal_comma: false }, NumberStyle { decimal_comma: true }] {
                let amount = parse_decimal(&cell, style).map(|d| d.to_string());
                prop_assert_eq!(amount, Ok(Decimal::from_str(&cell).unwrap().to_string()));
                if let Ok(value) = cell.parse::<f64>() {
                    prop_assert_eq!(parse_f64(&cell, style), Ok(value));
                }
            }
            match cell.parse::<u32>() {
                Ok(value) => prop_assert_eq!(parse_u32(&cell), Ok(value)),
                Err(_) => prop_assert!(parse_u32(&cell).is_err()),
            }
        }
    }

    #[test]
    fn only_digits_with_at_most_one_inner_point_take_the_fast_path() {
        assert_eq!(plain_digits(b"0012.50"), Some((1250, 2)));
        assert_eq!(plain_digits(b"7"), Some((7, 0)));
        for cell in ["", ".5", "5.", "1.2.3", " 1", "1 ", "-1", "+1", "1e3", "1,5", "1234567890123456789"] {
            assert_eq!(plain_digits(cell.as_bytes()), None, "{cell:?}");
        }
    }
}
