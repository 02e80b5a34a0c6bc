//! Fifotrack (A-series vehicle units, Q and S personal units) over TCP.
//!
//! # Supported
//!
//! Messages are `$$<len>,…*XX` ([`framing`]), cut by their length; the
//! XOR checksum is verified. Every message names its device (IMEI).
//!
//! - `A00` / `A01` reports → [`Message::Records`] with one record
//!   ([`decode`]), not answered (the devices expect no answer).
//! - `A03` reports (personal units; a GPS fix, or Wi-Fi access points
//!   giving a location-less record) → [`Message::Records`], answered
//!   `##<len>,<imei>,<index>,A03,<server time>*XX` CR LF
//!   ([`encode::a03`]) once stored.
//! - `B03` → [`Message::CommandResponse`] with the answer's text.
//!
//! No command encoder is written (the spec has none), so no command is
//! sent; a `B03` answer still reaches the session.
//!
//! # Rejected, and why
//!
//! Bytes before a `$$` are skipped and counted. A length that is not
//! digits, a message over the frame limit ([`DecodeError::Oversize`]) or
//! one whose `*` is not where its length ends closes the connection: the
//! stream's position is lost. A message in its place whose checksum does
//! not match ([`DecodeError::Checksum`]) or whose fields do not decode
//! ([`DecodeError::Malformed`]) is skipped, counted and logged, and the
//! stream goes on; so are photo transfers (`D05`, `D06`: trackgate stores
//! no photos, so none is asked for) and other message types
//! ([`DecodeError::Unsupported`]).
//!
//! # Corpus
//!
//! The corpus replay and what each sample shows: `tests/corpus.rs`.
//!
//! # Layout
//!
//! - [`framing`]: cutting messages by their length, the checksum.
//! - [`decode`]: what each message type means.
//! - [`encode`]: the answer to `A03`.

pub mod decode;
pub mod encode;
pub mod framing;

#[cfg(test)]
mod tests;

use bytes::BytesMut;

use crate::codec::{DecodeError, DeviceCodec, Limits};
use crate::datetime::{Clock, system_clock};
use crate::message::Message;

use decode::Body;

/// Per-connection Fifotrack stream codec.
#[derive(Debug)]
pub struct FifotrackCodec {
    limits: Limits,
    /// The clock the `A03` answer carries.
    clock: Clock,
}

impl FifotrackCodec {
    /// A codec for one new connection.
    pub fn new(limits: Limits) -> Self {
        Self::with_clock(limits, system_clock)
    }

    /// A codec reading the time (ms since the epoch, UTC) from `clock`.
    pub fn with_clock(limits: Limits, clock: Clock) -> Self {
        Self { limits, clock }
    }
}

impl DeviceCodec for FifotrackCodec {
    fn decode(&mut self, buf: &mut BytesMut) -> Result<Option<Message>, DecodeError> {
        let Some(message) = framing::cut(buf, self.limits.max_frame_len)? else {
            return Ok(None);
        };
        decode_message(&message, (self.clock)())
            .map(Some)
            .map_err(|e| e.skip(&message))
    }
}

/// Checks and decodes one whole message; `now_ms` is the time an `A03`
/// answer carries.
pub fn decode_message(message: &[u8], now_ms: i64) -> Result<Message, DecodeError> {
    let body = framing::check(message)?;
    let decoded = decode::message(body)?;
    let device = Some(decoded.device.clone());
    Ok(match decoded.body {
        Body::Report { record, kind } => Message::Records {
            device,
            records: vec![record],
            ack: (kind == "A03")
                .then(|| encode::a03(decoded.device.as_str(), &decoded.index, now_ms)),
        },
        Body::Answer(text) => Message::CommandResponse {
            device,
            text,
            answers: None,
            ack: None,
        },
    })
}

/// The protocol as the gateway, the API and the simulator see it.
pub const PROTOCOL: crate::spec::Protocol = crate::spec::Protocol(&crate::spec::ProtocolSpec {
    name: "fifotrack",
    port: 5124,
    stream: Some(|limits| Box::new(FifotrackCodec::new(limits))),
    datagram: None,
    http: None,
    commands: None,
    simulator: None,
    model: crate::spec::Model {
        title: "Fifotrack A / Q / S series",
        vendor: "Fifotrack",
        kind: crate::spec::DeviceKind::Vehicle,
        id_type: crate::spec::IdType::Imei,
    },
});
