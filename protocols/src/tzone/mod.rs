//! TZone (AVL and TT series, binary `TZ` packets) over TCP.
//!
//! # Supported
//!
//! Packets are `TZ`, a length, the content and CR LF ([`framing`]); the
//! content's CRC-16/MODBUS is verified. Every packet names its device
//! (IMEI).
//!
//! - `$$` data packets → [`Message::Records`] with one record
//!   ([`decode`]): the GPS position when the block holds one, else a
//!   location-less record ([`FixSource::None`]) dated by the device's
//!   clock; the cell, status and other blocks kept raw, the battery voltage
//!   named where its place is known. Answered, once stored,
//!   `@ACK,<index>#@UTC time:<yyyy-MM-dd HH:mm:ss>` ([`encode::ack`]).
//!
//! No downlink is documented publicly, so the gateway sends no commands.
//!
//! # Rejected, and why
//!
//! Bytes before a `TZ` are skipped and counted. A packet whose CR LF is
//! not where its length ends, a length shorter than any packet, or one
//! over the frame limit ([`DecodeError::Oversize`]) closes the connection:
//! the stream's position is lost. A packet in its place whose CRC does
//! not match ([`DecodeError::Checksum`]), whose blocks overrun it or
//! whose IMEI is not digits ([`DecodeError::Malformed`]), or whose
//! protocol number is not `$$` ([`DecodeError::Unsupported`]) is skipped,
//! counted and logged, and the stream goes on.
//!
//! # Corpus
//!
//! The corpus replay and what each sample shows: `tests/corpus.rs`.
//!
//! # Layout
//!
//! - [`framing`]: cutting packets, the CRC.
//! - [`decode`]: what a packet's blocks mean.
//! - [`encode`]: the answer.

pub mod decode;
pub mod encode;
pub mod framing;

#[cfg(test)]
mod tests;

use bytes::BytesMut;

use crate::codec::{DecodeError, DeviceCodec, Limits};
use crate::datetime::{Clock, system_clock};
use crate::message::Message;
#[cfg(doc)]
use crate::record::FixSource;

/// Per-connection TZone stream codec.
#[derive(Debug)]
pub struct TzoneCodec {
    limits: Limits,
    /// The clock the answer carries.
    clock: Clock,
}

impl TzoneCodec {
    /// A codec for one new connection.
    pub fn new(limits: Limits) -> Self {
        Self::with_clock(limits, system_clock)
    }

    /// A codec reading the time (ms since the epoch, UTC) from `clock`.
    pub fn with_clock(limits: Limits, clock: Clock) -> Self {
        Self { limits, clock }
    }
}

impl DeviceCodec for TzoneCodec {
    fn decode(&mut self, buf: &mut BytesMut) -> Result<Option<Message>, DecodeError> {
        let Some(packet) = framing::cut(buf, self.limits.max_frame_len)? else {
            return Ok(None);
        };
        decode_packet(&packet, (self.clock)())
            .map(Some)
            .map_err(|e| e.skip(&packet))
    }
}

/// Checks and decodes one whole packet; `now_ms` is the time the answer
/// carries.
pub fn decode_packet(packet: &[u8], now_ms: i64) -> Result<Message, DecodeError> {
    let body = framing::check(packet)?;
    let (device, record, index) = decode::packet(body)?;
    Ok(Message::Records {
        device: Some(device),
        records: vec![record],
        ack: Some(encode::ack(index, now_ms)),
    })
}

/// The protocol as the gateway, the API and the simulator see it.
pub const PROTOCOL: crate::spec::Protocol = crate::spec::Protocol(&crate::spec::ProtocolSpec {
    name: "tzone",
    port: 5029,
    stream: Some(|limits| Box::new(TzoneCodec::new(limits))),
    datagram: None,
    http: None,
    commands: None,
    simulator: None,
    model: crate::spec::Model {
        title: "TZone AVL / TT series",
        vendor: "TZone",
        kind: crate::spec::DeviceKind::Vehicle,
        id_type: crate::spec::IdType::Imei,
    },
});
