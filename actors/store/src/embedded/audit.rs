//! The audit log of Server API calls ([`AuditStore`]).
//!
//! Entries are keyed by an increasing id, so the newest are at the end of
//! the keyspace and a reverse scan lists them newest first. The store keeps
//! the newest [`EmbeddedOptions::audit_entries`](super::EmbeddedOptions)
//! entries: each append removes the one that many places back, and opening
//! removes any beyond (after the limit was lowered).
//!
//! An append is written to fjall's journal without a sync of its own: a
//! flood of calls must not cost a sync each, and the next durable write
//! (any account change) or fjall's own periodic sync takes it to disk.

use std::sync::atomic::Ordering;

use super::{EmbeddedStore, codec, engine, keys};
use crate::operator_model::{AuditEntry, NewAuditEntry};
use crate::operator_ports::AuditStore;
use crate::ports::StoreError;

impl EmbeddedStore {
    /// The id the next audit entry gets: one past the newest stored.
    pub(super) fn next_audit_id(audit: &fjall::Keyspace) -> Result<u64, StoreError> {
        match audit.last_key_value() {
            Some(guard) => Ok(keys::u64_at(&guard.key().map_err(engine)?, 0, "audit entry")? + 1),
            None => Ok(1),
        }
    }

    /// Removes the entries beyond the newest `keep`; called on open.
    pub(super) fn trim_audit(&self, keep: u64) -> Result<(), StoreError> {
        let next = self.audit_next.load(Ordering::Acquire);
        let Some(oldest_kept) = next.checked_sub(keep).filter(|id| *id > 1) else {
            return Ok(());
        };
        let mut batch = self.db.batch();
        for guard in self.ks.audit.range(..oldest_kept.to_be_bytes()) {
            batch.remove(&self.ks.audit, guard.key().map_err(engine)?);
        }
        batch.commit().map_err(engine)
    }
}

impl AuditStore for EmbeddedStore {
    fn append_audit(&self, entry: NewAuditEntry) -> Result<AuditEntry, StoreError> {
        let id = self.audit_next.fetch_add(1, Ordering::AcqRel);
        let value = codec::encode(&entry)?;
        let mut batch = self.db.batch();
        batch.insert(&self.ks.audit, id.to_be_bytes(), value);
        if let Some(dropped) = id.checked_sub(self.audit_keep).filter(|id| *id > 0) {
            batch.remove(&self.ks.audit, dropped.to_be_bytes());
        }
        batch.commit().map_err(engine)?;
        Ok(AuditEntry { id, entry })
    }

    fn audit_log(&self, limit: usize) -> Result<Vec<AuditEntry>, StoreError> {
        self.ks
            .audit
            .iter()
            .rev()
            .take(limit)
            .map(|guard| {
                let (key, value) = guard.into_inner().map_err(engine)?;
                Ok(AuditEntry {
                    id: keys::u64_at(&key, 0, "audit entry")?,
                    entry: codec::decode(&value, "audit entry")?,
                })
            })
            .collect()
    }
}
