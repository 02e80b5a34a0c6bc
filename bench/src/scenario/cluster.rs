//! The cluster scenario: two gateway nodes on one machine, devices spread
//! over both, and the User API asked about each device through the node
//! that holds it and through the one that does not: what the cross-node
//! path costs.
//!
//! The run starts a NATS server (`nats-server`, free loopback ports, its
//! monitoring endpoint on) and the gateway binary as `trackgate serve
//! --nodes 2` (two nodes in one process on one store, node B on every port
//! of node A plus `--port-step`). Half of the devices connect to node A's
//! port, half to node B's, and send records at a fixed rate for the whole
//! run. Once every device is in, a user gets them all, and three windows
//! follow, each `--phase` seconds long:
//!
//! 1. ingest alone: the gateway's and the NATS server's CPU and NATS
//!    messages per acknowledged record;
//! 2. local: `get_state` about A's devices through A and about B's through
//!    B, at `--http-rate` in all;
//! 3. remote: the same calls, each through the other node.
//!
//! Each API window reports latencies, CPU per request and NATS messages per
//! request (both with the ingest-alone rates taken out): the local window
//! should show no messages, the remote one the request and its answer. The difference
//! between the windows is the cost of the cross-node path.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::json;
use tokio::time::{Instant, sleep};

use super::common::{self, Probe, RunError};
use super::ingest::{self, IngestPlan, IngestResults, MAX_DEVICES, PlanError};
use crate::dialect::Dialect;
use crate::http::client::Client;
use crate::http::load::{self, HttpLoad, HttpStats, HttpTotals};
use crate::http::navixy;
use crate::imei;
use crate::launch::nats::{MessageCounts, NatsServer};
use crate::launch::{DataDir, Launch, Running};
use crate::stats::{LatencySummary, Stats};

/// The Server API key the started gateway gets.
const SERVER_KEY: &str = "cluster-bench-server-key";

/// What to run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClusterPlan {
    /// The gateway binary.
    pub gateway_bin: PathBuf,
    /// The NATS server binary.
    pub nats_bin: PathBuf,
    /// Devices in all (half on each node).
    pub devices: u32,
    /// Records per packet.
    pub records_per_packet: u32,
    /// Packets per second offered by all devices together.
    pub rate_per_s: f64,
    /// Seconds each of the three windows lasts.
    pub phase_s: f64,
    /// `get_state` calls per second in the API windows, all clients together.
    pub http_rate_per_s: f64,
    /// HTTP clients per node.
    pub http_connections: u32,
    /// How far node B's ports are from node A's.
    pub port_step: u16,
    /// The first device's IMEI.
    pub imei_base: u64,
    /// Seconds to wait for a connection, a login reply, an ack or an answer.
    pub reply_timeout_s: f64,
    /// Connections being set up at once, at most.
    pub max_handshakes: usize,
}

impl ClusterPlan {
    /// Checks every bound; a plan that passes runs for a bounded time.
    pub fn validate(&self) -> Result<(), PlanError> {
        if !(2..=MAX_DEVICES).contains(&self.devices) {
            return Err(PlanError::Devices(self.devices));
        }
        if !(1.0..=120.0).contains(&self.phase_s) {
            return Err(PlanError::Http(format!(
                "--phase must be 1..=120 s, not {}",
                self.phase_s
            )));
        }
        if !(self.http_rate_per_s > 0.0 && self.http_rate_per_s <= 50_000.0) {
            return Err(PlanError::Http(format!(
                "--http-rate must be above 0 and at most 50000, not {}",
                self.http_rate_per_s
            )));
        }
        if !(1..=256).contains(&self.http_connections) || self.port_step == 0 {
            return Err(PlanError::Http(
                "--http-connections must be 1..=256 and --port-step above 0".into(),
            ));
        }
        let loopback = std::net::SocketAddr::from(([127, 0, 0, 1], 1));
        self.half(0, loopback, self.duration_s()).validate()?;
        self.half(1, loopback, self.duration_s()).validate()
    }

    /// How long the devices send: the three windows and a minute for
    /// logging in and provisioning.
    pub fn duration_s(&self) -> f64 {
        self.phase_s * 3.0 + 60.0
    }

