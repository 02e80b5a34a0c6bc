//! Deleting the sessions that ended, User API and Panel API alike.
//!
//! Each session is indexed by its expiry (`session_expiries`,
//! `panel_session_expiries`: `expiry · digest`), so the sessions that
//! ended are the start of the index, read without a scan of the rest.
//! An index entry may outlive its session (a user or administrator
//! deleted with its sessions leaves it): the sweep drops it when its time
//! comes and deletes a session only if the session itself says it ended.
//! Each batch holds at most [`BATCH`] entries and takes the account lock
//! for that batch only, so logins go on while a large backlog is swept.

use fjall::{Keyspace, OwnedWriteBatch};

use super::panel_sessions::admin_session_key;
use super::{EmbeddedStore, engine, keys};
use crate::ports::StoreError;
use crate::secret::SecretDigest;

/// Index entries handled per durable batch.
const BATCH: usize = 1_000;

impl EmbeddedStore {
    /// Deletes every User API session that ended at or before `now_ms`;
    /// returns how many.
    pub(super) fn sweep_user_sessions_ended(&self, now_ms: i64) -> Result<usize, StoreError> {
        self.sweep(
            &self.ks.session_expiries,
            now_ms,
            |store, batch, digest| match store.get_session(digest)? {
                Some(session) if session.expires_ms <= now_ms => {
                    batch.remove(&store.ks.sessions, digest.as_bytes());
                    batch.remove(
                        &store.ks.user_sessions,
                        keys::user_session_key(session.user, digest),
                    );
                    Ok(true)
                }
                _ => Ok(false),
            },
        )
    }

    /// Deletes every Panel API session that ended at or before `now_ms`;
    /// returns how many.
    pub(super) fn sweep_panel_sessions_ended(&self, now_ms: i64) -> Result<usize, StoreError> {
        self.sweep(
            &self.ks.panel_session_expiries,
            now_ms,
            |store, batch, digest| match store.get_panel_session(digest)? {
                Some(session) if session.expires_ms <= now_ms => {
                    batch.remove(&store.ks.panel_sessions, digest.as_bytes());
                    batch.remove(
                        &store.ks.panel_admin_sessions,
                        admin_session_key(session.admin, digest),
                    );
                    Ok(true)
                }
                _ => Ok(false),
            },
        )
    }

    /// Walks `index` up to `now_ms` in batches, dropping each entry and
    /// letting `remove` add its session's removal to the batch (`true`
    /// when it did); returns how many sessions went.
    fn sweep(
        &self,
        index: &Keyspace,
        now_ms: i64,
        remove: impl Fn(&Self, &mut OwnedWriteBatch, &SecretDigest) -> Result<bool, StoreError>,
    ) -> Result<usize, StoreError> {
        // Every key below this one has an expiry at or before `now_ms`.
        let end = keys::time_bytes(now_ms.saturating_add(1));
        let mut removed = 0;
        loop {
            let _lock = self.lock_accounts();
            let mut batch = self.durable_batch();
            let mut entries = 0;
            for guard in index.range(..end).take(BATCH) {
                let key = guard.key().map_err(engine)?;
                let digest = keys::digest_after(&key, 8, "session expiry index")?;
                if remove(self, &mut batch, &digest)? {
                    removed += 1;
                }
                batch.remove(index, key);
                entries += 1;
            }
            if entries == 0 {
                return Ok(removed);
            }
            batch.commit().map_err(engine)?;
            if entries < BATCH {
                return Ok(removed);
            }
        }
    }
}
