//! Deletes the User API and Panel API sessions that ended.
//!
//! A session is refused from the moment it ends, whatever is stored; what
//! this job does is keep the store from growing with every login that is
//! never logged out. Every tick it asks the store to delete the sessions
//! whose expiry passed (an indexed range read, not a scan of the live
//! sessions); the first tick is at once, so a gateway that was down for a
//! while catches up on start.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;
use trackgate_store::{Store, StoreError};

/// Starts the job on the current actix runtime: every `every`, until
/// `stop` turns true (or its sender is gone).
pub fn spawn(store: Arc<dyn Store>, every: Duration, stop: watch::Receiver<bool>) {
    actix::spawn(async move {
        let mut ticks = crate::ticks::Ticks::new(every, stop);
        while ticks.next().await {
            let store = store.clone();
            match tokio::task::spawn_blocking(move || sweep(&*store, crate::now_ms())).await {
                Ok(Ok((0, 0))) => {}
                Ok(Ok((user, panel))) => {
                    tracing::info!(user, panel, "sessions that ended were deleted");
                }
                // What is left is swept on the next tick.
                Ok(Err(error)) => tracing::warn!(%error, "deleting ended sessions failed"),
                Err(error) => tracing::warn!(%error, "the session sweep did not finish"),
            }
        }
    });
}

/// Deletes the sessions of both APIs that ended at or before `now_ms`;
/// how many of each.
pub fn sweep(store: &dyn Store, now_ms: i64) -> Result<(usize, usize), StoreError> {
    Ok((
        store.sweep_sessions(now_ms)?,
        store.sweep_panel_sessions(now_ms)?,
    ))
}
