//! Tags and tracker groups ([`TagStore`], [`GroupStore`]: `tags`,
//! `groups`), and removing what belongs to a tracker or an account when it
//! goes.
//!
//! A tracker's tags, group and sub-user bindings always belong to its
//! owner: binding another account's tag or group is `NotFound`, and a
//! tracker that changes owner loses them. Bindings are kept both ways
//! (tracker → tags / group, tag / group → trackers), each change in one
//! logged batch, so deleting either side finds the other in one partition.

mod groups;
mod tags;

pub(crate) use groups::{
    create_group, delete_group, group, set_tracker_group, tracker_group, update_group, user_groups,
};
pub(crate) use tags::{
    create_tag, delete_tag, set_tracker_tags, tag, tracker_tags, update_tag, user_tags,
};

use trackgate_store::*;

use crate::ScyllaStore;
use crate::db::Stmt;
use crate::kit::{Writes, ids, join, key, total};

const PARTS: &[&[Stmt]] = &[tags::STATEMENTS, groups::STATEMENTS];

/// The statements of this module.
pub(crate) const STATEMENTS: &[Stmt] = &join::<{ total(PARTS) }>(PARTS);

/// Adds to `writes` the removal of the tracker's tag bindings, group
/// membership and sub-user bindings.
pub(crate) fn remove_tracker_tenancy(
    store: &ScyllaStore,
    writes: &mut Writes,
    tracker: u64,
) -> Result<(), StoreError> {
    for binding in tracker_tags(store, TrackerId(tracker))? {
        writes.push_row("tag_trackers.delete", (key(binding.tag.0), key(tracker)));
    }
    writes.push_row("tracker_tags.delete", (key(tracker),));
    if let Some(group) = tracker_group(store, TrackerId(tracker))? {
        writes.push_row("group_trackers.delete", (key(group.0), key(tracker)));
    }
    writes.push_row("tracker_groups.delete", (key(tracker),));
    for subuser in ids(store.db(), "tracker_subusers.list", (key(tracker),))? {
        crate::subusers::unbind(writes, subuser, tracker);
    }
    Ok(())
}

/// Adds to `writes` the removal of everything the user holds besides its
/// trackers and its users' rows: its trackers' bindings, its tags and
/// groups, its sub-users' links (`subs`) and its own sub-user link.
pub(crate) fn remove_user_tenancy(
    store: &ScyllaStore,
    writes: &mut Writes,
    user: UserId,
    subs: &[u64],
) -> Result<(), StoreError> {
    let db = store.db();
    for tracker in ids(db, "tracker_owners.list", (key(user.0),))? {
        remove_tracker_tenancy(store, writes, tracker)?;
    }
    for tag in ids(db, "user_tags.list", (key(user.0),))? {
        writes.push_row("tags.delete", (key(tag),));
    }
    writes.push_row("user_tags.delete_all", (key(user.0),));
    for group in ids(db, "user_groups.list", (key(user.0),))? {
        writes.push_row("groups.delete", (key(group),));
    }
    writes.push_row("user_groups.delete_all", (key(user.0),));
    for &subuser in subs {
        crate::subusers::remove_subuser_link(store, writes, UserId(subuser), user)?;
    }
    if let Some(own) = crate::subusers::subuser(store, user)? {
        crate::subusers::remove_subuser_link(store, writes, user, own.link.master)?;
    }
    Ok(())
}
