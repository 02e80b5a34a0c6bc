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

/// Why input could not be decoded, and whether the stream can go on.
///
/// Every variant but [`DecodeError::Skipped`] means the stream's position
/// is lost (or the input is refused outright): the session closes the
/// connection. `Skipped` means the codec consumed one whole frame it could
/// not decode, its boundaries known, and the next frame starts right
/// after it: the session counts and logs it, acknowledges nothing of it,
/// and reads on. Which errors a codec can skip is the protocol's to say
/// (its module documents it): markers, delimiters or a matching checksum
/// prove a frame's boundaries; a length alone does not.
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
    /// A frame that needs the device's login came before it.
    #[error("frame before the device's login")]
    BeforeLogin,
    /// The stream ended in the middle of a frame.
    #[error("stream ended with {0} bytes of an incomplete frame")]
    Truncated(usize),
    /// Reading the stream failed.
    #[error("read failed: {0}")]
    Io(#[from] std::io::Error),
    /// One whole frame was consumed and could not be decoded; the stream
    /// goes on with the next frame.
    #[error("{0}")]
    Skipped(Box<SkippedFrame>),
}

/// A frame a codec consumed whole without decoding it.
#[derive(Debug, thiserror::Error)]
#[error("frame of {len} bytes skipped ({prefix}): {cause}")]
pub struct SkippedFrame {
    /// Why it could not be decoded.
    #[source]
    pub cause: DecodeError,
    /// Its length in bytes.
    pub len: usize,
    /// Its first bytes in hex, for the log.
    pub prefix: String,
}

/// Bytes of a skipped frame kept for the log.
const SKIPPED_PREFIX_BYTES: usize = 24;

impl DecodeError {
    /// A short stable label, for metrics and logs. A skipped frame is
    /// labelled by its cause.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Oversize { .. } => "oversize",
            Self::Checksum { .. } => "checksum",
            Self::Malformed(_) => "malformed",
            Self::Unsupported(_) => "unsupported",
            Self::BeforeLogin => "before_login",
            Self::Truncated(_) => "truncated",
            Self::Io(_) => "io",
            Self::Skipped(skipped) => skipped.cause.kind(),
        }
    }

    /// Whether the stream goes on after this error (the frame was skipped).
    pub fn can_resume(&self) -> bool {
        matches!(self, Self::Skipped(_))
    }

    /// This error, as the reason the whole frame `frame` was skipped.
    pub fn skip(self, frame: &[u8]) -> Self {
        if self.can_resume() {
            return self;
        }
        let shown = &frame[..frame.len().min(SKIPPED_PREFIX_BYTES)];
        let mut prefix = crate::hex::encode(shown);
        if frame.len() > shown.len() {
            prefix.push('…');
        }
        Self::Skipped(Box::new(SkippedFrame {
            cause: self,
            len: frame.len(),
            prefix,
        }))
    }

    /// Why the input could not be decoded: a skipped frame's cause, or the
    /// error itself.
    pub fn into_cause(self) -> Self {
        match self {
            Self::Skipped(skipped) => skipped.cause,
            other => other,
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
/// (for example the IMEI learnt at login). A codec never drops input on its
/// own: a frame it cannot decode is an error, [`DecodeError::Skipped`] when
/// the stream can go on after it; the session decides what happens next.
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_skipped_frame_keeps_its_cause_and_a_short_hex_prefix() {
        let frame: Vec<u8> = (0u8..40).collect();
        let skipped = DecodeError::malformed("no fix").skip(&frame);
        assert!(skipped.can_resume());
        assert_eq!(skipped.kind(), "malformed");
        let DecodeError::Skipped(inner) = &skipped else {
            panic!("{skipped:?}");
        };
        assert_eq!(inner.len, 40);
        assert_eq!(
            inner.prefix,
            "000102030405060708090a0b0c0d0e0f1011121314151617…"
        );
        assert!(
            std::error::Error::source(&**inner).is_some(),
            "the cause is kept"
        );
        assert!(matches!(skipped.into_cause(), DecodeError::Malformed(_)));
    }

    #[test]
    fn other_errors_end_the_stream_and_skipping_twice_wraps_once() {
        let oversize = DecodeError::Oversize { len: 9, max: 8 };
        assert!(!oversize.can_resume());
        let once = DecodeError::BeforeLogin.skip(b"ab");
        let twice = once.skip(b"cd");
        let DecodeError::Skipped(inner) = twice else {
            panic!("still skipped");
        };
        assert_eq!((inner.len, inner.prefix.as_str()), (2, "6162"));
        assert!(matches!(inner.cause, DecodeError::BeforeLogin));
    }
}
