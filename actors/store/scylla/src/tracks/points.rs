//! How a point becomes a row of `points`, and back.
//!
//! The key follows the embedded store's point key (tracker · fix time ·
//! content digest), so a record sent again lands on its own row and a
//! track reads in the same order:
//!
//! - `day`: the fix time's day ([`day_of`]), the second part of the
//!   partition key, so a partition holds one tracker's day;
//! - `fix_time`: the record's fix time, ms;
//! - `digest`: 64-bit FNV-1a of the record's postcard bytes, the embedded
//!   store's rule exactly ([`digest_of`]), its sign bit flipped
//!   ([`digest_column`]) so that the column's signed order is the
//!   digest's unsigned order (the embedded keys' byte order);
//! - `body`: the format byte, then postcard of `(received_ms, record)`,
//!   which is also what the embedded store keeps as a point's value.

use std::collections::{BTreeMap, BTreeSet};

use trackgate_protocols::Record;
use trackgate_store::{CommitBatch, StoreError, StoredPoint, TrackerId, TrackerState};

use crate::codec::{self, BODY_V1};
use crate::values::key;

/// Milliseconds in a day.
pub(super) const DAY_MS: i64 = 86_400_000;

/// The day partition of a fix time: days since the epoch, rounded down
/// (so times before 1970 sort too), held within `int`: the few times
/// beyond ±5.8 million years share the first or last day. The order of
/// days is the order of times, so a track read day after day is in order.
pub(super) fn day_of(fix_time_ms: i64) -> i32 {
    let day = fix_time_ms.div_euclid(DAY_MS);
    i32::try_from(day).unwrap_or(if day < 0 { i32::MIN } else { i32::MAX })
}

/// 64-bit FNV-1a over `bytes`: the embedded store's point digest. It keys
/// stored points, so it must never change.
pub(super) fn fnv1a64(bytes: &[u8]) -> u64 {
    const OFFSET_BASIS: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    bytes.iter().fold(OFFSET_BASIS, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(PRIME)
    })
}

/// A digest as its `digest` column: sign bit flipped, so that signed order
/// is unsigned order.
pub(super) fn digest_column(digest: u64) -> i64 {
    (digest ^ (1 << 63)).cast_signed()
}

/// A point's content digest and body: the digest covers the record's
/// bytes only, so a record received again (a new `received_ms`) has the
/// same digest.
pub(super) fn encode(point: &StoredPoint) -> Result<(u64, Vec<u8>), StoreError> {
    let body = postcard::to_extend(&point.received_ms, vec![BODY_V1])
        .map_err(|e| StoreError::Corrupt(format!("encoding a point: {e}")))?;
    let record_at = body.len();
    let body = postcard::to_extend(&point.record, body)
        .map_err(|e| StoreError::Corrupt(format!("encoding a point: {e}")))?;
    let digest = fnv1a64(body.get(record_at..).unwrap_or_default());
    Ok((digest, body))
}

/// The digest of `record` as [`encode`] computes it.
#[cfg(test)]
pub(super) fn digest_of(record: &Record) -> u64 {
    fnv1a64(&postcard::to_stdvec(record).unwrap_or_default())
}

/// A row of `points` read back: `(fix_time, body)` of `tracker`.
pub(super) fn decode(
    tracker: TrackerId,
    fix_time_ms: i64,
    body: &[u8],
) -> Result<StoredPoint, StoreError> {
    let (received_ms, record): (i64, Record) = codec::decode(body, "point")?;
    if record.fix_time_ms != fix_time_ms {
        return Err(StoreError::Corrupt(format!(
            "point of tracker {} at {fix_time_ms}: the body's fix time is {}",
            tracker.0, record.fix_time_ms
        )));
    }
    Ok(StoredPoint {
        tracker,
        received_ms,
        record,
    })
}

/// One row of `points` to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct PointRow {
    /// Whose point.
    pub tracker: TrackerId,
    /// Its fix time, ms.
    pub fix_time_ms: i64,
    /// Its `digest` column.
    pub digest: i64,
    /// Its body.
    pub body: Vec<u8>,
}

