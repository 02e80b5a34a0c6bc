//! What a Gator packet means.
//!
//! | type | body | becomes |
//! |---|---|---|
//! | `21` | none | a keep-alive |
//! | `80` position, `81` roll-call answer, `82` alarm, `8E` stored (blind-area) position | the position below | one record |
//!
//! A position body: date and time (`YYMMDDhhmmss`, BCD, UTC), latitude
//! and longitude (4 BCD bytes each: the first digit's high bit set for
//! south or west, its other bits and the next two digits the degrees, the
//! last five the minutes in thousandths), speed (4 BCD digits, km/h),
//! course (4 BCD digits, degrees), flags (bit 7: the fix is valid), status,
//! then when present key (1), oil (2), power (2, [`super::io`]) and
//! mileage (4); any bytes after those are kept raw (`extra`). Some
//! firmware puts 4 more id bytes between the pseudo-IP and the date
//! (the pseudo-IP and these read as one 8-byte BCD IMEI); a body whose
//! date reads only 4 bytes further is read that way, the 4 bytes kept raw
//! (`id_extension`).
//!
//! Without a valid fix and without a readable date (a receiver that never
//! had one), the record is location-less ([`FixSource::None`]) and dated
//! on arrival, its readings kept.

use crate::codec::DecodeError;
use crate::message::DeviceId;
use crate::reader::Reader;
use crate::record::{FixSource, IoElement, IoKey, IoValue, Record};

use super::framing::Frame;
use super::io;

/// The keep-alive's type.
pub const HEARTBEAT: u8 = 0x21;
/// The types that carry a position.
pub const POSITIONS: [u8; 4] = [0x80, 0x81, 0x82, 0x8E];

/// What a packet carries.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    /// A keep-alive.
    Heartbeat,
    /// A position.
    Record(Record),
}

/// Decodes a checked packet; `now_ms` dates location-less records.
pub fn frame(frame: &Frame, now_ms: i64) -> Result<Body, DecodeError> {
    match frame.kind {
        HEARTBEAT => Ok(Body::Heartbeat),
        kind if POSITIONS.contains(&kind) => position(&frame.body, now_ms).map(Body::Record),
        kind => Err(DecodeError::Unsupported(format!("packet type {kind:#04x}"))),
    }
}

/// The device a pseudo-IP stands for: the mobile number it encodes. Each
/// byte's low 7 bits are two digits of the number's last eight; the four
/// high bits, first byte highest, are its second and third digits less
/// 30 (`00 09 63 2D` → `13000099945`). A pseudo-IP that is not such a
/// number is named by its 8 hex digits.
pub fn device(id: [u8; 4]) -> DeviceId {
    let low = id.map(|b| b & 0x7F);
    if low.iter().any(|&b| b > 99) {
        return DeviceId(crate::hex::encode(id));
    }
    let high = id.iter().fold(0u8, |n, b| (n << 1) | (b >> 7));
    DeviceId(format!(
        "1{}{:02}{:02}{:02}{:02}",
        30 + high,
        low[0],
        low[1],
        low[2],
        low[3]
    ))
}

/// A position body.
fn position(body: &[u8], now_ms: i64) -> Result<Record, DecodeError> {
    let extended = body.len() >= 10 && time(&body[..6]).is_none() && time(&body[4..10]).is_some();
    let mut r = Reader::new(body);
    let extension = extended.then(|| r.bytes(4, "id extension")).transpose()?;
    let date = r.array::<6>("date and time")?;
    let (lat, lon) = (r.array::<4>("latitude")?, r.array::<4>("longitude")?);
    let speed = r.array::<2>("speed")?;
    let course = r.array::<2>("course")?;
    let flags = r.u8("flags")?;
    let status = r.u8("status")?;
    let valid = flags & 0x80 != 0;
    let mut record = match time(&date) {
        Some(time) => {
            let latitude = coordinate(lat, 90.0).ok_or_else(|| bad("latitude", &lat))?;
            let longitude = coordinate(lon, 180.0).ok_or_else(|| bad("longitude", &lon))?;
            let mut record = Record::at(time, latitude, longitude);
            record.speed_kmh = bcd(&speed).ok_or_else(|| bad("speed", &speed))? as f64;
            record.course_deg = bcd(&course)
                .filter(|c| *c <= 360)
                .ok_or_else(|| bad("course", &course))? as f64;
            record.valid = valid;
            record
        }
        None if valid => return Err(bad("date and time", &date)),
        None => {
            let mut record = Record::at(now_ms, 0.0, 0.0);
            record.valid = false;
            record.source = FixSource::None;
            record
        }
    };
    if let Some(extension) = extension {
        record.io.push(raw("id_extension", extension));
    }
    record.io.push(uint("flags", flags.into(), 1));
    record.io.push(uint("status", status.into(), 1));
    if r.remaining() >= 9 {
        record.io.push(uint("key", r.u8("key")?.into(), 1));
        record.io.push(uint("oil", r.u16("oil")?.into(), 2));
        let power = r.array::<2>("power")?;
        record
            .io
            .push(uint("power", u16::from_be_bytes(power).into(), 2));
        record.values.extend(io::power(power));
        record.io.push(uint("mileage", r.u32("mileage")?.into(), 4));
    }
    let rest = r.rest();
    if !rest.is_empty() {
        record.io.push(raw("extra", rest));
    }
    Ok(record)
}

/// BCD digits as a number, if every nibble is a digit.
fn bcd(bytes: &[u8]) -> Option<u32> {
    bytes.iter().try_fold(0u32, |n, &b| {
        let (hi, lo) = (u32::from(b >> 4), u32::from(b & 0x0F));
        (hi <= 9 && lo <= 9).then_some(n * 100 + hi * 10 + lo)
    })
}

/// `YYMMDDhhmmss` in BCD as UTC milliseconds, if it is a date.
fn time(bytes: &[u8]) -> Option<i64> {
    let n: Vec<u32> = bytes.iter().map(|&b| bcd(&[b])).collect::<Option<_>>()?;
    let [yy, month, day, hour, minute, second] = n[..] else {
        return None;
    };
    crate::datetime::utc_ms(2000 + i64::from(yy), month, day, hour, minute, second)
}

/// A coordinate's 4 BCD bytes, signed, if within ±`max` degrees.
fn coordinate(bytes: [u8; 4], max: f64) -> Option<f64> {
    let negative = bytes[0] & 0x80 != 0;
    let mut digits = bytes;
    digits[0] &= 0x7F;
    let n = bcd(&digits)?;
    let (degrees, thousandths) = (n / 100_000, n % 100_000);
    let minutes = f64::from(thousandths) / 1000.0;
    if minutes >= 60.0 {
        return None;
    }
    let value = f64::from(degrees) + minutes / 60.0;
    (value <= max).then_some(if negative { -value } else { value })
}

fn bad(what: &str, bytes: &[u8]) -> DecodeError {
    DecodeError::malformed(format!("{what}: {}", crate::hex::encode(bytes)))
}

fn uint(name: &str, value: u64, width: u8) -> IoElement {
    IoElement {
        key: IoKey::Name(name.to_owned()),
        value: IoValue::Uint { value, width },
    }
}

fn raw(name: &str, bytes: &[u8]) -> IoElement {
    IoElement {
        key: IoKey::Name(name.to_owned()),
        value: IoValue::Bytes(bytes.to_vec()),
    }
}
