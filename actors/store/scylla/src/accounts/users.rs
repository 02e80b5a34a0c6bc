//! Users: created with their login claimed first, updated with their
//! login, manager, dealer and plan indexes moved, deleted with everything
//! the embedded store deletes with them.

use trackgate_store::*;

use super::LOGINS;
use super::links::{check_user_links, relink_user, unlink_managed};
use crate::ScyllaStore;
use crate::codec;
use crate::db::Stmt;
use crate::kit::{Writes, bodies, body, by_ids, key, not_found};
use crate::unique;

/// The statements of users.
pub(super) const STATEMENTS: &[Stmt] = &[
    Stmt {
        name: "users.get",
        cql: "SELECT body FROM users WHERE id = ?",
    },
    // `users()`, an operator listing: scans the table.
    Stmt {
        name: "users.all",
        cql: "SELECT body FROM users",
    },
    Stmt {
        name: "users.put",
        cql: "INSERT INTO users (id, body) VALUES (?, ?)",
    },
    Stmt {
        name: "users.delete",
        cql: "DELETE FROM users WHERE id = ?",
    },
];

/// A user by id.
pub(crate) fn user(store: &ScyllaStore, id: UserId) -> Result<Option<User>, StoreError> {
    body(store.db(), "users.get", (key(id.0),), "user")
}

/// The user, or `NotFound`.
pub(crate) fn require_user(store: &ScyllaStore, id: UserId) -> Result<User, StoreError> {
    user(store, id)?.ok_or_else(|| not_found(format_args!("user {}", id.0)))
}

/// Adds the writing of `user` to `writes`.
pub(crate) fn write_user(writes: &mut Writes, user: &User) -> Result<(), StoreError> {
    writes.push_row("users.put", (key(user.id.0), codec::encode(user)?));
    Ok(())
}

/// Whether user `id` exists and has `login`.
fn holds_login(store: &ScyllaStore, login: &str, id: u64) -> Result<bool, StoreError> {
    Ok(user(store, UserId(id))?.is_some_and(|u| u.login == login))
}

/// Creates a user (blocked or not) with whatever `more` adds to the same
/// logged batch; `Conflict` if the login is taken.
///
/// The login is claimed after the id is taken and before the batch runs.
/// A batch that fails keeps its claim: it may still apply (the batch log
/// replays it), and if it never does the claim goes stale and is taken
/// over (see `unique`).
pub(crate) fn insert_user(
    store: &ScyllaStore,
    new: NewUser,
    blocked: bool,
    more: impl FnOnce(&User, &mut Writes) -> Result<(), StoreError>,
) -> Result<User, StoreError> {
    let db = store.db();
    unique::check_name(&new.login, "login")?;
    let login = new.login.clone();
    let holds = |other| holds_login(store, &login, other);
    unique::check_free(db, &LOGINS, &login, None, "login", holds)?;
    let id = crate::ids::next_id(db, "users")?;
    let user = User {
        blocked,
        ..User::created(UserId(id), new)
    };
    let mut writes = Writes::new();
    write_user(&mut writes, &user)?;
    more(&user, &mut writes)?;
    if !unique::claim(db, &LOGINS, &login, id, holds)? {
        return Err(StoreError::Conflict(format!("login {login:?}")));
    }
    writes.run(db)?;
    Ok(user)
}

/// `AccountStore::create_user`.
pub(crate) fn create_user(store: &ScyllaStore, new: NewUser) -> Result<User, StoreError> {
    insert_user(store, new, false, |_, _| Ok(()))
}

/// `AccountStore::update_user`: `NotFound` if it does not exist (or a
/// manager, plan or dealer it names does not), `Conflict` if the new login
/// is taken or the links break a rule (see `links`).
pub(crate) fn update_user(store: &ScyllaStore, user: &User) -> Result<(), StoreError> {
    let db = store.db();
    unique::check_name(&user.login, "login")?;
    let id = user.id.0;
    let old = require_user(store, user.id)?;
    check_user_links(store, &old, user)?;
    let mut writes = Writes::new();
    relink_user(&mut writes, Some(&old), Some(user));
    write_user(&mut writes, user)?;
    let renamed = old.login != user.login;
    if renamed
        && !unique::claim(db, &LOGINS, &user.login, id, |other| {
            holds_login(store, &user.login, other)
        })?
    {
        return Err(StoreError::Conflict(format!("login {:?}", user.login)));
    }
    writes.run(db)?;
    if renamed {
        release_login(store, &old.login, id);
    }
    Ok(())
}

/// Releases a login a user no longer holds; a failure only delays its
/// reuse (the claim goes stale), so it is logged, not returned.
fn release_login(store: &ScyllaStore, login: &str, id: u64) {
    if let Err(error) = unique::release(store.db(), &LOGINS, login, id) {
        tracing::warn!(%error, id, "releasing a login failed; it is reusable once stale");
    }
}

/// `AccountStore::user_by_login`.
pub(crate) fn user_by_login(store: &ScyllaStore, login: &str) -> Result<Option<User>, StoreError> {
    if !unique::keyable(login) {
        return Ok(None);
    }
    let Some((id, _)) = unique::holder(store.db(), &LOGINS, login)? else {
        return Ok(None);
    };
    Ok(user(store, UserId(id))?.filter(|u| u.login == login))
}

/// `AccountStore::users`, by id. An operator listing: scans the table.
pub(crate) fn users(store: &ScyllaStore) -> Result<Vec<User>, StoreError> {
    let mut all: Vec<User> = bodies(store.db(), "users.all", (), "user")?;
    all.sort_by_key(|u| u.id);
    Ok(all)
}

/// `AccountStore::delete_user`: the user and its login, its sessions and
/// API keys, its tags, groups and sub-users (users of their own, with
/// their sessions and keys), its own sub-user link, its clones; its own
/// trackers lose their owner (and keep their history) and the users it
/// managed their manager. Sessions and keys go first (a failure there
/// leaves the user in place, to delete again); the rest is one logged
/// batch; the logins are released last.
pub(crate) fn delete_user(store: &ScyllaStore, id: UserId) -> Result<bool, StoreError> {
    let db = store.db();
    let Some(user) = user(store, id)? else {
        return Ok(false);
    };
    let sub_ids = crate::subusers::subuser_ids(store, id)?;
    let subs: Vec<User> = by_ids(db, "users.get", &sub_ids, "user")?;
    crate::access::remove_user_access(store, id)?;
    for sub in &sub_ids {
        crate::access::remove_user_access(store, UserId(*sub))?;
    }
    let mut writes = Writes::new();
    writes.push_row("users.delete", (key(id.0),));
    relink_user(&mut writes, Some(&user), None);
    for sub in &subs {
        writes.push_row("users.delete", (key(sub.id.0),));
        relink_user(&mut writes, Some(sub), None);
    }
    unlink_managed(store, &mut writes, id)?;
    crate::tenancy::remove_user_tenancy(store, &mut writes, id, &sub_ids)?;
    for tracker in super::user_trackers(store, id)? {
        if tracker.clone_of.is_some() {
            // A clone is this account's view of a device: it goes with it.
            crate::clones::remove_clone(store, &mut writes, &tracker)?;
        } else {
            super::write_tracker(
                &mut writes,
                &Tracker {
                    owner: None,
                    ..tracker
                },
            )?;
        }
    }
    writes.push_row("tracker_owners.delete_all", (key(id.0),));
    writes.run(db)?;
    release_login(store, &user.login, id.0);
    for sub in &subs {
        release_login(store, &sub.login, sub.id.0);
    }
    Ok(true)
}
