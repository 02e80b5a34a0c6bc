//! The storage ports: what the gateway needs from a store, engine-agnostic.
//!
//! Calls are blocking. Callers on async executors run them on a thread meant
//! for it (the track writer's own thread, or a blocking pool).

use crate::commands_model::*;
use crate::model::*;
pub use crate::tenancy_ports::{GroupStore, SubUserStore, TagStore};

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
    /// The engine failed (I/O, disk full, ...).
    #[error("storage engine: {0}")]
    Engine(String),
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

    /// A tracker's last persisted state.
    fn state(&self, tracker: TrackerId) -> Result<Option<TrackerState>, StoreError>;
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
    /// Deletes a user with its sessions and API keys, and unassigns its
    /// trackers. Returns whether it existed.
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
    /// Deletes a tracker with its points and state. Returns whether it existed.
    fn delete_tracker(&self, id: TrackerId) -> Result<bool, StoreError>;

    /// Stores a session (overwrites one with the same hash).
    fn put_session(&self, session: &Session) -> Result<(), StoreError>;
    /// A session by hash, expired or not.
    fn session(&self, hash: &str) -> Result<Option<Session>, StoreError>;
    /// Deletes a session. Returns whether it existed.
    fn delete_session(&self, hash: &str) -> Result<bool, StoreError>;

    /// Stores an API key (overwrites one with the same key).
    fn put_api_key(&self, key: &ApiKey) -> Result<(), StoreError>;
    /// An API key by its key.
    fn api_key(&self, key: &str) -> Result<Option<ApiKey>, StoreError>;
    /// A user's API keys, oldest first.
    fn user_api_keys(&self, user: UserId) -> Result<Vec<ApiKey>, StoreError>;
    /// Deletes an API key. Returns whether it existed.
    fn delete_api_key(&self, key: &str) -> Result<bool, StoreError>;
}

/// A complete store: what the gateway holds as `Arc<dyn Store>`.
pub trait Store:
    TrackStore + AccountStore + CommandStore + TagStore + GroupStore + SubUserStore + std::fmt::Debug
{
}

impl<T> Store for T where
    T: TrackStore
        + AccountStore
        + CommandStore
        + TagStore
        + GroupStore
        + SubUserStore
        + std::fmt::Debug
{
}
