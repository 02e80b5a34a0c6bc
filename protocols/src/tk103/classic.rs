//! Classic sentences: `(<id><command><payload>)`, the command two capital
//! letters and two digits right after the id (`027044702512BP05…`).
//!
//! | command  | message                                              | reply           |
//! |----------|------------------------------------------------------|-----------------|
//! | `BP00`   | handshake → heartbeat                                | `(<id>AP01HSO)` |
//! | `BP05`   | login; its position block (or cells) → a record      | `(<id>AP05)`    |
//! | `BO01`   | alarm digit + position block → a record with alarm   | none            |
//! | `BQ81`   | `ALARM,<type>,<value>,` + position block             | none            |
//! | `BV00`   | VIN → a location-less record                         | none            |
//! | `BQ86`   | OBD data block → heartbeat, ignored                  | none            |
//! | `BRxx`   | position block → a record (without one: `Malformed`) | none            |
//! | other    | position block → a record; none → a location-less record with the payload raw (`BZ00` cells, `BS50` battery data) | none |
//!
//! `BO01` is answered `AS01` by some servers; it is not listed among the
//! replies devices wait for, so [`super::encode::alarm_ack`]
//! exists but is not sent.

use crate::codec::DecodeError;
use crate::message::{DeviceId, Message};
use crate::record::{FixSource, Record};

use super::{encode, io, location};

/// Splits `content` (the frame without its parentheses) into id, command
/// and payload, if it has the classic shape.
pub fn split(content: &str) -> Option<(&str, &str, &str)> {
    let head = content.split(',').next().unwrap_or_default().as_bytes();
    let at = (1..head.len().saturating_sub(3)).find(|&p| {
        head[p].is_ascii_uppercase()
            && head[p + 1].is_ascii_uppercase()
            && head[p + 2].is_ascii_digit()
            && head[p + 3].is_ascii_digit()
    })?;
    Some((&content[..at], &content[at..at + 4], &content[at + 4..]))
}

/// Decodes a classic sentence.
pub fn decode(id: &str, command: &str, payload: &str, now_ms: i64) -> Result<Message, DecodeError> {
    let device = Some(DeviceId(id.to_owned()));
    let record = match command {
        "BP00" => {
            return Ok(Message::Heartbeat {
                device,
                reply: Some(encode::handshake_reply(id)),
            });
        }
        "BQ86" => {
            return Ok(Message::Heartbeat {
                device,
                reply: None,
            });
        }
        "BV00" => {
            let mut record = no_fix(now_ms);
            record.io.push(io::text("vin", payload.trim()));
            record.values.push(io::vin(payload.trim()));
            record
        }
        _ if payload.is_empty() => {
            return Ok(Message::Heartbeat {
                device,
                reply: None,
            });
        }
        _ => payload_record(command, payload, now_ms)?,
    };
    let ack = (command == "BP05").then(|| encode::login_reply(id));
    Ok(Message::Records {
        device,
        records: vec![record],
        ack,
    })
}

/// The record of a payload: its position block if it has one, else the
/// payload raw on a location-less record stamped with the receive time.
fn payload_record(command: &str, payload: &str, now_ms: i64) -> Result<Record, DecodeError> {
    let Some(at) = location::find(payload) else {
        if command.starts_with("BR") || command == "BO01" {
            return Err(DecodeError::malformed(format!(
                "{command} without a position block"
            )));
        }
        let mut record = no_fix(now_ms);
        record.io.push(io::text("data", payload));
        return Ok(record);
    };
    let mut record = location::decode(&payload[at..], now_ms)?;
    let head = &payload[..at];
    if !head.is_empty() {
        record.io.push(io::text("head", head));
    }
    match command {
        "BO01" => {
            let digit = head.bytes().next().unwrap_or(b'-');
            record
                .io
                .push(io::text("alarm_code", head.get(..1).unwrap_or_default()));
            record.values.extend(io::bo01_alarm(digit).map(io::alarm));
        }
        "BQ81" => {
            let fields: Vec<&str> = head.split(',').collect();
            if fields.get(1) == Some(&"ALARM") && fields.get(2) == Some(&"1") {
                record.values.push(io::alarm("overspeed"));
            }
        }
        _ => {}
    }
    Ok(record)
}

/// A record without a location.
pub fn no_fix(fix_time_ms: i64) -> Record {
    let mut record = Record::at(fix_time_ms, 0.0, 0.0);
    record.valid = false;
    record.source = FixSource::None;
    record
}
