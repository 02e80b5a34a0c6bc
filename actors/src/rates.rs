//! How many of something happened over the last minute, for the Server
//! API's node status (records received per second).
//!
//! Sixty one-second buckets, each tagged with the second it counts: adding
//! to a bucket whose tag is an older second starts it afresh, and a sum
//! skips buckets older than the minute. Lock-free; two threads starting
//! one bucket afresh at the same instant may lose a few counts between
//! them, which a rate shown to an operator can afford.

use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};

/// Seconds the rate looks back.
pub const WINDOW_SECS: i64 = 60;

/// Counts over the last [`WINDOW_SECS`] seconds, and in total.
#[derive(Debug)]
pub struct Rate {
    counts: [AtomicU64; WINDOW_SECS as usize],
    seconds: [AtomicI64; WINDOW_SECS as usize],
    total: AtomicU64,
}

impl Default for Rate {
    fn default() -> Self {
        Self {
            counts: std::array::from_fn(|_| AtomicU64::new(0)),
            seconds: std::array::from_fn(|_| AtomicI64::new(i64::MIN)),
            total: AtomicU64::new(0),
        }
    }
}

impl Rate {
    /// Counts `n` at `now_ms` (ms since the epoch).
    pub fn add(&self, n: u64, now_ms: i64) {
        let second = now_ms.div_euclid(1000);
        let slot = usize::try_from(second.rem_euclid(WINDOW_SECS)).unwrap_or(0);
        let tag = &self.seconds[slot];
        let seen = tag.load(Ordering::Acquire);
        if seen != second
            && tag
                .compare_exchange(seen, second, Ordering::AcqRel, Ordering::Acquire)
                .is_ok()
        {
            self.counts[slot].store(0, Ordering::Release);
        }
        self.counts[slot].fetch_add(n, Ordering::AcqRel);
        self.total.fetch_add(n, Ordering::Relaxed);
    }

    /// How many were counted in the [`WINDOW_SECS`] seconds before `now_ms`
    /// (the current second included).
    pub fn last_minute(&self, now_ms: i64) -> u64 {
        let now = now_ms.div_euclid(1000);
        (0..self.counts.len())
            .filter(|&slot| {
                let second = self.seconds[slot].load(Ordering::Acquire);
                second <= now && now.saturating_sub(second) < WINDOW_SECS
            })
            .map(|slot| self.counts[slot].load(Ordering::Acquire))
            .sum()
    }

    /// How many were ever counted.
    pub fn total(&self) -> u64 {
        self.total.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_leave_the_window_as_it_moves() {
        let rate = Rate::default();
        let t0 = 1_700_000_000_000;
        rate.add(5, t0);
        rate.add(2, t0 + 500);
        rate.add(3, t0 + 30_000);
        assert_eq!(rate.last_minute(t0 + 30_000), 10);
        assert_eq!(rate.last_minute(t0 + 59_999), 10);
        assert_eq!(rate.last_minute(t0 + 60_000), 3, "the first second left");
        // Sixty seconds later the first bucket counts afresh.
        rate.add(1, t0 + 60_000);
        assert_eq!(rate.last_minute(t0 + 60_000), 4);
        assert_eq!(rate.last_minute(t0 + 200_000), 0);
        assert_eq!(rate.total(), 11);
    }
}
