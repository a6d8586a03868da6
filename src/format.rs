//! How numbers, money and dates look on screen, in the user's locale.
//! Display only: nothing here feeds back into the engine, and files (CSV,
//! JSON, `.xlsx`) keep their documented machine format (`engine::io`).
//!
//! The locale is a per-browser display preference (Settings, "Number and
//! date format"), kept in local storage like the acting role, not in the
//! workspace: two people sharing a workspace file may read numbers
//! differently. Its separators and date pattern are read once from the
//! browser's `Intl.NumberFormat` and `Intl.DateTimeFormat` (`formatToParts`,
//! see [`from_intl`]) into a [`Locale`], and every figure is then written
//! here in Rust: a table of 10,000 rows never calls `Intl` per cell.
//!
//! What the user types stays in the machine format in every locale (a point
//! for decimals, no thousands separators, dates as the browser's date
//! picker gives them): the forms validate with the importer's rules
//! (`engine::io::form`), so a value typed in a form and the same value in a
//! CSV file are read alike. Fields that take numbers say so.

use chrono::{Datelike, NaiveDate};
use rust_decimal::prelude::*;
use std::cell::RefCell;

/// `text` with its first letter in upper case: "approve" → "Approve". The
/// texts are the app's own English words and codes, so only an ASCII first
/// letter is changed and any other is kept as it is: Unicode's upper-case
/// tables (about 5 KB gzip) stay out of the first visit's download.
pub fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
        None => String::new(),
    }
}

/// One of the three numeric fields of a short date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateField {
    Day,
    Month,
    Year,
}

/// A short numeric date: its fields in order, whether day and month are
/// written with two digits, and the text around and between them
/// (`literals[0]` before the first field … `literals[3]` after the last).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DatePattern {
    pub fields: [DateField; 3],
    pub pad_day: bool,
    pub pad_month: bool,
    pub literals: [String; 4],
}

/// How one locale writes figures.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Locale {
    /// The BCP 47 tag the browser resolved ("de-DE"); empty for the app's
    /// own style ([`Locale::iso`]).
    pub tag: String,
    /// Between groups of three digits ("," "." a narrow no-break space…).
    pub group: String,
    pub decimal: String,
    pub date: DatePattern,
}

impl Locale {
    /// The style the app wrote before it had a locale setting, and writes
    /// where there is no browser (native tests, the worker): `1,234.56`,
    /// `2026-12-07`.
    pub fn iso() -> Self {
        Locale {
            tag: String::new(),
            group: ",".into(),
            decimal: ".".into(),
            date: DatePattern {
                fields: [DateField::Year, DateField::Month, DateField::Day],
                pad_day: true,
                pad_month: true,
                literals: [String::new(), "-".into(), "-".into(), String::new()],
            },
        }
    }

    /// `1234567` → `1,234,567` in this locale's grouping.
    fn group(&self, digits: &str) -> String {
        let mut out = String::with_capacity(digits.len() + digits.len() / 3 * self.group.len());
        for (idx, ch) in digits.chars().enumerate() {
            if idx > 0 && (digits.len() - idx).is_multiple_of(3) {
                out.push_str(&self.group);
            }
            out.push(ch);
        }
        out
    }

    /// A plain machine decimal ("12.5") with this locale's decimal mark.
    fn decimal_mark(&self, text: &str) -> String {
        if self.decimal == "." {
            text.to_owned()
        } else {
            text.replace('.', &self.decimal)
        }
    }

    /// A day in this locale's short date pattern.
    pub fn date(&self, date: NaiveDate) -> String {
        let pattern = &self.date;
        let mut out = String::with_capacity(12);
        for (idx, field) in pattern.fields.iter().enumerate() {
            out.push_str(&pattern.literals[idx]);
            let _ = match field {
                DateField::Day if pattern.pad_day => write_fmt(&mut out, format_args!("{:02}", date.day())),
                DateField::Day => write_fmt(&mut out, format_args!("{}", date.day())),
                DateField::Month if pattern.pad_month => write_fmt(&mut out, format_args!("{:02}", date.month())),
                DateField::Month => write_fmt(&mut out, format_args!("{}", date.month())),
                DateField::Year => write_fmt(&mut out, format_args!("{:04}", date.year())),
            };
        }
        out.push_str(&pattern.literals[3]);
        out
    }

