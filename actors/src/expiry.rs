//! Closes the connections of trackers whose service ends, as it ends.
//!
//! Whether a tracker is active is decided at the moment it is asked: a
//! login is refused once its expiry has passed (`directory`), and the API
//! answers 208. What that cannot reach is a device connected from before
//! its expiry. So every tick the sweeper asks the store which trackers'
//! expiries passed since the last tick (an indexed range read, not a scan
//! of the trackers) and tells each one's session, if connected, to close
//! ([`Deactivated`]). The sweep starts from the moment the sweeper starts:
//! no device can be connected from before that.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;
use trackgate_store::Store;

use crate::registry::Registry;
use crate::session::messages::Deactivated;

/// Starts the sweeper on the current actix runtime: every `every`, until
/// `stop` turns true (or its sender is gone).
pub fn spawn(
    store: Arc<dyn Store>,
    registry: Arc<Registry>,
    every: Duration,
    stop: watch::Receiver<bool>,
) {
    actix::spawn(async move {
        let mut ticks = crate::ticks::Ticks::new(every, stop);
        let mut swept_until = crate::now_ms();
        while ticks.next().await {
            let now = crate::now_ms();
            let store = store.clone();
            let after = swept_until;
            match tokio::task::spawn_blocking(move || store.trackers_expiring(after, now)).await {
                Ok(Ok(expired)) => {
                    swept_until = now;
                    for tracker in expired {
                        if let Some(entry) = registry.get(tracker) {
                            tracing::info!(
                                tracker = tracker.0,
                                "service ended; closing the connection"
                            );
                            entry.addr.do_send(Deactivated);
                        }
                    }
                }
                // The span stays open: the next tick reads it again.
                Ok(Err(error)) => tracing::warn!(%error, "reading expired trackers failed"),
                Err(error) => tracing::warn!(%error, "the expiry sweep did not finish"),
            }
        }
    });
}
