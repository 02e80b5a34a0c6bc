//! The per-connection device session actor.
//!
//! One `DeviceSession` per TCP connection, living on one shard. The socket is
//! split: the read half is a stream of decoded [`Message`](enum@trackgate_protocols::Message)s added to the
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
//! - this file: the actor, its start-up, the reader's items and its end.
//! - `lifecycle`: the session's phases (unidentified, resolving, ready,
//!   committing, closing) and every change between them.
//! - `identify`: logins and frames naming their device, resolved to a tracker.
//! - `inbound`: what the session does with each message of a known device.
//! - [`messages`]: the messages other parts of the gateway send it.
//! - `reader`: the read side, a stream of decoded messages that holds no buffer while idle
//!   (or, for UDP and HTTP, the messages the listener routed to the session).
//! - `outbox`: the write side, straight to the socket, buffering only what the kernel refuses
//!   (or datagrams and HTTP answers to where the message being handled came from).
//! - `skipped`: frames the codec skipped, counted and logged.
//! - `commands`: commands to the device.
//! - [`local`]: the sessions of each shard thread, the shard's clock, and shutdown.

mod commands;
mod counters;
mod identify;
mod inbound;
mod lifecycle;
pub mod local;
pub mod messages;
mod outbox;
mod reader;
mod skipped;

pub use reader::{Inbound, Origin};

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use actix::prelude::*;
use tokio::net::{TcpStream, UdpSocket};
use tokio::sync::mpsc;
use trackgate_protocols::{DecodeError, Protocol};
use trackgate_store::{Store, TrackerId, TrackerState};

use crate::config::SessionConfig;
use crate::drain::{Drain, DrainGuard};
use crate::metrics as m;
use crate::registrar::Registrar;
use crate::registry::Registry;
use crate::slots::{DeviceSlots, Slot};
use crate::writer::WriterHandle;
use lifecycle::{Ending, Phase};

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
    /// What a shutdown waits for: every session and its final write.
    pub drain: Drain,
    /// The device listeners' share of the open-file limit.
    pub slots: Arc<DeviceSlots>,
    /// Where trackers for unknown devices are created.
    pub registrar: Registrar,
    /// Per-packet counters, by protocol.
    counters: counters::CounterCache,
}

impl SessionEnv {
    /// The environment sessions share, with as many device slots as the
    /// process could use.
    pub fn new(
        store: Arc<dyn Store>,
        writer: WriterHandle,
        registry: Arc<Registry>,
        config: SessionConfig,
    ) -> std::io::Result<Self> {
        let registrar = Registrar::start(config.registrar)?;
        Ok(Self {
            store,
            writer,
            registry,
            config,
            drain: Drain::default(),
            slots: Arc::new(DeviceSlots::unbounded()),
            registrar,
            counters: counters::CounterCache::default(),
        })
    }

    /// The same, with `slots` for device connections.
    pub fn with_slots(mut self, slots: Arc<DeviceSlots>) -> Self {
        self.slots = slots;
        self
    }
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
    /// Where the device connected from (for UDP, its first datagram).
    peer: SocketAddr,
    shard: usize,
    span: tracing::Span,
    out: outbox::Outbox,
    /// Where the session is in its life (`lifecycle`).
    phase: Phase,
    /// The tracker, once identified.
    identity: Option<Identity>,
    /// Shared with the registry, which serves it to the API.
    state: Arc<TrackerState>,
    /// Stops the reader while the session may not handle more messages.
    gate: reader::ReadGate,
    /// The device's model, for its connection's codec.
    model: reader::ModelSetting,
    last_rx: Instant,
    opened: Instant,
    /// Commands being delivered; `None` while there are none.
    commands: Option<Box<commands::CommandQueue>>,
    /// Held until the session's final write is done.
    drain: Option<DrainGuard>,
    /// A TCP connection's share of the open-file budget.
    slot: Option<Slot>,
    /// When this session last persisted the tracker's state with a commit
    /// (`None`: not yet). See [`SessionConfig::state_checkpoint`].
    state_saved: Option<Instant>,
    /// Its protocol's per-packet counters.
    counters: Arc<counters::PacketCounters>,
}

impl std::fmt::Debug for DeviceSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DeviceSession")
            .field("protocol", &self.protocol)
            .field("conn", &self.conn)
            .field("tracker", &self.identity.as_ref().map(|i| i.tracker))
            .field("phase", &self.phase)
            .finish()
    }
}

