//! What each Meiligao command from a tracker means.
//!
//! | command | data | becomes |
//! |---|---|---|
//! | `5000` login | none | a login, answered `4000` `01` |
//! | `0001` heartbeat | none | a heartbeat, answered `0001` `01` |
//! | `9955` position | a report ([`report`]) | one record |
//! | `9999` alarm | alarm code (1), a report | one record with the code as its event |
//! | `4101` track on demand | a report | one record (the answer to [`Command::LocationRequest`](crate::command::Command)) |
//! | `6688` logged positions | count (1), then `count` reports, each an event code (1) and its text, separated by `\` | the records |
//! | `9966` RFID | card data, `\|`, `hhmmss,ddmmyy,DDMM.MMMM,N,DDDMM.MMMM,E` | one record (valid: no status is sent), the card data kept raw (`rfid`) |
//! | `9903` trouble codes | text | one location-less record dated on arrival, the codes kept as `dtcs` |
//! | `9901` OBD real time, `9902` more OBD data | comma-separated values | one location-less record, the text kept as `obd_9901` / `obd_9902` (the fields' order is not documented publicly) |
//! | any other `4xxx` | the tracker's answer to a command | the answer as text: `<command>,<data>` |
//!
//! Photo transfer (`0800`, `9988`, `0F80`) and the server address request
//! (`0002`) are [`DecodeError::Unsupported`]: trackgate stores no images and
//! does not know the address devices reach it at.

use crate::codec::DecodeError;
use crate::record::{FixSource, IoElement, IoKey, IoValue, Record};

use super::framing::Frame;
use super::io;
use super::report;

/// Login.
pub const LOGIN: u16 = 0x5000;
/// The server's answer to a login.
pub const LOGIN_REPLY: u16 = 0x4000;
/// Heartbeat, and the server's answer to it.
pub const HEARTBEAT: u16 = 0x0001;
/// Position report.
pub const POSITION: u16 = 0x9955;
/// Alarm report.
pub const ALARM: u16 = 0x9999;
/// Track on demand: the request, and the tracker's answer.
pub const TRACK_ON_DEMAND: u16 = 0x4101;
/// Logged (blind-area) positions.
pub const LOGGED: u16 = 0x6688;
/// RFID report.
pub const RFID: u16 = 0x9966;
/// OBD trouble codes.
pub const DTC: u16 = 0x9903;
/// OBD real-time data.
pub const OBD: u16 = 0x9901;
/// More OBD data (its fields are not documented publicly).
pub const OBD_MORE: u16 = 0x9902;
/// Output control: the request, and the tracker's answer.
pub const OUTPUT_CONTROL: u16 = 0x4114;

/// What a packet carries.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    /// The tracker logs in.
    Login,
    /// A keep-alive.
    Heartbeat,
    /// Records, in the order sent.
    Records(Vec<Record>),
    /// The answer to a command.
    Answer(String),
}

/// Decodes a packet's data by its command; `now_ms` dates location-less
/// records.
pub fn frame(frame: &Frame, now_ms: i64) -> Result<Body, DecodeError> {
    let data = &frame.data[..];
    Ok(match frame.command {
        LOGIN => Body::Login,
        HEARTBEAT => Body::Heartbeat,
        POSITION | TRACK_ON_DEMAND => Body::Records(vec![report::record(&latin1(data))?]),
        ALARM => {
            let (&code, text) = data
                .split_first()
                .ok_or_else(|| DecodeError::malformed("alarm without its code"))?;
            Body::Records(vec![with_event(report::record(&latin1(text))?, code)])
        }
        LOGGED => Body::Records(logged(data)?),
        RFID => Body::Records(vec![rfid(data)?]),
        DTC => Body::Records(vec![readings(now_ms, "dtcs", data)]),
        OBD => Body::Records(vec![readings(now_ms, "obd_9901", data)]),
        OBD_MORE => Body::Records(vec![readings(now_ms, "obd_9902", data)]),
        0x0800 | 0x9988 | 0x0F80 => {
            return Err(DecodeError::Unsupported(format!(
                "photo transfer {:04X}",
                frame.command
            )));
        }
        command @ 0x4000..=0x4FFF => Body::Answer(answer(command, data)),
        other => {
            return Err(DecodeError::Unsupported(format!("command {other:04X}")));
        }
    })
}

/// Logged positions: a count, then that many event-prefixed reports
/// separated by `\`.
fn logged(data: &[u8]) -> Result<Vec<Record>, DecodeError> {
    let (&count, rest) = data
        .split_first()
        .ok_or_else(|| DecodeError::malformed("logged positions without a count"))?;
    let records = rest
        .split(|&b| b == b'\\')
        .map(|chunk| {
            let (&event, text) = chunk
                .split_first()
                .ok_or_else(|| DecodeError::malformed("an empty logged position"))?;
            Ok(with_event(report::record(&latin1(text))?, event))
        })
        .collect::<Result<Vec<_>, DecodeError>>()?;
    if records.len() != usize::from(count) {
        return Err(DecodeError::malformed(format!(
            "{count} logged positions announced, {} sent",
            records.len()
        )));
    }
    Ok(records)
}

/// An RFID report: the card data, `|`, and a short position.
fn rfid(data: &[u8]) -> Result<Record, DecodeError> {
    let at = data
        .iter()
        .rposition(|&b| b == b'|')
        .ok_or_else(|| DecodeError::malformed("RFID report without its position"))?;
    let (card, text) = (&data[..at], latin1(&data[at + 1..]));
    let f: Vec<&str> = text.split(',').collect();
    let [time, date, lat, ns, lon, ew] = f[..] else {
        return Err(DecodeError::malformed(format!("RFID position {text:?}")));
    };
    let bad = || DecodeError::malformed(format!("RFID position {text:?}"));
    let fix_time = report::date_time(date, time).ok_or_else(bad)?;
    let latitude = crate::fix::coordinate(lat, ns, 90.0).ok_or_else(bad)?;
    let longitude = crate::fix::coordinate(lon, ew, 180.0).ok_or_else(bad)?;
    let mut record = Record::at(fix_time, latitude, longitude);
    record.io.push(IoElement {
        key: IoKey::Name("rfid".into()),
        value: IoValue::Bytes(card.to_vec()),
    });
    Ok(record)
}

/// A location-less record dated `now_ms` keeping `data` as text.
fn readings(now_ms: i64, name: &str, data: &[u8]) -> Record {
    let mut record = Record::at(now_ms, 0.0, 0.0);
    record.valid = false;
    record.source = FixSource::None;
    record.io.push(report::text(name, &latin1(data)));
    record
}

/// `record` raised by event (alarm) code `code`.
fn with_event(mut record: Record, code: u8) -> Record {
    record.event = Some(code.into());
    record.io.push(report::uint("alarm_code", code.into(), 1));
    record.values.extend(io::alarm(code));
    record
}

/// A command answer as `<command>,<data>`: the data as text when it is
/// printable, else in hex.
pub fn answer(command: u16, data: &[u8]) -> String {
    let shown = if !data.is_empty() && data.iter().all(|b| b.is_ascii_graphic() || *b == b' ') {
        latin1(data)
    } else {
        crate::hex::encode(data)
    };
    if shown.is_empty() {
        format!("{command:04X}")
    } else {
        format!("{command:04X},{shown}")
    }
}

/// Bytes as ISO-8859-1 text.
fn latin1(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| char::from(b)).collect()
}
