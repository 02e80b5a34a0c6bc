//! The idle scenario: what an open, mostly silent connection costs the gateway.
//!
//! Devices log in and then send one single-record packet every interval
//! (five minutes by default, so a short run sees few), as parked trackers
//! do. They connect in two waves. After each wave is logged in and has
//! settled, the gateway's RSS is sampled; the slope between the two samples
//! is the memory one more connection costs, free of whatever the gateway
//! holds regardless of connections (runtime, store caches). The total RSS
//! over all connections, baseline included, is reported beside it.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use tokio::task::JoinSet;
use tokio::time::{Instant, sleep, sleep_until};

use super::common::{self, GatewayUsage, Probe, RunError};
use super::ingest::{MAX_DEVICES, MAX_DURATION_S, PlanError};
use crate::device::{self, Fleet};
use crate::dialect::Dialect;
use crate::imei;
use crate::procstat::Usage;
use crate::stats::{LatencySummary, Stats, Totals};

/// What to run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IdlePlan {
    /// The gateway's Teltonika TCP address (loopback only).
    pub target: SocketAddr,
    /// The protocol the devices speak.
    pub protocol: Dialect,
    /// Connections to hold open, at most (half in each wave).
    pub devices: u32,
    /// Seconds between one device's packets.
    pub interval_s: f64,
    /// Seconds the whole run lasts.
    pub duration_s: f64,
    /// Seconds to wait after a wave is in before sampling memory.
    pub settle_s: f64,
    /// The first device's IMEI.
    pub imei_base: u64,
    /// Seconds to wait for a connection, a login reply or an ack.
    pub reply_timeout_s: f64,
    /// Connections being set up at once, at most.
    pub max_handshakes: usize,
    /// The gateway's process id, to sample its memory.
    pub gateway_pid: Option<u32>,
}

impl IdlePlan {
    /// Checks every bound; a plan that passes runs for a bounded time.
    pub fn validate(&self) -> Result<(), PlanError> {
        crate::addr::check_target(self.target)?;
        if !(2..=MAX_DEVICES).contains(&self.devices) {
            return Err(PlanError::Devices(self.devices));
        }
        if !(self.duration_s > 0.0 && self.duration_s <= MAX_DURATION_S) {
            return Err(PlanError::Duration(self.duration_s));
        }
        // Two waves must be able to connect and settle inside the run.
        if !(0.0..=self.duration_s / 4.0).contains(&self.settle_s) {
            return Err(PlanError::Settle(self.settle_s));
        }
        if !(self.interval_s >= 1.0 && self.interval_s <= 3_600.0) {
            return Err(PlanError::Interval(self.interval_s));
        }
        if !(0.001..=60.0).contains(&self.reply_timeout_s) {
            return Err(PlanError::ReplyTimeout(self.reply_timeout_s));
        }
        imei::check_range(self.imei_base, u64::from(self.devices))?;
        Ok(())
    }
}

/// The gateway's memory with some number of connections open.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct RssPoint {
    /// Devices logged in at the time.
    pub connections: u64,
    /// The gateway's resident set size, KiB.
    pub rss_kib: u64,
    /// Seconds from the start of the run.
    pub at_s: f64,
}

/// KiB per connection between two points, if they differ in connections.
pub fn slope_kib(a: RssPoint, b: RssPoint) -> Option<f64> {
    let dn = b.connections as f64 - a.connections as f64;
    (dn != 0.0).then(|| (b.rss_kib as f64 - a.rss_kib as f64) / dn)
}

/// How many devices fit under an open-file limit of `limit` (at least two,
/// one per wave, or `None`).
pub fn fitting(limit: u64) -> Option<u32> {
    let devices = limit.checked_sub(common::SPARE_FDS)?;
    (devices >= 2).then(|| u32::try_from(devices).unwrap_or(u32::MAX))
}

/// Everything one idle run measured.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IdleResults {
    /// Devices run: those asked for, or fewer if the open-file limit said so.
    pub devices: u32,
    /// From the first connection to the end, seconds.
    pub wall_s: f64,
    /// RSS before any connection, after the first wave, after the second.
    pub rss: Vec<RssPoint>,
    /// Marginal memory per connection: the slope between the two waves, KiB.
    pub kib_per_connection: Option<f64>,
    /// All memory over all connections, baseline included, KiB.
    pub total_kib_per_connection: Option<f64>,
    /// Connect start to the `01` reply, per session.
    pub login_latency: LatencySummary,
    /// Every counter.
    pub counts: Totals,
    /// The gateway's usage, when its pid was given.
    pub gateway: Option<GatewayUsage>,
    /// The simulator's own usage.
    pub simulator: Option<Usage>,
    /// The open-file soft limit in force.
    pub nofile_limit: Option<u64>,
    /// Anything that qualifies the numbers.
    pub notes: Vec<String>,
}

