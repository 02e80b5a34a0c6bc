//! Sub-users: the link from a user to its master, and the trackers it is
//! bound to (indexed both ways, so deleting either side finds the other).
//!
//! Writes hold the account lock and commit one durable batch.

use std::collections::BTreeSet;

use fjall::OwnedWriteBatch;

use super::{EmbeddedStore, codec, engine, keys};
use crate::model::{NewUser, TrackerId, UserId};
use crate::ports::StoreError;
use crate::tenancy_model::*;
use crate::tenancy_ports::SubUserStore;

impl EmbeddedStore {
    /// Adds the removal of `subuser`'s link to `master` and of its tracker
    /// bindings to `batch`. The caller holds the account lock.
    pub(super) fn remove_subuser_link(
        &self,
        batch: &mut OwnedWriteBatch,
        subuser: UserId,
        master: UserId,
    ) -> Result<(), StoreError> {
        for tracker in Self::ids_under(&self.ks.subuser_trackers, subuser.0)? {
            batch.remove(
                &self.ks.subuser_trackers,
                keys::pair_key(subuser.0, tracker),
            );
            batch.remove(
                &self.ks.tracker_subusers,
                keys::pair_key(tracker, subuser.0),
            );
        }
        batch.remove(&self.ks.subusers, subuser.0.to_be_bytes());
        batch.remove(
            &self.ks.master_subusers,
            keys::pair_key(master.0, subuser.0),
        );
        Ok(())
    }

    /// The sub-user, or `NotFound`.
    fn require_subuser(&self, id: UserId) -> Result<SubUser, StoreError> {
        self.subuser(id)?
            .ok_or_else(|| StoreError::NotFound(format!("sub-user {}", id.0)))
    }
}

impl SubUserStore for EmbeddedStore {
    fn create_subuser(
        &self,
        user: NewUser,
        blocked: bool,
        link: SubUserLink,
    ) -> Result<SubUser, StoreError> {
        let _lock = self.lock_accounts();
        self.require_user(link.master)?;
        if self.subuser(link.master)?.is_some() {
            return Err(StoreError::NotFound(format!(
                "master {} (it is a sub-user)",
                link.master.0
            )));
        }
        let mut batch = self.durable_batch();
        let user = self.insert_user(&mut batch, user, blocked)?;
        let subuser = SubUser { id: user.id, link };
        batch.insert(
            &self.ks.subusers,
            user.id.0.to_be_bytes(),
            codec::encode(&subuser.link)?,
        );
        batch.insert(
            &self.ks.master_subusers,
            keys::pair_key(subuser.link.master.0, user.id.0),
            [],
        );
        batch.commit().map_err(engine)?;
        Ok(subuser)
    }

    fn update_subuser(&self, subuser: &SubUser) -> Result<(), StoreError> {
        let _lock = self.lock_accounts();
        let old = self.require_subuser(subuser.id)?;
        let link = SubUserLink {
            master: old.link.master,
            ..subuser.link.clone()
        };
        let mut batch = self.durable_batch();
        batch.insert(
            &self.ks.subusers,
            subuser.id.0.to_be_bytes(),
            codec::encode(&link)?,
        );
        batch.commit().map_err(engine)
    }

    fn subuser(&self, id: UserId) -> Result<Option<SubUser>, StoreError> {
        Ok(self
            .entity(&self.ks.subusers, id.0, "sub-user")?
            .map(|link| SubUser { id, link }))
    }

    fn master_subusers(&self, master: UserId) -> Result<Vec<SubUser>, StoreError> {
        Self::ids_under(&self.ks.master_subusers, master.0)?
            .into_iter()
            .map(|id| {
                self.subuser(UserId(id))?.ok_or_else(|| {
                    StoreError::Corrupt(format!("sub-user index points at missing id {id}"))
                })
            })
            .collect()
    }

    /// `NotFound` also for a tracker of another account than the master's.
    fn bind_trackers(&self, subuser: UserId, trackers: &[TrackerId]) -> Result<(), StoreError> {
        let _lock = self.lock_accounts();
        let master = self.require_subuser(subuser)?.link.master;
        let trackers: BTreeSet<TrackerId> = trackers.iter().copied().collect();
        for &tracker in &trackers {
            if self.require_tracker(tracker)?.owner != Some(master) {
                return Err(StoreError::NotFound(format!(
                    "tracker {} of master {}",
                    tracker.0, master.0
                )));
            }
        }
        let mut batch = self.durable_batch();
        for tracker in trackers {
            batch.insert(
                &self.ks.subuser_trackers,
                keys::pair_key(subuser.0, tracker.0),
                [],
            );
            batch.insert(
                &self.ks.tracker_subusers,
                keys::pair_key(tracker.0, subuser.0),
                [],
            );
        }
        batch.commit().map_err(engine)
    }

    fn unbind_trackers(&self, subuser: UserId, trackers: &[TrackerId]) -> Result<(), StoreError> {
        let _lock = self.lock_accounts();
        self.require_subuser(subuser)?;
        let mut batch = self.durable_batch();
        for tracker in trackers {
            batch.remove(
                &self.ks.subuser_trackers,
                keys::pair_key(subuser.0, tracker.0),
            );
            batch.remove(
                &self.ks.tracker_subusers,
                keys::pair_key(tracker.0, subuser.0),
            );
        }
        batch.commit().map_err(engine)
    }

    fn subuser_trackers(&self, subuser: UserId) -> Result<Vec<TrackerId>, StoreError> {
        Ok(Self::ids_under(&self.ks.subuser_trackers, subuser.0)?
            .into_iter()
            .map(TrackerId)
            .collect())
    }
}
