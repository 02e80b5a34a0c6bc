//! The push scenario: live push (`/v2/event/subscription`) under an ingest load.
//!
//! The run provisions a user and one object per simulated device through
//! the Server API, opens `subscribers` WebSocket clients that subscribe to
//! every tracker of the user (`state`, or `state_batch` with a rate limit)
//! and `slow` clients that subscribe the same way and never read, then
//! starts the ingest load. Subscribers read and time every state until the
//! load ends and a short drain has passed; the slow clients' connections
//! are watched for the gateway closing them.
//!
//! A push delay runs from the moment a device started writing a packet to
//! the moment a subscriber had read the state showing that packet's newest
//! record (see [`crate::push::sent`] for how a state is matched to its
//! packet). It includes the gateway's decoding, commit and ack path up to
//! publishing, the push channel, and the subscriber thread's wake-up; with
//! `state_batch` it also includes up to one rate limit of batching.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::json;
use tokio::time::{Instant, sleep};

use super::common::{self, RunError};
use super::ingest::{self, IngestPlan, IngestResults, PlanError};
use crate::http::client::Client;
use crate::http::navixy;
use crate::imei;
use crate::push::client::{self, Ending, PushKind, SlowResults};
use crate::push::sent::SentLog;
use crate::push::subscriber::{self, SubscriberResults, Timing};
use crate::push::tcpstate::{self, End};
use crate::stats::{Latency, LatencySummary, Percentile, Stats};

/// Most trackers one push connection may watch (the gateway's bound).
pub const MAX_DEVICES: u32 = 10_000;
/// Most subscribers, and most slow clients, in one run.
pub const MAX_CLIENTS: u32 = 64;
/// How often the slow clients' connections are looked at.
const WATCH_EVERY: Duration = Duration::from_millis(200);

/// What to run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PushPlan {
    /// The device load underneath (its duration bounds the whole run).
    pub ingest: IngestPlan,
    /// The HTTP API's address (loopback only).
    pub api: SocketAddr,
    /// The Server API key.
    #[serde(skip_serializing, default)]
    pub server_key: String,
    /// The user the trackers belong to.
    pub email: String,
    /// Its password.
    #[serde(skip_serializing, default)]
    pub password: String,
    /// Clients that read every event.
    pub subscribers: u32,
    /// Clients that subscribe and never read.
    pub slow: u32,
    /// What every client subscribes to.
    pub push: PushKind,
    /// `state_batch`'s rate limit, seconds.
    pub rate_limit_s: f64,
    /// Seconds subscribers keep reading after the load ends.
    pub drain_s: f64,
}

impl PushPlan {
    /// Checks every bound; a plan that passes runs for a bounded time.
    pub fn validate(&self) -> Result<(), PlanError> {
        self.ingest.validate()?;
        crate::addr::check_target(self.api)?;
        let bad = |why: String| Err(PlanError::Http(why));
        if self.ingest.devices > MAX_DEVICES {
            return bad(format!(
                "--devices must be at most {MAX_DEVICES} (trackers one push client may watch), not {}",
                self.ingest.devices
            ));
        }
        if self.subscribers > MAX_CLIENTS || self.slow > MAX_CLIENTS {
            return bad(format!(
                "--subscribers and --slow must be 0..={MAX_CLIENTS}, not {} and {}",
                self.subscribers, self.slow
            ));
        }
        if !(0.1..=60.0).contains(&self.rate_limit_s) {
            return bad(format!(
                "--rate-limit must be 0.1..=60 s, not {}",
                self.rate_limit_s
            ));
        }
        if !(0.0..=10.0).contains(&self.drain_s) {
            return bad(format!("--drain must be 0..=10 s, not {}", self.drain_s));
        }
        Ok(())
    }

    fn rate_limit(&self) -> Duration {
        Duration::from_secs_f64(self.rate_limit_s)
    }
}

/// Everything one push run measured.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PushResults {
    /// Seconds spent adding the user and trackers.
    pub provision_s: f64,
    /// Trackers subscribed to.
    pub trackers: usize,
    /// Seconds spent connecting and subscribing every client.
    pub subscribe_s: f64,
    /// Events per second, all subscribers together (received over the load
    /// and the drain, divided by the load's wall time).
    pub events_per_s: f64,
    /// Tracker states per second, all subscribers together.
    pub states_per_s: f64,
    /// Push delay of every matched state, all subscribers together.
    pub delay: LatencySummary,
    /// The push delay at finer quantiles.
    pub delay_ladder: Vec<Percentile>,
    /// Each subscriber's counts and delays.
    pub subscribers: Vec<SubscriberResults>,
    /// Each slow client's fate.
    pub slow: Vec<SlowResults>,
    /// Slow clients the gateway had ended by the time they read (a close
    /// frame, a reset, or the end of the stream).
    pub slow_closed: u32,
    /// The ingest load's own results (the gateway's CPU and RSS with them).
    pub ingest: IngestResults,
    /// Anything that qualifies the numbers.
    pub notes: Vec<String>,
}

