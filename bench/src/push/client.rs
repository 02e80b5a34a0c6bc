//! The push clients: subscribers that read every event and time the states
//! in it, and slow clients that subscribe and never read.
//!
//! Each client is a blocking tungstenite WebSocket on its own thread, so a
//! subscriber's parsing never competes with the device tasks' runtime. Reads
//! wake at least every [`POLL`] to check whether the run is over.

use std::collections::HashMap;
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use serde_json::json;
use tungstenite::protocol::CloseFrame;
use tungstenite::{Error as WsError, Message as Frame, WebSocket};

use super::event::{self, Message};
use super::sent::{Fix, SentLog};
use crate::stats::{Latency, LatencySummary};

/// Longest a blocked read waits before checking whether the run is over.
pub const POLL: Duration = Duration::from_millis(250);
/// Tracker ids one `state` request may list (the gateway's bound).
pub const IDS_PER_REQUEST: usize = 2_000;

/// What the clients subscribe to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum PushKind {
    /// `state` for every tracker: one event per change.
    State,
    /// `state_batch` for all trackers: the newest states, once per rate limit.
    StateBatch,
}

/// The subscribe messages for `trackers` (tracker ids), one per request.
pub fn subscribe_messages(
    hash: &str,
    kind: PushKind,
    rate_limit: Duration,
    trackers: &[u64],
) -> Vec<String> {
    match kind {
        PushKind::State => trackers
            .chunks(IDS_PER_REQUEST)
            .map(|ids| {
                let request = json!({ "type": "state", "trackers": ids });
                json!({ "action": "subscribe", "hash": hash, "requests": [request] }).to_string()
            })
            .collect(),
        PushKind::StateBatch => {
            let request = json!({
                "type": "state_batch",
                "target": { "type": "all" },
                "rate_limit": format!("{}ms", rate_limit.as_millis()),
            });
            vec![json!({ "action": "subscribe", "hash": hash, "requests": [request] }).to_string()]
        }
    }
}

/// Opens a WebSocket to the push channel.
pub fn connect(api: SocketAddr, timeout: Duration) -> Result<WebSocket<TcpStream>, String> {
    let stream =
        TcpStream::connect_timeout(&api, timeout).map_err(|e| format!("connect {api}: {e}"))?;
    stream
        .set_read_timeout(Some(timeout))
        .and_then(|()| stream.set_nodelay(true))
        .map_err(|e| e.to_string())?;
    let url = format!("ws://{api}/v2/event/subscription");
    let (ws, response) =
        tungstenite::client(url.as_str(), stream).map_err(|e| format!("upgrade: {e}"))?;
    if response.status() != 101 {
        return Err(format!("upgrade answered {}", response.status()));
    }
    Ok(ws)
}

/// Sends `messages` and, if `confirm`, waits for each one's answer.
pub fn subscribe(
    ws: &mut WebSocket<TcpStream>,
    messages: &[String],
    confirm: bool,
) -> Result<(), String> {
    for text in messages {
        ws.send(Frame::text(text.as_str()))
            .map_err(|e| format!("subscribe: {e}"))?;
        if confirm {
            wait_for_answer(ws)?;
        }
    }
    Ok(())
}

/// Reads until the answer to a subscribe (states before it are skipped).
fn wait_for_answer(ws: &mut WebSocket<TcpStream>) -> Result<(), String> {
    loop {
        let frame = ws.read().map_err(|e| format!("subscribe answer: {e}"))?;
        let Frame::Text(text) = frame else { continue };
        match event::parse(text.as_str()) {
            Some(Message::Subscribed) => return Ok(()),
            Some(Message::Error(code)) => return Err(format!("subscribe refused: code {code}")),
            _ => {}
        }
    }
}

/// How a connection ended, as the client saw it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Ending {
    /// Still open when the run ended (the client closed it).
    Open,
    /// A close frame with this code.
    Code(u16),
    /// Reset by the gateway.
    Reset,
    /// Closed without a close frame.
    Dropped,
    /// Another error.
    Error(String),
}

impl Ending {
    /// What a read error says about the connection.
    fn of(error: &WsError) -> Self {
        match error {
            WsError::Io(e) if e.kind() == std::io::ErrorKind::ConnectionReset => Self::Reset,
            WsError::ConnectionClosed
            | WsError::AlreadyClosed
            | WsError::Protocol(tungstenite::error::ProtocolError::ResetWithoutClosingHandshake) => {
                Self::Dropped
            }
            other => Self::Error(other.to_string()),
        }
    }

    fn of_close(frame: Option<&CloseFrame>) -> Self {
        frame.map_or(Self::Dropped, |f| Self::Code(u16::from(f.code)))
    }
}

