//! The embedded adapter: fjall, in-process, one directory on local disk.
//!
//! The default store. One fjall database holds a keyspace per entity and per
//! index (layout in `keys`), values are versioned postcard (`codec`). Track
//! writes go through [`TrackStore`](crate::TrackStore) in `tracks`, account
//! writes through [`AccountStore`](crate::AccountStore) in `accounts` and
//! `access`.
//!
//! # Durability
//!
//! Every write is one fjall write batch committed with
//! `PersistMode::SyncAll`: fjall appends the batch to its journal, fsyncs the
//! journal file, and only then applies the batch to the memtables and
//! returns. A call that returned `Ok` therefore survives a process crash and
//! a power loss, and no reader ever sees data that could still be lost. On
//! open, fjall replays the journal.
//!
//! If an fsync fails, fjall marks the database poisoned and every later call
//! fails with [`StoreError::Engine`]: the process should restart rather than
//! continue on a journal of unknown state.
//!
//! # Concurrency
//!
//! fjall is internally synchronised; track commits and reads run in
//! parallel. Account writes read before they write (uniqueness, index
//! maintenance), so they are serialised through one mutex, which makes each
//! check atomic with its write. Reads that follow an index use a snapshot so
//! they never see an index entry without its entity.

mod access;
mod accounts;
mod codec;
mod keys;
mod tracks;

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};

use fjall::{Database, Keyspace, KeyspaceCreateOptions, OwnedWriteBatch, PersistMode};

use crate::ports::StoreError;

/// Tunables for [`EmbeddedStore::open_with`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmbeddedOptions {
    /// Block cache capacity in bytes, shared by all keyspaces. fjall
    /// recommends ~20-25% of RAM, more if the data fits.
    pub cache_bytes: u64,
}

impl Default for EmbeddedOptions {
    fn default() -> Self {
        Self {
            cache_bytes: 64 * 1024 * 1024,
        }
    }
}

/// The fjall-backed store. Cheap to share: hold it in an `Arc<dyn Store>`.
pub struct EmbeddedStore {
    path: PathBuf,
    db: Database,
    ks: Keyspaces,
    /// Serialises account writes; see the module docs.
    account_writes: Mutex<()>,
}

/// One handle per keyspace; see `keys` for what each holds.
struct Keyspaces {
    points: Keyspace,
    states: Keyspace,
    users: Keyspace,
    user_logins: Keyspace,
    trackers: Keyspace,
    tracker_devices: Keyspace,
    tracker_owners: Keyspace,
    sessions: Keyspace,
    user_sessions: Keyspace,
    api_keys: Keyspace,
    user_api_keys: Keyspace,
    meta: Keyspace,
}

impl Keyspaces {
    fn open(db: &Database) -> Result<Self, StoreError> {
        let open = |name: &str| {
            db.keyspace(name, KeyspaceCreateOptions::default)
                .map_err(engine)
        };
        Ok(Self {
            points: open("points")?,
            states: open("states")?,
            users: open("users")?,
            user_logins: open("user_logins")?,
            trackers: open("trackers")?,
            tracker_devices: open("tracker_devices")?,
            tracker_owners: open("tracker_owners")?,
            sessions: open("sessions")?,
            user_sessions: open("user_sessions")?,
            api_keys: open("api_keys")?,
            user_api_keys: open("user_api_keys")?,
            meta: open("meta")?,
        })
    }
}

impl EmbeddedStore {
    /// Opens the store in `dir`, creating it if empty, with default options.
    ///
    /// Replays the journal of an unclean shutdown, and finishes any tracker
    /// deletion that a crash interrupted. Only one process may open a
    /// directory at a time.
    pub fn open(dir: &Path) -> Result<Self, StoreError> {
        Self::open_with(dir, &EmbeddedOptions::default())
    }

    /// Opens the store in `dir` with `options`; see [`EmbeddedStore::open`].
    pub fn open_with(dir: &Path, options: &EmbeddedOptions) -> Result<Self, StoreError> {
        let db = Database::builder(dir)
            .cache_size(options.cache_bytes)
            .open()
            .map_err(engine)?;
        let ks = Keyspaces::open(&db)?;
        let store = Self {
            path: dir.to_path_buf(),
            db,
            ks,
            account_writes: Mutex::new(()),
        };
        store.resume_purges()?;
        Ok(store)
    }

    /// A write batch that fsyncs the journal before its commit returns.
    fn durable_batch(&self) -> OwnedWriteBatch {
        self.db.batch().durability(Some(PersistMode::SyncAll))
    }

    /// Takes the account write lock.
    fn lock_accounts(&self) -> MutexGuard<'_, ()> {
        // The guarded state is on disk and every write is one atomic batch,
        // so a panic while holding the lock cannot leave anything half
        // written: carrying on after poisoning is safe.
        self.account_writes
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }
}

impl fmt::Debug for EmbeddedStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EmbeddedStore")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

/// Maps an engine error (I/O, poisoned database, ...) to the port's error.
fn engine(e: fjall::Error) -> StoreError {
    StoreError::Engine(e.to_string())
}

#[cfg(test)]
mod tests;
