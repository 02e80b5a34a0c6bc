//! Format version 6 to 7: sessions indexed by their expiry.
//!
//! The sessions that ended are deleted by a sweep that reads them from an
//! index by expiry (`session_expiries`, `panel_session_expiries`; see
//! `session_sweep`). The migration fills both indexes from the sessions
//! already stored, User API and Panel API, and writes version 7, in one
//! durable batch, so that sessions made before it are swept too. No
//! stored record changes shape.

use fjall::Readable;

use super::{EmbeddedStore, codec, engine, keys};
use crate::model::Session;
use crate::panel_model::PanelSession;
use crate::ports::StoreError;

impl EmbeddedStore {
    /// Version 6 to 7; see the module docs.
    pub(super) fn session_expiry_indexes(&self) -> Result<(), StoreError> {
        let _lock = self.lock_accounts();
        let snapshot = self.db.snapshot();
        let mut batch = self.durable_batch();
        let mut indexed = 0usize;
        for guard in snapshot.iter(&self.ks.sessions) {
            let (_, value) = guard.into_inner().map_err(engine)?;
            let session: Session = codec::decode(&value, "session")?;
            batch.insert(
                &self.ks.session_expiries,
                keys::session_expiry_key(session.expires_ms, &session.digest),
                [],
            );
            indexed += 1;
        }
        for guard in snapshot.iter(&self.ks.panel_sessions) {
            let (_, value) = guard.into_inner().map_err(engine)?;
            let session: PanelSession = codec::decode(&value, "panel session")?;
            batch.insert(
                &self.ks.panel_session_expiries,
                keys::session_expiry_key(session.expires_ms, &session.digest),
                [],
            );
            indexed += 1;
        }
        self.write_format_version(&mut batch, 7)?;
        batch.commit().map_err(engine)?;
        tracing::info!(indexed, "sessions indexed by their expiry (store format 7)");
        Ok(())
    }
}