impl PointRow {
    /// Its day partition.
    pub(super) fn day(&self) -> i32 {
        day_of(self.fix_time_ms)
    }
}

/// What one commit writes, each row once.
#[derive(Debug, Default)]
pub(super) struct Rows {
    /// Points, by key (tracker, fix time, digest).
    pub points: Vec<PointRow>,
    /// Every (tracker, day) the points fall on.
    pub days: BTreeSet<(TrackerId, i32)>,
    /// Last states, one per tracker, as bodies.
    pub states: Vec<(TrackerId, Vec<u8>)>,
}

impl Rows {
    /// The trackers whose points the commit writes.
    pub(super) fn trackers(&self) -> BTreeSet<TrackerId> {
        self.days.iter().map(|(tracker, _)| *tracker).collect()
    }

    /// Whether there is nothing to write.
    pub(super) fn is_empty(&self) -> bool {
        self.points.is_empty() && self.states.is_empty()
    }
}

/// A batch's rows. A point or a tracker's state that the batch holds
/// twice is written once, the last one winning (as the embedded store
/// does): two writes of one row in flight together could land in either
/// order.
pub(super) fn rows(batch: &CommitBatch) -> Result<Rows, StoreError> {
    let mut points: BTreeMap<(TrackerId, i64, i64), Vec<u8>> = BTreeMap::new();
    for point in &batch.points {
        let (digest, body) = encode(point)?;
        points.insert(
            (
                point.tracker,
                point.record.fix_time_ms,
                digest_column(digest),
            ),
            body,
        );
    }
    let mut states: BTreeMap<TrackerId, &TrackerState> = BTreeMap::new();
    for (tracker, state) in &batch.states {
        states.insert(*tracker, state);
    }
    let mut rows = Rows::default();
    for ((tracker, fix_time_ms, digest), body) in points {
        let row = PointRow {
            tracker,
            fix_time_ms,
            digest,
            body,
        };
        rows.days.insert((tracker, row.day()));
        rows.points.push(row);
    }
    for (tracker, state) in states {
        rows.states.push((tracker, codec::encode(state)?));
    }
    Ok(rows)
}

