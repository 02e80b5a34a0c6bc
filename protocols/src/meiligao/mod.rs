//! Meiligao (GT30i, GT60, VT300, VT310, VT400 and their kin) over TCP and UDP.
//!
//! # Supported
//!
//! Packets are `$$ <length> <ID> <command> <data> <CRC> 0D 0A`, the length
//! counting the whole packet and the CRC a CRC-16/IBM-3740 over everything
//! before it ([`framing`]). Every packet carries the tracker ID (up to 14
//! digits, `F`-padded), so every message names its device.
//!
//! - Login `5000` → [`Message::Login`], answered `@@ … 4000 01`
//!   ([`encode::login_reply`]) once the device is accepted.
//! - Heartbeat `0001` → [`Message::Heartbeat`], answered `@@ … 0001 01`
//!   ([`encode::heartbeat_reply`]).
//! - Position `9955`, alarm `9999`, track on demand `4101`, logged
//!   positions `6688` and RFID `9966` → [`Message::Records`], not answered:
//!   the protocol acknowledges no report.
//! - OBD trouble codes `9903` and data `9901`, `9902` →
//!   [`Message::Records`] with one location-less record
//!   ([`FixSource::None`]) dated on arrival, the text kept raw.
//! - Any other `4xxx` → [`Message::CommandResponse`]: the tracker's answer
//!   to a command ([`commands`]).
//!
//! Data are read in [`decode`] and [`report`].
//!
//! # Rejected, and why
//!
//! - Bytes before a `$$` are skipped ([`DecodeError::Skipped`], counted and
//!   logged), as the protocol's own framing does: the start marker is
//!   where a packet is found again.
//! - A length shorter than a packet's fixed fields, or a packet that does
//!   not end with `0D 0A` where its length says, ends the connection
//!   ([`DecodeError::Malformed`]): the position in the stream is lost. So
//!   does a length over the frame limit ([`DecodeError::Oversize`]),
//!   refused from the header before the rest is buffered.
//! - A packet with both markers in place is whole, so one that does not
//!   hold is skipped and the stream goes on: a CRC that does not match
//!   ([`DecodeError::Checksum`]); an ID that is not digits, or data that do
//!   not decode ([`DecodeError::Malformed`]); photo transfer (`0800`,
//!   `9988`, `0F80`), the server address request (`0002`) and commands
//!   not listed above ([`DecodeError::Unsupported`]).
//!
//! # UDP
//!
//! One datagram is one packet, checked and decoded the same way; its
//! answers go back to the datagram's source.
//!
//! # Corpus
//!
//! The corpus replay and what each sample shows: `tests/corpus.rs`.
//!
//! # Layout
//!
//! - [`framing`]: cutting and checking packets, the header, building packets.
//! - [`decode`]: what each command means.
//! - [`report`]: the text of a position report.
//! - [`io`]: named values (alarms, GSM signal, odometer).
//! - [`encode`]: the answers, and tracker packets for tests and the simulator.
//! - [`commands`]: commands to trackers.
//! - [`simulate`]: a simulated tracker for the load generator.

pub mod commands;
pub mod decode;
pub mod encode;
pub mod framing;
pub mod io;
pub mod report;
pub mod simulate;

#[cfg(test)]
mod tests;

use bytes::{Bytes, BytesMut};

use crate::codec::{DatagramCodec, DecodeError, DeviceCodec, Limits};
use crate::datetime::{Clock, system_clock};
use crate::message::Message;
#[cfg(doc)]
use crate::record::FixSource;

use decode::Body;

/// Per-connection Meiligao stream codec.
#[derive(Debug)]
pub struct MeiligaoCodec {
    limits: Limits,
    /// The clock that dates location-less records.
    clock: Clock,
}

impl MeiligaoCodec {
    /// A codec for one new connection.
    pub fn new(limits: Limits) -> Self {
        Self::with_clock(limits, system_clock)
    }

    /// A codec reading the time (ms since the epoch, UTC) from `clock`.
    pub fn with_clock(limits: Limits, clock: Clock) -> Self {
        Self { limits, clock }
    }
}

impl DeviceCodec for MeiligaoCodec {
    fn decode(&mut self, buf: &mut BytesMut) -> Result<Option<Message>, DecodeError> {
        let garbage = framing::garbage_len(buf);
        if garbage > 0 {
            let skipped = buf.split_to(garbage);
            return Err(DecodeError::malformed(format!("{garbage} bytes before $$")).skip(&skipped));
        }
        let Some(packet) = framing::cut(buf, self.limits.max_frame_len)? else {
            return Ok(None);
        };
        decode_packet(&packet, (self.clock)())
            .map(Some)
            .map_err(|e| e.skip(&packet))
    }
}

/// The Meiligao datagram codec: each datagram is one packet.
#[derive(Debug, Clone, Copy)]
pub struct MeiligaoDatagram {
    clock: Clock,
}

impl MeiligaoDatagram {
    /// A datagram codec on the system clock.
    pub fn new() -> Self {
        Self::with_clock(system_clock)
    }

    /// A datagram codec reading the time from `clock`.
    pub fn with_clock(clock: Clock) -> Self {
        Self { clock }
    }
}

impl Default for MeiligaoDatagram {
    fn default() -> Self {
        Self::new()
    }
}

impl DatagramCodec for MeiligaoDatagram {
    fn decode_datagram(&self, datagram: &[u8]) -> Result<Vec<Message>, DecodeError> {
        if !datagram.starts_with(&framing::START) {
            return Err(DecodeError::malformed("datagram does not start with $$"));
        }
        decode_packet(&Bytes::copy_from_slice(datagram), (self.clock)()).map(|m| vec![m])
    }
}

/// Checks and decodes one whole packet; `now_ms` dates location-less
/// records.
pub fn decode_packet(bytes: &Bytes, now_ms: i64) -> Result<Message, DecodeError> {
    let frame = framing::check(bytes)?;
    let device = Some(frame.device.clone());
    Ok(match decode::frame(&frame, now_ms)? {
        Body::Login => Message::Login {
            device: frame.device,
            accept: Some(encode::login_reply(&frame.id)),
            reject: None,
        },
        Body::Heartbeat => Message::Heartbeat {
            device,
            reply: Some(encode::heartbeat_reply(&frame.id)),
        },
        Body::Records(records) => Message::Records {
            device,
            records,
            ack: None,
        },
        Body::Answer(text) => Message::CommandResponse {
            device,
            text,
            answers: None,
            ack: None,
        },
    })
}

/// The protocol as the gateway, the API and the simulator see it.
pub const PROTOCOL: crate::spec::Protocol = crate::spec::Protocol(&crate::spec::ProtocolSpec {
    name: "meiligao",
    port: 5009,
    stream: Some(|limits| Box::new(MeiligaoCodec::new(limits))),
    datagram: Some(|| Box::new(MeiligaoDatagram::new())),
    http: None,
    commands: Some(&commands::MeiligaoCommands),
    simulator: Some(&simulate::Simulator),
    model: crate::spec::Model {
        title: "Meiligao GT/VT series",
        vendor: "Meiligao",
        kind: crate::spec::DeviceKind::Vehicle,
        id_type: crate::spec::IdType::Custom,
    },
});
