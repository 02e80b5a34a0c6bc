//! The audit log of Server API calls ([`AuditStore`]).
//!
//! Entries take their ids from the `audit` sequence (1, 2, 3, ... by
//! compare-and-set, so newer entries have higher ids on every node) and
//! live in the `audit` table, [`BUCKET`] ids to a partition, newest first
//! within it. Like the embedded store, the log keeps the newest
//! `audit_entries` ([`crate::ScyllaOptions`])
//! entries: when an id opens a new bucket, the bucket that fell wholly
//! behind the newest kept is deleted (a partition delete, repeated by
//! the first few appends of each bucket so that one failed delete leaves
//! nothing behind), and reads never return, nor visit, anything older.
//! No partition grows past [`BUCKET`] rows, and a read visits at most
//! `kept / BUCKET + 1` partitions, newest first, stopping at its limit.

use trackgate_store::{AuditEntry, NewAuditEntry, StoreError};

use crate::ScyllaStore;
use crate::codec;
use crate::db::Stmt;
use crate::ids;
use crate::values::key;

/// The sequence audit ids come from.
const SEQUENCE: &str = "audit";

/// Entries the log keeps (the embedded store's default `audit_entries`).
#[cfg(test)]
pub(crate) const KEEP: u64 = 100_000;

/// Ids per partition.
pub(crate) const BUCKET: u64 = 1_000;

/// Appends, from the first of a bucket on, that delete the bucket fallen
/// out of the log.
const TRIM_TRIES: u64 = 8;

/// The statements of this module.
pub(crate) const STATEMENTS: &[Stmt] = &[
    Stmt {
        name: "audit.put",
        cql: "INSERT INTO audit (bucket, id, body) VALUES (?, ?, ?)",
    },
    Stmt {
        name: "audit.bucket",
        cql: "SELECT id, body FROM audit WHERE bucket = ? LIMIT ?",
    },
    Stmt {
        name: "audit.drop_bucket",
        cql: "DELETE FROM audit WHERE bucket = ?",
    },
];

/// The bucket (partition) of entry `id`.
pub(crate) fn bucket_of(id: u64) -> u64 {
    id / BUCKET
}

/// The oldest id the log keeps when `newest` is the newest.
fn oldest_kept(newest: u64, keep: u64) -> u64 {
    newest.saturating_sub(keep.saturating_sub(1)).max(1)
}

/// The bucket appending `id` deletes, if any: the one just before the
/// bucket of the oldest id kept, on the first appends of a bucket.
fn bucket_to_trim(id: u64, keep: u64) -> Option<u64> {
    if id % BUCKET >= TRIM_TRIES {
        return None;
    }
    bucket_of(oldest_kept(id, keep)).checked_sub(1)
}

/// Appends `entry` with the next id; the stored entry.
pub(crate) fn append_audit(
    store: &ScyllaStore,
    entry: NewAuditEntry,
) -> Result<AuditEntry, StoreError> {
    let db = store.db();
    let id = ids::next_id(db, SEQUENCE)?;
    db.execute(
        "audit.put",
        (key(bucket_of(id)), key(id), codec::encode(&entry)?),
    )?;
    if let Some(stale) = bucket_to_trim(id, kept(store))
        && let Err(error) = db.execute("audit.drop_bucket", (key(stale),))
    {
        // The entry is stored; the next appends of the bucket try again.
        tracing::warn!(%error, bucket = stale, "dropping an old audit bucket failed");
    }
    Ok(AuditEntry { id, entry })
}

/// How many entries the log keeps: the store's `audit_entries`, at least one.
fn kept(store: &ScyllaStore) -> u64 {
    store.db().options().audit_entries.max(1)
}

/// The newest `limit` entries (at most those kept), newest first.
pub(crate) fn audit_log(store: &ScyllaStore, limit: usize) -> Result<Vec<AuditEntry>, StoreError> {
    let keep = kept(store);
    let limit = limit.min(usize::try_from(keep).unwrap_or(usize::MAX));
    if limit == 0 {
        return Ok(Vec::new());
    }
    let db = store.db();
    // The sequence's next id; the newest entry is at most one before it.
    let Some(newest) = ids::peek(db, SEQUENCE)?.checked_sub(1).filter(|n| *n > 0) else {
        return Ok(Vec::new());
    };
    let oldest = oldest_kept(newest, keep);
    let mut log = Log::new(oldest, limit);
    let mut bucket = bucket_of(newest);
    loop {
        let page = i32::try_from(log.wanted()).unwrap_or(i32::MAX);
        let rows: Vec<(i64, Option<Vec<u8>>)> = db.query("audit.bucket", (key(bucket), page))?;
        if log.take(rows)? || bucket <= bucket_of(oldest) {
            return Ok(log.entries);
        }
        bucket -= 1;
    }
}

