//! Reading stored entities by id, by index and all of a kind, and the id
//! counters new entities are numbered from.

use fjall::{OwnedWriteBatch, Readable};

use super::{EmbeddedStore, codec, engine, keys};
use crate::ports::StoreError;

/// `meta` key of the next tracker id to hand out.
const NEXT_TRACKER_ID: &[u8] = b"next_id/tracker";

impl EmbeddedStore {
    /// The next id from the counter at `name`, and the counter's new value.
    ///
    /// Ids start at 1. The caller writes the new value in the same batch as
    /// the entity, so an id is never handed out twice, also across restarts,
    /// and deleted ids are not reused.
    pub(super) fn next_id(&self, name: &[u8]) -> Result<(u64, Vec<u8>), StoreError> {
        let id = match self.ks.meta.get(name).map_err(engine)? {
            Some(value) => codec::decode::<u64>(&value, "id counter")?,
            None => 1,
        };
        let next = id
            .checked_add(1)
            .ok_or_else(|| StoreError::engine_state("id space exhausted"))?;
        Ok((id, codec::encode(&next)?))
    }

    /// The next tracker id and the counter's new value (see [`Self::next_id`]).
    pub(super) fn next_tracker_id(&self) -> Result<(u64, Vec<u8>), StoreError> {
        self.next_id(NEXT_TRACKER_ID)
    }

    /// Adds the tracker id counter's new value to `batch`.
    pub(super) fn store_next_tracker_id(&self, batch: &mut OwnedWriteBatch, next: Vec<u8>) {
        batch.insert(&self.ks.meta, NEXT_TRACKER_ID, next);
    }

    /// Reads an entity keyed by a u64 id from `ks` through `reader`.
    pub(super) fn get_by_id<T: serde::de::DeserializeOwned>(
        reader: &impl Readable,
        ks: &fjall::Keyspace,
        id: u64,
        what: &str,
    ) -> Result<Option<T>, StoreError> {
        reader
            .get(ks, id.to_be_bytes())
            .map_err(engine)?
            .map(|value| codec::decode(&value, what))
            .transpose()
    }

    /// Reads an entity keyed by a u64 id from `ks`, as of now.
    pub(super) fn entity<T: serde::de::DeserializeOwned>(
        &self,
        ks: &fjall::Keyspace,
        id: u64,
        what: &str,
    ) -> Result<Option<T>, StoreError> {
        Self::get_by_id(&self.db.snapshot(), ks, id, what)
    }

    /// Follows a `name -> id` index to its entity, both read from one
    /// snapshot so a concurrent delete cannot split them.
    pub(super) fn get_indexed<T: serde::de::DeserializeOwned>(
        &self,
        index: &fjall::Keyspace,
        name: &str,
        entities: &fjall::Keyspace,
        what: &str,
    ) -> Result<Option<T>, StoreError> {
        let snapshot = self.db.snapshot();
        let Some(id) = snapshot.get(index, name).map_err(engine)? else {
            return Ok(None);
        };
        let id = keys::u64_at(&id, 0, what)?;
        match Self::get_by_id(&snapshot, entities, id, what)? {
            Some(entity) => Ok(Some(entity)),
            None => Err(StoreError::Corrupt(format!(
                "{what} index points at missing id {id}"
            ))),
        }
    }

    /// Every value of `ks`, in key order.
    pub(super) fn all<T: serde::de::DeserializeOwned>(
        ks: &fjall::Keyspace,
        what: &str,
    ) -> Result<Vec<T>, StoreError> {
        ks.iter()
            .map(|guard| codec::decode(&guard.value().map_err(engine)?, what))
            .collect()
    }
}
