//! Clones: the same device in another user's account.
//!
//! A clone is a tracker of its own (id, owner, label, tags, group) whose
//! `clone_of` names its source. It has no device id claim (the device id
//! names the source) and no points, state or commands (readers use the
//! source's). `tracker_clones` lists each source's clones, so deleting a
//! source finds them in one partition; deleting a clone touches nothing of
//! the source.

use trackgate_store::*;

use crate::ScyllaStore;
use crate::accounts::{require_tracker, require_user, write_tracker};
use crate::db::Stmt;
use crate::kit::{Writes, by_ids, ids, key};

/// The statements of this module.
pub(crate) const STATEMENTS: &[Stmt] = &[
    Stmt {
        name: "tracker_clones.list",
        cql: "SELECT clone FROM tracker_clones WHERE source = ?",
    },
    Stmt {
        name: "tracker_clones.put",
        cql: "INSERT INTO tracker_clones (source, clone) VALUES (?, ?)",
    },
    Stmt {
        name: "tracker_clones.delete",
        cql: "DELETE FROM tracker_clones WHERE source = ? AND clone = ?",
    },
];

/// `AccountStore::create_clone`: `NotFound` if the source or the owner
/// does not exist; `Conflict` if the source is a clone itself or belongs
/// to `owner`. The clone, its owner entry and its source's entry are one
/// logged batch.
pub(crate) fn create_clone(
    store: &ScyllaStore,
    source: TrackerId,
    owner: UserId,
    created_ms: i64,
) -> Result<Tracker, StoreError> {
    let original = require_tracker(store, source)?;
    if original.clone_of.is_some() {
        return Err(StoreError::Conflict(format!(
            "tracker {} is a clone itself",
            source.0
        )));
    }
    if original.owner == Some(owner) {
        return Err(StoreError::Conflict(format!(
            "tracker {} already belongs to user {}",
            source.0, owner.0
        )));
    }
    require_user(store, owner)?;
    let id = crate::ids::next_id(store.db(), "trackers")?;
    let clone = cloned(&original, TrackerId(id), owner, created_ms);
    let mut writes = Writes::new();
    write_tracker(&mut writes, &clone)?;
    writes.push_row("tracker_owners.put", (key(owner.0), key(id)));
    writes.push_row("tracker_clones.put", (key(source.0), key(id)));
    writes.run(store.db())?;
    Ok(clone)
}

/// The clone `id` of `original` in `owner`'s account, as the embedded
/// store makes it: the source's device id, label and model, nothing else.
fn cloned(original: &Tracker, id: TrackerId, owner: UserId, created_ms: i64) -> Tracker {
    Tracker {
        clone_of: Some(original.id),
        ..Tracker::created(
            id,
            NewTracker {
                device_id: original.device_id.clone(),
                label: original.label.clone(),
                model: original.model.clone(),
                owner: Some(owner),
                created_ms,
            },
        )
    }
}

/// The clones of tracker `source`, by id.
pub(crate) fn clones_of(
    store: &ScyllaStore,
    source: TrackerId,
) -> Result<Vec<Tracker>, StoreError> {
    let db = store.db();
    let listed = ids(db, "tracker_clones.list", (key(source.0),))?;
    let found: Vec<Tracker> = by_ids(db, "trackers.get", &listed, "tracker")?;
    Ok(found
        .into_iter()
        .filter(|t| t.clone_of == Some(source))
        .collect())
}

/// Adds the removal of a clone and its index entries to `writes`.
pub(crate) fn remove_clone(
    store: &ScyllaStore,
    writes: &mut Writes,
    clone: &Tracker,
) -> Result<(), StoreError> {
    let id = clone.id.0;
    writes.push_row("trackers.delete", (key(id),));
    crate::operator::reindex_expiry(writes, id, clone.expires_ms, None);
    if let Some(owner) = clone.owner {
        writes.push_row("tracker_owners.delete", (key(owner.0), key(id)));
    }
    if let Some(source) = clone.clone_of {
        writes.push_row("tracker_clones.delete", (key(source.0), key(id)));
    }
    crate::tenancy::remove_tracker_tenancy(store, writes, id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_clone_copies_the_device_and_nothing_else() {
        let original = Tracker {
            blocked: true,
            phone: Some("+1".into()),
            expires_ms: Some(5),
            suspended: true,
            ..Tracker::created(
                TrackerId(3),
                NewTracker {
                    device_id: "123".into(),
                    label: "van".into(),
                    model: "teltonika".into(),
                    owner: Some(UserId(1)),
                    created_ms: 10,
                },
            )
        };
        let clone = cloned(&original, TrackerId(8), UserId(2), 99);
        assert_eq!(clone.id, TrackerId(8));
        assert_eq!(clone.clone_of, Some(TrackerId(3)));
        assert_eq!(clone.source(), TrackerId(3));
        assert_eq!(clone.owner, Some(UserId(2)));
        assert_eq!(
            (
                clone.device_id.as_str(),
                clone.label.as_str(),
                clone.model.as_str()
            ),
            ("123", "van", "teltonika")
        );
        assert_eq!(clone.created_ms, 99);
        assert!(!clone.blocked && !clone.suspended);
        assert_eq!((clone.phone, clone.expires_ms), (None, None));
    }
}
