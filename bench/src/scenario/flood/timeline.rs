//! The run second by second, and whether the canary recovered.
//!
//! A run is three phases of whole seconds: before the flood (the canary's
//! baseline), during it, and after it (recovery). Every canary ack, failure
//! and API round is counted in the second it happened, and the gateway's
//! footprint is sampled once a second, so the recovery is judged from the
//! seconds alone: after the flood, the canary is back to normal from the
//! first second from which every second to the end has at least 90 % of the
//! baseline's acks and no failure.

use std::sync::Mutex;

use serde::{Deserialize, Serialize};
use tokio::time::Instant;

use crate::procstat::Footprint;

/// Share of the baseline's acks a second needs to count as normal.
pub const NORMAL_SHARE: f64 = 0.9;
/// Seconds at the end of the recovery that must all be normal, at most.
pub const TAIL_S: u32 = 5;

/// Where a moment of the run falls.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// The canary alone: its baseline.
    Before,
    /// The flood is on.
    During,
    /// The flood was stopped: recovery.
    After,
}

impl Phase {
    /// Every phase, in order.
    pub const ALL: [Phase; 3] = [Phase::Before, Phase::During, Phase::After];
}

/// How long each phase lasts, in whole seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Phases {
    /// Before the flood.
    pub warmup_s: u32,
    /// The flood.
    pub flood_s: u32,
    /// After it.
    pub recovery_s: u32,
}

impl Phases {
    /// The whole run.
    pub fn total_s(self) -> u32 {
        self.warmup_s + self.flood_s + self.recovery_s
    }

    /// When the flood stops, seconds from the start.
    pub fn flood_end_s(self) -> u32 {
        self.warmup_s + self.flood_s
    }

    /// The phase second `i` belongs to.
    pub fn of(self, i: u32) -> Phase {
        if i < self.warmup_s {
            Phase::Before
        } else if i < self.flood_end_s() {
            Phase::During
        } else {
            Phase::After
        }
    }

    /// The seconds at the end of the recovery that must all be normal.
    pub fn tail_s(self) -> u32 {
        TAIL_S.min(self.recovery_s / 2).max(1)
    }
}

/// One second of the run.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Second {
    /// Seconds from the start.
    pub at_s: u32,
    /// Canary packets acknowledged.
    pub acks: u64,
    /// Canary device failures (lost sessions, failed connects and logins).
    pub device_failures: u64,
    /// API rounds (`user/auth` then `tracker/get_state`) that started in
    /// this second and succeeded.
    pub api_ok: u64,
    /// API rounds that failed and were going on in this second: a round
    /// that waited 5 s for an answer counts in each of those seconds, so the
    /// seconds with failures are the time the API was failing.
    pub api_failed: u64,
    /// The gateway's footprint, sampled in this second.
    pub gateway: Option<Footprint>,
}

/// The seconds of a run as it goes on, shared by everything that counts.
#[derive(Debug)]
pub struct Timeline {
    /// Second 0 starts here.
    pub start: Instant,
    /// The phases' lengths.
    pub phases: Phases,
    seconds: Mutex<Vec<Second>>,
}

impl Timeline {
    /// A run of `phases` starting at `start`.
    pub fn new(start: Instant, phases: Phases) -> Self {
        let seconds = (0..phases.total_s())
            .map(|at_s| Second {
                at_s,
                ..Second::default()
            })
            .collect();
        Self {
            start,
            phases,
            seconds: Mutex::new(seconds),
        }
    }

    /// The second `at` falls in (the last one for anything after the end).
    pub fn index(&self, at: Instant) -> u32 {
        let s = at.saturating_duration_since(self.start).as_secs();
        (s.min(u64::from(self.phases.total_s().max(1) - 1))) as u32
    }

    /// The phase of `at`.
    pub fn phase(&self, at: Instant) -> Phase {
        self.phases.of(self.index(at))
    }

    /// Counts something in the second of `at`.
    pub fn note(&self, at: Instant, count: impl FnOnce(&mut Second)) {
        let i = self.index(at) as usize;
        let mut seconds = self.seconds.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(second) = seconds.get_mut(i) {
            count(second);
        }
    }

