//! Ruptela (FM-Eco4, FM-Pro4, FM-Tco4, Trace5 and friends) over TCP.
//!
//! Every packet is `length (2) | IMEI (8) | command (1) | data | CRC (2)`
//! ([`framing`]), so every message names its device and none waits for a
//! login.
//!
//! # Supported
//!
//! - Records (command 1) and extended records (68) → [`Message::Records`],
//!   acknowledged with `00 02 64 01 13 BC`. Every IO element is kept raw
//!   with its exact width, the record's priority as the `priority`
//!   element; well-known ids are also mapped to named values ([`io`]). A
//!   record whose coordinates are the device's no-fix marker (`0x80000000`)
//!   has [`FixSource::None`], no location, and no speed, course or altitude
//!   (the device fills those with all-ones then). A fix is `valid` when
//!   the device counted at least one satellite.
//! - DTCs (9) → one location-carrying record per trouble code, the code as
//!   the `dtc` element; acknowledged with `00 02 6D 01 C4 A4`.
//! - Identification (15) → [`Message::Login`], accepted with
//!   `00 02 73 01 CB 25`. No reject bytes: an unaccepted device's
//!   connection is closed.
//! - Heartbeat (16) → [`Message::Heartbeat`] answered `00 02 74 01 86 2D`.
//! - The answer to a command sent as text (7) → [`Message::CommandResponse`]
//!   with that text, not acknowledged. It names no command: commands
//!   ([`commands`]) are answered in order.
//! - Any other CRC-checked command (file parts 37, tachograph and
//!   Garmin traffic, …) → a heartbeat with no reply: the device is alive,
//!   the content is not read. trackgate never asks for files, so the file
//!   exchange the device would continue is never started.
//!
//! # Rejected, and why
//!
//! Every packet's CRC-16/KERMIT is verified; a mismatch is
//! [`DecodeError::Checksum`]. A length under 9 (no room for the IMEI and
//! a command) is refused from the header, a length over the frame limit
//! too. Records or DTCs whose counts do not account for every byte are
//! [`DecodeError::Malformed`]. The stream has no markers to resynchronise
//! on, so a bad length or CRC ends the connection: the device reconnects
//! and resends what was not acknowledged. A packet whose CRC holds has sure
//! boundaries: one whose content cannot be read is skipped
//! ([`DecodeError::Skipped`]) and the stream goes on.
//!
//! # Corpus
//!
//! The corpus replay and what each sample shows: `tests/corpus.rs`.
//!
//! # Layout
//!
//! - [`framing`]: cutting packets out of the stream and checking CRCs.
//! - [`decode`]: what each command means.
//! - [`io`]: named values for well-known IO ids.
//! - [`encode`]: replies, and packets for simulators and tests.

pub mod commands;
pub mod decode;
pub mod encode;
pub mod framing;
pub mod io;

#[cfg(test)]
mod tests;

use bytes::BytesMut;

use crate::codec::{DecodeError, DeviceCodec, Limits};
use crate::message::{DeviceId, Message};
#[cfg(doc)]
use crate::record::FixSource;

pub use commands::RuptelaCommands;
pub use encode::{ack, encode_packet, encode_records};

/// Per-connection Ruptela codec.
#[derive(Debug)]
pub struct RuptelaCodec {
    limits: Limits,
    /// The device the last packet named.
    device: Option<DeviceId>,
}

impl RuptelaCodec {
    /// A codec for one new connection.
    pub fn new(limits: Limits) -> Self {
        Self {
            limits,
            device: None,
        }
    }

    /// The device the last packet named, if any came.
    pub fn device(&self) -> Option<&DeviceId> {
        self.device.as_ref()
    }
}

impl DeviceCodec for RuptelaCodec {
    fn decode(&mut self, buf: &mut BytesMut) -> Result<Option<Message>, DecodeError> {
        let Some(frame) = framing::cut(buf, &self.limits)? else {
            return Ok(None);
        };
        // A bad length or CRC loses the stream; once the CRC holds, content
        // that does not decode is skipped whole.
        let packet = framing::parse(&frame)?;
        let message = decode::packet(&packet).map_err(|e| e.skip(&frame))?;
        self.device = message.device().cloned();
        Ok(Some(message))
    }
}

/// The protocol as the gateway, the API and the simulator see it.
pub const PROTOCOL: crate::spec::Protocol = crate::spec::Protocol(&crate::spec::ProtocolSpec {
    name: "ruptela",
    port: 5046,
    stream: Some(|limits| Box::new(RuptelaCodec::new(limits))),
    datagram: None,
    http: None,
    commands: Some(&commands::RuptelaCommands),
    simulator: None,
    model: crate::spec::Model {
        title: "Ruptela FM/Trace",
        vendor: "Ruptela",
        kind: crate::spec::DeviceKind::Vehicle,
        id_type: crate::spec::IdType::Imei,
    },
});
