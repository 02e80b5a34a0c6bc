//! The interface every protocol implements, and the catalogue of protocols.

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

/// Adapts any [`DeviceCodec`] to `tokio_util`'s `Decoder`, so sessions can
/// read through `FramedRead`.
pub struct StreamDecoder(Box<dyn DeviceCodec>);

impl std::fmt::Debug for StreamDecoder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("StreamDecoder")
    }
}

impl StreamDecoder {
    /// Wraps a codec.
    pub fn new(codec: Box<dyn DeviceCodec>) -> Self {
        Self(codec)
    }
}

impl tokio_util::codec::Decoder for StreamDecoder {
    type Item = Message;
    type Error = DecodeError;

    fn decode(&mut self, src: &mut BytesMut) -> Result<Option<Message>, DecodeError> {
        self.0.decode(src)
    }

    fn decode_eof(&mut self, buf: &mut BytesMut) -> Result<Option<Message>, DecodeError> {
        match self.0.decode(buf)? {
            Some(message) => Ok(Some(message)),
            None if buf.is_empty() => Ok(None),
            None => Err(DecodeError::Truncated(buf.len())),
        }
    }
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

/// The device protocols trackgate speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Protocol {
    /// Teltonika FMxxx and friends.
    Teltonika,
    /// JT/T 808 terminals.
    Jt808,
    /// H02 (`*HQ,…#` text and `$…` binary).
    H02,
    /// Wialon IPS 1.1 / 2.0 text devices.
    Wialon,
    /// Concox GT06 and the many trackers that speak its protocol.
    Gt06,
    /// OsmAnd and the phone apps that speak its HTTP form.
    Osmand,
    /// Queclink @Track (GL200, GL300, GV300, GV500, …).
    Gl200,
    /// Meitrack (`$$…*XX` text and binary frames).
    Meitrack,
    /// TK103 (`(…)` sentences).
    Tk103,
    /// GPS103 / Coban (`imei:…;` reports).
    Gps103,
    /// Ruptela FM and Trace devices.
    Ruptela,
    /// Galileosky terminals.
    Galileo,
    /// ATrack AK, AX, AL and AT trackers.
    Atrack,
    /// Suntech ST300, ST600, ST900 and the universal protocol.
    Suntech,
    /// Xexun TK102 / TK103 text reports (simple and full forms).
    Xexun,
    /// Xexun's binary `FA AF` protocol (watches and personal trackers).
    Xexun2,
    /// Xexun's `FC … CF` protocol, version 3.
    Xexun3,
    /// 3G watches (`[3G*id*len*…]`, SeTracker and many child watches).
    Watch,
    /// Topflytech's early text trackers (`(IMEI…)`).
    Topflytech,
    /// Eelink trackers (`67 67` packets, `EL` datagrams).
    Eelink,
}

