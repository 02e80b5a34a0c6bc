//! audit: not built yet.

#![allow(unused_variables)]

use trackgate_store::*;

use crate::ScyllaStore;
use crate::db::Stmt;

/// The statements of this module.
pub(crate) const STATEMENTS: &[Stmt] = &[];

pub(crate) fn append_audit(
    store: &ScyllaStore,
    entry: NewAuditEntry,
) -> Result<AuditEntry, StoreError> {
    Err(crate::unbuilt("AuditStore::append_audit"))
}

pub(crate) fn audit_log(store: &ScyllaStore, limit: usize) -> Result<Vec<AuditEntry>, StoreError> {
    Err(crate::unbuilt("AuditStore::audit_log"))
}
