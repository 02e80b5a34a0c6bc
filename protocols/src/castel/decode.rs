//! What each Castel packet means.
//!
//! Versions 3 and 4 (`@@`), by packet type:
//!
//! | type | data | becomes |
//! |---|---|---|
//! | `1001` login, `1002` logout | statistics, fixes, then versions and PIDs | the fixes' records |
//! | `4001` fixes | a byte, statistics, fixes | the fixes' records |
//! | `4007` alarm | alarm index (4), statistics, fixes, alarms | the fixes' records |
//! | `401F` alarm (newer firmware) | a byte, 4 bytes, statistics, fixes, alarms | the fixes' records |
//! | `4009` fix while asleep | UTC time (4), one fix | its record |
//! | `4002` PIDs, `4003` G-sensor, `4004` supported PIDs, `4005` snapshot, `4006`/`400B` DTCs, `4008` | statistics, readings | a location-less record |
//! | `1003` | nothing | a heartbeat |
//! | `A002` | a command's answer | its text (the printable tail, e.g. a VIN) |
//!
//! A packet of a type above whose fixes are none (count 0) becomes one
//! location-less record, so its readings still arrive. Other versions
//! (`@@`, version not 3 or 4): `4001` login and `4206` heartbeat carry one
//! fix (`4206` after a byte and a count). MPIP (`$$`): `4001` carries one
//! fix first, `2001` one after 9 bytes.
//!
//! The statistics block is 34 bytes: last ignition-on time, UTC time (both
//! 4, Unix seconds, little-endian), mileages, fuel and state. The corpus's
//! units put 0 to 2 more bytes after it on some firmware, so the fixes are
//! looked for at the three places they can start: the first whose count is
//! not zero and whose fixes all read is taken.
//!
//! A fix (19 bytes): day, month, year (from 2000), hour, minute, second;
//! latitude and longitude (4 each, little-endian, milliseconds of arc);
//! speed (2, cm/s); course (2, tenths of a degree); flags: bit 0 east, bit 1
//! north, bits 2–3 the fix (0: none), bits 4–7 satellites. Records and
//! readings keep the packet type, the statistics and the bytes after the
//! fixes raw (`type`, `stat`, `data`).

use crate::codec::DecodeError;
use crate::datetime::utc_ms;
use crate::record::{FixSource, IoElement, IoKey, IoValue, Record};

use super::framing::{Form, Packet};

/// Login (versions 3 and 4).
pub const LOGIN: u16 = 0x1001;
/// Logout.
pub const LOGOUT: u16 = 0x1002;
/// Heartbeat (versions 3 and 4).
pub const HEARTBEAT: u16 = 0x1003;
/// Fixes (versions 3 and 4); login in other versions and MPIP.
pub const GPS: u16 = 0x4001;
/// Alarm.
pub const ALARM: u16 = 0x4007;
/// Fix while asleep.
pub const SLEEP_FIX: u16 = 0x4009;
/// Alarm of newer firmware.
pub const ALARM_EXT: u16 = 0x401F;
/// Heartbeat in other versions.
pub const OTHER_HEARTBEAT: u16 = 0x4206;
/// A command's answer.
pub const ANSWER: u16 = 0xA002;
/// MPIP fix report.
pub const MPIP_GPS: u16 = 0x2001;
/// Types that carry statistics and readings but no fix.
pub const READINGS: [u16; 7] = [0x4002, 0x4003, 0x4004, 0x4005, 0x4006, 0x4008, 0x400B];

/// Bytes of the statistics block.
pub const STAT_LEN: usize = 34;
/// Bytes of one fix.
pub const FIX_LEN: usize = 19;

/// What a packet carries.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    /// Records: fixes, or one location-less record of readings.
    Records(Vec<Record>),
    /// A keep-alive.
    Heartbeat,
    /// A command's answer.
    Answer(String),
}

/// Decodes a checked packet; `now_ms` dates readings without a time.
pub fn packet(p: &Packet, now_ms: i64) -> Result<Body, DecodeError> {
    let data = &p.data[..];
    let unsupported =
        || DecodeError::Unsupported(format!("packet type {:04X} ({:?})", p.kind, p.form));
    let records = match (p.form, p.kind) {
        (Form::Versioned(3 | 4), LOGIN | LOGOUT) => located(p.kind, data, 0, now_ms)?,
        (Form::Versioned(3 | 4), GPS) => located(p.kind, data, 1, now_ms)?,
        (Form::Versioned(3 | 4), ALARM) => located(p.kind, data, 4, now_ms)?,
        (Form::Versioned(3 | 4), ALARM_EXT) => located(p.kind, data, 5, now_ms)?,
        (Form::Versioned(3 | 4), SLEEP_FIX) => vec![single(p.kind, data, 4)?],
        (Form::Versioned(3 | 4), HEARTBEAT) => return Ok(Body::Heartbeat),
        (Form::Versioned(3 | 4), ANSWER) => return Ok(Body::Answer(answer(data))),
        (Form::Versioned(3 | 4), kind) if READINGS.contains(&kind) => {
            let stat = data
                .get(..STAT_LEN)
                .ok_or_else(|| DecodeError::malformed("statistics cut short"))?;
            vec![readings(kind, stat, &data[STAT_LEN..], now_ms)]
        }
        (Form::Versioned(3 | 4), _) => return Err(unsupported()),
        (Form::Versioned(_), GPS) | (Form::Mpip, GPS) => vec![single(p.kind, data, 0)?],
        (Form::Versioned(_), OTHER_HEARTBEAT) => {
            let (records, _) = block(data, 1)
                .filter(|(r, _)| !r.is_empty())
                .ok_or_else(|| DecodeError::malformed("heartbeat without a fix"))?;
            records
        }
        (Form::Mpip, MPIP_GPS) => vec![single(p.kind, data, 9)?],
        _ => return Err(unsupported()),
    };
    Ok(Body::Records(records))
}

