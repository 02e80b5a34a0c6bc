//! Unique names (logins, device ids, bundled IMEIs) by lightweight
//! transactions.
//!
//! Each kind of name has a claim table `(name PRIMARY KEY, id, claimed_ms)`
//! written only by lightweight transactions. A writer claims the name for
//! its entity's id (`INSERT ... IF NOT EXISTS`) before it writes the
//! entity, and undoes the claim (`DELETE ... IF id = ?`) if that write
//! fails; a renamed entity claims its new name first and releases the old
//! one after. Two writers on two gateway nodes therefore never both get
//! a name.
//!
//! A claim whose entity does not hold the name (a writer that died between
//! the claim and the entity, or before its release) would keep the name
//! taken forever; once it is older than [`STALE_MS`] (far longer than any
//! write takes) another writer may take it over, by compare-and-set on the
//! id it names.

use trackgate_store::StoreError;

use crate::db::Db;
use crate::kit::{key, now_ms};

/// How old a claim must be before it may be taken over from an entity that
/// does not hold its name.
pub(crate) const STALE_MS: i64 = 60_000;

/// The statements of one claim table.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Claims {
    /// `SELECT id, claimed_ms ... WHERE name = ?`
    pub read: &'static str,
    /// `INSERT (name, id, claimed_ms) ... IF NOT EXISTS`
    pub claim: &'static str,
    /// `UPDATE ... SET id = ?, claimed_ms = ? WHERE name = ? IF id = ?`
    pub take: &'static str,
    /// `DELETE ... WHERE name = ? IF id = ?`
    pub release: &'static str,
}

/// Declares the four statements of the claim table `$table` keyed by
/// `$column`, named `$table.read` and so on.
macro_rules! claim_statements {
    ($table:literal, $column:literal) => {
        [
            $crate::db::Stmt {
                name: concat!($table, ".read"),
                cql: concat!(
                    "SELECT id, claimed_ms FROM ",
                    $table,
                    " WHERE ",
                    $column,
                    " = ?"
                ),
            },
            $crate::db::Stmt {
                name: concat!($table, ".claim"),
                cql: concat!(
                    "INSERT INTO ",
                    $table,
                    " (",
                    $column,
                    ", id, claimed_ms) VALUES (?, ?, ?) IF NOT EXISTS"
                ),
            },
            $crate::db::Stmt {
                name: concat!($table, ".take"),
                cql: concat!(
                    "UPDATE ",
                    $table,
                    " SET id = ?, claimed_ms = ? WHERE ",
                    $column,
                    " = ? IF id = ?"
                ),
            },
            $crate::db::Stmt {
                name: concat!($table, ".release"),
                cql: concat!("DELETE FROM ", $table, " WHERE ", $column, " = ? IF id = ?"),
            },
        ]
    };
}
pub(crate) use claim_statements;

/// The [`Claims`] of the table `$table` declared by [`claim_statements`].
macro_rules! claims {
    ($table:literal) => {
        $crate::unique::Claims {
            read: concat!($table, ".read"),
            claim: concat!($table, ".claim"),
            take: concat!($table, ".take"),
            release: concat!($table, ".release"),
        }
    };
}
pub(crate) use claims;

/// The longest name the adapter keys (as the embedded store: a key of at
/// most 64 KiB with room for ids).
pub(crate) const MAX_NAME_LEN: usize = 65_535 - 16;

/// Whether `name` can be a key: 1 to [`MAX_NAME_LEN`] bytes.
pub(crate) fn keyable(name: &str) -> bool {
    !name.is_empty() && name.len() <= MAX_NAME_LEN
}

/// Refuses a name that cannot be a key, as the embedded store does (an
/// engine error: the port has no "invalid input").
pub(crate) fn check_name(name: &str, what: &str) -> Result<(), StoreError> {
    if keyable(name) {
        return Ok(());
    }
    Err(StoreError::engine_state(format!(
        "{what} of {} bytes cannot be stored: 1 to {MAX_NAME_LEN} bytes",
        name.len()
    )))
}

