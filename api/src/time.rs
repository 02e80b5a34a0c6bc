//! Date/times as the APIs write them: `YYYY-MM-DD HH:MM:SS`.
//!
//! Stored times are UTC milliseconds; the calendar arithmetic is the
//! protocols crate's (`datetime`), shared with every device codec.

use std::fmt;

use serde::{Serialize, Serializer};
use trackgate_actors::protocols::datetime::{civil, utc_ms};

/// An instant (ms since the epoch) written as `YYYY-MM-DD HH:MM:SS` (UTC).
///
/// It displays and serialises straight into the output, so typed answers
/// write their timestamps without allocating a string for each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateTime(pub i64);

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d, hh, mm, ss) = civil(self.0);
        write!(f, "{y:04}-{m:02}-{d:02} {hh:02}:{mm:02}:{ss:02}")
    }
}

impl Serialize for DateTime {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// Formats ms since the epoch as `YYYY-MM-DD HH:MM:SS` (UTC).
pub fn format_datetime(ms: i64) -> String {
    DateTime(ms).to_string()
}

/// Formats ms since the epoch as `YYYY-MM-DD` (UTC).
pub fn format_date(ms: i64) -> String {
    let (y, m, d, ..) = civil(ms);
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
    let year: i64 = date_parts.next()?.parse().ok()?;
    let month: u32 = date_parts.next()?.parse().ok()?;
    let day: u32 = date_parts.next()?.parse().ok()?;
    let (mut hour, mut minute, mut second) = (0, 0, 0);
    if let Some(time) = time {
        let mut parts = time.split(':');
        hour = parts.next()?.parse().ok()?;
        minute = parts.next()?.parse().ok()?;
        second = parts.next()?.parse().ok()?;
        if parts.next().is_some() || second > 59 {
            return None;
        }
    }
    if date_parts.next().is_some() {
        return None;
    }
    utc_ms(year, month, day, hour, minute, second)
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
        assert_eq!(
            serde_json::to_string(&DateTime(1_700_000_000_000)).unwrap(),
            r#""2023-11-14 22:13:20""#
        );
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