    /// Node `node`'s half of the devices, as its ingest load would run them.
    #[cfg(test)]
    pub(crate) fn half_for_tests(&self, node: u32) -> IngestPlan {
        self.half(
            node,
            std::net::SocketAddr::from(([127, 0, 0, 1], 1)),
            self.duration_s(),
        )
    }

    /// The ingest load of one node's half of the devices.
    fn half(&self, node: u32, target: std::net::SocketAddr, duration_s: f64) -> IngestPlan {
        let first = self.devices / 2;
        // An IMEI's body is `imei_base / 10 + index`: node B's devices
        // start where node A's end.
        let (devices, base_offset) = if node == 0 {
            (first, 0)
        } else {
            (self.devices - first, u64::from(first) * 10)
        };
        IngestPlan {
            target,
            protocol: Dialect::TELTONIKA,
            devices,
            records_per_packet: self.records_per_packet,
            rate_per_s: self.rate_per_s / 2.0,
            duration_s,
            imei_base: self.imei_base + base_offset,
            reply_timeout_s: self.reply_timeout_s,
            max_handshakes: self.max_handshakes,
            gateway_pid: None,
        }
    }
}

/// One window's measurements.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Window {
    /// Seconds it lasted.
    pub wall_s: f64,
    /// Records acknowledged during it.
    pub records_acked: u64,
    /// `get_state` calls answered correctly, and failed.
    pub requests_ok: u64,
    /// Calls that failed.
    pub requests_failed: u64,
    /// `get_state` latency.
    pub latency: LatencySummary,
    /// The gateway's CPU over the window, core-seconds.
    pub gateway_cpu_s: f64,
    /// The NATS server's CPU over the window, core-seconds.
    pub nats_cpu_s: f64,
    /// Messages published to NATS during the window.
    pub nats_in_msgs: u64,
    /// Messages NATS delivered during the window.
    pub nats_out_msgs: u64,
    /// Gateway + NATS CPU per request beyond the ingest-alone rate, µs.
    pub cpu_us_per_request: Option<f64>,
    /// Messages published per request, beyond the ingest-alone rate.
    pub nats_msgs_per_request: Option<f64>,
    /// Every call's totals and errors.
    pub http: Option<HttpTotals>,
}

/// Everything a cluster run measured.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClusterResults {
    /// Seconds from starting the gateway to both nodes answering.
    pub start_s: f64,
    /// Seconds until every device was in and the user had them all.
    pub provision_s: f64,
    /// Ingest alone.
    pub ingest_alone: Window,
    /// Each device asked about through its own node.
    pub local: Window,
    /// Each device asked about through the other node.
    pub remote: Window,
    /// Gateway + NATS CPU per acknowledged record, µs (ingest alone).
    pub cpu_us_per_record: Option<f64>,
    /// NATS messages published per acknowledged record (ingest alone).
    pub nats_msgs_per_record: Option<f64>,
    /// Node A's devices' ingest results.
    pub ingest_a: IngestResults,
    /// Node B's devices' ingest results.
    pub ingest_b: IngestResults,
    /// Anything that qualifies the numbers.
    pub notes: Vec<String>,
}

fn failed(what: impl std::fmt::Display) -> RunError {
    RunError::Provision(what.to_string())
}

/// Starts the two nodes, retrying on fresh ports if one was taken.
async fn start_nodes(
    plan: &ClusterPlan,
    data_dir: &DataDir,
    nats: &NatsServer,
) -> Result<(Launch, Running), RunError> {
    let mut last = String::new();
    for _ in 0..5 {
        let launch = Launch::new(&plan.gateway_bin, data_dir.path(), SERVER_KEY).map_err(failed)?;
        let step = plan.port_step;
        let shifted = |addr: std::net::SocketAddr| {
            std::net::SocketAddr::new(addr.ip(), addr.port().saturating_add(step))
        };
        let teltonika = launch.listener(Dialect::TELTONIKA.protocol());
        let b_ports = [shifted(launch.api()), shifted(teltonika)];
        let launch = launch
            .args(&[
                "--nodes".into(),
                "2".into(),
                "--port-step".into(),
                step.to_string(),
            ])
            .env(&[("TRACKGATE_CLUSTER_NATS_URLS".into(), nats.url())])
            .ready_also(&b_ports);
        match launch
            .start(Dialect::TELTONIKA.protocol(), Duration::from_secs(60))
            .await
        {
            Ok(running) => return Ok((launch, running)),
            Err(e) => last = e.to_string(),
        }
    }
    Err(failed(format!("the two nodes did not start: {last}")))
}