/// Statistics at `prefix`, then counted fixes: their records, or one
/// location-less record when there are none.
fn located(kind: u16, data: &[u8], prefix: usize, now_ms: i64) -> Result<Vec<Record>, DecodeError> {
    let stat_end = prefix + STAT_LEN;
    let stat = data
        .get(prefix..stat_end)
        .ok_or_else(|| DecodeError::malformed("statistics cut short"))?;
    let found = (stat_end..=stat_end + 2)
        .find_map(|at| block(data, at).filter(|(records, _)| !records.is_empty()));
    let Some((mut records, end)) = found else {
        return Ok(vec![readings(kind, stat, &data[stat_end..], now_ms)]);
    };
    records[0]
        .io
        .extend([raw_kind(kind), raw("stat", stat), raw("data", &data[end..])]);
    Ok(records)
}

/// One uncounted fix at `at`.
fn single(kind: u16, data: &[u8], at: usize) -> Result<Record, DecodeError> {
    let bytes = data
        .get(at..at + FIX_LEN)
        .ok_or_else(|| DecodeError::malformed("fix cut short"))?;
    let mut record = fix(bytes).ok_or_else(|| {
        DecodeError::malformed(format!("fix {} does not read", crate::hex::encode(bytes)))
    })?;
    record
        .io
        .extend([raw_kind(kind), raw("data", &data[at + FIX_LEN..])]);
    Ok(record)
}

/// A count at `at` and that many fixes, if they are all there and all
/// read; with where they end.
fn block(data: &[u8], at: usize) -> Option<(Vec<Record>, usize)> {
    let count = usize::from(*data.get(at)?);
    let end = at + 1 + count * FIX_LEN;
    let bytes = data.get(at + 1..end)?;
    let records = bytes
        .chunks_exact(FIX_LEN)
        .map(fix)
        .collect::<Option<Vec<_>>>()?;
    Some((records, end))
}

/// One 19-byte fix, if its date, time, coordinates and course are in range.
pub fn fix(b: &[u8]) -> Option<Record> {
    let [day, month, year, hour, minute, second, ..] = *b else {
        return None;
    };
    let u32_at = |i: usize| u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
    let u16_at = |i: usize| u16::from_le_bytes([b[i], b[i + 1]]);
    let time = utc_ms(
        2000 + i64::from(year),
        month.into(),
        day.into(),
        hour.into(),
        minute.into(),
        second.into(),
    )?;
    let (lat, lon) = (
        f64::from(u32_at(6)) / 3_600_000.0,
        f64::from(u32_at(10)) / 3_600_000.0,
    );
    let course = f64::from(u16_at(16)) / 10.0;
    if lat > 90.0 || lon > 180.0 || course > 360.0 {
        return None;
    }
    let flags = b[18];
    let mut record = Record::at(
        time,
        if flags & 0x02 != 0 { lat } else { -lat },
        if flags & 0x01 != 0 { lon } else { -lon },
    );
    record.valid = flags & 0x0C != 0;
    record.speed_kmh = f64::from(u16_at(14)) * 0.036;
    record.course_deg = course;
    record.satellites = Some(flags >> 4);
    Some(record)
}

/// A location-less record of readings, dated by the statistics' UTC time
/// (or `now_ms` when it is zero).
fn readings(kind: u16, stat: &[u8], rest: &[u8], now_ms: i64) -> Record {
    let utc = u32::from_le_bytes([stat[4], stat[5], stat[6], stat[7]]);
    let at = if utc == 0 {
        now_ms
    } else {
        i64::from(utc) * 1000
    };
    let mut record = Record::at(at, 0.0, 0.0);
    record.valid = false;
    record.source = FixSource::None;
    record
        .io
        .extend([raw_kind(kind), raw("stat", stat), raw("data", rest)]);
    record
}

/// A command answer's text: its printable tail, or all of it in hex.
fn answer(data: &[u8]) -> String {
    let start = data
        .iter()
        .rposition(|b| !b.is_ascii_graphic() && *b != b' ')
        .map_or(0, |at| at + 1);
    match &data[start..] {
        [] => crate::hex::encode(data),
        text => String::from_utf8_lossy(text).into_owned(),
    }
}

fn raw_kind(kind: u16) -> IoElement {
    IoElement {
        key: IoKey::Name("type".into()),
        value: IoValue::Uint {
            value: kind.into(),
            width: 2,
        },
    }
}

fn raw(name: &str, bytes: &[u8]) -> IoElement {
    IoElement {
        key: IoKey::Name(name.into()),
        value: IoValue::Bytes(bytes.to_vec()),
    }
}
