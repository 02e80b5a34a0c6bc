//! The canary: legitimate users of the gateway, watched through the flood.
//!
//! K devices, each on its own connection, send one record every interval
//! and require its exact ack; a lost session is counted and the device
//! reconnects after half a second and sends the record again, as a device
//! would. Beside them a User API client calls `user/auth` with the canary
//! user's login and password and then `tracker/get_state` with the session
//! it got, once a second, each round on a new connection (a person opening
//! the app), so a gateway that stops accepting connections shows here even
//! while the devices' old connections still work. The login can be made
//! every Nth round only, the rounds between reusing the session: each
//! password check costs the gateway memory and CPU of its own.
//!
//! Everything is counted in the second it happened ([`Timeline`]) and per
//! phase (before, during and after the flood).

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use tokio::time::{Instant, MissedTickBehavior, interval_at, sleep_until, timeout_at};
use trackgate_protocols::Record;

use super::timeline::{Phase, Timeline};
use crate::device::{Fleet, connect_and_login, exchange};
use crate::http::client::{Client, Response};
use crate::http::navixy::Call;
use crate::stats::{Latency, LatencySummary};
use crate::track::Track;

/// The calls of an API round.
#[derive(Debug, Clone, Copy)]
enum ApiCall {
    Auth,
    GetState,
}

/// How long a canary device waits before reconnecting.
const RECONNECT_AFTER: Duration = Duration::from_millis(500);

/// One API call's counters in one phase.
#[derive(Debug, Default)]
struct CallTally {
    ok: AtomicU64,
    failed: AtomicU64,
    latency: Latency,
}

impl CallTally {
    fn results(&self) -> CallResults {
        CallResults {
            ok: self.ok.load(Ordering::Relaxed),
            failed: self.failed.load(Ordering::Relaxed),
            latency: self.latency.summary(),
        }
    }
}

/// What the canary counted in one phase.
#[derive(Debug, Default)]
struct PhaseTally {
    acks: AtomicU64,
    ack_latency: Latency,
    device_failures: Mutex<BTreeMap<String, u64>>,
    rounds_ok: AtomicU64,
    rounds_failed: AtomicU64,
    auth: CallTally,
    get_state: CallTally,
    api_errors: Mutex<BTreeMap<String, u64>>,
}

/// The canary's counters, shared by its devices and its API client.
#[derive(Debug)]
pub struct Canary {
    /// The run's seconds.
    pub timeline: Arc<Timeline>,
    phases: [PhaseTally; 3],
}

/// An API call's results in one phase.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CallResults {
    /// Answered with success.
    pub ok: u64,
    /// Errors, wrong answers and timeouts.
    pub failed: u64,
    /// Request written to whole response read, successful calls.
    pub latency: LatencySummary,
}

/// What the canary saw in one phase.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PhaseResults {
    /// Which phase.
    pub phase: Phase,
    /// Its length, seconds.
    pub seconds: u32,
    /// Canary packets acknowledged.
    pub acks: u64,
    /// Per second.
    pub acks_per_s: f64,
    /// Packet written to its exact ack.
    pub ack_latency: LatencySummary,
    /// Device failures by kind.
    pub device_failures: BTreeMap<String, u64>,
    /// API rounds (`user/auth`, then `tracker/get_state`) that succeeded.
    pub api_rounds_ok: u64,
    /// API rounds that failed.
    pub api_rounds_failed: u64,
    /// Seconds in which an API round was failing (it waited, or was
    /// answered wrongly): how long the API was down for a new user.
    pub api_failing_s: u32,
    /// `user/auth`.
    pub auth: CallResults,
    /// `tracker/get_state`.
    pub get_state: CallResults,
    /// API failures by call and cause.
    pub api_errors: BTreeMap<String, u64>,
    /// The gateway's CPU over the phase, percent of one core.
    pub gateway_cpu_percent: Option<f64>,
}

impl PhaseResults {
    /// Device failures, all kinds.
    pub fn device_failure_count(&self) -> u64 {
        self.device_failures.values().sum()
    }
}

fn bump(map: &Mutex<BTreeMap<String, u64>>, key: &str) {
    let mut map = map.lock().unwrap_or_else(|e| e.into_inner());
    *map.entry(key.to_owned()).or_default() += 1;
}

impl Canary {
    /// Counters for a run on `timeline`.
    pub fn new(timeline: Arc<Timeline>) -> Self {
        Self {
            timeline,
            phases: Default::default(),
        }
    }

    fn at(&self, at: Instant) -> &PhaseTally {
        &self.phases[self.timeline.phase(at) as usize]
    }

