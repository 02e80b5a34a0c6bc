//! What each Startek message means.
//!
//! Every message's fields start with the IMEI and a command code:
//!
//! | command | fields after it | becomes |
//! |---|---|---|
//! | `000` | a report, below | one record |
//! | `710` | lines `T1,…`, `T2,…` (vehicle data) | one location-less record dated on arrival, each line kept raw under its tag |
//! | any other | the device's answer to that command (`OK`…) | a command answer |
//!
//! A report's fields: event, event data, `yyMMddHHmmss` (UTC), fix
//! (`A`/`V`), latitude, longitude (signed decimal degrees), satellites,
//! HDOP, speed (km/h), course, altitude (m), odometer, cell
//! (`mcc|mnc|lac|cid`), GSM level, system status, inputs, outputs, analog
//! values (`ext|battery|ad1|ad2`, hex hundredths of a volt), then optional
//! extras. Everything after the fix's readings is kept raw as text under
//! its name ([`super::io`]); the event code is the record's event.

use crate::codec::DecodeError;
use crate::fix::{decimal, signed_decimal, utc_ms};
use crate::message::DeviceId;
use crate::record::{FixSource, IoElement, IoKey, IoValue, Record};

use super::io;

/// The command code of a report.
pub const REPORT: &str = "000";
/// The command code of a vehicle data message.
pub const VEHICLE_DATA: &str = "710";

/// What a message carries.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    /// A report or vehicle data, as a record.
    Record(Record),
    /// The answer to a command: its code and text.
    Answer {
        /// The command code.
        command: String,
        /// The text after it.
        text: String,
    },
}

/// Decodes a checked message's fields; `now_ms` dates location-less
/// records.
pub fn message(fields: &str, now_ms: i64) -> Result<(DeviceId, Body), DecodeError> {
    let mut parts = fields.splitn(3, ',');
    let (imei, command) = (parts.next().unwrap_or_default(), parts.next());
    let rest = parts.next().unwrap_or_default();
    if imei.is_empty() || imei.len() > 20 || !imei.bytes().all(|b| b.is_ascii_digit()) {
        return Err(DecodeError::malformed(format!("IMEI {imei:?}")));
    }
    let device = DeviceId(imei.to_owned());
    let body = match command {
        Some(REPORT) => Body::Record(report(&rest.split(',').collect::<Vec<_>>())?),
        Some(VEHICLE_DATA) => Body::Record(vehicle_data(rest, now_ms)),
        Some(command) if !command.is_empty() => Body::Answer {
            command: command.to_owned(),
            text: rest.to_owned(),
        },
        _ => return Err(DecodeError::malformed("no command code")),
    };
    Ok((device, body))
}

/// A `000` report's fields, from the event on.
fn report(f: &[&str]) -> Result<Record, DecodeError> {
    if f.len() < 18 {
        return Err(DecodeError::malformed(format!(
            "a report has {} fields, not at least 18",
            f.len()
        )));
    }
    let bad = |what: &str, field: &str| DecodeError::malformed(format!("{what}: {field:?}"));
    let time = date_time(f[2]).ok_or_else(|| bad("date and time", f[2]))?;
    let latitude = signed_decimal(f[4]).filter(|v| v.abs() <= 90.0);
    let longitude = signed_decimal(f[5]).filter(|v| v.abs() <= 180.0);
    let mut record = Record::at(
        time,
        latitude.ok_or_else(|| bad("latitude", f[4]))?,
        longitude.ok_or_else(|| bad("longitude", f[5]))?,
    );
    record.valid = match f[3] {
        "A" => true,
        "V" => false,
        other => return Err(bad("fix", other)),
    };
    record.satellites = Some(f[6].parse().map_err(|_| bad("satellites", f[6]))?);
    record.hdop = Some(decimal(f[7]).ok_or_else(|| bad("HDOP", f[7]))?);
    record.speed_kmh = decimal(f[8]).ok_or_else(|| bad("speed", f[8]))?;
    record.course_deg = decimal(f[9])
        .filter(|c| *c <= 360.0)
        .ok_or_else(|| bad("course", f[9]))?;
    record.altitude_m = signed_decimal(f[10]).ok_or_else(|| bad("altitude", f[10]))?;
    record.event = f[0].parse().ok();
    record.io.push(text("event", f[0]));
    record.io.push(text("event_data", f[1]));
    for (name, value) in io::NAMES.iter().zip(&f[11..]) {
        record.io.push(text(name, value));
    }
    for (i, value) in f.iter().enumerate().skip(11 + io::NAMES.len()) {
        record.io.push(text(&format!("field_{i}"), value));
    }
    record
        .values
        .extend(io::analog(f.get(17).copied().unwrap_or_default()));
    Ok(record)
}

/// A `710` message's lines, as a location-less record.
fn vehicle_data(rest: &str, now_ms: i64) -> Record {
    let mut record = Record::at(now_ms, 0.0, 0.0);
    record.valid = false;
    record.source = FixSource::None;
    for line in rest.split("\r\n").filter(|l| !l.is_empty()) {
        let (tag, value) = line.split_once(',').unwrap_or((line, ""));
        record.io.push(text(tag, value));
    }
    record
}

/// `yyMMddHHmmss` as UTC milliseconds.
fn date_time(field: &str) -> Option<i64> {
    if field.len() != 12 || !field.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n = |at: usize| field[at..at + 2].parse::<u32>().ok();
    utc_ms(2000 + i64::from(n(0)?), n(2)?, n(4)?, n(6)?, n(8)?, n(10)?)
}

fn text(name: &str, value: &str) -> IoElement {
    IoElement {
        key: IoKey::Name(name.to_owned()),
        value: IoValue::Text(value.to_owned()),
    }
}