/// Who holds a name: the id, and when it was claimed.
pub(crate) fn holder(
    db: &Db,
    claims: &Claims,
    name: &str,
) -> Result<Option<(u64, i64)>, StoreError> {
    Ok(db
        .query_one::<(Option<i64>, Option<i64>)>(claims.read, (name,))?
        .and_then(|(id, at)| id.map(|id| (crate::kit::id(id), at.unwrap_or(0)))))
}

/// Whether a claim made at `claimed_ms` may be taken over at `now_ms` from
/// an entity that does not hold the name.
pub(crate) fn is_stale(claimed_ms: i64, now_ms: i64) -> bool {
    now_ms.saturating_sub(claimed_ms) >= STALE_MS
}

/// Claims `name` for `id`; whether it is now `id`'s. `holds(other)` says
/// whether entity `other` holds the name (a claim of one that does not may
/// be taken over once stale).
pub(crate) fn claim(
    db: &Db,
    claims: &Claims,
    name: &str,
    id: u64,
    holds: impl Fn(u64) -> Result<bool, StoreError>,
) -> Result<bool, StoreError> {
    // A release between our insert and our read: try again, a few times.
    for _ in 0..4 {
        if db.applied(claims.claim, (name, key(id), now_ms()))? {
            return Ok(true);
        }
        let Some((other, claimed_ms)) = holder(db, claims, name)? else {
            continue;
        };
        if other == id {
            return Ok(true);
        }
        if !is_stale(claimed_ms, now_ms()) || holds(other)? {
            return Ok(false);
        }
        return db.applied(claims.take, (key(id), now_ms(), name, key(other)));
    }
    Ok(false)
}

/// Releases `name` if `id` holds it.
pub(crate) fn release(db: &Db, claims: &Claims, name: &str, id: u64) -> Result<(), StoreError> {
    db.applied(claims.release, (name, key(id))).map(|_| ())
}

/// `Conflict` naming `what` if `name` is held by an entity other than
/// `own` that holds it (a quick check before taking an id; the claim
/// itself decides).
pub(crate) fn check_free(
    db: &Db,
    claims: &Claims,
    name: &str,
    own: Option<u64>,
    what: &str,
    holds: impl Fn(u64) -> Result<bool, StoreError>,
) -> Result<(), StoreError> {
    match holder(db, claims, name)? {
        Some((other, _)) if Some(other) != own && holds(other)? => {
            Err(StoreError::Conflict(format!("{what} {name:?}")))
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_must_be_keyable() {
        assert!(check_name("a", "login").is_ok());
        assert!(check_name("", "login").is_err());
        assert!(check_name(&"x".repeat(MAX_NAME_LEN), "login").is_ok());
        assert!(check_name(&"x".repeat(MAX_NAME_LEN + 1), "login").is_err());
    }

    #[test]
    fn only_old_claims_are_stale() {
        assert!(!is_stale(1_000, 1_000));
        assert!(!is_stale(1_000, 1_000 + STALE_MS - 1));
        assert!(is_stale(1_000, 1_000 + STALE_MS));
        assert!(is_stale(i64::MIN, i64::MAX));
        assert!(!is_stale(i64::MAX, i64::MIN));
    }

    #[test]
    fn claim_statements_name_their_table() {
        let stmts = claim_statements!("user_logins", "login");
        assert_eq!(stmts[0].name, "user_logins.read");
        assert_eq!(
            stmts[1].cql,
            "INSERT INTO user_logins (login, id, claimed_ms) VALUES (?, ?, ?) IF NOT EXISTS"
        );
        assert_eq!(
            stmts[2].cql,
            "UPDATE user_logins SET id = ?, claimed_ms = ? WHERE login = ? IF id = ?"
        );
        assert_eq!(
            stmts[3].cql,
            "DELETE FROM user_logins WHERE login = ? IF id = ?"
        );
        let claims = claims!("user_logins");
        assert_eq!(claims.release, stmts[3].name);
    }
}
