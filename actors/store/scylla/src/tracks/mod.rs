//! Track points and last states ([`TrackStore`]), history retention
//! (`OperatorStore::purge_history`), and the removal of a deleted
//! tracker's track.
//!
//! - `points` (`((tracker, day), fix_time, digest)`): a partition per
//!   tracker and day, rows in the embedded store's order (see
//!   `points`), a time to live from the owner's history (`retention`).
//! - `track_days` (`((tracker), day)`): the days a tracker has points on,
//!   so reads, purges and deletes visit only those partitions.
//! - `tracker_states` (`tracker`): each tracker's last state.
//!
//! # Commit
//!
//! A commit writes its `track_days` rows first (a tracker's day row once an
//! hour per node: the rows written are remembered), then every point and state,
//! all at once (bounded by the store's in-flight requests) inside one
//! blocking call, and returns once every write succeeded at the store's
//! consistency: the points are then on a quorum of replicas. Points are
//! written one by one, not in one batch (a batch over many partitions would
//! cost more than it protects): if a write fails, the commit fails having
//! written part of the batch, and the caller's retry (the device sends its
//! records again) writes the same rows again, which changes nothing, since
//! a point's row is keyed by its content. A day row is never missing
//! under a point that was written.
//!
//! # Reads
//!
//! `read_track` reads the tracker's days in the range from `track_days`,
//! then each day's partition in turn, oldest first, each read limited to
//! what is still wanted, until the limit is reached: exactly the embedded
//! store's order (fix time, then digest as an unsigned number).
//! `scan_track` is the port's default, pages of `read_track`.

mod caches;
mod points;
mod retention;

use futures_util::future::try_join_all;
use trackgate_store::{CommitBatch, StoreError, StoredPoint, TrackerId, TrackerState};

pub(crate) use caches::Caches;
pub(crate) use retention::purge_history;

use crate::ScyllaStore;
use crate::codec;
use crate::db::{Db, Stmt};
use points::{day_of, tracker_key};

/// The statements of this module.
pub(crate) const STATEMENTS: &[Stmt] = &[
    Stmt {
        name: "points.put",
        cql: "INSERT INTO points (tracker, day, fix_time, digest, body) VALUES (?, ?, ?, ?, ?) USING TTL ?",
    },
    Stmt {
        name: "points.range",
        cql: "SELECT fix_time, body FROM points WHERE tracker = ? AND day = ? AND fix_time >= ? AND fix_time <= ? LIMIT ?",
    },
    Stmt {
        name: "points.count_before",
        cql: "SELECT COUNT(*) FROM points WHERE tracker = ? AND day = ? AND fix_time < ?",
    },
    Stmt {
        name: "points.delete_before",
        cql: "DELETE FROM points WHERE tracker = ? AND day = ? AND fix_time < ?",
    },
    Stmt {
        name: "points.delete_day",
        cql: "DELETE FROM points WHERE tracker = ? AND day = ?",
    },
    Stmt {
        name: "track_days.put",
        cql: "INSERT INTO track_days (tracker, day) VALUES (?, ?)",
    },
    Stmt {
        name: "track_days.range",
        cql: "SELECT day FROM track_days WHERE tracker = ? AND day >= ? AND day <= ?",
    },
    Stmt {
        name: "track_days.until",
        cql: "SELECT day FROM track_days WHERE tracker = ? AND day <= ?",
    },
    Stmt {
        name: "track_days.all",
        cql: "SELECT day FROM track_days WHERE tracker = ?",
    },
    Stmt {
        name: "track_days.delete",
        cql: "DELETE FROM track_days WHERE tracker = ? AND day = ?",
    },
    Stmt {
        name: "track_days.delete_tracker",
        cql: "DELETE FROM track_days WHERE tracker = ?",
    },
    Stmt {
        name: "tracker_states.put",
        cql: "INSERT INTO tracker_states (tracker, body) VALUES (?, ?)",
    },
    Stmt {
        name: "tracker_states.get",
        cql: "SELECT body FROM tracker_states WHERE tracker = ?",
    },
    Stmt {
        name: "tracker_states.delete",
        cql: "DELETE FROM tracker_states WHERE tracker = ?",
    },
];

/// Writes every point and state of `batch`; see the module docs.
pub(crate) fn commit(store: &ScyllaStore, batch: &CommitBatch) -> Result<(), StoreError> {
    let rows = points::rows(batch)?;
    if rows.is_empty() {
        return Ok(());
    }
    let mut history = std::collections::BTreeMap::new();
    for tracker in rows.trackers() {
        history.insert(tracker, caches::history_days(store, tracker)?);
    }
    let now_ms = crate::values::now_ms();
    let db = store.db();
    let days: Vec<(TrackerId, i32)> = rows.days.iter().copied().collect();
    let new_days = store.tracks.unwritten_days(&days);
    db.block_on(async {
        try_join_all(
            new_days
                .iter()
                .map(|(tracker, day)| db.run("track_days.put", (tracker_key(*tracker), *day))),
        )
        .await?;
        let points = rows.points.iter().map(|row| {
            let days = history.get(&row.tracker).copied().flatten();
            let ttl = retention::point_ttl(row.fix_time_ms, days, now_ms);
            db.run(
                "points.put",
                (
                    tracker_key(row.tracker),
                    row.day(),
                    row.fix_time_ms,
                    row.digest,
                    row.body.as_slice(),
                    ttl,
                ),
            )
        });
        let states = rows.states.iter().map(|(tracker, body)| {
            db.run(
                "tracker_states.put",
                (tracker_key(*tracker), body.as_slice()),
            )
        });
        futures_util::future::try_join(try_join_all(points), try_join_all(states)).await
    })?;
    store.tracks.days_written(&new_days);
    Ok(())
}

