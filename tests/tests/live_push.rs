//! Live push over WebSocket (`/v2/event/subscription`): a real WebSocket
//! client subscribes, real devices report, and the states they cause are
//! pushed; tenancy, credentials and slow clients are enforced.

mod support;

use std::io::ErrorKind;
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use serde_json::{Value, json};
use trackgate_tests::device::Device;
use trackgate_tests::points::drive;
use tungstenite::protocol::CloseFrame;
use tungstenite::protocol::frame::coding::CloseCode;
use tungstenite::{Message, WebSocket};

/// 2024-03-01 12:00:00 UTC.
const T0: i64 = 1_709_294_400_000;

/// A push client.
struct Push {
    ws: WebSocket<TcpStream>,
}

impl Push {
    fn connect(api: SocketAddr, query: &str) -> Self {
        let stream = TcpStream::connect(api).expect("connect to the API");
        Self::over(api, stream, query)
    }

    /// A client whose socket takes little before the sender must wait, so
    /// that not reading is felt at once.
    fn connect_small_window(api: SocketAddr) -> Self {
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

    fn over(api: SocketAddr, stream: TcpStream, query: &str) -> Self {
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .expect("timeout");
        let url = format!("ws://{api}/v2/event/subscription{query}");
        let (ws, response) = tungstenite::client(url.as_str(), stream).expect("WebSocket upgrade");
        assert_eq!(response.status(), 101);
        Self { ws }
    }

    fn send(&mut self, message: Value) {
        self.ws
            .send(Message::text(message.to_string()))
            .expect("send");
    }

    fn send_text(&mut self, text: &str) {
        self.ws.send(Message::text(text)).expect("send");
    }

    /// The next JSON message (heartbeats skipped).
    fn next(&mut self) -> Value {
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
    fn until(&mut self, done: impl Fn(&Value) -> bool) -> Vec<Value> {
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

    fn subscribe(&mut self, hash: &str, requests: Value) -> Value {
        self.send(json!({ "action": "subscribe", "hash": hash, "requests": requests }));
        self.next()
    }
}

fn is_state_of(message: &Value, tracker: u64) -> bool {
    message["event"] == "state" && message["data"]["source_id"] == tracker
}

/// Adds another tracker for `imei` to the user `email`; returns its id.
fn add_tracker(gateway: &support::Running, key: &str, email: &str, imei: &str) -> u64 {
    let ok = |r: trackgate_tests::http::Response| assert_eq!(r.body, "OK");
    ok(gateway.server(&format!("ADD_OBJECT,{imei},Car {imei},false,2030-01-01")));
    ok(gateway.server(&format!("ADD_USER_OBJECT,{email},{imei}")));
    let list = gateway.user("tracker/list", json!({ "hash": key })).json();
    list["list"]
        .as_array()
        .and_then(|l| l.iter().find(|t| t["source"]["device_id"] == imei))
        .and_then(|t| t["id"].as_u64())
        .expect("the new tracker is listed")
}

#[test]
fn state_events_carry_every_change_from_connect_to_disconnect() {
    let dir = tempfile::tempdir().expect("tempdir");
    // Silent for 3 s is offline here, so the disconnected device turns
    // offline within the test: a change of time alone, pushed by itself.
    let gateway = support::start(dir.path(), |c| {
        c.state.offline_after_secs = 3;
        c.state.idle_after_secs = 1;
    });
    let imei = "356307042441013";
    let (key, tracker) = gateway.provision("push@example.com", "s3cret-pass", imei);

    let query = "?X-Atmosphere-tracking-id=0&X-Atmosphere-Framework=2.3.6-javascript\
                 &X-Atmosphere-Transport=websocket&Content-Type=application/json\
                 &X-atmo-protocol=true";
    let mut push = Push::connect(gateway.api, query);
    // Atmosphere's handshake: tracking id, heartbeat interval, padding.
    let first = push
        .ws
        .read()
        .expect("handshake frame")
        .into_text()
        .expect("text");
    let parts: Vec<&str> = first.split('|').collect();
    assert_eq!(
        (parts.len(), parts[1], parts[2]),
        (4, "30000", "X"),
        "{first}"
    );

    let answer = push.subscribe(&key, json!([{ "type": "state", "trackers": [tracker] }]));
    assert_eq!(
        answer,
        json!({
            "type": "response",
            "action": "subscription/subscribe",
            "events": ["state"],
            "data": { "state": { "success": true, "value": { tracker.to_string(): "normal" } } },
        })
    );
    let initial = push.next();
    assert!(is_state_of(&initial, tracker), "{initial}");
    assert_eq!(initial["type"], "event");
    assert_eq!(initial["data"]["connection_status"], "just_registered");

    let mut device = Device::connect(gateway.teltonika);
    assert_eq!(device.login(imei), Some(0x01));
    let records = drive(T0, 3);
    assert_eq!(device.send_records(&records), Some(vec![0, 0, 0, 3]));
    let newest = &records[2];
    let pushed = push.until(|m| m["data"]["gps"]["updated"] == "2024-03-01 12:00:02");
    let state = &pushed.last().expect("a state")["data"];
    assert!(pushed.iter().all(|m| is_state_of(m, tracker)), "{pushed:?}");
    assert!(
        (state["gps"]["location"]["lat"].as_f64().expect("lat") - newest.latitude).abs() < 1e-6
    );
    assert!(
        (state["gps"]["location"]["lng"].as_f64().expect("lng") - newest.longitude).abs() < 1e-6
    );
    assert_eq!(state["gps"]["speed"], 42);
    assert_eq!(state["additional"]["ignition"]["value"], "1");
    assert_ne!(state["connection_status"], "offline");

    // A later frame is pushed as its own event.
    assert_eq!(
        device.send_records(&drive(T0 + 60_000, 1)),
        Some(vec![0, 0, 0, 1])
    );
    let next = push.next();
    assert_eq!(
        next["data"]["gps"]["updated"], "2024-03-01 12:01:00",
        "{next}"
    );

    drop(device);
    let offline = push.until(|m| m["data"]["connection_status"] == "offline");
    assert_eq!(
        offline.last().expect("a state")["data"]["source_id"],
        tracker
    );
    drop(push);
    gateway.stop();
}

#[test]
fn state_batch_sends_each_changed_tracker_once_per_rate_limit() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let email = "fleet@example.com";
    let (key, first) = gateway.provision(email, "s3cret-pass", "356307042441013");
    let second = add_tracker(&gateway, &key, email, "356307042441014");

    let mut push = Push::connect(gateway.api, "");
    let requests = json!([{
        "type": "state_batch", "target": { "type": "all" }, "rate_limit": "2s", "format": "compact"
    }]);
    let answer = push.subscribe(&key, requests);
    let value = &answer["data"]["state_batch"]["value"];
    assert_eq!(value[first.to_string()], "normal", "{answer}");
    assert_eq!(value[second.to_string()], "normal", "{answer}");
    let initial = push.next();
    assert_eq!(initial["event"], "state_batch");
    let ids: Vec<&Value> = initial["data"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|s| &s["source_id"])
        .collect();
    assert_eq!(ids, [first, second]);
    assert!(
        initial["data"][0].get("additional").is_none(),
        "compact: {initial}"
    );

    // Two devices, three frames each: eight changes with the connects.
    let mut devices = Vec::new();
    for imei in ["356307042441013", "356307042441014"] {
        let mut device = Device::connect(gateway.teltonika);
        assert_eq!(device.login(imei), Some(0x01));
        devices.push(device);
    }
    for step in 0..3 {
        for device in &mut devices {
            let records = drive(T0 + step * 10_000, 1);
            assert_eq!(device.send_records(&records), Some(vec![0, 0, 0, 1]));
        }
    }
    let newest = "2024-03-01 12:00:20";
    let mut latest = std::collections::BTreeMap::new();
    let mut entries = 0;
    while latest.len() < 2 || latest.values().any(|t| *t != newest) {
        let batch = push.next();
        assert_eq!(batch["event"], "state_batch", "{batch}");
        let states = batch["data"].as_array().expect("a list");
        let mut ids: Vec<u64> = states
            .iter()
            .filter_map(|s| s["source_id"].as_u64())
            .collect();
        ids.dedup();
        assert_eq!(
            ids.len(),
            states.len(),
            "each tracker at most once: {batch}"
        );
        for state in states {
            let time = state["gps"]["updated"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            latest.insert(state["source_id"].as_u64().expect("id"), time);
        }
        entries += states.len();
    }
    assert!(
        entries < 8,
        "changes were gathered, not sent one by one: {entries}"
    );
    drop(push);
    gateway.stop();
}

#[test]
fn foreign_trackers_bad_hashes_and_bad_requests_are_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let (key, own) = gateway.provision("mine@example.com", "s3cret-pass", "356307042441013");
    let (their_key, foreign) =
        gateway.provision("theirs@example.com", "s3cret-pass", "356307042441014");

    let mut push = Push::connect(gateway.api, "");
    let answer = push.subscribe(
        &key,
        json!([{ "type": "state", "trackers": [own, foreign, 999_999] }]),
    );
    let value = &answer["data"]["state"]["value"];
    assert_eq!(value[own.to_string()], "normal", "{answer}");
    assert_eq!(value[foreign.to_string()], "unknown", "{answer}");
    assert_eq!(value["999999"], "unknown", "{answer}");
    // Everything pushed before the next answer is the caller's own tracker.
    push.send(json!({ "action": "unsubscribe", "hash": key, "requests": [{ "type": "state", "trackers": [own] }] }));
    let before = push.until(|m| m["type"] == "response");
    let events = &before[..before.len() - 1];
    assert!(
        !events.is_empty() && events.iter().all(|m| is_state_of(m, own)),
        "{before:?}"
    );
    assert_eq!(
        before.last().expect("answer")["action"],
        "subscription/unsubscribe"
    );

    for (hash, code) in [("not-a-hash", 3), ("0123456789abcdef0123456789abcdef", 4)] {
        let error = push.subscribe(hash, json!([{ "type": "state", "trackers": [own] }]));
        assert_eq!(error["type"], "error", "{error}");
        assert_eq!(error["action"], "subscription/subscribe");
        assert_eq!(error["status"]["code"], code, "{error}");
        assert!(
            error["data"].get("hash").is_none(),
            "the credential is not echoed"
        );
    }
    // One connection serves one user.
    let other = push.subscribe(
        &their_key,
        json!([{ "type": "state", "trackers": [foreign] }]),
    );
    assert_eq!(other["status"]["code"], 13, "{other}");
    let error = push.subscribe(
        &key,
        json!([{ "type": "state_batch", "target": { "type": "all" }, "rate_limit": "soon" }]),
    );
    assert_eq!(error["status"]["code"], 7, "{error}");
    assert_eq!(error["errors"][0]["parameter"], "requests[0].rate_limit");
    push.send_text("{not json");
    assert_eq!(push.next()["status"]["code"], 5);

    // Without the WebSocket upgrade the path answers in the API's error format.
    let plain = trackgate_tests::http::get(gateway.api, "/v2/event/subscription");
    assert_eq!(plain.status, 400);
    assert_eq!(plain.json()["status"]["code"], 5);
    drop(push);
    gateway.stop();
}

#[test]
fn a_logout_ends_the_subscriptions_with_a_logout_event() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let (_, tracker) = gateway.provision("out@example.com", "s3cret-pass", "356307042441013");
    let auth = gateway.user(
        "user/auth",
        json!({ "login": "out@example.com", "password": "s3cret-pass" }),
    );
    let session = auth.json()["hash"].as_str().expect("a session").to_owned();

    let mut push = Push::connect(gateway.api, "");
    let answer = push.subscribe(
        &session,
        json!([{ "type": "state", "trackers": [tracker] }]),
    );
    assert_eq!(answer["type"], "response", "{answer}");
    assert!(is_state_of(&push.next(), tracker));
    let logout = gateway.user("user/logout", json!({ "hash": session }));
    assert_eq!(logout.json()["success"], true);
    // The client's heartbeat makes the server look at the credential again.
    push.send_text("X");
    assert_eq!(
        push.next(),
        json!({ "type": "event", "event": "logout", "data": "session closed" })
    );
    drop(push);
    gateway.stop();
}

fn overflows(gateway: &support::Running) -> u64 {
    let text = trackgate_tests::http::get(gateway.api, "/metrics").body;
    text.lines()
        .find_map(|l| l.strip_prefix("trackgate_push_overflows_total "))
        .and_then(|n| n.trim().parse::<f64>().ok())
        .map_or(0, |n| n as u64)
}

#[test]
fn a_client_that_stops_reading_is_dropped_while_the_device_is_acked() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let imei = "356307042441013";
    let (key, tracker) = gateway.provision("slow@example.com", "s3cret-pass", imei);

