//! The embedded adapter: fjall, in-process, one directory on local disk.
//!
//! The default store. One fjall database holds a keyspace per entity and per
//! index (layout in `keys`), values are versioned postcard (`codec`). Track
//! writes go through [`TrackStore`](crate::TrackStore) in `tracks`, account
//! writes through [`AccountStore`](crate::AccountStore) in `accounts` and
//! `access`, commands through [`CommandStore`](crate::CommandStore) in
//! `commands`, tags and groups through [`TagStore`](crate::TagStore) and
//! [`GroupStore`](crate::GroupStore) in `tenancy`, sub-users through
//! [`SubUserStore`](crate::SubUserStore) in `subusers`. The operator's
//! model: plans, managers and expiries through
//! [`OperatorStore`](crate::OperatorStore) in `operator` (with `links`,
//! which keeps users' references and the expiry index consistent), history
//! retention in `retention` (a thread of the store's own), the audit log in
//! `audit`, dealers and panel administrators in `panel` (their sessions in
//! `panel_sessions`), nodes' descriptions in `nodes`. Balances, the ledger and
//! renewals through [`LedgerStore`](crate::LedgerStore) in `ledger`; bundled
//! devices through [`BundleStore`](crate::BundleStore) in `bundles`; activation codes
//! through [`ActivationStore`](crate::ActivationStore) in `activation`.
//!
//! On open, a store written by an older version of this adapter is brought
//! to the current format (`migrate`: session hashes and API keys replaced
//! by their digests; users and trackers given the operator's fields; users
//! and dealers given their own limits; dealers given parents, plans an
//! unpaid policy, trackers the `suspended` mark; activation codes a keyspace).
//!
//! # Durability
//!
//! Track commits (points and last states, the hot path) are made durable by
//! the store's own write-ahead log (`wal`): one record per commit, appended
//! and `fdatasync`ed before `commit` returns. The applier thread (`apply`)
//! then writes the same entries into fjall without waiting for a sync, and
//! reads of points and states wait until every commit that returned before
//! them is applied. On open, the log is replayed into fjall (`recovery`).
//! This keeps fjall's background work, which holds its journal lock for tens
//! of milliseconds while it rotates memtables and journals, out of the
//! devices' acknowledgement latency.
//!
//! Account writes (users, trackers, sessions, keys, tags, groups, sub-users) and commands are rare and go straight
//! to fjall as one write batch committed with `PersistMode::SyncAll`: the
//! batch is in fjall's fsynced journal before the call returns.
//!
//! A call that returned `Ok` therefore survives a process crash and a power
//! loss. If an fsync fails, the log (or fjall, which marks the database
//! poisoned) refuses every later write with [`StoreError::Engine`]: the
//! process should restart, and recover, rather than continue on a log of
//! unknown state.
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
mod activation;
mod apply;
mod audit;
mod bundles;
mod clones;
mod codec;
mod commands;
mod entities;
mod keys;
mod ledger;
mod links;
mod migrate;
mod migrate_v3;
mod migrate_v4;
mod migrate_v5;
mod migrate_v6;
mod migrate_v7;
mod nodes;
mod operator;
mod panel;
mod panel_sessions;
mod recovery;
mod retention;
mod session_sweep;
mod subusers;
mod tenancy;
mod tracks;
mod wal;
mod wal_files;

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use fjall::{Database, Keyspace, KeyspaceCreateOptions, OwnedWriteBatch, PersistMode};

use crate::ports::StoreError;

/// Level-0 tables of the points keyspace that trigger a merge into level 1.
const POINTS_L0_TABLES: u8 = 16;

/// Tunables for [`EmbeddedStore::open_with`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmbeddedOptions {
    /// Block cache capacity in bytes, shared by all keyspaces. fjall
    /// recommends ~20-25% of RAM, more if the data fits.
    pub cache_bytes: u64,
    /// Where the track write-ahead log lives; `None` = `<dir>/wal`. It
    /// belongs to this store: never share one between stores.
    pub wal_dir: Option<PathBuf>,
    /// Table files fjall keeps open at most (at least 10): the store's
    /// share of the process's open-file limit.
    pub max_open_files: usize,
    /// How often the store removes points older than their owner's billing
    /// plan keeps (the first time within a minute of opening); `None` =
    /// never on its own (`OperatorStore::purge_history` still does).
    pub history_sweep_every: Option<Duration>,
    /// Audit log entries kept; older ones are dropped (at least 1).
    pub audit_entries: u64,
}

