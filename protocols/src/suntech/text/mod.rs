//! Suntech text sentences: fields separated by `;`, the first naming the
//! report.
//!
//! | first field                        | form                    | module        |
//! |------------------------------------|-------------------------|---------------|
//! | `ST300STT`, `SA200ALT`, `ST410STT` … (model + type) | legacy ST300/ST600/ST900 family | [`legacy`] |
//! | `ST910`                            | ST910 personal tracker  | [`legacy`]    |
//! | `STT`, `ALT`, `EMG`, `EVT`, `UEX`, `ALV`, `RES`, `BLE`, `BSA` | universal protocol | [`universal`] |
//! | `-…` (`-Error`)                    | a device's refusal of a command | [`Message::CommandResponse`] |
//!
//! Sentences are ISO-8859-1, read byte for byte as Latin-1. `UEX` data is
//! cut out by its length first ([`uex`]), since it may hold `;`.

pub mod legacy;
pub mod uex;
pub mod universal;

use crate::codec::DecodeError;
use crate::message::{DeviceId, Message};
use crate::record::{FixSource, Record};

use super::SuntechOptions;
use super::io;

/// A sentence split into fields; `UEX` data held apart.
#[derive(Debug)]
pub struct Sentence {
    /// Fields before the data (all of them when there is none).
    pub fields: Vec<String>,
    /// `UEX` data (unescaped) and the fields after it.
    pub data: Option<(Vec<u8>, Vec<String>)>,
}

impl Sentence {
    /// Splits a frame (without its `\r`).
    pub fn parse(frame: &[u8]) -> Self {
        match super::framing::uex_data(frame) {
            super::framing::Uex::Data { start, len } if start <= frame.len() => {
                let (data, rest) = uex::split_data(&frame[start..], len);
                let mut fields = split(&frame[..start]);
                fields.pop(); // the empty field after the length's `;`
                Self {
                    fields,
                    data: Some((data, split(rest))),
                }
            }
            _ => Self {
                fields: split(frame),
                data: None,
            },
        }
    }

    /// Field `i`, empty when absent.
    pub fn field(&self, i: usize) -> &str {
        self.fields.get(i).map_or("", |f| f.as_str())
    }
}

fn split(bytes: &[u8]) -> Vec<String> {
    latin1(bytes).split(';').map(str::to_owned).collect()
}

/// Bytes as Latin-1 text.
pub fn latin1(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| char::from(b)).collect()
}

/// Decodes one sentence; `now_ms` times reports that carry no date.
pub fn decode(frame: &[u8], options: &SuntechOptions, now_ms: i64) -> Result<Message, DecodeError> {
    let sentence = Sentence::parse(frame);
    let head = sentence.field(0);
    if head.starts_with('-') {
        return Ok(Message::CommandResponse {
            answers: None,
            device: None,
            text: latin1(frame),
            ack: None,
        });
    }
    if head == "ST910" {
        return legacy::st910(&sentence);
    }
    let bytes = head.as_bytes();
    if bytes.len() == 8
        && (head.starts_with("ST") || head.starts_with("SA"))
        && bytes[2..5].iter().all(u8::is_ascii_digit)
    {
        return legacy::decode(&sentence, &head[5..], options, now_ms);
    }
    if bytes.len() == 3 && bytes.iter().all(u8::is_ascii_uppercase) {
        return universal::decode(&sentence, now_ms);
    }
    Err(DecodeError::malformed(
        "sentence does not start with a Suntech header",
    ))
}

/// The device id field: digits only.
pub fn device(field: &str) -> Result<DeviceId, DecodeError> {
    if field.is_empty() || field.len() > 20 || !field.bytes().all(|b| b.is_ascii_digit()) {
        return Err(DecodeError::malformed("device id is not a number"));
    }
    Ok(DeviceId(field.to_owned()))
}

/// `yyyymmdd` + `hh:mm:ss` as UTC milliseconds.
pub fn time_ms(date: &str, time: &str) -> Option<i64> {
    if date.len() != 8 || !super::framing::is_time(time.as_bytes()) {
        return None;
    }
    let d = crate::fix::digits(date)?;
    let part = |i: usize| time.get(i..i + 2).and_then(crate::fix::digits);
    crate::datetime::utc_ms(
        i64::from(d / 10_000),
        d / 100 % 100,
        d % 100,
        part(0)?,
        part(3)?,
        part(6)?,
    )
}

/// Whether a field is a date (`yyyymmdd`).
pub fn is_date(field: &str) -> bool {
    field.len() == 8 && field.bytes().all(|b| b.is_ascii_digit())
}

/// The index of the time field of the first `date;time` pair.
pub fn find_time(fields: &[String]) -> Option<usize> {
    (1..fields.len())
        .find(|&i| is_date(&fields[i - 1]) && super::framing::is_time(fields[i].as_bytes()))
}

/// A finite decimal number (`+` allowed).
pub fn number(field: &str) -> Option<f64> {
    let field = field.trim();
    if field.is_empty()
        || !field
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'+' | b'-'))
    {
        return None;
    }
    field.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// A located record; fails on a coordinate out of range.
pub fn located(time_ms: i64, lat: &str, lon: &str) -> Result<Record, DecodeError> {
    let lat = number(lat).filter(|v| v.abs() <= 90.0);
    let lon = number(lon).filter(|v| v.abs() <= 180.0);
    match (lat, lon) {
        (Some(lat), Some(lon)) => Ok(Record::at(time_ms, lat, lon)),
        _ => Err(DecodeError::malformed("coordinates out of range")),
    }
}

/// A record without a location.
pub fn unlocated(time_ms: i64) -> Record {
    let mut record = Record::at(time_ms, 0.0, 0.0);
    record.valid = false;
    record.source = FixSource::None;
    record
}

/// Speed (km/h) and course (degrees) fields, when they are numbers.
pub fn motion(record: &mut Record, speed: &str, course: &str) {
    record.speed_kmh = number(speed)
        .filter(|v| (0.0..=2000.0).contains(v))
        .unwrap_or(0.0);
    record.course_deg = number(course)
        .filter(|v| (0.0..=360.0).contains(v))
        .unwrap_or(0.0);
}

/// Keeps `fields` raw as `extra_1`, `extra_2`, … (empty ones skipped).
pub fn extras(record: &mut Record, fields: &[String]) {
    for (i, field) in fields.iter().enumerate() {
        if !field.is_empty() {
            record.io.push(io::text(format!("extra_{}", i + 1), field));
        }
    }
}

/// One record, as a message.
pub fn records(device: DeviceId, record: Record) -> Message {
    Message::Records {
        device: Some(device),
        records: vec![record],
        ack: None,
    }
}
