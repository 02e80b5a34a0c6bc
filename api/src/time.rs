//! Date/times as the APIs write and read them: `YYYY-MM-DD HH:MM:SS`.
//!
//! Stored times are UTC milliseconds. The Server API writes and reads them
//! as UTC ([`DateTime`], [`format_datetime`], [`parse_datetime`]); the User
//! API in the caller's time zone ([`UserZone`]), as Navixy's does.
//!
//! Time zones come from the tz database compiled into the binary (jiff's
//! bundled copy), so they work the same on every host, with or without a
//! system zoneinfo directory.
//!
//! Local times that a zone skips or repeats are read deliberately:
//! - a time inside a gap (the hour skipped when clocks go forward) is the
//!   instant of the transition, the first instant that exists after it;
//! - a time inside a fold (the hour repeated when clocks go back) is its
//!   earlier or later instant as the caller picks ([`Pick`]): a period's
//!   start takes the earlier, its end the later, so the period covers both.

use std::fmt;

use jiff::Timestamp;
use jiff::tz::{AmbiguousOffset, TimeZone};
use serde::{Serialize, Serializer};
use trackgate_protocols::datetime::{civil, utc_ms};
use trackgate_store::User;

/// An instant (ms since the epoch) written as `YYYY-MM-DD HH:MM:SS` (UTC).
///
/// It displays and serialises straight into the output, so typed answers
/// write their timestamps without allocating a string for each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateTime(pub i64);

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_civil(f, self.0)
    }
}

impl Serialize for DateTime {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize_civil(serializer, self.0, self)
    }
}

fn write_civil(f: &mut fmt::Formatter<'_>, ms: i64) -> fmt::Result {
    let (y, m, d, hh, mm, ss) = civil(ms);
    write!(f, "{y:04}-{m:02}-{d:02} {hh:02}:{mm:02}:{ss:02}")
}

/// `YYYY-MM-DD HH:MM:SS` of `ms` in a buffer of its own, for years 0 to
/// 9999 (every other is written through `Display`).
fn civil_bytes(ms: i64) -> Option<[u8; 19]> {
    let (y, m, d, hh, mm, ss) = civil(ms);
    let y = u32::try_from(y).ok().filter(|y| *y <= 9_999)?;
    let mut out = *b"0000-00-00 00:00:00";
    let mut two = |at: usize, n: u32| {
        out[at] = b'0' + (n / 10 % 10) as u8;
        out[at + 1] = b'0' + (n % 10) as u8;
    };
    two(0, y / 100);
    two(2, y % 100);
    two(5, m);
    two(8, d);
    two(11, hh);
    two(14, mm);
    two(17, ss);
    Some(out)
}

/// Serialises the time at `ms` as one string: written into a buffer and
/// handed over whole, so an answer with thousands of times (a
/// `get_states` of 2,000 trackers has about 25,000) does not format and
/// escape each one piece by piece. `shown` writes the rare others.
fn serialize_civil<S: Serializer>(
    serializer: S,
    ms: i64,
    shown: &dyn fmt::Display,
) -> Result<S::Ok, S::Error> {
    match civil_bytes(ms) {
        // Digits, '-', ' ' and ':' only: always UTF-8.
        Some(bytes) => match std::str::from_utf8(&bytes) {
            Ok(text) => serializer.serialize_str(text),
            Err(_) => serializer.collect_str(shown),
        },
        None => serializer.collect_str(shown),
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
    let (year, month, day, hour, minute, second) = parse_civil(text)?;
    utc_ms(year, month, day, hour, minute, second)
}

/// The fields of `YYYY-MM-DD HH:MM:SS` (or `YYYY-MM-DD`, at midnight), checked
/// for range; the day against its month.
fn parse_civil(text: &str) -> Option<(i64, u32, u32, u32, u32, u32)> {
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
    // Validates the whole date and time (`utc_ms` refuses what does not exist).
    utc_ms(year, month, day, hour, minute, second)?;
    Some((year, month, day, hour, minute, second))
}

/// Which instant a repeated local time (a fold) stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pick {
    /// The first time the clock shows it: for the start of a period.
    Earlier,
    /// The second time the clock shows it: for the end of a period.
    Later,
}

