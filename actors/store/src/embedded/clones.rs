//! Clones: the same device in another user's account.
//!
//! A clone is a tracker record of its own (id, owner, label, tags, group)
//! with `clone_of` naming its source. It has no device-index entry (the
//! device id names the source), and no points, state or commands (readers
//! use the source's). Deleting a source deletes its clones; deleting a
//! clone touches nothing of the source.

use fjall::OwnedWriteBatch;

use super::{EmbeddedStore, codec, engine, keys};
use crate::model::*;
use crate::ports::StoreError;

impl EmbeddedStore {
    /// `AccountStore::create_clone`, under the account lock.
    pub(super) fn clone_tracker(
        &self,
        source: TrackerId,
        owner: UserId,
        created_ms: i64,
    ) -> Result<Tracker, StoreError> {
        let _lock = self.lock_accounts();
        let original: Tracker = self
            .entity(&self.ks.trackers, source.0, "tracker")?
            .ok_or_else(|| StoreError::NotFound(format!("tracker {}", source.0)))?;
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
        if self
            .entity::<User>(&self.ks.users, owner.0, "user")?
            .is_none()
        {
            return Err(StoreError::NotFound(format!("user {}", owner.0)));
        }
        let (id, next) = self.next_tracker_id()?;
        let clone = Tracker {
            owner: Some(owner),
            created_ms,
            clone_of: Some(source),
            ..Tracker::created(
                TrackerId(id),
                NewTracker {
                    device_id: original.device_id.clone(),
                    label: original.label.clone(),
                    model: original.model.clone(),
                    owner: Some(owner),
                    created_ms,
                },
            )
        };
        let mut batch = self.durable_batch();
        batch.insert(&self.ks.trackers, id.to_be_bytes(), codec::encode(&clone)?);
        batch.insert(&self.ks.tracker_owners, keys::pair_key(owner.0, id), []);
        self.store_next_tracker_id(&mut batch, next);
        batch.commit().map_err(engine)?;
        Ok(clone)
    }

    /// The clones of tracker `source`.
    pub(super) fn clones_of(&self, source: TrackerId) -> Result<Vec<Tracker>, StoreError> {
        let mut clones = Vec::new();
        for guard in self.ks.trackers.iter() {
            let tracker: Tracker = codec::decode(&guard.value().map_err(engine)?, "tracker")?;
            if tracker.clone_of == Some(source) {
                clones.push(tracker);
            }
        }
        Ok(clones)
    }

    /// Adds the removal of a clone's record and index entries to `batch`.
    pub(super) fn remove_clone(
        &self,
        batch: &mut OwnedWriteBatch,
        clone: &Tracker,
    ) -> Result<(), StoreError> {
        let id = clone.id.0;
        batch.remove(&self.ks.trackers, id.to_be_bytes());
        self.reindex_expiry(batch, id, clone.expires_ms, None);
        if let Some(owner) = clone.owner {
            batch.remove(&self.ks.tracker_owners, keys::pair_key(owner.0, id));
        }
        self.remove_tracker_tenancy(batch, id)
    }
}