/// What one subscriber received.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubscriberResults {
    /// `state` or `state_batch` events.
    pub events: u64,
    /// Tracker states in them.
    pub states: u64,
    /// States matched to the packet that carried them (each has a delay).
    pub matched: u64,
    /// States with a fix no remembered packet had (e.g. subscription's first).
    pub unmatched: u64,
    /// States of a packet already seen, or older (pushed again).
    pub repeats: u64,
    /// States without a gps fix, or of trackers not simulated.
    pub no_fix: u64,
    /// Send to receipt, per matched state.
    pub delay: LatencySummary,
    /// How the connection ended.
    pub ending: Ending,
}

/// Everything one subscriber needs to time what it reads.
#[derive(Debug, Clone)]
pub struct Timing {
    /// What the devices sent.
    pub sent: Arc<SentLog>,
    /// Device index by source id.
    pub device_of: Arc<HashMap<u64, usize>>,
    /// Every subscriber's delays together.
    pub total: Arc<Latency>,
    /// Set when the run is over.
    pub stop: Arc<AtomicBool>,
    /// When to stop whatever happens.
    pub hard_stop: Instant,
}

/// Reads events until the run is over; returns what was received.
pub fn read_events(mut ws: WebSocket<TcpStream>, timing: &Timing) -> SubscriberResults {
    let _ = ws.get_ref().set_read_timeout(Some(POLL));
    let delay = Latency::new();
    let mut tally = Tally::new(timing);
    let ending = loop {
        if timing.stop.load(Ordering::Relaxed) || Instant::now() >= timing.hard_stop {
            let _ = ws.close(None);
            let _ = ws.flush();
            break Ending::Open;
        }
        match ws.read() {
            Ok(Frame::Text(text)) => {
                if let Some(Message::States {
                    user_time_ms,
                    states,
                }) = event::parse(text.as_str())
                {
                    let now = Instant::now();
                    tally.event(user_time_ms, &states, now, &delay);
                }
            }
            Ok(Frame::Close(frame)) => break Ending::of_close(frame.as_ref()),
            Ok(_) => {}
            Err(WsError::Io(e))
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                // Answers to the gateway's pings wait in the client until written.
                let _ = ws.flush();
            }
            Err(e) => break Ending::of(&e),
        }
    };
    let mut results = tally.results;
    results.delay = delay.summary();
    results.ending = ending;
    results
}

/// A subscriber's bookkeeping: counts, its zone, the newest packet seen per device.
#[derive(Debug)]
pub struct Tally<'a> {
    timing: &'a Timing,
    zone_offset_s: Option<i64>,
    newest: HashMap<usize, Instant>,
    /// The counts so far (`delay` and `ending` are filled at the end).
    pub results: SubscriberResults,
}

impl<'a> Tally<'a> {
    /// Nothing received yet.
    pub fn new(timing: &'a Timing) -> Self {
        Self {
            timing,
            zone_offset_s: None,
            newest: HashMap::new(),
            results: SubscriberResults {
                events: 0,
                states: 0,
                matched: 0,
                unmatched: 0,
                repeats: 0,
                no_fix: 0,
                delay: LatencySummary::default(),
                ending: Ending::Open,
            },
        }
    }

    /// Counts one event received at `now`, recording each state's delay in
    /// `delay` and the run's total.
    pub fn event(
        &mut self,
        user_time_ms: Option<i64>,
        states: &[event::Seen],
        now: Instant,
        delay: &Latency,
    ) {
        if self.zone_offset_s.is_none() {
            let wall_ms = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_millis() as i64);
            self.zone_offset_s = user_time_ms.map(|t| event::zone_offset_s(t, wall_ms));
        }
        let offset = self.zone_offset_s.unwrap_or(0);
        let r = &mut self.results;
        r.events += 1;
        r.states += states.len() as u64;
        for seen in states {
            let device = self.timing.device_of.get(&seen.source_id).copied();
            let (Some(fix), Some(device)) = (seen.fix, device) else {
                r.no_fix += 1;
                continue;
            };
            let utc = Fix {
                second: fix.second - offset,
                ..fix
            };
            let Some(sent) = self.timing.sent.find(device, &utc) else {
                r.unmatched += 1;
                continue;
            };
            if self.newest.get(&device).is_some_and(|&t| sent.at <= t) {
                r.repeats += 1;
                continue;
            }
            self.newest.insert(device, sent.at);
            r.matched += 1;
            let took = now.saturating_duration_since(sent.at);
            delay.record(took);
            self.timing.total.record(took);
        }
    }
}

