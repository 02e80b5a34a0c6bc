//! Maxtrack MXT (MXT-1xx series) over TCP.
//!
//! # Supported
//!
//! Binary frames from `01` to `04`, byte-stuffed inside ([`framing`]).
//!
//! - Position (type `31`), CRC-16/XMODEM verified → [`Message::Records`]
//!   with one record ([`decode::position`]): time, latitude and longitude
//!   as a valid GNSS fix, the device named by its 32-bit id in decimal; the
//!   protocol byte, info groups, sequence number, status flags and the
//!   optional blocks kept raw. Answered once stored with [`encode::ack`].
//!
//! No downlink is implemented (the spec has no command encoder).
//!
//! # Rejected, and why
//!
//! The `01` and `04` markers bound every frame, so only an oversize frame
//! ends the connection ([`DecodeError::Oversize`]). Bytes before a start,
//! bad stuffing, a CRC that does not hold ([`DecodeError::Checksum`]), a short frame or
//! coordinates out of range ([`DecodeError::Malformed`]), or a message
//! type other than position ([`DecodeError::Unsupported`]) skip that one
//! frame; the stream goes on.
//!
//! # Corpus
//!
//! The corpus replay and what each sample shows: `tests/corpus.rs`.
//!
//! # Layout
//!
//! - [`framing`]: cutting frames, the stuffing.
//! - [`decode`]: what a position frame means.
//! - [`encode`]: the answer.

pub mod decode;
pub mod encode;
pub mod framing;

#[cfg(test)]
mod tests;

use bytes::BytesMut;

use crate::codec::{DecodeError, DeviceCodec, Limits};
use crate::message::Message;

/// Per-connection MXT stream codec.
#[derive(Debug)]
pub struct MxtCodec {
    limits: Limits,
}

impl MxtCodec {
    /// A codec for one new connection.
    pub fn new(limits: Limits) -> Self {
        Self { limits }
    }
}

impl DeviceCodec for MxtCodec {
    fn decode(&mut self, buf: &mut BytesMut) -> Result<Option<Message>, DecodeError> {
        let Some(content) = framing::cut(buf, self.limits.max_frame_len)? else {
            return Ok(None);
        };
        decode_frame(&content)
            .map(Some)
            .map_err(|e| e.skip(&framing::wire(&content)))
    }
}

/// Decodes a frame's content (unstuffed, `01` and `04` removed).
pub fn decode_frame(content: &[u8]) -> Result<Message, DecodeError> {
    let position = decode::position(content)?;
    Ok(Message::Records {
        device: Some(position.device()),
        ack: Some(encode::ack(position.device_byte, position.id, position.crc)),
        records: vec![position.record],
    })
}

/// The protocol as the gateway, the API and the simulator see it.
pub const PROTOCOL: crate::spec::Protocol = crate::spec::Protocol(&crate::spec::ProtocolSpec {
    name: "mxt",
    port: 5087,
    stream: Some(|limits| Box::new(MxtCodec::new(limits))),
    datagram: None,
    http: None,
    commands: None,
    simulator: None,
    model: crate::spec::Model {
        title: "Maxtrack MXT series",
        vendor: "Maxtrack",
        kind: crate::spec::DeviceKind::Vehicle,
        id_type: crate::spec::IdType::Custom,
    },
});
