//! bundles: not built yet.

#![allow(unused_variables)]

use trackgate_store::*;

use crate::ScyllaStore;
use crate::db::Stmt;

/// The statements of this module.
pub(crate) const STATEMENTS: &[Stmt] = &[];

pub(crate) fn import_bundles(
    store: &ScyllaStore,
    new: Vec<NewBundle>,
) -> Result<Vec<Bundle>, StoreError> {
    Err(crate::unbuilt("BundleStore::import_bundles"))
}

pub(crate) fn bundle(store: &ScyllaStore, id: BundleId) -> Result<Option<Bundle>, StoreError> {
    Err(crate::unbuilt("BundleStore::bundle"))
}

pub(crate) fn bundle_by_imei(
    store: &ScyllaStore,
    imei: &str,
) -> Result<Option<Bundle>, StoreError> {
    Err(crate::unbuilt("BundleStore::bundle_by_imei"))
}

pub(crate) fn bundles(
    store: &ScyllaStore,
    filter: &BundleFilter,
    offset: usize,
    limit: usize,
) -> Result<(Vec<Bundle>, usize), StoreError> {
    Err(crate::unbuilt("BundleStore::bundles"))
}

pub(crate) fn update_bundle(store: &ScyllaStore, bundle: &Bundle) -> Result<(), StoreError> {
    Err(crate::unbuilt("BundleStore::update_bundle"))
}

pub(crate) fn use_bundle(
    store: &ScyllaStore,
    id: BundleId,
    tracker: TrackerId,
    user: UserId,
    time_ms: i64,
) -> Result<Bundle, StoreError> {
    Err(crate::unbuilt("BundleStore::use_bundle"))
}

pub(crate) fn bundle_by_phone(
    store: &ScyllaStore,
    phone: &str,
) -> Result<Option<Bundle>, StoreError> {
    Err(crate::unbuilt("BundleStore::bundle_by_phone"))
}
