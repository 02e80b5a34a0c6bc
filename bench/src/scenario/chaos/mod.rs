//! The chaos scenario: the gateway killed with SIGKILL at random moments
//! under load, and every acknowledged record checked in its store.
//!
//! The run starts the gateway binary itself ([`crate::launch`]) on a fresh
//! data directory, every listener on a free loopback port, then runs N
//! devices (`device`) sending packets of K records at R packets per second
//! in all; each keeps its records until they are acknowledged and sends them
//! again after reconnecting. At random moments (seeded: `--seed`; each gap
//! between `--min-gap` and `--max-gap` seconds after the gateway came up)
//! the gateway is killed with SIGKILL and started again on the same data
//! directory and ports, and the devices reconnect and go on. At the end the
//! devices stop, the gateway is stopped with SIGTERM (it must exit 0), its
//! store is opened read-side ([`stored`]) and set against what the devices
//! were told ([`verify`]): nothing acknowledged may be missing, nothing
//! stored twice.
//!
//! SIGKILL ends the process, not the machine: the kernel's page cache
//! survives it, so this checks that an ack is never sent before the commit
//! it stands for, not what a power loss would leave on the disk.

mod device;
mod run;
pub mod stored;
pub mod verify;

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

pub use run::{ChaosError, run, run_blocking};

use super::ingest::{MAX_DEVICES, MAX_DURATION_S, MAX_RATE, MAX_RECORDS, PlanError};
use crate::dialect::Dialect;
use crate::imei;
use crate::stats::{LatencySummary, Totals};
use stored::StoreScan;
use verify::Verdict;

/// Most kills one run makes.
pub const MAX_KILLS: u32 = 100;
/// The shortest gap between kills, in seconds: the gateway must come up and
/// the devices reconnect in between.
pub const MIN_GAP_S: f64 = 0.5;

/// What to run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChaosPlan {
    /// The `trackgate` binary to start.
    pub gateway_bin: PathBuf,
    /// The data directory (empty or absent); `None`: a temporary one, removed afterwards.
    pub data_dir: Option<PathBuf>,
    /// The protocol the devices speak.
    pub protocol: Dialect,
    /// Simulated devices, each one connection.
    pub devices: u32,
    /// Records per packet.
    pub records_per_packet: u32,
    /// Packets per second offered by all devices together.
    pub rate_per_s: f64,
    /// How long devices send, in seconds.
    pub duration_s: f64,
    /// SIGKILLs to make.
    pub kills: u32,
    /// Shortest time from the gateway answering to the next kill, seconds.
    pub min_gap_s: f64,
    /// Longest time from the gateway answering to the next kill, seconds.
    pub max_gap_s: f64,
    /// Seeds the kill moments.
    pub seed: u64,
    /// The first device's IMEI (its last digit is replaced by a check digit).
    pub imei_base: u64,
    /// Seconds to wait for a connection, a login reply or an ack.
    pub reply_timeout_s: f64,
    /// Connections being set up at once, at most.
    pub max_handshakes: usize,
}

impl ChaosPlan {
    /// Checks every bound; a plan that passes runs for a bounded time.
    pub fn validate(&self) -> Result<(), ChaosError> {
        if !(1..=MAX_DEVICES).contains(&self.devices) {
            return Err(PlanError::Devices(self.devices).into());
        }
        if !(1..=MAX_RECORDS).contains(&self.records_per_packet) {
            return Err(PlanError::Records(self.records_per_packet).into());
        }
        if !(self.rate_per_s > 0.0 && self.rate_per_s <= MAX_RATE) {
            return Err(PlanError::Rate(self.rate_per_s).into());
        }
        if !(self.duration_s > 0.0 && self.duration_s <= MAX_DURATION_S) {
            return Err(PlanError::Duration(self.duration_s).into());
        }
        if !(0.001..=60.0).contains(&self.reply_timeout_s) {
            return Err(PlanError::ReplyTimeout(self.reply_timeout_s).into());
        }
        imei::check_range(self.imei_base, u64::from(self.devices)).map_err(PlanError::from)?;
        if self.kills > MAX_KILLS {
            return Err(ChaosError::Schedule(format!(
                "--kills must be at most {MAX_KILLS}, not {}",
                self.kills
            )));
        }
        if !(self.min_gap_s >= MIN_GAP_S && self.min_gap_s <= self.max_gap_s) {
            return Err(ChaosError::Schedule(format!(
                "--min-gap must be at least {MIN_GAP_S} s and at most --max-gap ({} s), not {}",
                self.max_gap_s, self.min_gap_s
            )));
        }
        let needed = f64::from(self.kills) * self.max_gap_s + self.min_gap_s;
        if self.kills > 0 && needed > self.duration_s {
            return Err(ChaosError::Schedule(format!(
                "{} kills up to {} s apart, and {} s of load after the last, need a \
                 --duration of at least {needed} s, not {}",
                self.kills, self.max_gap_s, self.min_gap_s, self.duration_s
            )));
        }
        Ok(())
    }

