//! Text sentences: `*<maker>,<id>,<type>,…#`.
//!
//! | type                         | message                                   | reply          |
//! |------------------------------|-------------------------------------------|----------------|
//! | `V0`, `HTBT`                 | heartbeat (`HTBT,<n>`: a battery record)  | echo           |
//! | `NBR`, `V3`, `LINK`          | status record, no location (cells raw)    | `V4,NBR` for NBR |
//! | `SMS`                        | command response (the text)               | none           |
//! | `V4,<CMD>,…,<hhmmss>,…`      | command response naming the command ([`commands`](super::commands)) | none |
//! | any with `…,N|S,…,E|W,…`     | position ([`location`](super::location))  | `V4,V1` if last field is `V1` |
//! | anything else                | heartbeat, no reply (ignored)             | none           |
//!
//! Sentences are ISO-8859-1; they are read byte for byte as Latin-1.

use bytes::Bytes;

use crate::codec::DecodeError;
use crate::fix;
use crate::message::{DeviceId, Message};
use crate::record::{FixSource, Record};

use super::{encode, io, location};

/// Decodes one `*…#` frame. `device` is `None` when the id field is empty.
pub fn decode(frame: &[u8], now_ms: i64) -> Result<Message, DecodeError> {
    let text: String = frame.iter().map(|&b| char::from(b)).collect();
    let body = text
        .strip_suffix('#')
        .ok_or_else(|| DecodeError::malformed("sentence does not end with #"))?;
    let fields: Vec<&str> = body.split(',').collect();
    let prefix = fields.first().copied().unwrap_or_default();
    if prefix.len() != 3 || !prefix.starts_with('*') {
        return Err(DecodeError::malformed("sentence does not start with *XX,"));
    }
    let id = fields.get(1).copied().unwrap_or_default().trim();
    if id.len() > 20 || !id.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(DecodeError::malformed("device id is not alphanumeric"));
    }
    let device = (!id.is_empty()).then(|| DeviceId(id.to_owned()));
    let kind = fields.get(2).copied().unwrap_or_default();
    if kind == "V4" && fields.len() > 3 {
        return Ok(confirmation(&fields, device));
    }

    let message = match kind {
        "V0" | "HTBT" => heartbeat(
            &fields,
            kind,
            device,
            encode::heartbeat_reply(prefix, id, kind),
            now_ms,
        ),
        "NBR" | "V3" | "LINK" => {
            let record = status_report(&fields, kind, now_ms)?;
            let ack = (kind == "NBR").then(|| encode::v4_reply(prefix, id, kind, now_ms));
            Message::Records {
                device,
                records: vec![record],
                ack,
            }
        }
        "SMS" => Message::CommandResponse {
            answers: None,
            device,
            text: body.splitn(4, ',').nth(3).unwrap_or_default().to_owned(),
            ack: None,
        },
        _ => match location::record(&fields, now_ms)? {
            Some(record) => {
                let asks = fields.len() > 4 && fields.last().is_some_and(|f| *f == "V1");
                Message::Records {
                    device,
                    records: vec![record],
                    ack: asks.then(|| encode::v4_reply(prefix, id, "V1", now_ms)),
                }
            }
            None => Message::Heartbeat {
                device,
                reply: None,
            },
        },
    };
    Ok(message)
}

/// `V4,<CMD>,[result,…,]<hhmmss>,<HHMMSS>,A|V,<position>…`: the answer to
/// the command whose time field was `hhmmss`, its text the command and
/// result. Without a position, the command time is the next-to-last
/// field. The position is not kept: the device's regular reports carry it.
fn confirmation(fields: &[&str], device: Option<DeviceId>) -> Message {
    let run = (4..fields.len()).find(|&i| {
        matches!(fields.get(i + 1), Some(&("N" | "S")))
            && matches!(fields.get(i + 3), Some(&("E" | "W")))
    });
    // The run starts at the latitude; validity, device time and command
    // time come before it.
    let time_at = match run {
        Some(at) => at.checked_sub(3),
        None => fields.len().checked_sub(2),
    }
    .filter(|&i| i > 3);
    let (text, answers) = match time_at {
        Some(at) => (
            fields[3..at].join(","),
            super::commands::serial_of(fields[at]),
        ),
        None => (fields[3..].join(","), None),
    };
    Message::CommandResponse {
        device,
        text,
        answers,
        ack: None,
    }
}

/// `V0` / `HTBT`; `HTBT,<n>` adds a battery level: a level is a value worth
/// storing, so it becomes a location-less record stamped with the receive
/// time (the sentence has none), answered like the heartbeat it is.
fn heartbeat(
    fields: &[&str],
    kind: &str,
    device: Option<DeviceId>,
    reply: Bytes,
    now_ms: i64,
) -> Message {
    let level = fields
        .get(3)
        .filter(|_| kind == "HTBT")
        .and_then(|f| fix::digits(f.trim()))
        .and_then(io::battery_level);
    match level {
        Some(level) => {
            let mut record = no_fix(now_ms);
            record.io.push(io::text(
                "battery",
                fields.get(3).copied().unwrap_or_default().trim(),
            ));
            record.values.push(level);
            Message::Records {
                device,
                records: vec![record],
                ack: Some(reply),
            }
        }
        None => Message::Heartbeat {
            device,
            reply: Some(reply),
        },
    }
}

/// `<type>,hhmmss,…,ddmmyy,status[,…]`: a report with a time, a status
/// word and fields in between (serving and neighbour cells for `NBR` and
/// `V3`, counters for `LINK`), which are kept raw as `<type>_<n>`.
///
/// Some firmware counts seconds past 59 (`160169`); such a report is still
/// worth its cells and status, so it is stamped with the receive time.
fn status_report(fields: &[&str], kind: &str, now_ms: i64) -> Result<Record, DecodeError> {
    let bad = || DecodeError::malformed(format!("{kind} report without time, date and status"));
    let status_at = (4..fields.len())
        .rev()
        .find(|&i| io::parse_status(fields[i]).is_some())
        .ok_or_else(bad)?;
    let status = io::parse_status(fields[status_at]).ok_or_else(bad)?;
    let date = fields.get(status_at - 1).copied().unwrap_or_default();
    let time = fields.get(3).copied().unwrap_or_default();
    let mut record = no_fix(fix::ddmmyy_hhmmss(date, time).unwrap_or(now_ms));
    record.io.push(io::status_element(status));
    let raw = fields.iter().enumerate().take(status_at - 1).skip(4);
    let raw = raw.chain(fields.iter().enumerate().skip(status_at + 1));
    for (n, value) in raw {
        record.io.push(io::text(
            format!("{}_{n}", kind.to_ascii_lowercase()),
            value.trim(),
        ));
    }
    record.values = io::status_values(status);
    Ok(record)
}

/// A record without a location: cell ids are kept raw, not resolved.
fn no_fix(fix_time_ms: i64) -> Record {
    let mut record = Record::at(fix_time_ms, 0.0, 0.0);
    record.valid = false;
    record.source = FixSource::None;
    record
}