/// Runs `plan` to its end, counting devices into `stats`.
pub async fn run(plan: &PushPlan, stats: Arc<Stats>) -> Result<PushResults, RunError> {
    plan.validate()?;
    let mut notes = Vec::new();
    common::reserve_fds(
        plan.ingest.devices + plan.subscribers + plan.slow,
        &mut notes,
    )?;
    let devices = u64::from(plan.ingest.devices);
    let imeis = (0..devices)
        .map(|i| {
            imei::imei(plan.ingest.imei_base, i).map(|imei| plan.ingest.protocol.device_id(&imei))
        })
        .collect::<Result<Vec<_>, _>>()
        .map_err(PlanError::from)?;
    let provision_error = RunError::Provision;
    let mut admin = Client::new(plan.api, Duration::from_secs(30));
    let started = Instant::now();
    let credentials = (plan.email.as_str(), plan.password.as_str());
    let hash = super::api::provision(&mut admin, &plan.server_key, credentials, &imeis).await?;
    let provision_s = started.elapsed().as_secs_f64();
    let list = admin
        .post_json(
            "/v2/tracker/list",
            json!({ "hash": hash }).to_string().as_bytes(),
        )
        .await
        .map_err(|e| provision_error(format!("tracker/list: {e}")))?;
    let trackers = navixy::tracker_ids(&list.body, &imeis).map_err(provision_error)?;
    let sources = navixy::source_ids(&list.body, &imeis).map_err(provision_error)?;
    let device_of: HashMap<u64, usize> = sources
        .iter()
        .enumerate()
        .filter_map(|(i, s)| Some(((*s)?, i)))
        .collect();
    if trackers.len() < imeis.len() {
        notes.push(format!(
            "only {} of {} devices are the user's trackers",
            trackers.len(),
            imeis.len()
        ));
    }

    // Every client is connected and subscribed before the load starts.
    let subscribing = Instant::now();
    let messages = client::subscribe_messages(&hash, plan.push, plan.rate_limit(), &trackers);
    let (api, timeout) = (
        plan.api,
        Duration::from_secs_f64(plan.ingest.reply_timeout_s),
    );
    let (readers, slow) = (plan.subscribers, plan.slow);
    let clients = tokio::task::spawn_blocking(move || {
        let open = |confirm: bool| {
            let mut ws = client::connect(api, timeout)?;
            client::subscribe(&mut ws, &messages, confirm)?;
            Ok::<_, String>(ws)
        };
        let readers = (0..readers)
            .map(|_| open(true))
            .collect::<Result<Vec<_>, _>>()?;
        let slow = (0..slow)
            .map(|_| open(false))
            .collect::<Result<Vec<_>, _>>()?;
        Ok::<_, String>((readers, slow))
    })
    .await
    .map_err(|e| provision_error(format!("push clients: {e}")))?
    .map_err(|e| provision_error(format!("push clients: {e}")))?;
    let (readers, slow) = clients;
    let subscribe_s = subscribing.elapsed().as_secs_f64();

    let sent = Arc::new(SentLog::new(imeis.len()));
    let start = Instant::now();
    let run_for = Duration::from_secs_f64(plan.ingest.duration_s + plan.ingest.reply_timeout_s);
    let hard_stop =
        start + run_for + Duration::from_secs_f64(plan.drain_s) + common::HARD_STOP_SLACK;
    let timing = Timing {
        sent: sent.clone(),
        device_of: Arc::new(device_of),
        total: Arc::new(Latency::new()),
        stop: Arc::new(AtomicBool::new(false)),
        hard_stop: hard_stop.into_std(),
    };
    let reader_threads: Vec<_> = readers
        .into_iter()
        .map(|ws| {
            let timing = timing.clone();
            std::thread::spawn(move || subscriber::read_events(ws, &timing))
        })
        .collect();
    let watched: Vec<(SocketAddr, SocketAddr)> = slow
        .iter()
        .filter_map(|ws| {
            Some((
                ws.get_ref().peer_addr().ok()?,
                ws.get_ref().local_addr().ok()?,
            ))
        })
        .collect();
    let watch = {
        let (stop, start) = (timing.stop.clone(), start.into_std());
        std::thread::spawn(move || watch_slow(&watched, &stop, start, hard_stop.into_std()))
    };

    let result = ingest::run_noting(&plan.ingest, stats, Some(sent)).await;
    sleep(Duration::from_secs_f64(plan.drain_s)).await;
    timing.stop.store(true, Ordering::Relaxed);
    let ingest = result?;
    let (subscribers, slow) = tokio::task::spawn_blocking(move || {
        let subscribers: Vec<SubscriberResults> = reader_threads
            .into_iter()
            .filter_map(|t| t.join().ok())
            .collect();
        let closed_at = watch.join().unwrap_or_default();
        let limit = std::time::Instant::now() + Duration::from_secs(5);
        let slow: Vec<SlowResults> = slow
            .into_iter()
            .zip(closed_at.into_iter().chain(std::iter::repeat(None)))
            .map(|(ws, closed_at_s)| {
                let drained = client::drain(ws, limit);
                SlowResults {
                    closed_at_s,
                    pushed_for_s: drained.pushed_for_s(),
                    ending: drained.ending,
                    frames_left: drained.frames,
                }
            })
            .collect();
        (subscribers, slow)
    })
    .await
    .map_err(|e| provision_error(format!("push clients: {e}")))?;

    let wall = ingest.wall_s;
    let events: u64 = subscribers.iter().map(|s| s.events).sum();
    let states: u64 = subscribers.iter().map(|s| s.states).sum();
    let unmatched: u64 = subscribers.iter().map(|s| s.unmatched).sum();
    if unmatched > 0 {
        notes.push(format!(
            "{unmatched} states matched no remembered packet (first states, or older than the last {} packets of their device)",
            crate::push::sent::KEPT
        ));
    }
    if subscribers.len() < plan.subscribers as usize {
        notes.push("a subscriber thread failed; its counts are missing".into());
    }
    Ok(PushResults {
        provision_s,
        trackers: trackers.len(),
        subscribe_s,
        events_per_s: common::per_s(events, wall),
        states_per_s: common::per_s(states, wall),
        delay: timing.total.summary(),
        delay_ladder: timing.total.ladder(),
        slow_closed: slow.iter().filter(|s| s.ending != Ending::Open).count() as u32,
        subscribers,
        slow,
        ingest,
        notes,
    })
}

