//! The ASCII @Track sentence: `+RESP:GTxxx,<version>,<imei>,…,<send time>,<count>$`.
//!
//! | header              | message                                               | reply                          |
//! |---------------------|-------------------------------------------------------|--------------------------------|
//! | `+ACK:GTHBD`        | [`Message::Heartbeat`]                                | `+SACK:GTHBD,<version>,<count>$` |
//! | `+ACK:` other, `+NACK:` | [`Message::CommandResponse`] with the sentence's text, answering the serial before its send time | none |
//! | `+RESP:`, `+BUFF:`  | [`Message::Records`]: one record per position block, or one record without a location | `+SACK:<count>$` |
//!
//! Field 1 is the protocol version (`XXMMmm`, or ten characters on models
//! whose device type has six), whose first two characters (six when it is
//! ten long) name the model; field 2 is the IMEI. Older GT300-family
//! firmware puts the IMEI in field 1 and has no version field.
//!
//! Positions are found by their shape rather than by a per-model field
//! index ([`position`]); the attributes around them are read in
//! [`attributes`]. A report with neither a position nor any time (no send
//! time) cannot be stored: it becomes a [`Message::Heartbeat`] carrying the
//! acknowledgement, as does a GT300-family report without a position,
//! whose other fields have no known layout.
//!
//! Sentences are ISO-8859-1; they are read byte for byte as Latin-1.

pub mod attributes;
pub mod position;

use crate::codec::DecodeError;
use crate::message::{DeviceId, Message};
use crate::record::{FixSource, IoElement, IoKey, IoValue, Record};

use super::encode;

/// A sentence split into its header and comma-separated fields.
#[derive(Debug)]
pub struct Sentence<'a> {
    /// `RESP`, `BUFF`, `ACK`, `NACK`, …
    pub kind: &'a str,
    /// The report type without its `GT` prefix: `FRI`, `IGN`, `HBD`, …
    pub report: &'a str,
    /// Every field, the header (`+RESP:GTFRI`) being field 0.
    pub fields: Vec<&'a str>,
    /// Whether the IMEI comes first (GT300 family, no version field).
    pub imei_first: bool,
}

impl<'a> Sentence<'a> {
    /// Splits a sentence (terminator already removed).
    pub fn parse(text: &'a str) -> Result<Self, DecodeError> {
        let text = text.strip_suffix('$').unwrap_or(text);
        let fields: Vec<&str> = text.split(',').collect();
        let (kind, report) = fields[0]
            .strip_prefix('+')
            .and_then(|h| h.split_once(':'))
            .ok_or_else(|| DecodeError::malformed("sentence does not start with +XXX:"))?;
        if kind.is_empty() || !kind.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(DecodeError::malformed("sentence header is not +XXX:"));
        }
        let report = report.strip_prefix("GT").unwrap_or(report);
        let imei_first = fields.get(1).is_some_and(|f| f.len() > 10);
        Ok(Self {
            kind,
            report,
            fields,
            imei_first,
        })
    }

    /// Field `i`, trimmed; empty when absent.
    pub fn field(&self, i: usize) -> &'a str {
        self.fields.get(i).map_or("", |f| f.trim())
    }

    /// The protocol version field (empty on the GT300 family).
    pub fn version(&self) -> &'a str {
        if self.imei_first { "" } else { self.field(1) }
    }

    /// The model prefix of the version: two characters, six for ten-character versions.
    pub fn model(&self) -> &'a str {
        let version = self.version();
        let n = if version.len() > 6 { 6 } else { 2 };
        version.get(..n).unwrap_or("")
    }

    /// The device's IMEI (or other unique id), if the sentence carries one.
    pub fn device(&self) -> Option<DeviceId> {
        let id = self.field(if self.imei_first { 1 } else { 2 });
        let ok = (1..=20).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_alphanumeric());
        ok.then(|| DeviceId(id.to_owned()))
    }

    /// The count number to echo in a `+SACK`, verbatim: the last field when
    /// it is four hex digits (the GT300 family may put its version last and
    /// the count before it).
    pub fn count(&self) -> Option<&'a str> {
        let n = self.fields.len();
        let last = self.field(n - 1);
        if is_count(last) {
            return Some(last);
        }
        let before = self.field(n.saturating_sub(2));
        (self.imei_first && last.len() == 10 && is_count(before)).then_some(before)
    }

    /// Index of the send time: the last 14-digit date-time field, if any.
    pub fn send_time_at(&self) -> Option<usize> {
        (3..self.fields.len())
            .rev()
            .find(|&i| position::time_ms(self.field(i)).is_some())
    }
}

fn is_count(field: &str) -> bool {
    field.len() == 4 && field.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Decodes one sentence (its `$` or NUL terminator removed).
pub fn decode(frame: &[u8]) -> Result<Message, DecodeError> {
    let text: String = frame.iter().map(|&b| char::from(b)).collect();
    let sentence = Sentence::parse(&text)?;
    let device = sentence.device();
    if device.is_none() {
        return Err(DecodeError::malformed("sentence names no device"));
    }
    let message = match (sentence.kind, sentence.report) {
        ("ACK", "HBD") => Message::Heartbeat {
            device,
            reply: sentence
                .count()
                .map(|count| encode::heartbeat_sack(sentence.version(), count)),
        },
        ("ACK" | "NACK", _) => Message::CommandResponse {
            answers: answered_serial(&sentence),
            device,
            text: text.strip_suffix('$').unwrap_or(&text).to_owned(),
            ack: None,
        },
        ("RESP" | "BUFF", _) => report(&sentence, device),
        (kind, _) => {
            return Err(DecodeError::Unsupported(format!("+{kind}: sentence")));
        }
    };
    Ok(message)
}

/// The serial number an answer echoes: the four hex digits just before its
/// send time ([`crate::gl200::commands`]).
fn answered_serial(sentence: &Sentence<'_>) -> Option<u32> {
    let at = sentence.send_time_at()?.checked_sub(1)?;
    super::commands::ack_serial(sentence.field(at))
}

/// A `+RESP` / `+BUFF` report: its records, answered with `+SACK:<count>$`.
fn report(sentence: &Sentence<'_>, device: Option<DeviceId>) -> Message {
    let ack = sentence.count().map(encode::sack);
    let (mut records, used) = position::records(sentence);
    let send_time = sentence
        .send_time_at()
        .and_then(|at| position::time_ms(sentence.field(at)));
    if let Some(time) = send_time.filter(|_| records.is_empty() && !sentence.imei_first) {
        records.push(no_fix(time));
    }
    let Some(last) = records.last_mut() else {
        return Message::Heartbeat { device, reply: ack };
    };
    attributes::apply(sentence, &used, last);
    Message::Records {
        device,
        records,
        ack,
    }
}

/// A record without a location (information, cell or status reports).
fn no_fix(fix_time_ms: i64) -> Record {
    let mut record = Record::at(fix_time_ms, 0.0, 0.0);
    record.valid = false;
    record.source = FixSource::None;
    record
}

/// A text field kept raw under its name.
pub fn raw(name: impl Into<String>, value: &str) -> IoElement {
    IoElement {
        key: IoKey::Name(name.into()),
        value: IoValue::Text(value.to_owned()),
    }
}
