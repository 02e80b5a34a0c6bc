//! GPS103 (Coban TK102/TK103/TK106 and their clones) over TCP and UDP.
//!
//! # Supported
//!
//! - Messages end with `;`, `*`, CR LF or LF ([`framing`]).
//! - Login `##,imei:<imei>,A` → [`Message::Login`], accepted with `LOAD`.
//! - Heartbeat `<imei>` (digits only) → [`Message::Heartbeat`] answered `ON`.
//! - Reports `imei:<imei>,<keyword>,…` ([`report`]) → one record: a GNSS
//!   fix (`F`), a location-less record (`L` cell reports, `OBD` data), or
//!   the decimal-degree variant. A `help me` (SOS) report is acknowledged
//!   `**,imei:<imei>,E;` ([`encode`]). A report of fewer than five fields
//!   (`imei:…,L,`, voice data `imei:…,vr,…`) carries nothing to store and is
//!   a heartbeat without reply.
//! - Named values ([`io`]): alarms from keywords, ignition, temperature,
//!   OBD RPM and battery voltage.
//! - Commands ([`commands`]): `**,imei:<imei>,<text>;`, `J`/`K` for the
//!   engine relay, `B` for a position; answers arrive as reports.
//! - UDP ([`Gps103Datagram`]): one message per datagram, the same replies.
//!
//! Every message names its IMEI, so each message carries its device.
//!
//! The server's clock is an input: reports without any time are stamped
//! with it. `L` and `OBD` reports carry only the device's local time; it is
//! stored as is (the protocol gives no zone).
//!
//! # Rejected, and why
//!
//! GPS103 has no checksum. A report whose coordinates, speed or course do
//! not parse is [`DecodeError::Malformed`]; a message that is neither a
//! login, a heartbeat nor an `imei:` report is `Malformed` too. Messages end
//! at `;`, so such a message is skipped ([`DecodeError::Skipped`]) and the
//! stream goes on. A message longer than the frame limit without an end is
//! `Oversize` and ends the connection.
//!
//! An `OBD` report whose readings are all empty or zero is still kept, as
//! a location-less record. A fix that omits the longitude's hemisphere is
//! kept unsigned and invalid; one without a UTC time is timed by the
//! device's local time and marked invalid.
//!
//! # Corpus
//!
//! The corpus replay and what each sample shows: `tests/corpus.rs`.
//!
//! # Layout
//!
//! - [`framing`]: cutting messages from the stream.
//! - [`report`]: `imei:` reports; [`io`]: named values.
//! - [`encode`]: replies and reports for simulators.

pub mod commands;
pub mod encode;
pub mod framing;
pub mod io;
pub mod report;
pub mod simulate;

#[cfg(test)]
mod tests;

pub use commands::Gps103Commands;

use bytes::BytesMut;

use crate::codec::{DatagramCodec, DecodeError, DeviceCodec, Limits};
use crate::datetime::{Clock, system_clock};
use crate::message::{DeviceId, Message};

/// Decodes one message (its delimiter already removed).
pub fn decode_frame(frame: &[u8], now_ms: i64) -> Result<Message, DecodeError> {
    let text: String = frame.iter().map(|&b| char::from(b)).collect();
    let text = text.trim();
    if let Some(login) = text.strip_prefix("##") {
        let imei = login
            .split(',')
            .find_map(|f| f.trim().strip_prefix("imei:"))
            .filter(|i| {
                !i.is_empty() && i.len() <= 20 && i.bytes().all(|b| b.is_ascii_alphanumeric())
            })
            .ok_or_else(|| DecodeError::malformed("login without an IMEI"))?;
        return Ok(Message::Login {
            device: DeviceId(imei.to_owned()),
            accept: Some(encode::login_reply()),
            reject: None,
        });
    }
    if !text.is_empty() && text.len() <= 20 && text.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(Message::Heartbeat {
            device: Some(DeviceId(text.to_owned())),
            reply: Some(encode::heartbeat_reply()),
        });
    }
    // A heartbeat sent without its `;` can run into the next report.
    match text.find("imei:") {
        Some(at) if text[..at].bytes().all(|b| b.is_ascii_digit()) => {
            report::decode(&text[at + 5..], now_ms)
        }
        _ => Err(DecodeError::malformed(
            "neither login, heartbeat nor report",
        )),
    }
}

/// Per-connection GPS103 stream codec.
#[derive(Debug)]
pub struct Gps103Codec {
    limits: Limits,
    clock: Clock,
}

impl Gps103Codec {
    /// A codec for one new connection, on the system clock.
    pub fn new(limits: Limits) -> Self {
        Self::with_clock(limits, system_clock)
    }

    /// A codec reading the time from `clock`.
    pub fn with_clock(limits: Limits, clock: Clock) -> Self {
        Self { limits, clock }
    }
}

impl DeviceCodec for Gps103Codec {
    fn decode(&mut self, buf: &mut BytesMut) -> Result<Option<Message>, DecodeError> {
        match framing::cut(buf, self.limits.max_frame_len)? {
            // Messages end at `;`: a bad one is skipped whole.
            Some(frame) => decode_frame(&frame, (self.clock)())
                .map(Some)
                .map_err(|e| e.skip(&frame)),
            None => Ok(None),
        }
    }
}

/// The GPS103 datagram codec: each datagram is one message, its delimiter
/// optional.
#[derive(Debug, Clone, Copy)]
pub struct Gps103Datagram {
    clock: Clock,
}

impl Gps103Datagram {
    /// A datagram codec on the system clock.
    pub fn new() -> Self {
        Self::with_clock(system_clock)
    }

    /// A datagram codec reading the time from `clock`.
    pub fn with_clock(clock: Clock) -> Self {
        Self { clock }
    }
}

impl Default for Gps103Datagram {
    fn default() -> Self {
        Self::new()
    }
}

impl DatagramCodec for Gps103Datagram {
    fn decode_datagram(&self, datagram: &[u8]) -> Result<Vec<Message>, DecodeError> {
        let datagram = datagram.trim_ascii_start();
        let end = datagram
            .iter()
            .position(|b| framing::ENDS.contains(b))
            .unwrap_or(datagram.len());
        decode_frame(&datagram[..end], (self.clock)()).map(|m| vec![m])
    }
}

/// The protocol as the gateway, the API and the simulator see it.
pub const PROTOCOL: crate::spec::Protocol = crate::spec::Protocol(&crate::spec::ProtocolSpec {
    name: "gps103",
    port: 5001,
    stream: Some(|limits| Box::new(Gps103Codec::new(limits))),
    datagram: Some(|| Box::new(Gps103Datagram::new())),
    http: None,
    commands: Some(&commands::Gps103Commands),
    simulator: Some(&simulate::Simulator),
    model: crate::spec::Model {
        title: "Coban GPS103",
        vendor: "Coban",
        kind: crate::spec::DeviceKind::Vehicle,
        id_type: crate::spec::IdType::Imei,
    },
});
