//! Cellocator (Pointer) units over TCP and UDP.
//!
//! # Supported
//!
//! Messages are `MCGP`, a type byte, the unit id and a body sized by the
//! type, ended by a byte sum ([`framing`]). Every message names its unit
//! (its id, in decimal, is the device id).
//!
//! - Status messages (type 0) → [`Message::Records`] with one record
//!   ([`decode`]): the fix, speed, course, altitude, satellites, the
//!   transmission reason as the event, the ignition ([`io`]) and the I/O,
//!   analog, odometer and multi-purpose fields raw. Answered with an
//!   acknowledgement (type 4) naming the message's numerator.
//! - Modular messages (type 11) with GPS and time modules →
//!   [`Message::Records`] with one record, the other modules raw.
//!   Answered with a modular acknowledgement (type 11).
//!
//! Answers ([`encode::ack`]) are written once the record is stored.
//!
//! # Rejected, and why
//!
//! The stream has no end marker: only a message's header places the next
//! one. So a stream that does not start with `MCGP`, a type whose size is
//! not known (only types 0 and 11 are), a size over the limit
//! ([`DecodeError::Oversize`]) or a byte sum that fails
//! ([`DecodeError::Checksum`]) ends the connection; the unit reconnects
//! and resends what was not acknowledged. A checked message that does not
//! read (no valid date, a modular message without GPS and time modules,
//! cut modules) is skipped, counted and logged, and the stream goes on.
//!
//! # UDP
//!
//! A datagram holds one message, checked and answered the same way, to
//! the address it came from; one that does not read is refused and not
//! answered.
//!
//! No downlink is implemented, so the gateway sends no commands.
//!
//! # Corpus
//!
//! The corpus replay and what each sample shows: `tests/corpus.rs`.
//!
//! # Layout
//!
//! - [`framing`]: cutting messages, their byte sum.
//! - [`decode`]: status and modular messages.
//! - [`io`]: named values and raw elements.
//! - [`encode`]: the acknowledgements.

pub mod decode;
pub mod encode;
pub mod framing;
pub mod io;

#[cfg(test)]
mod tests;

use bytes::BytesMut;

use crate::codec::{DatagramCodec, DecodeError, DeviceCodec, Limits};
use crate::message::Message;

/// Per-connection Cellocator stream codec.
#[derive(Debug)]
pub struct CellocatorCodec {
    limits: Limits,
}

impl CellocatorCodec {
    /// A codec for one new connection.
    pub fn new(limits: Limits) -> Self {
        Self { limits }
    }
}

impl DeviceCodec for CellocatorCodec {
    fn decode(&mut self, buf: &mut BytesMut) -> Result<Option<Message>, DecodeError> {
        let Some(message) = framing::cut(buf, self.limits.max_frame_len)? else {
            return Ok(None);
        };
        decode_message(&message)
            .map(Some)
            .map_err(|e| e.skip(&message))
    }
}

/// Cellocator datagram codec: one message a datagram, answered.
#[derive(Debug, Default)]
pub struct CellocatorDatagram;

impl DatagramCodec for CellocatorDatagram {
    fn decode_datagram(&self, datagram: &[u8]) -> Result<Vec<Message>, DecodeError> {
        if framing::size(datagram)? != Some(datagram.len()) {
            return Err(DecodeError::malformed("a datagram holds one whole message"));
        }
        framing::check(datagram)?;
        Ok(vec![decode_message(datagram)?])
    }
}

/// Decodes one whole, checked message into its record and answer.
pub fn decode_message(message: &[u8]) -> Result<Message, DecodeError> {
    let decoded = decode::message(message)?;
    Ok(Message::Records {
        device: Some(decoded.device),
        records: vec![decoded.record],
        ack: Some(encode::ack(decoded.kind, decoded.unit, decoded.packet)),
    })
}

/// The protocol as the gateway, the API and the simulator see it.
pub const PROTOCOL: crate::spec::Protocol = crate::spec::Protocol(&crate::spec::ProtocolSpec {
    name: "cellocator",
    port: 5033,
    stream: Some(|limits| Box::new(CellocatorCodec::new(limits))),
    datagram: Some(|| Box::new(CellocatorDatagram)),
    http: None,
    commands: None,
    simulator: None,
    model: crate::spec::Model {
        title: "Pointer Cellocator",
        vendor: "Pointer",
        kind: crate::spec::DeviceKind::Vehicle,
        id_type: crate::spec::IdType::Custom,
    },
});
