//! The ingest scenario: N devices, each sending packets of K records, R
//! packets per second in all, for a fixed time.
//!
//! Device `i`'s slots are `N / R` seconds apart and offset by `i / R`, so the
//! aggregate is an even stream of R packets per second however many devices
//! share it. The run is bounded: at most [`MAX_DEVICES`] devices and
//! [`MAX_DURATION_S`] seconds, after which devices stop sending and wait at
//! most one reply timeout for their last ack.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use tokio::task::JoinSet;
use tokio::time::timeout_at;

use crate::device::{self, Fleet};
use crate::imei::{self, ImeiError};
use crate::limits;
use crate::procstat::{self, Usage};
use crate::stats::{LatencySummary, Totals};

/// Most devices one run simulates.
pub const MAX_DEVICES: u32 = 20_000;
/// Longest run, in seconds.
pub const MAX_DURATION_S: f64 = 600.0;
/// Highest aggregate packet rate accepted, per second.
pub const MAX_RATE: f64 = 1_000_000.0;
/// Most records one Teltonika packet can count.
pub const MAX_RECORDS: u32 = 255;
/// File descriptors kept free for everything that is not a device socket.
const SPARE_FDS: u64 = 64;

/// What to run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IngestPlan {
    /// The gateway's Teltonika TCP address (loopback only).
    pub target: SocketAddr,
    /// Simulated devices, each one connection.
    pub devices: u32,
    /// Records per AVL packet.
    pub records_per_packet: u32,
    /// Packets per second offered by all devices together.
    pub rate_per_s: f64,
    /// How long devices send, in seconds.
    pub duration_s: f64,
    /// The first device's IMEI (its last digit is replaced by a check digit).
    pub imei_base: u64,
    /// Seconds to wait for a connection, a login reply or an ack.
    pub reply_timeout_s: f64,
    /// Connections being set up at once, at most.
    pub max_handshakes: usize,
    /// The gateway's process id, to sample its CPU and memory.
    pub gateway_pid: Option<u32>,
}

/// Why a plan was refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PlanError {
    /// The target is not a loopback address.
    #[error(transparent)]
    Target(#[from] crate::addr::TargetError),
    /// Device count out of range.
    #[error("--devices must be 1..={MAX_DEVICES}, not {0}")]
    Devices(u32),
    /// Record count out of range.
    #[error("--records must be 1..={MAX_RECORDS} (one packet's count field), not {0}")]
    Records(u32),
    /// Rate out of range.
    #[error("--rate must be above 0 and at most {MAX_RATE} packets/s, not {0}")]
    Rate(f64),
    /// Duration out of range.
    #[error("--duration must be above 0 and at most {MAX_DURATION_S} s, not {0}")]
    Duration(f64),
    /// Reply timeout out of range.
    #[error("the reply timeout must be 0.001..=60 s, not {0}")]
    ReplyTimeout(f64),
    /// The IMEIs would not fit in 15 digits.
    #[error(transparent)]
    Imei(#[from] ImeiError),
}

impl IngestPlan {
    /// Checks every bound; a plan that passes runs for a bounded time.
    pub fn validate(&self) -> Result<(), PlanError> {
        crate::addr::check_target(self.target)?;
        if !(1..=MAX_DEVICES).contains(&self.devices) {
            return Err(PlanError::Devices(self.devices));
        }
        if !(1..=MAX_RECORDS).contains(&self.records_per_packet) {
            return Err(PlanError::Records(self.records_per_packet));
        }
        if !(self.rate_per_s > 0.0 && self.rate_per_s <= MAX_RATE) {
            return Err(PlanError::Rate(self.rate_per_s));
        }
        if !(self.duration_s > 0.0 && self.duration_s <= MAX_DURATION_S) {
            return Err(PlanError::Duration(self.duration_s));
        }
        if !(0.001..=60.0).contains(&self.reply_timeout_s) {
            return Err(PlanError::ReplyTimeout(self.reply_timeout_s));
        }
        imei::check_range(self.imei_base, u64::from(self.devices))?;
        Ok(())
    }

    /// Time between one device's packets.
    pub fn interval(&self) -> Duration {
        Duration::from_secs_f64(f64::from(self.devices) / self.rate_per_s)
    }
}

/// Why a run could not start.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// The plan is out of bounds.
    #[error(transparent)]
    Plan(#[from] PlanError),
    /// Not enough file descriptors for one socket per device.
    #[error(
        "{devices} devices need about {needed} open files but the limit is {limit}; \
         raise the hard limit (ulimit -Hn) or use fewer devices"
    )]
    Nofile {
        /// Devices asked for.
        devices: u32,
        /// Descriptors needed.
        needed: u64,
        /// The soft limit after raising it.
        limit: u64,
    },
    /// `--gateway-pid` names no readable process.
    #[error("cannot sample gateway process {pid}: {source}")]
    Gateway {
        /// The pid given.
        pid: u32,
        /// What reading /proc said.
        source: std::io::Error,
    },
    /// A record could not be encoded (a bug in the simulator).
    #[error("encoding a packet: {0}")]
    Encode(#[from] trackgate_protocols::teltonika::EncodeError),
}

