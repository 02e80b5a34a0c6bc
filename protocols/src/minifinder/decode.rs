//! What each MiniFinder message means.
//!
//! Messages are `!<type>,<fields…>`:
//!
//! | type | fields | becomes |
//! |---|---|---|
//! | `1` | IMEI, then firmware and settings | the device's login |
//! | `3` | the answer to a command | a command answer |
//! | `4` | phone numbers and settings | a location-less record, kept raw (`settings`) |
//! | `5` | GSM signal, a state letter, battery level (%) | a location-less record: battery level named, the rest raw |
//! | `D`, `C` | `d/m/yy`, `h:m:s`, latitude, longitude (signed degrees), speed (km/h), course, flags (hex: bit 0 a valid fix), altitude (m), battery level (%), satellites in use, satellites in view, HDOP | one record |
//! | `A` | `d/m/yy`, `h:m:s`, latitude, longitude, speed (km/h), course, a field kept raw | one record, valid |
//!
//! Location-less records are dated on arrival. Every field trackgate does
//! not name is kept raw as text.

use crate::codec::DecodeError;
use crate::fix::{decimal, signed_degrees, utc_ms};
use crate::message::DeviceId;
use crate::record::{FixSource, IoElement, IoKey, IoValue, Record};
use crate::sensor::{NamedValue, Sensor, Value};

/// What a message carries.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    /// The device names itself.
    Login(DeviceId),
    /// A record.
    Record(Record),
    /// A command answer, as text.
    Answer(String),
}

/// Decodes one message's text; `now_ms` dates location-less records.
pub fn message(text: &str, now_ms: i64) -> Result<Body, DecodeError> {
    let rest = text
        .strip_prefix('!')
        .ok_or_else(|| DecodeError::malformed("a message starts with !"))?;
    let f: Vec<&str> = rest.split(',').collect();
    Ok(match f[0] {
        "1" => {
            let imei = f.get(1).copied().unwrap_or_default();
            if imei.is_empty() || imei.len() > 20 || !imei.bytes().all(|b| b.is_ascii_digit()) {
                return Err(DecodeError::malformed(format!("IMEI {imei:?}")));
            }
            Body::Login(DeviceId(imei.to_owned()))
        }
        "3" => Body::Answer(f[1..].join(",")),
        "4" => {
            let mut record = no_fix(now_ms);
            record.io.push(text_io("settings", &f[1..].join(",")));
            Body::Record(record)
        }
        "5" => Body::Record(status(&f, now_ms)?),
        "D" | "C" => Body::Record(report(&f, true)?),
        "A" => Body::Record(report(&f, false)?),
        other => return Err(DecodeError::Unsupported(format!("message !{other}"))),
    })
}

/// `!5,<signal>,<state>[,<battery level>]`.
fn status(f: &[&str], now_ms: i64) -> Result<Record, DecodeError> {
    if f.len() < 3 {
        return Err(DecodeError::malformed("!5 has fewer than 3 fields"));
    }
    let mut record = no_fix(now_ms);
    record.io.push(text_io("signal", f[1]));
    record.io.push(text_io("state", f[2]));
    if let Some(level) = f.get(3) {
        let level = decimal(level)
            .filter(|l| *l <= 100.0)
            .ok_or_else(|| bad("battery level", level))?;
        record
            .values
            .push(NamedValue::new(Sensor::BatteryLevel, Value::Number(level)));
        record.io.push(text_io("battery_level", f[3]));
    }
    Ok(record)
}

/// A `!D` / `!C` report (`flagged`) or an `!A` one.
fn report(f: &[&str], flagged: bool) -> Result<Record, DecodeError> {
    let needed = if flagged { 10 } else { 7 };
    if f.len() < needed {
        return Err(DecodeError::malformed(format!(
            "!{} has {} fields",
            f[0],
            f.len()
        )));
    }
    let time = date_time(f[1], f[2]).ok_or_else(|| bad("date and time", f[1]))?;
    let latitude = signed_degrees(f[3], 90.0).ok_or_else(|| bad("latitude", f[3]))?;
    let longitude = signed_degrees(f[4], 180.0).ok_or_else(|| bad("longitude", f[4]))?;
    let mut record = Record::at(time, latitude, longitude);
    record.speed_kmh = decimal(f[5]).ok_or_else(|| bad("speed", f[5]))?;
    match decimal(f[6]).filter(|c| *c <= 360.0) {
        Some(course) => record.course_deg = course,
        // Some `!A` reports carry a number other than a course here.
        None if !flagged => record.io.push(text_io("field_6", f[6])),
        None => return Err(bad("course", f[6])),
    }
    if !flagged {
        for (i, field) in f.iter().enumerate().skip(7) {
            record.io.push(text_io(&format!("field_{i}"), field));
        }
        return Ok(record);
    }
    let flags = u32::from_str_radix(f[7], 16).map_err(|_| bad("flags", f[7]))?;
    record.valid = flags & 1 != 0;
    record.io.push(text_io("flags", f[7]));
    record.altitude_m = f[8].parse().map_err(|_| bad("altitude", f[8]))?;
    if let Some(level) = decimal(f[9]).filter(|l| *l <= 100.0) {
        record
            .values
            .push(NamedValue::new(Sensor::BatteryLevel, Value::Number(level)));
    }
    record.io.push(text_io("battery_level", f[9]));
    if f[0] == "D" {
        record.satellites = f.get(10).and_then(|s| s.parse().ok());
        record.hdop = f.get(12).and_then(|h| decimal(h));
    }
    for (i, field) in f.iter().enumerate().skip(10) {
        record.io.push(text_io(&format!("field_{i}"), field));
    }
    Ok(record)
}

/// `d/m/yy` and `h:m:s` (one or two digits each) as UTC milliseconds.
fn date_time(date: &str, time: &str) -> Option<i64> {
    let parts = |text: &str, sep: char| -> Option<[u32; 3]> {
        let mut it = text.split(sep).map(|p| {
            (!p.is_empty() && p.len() <= 2 && p.bytes().all(|b| b.is_ascii_digit()))
                .then(|| p.parse().ok())
                .flatten()
        });
        let parts = [it.next()??, it.next()??, it.next()??];
        it.next().is_none().then_some(parts)
    };
    let [day, month, year] = parts(date, '/')?;
    let [hour, minute, second] = parts(time, ':')?;
    utc_ms(2000 + i64::from(year), month, day, hour, minute, second)
}

/// A location-less record dated `now_ms`.
fn no_fix(now_ms: i64) -> Record {
    let mut record = Record::at(now_ms, 0.0, 0.0);
    record.valid = false;
    record.source = FixSource::None;
    record
}

fn bad(what: &str, field: &str) -> DecodeError {
    DecodeError::malformed(format!("{what}: {field:?}"))
}

fn text_io(name: &str, value: &str) -> IoElement {
    IoElement {
        key: IoKey::Name(name.to_owned()),
        value: IoValue::Text(value.to_owned()),
    }
}
