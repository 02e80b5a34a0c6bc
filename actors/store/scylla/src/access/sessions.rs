//! Sessions of either API, stored the same way: the session by the digest
//! of its hash (`sessions` or `panel_sessions`), an index by its owner
//! (`user_sessions` or `admin_sessions`), and an entry by its end in
//! `session_expiries` for the sweep (`sweep`).
//!
//! Every row of a session is written in one logged batch with the same
//! time to live: until a day after the session ends ([`GRACE_S`]), so a
//! session is still read back, "expired or not", until the sweep deletes
//! it; the time to live only frees what no sweep reached. Replacing a
//! session moves its owner and expiry entries in the same batch, deleting
//! the old ones only when they differ from the new ones (a delete and an
//! insert of one row in one batch would share a timestamp, and the delete
//! would win).
//!
//! Writes are plain, not conditional: the last write of a digest wins, as
//! in the embedded store. An index entry that a racing write left pointing
//! at a session that moved is harmless: removals check the session itself
//! before deleting it.

use serde::Serialize;
use serde::de::DeserializeOwned;
use trackgate_store::{PanelSession, SecretDigest, Session, StoreError};

use crate::codec;
use crate::db::Db;
use crate::values::{Writes, big, blob, digest_blob, int, key, now_ms, text, ttl_until};

/// How long past its end a session's rows are kept at most, in seconds.
pub(super) const GRACE_S: i64 = 86_400;

/// The moment [`GRACE_S`] after `ms`, when a row due at `ms` may go.
fn past_grace(ms: i64) -> i64 {
    ms.saturating_add(GRACE_S * 1000)
}

/// Milliseconds in an expiry bucket.
const HOUR_MS: i64 = 3_600_000;

/// The expiry bucket of a session ending at `expires_ms`.
pub(super) fn hour_of(expires_ms: i64) -> i64 {
    expires_ms.div_euclid(HOUR_MS)
}

/// The last millisecond of expiry bucket `hour`.
pub(super) fn hour_end(hour: i64) -> i64 {
    let end = i128::from(hour) * i128::from(HOUR_MS) + i128::from(HOUR_MS - 1);
    i64::try_from(end).unwrap_or(if end < 0 { i64::MIN } else { i64::MAX })
}

/// What a stored session tells the tables it is kept in.
pub(super) trait Stored: Serialize + DeserializeOwned {
    /// The digest of its hash.
    fn digest(&self) -> &SecretDigest;
    /// Its owner's id (user or administrator).
    fn owner(&self) -> u64;
    /// When it ends, ms since the epoch.
    fn expires_ms(&self) -> i64;
}

impl Stored for Session {
    fn digest(&self) -> &SecretDigest {
        &self.digest
    }
    fn owner(&self) -> u64 {
        self.user.0
    }
    fn expires_ms(&self) -> i64 {
        self.expires_ms
    }
}

impl Stored for PanelSession {
    fn digest(&self) -> &SecretDigest {
        &self.digest
    }
    fn owner(&self) -> u64 {
        self.admin.0
    }
    fn expires_ms(&self) -> i64 {
        self.expires_ms
    }
}

/// Where one API's sessions are kept: its name in the expiry tables and
/// its statements (see `access::STATEMENTS`).
#[derive(Debug, Clone, Copy)]
pub(super) struct Kind {
    /// `kind` in `session_expiries` and `session_hours`.
    pub name: &'static str,
    /// What a session is called in errors.
    pub what: &'static str,
    /// `(digest, body, ttl)`.
    pub put: &'static str,
    /// `(digest)` → `body`.
    pub get: &'static str,
    /// `(digest)` → `body, writetime(body)`.
    pub get_written: &'static str,
    /// `(digest)`.
    pub delete: &'static str,
    /// `(timestamp, digest)`.
    pub delete_at: &'static str,
    /// `(owner, digest, ttl)`.
    pub owner_put: &'static str,
    /// `(owner)` → `digest`.
    pub owner_list: &'static str,
    /// `(owner, digest)`.
    pub owner_delete: &'static str,
    /// `(timestamp, owner, digest)`.
    pub owner_delete_at: &'static str,
}

/// User API sessions.
pub(super) const USER: Kind = Kind {
    name: "user",
    what: "session",
    put: "sessions.put",
    get: "sessions.get",
    get_written: "sessions.get_written",
    delete: "sessions.delete",
    delete_at: "sessions.delete_at",
    owner_put: "user_sessions.put",
    owner_list: "user_sessions.of_user",
    owner_delete: "user_sessions.delete",
    owner_delete_at: "user_sessions.delete_at",
};

/// Panel API sessions.
pub(super) const PANEL: Kind = Kind {
    name: "panel",
    what: "panel session",
    put: "panel_sessions.put",
    get: "panel_sessions.get",
    get_written: "panel_sessions.get_written",
    delete: "panel_sessions.delete",
    delete_at: "panel_sessions.delete_at",
    owner_put: "admin_sessions.put",
    owner_list: "admin_sessions.of_admin",
    owner_delete: "admin_sessions.delete",
    owner_delete_at: "admin_sessions.delete_at",
};

