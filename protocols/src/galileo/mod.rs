//! Galileosky over TCP.
//!
//! Packets are `header (1) | length (2) | data | CRC (2)` ([`framing`]);
//! main packets carry tags ([`tags`]). A connection starts with a head
//! packet whose IMEI tag (`03`) names the device; later packets may or may
//! not repeat it.
//!
//! # Supported
//!
//! - Main packets (header `01`) with records → [`Message::Records`], one
//!   record per run of tags with a time ([`decode`]), every other tag kept
//!   raw and the well-known ones named ([`io`]). Confirmed with `02` and
//!   the packet's CRC bytes as received.
//! - A head packet without records → [`Message::Login`], accepted with
//!   the same confirmation; no reject bytes (the connection is closed).
//! - A packet with a command answer (tags `E0`/`E1`) and no records →
//!   [`Message::CommandResponse`] with the answer text, naming the command
//!   by the command number (`E0`) it repeats, confirmed. Commands are sent
//!   by [`commands`].
//! - Photo parts (header `07`) → [`Message::Heartbeat`] answered `07` and
//!   the CRC bytes; the image itself is not kept.
//! - Garmin FMI traffic (header `06`) → a heartbeat with no reply (the
//!   protocol says it needs no confirmation).
//!
//! A fix is `valid` when its quality nibble is 0 (satellites) or 2 (cells,
//! then [`FixSource::Lbs`]). The archive flag (length bit 15) only says
//! more records are queued; it changes nothing in decoding.
//!
//! # Rejected, and why
//!
//! Every packet's CRC-16/MODBUS is verified ([`DecodeError::Checksum`]).
//! A tag whose size the table does not know, or a tag run longer than the
//! data, is refused: without its size no later tag can be found. Other
//! headers (`08` compressed packets among them) are
//! [`DecodeError::Unsupported`]. Data before any packet named the device is
//! [`DecodeError::BeforeLogin`]: records without a device cannot be stored.
//! The stream has no markers to resynchronise on: a packet whose length or
//! CRC fails ends the connection, and the device reconnects, sends its head
//! packet and resends what was not confirmed. A packet whose CRC holds has
//! sure boundaries, so one whose content cannot be read is skipped
//! ([`DecodeError::Skipped`]) and the stream goes on.
//!
//! Iridium SBD (Direct IP) messages, a satellite gateway's envelope with a
//! big-endian length, are not Galileosky's TCP framing: read as Galileosky
//! their length field claims far more bytes than they hold, so the codec
//! waits for more data, and a frame limit under that refuses them.
//!
//! # Corpus
//!
//! The corpus replay and what each sample shows: `tests/corpus.rs`
//! (decoder samples) and `tests/framing.rs` (frame samples).
//!
//! # Layout
//!
//! - [`framing`]: cutting packets out of the stream and checking CRCs.
//! - [`tags`]: tag sizes and splitting data into records.
//! - [`decode`]: what the location tags mean.
//! - [`io`]: named values for well-known tags.
//! - [`encode`]: replies, and packets for simulators and tests.

pub mod commands;
pub mod decode;
pub mod encode;
pub mod framing;
pub mod io;
pub mod tags;

#[cfg(test)]
mod tests;

use bytes::BytesMut;

use crate::codec::{DecodeError, DeviceCodec, Limits};
use crate::message::{DeviceId, Message};
#[cfg(doc)]
use crate::record::FixSource;

pub use commands::GalileoCommands;
pub use encode::{confirm, encode_head, encode_records};

/// The header of head and main packets.
const MAIN: u8 = 0x01;
/// The header of Garmin FMI packets.
const GARMIN: u8 = 0x06;

/// Per-connection Galileosky codec.
#[derive(Debug)]
pub struct GalileoCodec {
    limits: Limits,
    /// The IMEI, once a packet has named it.
    device: Option<DeviceId>,
}

impl GalileoCodec {
    /// A codec for one new connection.
    pub fn new(limits: Limits) -> Self {
        Self {
            limits,
            device: None,
        }
    }

    /// The IMEI the device named, if it has.
    pub fn device(&self) -> Option<&DeviceId> {
        self.device.as_ref()
    }

    fn handle(&mut self, packet: &framing::Packet) -> Result<Message, DecodeError> {
        match packet.header {
            MAIN => {}
            encode::PHOTO | GARMIN if self.device.is_none() => {
                return Err(DecodeError::BeforeLogin);
            }
            encode::PHOTO => {
                return Ok(Message::Heartbeat {
                    device: None,
                    reply: Some(confirm(encode::PHOTO, packet.crc)),
                });
            }
            GARMIN => {
                return Ok(Message::Heartbeat {
                    device: None,
                    reply: None,
                });
            }
            other => {
                return Err(DecodeError::Unsupported(format!(
                    "packet header {other:#04x}"
                )));
            }
        }
        let content = decode::content(&packet.data)?;
        let named = content.imei.map(DeviceId);
        if let Some(device) = &named {
            self.device = Some(device.clone());
        } else if self.device.is_none() {
            return Err(DecodeError::BeforeLogin);
        }
        let reply = Some(confirm(encode::CONFIRM, packet.crc));
        Ok(match (named, content.text) {
            (device, _) if !content.records.is_empty() => Message::Records {
                device,
                records: content.records,
                ack: reply,
            },
            (device, Some(text)) => Message::CommandResponse {
                answers: content.command,
                device,
                text,
                ack: reply,
            },
            (Some(device), None) => Message::Login {
                device,
                accept: reply,
                reject: None,
            },
            (None, None) => Message::Heartbeat {
                device: None,
                reply,
            },
        })
    }
}

impl DeviceCodec for GalileoCodec {
    fn decode(&mut self, buf: &mut BytesMut) -> Result<Option<Message>, DecodeError> {
        let Some(frame) = framing::cut(buf, &self.limits)? else {
            return Ok(None);
        };
        // A bad length or CRC loses the stream; once the CRC holds, content
        // that does not decode is skipped whole.
        let packet = framing::parse(&frame)?;
        self.handle(&packet).map(Some).map_err(|e| e.skip(&frame))
    }
}

/// The protocol as the gateway, the API and the simulator see it.
pub const PROTOCOL: crate::spec::Protocol = crate::spec::Protocol(&crate::spec::ProtocolSpec {
    name: "galileo",
    port: 5034,
    stream: Some(|limits| Box::new(GalileoCodec::new(limits))),
    datagram: None,
    http: None,
    commands: Some(&commands::GalileoCommands),
    simulator: None,
    model: crate::spec::Model {
        title: "Galileosky",
        vendor: "Galileosky",
        kind: crate::spec::DeviceKind::Vehicle,
        id_type: crate::spec::IdType::Imei,
    },
});
