//! The registry's side of the link: what sessions do, queued for the
//! link's task without ever waiting.
//!
//! The registry calls the [`Observer`] on the ingest path (every commit
//! publishes a state). Each call is one `try_send` on a bounded queue; a
//! full queue drops the event and counts it (the next state of that tracker
//! goes out anyway, and held trackers are announced again after every
//! reconnect), so a slow or absent NATS never slows a device.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use tokio::sync::mpsc;
use trackgate_actors::registry::{Entry, Observer};
use trackgate_store::{TrackerId, TrackerState};

use crate::claim::Claim;

/// Events the link's task works through, in order.
#[derive(Debug)]
pub(crate) enum Event {
    /// A session of this node identified `tracker`: hold it, claim it.
    Registered {
        tracker: TrackerId,
        conn: u64,
        claim: Claim,
        state: Arc<TrackerState>,
    },
    /// The session `conn` of `tracker` ended.
    Deregistered {
        tracker: TrackerId,
        conn: u64,
        state: Arc<TrackerState>,
    },
    /// The holding session published a new state.
    Published {
        tracker: TrackerId,
        state: Arc<TrackerState>,
    },
    /// A push client here started, or stopped, watching `tracker`.
    Interest(TrackerId),
    /// The connection to NATS came (back): announce every held tracker.
    Connected,
}

/// How many events may wait for the link's task.
pub(crate) const QUEUE: usize = 65_536;

/// The registry's observer: queues events for the link.
#[derive(Debug)]
pub(crate) struct Queue {
    pub(crate) node: u64,
    pub(crate) tx: mpsc::Sender<Event>,
    pub(crate) dropped: AtomicU64,
}

impl Queue {
    pub(crate) fn offer(&self, event: Event) {
        if self.tx.try_send(event).is_err() {
            let dropped = self.dropped.fetch_add(1, Ordering::Relaxed) + 1;
            metrics::counter!(trackgate_actors::metrics::CLUSTER_EVENTS_DROPPED).increment(1);
            if dropped.is_power_of_two() {
                tracing::warn!(dropped, "cluster link queue full; events dropped");
            }
        }
    }
}

impl Observer for Queue {
    fn registered(&self, tracker: TrackerId, entry: &Entry) {
        self.offer(Event::Registered {
            tracker,
            conn: entry.conn,
            claim: Claim {
                connected_ms: entry.state.connected_ms.unwrap_or_default(),
                node: self.node,
            },
            state: entry.state.clone(),
        });
    }

    fn deregistered(&self, tracker: TrackerId, conn: u64, state: &Arc<TrackerState>) {
        self.offer(Event::Deregistered {
            tracker,
            conn,
            state: state.clone(),
        });
    }

    fn published(&self, tracker: TrackerId, state: &Arc<TrackerState>) {
        self.offer(Event::Published {
            tracker,
            state: state.clone(),
        });
    }
}
