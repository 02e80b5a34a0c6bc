//! Track points and last states: the hot path.
//!
//! Also the purge of a deleted tracker's points, which is the one write
//! that is too big for a single batch (see [`EmbeddedStore::purge_points`]).

use std::collections::BTreeMap;
use std::ops::ControlFlow;
use std::sync::PoisonError;
use std::sync::atomic::Ordering;

use super::keys::{self, POINT_KEY_LEN};
use super::wal::{Entries, PointEntry, StateEntry};
use super::{EmbeddedStore, codec, engine, io};
use crate::model::{CommitBatch, StoredPoint, TrackerId, TrackerState};
use crate::ports::{EngineMemory, StoreError, TrackStore};

/// Prefix of the `meta` keys marking a tracker whose points are being purged.
pub(super) const PURGE_PREFIX: &[u8] = b"purge/";

/// Point deletions per batch while purging, to bound the batch's memory.
const PURGE_CHUNK: usize = 10_000;

impl TrackStore for EmbeddedStore {
    /// Appends the whole batch to the track write-ahead log as one record
    /// and syncs it (`fdatasync`) before returning `Ok`, so the caller may
    /// acknowledge the records to the device, which then deletes them. The
    /// record is whole or (cut short by a crash, its commit never returned)
    /// dropped on recovery: every point and state of the batch is stored,
    /// or none is. fjall receives the entries right after, on the applier
    /// thread; reads wait for it (see `apply`).
    ///
    /// A point already stored under the same key (same tracker, fix time and
    /// record content) is overwritten, so it stays one point; its
    /// `received_ms` becomes the latest receipt's. When the batch itself
    /// holds a key or a tracker's state twice, the last one wins.
    fn commit(&self, batch: &CommitBatch) -> Result<(), StoreError> {
        let (points, states) = encode(batch)?;
        if points.is_empty() && states.is_empty() {
            return Ok(());
        }

        let mut log = self.log.lock().unwrap_or_else(PoisonError::into_inner);
        self.applier.check()?;
        let entries = Entries {
            seq: log.seq + 1,
            points,
            states,
        };
        let seq = entries.seq;
        let segment = log.wal.append(&mut entries.record()).map_err(io)?;
        log.seq = seq;
        self.applier.submit(entries, segment)?;
        self.committed.store(seq, Ordering::Release);
        Ok(())
    }

    /// Scans the key range `tracker · from_ms` to `tracker · to_ms` (all
    /// digests), reading only the points it returns.
    fn read_track(
        &self,
        tracker: TrackerId,
        from_ms: i64,
        to_ms: i64,
        limit: usize,
    ) -> Result<Vec<StoredPoint>, StoreError> {
        if limit == 0 || from_ms > to_ms {
            return Ok(Vec::new());
        }
        self.visible()?;
        let (low, high) = keys::point_bounds(tracker, from_ms, to_ms);
        // Cap the preallocation: `limit` may be "everything" (usize::MAX).
        let mut out = Vec::with_capacity(limit.min(1024));
        for guard in self.ks.points.range(low..=high).take(limit) {
            let value = guard.value().map_err(engine)?;
            let (received_ms, record) = codec::decode_point(&value)?;
            out.push(StoredPoint {
                tracker,
                received_ms,
                record,
            });
        }
        Ok(out)
    }

    /// One iterator over the same key range as `read_track`: fjall reads
    /// blocks as it goes, so memory stays flat however long the range.
    fn scan_track(
        &self,
        tracker: TrackerId,
        from_ms: i64,
        to_ms: i64,
        visit: &mut dyn FnMut(StoredPoint) -> ControlFlow<()>,
    ) -> Result<(), StoreError> {
        if from_ms > to_ms {
            return Ok(());
        }
        self.visible()?;
        let (low, high) = keys::point_bounds(tracker, from_ms, to_ms);
        for guard in self.ks.points.range(low..=high) {
            let value = guard.value().map_err(engine)?;
            let (received_ms, record) = codec::decode_point(&value)?;
            let point = StoredPoint {
                tracker,
                received_ms,
                record,
            };
            if visit(point).is_break() {
                break;
            }
        }
        Ok(())
    }

