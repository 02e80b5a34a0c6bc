//! Frame lengths are checked from the frame's header, before anything of
//! its payload is buffered, before and after sign-in: a client that
//! declares more than the limit, or fragments a message past it, has its
//! connection closed at once instead of being read on.

use std::time::Duration;

use serde_json::json;
use trackgate_tests::ws::{self, opcode};

use super::client::Push;
use super::refusals::server_side_open;
use crate::support;

const PATH: &str = "/v2/event/subscription";
/// What a client streams behind its oversized header.
const FLOOD: usize = 50 * 1024 * 1024;
/// More than every socket buffer between the two ends can hold, so a
/// client that got this far was being read.
const READ_LITTLE: usize = 25 * 1024 * 1024;

/// Streams `FLOOD` bytes after `header` and checks that the gateway ended
/// the connection early, before it could have read most of them.
fn flood_is_cut_short(stream: &mut std::net::TcpStream, header: &[u8]) {
    use std::io::Write;
    stream.write_all(header).expect("send the header");
    let flood = ws::flood(stream, FLOOD, Duration::from_secs(30));
    let ended = flood
        .ended
        .unwrap_or_else(|| panic!("the connection stayed open: {} MB sent", flood.sent >> 20));
    assert!(
        ended < Duration::from_secs(10),
        "closed only after {ended:?}"
    );
    assert!(
        flood.sent < READ_LITTLE,
        "{} MB went through before the close",
        flood.sent >> 20
    );
}

#[test]
fn a_frame_declaring_two_gigabytes_closes_the_connection_before_sign_in() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let mut stream = ws::upgrade(gateway.api, PATH);
    let client = stream.local_addr().expect("local address").port();
    flood_is_cut_short(&mut stream, &ws::header(true, opcode::BINARY, 1 << 31));
    drop(stream);
    wait_closed(&gateway, client);
    // The API serves on.
    assert_eq!(
        trackgate_tests::http::get(gateway.api, "/metrics").status,
        200
    );
    gateway.stop();
}

#[test]
fn a_frame_declaring_two_gigabytes_closes_the_connection_after_sign_in() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let (key, tracker) = gateway.provision("big@example.com", "s3cret-pass", "356307042441013");
    let mut push = Push::connect(gateway.api, "");
    let answer = push.subscribe(&key, json!([{ "type": "state", "trackers": [tracker] }]));
    assert_eq!(answer["type"], "response", "{answer}");
    let stream = push.ws.get_mut();
    let client = stream.local_addr().expect("local address").port();
    flood_is_cut_short(stream, &ws::header(true, opcode::TEXT, 1 << 31));
    drop(push);
    wait_closed(&gateway, client);
    gateway.stop();
}

#[test]
fn fragments_adding_up_past_the_limit_close_the_connection() {
    use std::io::Write;
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let part = vec![b' '; 30 * 1024];

    // 60 KiB in two fragments is within the limit: the connection stays.
    let mut stream = ws::upgrade(gateway.api, PATH);
    stream
        .write_all(&ws::frame(false, opcode::TEXT, &part))
        .expect("first fragment");
    stream
        .write_all(&ws::frame(true, opcode::CONTINUATION, &part))
        .expect("last fragment");
    stream
        .write_all(&ws::frame(true, opcode::PING, b"still here"))
        .expect("ping");
    loop {
        let (code, payload) = ws::read_frame(&mut stream);
        assert_ne!(code, opcode::CLOSE, "closed: {payload:?}");
        if code == opcode::PONG {
            assert_eq!(payload, b"still here");
            break;
        }
    }

    // Three such fragments, 90 KiB of one message, are not: the third is
    // refused from its header, and the connection closed (1009).
    let mut stream = ws::upgrade(gateway.api, PATH);
    let client = stream.local_addr().expect("local address").port();
    stream
        .write_all(&ws::frame(false, opcode::TEXT, &part))
        .expect("first fragment");
    stream
        .write_all(&ws::frame(false, opcode::CONTINUATION, &part))
        .expect("second fragment");
    stream
        .write_all(&ws::header(true, opcode::CONTINUATION, part.len() as u64))
        .expect("third fragment's header");
    let code =
        ws::read_to_end(&mut stream, Duration::from_secs(10)).expect("the connection was closed");
    assert!(matches!(code, Some(1009) | None), "close code {code:?}");
    drop(stream);
    wait_closed(&gateway, client);
    gateway.stop();
}

/// Waits (up to 10 s) until the gateway's side of the connection from
/// port `client` is gone.
fn wait_closed(gateway: &support::Running, client: u16) {
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while server_side_open(gateway.api.port(), client) {
        assert!(
            std::time::Instant::now() < deadline,
            "the gateway kept its side of the connection"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}
