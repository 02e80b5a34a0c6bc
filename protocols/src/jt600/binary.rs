//! What a binary (`$`) frame means.
//!
//! Every record starts with the same 17-byte fix: date `ddmmyy` and time
//! `hhmmss` (BCD, UTC), latitude `ddmm.mmmm` (4 BCD bytes), longitude
//! `dddmm.mmmm` (9 BCD digits) followed by a flags nibble (bit 0 valid,
//! bit 1 north, bit 2 east), speed (one byte, knots) and course (one byte,
//! in units of 2°).
//!
//! | format | header | body | becomes |
//! |---|---|---|---|
//! | short (byte 7 < 0x10) | `$`, id, type, length (2) | records of 27 bytes (the fix and 10 bytes kept raw as `extra`), then one index byte | one record each |
//! | long (byte 7 ≥ 0x10) | `$`, id, version, type, length (2) | one record: the fix, odometer (4, km), satellites (1), vehicle id (4), status (2), battery (1, %), the rest kept raw as `extra` | one record |
//!
//! A long record whose status has bit 5 set asks for an answer
//! ([`super::encode::binary_ack`]).

use crate::codec::DecodeError;
use crate::datetime::utc_ms;
use crate::fix::KMH_PER_KNOT;
use crate::message::DeviceId;
use crate::record::{IoElement, IoKey, IoValue, Record};

/// Bytes of one short-format record.
pub const SHORT_RECORD: usize = 27;
/// Bytes of the fix every record starts with.
pub const FIX_LEN: usize = 17;
/// Bytes of a long record up to and including its battery byte.
pub const LONG_FIXED: usize = 29;

/// A decoded binary frame.
#[derive(Debug, Clone, PartialEq)]
pub struct Binary {
    /// The device, from the 5 BCD bytes after `$`.
    pub device: DeviceId,
    /// Its records, in the order sent.
    pub records: Vec<Record>,
    /// The protocol version byte of a long frame (`None` for a short one).
    pub version: Option<u8>,
    /// The status word of a long record.
    pub status: Option<u16>,
    /// The frame's last byte (the index its answer names).
    pub index: u8,
}

/// Decodes one whole binary frame (`$` included).
pub fn decode(frame: &[u8]) -> Result<Binary, DecodeError> {
    if frame.len() < 11 {
        return Err(DecodeError::malformed(
            "binary frame shorter than its header",
        ));
    }
    let device = DeviceId(bcd_digits(&frame[1..6]).ok_or_else(|| bad("device id", &frame[1..6]))?);
    let index = frame[frame.len() - 1];
    if frame[7] >= 0x10 {
        let body = &frame[10..];
        if body.len() < LONG_FIXED {
            return Err(DecodeError::malformed(format!(
                "long record of {} bytes, not at least {LONG_FIXED}",
                body.len()
            )));
        }
        let mut record = fix(&body[..FIX_LEN])?;
        let odometer = u32::from_be_bytes([body[17], body[18], body[19], body[20]]);
        let status = u16::from_be_bytes([body[26], body[27]]);
        record.satellites = Some(body[21]);
        record.io.push(uint("odometer_km", u64::from(odometer), 4));
        record.io.push(uint(
            "vehicle_id",
            u64::from(u32::from_be_bytes([body[22], body[23], body[24], body[25]])),
            4,
        ));
        record.io.push(uint("status", u64::from(status), 2));
        record
            .io
            .push(uint("battery_percent", u64::from(body[28]), 1));
        record.io.push(raw("extra", &body[LONG_FIXED..]));
        Ok(Binary {
            device,
            records: vec![record],
            version: Some(frame[6]),
            status: Some(status),
            index,
        })
    } else {
        let body = &frame[9..frame.len() - 1];
        if body.is_empty() || !body.len().is_multiple_of(SHORT_RECORD) {
            return Err(DecodeError::malformed(format!(
                "short body of {} bytes, not a whole number of {SHORT_RECORD}-byte records",
                body.len()
            )));
        }
        let records = body
            .chunks(SHORT_RECORD)
            .map(|chunk| {
                let mut record = fix(&chunk[..FIX_LEN])?;
                record.io.push(raw("extra", &chunk[FIX_LEN..]));
                Ok(record)
            })
            .collect::<Result<Vec<_>, DecodeError>>()?;
        Ok(Binary {
            device,
            records,
            version: None,
            status: None,
            index,
        })
    }
}

/// The 17-byte fix a record starts with.
fn fix(b: &[u8]) -> Result<Record, DecodeError> {
    let two = |i: usize| bcd(b[i]).ok_or_else(|| bad("date and time", &b[..6]));
    let (day, month, year) = (two(0)?, two(1)?, two(2)?);
    let (hour, minute, second) = (two(3)?, two(4)?, two(5)?);
    let time = utc_ms(2000 + i64::from(year), month, day, hour, minute, second)
        .ok_or_else(|| bad("date and time", &b[..6]))?;
    let lat_digits = bcd_digits(&b[6..10]).ok_or_else(|| bad("latitude", &b[6..10]))?;
    let high = b[14] >> 4;
    let lon_digits = match bcd_digits(&b[10..14]) {
        Some(digits) if high <= 9 => format!("{digits}{high}"),
        _ => return Err(bad("longitude", &b[10..15])),
    };
    let flags = b[14] & 0x0F;
    let latitude = degrees(&lat_digits, 2, 90.0).ok_or_else(|| bad("latitude", &b[6..10]))?;
    let longitude = degrees(&lon_digits, 3, 180.0).ok_or_else(|| bad("longitude", &b[10..15]))?;
    let latitude = if flags & 0x02 != 0 {
        latitude
    } else {
        -latitude
    };
    let longitude = if flags & 0x04 != 0 {
        longitude
    } else {
        -longitude
    };
    let mut record = Record::at(time, latitude, longitude);
    record.valid = flags & 0x01 != 0;
    record.speed_kmh = f64::from(b[15]) * KMH_PER_KNOT;
    record.course_deg = (f64::from(b[16]) * 2.0) % 360.0;
    Ok(record)
}

/// Degrees from `d…dmm.mmmm` written as digits only (`deg_digits` of degrees).
fn degrees(digits: &str, deg_digits: usize, max: f64) -> Option<f64> {
    let deg: f64 = digits[..deg_digits].parse().ok()?;
    let minutes: f64 = digits[deg_digits..].parse::<f64>().ok()? / 10_000.0;
    let value = deg + minutes / 60.0;
    (minutes < 60.0 && value <= max).then_some(value)
}

/// One BCD byte as its number.
fn bcd(byte: u8) -> Option<u32> {
    let (high, low) = (byte >> 4, byte & 0x0F);
    (high <= 9 && low <= 9).then(|| u32::from(high) * 10 + u32::from(low))
}

/// BCD bytes as their digits.
fn bcd_digits(bytes: &[u8]) -> Option<String> {
    bytes
        .iter()
        .map(|&b| bcd(b).map(|n| format!("{n:02}")))
        .collect()
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
