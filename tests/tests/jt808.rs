//! A JT/T 808 terminal against the running gateway: registration,
//! authentication and a real location report over TCP, with the exact
//! replies, and the position read back through the User API.

use crate::support;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;
use trackgate_tests::hex::{hex, unhex};

use serde_json::json;
use trackgate_protocols::jt808::encode_message;

/// The terminal's phone number, as its headers carry it.
const PHONE: &str = "001601285614";

/// Corpus #82: a valid fix at 6.152508 S, 106.720475 E, sent at
/// 2017-01-17 10:05:42 Beijing time, serial 0x0003.
const LOCATION: &str = "7e0200002c00160128561400030000000000040007005de13c065c6cdb00160000000017011710054201040000a9002a02000030011b310104e47e";

/// Reads one `7E … 7E` frame.
fn read_frame(stream: &mut TcpStream) -> String {
    let mut frame = Vec::new();
    let mut byte = [0u8; 1];
    while frame.len() < 2 || frame.last() != Some(&0x7E) {
        stream.read_exact(&mut byte).expect("a reply");
        frame.push(byte[0]);
    }
    hex(&frame)
}

/// A 2013 registration body: province, city, maker, model, terminal id,
/// plate colour, plate.
fn registration() -> Vec<u8> {
    let mut body = vec![0, 0x2c, 0x01, 0x2f];
    body.extend_from_slice(b"70111");
    body.extend_from_slice(&[b'M'; 20]);
    body.extend_from_slice(b"1234567");
    body.push(1);
    body.extend_from_slice(b"B88888");
    body
}

#[test]
fn terminal_registers_authenticates_and_its_position_is_read_back() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let (key, tracker) = gateway.provision("jt808@example.com", "s3cret-pass", PHONE);

    let mut stream =
        TcpStream::connect(gateway.device(trackgate_protocols::jt808::PROTOCOL)).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");

    // 0x8100: reply serial 0001, result 0, auth code = the phone number.
    let register = encode_message(PHONE, None, 0x0100, 1, &registration());
    stream.write_all(&register).expect("send");
    assert_eq!(
        read_frame(&mut stream),
        "7e8100000f0016012856140000000100303031363031323835363134f87e"
    );

    // 0x8001 to the 0x0102 authentication, platform serial 1.
    let auth = encode_message(PHONE, None, 0x0102, 2, PHONE.as_bytes());
    stream.write_all(&auth).expect("send");
    assert_eq!(
        read_frame(&mut stream),
        "7e8001000500160128561400010002010200f97e"
    );

    // The location's 0x8001 comes once it is stored.
    stream.write_all(&unhex(LOCATION)).expect("send");
    assert_eq!(
        read_frame(&mut stream),
        "7e8001000500160128561400020003020000fa7e"
    );

    let last = gateway
        .user(
            "tracker/get_last_gps_point",
            json!({ "hash": key, "tracker_id": tracker }),
        )
        .json();
    assert_eq!(last["success"], true, "{last}");
    let value = &last["value"];
    assert!(
        (value["lat"].as_f64().expect("lat") + 6.152508).abs() < 1e-6,
        "{last}"
    );
    assert!(
        (value["lng"].as_f64().expect("lng") - 106.720475).abs() < 1e-6,
        "{last}"
    );
    // Beijing time on the wire, UTC in the API.
    assert_eq!(value["get_time"], "2017-01-17 02:05:42");
    assert_eq!(value["satellites"], 4);
    drop(stream);
    gateway.stop();
}
