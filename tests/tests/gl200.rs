//! Queclink @Track devices against the running gateway: `+SACK` answers
//! over TCP and UDP, each written after the report is stored, and the
//! position read back through the User API.

use crate::support;

use std::io::{Read, Write};
use std::net::{TcpStream, UdpSocket};
use std::time::Duration;

use serde_json::{Value, json};

const IMEI: &str = "866314060299813";
/// A corpus report: 33.008722 S 68.891157 W at 2026-05-14 01:04:56 UTC,
/// count BBCE.
const FRI: &str = "+RESP:GTFRI,8020040703,866314060299813,,,10,1,1,0.0,275,937.7,-68.891157,-33.008722,20260514010456,,,,,00,,,,,,100,110000,,,,20260514010458,BBCE$";

/// Reads one `…$` answer.
fn read_answer(stream: &mut TcpStream) -> String {
    let mut answer = Vec::new();
    let mut byte = [0u8; 1];
    while answer.last() != Some(&b'$') {
        stream.read_exact(&mut byte).expect("an answer byte");
        answer.push(byte[0]);
    }
    String::from_utf8(answer).expect("ASCII answer")
}

fn last_point(gateway: &support::Running, key: &str, tracker: u64) -> Value {
    gateway
        .user(
            "tracker/get_last_gps_point",
            json!({ "hash": key, "tracker_id": tracker }),
        )
        .json()
}

#[test]
fn reports_and_heartbeats_are_acknowledged_over_tcp() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let (key, tracker) = gateway.provision("queclink@example.com", "s3cret-pass", IMEI);
    let mut stream =
        TcpStream::connect(gateway.device(trackgate_protocols::gl200::PROTOCOL)).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");

    stream
        .write_all(format!("+ACK:GTHBD,8020040703,{IMEI},,20260514010400,11F0$").as_bytes())
        .expect("send");
    assert_eq!(read_answer(&mut stream), "+SACK:GTHBD,8020040703,11F0$");

    stream.write_all(FRI.as_bytes()).expect("send");
    assert_eq!(read_answer(&mut stream), "+SACK:BBCE$");
    let last = last_point(&gateway, &key, tracker);
    assert_eq!(last["success"], true, "{last}");
    assert_eq!(last["value"]["get_time"], "2026-05-14 01:04:56", "{last}");
    assert!((last["value"]["lat"].as_f64().expect("lat") + 33.008722).abs() < 1e-6);
    assert!((last["value"]["lng"].as_f64().expect("lng") + 68.891157).abs() < 1e-6);
}

#[test]
fn reports_are_acknowledged_over_udp() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let (key, tracker) = gateway.provision("queclink-udp@example.com", "s3cret-pass", IMEI);
    let socket = UdpSocket::bind("127.0.0.1:0").expect("bind");
    socket
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    socket
        .send_to(
            FRI.as_bytes(),
            gateway.udp_device(trackgate_protocols::gl200::PROTOCOL),
        )
        .expect("send");
    let mut answer = [0u8; 64];
    let (len, _) = socket.recv_from(&mut answer).expect("an answer");
    assert_eq!(&answer[..len], b"+SACK:BBCE$");
    let last = last_point(&gateway, &key, tracker);
    assert_eq!(last["value"]["get_time"], "2026-05-14 01:04:56", "{last}");
}
