//! What is refused or ended: foreign trackers, bad hashes and requests,
//! logouts, and clients that stop reading.

use std::io::ErrorKind;
use std::time::Duration;

use serde_json::json;
use trackgate_tests::device::Device;
use trackgate_tests::points::drive;
use tungstenite::Message;
use tungstenite::protocol::CloseFrame;
use tungstenite::protocol::frame::coding::CloseCode;

use super::client::{Push, T0, is_state_of};
use crate::support;

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

    // A client that never reads again cannot take the close frame either:
    // its connection is reset, whatever it left queued in the socket. (In
    // this test, not one of its own: the overflow counter is the
    // process's, shared by every gateway a test binary starts.)
    let mut stuck = Push::connect_small_window(gateway.api);
    let client = stuck
        .ws
        .get_ref()
        .local_addr()
        .expect("local address")
        .port();
    let answer = stuck.subscribe(&key, json!([{ "type": "state", "trackers": [tracker] }]));
    assert_eq!(answer["type"], "response", "{answer}");
    assert!(is_state_of(&stuck.next(), tracker));
    assert!(server_side_open(gateway.api.port(), client));
    let before = overflows(&gateway);
    sent += 20;
    while overflows(&gateway) == before {
        for _ in 0..50 {
            let records = drive(T0 + sent * 1_000, 1);
            assert_eq!(device.send_records(&records), Some(vec![0, 0, 0, 1]));
            sent += 1;
        }
        assert!(sent < 100_000, "the push queue never filled");
    }
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while server_side_open(gateway.api.port(), client) {
        assert!(
            std::time::Instant::now() < deadline,
            "the gateway kept the connection of a client that never reads"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let records = drive(T0 + sent * 1_000, 1);
    assert_eq!(device.send_records(&records), Some(vec![0, 0, 0, 1]));
    drop(stuck);
    gateway.stop();
}

/// Whether the gateway's side of the connection from `client` to port
/// `server` is still open, from the kernel's table of TCP sockets.
pub(crate) fn server_side_open(server: u16, client: u16) -> bool {
    let table = std::fs::read_to_string("/proc/net/tcp").unwrap_or_default();
    table.lines().skip(1).any(|line| {
        let fields: Vec<&str> = line.split_whitespace().collect();
        let port = |field: &str| {
            field
                .rsplit(':')
                .next()
                .and_then(|hex| u16::from_str_radix(hex, 16).ok())
        };
        // 06 TIME_WAIT and 07 CLOSE are what a finished connection leaves.
        fields.len() > 3
            && port(fields[1]) == Some(server)
            && port(fields[2]) == Some(client)
            && !matches!(fields[3], "06" | "07")
    })
}
