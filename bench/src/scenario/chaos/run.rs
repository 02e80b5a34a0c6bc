//! Running a chaos plan: the gateway started, killed and restarted under
//! the devices, stopped, and its store checked.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use tokio::task::JoinSet;
use tokio::time::{Instant, sleep, sleep_until, timeout_at};
use trackgate_protocols::Protocol;

use super::device::{self, Book, FIX_STEP_MS};
use super::stored;
use super::verify::{self, Ledger, RecordId};
use super::{ChaosPlan, ChaosResults, FinalStop, Kill};
use crate::device::Fleet;
use crate::imei;
use crate::launch::{DataDir, DataDirError, Launch, LaunchError, Running};
use crate::rng::Rng;
use crate::scenario::common::{self, RunError};
use crate::scenario::ingest::PlanError;
use crate::stats::Stats;

/// The Server API key the gateway is started with (nothing uses the API).
const SERVER_KEY: &str = "chaos-bench-server-key";
/// How long a start may take until the ports answer (a restart replays the
/// write-ahead log first).
const READY_WITHIN: Duration = Duration::from_secs(60);
/// Attempts at a restart on the same ports, should one be taken meanwhile.
const RESTART_ATTEMPTS: u32 = 3;
/// How long the gateway may take to stop after SIGTERM.
const STOP_WITHIN: Duration = Duration::from_secs(60);