/// A gateway's CPU and memory over a run, and its CPU cost per record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GatewayUsage {
    /// CPU and RSS between the start and end samples.
    pub usage: Usage,
    /// Gateway CPU microseconds per acknowledged record.
    pub cpu_us_per_record: Option<f64>,
}

/// Everything one ingest run measured.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IngestResults {
    /// From the first connection to the last device stopping, seconds.
    pub wall_s: f64,
    /// From start to the last device's first login, seconds.
    pub ramp_s: f64,
    /// First logins per second over the ramp.
    pub sessions_per_s: f64,
    /// Acknowledged records per second over the whole run.
    pub records_per_s: f64,
    /// Acknowledged packets per second over the whole run.
    pub packets_per_s: f64,
    /// Send to exact ack, per packet.
    pub ack_latency: LatencySummary,
    /// Connect start to the `01` reply, per session.
    pub login_latency: LatencySummary,
    /// Every counter.
    pub counts: Totals,
    /// The gateway's usage, when its pid was given.
    pub gateway: Option<GatewayUsage>,
    /// The simulator's own usage, to tell whether it was the bottleneck.
    pub simulator: Option<Usage>,
    /// The open-file soft limit in force (`None` = unlimited).
    pub nofile_limit: Option<u64>,
    /// Anything that qualifies the numbers.
    pub notes: Vec<String>,
}

