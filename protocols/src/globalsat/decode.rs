//! What a GlobalSat message means.
//!
//! `GS…` reports are laid out by a format string the device is configured
//! with (one letter a field); the corpus alone shows five of them. What
//! every format has is the fix (`A`), date and time (`B`), longitude (`2`)
//! and latitude (`7`), in that order, then altitude, speed, course,
//! satellites and HDOP. So a report is read around that run: the first
//! `ddmmyy`, `hhmmss`, `E|W DDDMM.MMMM`, `N|S DDMM.MMMM` fields in a row,
//! the fix just before them and the five readings after. The device is the
//! first field of 10 to 20 digits before the run; every field outside it
//! is kept raw as text, `field_<n>` with n counting from 0 (the fix
//! included).
//!
//! | message | becomes |
//! |---|---|
//! | `GSr`, `GSb`… with the run | one record: valid when the fix is 2 (2D) or 3 (3D) |
//! | `GSh,<id>,…` | a keep-alive |
//! | `$<id>,…` with the run | one record, valid: the form carries no fix flag |
//!
//! Speeds are knots, as in NMEA, which the GlobalSat receivers report.

use crate::codec::DecodeError;
use crate::fix::{KMH_PER_KNOT, coordinate, ddmmyy_hhmmss, decimal};
use crate::message::DeviceId;
use crate::record::{IoElement, IoKey, IoValue, Record};

/// What a message carries.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    /// A position.
    Record(Record),
    /// A keep-alive.
    Heartbeat,
}

/// Decodes a checked message's text (without `*XX`).
pub fn message(text: &str) -> Result<(DeviceId, Body), DecodeError> {
    let fields: Vec<&str> = text.split(',').collect();
    if let Some(id) = fields[0].strip_prefix('$') {
        let device = device(id).ok_or_else(|| DecodeError::malformed(format!("id {id:?}")))?;
        let mut record = report(&fields, 1)?;
        record.valid = true;
        return Ok((device, Body::Record(record)));
    }
    if !fields[0].starts_with("GS") || fields[0].len() != 3 {
        return Err(DecodeError::Unsupported(format!("message {:?}", fields[0])));
    }
    if fields[0] == "GSh" {
        let id = fields.get(1).copied().unwrap_or_default();
        let device = device(id).ok_or_else(|| DecodeError::malformed(format!("id {id:?}")))?;
        return Ok((device, Body::Heartbeat));
    }
    let run = find_run(&fields)
        .ok_or_else(|| DecodeError::malformed("no date, time, longitude and latitude in a row"))?;
    let device = fields[1..run.saturating_sub(1)]
        .iter()
        .find_map(|f| device(f))
        .ok_or_else(|| DecodeError::malformed("no device id before the position"))?;
    let mut record = report(&fields, 1)?;
    record.valid = matches!(fields[run - 1], "2" | "3");
    Ok((device, Body::Record(record)))
}

/// A device id: 10 to 20 digits.
fn device(field: &str) -> Option<DeviceId> {
    ((10..=20).contains(&field.len()) && field.bytes().all(|b| b.is_ascii_digit()))
        .then(|| DeviceId(field.to_owned()))
}

/// Where the date of the date-time-longitude-latitude run is, if there is
/// one after a fix field.
fn find_run(f: &[&str]) -> Option<usize> {
    (2..f.len().saturating_sub(3)).find(|&i| {
        ddmmyy_hhmmss(f[i], f[i + 1]).is_some()
            && f[i + 2].starts_with(['E', 'W'])
            && f[i + 3].starts_with(['N', 'S'])
    })
}

/// The record of the run, the other fields (from `first`) kept raw.
fn report(f: &[&str], first: usize) -> Result<Record, DecodeError> {
    let at = find_run(f)
        .ok_or_else(|| DecodeError::malformed("no date, time, longitude and latitude in a row"))?;
    let bad = |what: &str, field: &str| DecodeError::malformed(format!("{what}: {field:?}"));
    let time = ddmmyy_hhmmss(f[at], f[at + 1]).ok_or_else(|| bad("date", f[at]))?;
    let (lon, lat) = (f[at + 2], f[at + 3]);
    let longitude = coordinate(&lon[1..], &lon[..1], 180.0).ok_or_else(|| bad("longitude", lon))?;
    let latitude = coordinate(&lat[1..], &lat[..1], 90.0).ok_or_else(|| bad("latitude", lat))?;
    let mut record = Record::at(time, latitude, longitude);
    let reading = |i: usize| f.get(at + 4 + i).copied().filter(|s| !s.is_empty());
    if let Some(altitude) = reading(0) {
        record.altitude_m = altitude.parse().map_err(|_| bad("altitude", altitude))?;
    }
    if let Some(speed) = reading(1) {
        record.speed_kmh = decimal(speed).ok_or_else(|| bad("speed", speed))? * KMH_PER_KNOT;
    }
    if let Some(course) = reading(2) {
        record.course_deg = decimal(course)
            .filter(|c| *c <= 360.0)
            .ok_or_else(|| bad("course", course))?;
    }
    if let Some(satellites) = reading(3) {
        record.satellites = Some(
            satellites
                .parse()
                .map_err(|_| bad("satellites", satellites))?,
        );
    }
    if let Some(hdop) = reading(4) {
        record.hdop = Some(decimal(hdop).ok_or_else(|| bad("HDOP", hdop))?);
    }
    for (i, field) in f.iter().enumerate().skip(first) {
        if !(at..at + 9).contains(&i) {
            record.io.push(IoElement {
                key: IoKey::Name(format!("field_{i}")),
                value: IoValue::Text((*field).to_owned()),
            });
        }
    }
    Ok(record)
}
