//! Calendar dates to Unix time, for protocols that send civil UTC dates.
//!
//! Devices send dates as text or BCD fields (`DDMMYY`, `YYMMDDhhmmss`, …);
//! each protocol parses its own layout and calls [`utc_ms`] with the parts.
//! Written out here (Howard Hinnant's days-from-civil) so the crate needs no
//! date library for one conversion.

/// A server clock: milliseconds since the Unix epoch, UTC. Codecs that
/// stamp or answer with the current time take one, so tests can fix it.
pub type Clock = fn() -> i64;

/// The system clock.
pub fn system_clock() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// Milliseconds since the Unix epoch for a UTC civil time, or `None` when a
/// part is out of range (month 1..=12, day 1..=31 and valid for the month,
/// hour < 24, minute < 60, second < 61 to admit a leap second).
pub fn utc_ms(year: i64, month: u32, day: u32, hour: u32, minute: u32, second: u32) -> Option<i64> {
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return None;
    }
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let days = days_from_civil(year, month, day);
    let seconds = days * 86_400 + i64::from(hour * 3600 + minute * 60 + second);
    Some(seconds * 1000)
}

/// Days since 1970-01-01 of a proleptic Gregorian date.
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    // Count years from March, so the leap day is the last day of a year.
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let m = i64::from(month);
    let day_of_year = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The (year, month, day) of a count of days since 1970-01-01: the
/// inverse of [`utc_ms`]'s date part.
pub fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// The civil UTC date and time of `ms` since the epoch:
/// (year, month, day, hour, minute, second).
pub fn civil(ms: i64) -> (i64, u32, u32, u32, u32, u32) {
    let seconds = ms.div_euclid(1000);
    let secs = seconds.rem_euclid(86_400) as u32;
    let (year, month, day) = civil_from_days(seconds.div_euclid(86_400));
    (
        year,
        month as u32,
        day as u32,
        secs / 3600,
        secs / 60 % 60,
        secs % 60,
    )
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_instants() {
        assert_eq!(utc_ms(1970, 1, 1, 0, 0, 0), Some(0));
        assert_eq!(utc_ms(2000, 2, 29, 0, 0, 0), Some(951_782_400_000));
        // 2013-04-27 20:56:01 UTC
        assert_eq!(utc_ms(2013, 4, 27, 20, 56, 1), Some(1_367_096_161_000));
        assert_eq!(utc_ms(2023, 2, 29, 0, 0, 0), None);
        assert_eq!(utc_ms(2023, 13, 1, 0, 0, 0), None);
        assert_eq!(utc_ms(2023, 1, 1, 24, 0, 0), None);
        assert_eq!(civil_from_days(15_822), (2013, 4, 27));
        assert_eq!(civil_from_days(0), (1970, 1, 1));
    }
}
