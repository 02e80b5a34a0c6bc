//! Meitrack devices against the running gateway: the `CCC` batch answer
//! after storage, reports read back through the User API, over TCP and UDP.

use crate::support;

use std::io::{Read, Write};
use std::net::{TcpStream, UdpSocket};
use std::time::Duration;
use trackgate_tests::hex::unhex;

use serde_json::json;

/// A corpus `AAA` report of 863835026871173: 34.516428 N 10.470160 E at
/// 2017-09-15 15:40:43 UTC, valid. Meitrack answers reports with nothing.
const AAA: &str = "$$V177,863835026871173,AAA,35,34.516428,10.470160,170915154043,A,9,12,68,74,0.9,9,1988259,525882,605|2|008C|0007B5A6,0200,0003|0000|0000|01A6|0571,00000001,,3,0000,010A92,360,511*74\r\n";
/// A corpus `CCC` batch of 369800014090021 holding one record.
const CCC: &str = "24245838362c3336393830303031343039303032312c4343432c020134000100000023381f91ffe354b806c5e3121b0009130000000000000000d33801007cbf0200fe0101000435feeb02000500a3010000000000002a62650d0a";

#[test]
fn batches_are_answered_and_reports_stored_over_tcp() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let (key, tracker) = gateway.provision("mt@example.com", "s3cret-pass", "369800014090021");
    let mut stream = TcpStream::connect(gateway.device(trackgate_protocols::meitrack::PROTOCOL))
        .expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    stream.write_all(&unhex(CCC)).expect("send");
    let mut answer = Vec::new();
    let mut byte = [0u8; 1];
    while !answer.ends_with(b"\r\n") {
        stream.read_exact(&mut byte).expect("an answer byte");
        answer.push(byte[0]);
    }
    let answer = String::from_utf8(answer).expect("ASCII");
    // `@@` + the batch's own flag, its length, the IMEI, CCC and the count.
    assert!(answer.starts_with("@@X"), "{answer}");
    assert!(answer.contains(",369800014090021,CCC,1*"), "{answer}");
    // The answer came after the commit: the record (a fix the device marks
    // invalid, so no GPS point) is in the tracker's state already.
    let state = gateway
        .user(
            "tracker/get_state",
            json!({ "hash": key, "tracker_id": tracker }),
        )
        .json();
    assert_eq!(
        state["state"]["gsm"]["updated"], "2014-05-24 04:59:49",
        "{state}"
    );
    assert_eq!(
        state["state"]["additional"]["odometer"]["value"], "80083",
        "{state}"
    );
}

#[test]
fn reports_are_stored_over_tcp_and_udp() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let (key, tracker) = gateway.provision("mt2@example.com", "s3cret-pass", "863835026871173");
    let mut stream = TcpStream::connect(gateway.device(trackgate_protocols::meitrack::PROTOCOL))
        .expect("connect");
    stream.write_all(AAA.as_bytes()).expect("send");
    let last = gateway.wait_last_point(&key, tracker, "2017-09-15 15:40:43");
    assert!((last["value"]["lat"].as_f64().expect("lat") - 34.516428).abs() < 1e-5);
    assert!((last["value"]["lng"].as_f64().expect("lng") - 10.470160).abs() < 1e-5);
    drop(stream);

    // The same device over UDP, a minute later: the corpus report with a
    // new time and position, framed (length and checksum) by the encoder.
    let socket = UdpSocket::bind("127.0.0.1:0").expect("bind");
    let later = trackgate_protocols::meitrack::encode::frame(
        b"$$",
        b'A',
        "863835026871173",
        "AAA",
        b"35,34.600000,10.470160,170915154143,A,9,12,68,74,0.9,9,1988259,525882,605|2|008C|0007B5A6,0200,0003|0000|0000|01A6|0571,00000001,,3,0000,010A92,360,511",
    );
    socket
        .send_to(
            &later,
            gateway.udp_device(trackgate_protocols::meitrack::PROTOCOL),
        )
        .expect("send");
    let last = gateway.wait_last_point(&key, tracker, "2017-09-15 15:41:43");
    assert!((last["value"]["lat"].as_f64().expect("lat") - 34.6).abs() < 1e-5);
}
