//! The clock of a background job: a tick every interval until told to stop.

use std::time::Duration;

use tokio::sync::watch;
use tokio::time::{Interval, MissedTickBehavior};

/// Ticks every `every` (the first at once), until `stop` turns true or its
/// sender is gone. A tick missed while the job was busy is not made up.
#[derive(Debug)]
pub struct Ticks {
    clock: Interval,
    stop: watch::Receiver<bool>,
}

impl Ticks {
    /// A clock of `every`, stopped by `stop`. Needs a Tokio runtime.
    pub fn new(every: Duration, stop: watch::Receiver<bool>) -> Self {
        let mut clock = tokio::time::interval(every);
        clock.set_missed_tick_behavior(MissedTickBehavior::Delay);
        Self { clock, stop }
    }

    /// Waits for the next tick; false once the job is to stop.
    pub async fn next(&mut self) -> bool {
        loop {
            tokio::select! {
                _ = self.clock.tick() => return true,
                changed = self.stop.changed() => {
                    if changed.is_err() || *self.stop.borrow() {
                        return false;
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOUR: Duration = Duration::from_secs(3600);

    #[actix_rt::test]
    async fn the_first_tick_is_at_once_and_a_stop_ends_the_wait() {
        let (stop, watching) = watch::channel(false);
        let mut ticks = Ticks::new(HOUR, watching);
        assert!(ticks.next().await);
        // A change that is not a stop leaves it waiting for its tick.
        stop.send(false).unwrap();
        let waited = tokio::time::timeout(Duration::from_millis(50), ticks.next()).await;
        assert!(waited.is_err(), "{waited:?}");
        stop.send(true).unwrap();
        assert!(!ticks.next().await);
    }

    #[actix_rt::test]
    async fn a_dropped_sender_stops_it() {
        let (stop, watching) = watch::channel(false);
        let mut ticks = Ticks::new(HOUR, watching);
        assert!(ticks.next().await);
        drop(stop);
        assert!(!ticks.next().await);
    }
}