static NEXT_CONN: AtomicU64 = AtomicU64::new(1);

impl DeviceSession {
    /// Creates a session for an accepted socket on `arbiter`. The socket is
    /// moved there as a std stream and registered with that shard's own
    /// reactor, so all of its I/O happens on the shard's thread.
    /// `slot` is the connection's share of the open-file budget, given
    /// back when the session ends.
    pub fn spawn(
        env: Arc<SessionEnv>,
        arbiter: &ArbiterHandle,
        shard: usize,
        protocol: Protocol,
        socket: std::net::TcpStream,
        peer: SocketAddr,
        slot: Slot,
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
            let model = reader::ModelSetting::default();
            DeviceSession::create(move |ctx| {
                ctx.add_stream(reader::MessageReader::new(
                    read,
                    codec,
                    gate.clone(),
                    model.clone(),
                ));
                let out = outbox::Outbox::new(outbox::Link::Tcp(write));
                let mut session = DeviceSession::new(env, protocol, shard, peer, out, gate, model);
                session.slot = Some(slot);
                session
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
            DeviceSession::create(move |ctx| {
                ctx.add_stream(reader::InboxReader::new(inbox, gate.clone()));
                let out = outbox::Outbox::new(outbox::Link::Inbox {
                    socket,
                    reply_to: None,
                });
                let model = reader::ModelSetting::default();
                DeviceSession::new(env, protocol, shard, peer, out, gate, model)
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
        model: reader::ModelSetting,
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
            counters: env.counters.get(protocol),
            out,
            phase: Phase::Unidentified,
            gate,
            model,
            drain: env.drain.guard(),
            env,
            protocol,
            conn,
            peer,
            shard,
            span,
            identity: None,
            state: Arc::default(),
            last_rx: Instant::now(),
            opened: Instant::now(),
            commands: None,
            slot: None,
            state_saved: None,
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
            // Counted in `trackgate_sessions_closed_total{reason="login_timeout"}`;
            // a line each would let a flood of silent connections flood the log.
            let _span = self.span.clone().entered();
            tracing::debug!(
                timeout_secs = login_timeout.as_secs_f64(),
                "no login in time; closing"
            );
            self.abort(Ending::LoginTimeout, ctx);
            return;
        }
        let frame_timeout = self.env.config.frame_timeout;
        if let Some(age) = self.gate.partial_frame_age()
            && age >= frame_timeout
        {
            // Counted in `trackgate_sessions_closed_total{reason="frame_timeout"}`.
            let _span = self.span.clone().entered();
            tracing::debug!(
                held_secs = age.as_secs_f64(),
                "the rest of a frame did not come in time; closing"
            );
            self.abort(Ending::FrameTimeout, ctx);
            return;
        }
        let idle = self.env.config.idle_timeout;
        if self.last_rx.elapsed() >= idle {
            let _span = self.span.clone().entered();
            tracing::info!(idle_secs = idle.as_secs_f64(), "closing idle connection");
            self.abort(Ending::Idle, ctx);
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
        self.ended();
        local::remove(self.conn);
        tracing::debug!("connection closed");
    }
}

impl StreamHandler<Result<Inbound, DecodeError>> for DeviceSession {
    fn handle(&mut self, item: Result<Inbound, DecodeError>, ctx: &mut Context<Self>) {
        self.last_rx = Instant::now();
        match item {
            Ok(Inbound { origin, message }) => {
                self.out.reply_to(origin);
                self.on_message(message, ctx);
            }
            Err(error) if error.can_resume() => self.skipped(&error),
            Err(error) => {
                let _span = self.span.clone().entered();
                metrics::counter!(
                    m::DECODE_ERRORS,
                    "protocol" => self.protocol.name(),
                    "kind" => error.kind(),
                )
                .increment(1);
                tracing::warn!(reason = %error, kind = error.kind(), "closing connection: undecodable input");
                self.abort(Ending::Undecodable, ctx);
            }
        }
    }

    fn finished(&mut self, ctx: &mut Context<Self>) {
        let _span = self.span.clone().entered();
        tracing::debug!("device closed the connection");
        // Records already read are committed and acknowledged first: a
        // device may close its sending side and still read the answer.
        self.close(Ending::DeviceClosed, ctx);
    }
}
