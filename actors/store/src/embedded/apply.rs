//! Applying logged track commits to fjall, on a thread of its own.
//!
//! `commit` returns once its record is in the write-ahead log (`wal`); this
//! thread then writes the same entries into fjall's memtables (no fsync:
//! the log already holds them). Reads of points and states first wait until
//! every commit that returned before they started has been applied, so a
//! caller reads what it wrote.
//!
//! When the log moves on to a new segment, the thread persists fjall and
//! deletes the segments it no longer needs. The queue to it is bounded, so
//! if fjall falls behind, commits wait for room instead of piling up in
//! memory.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread::JoinHandle;

use fjall::{Database, Keyspace, PersistMode};

use super::wal::Entries;
use super::wal_files;
use crate::ports::StoreError;

/// Commits queued for the applier at most.
const QUEUE: usize = 256;

/// fjall's journal is synced after this many bytes of applied entries.
const SYNC_EVERY_BYTES: usize = 1 << 20;

/// The meta key holding the newest sequence number known durable in fjall.
pub(super) const CHECKPOINT_KEY: &[u8] = b"wal/checkpoint";

/// What the applier reports to readers.
#[derive(Debug, Default)]
struct Progress {
    applied: AtomicU64,
    failed: AtomicBool,
    lock: Mutex<()>,
    changed: Condvar,
}

impl Progress {
    fn advance(&self, seq: u64) {
        self.applied.store(seq, Ordering::Release);
        let _guard = self.lock.lock().unwrap_or_else(PoisonError::into_inner);
        self.changed.notify_all();
    }

    fn fail(&self) {
        self.failed.store(true, Ordering::Release);
        let _guard = self.lock.lock().unwrap_or_else(PoisonError::into_inner);
        self.changed.notify_all();
    }
}

struct Job {
    entries: Entries,
    segment: u64,
}

/// The applier thread and the way to feed it.
#[derive(Debug)]
pub(super) struct Applier {
    tx: Option<SyncSender<Job>>,
    thread: Option<JoinHandle<()>>,
    progress: Arc<Progress>,
    checkpointed: Arc<Mutex<u64>>,
}

/// Where the applier writes.
pub(super) struct Target {
    pub db: Database,
    pub points: Keyspace,
    pub states: Keyspace,
    pub meta: Keyspace,
    pub wal_dir: PathBuf,
    /// The checkpoint last written. Whoever writes one holds this lock
    /// until it is in, and never writes a lower one: a reused log segment
    /// holds older records that only the checkpoint tells from new ones
    /// (see `wal_files`).
    pub checkpointed: Arc<Mutex<u64>>,
}

impl Applier {
    /// Starts the thread; `applied` is the sequence number already in fjall
    /// and `oldest` the oldest log segment still on disk.
    pub fn start(target: Target, applied: u64, oldest: u64) -> std::io::Result<Self> {
        let (tx, rx) = sync_channel(QUEUE);
        let progress = Arc::new(Progress::default());
        progress.applied.store(applied, Ordering::Release);
        let shared = progress.clone();
        let checkpointed = target.checkpointed.clone();
        let thread = std::thread::Builder::new()
            .name("track-apply".into())
            .spawn(move || run(&target, &rx, &shared, oldest))?;
        Ok(Self {
            tx: Some(tx),
            thread: Some(thread),
            progress,
            checkpointed,
        })
    }

    /// Queues a logged commit; waits for room when the queue is full.
    pub fn submit(&self, entries: Entries, segment: u64) -> Result<(), StoreError> {
        let closed = || StoreError::engine_state("the track applier has stopped");
        self.check()?;
        self.tx
            .as_ref()
            .ok_or_else(closed)?
            .send(Job { entries, segment })
            .map_err(|_| closed())
    }

    /// Fails if applying ever failed: the store must be reopened to recover.
    pub fn check(&self) -> Result<(), StoreError> {
        if self.progress.failed.load(Ordering::Acquire) {
            return Err(StoreError::engine_state(
                "applying a logged commit failed; reopen the store to recover",
            ));
        }
        Ok(())
    }

