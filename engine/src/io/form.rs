//! Reading what a person types into the app's forms, with the same rules and
//! the same messages as a CSV cell, so a form and an import never disagree.
//! Forms use the plain spelling (decimal point, no thousands separators).

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::cell::{self, NumberStyle};
use super::plain_number::{parse_plain_f64, PlainNumberError};

const PLAIN: NumberStyle = NumberStyle { decimal_comma: false };

/// A money amount or a percentage, e.g. `4.50`.
pub fn money(text: &str) -> Result<Decimal, String> {
    cell::parse_decimal(text, PLAIN)
}

/// A quantity, e.g. `12` or `2.5`, in plain decimal notation
/// (`plain_number::parse_plain_f64`: the value a CSV cell gives). Unlike a
/// CSV cell, an exponent (`1e3`) is refused with a reason, and so are more
/// digits than are read exactly (more than 15 significant digits or 22
/// after the point), which keeps the general float parser out of the app.
pub fn quantity(text: &str) -> Result<f64, String> {
    let text = text.trim();
    match parse_plain_f64(text) {
        Ok(value) => Ok(value),
        Err(PlainNumberError::Exponent) => {
            Err("write the quantity without an exponent (1000 rather than 1e3)".to_owned())
        }
        Err(PlainNumberError::TooManyDigits) => {
            Err("too many digits for a quantity (at most 15 significant digits, 22 after the point)".to_owned())
        }
        Err(PlainNumberError::NotPlain) => Err(cell::float_reason(text, PLAIN)),
    }
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
        assert_eq!(quantity(" 12 "), Ok(12.0));
        assert_eq!(quantity("-0.75"), Ok(-0.75));
        assert_eq!(quantity("1e3"), Err("write the quantity without an exponent (1000 rather than 1e3)".to_owned()));
        assert!(quantity("12345678901234567").is_err());
        // The reasons a CSV cell gets.
        assert_eq!(quantity("1,5"), cell::parse_f64("1,5", PLAIN));
        assert_eq!(quantity("5 kg"), cell::parse_f64("5 kg", PLAIN));
        assert_eq!(quantity("inf"), cell::parse_f64("inf", PLAIN));
        assert_eq!(days("14"), Ok(14));
        assert!(days("-1").is_err());
        assert_eq!(optional("  ", days), Ok(None));
        assert_eq!(optional("2025-03-31", date), Ok(Some(NaiveDate::from_ymd_opt(2025, 3, 31).unwrap())));
    }
}
