//! The storage ports: what the gateway needs from a store, engine-agnostic.
//!
//! Calls are blocking. Callers on async executors run them on a thread meant
//! for it (the track writer's own thread, or a blocking pool).

use std::ops::ControlFlow;

pub use crate::activation_ports::ActivationStore;
use crate::commands_model::*;
use crate::model::*;
pub use crate::money_ports::{BundleStore, LedgerStore};
pub use crate::node_ports::NodeStore;
pub use crate::operator_ports::{AuditStore, OperatorStore};
pub use crate::panel_ports::{DealerStore, PanelAdminStore, PanelSessionStore};
use crate::secret::SecretDigest;
pub use crate::tenancy_ports::{GroupStore, SubUserStore, TagStore};

/// The cause an engine failure carries.
pub type Cause = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Why a storage call failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A uniqueness rule was broken (login or device id already taken).
    #[error("already exists: {0}")]
    Conflict(String),
    /// The entity referred to does not exist.
    #[error("not found: {0}")]
    NotFound(String),
    /// Stored bytes could not be decoded.
    #[error("corrupt stored value: {0}")]
    Corrupt(String),
    /// The engine failed (I/O, disk full, a poisoned database, ...): what
    /// the store was doing, and the engine's own error when there is one.
    #[error("storage engine: {}", engine_text(.context, .source.as_deref()))]
    Engine {
        /// What the store was doing.
        context: String,
        /// The engine's error.
        #[source]
        source: Option<Cause>,
    },
}

/// The engine failure's text: the context, then its cause's, so a log
/// line that shows only the error's text still says what went wrong.
fn engine_text(context: &str, source: Option<&(dyn std::error::Error + Send + Sync)>) -> String {
    match source {
        Some(source) => format!("{context}: {source}"),
        None => context.to_owned(),
    }
}

impl StoreError {
    /// An engine failure while doing `context`, caused by `source`.
    pub fn engine(context: impl Into<String>, source: impl Into<Cause>) -> Self {
        Self::Engine {
            context: context.into(),
            source: Some(source.into()),
        }
    }

    /// An engine failure with no error of the engine's behind it.
    pub fn engine_state(context: impl Into<String>) -> Self {
        Self::Engine {
            context: context.into(),
            source: None,
        }
    }

    /// The I/O error at the root of an engine failure, if there is one.
    pub fn io_cause(&self) -> Option<&std::io::Error> {
        let mut cause: Option<&(dyn std::error::Error + 'static)> = std::error::Error::source(self);
        while let Some(error) = cause {
            if let Some(io) = error.downcast_ref::<std::io::Error>() {
                return Some(io);
            }
            cause = error.source();
        }
        None
    }
}

/// Commands to devices, durable from the moment they are created.
pub trait CommandStore: Send + Sync {
    /// Stores a new command as `Queued`, with a fresh id; durable on return.
    /// `NotFound` if the tracker does not exist.
    fn create_command(&self, new: NewCommand) -> Result<CommandRecord, StoreError>;
    /// Overwrites a command (status, attempts, times, reply); durable on
    /// return. `NotFound` if it does not exist.
    fn update_command(&self, command: &CommandRecord) -> Result<(), StoreError>;
    /// One command of a tracker.
    fn command(
        &self,
        tracker: TrackerId,
        id: CommandId,
    ) -> Result<Option<CommandRecord>, StoreError>;
    /// A tracker's commands, oldest first.
    fn tracker_commands(&self, tracker: TrackerId) -> Result<Vec<CommandRecord>, StoreError>;
}

/// Track points and last states.
pub trait TrackStore: Send + Sync {
    /// Writes every point and state of the batch atomically, and returns only
    /// once they are durable (fsync'd, or quorum-written).
    ///
    /// A point is keyed by (tracker, fix time, content): writing the same
    /// point again, as a device does when an acknowledgement was lost,
    /// leaves one copy.
    fn commit(&self, batch: &CommitBatch) -> Result<(), StoreError>;

    /// A tracker's points with `from_ms <= fix time <= to_ms`, oldest first,
    /// at most `limit` of them.
    fn read_track(
        &self,
        tracker: TrackerId,
        from_ms: i64,
        to_ms: i64,
        limit: usize,
    ) -> Result<Vec<StoredPoint>, StoreError>;

    /// Hands a tracker's points with `from_ms <= fix time <= to_ms` to
    /// `visit`, oldest first, one at a time, until the range ends or `visit`
    /// answers `Break`. Unlike [`Self::read_track`] it never holds the range
    /// in memory, so a caller can walk months of points.
    ///
    /// The default reads pages of [`SCAN_PAGE`] points through `read_track`;
    /// adapters that can iterate their engine directly should.
    fn scan_track(
        &self,
        tracker: TrackerId,
        from_ms: i64,
        to_ms: i64,
        visit: &mut dyn FnMut(StoredPoint) -> ControlFlow<()>,
    ) -> Result<(), StoreError> {
        scan_by_pages(self, tracker, from_ms, to_ms, SCAN_PAGE, visit)
    }