    fn state(&self, tracker: TrackerId) -> Result<Option<TrackerState>, StoreError> {
        self.visible()?;
        self.ks
            .states
            .get(tracker.0.to_be_bytes())
            .map_err(engine)?
            .map(|value| codec::decode(&value, "tracker state"))
            .transpose()
    }

    /// The write-ahead log has not failed an append, the applier has not
    /// failed, and fjall is not poisoned (flushing its journal buffer to the
    /// OS is refused once it is).
    fn writable(&self) -> Result<(), StoreError> {
        if self
            .log
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .wal
            .has_failed()
        {
            return Err(StoreError::engine_state(
                "a write-ahead log write failed; the store must be reopened",
            ));
        }
        self.applier.check()?;
        self.db.persist(fjall::PersistMode::Buffer).map_err(engine)
    }

    fn memory(&self) -> Option<EngineMemory> {
        Some(EngineMemory {
            block_cache_bytes: self.db.cache_size(),
            memtable_bytes: self.db.write_buffer_size(),
        })
    }
}

/// A batch's points and states as fjall keys and values, sorted by key.
/// Deduplicated here so the engine never sees one key twice at the same
/// sequence number; the last of two equal keys wins.
pub(super) fn encode(
    batch: &CommitBatch,
) -> Result<(Vec<PointEntry>, Vec<StateEntry>), StoreError> {
    let mut points: BTreeMap<[u8; POINT_KEY_LEN], Vec<u8>> = BTreeMap::new();
    for point in &batch.points {
        let (digest, value) = codec::encode_point(point)?;
        let key = keys::point_key(point.tracker, point.record.fix_time_ms, digest);
        points.insert(key, value);
    }
    let mut states: BTreeMap<[u8; 8], Vec<u8>> = BTreeMap::new();
    for (tracker, state) in &batch.states {
        states.insert(tracker.0.to_be_bytes(), codec::encode(state)?);
    }
    Ok((points.into_iter().collect(), states.into_iter().collect()))
}

impl EmbeddedStore {
    /// The `meta` key marking `tracker`'s points for purging.
    pub(super) fn purge_marker(tracker: TrackerId) -> Vec<u8> {
        [PURGE_PREFIX, &tracker.0.to_be_bytes()[..]].concat()
    }

    /// Deletes every point of `tracker`, then its purge marker.
    ///
    /// The tracker itself was already deleted, durably and together with the
    /// marker. A track can hold millions of points, too many tombstones for
    /// one batch, so they go in chunks; the chunks need no fsync because the
    /// marker outlives them and a crash makes [`Self::resume_purges`] start
    /// over. One snapshot iterator walks the track, so the cost is linear
    /// even though earlier chunks leave tombstones behind.
    pub(super) fn purge_points(&self, tracker: TrackerId) -> Result<(), StoreError> {
        self.visible()?;
        let prefix = tracker.0.to_be_bytes();
        let mut chunk = self.db.batch();
        for guard in self.ks.points.prefix(prefix) {
            let key = guard.key().map_err(engine)?;
            chunk.remove(&self.ks.points, key);
            if chunk.len() >= PURGE_CHUNK {
                std::mem::replace(&mut chunk, self.db.batch())
                    .commit()
                    .map_err(engine)?;
            }
        }
        chunk.remove(&self.ks.meta, Self::purge_marker(tracker));
        chunk.commit().map_err(engine)?;
        tracing::debug!(tracker = tracker.0, "purged deleted tracker's points");
        Ok(())
    }

    /// Finishes the purges a crash interrupted; called on open.
    pub(super) fn resume_purges(&self) -> Result<(), StoreError> {
        let mut pending = Vec::new();
        for guard in self.ks.meta.prefix(PURGE_PREFIX) {
            let key = guard.key().map_err(engine)?;
            pending.push(TrackerId(keys::u64_at(
                &key,
                PURGE_PREFIX.len(),
                "purge marker",
            )?));
        }
        for tracker in pending {
            tracing::info!(
                tracker = tracker.0,
                "resuming interrupted purge of a deleted tracker"
            );
            self.purge_points(tracker)?;
        }
        Ok(())
    }
}
