//! Date/times as the APIs write them: `YYYY-MM-DD HH:MM:SS`.
//!
//! Stored times are UTC milliseconds. Conversion to and from civil dates
//! uses the proleptic Gregorian calendar (days-from-civil arithmetic), so
//! no time zone database is needed for UTC.

/// Formats ms since the epoch as `YYYY-MM-DD HH:MM:SS` (UTC).
pub fn format_datetime(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02}",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Formats ms since the epoch as `YYYY-MM-DD` (UTC).
pub fn format_date(ms: i64) -> String {
    let (y, m, d) = civil_from_days(ms.div_euclid(86_400_000));
    format!("{y:04}-{m:02}-{d:02}")
}

/// Parses `YYYY-MM-DD HH:MM:SS` (or `YYYY-MM-DD`) as UTC; ms since the epoch.
pub fn parse_datetime(text: &str) -> Option<i64> {
    let text = text.trim();
    let (date, time) = match text.split_once(' ') {
        Some((date, time)) => (date, Some(time)),
        None => (text, None),
    };
    let mut date_parts = date.split('-');
    let y: i64 = date_parts.next()?.parse().ok()?;
    let m: u32 = date_parts.next()?.parse().ok()?;
    let d: u32 = date_parts.next()?.parse().ok()?;
    if date_parts.next().is_some() || !(1..=12).contains(&m) || d < 1 || d > days_in_month(y, m) {
        return None;
    }
    let mut secs = 0;
    if let Some(time) = time {
        let mut parts = time.split(':');
        let h: i64 = parts.next()?.parse().ok()?;
        let min: i64 = parts.next()?.parse().ok()?;
        let s: i64 = parts.next()?.parse().ok()?;
        if parts.next().is_some()
            || !(0..24).contains(&h)
            || !(0..60).contains(&min)
            || !(0..60).contains(&s)
        {
            return None;
        }
        secs = h * 3600 + min * 60 + s;
    }
    Some((days_from_civil(y, m, d) * 86_400 + secs) * 1000)
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_instants() {
        assert_eq!(format_datetime(0), "1970-01-01 00:00:00");
        assert_eq!(format_datetime(1_700_000_000_000), "2023-11-14 22:13:20");
        assert_eq!(format_datetime(951_782_400_000), "2000-02-29 00:00:00");
        assert_eq!(format_datetime(-1_000), "1969-12-31 23:59:59");
        assert_eq!(format_date(1_700_000_000_999), "2023-11-14");
    }

    #[test]
    fn parse_round_trips_and_rejects_nonsense() {
        for ms in [
            0,
            1_700_000_000_000,
            951_782_400_000,
            -86_400_000,
            4_102_444_799_000,
        ] {
            assert_eq!(parse_datetime(&format_datetime(ms)), Some(ms));
        }
        assert_eq!(parse_datetime("2024-02-30 00:00:00"), None);
        assert_eq!(parse_datetime("2023-02-29"), None);
        assert_eq!(parse_datetime("2024-01-01 24:00:00"), None);
        assert_eq!(parse_datetime("yesterday"), None);
        assert_eq!(parse_datetime("2024-01-01"), Some(1_704_067_200_000));
    }
}
