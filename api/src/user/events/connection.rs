//! One push client, from the upgrade to the close.
//!
//! A single task per connection waits on four things at once: the client's
//! frames, the changes the feed queued for it, the next batch being due,
//! and the heartbeat clock. Writing to a client that does not read waits,
//! but only this task waits: the feed keeps queueing until the queue is
//! full, and then this task closes the connection (code 1008).
//!
//! Whatever ends the task ends the connection too. Left to itself, the
//! HTTP layer would go on reading the connection after the close, dropping
//! what it reads, for a second, or for as long as a client keeps sending.
//! So a client that broke the protocol (a frame over the limit, say) is
//! reset at once, without a close frame; one that does not read is reset
//! once its close had its grace; any other gets the close frame, then the
//! end of the stream.

use std::collections::{HashMap, HashSet};
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Instant;

use actix_ws::{CloseCode, CloseReason, Message as Frame, MessageStream, Session};
use serde_json::{Value, json};
use tokio::time::{MissedTickBehavior, interval_at, sleep, sleep_until, timeout};
use trackgate_actors::feed::{Change, Subscriber, Watch};
use trackgate_actors::now_ms;
use trackgate_store::{TrackerId, TrackerState, User};

use super::atmosphere::{HEARTBEAT_FRAME, Handshake};
use super::batch::Batcher;
use super::limits;
use super::render::{self, Formatted};
use super::request::{self, Action, Format};
use super::statuses::Watchlist;
use crate::ApiState;
use crate::conn::Socket;
use crate::error::{ApiError, Code};
use crate::params::Params;
use crate::time::UserZone;
use crate::user::account::auth::authenticate;

/// Why a connection ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum End {
    /// The client closed it, or it went away.
    Client,
    /// The client did not read until its queue filled up.
    Overflow,
    /// A frame waited too long for the client to take it.
    Stalled,
    /// Nothing heard from the client for too long.
    Idle,
    /// The client broke the WebSocket protocol.
    Protocol,
    /// A frame, or a fragmented message, declared more than the limit.
    TooBig,
}

/// Trackers watched through the feed; all unwatched when dropped, however
/// the connection ends.
pub(super) struct Watched {
    api: Arc<ApiState>,
    pub(super) watch: Watch,
    pub(super) ids: HashSet<u64>,
}

impl Watched {
    pub(super) fn add(&mut self, id: u64) {
        if self.ids.insert(id) {
            self.api.cluster.watch(TrackerId(id), &self.watch);
        }
    }

    pub(super) fn remove(&mut self, id: u64) {
        if self.ids.remove(&id) {
            self.api.cluster.unwatch(TrackerId(id), &self.watch);
        }
    }
}

impl Drop for Watched {
    fn drop(&mut self) {
        for id in self.ids.drain() {
            self.api.cluster.unwatch(TrackerId(id), &self.watch);
        }
    }
}

/// The user the subscriptions belong to, and the credential they were made with.
pub(super) struct Owner {
    pub(super) user: User,
    pub(super) hash: String,
}

pub(super) type Pending = Arc<TrackerState>;

/// A frame to the client.
enum Out {
    Text(String),
    Ping,
    Pong(actix_web::web::Bytes),
}

/// One client's connection and subscriptions.
pub(super) struct Connection {
    pub(super) api: Arc<ApiState>,
    /// The client's address (the TCP peer), for its user's allowed addresses.
    pub(super) peer: Option<IpAddr>,
    pub(super) session: Session,
    /// The connection's socket, to reset it if the client stops reading.
    pub(super) socket: Option<Socket>,
    pub(super) watched: Watched,
    pub(super) owner: Option<Owner>,
    pub(super) state_ids: HashSet<u64>,
    pub(super) state_format: Format,
    pub(super) batch_ids: HashSet<u64>,
    pub(super) batch_format: Format,
    pub(super) batcher: Batcher<Pending>,
    pub(super) last_heard: Instant,
    /// What was last pushed of each watched tracker, for statuses that
    /// change with time alone.
    pub(super) seen: Watchlist,
    /// The watched id (the source's) of each tracker id subscribed to.
    pub(super) aliases: HashMap<u64, u64>,
}

