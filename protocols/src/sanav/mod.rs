//! Sanav (GX-, MU- and CT- series) over TCP and UDP.
//!
//! # Supported
//!
//! One message a line, `imei=<IMEI>&rmc=$GPRMC,…*XX,<event>,<readings…>`
//! ([`framing`]), the older `imei:<IMEI>rmc:$GPRMC…` form too. Every
//! message names its device.
//!
//! - A report → [`Message::Records`] with one record ([`decode`]): the
//!   fix from the NMEA sentence (its checksum verified,
//!   [`crate::nmea`]), the event and battery from the fields after it
//!   ([`io`]). Not answered: the devices expect nothing.
//!
//! No downlink is documented publicly, so the gateway sends no commands.
//!
//! # Rejected, and why
//!
//! Lines prove their own boundaries, so nothing but an oversize line
//! ([`DecodeError::Oversize`]) ends the connection: a line that does not
//! start with `imei`, has no `rmc` sentence, or whose sentence does not
//! read ([`DecodeError::Malformed`]) or fails its checksum
//! ([`DecodeError::Checksum`]) is skipped, counted and logged, and the
//! stream goes on.
//!
//! # UDP
//!
//! A datagram holds one message (a line end after it is ignored), decoded
//! the same way and not answered. One that does not read is refused.
//!
//! # Corpus
//!
//! The corpus replay and what each sample shows: `tests/corpus.rs`.
//!
//! # Layout
//!
//! - [`framing`]: cutting lines.
//! - [`decode`]: what a message means.
//! - [`io`]: the event and the battery after the sentence.

pub mod decode;
pub mod framing;
pub mod io;

#[cfg(test)]
mod tests;

use bytes::BytesMut;

use crate::codec::{DatagramCodec, DecodeError, DeviceCodec, Limits};
use crate::message::Message;

/// Per-connection Sanav stream codec.
#[derive(Debug)]
pub struct SanavCodec {
    limits: Limits,
}

impl SanavCodec {
    /// A codec for one new connection.
    pub fn new(limits: Limits) -> Self {
        Self { limits }
    }
}

impl DeviceCodec for SanavCodec {
    fn decode(&mut self, buf: &mut BytesMut) -> Result<Option<Message>, DecodeError> {
        match framing::cut(buf, self.limits.max_frame_len)? {
            Some(line) => decode_message(&line).map(Some).map_err(|e| e.skip(&line)),
            None => Ok(None),
        }
    }
}

/// Sanav datagram codec: one message a datagram.
#[derive(Debug, Default)]
pub struct SanavDatagram;

impl DatagramCodec for SanavDatagram {
    fn decode_datagram(&self, datagram: &[u8]) -> Result<Vec<Message>, DecodeError> {
        let end = datagram
            .iter()
            .rposition(|b| !matches!(b, b'\r' | b'\n'))
            .map_or(0, |at| at + 1);
        Ok(vec![decode_message(&datagram[..end])?])
    }
}

/// Decodes one message (without its line end).
pub fn decode_message(message: &[u8]) -> Result<Message, DecodeError> {
    let (device, record) = decode::message(message)?;
    Ok(Message::Records {
        device: Some(device),
        records: vec![record],
        ack: None,
    })
}

/// The protocol as the gateway, the API and the simulator see it.
pub const PROTOCOL: crate::spec::Protocol = crate::spec::Protocol(&crate::spec::ProtocolSpec {
    name: "sanav",
    port: 5051,
    stream: Some(|limits| Box::new(SanavCodec::new(limits))),
    datagram: Some(|| Box::new(SanavDatagram)),
    http: None,
    commands: None,
    simulator: None,
    model: crate::spec::Model {
        title: "Sanav GX/MU/CT series",
        vendor: "Sanav",
        kind: crate::spec::DeviceKind::Personal,
        id_type: crate::spec::IdType::Imei,
    },
});
