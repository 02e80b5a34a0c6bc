//! History retention: points older than their owner's billing plan keeps
//! are removed by the store itself, on a thread of its own.
//!
//! [`Retention::purge`] walks the users that have a plan keeping limited
//! history, and for each of their trackers deletes the key range of points
//! before the plan's horizon. Points are keyed by tracker then fix time,
//! so each deletion is one range scan over exactly the points it removes,
//! never a scan of the history that stays. Deletions go in chunks without
//! a sync of their own: a crash can only leave points that the next sweep
//! removes again, and the log replayed on open may bring back a few recent
//! commits' worth of old points the same way.
//!
//! The [`Sweeper`] thread runs a purge a minute after the store opens (at
//! most) and then every period; dropping it stops the thread between
//! chunks.

use std::collections::HashMap;
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use fjall::{Database, Keyspace};

use super::{codec, engine, keys};
use crate::model::{Tracker, TrackerId, User};
use crate::operator_model::{BillingPlan, PlanId};
use crate::ports::StoreError;

/// Point deletions per batch.
const CHUNK: usize = 10_000;

/// The longest wait before the first sweep after the store opens.
const FIRST_SWEEP_WITHIN: Duration = Duration::from_secs(60);

/// What a purge reads and deletes: handles onto the store's keyspaces.
#[derive(Clone)]
pub(super) struct Retention {
    pub(super) db: Database,
    pub(super) points: Keyspace,
    pub(super) users: Keyspace,
    pub(super) plans: Keyspace,
    pub(super) trackers: Keyspace,
    pub(super) tracker_owners: Keyspace,
    /// Set when the purge should stop early (the store is closing).
    pub(super) stop: Arc<Stop>,
}

impl Retention {
    /// Removes the points older than their owner's plan keeps at
    /// `now_ms`; returns how many. See the module docs.
    pub(super) fn purge(&self, now_ms: i64) -> Result<u64, StoreError> {
        let plans: HashMap<PlanId, BillingPlan> = self
            .plans
            .iter()
            .map(|guard| {
                let plan: BillingPlan =
                    codec::decode(&guard.value().map_err(engine)?, "billing plan")?;
                Ok((plan.id, plan))
            })
            .collect::<Result<_, StoreError>>()?;
        if plans.values().all(|p| p.history_days.is_none()) {
            return Ok(0);
        }
        let mut removed = 0;
        for guard in self.users.iter() {
            let user: User = codec::decode(&guard.value().map_err(engine)?, "user")?;
            let Some(horizon) = user
                .plan
                .and_then(|plan| plans.get(&plan))
                .and_then(|plan| plan.history_starts(now_ms))
            else {
                continue;
            };
            for owned in self.tracker_owners.prefix(user.id.0.to_be_bytes()) {
                let key = owned.key().map_err(engine)?;
                let id = keys::u64_at(&key, 8, "owner index")?;
                let Some(value) = self.trackers.get(id.to_be_bytes()).map_err(engine)? else {
                    continue;
                };
                let tracker: Tracker = codec::decode(&value, "tracker")?;
                // A clone has no points of its own.
                if tracker.clone_of.is_none() {
                    removed += self.purge_before(tracker.id, horizon)?;
                }
                if self.stop.is_set() {
                    return Ok(removed);
                }
            }
        }
        Ok(removed)
    }

    /// Deletes `tracker`'s points with a fix time before `horizon`.
    fn purge_before(&self, tracker: TrackerId, horizon: i64) -> Result<u64, StoreError> {
        let Some(last) = horizon.checked_sub(1) else {
            return Ok(0);
        };
        let (from, to) = keys::point_bounds(tracker, i64::MIN, last);
        let mut removed = 0;
        let mut chunk = self.db.batch();
        for guard in self.points.range(from..=to) {
            chunk.remove(&self.points, guard.key().map_err(engine)?);
            removed += 1;
            if chunk.len() >= CHUNK {
                std::mem::replace(&mut chunk, self.db.batch())
                    .commit()
                    .map_err(engine)?;
                if self.stop.is_set() {
                    return Ok(removed);
                }
            }
        }
        if !chunk.is_empty() {
            chunk.commit().map_err(engine)?;
        }
        Ok(removed)
    }
}

/// A flag a sleeping thread can be woken by.
#[derive(Debug, Default)]
pub(super) struct Stop {
    set: Mutex<bool>,
    changed: Condvar,
}

impl Stop {
    fn is_set(&self) -> bool {
        *self.set.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn set(&self) {
        *self.set.lock().unwrap_or_else(PoisonError::into_inner) = true;
        self.changed.notify_all();
    }

    /// Sleeps until `deadline` or until the flag is set; whether it is set.
    fn wait_until(&self, deadline: Instant) -> bool {
        let mut set = self.set.lock().unwrap_or_else(PoisonError::into_inner);
        while !*set {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return false;
            }
            set = self
                .changed
                .wait_timeout(set, left)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
        true
    }
}

/// The thread that purges history every period.
#[derive(Debug)]
pub(super) struct Sweeper {
    stop: Arc<Stop>,
    thread: Option<JoinHandle<()>>,
}

impl Sweeper {
    /// Starts purging with `retention` every `every`, the first time after
    /// at most a minute.
    pub(super) fn start(retention: Retention, every: Duration) -> std::io::Result<Self> {
        let stop = retention.stop.clone();
        let thread = std::thread::Builder::new()
            .name("trackgate-retention".into())
            .spawn(move || {
                let mut next = Instant::now() + every.min(FIRST_SWEEP_WITHIN);
                while !retention.stop.wait_until(next) {
                    let started = Instant::now();
                    match retention.purge(crate::embedded::now_ms()) {
                        Ok(0) => {}
                        Ok(points) => tracing::info!(
                            points,
                            took_ms = started.elapsed().as_millis() as u64,
                            "removed points older than their billing plan keeps"
                        ),
                        Err(error) => tracing::error!(%error, "history retention sweep failed"),
                    }
                    next = Instant::now() + every;
                }
            })?;
        Ok(Self {
            stop,
            thread: Some(thread),
        })
    }
}

impl Drop for Sweeper {
    fn drop(&mut self) {
        self.stop.set();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
