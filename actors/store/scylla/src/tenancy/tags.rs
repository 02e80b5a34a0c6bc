//! Tags ([`TagStore`]): a tag under its id, an account's tags by id, a
//! tracker's bindings (the source of truth, in the order set) and each
//! tag's trackers (their reverse).

use std::collections::BTreeSet;

use trackgate_store::*;

use crate::ScyllaStore;
use crate::accounts::{require_tracker, require_user};
use crate::codec;
use crate::db::Stmt;
use crate::kit::{Writes, body, by_ids, ids, key, not_found};

/// The statements of tags.
pub(super) const STATEMENTS: &[Stmt] = &[
    Stmt {
        name: "tags.get",
        cql: "SELECT body FROM tags WHERE id = ?",
    },
    Stmt {
        name: "tags.put",
        cql: "INSERT INTO tags (id, body) VALUES (?, ?)",
    },
    Stmt {
        name: "tags.delete",
        cql: "DELETE FROM tags WHERE id = ?",
    },
    Stmt {
        name: "user_tags.list",
        cql: "SELECT tag FROM user_tags WHERE owner = ?",
    },
    Stmt {
        name: "user_tags.put",
        cql: "INSERT INTO user_tags (owner, tag) VALUES (?, ?)",
    },
    Stmt {
        name: "user_tags.delete",
        cql: "DELETE FROM user_tags WHERE owner = ? AND tag = ?",
    },
    Stmt {
        name: "user_tags.delete_all",
        cql: "DELETE FROM user_tags WHERE owner = ?",
    },
    Stmt {
        name: "tracker_tags.get",
        cql: "SELECT body FROM tracker_tags WHERE tracker = ?",
    },
    Stmt {
        name: "tracker_tags.put",
        cql: "INSERT INTO tracker_tags (tracker, body) VALUES (?, ?)",
    },
    Stmt {
        name: "tracker_tags.delete",
        cql: "DELETE FROM tracker_tags WHERE tracker = ?",
    },
    Stmt {
        name: "tag_trackers.list",
        cql: "SELECT tracker FROM tag_trackers WHERE tag = ?",
    },
    Stmt {
        name: "tag_trackers.put",
        cql: "INSERT INTO tag_trackers (tag, tracker) VALUES (?, ?)",
    },
    Stmt {
        name: "tag_trackers.delete",
        cql: "DELETE FROM tag_trackers WHERE tag = ? AND tracker = ?",
    },
];

/// `TagStore::create_tag`: `NotFound` if its owner does not exist.
pub(crate) fn create_tag(store: &ScyllaStore, new: NewTag) -> Result<Tag, StoreError> {
    require_user(store, new.owner)?;
    let id = crate::ids::next_id(store.db(), "tags")?;
    let tag = Tag {
        id: TagId(id),
        owner: new.owner,
        name: new.name,
        color: new.color,
    };
    let mut writes = Writes::new();
    writes.push_row("tags.put", (key(id), codec::encode(&tag)?));
    writes.push_row("user_tags.put", (key(tag.owner.0), key(id)));
    writes.run(store.db())?;
    Ok(tag)
}

/// `TagStore::update_tag`: name and colour; the owner never changes.
pub(crate) fn update_tag(store: &ScyllaStore, tag: &Tag) -> Result<(), StoreError> {
    let old =
        super::tag(store, tag.id)?.ok_or_else(|| not_found(format_args!("tag {}", tag.id.0)))?;
    let updated = Tag {
        owner: old.owner,
        ..tag.clone()
    };
    store
        .db()
        .execute("tags.put", (key(tag.id.0), codec::encode(&updated)?))
        .map(|_| ())
}

/// `TagStore::tag`.
pub(crate) fn tag(store: &ScyllaStore, id: TagId) -> Result<Option<Tag>, StoreError> {
    body(store.db(), "tags.get", (key(id.0),), "tag")
}

/// `TagStore::user_tags`, by id: one partition of `user_tags`.
pub(crate) fn user_tags(store: &ScyllaStore, owner: UserId) -> Result<Vec<Tag>, StoreError> {
    let db = store.db();
    let listed = ids(db, "user_tags.list", (key(owner.0),))?;
    Ok(by_ids::<Tag>(db, "tags.get", &listed, "tag")?
        .into_iter()
        .filter(|t| t.owner == owner)
        .collect())
}