    let mut push = Push::connect_small_window(gateway.api);
    let answer = push.subscribe(&key, json!([{ "type": "state", "trackers": [tracker] }]));
    assert_eq!(answer["type"], "response", "{answer}");
    assert!(is_state_of(&push.next(), tracker));

    // The client reads nothing more; every frame is still acknowledged.
    let mut device = Device::connect(gateway.teltonika);
    assert_eq!(device.login(imei), Some(0x01));
    let before = overflows(&gateway);
    let mut sent = 0;
    while overflows(&gateway) == before {
        for _ in 0..50 {
            let records = drive(T0 + sent * 1_000, 1);
            assert_eq!(device.send_records(&records), Some(vec![0, 0, 0, 1]));
            sent += 1;
        }
        assert!(sent < 50_000, "the push queue never filled");
    }
    for n in 0..20 {
        let records = drive(T0 + (sent + n) * 1_000, 1);
        assert_eq!(device.send_records(&records), Some(vec![0, 0, 0, 1]));
    }

    // What the client finds when it reads again: part of the states, then the end.
    let mut states = 0;
    let close = loop {
        match push.ws.read() {
            Ok(Message::Text(text)) if text.as_str() != "X" => states += 1,
            Ok(Message::Close(frame)) => break frame,
            Ok(_) => {}
            Err(tungstenite::Error::Io(e)) if e.kind() == ErrorKind::WouldBlock => {
                panic!("the connection stayed open after the overflow")
            }
            Err(_) => break None,
        }
    };
    assert!(
        states < sent,
        "dropped before every state: {states} of {sent}"
    );
    if let Some(CloseFrame { code, reason }) = close {
        assert_eq!(code, CloseCode::Policy);
        assert!(reason.contains("not reading"), "{reason}");
    }
    drop(push);
    gateway.stop();
}
