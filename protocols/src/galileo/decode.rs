//! What a Galileosky main packet's tags mean.
//!
//! | tag  | value                                                        |
//! |------|--------------------------------------------------------------|
//! | `20` | time, Unix seconds (LE); `21` adds milliseconds              |
//! | `30` | low nibble satellites, high nibble fix quality (0 = valid, 2 = from cells), then latitude and longitude, signed LE, 1e-6° |
//! | `33` | speed (LE, 0.1 km/h), course (LE, 0.1°)                      |
//! | `34` | height (signed LE, m)                                        |
//! | `35` | HDOP (0.1)                                                   |
//!
//! Every other tag stays raw in `Record::io` under its tag number:
//! 1-, 2- and 4-byte values as little-endian integers of that width,
//! others as bytes. [`super::io`] names the well-known ones.

use crate::codec::DecodeError;
use crate::record::{FixSource, IoElement, IoKey, IoValue, Record};

use super::io;
use super::tags::{self, Tag, tag};

/// A little-endian unsigned integer of up to 8 bytes.
pub fn le(bytes: &[u8]) -> u64 {
    bytes
        .iter()
        .rev()
        .take(8)
        .fold(0u64, |acc, &b| (acc << 8) | u64::from(b))
}

/// Tags that become `Record` fields rather than IO elements.
const LOCATION_TAGS: &[u8] = &[
    tag::IMEI,
    tag::TIME,
    tag::MILLIS,
    tag::COORDINATES,
    tag::SPEED,
    tag::HEIGHT,
    tag::HDOP,
];

/// What a main packet's data holds.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Content {
    /// The IMEI, if a tag `03` names it.
    pub imei: Option<String>,
    /// The records: every tag run with a time.
    pub records: Vec<Record>,
    /// The command answer text of a tag `E1`, if any.
    pub text: Option<String>,
    /// The command number (tag `E0`) beside that text: the number of the
    /// command the text answers.
    pub command: Option<u32>,
}

/// Decodes a main packet's data.
pub fn content(data: &[u8]) -> Result<Content, DecodeError> {
    let mut out = Content::default();
    for run in tags::records(data)? {
        if let Some(imei) = tags::find(&run, tag::IMEI) {
            let imei = std::str::from_utf8(imei)
                .ok()
                .filter(|s| s.bytes().all(|b| b.is_ascii_digit()))
                .ok_or_else(|| DecodeError::malformed("IMEI tag is not 15 digits"))?;
            out.imei = Some(imei.to_owned());
        }
        if let Some(text) = tags::find(&run, tag::COMMAND_TEXT) {
            out.text = Some(String::from_utf8_lossy(text).into_owned());
            out.command = tags::find(&run, tag::COMMAND_NUMBER).map(|n| le(n) as u32);
        }
        if let Some(record) = record(&run) {
            out.records.push(record);
        }
    }
    Ok(out)
}

/// The record a tag run describes, if it carries a time.
fn record(run: &[Tag<'_>]) -> Option<Record> {
    let time = tags::find(run, tag::TIME)?;
    let millis = tags::find(run, tag::MILLIS).map_or(0, le).min(999);
    let time_ms = le(time) as i64 * 1000 + millis as i64;
    let mut record = match tags::find(run, tag::COORDINATES) {
        Some(c) => {
            let latitude = i32::from_le_bytes([c[1], c[2], c[3], c[4]]);
            let longitude = i32::from_le_bytes([c[5], c[6], c[7], c[8]]);
            let mut r = Record::at(
                time_ms,
                f64::from(latitude) / 1e6,
                f64::from(longitude) / 1e6,
            );
            let quality = c[0] >> 4;
            r.satellites = Some(c[0] & 0x0F);
            r.valid = quality == 0 || quality == 2;
            if quality == 2 {
                r.source = FixSource::Lbs;
            }
            if !(-90.0..=90.0).contains(&r.latitude) || !(-180.0..=180.0).contains(&r.longitude) {
                r.latitude = 0.0;
                r.longitude = 0.0;
                r.valid = false;
                r.source = FixSource::None;
            }
            r
        }
        None => {
            let mut r = Record::at(time_ms, 0.0, 0.0);
            r.valid = false;
            r.source = FixSource::None;
            r
        }
    };
    if let Some(v) = tags::find(run, tag::SPEED) {
        record.speed_kmh = le(&v[..2]) as f64 / 10.0;
        record.course_deg = (le(&v[2..]) as f64 / 10.0).min(360.0);
    }
    if let Some(v) = tags::find(run, tag::HEIGHT) {
        record.altitude_m = f64::from(i16::from_le_bytes([v[0], v[1]]));
    }
    if let Some(v) = tags::find(run, tag::HDOP) {
        record.hdop = Some(f64::from(v[0]) / 10.0);
    }
    record.io = run
        .iter()
        .filter(|(t, _)| !LOCATION_TAGS.contains(t))
        .map(|(t, v)| IoElement {
            key: IoKey::Id(u16::from(*t)),
            value: match v.len() {
                1 | 2 | 4 => IoValue::Uint {
                    value: le(v),
                    width: v.len() as u8,
                },
                _ => IoValue::Bytes(v.to_vec()),
            },
        })
        .collect();
    record.values = io::named_values(&record.io);
    Some(record)
}