    /// See [`formula`].
    fn formula(&self, text: &str) -> String {
        if self.decimal == "." && self.date == Locale::iso().date {
            return text.to_owned();
        }
        // A word: ASCII letters and digits and the marks that occur inside
        // ids and machine figures. Anything else (spaces, operators,
        // brackets, "%", "²", "√", any other non-ASCII character) ends it:
        // Unicode's letter tables would cost the download kilobytes, and
        // the engine writes its words in ASCII. (An id whose non-ASCII
        // letter stands right before a figure, "Ö1.5", would show "1,5".)
        let in_word = |ch: char| ch.is_ascii_alphanumeric() || matches!(ch, '.' | '-' | '_');
        let mut out = String::with_capacity(text.len() + 8);
        let mut rest = text;
        while let Some(start) = rest.find(in_word) {
            out.push_str(&rest[..start]);
            let word_len = rest[start..].find(|ch| !in_word(ch)).unwrap_or(rest.len() - start);
            let word = &rest[start..start + word_len];
            // A sentence's closing point is not part of the word.
            let core = word.trim_end_matches('.');
            out.push_str(&self.machine_word(core).unwrap_or_else(|| core.to_owned()));
            out.push_str(&word[core.len()..]);
            rest = &rest[start + word_len..];
        }
        out.push_str(rest);
        out
    }

    /// `word` in this locale when it is a machine number ("-12.5") or an
    /// ISO day ("2026-12-07"); `None` for anything else.
    fn machine_word(&self, word: &str) -> Option<String> {
        let digits = |part: &str| !part.is_empty() && part.bytes().all(|byte| byte.is_ascii_digit());
        let unsigned = word.strip_prefix('-').unwrap_or(word);
        match unsigned.split_once('.') {
            Some((whole, fraction)) if digits(whole) && digits(fraction) => return Some(self.decimal_mark(word)),
            None if digits(unsigned) => return Some(word.to_owned()),
            _ => {}
        }
        let mut fields = word.split('-');
        let (year, month, day) = (fields.next()?, fields.next()?, fields.next()?);
        if fields.next().is_some() || year.len() != 4 || month.len() != 2 || day.len() != 2 {
            return None;
        }
        let day = NaiveDate::from_ymd_opt(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?)?;
        Some(self.date(day))
    }

    /// A month: the short date without its day ("12/2026", "12.2026",
    /// "2026-12"), the two fields joined by the text that followed the first.
    pub fn month(&self, date: NaiveDate) -> String {
        let pattern = &self.date;
        let mut kept = pattern.fields.iter().enumerate().filter(|(_, field)| **field != DateField::Day);
        let mut out = String::with_capacity(8);
        let write = |out: &mut String, field: DateField| {
            let _ = match field {
                DateField::Month if pattern.pad_month => write_fmt(out, format_args!("{:02}", date.month())),
                DateField::Month => write_fmt(out, format_args!("{}", date.month())),
                _ => write_fmt(out, format_args!("{:04}", date.year())),
            };
        };
        if let (Some((first_at, first)), Some((_, second))) = (kept.next(), kept.next()) {
            write(&mut out, *first);
            out.push_str(&pattern.literals[first_at + 1]);
            write(&mut out, *second);
        }
        out
    }
}

fn write_fmt(out: &mut String, args: std::fmt::Arguments) -> std::fmt::Result {
    std::fmt::Write::write_fmt(out, args)
}

thread_local! {
    static CURRENT: RefCell<Locale> = RefCell::new(Locale::iso());
}

/// Format with the current locale.
fn with<R>(f: impl FnOnce(&Locale) -> R) -> R {
    CURRENT.with(|current| f(&current.borrow()))
}

/// The locale figures are written in now.
pub fn current() -> Locale {
    with(Locale::clone)
}

/// Write figures in `locale` from now on (pages drawn after this call).
pub fn set_current(locale: Locale) {
    CURRENT.with(|current| *current.borrow_mut() = locale);
}

/// The locales offered besides the browser's own, with their names.
pub const CHOICES: &[(&str, &str)] = &[
    ("en-US", "English (United States)"),
    ("en-GB", "English (United Kingdom)"),
    ("de-DE", "Deutsch (Deutschland)"),
    ("fr-FR", "Français (France)"),
    ("nl-NL", "Nederlands (Nederland)"),
];

