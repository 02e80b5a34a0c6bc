//! Running a flood plan: the gateway started, the canary provisioned and
//! run, the flood applied and stopped, the recovery watched, the gateway
//! stopped, everything collected.

use std::sync::Arc;
use std::time::Duration;

use rustix::process::{Resource, getrlimit};
use serde_json::json;
use tokio::sync::{Semaphore, watch};
use tokio::task::JoinSet;
use tokio::time::{Instant, MissedTickBehavior, interval_at, sleep_until, timeout};

use super::attack::Attack;
use super::canary::{self, ApiCanary, Canary};
use super::outcome::Tally;
use super::spawn;
use super::timeline::{self, Phase, Timeline};
use super::{FloodPlan, FloodResults, GatewayFacts};
use crate::device::Fleet;
use crate::http::client::Client;
use crate::http::navixy;
use crate::imei;
use crate::launch::{DataDir, DataDirError, Launch, LaunchError, Running};
use crate::procstat::{self, Footprint};
use crate::progress::Progress;
use crate::scenario::api::provision;
use crate::scenario::common::{self, HARD_STOP_SLACK, RunError};
use crate::sockets::Table;
use crate::stats::Stats;

/// The Server API key the gateway is started with.
const SERVER_KEY: &str = "flood-bench-server-key";
/// How long the gateway may take to start.
const READY_WITHIN: Duration = Duration::from_secs(60);
/// How long the flood's connections may take to close once it stops.
const STOP_FLOOD_WITHIN: Duration = Duration::from_secs(15);
/// Seconds into the flood of the first count of who holds its connections
/// (at most half the flood).
const CENSUS_EARLY_S: u32 = 5;
/// How long the gateway may take to stop on SIGTERM.
const STOP_WITHIN: Duration = Duration::from_secs(30);

