//! What a Topin packet means.
//!
//! | type | content | becomes |
//! |---|---|---|
//! | `01` | IMEI (8 bytes, BCD, a leading 0), then optional bytes | the login |
//! | `08` | none | a keep-alive |
//! | `08` | time (6, binary), then Wi-Fi data | a location-less record at that time, the data raw (`wifi`) |
//! | `10` GPS, `11` stored GPS | time (6, binary `YY MM DD hh mm ss`), satellites (low 4 bits), latitude and longitude (4 each, 1/1,800,000 degree), speed (1, km/h), course and status (2) | one record |
//! | `13` | status bytes | a location-less record dated on arrival: battery level, the bytes raw (`status`) |
//! | `17`, `18`, `19`, `1A`, `69` | time (6, BCD), then Wi-Fi and cell data | a location-less record at that time, the data raw (`wifi_lbs`) |
//! | `30` | none | a time request |
//! | `94`, `99` | none | a location-less record dated on arrival with its alarm (vibration, SOS) |
//!
//! Course and status: the low 10 bits are the course, bit 10 set means
//! north, bit 11 set west, bit 12 set a valid fix. Bytes after a GPS
//! fix are kept raw (`extra`).

use crate::codec::DecodeError;
use crate::message::DeviceId;
use crate::reader::Reader;
use crate::record::{FixSource, IoElement, IoKey, IoValue, Record};

use super::io;

/// The login's type.
pub const LOGIN: u8 = 0x01;
/// The keep-alive's type (with content: a Wi-Fi report).
pub const HEARTBEAT: u8 = 0x08;
/// The GPS types: live and stored.
pub const GPS: [u8; 2] = [0x10, 0x11];
/// The status type.
pub const STATUS: u8 = 0x13;
/// The Wi-Fi and cell types.
pub const WIFI_LBS: [u8; 5] = [0x17, 0x18, 0x19, 0x1A, 0x69];
/// The time request's type.
pub const TIME: u8 = 0x30;

/// What a packet carries.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    /// The device's login with its IMEI.
    Login(DeviceId),
    /// A keep-alive.
    Heartbeat,
    /// A request for the server's time.
    TimeRequest,
    /// A record.
    Record(Record),
}

/// Decodes a packet's content by its type; `now_ms` dates packets that
/// carry no time.
pub fn packet(kind: u8, content: &[u8], now_ms: i64) -> Result<Body, DecodeError> {
    Ok(match kind {
        LOGIN => Body::Login(imei(content)?),
        HEARTBEAT if content.is_empty() => Body::Heartbeat,
        HEARTBEAT => {
            let at = binary_time(content)?;
            Body::Record(unlocated(at, "wifi", &content[6..]))
        }
        TIME => Body::TimeRequest,
        kind if GPS.contains(&kind) => Body::Record(gps(content)?),
        STATUS => {
            let mut record = unlocated(now_ms, "status", content);
            record
                .values
                .extend(content.first().and_then(|&b| io::battery(b)));
            Body::Record(record)
        }
        kind if WIFI_LBS.contains(&kind) => {
            let at = bcd_time(content)?;
            Body::Record(unlocated(at, "wifi_lbs", &content[6..]))
        }
        kind => match io::alarm(kind) {
            Some(alarm) => {
                let mut record = unlocated(now_ms, "alarm", &[kind]);
                record.values.push(alarm);
                Body::Record(record)
            }
            None => return Err(DecodeError::Unsupported(format!("packet type {kind:#04x}"))),
        },
    })
}

/// The IMEI of a login: 8 BCD bytes, a leading zero dropped.
fn imei(content: &[u8]) -> Result<DeviceId, DecodeError> {
    let bcd = content
        .get(..8)
        .ok_or_else(|| DecodeError::malformed("a login carries 8 IMEI bytes"))?;
    let digits = crate::hex::encode(bcd);
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(DecodeError::malformed(format!("IMEI {digits}")));
    }
    Ok(DeviceId(
        digits.strip_prefix('0').unwrap_or(&digits).to_owned(),
    ))
}

/// A GPS fix.
fn gps(content: &[u8]) -> Result<Record, DecodeError> {
    let time = binary_time(content)?;
    let mut r = Reader::new(&content[6..]);
    let satellites = r.u8("satellites")? & 0x0F;
    let latitude = f64::from(r.u32("latitude")?) / 1_800_000.0;
    let longitude = f64::from(r.u32("longitude")?) / 1_800_000.0;
    let speed = r.u8("speed")?;
    let status = r.u16("course and status")?;
    let course = f64::from(status & 0x03FF);
    if latitude > 90.0 || longitude > 180.0 || course > 360.0 {
        return Err(DecodeError::malformed(format!(
            "fix {latitude}, {longitude}, course {course}"
        )));
    }
    let north = status & 0x0400 != 0;
    let west = status & 0x0800 != 0;
    let mut record = Record::at(
        time,
        if north { latitude } else { -latitude },
        if west { -longitude } else { longitude },
    );
    record.valid = status & 0x1000 != 0;
    record.satellites = Some(satellites);
    record.speed_kmh = speed.into();
    record.course_deg = course;
    record.io.push(IoElement {
        key: IoKey::Name("status".into()),
        value: IoValue::Uint {
            value: status.into(),
            width: 2,
        },
    });
    let rest = r.rest();
    if !rest.is_empty() {
        record.io.push(raw("extra", rest));
    }
    Ok(record)
}

/// A record without a location at `at_ms`, `bytes` kept raw as `name`.
fn unlocated(at_ms: i64, name: &str, bytes: &[u8]) -> Record {
    let mut record = Record::at(at_ms, 0.0, 0.0);
    record.valid = false;
    record.source = FixSource::None;
    record.io.push(raw(name, bytes));
    record
}

/// A time of 6 binary bytes `YY MM DD hh mm ss`, UTC.
fn binary_time(content: &[u8]) -> Result<i64, DecodeError> {
    let t = content
        .get(..6)
        .ok_or_else(|| DecodeError::malformed("no time"))?;
    utc(t, |b| Some(u32::from(b)))
}

/// A time of 6 BCD bytes `YY MM DD hh mm ss`, UTC.
fn bcd_time(content: &[u8]) -> Result<i64, DecodeError> {
    let t = content
        .get(..6)
        .ok_or_else(|| DecodeError::malformed("no time"))?;
    utc(t, |b| {
        let (hi, lo) = (u32::from(b >> 4), u32::from(b & 0x0F));
        (hi <= 9 && lo <= 9).then_some(hi * 10 + lo)
    })
}

fn utc(t: &[u8], read: impl Fn(u8) -> Option<u32>) -> Result<i64, DecodeError> {
    let bad = || DecodeError::malformed(format!("time {}", crate::hex::encode(t)));
    let n: Vec<u32> = t
        .iter()
        .map(|&b| read(b))
        .collect::<Option<_>>()
        .ok_or_else(bad)?;
    crate::datetime::utc_ms(2000 + i64::from(n[0]), n[1], n[2], n[3], n[4], n[5]).ok_or_else(bad)
}

fn raw(name: &str, bytes: &[u8]) -> IoElement {
    IoElement {
        key: IoKey::Name(name.to_owned()),
        value: IoValue::Bytes(bytes.to_vec()),
    }
}
