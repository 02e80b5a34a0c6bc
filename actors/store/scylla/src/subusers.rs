//! Sub-users ([`SubUserStore`]): the link from a user to its master (in
//! `subusers`), a master's sub-users (`master_subusers`), and the trackers
//! a sub-user may see, indexed both ways (`subuser_trackers`,
//! `tracker_subusers`) so deleting either side finds the other. Each
//! change is one logged batch; a sub-user's user row is written in the
//! same batch as its link.

use std::collections::BTreeSet;

use trackgate_store::*;

use crate::ScyllaStore;
use crate::accounts::{insert_user, require_tracker, require_user};
use crate::codec;
use crate::db::Stmt;
use crate::kit::{Writes, body, by_ids_with, ids, key, not_found};

/// The statements of this module.
pub(crate) const STATEMENTS: &[Stmt] = &[
    Stmt {
        name: "subusers.get",
        cql: "SELECT body FROM subusers WHERE id = ?",
    },
    Stmt {
        name: "subusers.put",
        cql: "INSERT INTO subusers (id, body) VALUES (?, ?)",
    },
    Stmt {
        name: "subusers.delete",
        cql: "DELETE FROM subusers WHERE id = ?",
    },
    Stmt {
        name: "master_subusers.list",
        cql: "SELECT subuser FROM master_subusers WHERE master = ?",
    },
    Stmt {
        name: "master_subusers.put",
        cql: "INSERT INTO master_subusers (master, subuser) VALUES (?, ?)",
    },
    Stmt {
        name: "master_subusers.delete",
        cql: "DELETE FROM master_subusers WHERE master = ? AND subuser = ?",
    },
    Stmt {
        name: "subuser_trackers.list",
        cql: "SELECT tracker FROM subuser_trackers WHERE subuser = ?",
    },
    Stmt {
        name: "subuser_trackers.put",
        cql: "INSERT INTO subuser_trackers (subuser, tracker) VALUES (?, ?)",
    },
    Stmt {
        name: "subuser_trackers.delete",
        cql: "DELETE FROM subuser_trackers WHERE subuser = ? AND tracker = ?",
    },
    Stmt {
        name: "tracker_subusers.list",
        cql: "SELECT subuser FROM tracker_subusers WHERE tracker = ?",
    },
    Stmt {
        name: "tracker_subusers.put",
        cql: "INSERT INTO tracker_subusers (tracker, subuser) VALUES (?, ?)",
    },
    Stmt {
        name: "tracker_subusers.delete",
        cql: "DELETE FROM tracker_subusers WHERE tracker = ? AND subuser = ?",
    },
];

/// The ids of a master's sub-users, by id.
pub(crate) fn subuser_ids(store: &ScyllaStore, master: UserId) -> Result<Vec<u64>, StoreError> {
    ids(store.db(), "master_subusers.list", (key(master.0),))
}

/// Adds the binding of `tracker` to `subuser`, both ways, to `writes`.
fn bind(writes: &mut Writes, subuser: u64, tracker: u64) {
    writes.push_row("subuser_trackers.put", (key(subuser), key(tracker)));
    writes.push_row("tracker_subusers.put", (key(tracker), key(subuser)));
}

/// Adds the removal of the binding of `tracker` to `subuser`, both ways,
/// to `writes`.
pub(crate) fn unbind(writes: &mut Writes, subuser: u64, tracker: u64) {
    writes.push_row("subuser_trackers.delete", (key(subuser), key(tracker)));
    writes.push_row("tracker_subusers.delete", (key(tracker), key(subuser)));
}

/// Adds the removal of `subuser`'s link to `master` and of its tracker
/// bindings to `writes`.
pub(crate) fn remove_subuser_link(
    store: &ScyllaStore,
    writes: &mut Writes,
    subuser: UserId,
    master: UserId,
) -> Result<(), StoreError> {
    for tracker in ids(store.db(), "subuser_trackers.list", (key(subuser.0),))? {
        unbind(writes, subuser.0, tracker);
    }
    writes.push_row("subusers.delete", (key(subuser.0),));
    writes.push_row("master_subusers.delete", (key(master.0), key(subuser.0)));
    Ok(())
}

/// The sub-user, or `NotFound`.
fn require_subuser(store: &ScyllaStore, id: UserId) -> Result<SubUser, StoreError> {
    subuser(store, id)?.ok_or_else(|| not_found(format_args!("sub-user {}", id.0)))
}

