//! How numbers, money and dates look on screen. Display only: nothing here
//! feeds back into the engine.

use chrono::{Datelike, NaiveDate};
use rust_decimal::prelude::*;

/// Group digits in threes: `1234567` → `1,234,567`.
fn group(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (idx, ch) in digits.chars().enumerate() {
        if idx > 0 && (digits.len() - idx).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// Money with two decimals and grouped thousands, rounded half away from zero.
pub fn money(amount: Decimal) -> String {
    let rounded = amount.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    let text = format!("{:.2}", rounded.abs());
    let (whole, cents) = text.split_once('.').unwrap_or((&text, "00"));
    let sign = if rounded.is_sign_negative() && !rounded.is_zero() { "−" } else { "" };
    format!("{sign}{}.{cents}", group(whole))
}

/// Money with its currency code: `1,234.50 EUR`.
pub fn money_in(amount: Decimal, currency: &str) -> String {
    format!("{} {currency}", money(amount))
}

/// A whole-currency figure for dashboards: `12,345 EUR`.
pub fn money_whole(amount: Decimal, currency: &str) -> String {
    let rounded = amount.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero);
    let sign = if rounded.is_sign_negative() && !rounded.is_zero() { "−" } else { "" };
    format!("{sign}{} {currency}", group(&rounded.abs().to_string()))
}

/// A quantity: whole numbers without decimals, others with up to two.
pub fn qty(quantity: f64) -> String {
    if !quantity.is_finite() {
        return "–".into();
    }
    let rounded = (quantity * 100.0).round() / 100.0;
    let sign = if rounded < 0.0 { "−" } else { "" };
    let abs = rounded.abs();
    let whole = abs.trunc();
    let frac = ((abs - whole) * 100.0).round() as u64;
    let whole_text = group(&format!("{whole:.0}"));
    match frac {
        0 => format!("{sign}{whole_text}"),
        f if f % 10 == 0 => format!("{sign}{whole_text}.{}", f / 10),
        f => format!("{sign}{whole_text}.{f:02}"),
    }
}

/// A quantity as a user types it into a field: no grouping, up to four
/// decimals, trailing zeros dropped ("1200", "12.5").
pub fn plain_qty(quantity: f64) -> String {
    let text = format!("{quantity:.4}");
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// A computed stock level (safety stock, reorder point, position): one
/// decimal at most, since a tenth of a unit is already finer than any shelf.
pub fn level(quantity: f64) -> String {
    qty((quantity * 10.0).round() / 10.0)
}

/// A figure with a fixed number of decimals (statistics).
pub fn fixed(value: f64, decimals: usize) -> String {
    if value.is_finite() {
        format!("{value:.decimals$}")
    } else {
        "–".into()
    }
}

/// A share as a percentage: `0.953` → `95.3 %`.
pub fn percent(share: f64) -> String {
    if share.is_finite() {
        let pct = share * 100.0;
        if (pct - pct.round()).abs() < 0.05 {
            format!("{pct:.0} %")
        } else {
            format!("{pct:.1} %")
        }
    } else {
        "–".into()
    }
}

pub fn date(date: NaiveDate) -> String {
    // By hand: chrono's strftime machinery is kilobytes of WebAssembly.
    format!("{:04}-{:02}-{:02}", date.year(), date.month(), date.day())
}

/// "2026-03" for a budget month.
pub fn month(date: NaiveDate) -> String {
    format!("{:04}-{:02}", date.year(), date.month())
}

/// "Sunday 29 November 2026".
pub fn long_date(date: NaiveDate) -> String {
    const WEEKDAYS: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let weekday = WEEKDAYS[date.weekday().num_days_from_monday() as usize];
    format!("{weekday} {} {} {}", date.day(), MONTHS[date.month0() as usize], date.year())
}

pub fn opt_date(value: Option<NaiveDate>) -> String {
    value.map(date).unwrap_or_else(|| "–".into())
}

/// A time of day from milliseconds since the epoch, in the browser's time zone.
pub fn clock(at_ms: f64) -> String {
    let when = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(at_ms));
    format!("{:02}:{:02}", when.get_hours(), when.get_minutes())
}

/// A date and time of day from milliseconds since the epoch, in the
/// browser's time zone, with seconds (saves a minute apart must differ):
/// "2026-12-06 14:05:09".
pub fn date_time(at_ms: f64) -> String {
    let when = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(at_ms));
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
        when.get_full_year(),
        when.get_month() + 1,
        when.get_date(),
        when.get_hours(),
        when.get_minutes(),
        when.get_seconds()
    )
}

/// Days of cover: "12 d", or "none" when the position is at or below zero
/// (backorders exceed what is available and on order).
pub fn cover(days: Option<f64>) -> String {
    match days {
        None => "–".into(),
        Some(days) if days <= 0.0 => "none".into(),
        Some(days) if days < 1.0 => "< 1 d".into(),
        Some(days) => format!("{} d", fixed(days, 0)),
    }
}

/// "1 SKU", "3 SKUs".
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{} {}", group(&n.to_string()), if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_groups_and_rounds_half_away_from_zero() {
        assert_eq!(money(Decimal::from_str("1234567.005").unwrap()), "1,234,567.01");
        assert_eq!(money(Decimal::from_str("-0.5").unwrap()), "−0.50");
        assert_eq!(money(Decimal::ZERO), "0.00");
        assert_eq!(money_whole(Decimal::from_str("999.5").unwrap(), "EUR"), "1,000 EUR");
    }

    #[test]
    fn dates_are_written_by_hand_like_iso_and_in_words() {
        let date = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
        assert_eq!(self::date(date), "2026-11-29");
        assert_eq!(month(date), "2026-11");
        assert_eq!(long_date(date), "Sunday 29 November 2026");
        assert_eq!(self::date(NaiveDate::from_ymd_opt(987, 1, 2).unwrap()), "0987-01-02");
    }

    #[test]
    fn quantities_drop_needless_decimals() {
        assert_eq!(qty(1200.0), "1,200");
        assert_eq!(qty(2.5), "2.5");
        assert_eq!(qty(0.125), "0.13");
        assert_eq!(qty(-3.0), "−3");
        assert_eq!(percent(0.953), "95.3 %");
        assert_eq!(percent(0.95), "95 %");
    }
}