/// `TagStore::delete_tag`: unbinds it from every tracker, in one batch.
pub(crate) fn delete_tag(store: &ScyllaStore, id: TagId) -> Result<bool, StoreError> {
    let db = store.db();
    let Some(tag) = tag(store, id)? else {
        return Ok(false);
    };
    let mut writes = Writes::new();
    for tracker in ids(db, "tag_trackers.list", (key(id.0),))? {
        let left = without(tracker_tags(store, TrackerId(tracker))?, id);
        put_bindings(&mut writes, tracker, &left)?;
        writes.push_row("tag_trackers.delete", (key(id.0), key(tracker)));
    }
    writes.push_row("tags.delete", (key(id.0),));
    writes.push_row("user_tags.delete", (key(tag.owner.0), key(id.0)));
    writes.run(db)?;
    Ok(true)
}

/// `bindings` without those of `tag`.
fn without(bindings: Vec<TagBinding>, tag: TagId) -> Vec<TagBinding> {
    bindings.into_iter().filter(|b| b.tag != tag).collect()
}

/// Adds the writing of a tracker's bindings (their removal when there are
/// none) to `writes`.
fn put_bindings(
    writes: &mut Writes,
    tracker: u64,
    bindings: &[TagBinding],
) -> Result<(), StoreError> {
    if bindings.is_empty() {
        writes.push_row("tracker_tags.delete", (key(tracker),));
    } else {
        writes.push_row("tracker_tags.put", (key(tracker), codec::encode(bindings)?));
    }
    Ok(())
}

/// The tags whose reverse entries go when a tracker's bindings change from
/// `old` to `new` (those that are not bound any more).
fn unbound(old: &[TagBinding], new: &[TagBinding]) -> BTreeSet<TagId> {
    let kept: BTreeSet<TagId> = new.iter().map(|b| b.tag).collect();
    old.iter()
        .map(|b| b.tag)
        .filter(|t| !kept.contains(t))
        .collect()
}

/// `TagStore::set_tracker_tags`: `NotFound` (nothing changes) if the
/// tracker or a tag of its owner does not exist.
pub(crate) fn set_tracker_tags(
    store: &ScyllaStore,
    tracker: TrackerId,
    tags: &[TagBinding],
) -> Result<(), StoreError> {
    let owner = require_tracker(store, tracker)?.owner;
    for binding in tags {
        match tag(store, binding.tag)? {
            Some(found) if Some(found.owner) == owner => {}
            _ => {
                return Err(not_found(format_args!(
                    "tag {} of the owner",
                    binding.tag.0
                )));
            }
        }
    }
    let old = tracker_tags(store, tracker)?;
    let mut writes = Writes::new();
    // A row written and deleted in one batch has no defined winner: only
    // tags that go are removed from the reverse index.
    for gone in unbound(&old, tags) {
        writes.push_row("tag_trackers.delete", (key(gone.0), key(tracker.0)));
    }
    let added: BTreeSet<TagId> = tags.iter().map(|b| b.tag).collect();
    for tag in added {
        writes.push_row("tag_trackers.put", (key(tag.0), key(tracker.0)));
    }
    put_bindings(&mut writes, tracker.0, tags)?;
    writes.run(store.db())
}

/// `TagStore::tracker_tags`, in the order they were set.
pub(crate) fn tracker_tags(
    store: &ScyllaStore,
    tracker: TrackerId,
) -> Result<Vec<TagBinding>, StoreError> {
    Ok(body(
        store.db(),
        "tracker_tags.get",
        (key(tracker.0),),
        "tag bindings",
    )?
    .unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bound(tags: &[u64]) -> Vec<TagBinding> {
        tags.iter()
            .enumerate()
            .map(|(i, &t)| TagBinding {
                tag: TagId(t),
                ordinal: u8::try_from(i).unwrap(),
            })
            .collect()
    }

    #[test]
    fn only_tags_that_go_are_unbound() {
        let gone = unbound(&bound(&[1, 2, 3]), &bound(&[3, 4]));
        assert_eq!(gone.into_iter().collect::<Vec<_>>(), [TagId(1), TagId(2)]);
        assert!(unbound(&bound(&[1]), &bound(&[1])).is_empty());
        assert!(unbound(&[], &bound(&[5])).is_empty());
    }

    #[test]
    fn deleting_a_tag_keeps_the_others_in_order() {
        let left = without(bound(&[4, 7, 9]), TagId(7));
        assert_eq!(
            left.iter()
                .map(|b| (b.tag.0, b.ordinal))
                .collect::<Vec<_>>(),
            [(4, 0), (9, 2)]
        );
    }

    #[test]
    fn bindings_are_written_or_removed() {
        let mut writes = Writes::new();
        put_bindings(&mut writes, 1, &bound(&[2])).unwrap();
        put_bindings(&mut writes, 1, &[]).unwrap();
        assert_eq!(writes.names(), ["tracker_tags.put", "tracker_tags.delete"]);
    }
}
