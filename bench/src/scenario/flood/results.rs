//! What a flood run measured, and its verdict.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::canary::PhaseResults;
use super::outcome::FloodCounts;
use super::timeline::{Phase, Recovery, Second};
use crate::procstat::Footprint;

/// What the gateway process did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GatewayFacts {
    /// Its process id.
    pub pid: u32,
    /// From spawning it to its ports answering, seconds.
    pub ready_s: f64,
    /// Its open-file limit, soft and hard (`None`: unlimited or unread).
    pub nofile: (Option<u64>, Option<u64>),
    /// When the canary started (the gateway idle, the canary provisioned).
    pub start: Option<Footprint>,
    /// Before the flood.
    pub before: Option<Footprint>,
    /// The most of each during the flood.
    pub peak: Option<Footprint>,
    /// Just before the flood was stopped.
    pub flood_end: Option<Footprint>,
    /// At the end of the recovery.
    pub after: Option<Footprint>,
    /// How it ended if it exited by itself during the run.
    pub exited: Option<String>,
    /// How it stopped on SIGTERM at the end.
    pub stop: String,
    /// Its log: where, and its lines by level.
    pub log: LogSummary,
    /// The data directory, and whether it was kept.
    pub data_dir: PathBuf,
    /// Whether the data directory is still there.
    pub data_dir_kept: bool,
}

/// The gateway's log.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LogSummary {
    /// Where it was written, if it was kept.
    pub path: Option<PathBuf>,
    /// Lines.
    pub lines: u64,
    /// Lines at WARN.
    pub warnings: u64,
    /// Lines at ERROR.
    pub errors: u64,
    /// The most frequent warning and error messages, with their counts.
    pub top: Vec<(String, u64)>,
}

/// The unknown devices the gateway made trackers of (`unknown-devices`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Registered {
    /// Trackers for flood devices with a valid IMEI.
    pub valid: u64,
    /// Trackers for flood devices with an invalid IMEI.
    pub invalid: u64,
    /// Trackers in the store in all (the canary's included).
    pub trackers: u64,
}

/// Everything one flood run measured.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FloodResults {
    /// The gateway process.
    pub gateway: GatewayFacts,
    /// The canary, before, during and after the flood.
    pub canary: Vec<PhaseResults>,
    /// Whether it recovered.
    pub recovery: Recovery,
    /// What the flood's connections saw.
    pub flood: FloodCounts,
    /// Seconds from stopping the flood to its last connection closed.
    pub flood_stop_s: f64,
    /// Trackers made of unknown devices (`unknown-devices` only).
    pub registered: Option<Registered>,
    /// Every second of the run.
    pub timeline: Vec<Second>,
    /// Anything that qualifies the numbers.
    pub notes: Vec<String>,
}

impl FloodResults {
    /// The canary in `phase`.
    pub fn phase(&self, phase: Phase) -> Option<&PhaseResults> {
        self.canary.iter().find(|p| p.phase == phase)
    }

    /// Whether the canary recovered after the flood without a restart.
    pub fn passed(&self) -> bool {
        self.recovery.recovered
    }

    /// One line: recovered or not, and how the canary fared.
    pub fn verdict(&self) -> String {
        let r = &self.recovery;
        let (Some(before), Some(during), Some(after)) = (
            self.phase(Phase::Before),
            self.phase(Phase::During),
            self.phase(Phase::After),
        ) else {
            return "**no verdict**: a phase is missing".into();
        };
        let rounds = |p: &PhaseResults| {
            format!(
                "{} of {} API rounds failed (the API failing for {} s)",
                p.api_rounds_failed,
                p.api_rounds_ok + p.api_rounds_failed,
                p.api_failing_s
            )
        };
        let during_text = format!(
            "during the flood {:.1} acks/s (baseline {:.1}, fewest in a second {}), {} device \
             failures, {}",
            during.acks_per_s,
            r.baseline_acks_per_s,
            r.min_acks_during,
            during.device_failure_count(),
            rounds(during)
        );
        if let Some(how) = &self.gateway.exited {
            return format!("**FAILED: the gateway exited during the run** ({how}); {during_text}");
        }
        if !r.recovered {
            let mut why = Vec::new();
            if !r.devices_recovered {
                why.push(format!(
                    "devices not back to {:.1} acks/s without failures over the last {} s",
                    r.normal_acks, r.tail_s
                ));
            }
            if !r.api_recovered {
                why.push(format!(
                    "API rounds still failing at the end ({})",
                    rounds(after)
                ));
            }
            return format!(
                "**FAILED: the canary did not recover**: {}; {during_text}",
                why.join("; ")
            );
        }
        let degraded = r.abnormal_seconds_during > 0 || during.api_rounds_failed > 0;
        if degraded {
            format!(
                "**recovered** {} s after the flood stopped, without a restart; {during_text}",
                r.normal_after_s.unwrap_or(0)
            )
        } else {
            let ms = |us: u64| format!("{:.1}", us as f64 / 1e3);
            format!(
                "**no canary failures**: {:.1} acks/s before, {:.1} during, {:.1} after; from \
                 before to during the flood ack p99 {} → {} ms, user/auth p50 {} → {} ms, \
                 get_state p99 {} → {} ms",
                before.acks_per_s,
                during.acks_per_s,
                after.acks_per_s,
                ms(before.ack_latency.p99_us),
                ms(during.ack_latency.p99_us),
                ms(before.auth.latency.p50_us),
                ms(during.auth.latency.p50_us),
                ms(before.get_state.latency.p99_us),
                ms(during.get_state.latency.p99_us),
            )
        }
    }
}
