//! What a user points at besides itself (its manager, plan and dealer):
//! the checks that keep those references valid, and the index entries
//! (`manager_users`, `plan_users`, `dealer_users`) that list users by them.
//!
//! Sub-users belong to their master's account, so they neither have nor
//! are managers and belong to no dealer (as on the embedded store).

use trackgate_store::*;

use super::users::{require_user, user, write_user};
use crate::ScyllaStore;
use crate::kit::{Writes, ids, key, not_found};

/// Whether user `id` is a sub-user.
fn is_subuser(store: &ScyllaStore, id: UserId) -> Result<bool, StoreError> {
    Ok(crate::subusers::subuser(store, id)?.is_some())
}

/// Checks what `new` points at where it differs from `old`: the manager,
/// plan and dealer must exist (`NotFound`); a user cannot manage itself,
/// and sub-users take no part in managers or dealers (`Conflict`).
pub(crate) fn check_user_links(
    store: &ScyllaStore,
    old: &User,
    new: &User,
) -> Result<(), StoreError> {
    if new.manager != old.manager
        && let Some(manager) = new.manager
    {
        if manager == new.id {
            return Err(StoreError::Conflict(format!(
                "user {} cannot manage itself",
                manager.0
            )));
        }
        require_user(store, manager)?;
        if is_subuser(store, new.id)? || is_subuser(store, manager)? {
            return Err(StoreError::Conflict(
                "sub-users neither have nor are managers".into(),
            ));
        }
    }
    if new.plan != old.plan
        && let Some(plan) = new.plan
        && crate::operator::plan(store, plan)?.is_none()
    {
        return Err(not_found(format_args!("billing plan {}", plan.0)));
    }
    if new.dealer != old.dealer
        && let Some(dealer) = new.dealer
    {
        if crate::panel::dealer(store, dealer)?.is_none() {
            return Err(not_found(format_args!("dealer {}", dealer.0)));
        }
        if is_subuser(store, new.id)? {
            return Err(StoreError::Conflict(
                "a sub-user belongs to its master's account, not to a dealer".into(),
            ));
        }
    }
    Ok(())
}

/// The index entries a user has: `(statement prefix, owner id)` for its
/// manager, dealer and plan.
fn entries(user: Option<&User>) -> [(&'static str, Option<u64>); 3] {
    [
        ("manager_users", user.and_then(|u| u.manager.map(|m| m.0))),
        ("dealer_users", user.and_then(|u| u.dealer.map(|d| d.0))),
        ("plan_users", user.and_then(|u| u.plan.map(|p| p.0))),
    ]
}

/// Adds to `writes` the moves of a user's manager, dealer and plan index
/// entries from `old` to `new` (`None`: the user is created, or deleted).
pub(crate) fn relink_user(writes: &mut Writes, old: Option<&User>, new: Option<&User>) {
    let Some(id) = old.or(new).map(|u| u.id.0) else {
        return;
    };
    for ((index, before), (_, after)) in entries(old).into_iter().zip(entries(new)) {
        if before == after {
            continue;
        }
        if let Some(owner) = before {
            writes.push_row(delete_statement(index), (key(owner), key(id)));
        }
        if let Some(owner) = after {
            writes.push_row(put_statement(index), (key(owner), key(id)));
        }
    }
}

fn delete_statement(index: &str) -> &'static str {
    match index {
        "manager_users" => "manager_users.delete",
        "dealer_users" => "dealer_users.delete",
        _ => "plan_users.delete",
    }
}

fn put_statement(index: &str) -> &'static str {
    match index {
        "manager_users" => "manager_users.put",
        "dealer_users" => "dealer_users.put",
        _ => "plan_users.put",
    }
}

/// Adds to `writes` the unassignment of every user `manager` manages.
pub(crate) fn unlink_managed(
    store: &ScyllaStore,
    writes: &mut Writes,
    manager: UserId,
) -> Result<(), StoreError> {
    for id in ids(store.db(), "manager_users.list", (key(manager.0),))? {
        if let Some(managed) = user(store, UserId(id))?
            && managed.manager == Some(manager)
        {
            write_user(
                writes,
                &User {
                    manager: None,
                    ..managed
                },
            )?;
        }
    }
    writes.push_row("manager_users.delete_all", (key(manager.0),));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(id: u64) -> User {
        User::created(
            UserId(id),
            NewUser {
                login: format!("u{id}"),
                password_hash: String::new(),
                created_ms: 0,
            },
        )
    }

    #[test]
    fn relinking_moves_only_what_changed() {
        let old = User {
            manager: Some(UserId(5)),
            plan: Some(PlanId(2)),
            ..user(9)
        };
        let new = User {
            manager: Some(UserId(6)),
            dealer: Some(DealerId(3)),
            ..old.clone()
        };
        let mut writes = Writes::new();
        relink_user(&mut writes, Some(&old), Some(&new));
        assert_eq!(
            writes.names(),
            [
                "manager_users.delete",
                "manager_users.put",
                "dealer_users.put"
            ]
        );

        let mut created = Writes::new();
        relink_user(&mut created, None, Some(&old));
        assert_eq!(created.names(), ["manager_users.put", "plan_users.put"]);
        let mut deleted = Writes::new();
        relink_user(&mut deleted, Some(&new), None);
        assert_eq!(
            deleted.names(),
            [
                "manager_users.delete",
                "dealer_users.delete",
                "plan_users.delete"
            ]
        );
        let mut same = Writes::new();
        relink_user(&mut same, Some(&new), Some(&new));
        assert!(same.is_empty());
    }
}
