//! Whether the store can still write, asked every second while the gateway
//! runs (and, with it, the store's memory gauges).
//!
//! Some failures leave a store unable to write until it is reopened: a
//! write-ahead log append of unknown outcome, a poisoned engine. A gateway
//! that went on running then would accept devices and acknowledge nothing,
//! forever. So once the store says it cannot write, the gateway exits with
//! an error for its supervisor to restart it, and the store recovers on
//! open. Nothing acknowledged is lost: acknowledgements follow durable
//! writes. Failures that pass (a file that could not be opened for want of
//! descriptors) do not come here: the store rides them out itself.

use std::time::Duration;

use tokio::sync::oneshot;
use trackgate_actors::metrics as m;
use trackgate_store::Store;

/// Sets the store's memory gauges, when its engine reports its memory.
pub fn report_memory(store: &dyn Store) {
    if let Some(memory) = store.memory() {
        metrics::gauge!(m::STORE_BLOCK_CACHE_BYTES).set(memory.block_cache_bytes as f64);
        metrics::gauge!(m::STORE_MEMTABLE_BYTES).set(memory.memtable_bytes as f64);
    }
}

/// Runs `check` (a blocking call) every `every` on the blocking pool; the
/// receiver resolves with the reason the first time it fails.
pub fn spawn(
    check: impl Fn() -> Result<(), String> + Send + Sync + 'static,
    every: Duration,
) -> oneshot::Receiver<String> {
    let (failed, failure) = oneshot::channel();
    let check = std::sync::Arc::new(check);
    actix_rt::spawn(async move {
        let mut clock = tokio::time::interval(every);
        clock.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            clock.tick().await;
            let check = check.clone();
            match tokio::task::spawn_blocking(move || check()).await {
                Ok(Ok(())) => {}
                Ok(Err(why)) => {
                    let _ = failed.send(why);
                    return;
                }
                // The check itself panicked or was cancelled: ask again.
                Err(error) => tracing::warn!(%error, "the store check did not finish"),
            }
            if failed.is_closed() {
                return;
            }
        }
    });
    failure
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    #[actix_rt::test]
    async fn the_first_failure_is_reported_with_its_reason() {
        let calls = std::sync::Arc::new(AtomicUsize::new(0));
        let counted = calls.clone();
        let failure = spawn(
            move || match counted.fetch_add(1, Ordering::SeqCst) {
                0..=2 => Ok(()),
                _ => Err("the log failed".into()),
            },
            Duration::from_millis(10),
        );
        let why = tokio::time::timeout(Duration::from_secs(10), failure)
            .await
            .expect("reported in time")
            .expect("a reason");
        assert_eq!(why, "the log failed");
        assert_eq!(calls.load(Ordering::SeqCst), 4, "asked until it failed");
    }
}
