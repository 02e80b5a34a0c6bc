//! History retention at scale: how fast the embedded store removes points
//! older than their owner's billing plan keeps, and what a sweep costs
//! when there is nothing left to remove.
//!
//! The run builds a store of its own in a directory: one plan keeping
//! `keep_days` of history, `users` accounts on it, `trackers_per_user`
//! trackers each, and `points_per_tracker` points per tracker spread evenly
//! over `span_days` ending now, written as the gateway writes them (batches
//! through the track write-ahead log). Then it runs the store's purge, the
//! same call its sweeper thread makes, twice: the first removes every point
//! older than the plan keeps, the second finds nothing (the cost of the
//! hourly sweep in a steady state). Every tracker's remaining track is then
//! read and counted against what the plan should have kept, so a purge
//! that removed too much or too little fails the run.

use std::path::Path;
use std::time::Instant;

use serde::{Deserialize, Serialize};
use trackgate_protocols::Record;
use trackgate_store::{
    CommitBatch, EmbeddedOptions, EmbeddedStore, Money, NewBillingPlan, NewTracker, NewUser, Store,
    StoredPoint, TrackerId,
};

const DAY_MS: i64 = 86_400_000;

/// What to build and purge.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RetentionPlan {
    /// User accounts on the plan.
    pub users: u32,
    /// Trackers each user owns.
    pub trackers_per_user: u32,
    /// Points each tracker has before the purge.
    pub points_per_tracker: u32,
    /// Days the points span, ending now.
    pub span_days: u32,
    /// Days of history the plan keeps.
    pub keep_days: u32,
    /// Points per commit while building.
    pub batch_points: u32,
}

impl RetentionPlan {
    /// Checks the plan is one the run can carry out in bounded time.
    pub fn validate(&self) -> Result<(), String> {
        let points = self.total_points();
        if self.users == 0 || self.trackers_per_user == 0 || self.points_per_tracker == 0 {
            return Err("users, trackers and points must each be at least 1".into());
        }
        if points > 50_000_000 {
            return Err(format!("{points} points: at most 50,000,000"));
        }
        if self.keep_days == 0 || self.keep_days >= self.span_days {
            return Err("keep-days must be at least 1 and below span-days".into());
        }
        if self.batch_points == 0 {
            return Err("batch-points must be at least 1".into());
        }
        Ok(())
    }

    fn trackers(&self) -> u64 {
        u64::from(self.users) * u64::from(self.trackers_per_user)
    }

    fn total_points(&self) -> u64 {
        self.trackers() * u64::from(self.points_per_tracker)
    }

    /// The fix time of a tracker's `n`th point: evenly spaced over the
    /// span, the last one a minute before `now_ms`.
    fn fix_time(&self, now_ms: i64, n: u32) -> i64 {
        let span = i64::from(self.span_days) * DAY_MS;
        let step = span / i64::from(self.points_per_tracker);
        now_ms - 60_000 - i64::from(self.points_per_tracker - 1 - n) * step
    }
}

/// What the run measured.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RetentionResults {
    /// Points written.
    pub points_written: u64,
    /// Seconds building took (accounts, trackers and points).
    pub build_s: f64,
    /// Points the first purge removed.
    pub removed: u64,
    /// Points the plan should have removed.
    pub expected_removed: u64,
    /// Seconds the first purge took.
    pub purge_s: f64,
    /// Points removed per second by the first purge.
    pub removed_per_s: f64,
    /// Points the second purge removed (must be 0).
    pub second_removed: u64,
    /// Seconds the second purge, with nothing to remove, took.
    pub second_purge_s: f64,
    /// Points left, counted by reading every tracker's track.
    pub remaining: u64,
    /// Points the plan should have kept.
    pub expected_remaining: u64,
}

impl RetentionResults {
    /// What went wrong, if anything: the purge removed more or less than the plan says.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.removed != self.expected_removed {
            out.push(format!(
                "the purge removed {} points, the plan says {}",
                self.removed, self.expected_removed
            ));
        }
        if self.second_removed != 0 {
            out.push(format!(
                "a second purge removed {} more points",
                self.second_removed
            ));
        }
        if self.remaining != self.expected_remaining {
            out.push(format!(
                "{} points left, the plan keeps {}",
                self.remaining, self.expected_remaining
            ));
        }
        out
    }
}

