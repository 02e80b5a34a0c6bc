//! A live-push (WebSocket) client, enough for the cluster's tests.

use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use serde_json::{Value, json};
use tungstenite::{Message, WebSocket};

/// A push client.
pub(crate) struct Push {
    ws: WebSocket<TcpStream>,
}

impl Push {
    pub(crate) fn connect(api: SocketAddr) -> Self {
        let stream = TcpStream::connect(api).expect("connect to the API");
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .expect("timeout");
        let url = format!("ws://{api}/v2/event/subscription");
        let (ws, response) = tungstenite::client(url.as_str(), stream).expect("WebSocket upgrade");
        assert_eq!(response.status(), 101);
        Self { ws }
    }

    /// The next JSON message (heartbeats skipped).
    pub(crate) fn next(&mut self) -> Value {
        loop {
            match self.ws.read().expect("a message within 10 s") {
                Message::Text(text) if text.as_str() == "X" => {}
                Message::Text(text) => {
                    return serde_json::from_str(text.as_str())
                        .unwrap_or_else(|e| panic!("not JSON ({e}): {text}"));
                }
                Message::Close(frame) => panic!("closed: {frame:?}"),
                _ => {}
            }
        }
    }

    /// Messages up to and including the first that `done` accepts.
    pub(crate) fn until(&mut self, done: impl Fn(&Value) -> bool) -> Vec<Value> {
        let mut seen = Vec::new();
        loop {
            let message = self.next();
            let last = done(&message);
            seen.push(message);
            if last {
                return seen;
            }
        }
    }

    pub(crate) fn subscribe(&mut self, hash: &str, requests: Value) -> Value {
        let message = json!({ "action": "subscribe", "hash": hash, "requests": requests });
        self.ws
            .send(Message::text(message.to_string()))
            .expect("send");
        self.next()
    }
}
