//! The api scenario: the User API read under an ingest load.
//!
//! The run provisions a user and one tracker per simulated device through
//! the Server API (or, with `register_unknown`, lets the gateway register
//! devices as they log in and only binds them to the user), starts the
//! ingest load, looks the trackers' ids up with `tracker/list`, then calls
//! `get_state`, `get_states` and `get_last_gps_point` at a fixed rate until
//! the ingest run ends.
//!
//! The gateway's CPU is sampled over a short window of ingest alone, then
//! over the HTTP load; the difference, per request, is what the API costs.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::json;
use tokio::time::{Instant, sleep};

use super::common::{self, Probe, RunError};
use super::ingest::{self, IngestPlan, IngestResults, PlanError};
use crate::http::client::Client;
use crate::http::load::{self, HttpLoad, HttpStats, HttpTotals};
use crate::http::navixy;
use crate::imei;
use crate::procstat::Usage;
use crate::stats::Stats;

/// Most trackers one `get_states` call may name.
pub const MAX_BATCH: u32 = 2_000;

/// What to run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApiPlan {
    /// The device load underneath (its duration bounds the whole run).
    pub ingest: IngestPlan,
    /// The HTTP API's address (loopback only).
    pub api: SocketAddr,
    /// The Server API key.
    #[serde(skip_serializing, default)]
    pub server_key: String,
    /// Bind devices the gateway registered itself instead of adding objects.
    pub register_unknown: bool,
    /// The user the trackers belong to.
    pub email: String,
    /// Its password.
    #[serde(skip_serializing, default)]
    pub password: String,
    /// API requests per second, all clients together.
    pub http_rate_per_s: f64,
    /// HTTP clients, each one keep-alive connection.
    pub http_connections: u32,
    /// Trackers per `get_states` call.
    pub batch: u32,
    /// Weights of `get_state`, `get_states`, `get_last_gps_point`.
    pub mix: [u32; 3],
    /// Seconds of ingest alone to measure the gateway's CPU without the API.
    pub baseline_s: f64,
}

impl ApiPlan {
    /// Checks every bound; a plan that passes runs for a bounded time.
    pub fn validate(&self) -> Result<(), PlanError> {
        self.ingest.validate()?;
        crate::addr::check_target(self.api)?;
        let http = |why: String| Err(PlanError::Http(why));
        if !(self.http_rate_per_s > 0.0 && self.http_rate_per_s <= 100_000.0) {
            return http(format!(
                "--http-rate must be above 0 and at most 100000, not {}",
                self.http_rate_per_s
            ));
        }
        if !(1..=1_000).contains(&self.http_connections) {
            return http(format!(
                "--http-connections must be 1..=1000, not {}",
                self.http_connections
            ));
        }
        if !(1..=MAX_BATCH).contains(&self.batch) {
            return http(format!(
                "--batch must be 1..={MAX_BATCH}, not {}",
                self.batch
            ));
        }
        if self.mix.iter().all(|&w| w == 0) {
            return http("--mix needs at least one non-zero weight".into());
        }
        if !(0.0..=self.ingest.duration_s / 2.0).contains(&self.baseline_s) {
            return http(format!(
                "--baseline must be 0 to half of --duration, not {}",
                self.baseline_s
            ));
        }
        Ok(())
    }
}

/// Everything one api run measured.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApiResults {
    /// Seconds spent adding the user and trackers.
    pub provision_s: f64,
    /// Trackers the calls asked about.
    pub trackers: usize,
    /// Seconds the HTTP load ran.
    pub http_wall_s: f64,
    /// Successful requests per second.
    pub requests_per_s: f64,
    /// Tracker states returned per second.
    pub state_reads_per_s: f64,
    /// Per-call counts and latencies, and errors.
    pub http: HttpTotals,
    /// The ingest load's own results.
    pub ingest: IngestResults,
    /// The gateway's usage over the HTTP load.
    pub gateway: Option<Usage>,
    /// Cores the gateway used for ingest alone, before the HTTP load.
    pub gateway_baseline_cores: Option<f64>,
    /// Gateway CPU µs per successful request, ingest baseline taken out.
    pub cpu_us_per_request: Option<f64>,
    /// The simulator's own usage over the HTTP load.
    pub simulator: Option<Usage>,
    /// Anything that qualifies the numbers.
    pub notes: Vec<String>,
}

fn provision_error(e: String) -> RunError {
    RunError::Provision(e)
}