    /// Time between one device's packets.
    pub fn interval(&self) -> std::time::Duration {
        std::time::Duration::from_secs_f64(f64::from(self.devices) / self.rate_per_s)
    }
}

/// One SIGKILL and the restart after it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Kill {
    /// When it was killed, seconds after the devices started.
    pub at_s: f64,
    /// The process killed.
    pub pid: u32,
    /// The signal it died of (9 for SIGKILL).
    pub signal: Option<i32>,
    /// Its exit code, had it exited by itself.
    pub exit_code: Option<i32>,
    /// The process started in its place.
    pub new_pid: u32,
    /// From the kill to the new process's ports answering, seconds.
    pub down_s: f64,
    /// From starting the new process to its ports answering, seconds.
    pub start_s: f64,
    /// Starts it took (more than one if a port was taken meanwhile).
    pub start_attempts: u32,
    /// Records acknowledged from the previous start to this kill.
    pub acked_before: u64,
}

/// How the gateway stopped at the end.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FinalStop {
    /// The process stopped.
    pub pid: u32,
    /// Its exit code, if it exited.
    pub exit_code: Option<i32>,
    /// The signal it died of, if any.
    pub signal: Option<i32>,
    /// From SIGTERM to its exit, seconds.
    pub took_s: f64,
    /// It exited 0 within the time allowed.
    pub clean: bool,
}

/// Everything one chaos run measured and found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChaosResults {
    /// From the devices' start to the last one stopping, seconds.
    pub wall_s: f64,
    /// The data directory used, and whether it was kept.
    pub data_dir: PathBuf,
    /// Whether the data directory is still there.
    pub data_dir_kept: bool,
    /// From the first start to the ports answering, seconds.
    pub first_start_s: f64,
    /// Kills asked for.
    pub kills_planned: u32,
    /// Every kill made, in order.
    pub kills: Vec<Kill>,
    /// Records acknowledged after the last start, until the end.
    pub acked_after_last_start: u64,
    /// Records sent again after a lost session: each one the gateway may
    /// have stored before it was killed, and must not store twice.
    pub records_resent: u64,
    /// The final SIGTERM.
    pub final_stop: FinalStop,
    /// What the store held.
    pub store: StoreScan,
    /// The store set against the acknowledgements.
    pub verdict: Verdict,
    /// The devices' counters (connection errors are expected at each kill).
    pub counts: Totals,
    /// Send to exact ack, per acknowledged packet.
    pub ack_latency: LatencySummary,
    /// Anything that qualifies the numbers.
    pub notes: Vec<String>,
}

impl ChaosResults {
    /// Restarts after a kill that came up.
    pub fn restarts(&self) -> usize {
        self.kills.len()
    }

    /// Reconnections: sessions after each device's first.
    pub fn reconnects(&self) -> u64 {
        self.counts.sessions - self.counts.initial_sessions
    }

    /// Everything that fails the run; empty when it passed.
    pub fn problems(&self) -> Vec<String> {
        let v = &self.verdict;
        let mut out = Vec::new();
        if v.lost > 0 {
            out.push(format!("{} acknowledged records lost", v.lost));
        }
        if v.duplicated > 0 {
            out.push(format!("{} records stored more than once", v.duplicated));
        }
        if v.unexpected > 0 {
            out.push(format!(
                "{} stored points match no record sent",
                v.unexpected
            ));
        }
        if !self.final_stop.clean {
            out.push("the gateway did not exit 0 on SIGTERM".into());
        }
        if self.kills.len() < self.kills_planned as usize {
            out.push(format!(
                "{} of {} kills made",
                self.kills.len(),
                self.kills_planned
            ));
        }
        if let Some(k) = self.kills.iter().find(|k| k.signal != Some(9)) {
            out.push(format!("process {} did not die of SIGKILL", k.pid));
        }
        if v.acked == 0 {
            out.push("no record was acknowledged".into());
        }
        out
    }

    /// Whether nothing acknowledged was lost or duplicated, every kill was
    /// made and the gateway stopped cleanly.
    pub fn passed(&self) -> bool {
        self.problems().is_empty()
    }
}

#[cfg(test)]
mod tests;
