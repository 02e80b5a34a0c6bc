//! JT600 (Jointech JT600, JT701 padlocks and kin) over TCP.
//!
//! # Supported
//!
//! Binary `$` frames and text `(`…`)` frames share one stream
//! ([`framing`]). Every frame names its device (10 digits).
//!
//! - Binary short format → [`Message::Records`] with one record per 27-byte
//!   record (batches of 6 or 15), unanswered ([`binary`]).
//! - Binary long format → [`Message::Records`] with one record; when its
//!   status has bit 5 set, the ack is `(P35)` (version < 0x19) or
//!   `(P69,0,<index>)` ([`encode::binary_ack`]).
//! - Text `U01`/`U02`/`U03` → one record, ack `(S39)`; `U06` → one record,
//!   ack `(S20)`; `P45` → one record, ack `(P69,0,<index>)`; `W01` → one
//!   record, unanswered ([`text`]).
//! - Text `@JT`, `U04` → [`Message::Heartbeat`], unanswered.
//!
//! No downlink is implemented (the spec has no command encoder).
//!
//! # Rejected, and why
//!
//! A text frame proves its end (`)`), so one that does not decode
//! ([`DecodeError::Malformed`]) or is of another type (`U09` trip
//! summaries, `WLNET` binary payloads: [`DecodeError::Unsupported`]) is
//! skipped, counted and logged. A binary frame has neither end marker nor
//! checksum, so one that does not decode closes the connection, as do a
//! byte other than `$` or `(` where a frame starts and a declared length
//! over the limit ([`DecodeError::Oversize`]).
//!
//! # Corpus
//!
//! The corpus replay and what each sample shows: `tests/corpus.rs`.
//!
//! # Layout
//!
//! - [`framing`]: cutting frames, unescaping text.
//! - [`binary`]: what binary frames mean.
//! - [`text`]: what text frames mean.
//! - [`encode`]: the answers.

pub mod binary;
pub mod encode;
pub mod framing;
pub mod text;

#[cfg(test)]
mod tests;

use bytes::{Bytes, BytesMut};

use crate::codec::{DecodeError, DeviceCodec, Limits};
use crate::message::Message;

use framing::Frame;

/// Per-connection JT600 stream codec.
#[derive(Debug)]
pub struct Jt600Codec {
    limits: Limits,
}

impl Jt600Codec {
    /// A codec for one new connection.
    pub fn new(limits: Limits) -> Self {
        Self { limits }
    }
}

impl DeviceCodec for Jt600Codec {
    fn decode(&mut self, buf: &mut BytesMut) -> Result<Option<Message>, DecodeError> {
        match framing::cut(buf, self.limits.max_frame_len)? {
            Some(Frame::Binary(frame)) => decode_binary(&frame).map(Some),
            Some(Frame::Text(frame)) => decode_text(&frame).map(Some).map_err(|e| e.skip(&frame)),
            None => Ok(None),
        }
    }
}

/// Decodes one whole binary frame.
pub fn decode_binary(frame: &[u8]) -> Result<Message, DecodeError> {
    let decoded = binary::decode(frame)?;
    let ack = match (decoded.version, decoded.status) {
        (Some(version), Some(status)) if status & encode::ANSWER_BIT != 0 => {
            Some(encode::binary_ack(version, decoded.index))
        }
        _ => None,
    };
    Ok(Message::Records {
        device: Some(decoded.device),
        records: decoded.records,
        ack,
    })
}

/// Decodes one whole text frame, `(` and `)` included.
pub fn decode_text(frame: &[u8]) -> Result<Message, DecodeError> {
    let content = framing::unescape(&frame[1..frame.len() - 1])?;
    // Bytes that are not text (the `WLNET` payloads) end up as U+FFFD and
    // fail whichever field holds them.
    let content = String::from_utf8_lossy(&content);
    let (device, decoded) = text::decode(&content)?;
    let device = Some(device);
    Ok(match decoded {
        text::Text::Report { record, answer } => Message::Records {
            device,
            records: vec![record],
            ack: answer.map(Bytes::from),
        },
        text::Text::Heartbeat => Message::Heartbeat {
            device,
            reply: None,
        },
    })
}

/// The protocol as the gateway, the API and the simulator see it.
pub const PROTOCOL: crate::spec::Protocol = crate::spec::Protocol(&crate::spec::ProtocolSpec {
    name: "jt600",
    port: 5014,
    stream: Some(|limits| Box::new(Jt600Codec::new(limits))),
    datagram: None,
    http: None,
    commands: None,
    simulator: None,
    model: crate::spec::Model {
        title: "Jointech JT600 / JT701 family",
        vendor: "Jointech",
        kind: crate::spec::DeviceKind::Vehicle,
        id_type: crate::spec::IdType::Digits(10),
    },
});