/// Runs `plan` to its end.
pub async fn run(plan: &ClusterPlan, stats: Arc<Stats>) -> Result<ClusterResults, RunError> {
    plan.validate()?;
    let mut notes = Vec::new();
    let nats = NatsServer::start(&plan.nats_bin, Duration::from_secs(10))
        .await
        .map_err(|e| failed(format!("starting {}: {e}", plan.nats_bin.display())))?;
    let data_dir = DataDir::prepare(None, "trackgate-cluster-bench").map_err(failed)?;
    let started = Instant::now();
    let (launch, running) = start_nodes(plan, &data_dir, &nats).await?;
    let start_s = started.elapsed().as_secs_f64();
    let step = plan.port_step;
    let shift =
        |addr: std::net::SocketAddr| std::net::SocketAddr::new(addr.ip(), addr.port() + step);
    let api = [launch.api(), shift(launch.api())];
    let teltonika = launch.listener(Dialect::TELTONIKA.protocol());
    let targets = [teltonika, shift(teltonika)];

    // The devices: half on each node, for the whole run.
    let until = Instant::now() + Duration::from_secs_f64(plan.duration_s());
    let mut ingests = Vec::new();
    let mut imeis: [Vec<String>; 2] = [Vec::new(), Vec::new()];
    for node in 0..2 {
        let half = plan.half(node as u32, targets[node], plan.duration_s());
        imeis[node] = (0..u64::from(half.devices))
            .map(|i| imei::imei(half.imei_base, i).map(|imei| half.protocol.device_id(&imei)))
            .collect::<Result<_, _>>()
            .map_err(PlanError::from)?;
        let stats = stats.clone();
        ingests.push(tokio::spawn(
            async move { ingest::run_with(&half, stats).await },
        ));
    }
    let provision_started = Instant::now();
    let mut admin = Client::new(api[0], Duration::from_secs(30));
    let email = "cluster-bench@example.com";
    let hash = super::api::provision(
        &mut admin,
        SERVER_KEY,
        (email, "cluster-bench-password"),
        &[],
    )
    .await?;
    let devices = u64::from(plan.devices);
    while stats.counts.totals().initial_sessions < devices {
        if Instant::now() >= until {
            return Err(failed("not every device logged in"));
        }
        sleep(Duration::from_millis(50)).await;
    }
    let everyone: Vec<String> = imeis.concat();
    super::api::bind(&mut admin, SERVER_KEY, email, &everyone).await?;
    let list = admin
        .post_json(
            "/v2/tracker/list",
            json!({ "hash": hash }).to_string().as_bytes(),
        )
        .await
        .map_err(|e| failed(format!("tracker/list: {e}")))?;
    let ids = [
        navixy::tracker_ids(&list.body, &imeis[0]).map_err(failed)?,
        navixy::tracker_ids(&list.body, &imeis[1]).map_err(failed)?,
    ];
    if ids[0].is_empty() || ids[1].is_empty() {
        return Err(failed("the user lacks one node's trackers"));
    }
    let provision_s = provision_started.elapsed().as_secs_f64();

    let pids = (running.pid(), nats.pid());
    let window = Duration::from_secs_f64(plan.phase_s);
    let alone = measure(&nats, pids, &stats, window, None, &hash, &ids, plan).await?;
    let base_cores = (alone.gateway_cpu_s + alone.nats_cpu_s) / alone.wall_s;
    let base_msgs_per_s = alone.nats_in_msgs as f64 / alone.wall_s;
    let local = measure(
        &nats,
        pids,
        &stats,
        window,
        Some((api, false)),
        &hash,
        &ids,
        plan,
    )
    .await?;
    let remote = measure(
        &nats,
        pids,
        &stats,
        window,
        Some((api, true)),
        &hash,
        &ids,
        plan,
    )
    .await?;
    let with_cost = |mut w: Window| {
        let extra = w.gateway_cpu_s + w.nats_cpu_s - base_cores * w.wall_s;
        w.cpu_us_per_request = common::per_unit_us(extra.max(0.0), w.requests_ok);
        let extra_msgs = (w.nats_in_msgs as f64 - base_msgs_per_s * w.wall_s).max(0.0);
        w.nats_msgs_per_request = (w.requests_ok > 0).then(|| extra_msgs / w.requests_ok as f64);
        w
    };
    let (local, remote) = (with_cost(local), with_cost(remote));
    if Instant::now() > until {
        notes.push("the API windows outlasted the devices: some ran without ingest".into());
    }
    if remote.nats_msgs_per_request.unwrap_or(0.0) < 1.0 {
        notes.push(
            "the remote window published under one NATS message per request: its calls were not \
             answered by the holding node"
                .into(),
        );
    }
    let cpu_us_per_record =
        common::per_unit_us(alone.gateway_cpu_s + alone.nats_cpu_s, alone.records_acked);
    let nats_msgs_per_record =
        (alone.records_acked > 0).then(|| alone.nats_in_msgs as f64 / alone.records_acked as f64);

    let mut results = Vec::new();
    for handle in ingests {
        match handle.await {
            Ok(result) => results.push(result?),
            Err(e) => return Err(failed(format!("an ingest load failed: {e}"))),
        }
    }
    let ingest_b = results.pop().ok_or_else(|| failed("no ingest result"))?;
    let ingest_a = results.pop().ok_or_else(|| failed("no ingest result"))?;
    if running.terminate(Duration::from_secs(30)).await.is_err() {
        notes.push("the gateway did not stop within 30 s of SIGTERM".into());
    }
    Ok(ClusterResults {
        start_s,
        provision_s,
        ingest_alone: alone,
        local,
        remote,
        cpu_us_per_record,
        nats_msgs_per_record,
        ingest_a,
        ingest_b,
        notes,
    })
}

