//! What a Gotop report means.
//!
//! `<IMEI>,<type>,<A|V>,[DATE:]<yymmdd>,[TIME:]<hhmmss>,[LAT:]<dd.ddddddd><N|S>,
//! [LON:|LOT:]<ddd.ddddddd><E|W>,Speed:<km/h>,<status>[,<course>[,<more…>]]`
//!
//! Coordinates are decimal degrees followed by their hemisphere; the date
//! is year first (the corpus's exact fix, `DATE:090329`, is 2009-03-29).
//! The type (`CMD-T` track, `CMD-F`, `CMD-KEY` SOS, `ALM-…` alarms) and
//! the status are kept raw as `type` and `status`; the fields after the
//! course (cell, HDOP, Wi-Fi and BLE scans…) as `field_<n>`, n counting
//! from 0. A report of two fields (`<IMEI>,CMD-X`) is a keep-alive.

use crate::codec::DecodeError;
use crate::fix::{decimal, utc_ms};
use crate::message::DeviceId;
use crate::record::{IoElement, IoKey, IoValue, Record};

use super::io;

/// What a report carries.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    /// A position.
    Record(Record),
    /// A keep-alive.
    Heartbeat,
}

/// Decodes one report's text.
pub fn report(text: &str) -> Result<(DeviceId, Body), DecodeError> {
    let f: Vec<&str> = text.split(',').collect();
    let imei = f[0];
    if imei.len() != 15 || !imei.bytes().all(|b| b.is_ascii_digit()) {
        return Err(DecodeError::malformed(format!("IMEI {imei:?}")));
    }
    let device = DeviceId(imei.to_owned());
    if f.len() == 2 {
        return Ok((device, Body::Heartbeat));
    }
    if f.len() < 9 {
        return Err(DecodeError::malformed(format!(
            "{} fields, not at least 9",
            f.len()
        )));
    }
    let bad = |what: &str, field: &str| DecodeError::malformed(format!("{what}: {field:?}"));
    let date = strip(f[3], "DATE:");
    let time = strip(f[4], "TIME:");
    let fix_time = date_time(date, time).ok_or_else(|| bad("date and time", f[3]))?;
    let latitude =
        degrees(strip(f[5], "LAT:"), 'N', 'S', 90.0).ok_or_else(|| bad("latitude", f[5]))?;
    let lon = f[6].strip_prefix("LON:").unwrap_or(strip(f[6], "LOT:"));
    let longitude = degrees(lon, 'E', 'W', 180.0).ok_or_else(|| bad("longitude", f[6]))?;
    let mut record = Record::at(fix_time, latitude, longitude);
    record.valid = match f[2] {
        "A" => true,
        "V" => false,
        other => return Err(bad("validity", other)),
    };
    let speed = f[7]
        .strip_prefix("Speed:")
        .ok_or_else(|| bad("speed", f[7]))?;
    record.speed_kmh = decimal(speed).ok_or_else(|| bad("speed", speed))?;
    let course = f.get(9).copied().unwrap_or_default();
    if !course.is_empty() {
        record.course_deg = decimal(course)
            .filter(|c| *c <= 360.0)
            .ok_or_else(|| bad("course", course))?;
    }
    record.io.push(text_io("type", f[1]));
    record.io.push(text_io("status", f[8]));
    for (i, field) in f.iter().enumerate().skip(10) {
        record.io.push(text_io(&format!("field_{i}"), field));
    }
    record.values.extend(io::alarm(f[1]));
    record.values.extend(io::battery_level(f[8]));
    Ok((device, Body::Record(record)))
}

/// `field` without `prefix`, if it has it.
fn strip<'a>(field: &'a str, prefix: &str) -> &'a str {
    field.strip_prefix(prefix).unwrap_or(field)
}

/// `yymmdd` + `hhmmss` as UTC milliseconds.
fn date_time(date: &str, time: &str) -> Option<i64> {
    let six = |text: &str| -> Option<[u32; 3]> {
        if text.len() != 6 || !text.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let n: u32 = text.parse().ok()?;
        Some([n / 10_000, n / 100 % 100, n % 100])
    };
    let ([y, mo, d], [h, mi, s]) = (six(date)?, six(time)?);
    utc_ms(2000 + i64::from(y), mo, d, h, mi, s)
}

/// Decimal degrees followed by their hemisphere letter, within ±`max`.
fn degrees(text: &str, plus: char, minus: char, max: f64) -> Option<f64> {
    let letter = text.chars().last()?;
    let value = decimal(&text[..text.len() - letter.len_utf8()]).filter(|v| *v <= max)?;
    match letter {
        l if l == plus => Some(value),
        l if l == minus => Some(-value),
        _ => None,
    }
}

fn text_io(name: &str, value: &str) -> IoElement {
    IoElement {
        key: IoKey::Name(name.to_owned()),
        value: IoValue::Text(value.to_owned()),
    }
}