/// Serves one client until it ends, then closes with the reason.
pub(super) async fn run(
    api: Arc<ApiState>,
    (session, socket): (Session, Option<Socket>),
    mut stream: MessageStream,
    handshake: Handshake,
    peer: Option<IpAddr>,
) {
    let mut changes = Subscriber::new(limits::QUEUE);
    let overflow = changes.watch();
    let mut conn = Connection {
        watched: Watched {
            api: api.clone(),
            watch: changes.watch(),
            ids: HashSet::new(),
        },
        api,
        peer,
        session,
        socket,
        owner: None,
        state_ids: HashSet::new(),
        state_format: Format::Full,
        batch_ids: HashSet::new(),
        batch_format: Format::Full,
        batcher: Batcher::new(limits::DEFAULT_RATE_LIMIT),
        last_heard: Instant::now(),
        seen: Watchlist::default(),
        aliases: HashMap::new(),
    };
    let mut heartbeat = interval_at(
        (Instant::now() + limits::HEARTBEAT).into(),
        limits::HEARTBEAT,
    );
    heartbeat.set_missed_tick_behavior(MissedTickBehavior::Delay);
    let mut sweep = interval_at(
        (Instant::now() + limits::STATUS_SWEEP).into(),
        limits::STATUS_SWEEP,
    );
    sweep.set_missed_tick_behavior(MissedTickBehavior::Delay);
    let first = handshake.first_frame(limits::HEARTBEAT);
    let mut end = match first {
        Some(frame) => conn.send(frame).await.err(),
        None => None,
    };
    while end.is_none() {
        let due = conn.batcher.due(Instant::now());
        let step = tokio::select! {
            frame = stream.recv() => conn.on_frame(frame).await,
            Some(change) = changes.recv() => conn.on_change(change).await,
            _ = sleep_until(due.unwrap_or_else(Instant::now).into()), if due.is_some() => {
                conn.flush_batch().await
            }
            _ = heartbeat.tick() => conn.on_heartbeat().await,
            _ = sweep.tick() => conn.on_sweep().await,
            _ = overflow.overflowed() => Err(End::Overflow),
        };
        end = step.err();
    }
    conn.close(end.unwrap_or(End::Client)).await;
}

impl Connection {
    /// Writes one text frame (see [`Connection::deliver`]).
    pub(super) async fn send(&mut self, text: String) -> Result<(), End> {
        self.deliver(Out::Text(text)).await
    }

    /// Writes one frame, unless the client's queue overflows or it stops
    /// taking frames first.
    async fn deliver(&mut self, out: Out) -> Result<(), End> {
        let overflow = self.watched.watch.clone();
        let session = &mut self.session;
        let write = async move {
            match out {
                Out::Text(text) => session.text(text).await,
                Out::Ping => session.ping(b"").await,
                Out::Pong(bytes) => session.pong(&bytes).await,
            }
        };
        tokio::select! {
            biased;
            _ = overflow.overflowed() => Err(End::Overflow),
            sent = write => sent.map_err(|_| End::Client),
            _ = sleep(limits::SEND_STALL) => Err(End::Stalled),
        }
    }

    async fn on_frame(
        &mut self,
        frame: Option<Result<Frame, actix_ws::ProtocolError>>,
    ) -> Result<(), End> {
        self.last_heard = Instant::now();
        match frame {
            Some(Ok(Frame::Text(text))) if text.trim() == HEARTBEAT_FRAME => {
                self.check_credential().await
            }
            Some(Ok(Frame::Text(text))) => self.on_message(&text).await,
            Some(Ok(Frame::Binary(_))) => {
                self.send(render::error(
                    None,
                    &ApiError::code(Code::WrongRequestFormat),
                    None,
                ))
                .await
            }
            Some(Ok(Frame::Ping(bytes))) => self.deliver(Out::Pong(bytes)).await,
            Some(Ok(Frame::Pong(_) | Frame::Continuation(_) | Frame::Nop)) => Ok(()),
            Some(Ok(Frame::Close(_))) | None => Err(End::Client),
            Some(Err(error)) if too_big(&error) => Err(End::TooBig),
            Some(Err(_)) => Err(End::Protocol),
        }
    }

    async fn on_message(&mut self, text: &str) -> Result<(), End> {
        let message = match request::parse(text) {
            Ok(message) => message,
            Err(refusal) => {
                let data = echo(text);
                return self
                    .send(render::error(refusal.action, &refusal.error, data.as_ref()))
                    .await;
            }
        };
        let action = message.action;
        let result = match self.caller(message.hash.as_deref()).await {
            Ok(user) => match action {
                Action::Subscribe => self.subscribe(user, &message.requests).await,
                Action::Unsubscribe => Ok(self.unsubscribe(&message.requests)),
            },
            Err(error) => Err(error),
        };
        match result {
            Ok(answer) => {
                self.send(render::response(action, &answer.outcome)).await?;
                self.send_initial(answer.initial).await
            }
            Err(error) => {
                let data = echo(text);
                self.send(render::error(Some(action), &error, data.as_ref()))
                    .await
            }
        }
    }

    async fn on_change(&mut self, change: Change) -> Result<(), End> {
        self.push(change.tracker.0, change.state).await
    }

    /// Pushes a tracker's state: at once to `state` subscribers, into the
    /// next batch for `state_batch` ones.
    async fn push(&mut self, id: u64, state: Arc<TrackerState>) -> Result<(), End> {
        let now = now_ms();
        self.seen.pushed(id, state.clone(), now, &self.api.status);
        if self.batch_ids.contains(&id) {
            self.batcher.add(id, state.clone());
        }
        if self.state_ids.contains(&id) {
            let zone = self.zone();
            let rules = &self.api.status;
            let view = Formatted::new(
                id,
                &state,
                self.seen.since(id),
                now,
                (&zone, rules),
                self.state_format,
            );
            let text = render::state_event(now, &zone, view);
            self.send(text).await?;
        }
        Ok(())
    }

