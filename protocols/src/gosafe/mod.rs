//! GoSafe trackers over TCP and UDP.
//!
//! # Supported
//!
//! Text messages are `*GS<version>,<IMEI>,…#` ([`framing`]); they carry
//! no checksum. Every message names its device.
//!
//! - `*GS<version>,<IMEI>` alone, or followed by one word (`RST`) →
//!   [`Message::Heartbeat`].
//! - Reports (one or more records separated by `$`, in the current form
//!   or the `02` form) → [`Message::Records`] with a record each
//!   ([`decode`]): the fix, the event, board voltage and temperatures
//!   named ([`io`]), every section kept raw.
//!
//! Each is answered `1234` ([`encode::ACK`]), once its records are stored.
//!
//! # Rejected, and why
//!
//! - Binary reports (`F8 … F8`): cut, unstuffed and their CRC-16/XMODEM
//!   verified, then skipped ([`DecodeError::Unsupported`]): their layout
//!   is not public, and the one corpus sample does not settle it. They
//!   are not answered, so the device keeps them.
//! - A text message that does not read ([`DecodeError::Malformed`]) or a
//!   binary report whose CRC or stuffing fails is skipped, counted and
//!   logged; the `#` or the flags bound it, so the stream goes on.
//! - A stream that opens neither `*` nor `F8`, or an oversize message
//!   ([`DecodeError::Oversize`]), ends the connection.
//!
//! # UDP
//!
//! A datagram holds one message (its `#` optional), decoded and answered
//! the same way; one that does not read is refused and not answered.
//!
//! No downlink is documented publicly, so the gateway sends no commands.
//!
//! # Corpus
//!
//! The corpus replay and what each sample shows: `tests/corpus.rs`.
//!
//! # Layout
//!
//! - [`framing`]: cutting text and binary messages, the binary CRC.
//! - [`decode`]: text reports and keep-alives.
//! - [`io`]: named values.
//! - [`encode`]: the answer.

pub mod decode;
pub mod encode;
pub mod framing;
pub mod io;

#[cfg(test)]
mod tests;

use bytes::{Bytes, BytesMut};

use crate::codec::{DatagramCodec, DecodeError, DeviceCodec, Limits};
use crate::datetime::{Clock, system_clock};
use crate::message::Message;

use framing::Frame;

/// Per-connection GoSafe stream codec.
#[derive(Debug)]
pub struct GoSafeCodec {
    limits: Limits,
    /// The clock that dates records without a time.
    clock: Clock,
}

impl GoSafeCodec {
    /// A codec for one new connection.
    pub fn new(limits: Limits) -> Self {
        Self::with_clock(limits, system_clock)
    }

    /// A codec reading the time (ms since the epoch, UTC) from `clock`.
    pub fn with_clock(limits: Limits, clock: Clock) -> Self {
        Self { limits, clock }
    }
}

impl DeviceCodec for GoSafeCodec {
    fn decode(&mut self, buf: &mut BytesMut) -> Result<Option<Message>, DecodeError> {
        let Some(frame) = framing::cut(buf, self.limits.max_frame_len)? else {
            return Ok(None);
        };
        let bytes = match &frame {
            Frame::Text(bytes) | Frame::Binary(bytes) => bytes.clone(),
        };
        decode_frame(&frame, (self.clock)())
            .map(Some)
            .map_err(|e| e.skip(&bytes))
    }
}

/// GoSafe datagram codec: one message a datagram, answered.
#[derive(Debug)]
pub struct GoSafeDatagram {
    /// The clock that dates records without a time.
    clock: Clock,
}

impl GoSafeDatagram {
    /// A datagram codec on the system clock.
    pub fn new() -> Self {
        Self::with_clock(system_clock)
    }

    /// A datagram codec reading the time from `clock`.
    pub fn with_clock(clock: Clock) -> Self {
        Self { clock }
    }
}

impl Default for GoSafeDatagram {
    fn default() -> Self {
        Self::new()
    }
}

impl DatagramCodec for GoSafeDatagram {
    fn decode_datagram(&self, datagram: &[u8]) -> Result<Vec<Message>, DecodeError> {
        let frame = match datagram.first() {
            Some(&framing::FLAG) => {
                let end = datagram.len().saturating_sub(1).max(1);
                if datagram.len() < 2 || datagram[end] != framing::FLAG {
                    return Err(DecodeError::malformed("a binary report ends with F8"));
                }
                Frame::Binary(framing::escaping(usize::MAX).unescape(&datagram[1..end])?)
            }
            _ => Frame::Text(Bytes::copy_from_slice(datagram)),
        };
        Ok(vec![decode_frame(&frame, (self.clock)())?])
    }
}

/// Decodes one message cut by [`framing`]; `now_ms` dates records
/// without a time.
pub fn decode_frame(frame: &Frame, now_ms: i64) -> Result<Message, DecodeError> {
    let ack = Some(Bytes::from_static(encode::ACK));
    match frame {
        Frame::Binary(content) => {
            framing::check(content)?;
            Err(DecodeError::Unsupported(
                "binary reports are not decoded".into(),
            ))
        }
        Frame::Text(text) => Ok(match decode::text(text, now_ms)? {
            decode::Text::KeepAlive(device) => Message::Heartbeat {
                device: Some(device),
                reply: ack,
            },
            decode::Text::Records(device, records) => Message::Records {
                device: Some(device),
                records,
                ack,
            },
        }),
    }
}

/// The protocol as the gateway, the API and the simulator see it.
pub const PROTOCOL: crate::spec::Protocol = crate::spec::Protocol(&crate::spec::ProtocolSpec {
    name: "gosafe",
    port: 5078,
    stream: Some(|limits| Box::new(GoSafeCodec::new(limits))),
    datagram: Some(|| Box::new(GoSafeDatagram::new())),
    http: None,
    commands: None,
    simulator: None,
    model: crate::spec::Model {
        title: "GoSafe G-series",
        vendor: "GoSafe",
        kind: crate::spec::DeviceKind::Vehicle,
        id_type: crate::spec::IdType::Imei,
    },
});
