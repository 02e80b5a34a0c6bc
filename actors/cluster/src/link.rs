//! The NATS connection and everything that runs on it, on a thread and
//! runtime of its own: the event loop (held trackers, watched trackers,
//! state changes), the holders' subscriptions, heartbeats and calls.
//!
//! Nothing here is awaited on the device path: the registry's events come
//! through a bounded queue ([`crate::observer`]), publishes are given up
//! after the call timeout, and every publish is skipped while NATS is away
//! (state changes are fire-and-forget; claims are made again on reconnect).

use std::collections::HashMap;
use std::sync::atomic::AtomicU64;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_nats::connection::State;
use async_nats::{Client, RequestErrorKind};
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;
use trackgate_actors::registry::Registry;
use trackgate_actors::slots::DeviceSlots;
use trackgate_store::{Store, TrackerId, TrackerState};

use crate::Unreachable;
use crate::claim::Claim;
use crate::config::ClusterConfig;
use crate::members::{self, Members};
use crate::observer::{Event, QUEUE, Queue};
use crate::wire::{self, FromHolder, StateChange, ToHolder};

/// What the link's tasks share.
#[derive(Debug)]
pub(crate) struct Ctx {
    pub(crate) client: Client,
    pub(crate) registry: Arc<Registry>,
    pub(crate) store: Arc<dyn Store>,
    pub(crate) slots: Arc<DeviceSlots>,
    pub(crate) config: ClusterConfig,
    pub(crate) prefix: String,
    pub(crate) node: u64,
    pub(crate) call_timeout: Duration,
    pub(crate) members: Members,
    /// Where this node's API listens, as heartbeats announce it.
    pub(crate) api_address: Mutex<String>,
}

impl Ctx {
    /// Whether NATS is reachable now.
    pub(crate) fn is_connected(&self) -> bool {
        self.client.connection_state() == State::Connected
    }

    /// Publishes without waiting long: skipped while NATS is away, given up
    /// after the call timeout.
    pub(crate) async fn publish(&self, subject: String, payload: Vec<u8>) {
        if !self.is_connected() {
            return;
        }
        let sent = self.client.publish(subject, payload.into());
        match tokio::time::timeout(self.call_timeout, sent).await {
            Ok(Ok(())) => {}
            Ok(Err(error)) => tracing::debug!(%error, "publish failed"),
            Err(_) => tracing::debug!("publish timed out"),
        }
    }

    /// Calls the node holding `tracker`: `Ok(None)` when no node does.
    pub(crate) async fn call(
        &self,
        tracker: TrackerId,
        call: &ToHolder,
    ) -> Result<Option<FromHolder>, Unreachable> {
        if !self.is_connected() {
            return Err(Unreachable::Disconnected);
        }
        let subject = wire::holder_subject(&self.prefix, tracker);
        let request = async_nats::Request::new()
            .payload(wire::encode(call).into())
            .timeout(Some(self.call_timeout));
        let sent = self.client.send_request(subject, request);
        let grace = self.call_timeout + Duration::from_millis(500);
        match tokio::time::timeout(grace, sent).await {
            Ok(Ok(message)) => wire::decode(&message.payload)
                .map(Some)
                .map_err(|e| Unreachable::Garbled(e.to_string())),
            Ok(Err(error)) if error.kind() == RequestErrorKind::NoResponders => Ok(None),
            Ok(Err(error)) if error.kind() == RequestErrorKind::TimedOut => {
                Err(Unreachable::TimedOut)
            }
            Ok(Err(error)) => Err(Unreachable::Failed(error.to_string())),
            Err(_) => Err(Unreachable::TimedOut),
        }
    }
}

/// A running link: its runtime's handle, its event queue, and how to stop it.
#[derive(Debug)]
pub(crate) struct Link {
    pub(crate) ctx: Arc<Ctx>,
    pub(crate) handle: tokio::runtime::Handle,
    pub(crate) queue: Arc<Queue>,
    stop: Mutex<Option<oneshot::Sender<()>>>,
    thread: Mutex<Option<std::thread::JoinHandle<()>>>,
}

