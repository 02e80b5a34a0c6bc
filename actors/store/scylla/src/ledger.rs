//! ledger: not built yet.

#![allow(unused_variables)]

use trackgate_store::*;

use crate::ScyllaStore;
use crate::db::Stmt;

/// The statements of this module.
pub(crate) const STATEMENTS: &[Stmt] = &[];

pub(crate) fn balance(store: &ScyllaStore, user: UserId) -> Result<Money, StoreError> {
    Err(crate::unbuilt("LedgerStore::balance"))
}

pub(crate) fn append_transaction(
    store: &ScyllaStore,
    new: NewTransaction,
    floor: Option<Money>,
) -> Result<Transaction, StoreError> {
    Err(crate::unbuilt("LedgerStore::append_transaction"))
}

pub(crate) fn transactions(
    store: &ScyllaStore,
    user: UserId,
    from_ms: i64,
    to_ms: i64,
    offset: usize,
    limit: usize,
) -> Result<Vec<Transaction>, StoreError> {
    Err(crate::unbuilt("LedgerStore::transactions"))
}

pub(crate) fn renewal(store: &ScyllaStore, user: UserId) -> Result<Option<Renewal>, StoreError> {
    Err(crate::unbuilt("LedgerStore::renewal"))
}

pub(crate) fn renew(store: &ScyllaStore, step: RenewalStep) -> Result<RenewalOutcome, StoreError> {
    Err(crate::unbuilt("LedgerStore::renew"))
}

pub(crate) fn end_renewal(store: &ScyllaStore, user: UserId) -> Result<bool, StoreError> {
    Err(crate::unbuilt("LedgerStore::end_renewal"))
}

pub(crate) fn renewing_users(store: &ScyllaStore) -> Result<Vec<UserId>, StoreError> {
    Err(crate::unbuilt("LedgerStore::renewing_users"))
}
