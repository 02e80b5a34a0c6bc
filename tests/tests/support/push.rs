//! A live-push (WebSocket) client on `/v2/event/subscription`, for the
//! tests that subscribe: a real WebSocket over a real connection.

use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use serde_json::{Value, json};
use tungstenite::{Message, WebSocket};

/// A push client.
pub struct Push {
    pub ws: WebSocket<TcpStream>,
}

impl Push {
    pub fn connect(api: SocketAddr, query: &str) -> Self {
        let stream = TcpStream::connect(api).expect("connect to the API");
        Self::over(api, stream, query)
    }

    /// A client whose socket takes little before the sender must wait, so
    /// that not reading is felt at once.
    pub fn connect_small_window(api: SocketAddr) -> Self {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        let stream = runtime.block_on(async {
            let socket = tokio::net::TcpSocket::new_v4().expect("socket");
            socket.set_recv_buffer_size(4096).expect("receive buffer");
            socket.connect(api).await.expect("connect to the API")
        });
        let stream = stream.into_std().expect("std stream");
        stream.set_nonblocking(false).expect("blocking");
        Self::over(api, stream, "")
    }

    pub fn over(api: SocketAddr, stream: TcpStream, query: &str) -> Self {
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .expect("timeout");
        let url = format!("ws://{api}/v2/event/subscription{query}");
        let (ws, response) = tungstenite::client(url.as_str(), stream).expect("WebSocket upgrade");
        assert_eq!(response.status(), 101);
        Self { ws }
    }

    pub fn send(&mut self, message: Value) {
        self.ws
            .send(Message::text(message.to_string()))
            .expect("send");
    }

    pub fn send_text(&mut self, text: &str) {
        self.ws.send(Message::text(text)).expect("send");
    }

    /// The next JSON message (heartbeats skipped).
    pub fn next(&mut self) -> Value {
        loop {
            match self.ws.read().expect("a message") {
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
    pub fn until(&mut self, done: impl Fn(&Value) -> bool) -> Vec<Value> {
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

    pub fn subscribe(&mut self, hash: &str, requests: Value) -> Value {
        self.send(json!({ "action": "subscribe", "hash": hash, "requests": requests }));
        self.next()
    }
}