/// A client that subscribed and never reads, and what became of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SlowResults {
    /// Seconds from the start of the ingest load until the gateway's end of
    /// the connection left ESTABLISHED (`None`: it did not during the run).
    pub closed_at_s: Option<f64>,
    /// How the connection ended, as read once the run was over.
    pub ending: Ending,
    /// Frames left unread, read once the run was over.
    pub frames_left: u64,
}

/// Reads what a slow client left unread, up to `limit`, and how it ended.
pub fn drain(mut ws: WebSocket<TcpStream>, limit: Instant) -> (Ending, u64) {
    let _ = ws.get_ref().set_read_timeout(Some(POLL));
    let mut frames = 0;
    loop {
        if Instant::now() >= limit {
            let _ = ws.close(None);
            let _ = ws.flush();
            return (Ending::Open, frames);
        }
        match ws.read() {
            Ok(Frame::Close(frame)) => return (Ending::of_close(frame.as_ref()), frames),
            Ok(_) => frames += 1,
            Err(WsError::Io(e))
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) => {}
            Err(e) => return (Ending::of(&e), frames),
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::*;
    use crate::push::event::Seen;

    #[test]
    fn state_subscriptions_are_cut_to_the_gateways_bound() {
        let ids: Vec<u64> = (1..=4_500).collect();
        let messages = subscribe_messages("h", PushKind::State, Duration::from_secs(1), &ids);
        assert_eq!(messages.len(), 3);
        let last: Value = serde_json::from_str(&messages[2]).unwrap();
        assert_eq!(last["action"], "subscribe");
        assert_eq!(last["hash"], "h");
        assert_eq!(last["requests"][0]["type"], "state");
        assert_eq!(
            last["requests"][0]["trackers"].as_array().unwrap().len(),
            500
        );
        assert_eq!(last["requests"][0]["trackers"][0], 4_001);

        let batch = subscribe_messages("h", PushKind::StateBatch, Duration::from_millis(500), &ids);
        let batch: Value = serde_json::from_str(&batch[0]).unwrap();
        assert_eq!(
            batch["requests"][0],
            json!({"type": "state_batch", "target": {"type": "all"}, "rate_limit": "500ms"})
        );
    }

    #[test]
    fn states_are_timed_against_the_packet_that_carried_them() {
        let t0 = Instant::now();
        let sent = Arc::new(SentLog::new(2));
        let fix = |ms: i64| Fix::of(1_700_000_000_000 + ms, 52.5 + ms as f64 * 1e-7, 13.4);
        sent.note(0, fix(0), t0);
        sent.note(0, fix(900), t0 + Duration::from_millis(900));
        sent.note(1, fix(100), t0 + Duration::from_millis(100));
        let timing = Timing {
            sent,
            device_of: Arc::new(HashMap::from([(70, 0), (71, 1)])),
            total: Arc::new(Latency::new()),
            stop: Arc::new(AtomicBool::new(false)),
            hard_stop: t0 + Duration::from_secs(60),
        };
        let mut tally = Tally::new(&timing);
        let delay = Latency::new();
        // The user's zone is UTC+3: gps times come three hours ahead.
        let ahead = |f: Fix| Fix {
            second: f.second + 3 * 3_600,
            ..f
        };
        let wall_ms = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_millis() as i64;
        let seen = |source_id, fix| Seen { source_id, fix };
        tally.event(
            Some(wall_ms + 3 * 3_600_000),
            &[
                seen(70, Some(ahead(fix(900)))),
                seen(71, Some(ahead(fix(100)))),
                seen(71, None),
                seen(99, Some(ahead(fix(100)))),
            ],
            t0 + Duration::from_millis(905),
            &delay,
        );
        // An older state of device 0, the same one again, one never sent.
        tally.event(
            None,
            &[
                seen(70, Some(ahead(fix(0)))),
                seen(70, Some(ahead(fix(900)))),
                seen(70, Some(ahead(fix(5_000)))),
            ],
            t0 + Duration::from_secs(2),
            &delay,
        );
        let r = &tally.results;
        assert_eq!((r.events, r.states), (2, 7));
        assert_eq!((r.matched, r.unmatched, r.repeats, r.no_fix), (2, 1, 2, 2));
        let summary = delay.summary();
        assert_eq!(summary.count, 2);
        // 5 ms for device 0 and 805 ms for device 1 (three significant digits).
        assert!(
            summary.mean_us > 400_000.0 && summary.mean_us < 410_000.0,
            "{summary:?}"
        );
        assert!(summary.max_us.abs_diff(805_000) < 1_000, "{summary:?}");
        assert_eq!(timing.total.summary(), summary);
    }
}