/// A tracker's points with `from_ms <= fix time <= to_ms`, oldest first,
/// at most `limit`.
pub(crate) fn read_track(
    store: &ScyllaStore,
    tracker: TrackerId,
    from_ms: i64,
    to_ms: i64,
    limit: usize,
) -> Result<Vec<StoredPoint>, StoreError> {
    if limit == 0 || from_ms > to_ms {
        return Ok(Vec::new());
    }
    let db = store.db();
    let id = tracker_key(tracker);
    let days: Vec<(i32,)> = db.query("track_days.range", (id, day_of(from_ms), day_of(to_ms)))?;
    let mut track = Track::new(tracker, limit);
    for (day,) in days {
        let wanted = i32::try_from(track.wanted()).unwrap_or(i32::MAX);
        let rows: Vec<(i64, Option<Vec<u8>>)> =
            db.query("points.range", (id, day, from_ms, to_ms, wanted))?;
        if track.take(rows)? {
            break;
        }
    }
    Ok(track.points)
}

/// The points a read gathers, day after day, up to its limit.
#[derive(Debug)]
struct Track {
    tracker: TrackerId,
    limit: usize,
    points: Vec<StoredPoint>,
}

impl Track {
    fn new(tracker: TrackerId, limit: usize) -> Self {
        Self {
            tracker,
            limit,
            // `limit` may be "everything" (usize::MAX).
            points: Vec::with_capacity(limit.min(1024)),
        }
    }

    /// Points still wanted.
    fn wanted(&self) -> usize {
        self.limit.saturating_sub(self.points.len())
    }

    /// Adds one day's rows `(fix_time, body)`, in order; whether the limit
    /// is reached.
    fn take(&mut self, rows: Vec<(i64, Option<Vec<u8>>)>) -> Result<bool, StoreError> {
        for (fix_time_ms, body) in rows {
            if self.wanted() == 0 {
                break;
            }
            let body = body.ok_or_else(|| {
                StoreError::Corrupt(format!(
                    "point of tracker {} at {fix_time_ms}: no body",
                    self.tracker.0
                ))
            })?;
            self.points
                .push(points::decode(self.tracker, fix_time_ms, &body)?);
        }
        Ok(self.wanted() == 0)
    }
}

/// A tracker's last persisted state.
pub(crate) fn state(
    store: &ScyllaStore,
    tracker: TrackerId,
) -> Result<Option<TrackerState>, StoreError> {
    let row: Option<(Option<Vec<u8>>,)> = store
        .db()
        .query_one("tracker_states.get", (tracker_key(tracker),))?;
    row.and_then(|(body,)| body)
        .map(|body| codec::decode(&body, "tracker state"))
        .transpose()
}

/// Removes a deleted tracker's points (every day partition) and last state.
/// Called by `accounts::delete_tracker`.
pub(crate) fn remove_tracker(store: &ScyllaStore, tracker: TrackerId) -> Result<(), StoreError> {
    let db = store.db();
    let id = tracker_key(tracker);
    let days: Vec<(i32,)> = db.query("track_days.all", (id,))?;
    remove_days(db, id, &days)?;
    db.execute("track_days.delete_tracker", (id,))?;
    db.execute("tracker_states.delete", (id,))?;
    store.tracks.forget_tracker(tracker);
    Ok(())
}

/// Deletes the day partitions `days` of tracker `id`, all at once.
fn remove_days(db: &Db, id: i64, days: &[(i32,)]) -> Result<(), StoreError> {
    db.block_on(try_join_all(
        days.iter()
            .map(|(day,)| db.run("points.delete_day", (id, *day))),
    ))
    .map(|_| ())
}

#[cfg(test)]
mod tests {
    use trackgate_protocols::Record;

    use super::*;

    fn row(fix_time_ms: i64, latitude: f64) -> (i64, Option<Vec<u8>>) {
        let point = StoredPoint {
            tracker: TrackerId(7),
            received_ms: 1,
            record: Record::at(fix_time_ms, latitude, 13.4),
        };
        (fix_time_ms, Some(points::encode(&point).unwrap().1))
    }

    fn times(track: &Track) -> Vec<i64> {
        track.points.iter().map(|p| p.record.fix_time_ms).collect()
    }

    #[test]
    fn days_are_taken_in_order_until_the_limit() {
        let mut track = Track::new(TrackerId(7), 4);
        assert!(!track.take(vec![row(-5, 1.0), row(-1, 1.0)]).unwrap());
        assert_eq!(track.wanted(), 2);
        assert!(!track.take(vec![]).unwrap(), "an expired day adds nothing");
        assert!(
            track
                .take(vec![row(0, 1.0), row(5, 1.0), row(9, 1.0)])
                .unwrap()
        );
        assert_eq!(times(&track), [-5, -1, 0, 5]);
        assert!(track.points.iter().all(|p| p.tracker == TrackerId(7)));
    }

    #[test]
    fn an_unlimited_read_takes_everything() {
        let mut track = Track::new(TrackerId(7), usize::MAX);
        assert!(!track.take((0..100).map(|t| row(t, 1.0)).collect()).unwrap());
        assert_eq!(track.points.len(), 100);
    }

    #[test]
    fn a_row_without_body_is_corrupt() {
        let mut track = Track::new(TrackerId(7), 10);
        assert!(matches!(
            track.take(vec![(5, None)]),
            Err(StoreError::Corrupt(_))
        ));
    }
}
