//! GT06 devices against the running gateway, over real TCP: exact replies
//! to real corpus packets, and the fix read back through the User API.

use crate::support;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};
use trackgate_tests::hex::unhex;

use serde_json::json;

/// The corpus's login for IMEI 864717003283581, serial 9.
const LOGIN: &str = "78780d01086471700328358100093f040d0a";
/// Its acknowledgement: `78 78 05 01`, serial 9, CRC-16/X-25.
const LOGIN_ACK: &str = "78780501000955940d0a";
/// A status packet (serial 0x0129) and its acknowledgement.
const STATUS: &str = "78780a13c40604000201298f5b0d0a";
const STATUS_ACK: &str = "7878051301295d630d0a";
/// A 0x12 location: 2015-10-20 14:21:11 UTC, 54.94535 N 24.01762 E, valid.
const LOCATION: &str = "78781f120f0a140e150bc505e51e780293a9e800540000f601006e0055da00035f240d0a";
/// A time request, serial 6.
const TIME_REQUEST: &str = "7878058a000688290d0a";

fn connect(gateway: &support::Running) -> TcpStream {
    let stream =
        TcpStream::connect(gateway.device(trackgate_protocols::gt06::PROTOCOL)).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    stream
}

fn exchange(stream: &mut TcpStream, send: &str, reply_len: usize) -> Vec<u8> {
    stream.write_all(&unhex(send)).expect("write");
    let mut reply = vec![0; reply_len];
    stream.read_exact(&mut reply).expect("reply");
    reply
}

#[test]
fn login_status_and_location_are_answered_and_stored() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let (key, tracker) = gateway.provision("gt06@example.com", "s3cret-pass", "864717003283581");

    let mut device = connect(&gateway);
    assert_eq!(exchange(&mut device, LOGIN, 10), unhex(LOGIN_ACK));
    assert_eq!(exchange(&mut device, STATUS, 10), unhex(STATUS_ACK));
    // Locations are not acknowledged; the time request's answer shows the
    // session read past it.
    device.write_all(&unhex(LOCATION)).expect("write");
    let time = exchange(&mut device, TIME_REQUEST, 16);
    assert_eq!(&time[..4], &[0x78, 0x78, 0x0B, 0x8A]);
    assert_eq!(&time[10..12], &[0x00, 0x06], "the request's serial");
    assert_eq!(&time[14..], &[0x0D, 0x0A]);

    let deadline = Instant::now() + Duration::from_secs(10);
    let last = loop {
        let last = gateway
            .user(
                "tracker/get_last_gps_point",
                json!({ "hash": key, "tracker_id": tracker }),
            )
            .json();
        if last["success"] == true || Instant::now() > deadline {
            break last;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(last["success"], true, "{last}");
    assert!((last["value"]["lat"].as_f64().expect("lat") - 54.94535).abs() < 1e-5);
    assert!((last["value"]["lng"].as_f64().expect("lng") - 24.01762).abs() < 1e-5);
    assert_eq!(last["value"]["get_time"], "2015-10-20 14:21:11");
}

#[test]
fn an_unknown_device_is_disconnected_without_an_answer() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let mut device = connect(&gateway);
    device.write_all(&unhex(LOGIN)).expect("write");
    let mut byte = [0u8; 1];
    assert!(
        matches!(device.read(&mut byte), Ok(0)),
        "the connection is closed with nothing written"
    );
}
