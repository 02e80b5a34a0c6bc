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

use super::common::{self, Probe};
use crate::baseline::Versus;
use crate::device::{self, Fleet};
use crate::dialect::Dialect;
use crate::imei::{self, ImeiError};
use crate::procstat::Usage;
use crate::push::sent::SentLog;
use crate::stats::{LatencySummary, Percentile, Stats, Totals};

/// Most devices one run simulates.
pub const MAX_DEVICES: u32 = 20_000;
/// Longest run, in seconds.
pub const MAX_DURATION_S: f64 = 600.0;
/// Highest aggregate packet rate accepted, per second.
pub const MAX_RATE: f64 = 1_000_000.0;
/// Most records one Teltonika packet can count.
pub const MAX_RECORDS: u32 = 255;

/// What to run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IngestPlan {
    /// The gateway's Teltonika TCP address (loopback only).
    pub target: SocketAddr,
    /// The protocol the devices speak.
    pub protocol: Dialect,
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

/// Why a plan (of any scenario) was refused.
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
    /// Idle settle time out of range.
    #[error("--settle must be 0 to a quarter of --duration, not {0}")]
    Settle(f64),
    /// Idle packet interval out of range.
    #[error("--interval must be 1..=3600 s, not {0}")]
    Interval(f64),
    /// An HTTP load parameter out of range.
    #[error("{0}")]
    Http(String),
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

pub use super::common::{GatewayUsage, RunError};

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
    /// The ack latency at finer quantiles, up to the maximum.
    #[serde(default)]
    pub ack_ladder: Vec<Percentile>,
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
    /// The same plan run against the baseline server after this run, unless
    /// it was left out (`--no-baseline`, or a run that is part of another
    /// scenario).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<Box<Versus<IngestResults>>>,
}

/// Runs `plan` to its end and returns what was measured.
pub async fn run(plan: &IngestPlan) -> Result<IngestResults, RunError> {
    run_with(plan, Arc::new(Stats::new())).await
}

/// Runs `plan`, counting into `stats` (which others may watch meanwhile).
pub async fn run_with(plan: &IngestPlan, stats: Arc<Stats>) -> Result<IngestResults, RunError> {
    run_noting(plan, stats, None).await
}

/// Runs `plan` like [`run_with`], noting every packet's newest fix and send
/// time in `sent` when given.
pub async fn run_noting(
    plan: &IngestPlan,
    stats: Arc<Stats>,
    sent: Option<Arc<SentLog>>,
) -> Result<IngestResults, RunError> {
    run_from(plan, stats, sent, 0).await
}

/// Runs `plan` like [`run_with`], its connections' source addresses chosen
/// from the `first_connection`-th on (see
/// [`crate::addr::fresh_source_after`]): a run made right after another.
pub async fn run_after(
    plan: &IngestPlan,
    stats: Arc<Stats>,
    first_connection: u64,
) -> Result<IngestResults, RunError> {
    run_from(plan, stats, None, first_connection).await
}

async fn run_from(
    plan: &IngestPlan,
    stats: Arc<Stats>,
    sent: Option<Arc<SentLog>>,
    first_connection: u64,
) -> Result<IngestResults, RunError> {
    plan.validate()?;
    let mut notes = Vec::new();
    let nofile_limit = common::reserve_fds(plan.devices, &mut notes)?;
    if plan.target.is_ipv6() {
        notes.push("IPv6 target: all connections share ::1's ephemeral ports".into());
    }
    let probe = Probe::start(plan.gateway_pid)?;
    let fleet = Arc::new(
        Fleet::new(
            plan.target,
            plan.protocol,
            u8::try_from(plan.records_per_packet)
                .map_err(|_| PlanError::Records(plan.records_per_packet))?,
            plan.interval(),
            Duration::from_secs_f64(plan.reply_timeout_s),
            Duration::from_secs_f64(plan.duration_s),
            plan.max_handshakes,
            stats,
        )
        .noting_sends(sent)
        .from_connection(first_connection),
    );
    let mut devices = JoinSet::new();
    for i in 0..plan.devices {
        let imei = imei::imei(plan.imei_base, u64::from(i)).map_err(PlanError::from)?;
        let phase = plan
            .interval()
            .mul_f64(f64::from(i) / f64::from(plan.devices));
        devices.spawn(device::run(fleet.clone(), u64::from(i), imei, phase));
    }
    // Devices stop by themselves; this is the backstop that keeps a run bounded.
    let hard_stop = fleet.deadline + fleet.grace + common::HARD_STOP_SLACK;
    common::join_all(&mut devices, hard_stop, &mut notes).await?;
    let wall = fleet.start.elapsed().as_secs_f64();

    let counts = fleet.stats.counts.totals();
    let ramp_s = fleet.ramp().as_secs_f64();
    let (gateway, simulator) = probe.finish(wall)?;
    Ok(IngestResults {
        wall_s: wall,
        ramp_s,
        sessions_per_s: common::per_s(counts.initial_sessions, ramp_s),
        records_per_s: common::per_s(counts.records_acked, wall),
        packets_per_s: common::per_s(counts.packets_acked, wall),
        ack_latency: fleet.stats.ack_latency.summary(),
        login_latency: fleet.stats.login_latency.summary(),
        ack_ladder: fleet.stats.ack_latency.ladder(),
        counts,
        gateway: gateway.map(|u| {
            GatewayUsage::per_record(u, counts.records_acked).per_packet(counts.packets_acked)
        }),
        simulator,
        nofile_limit,
        notes,
        baseline: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn plan() -> IngestPlan {
        IngestPlan {
            target: "127.0.0.1:5027".parse().unwrap(),
            protocol: crate::dialect::Dialect::TELTONIKA,
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
                protocol: crate::dialect::Dialect::TELTONIKA,
                ..plan()
            },
        ];
        for p in bad {
            assert!(p.validate().is_err(), "{p:?} passed");
        }
    }
}