const STORAGE_KEY: &str = "stockpilot.number-format.v1";

/// The locale chosen in this browser: `None` for the browser's own.
pub fn stored_choice() -> Option<&'static str> {
    let stored = crate::stored_json::parse_string(&crate::stored_json::local_storage_text(STORAGE_KEY)?)?;
    CHOICES.iter().map(|(tag, _)| *tag).find(|tag| *tag == stored)
}

/// Remember `choice` (`None`: the browser's own) and write figures in it from
/// now on. A browser without local storage keeps it for this visit only.
pub fn choose(choice: Option<&str>) {
    use gloo_storage::{LocalStorage, Storage};
    match choice {
        Some(tag) => {
            let _ = LocalStorage::set(STORAGE_KEY, tag);
        }
        None => LocalStorage::delete(STORAGE_KEY),
    }
    set_current(from_intl(choice));
}

/// Start-up: the stored choice, or the browser's locale.
pub fn init() {
    set_current(from_intl(stored_choice()));
}

/// The browser's figures for `tag` (or its own locale): the group and
/// decimal marks of `Intl.NumberFormat` formatting 1234567.5, and the order,
/// separators and padding of its short date (`Intl.DateTimeFormat`,
/// `dateStyle: "short"`, CLDR's short date pattern) formatting 5 January
/// 2026, whose one-digit day and month show whether they are padded. The year
/// is always written with four digits (the short pattern of some locales
/// has two, which a plan reaching into next year cannot afford). Latin
/// digits and the Gregorian calendar are asked for: the app writes ASCII
/// digits. A pattern that is not one day, one month and one year falls back
/// to the ISO date.
pub fn from_intl(tag: Option<&str>) -> Locale {
    use js_sys::{Array, Intl, Object, Reflect};
    use wasm_bindgen::JsValue;
    let text = |object: &JsValue, key: &str| {
        Reflect::get(object, &JsValue::from_str(key)).ok().and_then(|value| value.as_string()).unwrap_or_default()
    };
    let locales = Array::new();
    if let Some(tag) = tag {
        locales.push(&JsValue::from_str(tag));
    }
    let options = Object::new();
    let _ = Reflect::set(&options, &"numberingSystem".into(), &"latn".into());
    let numbers = Intl::NumberFormat::new(&locales, &options);
    let mut locale = Locale::iso();
    locale.tag = text(&numbers.resolved_options(), "locale");
    let mut group = String::new();
    let mut decimal = ".".to_owned();
    for part in numbers.format_to_parts(1_234_567.5).iter() {
        match text(&part, "type").as_str() {
            "group" if group.is_empty() => group = text(&part, "value"),
            "decimal" => decimal = text(&part, "value"),
            _ => {}
        }
    }
    locale.group = group;
    locale.decimal = decimal;
    let _ = Reflect::set(&options, &"calendar".into(), &"gregory".into());
    let _ = Reflect::set(&options, &"dateStyle".into(), &"short".into());
    let dates = Intl::DateTimeFormat::new(&locales, &options);
    let parts: Vec<(String, String)> = dates
        .format_to_parts(&js_sys::Date::new_with_year_month_day(2026, 0, 5))
        .iter()
        .map(|part| (text(&part, "type"), text(&part, "value")))
        .collect();
    if let Some(pattern) = date_pattern(&parts) {
        locale.date = pattern;
    }
    locale
}

/// A short date pattern from the parts of 5 January 2026 (`formatToParts`
/// types and values); `None` unless it is exactly one day, one month and one
/// year with text only around and between them.
fn date_pattern(parts: &[(String, String)]) -> Option<DatePattern> {
    let mut fields = Vec::new();
    let mut literals = vec![String::new()];
    let (mut pad_day, mut pad_month) = (false, false);
    for (kind, value) in parts {
        match kind.as_str() {
            "day" => {
                pad_day = value.len() == 2;
                fields.push(DateField::Day);
                literals.push(String::new());
            }
            "month" => {
                pad_month = value.len() == 2;
                fields.push(DateField::Month);
                literals.push(String::new());
            }
            "year" => {
                fields.push(DateField::Year);
                literals.push(String::new());
            }
            "literal" => literals.last_mut()?.push_str(value),
            _ => return None,
        }
    }
    let fields: [DateField; 3] = fields.try_into().ok()?;
    if !fields.contains(&DateField::Day) || !fields.contains(&DateField::Month) || !fields.contains(&DateField::Year) {
        return None;
    }
    let literals: [String; 4] = literals.try_into().ok()?;
    Some(DatePattern { fields, pad_day, pad_month, literals })
}

