//! What a user record points at besides itself (its manager, billing plan
//! and dealer), and the tracker expiry index: the checks and index entries
//! that keep them consistent through updates and deletes.
//!
//! Sub-users belong to their master's account, so the store keeps them
//! out of managers and dealers: a sub-user has neither, and manages no
//! one. That also means deleting a master, which deletes its sub-users,
//! never leaves a manager or dealer index entry behind.

use fjall::OwnedWriteBatch;

use super::{EmbeddedStore, codec, engine, keys};
use crate::model::*;
use crate::ports::StoreError;

impl EmbeddedStore {
    /// Checks what `new` points at where it differs from `old`: the
    /// manager, plan and dealer must exist (`NotFound`); a user cannot
    /// manage itself, and sub-users take no part in managers or dealers
    /// (`Conflict`). The caller holds the account lock.
    pub(super) fn check_user_links(&self, old: &User, new: &User) -> Result<(), StoreError> {
        let is_subuser = |id: UserId| {
            self.ks
                .subusers
                .contains_key(id.0.to_be_bytes())
                .map_err(engine)
        };
        if new.manager != old.manager
            && let Some(manager) = new.manager
        {
            if manager == new.id {
                return Err(StoreError::Conflict(format!(
                    "user {} cannot manage itself",
                    manager.0
                )));
            }
            self.require_user(manager)?;
            if is_subuser(new.id)? || is_subuser(manager)? {
                return Err(StoreError::Conflict(
                    "sub-users neither have nor are managers".into(),
                ));
            }
        }
        if new.plan != old.plan
            && let Some(plan) = new.plan
            && !self
                .ks
                .plans
                .contains_key(plan.0.to_be_bytes())
                .map_err(engine)?
        {
            return Err(StoreError::NotFound(format!("billing plan {}", plan.0)));
        }
        if new.dealer != old.dealer
            && let Some(dealer) = new.dealer
        {
            if !self
                .ks
                .dealers
                .contains_key(dealer.0.to_be_bytes())
                .map_err(engine)?
            {
                return Err(StoreError::NotFound(format!("dealer {}", dealer.0)));
            }
            if is_subuser(new.id)? {
                return Err(StoreError::Conflict(
                    "a sub-user belongs to its master's account, not to a dealer".into(),
                ));
            }
        }
        Ok(())
    }

    /// Moves a user's manager and dealer index entries from `old` to `new`
    /// (`None`: the user is created, or deleted).
    pub(super) fn relink_user(
        &self,
        batch: &mut OwnedWriteBatch,
        old: Option<&User>,
        new: Option<&User>,
    ) {
        let manager = |u: Option<&User>| u.and_then(|u| u.manager.map(|m| (m.0, u.id.0)));
        let dealer = |u: Option<&User>| u.and_then(|u| u.dealer.map(|d| (d.0, u.id.0)));
        for (index, before, after) in [
            (&self.ks.manager_users, manager(old), manager(new)),
            (&self.ks.dealer_users, dealer(old), dealer(new)),
        ] {
            if before == after {
                continue;
            }
            if let Some((owner, user)) = before {
                batch.remove(index, keys::pair_key(owner, user));
            }
            if let Some((owner, user)) = after {
                batch.insert(index, keys::pair_key(owner, user), []);
            }
        }
    }

    /// Adds to `batch` the unassignment of every user `manager` manages.
    pub(super) fn unlink_managed(
        &self,
        batch: &mut OwnedWriteBatch,
        manager: UserId,
    ) -> Result<(), StoreError> {
        for id in Self::ids_under(&self.ks.manager_users, manager.0)? {
            batch.remove(&self.ks.manager_users, keys::pair_key(manager.0, id));
            if let Some(mut user) = self.entity::<User>(&self.ks.users, id, "user")? {
                user.manager = None;
                batch.insert(&self.ks.users, id.to_be_bytes(), codec::encode(&user)?);
            }
        }
        Ok(())
    }

    /// Moves tracker `id`'s entry in the expiry index from `old` to `new`.
    pub(super) fn reindex_expiry(
        &self,
        batch: &mut OwnedWriteBatch,
        id: u64,
        old: Option<i64>,
        new: Option<i64>,
    ) {
        if old == new {
            return;
        }
        if let Some(at) = old {
            batch.remove(&self.ks.tracker_expiries, keys::expiry_key(at, id));
        }
        if let Some(at) = new {
            batch.insert(&self.ks.tracker_expiries, keys::expiry_key(at, id), []);
        }
    }
}
