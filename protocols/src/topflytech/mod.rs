//! Topflytech (T8803 and other early Topflytech trackers, text form) over
//! TCP.
//!
//! # Supported
//!
//! - Framing: `(` … `)`, the closing `)` stripped; bytes before a `(` are
//!   skipped, so the stream resynchronises at the next report.
//! - Reports with a fix block ([`decode`]) → [`Message::Records`] with one
//!   GNSS record; the status fields between the IMEI and the fix are kept
//!   raw (`status`). A report without a fix block → [`Message::Heartbeat`]
//!   naming the device.
//! - Replies: none; Topflytech devices expect no answer ([`encode`]
//!   writes reports for simulators).
//!
//! Every report starts with the IMEI, so there is no login and every
//! message names its device.
//!
//! # Rejected, and why
//!
//! The form has no checksum. A report not starting with `(` and IMEI
//! digits, or whose fix block has an impossible date, coordinate, speed or
//! course, is [`DecodeError::Malformed`].
//!
//! # Corpus
//!
//! The corpus replay and what each sample shows: `tests/corpus.rs`.

pub mod decode;
pub mod encode;

#[cfg(test)]
mod tests;

use bytes::BytesMut;

use crate::codec::{DecodeError, DeviceCodec, Limits};
use crate::framing::delimited::{Cut, Delimited};
use crate::message::Message;

/// Per-connection Topflytech stream codec.
#[derive(Debug)]
pub struct TopflytechCodec {
    limits: Limits,
}

impl TopflytechCodec {
    /// A codec for one new connection.
    pub fn new(limits: Limits) -> Self {
        Self { limits }
    }
}

impl DeviceCodec for TopflytechCodec {
    fn decode(&mut self, buf: &mut BytesMut) -> Result<Option<Message>, DecodeError> {
        let framer = Delimited {
            start: b"(",
            end: b")",
            keep_end: false,
            max_len: self.limits.max_frame_len,
        };
        match framer.cut(buf)? {
            // Reports are parenthesised: a bad one is skipped whole.
            Cut::Frame(frame) => decode::decode(&frame).map(Some).map_err(|e| e.skip(&frame)),
            Cut::Incomplete => Ok(None),
        }
    }
}

/// The protocol as the gateway, the API and the simulator see it.
pub const PROTOCOL: crate::spec::Protocol = crate::spec::Protocol(&crate::spec::ProtocolSpec {
    name: "topflytech",
    port: 5047,
    stream: Some(|limits| Box::new(TopflytechCodec::new(limits))),
    datagram: None,
    http: None,
    commands: None,
    simulator: None,
    model: crate::spec::Model {
        title: "Topflytech",
        vendor: "Topflytech",
        kind: crate::spec::DeviceKind::Vehicle,
        id_type: crate::spec::IdType::Imei,
    },
});
