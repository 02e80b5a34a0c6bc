//! GlobalSat (TR-, GTR- and GV- series) over TCP.
//!
//! # Supported
//!
//! Messages end with `!` ([`framing`]). `GS…` messages carry an XOR
//! checksum, verified; `$…` messages none.
//!
//! - `GSr`, `GSb` and other `GS…` reports → [`Message::Records`] with one
//!   record ([`decode`]), answered `ACK` CR ([`encode::ACK`]) once stored.
//! - `GSh` → [`Message::Heartbeat`], answered `ACK` CR.
//! - `$<id>,…` reports → [`Message::Records`] with one record, not
//!   answered (the form has no acknowledgement).
//!
//! Every message names its device. No downlink is documented publicly, so
//! the gateway sends no commands.
//!
//! # Rejected, and why
//!
//! The `!` bounds each message, so nothing but an oversize message
//! ([`DecodeError::Oversize`]) ends the connection: a message whose
//! checksum does not match ([`DecodeError::Checksum`]), whose position or
//! device does not read ([`DecodeError::Malformed`]) or that is neither
//! `GS…` nor `$…` ([`DecodeError::Unsupported`]) is skipped, counted and
//! logged, and the stream goes on.
//!
//! # Corpus
//!
//! The corpus replay and what each sample shows: `tests/corpus.rs`.
//!
//! # Layout
//!
//! - [`framing`]: cutting messages, the checksum.
//! - [`decode`]: what a message means, whatever the device's format.
//! - [`encode`]: the answer.

pub mod decode;
pub mod encode;
pub mod framing;

#[cfg(test)]
mod tests;

use bytes::BytesMut;

use crate::codec::{DecodeError, DeviceCodec, Limits};
use crate::message::Message;

use decode::Body;

/// Per-connection GlobalSat stream codec.
#[derive(Debug)]
pub struct GlobalsatCodec {
    limits: Limits,
}

impl GlobalsatCodec {
    /// A codec for one new connection.
    pub fn new(limits: Limits) -> Self {
        Self { limits }
    }
}

impl DeviceCodec for GlobalsatCodec {
    fn decode(&mut self, buf: &mut BytesMut) -> Result<Option<Message>, DecodeError> {
        loop {
            let Some(message) = framing::cut(buf, self.limits.max_frame_len)? else {
                return Ok(None);
            };
            // A line end between one `!` and the next is not a message.
            if message.iter().all(|b| matches!(b, b'\r' | b'\n')) {
                continue;
            }
            return decode_message(&message)
                .map(Some)
                .map_err(|e| e.skip(&message));
        }
    }
}

/// Checks and decodes one message (without its `!`).
pub fn decode_message(message: &[u8]) -> Result<Message, DecodeError> {
    let text = framing::check(message)?;
    let answered = text.starts_with("GS");
    let (device, body) = decode::message(text)?;
    let device = Some(device);
    Ok(match body {
        Body::Record(record) => Message::Records {
            device,
            records: vec![record],
            ack: answered.then(encode::ack),
        },
        Body::Heartbeat => Message::Heartbeat {
            device,
            reply: Some(encode::ack()),
        },
    })
}

/// The protocol as the gateway, the API and the simulator see it.
pub const PROTOCOL: crate::spec::Protocol = crate::spec::Protocol(&crate::spec::ProtocolSpec {
    name: "globalsat",
    port: 5043,
    stream: Some(|limits| Box::new(GlobalsatCodec::new(limits))),
    datagram: None,
    http: None,
    commands: None,
    simulator: None,
    model: crate::spec::Model {
        title: "GlobalSat TR/GTR/GV series",
        vendor: "GlobalSat",
        kind: crate::spec::DeviceKind::Personal,
        id_type: crate::spec::IdType::Custom,
    },
});