/// Runs `plan` to its end and returns what was measured.
pub async fn run(plan: &IngestPlan) -> Result<IngestResults, RunError> {
    plan.validate()?;
    let mut notes = Vec::new();
    let nofile_limit = match limits::raise_nofile() {
        Ok(limit) => limit.now,
        Err(e) => {
            notes.push(format!("could not raise the open-file limit: {e}"));
            None
        }
    };
    let needed = u64::from(plan.devices) + SPARE_FDS;
    if let Some(limit) = nofile_limit.filter(|l| *l < needed) {
        return Err(RunError::Nofile {
            devices: plan.devices,
            needed,
            limit,
        });
    }
    if plan.target.is_ipv6() {
        notes.push("IPv6 target: all connections share ::1's ephemeral ports".into());
    }
    let sample = |pid| procstat::sample(pid).map_err(|source| RunError::Gateway { pid, source });
    let gateway_start = plan.gateway_pid.map(sample).transpose()?;
    let me = std::process::id();
    let simulator_start = procstat::sample(me).ok();

    let reply_timeout = Duration::from_secs_f64(plan.reply_timeout_s);
    let fleet = Arc::new(Fleet::new(
        plan.target,
        u8::try_from(plan.records_per_packet)
            .map_err(|_| PlanError::Records(plan.records_per_packet))?,
        plan.interval(),
        reply_timeout,
        Duration::from_secs_f64(plan.duration_s),
        plan.max_handshakes,
    ));
    let mut devices = JoinSet::new();
    for i in 0..plan.devices {
        let imei = imei::imei(plan.imei_base, u64::from(i)).map_err(PlanError::from)?;
        let phase = plan
            .interval()
            .mul_f64(f64::from(i) / f64::from(plan.devices));
        devices.spawn(device::run(fleet.clone(), u64::from(i), imei, phase));
    }
    // Devices stop by themselves; this is the backstop that keeps a run bounded.
    let hard_stop = fleet.deadline + fleet.grace + Duration::from_secs(5);
    let mut first_error = None;
    let finished = timeout_at(hard_stop, async {
        while let Some(joined) = devices.join_next().await {
            if let Ok(Err(e)) = joined {
                first_error.get_or_insert(e);
            }
        }
    })
    .await;
    if finished.is_err() {
        notes.push(format!(
            "{} devices had not stopped by the hard stop and were aborted",
            devices.len()
        ));
        devices.abort_all();
    }
    if let Some(e) = first_error {
        return Err(e.into());
    }
    let wall = fleet.start.elapsed().as_secs_f64();

    let counts = fleet.stats.counts.totals();
    let per_s = |n: u64| if wall > 0.0 { n as f64 / wall } else { 0.0 };
    let ramp_s = fleet.ramp().as_secs_f64();
    let gateway = match (plan.gateway_pid, gateway_start) {
        (Some(pid), Some(start)) => {
            let end = sample(pid)?;
            let usage = Usage::between(pid, start, end, wall);
            let cpu_us_per_record =
                (counts.records_acked > 0).then(|| usage.cpu_s * 1e6 / counts.records_acked as f64);
            Some(GatewayUsage {
                usage,
                cpu_us_per_record,
            })
        }
        _ => None,
    };
    let simulator = simulator_start
        .zip(procstat::sample(me).ok())
        .map(|(start, end)| Usage::between(me, start, end, wall));
    Ok(IngestResults {
        wall_s: wall,
        ramp_s,
        sessions_per_s: if ramp_s > 0.0 {
            counts.initial_sessions as f64 / ramp_s
        } else {
            0.0
        },
        records_per_s: per_s(counts.records_acked),
        packets_per_s: per_s(counts.packets_acked),
        ack_latency: fleet.stats.ack_latency.summary(),
        login_latency: fleet.stats.login_latency.summary(),
        counts,
        gateway,
        simulator,
        nofile_limit,
        notes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn plan() -> IngestPlan {
        IngestPlan {
            target: "127.0.0.1:5027".parse().unwrap(),
            devices: 100,
            records_per_packet: 10,
            rate_per_s: 50.0,
            duration_s: 10.0,
            imei_base: 350_000_000_000_000,
            reply_timeout_s: 10.0,
            max_handshakes: 256,
            gateway_pid: None,
        }
    }

    #[test]
    fn a_sensible_plan_passes() {
        let p = plan();
        assert_eq!(p.validate(), Ok(()));
        assert_eq!(p.interval(), Duration::from_secs(2));
    }

    #[test]
    fn bounds_are_enforced() {
        let bad = [
            IngestPlan {
                devices: 0,
                ..plan()
            },
            IngestPlan {
                devices: MAX_DEVICES + 1,
                ..plan()
            },
            IngestPlan {
                records_per_packet: 0,
                ..plan()
            },
            IngestPlan {
                records_per_packet: 256,
                ..plan()
            },
            IngestPlan {
                rate_per_s: 0.0,
                ..plan()
            },
            IngestPlan {
                rate_per_s: f64::NAN,
                ..plan()
            },
            IngestPlan {
                duration_s: 601.0,
                ..plan()
            },
            IngestPlan {
                duration_s: f64::INFINITY,
                ..plan()
            },
            IngestPlan {
                reply_timeout_s: 0.0,
                ..plan()
            },
            IngestPlan {
                imei_base: 999_999_999_999_990,
                ..plan()
            },
            IngestPlan {
                target: "10.1.2.3:5027".parse().unwrap(),
                ..plan()
            },
        ];
        for p in bad {
            assert!(p.validate().is_err(), "{p:?} passed");
        }
    }
}