impl Default for EmbeddedOptions {
    fn default() -> Self {
        Self {
            cache_bytes: 64 * 1024 * 1024,
            wal_dir: None,
            max_open_files: 900,
            history_sweep_every: Some(Duration::from_secs(3600)),
            audit_entries: 100_000,
        }
    }
}

/// The fjall-backed store. Cheap to share: hold it in an `Arc<dyn Store>`.
pub struct EmbeddedStore {
    /// The history retention thread; dropped (stopped) before anything it
    /// reads goes away.
    sweeper: Option<retention::Sweeper>,
    /// Applies logged track commits to fjall. Declared before the rest so
    /// that it is dropped before them: it finishes applying and removes the log.
    applier: apply::Applier,
    /// The track write-ahead log and the last sequence number written to it.
    log: Mutex<LogTail>,
    /// The sequence number of the newest track commit that returned.
    committed: AtomicU64,
    path: PathBuf,
    db: Database,
    ks: Keyspaces,
    /// Serialises account writes; see the module docs.
    account_writes: Mutex<()>,
    /// What purges history (the sweeper runs a copy).
    retention: retention::Retention,
    /// The id of the next audit entry.
    audit_next: AtomicU64,
    /// Audit entries kept.
    audit_keep: u64,
}

/// The write-ahead log and the sequence number of its newest record.
#[derive(Debug)]
struct LogTail {
    wal: wal::Wal,
    seq: u64,
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
    commands: Keyspace,
    tags: Keyspace,
    user_tags: Keyspace,
    tracker_tags: Keyspace,
    tag_trackers: Keyspace,
    groups: Keyspace,
    user_groups: Keyspace,
    tracker_groups: Keyspace,
    group_trackers: Keyspace,
    subusers: Keyspace,
    master_subusers: Keyspace,
    subuser_trackers: Keyspace,
    tracker_subusers: Keyspace,
    plans: Keyspace,
    manager_users: Keyspace,
    dealers: Keyspace,
    dealer_users: Keyspace,
    panel_admins: Keyspace,
    panel_admin_logins: Keyspace,
    panel_sessions: Keyspace,
    panel_admin_sessions: Keyspace,
    nodes: Keyspace,
    tracker_expiries: Keyspace,
    audit: Keyspace,
    balances: Keyspace,
    transactions: Keyspace,
    renewals: Keyspace,
    bundles: Keyspace,
    bundle_imeis: Keyspace,
    bundle_phones: Keyspace,
    activation_codes: Keyspace,
    session_expiries: Keyspace,
    panel_session_expiries: Keyspace,
    meta: Keyspace,
}

impl Keyspaces {
    fn open(db: &Database) -> Result<Self, StoreError> {
        let open = |name: &str| {
            db.keyspace(name, KeyspaceCreateOptions::default)
                .map_err(engine)
        };
        // Every memtable flush of points spans every tracker that reported,
        // so each merge into level 1 rewrites most of it: merging 16 level-0
        // tables at a time instead of 4 cut the bytes written by a quarter
        // (docs/benchmarks.md). Applies to stores created from now on; fjall
        // keeps a keyspace's options from its creation.
        let points = db
            .keyspace("points", || {
                KeyspaceCreateOptions::default().compaction_strategy(Arc::new(
                    fjall::compaction::Leveled::default().with_l0_threshold(POINTS_L0_TABLES),
                ))
            })
            .map_err(engine)?;
        Ok(Self {
            points,
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
            commands: open("commands")?,
            tags: open("tags")?,
            user_tags: open("user_tags")?,
            tracker_tags: open("tracker_tags")?,
            tag_trackers: open("tag_trackers")?,
            groups: open("groups")?,
            user_groups: open("user_groups")?,
            tracker_groups: open("tracker_groups")?,
            group_trackers: open("group_trackers")?,
            subusers: open("subusers")?,
            master_subusers: open("master_subusers")?,
            subuser_trackers: open("subuser_trackers")?,
            tracker_subusers: open("tracker_subusers")?,
            plans: open("plans")?,
            manager_users: open("manager_users")?,
            dealers: open("dealers")?,
            dealer_users: open("dealer_users")?,
            panel_admins: open("panel_admins")?,
            panel_admin_logins: open("panel_admin_logins")?,
            panel_sessions: open("panel_sessions")?,
            panel_admin_sessions: open("panel_admin_sessions")?,
            nodes: open("nodes")?,
            tracker_expiries: open("tracker_expiries")?,
            audit: open("audit")?,
            balances: open("balances")?,
            transactions: open("transactions")?,
            renewals: open("renewals")?,
            bundles: open("bundles")?,
            bundle_imeis: open("bundle_imeis")?,
            bundle_phones: open("bundle_phones")?,
            activation_codes: open("activation_codes")?,
            session_expiries: open("session_expiries")?,
            panel_session_expiries: open("panel_session_expiries")?,
            meta: open("meta")?,
        })
    }
}

