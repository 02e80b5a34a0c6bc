//! Deleting the sessions that ended, User API and Panel API alike.
//!
//! Each session has an entry by its end in `session_expiries`, one
//! partition per kind and hour, and each hour that holds entries a row in
//! `session_hours`. A sweep at `now_ms` reads the hours up to `now_ms`,
//! and in each the entries that ended by then, never the sessions still
//! running. For each entry it reads the session with its write time and
//! deletes it only if the session itself says it ended (an entry may
//! outlive a renewal that moved the session's end): the delete carries the
//! session's write time, so a renewal written meanwhile by another node
//! survives it. The entry goes either way, and an hour that has wholly
//! passed goes once swept.
//!
//! Several gateway nodes may sweep at once: each deletes what it finds,
//! the deletes are idempotent, and a session two nodes delete together is
//! counted by both (the count is what this node removed, for its log).
//! A session put after it ended, into an hour a sweep is dropping at that
//! moment, can lose its hour's row; its rows then go with their time to
//! live, a day later.

use trackgate_store::{SecretDigest, StoreError};

use super::sessions::{self, Kind, Stored, hour_end, hour_of};
use crate::db::Db;
use crate::values::{Writes, big, blob, digest_of, text};

/// What a sweep does with one ended entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Verdict {
    /// The session ended: delete its rows at its write time (µs).
    Delete(i64),
    /// The session is gone, or runs past `now_ms` (renewed): drop the
    /// entry alone.
    DropEntry,
}

/// What to do with an entry whose session reads `found` at `now_ms`.
pub(super) fn verdict<S: Stored>(found: Option<&(S, i64)>, now_ms: i64) -> Verdict {
    match found {
        Some((session, written)) if session.expires_ms() <= now_ms => Verdict::Delete(*written),
        _ => Verdict::DropEntry,
    }
}

/// Whether every session an hour's entries can name ended by `now_ms`.
pub(super) fn hour_has_passed(hour: i64, now_ms: i64) -> bool {
    hour_end(hour) <= now_ms
}

/// Deletes every session of `kind` that ended at or before `now_ms`;
/// how many this call deleted.
pub(super) fn sweep<S: Stored>(db: &Db, kind: &Kind, now_ms: i64) -> Result<usize, StoreError> {
    let hours: Vec<(i64,)> = db.query("session_hours.until", (kind.name, hour_of(now_ms)))?;
    let mut removed = 0;
    for (hour,) in hours {
        let entries: Vec<(i64, Option<Vec<u8>>)> =
            db.query("session_expiries.ended", (kind.name, hour, now_ms))?;
        for (expires_ms, column) in entries {
            let Some(column) = column else { continue };
            let digest = digest_of(&column, "session expiry entry")?;
            if sweep_entry::<S>(db, kind, now_ms, expires_ms, &digest)? {
                removed += 1;
            }
        }
        if hour_has_passed(hour, now_ms) {
            db.execute("session_hours.delete", (kind.name, hour))?;
        }
    }
    Ok(removed)
}

/// Sweeps the entry `(expires_ms, digest)`; whether its session went.
fn sweep_entry<S: Stored>(
    db: &Db,
    kind: &Kind,
    now_ms: i64,
    expires_ms: i64,
    digest: &SecretDigest,
) -> Result<bool, StoreError> {
    let found = sessions::get_written::<S>(db, kind, digest)?;
    let mut writes = Writes::new();
    let deleted = match (verdict(found.as_ref(), now_ms), found) {
        (Verdict::Delete(written), Some((session, _))) => {
            writes = sessions::delete_writes(kind, &session, Some(written));
            if session.expires_ms() != expires_ms {
                push_entry_delete(&mut writes, kind, expires_ms, digest);
            }
            true
        }
        _ => {
            push_entry_delete(&mut writes, kind, expires_ms, digest);
            false
        }
    };
    writes.run(db)?;
    Ok(deleted)
}

fn push_entry_delete(writes: &mut Writes, kind: &Kind, expires_ms: i64, digest: &SecretDigest) {
    writes.push(
        "session_expiries.delete",
        vec![
            text(kind.name),
            big(hour_of(expires_ms)),
            big(expires_ms),
            blob(digest.as_bytes().to_vec()),
        ],
    );
}

#[cfg(test)]
mod tests {
    use trackgate_store::{Session, UserId};

    use super::*;

    fn session(expires_ms: i64) -> Session {
        Session {
            digest: SecretDigest::of("s"),
            user: UserId(1),
            created_ms: 0,
            expires_ms,
        }
    }

    #[test]
    fn only_a_session_that_itself_ended_is_deleted() {
        let ended = (session(100), 77);
        assert_eq!(
            verdict(Some(&ended), 100),
            Verdict::Delete(77),
            "at its end"
        );
        assert_eq!(verdict(Some(&ended), 5_000), Verdict::Delete(77));
        let renewed = (session(10_000), 78);
        assert_eq!(verdict(Some(&renewed), 5_000), Verdict::DropEntry);
        assert_eq!(verdict::<Session>(None, 5_000), Verdict::DropEntry);
    }

    #[test]
    fn an_hour_passes_with_its_last_millisecond() {
        assert!(!hour_has_passed(0, 3_599_998));
        assert!(hour_has_passed(0, 3_599_999));
        assert!(hour_has_passed(-5, 0));
        assert!(!hour_has_passed(hour_of(i64::MAX), i64::MAX - 1));
        assert!(hour_has_passed(hour_of(i64::MAX), i64::MAX));
    }

    #[test]
    fn a_stale_entry_is_dropped_beside_the_session() {
        let mut writes = Writes::new();
        push_entry_delete(
            &mut writes,
            &sessions::USER,
            7_200_000,
            &SecretDigest::of("s"),
        );
        assert_eq!(writes.names(), ["session_expiries.delete"]);
        assert_eq!(
            writes.values_for_tests()[0],
            sessions::expiry_values(&sessions::USER, 7_200_000, SecretDigest::of("s").as_bytes())
        );
    }
}
