//! The per-connection device session actor.
//!
//! One `DeviceSession` per TCP connection, living on one shard. The socket is
//! split: the read half is a stream of decoded [`Message`](enum@Message)s added to the
//! actor, the write half is owned by the actor and written only by it.
//! A device that speaks UDP gets a virtual session of the same kind: its
//! messages come from the UDP listener (which routes them by the device
//! they name), its replies go out through the listener's socket to the
//! address the device last sent from, and it ends after the idle timeout.
//! While a commit is pending the session's reader is paused (`ReadGate`):
//! acknowledgements go out in order, each after its records are durable,
//! and a slow store slows the device down instead of filling memory. The
//! actor itself keeps running, so it answers state reads and shutdown
//! without waiting for the store.
//!
//! # Layout
//!
//! - this file: the actor, its start-up, timers and shutdown.
//! - `inbound`: what the session does with each decoded message.
//! - [`messages`]: the messages other parts of the gateway send it.
//! - `reader`: the read side, a stream of decoded messages that holds no buffer while idle
//!   (or, for UDP, the messages the listener routed to the session).
//! - `outbox`: the write side, straight to the socket, buffering only what the kernel refuses
//!   (or datagrams back to the device's latest address).
//! - [`local`]: the sessions of each shard thread, the shard's clock, and shutdown.

mod commands;
mod inbound;
pub mod local;
pub mod messages;
mod outbox;
mod reader;

pub use reader::{Inbound, Origin};

use std::cell::RefCell;
use std::net::SocketAddr;
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::Instant;

use actix::prelude::*;
use tokio::net::{TcpStream, UdpSocket};
use tokio::sync::mpsc;
use trackgate_protocols::{DecodeError, Message, Protocol};
use trackgate_store::{CommitBatch, Store, TrackerId, TrackerState};

use crate::config::SessionConfig;
use crate::metrics as m;
use crate::registry::{Entry, Registry};
use crate::writer::WriterHandle;

/// What every session shares: the store, the writer, the registry and settings.
#[derive(Debug)]
pub struct SessionEnv {
    /// The store (identity lookups, state on login).
    pub store: Arc<dyn Store>,
    /// Where records go to be committed.
    pub writer: WriterHandle,
    /// Identified sessions and all open connections.
    pub registry: Arc<Registry>,
    /// Session settings.
    pub config: SessionConfig,
    /// State writes submitted by stopping sessions and not yet committed.
    pub pending_final_writes: AtomicUsize,
}

/// The tracker a session speaks for, once identified. Only what the
/// session needs: an idle connection's footprint is what scales.
#[derive(Debug, Clone)]
struct Identity {
    tracker: TrackerId,
    device_id: Box<str>,
}

/// One connected device.
pub struct DeviceSession {
    env: Arc<SessionEnv>,
    protocol: Protocol,
    conn: u64,
    shard: usize,
    span: tracing::Span,
    out: outbox::Outbox,
    identity: Option<Identity>,
    /// Shared with the registry, which serves it to the API.
    state: Arc<TrackerState>,
    /// Stops the reader while a commit is pending.
    gate: reader::ReadGate,
    /// The state a pending commit will make current, if one is pending.
    committing: Option<Arc<TrackerState>>,
    /// Close once the pending commit is acknowledged (a shutdown came).
    close_when_committed: bool,
    last_rx: Instant,
    opened: Instant,
    /// A newer connection of the same tracker took over; its state is authoritative.
    replaced: bool,
    /// Commands being delivered; `None` while there are none.
    commands: Option<Box<commands::CommandQueue>>,
}

impl std::fmt::Debug for DeviceSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DeviceSession")
            .field("protocol", &self.protocol)
            .field("conn", &self.conn)
            .field("tracker", &self.identity.as_ref().map(|i| i.tracker))
            .finish()
    }
}

static NEXT_CONN: AtomicU64 = AtomicU64::new(1);

