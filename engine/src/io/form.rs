//! Reading what a person types into the app's forms, with the same rules and
//! the same messages as a CSV cell, so a form and an import never disagree.
//! Forms use the plain spelling (decimal point, no thousands separators).

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::cell::{self, NumberStyle};

const PLAIN: NumberStyle = NumberStyle { decimal_comma: false };

/// A money amount or a percentage, e.g. `4.50`.
pub fn money(text: &str) -> Result<Decimal, String> {
    cell::parse_decimal(text, PLAIN)
}

/// A quantity, e.g. `12` or `2.5`.
pub fn quantity(text: &str) -> Result<f64, String> {
    cell::parse_f64(text, PLAIN)
}

/// A whole number of days (or weeks).
pub fn days(text: &str) -> Result<u32, String> {
    cell::parse_u32(text)
}

/// A date, `YYYY-MM-DD`.
pub fn date(text: &str) -> Result<NaiveDate, String> {
    cell::parse_date(text)
}

/// An optional field: empty (or only spaces) is `None`.
pub fn optional<T>(text: &str, parse: fn(&str) -> Result<T, String>) -> Result<Option<T>, String> {
    if text.trim().is_empty() {
        Ok(None)
    } else {
        parse(text).map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_fields_read_like_csv_cells() {
        assert_eq!(money("4.50").unwrap().to_string(), "4.50");
        assert!(money("1,234.50").is_err());
        assert_eq!(quantity("2.5"), Ok(2.5));
        assert!(quantity("abc").is_err());
        assert_eq!(days("14"), Ok(14));
        assert!(days("-1").is_err());
        assert_eq!(optional("  ", days), Ok(None));
        assert_eq!(optional("2025-03-31", date), Ok(Some(NaiveDate::from_ymd_opt(2025, 3, 31).unwrap())));
    }
}