/// The sign of a figure that is negative after rounding.
fn minus(negative: bool) -> &'static str {
    if negative {
        "−"
    } else {
        ""
    }
}

/// Money with two decimals and grouped thousands, rounded half away from zero.
pub fn money(amount: Decimal) -> String {
    with(|locale| money_with(locale, amount))
}

fn money_with(locale: &Locale, amount: Decimal) -> String {
    let rounded = amount.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    let text = format!("{:.2}", rounded.abs());
    let (whole, cents) = text.split_once('.').unwrap_or((&text, "00"));
    let sign = minus(rounded.is_sign_negative() && !rounded.is_zero());
    format!("{sign}{}{}{cents}", locale.group(whole), locale.decimal)
}

/// Money with its currency code: `1,234.50 EUR`.
pub fn money_in(amount: Decimal, currency: &str) -> String {
    format!("{} {currency}", money(amount))
}

/// A whole-currency figure for dashboards: `12,345 EUR`.
pub fn money_whole(amount: Decimal, currency: &str) -> String {
    let rounded = amount.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero);
    let sign = minus(rounded.is_sign_negative() && !rounded.is_zero());
    with(|locale| format!("{sign}{} {currency}", locale.group(&rounded.abs().to_string())))
}

/// A quantity: whole numbers without decimals, others with up to two.
pub fn qty(quantity: f64) -> String {
    with(|locale| qty_with(locale, quantity))
}

fn qty_with(locale: &Locale, quantity: f64) -> String {
    if !quantity.is_finite() {
        return "–".into();
    }
    let rounded = (quantity * 100.0).round() / 100.0;
    let sign = minus(rounded < 0.0);
    let abs = rounded.abs();
    let whole = abs.trunc();
    let frac = ((abs - whole) * 100.0).round() as u64;
    let whole_text = locale.group(&format!("{whole:.0}"));
    let decimal = &locale.decimal;
    match frac {
        0 => format!("{sign}{whole_text}"),
        f if f % 10 == 0 => format!("{sign}{whole_text}{decimal}{}", f / 10),
        f => format!("{sign}{whole_text}{decimal}{f:02}"),
    }
}

/// A quantity as a user types it into a field, in the machine format in
/// every locale (see the module's note): no grouping, a point for decimals,
/// up to four decimals, trailing zeros dropped ("1200", "12.5").
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
        with(|locale| locale.decimal_mark(&format!("{value:.decimals$}")))
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
            with(|locale| format!("{} %", locale.decimal_mark(&format!("{pct:.1}"))))
        }
    } else {
        "–".into()
    }
}

/// A day in the locale's short numeric pattern: "2026-12-07" (the app's
/// own), "12/7/2026" (en-US), "07.12.2026" (de-DE). By hand: chrono's
/// strftime machinery is kilobytes of WebAssembly.
pub fn date(date: NaiveDate) -> String {
    with(|locale| locale.date(date))
}

/// A day as a user types it into a field and as files write it, in every
/// locale: "2026-12-07".
pub fn iso_date(date: NaiveDate) -> String {
    Locale::iso().date(date)
}

/// A budget month: "2026-03" (the app's own), "3/2026" (en-US), "03.2026" (de-DE).
pub fn month(date: NaiveDate) -> String {
    with(|locale| locale.month(date))
}

/// An explanation's text (a formula with its figures, a result) in the
/// locale: the engine writes machine figures ("12.5", "2026-12-07"; no
/// thousands separators, see `stockpilot_engine::plan::explain`), and
/// the page shows them as every other figure on it is shown ("12,5",
/// "07.12.2026" in de-DE). Only whole words that are a number or an ISO
/// day change: a point inside an id ("PO-2026.12", "v1.2") or a word
/// stays, and so do the operators and the clause separators ", " and "; "
/// (a decimal comma is never followed by a space). Digit grouping is not
/// added: a buyer recomputes from these figures.
pub fn formula(text: &str) -> String {
    with(|locale| locale.formula(text))
}

