//! TK103 (and the many Chinese trackers that copied its `(…)` sentences)
//! over TCP and UDP.
//!
//! # Supported
//!
//! - Classic sentences `(<id><command><payload>)` ([`classic`]): `BP00`
//!   handshake, `BP05` login, `BR00`/`BR01` positions, `BO01` alarms,
//!   `BP02`, `BQ81`, `BV00` VIN, `BZ00` cells, `BS50`/`BS51` battery data
//!   and any other command: a position block ([`location`]) becomes a GNSS
//!   record, a payload without one a location-less record keeping it raw.
//! - Comma sentences `(<id>,<type>,…)` ([`comma`]): `BP05`, `ZCxx`, `DWxx`
//!   positions, `ZC20` battery reports, `DW5x` cell and Wi-Fi reports,
//!   `ZC03` text answers (→ [`Message::CommandResponse`]).
//! - Replies ([`encode`]): `(<id>AP01HSO)` to `BP00`, `(<id>AP05)` to `BP05`.
//! - Named values ([`io`]): ignition and external power from the status
//!   characters, odometer, alarms, VIN.
//! - Commands ([`commands`]): `(<id><text>)`, `AV01` for the engine
//!   circuit, `AP00` for a position; answers come in order.
//! - UDP ([`Tk103Datagram`]): one sentence per datagram, the same replies.
//!
//! Every sentence carries its device id, so there is no login state: each
//! message names its device.
//!
//! The server's clock is an input: sentences that carry no time (`BZ00`,
//! `BV00`, `BS50`, …) and positions whose date is not a calendar date are
//! stamped with it (the latter marked invalid).
//!
//! # Rejected, and why
//!
//! TK103 has no checksum. Unparseable coordinates, speeds, courses, times
//! or status characters in a position are [`DecodeError::Malformed`] and end
//! the connection; a frame without an id is `Malformed` too. Bytes outside
//! `(`…`)` are skipped. `BQ86` OBD blocks are consumed without a record
//! (their layout is undocumented). `BS50` battery temperatures (a vendor
//! battery-management block) are kept raw only, not named.
//!
//! # Corpus
//!
//! The corpus replay and what each sample shows: `tests/corpus.rs`.
//!
//! # Layout
//!
//! - [`framing`]: cutting `(…)` frames (with `$…$` text inside) from the stream.
//! - [`classic`], [`comma`]: the two sentence shapes; [`location`]: the
//!   classic position block.
//! - [`io`]: named values; [`encode`]: replies and sentences for simulators.

pub mod classic;
pub mod comma;
pub mod commands;
pub mod encode;
pub mod framing;
pub mod io;
pub mod location;
pub mod simulate;

#[cfg(test)]
mod tests;

pub use commands::Tk103Commands;

use bytes::BytesMut;

use crate::codec::{DatagramCodec, DecodeError, DeviceCodec, Limits};
use crate::datetime::{Clock, system_clock};
use crate::message::Message;

/// Decodes one whole `(…)` frame.
pub fn decode_frame(frame: &[u8], now_ms: i64) -> Result<Message, DecodeError> {
    let text: String = frame.iter().map(|&b| char::from(b)).collect();
    let content = text
        .strip_prefix('(')
        .and_then(|t| t.strip_suffix(')'))
        .ok_or_else(|| DecodeError::malformed("frame is not (…)"))?;
    if let Some((id, command, payload)) = classic::split(content) {
        check_id(id)?;
        return classic::decode(id, command, payload, now_ms);
    }
    let fields: Vec<&str> = content.split(',').collect();
    if fields.len() < 2 {
        return Err(DecodeError::malformed("sentence has no command"));
    }
    check_id(fields[0])?;
    comma::decode(&fields, now_ms)
}

fn check_id(id: &str) -> Result<(), DecodeError> {
    if id.is_empty() || id.len() > 20 || !id.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(DecodeError::malformed("device id is not alphanumeric"));
    }
    Ok(())
}

/// Per-connection TK103 stream codec.
#[derive(Debug)]
pub struct Tk103Codec {
    limits: Limits,
    clock: Clock,
}

impl Tk103Codec {
    /// A codec for one new connection, on the system clock.
    pub fn new(limits: Limits) -> Self {
        Self::with_clock(limits, system_clock)
    }

    /// A codec reading the time from `clock`.
    pub fn with_clock(limits: Limits, clock: Clock) -> Self {
        Self { limits, clock }
    }
}

impl DeviceCodec for Tk103Codec {
    fn decode(&mut self, buf: &mut BytesMut) -> Result<Option<Message>, DecodeError> {
        match framing::cut(buf, self.limits.max_frame_len)? {
            // Sentences end at `)`: a bad one is skipped whole.
            Some(frame) => decode_frame(&frame, (self.clock)())
                .map(Some)
                .map_err(|e| e.skip(&frame)),
            None => Ok(None),
        }
    }
}

/// The TK103 datagram codec: each datagram is one sentence (surrounding
/// whitespace allowed).
#[derive(Debug, Clone, Copy)]
pub struct Tk103Datagram {
    clock: Clock,
}

impl Tk103Datagram {
    /// A datagram codec on the system clock.
    pub fn new() -> Self {
        Self::with_clock(system_clock)
    }

    /// A datagram codec reading the time from `clock`.
    pub fn with_clock(clock: Clock) -> Self {
        Self { clock }
    }
}

impl Default for Tk103Datagram {
    fn default() -> Self {
        Self::new()
    }
}

impl DatagramCodec for Tk103Datagram {
    fn decode_datagram(&self, datagram: &[u8]) -> Result<Vec<Message>, DecodeError> {
        decode_frame(datagram.trim_ascii(), (self.clock)()).map(|m| vec![m])
    }
}

/// The protocol as the gateway, the API and the simulator see it.
pub const PROTOCOL: crate::spec::Protocol = crate::spec::Protocol(&crate::spec::ProtocolSpec {
    name: "tk103",
    port: 5002,
    stream: Some(|limits| Box::new(Tk103Codec::new(limits))),
    datagram: Some(|| Box::new(Tk103Datagram::new())),
    http: None,
    commands: Some(&commands::Tk103Commands),
    simulator: Some(&simulate::Simulator),
    model: crate::spec::Model {
        title: "TK103",
        vendor: "TK103",
        kind: crate::spec::DeviceKind::Vehicle,
        id_type: crate::spec::IdType::Digits(12),
    },
});