/// `SubUserStore::create_subuser`: `Conflict` if the login is taken,
/// `NotFound` if the master does not exist or is itself a sub-user. The
/// user, its link and the master's entry are one logged batch.
pub(crate) fn create_subuser(
    store: &ScyllaStore,
    user: NewUser,
    blocked: bool,
    link: SubUserLink,
) -> Result<SubUser, StoreError> {
    require_user(store, link.master)?;
    if subuser(store, link.master)?.is_some() {
        return Err(not_found(format_args!(
            "master {} (it is a sub-user)",
            link.master.0
        )));
    }
    let body = codec::encode(&link)?;
    let master = link.master;
    let created = insert_user(store, user, blocked, |user, writes| {
        writes.push_row("subusers.put", (key(user.id.0), body));
        writes.push_row("master_subusers.put", (key(master.0), key(user.id.0)));
        Ok(())
    })?;
    Ok(SubUser {
        id: created.id,
        link,
    })
}

/// `SubUserStore::update_subuser`: rights and profile; the master never
/// changes.
pub(crate) fn update_subuser(store: &ScyllaStore, subuser: &SubUser) -> Result<(), StoreError> {
    let old = require_subuser(store, subuser.id)?;
    let link = SubUserLink {
        master: old.link.master,
        ..subuser.link.clone()
    };
    store
        .db()
        .execute("subusers.put", (key(subuser.id.0), codec::encode(&link)?))
        .map(|_| ())
}

/// `SubUserStore::subuser`.
pub(crate) fn subuser(store: &ScyllaStore, id: UserId) -> Result<Option<SubUser>, StoreError> {
    Ok(
        body::<SubUserLink>(store.db(), "subusers.get", (key(id.0),), "sub-user")?
            .map(|link| SubUser { id, link }),
    )
}

/// `SubUserStore::master_subusers`, by id: one partition of
/// `master_subusers`.
pub(crate) fn master_subusers(
    store: &ScyllaStore,
    master: UserId,
) -> Result<Vec<SubUser>, StoreError> {
    let listed = subuser_ids(store, master)?;
    let links = by_ids_with::<SubUserLink>(store.db(), "subusers.get", &listed, "sub-user")?;
    Ok(links
        .into_iter()
        .map(|(id, link)| SubUser {
            id: UserId(id),
            link,
        })
        .filter(|s| s.link.master == master)
        .collect())
}

/// `SubUserStore::bind_trackers`: `NotFound` (nothing changes) if it is
/// not a sub-user or a tracker is not its master's.
pub(crate) fn bind_trackers(
    store: &ScyllaStore,
    subuser: UserId,
    trackers: &[TrackerId],
) -> Result<(), StoreError> {
    let master = require_subuser(store, subuser)?.link.master;
    let trackers: BTreeSet<TrackerId> = trackers.iter().copied().collect();
    for &tracker in &trackers {
        if require_tracker(store, tracker)?.owner != Some(master) {
            return Err(not_found(format_args!(
                "tracker {} of master {}",
                tracker.0, master.0
            )));
        }
    }
    let mut writes = Writes::new();
    for tracker in trackers {
        bind(&mut writes, subuser.0, tracker.0);
    }
    writes.run(store.db())
}

/// `SubUserStore::unbind_trackers`: `NotFound` if it is not a sub-user.
pub(crate) fn unbind_trackers(
    store: &ScyllaStore,
    subuser: UserId,
    trackers: &[TrackerId],
) -> Result<(), StoreError> {
    require_subuser(store, subuser)?;
    let mut writes = Writes::new();
    for tracker in trackers.iter().collect::<BTreeSet<_>>() {
        unbind(&mut writes, subuser.0, tracker.0);
    }
    writes.run(store.db())
}

/// `SubUserStore::subuser_trackers`, by id.
pub(crate) fn subuser_trackers(
    store: &ScyllaStore,
    subuser: UserId,
) -> Result<Vec<TrackerId>, StoreError> {
    Ok(ids(store.db(), "subuser_trackers.list", (key(subuser.0),))?
        .into_iter()
        .map(TrackerId)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bindings_go_both_ways() {
        let mut writes = Writes::new();
        bind(&mut writes, 2, 7);
        unbind(&mut writes, 2, 7);
        assert_eq!(
            writes.names(),
            [
                "subuser_trackers.put",
                "tracker_subusers.put",
                "subuser_trackers.delete",
                "tracker_subusers.delete"
            ]
        );
    }
}
