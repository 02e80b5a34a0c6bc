//! A push client's connection: opening it, subscribing, how it ended, and
//! the slow clients that subscribe and never read.
//!
//! Each client is a blocking tungstenite WebSocket on its own thread, so a
//! subscriber's parsing never competes with the device tasks' runtime. Reads
//! wake at least every [`POLL`] to check whether the run is over.

use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use serde_json::json;
use tungstenite::protocol::CloseFrame;
use tungstenite::{Error as WsError, Message as Frame, WebSocket};

use super::event::{self, Message};

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
    pub(super) fn of(error: &WsError) -> Self {
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

    pub(super) fn of_close(frame: Option<&CloseFrame>) -> Self {
        frame.map_or(Self::Dropped, |f| Self::Code(u16::from(f.code)))
    }
}

/// A client that subscribed and never reads, and what became of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SlowResults {
    /// Seconds from the start of the ingest load until the gateway's end of
    /// the connection left ESTABLISHED (`None`: it did not during the run).
    pub closed_at_s: Option<f64>,
    /// How long the gateway kept writing events to it, by the events' own
    /// times (whole seconds), from the first (at subscribing) to the last.
    pub pushed_for_s: Option<f64>,
    /// How the connection ended, as read once the run was over.
    pub ending: Ending,
    /// Frames left unread, read once the run was over.
    pub frames_left: u64,
}

/// Closes a connection properly: a close frame, then reading until the
/// gateway's answer (or an error) for at most a second.
pub fn close(mut ws: WebSocket<TcpStream>) {
    if ws.close(None).is_err() {
        return;
    }
    let until = Instant::now() + Duration::from_secs(1);
    while Instant::now() < until {
        match ws.read() {
            Ok(_) => {}
            Err(WsError::Io(e))
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) => {}
            Err(_) => return,
        }
    }
}

/// What a slow client found when it finally read.
#[derive(Debug, Clone, PartialEq)]
pub struct Drained {
    /// How the connection ended.
    pub ending: Ending,
    /// Frames read.
    pub frames: u64,
    /// The `user_time` of the first and the last state event read.
    pub first_last_ms: Option<(i64, i64)>,
}

impl Drained {
    /// Seconds from the first event the gateway wrote to the client (just
    /// after it subscribed) to the last, by the events' own `user_time`
    /// (whole seconds): how long the gateway kept pushing to it.
    pub fn pushed_for_s(&self) -> Option<f64> {
        self.first_last_ms
            .map(|(first, last)| (last - first) as f64 / 1_000.0)
    }

    fn saw(&mut self, user_time_ms: Option<i64>) {
        if let Some(t) = user_time_ms {
            let first = self.first_last_ms.map_or(t, |(first, _)| first);
            self.first_last_ms = Some((first, t));
        }
    }
}

/// Reads what a slow client left unread, up to `limit`, and how it ended.
pub fn drain(mut ws: WebSocket<TcpStream>, limit: Instant) -> Drained {
    let _ = ws.get_ref().set_read_timeout(Some(POLL));
    let mut drained = Drained {
        ending: Ending::Open,
        frames: 0,
        first_last_ms: None,
    };
    loop {
        if Instant::now() >= limit {
            close(ws);
            return drained;
        }
        match ws.read() {
            Ok(Frame::Close(frame)) => {
                drained.ending = Ending::of_close(frame.as_ref());
                return drained;
            }
            Ok(frame) => {
                drained.frames += 1;
                if let Frame::Text(text) = frame
                    && let Some(Message::States { user_time_ms, .. }) = event::parse(text.as_str())
                {
                    drained.saw(user_time_ms);
                }
            }
            Err(WsError::Io(e))
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) => {}
            Err(e) => {
                drained.ending = Ending::of(&e);
                return drained;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::*;

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
    fn how_long_a_slow_client_was_pushed_to_is_read_from_its_events() {
        let mut drained = Drained {
            ending: Ending::Dropped,
            frames: 3,
            first_last_ms: None,
        };
        assert_eq!(drained.pushed_for_s(), None);
        drained.saw(Some(10_000));
        drained.saw(None);
        drained.saw(Some(17_000));
        drained.saw(Some(19_000));
        assert_eq!(drained.first_last_ms, Some((10_000, 19_000)));
        assert_eq!(drained.pushed_for_s(), Some(9.0));
    }
}
