//! A subscriber: reads every event until the run is over and times each
//! state in it against the packet that carried it.

use std::collections::HashMap;
use std::net::TcpStream;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use tungstenite::{Error as WsError, Message as Frame, WebSocket};

use super::client::{self, Ending, POLL};
use super::event::{self, Message};
use super::sent::{Fix, SentLog};
use crate::stats::{Latency, LatencySummary};

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
            client::close(ws);
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

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::push::event::Seen;

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