    fn ack(&self, at: Instant, latency: Duration) {
        let tally = self.at(at);
        tally.acks.fetch_add(1, Ordering::Relaxed);
        tally.ack_latency.record(latency);
        self.timeline.note(at, |s| s.acks += 1);
    }

    fn device_failure(&self, at: Instant, what: &str) {
        bump(&self.at(at).device_failures, what);
        self.timeline.note(at, |s| s.device_failures += 1);
    }

    fn call(&self, at: Instant, call: ApiCall, outcome: &Result<Duration, String>) {
        let tally = self.at(at);
        let (calls, name) = match call {
            ApiCall::Auth => (&tally.auth, "user/auth"),
            ApiCall::GetState => (&tally.get_state, "get_state"),
        };
        match outcome {
            Ok(took) => {
                calls.ok.fetch_add(1, Ordering::Relaxed);
                calls.latency.record(*took);
            }
            Err(e) => {
                calls.failed.fetch_add(1, Ordering::Relaxed);
                bump(&tally.api_errors, &format!("{name}: {e}"));
            }
        }
    }

    /// A round that started at `at` and ended at `ended`.
    fn round(&self, at: Instant, ended: Instant, ok: bool) {
        let tally = self.at(at);
        if ok {
            tally.rounds_ok.fetch_add(1, Ordering::Relaxed);
            self.timeline.note(at, |s| s.api_ok += 1);
        } else {
            tally.rounds_failed.fetch_add(1, Ordering::Relaxed);
            self.timeline.note_span(at, ended, |s| s.api_failed += 1);
        }
    }

    /// Acks and failures (device and API) so far, for the progress line.
    pub fn totals(&self) -> (u64, u64) {
        let acks = self.phases.iter().map(|p| p.acks.load(Ordering::Relaxed));
        let failures = self.phases.iter().map(|p| {
            let devices: u64 = p
                .device_failures
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .values()
                .sum();
            devices + p.rounds_failed.load(Ordering::Relaxed)
        });
        (acks.sum(), failures.sum())
    }

    /// What the canary saw in `phase`, `seconds` long.
    pub fn results(&self, phase: Phase, seconds: u32) -> PhaseResults {
        let tally = &self.phases[phase as usize];
        let acks = tally.acks.load(Ordering::Relaxed);
        let lock =
            |m: &Mutex<BTreeMap<String, u64>>| m.lock().unwrap_or_else(|e| e.into_inner()).clone();
        PhaseResults {
            phase,
            seconds,
            acks,
            acks_per_s: crate::scenario::common::per_s(acks, f64::from(seconds)),
            ack_latency: tally.ack_latency.summary(),
            device_failures: lock(&tally.device_failures),
            api_rounds_ok: tally.rounds_ok.load(Ordering::Relaxed),
            api_rounds_failed: tally.rounds_failed.load(Ordering::Relaxed),
            api_failing_s: self.timeline.api_failing_s(phase),
            auth: tally.auth.results(),
            get_state: tally.get_state.results(),
            api_errors: lock(&tally.api_errors),
            gateway_cpu_percent: None,
        }
    }
}

/// The first slot after `now` on the grid of `interval`s from `slot`.
pub fn next_slot(slot: Instant, interval: Duration, now: Instant) -> Instant {
    let behind = now.saturating_duration_since(slot).as_secs_f64();
    let steps = (behind / interval.as_secs_f64()).floor() + 1.0;
    slot + interval.mul_f64(steps)
}

/// Runs canary device `index` (IMEI `imei`) of `fleet` until `fleet.deadline`.
pub async fn device(
    fleet: Arc<Fleet>,
    canary: Arc<Canary>,
    index: u32,
    imei: String,
    devices: u32,
) -> Result<(), String> {
    let until = fleet.deadline;
    let mut track = Track::new(u64::from(index));
    let phase = fleet
        .interval
        .mul_f64(f64::from(index) / f64::from(devices.max(1)));
    let mut slot = fleet.start + phase;
    // The record sent and not acknowledged when its session was lost.
    let mut pending: Option<Vec<Record>> = None;
    'sessions: while Instant::now() < until {
        let mut serial = 0u16;
        let login = fleet.dialect.login(&imei, &mut serial);
        let mut stream = match timeout_at(until, connect_and_login(&fleet, &login)).await {
            Ok(Ok(stream)) => stream,
            Ok(Err(lost)) => {
                canary.device_failure(Instant::now(), lost.name());
                sleep_until((Instant::now() + RECONNECT_AFTER).min(until)).await;
                continue;
            }
            Err(_) => break,
        };
        loop {
            let records = match pending.take() {
                Some(records) => records,
                None => {
                    if slot >= until {
                        break 'sessions;
                    }
                    sleep_until(slot).await;
                    slot = next_slot(slot, fleet.interval, Instant::now());
                    let now_ms = SystemTime::now()
                        .duration_since(UNIX_EPOCH)
                        .map_or(0, |d| d.as_millis() as i64);
                    track.next_records(1, now_ms, 1_000)
                }
            };
            let packet = fleet.dialect.packet(&imei, &records, &mut serial)?;
            match exchange(&fleet, &mut stream, &packet.send, &packet.expect).await {
                Ok(latency) => canary.ack(Instant::now(), latency),
                Err(lost) => {
                    let now = Instant::now();
                    if now >= until {
                        break 'sessions;
                    }
                    canary.device_failure(now, lost.name());
                    pending = Some(records);
                    sleep_until((now + RECONNECT_AFTER).min(until)).await;
                    continue 'sessions;
                }
            }
        }
    }
    Ok(())
}

