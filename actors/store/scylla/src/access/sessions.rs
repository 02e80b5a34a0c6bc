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

#[cfg(test)]
mod tests {
    use scylla::value::CqlValue;
    use trackgate_store::{PanelAdminId, UserId};

    use super::*;

    fn session(tag: &str, user: u64, expires_ms: i64) -> Session {
        Session {
            digest: SecretDigest::of(tag),
            user: UserId(user),
            created_ms: 1_000,
            expires_ms,
        }
    }

    const NOW: i64 = 1_700_000_000_000;

    #[test]
    fn hours_bucket_expiries_on_both_sides_of_zero() {
        assert_eq!(hour_of(0), 0);
        assert_eq!(hour_of(3_599_999), 0);
        assert_eq!(hour_of(3_600_000), 1);
        assert_eq!(hour_of(-1), -1, "rounded down, not toward zero");
        assert_eq!(hour_end(0), 3_599_999);
        assert_eq!(hour_end(-1), -1);
        for t in [i64::MIN / 2 + 10_000, -1, 0, NOW, i64::MAX] {
            let hour = hour_of(t);
            assert!(hour_end(hour - 1) < t && t <= hour_end(hour), "{t}");
        }
        assert_eq!(hour_end(hour_of(i64::MIN)), -9_223_372_036_854_000_001);
        assert!(
            hour_end(hour_of(i64::MIN) - 1) < i64::MIN + 1,
            "no overflow"
        );
        assert_eq!(hour_end(hour_of(i64::MAX)), i64::MAX, "saturates");
    }

    #[test]
    fn a_new_session_writes_its_four_rows_with_one_time_to_live() {
        let new = session("a", 7, NOW + 7_200_000);
        let writes = put_writes(&USER, None, &new, NOW).unwrap();
        assert_eq!(
            writes.names(),
            [
                "sessions.put",
                "user_sessions.put",
                "session_expiries.put",
                "session_hours.put"
            ]
        );
        let values = writes.values_for_tests();
        let ttl = CqlValue::Int(7_200 + 86_400);
        assert_eq!(values[0][2], ttl);
        assert_eq!(
            values[1],
            vec![big(7), blob(digest_blob(&new.digest)), ttl.clone()]
        );
        assert_eq!(
            values[2],
            vec![
                text("user"),
                big(hour_of(NOW + 7_200_000)),
                big(NOW + 7_200_000),
                blob(digest_blob(&new.digest)),
                ttl
            ]
        );
        let body = match &values[0][1] {
            CqlValue::Blob(body) => body.clone(),
            other => panic!("{other:?}"),
        };
        assert_eq!(decode::<Session>(&USER, &new.digest, &body).unwrap(), new);
        // The hour's row lives at least as long as any entry in it.
        match (&values[3][2], &values[0][2]) {
            (CqlValue::Int(hour), CqlValue::Int(row)) => assert!(hour >= row),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn an_ended_session_is_kept_for_the_grace() {
        let ended = session("a", 7, 10_000);
        let writes = put_writes(&USER, None, &ended, NOW).unwrap();
        let values = writes.values_for_tests();
        assert_eq!(values[0][2], CqlValue::Int(86_400));
        assert_eq!(values[3][2], CqlValue::Int(86_400));
    }

    #[test]
    fn replacing_moves_only_the_entries_that_changed() {
        let old = session("a", 7, NOW + 1_000);
        let same = put_writes(&USER, Some(&old), &old, NOW).unwrap();
        assert_eq!(
            same.names().len(),
            4,
            "nothing to delete: {:?}",
            same.names()
        );

        let renewed = Session {
            expires_ms: NOW + 90_000_000,
            ..old.clone()
        };
        let writes = put_writes(&USER, Some(&old), &renewed, NOW).unwrap();
        assert_eq!(writes.names()[0], "session_expiries.delete");
        assert_eq!(
            writes.values_for_tests()[0],
            expiry_values(&USER, old.expires_ms, &digest_blob(&old.digest))
        );
        assert_eq!(writes.names().len(), 5);

        let moved = Session {
            user: UserId(8),
            ..old.clone()
        };
        let writes = put_writes(&USER, Some(&old), &moved, NOW).unwrap();
        assert_eq!(writes.names()[0], "user_sessions.delete");
        assert_eq!(
            writes.values_for_tests()[0],
            vec![big(7), blob(digest_blob(&old.digest))]
        );
        assert_eq!(writes.names().len(), 5);
    }

    #[test]
    fn panel_sessions_go_to_their_own_tables() {
        let panel = PanelSession {
            digest: SecretDigest::of("p"),
            admin: PanelAdminId(3),
            created_ms: 1,
            expires_ms: NOW,
            last_used_ms: 2,
        };
        let writes = put_writes(&PANEL, None, &panel, NOW).unwrap();
        assert_eq!(
            writes.names(),
            [
                "panel_sessions.put",
                "admin_sessions.put",
                "session_expiries.put",
                "session_hours.put"
            ]
        );
        assert_eq!(writes.values_for_tests()[2][0], text("panel"));
        assert_eq!(writes.values_for_tests()[1][0], big(3));
    }

    #[test]
    fn deletes_name_every_row_at_the_read_write_time_when_given() {
        let s = session("a", 7, NOW);
        let plain = delete_writes(&USER, &s, None);
        assert_eq!(
            plain.names(),
            [
                "sessions.delete",
                "user_sessions.delete",
                "session_expiries.delete"
            ]
        );
        let at = delete_writes(&USER, &s, Some(123));
        assert_eq!(
            at.names(),
            [
                "sessions.delete_at",
                "user_sessions.delete_at",
                "session_expiries.delete_at"
            ]
        );
        assert!(at.values_for_tests().iter().all(|v| v[0] == big(123)));
        assert_eq!(at.values_for_tests()[1][1], big(7));
    }

    #[test]
    fn a_body_under_another_digest_or_damaged_is_corrupt() {
        let s = session("a", 7, NOW);
        let body = codec::encode(&s).unwrap();
        assert!(matches!(
            decode::<Session>(&USER, &SecretDigest::of("b"), &body),
            Err(StoreError::Corrupt(_))
        ));
        assert!(matches!(
            decode::<Session>(&USER, &s.digest, &body[..body.len() - 1]),
            Err(StoreError::Corrupt(_))
        ));
    }
}