    /// A tracker's last persisted state.
    fn state(&self, tracker: TrackerId) -> Result<Option<TrackerState>, StoreError>;

    /// Whether the store can still write: `Err` when a failure left it
    /// unable to (a log write of unknown outcome, a poisoned engine), so
    /// the process must restart, and recover, to store anything again.
    /// Cheap enough to call every second.
    fn writable(&self) -> Result<(), StoreError> {
        Ok(())
    }

    /// What the engine holds in this process's memory, for the metrics;
    /// `None` when it keeps none worth reporting (or does not say).
    fn memory(&self) -> Option<EngineMemory> {
        None
    }
}

/// An embedded engine's memory, as it counts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EngineMemory {
    /// Blocks of its tables cached for reads (bounded by its capacity).
    pub block_cache_bytes: u64,
    /// Writes held in memtables until they are flushed to tables.
    pub memtable_bytes: u64,
}

/// Points per `read_track` page in the default [`TrackStore::scan_track`].
pub const SCAN_PAGE: usize = 4096;

/// [`TrackStore::scan_track`] through pages of `read_track`.
///
/// Points at one fix time may straddle a page's end, so each full page
/// hands out only the points before its last fix time and the next page
/// starts at that time. A page holding a single fix time (more points at
/// one instant than a page holds) is read whole.
pub fn scan_by_pages<S: TrackStore + ?Sized>(
    store: &S,
    tracker: TrackerId,
    from_ms: i64,
    to_ms: i64,
    page: usize,
    visit: &mut dyn FnMut(StoredPoint) -> ControlFlow<()>,
) -> Result<(), StoreError> {
    let page = page.max(1);
    let mut from = from_ms;
    while from <= to_ms {
        let mut points = store.read_track(tracker, from, to_ms, page)?;
        let Some(last_time) = points.last().map(|p| p.record.fix_time_ms) else {
            return Ok(());
        };
        let full = points.len() == page;
        if full && points[0].record.fix_time_ms == last_time {
            points = store.read_track(tracker, last_time, last_time, usize::MAX)?;
        } else if full {
            points.retain(|p| p.record.fix_time_ms < last_time);
        }
        let next = points.last().map(|p| p.record.fix_time_ms);
        for point in points {
            if visit(point).is_break() {
                return Ok(());
            }
        }
        match next {
            // A full page ends before its last time, which the next one starts at.
            Some(time) if full && time < last_time => from = last_time,
            Some(time) if full => match time.checked_add(1) {
                Some(after) => from = after,
                None => return Ok(()),
            },
            _ => return Ok(()),
        }
    }
    Ok(())
}

/// Users, trackers, sessions and API keys.
pub trait AccountStore: Send + Sync {
    /// Creates a user; `Conflict` if the login is taken.
    fn create_user(&self, new: NewUser) -> Result<User, StoreError>;
    /// Overwrites a user; `NotFound` if it does not exist; `Conflict` if the new login is taken.
    fn update_user(&self, user: &User) -> Result<(), StoreError>;
    /// A user by id.
    fn user(&self, id: UserId) -> Result<Option<User>, StoreError>;
    /// A user by login (exact match).
    fn user_by_login(&self, login: &str) -> Result<Option<User>, StoreError>;
    /// Every user, by id.
    fn users(&self) -> Result<Vec<User>, StoreError>;
    /// Deletes a user with its sessions and API keys and its clones,
    /// unassigns its own trackers (which keep their history) and the users
    /// it managed. Returns whether it existed.
    fn delete_user(&self, id: UserId) -> Result<bool, StoreError>;

    /// Creates a tracker; `Conflict` if the device id is taken.
    fn create_tracker(&self, new: NewTracker) -> Result<Tracker, StoreError>;
    /// Overwrites a tracker; `NotFound` if it does not exist; `Conflict` if the new device id is taken.
    fn update_tracker(&self, tracker: &Tracker) -> Result<(), StoreError>;
    /// A tracker by id.
    fn tracker(&self, id: TrackerId) -> Result<Option<Tracker>, StoreError>;
    /// A tracker by its device id.
    fn tracker_by_device(&self, device_id: &str) -> Result<Option<Tracker>, StoreError>;
    /// Every tracker, by id.
    fn trackers(&self) -> Result<Vec<Tracker>, StoreError>;
    /// A user's trackers, by id.
    fn user_trackers(&self, user: UserId) -> Result<Vec<Tracker>, StoreError>;
    /// Deletes a tracker with its points and state, and its clones.
    /// Deleting a clone removes the clone only. Returns whether it existed.
    fn delete_tracker(&self, id: TrackerId) -> Result<bool, StoreError>;
    /// Creates a clone of tracker `source` in `owner`'s account: a tracker
    /// of its own (id, label, tags, group) showing the source's device and
    /// data. `NotFound` if the source or the owner does not exist;
    /// `Conflict` if the source is a clone itself or belongs to `owner`.
    fn create_clone(
        &self,
        source: TrackerId,
        owner: UserId,
        created_ms: i64,
    ) -> Result<Tracker, StoreError>;

