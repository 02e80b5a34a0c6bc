//! The per-packet counters, looked up once per protocol.
//!
//! Every acknowledged packet counts its records and its ack, by protocol.
//! Resolving a labelled counter hashes and compares its name and labels in
//! the metrics registry; the handles here are resolved once per protocol
//! and shared by that protocol's sessions.

use std::sync::{Arc, Mutex, PoisonError};

use metrics::Counter;
use trackgate_protocols::Protocol;

use crate::metrics as m;

/// One protocol's per-packet counters.
#[derive(Debug)]
pub(crate) struct PacketCounters {
    /// Records decoded ([`m::RECORDS_DECODED`]).
    pub decoded: Counter,
    /// Acks written after a durable commit ([`m::ACKS_SENT`]).
    pub acks: Counter,
}

/// The counters of every protocol that has had a session.
#[derive(Debug, Default)]
pub(crate) struct CounterCache(Mutex<Vec<(&'static str, Arc<PacketCounters>)>>);

impl CounterCache {
    /// `protocol`'s counters, resolved on first use.
    pub fn get(&self, protocol: Protocol) -> Arc<PacketCounters> {
        let name = protocol.name();
        let mut known = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some((_, counters)) = known.iter().find(|(n, _)| *n == name) {
            return counters.clone();
        }
        let counters = Arc::new(PacketCounters {
            decoded: metrics::counter!(m::RECORDS_DECODED, "protocol" => name),
            acks: metrics::counter!(m::ACKS_SENT, "protocol" => name),
        });
        known.push((name, counters.clone()));
        counters
    }
}
