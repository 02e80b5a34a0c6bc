//! History retention: how long a point is kept, and the purge.
//!
//! A point is written with a time to live that ends when it leaves its
//! owner's history: fix time + the plan's `history_days`, counted from the
//! moment of writing ([`point_ttl`]); a point already past its history
//! when it arrives is kept [`GRACE_S`] (as long as the embedded store keeps
//! it until its hourly sweep), and a tracker without owner, an owner
//! without plan, or a plan that keeps everything, writes no time to live.
//! The cluster then drops expired points on its own, whole files at a
//! time (TimeWindowCompactionStrategy).
//!
//! A time to live is fixed when the point is written, so
//! [`purge_history`] still does what the port says, for what the times to
//! live did not cover (a plan whose history was shortened, a tracker that
//! moved to an account that keeps less): for every account on a plan
//! with limited history, for each of its trackers (clones have no points),
//! it visits the days in `track_days` up to the horizon, counts the live
//! points before it, and deletes them: a whole day partition (and its
//! `track_days` row) when the day lies wholly before the horizon, the
//! rows before it in the horizon's own day. Days that expired by their
//! time to live cost one empty read, once. It walks every user (the
//! `users()` listing): the work of a periodic job, not of a request. The
//! adapter runs no such job itself: the times to live do the routine work.
//! Several nodes purging at once delete the same rows, harmlessly, and
//! may each count them.
//!
//! The other way round, nothing brings back what a time to live took: a
//! plan whose history is lengthened (or a tracker moved to an account that
//! keeps more) keeps the points written before only as long as the
//! history was when they were written.
//!
//! The owners' retention is read through the store's own ports and cached
//! (`caches`).

use std::collections::HashMap;

use trackgate_store::{AccountStore, BillingPlan, OperatorStore, PlanId, StoreError, TrackerId};

use super::points::{DAY_MS, day_of, tracker_key};
use crate::ScyllaStore;
use crate::db::Db;
use crate::values::{Writes, big, int, ttl_until};

/// How long a point that arrives already past its owner's history is
/// kept, in seconds.
pub(super) const GRACE_S: i64 = 3_600;

/// The time to live, in seconds, of a point with fix time `fix_time_ms`
/// written at `now_ms` for an owner keeping `history_days` (`None`: all
/// history); 0 for none.
pub(super) fn point_ttl(fix_time_ms: i64, history_days: Option<u32>, now_ms: i64) -> i32 {
    let Some(days) = history_days else {
        return 0;
    };
    let leaves_ms = fix_time_ms.saturating_add(i64::from(days).saturating_mul(DAY_MS));
    ttl_until(leaves_ms, now_ms, GRACE_S)
}

/// What the purge does with one day partition before `horizon`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum DayPurge {
    /// Every point of the day is before the horizon: the partition and its
    /// `track_days` row go.
    Whole(i32),
    /// The horizon's own day: its points before the horizon go.
    Before(i32),
}

/// What to do with each of `days` (ascending, from `track_days`) so that
/// no point before `horizon` stays.
pub(super) fn plan_purge(days: &[i32], horizon: i64) -> Vec<DayPurge> {
    let Some(last) = horizon.checked_sub(1) else {
        return Vec::new();
    };
    let horizon_day = day_of(horizon);
    days.iter()
        .copied()
        .filter(|day| *day <= day_of(last))
        .map(|day| {
            if day < horizon_day {
                DayPurge::Whole(day)
            } else {
                DayPurge::Before(day)
            }
        })
        .collect()
}

/// Removes the points older than their owner's plan keeps at `now_ms`;
/// how many. See the module docs.
pub(crate) fn purge_history(store: &ScyllaStore, now_ms: i64) -> Result<u64, StoreError> {
    // Whole days go: which day rows exist is read again from now on.
    store.tracks.forget_days();
    let plans: HashMap<PlanId, BillingPlan> = store
        .plans()?
        .into_iter()
        .filter(|plan| plan.history_days.is_some())
        .map(|plan| (plan.id, plan))
        .collect();
    if plans.is_empty() {
        return Ok(0);
    }
    let mut removed = 0;
    for user in store.users()? {
        let Some(horizon) = user
            .plan
            .and_then(|plan| plans.get(&plan))
            .and_then(|plan| plan.history_starts(now_ms))
        else {
            continue;
        };
        for tracker in store.user_trackers(user.id)? {
            // A clone has no points of its own.
            if tracker.clone_of.is_none() {
                removed += purge_before(store.db(), tracker.id, horizon)?;
            }
        }
    }
    Ok(removed)
}

