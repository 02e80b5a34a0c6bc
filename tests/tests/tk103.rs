//! TK103 devices against the running gateway: handshake and login answers,
//! positions read back through the User API, over TCP and UDP.

use crate::support;

use std::io::{Read, Write};
use std::net::{TcpStream, UdpSocket};
use std::time::Duration;

/// Reads one `(…)` answer.
fn read_answer(stream: &mut TcpStream) -> String {
    let mut answer = Vec::new();
    let mut byte = [0u8; 1];
    while answer.last() != Some(&b')') {
        stream.read_exact(&mut byte).expect("an answer byte");
        answer.push(byte[0]);
    }
    String::from_utf8(answer).expect("ASCII answer")
}

#[test]
fn handshake_answered_and_position_stored_over_tcp() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let (key, tracker) = gateway.provision("tk@example.com", "s3cret-pass", "088047365460");
    let mut stream =
        TcpStream::connect(gateway.device(trackgate_protocols::tk103::PROTOCOL)).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    stream.write_all(b"(088047365460BP00HSO)").expect("send");
    assert_eq!(read_answer(&mut stream), "(088047365460AP01HSO)");
    // A corpus position: 25.92255 S 28.92222 E at 2015-10-24 05:51:48 UTC.
    stream
        .write_all(
            b"(088047365460BR00151024A2555.3531S02855.3329E004.7055148276.1701000000L00009AA3)",
        )
        .expect("send");
    let last = gateway.wait_last_point(&key, tracker, "2015-10-24 05:51:48");
    assert!((last["value"]["lat"].as_f64().expect("lat") + 25.92255).abs() < 1e-5);
    assert!((last["value"]["lng"].as_f64().expect("lng") - 28.92222).abs() < 1e-5);
}

#[test]
fn login_answered_over_udp() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let (key, tracker) = gateway.provision("tku@example.com", "s3cret-pass", "352606090042050");
    let socket = UdpSocket::bind("127.0.0.1:0").expect("bind");
    socket
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    // A corpus login carrying a position: 45.45586 N 9.16626 E.
    socket
        .send_to(
            b"(352606090042050,BP05,240414,A,4527.3513N,00909.9758E,4.80,112825,155.49)",
            gateway.udp_device(trackgate_protocols::tk103::PROTOCOL),
        )
        .expect("send");
    let mut answer = [0u8; 64];
    let (len, _) = socket.recv_from(&mut answer).expect("an answer");
    assert_eq!(&answer[..len], b"(352606090042050AP05)");
    let last = gateway.wait_last_point(&key, tracker, "2014-04-24 11:28:25");
    assert!((last["value"]["lat"].as_f64().expect("lat") - 45.45586).abs() < 1e-5);
}
