//! Panel API sessions ([`PanelSessionStore`]).
//!
//! Kept like the User API's sessions (`access`): by the digest of the hash
//! alone, indexed by their administrator so that deleting one removes its
//! sessions in the same batch, and by their expiry (`session_sweep`). The keyspaces are new ones; no entity that
//! was stored before changes, so the format version stays as it is.

use fjall::OwnedWriteBatch;

use super::{EmbeddedStore, codec, engine, keys};
use crate::panel_model::{PanelAdminId, PanelSession};
use crate::panel_ports::PanelSessionStore;
use crate::ports::StoreError;
use crate::secret::SecretDigest;

/// `administrator · digest` in the session index.
pub(super) fn admin_session_key(admin: PanelAdminId, digest: &SecretDigest) -> Vec<u8> {
    [&admin.0.to_be_bytes()[..], digest.as_bytes()].concat()
}

impl EmbeddedStore {
    pub(super) fn get_panel_session(
        &self,
        digest: &SecretDigest,
    ) -> Result<Option<PanelSession>, StoreError> {
        self.ks
            .panel_sessions
            .get(digest.as_bytes())
            .map_err(engine)?
            .map(|value| codec::decode(&value, "panel session"))
            .transpose()
    }

    /// Adds the removal of every session of `admin` to `batch`. The caller
    /// holds the account lock.
    pub(super) fn remove_panel_admin_sessions(
        &self,
        batch: &mut OwnedWriteBatch,
        admin: PanelAdminId,
    ) -> Result<(), StoreError> {
        for guard in self.ks.panel_admin_sessions.prefix(admin.0.to_be_bytes()) {
            let index_key = guard.key().map_err(engine)?;
            let digest = keys::digest_after(&index_key, 8, "panel session index")?;
            batch.remove(&self.ks.panel_sessions, digest.as_bytes());
            batch.remove(&self.ks.panel_admin_sessions, index_key);
        }
        Ok(())
    }
}

impl PanelSessionStore for EmbeddedStore {
    fn put_panel_session(&self, session: &PanelSession) -> Result<(), StoreError> {
        let _lock = self.lock_accounts();
        if !self
            .ks
            .panel_admins
            .contains_key(session.admin.0.to_be_bytes())
            .map_err(engine)?
        {
            return Err(StoreError::NotFound(format!(
                "panel administrator {}",
                session.admin.0
            )));
        }
        let mut batch = self.durable_batch();
        if let Some(old) = self.get_panel_session(&session.digest)? {
            batch.remove(
                &self.ks.panel_admin_sessions,
                admin_session_key(old.admin, &old.digest),
            );
            batch.remove(
                &self.ks.panel_session_expiries,
                keys::session_expiry_key(old.expires_ms, &old.digest),
            );
        }
        batch.insert(
            &self.ks.panel_sessions,
            session.digest.as_bytes(),
            codec::encode(session)?,
        );
        batch.insert(
            &self.ks.panel_admin_sessions,
            admin_session_key(session.admin, &session.digest),
            [],
        );
        batch.insert(
            &self.ks.panel_session_expiries,
            keys::session_expiry_key(session.expires_ms, &session.digest),
            [],
        );
        batch.commit().map_err(engine)
    }

    fn panel_session(&self, digest: &SecretDigest) -> Result<Option<PanelSession>, StoreError> {
        self.get_panel_session(digest)
    }

    fn delete_panel_session(&self, digest: &SecretDigest) -> Result<bool, StoreError> {
        let _lock = self.lock_accounts();
        let Some(old) = self.get_panel_session(digest)? else {
            return Ok(false);
        };
        let mut batch = self.durable_batch();
        batch.remove(&self.ks.panel_sessions, digest.as_bytes());
        batch.remove(
            &self.ks.panel_admin_sessions,
            admin_session_key(old.admin, &old.digest),
        );
        batch.remove(
            &self.ks.panel_session_expiries,
            keys::session_expiry_key(old.expires_ms, &old.digest),
        );
        batch.commit().map_err(engine)?;
        Ok(true)
    }

    fn sweep_panel_sessions(&self, now_ms: i64) -> Result<usize, StoreError> {
        self.sweep_panel_sessions_ended(now_ms)
    }
}
