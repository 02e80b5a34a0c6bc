//! Eelink over TCP and UDP.
//!
//! # Supported
//!
//! Packets are `67 67 <type> <size> <sequence> <content>` ([`framing`]).
//! Both protocol generations Eelink devices speak share that envelope:
//!
//! - Login 0x01 (IMEI in BCD) → [`Message::Login`], accepted with the
//!   server time, protocol version `00 01` and action mask `00`; no reject
//!   bytes (the protocol has none).
//! - First-generation GPS 0x02, alarm 0x04 and state 0x05, and
//!   second-generation location 0x12, warning 0x14 and report 0x15 →
//!   [`Message::Records`] (`decode::legacy`, `decode::location`).
//!   Records without a GNSS block are [`FixSource::Lbs`] (cells or Wi-Fi,
//!   kept raw) or [`FixSource::None`].
//! - Heartbeat 0x03 with a status word, and OBD 0x07 → one location-less
//!   record (a status word alone is dated on arrival), so ignition and OBD
//!   readings reach the live state. A bare heartbeat → [`Message::Heartbeat`].
//! - Instruction answers 0x80 → [`Message::CommandResponse`] naming the
//!   instruction by the server flag it echoes, or a record when the answer
//!   is a position query's text. Instructions are sent by [`commands`].
//! - Broadcast data 0x81 → [`Message::CommandResponse`], not answered.
//! - Any other type (SMS 0x06, message 0x16, OBD 0x17–0x19, …) →
//!   [`Message::Heartbeat`] answered with its type and sequence: the device
//!   is alive and stops resending, but the content is not read.
//!
//! Every packet but 0x02 and 0x81 is answered ([`encode`]); the answer is
//! the `ack`/`reply` of its message, written once the records are stored.
//!
//! # Identity, and refusals
//!
//! Over TCP the login names the connection's device. A device logs in
//! first on every connection and waits for the answer; packets before the
//! login have no owner, so they are skipped unanswered
//! ([`DecodeError::BeforeLogin`]; the session counts and logs them) and the
//! device, getting no answer, reconnects and logs in. Packets whose content
//! does not parse are skipped the same way. A stream that does not
//! start with `67 67`, or a size over the frame limit, ends the connection:
//! the packets carry no checksum or end marker to resynchronise on.
//!
//! # UDP
//!
//! [`EelinkDatagram`] ([`udp`]) reads the `EL` envelope, whose IMEI names
//! the device of every packet inside; answers are wrapped the same way.
//! The envelope's checksum is not verified and the one written is
//! unconfirmed (see [`encode::udp_checksum`]).
//!
//! # Corpus
//!
//! The corpus replay and what each sample shows: `tests/corpus.rs`.
//!
//! # Layout
//!
//! - [`framing`]: cutting packets out of the stream.
//! - [`decode`]: what each packet type means.
//! - [`io`]: named values for status words, alarms, sensors and OBD PIDs.
//! - [`encode`]: answers, and packets for simulators and tests.
//! - [`udp`]: the UDP envelope.

pub mod commands;
pub mod decode;
pub mod encode;
pub mod framing;
pub mod io;
pub mod udp;

#[cfg(test)]
mod tests;

use bytes::{Bytes, BytesMut};

use crate::codec::{DecodeError, DeviceCodec, Limits};
use crate::datetime::{Clock, system_clock};
use crate::message::{DeviceId, Message};
#[cfg(doc)]
use crate::record::FixSource;

pub use commands::EelinkCommands;
use decode::Body;
use framing::Packet;
pub use udp::EelinkDatagram;

/// Per-connection Eelink TCP codec.
#[derive(Debug)]
pub struct EelinkCodec {
    limits: Limits,
    /// The IMEI, once the device has logged in.
    device: Option<DeviceId>,
    /// The clock that answers logins and dates status-only records.
    clock: Clock,
}

impl EelinkCodec {
    /// A codec for one new connection.
    pub fn new(limits: Limits) -> Self {
        Self::with_clock(limits, system_clock)
    }

    /// A codec reading the time (ms since the epoch, UTC) from `clock`.
    pub fn with_clock(limits: Limits, clock: Clock) -> Self {
        Self {
            limits,
            device: None,
            clock,
        }
    }

    /// The IMEI the device logged in with, if it has.
    pub fn device(&self) -> Option<&DeviceId> {
        self.device.as_ref()
    }

    fn handle(&mut self, packet: &Packet) -> Result<Message, DecodeError> {
        let now = (self.clock)();
        if packet.kind == decode::kind::LOGIN {
            let Body::Login(device) = decode::packet(packet, now)? else {
                return Err(DecodeError::malformed("login without an IMEI"));
            };
            self.device = Some(device);
        }
        let Some(device) = self.device.clone() else {
            return Err(DecodeError::BeforeLogin);
        };
        message(packet, &device, now, false)
    }
}

impl DeviceCodec for EelinkCodec {
    fn decode(&mut self, buf: &mut BytesMut) -> Result<Option<Message>, DecodeError> {
        let Some(frame) = framing::cut(buf, self.limits.max_frame_len)? else {
            return Ok(None);
        };
        // The next packet's `67 67` is checked when it is cut, so a packet
        // whose content does not parse is skipped without losing the stream.
        framing::parse(&frame)
            .and_then(|packet| self.handle(&packet))
            .map(Some)
            .map_err(|e| e.skip(&frame))
    }
}

/// The message `packet` makes for `device`. Over UDP (`wrapped`) the
/// answer goes in an envelope and every message names the device; over TCP
/// only the login does.
pub(crate) fn message(
    packet: &Packet,
    device: &DeviceId,
    now_ms: i64,
    wrapped: bool,
) -> Result<Message, DecodeError> {
    let body = decode::packet(packet, now_ms)?;
    let reply = encode::reply_for(packet, now_ms).map(|bytes| wrap(bytes, device, wrapped));
    let named = wrapped.then(|| device.clone());
    Ok(match body {
        Body::Login(_) => Message::Login {
            device: device.clone(),
            accept: reply,
            reject: None,
        },
        Body::Records(records) => Message::Records {
            device: named,
            records,
            ack: reply,
        },
        Body::Heartbeat => Message::Heartbeat {
            device: named,
            reply,
        },
        Body::Text(text) => Message::CommandResponse {
            answers: None,
            device: named,
            text,
            ack: reply,
        },
        Body::Answer { flag, text } => Message::CommandResponse {
            answers: Some(flag),
            device: named,
            text,
            ack: reply,
        },
    })
}

fn wrap(reply: Bytes, device: &DeviceId, wrapped: bool) -> Bytes {
    if wrapped {
        encode::udp_wrap(device.as_str(), &reply)
    } else {
        reply
    }
}

/// The protocol as the gateway, the API and the simulator see it.
pub const PROTOCOL: crate::spec::Protocol = crate::spec::Protocol(&crate::spec::ProtocolSpec {
    name: "eelink",
    port: 5064,
    stream: Some(|limits| Box::new(EelinkCodec::new(limits))),
    datagram: Some(|| Box::new(udp::EelinkDatagram::new())),
    http: None,
    commands: Some(&commands::EelinkCommands),
    simulator: None,
    model: crate::spec::Model {
        title: "Eelink",
        vendor: "Eelink",
        kind: crate::spec::DeviceKind::Vehicle,
        id_type: crate::spec::IdType::Imei,
    },
});
