//! Device connection slots: the device listeners' share of the process's
//! open-file limit.
//!
//! Every device TCP connection holds one descriptor for as long as its
//! session lives. Left unbounded, a flood of idle connections takes every
//! descriptor the process has, and then the store cannot open a file, the
//! API cannot accept, and nothing is acknowledged. So each connection
//! holds a [`Slot`], taken before its socket is accepted and given back
//! when its session ends; when none is free, the listeners stop accepting
//! (new connections wait in the kernel's backlog) until one is. The number
//! of slots is what the gateway computes at start from the open-file limit,
//! after the store's, the API's and a spare share (docs/operations.md).

use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::metrics as m;

/// Slots for device connections, shared by every device listener.
#[derive(Debug)]
pub struct DeviceSlots {
    semaphore: Arc<Semaphore>,
    total: AtomicUsize,
    /// Whether a listener is waiting for a slot.
    paused: AtomicBool,
    /// When a pause was last logged, and the pauses since: a node that
    /// stays full pauses and resumes at every connection that ends, and
    /// says so once every [`LOG_EVERY`].
    logged: Mutex<Option<Instant>>,
    unlogged: AtomicU64,
}

/// How often a pause is logged at most.
const LOG_EVERY: Duration = Duration::from_secs(10);

/// One device connection's slot; given back when dropped.
#[derive(Debug)]
pub struct Slot(#[allow(dead_code)] OwnedSemaphorePermit);

impl DeviceSlots {
    /// `total` slots (at most what a semaphore can count).
    pub fn new(total: usize) -> Self {
        let total = total.min(Semaphore::MAX_PERMITS);
        metrics::gauge!(m::DEVICE_SLOTS).set(total as f64);
        Self {
            semaphore: Arc::new(Semaphore::new(total)),
            total: AtomicUsize::new(total),
            paused: AtomicBool::new(false),
            logged: Mutex::new(None),
            unlogged: AtomicU64::new(0),
        }
    }

    /// Adds `more` slots (the budget is known only once the listeners are
    /// bound; they wait for their slots until then).
    pub fn grant(&self, more: usize) {
        let more = more.min(Semaphore::MAX_PERMITS - self.semaphore.available_permits());
        self.semaphore.add_permits(more);
        let total = self.total.fetch_add(more, Ordering::AcqRel) + more;
        metrics::gauge!(m::DEVICE_SLOTS).set(total as f64);
    }

    /// As many slots as the process could ever use: for sessions whose
    /// descriptors someone else budgets (tests, tools).
    pub fn unbounded() -> Self {
        Self::new(Semaphore::MAX_PERMITS)
    }

    /// A slot if one is free now.
    pub fn try_take(&self) -> Option<Slot> {
        self.semaphore.clone().try_acquire_owned().ok().map(Slot)
    }

    /// A slot, waiting for one to be given back when none is free. The
    /// first listener to wait says so in the log and the metrics; the
    /// first to get a slot again says that too.
    pub async fn take(&self) -> Slot {
        if let Some(slot) = self.try_take() {
            return slot;
        }
        if !self.paused.swap(true, Ordering::AcqRel) {
            metrics::gauge!(m::ACCEPT_PAUSED).set(1.0);
            metrics::counter!(m::ACCEPT_PAUSES).increment(1);
            if self.log_now() {
                tracing::warn!(
                    slots = self.total(),
                    pauses_not_logged = self.unlogged.swap(0, Ordering::AcqRel),
                    "every device connection slot is taken: not accepting devices until one closes"
                );
            } else {
                self.unlogged.fetch_add(1, Ordering::AcqRel);
            }
        }
        let Ok(permit) = self.semaphore.clone().acquire_owned().await else {
            // Only a closed semaphore refuses, and this one is never closed.
            return std::future::pending().await;
        };
        if self.paused.swap(false, Ordering::AcqRel) {
            tracing::debug!("a device connection slot is free again: accepting devices");
            metrics::gauge!(m::ACCEPT_PAUSED).set(0.0);
        }
        Slot(permit)
    }

    /// Whether a pause may be logged now (none was for [`LOG_EVERY`]).
    fn log_now(&self) -> bool {
        let mut logged = self.logged.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        match *logged {
            Some(at) if now.duration_since(at) < LOG_EVERY => false,
            _ => {
                *logged = Some(now);
                true
            }
        }
    }

    /// How many slots there are.
    pub fn total(&self) -> usize {
        self.total.load(Ordering::Acquire)
    }

    /// How many are held by connections (or by listeners about to accept).
    pub fn held(&self) -> usize {
        self.total()
            .saturating_sub(self.semaphore.available_permits())
    }

    /// Whether a listener is waiting for a slot now.
    pub fn is_exhausted(&self) -> bool {
        self.semaphore.available_permits() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn taking_waits_when_every_slot_is_held_and_resumes_when_one_is_given_back() {
        let slots = Arc::new(DeviceSlots::new(2));
        let first = slots.try_take().expect("free");
        let _second = slots.take().await;
        assert!(slots.try_take().is_none());
        assert!(slots.is_exhausted());
        assert_eq!(slots.held(), 2);
        let waiting = {
            let slots = slots.clone();
            tokio::spawn(async move { slots.take().await })
        };
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        assert!(!waiting.is_finished(), "no slot is free yet");
        drop(first);
        let third = tokio::time::timeout(std::time::Duration::from_secs(5), waiting)
            .await
            .expect("a slot was given back")
            .expect("joined");
        assert_eq!(slots.held(), 2);
        drop(third);
        assert_eq!(slots.held(), 1);
    }
}
