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
//! `users()` listing): the work of a periodic job, not of a request.
//!
//! The owners' retention is read through the store's own ports (tracker
//! → owner → plan) and cached in [`Caches`] for a minute, so a commit of
//! many points reads each at most once a minute.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use trackgate_store::{
    AccountStore, BillingPlan, OperatorStore, PlanId, StoreError, TrackerId, UserId,
};

use super::points::{DAY_MS, day_of, tracker_key};
use crate::ScyllaStore;
use crate::db::Db;
use crate::values::{Writes, big, int, ttl_until};

/// How long a point that arrives already past its owner's history is
/// kept, in seconds.
pub(super) const GRACE_S: i64 = 3_600;

/// How long a cached owner, plan or retention is believed.
const CACHE_FOR: Duration = Duration::from_secs(60);

/// Entries each cache holds at most.
const CACHE_ENTRIES: usize = 100_000;

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

/// A map whose entries are believed for a while, and which never holds
/// more than its capacity (full, it forgets what expired, then all).
#[derive(Debug)]
pub(super) struct Expiring<K, V> {
    entries: HashMap<K, (V, Instant)>,
    capacity: usize,
    keep: Duration,
}

impl<K: Eq + Hash, V: Clone> Expiring<K, V> {
    pub(super) fn new(capacity: usize, keep: Duration) -> Self {
        Self {
            entries: HashMap::new(),
            capacity: capacity.max(1),
            keep,
        }
    }

    /// The value of `key`, if cached less than `keep` before `now`.
    pub(super) fn get(&self, key: &K, now: Instant) -> Option<V> {
        self.entries
            .get(key)
            .filter(|(_, at)| now.saturating_duration_since(*at) < self.keep)
            .map(|(value, _)| value.clone())
    }

    /// Caches `value` for `key` at `now`.
    pub(super) fn insert(&mut self, key: K, value: V, now: Instant) {
        if self.entries.len() >= self.capacity && !self.entries.contains_key(&key) {
            let keep = self.keep;
            self.entries
                .retain(|_, (_, at)| now.saturating_duration_since(*at) < keep);
            if self.entries.len() >= self.capacity {
                self.entries.clear();
            }
        }
        self.entries.insert(key, (value, now));
    }

    /// Forgets `key`.
    pub(super) fn remove(&mut self, key: &K) {
        self.entries.remove(key);
    }

    /// Entries held.
    pub(super) fn len(&self) -> usize {
        self.entries.len()
    }
}

/// What track writes keep in memory between calls: trackers' owners,
/// users' plans and plans' history, each for a minute.
#[derive(Debug)]
pub(crate) struct Caches {
    owners: Mutex<Expiring<TrackerId, Option<UserId>>>,
    plans: Mutex<Expiring<UserId, Option<PlanId>>>,
    history: Mutex<Expiring<PlanId, Option<u32>>>,
}

impl Default for Caches {
    fn default() -> Self {
        Self {
            owners: Mutex::new(Expiring::new(CACHE_ENTRIES, CACHE_FOR)),
            plans: Mutex::new(Expiring::new(CACHE_ENTRIES, CACHE_FOR)),
            history: Mutex::new(Expiring::new(CACHE_ENTRIES, CACHE_FOR)),
        }
    }
}

/// `cache`'s value for `key`, or `read`'s (then cached). The lock is not
/// held while reading.
fn cached<K: Eq + Hash + Copy, V: Clone>(
    cache: &Mutex<Expiring<K, V>>,
    key: K,
    read: impl FnOnce() -> Result<V, StoreError>,
) -> Result<V, StoreError> {
    let now = Instant::now();
    if let Some(value) = cache
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .get(&key, now)
    {
        return Ok(value);
    }
    let value = read()?;
    cache
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .insert(key, value.clone(), now);
    Ok(value)
}

impl Caches {
    /// Forgets a deleted tracker's owner.
    pub(super) fn forget_tracker(&self, tracker: TrackerId) {
        self.owners
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(&tracker);
    }
}

/// The days of history `tracker`'s owner keeps (`None`: all of it).
pub(super) fn history_days(
    store: &ScyllaStore,
    tracker: TrackerId,
) -> Result<Option<u32>, StoreError> {
    let caches = &store.tracks;
    let owner = cached(&caches.owners, tracker, || {
        Ok(store.tracker(tracker)?.and_then(|t| t.owner))
    })?;
    let Some(owner) = owner else {
        return Ok(None);
    };
    let plan = cached(&caches.plans, owner, || {
        Ok(store.user(owner)?.and_then(|u| u.plan))
    })?;
    let Some(plan) = plan else {
        return Ok(None);
    };
    cached(&caches.history, plan, || {
        Ok(store.plan(plan)?.and_then(|p| p.history_days))
    })
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
    fn cached_values_expire_and_the_cache_stays_bounded() {
        let start = Instant::now();
        let mut cache: Expiring<u64, Option<u32>> = Expiring::new(3, Duration::from_secs(60));
        cache.insert(1, Some(7), start);
        cache.insert(2, None, start);
        assert_eq!(
            cache.get(&1, start + Duration::from_secs(59)),
            Some(Some(7))
        );
        assert_eq!(
            cache.get(&2, start),
            Some(None),
            "an absent plan is cached too"
        );
        assert_eq!(
            cache.get(&1, start + Duration::from_secs(60)),
            None,
            "expired"
        );
        assert_eq!(cache.get(&3, start), None);

        cache.insert(3, Some(1), start + Duration::from_secs(61));
        assert_eq!(cache.len(), 3);
        // Full: the two expired entries go, the fresh one stays.
        cache.insert(4, Some(2), start + Duration::from_secs(62));
        assert_eq!(cache.len(), 2);
        assert_eq!(
            cache.get(&3, start + Duration::from_secs(62)),
            Some(Some(1))
        );
        // Full of fresh entries: everything goes.
        cache.insert(5, None, start + Duration::from_secs(63));
        cache.insert(6, None, start + Duration::from_secs(63));
        assert_eq!(cache.len(), 1);
        assert_eq!(cache.get(&6, start + Duration::from_secs(63)), Some(None));
        // Overwriting a key never evicts.
        cache.insert(6, Some(9), start + Duration::from_secs(64));
        assert_eq!(cache.len(), 1);
        cache.remove(&6);
        assert_eq!(cache.len(), 0);
    }

    #[test]
    fn a_cached_value_is_read_once() {
        let cache = Mutex::new(Expiring::new(10, Duration::from_secs(60)));
        let mut reads = 0;
        for _ in 0..3 {
            let value = cached(&cache, 1_u64, || {
                reads += 1;
                Ok(Some(5_u32))
            })
            .unwrap();
            assert_eq!(value, Some(5));
        }
        assert_eq!(reads, 1);
        let failed = cached(&cache, 2_u64, || Err(StoreError::engine_state("down")));
        assert!(failed.is_err());
        assert_eq!(
            cache.lock().unwrap().len(),
            1,
            "a failed read is not cached"
        );
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