/// Runs `plan` to its end, counting devices into `stats` and calls into `http`.
pub async fn run(
    plan: &ApiPlan,
    stats: Arc<Stats>,
    http: Arc<HttpStats>,
) -> Result<ApiResults, RunError> {
    plan.validate()?;
    let mut notes = Vec::new();
    let devices = u64::from(plan.ingest.devices);
    // The ids the gateway knows the devices by (for most protocols the IMEI).
    let imeis = (0..devices)
        .map(|i| {
            imei::imei(plan.ingest.imei_base, i).map(|imei| plan.ingest.protocol.device_id(&imei))
        })
        .collect::<Result<Vec<_>, _>>()
        .map_err(PlanError::from)?;
    let key = &plan.server_key;
    let email = &plan.email;
    let mut admin = Client::new(plan.api, Duration::from_secs(30));
    let started = Instant::now();
    let objects: &[String] = if plan.register_unknown { &[] } else { &imeis };
    let hash = provision(&mut admin, key, (email, &plan.password), objects).await?;
    let provision_s = started.elapsed().as_secs_f64();

    let ingest_plan = IngestPlan {
        gateway_pid: None,
        ..plan.ingest.clone()
    };
    let until = Instant::now() + Duration::from_secs_f64(plan.ingest.duration_s);
    let watched = stats.clone();
    let ingest = tokio::spawn(async move { ingest::run_with(&ingest_plan, watched).await });
    if plan.register_unknown {
        // Devices are registered as they log in; bind them once they have.
        while stats.counts.totals().initial_sessions < devices && Instant::now() < until {
            sleep(Duration::from_millis(50)).await;
        }
        bind(&mut admin, key, email, &imeis).await?;
    }
    let list = admin
        .post_json(
            "/v2/tracker/list",
            json!({ "hash": hash }).to_string().as_bytes(),
        )
        .await
        .map_err(|e| provision_error(format!("tracker/list: {e}")))?;
    let ids = navixy::tracker_ids(&list.body, &imeis).map_err(provision_error)?;
    if ids.len() < imeis.len() {
        notes.push(format!(
            "only {} of {} devices are the user's trackers",
            ids.len(),
            imeis.len()
        ));
    }
    if ids.is_empty() {
        ingest.abort();
        return Err(provision_error(
            "the user has none of the devices as trackers".into(),
        ));
    }

    // Ingest alone, to subtract from the gateway's CPU under both loads.
    let baseline = Probe::start(plan.ingest.gateway_pid)?;
    let baseline_window = Duration::from_secs_f64(plan.baseline_s);
    sleep(baseline_window).await;
    let (base_usage, _) = baseline.finish(plan.baseline_s)?;
    let baseline_cores = base_usage
        .filter(|_| plan.baseline_s > 0.0)
        .map(|u| u.cpu_s / plan.baseline_s);

    let probe = Probe::start(plan.ingest.gateway_pid)?;
    let http_start = Instant::now();
    let load = HttpLoad {
        api: plan.api,
        hash,
        ids: Arc::new(ids),
        rate_per_s: plan.http_rate_per_s,
        connections: plan.http_connections,
        batch: plan.batch as usize,
        mix: plan.mix,
        until,
        timeout: Duration::from_secs_f64(plan.ingest.reply_timeout_s),
    };
    let trackers = load.ids.len();
    load::run(load, http.clone()).await;
    let http_wall_s = http_start.elapsed().as_secs_f64();
    let (gateway, simulator) = probe.finish(http_wall_s)?;
    let ingest = match ingest.await {
        Ok(result) => result?,
        Err(e) => return Err(RunError::Provision(format!("the ingest load failed: {e}"))),
    };

    let totals = http.totals();
    let ok: u64 = totals.calls.iter().map(|c| c.ok).sum();
    let api_cpu_s = gateway
        .as_ref()
        .map(|g| g.cpu_s - baseline_cores.unwrap_or(0.0) * http_wall_s);
    if baseline_cores.is_none() && gateway.is_some() {
        notes.push("no baseline window: CPU per request includes the ingest load".into());
    }
    Ok(ApiResults {
        provision_s,
        trackers,
        http_wall_s,
        requests_per_s: common::per_s(ok, http_wall_s),
        state_reads_per_s: common::per_s(totals.state_reads, http_wall_s),
        cpu_us_per_request: api_cpu_s.and_then(|cpu| common::per_unit_us(cpu.max(0.0), ok)),
        http: totals,
        ingest,
        gateway,
        gateway_baseline_cores: baseline_cores,
        simulator,
        notes,
    })
}

/// Adds the user (if missing) and an object bound to it per IMEI in
/// `objects`; returns the user's API key.
pub(crate) async fn provision(
    admin: &mut Client,
    key: &str,
    (email, password): (&str, &str),
    objects: &[String],
) -> Result<String, RunError> {
    let add_user = format!("ADD_USER,{email},false,{password}");
    navixy::server_idempotent(admin, key, &add_user)
        .await
        .map_err(provision_error)?;
    for imei in objects {
        let add = format!("ADD_OBJECT,{imei},{imei},false,");
        navixy::server_idempotent(admin, key, &add)
            .await
            .map_err(provision_error)?;
    }
    bind(admin, key, email, objects).await?;
    navixy::server(admin, key, &format!("GET_USER_API_KEY,{email}"))
        .await
        .map_err(provision_error)
}

/// Binds every IMEI to the user.
pub(crate) async fn bind(
    admin: &mut Client,
    key: &str,
    email: &str,
    imeis: &[String],
) -> Result<(), RunError> {
    for imei in imeis {
        let cmd = format!("ADD_USER_OBJECT,{email},{imei}");
        navixy::server_idempotent(admin, key, &cmd)
            .await
            .map_err(provision_error)?;
    }
    Ok(())
}
