//! What each simulated device sent, and when: the other half of a push delay.
//!
//! A device notes every packet it writes: the fix time (whole seconds, as
//! push events write times) and position of the packet's newest record,
//! with the instant it started writing. A pushed state names its tracker,
//! its gps `updated` time and its position; [`SentLog::find`] looks up the
//! packet that carried it. Two packets of one device may fall in the same
//! second, so among those the one whose position is nearest is taken (the
//! simulator writes positions to 1e-7°, which most protocols carry exactly).
//!
//! Each device keeps its last [`KEPT`] packets: a state older than that (or
//! one no packet carried, such as a subscription's first state) is not
//! matched and is counted as such instead of being given a delay.

use std::collections::VecDeque;
use std::sync::Mutex;
use std::time::Instant;

/// Packets remembered per device.
pub const KEPT: usize = 64;

/// The newest record of one packet, as a pushed state shows it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fix {
    /// Fix time, whole seconds since the epoch (UTC).
    pub second: i64,
    /// Latitude, degrees.
    pub lat: f64,
    /// Longitude, degrees.
    pub lng: f64,
}

impl Fix {
    /// The fix of a record at `fix_time_ms` and this position.
    pub fn of(fix_time_ms: i64, lat: f64, lng: f64) -> Self {
        Self {
            second: fix_time_ms.div_euclid(1000),
            lat,
            lng,
        }
    }

    fn distance(&self, other: &Fix) -> f64 {
        (self.lat - other.lat).abs() + (self.lng - other.lng).abs()
    }
}

/// One packet sent: its newest fix and when writing it started.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sent {
    /// The packet's newest record.
    pub fix: Fix,
    /// When the device started writing the packet.
    pub at: Instant,
}

/// Every device's recent packets, by device index.
#[derive(Debug)]
pub struct SentLog {
    devices: Vec<Mutex<VecDeque<Sent>>>,
}

impl SentLog {
    /// An empty log for `devices` devices.
    pub fn new(devices: usize) -> Self {
        Self {
            devices: (0..devices)
                .map(|_| Mutex::new(VecDeque::with_capacity(KEPT)))
                .collect(),
        }
    }

    /// Notes that device `index` started writing a packet whose newest
    /// record is `fix` at `at` (a resend replaces the earlier note).
    pub fn note(&self, index: usize, fix: Fix, at: Instant) {
        let Some(ring) = self.devices.get(index) else {
            return;
        };
        let mut ring = ring.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(same) = ring.iter_mut().find(|s| s.fix == fix) {
            same.at = at;
            return;
        }
        if ring.len() == KEPT {
            ring.pop_front();
        }
        ring.push_back(Sent { fix, at });
    }

    /// The packet of device `index` that carried a state showing `seen`:
    /// one in the same second, the nearest in position.
    pub fn find(&self, index: usize, seen: &Fix) -> Option<Sent> {
        let ring = self.devices.get(index)?;
        let ring = ring.lock().unwrap_or_else(|e| e.into_inner());
        ring.iter()
            .filter(|s| s.fix.second == seen.second)
            .min_by(|a, b| a.fix.distance(seen).total_cmp(&b.fix.distance(seen)))
            .copied()
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn a_state_finds_the_packet_that_carried_it() {
        let log = SentLog::new(2);
        let t0 = Instant::now();
        let a = Fix::of(1_700_000_000_100, 52.5, 13.4);
        let b = Fix::of(1_700_000_000_900, 52.5001, 13.4001);
        let c = Fix::of(1_700_000_001_500, 52.5002, 13.4002);
        log.note(1, a, t0);
        log.note(1, b, t0 + Duration::from_millis(800));
        log.note(1, c, t0 + Duration::from_millis(1_400));
        // The same second as a and b: the position decides.
        let seen = Fix::of(1_700_000_000_000, 52.5001, 13.4001);
        assert_eq!(log.find(1, &seen).map(|s| s.fix), Some(b));
        let seen = Fix::of(1_700_000_000_999, 52.5, 13.4);
        assert_eq!(log.find(1, &seen).map(|s| s.fix), Some(a));
        assert_eq!(
            log.find(1, &c).map(|s| s.at),
            Some(t0 + Duration::from_millis(1_400))
        );
        // Another device, another second, a device out of range: nothing.
        assert_eq!(log.find(0, &c), None);
        assert_eq!(log.find(1, &Fix::of(1_600_000_000_000, 52.5, 13.4)), None);
        assert_eq!(log.find(7, &c), None);
    }

    #[test]
    fn a_resend_moves_the_send_time_and_old_packets_are_forgotten() {
        let log = SentLog::new(1);
        let t0 = Instant::now();
        let first = Fix::of(0, 1.0, 1.0);
        log.note(0, first, t0);
        log.note(0, first, t0 + Duration::from_secs(2));
        assert_eq!(
            log.find(0, &first).map(|s| s.at),
            Some(t0 + Duration::from_secs(2))
        );
        for i in 1..=KEPT as i64 {
            log.note(0, Fix::of(i * 1000, 1.0, 1.0), t0);
        }
        assert_eq!(log.find(0, &first), None, "pushed out by newer packets");
        assert!(
            log.find(0, &Fix::of(KEPT as i64 * 1000, 1.0, 1.0))
                .is_some()
        );
        log.note(5, first, t0);
    }
}
