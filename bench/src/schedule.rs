//! When one device sends.
//!
//! A device's slots are a fixed interval apart, each moved by up to ±5 % of
//! the interval so a fleet does not send in lockstep. The schedule is open
//! loop: slots do not wait for acks. A device that is still waiting for an
//! ack (or reconnecting) when a slot comes sends as soon as it is free and
//! counts the slot as late; slots it missed entirely are skipped and counted,
//! never queued, so the simulator's memory does not grow with the gateway's lag.

use std::time::Duration;

use tokio::time::Instant;

use crate::rng::Rng;
use crate::stats::Counts;

/// A device's send slots: `interval` apart from `first`, each jittered.
#[derive(Debug, Clone)]
pub struct Schedule {
    slot: Instant,
    interval: Duration,
}

impl Schedule {
    /// Slots from `first` on, `interval` apart.
    pub fn new(first: Instant, interval: Duration) -> Self {
        Self {
            slot: first,
            interval,
        }
    }

    /// Moves past every slot before `now`, without counting them.
    pub fn skip_past(&mut self, now: Instant) {
        if self.slot < now {
            let interval_ns = self.interval.as_nanos().max(1);
            let n = (now - self.slot).as_nanos() / interval_ns + 1;
            self.slot += Duration::from_nanos(u64::try_from(n * interval_ns).unwrap_or(u64::MAX));
        }
    }

    /// Counts every slot before `end` not yet taken as skipped: the run is
    /// over and the device never got to send them.
    pub fn skip_until(&mut self, end: Instant, counts: &Counts) {
        if self.slot < end {
            let interval_ns = self.interval.as_nanos().max(1);
            let n = (end - self.slot).as_nanos().div_ceil(interval_ns);
            Counts::add(&counts.skipped_slots, u64::try_from(n).unwrap_or(u64::MAX));
            self.slot += Duration::from_nanos(u64::try_from(n * interval_ns).unwrap_or(u64::MAX));
        }
    }

    /// When to send next, given that the device is free at `now`.
    ///
    /// A slot already past is sent now and counted in `late_sends`; further
    /// slots already past are dropped and counted in `skipped_slots`.
    pub fn next(&mut self, now: Instant, rng: &mut Rng, counts: &Counts) -> Instant {
        let jitter = self.interval.mul_f64(rng.range(0.0, 0.1));
        let at = (self.slot + jitter)
            .checked_sub(self.interval / 20)
            .unwrap_or(self.slot);
        self.slot += self.interval;
        if at >= now {
            return at;
        }
        Counts::bump(&counts.late_sends);
        let missed_before = self.slot;
        self.skip_past(now);
        let skipped = (self.slot - missed_before).as_nanos() / self.interval.as_nanos().max(1);
        Counts::add(&counts.skipped_slots, skipped as u64);
        now
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::Ordering;

    const SECOND: Duration = Duration::from_secs(1);

    #[test]
    fn on_time_slots_are_jittered_within_five_percent() {
        let start = Instant::now();
        let mut s = Schedule::new(start + SECOND, SECOND);
        let mut rng = Rng::new(1);
        let counts = Counts::default();
        for n in 1..=100u32 {
            let at = s.next(start, &mut rng, &counts);
            let slot = start + SECOND * n;
            let early = slot.saturating_duration_since(at);
            let late = at.saturating_duration_since(slot);
            assert!(
                early.max(late) <= SECOND / 20,
                "slot {n}: {at:?} vs {slot:?}"
            );
        }
        assert_eq!(counts.late_sends.load(Ordering::Relaxed), 0);
        assert_eq!(counts.skipped_slots.load(Ordering::Relaxed), 0);
    }

    #[test]
    fn a_device_behind_sends_now_and_skips_what_it_missed() {
        let start = Instant::now();
        let mut s = Schedule::new(start, SECOND);
        let mut rng = Rng::new(2);
        let counts = Counts::default();
        // Free again 3.5 slots late: slot 0 is sent now, slots 1..=3 are gone.
        let now = start + SECOND * 7 / 2;
        assert_eq!(s.next(now, &mut rng, &counts), now);
        assert_eq!(counts.late_sends.load(Ordering::Relaxed), 1);
        assert_eq!(counts.skipped_slots.load(Ordering::Relaxed), 3);
        // The next slot is slot 4, in the future.
        let next = s.next(now, &mut rng, &counts);
        assert!(next > now && next <= start + SECOND * 4 + SECOND / 20);
        assert_eq!(counts.late_sends.load(Ordering::Relaxed), 1);
    }

    #[test]
    fn slots_left_at_the_end_are_skipped() {
        let start = Instant::now();
        let mut s = Schedule::new(start, SECOND);
        let counts = Counts::default();
        s.next(start, &mut Rng::new(4), &counts);
        // Slots 1..=9 fall before 9.5 s.
        s.skip_until(start + SECOND * 19 / 2, &counts);
        assert_eq!(counts.skipped_slots.load(Ordering::Relaxed), 9);
        s.skip_until(start + SECOND * 19 / 2, &counts);
        assert_eq!(counts.skipped_slots.load(Ordering::Relaxed), 9);
    }

    #[test]
    fn skipping_past_the_ramp_is_not_counted() {
        let start = Instant::now();
        let mut s = Schedule::new(start, SECOND);
        s.skip_past(start + SECOND * 5 / 2);
        let counts = Counts::default();
        let at = s.next(start + SECOND * 5 / 2, &mut Rng::new(3), &counts);
        assert!(at >= start + SECOND * 3 - SECOND / 20);
        assert_eq!(counts.late_sends.load(Ordering::Relaxed), 0);
    }
}
