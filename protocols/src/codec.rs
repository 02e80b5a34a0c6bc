//! The contract every protocol's codecs implement. It names no protocol:
//! the protocols are in [`crate::catalogue`], each described by a
//! [`ProtocolSpec`](crate::spec::ProtocolSpec).

use bytes::BytesMut;

use crate::message::Message;

/// Bounds a codec enforces before it buffers anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The longest frame accepted, in bytes. A longer one is refused from its
    /// header alone, before its payload is buffered.
    pub max_frame_len: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_frame_len: 64 * 1024,
        }
    }
}

/// Why a frame could not be decoded.
#[derive(Debug, thiserror::Error)]
pub enum DecodeError {
    /// The frame's declared length is over the configured limit.
    #[error("frame of {len} bytes exceeds the {max}-byte limit")]
    Oversize {
        /// Declared length.
        len: usize,
        /// Configured limit.
        max: usize,
    },
    /// The frame's checksum does not match its content.
    #[error("checksum mismatch: frame carries {carried:#x}, content gives {computed:#x}")]
    Checksum {
        /// The checksum in the frame.
        carried: u32,
        /// The checksum computed over the content.
        computed: u32,
    },
    /// The bytes do not form a valid frame.
    #[error("malformed frame: {0}")]
    Malformed(String),
    /// A well-formed frame of a kind this codec does not handle.
    #[error("unsupported frame: {0}")]
    Unsupported(String),
    /// The stream ended in the middle of a frame.
    #[error("stream ended with {0} bytes of an incomplete frame")]
    Truncated(usize),
    /// Reading the stream failed.
    #[error("read failed: {0}")]
    Io(#[from] std::io::Error),
}

impl DecodeError {
    /// A short stable label, for metrics and logs.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Oversize { .. } => "oversize",
            Self::Checksum { .. } => "checksum",
            Self::Malformed(_) => "malformed",
            Self::Unsupported(_) => "unsupported",
            Self::Truncated(_) => "truncated",
            Self::Io(_) => "io",
        }
    }

    /// A shorthand for [`DecodeError::Malformed`].
    pub fn malformed(what: impl Into<String>) -> Self {
        Self::Malformed(what.into())
    }
}

/// A protocol's stream codec: cuts frames out of a byte stream and decodes them.
///
/// Implementations keep whatever per-connection state the protocol needs
/// (for example the IMEI learnt at login). Errors are final for the
/// connection unless the protocol can resynchronise, in which case the codec
/// skips the bad bytes itself and never returns the error.
pub trait DeviceCodec: Send + 'static {
    /// Decodes the next frame from the front of `buf`, consuming its bytes.
    ///
    /// Returns `Ok(None)` when `buf` does not yet hold a whole frame; the
    /// caller reads more and calls again.
    fn decode(&mut self, buf: &mut BytesMut) -> Result<Option<Message>, DecodeError>;

    /// Decodes what is left once the stream has ended: the last whole
    /// frame, `Ok(None)` when nothing is left, and
    /// [`DecodeError::Truncated`] when bytes of an unfinished frame remain.
    fn decode_eof(&mut self, buf: &mut BytesMut) -> Result<Option<Message>, DecodeError> {
        match self.decode(buf)? {
            Some(message) => Ok(Some(message)),
            None if buf.is_empty() => Ok(None),
            None => Err(DecodeError::Truncated(buf.len())),
        }
    }

    /// Adapts the codec to the device's model, once the gateway knows which
    /// tracker it is (some protocols' resellers give packet types layouts
    /// of their own). Codecs with one layout ignore it.
    fn configure(&mut self, model: &str) {
        let _ = model;
    }
}

/// A protocol's datagram codec: one UDP datagram in, its messages out.
///
/// UDP has no connection to hold state, so every datagram must name its
/// device: each returned message carries `device: Some(..)` (a login-only
/// message is a [`Message::Login`]). Replies travel back to the datagram's
/// source address, after the records they cover are durably stored.
pub trait DatagramCodec: Send + Sync + 'static {
    /// Decodes one datagram.
    fn decode_datagram(&self, datagram: &[u8]) -> Result<Vec<Message>, DecodeError>;
}

/// One HTTP request from a device, as the HTTP listener received it.
#[derive(Debug, Clone, Copy)]
pub struct HttpRequest<'a> {
    /// `GET`, `POST`, …
    pub method: &'a str,
    /// The request target: path and query, still percent-encoded.
    pub target: &'a str,
    /// The `Content-Type` header, if any.
    pub content_type: Option<&'a str>,
    /// The body (empty for a GET).
    pub body: &'a [u8],
}

/// A protocol's HTTP codec: one request in, its messages out.
///
/// Like a datagram, every request must name its device. The listener
/// answers `200 OK` once the records a request carried are durably stored;
/// a request that does not decode is answered `400 Bad Request`, and one
/// from a device the gateway does not accept with
/// [`HttpCodec::refusal_status`].
pub trait HttpCodec: Send + Sync + 'static {
    /// Decodes one request.
    fn decode_request(&self, request: &HttpRequest<'_>) -> Result<Vec<Message>, DecodeError>;

    /// The status answered when the request's device is not accepted.
    fn refusal_status(&self, request: &HttpRequest<'_>) -> u16;
}

/// How a protocol reaches the gateway.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transport {
    /// A TCP byte stream.
    Tcp,
    /// UDP datagrams.
    Udp,
    /// HTTP requests.
    Http,
}