impl DeviceSession {
    /// Creates a session for an accepted socket on `arbiter`. The socket is
    /// moved there as a std stream and registered with that shard's own
    /// reactor, so all of its I/O happens on the shard's thread.
    pub fn spawn(
        env: Arc<SessionEnv>,
        arbiter: &ArbiterHandle,
        shard: usize,
        protocol: Protocol,
        socket: std::net::TcpStream,
        peer: SocketAddr,
    ) {
        let Some(codec) = protocol.stream_codec(env.config.limits) else {
            tracing::warn!(%peer, protocol = protocol.name(), "protocol has no TCP form; connection dropped");
            return;
        };
        let sent = arbiter.spawn_fn(move || {
            let stream = match TcpStream::from_std(socket) {
                Ok(stream) => stream,
                Err(error) => {
                    tracing::warn!(%peer, %error, "could not adopt accepted socket");
                    return;
                }
            };
            // Acks are tiny and latency-bound: never let Nagle hold them.
            let _ = stream.set_nodelay(true);
            let (read, write) = stream.into_split();
            let gate = reader::ReadGate::default();
            DeviceSession::create(move |ctx| {
                ctx.add_stream(reader::MessageReader::new(read, codec, gate.clone()));
                let out = outbox::Outbox::new(outbox::Link::Tcp(write));
                DeviceSession::new(env, protocol, shard, peer, out, gate)
            });
        });
        if !sent {
            tracing::warn!(%peer, shard, "shard is stopped; connection dropped");
        }
    }

    /// Creates the virtual session of a device that speaks UDP or HTTP, on
    /// `arbiter`. It reads the messages the listener routes to `inbox` and
    /// answers where each came from (through the listener's UDP `socket`
    /// for datagrams); it ends when idle for the idle timeout, like a
    /// silent TCP connection. Returns false when the shard is stopped.
    pub fn spawn_virtual(
        env: Arc<SessionEnv>,
        arbiter: &ArbiterHandle,
        shard: usize,
        protocol: Protocol,
        socket: Option<Arc<UdpSocket>>,
        peer: SocketAddr,
        inbox: mpsc::Receiver<Inbound>,
    ) -> bool {
        arbiter.spawn_fn(move || {
            let gate = reader::ReadGate::default();
            let reply_to = Rc::new(RefCell::new(None));
            DeviceSession::create(move |ctx| {
                ctx.add_stream(reader::InboxReader::new(
                    inbox,
                    gate.clone(),
                    reply_to.clone(),
                ));
                let out = outbox::Outbox::new(outbox::Link::Inbox { socket, reply_to });
                DeviceSession::new(env, protocol, shard, peer, out, gate)
            });
        })
    }

    fn new(
        env: Arc<SessionEnv>,
        protocol: Protocol,
        shard: usize,
        peer: SocketAddr,
        out: outbox::Outbox,
        gate: reader::ReadGate,
    ) -> Self {
        let conn = NEXT_CONN.fetch_add(1, Ordering::Relaxed);
        let span = tracing::info_span!(
            "session",
            conn,
            %peer,
            protocol = protocol.name(),
            imei = tracing::field::Empty,
        );
        DeviceSession {
            out,
            gate,
            committing: None,
            close_when_committed: false,
            env,
            protocol,
            conn,
            shard,
            span,
            identity: None,
            state: Arc::default(),
            last_rx: Instant::now(),
            opened: Instant::now(),
            replaced: false,
            commands: None,
        }
    }

    /// Makes the current state what the API reads for this tracker.
    fn publish_state(&self) {
        if let Some(identity) = &self.identity {
            self.env
                .registry
                .publish(identity.tracker, self.conn, self.state.clone());
        }
    }

    /// Closes the session if it missed its login or went silent (on each shard clock tick).
    fn check_timeouts(&mut self, ctx: &mut Context<Self>) {
        self.check_command_timeout(ctx);
        let login_timeout = self.env.config.login_timeout;
        if self.identity.is_none() && self.opened.elapsed() >= login_timeout {
            let _span = self.span.clone().entered();
            tracing::warn!(
                timeout_secs = login_timeout.as_secs_f64(),
                "no login in time; closing"
            );
            ctx.stop();
            return;
        }
        let idle = self.env.config.idle_timeout;
        if self.last_rx.elapsed() >= idle {
            let _span = self.span.clone().entered();
            tracing::info!(idle_secs = idle.as_secs_f64(), "closing idle connection");
            ctx.stop();
        }
    }

