//! Trackers: created with their device id claimed first, updated with
//! their device id, owner and expiry indexes moved, deleted with their
//! points, state, commands, bindings and clones.

use trackgate_store::*;

use super::DEVICES;
use super::users::require_user;
use crate::ScyllaStore;
use crate::codec;
use crate::db::Stmt;
use crate::kit::{Writes, bodies, body, by_ids, ids, key, not_found};
use crate::unique;

/// The statements of trackers and the owner index.
pub(super) const STATEMENTS: &[Stmt] = &[
    Stmt {
        name: "trackers.get",
        cql: "SELECT body FROM trackers WHERE id = ?",
    },
    // `trackers()`, an operator listing: scans the table.
    Stmt {
        name: "trackers.all",
        cql: "SELECT body FROM trackers",
    },
    Stmt {
        name: "trackers.put",
        cql: "INSERT INTO trackers (id, body) VALUES (?, ?)",
    },
    Stmt {
        name: "trackers.delete",
        cql: "DELETE FROM trackers WHERE id = ?",
    },
    Stmt {
        name: "tracker_owners.list",
        cql: "SELECT tracker FROM tracker_owners WHERE owner = ?",
    },
    Stmt {
        name: "tracker_owners.put",
        cql: "INSERT INTO tracker_owners (owner, tracker) VALUES (?, ?)",
    },
    Stmt {
        name: "tracker_owners.delete",
        cql: "DELETE FROM tracker_owners WHERE owner = ? AND tracker = ?",
    },
    Stmt {
        name: "tracker_owners.delete_all",
        cql: "DELETE FROM tracker_owners WHERE owner = ?",
    },
];

/// A tracker by id.
pub(crate) fn tracker(store: &ScyllaStore, id: TrackerId) -> Result<Option<Tracker>, StoreError> {
    body(store.db(), "trackers.get", (key(id.0),), "tracker")
}

/// The tracker, or `NotFound`.
pub(crate) fn require_tracker(store: &ScyllaStore, id: TrackerId) -> Result<Tracker, StoreError> {
    tracker(store, id)?.ok_or_else(|| not_found(format_args!("tracker {}", id.0)))
}

/// Adds the writing of `tracker` to `writes`.
pub(crate) fn write_tracker(writes: &mut Writes, tracker: &Tracker) -> Result<(), StoreError> {
    writes.push_row("trackers.put", (key(tracker.id.0), codec::encode(tracker)?));
    Ok(())
}

/// Whether tracker `id` exists, is no clone, and has `device_id`.
fn holds_device(store: &ScyllaStore, device_id: &str, id: u64) -> Result<bool, StoreError> {
    Ok(tracker(store, TrackerId(id))?
        .is_some_and(|t| t.device_id == device_id && t.clone_of.is_none()))
}

/// Releases a device id a tracker no longer holds; a failure only delays
/// its reuse (the claim goes stale), so it is logged, not returned.
fn release_device(store: &ScyllaStore, device_id: &str, id: u64) {
    if let Err(error) = unique::release(store.db(), &DEVICES, device_id, id) {
        tracing::warn!(%error, id, "releasing a device id failed; it is reusable once stale");
    }
}

/// `AccountStore::create_tracker`: `Conflict` if the device id is taken,
/// `NotFound` if the owner does not exist.
pub(crate) fn create_tracker(store: &ScyllaStore, new: NewTracker) -> Result<Tracker, StoreError> {
    let db = store.db();
    unique::check_name(&new.device_id, "device id")?;
    let device = new.device_id.clone();
    let holds = |other| holds_device(store, &device, other);
    unique::check_free(db, &DEVICES, &device, None, "device id", holds)?;
    if let Some(owner) = new.owner {
        require_user(store, owner)?;
    }
    let id = crate::ids::next_id(db, "trackers")?;
    let tracker = Tracker::created(TrackerId(id), new);
    let mut writes = Writes::new();
    write_tracker(&mut writes, &tracker)?;
    if let Some(owner) = tracker.owner {
        writes.push_row("tracker_owners.put", (key(owner.0), key(id)));
    }
    if !unique::claim(db, &DEVICES, &device, id, holds)? {
        return Err(StoreError::Conflict(format!("device id {device:?}")));
    }
    // A failed batch keeps its claim: see `users::insert_user`.
    writes.run(db)?;
    Ok(tracker)
}

