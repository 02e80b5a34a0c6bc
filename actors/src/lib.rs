//! trackgate's actor system: the live side of the gateway.
//!
//! A connected tracker is one [`session::DeviceSession`] actor, created on one
//! of the [`shards::Shards`] (an actix `Arbiter` each, one per core by
//! default). The session owns its protocol codec, its socket's write half and
//! the tracker's live state. Decoded records go to the [`writer::TrackWriter`],
//! which group-commits them durably; only then does the session write the
//! device's acknowledgement. Identified sessions are found through the
//! [`registry::Registry`].
//!
//! # Layout
//!
//! - [`config`]: session and writer settings.
//! - [`directory`]: who a device is (device id -> tracker), and whether it may connect.
//! - [`drain`]: what a shutdown waits for (every session and its final write).
//! - [`ended_sessions`]: deletes the User and Panel API sessions that ended.
//! - [`expiry`]: closes the connections of trackers whose service ends, as it ends.
//! - [`feed`]: changes of watched trackers' live state, for the User API's live push.
//! - [`metrics`]: metric names and their descriptions.
//! - [`rates`]: counts over the last minute (records received, for the node's status).
//! - [`registry`]: identified sessions by tracker, and what this node received.
//! - [`renewals`]: billing plan renewals: charging each period once, suspending unpaid accounts.
//! - [`routing`]: virtual sessions, for devices that send datagrams or HTTP requests.
//! - [`session`]: the per-connection actor and its messages.
//! - [`shards`]: the arbiters sessions run on.
//! - [`slots`]: device connection slots, the listeners' share of the open-file limit.
//! - [`registrar`]: creating trackers for unknown devices, on a small bounded pool.
//! - [`writer`]: the group-committing track writer.

pub mod config;
pub mod directory;
pub mod drain;
pub mod ended_sessions;
pub mod expiry;
pub mod feed;
pub mod metrics;
pub mod rates;
pub mod registrar;
pub mod registry;
pub mod renewals;
pub mod routing;
pub mod session;
pub mod shards;
pub mod slots;
pub mod ticks;
pub mod writer;

/// Milliseconds since the Unix epoch, now.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}
