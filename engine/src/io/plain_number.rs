//! Reading a number in plain decimal notation as `f64` without the standard
//! library's general float parser (`core::num::dec2flt`: its code and its
//! power-of-ten tables are about 14 KiB gzip of the app's Wasm). Forms and the
//! sample generator need only plain decimals; the importers, which run in the
//! files module, keep `str::parse` and its wider grammar.

/// Why a text is not read by [`parse_plain_f64`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlainNumberError {
    /// Not of the form sign, digits, optional point and digits (spaces,
    /// letters, a second point, no digit at all, …).
    NotPlain,
    /// Plain digits with an exponent (`1e3`, `2.5E-2`): exponents are
    /// refused, not read.
    Exponent,
    /// More digits than are read exactly (see [`parse_plain_f64`]): refused
    /// rather than rounded.
    TooManyDigits,
}

/// Powers of ten up to 10^22, the largest that is an exact `f64`.
const POWERS_OF_TEN: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20,
    1e21, 1e22,
];

/// `text` in plain decimal notation as the nearest `f64`, the very value
/// `text.parse::<f64>()` gives.
///
/// Grammar: an optional `+` or `-`, then ASCII digits with at most one `.`
/// among or around them (`12`, `2.5`, `.5`, `5.`), at least one digit; no
/// spaces (the caller trims), no separators, no exponent (an exponent is
/// [`PlainNumberError::Exponent`]), no `inf` or `NaN`.
///
/// Exactness: the digits without the point form a whole number `m` and the
/// digits after the point count `s` (trailing zeros after the point and
/// leading zeros are dropped first, which changes neither). When `m < 2^53`
/// and `s ≤ 22`, both `m` and `10^s` are exact `f64`s and one IEEE division
/// `m / 10^s` rounds the exact quotient correctly, so the result is the
/// correctly rounded value of the text: Clinger's fast path (W. D. Clinger,
/// "How to Read Floating Point Numbers Accurately", PLDI 1990, section 5),
/// which `core::num::dec2flt` takes for the same inputs. Texts outside those
/// bounds are [`PlainNumberError::TooManyDigits`], never rounded silently:
/// up to 15 significant digits are always read, 16 when below 2^53. A minus
/// sign negates the result, so `-0` is `-0.0`, as `str::parse` gives.
pub fn parse_plain_f64(text: &str) -> Result<f64, PlainNumberError> {
    let bytes = text.as_bytes();
    let (negative, unsigned) = match bytes.first() {
        Some(b'-') => (true, &bytes[1..]),
        Some(b'+') => (false, &bytes[1..]),
        _ => (false, bytes),
    };
    let (number, exponent) = match unsigned.iter().position(|b| matches!(b, b'e' | b'E')) {
        Some(at) => (&unsigned[..at], Some(&unsigned[at + 1..])),
        None => (unsigned, None),
    };
    let point = number.iter().position(|&b| b == b'.');
    let (whole, fraction) = match point {
        Some(at) => (&number[..at], &number[at + 1..]),
        None => (number, &number[..0]),
    };
    let digits_only = |part: &[u8]| part.iter().all(u8::is_ascii_digit);
    if whole.len() + fraction.len() == 0 || !digits_only(whole) || !digits_only(fraction) {
        return Err(PlainNumberError::NotPlain);
    }
    if let Some(exponent) = exponent {
        let exponent = exponent.strip_prefix(b"-").or_else(|| exponent.strip_prefix(b"+")).unwrap_or(exponent);
        return Err(if !exponent.is_empty() && digits_only(exponent) {
            PlainNumberError::Exponent
        } else {
            PlainNumberError::NotPlain
        });
    }
    let fraction = &fraction[..fraction.iter().rposition(|&b| b != b'0').map_or(0, |at| at + 1)];
    if fraction.len() >= POWERS_OF_TEN.len() {
        return Err(PlainNumberError::TooManyDigits);
    }
    let mut mantissa = 0u64;
    for &digit in whole.iter().chain(fraction) {
        mantissa = mantissa * 10 + u64::from(digit - b'0');
        if mantissa >= 1 << 53 {
            return Err(PlainNumberError::TooManyDigits);
        }
    }
    let magnitude = mantissa as f64 / POWERS_OF_TEN[fraction.len()];
    Ok(if negative { -magnitude } else { magnitude })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn plain_decimals_read_as_written() {
        assert_eq!(parse_plain_f64("12"), Ok(12.0));
        assert_eq!(parse_plain_f64("2.5"), Ok(2.5));
        assert_eq!(parse_plain_f64("+0.25"), Ok(0.25));
        assert_eq!(parse_plain_f64("-.5"), Ok(-0.5));
        assert_eq!(parse_plain_f64("5."), Ok(5.0));
        assert_eq!(parse_plain_f64("007.500"), Ok(7.5));
        // 0.1 is not an f64: the nearest one, as every Rust literal rounds it.
        assert_eq!(parse_plain_f64("0.1"), Ok(0.1));
        assert!(parse_plain_f64("-0").unwrap().is_sign_negative());
        // 2^53 - 1 is the largest mantissa read; trailing zeros after the point do not count.
        assert_eq!(parse_plain_f64("9007199254740991"), Ok(9_007_199_254_740_991.0));
        assert_eq!(parse_plain_f64("1.50000000000000000000000000"), Ok(1.5));
    }

    #[test]
    fn exponents_other_shapes_and_long_numbers_are_refused() {
        assert_eq!(parse_plain_f64("1e3"), Err(PlainNumberError::Exponent));
        assert_eq!(parse_plain_f64("2.5E-2"), Err(PlainNumberError::Exponent));
        for text in ["", "-", ".", "1.2.3", " 1", "1 ", "1,5", "inf", "NaN", "e3", "1e", "1e+", "0x10", "--1"] {
            assert_eq!(parse_plain_f64(text), Err(PlainNumberError::NotPlain), "{text:?}");
        }
        // 2^53 itself, and 23 digits after the point.
        assert_eq!(parse_plain_f64("9007199254740992"), Err(PlainNumberError::TooManyDigits));
        assert_eq!(parse_plain_f64("0.00000000000000000000001"), Err(PlainNumberError::TooManyDigits));
        assert_eq!(parse_plain_f64("0.0000000000000000000001"), Ok(1e-22));
    }

    proptest! {
        #[test]
        fn reads_what_the_standard_parser_reads(
            text in "[+-]?[0-9]{0,17}(\\.[0-9]{0,24})?",
        ) {
            // Inside the domain the value is the standard parser's, bit for
            // bit (the sign of zero included); outside it, a refusal.
            match parse_plain_f64(&text) {
                Ok(value) => prop_assert_eq!(value.to_bits(), text.parse::<f64>().unwrap().to_bits()),
                Err(PlainNumberError::TooManyDigits) => prop_assert!(text.parse::<f64>().is_ok()),
                Err(error) => {
                    prop_assert_eq!(error, PlainNumberError::NotPlain);
                    prop_assert!(!text.bytes().any(|b| b.is_ascii_digit()));
                }
            }
        }

        #[test]
        fn reads_every_short_decimal_exactly(mantissa in 0u64..(1 << 53), scale in 0usize..=22, negative: bool) {
            // Every mantissa and scale of the domain, spelled out with its point.
            let digits = format!("{mantissa:0>width$}", width = scale + 1);
            let (whole, fraction) = digits.split_at(digits.len() - scale);
            let text = format!("{}{whole}.{fraction}", if negative { "-" } else { "" });
            prop_assert_eq!(parse_plain_f64(&text).map(f64::to_bits), Ok(text.parse::<f64>().unwrap().to_bits()));
        }
    }
}
