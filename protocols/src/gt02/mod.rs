//! Concox GT02 over TCP.
//!
//! # Supported
//!
//! Frames are `68 68 <length> <power> <GSM> <IMEI> <index> <type>
//! <content> 0D 0A`, `length + 5` bytes in all ([`framing`]); every frame
//! carries the IMEI, so there is no login and every message names its
//! device.
//!
//! - Location `10` → [`Message::Records`] with one GNSS record (time,
//!   position, speed, course, validity), not answered: the protocol
//!   acknowledges no location.
//! - Heartbeat `1A` → [`Message::Records`] with one location-less record
//!   ([`FixSource::None`]) dated on arrival, so the header's power and GSM
//!   levels ([`io`]) reach the live state; its content is not documented
//!   and is kept raw. Answered `54 68 1A 0D 0A` ([`encode::HEARTBEAT_REPLY`])
//!   once the record is stored.
//! - Command answer `1C` → [`Message::CommandResponse`] with the answer's
//!   text, not answered. It names no command: no downlink is documented,
//!   so the gateway sends none (the spec has no command encoder).
//!
//! Contents are read in [`decode`].
//!
//! # Rejected, and why
//!
//! Frames carry no checksum; their start and end markers are what proves
//! where one ends and the next begins.
//!
//! - A stream that does not start with `68 68`, or a frame that does not
//!   end with `0D 0A` where its length says, ends the connection
//!   ([`DecodeError::Malformed`]): the position in the stream is lost. So
//!   does a length over the frame limit ([`DecodeError::Oversize`]), refused
//!   from the header before the rest is buffered.
//! - A frame with both markers in place is whole, so one whose content does
//!   not decode is skipped ([`DecodeError::Skipped`]; the session counts and
//!   logs it and reads on): an IMEI that is not BCD, an impossible date,
//!   coordinate or course, a content shorter or longer than its layout
//!   ([`DecodeError::Malformed`]), or a type other than the three above
//!   ([`DecodeError::Unsupported`]).
//!
//! # Corpus
//!
//! The corpus replay and what each sample shows: `tests/corpus.rs`.
//!
//! # Layout
//!
//! - [`framing`]: cutting frames out of the stream, the header.
//! - [`decode`]: what each message type means.
//! - [`io`]: named values for the power and GSM levels.
//! - [`encode`]: the heartbeat answer, and frames for tests and simulators.

pub mod decode;
pub mod encode;
pub mod framing;
pub mod io;

#[cfg(test)]
mod tests;

use bytes::BytesMut;

use crate::codec::{DecodeError, DeviceCodec, Limits};
use crate::datetime::{Clock, system_clock};
use crate::message::Message;
#[cfg(doc)]
use crate::record::FixSource;

use decode::Body;

/// Per-connection GT02 stream codec.
#[derive(Debug)]
pub struct Gt02Codec {
    limits: Limits,
    /// The clock that dates heartbeat records.
    clock: Clock,
}

impl Gt02Codec {
    /// A codec for one new connection.
    pub fn new(limits: Limits) -> Self {
        Self::with_clock(limits, system_clock)
    }

    /// A codec reading the time (ms since the epoch, UTC) from `clock`.
    pub fn with_clock(limits: Limits, clock: Clock) -> Self {
        Self { limits, clock }
    }
}

impl DeviceCodec for Gt02Codec {
    fn decode(&mut self, buf: &mut BytesMut) -> Result<Option<Message>, DecodeError> {
        let Some(frame) = framing::cut(buf, self.limits.max_frame_len)? else {
            return Ok(None);
        };
        decode_frame(&frame, (self.clock)())
            .map(Some)
            .map_err(|e| e.skip(&frame))
    }
}

/// Decodes one whole, bounded frame; `now_ms` dates heartbeat records.
pub fn decode_frame(bytes: &bytes::Bytes, now_ms: i64) -> Result<Message, DecodeError> {
    let frame = framing::parse(bytes)?;
    let device = Some(frame.device.clone());
    Ok(match decode::frame(&frame, now_ms)? {
        Body::Record(record) => Message::Records {
            device,
            records: vec![record],
            ack: (frame.kind == decode::HEARTBEAT).then(encode::heartbeat_reply),
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
    name: "gt02",
    port: 5022,
    stream: Some(|limits| Box::new(Gt02Codec::new(limits))),
    datagram: None,
    http: None,
    commands: None,
    simulator: None,
    model: crate::spec::Model {
        title: "Concox GT02 family",
        vendor: "Concox",
        kind: crate::spec::DeviceKind::Vehicle,
        id_type: crate::spec::IdType::Imei,
    },
});
