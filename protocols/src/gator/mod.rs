//! Gator (GT-series vehicle trackers) over TCP and UDP.
//!
//! # Supported
//!
//! Packets are `24 24`, type, length, the device's pseudo-IP (4 bytes),
//! a body, an XOR checksum (verified) and `0D` ([`framing`]). Every
//! packet names its device by its pseudo-IP, read as the mobile number it
//! encodes ([`decode::device`]).
//!
//! - `80` position, `81` roll-call answer, `82` alarm and `8E` stored
//!   positions → [`Message::Records`] with one record ([`decode`]),
//!   answered once stored with `24 24 21 00 05 <its checksum> <its type>
//!   00 <XOR> 0D` ([`encode::answer`]).
//! - `21` keep-alive → [`Message::Heartbeat`], answered the same way.
//!
//! No downlink is documented publicly, so the gateway sends no commands.
//!
//! # Rejected, and why
//!
//! - Bytes before a `24 24` are skipped as one malformed frame.
//! - A length too short for the fixed fields or over the frame limit, or
//!   a packet whose last byte is not `0D` where its length says: the
//!   stream's position is lost ([`DecodeError::Malformed`],
//!   [`DecodeError::Oversize`]) and the connection is closed.
//! - A bounded packet whose checksum does not match
//!   ([`DecodeError::Checksum`]), of another type
//!   ([`DecodeError::Unsupported`]) or whose fields do not read
//!   ([`DecodeError::Malformed`]) is skipped, counted and logged,
//!   unanswered, and the stream goes on.
//!
//! # UDP
//!
//! One datagram is one packet, answered to its source the same way; a
//! datagram that is not exactly one checked packet is refused.
//!
//! # Corpus
//!
//! The corpus replay and what each sample shows: `tests/corpus.rs`.
//!
//! # Layout
//!
//! - [`framing`]: cutting and checking packets.
//! - [`decode`]: what each packet type means, the device id.
//! - [`io`]: named values (the supply voltage).
//! - [`encode`]: the answer.

pub mod decode;
pub mod encode;
pub mod framing;
pub mod io;

#[cfg(test)]
mod tests;

use bytes::{Bytes, BytesMut};

use crate::codec::{DatagramCodec, DecodeError, DeviceCodec, Limits};
use crate::datetime::{Clock, system_clock};
use crate::message::Message;

use decode::Body;

/// Per-connection Gator stream codec.
#[derive(Debug)]
pub struct GatorCodec {
    limits: Limits,
    /// The clock that dates location-less records.
    clock: Clock,
}

impl GatorCodec {
    /// A codec for one new connection.
    pub fn new(limits: Limits) -> Self {
        Self::with_clock(limits, system_clock)
    }

    /// A codec reading the time (ms since the epoch, UTC) from `clock`.
    pub fn with_clock(limits: Limits, clock: Clock) -> Self {
        Self { limits, clock }
    }
}

impl DeviceCodec for GatorCodec {
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

/// The Gator datagram codec: each datagram is one packet.
#[derive(Debug, Clone, Copy)]
pub struct GatorDatagram {
    clock: Clock,
}

impl GatorDatagram {
    /// A datagram codec on the system clock.
    pub fn new() -> Self {
        Self::with_clock(system_clock)
    }

    /// A datagram codec reading the time from `clock`.
    pub fn with_clock(clock: Clock) -> Self {
        Self { clock }
    }
}

impl Default for GatorDatagram {
    fn default() -> Self {
        Self::new()
    }
}

impl DatagramCodec for GatorDatagram {
    fn decode_datagram(&self, datagram: &[u8]) -> Result<Vec<Message>, DecodeError> {
        decode_packet(&Bytes::copy_from_slice(datagram), (self.clock)()).map(|m| vec![m])
    }
}

/// Checks and decodes one whole packet; `now_ms` dates location-less
/// records.
pub fn decode_packet(packet: &Bytes, now_ms: i64) -> Result<Message, DecodeError> {
    let frame = framing::check(packet)?;
    let device = Some(decode::device(frame.id));
    let answer = Some(encode::answer(frame.checksum, frame.kind));
    Ok(match decode::frame(&frame, now_ms)? {
        Body::Heartbeat => Message::Heartbeat {
            device,
            reply: answer,
        },
        Body::Record(record) => Message::Records {
            device,
            records: vec![record],
            ack: answer,
        },
    })
}

/// The protocol as the gateway, the API and the simulator see it.
pub const PROTOCOL: crate::spec::Protocol = crate::spec::Protocol(&crate::spec::ProtocolSpec {
    name: "gator",
    port: 5052,
    stream: Some(|limits| Box::new(GatorCodec::new(limits))),
    datagram: Some(|| Box::new(GatorDatagram::new())),
    http: None,
    commands: None,
    simulator: None,
    model: crate::spec::Model {
        title: "Gator GT series",
        vendor: "Gator",
        kind: crate::spec::DeviceKind::Vehicle,
        id_type: crate::spec::IdType::Custom,
    },
});