/// Why a flood run could not be made (a run in which the canary did not
/// recover is not an error: see [`FloodResults::passed`]).
#[derive(Debug, thiserror::Error)]
pub enum FloodError {
    /// The plan is out of bounds.
    #[error("{0}")]
    Plan(String),
    /// The data directory is not usable.
    #[error(transparent)]
    DataDir(#[from] DataDirError),
    /// Descriptors, provisioning or a simulator bug.
    #[error(transparent)]
    Run(#[from] RunError),
    /// The gateway did not start.
    #[error("starting the gateway: {0}")]
    Start(#[source] LaunchError),
    /// Stopping it failed.
    #[error("stopping the gateway: {0}")]
    Stop(#[source] LaunchError),
}

/// Runs `plan` on a runtime of its own with `threads` worker threads.
pub fn run_blocking(plan: &FloodPlan, threads: usize) -> Result<FloodResults, FloodError> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(threads.max(1))
        .enable_all()
        .build()
        .map_err(|e| FloodError::Plan(format!("starting a runtime: {e}")))?
        .block_on(run(plan, false))
}

/// Runs `plan`, with a progress line on stderr if `show_progress`.
pub async fn run(plan: &FloodPlan, show_progress: bool) -> Result<FloodResults, FloodError> {
    plan.validate().map_err(FloodError::Plan)?;
    let mut notes = Vec::new();
    // Raised before the gateway starts: it inherits this limit unless given its own.
    common::reserve_fds(plan.connections + plan.canary_devices, &mut notes)?;
    if let (Some(asked), Some(hard)) = (plan.gateway_nofile, getrlimit(Resource::Nofile).maximum)
        && asked > hard
    {
        return Err(FloodError::Plan(format!(
            "--gateway-nofile {asked} is above the hard limit ({hard})"
        )));
    }
    let data = DataDir::prepare(plan.data_dir.as_deref(), "trackgate-flood-")?;
    let log = (plan.gateway_log.clone()).unwrap_or_else(|| data.path().join("gateway.log"));
    // The launcher appends; this run's log is this run's alone.
    std::fs::write(&log, "")
        .map_err(|e| FloodError::Plan(format!("cannot write the log {}: {e}", log.display())))?;
    let protocol = plan.protocol.protocol();
    let launch = Launch::new(&plan.gateway_bin, data.path(), SERVER_KEY)
        .map_err(|e| FloodError::Start(e.into()))?
        .register_unknown(plan.kind == super::FloodKind::UnknownDevices)
        .nofile(plan.gateway_nofile)
        .env(&plan.gateway_env)
        .log_to(&log);
    let (launch, mut gateway) = launch
        .start_fresh(protocol, READY_WITHIN)
        .await
        .map_err(FloodError::Start)?;
    let pid = gateway.pid();
    let ready_s = gateway.ready_after().as_secs_f64();
    let nofile = procstat::nofile_limit(pid).unwrap_or((None, None));

    let imeis = (0..u64::from(plan.canary_devices))
        .map(|i| imei::imei(plan.imei_base, i).map_err(|e| FloodError::Plan(e.to_string())))
        .collect::<Result<Vec<_>, _>>()?;
    let ids: Vec<String> = imeis.iter().map(|i| plan.protocol.device_id(i)).collect();
    let trackers = provision_canary(&launch, plan, &ids).await?;

    // The run: the canary from second 0, the flood from `warmup`.
    let phases = plan.phases;
    let stats = Arc::new(Stats::new());
    let fleet = Arc::new(Fleet::new(
        launch.listener(protocol),
        plan.protocol,
        1,
        Duration::from_secs_f64(plan.canary_interval_s),
        Duration::from_secs_f64(plan.reply_timeout_s),
        Duration::from_secs(u64::from(phases.total_s())),
        256,
        stats,
    ));
    let start = fleet.start;
    let until = fleet.deadline;
    let timeline = Arc::new(Timeline::new(start, phases));
    let canary = Arc::new(Canary::new(timeline.clone()));
    let watched = canary.clone();
    let _progress = Progress::start(
        show_progress,
        Duration::from_secs(u64::from(phases.total_s())),
        "canary acks",
        Box::new(move || watched.totals()),
    );
    let at_start = procstat::footprint(pid).ok();
    let mut devices = JoinSet::new();
    for (i, imei) in imeis.into_iter().enumerate() {
        let device = canary::device(
            fleet.clone(),
            canary.clone(),
            i as u32,
            imei,
            plan.canary_devices,
        );
        devices.spawn(device);
    }
    let api = ApiCanary {
        api: launch.api(),
        login: plan.email.clone(),
        password: plan.password.clone(),
        trackers: Arc::new(trackers),
        timeout: Duration::from_secs_f64(plan.reply_timeout_s),
        login_every: plan.canary_login_every,
    };
    let api_client = tokio::spawn(canary::api(canary.clone(), api, until));
    let sampler = tokio::spawn(sample_gateway(pid, timeline.clone(), until));

    sleep_until(start + secs(phases.warmup_s)).await;
    let before = procstat::footprint(pid).ok();
    let (stop, stopped) = watch::channel(false);
    let target = if plan.kind.targets_api() {
        launch.api()
    } else {
        launch.listener(protocol)
    };
    let at_once = match plan.max_handshakes {
        0 => plan.connections as usize,
        n => n,
    };
    let attack = Attack {
        target,
        timeout: Duration::from_secs_f64(plan.reply_timeout_s),
        handshakes: Arc::new(Semaphore::new(at_once)),
        stop: stopped,
        tally: Arc::new(Tally::default()),
    };
    let mut flood = JoinSet::new();
    spawn::flood(plan, &attack, launch.api(), &mut flood).map_err(FloodError::Plan)?;

    // Who holds the connections, once they are all made and at the end.
    let mut census = Vec::new();
    let early_s = CENSUS_EARLY_S.min(phases.flood_s / 2);
    for at_s in [early_s, phases.flood_s] {
        sleep_until(start + secs(phases.warmup_s + at_s)).await;
        if plan.kind.holds_connections() && at_s > 0 {
            let tally = attack.tally.clone();
            let read = move || tally.census(&Table::read(), target, at_s);
            census.extend(tokio::task::spawn_blocking(read).await.ok());
        }
    }
    let flood_end = procstat::footprint(pid).ok();
    let _ = stop.send(true);
    let stopping = Instant::now();
    if timeout(STOP_FLOOD_WITHIN, async {
        while flood.join_next().await.is_some() {}
    })
    .await
    .is_err()
    {
        notes.push(format!(
            "{} flood connections had not closed {} s after the flood stopped; aborted",
            flood.len(),
            STOP_FLOOD_WITHIN.as_secs()
        ));
        flood.abort_all();
    }
    let flood_stop_s = stopping.elapsed().as_secs_f64();

    sleep_until(until).await;
    let after = procstat::footprint(pid).ok();
    let hard_stop = until + fleet.grace + HARD_STOP_SLACK;
    common::join_all(&mut devices, hard_stop, &mut notes)
        .await
        .map_err(RunError::Encode)?;
    let _ = timeout(HARD_STOP_SLACK + fleet.grace, api_client).await;
    sampler.abort();

    let exited = gateway
        .try_wait()
        .ok()
        .flatten()
        .map(|status| status.to_string());
    let stop = if exited.is_some() {
        "had already exited".to_owned()
    } else {
        stop_gateway(gateway).await?
    };
    let registered = match plan.kind {
        super::FloodKind::UnknownDevices => {
            spawn::registered(plan, data.path()).await.map_err(|e| {
                notes.push(format!("reading the store for registered trackers: {e}"));
            })
        }
        _ => Err(()),
    }
    .ok();

    let seconds = timeline.seconds();
    let peak = seconds
        .iter()
        .filter(|s| phases.of(s.at_s) == Phase::During)
        .filter_map(|s| s.gateway)
        .chain(flood_end)
        .reduce(Footprint::max);
    let marks = [at_start, before, flood_end, after];
    let canary = Phase::ALL
        .iter()
        .enumerate()
        .map(|(i, &phase)| {
            let seconds = match phase {
                Phase::Before => phases.warmup_s,
                Phase::During => phases.flood_s,
                Phase::After => phases.recovery_s,
            };
            let mut results = canary.results(phase, seconds);
            results.gateway_cpu_percent = marks[i]
                .zip(marks[i + 1])
                .map(|(a, b)| 100.0 * (b.cpu_s - a.cpu_s).max(0.0) / f64::from(seconds));
            results
        })
        .collect();
    let recovery = timeline::recovery(&seconds, phases, plan.settle_s(), exited.is_none());
    let kept = data.kept() || plan.gateway_log.is_some();
    Ok(FloodResults {
        gateway: GatewayFacts {
            pid,
            ready_s,
            nofile,
            start: at_start,
            before,
            peak,
            flood_end,
            after,
            exited,
            stop,
            log: spawn::log_summary(&log, kept),
            data_dir: data.path().to_path_buf(),
            data_dir_kept: data.kept(),
        },
        canary,
        recovery,
        flood: attack.tally.counts(census),
        flood_stop_s,
        registered,
        timeline: seconds,
        notes,
    })
}

fn secs(s: u32) -> Duration {
    Duration::from_secs(u64::from(s))
}

/// Adds the canary user and its trackers; returns the trackers' ids.
async fn provision_canary(
    launch: &Launch,
    plan: &FloodPlan,
    ids: &[String],
) -> Result<Vec<u64>, FloodError> {
    let mut admin = Client::new(launch.api(), Duration::from_secs(30));
    let login = (plan.email.as_str(), plan.password.as_str());
    let hash = provision(&mut admin, SERVER_KEY, login, ids).await?;
    let body = json!({ "hash": hash }).to_string();
    let list = admin
        .post_json("/v2/tracker/list", body.as_bytes())
        .await
        .map_err(|e| RunError::Provision(format!("tracker/list: {e}")))?;
    let trackers = navixy::tracker_ids(&list.body, ids).map_err(RunError::Provision)?;
    if trackers.len() < ids.len() {
        return Err(RunError::Provision(format!(
            "only {} of {} canary devices are the user's trackers",
            trackers.len(),
            ids.len()
        ))
        .into());
    }
    Ok(trackers)
}

/// Samples the gateway's footprint once a second into `timeline`.
async fn sample_gateway(pid: u32, timeline: Arc<Timeline>, until: Instant) {
    let mut tick = interval_at(timeline.start, Duration::from_secs(1));
    tick.set_missed_tick_behavior(MissedTickBehavior::Skip);
    loop {
        let at = tick.tick().await;
        if at >= until {
            return;
        }
        let sampled = tokio::task::spawn_blocking(move || procstat::footprint(pid)).await;
        if let Ok(Ok(footprint)) = sampled {
            timeline.note(at, |s| s.gateway = Some(footprint));
        }
    }
}

/// Stops the gateway with SIGTERM; how it went.
async fn stop_gateway(gateway: Running) -> Result<String, FloodError> {
    let stopped = gateway
        .terminate(STOP_WITHIN)
        .await
        .map_err(FloodError::Stop)?;
    Ok(match stopped {
        Some(ended) => match (ended.code, ended.signal) {
            (Some(code), _) => format!("exit {code} after {} ms", ended.took.as_millis()),
            (None, Some(signal)) => format!("signal {signal} after {} ms", ended.took.as_millis()),
            (None, None) => "ended".into(),
        },
        None => format!("not stopped within {} s; killed", STOP_WITHIN.as_secs()),
    })
}
