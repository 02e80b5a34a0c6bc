//! Xexun2 (Xexun's binary `FA AF` protocol, watches and personal
//! trackers) over TCP.
//!
//! # Supported
//!
//! - Framing ([`framing`]): `FA AF` flags with `FB BF` byte stuffing, the
//!   16-byte header, the payload length and the checksum.
//! - Positions (type `0x14`, [`decode`]) → [`Message::Records`], one
//!   record per batch entry. A record with a GNSS fix (float, double or
//!   extended-data form) is a GNSS record; one with only Wi-Fi or cells
//!   has no location ([`FixSource::None`](crate::FixSource::None)) and
//!   keeps them raw. Named values: battery level, charging
//!   (`external_power_state`), alarms `sos`, `removing`, `fall_down`.
//! - Command answers (type `0x07`) → [`Message::CommandResponse`] (the
//!   payload hex-encoded), not acknowledged.
//! - Every other type → [`Message::Heartbeat`] with the acknowledgement.
//! - Replies ([`encode::ack`]): every message but `0x07` is answered with
//!   `FA AF type index IMEI 00 01 FF FE 01 FA AF` (type, index and IMEI
//!   echoed), escaped like any frame.
//!
//! Every header carries the IMEI, so there is no login and every message
//! names its device.
//!
//! # Rejected, and why
//!
//! - The checksum is verified: a mismatch is [`DecodeError::Checksum`].
//! - A payload whose length differs from the header's, a record shorter
//!   than its fields, an unknown escape code, or coordinates out of range
//!   are [`DecodeError::Malformed`].
//! - Frames are bounded by `FA AF` flags, so a frame refused for any of
//!   these is skipped whole ([`DecodeError::Skipped`]) and the stream goes
//!   on; only a frame over the limit ends the connection.
//! - Frames over the limit are refused before the closing flag arrives.
//!
//! # Corpus
//!
//! The corpus replay and what each sample shows: `tests/corpus.rs`.
//!
//! # Layout
//!
//! - [`framing`]: flags, escaping, header, checksum.
//! - [`decode`]: the position records and their named values.
//! - [`encode`]: the acknowledgement and frames for simulators.

pub mod commands;
pub mod decode;
pub mod encode;
pub mod framing;

#[cfg(test)]
mod tests;

use bytes::BytesMut;

pub use commands::Xexun2Commands;

use crate::codec::{DecodeError, DeviceCodec, Limits};
use crate::message::{DeviceId, Message};

/// Message type of positions.
pub const POSITION: u16 = 0x14;
/// Message type of the device's answers to commands (not acknowledged).
pub const COMMAND: u16 = 0x07;

/// Decodes one unescaped frame (flags removed).
pub fn decode_frame(content: &[u8]) -> Result<Message, DecodeError> {
    let (header, payload) = framing::parse(content)?;
    let device = Some(DeviceId(header.imei_digits()));
    let ack = Some(encode::ack(&header));
    Ok(match header.kind {
        COMMAND => Message::CommandResponse {
            answers: None,
            device,
            text: payload.iter().map(|b| format!("{b:02x}")).collect(),
            ack: None,
        },
        POSITION => {
            let records = decode::positions(&payload)?;
            if records.is_empty() {
                Message::Heartbeat { device, reply: ack }
            } else {
                Message::Records {
                    device,
                    records,
                    ack,
                }
            }
        }
        _ => Message::Heartbeat { device, reply: ack },
    })
}

/// Per-connection Xexun2 stream codec.
#[derive(Debug)]
pub struct Xexun2Codec {
    limits: Limits,
}

impl Xexun2Codec {
    /// A codec for one new connection.
    pub fn new(limits: Limits) -> Self {
        Self { limits }
    }
}

impl DeviceCodec for Xexun2Codec {
    fn decode(&mut self, buf: &mut BytesMut) -> Result<Option<Message>, DecodeError> {
        match framing::escaping(self.limits.max_frame_len).cut(buf)? {
            // Frames are bounded by `FA AF` flags: a bad one is skipped whole.
            Some(content) => decode_frame(&content)
                .map(Some)
                .map_err(|e| e.skip(&content)),
            None => Ok(None),
        }
    }
}

/// The protocol as the gateway, the API and the simulator see it.
pub const PROTOCOL: crate::spec::Protocol = crate::spec::Protocol(&crate::spec::ProtocolSpec {
    name: "xexun2",
    port: 5233,
    stream: Some(|limits| Box::new(Xexun2Codec::new(limits))),
    datagram: None,
    http: None,
    commands: Some(&commands::Xexun2Commands),
    simulator: None,
    model: crate::spec::Model {
        title: "Xexun (FA AF protocol)",
        vendor: "Xexun",
        kind: crate::spec::DeviceKind::Personal,
        id_type: crate::spec::IdType::Imei,
    },
});
