//! H02 (Sinotrack and many other "*HQ" trackers) over TCP and UDP.
//!
//! # Supported
//!
//! - Text sentences `*XX,<id>,<type>,…#` ([`text`]): every location type
//!   (`V1`, `V2`, `V5`, `V6`, `V8`, `V19`, `VI1`, `VP1`)
//!   → [`Message::Records`] with one GNSS record ([`location`]); `NBR`, `V3`
//!   and `LINK` → one location-less record carrying the status word and the
//!   cell fields raw; `V0` / `HTBT` → [`Message::Heartbeat`] (or a battery
//!   record for `HTBT,<n>`); `SMS` → [`Message::CommandResponse`]; a `V4`
//!   command confirmation → a [`Message::CommandResponse`] naming the
//!   command's serial ([`commands`]). The position a confirmation carries
//!   is not kept: a frame gives one message, the answer is what the
//!   gateway waits for, and the device's regular reports carry positions.
//! - The fixed-length binary form `$…` / `X…` ([`binary`]) → one record.
//! - Replies ([`encode`]): heartbeats are echoed (`*HQ,<id>,V0#`); a `V1`
//!   sentence whose last field is `V1`, and every `NBR`, is confirmed with
//!   `*HQ,<id>,V4,<type>,<yyyyMMddHHmmss>#` in UTC. The optional
//!   `R12` acknowledgement is not sent ([`encode::r12_ack`] says why).
//! - Named values ([`io`]): ignition from the status word, battery level.
//! - UDP ([`H02Datagram`]): one sentence or binary frame per datagram, the
//!   same replies. A datagram must name its device.
//!
//! Every sentence carries its device id, so there is no login: the first
//! frame identifies the connection. A sentence with an empty id field is
//! attributed to the id seen earlier on the same connection.
//!
//! The server's clock is an input: the `V4` confirmation carries the
//! current UTC time, and the two kinds of frame that carry no time (an
//! `HTBT` battery level, a location without date) are stamped with it.
//!
//! # Rejected, and why
//!
//! H02 has no checksum, so nothing is verified beyond the fields themselves.
//! Unparseable dates, coordinates, courses or BCD digits are
//! [`DecodeError::Malformed`]; the frame is skipped whole
//! ([`DecodeError::Skipped`]) and the stream goes on.
//! A `$` frame followed by no frame start at 32 or 45 bytes cannot be cut
//! from a stream (the form has no length field), so it is `Malformed` too:
//! vendor variants of other lengths are therefore refused over TCP, and
//! decoded over UDP, where the datagram is the frame. Unknown sentence
//! types (`XT`, `BS`, `BASE`, `VP1` cell lists, an empty type) are not
//! errors: they become a [`Message::Heartbeat`] without reply, as are
//! location sentences whose coordinates are empty or whose hemisphere
//! letters are missing.
//!
//! # Corpus
//!
//! The corpus replay and what each sample shows: `tests/corpus.rs`.
//!
//! # Layout
//!
//! - [`framing`]: cutting text and binary frames from the stream.
//! - [`text`]: sentence types and replies; [`location`]: the position run.
//! - [`binary`]: the BCD binary form.
//! - [`io`]: the status word and battery level as named values.
//! - [`encode`]: replies and sentences for simulators.
//! - [`commands`]: commands to devices, and how confirmations name them.

pub mod binary;
pub mod commands;
pub mod encode;
pub mod framing;
pub mod io;
pub mod location;
pub mod simulate;
pub mod text;

#[cfg(test)]
mod tests;

use bytes::BytesMut;

use crate::codec::{DatagramCodec, DecodeError, DeviceCodec, Limits};
use crate::message::{DeviceId, Message};

pub use crate::datetime::{Clock, system_clock};
pub use commands::H02Commands;

/// Decodes one whole frame, text or binary.
pub fn decode_frame(frame: &[u8], now_ms: i64) -> Result<Message, DecodeError> {
    match frame.first() {
        Some(b'*') => text::decode(frame, now_ms),
        Some(b'$' | b'X') => {
            let decoded = binary::decode(frame)?;
            Ok(Message::Records {
                device: Some(decoded.device),
                records: vec![decoded.record],
                ack: None,
            })
        }
        _ => Err(DecodeError::malformed("not an H02 frame")),
    }
}

