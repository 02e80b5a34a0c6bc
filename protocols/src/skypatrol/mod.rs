//! Skypatrol (TT8750 and kin) over UDP, and TCP.
//!
//! # Supported
//!
//! Skypatrol modems speak the Enfora family's API ([`framing`],
//! [`decode`]): a 4-byte header (API number, command type, message type),
//! then the message. No checksum. Every message names its device.
//!
//! - Binary event reports (API 5, command 2, message type 1, with their
//!   field mask) → [`Message::Records`] with one record ([`binary`]).
//! - Text reports: the modem id then a `$GPRMC` sentence (its checksum
//!   verified, [`crate::nmea`]) → [`Message::Records`] with one record.
//! - Keep-alives (API 10, the modem id) → [`Message::Heartbeat`].
//!
//! Nothing is answered: the devices expect nothing. No downlink is
//! documented publicly, so the gateway sends no commands.
//!
//! # Rejected, and why
//!
//! A datagram that does not decode is refused, counted and not answered:
//! other API numbers and message types ([`DecodeError::Unsupported`]),
//! a report whose fields run short or out of range or whose sentence
//! fails ([`DecodeError::Malformed`], [`DecodeError::Checksum`]).
//!
//! # UDP
//!
//! Skypatrol devices send datagrams: one message each (a leading length,
//! as over TCP, is dropped).
//!
//! # TCP
//!
//! Served too, for devices set to TCP: each message is preceded by its
//! length (2 bytes, counting themselves), as Enfora modems send them. A
//! message the length bounds that does not decode is skipped and the
//! stream goes on; a length below the header's or over the frame limit
//! ends the connection.
//!
//! # Corpus
//!
//! The corpus replay and what each sample shows: `tests/corpus.rs`.
//!
//! # Layout
//!
//! - [`framing`]: the header, the TCP length.
//! - [`decode`]: which message is which; the text form.
//! - [`binary`]: the binary event report and its mask.

pub mod binary;
pub mod decode;
pub mod framing;

#[cfg(test)]
mod tests;

use bytes::BytesMut;

use crate::codec::{DatagramCodec, DecodeError, DeviceCodec, Limits};
use crate::message::Message;

/// Per-connection stream codec for Enfora-family messages over TCP.
#[derive(Debug)]
pub struct SkypatrolCodec {
    limits: Limits,
}

impl SkypatrolCodec {
    /// A codec for one new connection.
    pub fn new(limits: Limits) -> Self {
        Self { limits }
    }
}

impl DeviceCodec for SkypatrolCodec {
    fn decode(&mut self, buf: &mut BytesMut) -> Result<Option<Message>, DecodeError> {
        match framing::cut(buf, self.limits.max_frame_len)? {
            Some(frame) => decode::message(&frame[2..])
                .map(Some)
                .map_err(|e| e.skip(&frame)),
            None => Ok(None),
        }
    }
}

/// Datagram codec for Enfora-family messages: one message a datagram.
#[derive(Debug, Default)]
pub struct SkypatrolDatagram;

impl DatagramCodec for SkypatrolDatagram {
    fn decode_datagram(&self, datagram: &[u8]) -> Result<Vec<Message>, DecodeError> {
        Ok(vec![decode::message(framing::unwrap(datagram))?])
    }
}

/// The protocol as the gateway, the API and the simulator see it.
pub const PROTOCOL: crate::spec::Protocol = crate::spec::Protocol(&crate::spec::ProtocolSpec {
    name: "skypatrol",
    port: 5021,
    stream: Some(|limits| Box::new(SkypatrolCodec::new(limits))),
    datagram: Some(|| Box::new(SkypatrolDatagram)),
    http: None,
    commands: None,
    simulator: None,
    model: crate::spec::Model {
        title: "Skypatrol TT8750 family",
        vendor: "Skypatrol",
        kind: crate::spec::DeviceKind::Vehicle,
        id_type: crate::spec::IdType::Custom,
    },
});