    /// The checkpoint last written, locked: see [`Target::checkpointed`].
    pub fn checkpoint_mark(&self) -> MutexGuard<'_, u64> {
        mark(&self.checkpointed)
    }

    /// The newest sequence number applied to fjall.
    pub fn applied(&self) -> u64 {
        self.progress.applied.load(Ordering::Acquire)
    }

    /// Waits until every commit up to `seq` is applied.
    pub fn wait_for(&self, seq: u64) -> Result<(), StoreError> {
        let progress = &self.progress;
        if progress.applied.load(Ordering::Acquire) >= seq {
            return Ok(());
        }
        let mut guard = progress.lock.lock().unwrap_or_else(PoisonError::into_inner);
        while progress.applied.load(Ordering::Acquire) < seq {
            self.check()?;
            guard = progress
                .changed
                .wait(guard)
                .unwrap_or_else(PoisonError::into_inner);
        }
        Ok(())
    }
}

impl Drop for Applier {
    /// Applies everything queued, persists fjall and removes the log.
    fn drop(&mut self) {
        drop(self.tx.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn run(target: &Target, rx: &Receiver<Job>, progress: &Progress, mut oldest: u64) {
    let mut newest = oldest;
    let mut applied = progress.applied.load(Ordering::Acquire);
    let mut unsynced = 0usize;
    while let Ok(job) = rx.recv() {
        if let Err(error) = apply(target, &job.entries) {
            tracing::error!(%error, seq = job.entries.seq, "applying a logged track commit failed; it stays in the write-ahead log");
            progress.fail();
            return;
        }
        applied = job.entries.seq;
        progress.advance(applied);
        unsynced += job.entries.bytes();
        if unsynced >= SYNC_EVERY_BYTES {
            // Sync fjall's own journal a little at a time: left to pile up,
            // it reaches the disk in one large burst that stalls the log's
            // fsyncs (and so the acks) behind it.
            unsynced = 0;
            if let Err(error) = target.db.persist(PersistMode::SyncData) {
                tracing::warn!(%error, "syncing fjall's journal failed");
            }
        }
        newest = job.segment;
        if newest > oldest {
            // The log moved to a new segment: make fjall durable up to here
            // and drop the segments it no longer needs.
            match checkpoint(target, applied, oldest, newest) {
                Ok(()) => oldest = newest,
                Err(error) => {
                    tracing::warn!(%error, "write-ahead log checkpoint failed; retrying at the next segment")
                }
            }
        }
    }
    // Closing: everything is applied; persist and remove the whole log.
    if let Err(error) = checkpoint(target, applied, oldest, newest + 1) {
        tracing::warn!(%error, "final write-ahead log checkpoint failed; the log is replayed on next open");
    }
}

/// Writes one commit's entries into fjall's memtables (not synced).
pub(super) fn apply(target: &Target, entries: &Entries) -> Result<(), fjall::Error> {
    let mut batch = target.db.batch();
    for (key, value) in &entries.points {
        batch.insert(&target.points, key, value.as_slice());
    }
    for (key, value) in &entries.states {
        batch.insert(&target.states, key, value.as_slice());
    }
    batch.commit()
}

/// Locks the checkpoint last written ([`Target::checkpointed`]).
pub(super) fn mark(checkpointed: &Mutex<u64>) -> MutexGuard<'_, u64> {
    checkpointed.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Persists fjall with `applied` as its checkpoint, then retires log
/// segments `from..until` (kept as spares or deleted, see `wal_files`).
pub(super) fn checkpoint(
    target: &Target,
    applied: u64,
    from: u64,
    until: u64,
) -> Result<(), StoreError> {
    let engine = |e: fjall::Error| StoreError::engine("fjall", e);
    let mut mark = mark(&target.checkpointed);
    let applied = applied.max(*mark);
    let mut batch = target.db.batch().durability(Some(PersistMode::SyncAll));
    batch.insert(&target.meta, CHECKPOINT_KEY, applied.to_be_bytes());
    batch.commit().map_err(engine)?;
    *mark = applied;
    drop(mark);
    for segment in wal_files::segments(&target.wal_dir)
        .map_err(|e| StoreError::engine("listing the write-ahead log", e))?
    {
        if (from..until).contains(&segment) {
            wal_files::retire_segment(&target.wal_dir, segment)
                .map_err(|e| StoreError::engine("the write-ahead log", e))?;
        }
    }
    Ok(())
}
