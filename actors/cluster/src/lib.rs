//! Gateway nodes over NATS: several nodes behind a TCP load balancer share
//! one store, and NATS carries what must reach the node holding a device.
//!
//! The API speaks to a [`Cluster`]: who holds a tracker ([`Holder`]), its
//! live state, commands and their cancellation, deactivation, watching a
//! tracker for live push, and the other nodes. A gateway without a
//! `[cluster]` section has a single-node `Cluster` that answers from the
//! local registry alone, exactly as before, with no NATS at all.
//!
//! # Layout
//!
//! - [`config`]: the node's cluster settings.
//! - [`claim`]: which of two connections of one device survives.
//! - [`wire`]: subjects and messages, and their encoding.
//! - `holder`: who holds a device, as the API is told, and why another node could not be asked.
//! - `observer`: the registry's events, queued for the link without waiting.
//! - `link`: the NATS connection, its thread and runtime, the event loop, calls.
//! - `holding`: answering for a held tracker; relaying watched trackers' changes.
//! - [`members`]: heartbeats and the nodes heard.

pub mod claim;
pub mod config;
mod holder;
mod holding;
mod link;
pub mod members;
mod observer;
pub mod wire;

use std::sync::Arc;
use std::time::Duration;

use trackgate_actors::feed::Watch;
use trackgate_actors::registry::Registry;
use trackgate_actors::session::messages::{Cancel, Deactivated, Deliver};
use trackgate_actors::slots::DeviceSlots;
use trackgate_store::{CommandId, CommandRecord, Store, TrackerId, TrackerState};

pub use config::ClusterConfig;
pub use holder::{Holder, Remote, Unreachable};
pub use members::Peer;

use link::Link;
use observer::Event;
use wire::{FromHolder, ToHolder};

/// The id of a node that is not part of a cluster.
pub const SINGLE_NODE: u64 = 1;

/// The name of a node that is not part of a cluster.
pub const SINGLE_NAME: &str = "main";

/// This node's view of its cluster (cheap to clone).
#[derive(Debug, Clone)]
pub struct Cluster {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    registry: Arc<Registry>,
    node: u64,
    name: String,
    link: Option<Link>,
}

impl Cluster {
    /// A node on its own: everything is answered from `registry`.
    pub fn single(registry: Arc<Registry>) -> Self {
        Self {
            inner: Arc::new(Inner {
                registry,
                node: SINGLE_NODE,
                name: SINGLE_NAME.into(),
                link: None,
            }),
        }
    }

    /// Joins the cluster `config` describes: starts the link's thread and
    /// connects to NATS in the background (a NATS that is not up yet is
    /// retried; the node works locally meanwhile).
    pub fn start(
        config: ClusterConfig,
        registry: Arc<Registry>,
        store: Arc<dyn Store>,
        slots: Arc<DeviceSlots>,
    ) -> std::io::Result<Self> {
        let node = config.node_id;
        let name = config.node_name.clone();
        let link = Link::start(config, registry.clone(), store, slots)?;
        if !registry.observe(link.queue.clone()) {
            tracing::warn!(
                "the registry already had an observer; this node's presence is not announced"
            );
        }
        Ok(Self {
            inner: Arc::new(Inner {
                registry,
                node,
                name,
                link: Some(link),
            }),
        })
    }

    /// Makes heartbeats announce `address` as where this node's API listens.
    pub fn announce_api(&self, address: String) {
        if let Some(link) = &self.inner.link
            && let Ok(mut announced) = link.ctx.api_address.lock()
        {
            *announced = address;
        }
    }

    /// This node's id.
    pub fn node_id(&self) -> u64 {
        self.inner.node
    }

    /// This node's name.
    pub fn node_name(&self) -> &str {
        &self.inner.name
    }

    /// Whether this node is one of several.
    pub fn is_clustered(&self) -> bool {
        self.inner.link.is_some()
    }

    /// Whether the link to NATS is up (always true for a single node).
    pub fn is_connected(&self) -> bool {
        self.inner
            .link
            .as_ref()
            .is_none_or(|link| link.ctx.is_connected())
    }

    /// This node's registry.
    pub fn registry(&self) -> &Arc<Registry> {
        &self.inner.registry
    }

    /// Runs `call` to the holder of `tracker` on the link's runtime.
    async fn call(
        &self,
        tracker: TrackerId,
        call: ToHolder,
    ) -> Result<Option<FromHolder>, Unreachable> {
        let Some(link) = &self.inner.link else {
            return Ok(None);
        };
        let ctx = link.ctx.clone();
        link.handle
            .spawn(async move { ctx.call(tracker, &call).await })
            .await
            .map_err(|_| Unreachable::Failed("the cluster link stopped".into()))?
    }

    /// Who holds `tracker`'s device: this node, another, none, or (NATS
    /// away) this node cannot tell.
    pub async fn holder(&self, tracker: TrackerId) -> Holder {
        if let Some(entry) = self.inner.registry.get(tracker) {
            return Holder::Local(entry);
        }
        match self.call(tracker, ToHolder::Ask).await {
            Ok(Some(FromHolder::Held(holding))) => Holder::Remote(Box::new(Remote {
                node: holding.node,
                protocol: trackgate_protocols::catalogue::by_name(&holding.protocol),
                peer: holding.peer,
                state: Arc::new(holding.state),
            })),
            Ok(_) => Holder::Offline,
            Err(why) => Holder::Unreachable(why),
        }
    }

