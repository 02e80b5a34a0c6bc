//! What the simulated devices count while a run is going on.
//!
//! Devices share one [`Stats`]: counters are atomics, and the two latency
//! histograms sit behind mutexes. A record into an HDR histogram takes a few
//! nanoseconds, so on the small machines this runs on the lock is not what
//! limits a run; per-device histograms would cost kilobytes per device.

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use hdrhistogram::Histogram;
use serde::{Deserialize, Serialize};

/// Latencies above this (in µs) are recorded as this.
const MAX_TRACKABLE_US: u64 = 600_000_000;

/// Counters and histograms shared by every device of a run.
#[derive(Debug)]
pub struct Stats {
    /// Send of an AVL packet to its exact acknowledgement.
    pub ack_latency: Latency,
    /// Connect start to the `01` reply to the IMEI.
    pub login_latency: Latency,
    /// Every counter, by name.
    pub counts: Counts,
}

impl Stats {
    /// Empty statistics.
    pub fn new() -> Self {
        Self {
            ack_latency: Latency::new(),
            login_latency: Latency::new(),
            counts: Counts::default(),
        }
    }
}

impl Default for Stats {
    fn default() -> Self {
        Self::new()
    }
}

impl Default for Latency {
    fn default() -> Self {
        Self::new()
    }
}

/// An HDR histogram of microseconds, shared.
#[derive(Debug)]
pub struct Latency(Mutex<Histogram<u64>>);

impl Latency {
    /// An empty histogram.
    pub fn new() -> Self {
        // Three significant digits: p99.9 is exact to 0.1 %.
        let h = Histogram::new_with_bounds(1, MAX_TRACKABLE_US, 3).expect("valid bounds");
        Self(Mutex::new(h))
    }

    /// Records one latency.
    pub fn record(&self, latency: Duration) {
        let us = u64::try_from(latency.as_micros()).unwrap_or(u64::MAX);
        let mut h = self.0.lock().unwrap_or_else(|e| e.into_inner());
        h.saturating_record(us.max(1));
    }

    /// The percentiles recorded so far.
    pub fn summary(&self) -> LatencySummary {
        let h = self.0.lock().unwrap_or_else(|e| e.into_inner());
        LatencySummary::of(&h)
    }

    /// The latency at each of [`LADDER`]'s percentiles (empty if none recorded).
    pub fn ladder(&self) -> Vec<Percentile> {
        let h = self.0.lock().unwrap_or_else(|e| e.into_inner());
        ladder(&h)
    }
}

/// The percentiles a latency ladder shows, from the median to the maximum.
pub const LADDER: [f64; 8] = [50.0, 75.0, 90.0, 95.0, 99.0, 99.9, 99.99, 100.0];

/// One rung of a latency ladder.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Percentile {
    /// The percentile, 0..=100 (100 is the maximum).
    pub percentile: f64,
    /// The latency at it, in microseconds.
    pub us: u64,
}

/// `h` at each of [`LADDER`]'s percentiles.
pub fn ladder(h: &Histogram<u64>) -> Vec<Percentile> {
    if h.is_empty() {
        return Vec::new();
    }
    LADDER
        .iter()
        .map(|&percentile| Percentile {
            percentile,
            us: if percentile >= 100.0 {
                h.max()
            } else {
                h.value_at_quantile(percentile / 100.0)
            },
        })
        .collect()
}

/// The headline percentiles of a latency histogram, in microseconds.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct LatencySummary {
    /// How many latencies were recorded.
    pub count: u64,
    /// Mean.
    pub mean_us: f64,
    /// Median.
    pub p50_us: u64,
    /// 99th percentile.
    pub p99_us: u64,
    /// 99.9th percentile.
    pub p999_us: u64,
    /// Largest.
    pub max_us: u64,
}

impl LatencySummary {
    /// The summary of `h` (all zero when it is empty).
    pub fn of(h: &Histogram<u64>) -> Self {
        if h.is_empty() {
            return Self::default();
        }
        Self {
            count: h.len(),
            mean_us: h.mean(),
            p50_us: h.value_at_quantile(0.50),
            p99_us: h.value_at_quantile(0.99),
            p999_us: h.value_at_quantile(0.999),
            max_us: h.max(),
        }
    }
}