    /// Stores a session (overwrites one with the same digest). Sessions
    /// and API keys are stored and found by the digest of their secret
    /// ([`SecretDigest`]); an adapter never sees the secret itself.
    fn put_session(&self, session: &Session) -> Result<(), StoreError>;
    /// A session by the digest of its hash, expired or not.
    fn session(&self, digest: &SecretDigest) -> Result<Option<Session>, StoreError>;
    /// Deletes a session by the digest of its hash. Returns whether it existed.
    fn delete_session(&self, digest: &SecretDigest) -> Result<bool, StoreError>;
    /// Deletes every session that ended at or before `now_ms` (its
    /// `expires_ms`), without reading the others; returns how many.
    fn sweep_sessions(&self, now_ms: i64) -> Result<usize, StoreError>;

    /// Stores an API key (overwrites one with the same digest).
    fn put_api_key(&self, key: &ApiKey) -> Result<(), StoreError>;
    /// An API key by the digest of the key.
    fn api_key(&self, digest: &SecretDigest) -> Result<Option<ApiKey>, StoreError>;
    /// A user's API keys, oldest first.
    fn user_api_keys(&self, user: UserId) -> Result<Vec<ApiKey>, StoreError>;
    /// Deletes an API key by the digest of the key. Returns whether it existed.
    fn delete_api_key(&self, digest: &SecretDigest) -> Result<bool, StoreError>;
}

/// A complete store: what the gateway holds as `Arc<dyn Store>`.
pub trait Store:
    TrackStore
    + AccountStore
    + CommandStore
    + TagStore
    + GroupStore
    + SubUserStore
    + OperatorStore
    + AuditStore
    + DealerStore
    + PanelAdminStore
    + PanelSessionStore
    + NodeStore
    + LedgerStore
    + BundleStore
    + ActivationStore
    + std::fmt::Debug
{
}

impl<T> Store for T where
    T: TrackStore
        + AccountStore
        + CommandStore
        + TagStore
        + GroupStore
        + SubUserStore
        + OperatorStore
        + AuditStore
        + DealerStore
        + PanelAdminStore
        + PanelSessionStore
        + NodeStore
        + LedgerStore
        + BundleStore
        + ActivationStore
        + std::fmt::Debug
{
}

#[cfg(test)]
mod tests {
    use std::ops::ControlFlow;

    use trackgate_protocols::Record;

    use super::*;

    /// Points in a vector, sorted by time: only what `scan_by_pages` needs.
    struct VecTrack(Vec<StoredPoint>);

    impl TrackStore for VecTrack {
        fn commit(&self, _: &CommitBatch) -> Result<(), StoreError> {
            unreachable!("not written to")
        }

        fn read_track(
            &self,
            _: TrackerId,
            from_ms: i64,
            to_ms: i64,
            limit: usize,
        ) -> Result<Vec<StoredPoint>, StoreError> {
            let time = |p: &&StoredPoint| p.record.fix_time_ms;
            Ok(self
                .0
                .iter()
                .filter(|p| (from_ms..=to_ms).contains(&time(p)))
                .take(limit)
                .cloned()
                .collect())
        }

        fn state(&self, _: TrackerId) -> Result<Option<TrackerState>, StoreError> {
            Ok(None)
        }
    }

    fn at(time: i64, latitude: f64) -> StoredPoint {
        StoredPoint {
            tracker: TrackerId(1),
            received_ms: 0,
            record: Record::at(time, latitude, 0.0),
        }
    }

    fn scan(store: &VecTrack, from: i64, to: i64, page: usize) -> Vec<(i64, f64)> {
        let mut seen = Vec::new();
        scan_by_pages(store, TrackerId(1), from, to, page, &mut |p| {
            seen.push((p.record.fix_time_ms, p.record.latitude));
            ControlFlow::Continue(())
        })
        .expect("scan");
        seen
    }

    #[test]
    fn pages_never_lose_or_repeat_points_at_one_instant() {
        // Runs of equal times longer than, equal to and shorter than a page.
        let mut points = vec![at(1, 0.0), at(2, 0.0), at(2, 1.0), at(2, 2.0)];
        points.extend((0..5).map(|i| at(3, f64::from(i))));
        points.extend([at(4, 0.0), at(i64::MAX, 0.0)]);
        let store = VecTrack(points);
        let expected: Vec<(i64, f64)> = store
            .0
            .iter()
            .map(|p| (p.record.fix_time_ms, p.record.latitude))
            .collect();
        for page in 1..=12 {
            assert_eq!(
                scan(&store, i64::MIN, i64::MAX, page),
                expected,
                "page {page}"
            );
        }
        assert_eq!(scan(&store, 2, 3, 2).len(), 8, "inclusive bounds");
        assert!(scan(&store, 5, 6, 2).is_empty());
    }
}
