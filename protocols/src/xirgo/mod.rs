//! Xirgo (XT series) over TCP and UDP.
//!
//! # Supported
//!
//! Messages are `$$<device id>,<event>,<fields…>##` ([`framing`]); they
//! carry no checksum. Every message names its device.
//!
//! - Reports in the new, old and configured forms → [`Message::Records`]
//!   with one record ([`decode`]), voltages and engine speed named
//!   ([`io`]).
//! - Messages without a date (firmware details) → [`Message::Records`]
//!   with one location-less record ([`FixSource::None`]) dated on
//!   arrival, the fields kept raw.
//!
//! Over TCP nothing is answered (the devices expect nothing there).
//!
//! # UDP
//!
//! A datagram holds one message (its `##` optional) and is answered,
//! once its record is stored, `!UDP_ACK,<event>,<its last field>`
//! ([`encode::udp_ack`]) to the address it came from.
//!
//! No downlink is documented publicly, so the gateway sends no commands.
//!
//! # Rejected, and why
//!
//! The `##` bounds each message, so nothing but an oversize message
//! ([`DecodeError::Oversize`]) ends the connection: a message that does
//! not start with `$$` or whose fields do not read
//! ([`DecodeError::Malformed`]) is skipped, counted and logged, and the
//! stream goes on. Such a datagram is refused and not answered.
//!
//! # Corpus
//!
//! The corpus replay and what each sample shows: `tests/corpus.rs`.
//!
//! # Layout
//!
//! - [`framing`]: cutting messages, their fields.
//! - [`decode`]: the forms of a report.
//! - [`io`]: named values.
//! - [`encode`]: the datagram answer.

pub mod decode;
pub mod encode;
pub mod framing;
pub mod io;

#[cfg(test)]
mod tests;

use bytes::BytesMut;

use crate::codec::{DatagramCodec, DecodeError, DeviceCodec, Limits};
use crate::datetime::{Clock, system_clock};
use crate::message::Message;
#[cfg(doc)]
use crate::record::FixSource;

/// Per-connection Xirgo stream codec.
#[derive(Debug)]
pub struct XirgoCodec {
    limits: Limits,
    /// The clock that dates location-less records.
    clock: Clock,
}

impl XirgoCodec {
    /// A codec for one new connection.
    pub fn new(limits: Limits) -> Self {
        Self::with_clock(limits, system_clock)
    }

    /// A codec reading the time (ms since the epoch, UTC) from `clock`.
    pub fn with_clock(limits: Limits, clock: Clock) -> Self {
        Self { limits, clock }
    }
}

impl DeviceCodec for XirgoCodec {
    fn decode(&mut self, buf: &mut BytesMut) -> Result<Option<Message>, DecodeError> {
        loop {
            let Some(message) = framing::cut(buf, self.limits.max_frame_len)? else {
                return Ok(None);
            };
            // Line ends between one `##` and the next are not a message.
            if message.iter().all(|b| matches!(b, b'\r' | b'\n')) {
                continue;
            }
            return decode_message(&message, (self.clock)(), false)
                .map(Some)
                .map_err(|e| e.skip(&message));
        }
    }
}

/// Xirgo datagram codec: one message a datagram, answered.
#[derive(Debug)]
pub struct XirgoDatagram {
    /// The clock that dates location-less records.
    clock: Clock,
}

impl XirgoDatagram {
    /// A datagram codec on the system clock.
    pub fn new() -> Self {
        Self::with_clock(system_clock)
    }

    /// A datagram codec reading the time from `clock`.
    pub fn with_clock(clock: Clock) -> Self {
        Self { clock }
    }
}

impl Default for XirgoDatagram {
    fn default() -> Self {
        Self::new()
    }
}

impl DatagramCodec for XirgoDatagram {
    fn decode_datagram(&self, datagram: &[u8]) -> Result<Vec<Message>, DecodeError> {
        Ok(vec![decode_message(datagram, (self.clock)(), true)?])
    }
}

/// Decodes one message (with or without its `##`); `now_ms` dates
/// location-less records, `answered` adds the datagram answer.
pub fn decode_message(message: &[u8], now_ms: i64, answered: bool) -> Result<Message, DecodeError> {
    let fields = framing::fields(message)?;
    let (device, record) = decode::message(&fields, now_ms)?;
    Ok(Message::Records {
        device: Some(device),
        records: vec![record],
        ack: answered.then(|| encode::udp_ack(&fields)),
    })
}

/// The protocol as the gateway, the API and the simulator see it.
pub const PROTOCOL: crate::spec::Protocol = crate::spec::Protocol(&crate::spec::ProtocolSpec {
    name: "xirgo",
    port: 5081,
    stream: Some(|limits| Box::new(XirgoCodec::new(limits))),
    datagram: Some(|| Box::new(XirgoDatagram::new())),
    http: None,
    commands: None,
    simulator: None,
    model: crate::spec::Model {
        title: "Xirgo XT series",
        vendor: "Xirgo",
        kind: crate::spec::DeviceKind::Vehicle,
        id_type: crate::spec::IdType::Custom,
    },
});
