//! Comma sentences: `(<id>,<type>,<field>,…)`.
//!
//! | type                              | fields                                                      | message |
//! |-----------------------------------|-------------------------------------------------------------|---------|
//! | any with `A`/`V` as third field (`BP05`, `ZC07`…`ZC17`, `DW30`, `DW3B`) | `ddmmyy,A,lat+N,lon+E,speed,hhmmss,course[,altitude,satellites]…` | a record |
//! | `ZC03`                            | `ddmmyy,hhmmss,$<text>$`                                    | command response (the text) |
//! | others (`ZC20` battery, `DW5x` cells and Wi-Fi) | fields kept raw; timed by a trailing or leading `ddmmyy,hhmmss` pair | a location-less record |
//!
//! Speed is km/h. `BP05` is answered like the classic login.

use crate::codec::DecodeError;
use crate::fix;
use crate::message::{DeviceId, Message};
use crate::record::Record;

use super::classic::no_fix;
use super::{encode, io};

fn bad(what: &str) -> DecodeError {
    DecodeError::malformed(format!("comma sentence: invalid {what}"))
}

/// Decodes a comma sentence (the frame without parentheses, split at commas).
pub fn decode(fields: &[&str], now_ms: i64) -> Result<Message, DecodeError> {
    let id = fields[0];
    let kind = fields.get(1).copied().unwrap_or_default();
    let device = Some(DeviceId(id.to_owned()));
    if kind == "ZC03" {
        let text = fields.get(4..).unwrap_or_default().join(",");
        return Ok(Message::CommandResponse {
            answers: None,
            device,
            text: text.trim_matches('$').to_owned(),
            ack: None,
        });
    }
    let record = if matches!(fields.get(3).copied(), Some("A" | "V")) {
        position(fields)?
    } else {
        timed(fields, now_ms)
    };
    Ok(Message::Records {
        device,
        records: vec![record],
        ack: (kind == "BP05").then(|| encode::login_reply(id)),
    })
}

/// `id,type,ddmmyy,A,lat,lon,speed,hhmmss,course[,altitude,satellites],…`.
fn position(fields: &[&str]) -> Result<Record, DecodeError> {
    let field = |i: usize| fields.get(i).map_or("", |f| f.trim());
    let split = |text: &str| -> (String, String) {
        let at = text.len().saturating_sub(1);
        match text.get(at..) {
            Some(letter) => (text[..at].to_owned(), letter.to_owned()),
            None => (String::new(), String::new()),
        }
    };
    let (lat, ns) = split(field(4));
    let (lon, ew) = split(field(5));
    let latitude = fix::coordinate(&lat, &ns, 90.0).ok_or_else(|| bad("latitude"))?;
    let longitude = fix::coordinate(&lon, &ew, 180.0).ok_or_else(|| bad("longitude"))?;
    let time = fix::ddmmyy_hhmmss(field(2), field(7)).ok_or_else(|| bad("date/time"))?;
    let mut record = Record::at(time, latitude, longitude);
    record.valid = field(3) == "A";
    record.speed_kmh = fix::decimal(field(6)).ok_or_else(|| bad("speed"))?;
    record.course_deg = fix::decimal(field(8))
        .filter(|c| *c <= 360.0)
        .ok_or_else(|| bad("course"))?;
    let mut next = 9;
    if let Some(altitude) = signed(field(9)).filter(|_| field(9).contains('.')) {
        record.altitude_m = altitude;
        next = 10;
        if let Some(satellites) = fix::digits(field(10)) {
            record.satellites = Some(satellites.min(255) as u8);
            next = 11;
        }
    }
    raw(&mut record, fields, next);
    Ok(record)
}

/// A location-less record: its fields raw, its time from a `ddmmyy,hhmmss`
/// pair at the end (`DW5x`) or the start (`ZC20`), else the receive time.
fn timed(fields: &[&str], now_ms: i64) -> Record {
    let n = fields.len();
    let pair = |i: usize| fix::ddmmyy_hhmmss(fields[i].trim(), fields[i + 1].trim());
    let (time, skip) = match (n >= 4).then(|| pair(n - 2)).flatten() {
        Some(time) => (time, (2, n - 2)),
        None => match (n >= 4).then(|| pair(2)).flatten() {
            Some(time) => (time, (4, n)),
            None => (now_ms, (2, n)),
        },
    };
    let mut record = no_fix(time);
    for (i, value) in fields.iter().enumerate().take(skip.1).skip(skip.0) {
        record.io.push(io::text(format!("field_{i}"), value.trim()));
    }
    record
}

fn raw(record: &mut Record, fields: &[&str], from: usize) {
    for (i, value) in fields.iter().enumerate().skip(from) {
        if !value.trim().is_empty() {
            record.io.push(io::text(format!("field_{i}"), value.trim()));
        }
    }
}

fn signed(text: &str) -> Option<f64> {
    match text.strip_prefix('-') {
        Some(rest) => fix::decimal(rest).map(|v| -v),
        None => fix::decimal(text),
    }
}
