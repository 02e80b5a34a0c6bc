//! GPS103 (Coban) devices against the running gateway: `LOAD` and `ON`
//! answers, positions read back through the User API, over TCP and UDP.

use crate::support;

use std::io::{Read, Write};
use std::net::{TcpStream, UdpSocket};
use std::time::Duration;

fn read_exact(stream: &mut TcpStream, n: usize) -> String {
    let mut answer = vec![0u8; n];
    stream.read_exact(&mut answer).expect("an answer");
    String::from_utf8(answer).expect("ASCII answer")
}

#[test]
fn login_heartbeat_and_position_over_tcp() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let (key, tracker) = gateway.provision("coban@example.com", "s3cret-pass", "359710045559474");
    let mut stream =
        TcpStream::connect(gateway.device(trackgate_protocols::gps103::PROTOCOL)).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    stream
        .write_all(b"##,imei:359710045559474,A;")
        .expect("send");
    assert_eq!(read_exact(&mut stream, 4), "LOAD");
    stream.write_all(b"359710045559474;").expect("send");
    assert_eq!(read_exact(&mut stream, 2), "ON");
    // A corpus position: 54.72306 N 25.21512 E at 2015-10-30 00:01:01 UTC.
    stream
        .write_all(b"imei:359710045559474,tracker,151030080103,,F,000101.000,A,5443.3834,N,02512.9071,E,0.00,0;")
        .expect("send");
    let last = gateway.wait_last_point(&key, tracker, "2015-10-30 00:01:01");
    assert!((last["value"]["lat"].as_f64().expect("lat") - 54.72306).abs() < 1e-5);
    assert!((last["value"]["lng"].as_f64().expect("lng") - 25.21512).abs() < 1e-5);
}

#[test]
fn position_over_udp() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let (key, tracker) = gateway.provision("cobanu@example.com", "s3cret-pass", "359710049092324");
    let socket = UdpSocket::bind("127.0.0.1:0").expect("bind");
    socket
        .send_to(
            b"imei:359710049092324,tracker,151027025958,,F,235957.000,A,2429.5156,N,04424.5828,E,0.01,27.91,,0,0,,,;",
            gateway.udp_device(trackgate_protocols::gps103::PROTOCOL),
        )
        .expect("send");
    let last = gateway.wait_last_point(&key, tracker, "2015-10-26 23:59:57");
    assert!((last["value"]["lat"].as_f64().expect("lat") - 24.49193).abs() < 1e-5);
}
