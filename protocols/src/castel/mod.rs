//! Castel (SinoCastel IDD/CC OBD trackers, and MPIP units) over TCP and UDP.
//!
//! # Supported
//!
//! Packets start `@@` (or `$$`, the MPIP form), carry their whole length
//! and end with a CRC-16/X-25, verified, and `0D 0A` ([`framing`]). Every
//! packet names its device (20 ASCII bytes).
//!
//! - Versions 3 and 4: login `1001`, logout `1002`, fixes `4001`, alarms
//!   `4007` and `401F`, the asleep fix `4009` → [`Message::Records`] with
//!   one record a fix, or one location-less record ([`FixSource::None`])
//!   of the statistics when none is there ([`decode`]). PIDs, G-sensor,
//!   snapshot and DTC packets (`4002`–`4006`, `4008`, `400B`) → one
//!   location-less record, the readings kept raw. Heartbeat `1003` →
//!   [`Message::Heartbeat`]. A command's answer `A002` →
//!   [`Message::CommandResponse`].
//! - Other versions: login `4001` and heartbeat `4206`, each with a fix →
//!   [`Message::Records`].
//! - MPIP: `4001` and `2001`, each with a fix → [`Message::Records`].
//!
//! Logins, heartbeats and alarms are answered ([`encode::reply`]): `9001`
//! (with the server time), `9003`, `C007` + the alarm index; `8001`,
//! `8206` in other versions; MPIP `4001` and `1001` answers. Records'
//! answers are written once they are stored. No downlink is documented
//! publicly, so the gateway sends no commands.
//!
//! # Rejected, and why
//!
//! Bytes before a start marker are skipped as one malformed frame. A
//! length shorter than a header ([`DecodeError::Malformed`]) or over the
//! frame limit ([`DecodeError::Oversize`]), or a packet without `0D 0A`
//! where its length ends it, loses the stream's position: the connection
//! is closed. A bounded packet whose CRC does not match
//! ([`DecodeError::Checksum`]), whose id or fixes do not read
//! ([`DecodeError::Malformed`]) or of another type
//! ([`DecodeError::Unsupported`]: server answers, other versions' data)
//! is skipped, counted and logged.
//!
//! # UDP
//!
//! One packet a datagram, decoded the same way; answers go back to the
//! datagram's source.
//!
//! # Corpus
//!
//! The corpus replay and what each sample shows: `tests/corpus.rs`.
//!
//! # Layout
//!
//! - [`framing`]: cutting packets, the CRC, the header.
//! - [`decode`]: what each packet type means.
//! - [`encode`]: the answers, and device packets for tests.

pub mod decode;
pub mod encode;
pub mod framing;

#[cfg(test)]
mod tests;

use bytes::{Bytes, BytesMut};

use crate::codec::{DatagramCodec, DecodeError, DeviceCodec, Limits};
use crate::datetime::{Clock, system_clock};
use crate::message::Message;
#[cfg(doc)]
use crate::record::FixSource;

use decode::Body;

/// Per-connection Castel stream codec.
#[derive(Debug)]
pub struct CastelCodec {
    limits: Limits,
    /// The clock login answers and undated readings read.
    clock: Clock,
}

impl CastelCodec {
    /// A codec for one new connection.
    pub fn new(limits: Limits) -> Self {
        Self::with_clock(limits, system_clock)
    }

    /// A codec reading the time (ms since the epoch, UTC) from `clock`.
    pub fn with_clock(limits: Limits, clock: Clock) -> Self {
        Self { limits, clock }
    }
}

impl DeviceCodec for CastelCodec {
    fn decode(&mut self, buf: &mut BytesMut) -> Result<Option<Message>, DecodeError> {
        let garbage = framing::garbage_len(buf);
        if garbage > 0 {
            let skipped = buf.split_to(garbage);
            return Err(
                DecodeError::malformed(format!("{garbage} bytes before @@ or $$")).skip(&skipped),
            );
        }
        let Some(packet) = framing::cut(buf, self.limits.max_frame_len)? else {
            return Ok(None);
        };
        decode_packet(&packet, (self.clock)())
            .map(Some)
            .map_err(|e| e.skip(&packet))
    }
}

/// The Castel datagram codec: each datagram is one packet.
#[derive(Debug, Clone, Copy)]
pub struct CastelDatagram {
    clock: Clock,
}

impl CastelDatagram {
    /// A datagram codec on the system clock.
    pub fn new() -> Self {
        Self::with_clock(system_clock)
    }

    /// A datagram codec reading the time from `clock`.
    pub fn with_clock(clock: Clock) -> Self {
        Self { clock }
    }
}

impl Default for CastelDatagram {
    fn default() -> Self {
        Self::new()
    }
}

impl DatagramCodec for CastelDatagram {
    fn decode_datagram(&self, datagram: &[u8]) -> Result<Vec<Message>, DecodeError> {
        decode_packet(&Bytes::copy_from_slice(datagram), (self.clock)()).map(|m| vec![m])
    }
}

/// Checks and decodes one whole packet; `now_ms` is the server time.
pub fn decode_packet(bytes: &Bytes, now_ms: i64) -> Result<Message, DecodeError> {
    let packet = framing::check(bytes)?;
    let body = decode::packet(&packet, now_ms)?;
    let reply = encode::reply(&packet, now_ms);
    let device = Some(packet.device);
    Ok(match body {
        Body::Records(records) => Message::Records {
            device,
            records,
            ack: reply,
        },
        Body::Heartbeat => Message::Heartbeat { device, reply },
        Body::Answer(text) => Message::CommandResponse {
            device,
            text,
            answers: None,
            ack: reply,
        },
    })
}

/// The protocol as the gateway, the API and the simulator see it.
pub const PROTOCOL: crate::spec::Protocol = crate::spec::Protocol(&crate::spec::ProtocolSpec {
    name: "castel",
    port: 5086,
    stream: Some(|limits| Box::new(CastelCodec::new(limits))),
    datagram: Some(|| Box::new(CastelDatagram::new())),
    http: None,
    commands: None,
    simulator: None,
    model: crate::spec::Model {
        title: "Castel IDD / CC OBD trackers",
        vendor: "Castel",
        kind: crate::spec::DeviceKind::Vehicle,
        id_type: crate::spec::IdType::Custom,
    },
});