/// The `bigint` of a tracker id.
pub(super) fn tracker_key(tracker: TrackerId) -> i64 {
    key(tracker.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(tracker: u64, fix_time_ms: i64, latitude: f64, received_ms: i64) -> StoredPoint {
        StoredPoint {
            tracker: TrackerId(tracker),
            received_ms,
            record: Record::at(fix_time_ms, latitude, 13.4),
        }
    }

    #[test]
    fn days_round_down_and_keep_the_order_of_times() {
        assert_eq!(day_of(0), 0);
        assert_eq!(day_of(DAY_MS - 1), 0);
        assert_eq!(day_of(DAY_MS), 1);
        assert_eq!(day_of(-1), -1, "before 1970 is the day before");
        assert_eq!(day_of(-DAY_MS), -1);
        assert_eq!(day_of(-DAY_MS - 1), -2);
        assert_eq!(day_of(1_700_000_000_000), 19_675);
        assert_eq!(day_of(i64::MAX), i32::MAX, "held within int");
        assert_eq!(day_of(i64::MIN), i32::MIN);
        let times = [
            i64::MIN,
            -62_135_596_800_000,
            -DAY_MS - 1,
            -1,
            0,
            1,
            253_402_300_799_000,
            i64::MAX,
        ];
        for pair in times.windows(2) {
            assert!(day_of(pair[0]) <= day_of(pair[1]), "{pair:?}");
        }
    }

    #[test]
    fn the_digest_is_the_embedded_stores() {
        // The embedded store's pinned digest of this record: a point
        // committed to either store is keyed alike.
        let p = point(1, 1_700_000_000_000, 52.5, 0);
        let (digest, _) = encode(&p).unwrap();
        assert_eq!(digest, 0x6d82_3c23_a963_4125);
        assert_eq!(digest, digest_of(&p.record));
        // FNV-1a reference vectors.
        assert_eq!(fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(b"foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn digest_columns_sort_as_unsigned_digests() {
        let digests = [0, 1, (1 << 63) - 1, 1 << 63, u64::MAX - 1, u64::MAX];
        for pair in digests.windows(2) {
            assert!(digest_column(pair[0]) < digest_column(pair[1]), "{pair:?}");
        }
        assert_eq!(digest_column(0), i64::MIN);
        assert_eq!(digest_column(u64::MAX), i64::MAX);
    }

    #[test]
    fn a_body_round_trips_and_ignores_the_receipt_time_in_its_digest() {
        let early = point(3, -5, 1.0, 100);
        let late = point(3, -5, 1.0, 9_999_999);
        let (d1, b1) = encode(&early).unwrap();
        let (d2, b2) = encode(&late).unwrap();
        assert_eq!(d1, d2);
        assert_ne!(b1, b2);
        assert_eq!(
            b2,
            codec::encode(&(late.received_ms, &late.record)).unwrap()
        );
        assert_eq!(decode(TrackerId(3), -5, &b2).unwrap(), late);
    }

    #[test]
    fn a_damaged_or_misplaced_body_is_corrupt() {
        let (_, body) = encode(&point(3, 10, 1.0, 1)).unwrap();
        for (fix, bytes) in [
            (11, body.clone()),
            (10, body[..body.len() - 1].to_vec()),
            (10, vec![]),
            (10, vec![2, 0]),
        ] {
            assert!(
                matches!(
                    decode(TrackerId(3), fix, &bytes),
                    Err(StoreError::Corrupt(_))
                ),
                "{fix} {bytes:?}"
            );
        }
    }

    #[test]
    fn a_batch_writes_each_point_and_state_once_the_last_winning() {
        let first = point(1, 1_000, 1.0, 5);
        let resent = point(1, 1_000, 1.0, 60_005);
        let other = point(1, 1_000, 2.0, 5);
        let next_day = point(1, DAY_MS + 1, 1.0, 5);
        let elsewhere = point(2, 1_000, 1.0, 5);
        let early = TrackerState {
            last_update_ms: Some(1),
            ..TrackerState::default()
        };
        let late = TrackerState {
            last_update_ms: Some(2),
            ..TrackerState::default()
        };
        let batch = CommitBatch {
            points: vec![
                next_day.clone(),
                first,
                other.clone(),
                resent.clone(),
                elsewhere.clone(),
            ],
            states: vec![
                (TrackerId(1), early),
                (TrackerId(2), TrackerState::default()),
                (TrackerId(1), late.clone()),
            ],
        };
        let rows = rows(&batch).unwrap();
        assert_eq!(rows.points.len(), 4, "the resent point once");
        let kept: Vec<StoredPoint> = rows
            .points
            .iter()
            .map(|r| decode(r.tracker, r.fix_time_ms, &r.body).unwrap())
            .collect();
        assert!(kept.contains(&resent), "the last receipt wins");
        assert!(kept.contains(&other) && kept.contains(&next_day) && kept.contains(&elsewhere));
        assert_eq!(
            rows.days.iter().copied().collect::<Vec<_>>(),
            [(TrackerId(1), 0), (TrackerId(1), 1), (TrackerId(2), 0)]
        );
        assert_eq!(
            rows.trackers().into_iter().collect::<Vec<_>>(),
            [TrackerId(1), TrackerId(2)]
        );
        assert_eq!(rows.states.len(), 2);
        assert_eq!(rows.states[0].0, TrackerId(1));
        let state: TrackerState = codec::decode(&rows.states[0].1, "state").unwrap();
        assert_eq!(state, late, "the last state wins");
        assert!(!rows.is_empty());
        assert!(super::rows(&CommitBatch::default()).unwrap().is_empty());
    }
}
