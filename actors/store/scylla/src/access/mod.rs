//! Credentials: User API sessions and API keys (`AccountStore`), and Panel
//! API sessions ([`PanelSessionStore`]), each kept by the digest of its
//! secret, never the secret.
//!
//! - `sessions`: both APIs' sessions, stored alike in tables of their own
//!   (a User API hash is no Panel API session, nor the other way round),
//!   indexed by owner and by end, written with a time to live a day past
//!   their end.
//! - `sweep`: deleting the sessions that ended, from the expiry index.
//! - `keys`: API keys, indexed by user, oldest first.
//!
//! Lookups by digest are partition reads; a user's (or administrator's)
//! credentials are one partition of an index table; the sweep reads only
//! what ended. Nothing here scans a table.

mod keys;
mod sessions;
#[cfg(test)]
mod sessions_tests;
mod sweep;

use trackgate_store::{
    ApiKey, PanelAdminId, PanelAdminStore, PanelSession, SecretDigest, Session, StoreError, UserId,
};

use crate::ScyllaStore;
use crate::db::Stmt;
use sessions::{PANEL, USER};

/// The statements of this module.
pub(crate) const STATEMENTS: &[Stmt] = &[
    // User API sessions.
    Stmt {
        name: "sessions.put",
        cql: "INSERT INTO sessions (digest, body) VALUES (?, ?) USING TTL ?",
    },
    Stmt {
        name: "sessions.get",
        cql: "SELECT body FROM sessions WHERE digest = ?",
    },
    Stmt {
        name: "sessions.get_written",
        cql: "SELECT body, WRITETIME(body) FROM sessions WHERE digest = ?",
    },
    Stmt {
        name: "sessions.delete",
        cql: "DELETE FROM sessions WHERE digest = ?",
    },
    Stmt {
        name: "sessions.delete_at",
        cql: "DELETE FROM sessions USING TIMESTAMP ? WHERE digest = ?",
    },
    Stmt {
        name: "user_sessions.put",
        cql: "INSERT INTO user_sessions (user_id, digest) VALUES (?, ?) USING TTL ?",
    },
    Stmt {
        name: "user_sessions.of_user",
        cql: "SELECT digest FROM user_sessions WHERE user_id = ?",
    },
    Stmt {
        name: "user_sessions.delete",
        cql: "DELETE FROM user_sessions WHERE user_id = ? AND digest = ?",
    },
    Stmt {
        name: "user_sessions.delete_at",
        cql: "DELETE FROM user_sessions USING TIMESTAMP ? WHERE user_id = ? AND digest = ?",
    },
    // Panel API sessions.
    Stmt {
        name: "panel_sessions.put",
        cql: "INSERT INTO panel_sessions (digest, body) VALUES (?, ?) USING TTL ?",
    },
    Stmt {
        name: "panel_sessions.get",
        cql: "SELECT body FROM panel_sessions WHERE digest = ?",
    },
    Stmt {
        name: "panel_sessions.get_written",
        cql: "SELECT body, WRITETIME(body) FROM panel_sessions WHERE digest = ?",
    },
    Stmt {
        name: "panel_sessions.delete",
        cql: "DELETE FROM panel_sessions WHERE digest = ?",
    },
    Stmt {
        name: "panel_sessions.delete_at",
        cql: "DELETE FROM panel_sessions USING TIMESTAMP ? WHERE digest = ?",
    },
    Stmt {
        name: "admin_sessions.put",
        cql: "INSERT INTO admin_sessions (admin_id, digest) VALUES (?, ?) USING TTL ?",
    },
    Stmt {
        name: "admin_sessions.of_admin",
        cql: "SELECT digest FROM admin_sessions WHERE admin_id = ?",
    },
    Stmt {
        name: "admin_sessions.delete",
        cql: "DELETE FROM admin_sessions WHERE admin_id = ? AND digest = ?",
    },
    Stmt {
        name: "admin_sessions.delete_at",
        cql: "DELETE FROM admin_sessions USING TIMESTAMP ? WHERE admin_id = ? AND digest = ?",
    },
    // Both APIs' sessions by their end.
    Stmt {
        name: "session_expiries.put",
        cql: "INSERT INTO session_expiries (kind, hour, expires_ms, digest) VALUES (?, ?, ?, ?) USING TTL ?",
    },
    Stmt {
        name: "session_expiries.ended",
        cql: "SELECT expires_ms, digest FROM session_expiries WHERE kind = ? AND hour = ? AND expires_ms <= ?",
    },
    Stmt {
        name: "session_expiries.delete",
        cql: "DELETE FROM session_expiries WHERE kind = ? AND hour = ? AND expires_ms = ? AND digest = ?",
    },
    Stmt {
        name: "session_expiries.delete_at",
        cql: "DELETE FROM session_expiries USING TIMESTAMP ? WHERE kind = ? AND hour = ? AND expires_ms = ? AND digest = ?",
    },
    Stmt {
        name: "session_hours.put",
        cql: "INSERT INTO session_hours (kind, hour) VALUES (?, ?) USING TTL ?",
    },
    Stmt {
        name: "session_hours.until",
        cql: "SELECT hour FROM session_hours WHERE kind = ? AND hour <= ?",
    },
    Stmt {
        name: "session_hours.delete",
        cql: "DELETE FROM session_hours WHERE kind = ? AND hour = ?",
    },
    // API keys.
    Stmt {
        name: "api_keys.put",
        cql: "INSERT INTO api_keys (digest, body) VALUES (?, ?)",
    },
    Stmt {
        name: "api_keys.get",
        cql: "SELECT body FROM api_keys WHERE digest = ?",
    },
    Stmt {
        name: "api_keys.delete",
        cql: "DELETE FROM api_keys WHERE digest = ?",
    },
    Stmt {
        name: "user_api_keys.put",
        cql: "INSERT INTO user_api_keys (user_id, created_ms, digest) VALUES (?, ?, ?)",
    },
    Stmt {
        name: "user_api_keys.of_user",
        cql: "SELECT created_ms, digest FROM user_api_keys WHERE user_id = ?",
    },
    Stmt {
        name: "user_api_keys.delete",
        cql: "DELETE FROM user_api_keys WHERE user_id = ? AND created_ms = ? AND digest = ?",
    },
];

