//! tenancy: not built yet.

#![allow(unused_variables)]

use trackgate_store::*;

use crate::ScyllaStore;
use crate::db::Stmt;

/// The statements of this module.
pub(crate) const STATEMENTS: &[Stmt] = &[];

pub(crate) fn create_tag(store: &ScyllaStore, new: NewTag) -> Result<Tag, StoreError> {
    Err(crate::unbuilt("TagStore::create_tag"))
}

pub(crate) fn update_tag(store: &ScyllaStore, tag: &Tag) -> Result<(), StoreError> {
    Err(crate::unbuilt("TagStore::update_tag"))
}

pub(crate) fn tag(store: &ScyllaStore, id: TagId) -> Result<Option<Tag>, StoreError> {
    Err(crate::unbuilt("TagStore::tag"))
}

pub(crate) fn user_tags(store: &ScyllaStore, owner: UserId) -> Result<Vec<Tag>, StoreError> {
    Err(crate::unbuilt("TagStore::user_tags"))
}

pub(crate) fn delete_tag(store: &ScyllaStore, id: TagId) -> Result<bool, StoreError> {
    Err(crate::unbuilt("TagStore::delete_tag"))
}

pub(crate) fn set_tracker_tags(
    store: &ScyllaStore,
    tracker: TrackerId,
    tags: &[TagBinding],
) -> Result<(), StoreError> {
    Err(crate::unbuilt("TagStore::set_tracker_tags"))
}

pub(crate) fn tracker_tags(
    store: &ScyllaStore,
    tracker: TrackerId,
) -> Result<Vec<TagBinding>, StoreError> {
    Err(crate::unbuilt("TagStore::tracker_tags"))
}

pub(crate) fn create_group(store: &ScyllaStore, new: NewGroup) -> Result<Group, StoreError> {
    Err(crate::unbuilt("GroupStore::create_group"))
}

pub(crate) fn update_group(store: &ScyllaStore, group: &Group) -> Result<(), StoreError> {
    Err(crate::unbuilt("GroupStore::update_group"))
}

pub(crate) fn group(store: &ScyllaStore, id: GroupId) -> Result<Option<Group>, StoreError> {
    Err(crate::unbuilt("GroupStore::group"))
}

pub(crate) fn user_groups(store: &ScyllaStore, owner: UserId) -> Result<Vec<Group>, StoreError> {
    Err(crate::unbuilt("GroupStore::user_groups"))
}

pub(crate) fn delete_group(store: &ScyllaStore, id: GroupId) -> Result<bool, StoreError> {
    Err(crate::unbuilt("GroupStore::delete_group"))
}

pub(crate) fn set_tracker_group(
    store: &ScyllaStore,
    trackers: &[TrackerId],
    group: Option<GroupId>,
) -> Result<(), StoreError> {
    Err(crate::unbuilt("GroupStore::set_tracker_group"))
}

pub(crate) fn tracker_group(
    store: &ScyllaStore,
    tracker: TrackerId,
) -> Result<Option<GroupId>, StoreError> {
    Err(crate::unbuilt("GroupStore::tracker_group"))
}