/// The canary user's login, and the trackers it may ask about.
#[derive(Debug, Clone)]
pub struct ApiCanary {
    /// The HTTP API.
    pub api: SocketAddr,
    /// The user's login.
    pub login: String,
    /// Its password.
    pub password: String,
    /// Its trackers' ids.
    pub trackers: Arc<Vec<u64>>,
    /// How long one request may take.
    pub timeout: Duration,
    /// Rounds from one `user/auth` to the next (1: every round); the
    /// rounds between reuse the session.
    pub login_every: u32,
}

/// Runs the API client, one round a second, until `until`.
pub async fn api(canary: Arc<Canary>, client: ApiCanary, until: Instant) {
    let mut tick = interval_at(canary.timeline.start, Duration::from_secs(1));
    tick.set_missed_tick_behavior(MissedTickBehavior::Skip);
    let mut n = 0usize;
    let mut session = None;
    loop {
        let at = tick.tick().await;
        if at >= until {
            break;
        }
        let tracker = client.trackers[n % client.trackers.len().max(1)];
        let login = n.is_multiple_of(client.login_every.max(1) as usize);
        n += 1;
        let ok = round(&canary, &client, tracker, &mut session, login).await;
        canary.round(at, Instant::now(), ok);
    }
}

/// One round on a new connection: `user/auth` if `login` (or there is no
/// session), then `get_state` with the session.
async fn round(
    canary: &Canary,
    api: &ApiCanary,
    tracker: u64,
    session: &mut Option<String>,
    login: bool,
) -> bool {
    let mut client = Client::new(api.api, api.timeout);
    if login || session.is_none() {
        *session = None;
        let body = json!({ "login": api.login, "password": api.password }).to_string();
        let started = Instant::now();
        let auth = client
            .post_json("/v2/user/auth", body.as_bytes())
            .await
            .map_err(|e| e.to_string())
            .and_then(|r| session_hash(&r));
        let took = started.elapsed();
        let outcome = auth.as_ref().map(|_| took).map_err(Clone::clone);
        canary.call(started, ApiCall::Auth, &outcome);
        let Ok(hash) = auth else { return false };
        *session = Some(hash);
    }
    let hash = session.as_deref().unwrap_or_default();
    let started = Instant::now();
    let state = client
        .post_json(
            Call::GetState.path(),
            &Call::GetState.body(hash, &[tracker]),
        )
        .await
        .map_err(|e| e.to_string())
        .and_then(|r| Call::GetState.check(&r, 1));
    let outcome = state.map(|_| started.elapsed());
    canary.call(started, ApiCall::GetState, &outcome);
    if outcome.is_err() {
        // Log in again next round, in case the session is what failed.
        *session = None;
    }
    outcome.is_ok()
}

/// The session hash of a `user/auth` answer, or what the answer was instead.
pub fn session_hash(response: &Response) -> Result<String, String> {
    let (success, answer) = answer(response);
    let body: Value = serde_json::from_slice(&response.body).unwrap_or_default();
    match body["hash"].as_str() {
        Some(hash) if success => Ok(hash.to_owned()),
        _ if success => Err("no hash in the answer".into()),
        _ => Err(answer),
    }
}

/// Whether an API answer is a success, and how to name it: `HTTP 200`, or
/// `HTTP 403 code 12` for a failure with a Navixy code.
pub fn answer(response: &Response) -> (bool, String) {
    let body: Value = serde_json::from_slice(&response.body).unwrap_or_default();
    let success = response.status == 200 && body["success"] == true;
    let name = match body["status"]["code"].as_i64() {
        Some(code) if !success => format!("HTTP {} code {code}", response.status),
        _ => format!("HTTP {}", response.status),
    };
    (success, name)
}
