//! access: not built yet.

#![allow(unused_variables)]

use trackgate_store::*;

use crate::ScyllaStore;
use crate::db::Stmt;

/// The statements of this module.
pub(crate) const STATEMENTS: &[Stmt] = &[];

pub(crate) fn put_session(store: &ScyllaStore, session: &Session) -> Result<(), StoreError> {
    Err(crate::unbuilt("AccountStore::put_session"))
}

pub(crate) fn session(
    store: &ScyllaStore,
    digest: &SecretDigest,
) -> Result<Option<Session>, StoreError> {
    Err(crate::unbuilt("AccountStore::session"))
}

pub(crate) fn delete_session(
    store: &ScyllaStore,
    digest: &SecretDigest,
) -> Result<bool, StoreError> {
    Err(crate::unbuilt("AccountStore::delete_session"))
}

pub(crate) fn sweep_sessions(store: &ScyllaStore, now_ms: i64) -> Result<usize, StoreError> {
    Err(crate::unbuilt("AccountStore::sweep_sessions"))
}

pub(crate) fn put_api_key(store: &ScyllaStore, key: &ApiKey) -> Result<(), StoreError> {
    Err(crate::unbuilt("AccountStore::put_api_key"))
}

pub(crate) fn api_key(
    store: &ScyllaStore,
    digest: &SecretDigest,
) -> Result<Option<ApiKey>, StoreError> {
    Err(crate::unbuilt("AccountStore::api_key"))
}

pub(crate) fn user_api_keys(store: &ScyllaStore, user: UserId) -> Result<Vec<ApiKey>, StoreError> {
    Err(crate::unbuilt("AccountStore::user_api_keys"))
}

pub(crate) fn delete_api_key(
    store: &ScyllaStore,
    digest: &SecretDigest,
) -> Result<bool, StoreError> {
    Err(crate::unbuilt("AccountStore::delete_api_key"))
}

pub(crate) fn put_panel_session(
    store: &ScyllaStore,
    session: &PanelSession,
) -> Result<(), StoreError> {
    Err(crate::unbuilt("PanelSessionStore::put_panel_session"))
}

pub(crate) fn panel_session(
    store: &ScyllaStore,
    digest: &SecretDigest,
) -> Result<Option<PanelSession>, StoreError> {
    Err(crate::unbuilt("PanelSessionStore::panel_session"))
}

pub(crate) fn delete_panel_session(
    store: &ScyllaStore,
    digest: &SecretDigest,
) -> Result<bool, StoreError> {
    Err(crate::unbuilt("PanelSessionStore::delete_panel_session"))
}

pub(crate) fn sweep_panel_sessions(store: &ScyllaStore, now_ms: i64) -> Result<usize, StoreError> {
    Err(crate::unbuilt("PanelSessionStore::sweep_panel_sessions"))
}

/// Removes every User API session and API key of a deleted user. Called by
/// `accounts::delete_user`.
pub(crate) fn remove_user_access(store: &ScyllaStore, user: UserId) -> Result<(), StoreError> {
    Err(crate::unbuilt("access::remove_user_access"))
}

/// Removes every Panel API session of a deleted panel administrator.
/// Called by `panel::delete_panel_admin`.
pub(crate) fn remove_panel_admin_sessions(
    store: &ScyllaStore,
    admin: PanelAdminId,
) -> Result<(), StoreError> {
    Err(crate::unbuilt("access::remove_panel_admin_sessions"))
}
