//! Identified sessions, by tracker.
//!
//! A session registers once its device is identified and deregisters when it
//! stops. A second connection with the same identity replaces the first: the
//! registry hands back the old entry so the caller can close it. Entries carry
//! the connection's serial number so that a replaced session, stopping late,
//! never removes its successor.
//!
//! It also tracks every open connection, identified or not, so a graceful
//! shutdown can close them all and know when they are gone.

use actix::Addr;
use dashmap::DashMap;
use trackgate_store::TrackerId;

use crate::session::DeviceSession;

/// A registered session.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The session's address.
    pub addr: Addr<DeviceSession>,
    /// The connection's serial number, unique for the process's lifetime.
    pub conn: u64,
}

/// Identified sessions, by tracker.
#[derive(Debug, Default)]
pub struct Registry {
    sessions: DashMap<TrackerId, Entry>,
    connections: DashMap<u64, Addr<DeviceSession>>,
}

impl Registry {
    /// An empty registry.
    pub fn new() -> Self {
        Self::default()
    }

    /// Registers a session; returns the one it replaces, if any.
    pub fn register(&self, tracker: TrackerId, entry: Entry) -> Option<Entry> {
        self.sessions.insert(tracker, entry)
    }

    /// Removes the tracker's entry if it still belongs to connection `conn`.
    pub fn deregister(&self, tracker: TrackerId, conn: u64) {
        self.sessions
            .remove_if(&tracker, |_, entry| entry.conn == conn);
    }

    /// The session connected for this tracker, if any.
    pub fn get(&self, tracker: TrackerId) -> Option<Entry> {
        self.sessions.get(&tracker).map(|e| e.clone())
    }

    /// How many trackers are connected.
    pub fn len(&self) -> usize {
        self.sessions.len()
    }

    /// Whether no tracker is connected.
    pub fn is_empty(&self) -> bool {
        self.sessions.is_empty()
    }

    /// Records an open connection.
    pub fn open(&self, conn: u64, addr: Addr<DeviceSession>) {
        self.connections.insert(conn, addr);
    }

    /// Forgets a closed connection.
    pub fn close(&self, conn: u64) {
        self.connections.remove(&conn);
    }

    /// How many connections are open, identified or not.
    pub fn open_connections(&self) -> usize {
        self.connections.len()
    }

    /// Every open connection (a snapshot).
    pub fn connections(&self) -> Vec<Addr<DeviceSession>> {
        self.connections.iter().map(|e| e.value().clone()).collect()
    }
}