/// A user's time zone: how the User API writes instants for that user and
/// reads the local times the user sends.
#[derive(Debug, Clone)]
pub struct UserZone {
    tz: TimeZone,
    name: String,
}

impl UserZone {
    /// UTC.
    pub fn utc() -> Self {
        Self {
            tz: TimeZone::UTC,
            name: "UTC".into(),
        }
    }

    /// The zone with IANA name `name` (e.g. `Europe/Berlin`), if the tz
    /// database knows it. Names are matched without regard to ASCII case and
    /// kept in the database's spelling.
    pub fn named(name: &str) -> Option<Self> {
        if name.is_empty() || name.len() > 64 {
            return None;
        }
        let tz = TimeZone::get(name).ok()?;
        let name = tz.iana_name().unwrap_or(name).to_owned();
        Some(Self { tz, name })
    }

    /// The zone `user` chose; UTC when the stored name is unknown to the tz
    /// database (it is validated when set, so only a database from a newer
    /// release could hold such a name).
    pub fn of(user: &User) -> Self {
        Self::named(&user.time_zone).unwrap_or_else(|| {
            tracing::warn!(user = user.id.0, zone = %user.time_zone, "unknown time zone, using UTC");
            Self::utc()
        })
    }

    /// The zone's IANA name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The instant `ms` as this zone's clock shows it.
    pub fn at(&self, ms: i64) -> LocalTime {
        let offset_s = Timestamp::from_millisecond(ms)
            .map(|ts| self.tz.to_offset(ts).seconds())
            .unwrap_or(0);
        LocalTime { ms, offset_s }
    }

    /// `at` for an optional instant.
    pub fn at_opt(&self, ms: Option<i64>) -> Option<LocalTime> {
        ms.map(|ms| self.at(ms))
    }

    /// The local date of the instant `ms`, `YYYY-MM-DD`.
    pub fn date(&self, ms: i64) -> String {
        let local = self.at(ms);
        format_date(local.ms + i64::from(local.offset_s) * 1000)
    }

    /// Reads a local `YYYY-MM-DD HH:MM:SS` (or `YYYY-MM-DD`) in this zone;
    /// ms since the epoch. Gaps and folds are read as the module says.
    pub fn parse(&self, text: &str, pick: Pick) -> Option<i64> {
        let (year, month, day, hour, minute, second) = parse_civil(text)?;
        let local_ms = utc_ms(year, month, day, hour, minute, second)?;
        let civil = jiff::civil::DateTime::new(
            i16::try_from(year).ok()?,
            month as i8,
            day as i8,
            hour as i8,
            minute as i8,
            second as i8,
            0,
        )
        .ok()?;
        let shifted = |offset: jiff::tz::Offset| local_ms - i64::from(offset.seconds()) * 1000;
        match self.tz.to_ambiguous_timestamp(civil).offset() {
            AmbiguousOffset::Unambiguous { offset } => Some(shifted(offset)),
            AmbiguousOffset::Fold { before, after } => {
                let (a, b) = (shifted(before), shifted(after));
                Some(match pick {
                    Pick::Earlier => a.min(b),
                    Pick::Later => a.max(b),
                })
            }
            AmbiguousOffset::Gap { before, after } => {
                // The transition lies between the two readings of the time.
                let earliest = shifted(before).min(shifted(after));
                let from = Timestamp::from_millisecond(earliest).ok()?;
                let transition = self.tz.following(from).next()?;
                Some(transition.timestamp().as_millisecond())
            }
        }
    }
}

/// An instant and the offset of the zone it is shown in: written as the
/// local `YYYY-MM-DD HH:MM:SS`, straight into the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LocalTime {
    /// The instant, ms since the epoch.
    pub ms: i64,
    /// The zone's offset from UTC at that instant, in seconds.
    pub offset_s: i32,
}

impl fmt::Display for LocalTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_civil(f, self.ms.saturating_add(i64::from(self.offset_s) * 1000))
    }
}

impl Serialize for LocalTime {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let local = self.ms.saturating_add(i64::from(self.offset_s) * 1000);
        serialize_civil(serializer, local, self)
    }
}

#[cfg(test)]
mod tests;
