//! How the fields of entities become column values, and the pieces every
//! table module writes with: ids as `bigint`, digests as `blob`, times to
//! live, and logged batches whose statements are chosen at run time.

use scylla::serialize::row::SerializeRow;
use scylla::value::CqlValue;
use trackgate_store::{SecretDigest, StoreError};

use crate::db::Db;

/// An id (`u64`) as its `bigint` column: the same 64 bits, read as signed.
/// Lossless both ways, so every id, `u64::MAX` too, is its own key. Ids
/// handed out by a sequence stay below 2^63 and so sort as numbers.
pub(crate) fn key(id: u64) -> i64 {
    id.cast_signed()
}

/// The id a `bigint` column written by [`key`] holds.
pub(crate) fn id(column: i64) -> u64 {
    column.cast_unsigned()
}

/// A digest as its `blob` column (`blob`s sort byte by byte, as the
/// embedded store's keys do).
pub(crate) fn digest_blob(digest: &SecretDigest) -> Vec<u8> {
    digest.as_bytes().to_vec()
}

/// The digest a `blob` column written by [`digest_blob`] holds.
pub(crate) fn digest_of(column: &[u8], what: &str) -> Result<SecretDigest, StoreError> {
    <[u8; 32]>::try_from(column)
        .map(SecretDigest::from_bytes)
        .map_err(|_| StoreError::Corrupt(format!("{what}: a digest of {} bytes", column.len())))
}

/// Milliseconds since the epoch, now.
pub(crate) fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// The longest time to live a cluster accepts, in seconds (20 years).
pub(crate) const MAX_TTL_S: i64 = 630_720_000;

/// The time to live, in seconds, of a row that should go at `until_ms` but
/// never sooner than `grace_s` after it is written at `now_ms`: rows that
/// are already due are kept `grace_s`, so that what was just written can
/// still be read (and swept, or purged, by the store's own rules) before
/// the cluster drops it.
///
/// `0` (no time to live) when `until_ms` lies beyond what a cluster
/// accepts: such a row is kept until it is deleted.
pub(crate) fn ttl_until(until_ms: i64, now_ms: i64, grace_s: i64) -> i32 {
    let left_ms = i128::from(until_ms) - i128::from(now_ms);
    let left_s = if left_ms <= 0 {
        0
    } else {
        // Rounded up: a row never goes before its time.
        (left_ms + 999) / 1000
    };
    let ttl = left_s.max(i128::from(grace_s.max(1)));
    if ttl > i128::from(MAX_TTL_S) {
        0
    } else {
        i32::try_from(ttl).unwrap_or(0)
    }
}

/// Statements to run as one logged batch, each with its own values, chosen
/// as the change requires (an index entry to move only when it changed):
/// all of them happen or, after a failure, the batch log replays them.
#[derive(Default)]
pub(crate) struct Writes {
    names: Vec<&'static str>,
    values: Vec<Box<dyn SerializeRow + Send + Sync>>,
    /// The column values given to [`Writes::push`], for tests to inspect.
    #[cfg(test)]
    seen: Vec<Vec<CqlValue>>,
}

impl std::fmt::Debug for Writes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Writes")
            .field("statements", &self.names)
            .finish_non_exhaustive()
    }
}

impl Writes {
    /// No statements yet.
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// Adds the statement `name` with column `values`.
    pub(crate) fn push(&mut self, name: &'static str, values: Vec<CqlValue>) {
        #[cfg(test)]
        self.seen.push(values.clone());
        self.push_row(name, values);
    }

    /// Adds the statement `name` with `values` of any row type (a tuple).
    pub(crate) fn push_row(
        &mut self,
        name: &'static str,
        values: impl SerializeRow + Send + Sync + 'static,
    ) {
        self.names.push(name);
        self.values.push(Box::new(values));
    }

    /// The statements added, in order.
    #[cfg(test)]
    pub(crate) fn names(&self) -> &[&'static str] {
        &self.names
    }

