//! clones: not built yet.

#![allow(unused_variables)]

use trackgate_store::*;

use crate::ScyllaStore;
use crate::db::Stmt;

/// The statements of this module.
pub(crate) const STATEMENTS: &[Stmt] = &[];

pub(crate) fn create_clone(
    store: &ScyllaStore,
    source: TrackerId,
    owner: UserId,
    created_ms: i64,
) -> Result<Tracker, StoreError> {
    Err(crate::unbuilt("AccountStore::create_clone"))
}