impl Protocol {
    /// Every protocol, in a stable order.
    pub const ALL: &'static [Protocol] = &[
        Protocol::Teltonika,
        Protocol::Jt808,
        Protocol::H02,
        Protocol::Wialon,
        Protocol::Gt06,
        Protocol::Osmand,
        Protocol::Gl200,
        Protocol::Meitrack,
        Protocol::Tk103,
        Protocol::Gps103,
        Protocol::Ruptela,
        Protocol::Galileo,
        Protocol::Atrack,
        Protocol::Suntech,
        Protocol::Xexun,
        Protocol::Xexun2,
        Protocol::Xexun3,
        Protocol::Watch,
        Protocol::Topflytech,
        Protocol::Eelink,
    ];

    /// The protocol's lower-case name, used in config keys, metrics and logs.
    pub fn name(self) -> &'static str {
        match self {
            Self::Teltonika => "teltonika",
            Self::Jt808 => "jt808",
            Self::H02 => "h02",
            Self::Wialon => "wialon",
            Self::Gt06 => "gt06",
            Self::Osmand => "osmand",
            Self::Gl200 => "gl200",
            Self::Meitrack => "meitrack",
            Self::Tk103 => "tk103",
            Self::Gps103 => "gps103",
            Self::Ruptela => "ruptela",
            Self::Galileo => "galileo",
            Self::Atrack => "atrack",
            Self::Suntech => "suntech",
            Self::Xexun => "xexun",
            Self::Xexun2 => "xexun2",
            Self::Xexun3 => "xexun3",
            Self::Watch => "watch",
            Self::Topflytech => "topflytech",
            Self::Eelink => "eelink",
        }
    }

    /// The port devices of this protocol customarily use.
    pub fn default_port(self) -> u16 {
        match self {
            Self::Teltonika => 5027,
            Self::Jt808 => 5015,
            Self::H02 => 5013,
            Self::Wialon => 5039,
            Self::Gt06 => 5023,
            Self::Osmand => 5055,
            Self::Gl200 => 5004,
            Self::Meitrack => 5020,
            Self::Tk103 => 5002,
            Self::Gps103 => 5001,
            Self::Ruptela => 5046,
            Self::Galileo => 5034,
            Self::Atrack => 5044,
            Self::Suntech => 5011,
            Self::Xexun => 5006,
            Self::Xexun2 => 5233,
            Self::Xexun3 => 5264,
            Self::Watch => 5093,
            Self::Topflytech => 5047,
            Self::Eelink => 5064,
        }
    }

    /// The transports this protocol is served on.
    pub fn transports(self) -> &'static [Transport] {
        const TCP: &[Transport] = &[Transport::Tcp];
        const TCP_UDP: &[Transport] = &[Transport::Tcp, Transport::Udp];
        const HTTP: &[Transport] = &[Transport::Http];
        match self {
            Self::Teltonika => TCP_UDP,
            Self::Jt808 => TCP,
            Self::H02 => TCP_UDP,
            Self::Wialon => TCP_UDP,
            Self::Gt06 => TCP,
            Self::Osmand => HTTP,
            Self::Gl200 => TCP_UDP,
            Self::Meitrack => TCP_UDP,
            Self::Tk103 => TCP_UDP,
            Self::Gps103 => TCP_UDP,
            Self::Ruptela => TCP,
            Self::Galileo => TCP,
            Self::Atrack => TCP_UDP,
            Self::Suntech => TCP,
            Self::Xexun => TCP,
            Self::Xexun2 => TCP,
            Self::Xexun3 => TCP,
            Self::Watch => TCP,
            Self::Topflytech => TCP,
            Self::Eelink => TCP_UDP,
        }
    }

    /// A fresh stream codec for one connection, for protocols served over TCP.
    pub fn stream_codec(self, limits: Limits) -> Option<Box<dyn DeviceCodec>> {
        Some(match self {
            Self::Teltonika => Box::new(crate::teltonika::TeltonikaCodec::new(limits)),
            Self::Jt808 => Box::new(crate::jt808::Jt808Codec::new(limits)),
            Self::H02 => Box::new(crate::h02::H02Codec::new(limits)),
            Self::Wialon => Box::new(crate::wialon::WialonCodec::new(limits)),
            Self::Gt06 => Box::new(crate::gt06::Gt06Codec::new(limits)),
            Self::Osmand => return None,
            Self::Gl200 => Box::new(crate::gl200::Gl200Codec::new(limits)),
            Self::Meitrack => Box::new(crate::meitrack::MeitrackCodec::new(limits)),
            Self::Tk103 => Box::new(crate::tk103::Tk103Codec::new(limits)),
            Self::Gps103 => Box::new(crate::gps103::Gps103Codec::new(limits)),
            Self::Ruptela => Box::new(crate::ruptela::RuptelaCodec::new(limits)),
            Self::Galileo => Box::new(crate::galileo::GalileoCodec::new(limits)),
            Self::Atrack => Box::new(crate::atrack::AtrackCodec::new(limits)),
            Self::Suntech => Box::new(crate::suntech::SuntechCodec::new(limits)),
            Self::Xexun => Box::new(crate::xexun::XexunCodec::new(limits)),
            Self::Xexun2 => Box::new(crate::xexun2::Xexun2Codec::new(limits)),
            Self::Xexun3 => Box::new(crate::xexun3::Xexun3Codec::new(limits)),
            Self::Watch => Box::new(crate::watch::WatchCodec::new(limits)),
            Self::Topflytech => Box::new(crate::topflytech::TopflytechCodec::new(limits)),
            Self::Eelink => Box::new(crate::eelink::EelinkCodec::new(limits)),
        })
    }

    /// The protocol's datagram codec, for protocols served over UDP.
    pub fn datagram_codec(self) -> Option<Box<dyn DatagramCodec>> {
        Some(match self {
            Self::Teltonika => Box::new(crate::teltonika::TeltonikaDatagram),
            Self::H02 => Box::new(crate::h02::H02Datagram::new()),
            Self::Wialon => Box::new(crate::wialon::WialonDatagram),
            Self::Gl200 => Box::new(crate::gl200::Gl200Datagram),
            Self::Meitrack => Box::new(crate::meitrack::MeitrackDatagram),
            Self::Tk103 => Box::new(crate::tk103::Tk103Datagram::new()),
            Self::Gps103 => Box::new(crate::gps103::Gps103Datagram::new()),
            Self::Atrack => Box::new(crate::atrack::AtrackDatagram),
            Self::Eelink => Box::new(crate::eelink::EelinkDatagram::new()),
            Self::Jt808
            | Self::Gt06
            | Self::Osmand
            | Self::Ruptela
            | Self::Galileo
            | Self::Suntech
            | Self::Xexun
            | Self::Xexun2
            | Self::Xexun3
            | Self::Watch
            | Self::Topflytech => {
                return None;
            }
        })
    }

    /// The protocol's command encoder, for protocols with a documented
    /// downlink; `None` means every command is unsupported (code 214).
    pub fn command_encoder(self) -> Option<Box<dyn crate::command::CommandEncoder>> {
        match self {
            Self::Teltonika => Some(Box::new(crate::teltonika::TeltonikaCommands)),
            Self::Gl200 => Some(Box::new(crate::gl200::Gl200Commands)),
            Self::Meitrack => Some(Box::new(crate::meitrack::MeitrackCommands)),
            Self::Wialon => Some(Box::new(crate::wialon::WialonCommands)),
            Self::Tk103 => Some(Box::new(crate::tk103::Tk103Commands)),
            Self::Gps103 => Some(Box::new(crate::gps103::Gps103Commands)),
            Self::Watch => Some(Box::new(crate::watch::WatchCommands)),
            Self::Gt06 => Some(Box::new(crate::gt06::Gt06Commands)),
            Self::Jt808 => Some(Box::new(crate::jt808::Jt808Commands)),
            Self::H02 => Some(Box::new(crate::h02::H02Commands)),
            Self::Eelink => Some(Box::new(crate::eelink::EelinkCommands)),
            Self::Ruptela => Some(Box::new(crate::ruptela::RuptelaCommands)),
            Self::Galileo => Some(Box::new(crate::galileo::GalileoCommands)),
            Self::Atrack => Some(Box::new(crate::atrack::AtrackCommands)),
            Self::Suntech => Some(Box::new(crate::suntech::SuntechCommands)),
            Self::Xexun2 => Some(Box::new(crate::xexun2::Xexun2Commands)),
            Self::Xexun3 => Some(Box::new(crate::xexun3::Xexun3Commands)),
            _ => None,
        }
    }

    /// The protocol's HTTP codec, for protocols whose devices send HTTP requests.
    pub fn http_codec(self) -> Option<Box<dyn HttpCodec>> {
        match self {
            Self::Osmand => Some(Box::new(crate::osmand::OsmandHttp::new())),
            _ => None,
        }
    }

    /// Looks a protocol up by its name.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|p| p.name() == name)
    }
}