/// The day in words: "Sunday 29 November 2026" in the app's own style,
/// otherwise as the browser writes a long date in the locale (one call to
/// `Intl` per date shown: it is used in page headings, never in tables).
pub fn long_date(date: NaiveDate) -> String {
    let tag = with(|locale| locale.tag.clone());
    if tag.is_empty() || !cfg!(target_arch = "wasm32") {
        english_long_date(date)
    } else {
        intl_long_date(&tag, date).unwrap_or_else(|| english_long_date(date))
    }
}

fn intl_long_date(tag: &str, date: NaiveDate) -> Option<String> {
    use js_sys::{Array, Intl, Object, Reflect};
    use wasm_bindgen::JsValue;
    let options = Object::new();
    for (key, value) in [("weekday", "long"), ("day", "numeric"), ("month", "long"), ("year", "numeric")] {
        Reflect::set(&options, &key.into(), &value.into()).ok()?;
    }
    let _ = Reflect::set(&options, &"calendar".into(), &"gregory".into());
    let format = Intl::DateTimeFormat::new(&Array::of1(&JsValue::from_str(tag)), &options).format();
    let day = js_sys::Date::new_with_year_month_day(date.year() as u32, date.month0() as i32, date.day() as i32);
    format.call1(&JsValue::NULL, &day).ok()?.as_string()
}

