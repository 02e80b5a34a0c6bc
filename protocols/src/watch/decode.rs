//! 3G watch message types.
//!
//! | type | message | reply |
//! |---|---|---|
//! | `LK` | heartbeat; `LK,<steps>,<rolls>,<battery>` also a status record | `LK` |
//! | `INIT` | first message after power-on | `INIT,1` |
//! | `UD`, `UD2`, `UD3`, `UD_LTE`, `UD_WCDMA`, `WT` | position ([`super::location`]) | — |
//! | `AL…` (`AL`, `AL_LTE`, `ALCUSTOMER1`, …) | alarm position | `AL` |
//! | `TKQ`, `TKQ2` | asks for the voice queue | echoed |
//! | `heart`, `PULSE` | heart rate | — |
//! | `oxygen,<n>,<spo2>` | blood oxygen | — |
//! | `bphrt,<high>,<low>,<rate>,…` / `BLOOD,<high>,<low>` | blood pressure (and heart rate) | — |
//! | `TEMP,<t>` / `btemp2,<n>,<t>` | body temperature | — |
//! | `TK,<AMR audio>` | voice message: a record keeping the audio raw | — |
//! | `JXTK,…` | a voice message in parts: not reassembled | — |
//! | anything else | the device's answer to a command | — |
//!
//! Messages without a fix (status and health readings, voice) are records
//! without a location, stamped with the server's clock.

use std::borrow::Cow;

use bytes::Bytes;

use crate::codec::DecodeError;
use crate::message::{DeviceId, Message};
use crate::record::{FixSource, IoElement, IoKey, IoValue, Record};
use crate::sensor::{NamedValue, Sensor, Value};

use super::encode;
use super::framing;
use super::location;

/// Decodes one unstuffed frame `[…]`.
pub fn decode(frame: &[u8], now_ms: i64) -> Result<Message, DecodeError> {
    let (header, start) = framing::header(frame)
        .ok_or_else(|| DecodeError::malformed("frame ends inside its header"))??;
    let content = frame
        .get(start..frame.len().saturating_sub(1))
        .ok_or_else(|| DecodeError::malformed("frame ends inside its header"))?;
    let kind_len = content
        .iter()
        .position(|&b| b == b',')
        .unwrap_or(content.len());
    let kind = String::from_utf8_lossy(&content[..kind_len]).into_owned();
    let device = Some(DeviceId(header.id.clone()));
    let reply = encode::reply(&header, &kind);
    if kind == "TK" {
        let audio = content.get(kind_len + 1..).unwrap_or_default();
        return Ok(records(device, voice(audio, now_ms), None));
    }
    // Read as ISO-8859-1, so any byte is a character.
    let text: String = content.iter().map(|&b| char::from(b)).collect();
    let fields: Vec<&str> = text.split(',').skip(1).collect();
    Ok(match kind.as_str() {
        "LK" if fields.len() >= 3 => records(device, status(&fields, now_ms), reply),
        "LK" | "INIT" | "TKQ" | "TKQ2" | "JXTK" => Message::Heartbeat { device, reply },
        k if k.starts_with("UD") || k.starts_with("AL") || k == "WT" => {
            records(device, location::decode(&fields)?, reply)
        }
        k => match health(k, &fields, now_ms) {
            Some(record) => records(device, record, None),
            None => Message::CommandResponse {
                answers: None,
                device,
                text: text.clone(),
                ack: None,
            },
        },
    })
}

fn records(device: Option<DeviceId>, record: Record, ack: Option<Bytes>) -> Message {
    Message::Records {
        device,
        records: vec![record],
        ack,
    }
}

/// A record without a location, at the server's time.
fn reading(now_ms: i64) -> Record {
    let mut record = Record::at(now_ms, 0.0, 0.0);
    record.valid = false;
    record.source = FixSource::None;
    record
}

fn input(record: &mut Record, name: &'static str, value: f64) {
    let sensor = Sensor::Input(Cow::Borrowed(name));
    record
        .values
        .push(NamedValue::new(sensor, Value::Number(value)));
}

fn raw(record: &mut Record, name: &str, value: IoValue) {
    record.io.push(IoElement {
        key: IoKey::Name(name.to_owned()),
        value,
    });
}

/// `LK,<steps>,<rolls>,<battery %>`.
fn status(fields: &[&str], now_ms: i64) -> Record {
    let mut record = reading(now_ms);
    for (name, value) in ["steps", "rolls", "battery"].iter().zip(fields) {
        raw(&mut record, name, IoValue::Text((*value).to_owned()));
    }
    if let Ok(steps) = fields[0].parse::<u32>() {
        input(&mut record, "steps", f64::from(steps));
    }
    if let Some(level) = fields[2].parse::<u8>().ok().filter(|l| *l <= 100) {
        let value = Value::Number(f64::from(level));
        record
            .values
            .push(NamedValue::new(Sensor::BatteryLevel, value));
    }
    record
}

/// A voice message: the AMR audio kept raw.
fn voice(audio: &[u8], now_ms: i64) -> Record {
    let mut record = reading(now_ms);
    raw(&mut record, "audio", IoValue::Bytes(audio.to_vec()));
    record
}

/// Health readings, by type; `None` for a type that is none.
fn health(kind: &str, fields: &[&str], now_ms: i64) -> Option<Record> {
    let number = |i: usize| fields.get(i).and_then(|f| f.trim().parse::<f64>().ok());
    let readings: Vec<(&'static str, Option<f64>)> = match kind {
        "heart" | "PULSE" => vec![("heart_rate", number(0))],
        "oxygen" => vec![("blood_oxygen", number(1))],
        "BLOOD" => vec![
            ("blood_pressure_high", number(0)),
            ("blood_pressure_low", number(1)),
        ],
        "bphrt" => vec![
            ("blood_pressure_high", number(0)),
            ("blood_pressure_low", number(1)),
            ("heart_rate", number(2)),
        ],
        "TEMP" => vec![("body_temperature", number(0))],
        "btemp2" => vec![("body_temperature", number(1))],
        _ => return None,
    };
    let mut record = reading(now_ms);
    raw(&mut record, kind, IoValue::Text(fields.join(",")));
    for (name, value) in readings {
        if let Some(value) = value.filter(|v| v.is_finite()) {
            input(&mut record, name, value);
        }
    }
    Some(record)
}