/// One window: ingest goes on; with `calls`, `get_state` about each node's
/// devices through that node (`false`) or the other one (`true`).
#[allow(clippy::too_many_arguments)]
async fn measure(
    nats: &NatsServer,
    (gateway_pid, nats_pid): (u32, u32),
    stats: &Stats,
    window: Duration,
    calls: Option<([std::net::SocketAddr; 2], bool)>,
    hash: &str,
    ids: &[Vec<u64>; 2],
    plan: &ClusterPlan,
) -> Result<Window, RunError> {
    let before: MessageCounts = nats.counts().await.map_err(failed)?;
    let acked_before = stats.counts.totals().records_acked;
    let gateway = Probe::start(Some(gateway_pid))?;
    let server = Probe::start(Some(nats_pid))?;
    let started = Instant::now();
    let http = Arc::new(HttpStats::default());
    match calls {
        None => sleep(window).await,
        Some((api, crossed)) => {
            let until = started + window;
            let mut loads = Vec::new();
            for (node, node_ids) in ids.iter().enumerate() {
                let through = if crossed { 1 - node } else { node };
                let load = HttpLoad {
                    api: api[through],
                    hash: hash.to_owned(),
                    ids: Arc::new(node_ids.clone()),
                    rate_per_s: plan.http_rate_per_s / 2.0,
                    connections: plan.http_connections,
                    batch: 1,
                    mix: [1, 0, 0],
                    until,
                    timeout: Duration::from_secs_f64(plan.reply_timeout_s),
                };
                loads.push(tokio::spawn(load::run(load, http.clone())));
            }
            for load in loads {
                load.await
                    .map_err(|e| failed(format!("an API load failed: {e}")))?;
            }
        }
    }
    let wall_s = started.elapsed().as_secs_f64();
    let (g, _) = gateway.finish(wall_s)?;
    let (n, _) = server.finish(wall_s)?;
    let after = nats.counts().await.map_err(failed)?;
    let totals = http.totals();
    let get_state = &totals.calls[0];
    Ok(Window {
        wall_s,
        records_acked: stats.counts.totals().records_acked - acked_before,
        requests_ok: get_state.ok,
        requests_failed: get_state.failed,
        latency: get_state.latency,
        gateway_cpu_s: g.map_or(0.0, |u| u.cpu_s),
        nats_cpu_s: n.map_or(0.0, |u| u.cpu_s),
        nats_in_msgs: after.in_msgs - before.in_msgs,
        nats_out_msgs: after.out_msgs - before.out_msgs,
        cpu_us_per_request: None,
        nats_msgs_per_request: None,
        http: calls.map(|_| totals),
    })
}
