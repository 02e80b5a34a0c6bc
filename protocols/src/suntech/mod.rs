//! Suntech (ST300, ST340, ST600, ST900/ST910, ST4300 and the rest of the
//! family, legacy and universal protocols) over TCP.
//!
//! # Supported
//!
//! - Text sentences ([`text`]) ending with `\r`:
//!   - legacy `<model><type>` reports ([`text::legacy`]): `STT`, `EVT`,
//!     `ALT`, `EMG`, `UEX`, `HTE`, the ST410/ST419 cell-list status, and
//!     `ST910;<kind>;…` → one record each; `ALV` → [`Message::Heartbeat`];
//!     `CMD;Res` → [`Message::CommandResponse`];
//!   - universal reports laid out by their report map
//!     ([`text::universal`]): `STT`, `ALT`, `EMG`, `EVT`, `UEX`, and `BLE`
//!     → one record; `ALV` and `BSA` → [`Message::Heartbeat`]; `RES` →
//!     [`Message::CommandResponse`];
//!   - `UEX` pass-through data ([`text::uex`]): driver logins, LLS fuel
//!     sensors, `CabAVL` values, anything else raw;
//!   - `-Error` (a refused command) → [`Message::CommandResponse`],
//!     attributed to the device seen earlier on the connection.
//! - Binary zip reports ([`binary`]): the ST300 family's status, alert,
//!   emergency and event reports (`02 … 03`) and the universal status and
//!   alert reports (`81`, `82`).
//!
//! Every report names its device (the 9- or 10-digit device id); there is
//! no login.
//!
//! # Replies
//!
//! Suntech devices expect no acknowledgement: every message carries
//! `ack: None`/`reply: None`. [`encode`] writes reports for simulators.
//! Commands are sent by [`commands`]; their answers (`CMD;Res`, `RES`,
//! `-Error`) name no serial and are matched in order.
//!
//! # Options
//!
//! Fields a device appends depend on its settings, which the reports do
//! not describe. Where their shape tells them apart they are found
//! without options (the `H_METER;BCK_VOLT;MSG_TYPE` block, iButton ids,
//! 1-Wire temperatures, the ST910's two layouts); two cannot be told
//! apart and are off by default, [`SuntechOptions`]:
//!
//! - `include_adc`: the field after the hour-meter block is ADC 1.
//! - `include_rpm`: the next field is the engine speed.
//!
//! With them off, the same fields are still kept raw (`extra_n`).
//!
//! # Checksums
//!
//! Only `UEX` data carries one, and it is not verified (see [`text::uex`]).
//!
//! # Rejected, and why
//!
//! - A zip report whose last byte is not ETX, BCD digits above 9, dates or
//!   coordinates out of range, a device id that is not digits, and
//!   sentences whose header is no Suntech one: malformed.
//! - Report types without a known layout (`CRR` crash reports, other zip
//!   headers): [`DecodeError::Unsupported`]. A crash report's raw
//!   accelerometer dump may hold `\r` bytes, so it cannot be cut from a
//!   stream by its terminator either.
//!
//! # Corpus
//!
//! The corpus replay and what each sample shows: `tests/corpus.rs`.
//!
//! # Layout
//!
//! - [`framing`]: cutting text and zip frames from the stream.
//! - [`text`], [`binary`]: decoding; [`io`]: named values;
//!   [`encode`]: sentences for simulators.

pub mod binary;
pub mod commands;
pub mod encode;
pub mod framing;
pub mod io;
pub mod text;

#[cfg(test)]
mod tests;

use bytes::BytesMut;

use crate::codec::{DecodeError, DeviceCodec, Limits};
use crate::message::{DeviceId, Message};

pub use commands::SuntechCommands;
use framing::Frame;

/// Device settings the reports do not describe (see the module doc).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SuntechOptions {
    /// Legacy reports carry ADC 1 after the hour-meter block.
    pub include_adc: bool,
    /// Legacy reports carry the engine speed next.
    pub include_rpm: bool,
}

/// Decodes one frame as [`framing`] cut it; `now_ms` times reports
/// without a date.
pub fn decode_frame(
    frame: &Frame,
    options: &SuntechOptions,
    now_ms: i64,
) -> Result<Message, DecodeError> {
    match frame {
        Frame::Text(bytes) => text::decode(bytes, options, now_ms),
        Frame::Zip(bytes) => binary::decode_zip(bytes),
        Frame::Universal(bytes) => binary::decode_universal(bytes),
    }
}

/// Per-connection Suntech stream codec.
#[derive(Debug)]
pub struct SuntechCodec {
    limits: Limits,
    pub(crate) options: SuntechOptions,
    /// The device the connection last named, for answers that name none.
    device: Option<DeviceId>,
}

impl SuntechCodec {
    /// A codec for one new connection, with default options.
    pub fn new(limits: Limits) -> Self {
        Self::with_options(limits, SuntechOptions::default())
    }

    /// A codec for devices whose settings need `options`.
    pub fn with_options(limits: Limits, options: SuntechOptions) -> Self {
        Self {
            limits,
            options,
            device: None,
        }
    }
}

impl DeviceCodec for SuntechCodec {
    fn decode(&mut self, buf: &mut BytesMut) -> Result<Option<Message>, DecodeError> {
        let Some(frame) = framing::cut(buf, self.limits.max_frame_len)? else {
            return Ok(None);
        };
        // Sentences end at CR: a bad one is skipped whole.
        let mut message =
            decode_frame(&frame, &self.options, now_ms()).map_err(|e| e.skip(frame.bytes()))?;
        match &mut message {
            Message::Login { .. } => {}
            Message::Records { device, .. }
            | Message::Heartbeat { device, .. }
            | Message::CommandResponse { device, .. } => match device {
                Some(named) => self.device = Some(named.clone()),
                None => device.clone_from(&self.device),
            },
        }
        Ok(Some(message))
    }
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

/// The protocol as the gateway, the API and the simulator see it.
pub const PROTOCOL: crate::spec::Protocol = crate::spec::Protocol(&crate::spec::ProtocolSpec {
    name: "suntech",
    port: 5011,
    stream: Some(|limits| Box::new(SuntechCodec::new(limits))),
    datagram: None,
    http: None,
    commands: Some(&commands::SuntechCommands),
    simulator: None,
    model: crate::spec::Model {
        title: "Suntech ST300/ST600/ST900",
        vendor: "Suntech",
        kind: crate::spec::DeviceKind::Vehicle,
        id_type: crate::spec::IdType::Custom,
    },
});