    /// Counts something in every second from `from`'s to `to`'s.
    pub fn note_span(&self, from: Instant, to: Instant, count: impl Fn(&mut Second)) {
        let (first, last) = (self.index(from) as usize, self.index(to) as usize);
        let mut seconds = self.seconds.lock().unwrap_or_else(|e| e.into_inner());
        for second in seconds.iter_mut().take(last + 1).skip(first) {
            count(second);
        }
    }

    /// Seconds of `phase` in which an API round was failing.
    pub fn api_failing_s(&self, phase: Phase) -> u32 {
        let seconds = self.seconds.lock().unwrap_or_else(|e| e.into_inner());
        seconds
            .iter()
            .filter(|s| self.phases.of(s.at_s) == phase && s.api_failed > 0)
            .count() as u32
    }

    /// Every second so far.
    pub fn seconds(&self) -> Vec<Second> {
        self.seconds
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }
}

/// Whether the canary came back after the flood, judged from its seconds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Recovery {
    /// Mean acks per second before the flood (after the canary settled).
    pub baseline_acks_per_s: f64,
    /// Acks a second needs to count as normal.
    pub normal_acks: f64,
    /// The fewest acks in a second of the flood.
    pub min_acks_during: u64,
    /// Seconds of the flood that were not normal.
    pub abnormal_seconds_during: u32,
    /// Seconds after the flood stopped until the canary was back to normal
    /// for good (`None`: not by the end).
    pub normal_after_s: Option<u32>,
    /// Seconds at the end that must all be normal.
    pub tail_s: u32,
    /// Devices normal over the tail.
    pub devices_recovered: bool,
    /// At least one API round in the tail, and none failed.
    pub api_recovered: bool,
    /// The gateway process was still running at the end.
    pub gateway_alive: bool,
    /// All three: the canary recovered without a restart.
    pub recovered: bool,
}

/// Judges the recovery from `seconds` (one per second of `phases`); the
/// first `settle_s` seconds are left out of the baseline (the canary
/// connecting).
pub fn recovery(
    seconds: &[Second],
    phases: Phases,
    settle_s: u32,
    gateway_alive: bool,
) -> Recovery {
    let baseline: Vec<&Second> = seconds
        .iter()
        .filter(|s| s.at_s >= settle_s && phases.of(s.at_s) == Phase::Before)
        .collect();
    let baseline_acks_per_s = if baseline.is_empty() {
        0.0
    } else {
        baseline.iter().map(|s| s.acks).sum::<u64>() as f64 / baseline.len() as f64
    };
    let normal_acks = NORMAL_SHARE * baseline_acks_per_s;
    let normal = |s: &Second| {
        baseline_acks_per_s > 0.0 && s.acks as f64 >= normal_acks && s.device_failures == 0
    };
    let during: Vec<&Second> = seconds
        .iter()
        .filter(|s| phases.of(s.at_s) == Phase::During)
        .collect();
    let after: Vec<&Second> = seconds
        .iter()
        .filter(|s| phases.of(s.at_s) == Phase::After)
        .collect();
    // The unbroken run of normal seconds that reaches the end.
    let normal_run = after.iter().rev().take_while(|s| normal(s)).count() as u32;
    let normal_after_s =
        (normal_run > 0 && !after.is_empty()).then(|| after.len() as u32 - normal_run);
    let tail_s = phases.tail_s();
    let tail = &after[after.len().saturating_sub(tail_s as usize)..];
    let devices_recovered = normal_run >= tail_s;
    let api_recovered = tail.iter().any(|s| s.api_ok > 0) && tail.iter().all(|s| s.api_failed == 0);
    Recovery {
        baseline_acks_per_s,
        normal_acks,
        min_acks_during: during.iter().map(|s| s.acks).min().unwrap_or(0),
        abnormal_seconds_during: during.iter().filter(|s| !normal(s)).count() as u32,
        normal_after_s,
        tail_s,
        devices_recovered,
        api_recovered,
        gateway_alive,
        recovered: devices_recovered && api_recovered && gateway_alive,
    }
}

#[cfg(test)]
mod tests;
