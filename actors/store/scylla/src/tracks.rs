//! tracks: not built yet.

#![allow(unused_variables)]

use trackgate_store::*;

use crate::ScyllaStore;
use crate::db::Stmt;

/// What track writes keep in memory between calls (owners' retention).
#[derive(Debug, Default)]
pub(crate) struct Caches {}

/// The statements of this module.
pub(crate) const STATEMENTS: &[Stmt] = &[];

pub(crate) fn commit(store: &ScyllaStore, batch: &CommitBatch) -> Result<(), StoreError> {
    Err(crate::unbuilt("TrackStore::commit"))
}

pub(crate) fn read_track(
    store: &ScyllaStore,
    tracker: TrackerId,
    from_ms: i64,
    to_ms: i64,
    limit: usize,
) -> Result<Vec<StoredPoint>, StoreError> {
    Err(crate::unbuilt("TrackStore::read_track"))
}

pub(crate) fn state(
    store: &ScyllaStore,
    tracker: TrackerId,
) -> Result<Option<TrackerState>, StoreError> {
    Err(crate::unbuilt("TrackStore::state"))
}

pub(crate) fn purge_history(store: &ScyllaStore, now_ms: i64) -> Result<u64, StoreError> {
    Err(crate::unbuilt("OperatorStore::purge_history"))
}

/// Removes a deleted tracker's points (every day partition) and last state.
/// Called by `accounts::delete_tracker`.
pub(crate) fn remove_tracker(store: &ScyllaStore, tracker: TrackerId) -> Result<(), StoreError> {
    Err(crate::unbuilt("tracks::remove_tracker"))
}
