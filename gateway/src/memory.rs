//! Giving memory back once a burst of connections has settled.
//!
//! glibc's allocator keeps what the program freed for its own reuse and
//! returns it to the system only from the top of its heaps. A reconnect
//! storm (thousands of sessions logging in at once) frees most of what the
//! logins used while the sessions stay; when they go away, they free the
//! rest. Either way the process stayed at the storm's peak for as long as
//! it ran. So when the number of connected trackers has moved far from
//! where it was last time (up or down) and has stopped rising, this job
//! asks glibc to return every whole free page (`malloc_trim`). The call
//! walks and locks each arena once, which is why it runs after a burst
//! and not on a clock.
//!
//! This is the workspace's one use of `unsafe`: a call into the C library
//! that takes no pointers and has no precondition.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;
use trackgate_actors::registry::Registry;
use trackgate_actors::ticks::Ticks;

/// How often the connected trackers are counted.
pub const CHECK_EVERY: Duration = Duration::from_secs(5);

/// Connections that must have come or gone since memory was last given
/// back: fewer leave nothing worth the walk.
const MIN_MOVE: usize = 1_000;

/// Counter of the times memory was given back.
pub const TRIMS: &str = "trackgate_memory_trims_total";

/// The connected trackers when memory was last given back, and whether a
/// burst since has settled.
#[derive(Debug, Default)]
pub struct Burst {
    /// The count when memory was last given back.
    base: usize,
    /// The count at the previous check.
    last: usize,
}

impl Burst {
    /// Takes the current count; true when it has moved from the base by at
    /// least 1,000 (`MIN_MOVE`) and a tenth of the larger of the two, and is not
    /// rising any more (it then becomes the base).
    pub fn settled(&mut self, connected: usize) -> bool {
        let rising = connected > self.last;
        self.last = connected;
        let moved = connected.abs_diff(self.base);
        if !rising && moved >= MIN_MOVE && moved >= self.base.max(connected) / 10 {
            self.base = connected;
            return true;
        }
        false
    }
}

/// Runs the job on the current actix runtime until `stop` turns true.
pub fn spawn(registry: Arc<Registry>, every: Duration, stop: watch::Receiver<bool>) {
    actix::spawn(async move {
        let mut ticks = Ticks::new(every, stop);
        let mut burst = Burst::default();
        while ticks.next().await {
            if burst.settled(registry.len()) {
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
    fn memory_is_given_back_once_a_storm_has_logged_in_and_once_it_has_gone() {
        let mut burst = Burst::default();
        assert!(!burst.settled(6_000), "the storm arriving");
        assert!(!burst.settled(15_000), "still arriving");
        assert!(burst.settled(15_000), "logged in, and staying");
        assert!(!burst.settled(15_000), "nothing new since");
        assert!(!burst.settled(14_500), "500 gone: too few");
        assert!(burst.settled(200), "the storm gone");
        assert!(!burst.settled(0), "200 more: too few");
    }

    #[test]
    fn a_small_fleet_never_pays_for_the_walk() {
        let mut burst = Burst::default();
        for connected in [900, 900, 0, 900, 900, 0] {
            assert!(!burst.settled(connected));
        }
    }

    #[test]
    fn a_large_fleet_needs_a_tenth_to_move() {
        let mut burst = Burst::default();
        assert!(!burst.settled(300_000));
        assert!(burst.settled(300_000), "the fleet logged in");
        assert!(
            !burst.settled(290_000),
            "10,000 of 300,000 is under a tenth"
        );
        assert!(burst.settled(260_000));
        assert!(!burst.settled(300_000), "40,000 back, but still rising");
        assert!(burst.settled(300_000), "back and settled");
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