impl EmbeddedStore {
    /// Opens the store in `dir`, creating it if empty, with default options.
    ///
    /// Replays the write-ahead log of an unclean shutdown, migrates a store
    /// of an older format, and finishes any tracker deletion that a crash
    /// interrupted. Only one process may open a directory at a time.
    pub fn open(dir: &Path) -> Result<Self, StoreError> {
        Self::open_with(dir, &EmbeddedOptions::default())
    }

    /// Opens the store in `dir` with `options`; see [`EmbeddedStore::open`].
    pub fn open_with(dir: &Path, options: &EmbeddedOptions) -> Result<Self, StoreError> {
        let db = Database::builder(dir)
            .cache_size(options.cache_bytes)
            .max_cached_files(Some(options.max_open_files.max(10)))
            .open()
            .map_err(engine)?;
        let ks = Keyspaces::open(&db)?;
        let wal_dir = options.wal_dir.clone().unwrap_or_else(|| dir.join("wal"));
        std::fs::create_dir_all(&wal_dir).map_err(io)?;
        let target = apply::Target {
            db: db.clone(),
            points: ks.points.clone(),
            states: ks.states.clone(),
            meta: ks.meta.clone(),
            wal_dir: wal_dir.clone(),
            checkpointed: Arc::default(),
        };
        let recovered = recovery::recover(&target)?;
        let wal = wal::Wal::create(&wal_dir, recovered.next_segment).map_err(io)?;
        let applier =
            apply::Applier::start(target, recovered.applied, recovered.next_segment).map_err(io)?;
        let retention = retention::Retention {
            db: db.clone(),
            points: ks.points.clone(),
            users: ks.users.clone(),
            plans: ks.plans.clone(),
            trackers: ks.trackers.clone(),
            tracker_owners: ks.tracker_owners.clone(),
            stop: Arc::default(),
        };
        let audit_next = Self::next_audit_id(&ks.audit)?;
        let mut store = Self {
            sweeper: None,
            applier,
            log: Mutex::new(LogTail {
                wal,
                seq: recovered.applied,
            }),
            committed: AtomicU64::new(recovered.applied),
            path: dir.to_path_buf(),
            db,
            ks,
            account_writes: Mutex::new(()),
            retention,
            audit_next: AtomicU64::new(audit_next),
            audit_keep: options.audit_entries.max(1),
        };
        store.migrate()?;
        store.resume_purges()?;
        store.trim_audit(store.audit_keep)?;
        if let Some(every) = options.history_sweep_every {
            store.sweeper = Some(
                retention::Sweeper::start(
                    store.retention.clone(),
                    every.max(Duration::from_secs(1)),
                )
                .map_err(|e| StoreError::engine("starting the history retention thread", e))?,
            );
        }
        Ok(store)
    }

    /// A write batch that fsyncs fjall's journal before its commit returns.
    fn durable_batch(&self) -> OwnedWriteBatch {
        self.db.batch().durability(Some(PersistMode::SyncAll))
    }

    /// Waits until every track commit that returned before this call is
    /// applied to fjall, so reads see them.
    fn visible(&self) -> Result<(), StoreError> {
        self.applier
            .wait_for(self.committed.load(Ordering::Acquire))
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

/// Now, in ms since the epoch (0 before 1970, which no clock here is).
fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// Maps an engine error (I/O, poisoned database, ...) to the port's error.
fn engine(e: fjall::Error) -> StoreError {
    StoreError::engine("fjall", e)
}

fn io(e: std::io::Error) -> StoreError {
    StoreError::engine("track write-ahead log", e)
}

#[cfg(test)]
mod migrate_tests;
#[cfg(test)]
mod migrate_v5_tests;
#[cfg(test)]
mod migrate_v6_tests;
#[cfg(test)]
mod migrate_v7_tests;
#[cfg(test)]
mod operator_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod wal_tests;