/// Per-connection H02 stream codec.
#[derive(Debug)]
pub struct H02Codec {
    limits: Limits,
    clock: Clock,
    framer: framing::Framer,
    /// The id the device last named, for sentences that leave it empty.
    device: Option<DeviceId>,
}

impl H02Codec {
    /// A codec for one new connection, on the system clock.
    pub fn new(limits: Limits) -> Self {
        Self::with_clock(limits, system_clock)
    }

    /// A codec reading the time from `clock`.
    pub fn with_clock(limits: Limits, clock: Clock) -> Self {
        Self {
            limits,
            clock,
            framer: framing::Framer::default(),
            device: None,
        }
    }
}

impl DeviceCodec for H02Codec {
    fn decode(&mut self, buf: &mut BytesMut) -> Result<Option<Message>, DecodeError> {
        let Some(frame) = self.framer.cut(buf, self.limits.max_frame_len)? else {
            return Ok(None);
        };
        let bytes = match &frame {
            framing::Frame::Text(b) | framing::Frame::Binary(b) => b,
        };
        // Delimited sentences and fixed-size binary frames: a bad one is
        // skipped whole.
        let mut message = decode_frame(bytes, (self.clock)()).map_err(|e| e.skip(bytes))?;
        match device_mut(&mut message) {
            Some(Some(device)) => self.device = Some(device.clone()),
            Some(named) => *named = self.device.clone(),
            None => {}
        }
        Ok(Some(message))
    }
}

/// The device a message names, for filling in or remembering (H02 has no
/// login message, so the `Login` arm is never taken).
fn device_mut(message: &mut Message) -> Option<&mut Option<DeviceId>> {
    match message {
        Message::Login { .. } => None,
        Message::Records { device, .. }
        | Message::Heartbeat { device, .. }
        | Message::CommandResponse { device, .. } => Some(device),
    }
}

/// The H02 datagram codec: each datagram is one sentence or binary frame.
#[derive(Debug, Clone, Copy)]
pub struct H02Datagram {
    clock: Clock,
}

impl H02Datagram {
    /// A datagram codec on the system clock.
    pub fn new() -> Self {
        Self::with_clock(system_clock)
    }

    /// A datagram codec reading the time from `clock`.
    pub fn with_clock(clock: Clock) -> Self {
        Self { clock }
    }
}

impl Default for H02Datagram {
    fn default() -> Self {
        Self::new()
    }
}

impl DatagramCodec for H02Datagram {
    fn decode_datagram(&self, datagram: &[u8]) -> Result<Vec<Message>, DecodeError> {
        let frame = match datagram.first() {
            // Devices end text with CR LF; the sentence ends at `#`.
            Some(b'*') => {
                let end = datagram.iter().position(|&b| b == b'#').ok_or_else(|| {
                    DecodeError::malformed("datagram sentence does not end with #")
                })?;
                &datagram[..=end]
            }
            _ => datagram,
        };
        let mut message = decode_frame(frame, (self.clock)())?;
        if !matches!(device_mut(&mut message), Some(Some(_))) {
            return Err(DecodeError::malformed("datagram names no device"));
        }
        Ok(vec![message])
    }
}

/// The protocol as the gateway, the API and the simulator see it.
pub const PROTOCOL: crate::spec::Protocol = crate::spec::Protocol(&crate::spec::ProtocolSpec {
    name: "h02",
    port: 5013,
    stream: Some(|limits| Box::new(H02Codec::new(limits))),
    datagram: Some(|| Box::new(H02Datagram::new())),
    http: None,
    commands: Some(&commands::H02Commands),
    simulator: Some(&simulate::Simulator),
    model: crate::spec::Model {
        title: "H02 (Sinotrack and others)",
        vendor: "H02",
        kind: crate::spec::DeviceKind::Vehicle,
        id_type: crate::spec::IdType::Imei,
    },
});