/// Builds the store in `dir` (which must be empty) and purges it.
pub fn run(plan: &RetentionPlan, dir: &Path) -> anyhow::Result<RetentionResults> {
    let options = EmbeddedOptions {
        history_sweep_every: None,
        ..EmbeddedOptions::default()
    };
    let opened = EmbeddedStore::open_with(dir, &options)?;
    let store: &dyn Store = &opened;
    let now_ms = now_ms();
    let started = Instant::now();
    let trackers = build(store, plan, now_ms)?;
    let build_s = started.elapsed().as_secs_f64();
    // Wait for the last commit to be applied, as a reader would.
    store.read_track(trackers[0], i64::MIN, i64::MAX, 1)?;

    let started = Instant::now();
    let removed = store.purge_history(now_ms)?;
    let purge_s = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let second_removed = store.purge_history(now_ms)?;
    let second_purge_s = started.elapsed().as_secs_f64();

    let horizon = now_ms - i64::from(plan.keep_days) * DAY_MS;
    let kept_each = (0..plan.points_per_tracker)
        .filter(|n| plan.fix_time(now_ms, *n) >= horizon)
        .count() as u64;
    let mut remaining = 0;
    for tracker in &trackers {
        remaining += store
            .read_track(*tracker, i64::MIN, i64::MAX, usize::MAX)?
            .len() as u64;
    }
    let expected_remaining = kept_each * plan.trackers();
    Ok(RetentionResults {
        points_written: plan.total_points(),
        build_s,
        removed,
        expected_removed: plan.total_points() - expected_remaining,
        purge_s,
        removed_per_s: removed as f64 / purge_s.max(1e-9),
        second_removed,
        second_purge_s,
        remaining,
        expected_remaining,
    })
}

/// The plan, its users and their trackers, and every point.
fn build(store: &dyn Store, plan: &RetentionPlan, now_ms: i64) -> anyhow::Result<Vec<TrackerId>> {
    let billing = store.create_plan(NewBillingPlan {
        name: "retention-bench".into(),
        price: Money::ZERO,
        period_days: 30,
        tracker_limit: None,
        history_days: Some(plan.keep_days),
        dealer: None,
        unpaid: Default::default(),
    })?;
    let mut trackers = Vec::with_capacity(plan.trackers() as usize);
    for u in 0..plan.users {
        let mut user = store.create_user(NewUser {
            login: format!("retention-{u}@example.com"),
            password_hash: String::new(),
            created_ms: now_ms,
        })?;
        user.plan = Some(billing.id);
        store.update_user(&user)?;
        for t in 0..plan.trackers_per_user {
            let tracker = store.create_tracker(NewTracker {
                device_id: format!("{:015}", 350_000_000_000_000u64 + trackers.len() as u64),
                label: format!("{u}-{t}"),
                model: "teltonika".into(),
                owner: Some(user.id),
                created_ms: now_ms,
            })?;
            trackers.push(tracker.id);
        }
    }
    let mut batch = Vec::with_capacity(plan.batch_points as usize);
    for tracker in &trackers {
        for n in 0..plan.points_per_tracker {
            batch.push(StoredPoint {
                tracker: *tracker,
                received_ms: now_ms,
                record: Record::at(plan.fix_time(now_ms, n), 52.52, 13.405),
            });
            if batch.len() >= plan.batch_points as usize {
                commit(store, &mut batch)?;
            }
        }
    }
    commit(store, &mut batch)?;
    Ok(trackers)
}

fn commit(store: &dyn Store, batch: &mut Vec<StoredPoint>) -> anyhow::Result<()> {
    if !batch.is_empty() {
        store.commit(&CommitBatch {
            points: std::mem::take(batch),
            states: Vec::new(),
        })?;
    }
    Ok(())
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small() -> RetentionPlan {
        RetentionPlan {
            users: 3,
            trackers_per_user: 2,
            points_per_tracker: 100,
            span_days: 10,
            keep_days: 3,
            batch_points: 64,
        }
    }

    /// The run's own check holds on a small store: the points older than
    /// the plan keeps go, the others stay.
    #[test]
    fn a_small_run_removes_exactly_what_the_plan_does_not_keep() {
        let dir = tempfile::tempdir().expect("tempdir");
        let results = run(&small(), dir.path()).expect("run");
        assert_eq!(results.problems(), Vec::<String>::new());
        assert_eq!(results.points_written, 600);
        // 100 points over 10 days, 3 kept: 30 per tracker.
        assert_eq!(results.expected_remaining, 6 * 30);
        assert_eq!(results.remaining, 180);
        assert_eq!(results.removed, 420);
    }

    #[test]
    fn plans_that_cannot_run_are_refused() {
        let mut plan = small();
        plan.keep_days = 10;
        assert!(plan.validate().is_err());
        plan.keep_days = 3;
        plan.points_per_tracker = 0;
        assert!(plan.validate().is_err());
        assert!(small().validate().is_ok());
    }
}