    /// [`Cluster::holder`] for code on a blocking thread (never an async one).
    pub fn holder_blocking(&self, tracker: TrackerId) -> Holder {
        if let Some(entry) = self.inner.registry.get(tracker) {
            return Holder::Local(entry);
        }
        if self.inner.link.is_none() {
            return Holder::Offline;
        }
        let this = self.clone();
        self.blocking(async move { this.holder(tracker).await })
            .unwrap_or_else(Holder::Unreachable)
    }

    /// The live state of a connected device (`None`: offline).
    pub async fn state(
        &self,
        tracker: TrackerId,
    ) -> Result<Option<Arc<TrackerState>>, Unreachable> {
        match self.holder(tracker).await {
            Holder::Unreachable(why) => Err(why),
            holder => Ok(holder.state()),
        }
    }

    /// Hands a stored command to the session holding its device, wherever
    /// it is; `Ok(false)` when no session took it (the device is offline:
    /// the command waits in the store for its next login).
    pub async fn deliver(
        &self,
        tracker: TrackerId,
        command: &CommandRecord,
    ) -> Result<bool, Unreachable> {
        if let Some(entry) = self.inner.registry.get(tracker) {
            entry.addr.do_send(Deliver(command.clone()));
            return Ok(true);
        }
        match self
            .call(
                tracker,
                ToHolder::Deliver {
                    command: command.id.0,
                },
            )
            .await?
        {
            Some(FromHolder::Done { taken }) => Ok(taken),
            _ => Ok(false),
        }
    }

    /// Makes the session holding the device drop a command, wherever it is,
    /// before the caller records the cancellation.
    pub async fn cancel(&self, tracker: TrackerId, command: CommandId) -> Result<(), Unreachable> {
        if let Some(entry) = self.inner.registry.get(tracker) {
            let _ = entry.addr.send(Cancel(command)).await;
            return Ok(());
        }
        self.call(tracker, ToHolder::Cancel { command: command.0 })
            .await
            .map(|_| ())
    }

    /// Tells the session holding the device, wherever it is, that its
    /// tracker is no longer active; `Ok(false)` when none holds it.
    pub async fn deactivate(&self, tracker: TrackerId) -> Result<bool, Unreachable> {
        if let Some(entry) = self.inner.registry.get(tracker) {
            entry.addr.do_send(Deactivated);
            return Ok(true);
        }
        match self.call(tracker, ToHolder::Deactivate).await? {
            Some(FromHolder::Done { taken }) => Ok(taken),
            _ => Ok(false),
        }
    }

    /// [`Cluster::deactivate`] for code on a blocking thread.
    pub fn deactivate_blocking(&self, tracker: TrackerId) -> Result<bool, Unreachable> {
        if let Some(entry) = self.inner.registry.get(tracker) {
            entry.addr.do_send(Deactivated);
            return Ok(true);
        }
        if self.inner.link.is_none() {
            return Ok(false);
        }
        let this = self.clone();
        self.blocking(async move { this.deactivate(tracker).await })?
    }

    /// Tells the other nodes' sessions of these trackers, if any, that their
    /// trackers are no longer active, without waiting for the answers
    /// (trackers this node holds are left to the caller; a single node does
    /// nothing). A node that cannot be reached refuses the device at its
    /// next login anyway.
    pub fn deactivate_elsewhere(&self, trackers: &[TrackerId]) {
        let Some(link) = &self.inner.link else {
            return;
        };
        for &tracker in trackers {
            if self.inner.registry.get(tracker).is_some() {
                continue;
            }
            let ctx = link.ctx.clone();
            link.handle.spawn(async move {
                if let Err(why) = ctx.call(tracker, &ToHolder::Deactivate).await {
                    tracing::warn!(tracker = tracker.0, %why, "could not tell another node to close a tracker's connection");
                }
            });
        }
    }

    /// Runs `work` on the link's runtime and waits for it on this thread.
    fn blocking<T: Send + 'static>(
        &self,
        work: impl std::future::Future<Output = T> + Send + 'static,
    ) -> Result<T, Unreachable> {
        let Some(link) = &self.inner.link else {
            return Err(Unreachable::Disconnected);
        };
        let (tx, rx) = std::sync::mpsc::channel();
        link.handle.spawn(async move {
            let _ = tx.send(work.await);
        });
        rx.recv_timeout(link.ctx.call_timeout + Duration::from_secs(2))
            .map_err(|_| Unreachable::TimedOut)
    }

    /// Makes `subscriber` receive `tracker`'s changes, whichever node holds it.
    pub fn watch(&self, tracker: TrackerId, subscriber: &Watch) {
        self.inner.registry.feed().watch(tracker, subscriber);
        if let Some(link) = &self.inner.link {
            link.queue.offer(Event::Interest(tracker));
        }
    }

    /// Stops `subscriber` receiving `tracker`'s changes.
    pub fn unwatch(&self, tracker: TrackerId, subscriber: &Watch) {
        self.inner.registry.feed().unwatch(tracker, subscriber);
        if let Some(link) = &self.inner.link {
            link.queue.offer(Event::Interest(tracker));
        }
    }

    /// Every other node heard since this one started, alive or not, by id
    /// (none for a single node).
    pub fn peers(&self) -> Vec<Peer> {
        match &self.inner.link {
            Some(link) => {
                let alive_for = link.ctx.config.alive_for().as_millis() as i64;
                link.ctx.members.peers(alive_for)
            }
            None => Vec::new(),
        }
    }

    /// Drops the NATS connection and every subscription at once (a node
    /// stopping, or killed): other nodes find its devices offline.
    pub fn stop(&self) {
        if let Some(link) = &self.inner.link {
            link.stop();
        }
    }
}
