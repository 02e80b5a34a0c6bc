//! Ulbotech (T300, T361 and kin) over TCP.
//!
//! # Supported
//!
//! Binary `F8 … F8` frames (stuffed) and text `*TS01,…#` frames on one
//! connection ([`framing`]); every frame names its device by IMEI.
//!
//! - Binary data frame (type `01`), CRC-16/XMODEM verified →
//!   [`Message::Records`] with one record ([`decode::binary`]): the GNSS
//!   block's fix, or a location-less record ([`FixSource::None`]) when
//!   the frame has none; every data block kept raw. Answered once stored
//!   with [`encode::binary_ack`].
//! - Text frame with a time → [`Message::Records`] with one location-less
//!   record, its `KEY:value` fields kept raw; with only the IMEI →
//!   [`Message::Heartbeat`]. Both answered with
//!   `*TS01,ACK:<CRC-16/XMODEM>#` ([`encode::text_ack`]).
//!
//! No downlink is implemented (the spec has no command encoder).
//!
//! # Rejected, and why
//!
//! Flags and `*`…`#` bound every frame, so only an oversize frame ends the
//! connection ([`DecodeError::Oversize`]). Bytes before a frame's start,
//! bad stuffing, a CRC that does not hold ([`DecodeError::Checksum`]), a
//! block running past the frame or a bad field
//! ([`DecodeError::Malformed`]), or a frame type other than data
//! ([`DecodeError::Unsupported`]) skip that one frame; the stream goes on.
//!
//! # Corpus
//!
//! The corpus replay and what each sample shows: `tests/corpus.rs`.
//!
//! # Layout
//!
//! - [`framing`]: cutting binary and text frames, the stuffing.
//! - [`decode`]: what each frame means.
//! - [`encode`]: the answers.

pub mod decode;
pub mod encode;
pub mod framing;

#[cfg(test)]
mod tests;

use bytes::BytesMut;

use crate::codec::{DecodeError, DeviceCodec, Limits};
use crate::datetime::{Clock, system_clock};
use crate::message::Message;
#[cfg(doc)]
use crate::record::FixSource;

use framing::Frame;

/// Per-connection Ulbotech stream codec.
#[derive(Debug)]
pub struct UlbotechCodec {
    limits: Limits,
    /// The clock that dates records whose device time is far ahead.
    clock: Clock,
}

impl UlbotechCodec {
    /// A codec for one new connection.
    pub fn new(limits: Limits) -> Self {
        Self::with_clock(limits, system_clock)
    }

    /// A codec reading the time (ms since the epoch, UTC) from `clock`.
    pub fn with_clock(limits: Limits, clock: Clock) -> Self {
        Self { limits, clock }
    }
}

impl DeviceCodec for UlbotechCodec {
    fn decode(&mut self, buf: &mut BytesMut) -> Result<Option<Message>, DecodeError> {
        let Some(frame) = framing::cut(buf, self.limits.max_frame_len)? else {
            return Ok(None);
        };
        let now_ms = (self.clock)();
        match frame {
            Frame::Binary(content) => decode_binary(&content, now_ms)
                .map(Some)
                .map_err(|e| e.skip(&framing::wire(&content))),
            Frame::Text(text) => decode_text(&text).map(Some).map_err(|e| e.skip(&text)),
        }
    }
}

/// Decodes a binary frame's content (unstuffed, flags removed); `now_ms`
/// dates a location-less record whose time is far ahead.
pub fn decode_binary(content: &[u8], now_ms: i64) -> Result<Message, DecodeError> {
    let (device, record) = decode::binary(content, now_ms)?;
    Ok(Message::Records {
        device: Some(device),
        records: vec![record],
        ack: Some(encode::binary_ack(content[0])),
    })
}

/// Decodes a text frame, `*` and `#` included.
pub fn decode_text(frame: &[u8]) -> Result<Message, DecodeError> {
    let body = frame
        .strip_prefix(b"*")
        .and_then(|rest| rest.strip_suffix(b"#"))
        .ok_or_else(|| DecodeError::malformed("a text frame is *…#"))?;
    let text =
        std::str::from_utf8(body).map_err(|_| DecodeError::malformed("a text frame is ASCII"))?;
    let (device, kind) = decode::text(text)?;
    let ack = Some(encode::text_ack(body));
    Ok(match kind {
        decode::Text::KeepAlive => Message::Heartbeat {
            device: Some(device),
            reply: ack,
        },
        decode::Text::Report(record) => Message::Records {
            device: Some(device),
            records: vec![record],
            ack,
        },
    })
}

/// The protocol as the gateway, the API and the simulator see it.
pub const PROTOCOL: crate::spec::Protocol = crate::spec::Protocol(&crate::spec::ProtocolSpec {
    name: "ulbotech",
    port: 5072,
    stream: Some(|limits| Box::new(UlbotechCodec::new(limits))),
    datagram: None,
    http: None,
    commands: None,
    simulator: None,
    model: crate::spec::Model {
        title: "Ulbotech T300 / T361 family",
        vendor: "Ulbotech",
        kind: crate::spec::DeviceKind::Vehicle,
        id_type: crate::spec::IdType::Imei,
    },
});
