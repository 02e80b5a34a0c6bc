//! What track writes keep in memory between calls: the owners' retention,
//! and the day rows already written.
//!
//! A point's time to live needs its tracker's owner's plan's history
//! (tracker → owner → plan → `history_days`), read through the store's own
//! ports. Each step is cached for a minute ([`CACHE_FOR`]), in maps of at
//! most [`CACHE_ENTRIES`] entries, so a commit of many points reads each
//! owner and plan at most once a minute, and a changed owner or plan is
//! seen within a minute.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use trackgate_store::{AccountStore, OperatorStore, PlanId, StoreError, TrackerId, UserId};

use crate::ScyllaStore;

/// How long a cached owner, plan or retention is believed.
const CACHE_FOR: Duration = Duration::from_secs(60);

/// Entries each cache holds at most.
const CACHE_ENTRIES: usize = 100_000;

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

    /// Forgets everything.
    pub(super) fn clear(&mut self) {
        self.entries.clear();
    }

    /// Forgets `key`.
    pub(super) fn remove(&mut self, key: &K) {
        self.entries.remove(key);
    }

    /// Entries held.
    #[cfg(test)]
    pub(super) fn len(&self) -> usize {
        self.entries.len()
    }
}

/// How long a `track_days` row this node wrote is believed to be there.
const DAYS_FOR: Duration = Duration::from_secs(3_600);

/// `(tracker, day)` pairs remembered as written, at most.
const DAYS_ENTRIES: usize = 500_000;

/// What track writes keep in memory between calls: trackers' owners,
/// users' plans and plans' history, each for a minute; and the
/// `track_days` rows written within the hour, so a commit writes a
/// tracker's day row once, not with every point.
#[derive(Debug)]
pub(crate) struct Caches {
    owners: Mutex<Expiring<TrackerId, Option<UserId>>>,
    plans: Mutex<Expiring<UserId, Option<PlanId>>>,
    history: Mutex<Expiring<PlanId, Option<u32>>>,
    days: Mutex<Expiring<(TrackerId, i32), ()>>,
}

impl Default for Caches {
    fn default() -> Self {
        Self {
            owners: Mutex::new(Expiring::new(CACHE_ENTRIES, CACHE_FOR)),
            plans: Mutex::new(Expiring::new(CACHE_ENTRIES, CACHE_FOR)),
            history: Mutex::new(Expiring::new(CACHE_ENTRIES, CACHE_FOR)),
            days: Mutex::new(Expiring::new(DAYS_ENTRIES, DAYS_FOR)),
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
    /// Forgets a deleted tracker's owner, and every day row remembered
    /// (they may be gone).
    pub(super) fn forget_tracker(&self, tracker: TrackerId) {
        self.owners
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(&tracker);
        self.forget_days();
    }

    /// Forgets which day rows were written (a purge or a deletion removes some).
    pub(super) fn forget_days(&self) {
        self.days
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clear();
    }

    /// Of `days`, those not known to be written within the hour.
    pub(super) fn unwritten_days(&self, days: &[(TrackerId, i32)]) -> Vec<(TrackerId, i32)> {
        let now = Instant::now();
        let known = self.days.lock().unwrap_or_else(PoisonError::into_inner);
        days.iter()
            .copied()
            .filter(|day| known.get(day, now).is_none())
            .collect()
    }

    /// Remembers `days` as written.
    pub(super) fn days_written(&self, days: &[(TrackerId, i32)]) {
        let now = Instant::now();
        let mut known = self.days.lock().unwrap_or_else(PoisonError::into_inner);
        for day in days {
            known.insert(*day, (), now);
        }
    }
}

/// The days of history `tracker`'s owner keeps (`None`: all of it).
pub(crate) fn history_days(
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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn a_day_row_is_written_once_until_forgotten() {
        let caches = Caches::default();
        let days = [(TrackerId(1), 20_000), (TrackerId(2), 20_000)];
        assert_eq!(caches.unwritten_days(&days), days.to_vec());
        caches.days_written(&days[..1]);
        assert_eq!(caches.unwritten_days(&days), vec![(TrackerId(2), 20_000)]);
        caches.forget_days();
        assert_eq!(caches.unwritten_days(&days), days.to_vec());
        caches.days_written(&days);
        caches.forget_tracker(TrackerId(2));
        assert_eq!(
            caches.unwritten_days(&days).len(),
            2,
            "a deletion forgets every day row"
        );
    }
}
