//! MiniFinder (Pico, Atto and kin personal trackers) over TCP.
//!
//! # Supported
//!
//! Text messages `!<type>,…` ended by `;` ([`framing`]); there is no
//! checksum. The device names itself once, in `!1`, and the rest of the
//! connection is its.
//!
//! - `!1,<imei>,…` → [`Message::Login`], not answered (the devices expect
//!   no answer).
//! - `!D`, `!C`, `!A` reports → [`Message::Records`] with one record
//!   ([`decode`]), not answered.
//! - `!4` settings and `!5` status (battery level) → [`Message::Records`]
//!   with one location-less record ([`FixSource::None`]) dated on arrival,
//!   not answered.
//! - `!3` → [`Message::CommandResponse`] with the answer's text.
//!
//! No downlink is documented publicly, so the gateway sends no commands.
//!
//! # Rejected, and why
//!
//! The `;` bounds each message, so nothing but an oversize message
//! ([`DecodeError::Oversize`]) ends the connection: a message before the
//! login ([`DecodeError::BeforeLogin`]), one that is not `!…` or whose
//! fields do not decode ([`DecodeError::Malformed`]), or of another type
//! ([`DecodeError::Unsupported`]) is skipped, counted and logged, and the
//! stream goes on.
//!
//! # Corpus
//!
//! The corpus replay and what each sample shows: `tests/corpus.rs`.
//!
//! # Layout
//!
//! - [`framing`]: cutting messages.
//! - [`decode`]: what each message type means.

pub mod decode;
pub mod framing;

#[cfg(test)]
mod tests;

use bytes::BytesMut;

use crate::codec::{DecodeError, DeviceCodec, Limits};
use crate::datetime::{Clock, system_clock};
use crate::message::{DeviceId, Message};
#[cfg(doc)]
use crate::record::FixSource;

use decode::Body;

/// Per-connection MiniFinder stream codec: it remembers the login.
#[derive(Debug)]
pub struct MinifinderCodec {
    limits: Limits,
    /// The clock that dates location-less records.
    clock: Clock,
    /// The device the connection logged in as.
    device: Option<DeviceId>,
}

impl MinifinderCodec {
    /// A codec for one new connection.
    pub fn new(limits: Limits) -> Self {
        Self::with_clock(limits, system_clock)
    }

    /// A codec reading the time (ms since the epoch, UTC) from `clock`.
    pub fn with_clock(limits: Limits, clock: Clock) -> Self {
        Self {
            limits,
            clock,
            device: None,
        }
    }

    /// The device the connection logged in as, if it has.
    pub fn device(&self) -> Option<&DeviceId> {
        self.device.as_ref()
    }

    fn handle(&mut self, message: &[u8]) -> Result<Message, DecodeError> {
        let text = std::str::from_utf8(message)
            .map_err(|_| DecodeError::malformed("a message is text"))?;
        let body = decode::message(text, (self.clock)())?;
        let message = match body {
            Body::Login(device) => {
                self.device = Some(device.clone());
                return Ok(Message::Login {
                    device,
                    accept: None,
                    reject: None,
                });
            }
            Body::Record(record) => Message::Records {
                device: None,
                records: vec![record],
                ack: None,
            },
            Body::Answer(text) => Message::CommandResponse {
                device: None,
                text,
                answers: None,
                ack: None,
            },
        };
        match self.device {
            Some(_) => Ok(message),
            None => Err(DecodeError::BeforeLogin),
        }
    }
}

impl DeviceCodec for MinifinderCodec {
    fn decode(&mut self, buf: &mut BytesMut) -> Result<Option<Message>, DecodeError> {
        match framing::cut(buf, self.limits.max_frame_len)? {
            Some(message) => self
                .handle(&message)
                .map(Some)
                .map_err(|e| e.skip(&message)),
            None => Ok(None),
        }
    }
}

/// The protocol as the gateway, the API and the simulator see it.
pub const PROTOCOL: crate::spec::Protocol = crate::spec::Protocol(&crate::spec::ProtocolSpec {
    name: "minifinder",
    port: 5062,
    stream: Some(|limits| Box::new(MinifinderCodec::new(limits))),
    datagram: None,
    http: None,
    commands: None,
    simulator: None,
    model: crate::spec::Model {
        title: "MiniFinder Pico / Atto",
        vendor: "MiniFinder",
        kind: crate::spec::DeviceKind::Personal,
        id_type: crate::spec::IdType::Imei,
    },
});
