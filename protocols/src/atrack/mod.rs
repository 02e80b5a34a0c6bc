//! ATrack (AK, AX, AL and AT series) over TCP and UDP.
//!
//! # Supported
//!
//! - Binary reports `@P` (and the `@Z` variant the corpus holds) →
//!   [`Message::Records`], one record per report record ([`binary`],
//!   [`report`]), acknowledged with `FE 02` + unit id (8) + sequence (2).
//!   Their CRC-16/ARC (over the length field and everything after it) is
//!   verified.
//! - Text reports `@P,…` with one record per line ([`text`]) → records,
//!   acknowledged the same way.
//! - Custom fields, when the record carries its own form (`%CI`): read and
//!   named ([`custom`]).
//! - `@R` packets → [`Message::Heartbeat`] answered like a report; their
//!   content is not read.
//! - Keep-alives `FE 02` + unit id + sequence → heartbeats echoed unchanged.
//! - Text answers to commands (`$OK`, `$ERROR=…`, `$INFO=…`) →
//!   [`Message::CommandResponse`], not acknowledged. They name no command:
//!   commands ([`commands`]) are answered in order.
//!
//! Every report and keep-alive names its unit id, so every such message
//! carries `device: Some(..)`; `$…` answers name none, except `$INFO=`.
//!
//! # Rejected, and why
//!
//! A binary report whose CRC or length fails, or whose records do not parse,
//! is skipped ([`DecodeError::Skipped`]: the session counts and logs it);
//! it is not acknowledged, so the device resends it. The stream
//! resynchronises on the next `@`, `$` or `FE 02`, so a bad frame does not
//! end the connection; only a frame over the limit (refused from its
//! header) does. A report whose CRC holds but whose records use a custom
//! code of unknown binary width is read as far as it can be and
//! acknowledged, the rest kept raw ([`binary`]).
//!
//! The text form's CRC is not verified: many of the corpus's text reports
//! carry a CRC (and a length) that does not match their content, while
//! every field of them parses; the text is checked field by field instead.
//!
//! The values of a custom form set on the device without `%CI` stay raw
//! as `extra` in a text report ([`custom`]). Text sequence numbers over
//! 65,535 are acknowledged with their low 16 bits, the width of the
//! acknowledgement's field.
//!
//! # UDP
//!
//! [`AtrackDatagram`]: one frame per datagram, the same messages and
//! replies. A datagram's own end ends a text report, so its length field is
//! not needed there. `$` answers without a unit id cannot be attributed and
//! are refused over UDP.
//!
//! # Corpus
//!
//! The corpus replay and what each sample shows: `tests/corpus.rs`.
//!
//! # Layout
//!
//! - [`framing`]: cutting frames out of the stream.
//! - [`binary`], [`text`]: the two report forms; [`report`]: their common
//!   record; [`custom`]: custom fields.
//! - [`encode`]: acknowledgements, and reports for simulators and tests.

pub mod binary;
pub mod commands;
pub mod custom;
pub mod encode;
pub mod framing;
pub mod report;
pub mod text;

#[cfg(test)]
mod tests;

use bytes::{Bytes, BytesMut};

use crate::codec::{DatagramCodec, DecodeError, DeviceCodec, Limits};
use crate::message::{DeviceId, Message};

pub use commands::AtrackCommands;
pub use encode::{ack, encode_report, keep_alive};

/// Per-connection ATrack codec.
#[derive(Debug)]
pub struct AtrackCodec {
    limits: Limits,
}

impl AtrackCodec {
    /// A codec for one new connection.
    pub fn new(limits: Limits) -> Self {
        Self { limits }
    }
}

impl DeviceCodec for AtrackCodec {
    fn decode(&mut self, buf: &mut BytesMut) -> Result<Option<Message>, DecodeError> {
        match framing::cut(buf, self.limits.max_frame_len)? {
            // Every frame starts with a marker: a bad one is skipped whole.
            Some(frame) => decode_frame(&frame).map(Some).map_err(|e| e.skip(&frame)),
            None => Ok(None),
        }
    }
}

/// ATrack's UDP codec. Stateless: every report names its unit.
#[derive(Debug, Default, Clone, Copy)]
pub struct AtrackDatagram;

impl DatagramCodec for AtrackDatagram {
    fn decode_datagram(&self, datagram: &[u8]) -> Result<Vec<Message>, DecodeError> {
        let frame = match datagram {
            _ if framing::is_text(datagram) => datagram,
            [b'$', ..] => datagram,
            [0xFE, 0x02, ..] => datagram
                .get(..framing::KEEP_ALIVE_LEN)
                .ok_or_else(|| DecodeError::malformed("keep-alive under 12 bytes"))?,
            [b'@', _, _, _, l0, l1, ..] => {
                let len = framing::BINARY_HEAD + usize::from(u16::from_be_bytes([*l0, *l1]));
                datagram
                    .get(..len)
                    .ok_or_else(|| DecodeError::malformed("datagram shorter than its report"))?
            }
            _ => return Err(DecodeError::malformed("not an ATrack frame")),
        };
        let message = decode_frame(frame)?;
        if message.device().is_none() {
            return Err(DecodeError::Unsupported(
                "a command answer without a unit id cannot be attributed".into(),
            ));
        }
        Ok(vec![message])
    }
}

fn device(unit: u64) -> Option<DeviceId> {
    Some(DeviceId(unit.to_string()))
}

/// Decodes one frame exactly as the framer (or a datagram) delimited it.
pub fn decode_frame(frame: &[u8]) -> Result<Message, DecodeError> {
    match frame {
        [0xFE, 0x02, ..] if frame.len() == framing::KEEP_ALIVE_LEN => {
            let unit = u64::from_be_bytes(frame[2..10].try_into().unwrap_or_default());
            Ok(Message::Heartbeat {
                device: device(unit),
                reply: Some(Bytes::copy_from_slice(frame)),
            })
        }
        [b'$', ..] => {
            let (text, unit) = text::answer(frame);
            Ok(Message::CommandResponse {
                answers: None,
                device: unit.and_then(device),
                text,
                ack: None,
            })
        }
        _ if framing::is_text(frame) => {
            let (header, records) = text::report(frame)?;
            Ok(Message::Records {
                device: device(header.unit),
                records,
                ack: Some(ack(header.unit, header.sequence)),
            })
        }
        [b'@', ..] => {
            let (header, body) = binary::header(frame)?;
            let reply = Some(ack(header.unit, header.sequence));
            if header.kind == b'R' {
                return Ok(Message::Heartbeat {
                    device: device(header.unit),
                    reply,
                });
            }
            let records = binary::records(body)?;
            if records.is_empty() {
                return Ok(Message::Heartbeat {
                    device: device(header.unit),
                    reply,
                });
            }
            Ok(Message::Records {
                device: device(header.unit),
                records,
                ack: reply,
            })
        }
        _ => Err(DecodeError::malformed("not an ATrack frame")),
    }
}

/// The protocol as the gateway, the API and the simulator see it.
pub const PROTOCOL: crate::spec::Protocol = crate::spec::Protocol(&crate::spec::ProtocolSpec {
    name: "atrack",
    port: 5044,
    stream: Some(|limits| Box::new(AtrackCodec::new(limits))),
    datagram: Some(|| Box::new(AtrackDatagram)),
    http: None,
    commands: Some(&commands::AtrackCommands),
    simulator: None,
    model: crate::spec::Model {
        title: "ATrack AK/AX/AL/AT",
        vendor: "ATrack",
        kind: crate::spec::DeviceKind::Vehicle,
        id_type: crate::spec::IdType::Imei,
    },
});
