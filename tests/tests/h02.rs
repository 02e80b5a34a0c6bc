//! H02 devices against the running gateway: heartbeat echo, the V4
//! confirmation, and a real corpus position read back through the User API.

use crate::support;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use serde_json::json;

/// Reads one `*…#` reply.
fn read_reply(stream: &mut TcpStream) -> String {
    let mut reply = Vec::new();
    let mut byte = [0u8; 1];
    while reply.last() != Some(&b'#') {
        stream.read_exact(&mut byte).expect("a reply byte");
        reply.push(byte[0]);
    }
    String::from_utf8(reply).expect("ASCII reply")
}

#[test]
fn heartbeat_echo_v4_confirmation_and_last_point() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let id = "4210051415";
    let (key, tracker) = gateway.provision("h02@example.com", "s3cret-pass", id);

    let mut stream =
        TcpStream::connect(gateway.device(trackgate_protocols::h02::PROTOCOL)).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");

    // A heartbeat identifies the connection and is echoed.
    stream.write_all(b"*HQ,4210051415,V0#\r\n").expect("send");
    assert_eq!(read_reply(&mut stream), "*HQ,4210051415,V0#");

    // A corpus location (2015-12-22 16:45:49 UTC, valid), followed by the
    // same device asking for a confirmation with a trailing `V1` field.
    stream
        .write_all(b"*HQ,4210051415,V1,164549,A,0956.3869,N,08406.7068,W,000.00,000,221215,FFFFFBFF,712,01,0,0,6#\r\n")
        .expect("send");
    stream
        .write_all(b"*HQ,4210051415,V1,164559,A,0956.3869,N,08406.7068,W,000.00,000,221215,FFFFFBFF,V1#\r\n")
        .expect("send");
    let confirmation = read_reply(&mut stream);
    let time = confirmation
        .strip_prefix("*HQ,4210051415,V4,V1,")
        .and_then(|rest| rest.strip_suffix('#'))
        .unwrap_or_else(|| panic!("unexpected reply {confirmation}"));
    assert!(
        time.len() == 14 && time.bytes().all(|b| b.is_ascii_digit()),
        "{confirmation}"
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
        (value["lat"].as_f64().expect("lat") - 9.939_78).abs() < 1e-5,
        "{last}"
    );
    assert!(
        (value["lng"].as_f64().expect("lng") + 84.111_78).abs() < 1e-5,
        "{last}"
    );
    assert_eq!(value["get_time"], "2015-12-22 16:45:59", "{last}");
}
