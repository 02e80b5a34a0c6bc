//! The session's read side: a stream of decoded messages that holds no
//! buffer while the connection is idle.
//!
//! A gateway keeps hundreds of thousands of mostly silent connections open,
//! so what an idle connection costs matters more than what a busy one does.
//! Reads land in one scratch buffer per shard thread; only bytes of a frame
//! that is not complete yet are copied into the connection's own buffer,
//! which is released again as soon as it is drained.

use std::cell::{Cell, RefCell};
use std::net::SocketAddr;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};
use std::time::{Duration, Instant};

use bytes::BytesMut;
use futures_util::Stream;
use tokio::io::{AsyncRead, ReadBuf};
use tokio::net::tcp::OwnedReadHalf;
use tokio::sync::{mpsc, oneshot};
use trackgate_protocols::{DecodeError, DeviceCodec, Message};

/// Bytes read from a socket in one go.
const SCRATCH_BYTES: usize = 16 * 1024;

thread_local! {
    static SCRATCH: RefCell<Box<[u8]>> = RefCell::new(vec![0; SCRATCH_BYTES].into_boxed_slice());
}

/// Lets the session stop its reader while a commit is pending, without
/// stopping itself: it still answers messages (state reads, shutdown)
/// meanwhile. Shared by the session and its reader, on one thread.
#[derive(Debug, Clone, Default)]
pub struct ReadGate(Rc<GateState>);

#[derive(Default)]
struct GateState {
    paused: Cell<bool>,
    waker: Cell<Option<Waker>>,
    /// Since when the reader holds the start of a frame without its end.
    partial_since: Cell<Option<Instant>>,
}

impl std::fmt::Debug for GateState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GateState")
            .field("paused", &self.paused.get())
            .finish_non_exhaustive()
    }
}

impl ReadGate {
    /// Stops reading after the message being handled.
    pub fn pause(&self) {
        self.0.paused.set(true);
    }

    /// Reads again.
    pub fn resume(&self) {
        self.0.paused.set(false);
        if self.0.partial_since.get().is_some() {
            self.0.partial_since.set(Some(Instant::now()));
        }
        if let Some(waker) = self.0.waker.take() {
            waker.wake();
        }
    }

    /// How long the reader has held the start of a frame without its end,
    /// while reading. While paused the rest is not the device's to send
    /// yet, so the clock starts again on resume.
    pub fn partial_frame_age(&self) -> Option<Duration> {
        if self.0.paused.get() {
            return None;
        }
        self.0.partial_since.get().map(|since| since.elapsed())
    }

    /// Notes whether the reader holds part of a frame now.
    fn note_partial(&self, holding: bool) {
        match (holding, self.0.partial_since.get()) {
            (true, None) => self.0.partial_since.set(Some(Instant::now())),
            (false, Some(_)) => self.0.partial_since.set(None),
            _ => {}
        }
    }

    /// Whether reading is paused; if so, `cx` is woken on resume.
    fn hold(&self, cx: &Context<'_>) -> bool {
        if self.0.paused.get() {
            self.0.waker.set(Some(cx.waker().clone()));
        }
        self.0.paused.get()
    }
}

/// The device's model, handed by the session to its connection's codec
/// once the device is identified (some protocols' resellers give packet
/// types layouts of their own). The codec adapts before its next frame.
#[derive(Debug, Clone, Default)]
pub struct ModelSetting(Rc<RefCell<Option<Box<str>>>>);

impl ModelSetting {
    /// Sets the model the codec reads the next frames as.
    pub fn set(&self, model: &str) {
        *self.0.borrow_mut() = Some(model.into());
    }

    fn take(&self) -> Option<Box<str>> {
        self.0.borrow_mut().take()
    }
}

/// Where a message came from, which is where its answer goes.
#[derive(Debug)]
pub enum Origin {
    /// The session's own connection.
    Stream,
    /// A UDP datagram from this address.
    Udp(SocketAddr),
    /// An HTTP request, waiting for its answer: `()` once the message's
    /// records are stored, dropped if they will not be.
    Http(oneshot::Sender<()>),
}

/// One decoded message and where it came from.
#[derive(Debug)]
pub struct Inbound {
    /// Where its answer goes.
    pub origin: Origin,
    /// The message.
    pub message: Message,
}

