//! Enfora (GSM2xxx / Mini-MT modems) over TCP and UDP.
//!
//! # Supported
//!
//! Enfora modems speak the API that Skypatrol's devices, built on them,
//! speak too: a 4-byte header (API number, command type, message type),
//! then the message; no checksum. The cutting and the decoding are
//! [`crate::skypatrol`]'s ([`framing`], [`decode`]). Every message names
//! its device.
//!
//! - Text reports: the modem id, then a `GPRMC` sentence (with or
//!   without its `$`, its checksum verified, [`crate::nmea`]) →
//!   [`Message::Records`] with one record.
//! - Binary event reports with their field mask (API 5, command 2,
//!   message type 1) → [`Message::Records`] with one record
//!   ([`crate::skypatrol::binary`]).
//! - Keep-alives (API 10, the modem id) → [`Message::Heartbeat`].
//!
//! Nothing is answered: the devices expect nothing. No downlink is
//! documented publicly, so the gateway sends no commands.
//!
//! # Rejected, and why
//!
//! Each TCP message is preceded by its length (2 bytes, big endian,
//! counting themselves): it is the only boundary, so a message it bounds
//! that does not decode (other API numbers and message types,
//! [`DecodeError::Unsupported`]; fields that run short or out of range,
//! [`DecodeError::Malformed`]; a sentence that fails its checksum,
//! [`DecodeError::Checksum`]) is skipped, counted and logged, and the
//! stream goes on. A length below the header's 6 bytes or over the frame
//! limit ends the connection.
//!
//! # UDP
//!
//! A datagram holds one message, with or without the length in front,
//! decoded the same way and not answered; one that does not decode is
//! refused.
//!
//! # Corpus
//!
//! The corpus replay and what each sample shows: `tests/corpus.rs`.
//!
//! # Layout
//!
//! Only the codecs and the protocol value: the rest is
//! [`crate::skypatrol`]'s.

#[cfg(test)]
mod tests;

use bytes::BytesMut;

use crate::codec::{DatagramCodec, DecodeError, DeviceCodec, Limits};
use crate::message::Message;
use crate::skypatrol::{SkypatrolCodec, SkypatrolDatagram};
#[cfg(doc)]
use crate::skypatrol::{decode, framing};

/// Per-connection Enfora stream codec: length-prefixed messages.
#[derive(Debug)]
pub struct EnforaCodec(SkypatrolCodec);

impl EnforaCodec {
    /// A codec for one new connection.
    pub fn new(limits: Limits) -> Self {
        Self(SkypatrolCodec::new(limits))
    }
}

impl DeviceCodec for EnforaCodec {
    fn decode(&mut self, buf: &mut BytesMut) -> Result<Option<Message>, DecodeError> {
        self.0.decode(buf)
    }
}

/// Enfora datagram codec: one message a datagram.
#[derive(Debug, Default)]
pub struct EnforaDatagram;

impl DatagramCodec for EnforaDatagram {
    fn decode_datagram(&self, datagram: &[u8]) -> Result<Vec<Message>, DecodeError> {
        SkypatrolDatagram.decode_datagram(datagram)
    }
}

/// The protocol as the gateway, the API and the simulator see it.
pub const PROTOCOL: crate::spec::Protocol = crate::spec::Protocol(&crate::spec::ProtocolSpec {
    name: "enfora",
    port: 5008,
    stream: Some(|limits| Box::new(EnforaCodec::new(limits))),
    datagram: Some(|| Box::new(EnforaDatagram)),
    http: None,
    commands: None,
    simulator: None,
    model: crate::spec::Model {
        title: "Enfora GSM2xxx / Mini-MT",
        vendor: "Enfora",
        kind: crate::spec::DeviceKind::Vehicle,
        id_type: crate::spec::IdType::Custom,
    },
});