/// Stores a User API session, replacing one with the same digest.
pub(crate) fn put_session(store: &ScyllaStore, session: &Session) -> Result<(), StoreError> {
    sessions::put(store.db(), &USER, session)
}

/// A User API session by the digest of its hash, ended or not (until swept).
pub(crate) fn session(
    store: &ScyllaStore,
    digest: &SecretDigest,
) -> Result<Option<Session>, StoreError> {
    sessions::get(store.db(), &USER, digest)
}

/// Deletes a User API session; whether it existed.
pub(crate) fn delete_session(
    store: &ScyllaStore,
    digest: &SecretDigest,
) -> Result<bool, StoreError> {
    sessions::delete::<Session>(store.db(), &USER, digest)
}

/// Deletes every User API session that ended at or before `now_ms`; how many.
pub(crate) fn sweep_sessions(store: &ScyllaStore, now_ms: i64) -> Result<usize, StoreError> {
    sweep::sweep::<Session>(store.db(), &USER, now_ms)
}

/// Stores an API key, replacing one with the same digest.
pub(crate) fn put_api_key(store: &ScyllaStore, key: &ApiKey) -> Result<(), StoreError> {
    keys::put(store.db(), key)
}

/// An API key by the digest of the key.
pub(crate) fn api_key(
    store: &ScyllaStore,
    digest: &SecretDigest,
) -> Result<Option<ApiKey>, StoreError> {
    keys::get(store.db(), digest)
}

/// A user's API keys, oldest first.
pub(crate) fn user_api_keys(store: &ScyllaStore, user: UserId) -> Result<Vec<ApiKey>, StoreError> {
    keys::of_user(store.db(), user)
}

/// Deletes an API key; whether it existed.
pub(crate) fn delete_api_key(
    store: &ScyllaStore,
    digest: &SecretDigest,
) -> Result<bool, StoreError> {
    keys::delete(store.db(), digest)
}

/// Stores a Panel API session, replacing one with the same digest;
/// `NotFound` if its administrator does not exist.
pub(crate) fn put_panel_session(
    store: &ScyllaStore,
    session: &PanelSession,
) -> Result<(), StoreError> {
    if store.panel_admin(session.admin)?.is_none() {
        return Err(StoreError::NotFound(format!(
            "panel administrator {}",
            session.admin.0
        )));
    }
    sessions::put(store.db(), &PANEL, session)
}

/// A Panel API session by the digest of its hash.
pub(crate) fn panel_session(
    store: &ScyllaStore,
    digest: &SecretDigest,
) -> Result<Option<PanelSession>, StoreError> {
    sessions::get(store.db(), &PANEL, digest)
}

/// Deletes a Panel API session; whether it existed.
pub(crate) fn delete_panel_session(
    store: &ScyllaStore,
    digest: &SecretDigest,
) -> Result<bool, StoreError> {
    sessions::delete::<PanelSession>(store.db(), &PANEL, digest)
}

/// Deletes every Panel API session that ended at or before `now_ms`; how many.
pub(crate) fn sweep_panel_sessions(store: &ScyllaStore, now_ms: i64) -> Result<usize, StoreError> {
    sweep::sweep::<PanelSession>(store.db(), &PANEL, now_ms)
}

/// Removes every User API session and API key of a deleted user. Called by
/// `accounts::delete_user`.
pub(crate) fn remove_user_access(store: &ScyllaStore, user: UserId) -> Result<(), StoreError> {
    sessions::remove_owner::<Session>(store.db(), &USER, user.0)?;
    keys::remove_user(store.db(), user)
}

/// Removes every Panel API session of a deleted administrator. Called by
/// `panel::delete_panel_admin`.
pub(crate) fn remove_panel_admin_sessions(
    store: &ScyllaStore,
    admin: PanelAdminId,
) -> Result<(), StoreError> {
    sessions::remove_owner::<PanelSession>(store.db(), &PANEL, admin.0)
}