/// Deletes `tracker`'s points with a fix time before `horizon`; how many.
fn purge_before(db: &Db, tracker: TrackerId, horizon: i64) -> Result<u64, StoreError> {
    let Some(last) = horizon.checked_sub(1) else {
        return Ok(0);
    };
    let id = tracker_key(tracker);
    let days: Vec<(i32,)> = db.query("track_days.until", (id, day_of(last)))?;
    let days: Vec<i32> = days.into_iter().map(|(day,)| day).collect();
    let mut removed = 0;
    for step in plan_purge(&days, horizon) {
        let day = match step {
            DayPurge::Whole(day) | DayPurge::Before(day) => day,
        };
        let count: Option<(i64,)> = db.query_one("points.count_before", (id, day, horizon))?;
        let count = count.map_or(0, |(n,)| u64::try_from(n).unwrap_or(0));
        let mut writes = Writes::new();
        match step {
            DayPurge::Whole(_) => {
                writes.push("points.delete_day", vec![big(id), int(day)]);
                writes.push("track_days.delete", vec![big(id), int(day)]);
            }
            DayPurge::Before(_) if count > 0 => {
                writes.push(
                    "points.delete_before",
                    vec![big(id), int(day), big(horizon)],
                );
            }
            DayPurge::Before(_) => {}
        }
        writes.run(db)?;
        removed += count;
    }
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_700_000_000_000;

    #[test]
    fn points_live_until_they_leave_their_owners_history() {
        assert_eq!(point_ttl(NOW, None, NOW), 0, "all history: no time to live");
        assert_eq!(point_ttl(NOW, Some(7), NOW), 7 * 86_400);
        assert_eq!(point_ttl(NOW - DAY_MS, Some(7), NOW), 6 * 86_400);
        assert_eq!(point_ttl(NOW + 500, Some(1), NOW), 86_401, "rounded up");
    }

    #[test]
    fn a_point_already_past_its_history_is_kept_for_the_grace() {
        assert_eq!(point_ttl(NOW - 30 * DAY_MS, Some(7), NOW), 3_600);
        assert_eq!(point_ttl(i64::MIN, Some(7), NOW), 3_600);
        assert_eq!(point_ttl(NOW - 7 * DAY_MS + 60_000, Some(7), NOW), 3_600);
        assert_eq!(
            point_ttl(NOW, Some(0), NOW),
            3_600,
            "a plan keeping no days"
        );
    }

    #[test]
    fn a_history_longer_than_a_cluster_keeps_writes_no_time_to_live() {
        assert_eq!(point_ttl(NOW, Some(u32::MAX), NOW), 0);
        assert_eq!(point_ttl(i64::MAX, Some(1), NOW), 0);
        assert_eq!(point_ttl(NOW, Some(7_300), NOW), 630_720_000);
        assert_eq!(point_ttl(NOW, Some(7_301), NOW), 0);
    }

    #[test]
    fn the_purge_takes_whole_days_before_the_horizons_day() {
        // Horizon in the middle of day 10.
        let horizon = 10 * DAY_MS + 5_000;
        assert_eq!(
            plan_purge(&[-3, 8, 9, 10, 11], horizon),
            [
                DayPurge::Whole(-3),
                DayPurge::Whole(8),
                DayPurge::Whole(9),
                DayPurge::Before(10)
            ]
        );
        // Horizon at the first instant of day 10: day 10 holds nothing before it.
        assert_eq!(plan_purge(&[9, 10], 10 * DAY_MS), [DayPurge::Whole(9)]);
        assert!(
            plan_purge(&[1, 2], i64::MIN).is_empty(),
            "nothing is before i64::MIN"
        );
        assert!(plan_purge(&[], horizon).is_empty());
        // Clamped days: the first partition holds everything before ±5.8 My.
        assert_eq!(
            plan_purge(&[i32::MIN], horizon),
            [DayPurge::Whole(i32::MIN)]
        );
    }
}