/// `AccountStore::update_tracker`: `NotFound` if it (or its new owner)
/// does not exist; `Conflict` if the new device id is taken or a clone
/// would stop being one (or a tracker become one). A tracker that changes
/// owner loses its tags, group and sub-user bindings.
pub(crate) fn update_tracker(store: &ScyllaStore, tracker: &Tracker) -> Result<(), StoreError> {
    let db = store.db();
    unique::check_name(&tracker.device_id, "device id")?;
    let id = tracker.id.0;
    let old = require_tracker(store, tracker.id)?;
    if old.clone_of != tracker.clone_of {
        return Err(StoreError::Conflict(format!(
            "tracker {id}: a clone stays a clone of its source"
        )));
    }
    let mut writes = Writes::new();
    crate::operator::reindex_expiry(&mut writes, id, old.expires_ms, tracker.expires_ms);
    if old.owner != tracker.owner {
        if let Some(owner) = tracker.owner {
            require_user(store, owner)?;
        }
        crate::tenancy::remove_tracker_tenancy(store, &mut writes, id)?;
        if let Some(owner) = old.owner {
            writes.push_row("tracker_owners.delete", (key(owner.0), key(id)));
        }
        if let Some(owner) = tracker.owner {
            writes.push_row("tracker_owners.put", (key(owner.0), key(id)));
        }
    }
    write_tracker(&mut writes, tracker)?;
    // A clone's device id is its source's, kept for reading only.
    let moved = old.device_id != tracker.device_id && tracker.clone_of.is_none();
    if moved
        && !unique::claim(db, &DEVICES, &tracker.device_id, id, |other| {
            holds_device(store, &tracker.device_id, other)
        })?
    {
        return Err(StoreError::Conflict(format!(
            "device id {:?}",
            tracker.device_id
        )));
    }
    writes.run(db)?;
    if moved {
        release_device(store, &old.device_id, id);
    }
    Ok(())
}

/// `AccountStore::tracker_by_device`: the tracker (never a clone) whose
/// device id it is.
pub(crate) fn tracker_by_device(
    store: &ScyllaStore,
    device_id: &str,
) -> Result<Option<Tracker>, StoreError> {
    if !unique::keyable(device_id) {
        return Ok(None);
    }
    let Some((id, _)) = unique::holder(store.db(), &DEVICES, device_id)? else {
        return Ok(None);
    };
    Ok(tracker(store, TrackerId(id))?.filter(|t| t.device_id == device_id && t.clone_of.is_none()))
}

/// `AccountStore::trackers`, by id. An operator listing: scans the table.
pub(crate) fn trackers(store: &ScyllaStore) -> Result<Vec<Tracker>, StoreError> {
    let mut all: Vec<Tracker> = bodies(store.db(), "trackers.all", (), "tracker")?;
    all.sort_by_key(|t| t.id);
    Ok(all)
}

/// `AccountStore::user_trackers`, by id: one partition of the owner index.
pub(crate) fn user_trackers(store: &ScyllaStore, user: UserId) -> Result<Vec<Tracker>, StoreError> {
    let db = store.db();
    let listed = ids(db, "tracker_owners.list", (key(user.0),))?;
    let found: Vec<Tracker> = by_ids(db, "trackers.get", &listed, "tracker")?;
    // An entry written before its tracker moved away is not the owner's.
    Ok(found
        .into_iter()
        .filter(|t| t.owner == Some(user))
        .collect())
}

/// `AccountStore::delete_tracker`. A clone goes alone. A tracker of its
/// own goes with its clones, bindings, points, state and commands: points,
/// state and commands first (a failure there leaves the tracker in place,
/// to delete again), then the tracker and its index entries in one logged
/// batch, then its device id is released. Points committed for it while
/// it is deleted may survive: stop the device's session first.
pub(crate) fn delete_tracker(store: &ScyllaStore, id: TrackerId) -> Result<bool, StoreError> {
    let db = store.db();
    let Some(tracker) = tracker(store, id)? else {
        return Ok(false);
    };
    let mut writes = Writes::new();
    if tracker.clone_of.is_some() {
        crate::clones::remove_clone(store, &mut writes, &tracker)?;
        writes.run(db)?;
        return Ok(true);
    }
    let clones = crate::clones::clones_of(store, id)?;
    crate::tracks::remove_tracker(store, id)?;
    crate::commands::remove_tracker_commands(store, id)?;
    writes.push_row("trackers.delete", (key(id.0),));
    crate::operator::reindex_expiry(&mut writes, id.0, tracker.expires_ms, None);
    if let Some(owner) = tracker.owner {
        writes.push_row("tracker_owners.delete", (key(owner.0), key(id.0)));
    }
    crate::tenancy::remove_tracker_tenancy(store, &mut writes, id.0)?;
    for clone in &clones {
        crate::clones::remove_clone(store, &mut writes, clone)?;
    }
    writes.run(db)?;
    release_device(store, &tracker.device_id, id.0);
    Ok(true)
}

/// Sets the `suspended` mark of each of the user's trackers whose mark
/// differs, in one logged batch.
pub(crate) fn mark_trackers(
    store: &ScyllaStore,
    user: UserId,
    suspended: bool,
) -> Result<(), StoreError> {
    let mut writes = Writes::new();
    for tracker in user_trackers(store, user)? {
        if tracker.suspended != suspended {
            write_tracker(
                &mut writes,
                &Tracker {
                    suspended,
                    ..tracker
                },
            )?;
        }
    }
    writes.run(store.db())
}