/// Looks at each slow client's connection every [`WATCH_EVERY`] until
/// `stop`; returns, per client, when the gateway was first seen to have
/// closed it (seconds after `start`).
fn watch_slow(
    clients: &[(SocketAddr, SocketAddr)],
    stop: &AtomicBool,
    start: std::time::Instant,
    hard_stop: std::time::Instant,
) -> Vec<Option<f64>> {
    let mut closed = vec![None; clients.len()];
    while !clients.is_empty()
        && !stop.load(Ordering::Relaxed)
        && std::time::Instant::now() < hard_stop
        && closed.iter().any(Option::is_none)
    {
        for ((gateway, client), at) in clients.iter().zip(closed.iter_mut()) {
            if at.is_none() && tcpstate::gateway_end(*gateway, *client) == Some(End::Closed) {
                *at = Some(start.elapsed().as_secs_f64());
            }
        }
        std::thread::sleep(WATCH_EVERY);
    }
    closed
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn plan() -> PushPlan {
        PushPlan {
            ingest: IngestPlan {
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
            },
            api: "127.0.0.1:8080".parse().unwrap(),
            server_key: "k".into(),
            email: "bench@trackgate.test".into(),
            password: "pw".into(),
            subscribers: 4,
            slow: 4,
            push: PushKind::State,
            rate_limit_s: 1.0,
            drain_s: 2.0,
        }
    }

    #[test]
    fn bounds_are_enforced() {
        assert_eq!(plan().validate(), Ok(()));
        let mut too_many = plan();
        too_many.ingest.devices = MAX_DEVICES + 1;
        let bad = [
            too_many,
            PushPlan {
                subscribers: MAX_CLIENTS + 1,
                ..plan()
            },
            PushPlan {
                slow: MAX_CLIENTS + 1,
                ..plan()
            },
            PushPlan {
                rate_limit_s: 0.05,
                ..plan()
            },
            PushPlan {
                rate_limit_s: f64::NAN,
                ..plan()
            },
            PushPlan {
                drain_s: 11.0,
                ..plan()
            },
            PushPlan {
                api: "192.168.1.1:8080".parse().unwrap(),
                ..plan()
            },
        ];
        for p in bad {
            assert!(p.validate().is_err(), "{p:?} passed");
        }
    }
}
