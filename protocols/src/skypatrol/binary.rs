//! The binary event report: fields laid out by a 32-bit mask.
//!
//! After the header comes the mask's length (`04`) and the mask (4 bytes,
//! big endian); each set bit adds one field, in bit order, of a fixed
//! width. The widths, and which bits add nothing, are those the corpus's
//! report with every bit set (`ff ff ff ff`) adds up to, byte for byte:
//!
//! | bit | width | field | read as |
//! |---|---|---|---|
//! | 1 | 4 | parameter 1 (the event) | `event` |
//! | 2 | 22, or 8 with bit 23 | modem id, ASCII, padded | the device |
//! | 3 | 2 | digital I/O | raw `io` |
//! | 4, 5 | 2 each | analog inputs 1 and 2 | raw `adc1`, `adc2` |
//! | 7 | 1 | function category | raw `category` |
//! | 8 | 3 | date: day, month, year − 2000 | fix time |
//! | 9 | 1 | fix status, 1 = valid | `valid` |
//! | 10, 11 | 4 each | latitude, longitude: signed `DDMM.MMMM` × 10⁴ | degrees |
//! | 12, 13 | 2 each | speed (knots) and course (degrees), tenths | km/h, degrees |
//! | 14 | 3 | time: hour, minute, second | fix time |
//! | 15 | 3 | altitude, metres, signed | altitude |
//! | 16 | 1 | satellites | satellites |
//! | 17 | 2 | battery | raw `battery` |
//! | 20, 21 | 4 each | trip and total distance | raw `trip`, `odometer` |
//! | 22 | 6 | report time: year − 2000, month, day, hour, minute, second | raw `report_time` |
//! | 24 | 2 | supply | raw `power` |
//! | 25 | 18 | overspeed data | raw `overspeed` |
//! | 26 | 54 | neighbour cells | raw `cells` |
//! | 28 | 2 | sequence number | raw `sequence` |
//!
//! Bits 0 (binary format), 6, 18, 19, 23, 27, 29–31 add no field. The
//! coordinates' form is read from the sample: as degrees and minutes it
//! puts the device at the vendor's own address, as decimal degrees in
//! open water. The units of the raw values are not published.

use crate::codec::DecodeError;
use crate::fix::{KMH_PER_KNOT, utc_ms};
use crate::message::DeviceId;
use crate::reader::Reader;
use crate::record::{IoElement, IoKey, IoValue, Record};

/// Each bit's field width, and the raw name it is kept under (empty: read
/// into the record, or no field).
const FIELDS: [(usize, &str); 32] = [
    (0, ""),
    (4, "event"),
    (22, ""),
    (2, "io"),
    (2, "adc1"),
    (2, "adc2"),
    (0, ""),
    (1, "category"),
    (3, ""),
    (1, ""),
    (4, ""),
    (4, ""),
    (2, ""),
    (2, ""),
    (3, ""),
    (3, ""),
    (1, ""),
    (2, "battery"),
    (0, ""),
    (0, ""),
    (4, "trip"),
    (4, "odometer"),
    (6, "report_time"),
    (0, ""),
    (2, "power"),
    (18, "overspeed"),
    (54, "cells"),
    (0, ""),
    (2, "sequence"),
    (0, ""),
    (0, ""),
    (0, ""),
];

/// Decodes a report's body: everything after the 4-byte header.
pub fn report(body: &[u8]) -> Result<(DeviceId, Record), DecodeError> {
    let mut r = Reader::new(body);
    if r.u8("mask length")? != 4 {
        return Err(DecodeError::Unsupported(
            "a binary report without its mask".into(),
        ));
    }
    let mask = r.u32("mask")?;
    let set = |bit: usize| mask & (1 << bit) != 0;
    if !(set(2) && set(8) && set(10) && set(11) && set(14)) {
        return Err(DecodeError::Unsupported(format!(
            "a report of mask {mask:#010x}: no id, date, time and position"
        )));
    }
    let mut device = None;
    let (mut date, mut time) = ([0u8; 3], [0u8; 3]);
    let (mut lat, mut lon) = (0i32, 0i32);
    let mut record = Record::at(0, 0.0, 0.0);
    for (bit, (width, name)) in FIELDS.iter().enumerate() {
        if !set(bit) || *width == 0 {
            continue;
        }
        match bit {
            2 => {
                let width = if set(23) { 8 } else { *width };
                let id = r.bytes(width, "modem id")?;
                let id = String::from_utf8_lossy(id);
                let id = id.trim_matches([' ', '\0']);
                if id.is_empty() || !id.bytes().all(|b| b.is_ascii_alphanumeric()) {
                    return Err(DecodeError::malformed(format!("modem id {id:?}")));
                }
                device = Some(DeviceId(id.to_owned()));
            }
            8 => date = r.array("date")?,
            9 => record.valid = r.u8("fix status")? == 1,
            10 => lat = r.u32("latitude")? as i32,
            11 => lon = r.u32("longitude")? as i32,
            12 => record.speed_kmh = f64::from(r.u16("speed")?) / 10.0 * KMH_PER_KNOT,
            13 => record.course_deg = f64::from(r.u16("course")?) / 10.0,
            14 => time = r.array("time")?,
            15 => {
                let raw = r.uint(3, "altitude")? as u32;
                record.altitude_m = f64::from(((raw << 8) as i32) >> 8);
            }
            16 => record.satellites = Some(r.u8("satellites")?),
            _ => {
                let bytes = r.bytes(*width, name)?;
                let value = match *width {
                    1 | 2 | 4 => IoValue::Uint {
                        value: bytes.iter().fold(0, |acc, &b| (acc << 8) | u64::from(b)),
                        width: *width as u8,
                    },
                    _ => IoValue::Bytes(bytes.to_vec()),
                };
                record.io.push(IoElement {
                    key: IoKey::Name((*name).to_owned()),
                    value,
                });
            }
        }
    }
    let bad = |what: &str| DecodeError::malformed(what.to_owned());
    record.fix_time_ms = utc_ms(
        2000 + i64::from(date[2]),
        u32::from(date[1]),
        u32::from(date[0]),
        u32::from(time[0]),
        u32::from(time[1]),
        u32::from(time[2]),
    )
    .ok_or_else(|| bad("date and time out of range"))?;
    record.latitude = degrees(lat, 90.0).ok_or_else(|| bad("latitude out of range"))?;
    record.longitude = degrees(lon, 180.0).ok_or_else(|| bad("longitude out of range"))?;
    if record.course_deg > 360.0 {
        return Err(bad("course over 360"));
    }
    Ok((device.ok_or_else(|| bad("no modem id"))?, record))
}

/// Signed `DDMM.MMMM` × 10⁴ as degrees, if within ±`max`.
fn degrees(raw: i32, max: f64) -> Option<f64> {
    let value = f64::from(raw.unsigned_abs()) / 10_000.0;
    let whole = (value / 100.0).trunc();
    let minutes = value - whole * 100.0;
    let degrees = whole + minutes / 60.0;
    (minutes < 60.0 && degrees <= max).then_some(if raw < 0 { -degrees } else { degrees })
}