impl Link {
    /// Starts the link's thread and connects (in the background: a NATS
    /// that is not there yet is retried, the node starts anyway).
    pub(crate) fn start(
        config: ClusterConfig,
        registry: Arc<Registry>,
        store: Arc<dyn Store>,
        slots: Arc<DeviceSlots>,
    ) -> std::io::Result<Link> {
        let (events_tx, events_rx) = mpsc::channel(QUEUE);
        let queue = Arc::new(Queue {
            node: config.node_id,
            tx: events_tx,
            dropped: AtomicU64::new(0),
        });
        let (stop_tx, stop_rx) = oneshot::channel::<()>();
        let (ready_tx, ready_rx) = std::sync::mpsc::channel();
        let reconnected = queue.clone();
        let thread = std::thread::Builder::new()
            .name("cluster".into())
            .spawn(move || {
                let runtime = match tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                {
                    Ok(runtime) => runtime,
                    Err(error) => {
                        let _ = ready_tx.send(Err(error));
                        return;
                    }
                };
                runtime.block_on(async move {
                    let client = match connect(&config, reconnected).await {
                        Ok(client) => client,
                        Err(error) => {
                            let _ = ready_tx.send(Err(std::io::Error::other(error)));
                            return;
                        }
                    };
                    let ctx = Arc::new(Ctx {
                        client,
                        registry,
                        store,
                        slots,
                        prefix: config.subject_prefix.clone(),
                        node: config.node_id,
                        call_timeout: config.call_timeout,
                        members: Members::default(),
                        api_address: Mutex::new(config.api_address.clone()),
                        config,
                    });
                    let tasks = [
                        tokio::spawn(run(ctx.clone(), events_rx)),
                        tokio::spawn(members::beat(ctx.clone())),
                        tokio::spawn(members::listen(ctx.clone())),
                    ];
                    let _ = ready_tx.send(Ok((ctx, tokio::runtime::Handle::current())));
                    let _ = stop_rx.await;
                    for task in tasks {
                        task.abort();
                    }
                });
                // Whatever still runs on it (holders, relays, the connection)
                // is dropped here, and the NATS connection with it.
                runtime.shutdown_background();
            })?;
        let (ctx, handle) = ready_rx
            .recv()
            .map_err(|_| std::io::Error::other("the cluster thread ended before it started"))??;
        Ok(Link {
            ctx,
            handle,
            queue,
            stop: Mutex::new(Some(stop_tx)),
            thread: Mutex::new(Some(thread)),
        })
    }

