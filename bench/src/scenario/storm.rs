//! The storm scenario: every device connecting at once, as after a gateway
//! restart or a cell-network outage.
//!
//! Each device connects, logs in and sends one single-record packet; its
//! session counts when that packet's exact ack arrives. By default nothing
//! paces the handshakes, so the gateway's accept backlog is what limits them:
//! an overflowing backlog shows up as SYN retransmits (1 s, 3 s, ...) in the
//! connect+login latency. Connections stay open until every device is done
//! (and `hold_s` more), so the gateway holds all of them at the end.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use tokio::sync::watch;
use tokio::task::JoinSet;
use tokio::time::{Instant, sleep};

use super::common::{self, Probe, RunError};
use super::ingest::{MAX_DEVICES, PlanError};
use crate::baseline::Versus;
use crate::device::{self, Fleet};
use crate::dialect::Dialect;
use crate::imei;
use crate::procstat::Usage;
use crate::stats::{Counts, Latency, LatencySummary, Stats, Totals};
use crate::track::Track;

/// What to run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StormPlan {
    /// The gateway's Teltonika TCP address (loopback only).
    pub target: SocketAddr,
    /// The protocol the devices speak.
    pub protocol: Dialect,
    /// Devices connecting at once.
    pub devices: u32,
    /// The first device's IMEI.
    pub imei_base: u64,
    /// Seconds to wait for a connection, a login reply or an ack.
    pub reply_timeout_s: f64,
    /// Handshakes in flight at once, at most (0: all devices).
    pub max_handshakes: usize,
    /// Seconds to keep every connection open after the last device is done.
    pub hold_s: f64,
    /// The gateway's process id, to sample its CPU and memory.
    pub gateway_pid: Option<u32>,
}

impl StormPlan {
    /// Checks every bound; a plan that passes runs for a bounded time.
    pub fn validate(&self) -> Result<(), PlanError> {
        crate::addr::check_target(self.target)?;
        if !(1..=MAX_DEVICES).contains(&self.devices) {
            return Err(PlanError::Devices(self.devices));
        }
        if !(0.001..=60.0).contains(&self.reply_timeout_s) {
            return Err(PlanError::ReplyTimeout(self.reply_timeout_s));
        }
        if !(0.0..=60.0).contains(&self.hold_s) {
            return Err(PlanError::Duration(self.hold_s));
        }
        imei::check_range(self.imei_base, u64::from(self.devices))?;
        Ok(())
    }

    /// The longest a device can take: connect, login and ack timeouts.
    pub fn bound(&self) -> Duration {
        Duration::from_secs_f64(self.reply_timeout_s * 3.0)
    }
}

/// Everything one storm measured.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StormResults {
    /// From the first connect to the last device done, seconds.
    pub storm_s: f64,
    /// From the first connect to the last first ack, seconds (`None` if
    /// some device never got one).
    pub all_acked_s: Option<f64>,
    /// Sessions (connect, login, first ack) completed per second over the storm.
    pub sessions_per_s: f64,
    /// Connect start to the `01` reply.
    pub login_latency: LatencySummary,
    /// Connect start to the first packet's ack: a whole session's setup.
    pub session_latency: LatencySummary,
    /// Every counter.
    pub counts: Totals,
    /// The gateway's CPU and memory; CPU per session in `cpu_us_per_session`.
    pub gateway: Option<Usage>,
    /// Gateway CPU microseconds per completed session.
    pub cpu_us_per_session: Option<f64>,
    /// The simulator's own usage.
    pub simulator: Option<Usage>,
    /// The open-file soft limit in force.
    pub nofile_limit: Option<u64>,
    /// Anything that qualifies the numbers.
    pub notes: Vec<String>,
    /// The same storm against the floor server after this one, unless it
    /// was left out (`--no-floor`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub floor: Option<Box<Versus<StormResults>>>,
}

/// What the storm's devices share besides the fleet.
#[derive(Debug, Default)]
struct Storm {
    session_latency: Latency,
    done: AtomicU64,
    last_ack_us: AtomicU64,
}

/// Runs `plan` to its end.
pub async fn run(plan: &StormPlan, stats: Arc<Stats>) -> Result<StormResults, RunError> {
    run_after(plan, stats, 0).await
}

