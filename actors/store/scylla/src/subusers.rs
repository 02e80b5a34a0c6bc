//! subusers: not built yet.

#![allow(unused_variables)]

use trackgate_store::*;

use crate::ScyllaStore;
use crate::db::Stmt;

/// The statements of this module.
pub(crate) const STATEMENTS: &[Stmt] = &[];

pub(crate) fn create_subuser(
    store: &ScyllaStore,
    user: NewUser,
    blocked: bool,
    link: SubUserLink,
) -> Result<SubUser, StoreError> {
    Err(crate::unbuilt("SubUserStore::create_subuser"))
}

pub(crate) fn update_subuser(store: &ScyllaStore, subuser: &SubUser) -> Result<(), StoreError> {
    Err(crate::unbuilt("SubUserStore::update_subuser"))
}

pub(crate) fn subuser(store: &ScyllaStore, id: UserId) -> Result<Option<SubUser>, StoreError> {
    Err(crate::unbuilt("SubUserStore::subuser"))
}

pub(crate) fn master_subusers(
    store: &ScyllaStore,
    master: UserId,
) -> Result<Vec<SubUser>, StoreError> {
    Err(crate::unbuilt("SubUserStore::master_subusers"))
}

pub(crate) fn bind_trackers(
    store: &ScyllaStore,
    subuser: UserId,
    trackers: &[TrackerId],
) -> Result<(), StoreError> {
    Err(crate::unbuilt("SubUserStore::bind_trackers"))
}

pub(crate) fn unbind_trackers(
    store: &ScyllaStore,
    subuser: UserId,
    trackers: &[TrackerId],
) -> Result<(), StoreError> {
    Err(crate::unbuilt("SubUserStore::unbind_trackers"))
}

pub(crate) fn subuser_trackers(
    store: &ScyllaStore,
    subuser: UserId,
) -> Result<Vec<TrackerId>, StoreError> {
    Err(crate::unbuilt("SubUserStore::subuser_trackers"))
}
