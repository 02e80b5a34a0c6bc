//! Tracker groups ([`GroupStore`]): a group under its id, an account's
//! groups by id, each tracker's group (the source of truth) and each
//! group's trackers (its reverse).

use std::collections::BTreeSet;

use trackgate_store::*;

use crate::ScyllaStore;
use crate::accounts::{require_tracker, require_user};
use crate::codec;
use crate::db::Stmt;
use crate::kit::{Writes, body, by_ids, ids, key, not_found};

/// The statements of groups.
pub(super) const STATEMENTS: &[Stmt] = &[
    Stmt {
        name: "groups.get",
        cql: "SELECT body FROM groups WHERE id = ?",
    },
    Stmt {
        name: "groups.put",
        cql: "INSERT INTO groups (id, body) VALUES (?, ?)",
    },
    Stmt {
        name: "groups.delete",
        cql: "DELETE FROM groups WHERE id = ?",
    },
    Stmt {
        name: "user_groups.list",
        cql: "SELECT group_id FROM user_groups WHERE owner = ?",
    },
    Stmt {
        name: "user_groups.put",
        cql: "INSERT INTO user_groups (owner, group_id) VALUES (?, ?)",
    },
    Stmt {
        name: "user_groups.delete",
        cql: "DELETE FROM user_groups WHERE owner = ? AND group_id = ?",
    },
    Stmt {
        name: "user_groups.delete_all",
        cql: "DELETE FROM user_groups WHERE owner = ?",
    },
    Stmt {
        name: "tracker_groups.get",
        cql: "SELECT group_id FROM tracker_groups WHERE tracker = ?",
    },
    Stmt {
        name: "tracker_groups.put",
        cql: "INSERT INTO tracker_groups (tracker, group_id) VALUES (?, ?)",
    },
    Stmt {
        name: "tracker_groups.delete",
        cql: "DELETE FROM tracker_groups WHERE tracker = ?",
    },
    Stmt {
        name: "group_trackers.list",
        cql: "SELECT tracker FROM group_trackers WHERE group_id = ?",
    },
    Stmt {
        name: "group_trackers.put",
        cql: "INSERT INTO group_trackers (group_id, tracker) VALUES (?, ?)",
    },
    Stmt {
        name: "group_trackers.delete",
        cql: "DELETE FROM group_trackers WHERE group_id = ? AND tracker = ?",
    },
];

/// `GroupStore::create_group`: `NotFound` if its owner does not exist.
pub(crate) fn create_group(store: &ScyllaStore, new: NewGroup) -> Result<Group, StoreError> {
    require_user(store, new.owner)?;
    let id = crate::ids::next_id(store.db(), "groups")?;
    let group = Group {
        id: GroupId(id),
        owner: new.owner,
        title: new.title,
        color: new.color,
    };
    let mut writes = Writes::new();
    writes.push_row("groups.put", (key(id), codec::encode(&group)?));
    writes.push_row("user_groups.put", (key(group.owner.0), key(id)));
    writes.run(store.db())?;
    Ok(group)
}

/// `GroupStore::update_group`: title and colour; the owner never changes.
pub(crate) fn update_group(store: &ScyllaStore, group: &Group) -> Result<(), StoreError> {
    let old = super::group(store, group.id)?
        .ok_or_else(|| not_found(format_args!("group {}", group.id.0)))?;
    let updated = Group {
        owner: old.owner,
        ..group.clone()
    };
    store
        .db()
        .execute("groups.put", (key(group.id.0), codec::encode(&updated)?))
        .map(|_| ())
}

/// `GroupStore::group`.
pub(crate) fn group(store: &ScyllaStore, id: GroupId) -> Result<Option<Group>, StoreError> {
    body(store.db(), "groups.get", (key(id.0),), "group")
}

/// `GroupStore::user_groups`, by id: one partition of `user_groups`.
pub(crate) fn user_groups(store: &ScyllaStore, owner: UserId) -> Result<Vec<Group>, StoreError> {
    let db = store.db();
    let listed = ids(db, "user_groups.list", (key(owner.0),))?;
    Ok(by_ids::<Group>(db, "groups.get", &listed, "group")?
        .into_iter()
        .filter(|g| g.owner == owner)
        .collect())
}

/// `GroupStore::delete_group`: its trackers are then in no group.
pub(crate) fn delete_group(store: &ScyllaStore, id: GroupId) -> Result<bool, StoreError> {
    let db = store.db();
    let Some(group) = group(store, id)? else {
        return Ok(false);
    };
    let mut writes = Writes::new();
    for tracker in ids(db, "group_trackers.list", (key(id.0),))? {
        // Only where the tracker is still in this group.
        if tracker_group(store, TrackerId(tracker))? == Some(id) {
            writes.push_row("tracker_groups.delete", (key(tracker),));
        }
        writes.push_row("group_trackers.delete", (key(id.0), key(tracker)));
    }
    writes.push_row("groups.delete", (key(id.0),));
    writes.push_row("user_groups.delete", (key(group.owner.0), key(id.0)));
    writes.run(db)?;
    Ok(true)
}

/// `GroupStore::set_tracker_group`: `NotFound` (nothing changes) if a
/// tracker or the group (of the tracker's owner) does not exist.
pub(crate) fn set_tracker_group(
    store: &ScyllaStore,
    trackers: &[TrackerId],
    group: Option<GroupId>,
) -> Result<(), StoreError> {
    let target = group
        .map(|id| super::group(store, id)?.ok_or_else(|| not_found(format_args!("group {}", id.0))))
        .transpose()?;
    let trackers: BTreeSet<TrackerId> = trackers.iter().copied().collect();
    let mut writes = Writes::new();
    for tracker in trackers {
        let owner = require_tracker(store, tracker)?.owner;
        if let Some(target) = &target
            && Some(target.owner) != owner
        {
            return Err(not_found(format_args!(
                "group {} of the owner of tracker {}",
                target.id.0, tracker.0
            )));
        }
        let old = tracker_group(store, tracker)?;
        if old == group {
            continue;
        }
        if let Some(old) = old {
            writes.push_row("group_trackers.delete", (key(old.0), key(tracker.0)));
        }
        match group {
            Some(new) => {
                writes.push_row("tracker_groups.put", (key(tracker.0), key(new.0)));
                writes.push_row("group_trackers.put", (key(new.0), key(tracker.0)));
            }
            None => writes.push_row("tracker_groups.delete", (key(tracker.0),)),
        }
    }
    writes.run(store.db())
}

/// `GroupStore::tracker_group`.
pub(crate) fn tracker_group(
    store: &ScyllaStore,
    tracker: TrackerId,
) -> Result<Option<GroupId>, StoreError> {
    Ok(store
        .db()
        .query_one::<(Option<i64>,)>("tracker_groups.get", (key(tracker.0),))?
        .and_then(|(group,)| group)
        .map(|g| GroupId(crate::kit::id(g))))
}