/// Defines [`Counts`] and its plain snapshot [`Totals`] from one list.
macro_rules! counters {
    ($($(#[$doc:meta])* $name:ident,)*) => {
        /// Live counters, incremented by devices.
        #[derive(Debug, Default)]
        pub struct Counts {
            $($(#[$doc])* pub $name: AtomicU64,)*
        }

        /// The counters' values at one moment.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
        pub struct Totals {
            $($(#[$doc])* pub $name: u64,)*
        }

        impl Counts {
            /// The values now.
            pub fn totals(&self) -> Totals {
                Totals { $($name: self.$name.load(Ordering::Relaxed),)* }
            }
        }
    };
}

counters! {
    /// TCP connections attempted (each gets the next source address).
    connect_attempts,
    /// Connections that failed or timed out before the socket was up.
    connect_errors,
    /// Logins answered `01`.
    sessions,
    /// Devices whose first login succeeded (the ramp).
    initial_sessions,
    /// Logins answered `00`.
    login_refused,
    /// Replies (to a login or a packet) other than the exact bytes expected.
    mismatched_replies,
    /// Replies that did not arrive within the reply timeout.
    timeouts,
    /// Connections closed or reset by the gateway, or other socket errors.
    io_errors,
    /// Connection attempts after a device's first (after a lost session
    /// or a failed attempt), each after a backoff.
    reconnects,
    /// Schedule slots the device could not meet on time because it was
    /// still waiting for an ack or reconnecting; it sent late instead.
    late_sends,
    /// Slots never sent: dropped because the device was more than one slot
    /// behind, or still pending when the run ended.
    skipped_slots,
    /// AVL packets written (retransmissions included).
    packets_sent,
    /// AVL packets acknowledged with the exact record count.
    packets_acked,
    /// Records in acknowledged packets.
    records_acked,
    /// Packets still unacknowledged when the run ended.
    unacked_at_end,
}

impl Counts {
    /// Adds one to `counter`.
    pub fn bump(counter: &AtomicU64) {
        counter.fetch_add(1, Ordering::Relaxed);
    }

    /// Adds `n` to `counter`.
    pub fn add(counter: &AtomicU64, n: u64) {
        counter.fetch_add(n, Ordering::Relaxed);
    }
}

impl Totals {
    /// Every failure kind added up: what should be zero in a clean run.
    pub fn failures(&self) -> u64 {
        self.connect_errors
            + self.login_refused
            + self.mismatched_replies
            + self.timeouts
            + self.io_errors
            + self.unacked_at_end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_of_a_known_distribution() {
        let stats = Stats::new();
        for us in 1..=10_000u64 {
            stats.ack_latency.record(Duration::from_micros(us));
        }
        let s = stats.ack_latency.summary();
        assert_eq!(s.count, 10_000);
        // Three significant digits: within 0.1 % of the exact quantile.
        assert!(s.p50_us.abs_diff(5_000) <= 5, "{s:?}");
        assert!(s.p99_us.abs_diff(9_900) <= 10, "{s:?}");
        assert!(s.p999_us.abs_diff(9_990) <= 10, "{s:?}");
        assert!(s.max_us.abs_diff(10_000) <= 10, "{s:?}");
        assert!((s.mean_us - 5_000.5).abs() < 5.0, "{s:?}");
    }

    #[test]
    fn ladder_climbs_to_the_maximum() {
        let stats = Stats::new();
        for us in 1..=100_000u64 {
            stats.ack_latency.record(Duration::from_micros(us));
        }
        let ladder = stats.ack_latency.ladder();
        assert_eq!(ladder.len(), LADDER.len());
        assert!(ladder.windows(2).all(|w| w[0].us <= w[1].us), "{ladder:?}");
        assert!(ladder[2].us.abs_diff(90_000) <= 90, "{ladder:?}");
        assert!(ladder[6].us.abs_diff(99_990) <= 100, "{ladder:?}");
        assert!(ladder[7].us.abs_diff(100_000) <= 100, "{ladder:?}");
        assert!(Stats::new().ack_latency.ladder().is_empty());
    }

    #[test]
    fn empty_histogram_summarises_as_zero() {
        assert_eq!(
            Stats::new().login_latency.summary(),
            LatencySummary::default()
        );
    }

    #[test]
    fn huge_latencies_saturate_instead_of_panicking() {
        let stats = Stats::new();
        stats.ack_latency.record(Duration::from_secs(100_000));
        assert_eq!(stats.ack_latency.summary().count, 1);
    }

    #[test]
    fn failures_add_up() {
        let counts = Counts::default();
        Counts::bump(&counts.timeouts);
        Counts::add(&counts.io_errors, 2);
        Counts::add(&counts.records_acked, 100);
        let t = counts.totals();
        assert_eq!(t.failures(), 3);
        assert_eq!(t.records_acked, 100);
    }
}
