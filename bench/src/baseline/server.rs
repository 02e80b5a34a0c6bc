//! The baseline server: decode with the gateway's codec, answer, keep nothing.
//!
//! One task per connection, each with a fresh stream codec from the
//! protocol catalogue (`Protocol::stream_codec(Limits::default())`) and one
//! read buffer it reuses for the connection's life. Every whole frame in the
//! buffer is decoded into its [`Message`] (records and all) and answered with
//! the bytes the message carries, exactly as the gateway answers them once
//! it has stored the records: a login's `accept`, records' `ack`, a
//! heartbeat's `reply`, a command answer's `ack`. Replies to the frames of
//! one read go out in one write.
//!
//! Every login is accepted: the gateway's identity checks (a tracker found
//! or registered) are what is measured, not reproduced. A frame the codec
//! skips ([`DecodeError::Skipped`]: boundaries sure, content unreadable) is
//! left unanswered and reading goes on, as the gateway does; any other
//! decode error closes that connection after the replies already due are
//! written. Nothing else is kept: records are dropped once decoded.

use std::convert::Infallible;
use std::time::Duration;

use bytes::BytesMut;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use trackgate_protocols::{DecodeError, DeviceCodec, Limits, Message, Protocol, Transport};

/// Bytes the read buffer starts with and is topped up to.
pub const READ_CAPACITY: usize = 8 * 1024;
/// Room under which the read buffer is topped up before the next read.
const MIN_ROOM: usize = 1024;
/// The pause after a failed accept (descriptors exhausted), before the next.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(10);

/// Why the baseline server cannot serve a protocol.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0} has no stream codec: the baseline server serves TCP protocols only")]
pub struct NoStreamCodec(pub String);

/// Why one connection ended other than by the device closing it.
#[derive(Debug, thiserror::Error)]
pub enum Ended {
    /// A frame could not be decoded and the stream cannot go on.
    #[error("decode error: {0}")]
    Decode(#[from] DecodeError),
    /// Reading or writing failed.
    #[error("i/o: {0}")]
    Io(#[from] std::io::Error),
}

/// A protocol the baseline server can serve: one with a stream codec.
#[derive(Debug, Clone, Copy)]
pub struct Baseline {
    protocol: Protocol,
}

impl Baseline {
    /// The baseline server for `protocol`, if it is served over TCP.
    pub fn new(protocol: Protocol) -> Result<Self, NoStreamCodec> {
        if protocol.serves(Transport::Tcp) {
            Ok(Self { protocol })
        } else {
            Err(NoStreamCodec(protocol.name().to_owned()))
        }
    }

    /// The protocol served.
    pub fn protocol(self) -> Protocol {
        self.protocol
    }

    /// Accepts connections on `listener` forever, one task each.
    pub async fn serve(self, listener: TcpListener) -> Infallible {
        loop {
            match listener.accept().await {
                Ok((stream, _)) => {
                    if let Some(codec) = self.protocol.stream_codec(Limits::default()) {
                        tokio::spawn(async move {
                            let _ = connection(stream, codec).await;
                        });
                    }
                }
                Err(_) => tokio::time::sleep(ACCEPT_BACKOFF).await,
            }
        }
    }
}

/// Serves one connection with `codec` until the device closes it (`Ok`) or
/// a frame cannot be decoded or the socket fails (`Err`).
pub async fn connection(
    mut stream: TcpStream,
    mut codec: Box<dyn DeviceCodec>,
) -> Result<(), Ended> {
    // Replies are written whole; waiting to coalesce them only adds latency.
    stream.set_nodelay(true)?;
    let mut buf = BytesMut::with_capacity(READ_CAPACITY);
    let mut replies = BytesMut::with_capacity(256);
    loop {
        let decoded = answer_frames(codec.as_mut(), &mut buf, &mut replies);
        if !replies.is_empty() {
            stream.write_all(&replies).await?;
            replies.clear();
        }
        decoded?;
        if buf.capacity() - buf.len() < MIN_ROOM {
            buf.reserve(READ_CAPACITY);
        }
        if stream.read_buf(&mut buf).await? == 0 {
            return Ok(());
        }
    }
}

/// Decodes every whole frame at the front of `buf`, appending each one's
/// reply to `replies`. Skipped frames are passed over; any other error is
/// returned, with the replies of the frames before it already appended.
pub fn answer_frames(
    codec: &mut dyn DeviceCodec,
    buf: &mut BytesMut,
    replies: &mut BytesMut,
) -> Result<(), DecodeError> {
    loop {
        match codec.decode(buf) {
            Ok(Some(message)) => {
                if let Some(reply) = reply(message) {
                    replies.extend_from_slice(&reply);
                }
            }
            Ok(None) => return Ok(()),
            Err(e) if e.can_resume() => {}
            Err(e) => return Err(e),
        }
    }
}

/// What the gateway writes for `message` once it has accepted the device
/// and stored its records; the records themselves are dropped here.
pub fn reply(message: Message) -> Option<bytes::Bytes> {
    match message {
        Message::Login { accept, .. } => accept,
        Message::Records { ack, .. } => ack,
        Message::Heartbeat { reply, .. } => reply,
        Message::CommandResponse { ack, .. } => ack,
    }
}