/// Runs `plan` to its end.
pub async fn run(plan: &IdlePlan, stats: Arc<Stats>) -> Result<IdleResults, RunError> {
    plan.validate()?;
    let mut notes = Vec::new();
    // As many as the open-file limit allows, if fewer than asked.
    let (devices, nofile_limit) = match common::reserve_fds(plan.devices, &mut notes) {
        Ok(limit) => (plan.devices, limit),
        Err(RunError::Nofile { limit, .. }) if fitting(limit).is_some() => {
            let devices = fitting(limit).unwrap_or(2);
            notes.push(format!(
                "the open-file limit ({limit}) allows {devices} of the {} devices asked for",
                plan.devices
            ));
            (devices, Some(limit))
        }
        Err(e) => return Err(e),
    };
    let probe = Probe::start(plan.gateway_pid)?;
    let interval = Duration::from_secs_f64(plan.interval_s);
    let fleet = Arc::new(Fleet::new(
        plan.target,
        plan.protocol,
        1,
        interval,
        Duration::from_secs_f64(plan.reply_timeout_s),
        Duration::from_secs_f64(plan.duration_s),
        plan.max_handshakes,
        stats,
    ));
    let mut rss = Vec::new();
    let mut sample = |fleet: &Fleet| -> Result<(), RunError> {
        if let Some(pid) = plan.gateway_pid {
            rss.push(RssPoint {
                connections: fleet.stats.counts.totals().initial_sessions,
                rss_kib: common::sample_gateway(pid)?.rss_kib,
                at_s: fleet.start.elapsed().as_secs_f64(),
            });
        }
        Ok(())
    };
    sample(&fleet)?;
    let settle = Duration::from_secs_f64(plan.settle_s);
    let mut tasks = JoinSet::new();
    let half = devices / 2;
    for (from, to) in [(0, half), (half, devices)] {
        for i in from..to {
            let imei = imei::imei(plan.imei_base, u64::from(i)).map_err(PlanError::from)?;
            let phase = interval.mul_f64(f64::from(i) / f64::from(devices));
            tasks.spawn(device::run(fleet.clone(), u64::from(i), imei, phase));
        }
        // Waves get at most a third of the run each to connect.
        let wave_limit = Instant::now() + Duration::from_secs_f64(plan.duration_s / 3.0);
        while fleet.stats.counts.totals().initial_sessions < u64::from(to)
            && Instant::now() < wave_limit
        {
            sleep(Duration::from_millis(20)).await;
        }
        let logged_in = fleet.stats.counts.totals().initial_sessions;
        if logged_in < u64::from(to) {
            notes.push(format!(
                "only {logged_in} of {to} devices had logged in when memory was sampled"
            ));
        }
        sleep_until((Instant::now() + settle).min(fleet.deadline)).await;
        sample(&fleet)?;
    }
    let hard_stop = fleet.deadline + fleet.grace + common::HARD_STOP_SLACK;
    common::join_all(&mut tasks, hard_stop, &mut notes).await?;
    let wall = fleet.start.elapsed().as_secs_f64();
    let counts = fleet.stats.counts.totals();
    if counts.failures() > 0 {
        notes
            .push("sessions were lost during the run: memory per connection is approximate".into());
    }
    if plan.gateway_pid.is_none() {
        notes.push("give --gateway-pid to measure the gateway's memory per connection".into());
    }
    let (gateway, simulator) = probe.finish(wall)?;
    let (kib_per_connection, total_kib_per_connection) = match rss[..] {
        [base, wave1, wave2] => (slope_kib(wave1, wave2), slope_kib(base, wave2)),
        _ => (None, None),
    };
    Ok(IdleResults {
        devices,
        wall_s: wall,
        rss,
        kib_per_connection,
        total_kib_per_connection,
        login_latency: fleet.stats.login_latency.summary(),
        counts,
        gateway: gateway.map(|u| GatewayUsage::per_record(u, counts.records_acked)),
        simulator,
        nofile_limit,
        notes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan() -> IdlePlan {
        IdlePlan {
            target: "127.0.0.1:5027".parse().unwrap(),
            protocol: crate::dialect::Dialect::TELTONIKA,
            devices: 10_000,
            interval_s: 300.0,
            duration_s: 60.0,
            settle_s: 5.0,
            imei_base: 350_000_000_000_000,
            reply_timeout_s: 10.0,
            max_handshakes: 256,
            gateway_pid: None,
        }
    }

    #[test]
    fn bounds_are_enforced() {
        assert_eq!(plan().validate(), Ok(()));
        for bad in [
            IdlePlan {
                devices: 1,
                ..plan()
            },
            IdlePlan {
                devices: MAX_DEVICES + 1,
                ..plan()
            },
            IdlePlan {
                settle_s: 16.0,
                ..plan()
            },
            IdlePlan {
                interval_s: 0.5,
                ..plan()
            },
            IdlePlan {
                duration_s: 0.0,
                ..plan()
            },
            IdlePlan {
                target: "10.0.0.1:5027".parse().unwrap(),
                protocol: crate::dialect::Dialect::TELTONIKA,
                ..plan()
            },
        ] {
            assert!(bad.validate().is_err(), "{bad:?} passed");
        }
    }

    #[test]
    fn devices_fit_under_the_file_limit_with_spares() {
        assert_eq!(fitting(20_000), Some(20_000 - 64));
        assert_eq!(fitting(66), Some(2));
        assert_eq!(fitting(65), None);
        assert_eq!(fitting(10), None);
    }

    #[test]
    fn slope_is_kib_per_added_connection() {
        let p = |connections, rss_kib| RssPoint {
            connections,
            rss_kib,
            at_s: 0.0,
        };
        assert_eq!(slope_kib(p(5_000, 60_000), p(10_000, 100_000)), Some(8.0));
        assert_eq!(slope_kib(p(0, 20_000), p(10_000, 100_000)), Some(8.0));
        assert_eq!(slope_kib(p(10, 20_000), p(10, 30_000)), None);
        // Memory handed back to the system shows as a negative slope, not a panic.
        assert_eq!(slope_kib(p(0, 30_000), p(10, 29_990)), Some(-1.0));
    }
}
