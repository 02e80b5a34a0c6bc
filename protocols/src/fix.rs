//! Time and coordinate forms that NMEA-style text protocols share.
//!
//! H02, TK103 and GPS103 devices all report the GPS receiver's own fields:
//! UTC as `hhmmss` + `ddmmyy`, coordinates as degrees and decimal minutes
//! (`DDMM.MMMM`, `DDDMM.MMMM`) with a hemisphere letter, and speed in knots.
//! Parsing them is written once here; every function is checked and
//! returns `None` for anything out of range, never panics.

/// Kilometres per hour in one knot.
pub const KMH_PER_KNOT: f64 = 1.852;

pub use crate::datetime::{civil, utc_ms};

/// `n` ASCII digits as a number, if they are all digits.
pub fn digits(text: &str) -> Option<u32> {
    if text.is_empty() || text.len() > 9 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// `ddmmyy` + `hhmmss` (each exactly six digits) as UTC milliseconds.
pub fn ddmmyy_hhmmss(date: &str, time: &str) -> Option<i64> {
    let (d, t) = (pairs(date)?, pairs(time)?);
    utc_ms(2000 + i64::from(d[2]), d[1], d[0], t[0], t[1], t[2])
}

/// Six digits as three two-digit numbers.
fn pairs(text: &str) -> Option<[u32; 3]> {
    if text.len() != 6 {
        return None;
    }
    let n = digits(text)?;
    Some([n / 10_000, n / 100 % 100, n % 100])
}

/// Degrees from `DDMM.MMMM` / `DDDMM.MMMM` (degrees × 100 + minutes), in
/// the absolute; the hemisphere gives the sign. Minutes must be below 60.
pub fn degrees_minutes(text: &str) -> Option<f64> {
    let text = text.trim();
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return None;
    }
    let value: f64 = text.parse().ok()?;
    let degrees = (value / 100.0).trunc();
    let minutes = value - degrees * 100.0;
    (minutes < 60.0).then_some(degrees + minutes / 60.0)
}

/// Applies a hemisphere letter: `N`/`E` keep the sign, `S`/`W` negate.
pub fn hemisphere(value: f64, letter: &str) -> Option<f64> {
    match letter {
        "N" | "E" => Some(value),
        "S" | "W" => Some(-value),
        _ => None,
    }
}

/// A coordinate from `DDMM.MMMM` / `DDDMM.MMMM` (leading spaces allowed)
/// and its hemisphere letter, signed, if it is within ±`max` degrees.
pub fn coordinate(text: &str, letter: &str, max: f64) -> Option<f64> {
    let degrees = degrees_minutes(text).filter(|d| *d <= max)?;
    hemisphere(degrees, letter)
}

/// Twelve digits `yyMMddHHmmss` (years from 2000) as UTC milliseconds.
pub fn yymmddhhmmss(text: &str) -> Option<i64> {
    if text.len() != 12 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n = |i: usize| text[i..i + 2].parse::<u32>().ok();
    utc_ms(2000 + i64::from(n(0)?), n(2)?, n(4)?, n(6)?, n(8)?, n(10)?)
}

/// Signed decimal degrees (`-15.804260`), if within ±`max`.
pub fn signed_degrees(text: &str, max: f64) -> Option<f64> {
    signed_decimal(text).filter(|d| d.abs() <= max)
}

/// A non-negative decimal number (digits and at most one point; leading
/// spaces allowed), if it is one.
pub fn decimal(text: &str) -> Option<f64> {
    let text = text.trim();
    let digits = text.bytes().filter(u8::is_ascii_digit).count();
    let points = text.bytes().filter(|&b| b == b'.').count();
    if digits == 0 || digits + points != text.len() || points > 1 {
        return None;
    }
    text.parse().ok()
}

/// A decimal number with an optional leading minus sign (signed decimal
/// degrees, altitudes), if it is one.
pub fn signed_decimal(text: &str) -> Option<f64> {
    match text.trim().strip_prefix('-') {
        Some(rest) => decimal(rest).map(|v| -v),
        None => decimal(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trips_and_checks_ranges() {
        // 2015-12-22 16:45:49 UTC.
        let ms = utc_ms(2015, 12, 22, 16, 45, 49).expect("valid");
        assert_eq!(ms, 1_450_802_749_000);
        assert_eq!(civil(ms), (2015, 12, 22, 16, 45, 49));
        assert_eq!(civil(0), (1970, 1, 1, 0, 0, 0));
        assert_eq!(
            utc_ms(2024, 2, 29, 0, 0, 0).map(civil),
            Some((2024, 2, 29, 0, 0, 0))
        );
        assert_eq!(utc_ms(2023, 2, 29, 0, 0, 0), None);
        assert_eq!(utc_ms(2023, 13, 1, 0, 0, 0), None);
        assert_eq!(ddmmyy_hhmmss("221215", "164549"), Some(1_450_802_749_000));
        assert_eq!(ddmmyy_hhmmss("000000", "000000"), None);
        assert_eq!(ddmmyy_hhmmss("22121", "164549"), None);
    }

    #[test]
    fn degrees_and_minutes() {
        let lat = degrees_minutes("0956.3869").expect("valid");
        assert!((lat - 9.939_781_7).abs() < 1e-6);
        assert_eq!(hemisphere(1.5, "W"), Some(-1.5));
        assert_eq!(hemisphere(1.5, "0"), None);
        assert_eq!(degrees_minutes("1261.0"), None, "61 minutes");
        assert_eq!(degrees_minutes("-12"), None);
        assert_eq!(digits("12a"), None);
        let south = coordinate(" 2555.3531", "S", 90.0).expect("valid");
        assert!((south + 25.922_551_7).abs() < 1e-6);
        assert_eq!(coordinate("9100.0000", "N", 90.0), None);
        assert_eq!(decimal(" 46.0"), Some(46.0));
        assert_eq!(decimal("1.2.3"), None);
        assert_eq!(decimal("."), None);
        assert_eq!(decimal("-1"), None);
        assert_eq!(signed_decimal("-38.5"), Some(-38.5));
        assert_eq!(signed_decimal("12"), Some(12.0));
        assert_eq!(signed_decimal("--1"), None);
        assert_eq!(yymmddhhmmss("151221164549"), Some(1_450_716_349_000));
        assert_eq!(yymmddhhmmss("15122116454"), None);
        assert_eq!(signed_degrees("-15.5", 90.0), Some(-15.5));
        assert_eq!(signed_degrees("90.5", 90.0), None);
        assert_eq!(signed_degrees("--1", 90.0), None);
    }
}
