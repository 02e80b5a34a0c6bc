//! Topin (ZhongXun Topin watches and personal trackers) over TCP.
//!
//! # Supported
//!
//! Packets are `78 78`, a length byte, a type, content and `0D 0A`, with
//! no checksum ([`framing`]). The login names the connection's device.
//!
//! - `01` login with the IMEI → [`Message::Login`], answered `78 78 <its
//!   length byte> 01 01 0D 0A` and the time packet once the device is
//!   accepted, `… 01 44 0D 0A` when it is not ([`encode::login`]).
//! - `10` / `11` GPS fixes and `17`, `18`, `19`, `1A`, `69` Wi-Fi and
//!   cell reports → [`Message::Records`] ([`decode`]), answered `78 78
//!   <its length byte> <its type> <its 6 time bytes> 0D 0A`
//!   ([`encode::located`]).
//! - `13` status → a location-less record (battery level), answered with
//!   the packet itself.
//! - `94` vibration and `99` SOS alarms, `08` Wi-Fi reports → a
//!   location-less record, not answered.
//! - `08` keep-alive → [`Message::Heartbeat`], not answered; `30` time
//!   request → [`Message::Heartbeat`] answered with the time packet,
//!   `78 78 07 30 <year (2)> MM DD hh mm ss 0D 0A` in UTC
//!   ([`encode::time`]).
//!
//! No downlink is documented publicly, so the gateway sends no commands.
//!
//! # Rejected, and why
//!
//! The markers bound every packet, so nothing but a packet without an
//! end within the frame limit ([`DecodeError::Oversize`]) ends the
//! connection: bytes before `78 78` and packets that do not read
//! ([`DecodeError::Malformed`]), of another type
//! ([`DecodeError::Unsupported`]) or that come before the login
//! ([`DecodeError::BeforeLogin`]) are skipped, counted and logged,
//! unanswered, and the stream goes on.
//!
//! # Corpus
//!
//! The corpus replay and what each sample shows: `tests/corpus.rs`.
//!
//! # Layout
//!
//! - [`framing`]: cutting packets.
//! - [`decode`]: what each packet type means.
//! - [`io`]: named values (battery level, alarms).
//! - [`encode`]: the answers.

pub mod decode;
pub mod encode;
pub mod framing;
pub mod io;

#[cfg(test)]
mod tests;

use bytes::{Bytes, BytesMut};

use crate::codec::{DecodeError, DeviceCodec, Limits};
use crate::datetime::{Clock, system_clock};
use crate::message::{DeviceId, Message};

use decode::Body;

/// Per-connection Topin stream codec: it keeps the device the login
/// named.
#[derive(Debug)]
pub struct TopinCodec {
    limits: Limits,
    /// The clock for the time answers and location-less records.
    clock: Clock,
    device: Option<DeviceId>,
}

impl TopinCodec {
    /// A codec for one new connection.
    pub fn new(limits: Limits) -> Self {
        Self::with_clock(limits, system_clock)
    }

    /// A codec reading the time (ms since the epoch, UTC) from `clock`.
    pub fn with_clock(limits: Limits, clock: Clock) -> Self {
        Self {
            limits,
            clock,
            device: None,
        }
    }

    /// Decodes one packet as [`framing::cut`] delimited it.
    fn handle(&mut self, packet: &Bytes) -> Result<Message, DecodeError> {
        if packet.len() < 6 {
            return Err(DecodeError::malformed("a packet without a type"));
        }
        let (length, kind) = (packet[2], packet[3]);
        let content = &packet[4..packet.len() - 2];
        let now = (self.clock)();
        let body = decode::packet(kind, content, now)?;
        if let Body::Login(device) = body {
            self.device = Some(device.clone());
            return Ok(Message::Login {
                device,
                accept: Some(encode::login(length, encode::KNOWN, now)),
                reject: Some(encode::login(length, encode::UNKNOWN, now)),
            });
        }
        if self.device.is_none() {
            return Err(DecodeError::BeforeLogin);
        }
        Ok(match body {
            Body::Login(_) | Body::Heartbeat => Message::Heartbeat {
                device: None,
                reply: None,
            },
            Body::TimeRequest => Message::Heartbeat {
                device: None,
                reply: Some(encode::time(now)),
            },
            Body::Record(record) => {
                let ack = match kind {
                    decode::STATUS => Some(packet.clone()),
                    kind if decode::GPS.contains(&kind) || decode::WIFI_LBS.contains(&kind) => {
                        Some(encode::located(length, kind, &content[..6]))
                    }
                    _ => None,
                };
                Message::Records {
                    device: None,
                    records: vec![record],
                    ack,
                }
            }
        })
    }
}

impl DeviceCodec for TopinCodec {
    fn decode(&mut self, buf: &mut BytesMut) -> Result<Option<Message>, DecodeError> {
        let garbage = framing::garbage_len(buf);
        if garbage > 0 {
            let skipped = buf.split_to(garbage);
            return Err(
                DecodeError::malformed(format!("{garbage} bytes before 78 78")).skip(&skipped),
            );
        }
        let Some(packet) = framing::cut(buf, self.limits.max_frame_len)? else {
            return Ok(None);
        };
        self.handle(&packet).map(Some).map_err(|e| e.skip(&packet))
    }
}

/// The protocol as the gateway, the API and the simulator see it.
pub const PROTOCOL: crate::spec::Protocol = crate::spec::Protocol(&crate::spec::ProtocolSpec {
    name: "topin",
    port: 5199,
    stream: Some(|limits| Box::new(TopinCodec::new(limits))),
    datagram: None,
    http: None,
    commands: None,
    simulator: None,
    model: crate::spec::Model {
        title: "Topin watches and trackers",
        vendor: "Topin",
        kind: crate::spec::DeviceKind::Personal,
        id_type: crate::spec::IdType::Imei,
    },
});
