//! Teltonika over TCP and UDP.
//!
//! # Supported
//!
//! - The IMEI packet → [`Message::Login`], accepted with `01`, refused with `00`.
//! - AVL packets in Codec 8 (`08`), 8 Extended (`8E`, including variable-length
//!   NX elements), 16 (`10`) and the GH3000 family's Codec 7 (`07`) →
//!   [`Message::Records`], acknowledged with the record count (4 bytes,
//!   big-endian). Every IO element is kept raw in [`Record::io`] with its
//!   exact width; well-known ids are also mapped to named values ([`io`]).
//! - Codec 12 (`0C`) and 13 (`0D`) command traffic, including the camera
//!   items of type `0D` → [`Message::CommandResponse`], never acknowledged.
//! - The `FF` ping → [`Message::Heartbeat`] with no reply.
//!
//! A record's fix is `valid` when the device counted at least one satellite.
//!
//! # Rejected, and why
//!
//! Every AVL packet's CRC-16/ARC is verified; a mismatch is
//! [`DecodeError::Checksum`]. Counts that disagree, IO totals that do not add
//! up, and data not consumed exactly are [`DecodeError::Malformed`]: a wrong
//! count means every later field would be misread, so guessing is worse than
//! refusing. AVL data before the IMEI packet is `Malformed` too, since
//! records without a device cannot be stored. Other codecs (14, 15, …) are
//! [`DecodeError::Unsupported`].
//!
//! The stream has no frame markers, so a bad header or CRC cannot be
//! resynchronised: the session closes the connection, and the device
//! reconnects and resends whatever was not acknowledged, which is what makes
//! refusing a damaged packet safe. A packet whose CRC holds has sure
//! boundaries, so one whose content cannot be read (an unknown codec, IO
//! counts that do not add up) is skipped ([`DecodeError::Skipped`]) and the
//! stream goes on; it is not acknowledged. AVL data before the IMEI packet
//! ends the connection.
//!
//! # UDP
//!
//! [`TeltonikaDatagram`] ([`udp`]) reads the UDP envelope: one AVL packet per
//! datagram, with the IMEI inside, acknowledged with the envelope's packet
//! ids and the record count.
//!
//! # Corpus
//!
//! The corpus replay and what each sample shows: `tests/corpus.rs`.
//!
//! # Layout
//!
//! - [`framing`]: cutting frames out of the stream and checking CRCs.
//! - [`decode`]: Codec 8 / 8E / 16 data, and the dispatch by codec id.
//! - [`codec7`]: Codec 7 data.
//! - [`command`]: Codec 12 / 13 data.
//! - [`commands`]: commands to devices (Codec 12).
//! - [`io`]: named values for well-known AVL ids.
//! - [`encode`]: replies, commands, and packets for simulators.
//! - [`udp`]: the UDP envelope.

pub mod codec7;
pub mod command;
pub mod commands;
pub mod decode;
pub mod encode;
pub mod framing;
pub mod io;
pub mod simulate;
pub mod udp;
use crate::reader;

#[cfg(test)]
mod tests;

use bytes::BytesMut;
use serde::{Deserialize, Serialize};

use crate::codec::{DecodeError, DeviceCodec, Limits};
use crate::message::{DeviceId, Message};
#[cfg(doc)]
use crate::record::Record;

pub use commands::TeltonikaCommands;
pub use encode::{EncodeError, encode_avl, encode_command, encode_imei};
use framing::Frame;
pub use udp::TeltonikaDatagram;

/// The AVL codecs trackgate both reads and writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AvlCodec {
    /// Codec 8 (`0x08`): 1-byte IO ids and counts.
    Codec8,
    /// Codec 8 Extended (`0x8E`): 2-byte IO ids and counts, NX elements.
    Codec8E,
    /// Codec 16 (`0x10`): 2-byte IO ids, 1-byte counts, generation type.
    Codec16,
}

impl AvlCodec {
    /// The codec id byte.
    pub fn id(self) -> u8 {
        match self {
            Self::Codec8 => 0x08,
            Self::Codec8E => 0x8E,
            Self::Codec16 => 0x10,
        }
    }

    /// The codec with this id byte, if it is one of these.
    pub fn from_id(id: u8) -> Option<Self> {
        match id {
            0x08 => Some(Self::Codec8),
            0x8E => Some(Self::Codec8E),
            0x10 => Some(Self::Codec16),
            _ => None,
        }
    }
}

/// Per-connection Teltonika TCP codec.
#[derive(Debug)]
pub struct TeltonikaCodec {
    limits: Limits,
    /// The IMEI, once the device has sent it.
    device: Option<DeviceId>,
}

impl TeltonikaCodec {
    /// A codec for one new connection.
    pub fn new(limits: Limits) -> Self {
        Self {
            limits,
            device: None,
        }
    }

    /// The IMEI the device identified with, if it has.
    pub fn device(&self) -> Option<&DeviceId> {
        self.device.as_ref()
    }
}

impl DeviceCodec for TeltonikaCodec {
    fn decode(&mut self, buf: &mut BytesMut) -> Result<Option<Message>, DecodeError> {
        let Some(len) = framing::check(buf, &self.limits)? else {
            return Ok(None);
        };
        // Only the length finds the next frame: a frame whose header or CRC
        // fails ends the connection. Once the CRC holds, the boundaries are
        // sure, and content that does not decode is skipped whole.
        let bytes = buf.split_to(len);
        let frame = framing::parse(&bytes)?;
        let message = match frame {
            Frame::Ping => Message::Heartbeat {
                device: None,
                reply: None,
            },
            Frame::Imei(imei) => {
                let device = DeviceId(imei);
                self.device = Some(device.clone());
                Message::Login {
                    device,
                    accept: Some(bytes::Bytes::from_static(&encode::IMEI_ACCEPT)),
                    reject: Some(bytes::Bytes::from_static(&encode::IMEI_REJECT)),
                }
            }
            Frame::Avl(data) => {
                if self.device.is_none() {
                    return Err(DecodeError::malformed("AVL data before identification"));
                }
                decode::avl_data(&data).map_err(|e| e.skip(&bytes))?
            }
        };
        Ok(Some(message))
    }
}

/// The protocol as the gateway, the API and the simulator see it.
pub const PROTOCOL: crate::spec::Protocol = crate::spec::Protocol(&crate::spec::ProtocolSpec {
    name: "teltonika",
    port: 5027,
    stream: Some(|limits| Box::new(TeltonikaCodec::new(limits))),
    datagram: Some(|| Box::new(udp::TeltonikaDatagram)),
    http: None,
    commands: Some(&commands::TeltonikaCommands),
    simulator: Some(&simulate::Simulator),
    model: crate::spec::Model {
        title: "Teltonika FMB/FMC/FMM",
        vendor: "Teltonika",
        kind: crate::spec::DeviceKind::Vehicle,
        id_type: crate::spec::IdType::Imei,
    },
});
