//! A request whose head or body does not arrive in time is answered 408
//! and its connection closed, which frees its descriptors.

use std::io::Write;
use std::net::TcpStream;
use std::time::{Duration, Instant};

use super::answer_then_close;
use crate::support;

/// Sends a head announcing 1,000 bytes of body, then 10 of them, and waits.
fn slow_body(api: std::net::SocketAddr, method_and_target: &str) -> TcpStream {
    let mut stream = TcpStream::connect(api).expect("connect to the API");
    let head = format!(
        "{method_and_target} HTTP/1.1\r\nHost: {api}\r\nContent-Type: application/json\r\n\
         Content-Length: 1000\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).expect("head");
    stream
        .write_all(b"{\"login\":\"")
        .expect("ten bytes of body");
    stream
}

#[test]
fn a_body_that_does_not_arrive_in_time_is_answered_408_and_its_connection_closed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |config| {
        config.api.request_body_timeout_secs = 2;
    });
    for target in [
        "POST /v2/user/auth",
        "POST /api/api.php?api=server&cmd=GET_USERS",
    ] {
        let started = Instant::now();
        let mut stream = slow_body(gateway.api, target);
        let (answer, after) = answer_then_close(&mut stream, started, Duration::from_secs(20))
            .unwrap_or_else(|| panic!("{target}: the connection stayed open"));
        assert!(answer.starts_with("HTTP/1.1 408"), "{target}: {answer}");
        assert!(
            after >= Duration::from_secs(1),
            "{target}: closed after {after:?}"
        );
    }
    // A body that does arrive in time is served as before.
    let form = format!("api=server&key={}&cmd=GET_USERS", support::SERVER_KEY);
    let users = trackgate_tests::http::post_form(gateway.api, "/api/api.php", &form);
    assert_eq!(users.status, 200, "{}", users.body);
    gateway.stop();
}

#[test]
fn a_head_that_does_not_arrive_in_time_is_answered_408_and_its_connection_closed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |config| {
        config.api.request_head_timeout_secs = 1;
    });
    let started = Instant::now();
    let mut stream = TcpStream::connect(gateway.api).expect("connect to the API");
    stream
        .write_all(b"GET /metrics HTTP/1.1\r\nHost: gw\r\n")
        .expect("part of a head");
    let (answer, after) = answer_then_close(&mut stream, started, Duration::from_secs(20))
        .expect("the connection was closed");
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    // actix-web's own default is 5 s: the configured second is what applies.
    assert!(
        after < Duration::from_millis(4_500),
        "closed after {after:?}"
    );
    gateway.stop();
}

/// Reads one answer off a kept-alive connection: its head, then as many
/// bytes as its `Content-Length` says.
fn read_answer(stream: &mut TcpStream) -> String {
    use std::io::Read;
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .expect("read timeout");
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        stream.read_exact(&mut byte).expect("an answer's head");
        head.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&head).into_owned();
    let length: usize = head
        .lines()
        .find_map(|l| {
            let (name, value) = l.split_once(':')?;
            name.eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse().ok())?
        })
        .expect("a content length");
    let mut body = vec![0u8; length];
    stream.read_exact(&mut body).expect("an answer's body");
    head
}

#[test]
fn the_next_head_on_a_kept_alive_connection_must_arrive_in_time_too() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |config| {
        config.api.request_head_timeout_secs = 1;
    });
    let mut stream = TcpStream::connect(gateway.api).expect("connect to the API");
    stream
        .write_all(b"GET /metrics HTTP/1.1\r\nHost: gw\r\n\r\n")
        .expect("a whole request");
    let first = read_answer(&mut stream);
    assert!(first.starts_with("HTTP/1.1 200"), "{first}");

    // One byte of the next head stops the keep-alive timer; the rest never
    // comes. The connection ends once keep-alive and a head's time are up.
    let started = Instant::now();
    stream.write_all(b"G").expect("a byte of the next head");
    let (answer, after) = answer_then_close(&mut stream, started, Duration::from_secs(30))
        .expect("the connection was closed");
    assert_eq!(answer, "", "nothing more is answered");
    assert!(after >= Duration::from_secs(1), "closed after {after:?}");
    gateway.stop();
}
