//! Sessions and API keys: the credentials a user logs in with.
//!
//! Each is stored by its secret and indexed by its user, so deleting a user
//! can find and remove them without a full scan. Writes hold the account
//! lock because replacing a session or key moves its index entry.

use fjall::{OwnedWriteBatch, Readable};

use super::{EmbeddedStore, codec, engine, keys};
use crate::model::{ApiKey, Session, UserId};
use crate::ports::StoreError;

impl EmbeddedStore {
    pub(super) fn put_session_indexed(&self, session: &Session) -> Result<(), StoreError> {
        keys::check_name(&session.hash, "session hash")?;
        let _lock = self.lock_accounts();
        let mut batch = self.durable_batch();
        if let Some(old) = self.get_session(&session.hash)? {
            batch.remove(
                &self.ks.user_sessions,
                keys::user_session_key(old.user, &old.hash),
            );
        }
        batch.insert(
            &self.ks.sessions,
            session.hash.as_str(),
            codec::encode(session)?,
        );
        batch.insert(
            &self.ks.user_sessions,
            keys::user_session_key(session.user, &session.hash),
            [],
        );
        batch.commit().map_err(engine)
    }

    pub(super) fn get_session(&self, hash: &str) -> Result<Option<Session>, StoreError> {
        self.ks
            .sessions
            .get(hash)
            .map_err(engine)?
            .map(|value| codec::decode(&value, "session"))
            .transpose()
    }

    pub(super) fn delete_session_indexed(&self, hash: &str) -> Result<bool, StoreError> {
        let _lock = self.lock_accounts();
        let Some(old) = self.get_session(hash)? else {
            return Ok(false);
        };
        let mut batch = self.durable_batch();
        batch.remove(&self.ks.sessions, hash);
        batch.remove(
            &self.ks.user_sessions,
            keys::user_session_key(old.user, &old.hash),
        );
        batch.commit().map_err(engine)?;
        Ok(true)
    }

    pub(super) fn put_api_key_indexed(&self, key: &ApiKey) -> Result<(), StoreError> {
        keys::check_name(&key.key, "api key")?;
        let _lock = self.lock_accounts();
        let mut batch = self.durable_batch();
        if let Some(old) = self.get_api_key(&key.key)? {
            batch.remove(
                &self.ks.user_api_keys,
                keys::user_api_key_key(old.user, old.created_ms, &old.key),
            );
        }
        batch.insert(&self.ks.api_keys, key.key.as_str(), codec::encode(key)?);
        batch.insert(
            &self.ks.user_api_keys,
            keys::user_api_key_key(key.user, key.created_ms, &key.key),
            [],
        );
        batch.commit().map_err(engine)
    }

    pub(super) fn get_api_key(&self, key: &str) -> Result<Option<ApiKey>, StoreError> {
        self.ks
            .api_keys
            .get(key)
            .map_err(engine)?
            .map(|value| codec::decode(&value, "api key"))
            .transpose()
    }

    /// Oldest first: the index key is `user · created · key`.
    pub(super) fn list_user_api_keys(&self, user: UserId) -> Result<Vec<ApiKey>, StoreError> {
        let snapshot = self.db.snapshot();
        let mut out = Vec::new();
        for guard in snapshot.prefix(&self.ks.user_api_keys, user.0.to_be_bytes()) {
            let index_key = guard.key().map_err(engine)?;
            let key = keys::text_after(&index_key, 16, "api key index")?;
            let value = snapshot
                .get(&self.ks.api_keys, key.as_str())
                .map_err(engine)?
                .ok_or_else(|| StoreError::Corrupt(format!("api key index: {key:?} missing")))?;
            out.push(codec::decode(&value, "api key")?);
        }
        Ok(out)
    }

    pub(super) fn delete_api_key_indexed(&self, key: &str) -> Result<bool, StoreError> {
        let _lock = self.lock_accounts();
        let Some(old) = self.get_api_key(key)? else {
            return Ok(false);
        };
        let mut batch = self.durable_batch();
        batch.remove(&self.ks.api_keys, key);
        batch.remove(
            &self.ks.user_api_keys,
            keys::user_api_key_key(old.user, old.created_ms, &old.key),
        );
        batch.commit().map_err(engine)?;
        Ok(true)
    }

    /// Adds the removal of every session and API key of `user` to `batch`.
    /// The caller holds the account lock.
    pub(super) fn remove_user_access(
        &self,
        batch: &mut OwnedWriteBatch,
        user: UserId,
    ) -> Result<(), StoreError> {
        for guard in self.ks.user_sessions.prefix(user.0.to_be_bytes()) {
            let index_key = guard.key().map_err(engine)?;
            let hash = keys::text_after(&index_key, 8, "session index")?;
            batch.remove(&self.ks.sessions, hash);
            batch.remove(&self.ks.user_sessions, index_key);
        }
        for guard in self.ks.user_api_keys.prefix(user.0.to_be_bytes()) {
            let index_key = guard.key().map_err(engine)?;
            let key = keys::text_after(&index_key, 16, "api key index")?;
            batch.remove(&self.ks.api_keys, key);
            batch.remove(&self.ks.user_api_keys, index_key);
        }
        Ok(())
    }
}
