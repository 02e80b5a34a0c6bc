//! Commands to devices: one keyspace keyed by (tracker, command id), so a
//! tracker's commands are one prefix scan, oldest first.
//!
//! Every write is one durable batch under the account lock, like users and
//! trackers: a command the API has accepted survives a crash.

use fjall::Readable;

use super::{EmbeddedStore, codec, engine, keys};
use crate::commands_model::*;
use crate::model::{Tracker, TrackerId};
use crate::ports::{CommandStore, StoreError};

/// `meta` key of the next command id to hand out.
const NEXT_COMMAND_ID: &[u8] = b"next_id/command";

impl CommandStore for EmbeddedStore {
    fn create_command(&self, new: NewCommand) -> Result<CommandRecord, StoreError> {
        let _lock = self.lock_accounts();
        let tracker = new.tracker;
        if self
            .entity::<Tracker>(&self.ks.trackers, tracker.0, "tracker")?
            .is_none()
        {
            return Err(StoreError::NotFound(format!("tracker {}", tracker.0)));
        }
        let (id, next) = self.next_id(NEXT_COMMAND_ID)?;
        let record = CommandRecord::queued(CommandId(id), new);
        let mut batch = self.durable_batch();
        batch.insert(
            &self.ks.commands,
            keys::pair_key(tracker.0, id),
            codec::encode(&record)?,
        );
        batch.insert(&self.ks.meta, NEXT_COMMAND_ID, next);
        batch.commit().map_err(engine)?;
        Ok(record)
    }

    fn update_command(&self, command: &CommandRecord) -> Result<(), StoreError> {
        let _lock = self.lock_accounts();
        let key = keys::pair_key(command.request.tracker.0, command.id.0);
        if self.ks.commands.get(key).map_err(engine)?.is_none() {
            return Err(StoreError::NotFound(format!("command {}", command.id.0)));
        }
        let mut batch = self.durable_batch();
        batch.insert(&self.ks.commands, key, codec::encode(command)?);
        batch.commit().map_err(engine)
    }

    fn command(
        &self,
        tracker: TrackerId,
        id: CommandId,
    ) -> Result<Option<CommandRecord>, StoreError> {
        self.ks
            .commands
            .get(keys::pair_key(tracker.0, id.0))
            .map_err(engine)?
            .map(|value| codec::decode(&value, "command"))
            .transpose()
    }

    fn tracker_commands(&self, tracker: TrackerId) -> Result<Vec<CommandRecord>, StoreError> {
        let snapshot = self.db.snapshot();
        let mut out = Vec::new();
        for guard in snapshot.prefix(&self.ks.commands, tracker.0.to_be_bytes()) {
            let value = guard.value().map_err(engine)?;
            out.push(codec::decode(&value, "command")?);
        }
        Ok(out)
    }
}

impl EmbeddedStore {
    /// Adds the removal of every command of `tracker` to `batch` (when the
    /// tracker is deleted).
    pub(super) fn remove_commands(
        &self,
        tracker: TrackerId,
        batch: &mut fjall::OwnedWriteBatch,
    ) -> Result<(), StoreError> {
        let snapshot = self.db.snapshot();
        for guard in snapshot.prefix(&self.ks.commands, tracker.0.to_be_bytes()) {
            let key = guard.key().map_err(engine)?;
            batch.remove(&self.ks.commands, key.to_vec());
        }
        Ok(())
    }
}
