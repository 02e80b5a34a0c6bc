//! Startek (PT, VT and TK series) over TCP.
//!
//! # Supported
//!
//! Messages are `&&<index><length>,<IMEI>,<command>,…<checksum>` and CR
//! LF, cut by their length; the byte-sum checksum is verified
//! ([`framing`]). Every message names its device.
//!
//! - Reports (command `000`) → [`Message::Records`] with one record
//!   ([`decode`]), analog voltages named ([`io`]).
//! - Vehicle data (command `710`, `T1`… lines) → [`Message::Records`] with
//!   one location-less record ([`FixSource::None`]) dated on arrival, each
//!   line kept raw.
//! - Any other command code → [`Message::CommandResponse`]: the device's
//!   answer to that command (`OK`…).
//!
//! Devices expect no answer to any of them, and get none. No downlink is
//! documented publicly, so the gateway sends no commands.
//!
//! # Rejected, and why
//!
//! - A stream that does not start with `&&` and a decimal length, or a
//!   message whose CR LF is not where its length puts it
//!   ([`DecodeError::Malformed`]), and one over the size limit
//!   ([`DecodeError::Oversize`]): the stream's position is lost, the
//!   connection ends.
//! - A message whose checksum does not match ([`DecodeError::Checksum`])
//!   or whose fields do not read ([`DecodeError::Malformed`]): its
//!   boundaries are proven, so it is skipped, counted and logged, and the
//!   stream goes on.
//!
//! # Corpus
//!
//! The corpus replay and what each sample shows: `tests/corpus.rs`.
//!
//! # Layout
//!
//! - [`framing`]: cutting messages, the checksum.
//! - [`decode`]: reports, vehicle data, command answers.
//! - [`io`]: the raw fields' names and the named voltages.

pub mod decode;
pub mod framing;
pub mod io;

#[cfg(test)]
mod tests;

use bytes::{Bytes, BytesMut};

use crate::codec::{DecodeError, DeviceCodec, Limits};
use crate::datetime::{Clock, system_clock};
use crate::message::Message;
#[cfg(doc)]
use crate::record::FixSource;

use decode::Body;

/// Per-connection Startek stream codec.
#[derive(Debug)]
pub struct StartekCodec {
    limits: Limits,
    /// The clock that dates location-less records.
    clock: Clock,
}

impl StartekCodec {
    /// A codec for one new connection.
    pub fn new(limits: Limits) -> Self {
        Self::with_clock(limits, system_clock)
    }

    /// A codec reading the time (ms since the epoch, UTC) from `clock`.
    pub fn with_clock(limits: Limits, clock: Clock) -> Self {
        Self { limits, clock }
    }
}

impl DeviceCodec for StartekCodec {
    fn decode(&mut self, buf: &mut BytesMut) -> Result<Option<Message>, DecodeError> {
        match framing::cut(buf, self.limits.max_frame_len)? {
            Some(frame) => decode_message(&frame, (self.clock)())
                .map(Some)
                .map_err(|e| e.skip(&frame)),
            None => Ok(None),
        }
    }
}

/// Checks and decodes one whole message; `now_ms` dates location-less
/// records.
pub fn decode_message(frame: &Bytes, now_ms: i64) -> Result<Message, DecodeError> {
    let fields = framing::check(frame)?;
    let (device, body) = decode::message(fields, now_ms)?;
    let device = Some(device);
    Ok(match body {
        Body::Record(record) => Message::Records {
            device,
            records: vec![record],
            ack: None,
        },
        Body::Answer { command, text } => Message::CommandResponse {
            device,
            text: format!("{command},{text}"),
            answers: None,
            ack: None,
        },
    })
}

/// The protocol as the gateway, the API and the simulator see it.
pub const PROTOCOL: crate::spec::Protocol = crate::spec::Protocol(&crate::spec::ProtocolSpec {
    name: "startek",
    port: 5222,
    stream: Some(|limits| Box::new(StartekCodec::new(limits))),
    datagram: None,
    http: None,
    commands: None,
    simulator: None,
    model: crate::spec::Model {
        title: "Startek vehicle trackers",
        vendor: "Startek",
        kind: crate::spec::DeviceKind::Vehicle,
        id_type: crate::spec::IdType::Imei,
    },
});
