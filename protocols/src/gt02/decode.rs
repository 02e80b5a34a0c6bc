//! What each GT02 message type means.
//!
//! | type | content | becomes |
//! |---|---|---|
//! | `10` location | date (3: YY MM DD), time (3: hh mm ss), UTC; latitude (4), longitude (4), both in 1/30000 of a minute; speed (1, km/h); course (2, degrees); reserved (3); status flags (4): bit 0 fix valid, bit 1 north, bit 2 east | one GNSS record |
//! | `1A` heartbeat | not documented publicly; kept raw (`heartbeat_data`) | one location-less record dated on arrival, with the header's power and GSM levels |
//! | `1C` command answer | text length (1), ASCII text | the answer's text |
//!
//! Every record also keeps the header's index and, raw, its power and GSM
//! bytes (`voltage_level`, `gsm_level`; zero in location messages, whose
//! records name neither). Contents must be exactly as long as their
//! layout: a byte short or over is [`DecodeError::Malformed`].

use bytes::Bytes;

use crate::codec::DecodeError;
use crate::reader::Reader;
use crate::record::{FixSource, IoElement, IoKey, IoValue, Record};

use super::framing::Frame;
use super::io;

/// Message type of a location.
pub const LOCATION: u8 = 0x10;
/// Message type of a heartbeat.
pub const HEARTBEAT: u8 = 0x1A;
/// Message type of a command answer.
pub const ANSWER: u8 = 0x1C;

/// Coordinate units per degree: 30000 per minute.
pub const UNITS_PER_DEGREE: f64 = 60.0 * 30_000.0;

/// What a frame carries.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    /// A location or a heartbeat's status, as one record.
    Record(Record),
    /// A command answer's text.
    Answer(String),
}

/// Decodes a frame's content by its type; `now_ms` dates heartbeats.
pub fn frame(frame: &Frame, now_ms: i64) -> Result<Body, DecodeError> {
    match frame.kind {
        LOCATION => {
            let mut record = location(&frame.content)?;
            record.io.extend(header_io(frame));
            Ok(Body::Record(record))
        }
        HEARTBEAT => {
            let mut record = Record::at(now_ms, 0.0, 0.0);
            record.valid = false;
            record.source = FixSource::None;
            record.io.extend(header_io(frame));
            if !frame.content.is_empty() {
                record.io.push(raw("heartbeat_data", &frame.content));
            }
            record.values.extend(io::power_level(frame.power));
            record.values.extend(io::gsm_level(frame.gsm));
            Ok(Body::Record(record))
        }
        ANSWER => answer(&frame.content).map(Body::Answer),
        other => Err(DecodeError::Unsupported(format!(
            "message type {other:#04x}"
        ))),
    }
}

/// A location's record.
pub fn location(content: &[u8]) -> Result<Record, DecodeError> {
    let mut r = Reader::new(content);
    let [yy, month, day, hour, minute, second] = r.array::<6>("date and time")?;
    let time = crate::datetime::utc_ms(
        2000 + i64::from(yy),
        month.into(),
        day.into(),
        hour.into(),
        minute.into(),
        second.into(),
    )
    .ok_or_else(|| {
        DecodeError::malformed(format!(
            "no such time: {yy:02}-{month:02}-{day:02} {hour:02}:{minute:02}:{second:02}"
        ))
    })?;
    let latitude = f64::from(r.u32("latitude")?) / UNITS_PER_DEGREE;
    let longitude = f64::from(r.u32("longitude")?) / UNITS_PER_DEGREE;
    let speed = r.u8("speed")?;
    let course = r.u16("course")?;
    let _reserved = r.bytes(3, "reserved")?;
    let flags = r.u32("status flags")?;
    r.finish("location")?;
    if latitude > 90.0 || longitude > 180.0 {
        return Err(DecodeError::malformed(format!(
            "coordinates out of range: {latitude}, {longitude}"
        )));
    }
    if course > 360 {
        return Err(DecodeError::malformed(format!("course {course}°")));
    }
    let north = flags & 0b10 != 0;
    let east = flags & 0b100 != 0;
    let mut record = Record::at(
        time,
        if north { latitude } else { -latitude },
        if east { longitude } else { -longitude },
    );
    record.valid = flags & 1 != 0;
    record.speed_kmh = f64::from(speed);
    record.course_deg = f64::from(course);
    record.io.push(number("status_flags", flags.into(), 4));
    Ok(record)
}

/// A command answer's text: a length byte, then that many ASCII bytes
/// (hex-encoded if they are not text).
pub fn answer(content: &[u8]) -> Result<String, DecodeError> {
    let mut r = Reader::new(content);
    let len = r.u8("answer length")?;
    let text = r.bytes(usize::from(len), "answer")?;
    r.finish("answer")?;
    Ok(match std::str::from_utf8(text) {
        Ok(text) => text.to_owned(),
        Err(_) => crate::hex::encode(text),
    })
}

/// The header fields every record keeps raw.
fn header_io(frame: &Frame) -> [IoElement; 3] {
    [
        number("index", frame.index.into(), 2),
        number("voltage_level", frame.power.into(), 1),
        number("gsm_level", frame.gsm.into(), 1),
    ]
}

fn number(name: &str, value: u64, width: u8) -> IoElement {
    IoElement {
        key: IoKey::Name(name.to_owned()),
        value: IoValue::Uint { value, width },
    }
}

fn raw(name: &str, bytes: &Bytes) -> IoElement {
    IoElement {
        key: IoKey::Name(name.to_owned()),
        value: IoValue::Bytes(bytes.to_vec()),
    }
}
