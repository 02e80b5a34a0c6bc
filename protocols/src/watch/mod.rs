//! 3G watches (SeTracker and the many child and senior watches that
//! speak the `[3G*…]` protocol) over TCP.
//!
//! # Supported
//!
//! - Framing ([`framing`]): `[maker*id*[index*]length*content]`, binary
//!   content unstuffed (`7D 01..05` → `} [ ] , *`), cut at the bracket
//!   that balances the opening one.
//! - Message types ([`decode`]): positions (`UD…`, `WT`) and alarm
//!   positions (`AL…`) → [`Message::Records`] ([`location`]); heartbeats
//!   `LK` (with steps and battery a status record), `INIT`, `TKQ`, `TKQ2`
//!   → [`Message::Heartbeat`]; heart rate, blood oxygen, blood pressure
//!   and body temperature → location-less records; voice messages (`TK`)
//!   → a record keeping the AMR audio raw; any other type → a
//!   [`Message::CommandResponse`] with the content.
//! - Named values: battery level, GSM signal, steps, alarms from the
//!   status word, health readings (`heart_rate`, `blood_oxygen`,
//!   `blood_pressure_high` / `_low`, `body_temperature`); raw fields kept.
//! - Replies ([`encode`]): `LK` → `[MF*id*0002*LK]`, `INIT` →
//!   `[MF*id*0006*INIT,1]`, `AL…` → `[MF*id*0002*AL]`, `TKQ` / `TKQ2`
//!   echoed, where `MF` is the device's own maker code; the numbered
//!   (`ZJ`) variant echoes its index: `[ZJ*id*index*0002*LK]`. The length
//!   is 4 upper-case hex digits of the content length.
//!
//! - Commands ([`commands`]): text as the frame's content, `CR` for a
//!   position; the watch echoes the command name, in order.
//!
//! Every frame carries the device id, so there is no login: every message
//! names its device.
//!
//! # Rejected, and why
//!
//! - The length field is **not enforced**: devices declare lengths that
//!   differ from their content, some by a few bytes, some by kilobytes, so
//!   a frame is cut at its balancing bracket instead. A declared length
//!   over the frame limit still refuses the frame.
//! - A header that is not `maker*id*[index*]length*`, an unknown stuffing
//!   code, an unparseable position date, coordinate or status word is
//!   [`DecodeError::Malformed`].
//! - Voice messages sent in parts (`JXTK`) are not reassembled; each part
//!   is a heartbeat without reply.
//!
//! # Corpus
//!
//! The corpus replay and what each sample shows: `tests/corpus.rs`.
//!
//! # Layout
//!
//! - [`framing`]: cutting and unstuffing frames, the header.
//! - [`decode`]: message types, health and status readings.
//! - [`location`]: the position run and the status word's alarms.
//! - [`encode`]: replies and frames for simulators.

pub mod commands;
pub mod decode;
pub mod encode;
pub mod framing;
pub mod location;

#[cfg(test)]
mod tests;

pub use commands::WatchCommands;

use bytes::BytesMut;

use crate::codec::{DecodeError, DeviceCodec, Limits};
use crate::datetime::{Clock, system_clock};
use crate::message::Message;

/// Per-connection 3G watch stream codec.
#[derive(Debug)]
pub struct WatchCodec {
    limits: Limits,
    clock: Clock,
    framer: framing::Framer,
}

impl WatchCodec {
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
        }
    }
}

impl DeviceCodec for WatchCodec {
    fn decode(&mut self, buf: &mut BytesMut) -> Result<Option<Message>, DecodeError> {
        match self.framer.cut(buf, self.limits.max_frame_len)? {
            // Frames are bracketed: a bad one is skipped whole.
            Some(frame) => decode::decode(&frame, (self.clock)())
                .map(Some)
                .map_err(|e| e.skip(&frame)),
            None => Ok(None),
        }
    }
}

/// The protocol as the gateway, the API and the simulator see it.
pub const PROTOCOL: crate::spec::Protocol = crate::spec::Protocol(&crate::spec::ProtocolSpec {
    name: "watch",
    port: 5093,
    stream: Some(|limits| Box::new(WatchCodec::new(limits))),
    datagram: None,
    http: None,
    commands: Some(&commands::WatchCommands),
    simulator: None,
    model: crate::spec::Model {
        title: "3G watch (SeTracker)",
        vendor: "3G watch",
        kind: crate::spec::DeviceKind::Personal,
        id_type: crate::spec::IdType::Digits(10),
    },
});