/// The rows that replace `old` (if stored) by `new`, written at `now_ms`.
pub(super) fn put_writes<S: Stored>(
    kind: &Kind,
    old: Option<&S>,
    new: &S,
    now_ms: i64,
) -> Result<Writes, StoreError> {
    let digest = digest_blob(new.digest());
    let ttl = ttl_until(past_grace(new.expires_ms()), now_ms, GRACE_S);
    let hour = hour_of(new.expires_ms());
    let hour_ttl = ttl_until(past_grace(hour_end(hour)), now_ms, GRACE_S);
    let mut writes = Writes::new();
    if let Some(old) = old {
        if old.owner() != new.owner() {
            writes.push(
                kind.owner_delete,
                vec![big(key(old.owner())), blob(digest.clone())],
            );
        }
        if old.expires_ms() != new.expires_ms() {
            writes.push(
                "session_expiries.delete",
                expiry_values(kind, old.expires_ms(), &digest),
            );
        }
    }
    writes.push(
        kind.put,
        vec![blob(digest.clone()), blob(codec::encode(new)?), int(ttl)],
    );
    writes.push(
        kind.owner_put,
        vec![big(key(new.owner())), blob(digest.clone()), int(ttl)],
    );
    let mut expiry = expiry_values(kind, new.expires_ms(), &digest);
    expiry.push(int(ttl));
    writes.push("session_expiries.put", expiry);
    writes.push(
        "session_hours.put",
        vec![text(kind.name), big(hour), int(hour_ttl)],
    );
    Ok(writes)
}

/// `(kind, hour, expires_ms, digest)` of a session's expiry entry.
pub(super) fn expiry_values(
    kind: &Kind,
    expires_ms: i64,
    digest: &[u8],
) -> Vec<scylla::value::CqlValue> {
    vec![
        text(kind.name),
        big(hour_of(expires_ms)),
        big(expires_ms),
        blob(digest.to_vec()),
    ]
}

/// The rows of `session` to delete (its entry, owner index and expiry
/// entry), each at `timestamp` when given (then a write after the one the
/// caller read is kept).
pub(super) fn delete_writes<S: Stored>(kind: &Kind, session: &S, timestamp: Option<i64>) -> Writes {
    let digest = digest_blob(session.digest());
    let mut writes = Writes::new();
    match timestamp {
        Some(at) => {
            writes.push(kind.delete_at, vec![big(at), blob(digest.clone())]);
            writes.push(
                kind.owner_delete_at,
                vec![big(at), big(key(session.owner())), blob(digest.clone())],
            );
            let mut expiry = vec![big(at)];
            expiry.extend(expiry_values(kind, session.expires_ms(), &digest));
            writes.push("session_expiries.delete_at", expiry);
        }
        None => {
            writes.push(kind.delete, vec![blob(digest.clone())]);
            writes.push(
                kind.owner_delete,
                vec![big(key(session.owner())), blob(digest.clone())],
            );
            writes.push(
                "session_expiries.delete",
                expiry_values(kind, session.expires_ms(), &digest),
            );
        }
    }
    writes
}

/// Reads a session body stored under `digest`: it must name that digest.
pub(super) fn decode<S: Stored>(
    kind: &Kind,
    digest: &SecretDigest,
    body: &[u8],
) -> Result<S, StoreError> {
    let session: S = codec::decode(body, kind.what)?;
    if session.digest() != digest {
        return Err(StoreError::Corrupt(format!(
            "{} {}: the body is {}",
            kind.what,
            digest.id(),
            session.digest().id()
        )));
    }
    Ok(session)
}

/// The session stored under `digest`.
pub(super) fn get<S: Stored>(
    db: &Db,
    kind: &Kind,
    digest: &SecretDigest,
) -> Result<Option<S>, StoreError> {
    let row: Option<(Option<Vec<u8>>,)> = db.query_one(kind.get, (digest_blob(digest),))?;
    row.and_then(|(body,)| body)
        .map(|body| decode(kind, digest, &body))
        .transpose()
}

/// The session stored under `digest` and when it was written (the
/// cluster's write time, µs), for a delete that must not undo a newer
/// write.
pub(super) fn get_written<S: Stored>(
    db: &Db,
    kind: &Kind,
    digest: &SecretDigest,
) -> Result<Option<(S, i64)>, StoreError> {
    let row: Option<(Option<Vec<u8>>, Option<i64>)> =
        db.query_one(kind.get_written, (digest_blob(digest),))?;
    match row {
        Some((Some(body), Some(written))) => Ok(Some((decode(kind, digest, &body)?, written))),
        _ => Ok(None),
    }
}

/// Stores `session`, replacing one with the same digest.
pub(super) fn put<S: Stored>(db: &Db, kind: &Kind, session: &S) -> Result<(), StoreError> {
    let old: Option<S> = get(db, kind, session.digest())?;
    put_writes(kind, old.as_ref(), session, now_ms())?.run(db)
}

/// Deletes the session stored under `digest`; whether there was one.
pub(super) fn delete<S: Stored>(
    db: &Db,
    kind: &Kind,
    digest: &SecretDigest,
) -> Result<bool, StoreError> {
    let Some(old) = get::<S>(db, kind, digest)? else {
        return Ok(false);
    };
    delete_writes(kind, &old, None).run(db)?;
    Ok(true)
}

/// Deletes every session of `owner`, by its index; an index entry whose
/// session is gone or now belongs to another owner goes alone.
pub(super) fn remove_owner<S: Stored>(db: &Db, kind: &Kind, owner: u64) -> Result<(), StoreError> {
    let rows: Vec<(Option<Vec<u8>>,)> = db.query(kind.owner_list, (key(owner),))?;
    for (column,) in rows {
        let Some(column) = column else { continue };
        let digest = crate::values::digest_of(&column, kind.what)?;
        match get::<S>(db, kind, &digest)? {
            Some(session) if session.owner() == owner => {
                delete_writes(kind, &session, None).run(db)?;
            }
            _ => {
                let mut writes = Writes::new();
                writes.push(kind.owner_delete, vec![big(key(owner)), blob(column)]);
                writes.run(db)?;
            }
        }
    }
    Ok(())
}
