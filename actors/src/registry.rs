//! Identified sessions, by tracker.
//!
//! A session registers once its device is identified and deregisters when it
//! stops. A second connection with the same identity replaces the first: the
//! registry hands back the old entry so the caller can close it. Entries carry
//! the connection's serial number so that a replaced session, stopping late,
//! never removes its successor.
//!
//! Every state it is given, and every connect and disconnect, also goes to
//! its [`Feed`], for whoever watches that tracker (nearly free when no one does),
//! and to its [`Observer`] if it has one (the cluster link, which tells the
//! other gateway nodes; it must never wait).

use actix::Addr;
use dashmap::DashMap;
use std::sync::{Arc, OnceLock};

use trackgate_store::{TrackerId, TrackerState};

use crate::feed::Feed;
use crate::rates::Rate;
use crate::session::DeviceSession;

/// A registered session.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The session's address.
    pub addr: Addr<DeviceSession>,
    /// The connection's serial number, unique for the process's lifetime.
    pub conn: u64,
    /// Where the device connected from (for UDP, its first datagram).
    pub peer: std::net::SocketAddr,
    /// The protocol the device speaks on this connection.
    pub protocol: trackgate_protocols::Protocol,
    /// The tracker's live state as the session last published it (after
    /// each commit, and on heartbeats). The session shares the very `Arc`
    /// it holds, so publishing costs no copy.
    pub state: Arc<TrackerState>,
}

/// Told of every registration, deregistration and published state, on the
/// ingest path: an implementation queues what it is told and returns at
/// once, never waiting (the cluster link of a node of several).
pub trait Observer: Send + Sync + std::fmt::Debug {
    /// A session of `tracker` registered (replacing any older one of this node).
    fn registered(&self, tracker: TrackerId, entry: &Entry);
    /// The session `conn` of `tracker` deregistered; no session of it is left here.
    fn deregistered(&self, tracker: TrackerId, conn: u64, state: &Arc<TrackerState>);
    /// The session holding `tracker` published `state`.
    fn published(&self, tracker: TrackerId, state: &Arc<TrackerState>);
}

/// Identified sessions, by tracker, and the records this node received.
#[derive(Debug)]
pub struct Registry {
    sessions: DashMap<TrackerId, Entry>,
    feed: Feed,
    records: Rate,
    started_ms: i64,
    observer: OnceLock<Arc<dyn Observer>>,
}

impl Default for Registry {
    fn default() -> Self {
        Self {
            sessions: DashMap::new(),
            feed: Feed::default(),
            records: Rate::default(),
            started_ms: crate::now_ms(),
            observer: OnceLock::new(),
        }
    }
}

impl Registry {
    /// An empty registry, started now.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records received from devices, over the last minute and in total.
    pub fn records(&self) -> &Rate {
        &self.records
    }

    /// When this node started, ms since the epoch.
    pub fn started_ms(&self) -> i64 {
        self.started_ms
    }

    /// Makes `observer` told of every change from now on; false if the
    /// registry already has one (it keeps that one).
    pub fn observe(&self, observer: Arc<dyn Observer>) -> bool {
        self.observer.set(observer).is_ok()
    }

    /// Registers a session; returns the one it replaces, if any.
    pub fn register(&self, tracker: TrackerId, entry: Entry) -> Option<Entry> {
        let state = entry.state.clone();
        if let Some(observer) = self.observer.get() {
            observer.registered(tracker, &entry);
        }
        let old = self.sessions.insert(tracker, entry);
        self.feed.notify(tracker, &state, true);
        old
    }

    /// Removes the tracker's entry if it still belongs to connection `conn`.
    pub fn deregister(&self, tracker: TrackerId, conn: u64) {
        let removed = self
            .sessions
            .remove_if(&tracker, |_, entry| entry.conn == conn);
        if let Some((_, entry)) = removed {
            if let Some(observer) = self.observer.get() {
                observer.deregistered(tracker, conn, &entry.state);
            }
            self.feed.notify(tracker, &entry.state, false);
        }
    }

    /// Replaces the published state of `tracker` if connection `conn` still
    /// holds it, and hands it to the tracker's watchers.
    pub fn publish(&self, tracker: TrackerId, conn: u64, state: Arc<TrackerState>) {
        let Some(mut entry) = self.sessions.get_mut(&tracker) else {
            return;
        };
        if entry.conn != conn {
            return;
        }
        entry.state = state;
        if let Some(observer) = self.observer.get() {
            observer.published(tracker, &entry.state);
        }
        // Checked after the write, under the entry's lock: a watcher that
        // reads the state after it starts watching either sees this write
        // or is counted here and notified.
        if self.feed.is_idle() {
            return;
        }
        let state = entry.state.clone();
        drop(entry);
        self.feed.notify(tracker, &state, true);
    }

    /// The change feed of every tracker's live state.
    pub fn feed(&self) -> &Feed {
        &self.feed
    }

    /// The live state of a connected tracker, read without asking its session.
    pub fn live_state(&self, tracker: TrackerId) -> Option<Arc<TrackerState>> {
        self.sessions.get(&tracker).map(|e| e.state.clone())
    }

    /// The session connected for this tracker, if any.
    pub fn get(&self, tracker: TrackerId) -> Option<Entry> {
        self.sessions.get(&tracker).map(|e| e.clone())
    }

    /// The trackers connected now, in no particular order.
    pub fn connected(&self) -> Vec<TrackerId> {
        self.sessions.iter().map(|entry| *entry.key()).collect()
    }

    /// How many trackers are connected.
    pub fn len(&self) -> usize {
        self.sessions.len()
    }

    /// Whether no tracker is connected.
    pub fn is_empty(&self) -> bool {
        self.sessions.is_empty()
    }
}
