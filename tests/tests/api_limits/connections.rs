//! The API's connections are bounded: per address, where one over the
//! limit is closed as soon as it is accepted, and in total, where actix-web
//! stops accepting until one ends.

use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use super::answer_then_close;
use crate::support;

const METRICS: &[u8] = b"GET /metrics HTTP/1.1\r\nHost: gw\r\nConnection: close\r\n\r\n";

/// The value on the line of `text` that starts with `name `.
fn value(text: &str, name: &str) -> f64 {
    text.lines()
        .find_map(|l| l.strip_prefix(name)?.strip_prefix(' '))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(0.0)
}

#[test]
fn a_connection_over_its_address_share_is_closed_at_once_and_counted() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |config| {
        config.api.max_connections_per_ip = 2;
        // Held connections send nothing; the head timeout must not end them.
        config.api.request_head_timeout_secs = 120;
    });
    let mut held: Vec<TcpStream> = (0..2)
        .map(|_| TcpStream::connect(gateway.api).expect("connect"))
        .collect();

    let started = Instant::now();
    let mut refused = TcpStream::connect(gateway.api).expect("the kernel accepts it");
    // The write may already fail: the gateway may have closed it.
    let _ = refused.write_all(METRICS);
    let (answer, _) = answer_then_close(&mut refused, started, Duration::from_secs(20))
        .expect("the third connection was closed");
    assert_eq!(answer, "", "nothing is answered on it");

    // The two held are served, and the refusal is counted and the open
    // connections shown (the gauge is the process's, shared with other
    // tests' gateways: at least these two).
    let mut first = held.remove(0);
    first.write_all(METRICS).expect("request");
    let (metrics, _) = answer_then_close(&mut first, Instant::now(), Duration::from_secs(20))
        .expect("answered and closed");
    assert!(metrics.starts_with("HTTP/1.1 200"), "{metrics}");
    let refusals = value(
        &metrics,
        "trackgate_api_connections_refused_total{reason=\"per_ip\"}",
    );
    assert!(refusals >= 1.0, "{metrics}");
    assert!(
        value(&metrics, "trackgate_api_connections_open") >= 2.0,
        "{metrics}"
    );

    // The first one's place is given back when it closes.
    drop(first);
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let mut next = TcpStream::connect(gateway.api).expect("connect");
        let _ = next.write_all(METRICS);
        if let Some((answer, _)) =
            answer_then_close(&mut next, Instant::now(), Duration::from_secs(10))
            && answer.starts_with("HTTP/1.1 200")
        {
            break;
        }
        assert!(Instant::now() < deadline, "no place was given back");
        std::thread::sleep(Duration::from_millis(100));
    }
    drop(held);
    gateway.stop();
}

#[test]
fn connections_beyond_the_total_wait_until_one_ends() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |config| {
        config.api.workers = 1;
        config.api.max_connections = 2;
        config.api.request_head_timeout_secs = 120;
    });
    let mut held: Vec<TcpStream> = (0..2)
        .map(|_| TcpStream::connect(gateway.api).expect("connect"))
        .collect();
    // Both are accepted before the next: the kernel queues them in order.
    std::thread::sleep(Duration::from_millis(300));

    let mut waiting = TcpStream::connect(gateway.api).expect("the kernel queues it");
    waiting.write_all(METRICS).expect("request");
    waiting
        .set_read_timeout(Some(Duration::from_secs(2)))
        .expect("read timeout");
    let mut byte = [0u8; 1];
    match waiting.read(&mut byte) {
        Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
        other => panic!("a third connection was served while two were open: {other:?}"),
    }

    drop(held.pop());
    let (answer, _) = answer_then_close(&mut waiting, Instant::now(), Duration::from_secs(20))
        .expect("served once a connection ended");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    drop(held);
    gateway.stop();
}