    /// The column values given to [`Writes::push`], in order.
    #[cfg(test)]
    pub(crate) fn values_for_tests(&self) -> &[Vec<CqlValue>] {
        &self.seen
    }

    /// Whether nothing was added.
    pub(crate) fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// Runs them as one logged batch (nothing when there are none).
    pub(crate) fn run(self, db: &Db) -> Result<(), StoreError> {
        if self.is_empty() {
            return Ok(());
        }
        db.batch(&self.names, self.values)
    }
}

/// A `bigint` value.
pub(crate) fn big(value: i64) -> CqlValue {
    CqlValue::BigInt(value)
}

/// An `int` value.
pub(crate) fn int(value: i32) -> CqlValue {
    CqlValue::Int(value)
}

/// A `blob` value.
pub(crate) fn blob(value: Vec<u8>) -> CqlValue {
    CqlValue::Blob(value)
}

/// A `text` value.
pub(crate) fn text(value: &str) -> CqlValue {
    CqlValue::Text(value.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_through_bigint_to_the_last_bit() {
        for id_value in [
            0,
            1,
            42,
            u64::MAX / 2,
            u64::MAX / 2 + 1,
            u64::MAX - 1,
            u64::MAX,
        ] {
            assert_eq!(id(key(id_value)), id_value);
        }
        assert_eq!(key(7), 7);
        assert_eq!(key(u64::MAX), -1);
        assert!(key(1) < key(2), "sequence ids sort as numbers");
    }

    #[test]
    fn digests_round_trip_and_damage_is_corrupt() {
        let digest = SecretDigest::of("abc");
        let column = digest_blob(&digest);
        assert_eq!(column.len(), 32);
        assert_eq!(digest_of(&column, "t").unwrap(), digest);
        assert!(matches!(
            digest_of(&column[..31], "t"),
            Err(StoreError::Corrupt(_))
        ));
    }

    #[test]
    fn ttl_counts_to_the_due_time_rounded_up() {
        let now = 1_000_000;
        assert_eq!(ttl_until(now + 10_000, now, 1), 10);
        assert_eq!(ttl_until(now + 10_001, now, 1), 11, "never before its time");
        assert_eq!(ttl_until(now + 1, now, 1), 1);
    }

    #[test]
    fn ttl_keeps_rows_already_due_for_the_grace() {
        let now = 1_700_000_000_000;
        assert_eq!(ttl_until(now, now, 3600), 3600);
        assert_eq!(ttl_until(10_000, now, 3600), 3600, "due long ago");
        assert_eq!(ttl_until(i64::MIN, now, 3600), 3600, "no overflow");
        assert_eq!(
            ttl_until(now + 60_000, now, 3600),
            3600,
            "due within the grace"
        );
        assert_eq!(ttl_until(now + 7_200_000, now, 3600), 7200);
        assert_eq!(
            ttl_until(now - 5, now, 0),
            1,
            "a time to live is at least 1 s"
        );
    }

    #[test]
    fn ttl_beyond_what_a_cluster_takes_is_none() {
        let now = 0;
        assert_eq!(ttl_until(MAX_TTL_S * 1000, now, 1), 630_720_000);
        assert_eq!(ttl_until(MAX_TTL_S * 1000 + 1, now, 1), 0);
        assert_eq!(ttl_until(i64::MAX, i64::MIN, 1), 0, "no overflow");
    }

    #[test]
    fn writes_keep_statements_in_order() {
        let mut writes = Writes::new();
        assert!(writes.is_empty());
        writes.push("a.put", vec![big(1), int(2)]);
        writes.push("b.delete", vec![blob(vec![3]), text("x")]);
        assert_eq!(writes.names(), ["a.put", "b.delete"]);
        assert_eq!(
            writes.values_for_tests(),
            vec![
                vec![CqlValue::BigInt(1), CqlValue::Int(2)],
                vec![CqlValue::Blob(vec![3]), CqlValue::Text("x".to_owned())]
            ]
        );
    }
}
