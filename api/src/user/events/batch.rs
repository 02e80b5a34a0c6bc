//! `state_batch` pacing: changes of many trackers gathered, each tracker
//! kept once with its newest state, and sent at most once per `rate_limit`.
//!
//! The batcher holds no timer: the connection asks [`Batcher::due`] when the
//! next batch may go and sleeps until then, so tests drive it with their own
//! instants.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

/// Pending changes, by tracker, and when the last batch went out.
#[derive(Debug)]
pub struct Batcher<T> {
    interval: Duration,
    pending: BTreeMap<u64, T>,
    last_sent: Option<Instant>,
}

impl<T> Batcher<T> {
    /// A batcher sending at most one batch per `interval`.
    pub fn new(interval: Duration) -> Self {
        Self {
            interval,
            pending: BTreeMap::new(),
            last_sent: None,
        }
    }

    /// Changes the pace (a new subscription's `rate_limit`).
    pub fn set_interval(&mut self, interval: Duration) {
        self.interval = interval;
    }

    /// Records a change of `tracker`; an older pending one is replaced.
    pub fn add(&mut self, tracker: u64, item: T) {
        self.pending.insert(tracker, item);
    }

    /// Forgets a pending change of `tracker` (it is no longer watched).
    pub fn remove(&mut self, tracker: u64) {
        self.pending.remove(&tracker);
    }

    /// How many trackers have a pending change.
    pub fn len(&self) -> usize {
        self.pending.len()
    }

    /// Whether no change is pending.
    pub fn is_empty(&self) -> bool {
        self.pending.is_empty()
    }

    /// When the pending changes may go: `None` when there are none, else
    /// one interval after the last batch (at once if none went yet).
    pub fn due(&self, now: Instant) -> Option<Instant> {
        if self.pending.is_empty() {
            return None;
        }
        Some(match self.last_sent {
            Some(last) => (last + self.interval).max(now),
            None => now,
        })
    }

    /// The pending changes, by tracker id, if they may go at `now`; empty otherwise.
    pub fn take(&mut self, now: Instant) -> Vec<(u64, T)> {
        if self.due(now).is_none_or(|due| due > now) {
            return Vec::new();
        }
        self.last_sent = Some(now);
        std::mem::take(&mut self.pending).into_iter().collect()
    }

    /// Records that a batch went out at `now` by another way (the one
    /// every subscription starts with), so the next waits an interval.
    pub fn sent(&mut self, now: Instant) {
        self.last_sent = Some(now);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECOND: Duration = Duration::from_secs(1);

    #[test]
    fn changes_within_an_interval_go_as_one_batch_of_newest_states() {
        let t0 = Instant::now();
        let mut batcher = Batcher::new(5 * SECOND);
        batcher.sent(t0);
        batcher.add(2, "two, first");
        batcher.add(1, "one");
        batcher.add(2, "two, newest");
        assert_eq!(batcher.due(t0 + SECOND), Some(t0 + 5 * SECOND));
        assert!(
            batcher.take(t0 + 4 * SECOND).is_empty(),
            "not before the interval"
        );
        assert_eq!(batcher.len(), 2);
        let batch = batcher.take(t0 + 5 * SECOND);
        assert_eq!(batch, vec![(1, "one"), (2, "two, newest")]);
        assert!(batcher.is_empty());
        assert_eq!(
            batcher.due(t0 + 6 * SECOND),
            None,
            "nothing pending, nothing due"
        );
    }

    #[test]
    fn at_most_one_batch_per_interval_and_no_wait_after_a_quiet_one() {
        let t0 = Instant::now();
        let mut batcher = Batcher::new(2 * SECOND);
        batcher.add(1, 'a');
        assert_eq!(
            batcher.take(t0),
            vec![(1, 'a')],
            "the first batch goes at once"
        );
        batcher.add(1, 'b');
        assert!(batcher.take(t0 + SECOND).is_empty());
        assert_eq!(batcher.take(t0 + 2 * SECOND), vec![(1, 'b')]);
        // Quiet for longer than the interval: the next change is due at once.
        batcher.add(3, 'c');
        let later = t0 + 10 * SECOND;
        assert_eq!(batcher.due(later), Some(later));
        assert_eq!(batcher.take(later), vec![(3, 'c')]);
    }

    #[test]
    fn a_removed_tracker_is_not_sent_and_the_pace_can_change() {
        let t0 = Instant::now();
        let mut batcher = Batcher::new(SECOND);
        batcher.sent(t0);
        batcher.add(1, ());
        batcher.add(2, ());
        batcher.remove(1);
        batcher.set_interval(3 * SECOND);
        assert_eq!(batcher.due(t0), Some(t0 + 3 * SECOND));
        assert_eq!(batcher.take(t0 + 3 * SECOND), vec![(2, ())]);
    }
}
