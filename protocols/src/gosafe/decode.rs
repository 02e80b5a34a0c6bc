//! What a GoSafe text message means.
//!
//! `*GS<version>,<IMEI>` alone is a keep-alive; so is a message whose
//! rest is one word without fields (`RST`). Otherwise the rest is one or
//! more records separated by `$`:
//!
//! - version `02`: sections only, the time inside the GPS section
//!   (`GPS:hhmmss;A|V;<lat>;<lon>;<speed>;<course>;ddmmyy`).
//! - any other version: `hhmmssddmmyy,<event, hex>,<sections…>`, the GPS
//!   section `GPS:A|V|L;<satellites>;<lat>;<lon>;<speed>;<course>;<altitude>;<HDOP>…`.
//!
//! Coordinates are decimal degrees after a hemisphere letter (`N31.55`,
//! `W70.72`), speeds km/h. A record dated `000000000000` (queued events)
//! is dated on arrival and its fix not trusted; one without a GPS
//! section is location-less. Every section is kept raw under its name
//! (`GSM`, `COT`, `ADC`, `DTT`, `OBD`, …), see [`super::io`].

use crate::codec::DecodeError;
use crate::fix::{ddmmyy_hhmmss, decimal, hemisphere};
use crate::message::DeviceId;
use crate::record::{FixSource, IoElement, IoKey, IoValue, Record};

use super::io;

/// What a text message holds.
#[derive(Debug)]
pub enum Text {
    /// A keep-alive from the device.
    KeepAlive(DeviceId),
    /// Records, in the order sent.
    Records(DeviceId, Vec<Record>),
}

fn bad(what: &str) -> DecodeError {
    DecodeError::malformed(format!("GoSafe message: {what}"))
}

/// Decodes one text message (from `*`, with or without its `#`); `now_ms`
/// dates records without a time.
pub fn text(message: &[u8], now_ms: i64) -> Result<Text, DecodeError> {
    let text = std::str::from_utf8(message).map_err(|_| bad("not ASCII text"))?;
    let text = text.strip_suffix('#').unwrap_or(text);
    let body = text.strip_prefix("*GS").ok_or_else(|| bad("no *GS"))?;
    let mut parts = body.splitn(3, ',');
    let version = parts.next().unwrap_or_default();
    if version.len() != 2 || !version.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad("no version"));
    }
    let imei = parts.next().unwrap_or_default();
    if imei.is_empty() || imei.len() > 20 || !imei.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad("no IMEI"));
    }
    let device = DeviceId(imei.to_owned());
    let Some(rest) = parts.next() else {
        return Ok(Text::KeepAlive(device));
    };
    if !rest.contains([',', ':']) {
        return Ok(Text::KeepAlive(device));
    }
    let records = if version == "02" {
        vec![old_form(rest, now_ms)?]
    } else {
        rest.split('$')
            .map(|record| new_form(record, now_ms))
            .collect::<Result<_, _>>()?
    };
    Ok(Text::Records(device, records))
}

/// A signed coordinate from `N31.55`-style text, within ±`max`.
fn coordinate(text: &str, max: f64) -> Option<f64> {
    let letter = text.get(..1)?;
    let value = decimal(text.get(1..)?).filter(|v| *v <= max)?;
    hemisphere(value, letter)
}

/// A record without a fix, dated `time_ms`.
fn location_less(time_ms: i64) -> Record {
    let mut record = Record::at(time_ms, 0.0, 0.0);
    record.valid = false;
    record.source = FixSource::None;
    record
}

/// The record's sections: each kept raw, and the named values.
fn sections(record: &mut Record, fields: &[&str], old: bool) {
    for field in fields.iter().filter(|f| !f.is_empty()) {
        let (name, value) = field.split_once(':').unwrap_or((field, ""));
        record.io.push(IoElement {
            key: IoKey::Name(name.to_owned()),
            value: IoValue::Text(value.to_owned()),
        });
        record.values.extend(io::named(name, value, old));
    }
}

/// A record of the current form: `hhmmssddmmyy,<event>,<sections…>`.
fn new_form(text: &str, now_ms: i64) -> Result<Record, DecodeError> {
    let fields: Vec<&str> = text.split(',').collect();
    let stamp = fields[0];
    if stamp.len() != 12 {
        return Err(bad("a record without its time"));
    }
    let time_ms = if stamp.bytes().all(|b| b == b'0') {
        None
    } else {
        Some(ddmmyy_hhmmss(&stamp[6..], &stamp[..6]).ok_or_else(|| bad("an invalid time"))?)
    };
    let event = match fields.get(1).copied().unwrap_or_default() {
        "" => None,
        hex => Some(u32::from_str_radix(hex, 16).map_err(|_| bad("an event that is not hex"))?),
    };
    let rest = fields.get(2..).unwrap_or_default();
    let gps = rest.iter().find_map(|f| f.strip_prefix("GPS:"));
    let mut record = match gps {
        Some(gps) => {
            let p: Vec<&str> = gps.split(';').collect();
            let (Some(lat), Some(lon)) = (
                p.get(2).and_then(|t| coordinate(t, 90.0)),
                p.get(3).and_then(|t| coordinate(t, 180.0)),
            ) else {
                return Err(bad("a GPS section without coordinates"));
            };
            let mut r = Record::at(time_ms.unwrap_or(now_ms), lat, lon);
            r.valid = p[0] == "A" && time_ms.is_some();
            r.satellites = p.get(1).and_then(|s| s.parse().ok());
            r.speed_kmh = p.get(4).and_then(|s| decimal(s)).unwrap_or_default();
            r.course_deg = p.get(5).and_then(|s| decimal(s)).unwrap_or_default();
            r.altitude_m = p
                .get(6)
                .and_then(|s| crate::fix::signed_decimal(s))
                .unwrap_or_default();
            r.hdop = p.get(7).and_then(|s| decimal(s));
            r
        }
        None => location_less(time_ms.unwrap_or(now_ms)),
    };
    record.event = event;
    sections(&mut record, rest, false);
    Ok(record)
}

/// A record of the `02` form: sections only, the time in the GPS one.
fn old_form(text: &str, now_ms: i64) -> Result<Record, DecodeError> {
    let fields: Vec<&str> = text.split(',').collect();
    let gps = fields.iter().find_map(|f| f.strip_prefix("GPS:"));
    let mut record = match gps {
        Some(gps) => {
            let p: Vec<&str> = gps.split(';').collect();
            let time_ms = match (p.first(), p.get(6)) {
                (Some(time), Some(date)) => ddmmyy_hhmmss(date, time),
                _ => None,
            }
            .ok_or_else(|| bad("a GPS section without its time"))?;
            let (Some(lat), Some(lon)) = (
                p.get(2).and_then(|t| coordinate(t, 90.0)),
                p.get(3).and_then(|t| coordinate(t, 180.0)),
            ) else {
                return Err(bad("a GPS section without coordinates"));
            };
            let mut r = Record::at(time_ms, lat, lon);
            r.valid = p.get(1) == Some(&"A");
            r.speed_kmh = p.get(4).and_then(|s| decimal(s)).unwrap_or_default();
            r.course_deg = p.get(5).and_then(|s| decimal(s)).unwrap_or_default();
            r
        }
        None => location_less(now_ms),
    };
    sections(&mut record, &fields, true);
    Ok(record)
}