/// Runs `plan` like [`run`], its connections' source addresses chosen from
/// the `first_connection`-th on (see [`crate::addr::fresh_source_after`]):
/// a storm made right after another.
pub async fn run_after(
    plan: &StormPlan,
    stats: Arc<Stats>,
    first_connection: u64,
) -> Result<StormResults, RunError> {
    plan.validate()?;
    let mut notes = Vec::new();
    let nofile_limit = common::reserve_fds(plan.devices, &mut notes)?;
    let probe = Probe::start(plan.gateway_pid)?;
    let handshakes = match plan.max_handshakes {
        0 => plan.devices as usize,
        n => n,
    };
    let fleet = Arc::new(
        Fleet::new(
            plan.target,
            plan.protocol,
            1,
            Duration::from_secs(1),
            Duration::from_secs_f64(plan.reply_timeout_s),
            plan.bound(),
            handshakes,
            stats,
        )
        .from_connection(first_connection),
    );
    let storm = Arc::new(Storm::default());
    let (release, hold) = watch::channel(false);
    let mut devices = JoinSet::new();
    for i in 0..plan.devices {
        let imei = imei::imei(plan.imei_base, u64::from(i)).map_err(PlanError::from)?;
        let (fleet, storm, hold) = (fleet.clone(), storm.clone(), hold.clone());
        devices.spawn(async move {
            let result = session(&fleet, &storm, u64::from(i), &imei).await;
            storm.done.fetch_add(1, Ordering::Relaxed);
            let stream = result?;
            // Hold the connection until every device is done.
            let mut hold = hold;
            let _ = hold.wait_for(|released| *released).await;
            drop(stream);
            Ok::<(), String>(())
        });
    }
    let end = fleet.start + plan.bound() + fleet.grace;
    while storm.done.load(Ordering::Relaxed) < u64::from(plan.devices) && Instant::now() < end {
        sleep(Duration::from_millis(5)).await;
    }
    let storm_s = fleet.start.elapsed().as_secs_f64();
    sleep(Duration::from_secs_f64(plan.hold_s)).await;
    let (gateway, simulator) = probe.finish(storm_s)?;
    let _ = release.send(true);
    common::join_all(
        &mut devices,
        Instant::now() + common::HARD_STOP_SLACK,
        &mut notes,
    )
    .await?;

    let counts = fleet.stats.counts.totals();
    let last_ack_s = storm.last_ack_us.load(Ordering::Relaxed) as f64 / 1e6;
    let all_acked = counts.packets_acked == u64::from(plan.devices);
    if !all_acked {
        notes.push(format!(
            "{} of {} devices never got their first ack",
            u64::from(plan.devices) - counts.packets_acked,
            plan.devices
        ));
    }
    Ok(StormResults {
        storm_s,
        all_acked_s: all_acked.then_some(last_ack_s),
        sessions_per_s: common::per_s(counts.packets_acked, last_ack_s),
        login_latency: fleet.stats.login_latency.summary(),
        session_latency: storm.session_latency.summary(),
        counts,
        cpu_us_per_session: gateway
            .as_ref()
            .and_then(|g| common::per_unit_us(g.cpu_s, counts.packets_acked)),
        gateway,
        simulator,
        nofile_limit,
        notes,
        floor: None,
    })
}

/// One device: connect, log in, send one record, require its ack.
/// Returns the open connection, if it got that far.
async fn session(
    fleet: &Fleet,
    storm: &Storm,
    index: u64,
    imei: &str,
) -> Result<Option<tokio::net::TcpStream>, String> {
    let counts = &fleet.stats.counts;
    let started = Instant::now();
    let mut serial = 0u16;
    let login = fleet.dialect.login(imei, &mut serial);
    let mut stream = match device::connect_and_login(fleet, &login).await {
        Ok(stream) => stream,
        Err(lost) => {
            lost.count(counts);
            return Ok(None);
        }
    };
    Counts::bump(&counts.sessions);
    Counts::bump(&counts.initial_sessions);
    let now_ms = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64);
    let records = Track::new(index).next_records(1, now_ms, 1_000);
    let packet = fleet.dialect.packet(imei, &records, &mut serial)?;
    match device::exchange(fleet, &mut stream, &packet.send, &packet.expect).await {
        Ok(latency) => {
            fleet.stats.ack_latency.record(latency);
            storm.session_latency.record(started.elapsed());
            Counts::bump(&counts.packets_acked);
            Counts::bump(&counts.records_acked);
            let us = fleet.start.elapsed().as_micros() as u64;
            storm.last_ack_us.fetch_max(us, Ordering::Relaxed);
            Ok(Some(stream))
        }
        Err(lost) => {
            lost.count(counts);
            Ok(None)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_are_enforced() {
        let plan = StormPlan {
            target: "127.0.0.1:5027".parse().unwrap(),
            protocol: crate::dialect::Dialect::TELTONIKA,
            devices: 5_000,
            imei_base: 350_000_000_000_000,
            reply_timeout_s: 10.0,
            max_handshakes: 0,
            hold_s: 1.0,
            gateway_pid: None,
        };
        assert_eq!(plan.validate(), Ok(()));
        assert_eq!(plan.bound(), Duration::from_secs(30));
        for bad in [
            StormPlan {
                devices: 0,
                ..plan.clone()
            },
            StormPlan {
                devices: 20_001,
                ..plan.clone()
            },
            StormPlan {
                hold_s: 61.0,
                ..plan.clone()
            },
            StormPlan {
                reply_timeout_s: 0.0,
                ..plan.clone()
            },
            StormPlan {
                target: "[2001:db8::1]:5027".parse().unwrap(),
                protocol: crate::dialect::Dialect::TELTONIKA,
                ..plan.clone()
            },
        ] {
            assert!(bad.validate().is_err(), "{bad:?} passed");
        }
    }
}
