//! ThinkRace (login and position packets) over TCP.
//!
//! # Supported
//!
//! Packets are a header, the device's 12-byte id, `,`, a type, a length,
//! data and a 16-bit byte-sum checksum, verified ([`framing`]).
//!
//! - `80` login with command `01` and the IMEI → [`Message::Login`],
//!   answered `HR` + id + `2C 80 00 02 80 00 00 00`
//!   ([`encode::login_answer`]) once the device is accepted. The IMEI is
//!   the connection's device.
//! - `90` position → [`Message::Records`] with one record ([`decode`]),
//!   not answered.
//!
//! No downlink is documented publicly, so the gateway sends no commands.
//!
//! # Rejected, and why
//!
//! - No `,` after the id, a length over the frame limit, or a checksum
//!   that fails: only the length and the checksum bound a packet, so the
//!   stream's position is lost and the connection closed
//!   ([`DecodeError::Malformed`], [`DecodeError::Oversize`],
//!   [`DecodeError::Checksum`]).
//! - A checked packet of another type ([`DecodeError::Unsupported`]),
//!   whose data do not read ([`DecodeError::Malformed`]) or a position
//!   before the login ([`DecodeError::BeforeLogin`]) is skipped, counted
//!   and logged, and the stream goes on.
//!
//! # Corpus
//!
//! The corpus replay and what each sample shows: `tests/corpus.rs`.
//!
//! # Layout
//!
//! - [`framing`]: cutting and checking packets.
//! - [`decode`]: what each packet type means.
//! - [`encode`]: the login answer.

pub mod decode;
pub mod encode;
pub mod framing;

#[cfg(test)]
mod tests;

use bytes::BytesMut;

use crate::codec::{DecodeError, DeviceCodec, Limits};
use crate::message::{DeviceId, Message};

use decode::Body;

/// Per-connection ThinkRace stream codec: it keeps the device the login
/// named.
#[derive(Debug)]
pub struct ThinkraceCodec {
    limits: Limits,
    device: Option<DeviceId>,
}

impl ThinkraceCodec {
    /// A codec for one new connection.
    pub fn new(limits: Limits) -> Self {
        Self {
            limits,
            device: None,
        }
    }
}

impl DeviceCodec for ThinkraceCodec {
    fn decode(&mut self, buf: &mut BytesMut) -> Result<Option<Message>, DecodeError> {
        let Some(packet) = framing::cut(buf, self.limits.max_frame_len)? else {
            return Ok(None);
        };
        // Without a checksum that holds, the next packet's start is unknown.
        let frame = framing::check(&packet)?;
        let message = match decode::data(frame.kind, &frame.data) {
            Ok(Body::Login(device)) => {
                self.device = Some(device.clone());
                Message::Login {
                    device,
                    accept: Some(encode::login_answer(&frame.id)),
                    reject: None,
                }
            }
            Ok(Body::Record(_)) if self.device.is_none() => {
                return Err(DecodeError::BeforeLogin.skip(&packet));
            }
            Ok(Body::Record(record)) => Message::Records {
                device: None,
                records: vec![record],
                ack: None,
            },
            Err(error) => return Err(error.skip(&packet)),
        };
        Ok(Some(message))
    }
}

/// The protocol as the gateway, the API and the simulator see it.
pub const PROTOCOL: crate::spec::Protocol = crate::spec::Protocol(&crate::spec::ProtocolSpec {
    name: "thinkrace",
    port: 5098,
    stream: Some(|limits| Box::new(ThinkraceCodec::new(limits))),
    datagram: None,
    http: None,
    commands: None,
    simulator: None,
    model: crate::spec::Model {
        title: "ThinkRace trackers",
        vendor: "ThinkRace",
        kind: crate::spec::DeviceKind::Vehicle,
        id_type: crate::spec::IdType::Custom,
    },
});