/// Decoded messages from one connection.
///
/// A frame the codec skipped ([`DecodeError::Skipped`]) comes out as an
/// error and reading goes on; any other error is the stream's last item.
pub struct MessageReader {
    io: OwnedReadHalf,
    codec: Box<dyn DeviceCodec>,
    gate: ReadGate,
    model: ModelSetting,
    pending: BytesMut,
    eof: bool,
    done: bool,
}

impl MessageReader {
    /// Reads `io` through `codec` while `gate` is open, the codec adapting
    /// to the model `model` is given.
    pub fn new(
        io: OwnedReadHalf,
        codec: Box<dyn DeviceCodec>,
        gate: ReadGate,
        model: ModelSetting,
    ) -> Self {
        Self {
            io,
            codec,
            gate,
            model,
            pending: BytesMut::new(),
            eof: false,
            done: false,
        }
    }

    /// Gives the memory back once no bytes of an unfinished frame remain:
    /// an idle connection holds none.
    fn release_if_drained(&mut self) {
        if self.pending.is_empty() {
            self.pending = BytesMut::new();
        }
        self.gate.note_partial(!self.pending.is_empty());
    }

    /// Reads once into the scratch buffer and appends what came to `pending`.
    fn fill(&mut self, cx: &mut Context<'_>) -> Poll<std::io::Result<usize>> {
        SCRATCH.with(|scratch| {
            let mut scratch = scratch.borrow_mut();
            let mut read = ReadBuf::new(&mut scratch[..]);
            match Pin::new(&mut self.io).poll_read(cx, &mut read) {
                Poll::Ready(Ok(())) => {
                    self.pending.extend_from_slice(read.filled());
                    Poll::Ready(Ok(read.filled().len()))
                }
                Poll::Ready(Err(e)) => Poll::Ready(Err(e)),
                Poll::Pending => Poll::Pending,
            }
        })
    }
}

impl Stream for MessageReader {
    type Item = Result<Inbound, DecodeError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if this.gate.hold(cx) {
            return Poll::Pending;
        }
        if let Some(model) = this.model.take() {
            this.codec.configure(&model);
        }
        loop {
            if this.done {
                return Poll::Ready(None);
            }
            if !this.pending.is_empty() {
                let decoded = if this.eof {
                    this.codec.decode_eof(&mut this.pending)
                } else {
                    this.codec.decode(&mut this.pending)
                };
                match decoded {
                    Ok(Some(message)) => {
                        this.release_if_drained();
                        return Poll::Ready(Some(Ok(Inbound {
                            origin: Origin::Stream,
                            message,
                        })));
                    }
                    Ok(None) => {}
                    Err(error) => {
                        this.release_if_drained();
                        this.done = !error.can_resume();
                        return Poll::Ready(Some(Err(error)));
                    }
                }
            }
            if this.eof {
                this.done = true;
                return Poll::Ready(None);
            }
            match this.fill(cx) {
                Poll::Pending => {
                    this.gate.note_partial(!this.pending.is_empty());
                    return Poll::Pending;
                }
                Poll::Ready(Ok(0)) => this.eof = true,
                Poll::Ready(Ok(_)) => {}
                Poll::Ready(Err(error)) => {
                    this.done = true;
                    return Poll::Ready(Some(Err(DecodeError::Io(error))));
                }
            }
        }
    }
}

/// The read side of a virtual session (a UDP or HTTP device): the messages
/// the listener routed to it.
///
/// The listener decodes each datagram or request (one that does not decode
/// is answered or dropped there, and no session sees it) and hands its
/// messages to the session of the device they name, each with where it
/// came from, so the answer goes back there.
pub struct InboxReader {
    inbox: mpsc::Receiver<Inbound>,
    gate: ReadGate,
}

impl InboxReader {
    /// A reader over `inbox`, while `gate` is open.
    pub fn new(inbox: mpsc::Receiver<Inbound>, gate: ReadGate) -> Self {
        Self { inbox, gate }
    }
}

impl Stream for InboxReader {
    type Item = Result<Inbound, DecodeError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if this.gate.hold(cx) {
            return Poll::Pending;
        }
        this.inbox.poll_recv(cx).map(|inbound| inbound.map(Ok))
    }
}
