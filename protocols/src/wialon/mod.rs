//! Wialon IPS 1.1 and 2.0, over TCP and UDP.
//!
//! Every packet is one text line, `#TYPE#body\r\n`. Over UDP (and, as some
//! devices do, over TCP too) the line is prefixed with the device id and,
//! for 2.0, the protocol version: `2.0;imei#TYPE#body`.
//!
//! # Supported
//!
//! - `#L#imei;password` (1.1) and `#L#2.0;imei;password;crc` (2.0) →
//!   [`Message::Login`], accepted with `#AL#1\r\n`, refused with `#AL#0\r\n`.
//!   The password is not checked (trackgate keeps none), so the spec's `01`
//!   (bad password) is never sent.
//! - `#SD#` short and `#D#` extended data → [`Message::Records`] with one
//!   record, acknowledged `#ASD#1\r\n` / `#AD#1\r\n`. The Wialon IPS document
//!   answers SD with ASD; Traccar answers `#AD#1` to both, which we do not
//!   copy.
//! - `#B#` black-box batches of SD/D bodies separated by `|` →
//!   [`Message::Records`], acknowledged `#AB#<count>\r\n`.
//! - `#P#` ping → [`Message::Heartbeat`] answered `#AP#\r\n`.
//! - `#M#` message from the driver → [`Message::CommandResponse`] carrying
//!   the text, answered `#AM#1\r\n`.
//! - Commands ([`commands`]): text only, as a `#M#` message to the driver;
//!   the protocol has no other downlink.
//!
//! Fields map onto [`Record`] directly; the inputs/outputs bitmasks, the ADC
//! list, the iButton code and every `name:type:value` parameter are kept raw
//! in [`Record::io`] under [`IoKey::Name`](crate::IoKey::Name) and, where the
//! meaning is known, as named values ([`io`]). Date and time `NA` mean "now"
//! per the spec, so such records get the time of decoding. A record without
//! coordinates has [`FixSource::None`](crate::FixSource::None).
//!
//! # Checksums (2.0)
//!
//! A 2.0 packet ends with a CRC-16/ARC of the body up to and including the
//! separator before it (`;`, or `|` in a black box), written in hex. A
//! present CRC is always verified, whatever the login said; after a 2.0
//! login (or with a `2.0;` prefix) it is required. The field count tells a
//! CRC from the last 1.1 field (SD has 10 fields, D 16).
//!
//! # Refused, and why
//!
//! A data packet that fails its CRC or cannot be parsed is answered with the
//! spec's error code (`#AD#16` CRC, `#AD#-1` structure, `#AD#0` time,
//! `#AD#10` coordinates, `#AD#11` speed/course/height, `#AD#12`
//! satellites/HDOP, `#AD#13` inputs/outputs, `#AD#14` ADC, `#AD#15`
//! parameters; for SD `#ASD#13` is the CRC error; a black box is refused as
//! a whole with `#AB#0`) as a [`Message::Heartbeat`], so the device resends
//! and the connection stays up: lines resynchronise. A login with a bad CRC
//! is a skipped [`DecodeError::Checksum`]: the spec's `#AL#10` could not
//! reach a device that is not identified, and a device that gets no answer
//! logs in again. Data before a login on TCP is skipped as
//! [`DecodeError::BeforeLogin`], and a line that does not parse as
//! [`DecodeError::Malformed`]. Photo, tachograph and other packet types are
//! [`DecodeError::Unsupported`] and end the connection: photos carry binary
//! payloads after the line that a line framer cannot skip.
//!
//! # Corpus
//!
//! The corpus replay and what each sample shows: `tests/corpus.rs`.
//!
//! # Layout
//!
//! - [`framing`]: lines, and the `[version;]imei` prefix.
//! - [`packet`]: packet types, CRC checks, dispatch to messages.
//! - [`decode`]: SD / D fields into a record.
//! - [`io`]: parameters, inputs, outputs, ADC → raw io and named values.
//! - [`encode`]: replies, and packets for tests and simulators.

pub mod commands;
pub mod decode;
pub mod encode;
pub mod framing;
pub mod io;
pub mod packet;
pub mod simulate;

#[cfg(test)]
mod tests;

pub use commands::WialonCommands;

use bytes::BytesMut;

use crate::codec::{DatagramCodec, DecodeError, DeviceCodec, Limits};
use crate::framing::delimited::Cut;
use crate::message::{DeviceId, Message};
#[cfg(doc)]
use crate::record::Record;

/// What a connection has learnt from its login.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Session {
    /// The device id from the login, once there was one.
    pub device: Option<DeviceId>,
    /// Whether the login was the 2.0 form, so every packet carries a CRC.
    pub version2: bool,
}

/// Per-connection Wialon IPS stream codec.
#[derive(Debug)]
pub struct WialonCodec {
    limits: Limits,
    session: Session,
}

impl WialonCodec {
    /// A codec for one new connection.
    pub fn new(limits: Limits) -> Self {
        Self {
            limits,
            session: Session::default(),
        }
    }

    /// What the connection has learnt so far.
    pub fn session(&self) -> &Session {
        &self.session
    }
}

impl DeviceCodec for WialonCodec {
    fn decode(&mut self, buf: &mut BytesMut) -> Result<Option<Message>, DecodeError> {
        match framing::lines(self.limits.max_frame_len).cut(buf)? {
            Cut::Incomplete => Ok(None),
            Cut::Frame(line) => packet::decode(&line, &mut self.session, now_ms())
                .map(Some)
                .map_err(|e| match e {
                    // Photo, tachograph and unknown packets may carry binary
                    // after their line, which no line framer can skip.
                    DecodeError::Unsupported(_) => e,
                    // Any other line ends at CR LF: a bad one is skipped whole.
                    e => e.skip(&line),
                }),
        }
    }
}

/// Wialon IPS over UDP: each datagram holds one or more `imei#TYPE#…`
/// lines.
#[derive(Debug, Default)]
pub struct WialonDatagram;

impl DatagramCodec for WialonDatagram {
    fn decode_datagram(&self, datagram: &[u8]) -> Result<Vec<Message>, DecodeError> {
        let mut messages = Vec::new();
        for line in datagram.split(|&b| b == b'\n') {
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            if line.is_empty() {
                continue;
            }
            // No connection state: each line names its device itself.
            let mut session = Session::default();
            let (prefix, _) = framing::split_prefix(line)?;
            if prefix.is_none() {
                return Err(DecodeError::malformed(
                    "a Wialon datagram must start with the device id",
                ));
            }
            messages.push(packet::decode(line, &mut session, now_ms())?);
        }
        if messages.is_empty() {
            return Err(DecodeError::malformed("empty datagram"));
        }
        Ok(messages)
    }
}

/// The current time: Wialon's `NA` date means "when the server got it".
fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// The protocol as the gateway, the API and the simulator see it.
pub const PROTOCOL: crate::spec::Protocol = crate::spec::Protocol(&crate::spec::ProtocolSpec {
    name: "wialon",
    port: 5039,
    stream: Some(|limits| Box::new(WialonCodec::new(limits))),
    datagram: Some(|| Box::new(WialonDatagram)),
    http: None,
    commands: Some(&commands::WialonCommands),
    simulator: Some(&simulate::Simulator),
    model: crate::spec::Model {
        title: "Wialon IPS device",
        vendor: "Wialon IPS",
        kind: crate::spec::DeviceKind::Vehicle,
        id_type: crate::spec::IdType::Imei,
    },
});