    /// Drops the NATS connection and every subscription at once.
    pub(crate) fn stop(&self) {
        if let Some(stop) = self.stop.lock().ok().and_then(|mut s| s.take()) {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.lock().ok().and_then(|mut t| t.take()) {
            let _ = thread.join();
        }
    }
}

/// Connects in the background, reconnecting for ever with a short backoff.
async fn connect(
    config: &ClusterConfig,
    queue: Arc<Queue>,
) -> Result<Client, async_nats::ConnectError> {
    let urls: Vec<async_nats::ServerAddr> = config
        .nats_urls
        .iter()
        .filter_map(|url| match url.parse() {
            Ok(addr) => Some(addr),
            Err(error) => {
                tracing::warn!(url, %error, "ignoring an unreadable NATS url");
                None
            }
        })
        .collect();
    async_nats::ConnectOptions::new()
        .name(format!(
            "trackgate node {} ({})",
            config.node_id, config.node_name
        ))
        .no_echo()
        .retry_on_initial_connect()
        .max_reconnects(None)
        .connection_timeout(config.call_timeout.max(Duration::from_secs(1)))
        .request_timeout(Some(config.call_timeout))
        .ping_interval(Duration::from_secs(5))
        .reconnect_delay_callback(|attempts| {
            Duration::from_millis((attempts as u64 * 100).min(1_000))
        })
        .event_callback(move |event| {
            let queue = queue.clone();
            async move {
                match event {
                    async_nats::Event::Connected => {
                        tracing::info!("connected to NATS");
                        queue.offer(Event::Connected);
                    }
                    async_nats::Event::Disconnected => {
                        tracing::warn!("lost NATS; cross-node calls fail until it is back")
                    }
                    other => tracing::debug!(event = %other, "NATS event"),
                }
            }
        })
        .connect(urls)
        .await
}

/// A tracker this node holds.
struct Held {
    conn: u64,
    claim: Claim,
    task: JoinHandle<()>,
    /// Tells the task to let go gracefully (unsubscribe, answer what is
    /// already on its way).
    release: Option<oneshot::Sender<()>>,
}

/// Starts answering for `tracker` on this node.
fn spawn_hold(
    ctx: &Arc<Ctx>,
    tracker: TrackerId,
    claim: Claim,
) -> (JoinHandle<()>, oneshot::Sender<()>) {
    let (release, released) = oneshot::channel();
    let task = tokio::spawn(crate::holding::hold(ctx.clone(), tracker, claim, released));
    (task, release)
}

/// The event loop: holds and releases trackers, publishes their changes,
/// follows watched trackers, announces everything held after a reconnect.
async fn run(ctx: Arc<Ctx>, mut events: mpsc::Receiver<Event>) {
    let mut held: HashMap<TrackerId, Held> = HashMap::new();
    let mut relays: HashMap<TrackerId, JoinHandle<()>> = HashMap::new();
    while let Some(event) = events.recv().await {
        match event {
            Event::Registered {
                tracker,
                conn,
                claim,
                state,
            } => {
                match held.get_mut(&tracker) {
                    // A newer connection of this node: the subscription stays.
                    Some(h) if !h.task.is_finished() => {
                        h.conn = conn;
                        h.claim = claim;
                        let subject = wire::holder_subject(&ctx.prefix, tracker);
                        ctx.publish(subject, wire::encode(&ToHolder::Claim(claim)))
                            .await;
                    }
                    _ => {
                        let (task, release) = spawn_hold(&ctx, tracker, claim);
                        held.insert(
                            tracker,
                            Held {
                                conn,
                                claim,
                                task,
                                release: Some(release),
                            },
                        );
                    }
                }
                publish_change(&ctx, tracker, &state, true).await;
            }
            Event::Deregistered {
                tracker,
                conn,
                state,
            } => {
                if held.get(&tracker).is_some_and(|h| h.conn == conn)
                    && let Some(mut h) = held.remove(&tracker)
                {
                    // The task ends by itself once it has let go.
                    let released = h.release.take().is_some_and(|r| r.send(()).is_ok());
                    if !released {
                        h.task.abort();
                    }
                }
                publish_change(&ctx, tracker, &state, false).await;
            }
            Event::Published { tracker, state } => {
                publish_change(&ctx, tracker, &state, true).await;
            }
            Event::Interest(tracker) => {
                let watched = ctx.registry.feed().watchers(tracker) > 0;
                match (watched, relays.contains_key(&tracker)) {
                    (true, false) => {
                        let task = tokio::spawn(crate::holding::relay(ctx.clone(), tracker));
                        relays.insert(tracker, task);
                    }
                    (false, true) => {
                        if let Some(task) = relays.remove(&tracker) {
                            task.abort();
                        }
                    }
                    _ => {}
                }
            }
            Event::Connected => {
                // Subscriptions come back with the connection; claims made
                // while NATS was away, and subscriptions that never were, are
                // made now, so two holders of one device settle.
                for (tracker, h) in held.iter_mut() {
                    if h.task.is_finished() {
                        let (task, release) = spawn_hold(&ctx, *tracker, h.claim);
                        h.task = task;
                        h.release = Some(release);
                    } else {
                        let subject = wire::holder_subject(&ctx.prefix, *tracker);
                        ctx.publish(subject, wire::encode(&ToHolder::Claim(h.claim)))
                            .await;
                    }
                }
                for (tracker, task) in relays.iter_mut() {
                    if task.is_finished() {
                        *task = tokio::spawn(crate::holding::relay(ctx.clone(), *tracker));
                    }
                }
            }
        }
    }
}

/// Publishes a change of `tracker` for the push clients of other nodes.
async fn publish_change(ctx: &Ctx, tracker: TrackerId, state: &Arc<TrackerState>, connected: bool) {
    if !ctx.is_connected() {
        return;
    }
    let change = StateChange {
        node: ctx.node,
        connected,
        state: (**state).clone(),
    };
    ctx.publish(
        wire::state_subject(&ctx.prefix, tracker),
        wire::encode(&change),
    )
    .await;
}