/// The entries a read gathers, newest first, bucket by bucket.
#[derive(Debug)]
struct Log {
    oldest: u64,
    limit: usize,
    entries: Vec<AuditEntry>,
}

impl Log {
    fn new(oldest: u64, limit: usize) -> Self {
        Self {
            oldest,
            limit,
            entries: Vec::new(),
        }
    }

    /// Entries still wanted.
    fn wanted(&self) -> usize {
        self.limit.saturating_sub(self.entries.len())
    }

    /// Adds one bucket's rows (newest first); whether the read is done
    /// (the limit reached, or the oldest kept entry passed).
    fn take(&mut self, rows: Vec<(i64, Option<Vec<u8>>)>) -> Result<bool, StoreError> {
        for (column, body) in rows {
            let id = crate::values::id(column);
            if id < self.oldest {
                return Ok(true);
            }
            let body =
                body.ok_or_else(|| StoreError::Corrupt(format!("audit entry {id}: no body")))?;
            self.entries.push(AuditEntry {
                id,
                entry: codec::decode(&body, "audit entry")?,
            });
            if self.wanted() == 0 {
                return Ok(true);
            }
        }
        Ok(false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(n: u16) -> NewAuditEntry {
        NewAuditEntry {
            time_ms: i64::from(n),
            caller: "192.0.2.1".into(),
            command: format!("GET_USERS,{n}"),
            status: 200,
            result: "OK".into(),
        }
    }

    fn row(id: u64) -> (i64, Option<Vec<u8>>) {
        let n = u16::try_from(id % 1000).unwrap();
        (key(id), Some(codec::encode(&entry(n)).unwrap()))
    }

    #[test]
    fn buckets_hold_a_thousand_ids() {
        assert_eq!(bucket_of(1), 0);
        assert_eq!(bucket_of(999), 0);
        assert_eq!(bucket_of(1_000), 1);
        assert_eq!(bucket_of(123_456), 123);
    }

    #[test]
    fn the_log_keeps_the_newest_entries() {
        assert_eq!(oldest_kept(5, 100_000), 1);
        assert_eq!(oldest_kept(100_000, 100_000), 1);
        assert_eq!(oldest_kept(100_001, 100_000), 2);
        assert_eq!(oldest_kept(250_000, 100_000), 150_001);
        assert_eq!(oldest_kept(10, 1), 10);
    }

    #[test]
    fn a_bucket_is_dropped_once_wholly_behind_the_log() {
        // Until the log is full nothing goes.
        assert_eq!(bucket_to_trim(1_000, KEEP), None);
        assert_eq!(bucket_to_trim(100_000, KEEP), None);
        // Id 101,000 keeps 1,001..: bucket 0 (ids 1..999) is behind it.
        assert_eq!(bucket_to_trim(101_000, KEEP), Some(0));
        assert_eq!(bucket_to_trim(101_007, KEEP), Some(0), "retried");
        assert_eq!(bucket_to_trim(101_008, KEEP), None, "then left alone");
        assert_eq!(bucket_to_trim(250_000, KEEP), Some(149));
        // Whatever bucket is dropped holds nothing the log keeps.
        for id in [101_000, 150_003, 999_000] {
            let dropped = bucket_to_trim(id, KEEP).unwrap();
            assert!((dropped + 1) * BUCKET <= oldest_kept(id, KEEP));
        }
    }

    #[test]
    fn a_read_stops_at_its_limit_and_at_the_oldest_kept() {
        let mut log = Log::new(1, 3);
        assert!(!log.take(vec![row(2), row(1)]).unwrap(), "wants more");
        assert_eq!(log.wanted(), 1);
        assert!(log.take(vec![row(999), row(998)]).unwrap(), "limit reached");
        let ids: Vec<u64> = log.entries.iter().map(|e| e.id).collect();
        assert_eq!(ids, [2, 1, 999]);
        assert_eq!(log.entries[0].entry, entry(2), "bodies round-trip");

        let mut log = Log::new(1_500, 10);
        assert!(
            log.take(vec![row(1_502), row(1_501), row(1_500), row(1_499)])
                .unwrap()
        );
        assert_eq!(log.entries.len(), 3, "nothing older than the oldest kept");
    }

    #[test]
    fn a_bad_row_is_corrupt() {
        let mut log = Log::new(1, 10);
        assert!(matches!(
            log.take(vec![(5, None)]),
            Err(StoreError::Corrupt(_))
        ));
        assert!(matches!(
            log.take(vec![(5, Some(vec![7]))]),
            Err(StoreError::Corrupt(_))
        ));
    }
}