fn english_long_date(date: NaiveDate) -> String {
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
/// "2026-12-06 14:05:09", the date in the locale's pattern, the time on a
/// 24-hour clock.
pub fn date_time(at_ms: f64) -> String {
    let when = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(at_ms));
    let day = NaiveDate::from_ymd_opt(when.get_full_year() as i32, when.get_month() + 1, when.get_date());
    format!(
        "{} {:02}:{:02}:{:02}",
        day.map(date).unwrap_or_default(),
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
    with(|locale| format!("{} {}", locale.group(&n.to_string()), if n == 1 { one } else { many }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capitalised_changes_an_ascii_first_letter_only() {
        assert_eq!(capitalised("approve the order"), "Approve the order");
        assert_eq!(capitalised("Sent"), "Sent");
        assert_eq!(capitalised(""), "");
        assert_eq!(capitalised("überfällig"), "überfällig", "kept: no Unicode tables on the page");
    }

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

    /// The parts `Intl.DateTimeFormat(tag, { dateStyle: "short" })` gives
    /// for 5 January 2026, as CLDR's short date patterns say (CLDR 44,
    /// `dateFormatLength type="short"`): en-US `M/d/yy`, en-GB `dd/MM/y`,
    /// de `dd.MM.yy`, fr `dd/MM/y`, nl `dd-MM-y`.
    fn short_date_parts(tag: &str) -> Vec<(String, String)> {
        let part = |kind: &str, value: &str| (kind.to_owned(), value.to_owned());
        let lit = |value: &str| part("literal", value);
        match tag {
            "en-US" => vec![part("month", "1"), lit("/"), part("day", "5"), lit("/"), part("year", "26")],
            "en-GB" => vec![part("day", "05"), lit("/"), part("month", "01"), lit("/"), part("year", "2026")],
            "de-DE" => vec![part("day", "05"), lit("."), part("month", "01"), lit("."), part("year", "26")],
            "fr-FR" => vec![part("day", "05"), lit("/"), part("month", "01"), lit("/"), part("year", "2026")],
            "nl-NL" => vec![part("day", "05"), lit("-"), part("month", "01"), lit("-"), part("year", "2026")],
            _ => unreachable!(),
        }
    }

    /// A locale as the browser reports it: CLDR 44's decimal and group
    /// symbols (`numbers/symbols[@numberSystem="latn"]`): en "." and ",";
    /// de and nl "," and "."; fr "," and U+202F NARROW NO-BREAK SPACE.
    fn cldr(tag: &str) -> Locale {
        let (decimal, group) = match tag {
            "en-US" | "en-GB" => (".", ","),
            "de-DE" | "nl-NL" => (",", "."),
            "fr-FR" => (",", "\u{202f}"),
            _ => unreachable!(),
        };
        Locale {
            tag: tag.to_owned(),
            group: group.to_owned(),
            decimal: decimal.to_owned(),
            date: date_pattern(&short_date_parts(tag)).expect("a day, a month and a year"),
        }
    }

    fn in_locale<R>(tag: &str, f: impl FnOnce() -> R) -> R {
        set_current(cldr(tag));
        let result = f();
        set_current(Locale::iso());
        result
    }

    #[test]
    fn numbers_follow_the_locale_as_cldr_writes_them() {
        let amount = Decimal::from_str("1234.56").unwrap();
        assert_eq!(in_locale("de-DE", || money(amount)), "1.234,56");
        assert_eq!(in_locale("en-US", || money(amount)), "1,234.56");
        assert_eq!(in_locale("en-GB", || money(amount)), "1,234.56");
        assert_eq!(in_locale("fr-FR", || money(amount)), "1\u{202f}234,56");
        assert_eq!(in_locale("nl-NL", || money(amount)), "1.234,56");
        assert_eq!(in_locale("de-DE", || money_whole(Decimal::from(-1_234_567), "EUR")), "−1.234.567 EUR");
        assert_eq!(in_locale("de-DE", || qty(1234.5)), "1.234,5");
        assert_eq!(in_locale("fr-FR", || qty(1_200_000.0)), "1\u{202f}200\u{202f}000");
        assert_eq!(in_locale("de-DE", || fixed(2.25, 2)), "2,25");
        assert_eq!(in_locale("de-DE", || percent(0.953)), "95,3 %");
        assert_eq!(in_locale("de-DE", || count(12_345, "SKU", "SKUs")), "12.345 SKUs");
        // What the user types stays in the machine format.
        assert_eq!(in_locale("de-DE", || plain_qty(1234.5)), "1234.5");
    }

    #[test]
    fn dates_follow_the_locale_with_four_digit_years() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        assert_eq!(in_locale("de-DE", || date(day)), "07.12.2026");
        assert_eq!(in_locale("en-US", || date(day)), "12/7/2026");
        assert_eq!(in_locale("en-GB", || date(day)), "07/12/2026");
        assert_eq!(in_locale("fr-FR", || date(day)), "07/12/2026");
        assert_eq!(in_locale("nl-NL", || date(day)), "07-12-2026");
        let march = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        assert_eq!(in_locale("de-DE", || month(march)), "03.2026");
        assert_eq!(in_locale("en-US", || month(march)), "3/2026");
        assert_eq!(month(march), "2026-03");
        assert_eq!(in_locale("de-DE", || iso_date(day)), "2026-12-07", "what a form field holds");
    }

    #[test]
    fn formulas_take_the_locales_decimal_mark_and_days_but_ids_stay() {
        let text = "SS = 1.645 × √(3.2² × 14) = 11.5 units; d = -0.25 + 12 = 11.75, \
                    PO-2026.12 from v1.2 arrives 2026-12-07. Cover is 3.5.";
        assert_eq!(
            in_locale("de-DE", || formula(text)),
            "SS = 1,645 × √(3,2² × 14) = 11,5 units; d = -0,25 + 12 = 11,75, \
             PO-2026.12 from v1.2 arrives 07.12.2026. Cover is 3,5."
        );
        assert_eq!(in_locale("en-US", || formula("on 2026-12-07: 97.5 %")), "on 12/7/2026: 97.5 %");
        assert_eq!(formula(text), text, "the app's own style is the engine's");
        // Not a day, not a number: kept as written.
        assert_eq!(in_locale("de-DE", || formula("2026-13-40 1.2.3 1. .5")), "2026-13-40 1.2.3 1. .5");
        assert_eq!(in_locale("fr-FR", || formula("(s, Q) = (10.5, 20)")), "(s, Q) = (10,5, 20)");
    }

    #[test]
    fn a_date_pattern_needs_one_day_month_and_year() {
        let part = |kind: &str, value: &str| (kind.to_owned(), value.to_owned());
        assert_eq!(date_pattern(&[part("month", "1"), part("literal", "/"), part("year", "2026")]), None);
        assert_eq!(
            date_pattern(&[part("day", "5"), part("month", "1"), part("weekday", "Mon"), part("year", "2026")]),
            None
        );
        assert_eq!(
            date_pattern(&[part("day", "5"), part("month", "1"), part("day", "5")]),
            None,
            "twice the day and no year"
        );
    }
}
