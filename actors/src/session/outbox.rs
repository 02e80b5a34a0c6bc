//! The session's write side: bytes to the device, straight to the socket.
//!
//! Replies are a few bytes and the kernel almost always has room for them,
//! so they are written with `try_write` at once. Only what the kernel does
//! not take is kept and flushed by a future when the socket is writable.
//! An idle connection holds no write buffer and no writer task.
//!
//! A virtual session answers where its last message came from: a UDP
//! session writes datagrams through the listener's shared socket to the
//! address its device last sent from, an HTTP session completes the
//! request that is waiting. A datagram the kernel cannot take right now is
//! dropped, not queued: the device resends what was not acknowledged, as it
//! would after any datagram lost on the way.

use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context as TaskContext, Poll};

use actix::prelude::*;
use bytes::{Buf, BytesMut};
use tokio::io::AsyncWrite;
use tokio::net::UdpSocket;
use tokio::net::tcp::OwnedWriteHalf;

use super::DeviceSession;
use super::lifecycle::Ending;
use super::reader::Origin;
use crate::metrics as m;

/// Bytes a device may leave unread before the session gives up on it.
const MAX_PENDING: usize = 64 * 1024;

/// Where a session's bytes go.
pub(super) enum Link {
    /// The write half of the device's TCP connection.
    Tcp(OwnedWriteHalf),
    /// A virtual session's: where the message being handled came from,
    /// and the listener's UDP socket for answers to datagrams.
    Inbox {
        socket: Option<Arc<UdpSocket>>,
        reply_to: Option<Origin>,
    },
}

/// The write side of a device session.
pub(super) struct Outbox {
    link: Link,
    pending: BytesMut,
}

impl Outbox {
    /// How the device is reached, as its protocol's command encoder needs
    /// to know.
    pub(super) fn transport(&self) -> trackgate_protocols::Transport {
        use trackgate_protocols::Transport;
        match &self.link {
            Link::Tcp(_) => Transport::Tcp,
            Link::Inbox { reply_to, .. } => match reply_to {
                Some(Origin::Http(_)) => Transport::Http,
                _ => Transport::Udp,
            },
        }
    }

    pub(super) fn new(link: Link) -> Self {
        Self {
            link,
            pending: BytesMut::new(),
        }
    }

    /// Answers go where `origin`, the message being handled, came from. A
    /// virtual session's earlier HTTP request still waiting gets no answer:
    /// dropping it tells its client so.
    pub(super) fn reply_to(&mut self, origin: Origin) {
        if let Link::Inbox { reply_to, .. } = &mut self.link
            && !matches!(origin, Origin::Stream)
        {
            *reply_to = Some(origin);
        }
    }

    /// Whether everything written so far has reached the socket.
    pub(super) fn is_flushed(&self) -> bool {
        self.pending.is_empty()
    }
}

impl DeviceSession {
    /// Writes bytes to the device; a write failure, or a device that stops
    /// reading, ends the session.
    pub(super) fn send(&mut self, bytes: &[u8], ctx: &mut Context<Self>) {
        let out = &mut self.out;
        let io = match &mut out.link {
            Link::Tcp(io) => &*io,
            Link::Inbox { socket, reply_to } => {
                match reply_to.as_ref() {
                    Some(Origin::Udp(peer)) => {
                        let sent = match socket {
                            Some(socket) => socket.try_send_to(bytes, *peer).map(drop),
                            None => Err(std::io::ErrorKind::NotConnected.into()),
                        };
                        if let Err(error) = sent {
                            metrics::counter!(m::UDP_REPLIES_DROPPED, "protocol" => self.protocol.name())
                                .increment(1);
                            let _span = self.span.clone().entered();
                            tracing::debug!(%error, "reply datagram not sent");
                        }
                    }
                    // One answer per request: the first one completes it.
                    Some(Origin::Http(_)) => {
                        if let Some(Origin::Http(done)) = reply_to.take() {
                            let _ = done.send(());
                        }
                    }
                    Some(Origin::Stream) | None => {}
                }
                return;
            }
        };
        if !out.pending.is_empty() {
            out.pending.extend_from_slice(bytes);
        } else {
            match io.try_write(bytes) {
                Ok(n) if n == bytes.len() => return,
                Ok(n) => out.pending.extend_from_slice(&bytes[n..]),
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                    out.pending.extend_from_slice(bytes)
                }
                Err(error) => {
                    let _span = self.span.clone().entered();
                    tracing::info!(%error, "write to device failed");
                    self.abort(Ending::WriteFailed, ctx);
                    return;
                }
            }
            ctx.spawn(Flush);
        }
        if self.out.pending.len() > MAX_PENDING {
            let _span = self.span.clone().entered();
            tracing::warn!(pending = self.out.pending.len(), "replies left unread");
            self.abort(Ending::Unread, ctx);
        }
    }
}

/// Flushes the outbox when the socket has room again.
struct Flush;

impl ActorFuture<DeviceSession> for Flush {
    type Output = ();

    fn poll(
        self: Pin<&mut Self>,
        act: &mut DeviceSession,
        ctx: &mut Context<DeviceSession>,
        task: &mut TaskContext<'_>,
    ) -> Poll<()> {
        let out = &mut act.out;
        let Link::Tcp(io) = &mut out.link else {
            return Poll::Ready(());
        };
        while !out.pending.is_empty() {
            match Pin::new(&mut *io).poll_write(task, &out.pending) {
                Poll::Ready(Ok(0)) | Poll::Ready(Err(_)) => {
                    act.abort(Ending::WriteFailed, ctx);
                    return Poll::Ready(());
                }
                Poll::Ready(Ok(n)) => out.pending.advance(n),
                Poll::Pending => return Poll::Pending,
            }
        }
        out.pending = BytesMut::new();
        act.flushed(ctx);
        Poll::Ready(())
    }
}
