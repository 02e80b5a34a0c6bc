//! Giving memory back once a burst of connections is gone.
//!
//! glibc's allocator keeps what the program freed for its own reuse and
//! returns it to the system only from the top of its heaps. After a
//! reconnect storm (thousands of sessions logging in at once, then going
//! away) the process stayed at the storm's peak for as long as it ran. So
//! when the connected trackers fall well below their recent peak, this job
//! asks glibc to return every whole free page (`malloc_trim`). The call
//! walks and locks each arena once, a few milliseconds for a large heap,
//! which is why it runs after a burst and not on a clock.
//!
//! This is the workspace's one use of `unsafe`: a call into the C library
//! that takes no pointers and has no precondition.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;
use trackgate_actors::registry::Registry;

/// How often the connected trackers are counted.
pub const CHECK_EVERY: Duration = Duration::from_secs(5);

/// Connections that must have gone since the peak before memory is given
/// back: fewer leave nothing worth the walk.
const MIN_DROP: usize = 1_000;

/// Counter of the times memory was given back.
pub const TRIMS: &str = "trackgate_memory_trims_total";

/// The peak of connected trackers since memory was last given back, and
/// whether it is time to give it back.
#[derive(Debug, Default)]
pub struct Burst {
    peak: usize,
}

impl Burst {
    /// Takes the current count; true when it has fallen from the peak by
    /// at least 1,000 (`MIN_DROP`) and a tenth of the peak (the peak then starts
    /// again from here).
    pub fn gone(&mut self, connected: usize) -> bool {
        self.peak = self.peak.max(connected);
        let dropped = self.peak - connected;
        if dropped >= MIN_DROP && dropped >= self.peak / 10 {
            self.peak = connected;
            return true;
        }
        false
    }
}

/// Runs the job on the current actix runtime until `stop` turns true.
pub fn spawn(registry: Arc<Registry>, every: Duration, mut stop: watch::Receiver<bool>) {
    actix::spawn(async move {
        let mut clock = tokio::time::interval(every);
        clock.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut burst = Burst::default();
        loop {
            tokio::select! {
                _ = clock.tick() => {}
                changed = stop.changed() => {
                    if changed.is_err() || *stop.borrow() {
                        return;
                    }
                    continue;
                }
            }
            if burst.gone(registry.len()) {
                let released = tokio::task::spawn_blocking(release).await.unwrap_or(false);
                metrics::counter!(TRIMS).increment(1);
                tracing::debug!(
                    released,
                    "gave freed memory back after a burst of connections"
                );
            }
        }
    });
}

/// Asks glibc to return every whole free page of its heaps to the system;
/// whether it returned any. Elsewhere the allocator returns memory itself
/// (or has no such call), and this does nothing.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(unsafe_code)]
pub fn release() -> bool {
    // SAFETY: `malloc_trim` takes no pointers and has no precondition; glibc
    // serialises it with every other allocator call through its arena locks.
    unsafe { libc::malloc_trim(0) == 1 }
}

/// Asks the allocator to return free memory; nothing to do off glibc.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn release() -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_is_given_back_once_a_burst_has_gone() {
        let mut burst = Burst::default();
        assert!(!burst.gone(15_000), "the storm arriving");
        assert!(!burst.gone(14_500), "500 gone: too few");
        assert!(burst.gone(200), "the storm gone");
        assert!(!burst.gone(200), "nothing new since");
        assert!(!burst.gone(0), "200 more: too few");
    }

    #[test]
    fn a_small_fleet_never_pays_for_the_walk() {
        let mut burst = Burst::default();
        for connected in [900, 0, 900, 0] {
            assert!(!burst.gone(connected));
        }
    }

    #[test]
    fn a_large_fleet_needs_a_tenth_to_go() {
        let mut burst = Burst::default();
        assert!(!burst.gone(300_000));
        assert!(!burst.gone(290_000), "10,000 of 300,000 is under a tenth");
        assert!(burst.gone(260_000));
    }

    #[test]
    fn freed_memory_can_be_given_back() {
        // Blocks freed below one still in use stay with glibc (only the
        // top of a heap goes back by itself); the call returns their
        // pages and says so. Elsewhere it does nothing.
        let blocks: Vec<Box<[u8; 4096]>> = (0..2_000).map(|_| Box::new([1; 4096])).collect();
        let pin = Box::new([2u8; 4096]);
        drop(std::hint::black_box(blocks));
        let released = release();
        drop(std::hint::black_box(pin));
        assert_eq!(released, cfg!(all(target_os = "linux", target_env = "gnu")));
    }
}