    /// Registers the identified session, replacing an older connection of the same tracker.
    fn register(&mut self, ctx: &mut Context<Self>) {
        let Some(identity) = &self.identity else {
            return;
        };
        let entry = Entry {
            addr: ctx.address(),
            conn: self.conn,
            protocol: self.protocol,
            state: self.state.clone(),
        };
        if let Some(old) = self.env.registry.register(identity.tracker, entry)
            && old.conn != self.conn
        {
            tracing::info!(
                old_conn = old.conn,
                "replacing the tracker's previous connection"
            );
            old.addr.do_send(messages::Replaced);
        }
    }
}

impl Actor for DeviceSession {
    type Context = Context<Self>;

    fn started(&mut self, ctx: &mut Context<Self>) {
        let protocol = self.protocol.name();
        metrics::counter!(m::CONNECTIONS, "protocol" => protocol).increment(1);
        metrics::gauge!(m::CONNECTIONS_OPEN, "protocol" => protocol).increment(1.0);
        metrics::gauge!(m::SHARD_SESSIONS, "shard" => self.shard.to_string()).increment(1.0);
        self.env.registry.open();
        local::add(self.conn, ctx.address().downgrade());
        let _span = self.span.clone().entered();
        tracing::debug!("connection opened");
    }

    fn stopped(&mut self, _ctx: &mut Context<Self>) {
        let protocol = self.protocol.name();
        metrics::gauge!(m::CONNECTIONS_OPEN, "protocol" => protocol).decrement(1.0);
        metrics::gauge!(m::SHARD_SESSIONS, "shard" => self.shard.to_string()).decrement(1.0);
        let _span = self.span.clone().entered();
        self.release_commands();
        let identity = self.identity.take();
        if let Some(identity) = &identity {
            self.env.registry.deregister(identity.tracker, self.conn);
        }
        // A replaced session must not overwrite its successor's newer state.
        if let Some(identity) = identity.filter(|_| !self.replaced) {
            // The disconnect time is part of the tracker's state: persist it so
            // the API reports the tracker offline from the right moment.
            // A commit still pending is queued ahead of this write; start
            // from the state it carries so this one does not undo it.
            let mut state = self
                .committing
                .take()
                .unwrap_or_else(|| std::mem::take(&mut self.state));
            Arc::make_mut(&mut state).disconnected_ms = Some(crate::now_ms());
            let batch = CommitBatch {
                points: Vec::new(),
                states: vec![(identity.tracker, Arc::unwrap_or_clone(state))],
            };
            let env = self.env.clone();
            env.pending_final_writes.fetch_add(1, Ordering::SeqCst);
            actix::spawn(async move {
                if let Err(error) = env.writer.commit(batch).await {
                    tracing::warn!(%error, "could not persist state on disconnect");
                }
                env.pending_final_writes.fetch_sub(1, Ordering::SeqCst);
            });
        }
        local::remove(self.conn);
        self.env.registry.close();
        tracing::debug!("connection closed");
    }
}

impl StreamHandler<Result<Message, DecodeError>> for DeviceSession {
    fn handle(&mut self, item: Result<Message, DecodeError>, ctx: &mut Context<Self>) {
        self.last_rx = Instant::now();
        match item {
            Ok(message) => self.on_message(message, ctx),
            Err(error) => {
                let _span = self.span.clone().entered();
                metrics::counter!(
                    m::DECODE_ERRORS,
                    "protocol" => self.protocol.name(),
                    "kind" => error.kind(),
                )
                .increment(1);
                tracing::warn!(reason = %error, kind = error.kind(), "closing connection: undecodable input");
                ctx.stop();
            }
        }
    }

    fn finished(&mut self, ctx: &mut Context<Self>) {
        let _span = self.span.clone().entered();
        tracing::debug!("device closed the connection");
        // Records already read are committed and acknowledged first: a
        // device may close its sending side and still read the answer.
        if self.committing.is_some() {
            self.close_when_committed = true;
        } else {
            ctx.stop();
        }
    }
}
