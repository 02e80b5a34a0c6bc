//! accounts: not built yet.

#![allow(unused_variables)]

use trackgate_store::*;

use crate::ScyllaStore;
use crate::db::Stmt;

/// The statements of this module.
pub(crate) const STATEMENTS: &[Stmt] = &[];

pub(crate) fn create_user(store: &ScyllaStore, new: NewUser) -> Result<User, StoreError> {
    Err(crate::unbuilt("AccountStore::create_user"))
}

pub(crate) fn update_user(store: &ScyllaStore, user: &User) -> Result<(), StoreError> {
    Err(crate::unbuilt("AccountStore::update_user"))
}

pub(crate) fn user(store: &ScyllaStore, id: UserId) -> Result<Option<User>, StoreError> {
    Err(crate::unbuilt("AccountStore::user"))
}

pub(crate) fn user_by_login(store: &ScyllaStore, login: &str) -> Result<Option<User>, StoreError> {
    Err(crate::unbuilt("AccountStore::user_by_login"))
}

pub(crate) fn users(store: &ScyllaStore) -> Result<Vec<User>, StoreError> {
    Err(crate::unbuilt("AccountStore::users"))
}

pub(crate) fn delete_user(store: &ScyllaStore, id: UserId) -> Result<bool, StoreError> {
    Err(crate::unbuilt("AccountStore::delete_user"))
}

pub(crate) fn create_tracker(store: &ScyllaStore, new: NewTracker) -> Result<Tracker, StoreError> {
    Err(crate::unbuilt("AccountStore::create_tracker"))
}

pub(crate) fn update_tracker(store: &ScyllaStore, tracker: &Tracker) -> Result<(), StoreError> {
    Err(crate::unbuilt("AccountStore::update_tracker"))
}

pub(crate) fn tracker(store: &ScyllaStore, id: TrackerId) -> Result<Option<Tracker>, StoreError> {
    Err(crate::unbuilt("AccountStore::tracker"))
}

pub(crate) fn tracker_by_device(
    store: &ScyllaStore,
    device_id: &str,
) -> Result<Option<Tracker>, StoreError> {
    Err(crate::unbuilt("AccountStore::tracker_by_device"))
}

pub(crate) fn trackers(store: &ScyllaStore) -> Result<Vec<Tracker>, StoreError> {
    Err(crate::unbuilt("AccountStore::trackers"))
}

pub(crate) fn user_trackers(store: &ScyllaStore, user: UserId) -> Result<Vec<Tracker>, StoreError> {
    Err(crate::unbuilt("AccountStore::user_trackers"))
}

pub(crate) fn delete_tracker(store: &ScyllaStore, id: TrackerId) -> Result<bool, StoreError> {
    Err(crate::unbuilt("AccountStore::delete_tracker"))
}
