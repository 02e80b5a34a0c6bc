//! Tramigo (T22, T23 and kin) over TCP.
//!
//! # Supported
//!
//! Packets are cut by the length their first byte says where to find
//! ([`framing`]). Every packet names its device.
//!
//! - Protocol `80` text reports → [`Message::Records`] with one record
//!   ([`text`]); `ping` → [`Message::Heartbeat`]. Each is answered
//!   `gprs,ack,<index>` ([`encode::text_ack`]), a report once stored.
//! - Protocol `04` binary reports → [`Message::Records`] with one record
//!   ([`binary`]), answered with the 24-byte acknowledgement
//!   ([`encode::binary_ack`]) once stored.
//!
//! No downlink is documented publicly, so the gateway sends no commands.
//!
//! # Rejected, and why
//!
//! - A length shorter than the header or over the frame limit
//!   ([`DecodeError::Malformed`], [`DecodeError::Oversize`]), a text
//!   packet that does not end with `EOF` where its length says, a binary
//!   packet that does not read, or a packet of another protocol (`01`,
//!   `02`: [`DecodeError::Unsupported`]): the header's check field is not
//!   verified, so only a text packet's `EOF` proves where a packet ends;
//!   without it the stream's position is lost and the connection closed.
//! - A text packet with its `EOF` whose header does not read
//!   ([`DecodeError::Malformed`]) is skipped, counted and logged,
//!   unanswered, and the stream goes on.
//!
//! # Corpus
//!
//! The corpus replay and what each sample shows: `tests/corpus.rs`.
//!
//! # Layout
//!
//! - [`framing`]: cutting packets.
//! - [`text`]: what a text packet means.
//! - [`binary`]: what a binary packet means.
//! - [`encode`]: the acknowledgements.

pub mod binary;
pub mod encode;
pub mod framing;
pub mod text;

#[cfg(test)]
mod tests;

use bytes::BytesMut;

use crate::codec::{DecodeError, DeviceCodec, Limits};
use crate::message::Message;

/// Per-connection Tramigo stream codec.
#[derive(Debug)]
pub struct TramigoCodec {
    limits: Limits,
}

impl TramigoCodec {
    /// A codec for one new connection.
    pub fn new(limits: Limits) -> Self {
        Self { limits }
    }
}

impl DeviceCodec for TramigoCodec {
    fn decode(&mut self, buf: &mut BytesMut) -> Result<Option<Message>, DecodeError> {
        let Some(packet) = framing::cut(buf, self.limits.max_frame_len)? else {
            return Ok(None);
        };
        match packet[0] {
            framing::TEXT if packet.ends_with(framing::EOF) => {
                let ack = Some(encode::text_ack(text::index(&packet)));
                let message = match text::packet(&packet).map_err(|e| e.skip(&packet))? {
                    (device, text::Body::Ping) => Message::Heartbeat {
                        device: Some(device),
                        reply: ack,
                    },
                    (device, text::Body::Record(record)) => Message::Records {
                        device: Some(device),
                        records: vec![record],
                        ack,
                    },
                };
                Ok(Some(message))
            }
            framing::TEXT => Err(DecodeError::malformed(
                "text packet does not end with EOF where its length says",
            )),
            framing::BINARY => {
                let (device, record) = binary::packet(&packet)?;
                Ok(Some(Message::Records {
                    device: Some(device),
                    records: vec![record],
                    ack: Some(encode::binary_ack(&packet[..framing::BINARY_HEADER])),
                }))
            }
            other => Err(DecodeError::Unsupported(format!("protocol {other:#04x}"))),
        }
    }
}

/// The protocol as the gateway, the API and the simulator see it.
pub const PROTOCOL: crate::spec::Protocol = crate::spec::Protocol(&crate::spec::ProtocolSpec {
    name: "tramigo",
    port: 5073,
    stream: Some(|limits| Box::new(TramigoCodec::new(limits))),
    datagram: None,
    http: None,
    commands: None,
    simulator: None,
    model: crate::spec::Model {
        title: "Tramigo T22 / T23",
        vendor: "Tramigo",
        kind: crate::spec::DeviceKind::Vehicle,
        id_type: crate::spec::IdType::Custom,
    },
});