    /// Pushes the trackers whose statuses have changed with time alone.
    async fn on_sweep(&mut self) -> Result<(), End> {
        for (id, state) in self.seen.changed(now_ms(), &self.api.status) {
            self.push(id, state).await?;
        }
        Ok(())
    }

    async fn flush_batch(&mut self) -> Result<(), End> {
        let batch = self.batcher.take(Instant::now());
        if batch.is_empty() {
            return Ok(());
        }
        self.send_batch(&batch).await
    }

    pub(super) async fn send_batch(&mut self, batch: &[(u64, Pending)]) -> Result<(), End> {
        let now = now_ms();
        let format = self.batch_format;
        let zone = self.zone();
        let rules = &self.api.status;
        let views: Vec<Formatted<'_>> = batch
            .iter()
            .map(|(id, state)| {
                let since = self.seen.since(*id);
                Formatted::new(*id, state, since, now, (&zone, rules), format)
            })
            .collect();
        let text = render::batch_event(now, &zone, &views);
        drop(views);
        self.send(text).await
    }

    /// The zone the subscribing user's times are written in.
    pub(super) fn zone(&self) -> UserZone {
        self.owner
            .as_ref()
            .map_or_else(UserZone::utc, |owner| UserZone::of(&owner.user))
    }

    async fn on_heartbeat(&mut self) -> Result<(), End> {
        if self.last_heard.elapsed() >= limits::IDLE {
            return Err(End::Idle);
        }
        self.send(HEARTBEAT_FRAME.to_owned()).await?;
        self.deliver(Out::Ping).await?;
        self.check_credential().await
    }

    /// Ends the subscriptions with a `logout` event once their credential
    /// has ended (logout, expiry, blocked user, deleted key).
    async fn check_credential(&mut self) -> Result<(), End> {
        let Some(owner) = &self.owner else {
            return Ok(());
        };
        let params = Params::from_json(json!({ "hash": owner.hash }));
        match authenticate(&self.api, &params, self.peer).await {
            Err(error) if matches!(error.code, Code::WrongHash | Code::SessionNotFound) => {}
            _ => return Ok(()),
        }
        self.owner = None;
        for id in self.state_ids.drain().chain(self.batch_ids.drain()) {
            self.batcher.remove(id);
            self.watched.remove(id);
            self.seen.forget(id);
        }
        self.send(render::logout_event()).await
    }

    async fn close(mut self, end: End) {
        // Nothing more is watched from here on, whatever the close costs.
        let ids: Vec<u64> = self.watched.ids.iter().copied().collect();
        for id in ids {
            self.watched.remove(id);
            self.seen.forget(id);
        }
        let reason = match end {
            End::Client => None,
            End::Overflow => Some((CloseCode::Policy, "not reading: push queue full")),
            End::Stalled => Some((CloseCode::Policy, "not reading: write stalled")),
            End::Idle => Some((CloseCode::Away, "idle")),
            End::Protocol => Some((CloseCode::Protocol, "protocol error")),
            End::TooBig => Some((CloseCode::Size, "frame too big")),
        };
        if let Some((_, why)) = reason {
            tracing::info!(reason = why, "closing a live-push connection");
        }
        let reason = reason.map(|(code, why)| CloseReason {
            code,
            description: Some(why.to_owned()),
        });
        let socket = self.socket.take();
        if matches!(end, End::TooBig | End::Protocol)
            && let Some(socket) = &socket
        {
            // A client breaking the protocol may go on sending as fast as
            // it can. Once the close ends the response, the HTTP layer
            // reads on, and drops what it reads, for as long as the client
            // keeps sending, so the connection is reset first: the close
            // frame is not worth what such a client could send meanwhile.
            socket.clone().reset();
        }
        let _ = timeout(limits::CLOSE_GRACE, self.session.close(reason)).await;
        let Some(socket) = socket else {
            return;
        };
        match end {
            // A client that is not reading takes neither the frames queued
            // for it nor the close: its connection is reset, which frees
            // what it left in the socket.
            End::Overflow | End::Stalled => socket.reset(),
            // The close goes out, then the connection ends, whether or not
            // the client answers it.
            End::Client | End::Idle => {
                sleep(limits::CLOSE_FLUSH).await;
                socket.shut_down();
            }
            End::TooBig | End::Protocol => {}
        }
    }
}

/// Whether the stream failed on a frame over the limit: the codec's own
/// check, or the gate's, which comes through actix-ws as an I/O error.
fn too_big(error: &actix_ws::ProtocolError) -> bool {
    match error {
        actix_ws::ProtocolError::Overflow => true,
        actix_ws::ProtocolError::Io(io) => io
            .get_ref()
            .and_then(|inner| inner.downcast_ref::<actix_web::error::PayloadError>())
            .is_some_and(|payload| matches!(payload, actix_web::error::PayloadError::Overflow)),
        _ => false,
    }
}

/// The request's parameters without its credential, for error answers.
fn echo(text: &str) -> Option<Value> {
    let mut value: Value = serde_json::from_str(text).ok()?;
    let fields = value.as_object_mut()?;
    fields.remove("hash");
    fields.remove("action");
    (!fields.is_empty()).then_some(value)
}
