//! Time and coordinate forms that NMEA-style text protocols share.
//!
//! H02, TK103 and GPS103 devices all report the GPS receiver's own fields:
//! UTC as `hhmmss` + `ddmmyy`, coordinates as degrees and decimal minutes
//! (`DDMM.MMMM`, `DDDMM.MMMM`) with a hemisphere letter, and speed in knots.
//! Parsing them is written once here; every function is checked and
//! returns `None` for anything out of range, never panics.

/// Kilometres per hour in one knot.
pub const KMH_PER_KNOT: f64 = 1.852;

/// Milliseconds since the Unix epoch for a UTC civil date and time, or
/// `None` when a field is out of range. Two-digit years are 2000-based.
pub fn utc_ms(year: i64, month: u32, day: u32, hour: u32, minute: u32, second: u32) -> Option<i64> {
    let days_in_month = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => return None,
    };
    if day == 0 || day > days_in_month || hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    let days = days_from_civil(year, month, day);
    let seconds = days * 86_400 + i64::from(hour * 3600 + minute * 60 + second);
    Some(seconds * 1000)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
/// well-known algorithm: shift the year to start in March so the leap day
/// is last, then count 400-year eras).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil UTC date and time of `ms` since the epoch:
/// (year, month, day, hour, minute, second).
pub fn civil(ms: i64) -> (i64, u32, u32, u32, u32, u32) {
    let seconds = ms.div_euclid(1000);
    let days = seconds.div_euclid(86_400);
    let secs = seconds.rem_euclid(86_400) as u32;
    // The inverse of `days_from_civil`.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day, secs / 3600, secs / 60 % 60, secs % 60)
}

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
    }
}