/// Why a chaos run could not be made (a run that was made and found
/// records lost is not an error: see [`ChaosResults::problems`]).
#[derive(Debug, thiserror::Error)]
pub enum ChaosError {
    /// The plan is out of bounds.
    #[error(transparent)]
    Plan(#[from] PlanError),
    /// The kills do not fit the plan.
    #[error("{0}")]
    Schedule(String),
    /// The data directory is not usable.
    #[error(transparent)]
    DataDir(#[from] DataDirError),
    /// Setting up the devices failed.
    #[error(transparent)]
    Run(#[from] RunError),
    /// The first start failed.
    #[error("starting the gateway: {0}")]
    Start(#[source] LaunchError),
    /// Killing or stopping it failed.
    #[error("signalling the gateway: {0}")]
    Signal(#[source] LaunchError),
    /// A restart after a kill failed: the gateway did not come back.
    #[error("restarting the gateway after kill {kill}: {source}")]
    Restart {
        /// Which kill (1-based).
        kill: usize,
        /// Why.
        #[source]
        source: LaunchError,
    },
    /// The store could not be read after the run.
    #[error("reading the store: {0}")]
    Store(#[from] trackgate_store::StoreError),
    /// A task of the run failed unexpectedly.
    #[error("{0}")]
    Task(String),
}

/// Runs `plan` on a runtime of its own with `threads` worker threads.
pub fn run_blocking(plan: &ChaosPlan, threads: usize) -> Result<ChaosResults, ChaosError> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(threads.max(1))
        .enable_all()
        .build()
        .map_err(|e| ChaosError::Task(format!("starting a runtime: {e}")))?
        .block_on(run(plan, Arc::new(Stats::new())))
}

/// Runs `plan`, counting into `stats` (which others may watch meanwhile).
pub async fn run(plan: &ChaosPlan, stats: Arc<Stats>) -> Result<ChaosResults, ChaosError> {
    plan.validate()?;
    let mut notes = Vec::new();
    // Raised before the gateway starts, so it inherits the limit too.
    common::reserve_fds(plan.devices, &mut notes)?;
    let data = DataDir::prepare(plan.data_dir.as_deref(), "trackgate-chaos-")?;
    let protocol = plan.protocol.protocol();
    let launch = Launch::new(&plan.gateway_bin, data.path(), SERVER_KEY)
        .map_err(|e| ChaosError::Start(e.into()))?;
    let (launch, mut gateway) = launch
        .start_fresh(protocol, READY_WITHIN)
        .await
        .map_err(ChaosError::Start)?;
    let first_start_s = gateway.ready_after().as_secs_f64();

    let records = u8::try_from(plan.records_per_packet)
        .map_err(|_| PlanError::Records(plan.records_per_packet))?;
    let fleet = Arc::new(Fleet::new(
        launch.listener(protocol),
        plan.protocol,
        records,
        plan.interval(),
        Duration::from_secs_f64(plan.reply_timeout_s),
        Duration::from_secs_f64(plan.duration_s),
        plan.max_handshakes,
        stats,
    ));
    let first_fix_ms = first_fix_ms(plan);
    let mut devices = JoinSet::new();
    let mut known = HashMap::new();
    for i in 0..plan.devices {
        let imei = imei::imei(plan.imei_base, u64::from(i)).map_err(PlanError::from)?;
        known.insert(plan.protocol.device_id(&imei), i);
        let phase = plan
            .interval()
            .mul_f64(f64::from(i) / f64::from(plan.devices));
        let run = device::run(fleet.clone(), i, imei, phase, first_fix_ms);
        devices.spawn(async move { run.await.map(|book| (i, book)) });
    }

    // The kills, each a random gap after the gateway last came up.
    let mut rng = Rng::new(plan.seed);
    let mut kills = Vec::new();
    let mut up_since = fleet.start;
    let mut acked_at_start = 0;
    let min_gap = Duration::from_secs_f64(plan.min_gap_s);
    for n in 1..=plan.kills as usize {
        let gap = rng.range(plan.min_gap_s, plan.max_gap_s);
        let at = up_since + Duration::from_secs_f64(gap);
        if at + min_gap > fleet.deadline {
            notes.push(format!(
                "kill {n} would have come less than --min-gap before the end \
                 (restarts took longer than planned); no more kills made"
            ));
            break;
        }
        sleep_until(at).await;
        let acked = fleet.stats.counts.totals().records_acked;
        let (kill, restarted) = kill_and_restart(n, gateway, &launch, protocol, &fleet).await?;
        kills.push(Kill {
            acked_before: acked - acked_at_start,
            ..kill
        });
        acked_at_start = acked;
        gateway = restarted;
        up_since = Instant::now();
    }

    let books = collect(&mut devices, &fleet).await?;
    let wall_s = fleet.start.elapsed().as_secs_f64();
    let counts = fleet.stats.counts.totals();
    let final_stop = stop(gateway).await?;

    let path = data.path().to_path_buf();
    let (store, points) = tokio::task::spawn_blocking(move || stored::read(&path, &known))
        .await
        .map_err(|e| ChaosError::Task(format!("reading the store: {e}")))??;
    let verdict = verify::verify(&ledger(&books), points);
    Ok(ChaosResults {
        wall_s,
        data_dir: data.path().to_path_buf(),
        data_dir_kept: data.kept(),
        first_start_s,
        kills_planned: plan.kills,
        kills,
        acked_after_last_start: counts.records_acked - acked_at_start,
        records_resent: books.iter().map(|(_, book)| book.resent).sum(),
        final_stop,
        store,
        verdict,
        counts,
        ack_latency: fleet.stats.ack_latency.summary(),
        notes,
    })
}

/// The first fix time of every device: whole seconds, far enough in the
/// past that a device's last record is not in the future (one second per
/// record, however fast the devices send).
fn first_fix_ms(plan: &ChaosPlan) -> i64 {
    let packets = plan.duration_s / plan.interval().as_secs_f64() + 2.0;
    let span_ms = (packets * f64::from(plan.records_per_packet)).ceil() as i64 * FIX_STEP_MS;
    let now_ms = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64);
    (now_ms / 1_000) * 1_000 - span_ms - 60_000
}

/// Kill `n`: `gateway` killed with SIGKILL and started again on the same ports.
async fn kill_and_restart(
    n: usize,
    gateway: Running,
    launch: &Launch,
    protocol: Protocol,
    fleet: &Fleet,
) -> Result<(Kill, Running), ChaosError> {
    let pid = gateway.pid();
    let killed_at = Instant::now();
    let ended = gateway.kill().await.map_err(ChaosError::Signal)?;
    let (restarted, attempts) = restart(launch, protocol)
        .await
        .map_err(|source| ChaosError::Restart { kill: n, source })?;
    let kill = Kill {
        at_s: (killed_at - fleet.start).as_secs_f64(),
        pid,
        signal: ended.signal,
        exit_code: ended.code,
        new_pid: restarted.pid(),
        down_s: killed_at.elapsed().as_secs_f64(),
        start_s: restarted.ready_after().as_secs_f64(),
        start_attempts: attempts,
        acked_before: 0,
    };
    Ok((kill, restarted))
}

/// Starts the gateway again on the same ports; a port taken meanwhile by
/// another process is retried after a pause.
/// Returns it with the number of attempts it took.
async fn restart(launch: &Launch, protocol: Protocol) -> Result<(Running, u32), LaunchError> {
    let mut attempt = 1;
    loop {
        match launch.start(protocol, READY_WITHIN).await {
            Err(LaunchError::Exited(_)) if attempt < RESTART_ATTEMPTS => {
                attempt += 1;
                sleep(Duration::from_millis(500)).await;
            }
            result => return result.map(|running| (running, attempt)),
        }
    }
}

/// Waits for every device (bounded by the hard stop) and returns their books.
async fn collect(
    devices: &mut JoinSet<Result<(u32, Book), String>>,
    fleet: &Fleet,
) -> Result<Vec<(u32, Book)>, ChaosError> {
    let hard_stop = fleet.deadline + fleet.grace + common::HARD_STOP_SLACK;
    let mut books = Vec::with_capacity(devices.len());
    let finished = timeout_at(hard_stop, async {
        while let Some(joined) = devices.join_next().await {
            match joined {
                Ok(Ok(book)) => books.push(book),
                Ok(Err(e)) => return Err(ChaosError::Run(RunError::Encode(e))),
                Err(e) => return Err(ChaosError::Task(format!("a device task failed: {e}"))),
            }
        }
        Ok(())
    })
    .await;
    match finished {
        Ok(result) => result?,
        Err(_) => {
            // Their acknowledgements are unknown: checking without them
            // would pass records off as unacknowledged.
            devices.abort_all();
            return Err(ChaosError::Task(format!(
                "{} devices had not stopped by the hard stop",
                devices.len()
            )));
        }
    }
    Ok(books)
}

/// Stops the gateway with SIGTERM.
async fn stop(gateway: Running) -> Result<FinalStop, ChaosError> {
    let pid = gateway.pid();
    let stopped = gateway
        .terminate(STOP_WITHIN)
        .await
        .map_err(ChaosError::Signal)?;
    Ok(match stopped {
        Some(ended) => FinalStop {
            pid,
            exit_code: ended.code,
            signal: ended.signal,
            took_s: ended.took.as_secs_f64(),
            clean: ended.code == Some(0),
        },
        None => FinalStop {
            pid,
            exit_code: None,
            signal: Some(9),
            took_s: STOP_WITHIN.as_secs_f64(),
            clean: false,
        },
    })
}

/// Every device's book in one ledger.
fn ledger(books: &[(u32, Book)]) -> Ledger {
    let mut ledger = Ledger::new();
    for (device, book) in books {
        let id = |fix_ms| RecordId {
            device: *device,
            fix_ms,
        };
        book.sent.iter().for_each(|&t| ledger.sent(id(t)));
        book.acked.iter().for_each(|&t| ledger.acked(id(t)));
    }
    ledger
}
