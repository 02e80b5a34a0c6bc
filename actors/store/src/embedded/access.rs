//! Sessions and API keys: the credentials a user logs in with.
//!
//! Each is stored by the digest of its secret ([`SecretDigest`]; the
//! secret itself is never written) and indexed by its user, so deleting a
//! user can find and remove them without a full scan; sessions are also
//! indexed by their expiry (`session_sweep`). Writes hold the account lock
//! because replacing a session or key moves its index entries. Removing a
//! user's sessions leaves their expiry entries, which the sweep drops when
//! their time comes.

use fjall::{OwnedWriteBatch, Readable};

use super::{EmbeddedStore, codec, engine, keys};
use crate::model::{ApiKey, Session, UserId};
use crate::ports::StoreError;
use crate::secret::SecretDigest;

impl EmbeddedStore {
    pub(super) fn put_session_indexed(&self, session: &Session) -> Result<(), StoreError> {
        let _lock = self.lock_accounts();
        let mut batch = self.durable_batch();
        if let Some(old) = self.get_session(&session.digest)? {
            batch.remove(
                &self.ks.user_sessions,
                keys::user_session_key(old.user, &old.digest),
            );
            batch.remove(
                &self.ks.session_expiries,
                keys::session_expiry_key(old.expires_ms, &old.digest),
            );
        }
        batch.insert(
            &self.ks.sessions,
            session.digest.as_bytes(),
            codec::encode(session)?,
        );
        batch.insert(
            &self.ks.user_sessions,
            keys::user_session_key(session.user, &session.digest),
            [],
        );
        batch.insert(
            &self.ks.session_expiries,
            keys::session_expiry_key(session.expires_ms, &session.digest),
            [],
        );
        batch.commit().map_err(engine)
    }

    pub(super) fn get_session(&self, digest: &SecretDigest) -> Result<Option<Session>, StoreError> {
        self.ks
            .sessions
            .get(digest.as_bytes())
            .map_err(engine)?
            .map(|value| codec::decode(&value, "session"))
            .transpose()
    }

    pub(super) fn delete_session_indexed(&self, digest: &SecretDigest) -> Result<bool, StoreError> {
        let _lock = self.lock_accounts();
        let Some(old) = self.get_session(digest)? else {
            return Ok(false);
        };
        let mut batch = self.durable_batch();
        batch.remove(&self.ks.sessions, digest.as_bytes());
        batch.remove(
            &self.ks.user_sessions,
            keys::user_session_key(old.user, &old.digest),
        );
        batch.remove(
            &self.ks.session_expiries,
            keys::session_expiry_key(old.expires_ms, &old.digest),
        );
        batch.commit().map_err(engine)?;
        Ok(true)
    }

    pub(super) fn put_api_key_indexed(&self, key: &ApiKey) -> Result<(), StoreError> {
        let _lock = self.lock_accounts();
        let mut batch = self.durable_batch();
        if let Some(old) = self.get_api_key(&key.digest)? {
            batch.remove(
                &self.ks.user_api_keys,
                keys::user_api_key_key(old.user, old.created_ms, &old.digest),
            );
        }
        batch.insert(
            &self.ks.api_keys,
            key.digest.as_bytes(),
            codec::encode(key)?,
        );
        batch.insert(
            &self.ks.user_api_keys,
            keys::user_api_key_key(key.user, key.created_ms, &key.digest),
            [],
        );
        batch.commit().map_err(engine)
    }

    pub(super) fn get_api_key(&self, digest: &SecretDigest) -> Result<Option<ApiKey>, StoreError> {
        self.ks
            .api_keys
            .get(digest.as_bytes())
            .map_err(engine)?
            .map(|value| codec::decode(&value, "api key"))
            .transpose()
    }

    /// Oldest first: the index key is `user · created · digest`.
    pub(super) fn list_user_api_keys(&self, user: UserId) -> Result<Vec<ApiKey>, StoreError> {
        let snapshot = self.db.snapshot();
        let mut out = Vec::new();
        for guard in snapshot.prefix(&self.ks.user_api_keys, user.0.to_be_bytes()) {
            let index_key = guard.key().map_err(engine)?;
            let digest = keys::digest_after(&index_key, 16, "api key index")?;
            let value = snapshot
                .get(&self.ks.api_keys, digest.as_bytes())
                .map_err(engine)?
                .ok_or_else(|| StoreError::Corrupt(format!("api key index: {digest:?} missing")))?;
            out.push(codec::decode(&value, "api key")?);
        }
        Ok(out)
    }

    pub(super) fn delete_api_key_indexed(&self, digest: &SecretDigest) -> Result<bool, StoreError> {
        let _lock = self.lock_accounts();
        let Some(old) = self.get_api_key(digest)? else {
            return Ok(false);
        };
        let mut batch = self.durable_batch();
        batch.remove(&self.ks.api_keys, digest.as_bytes());
        batch.remove(
            &self.ks.user_api_keys,
            keys::user_api_key_key(old.user, old.created_ms, &old.digest),
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
            let digest = keys::digest_after(&index_key, 8, "session index")?;
            batch.remove(&self.ks.sessions, digest.as_bytes());
            batch.remove(&self.ks.user_sessions, index_key);
        }
        for guard in self.ks.user_api_keys.prefix(user.0.to_be_bytes()) {
            let index_key = guard.key().map_err(engine)?;
            let digest = keys::digest_after(&index_key, 16, "api key index")?;
            batch.remove(&self.ks.api_keys, digest.as_bytes());
            batch.remove(&self.ks.user_api_keys, index_key);
        }
        Ok(())
    }
}
