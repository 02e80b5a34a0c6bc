//! Frames the gateway cannot decode on a stream that can go on: each is
//! skipped, counted in `/metrics` by protocol and reason, and the
//! connection keeps working; and a report read in part is still stored and
//! acknowledged.

mod support;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use trackgate_tests::hex::unhex;
use trackgate_tests::http;

/// The corpus's GT06 login for IMEI 864717003283581 and its answer.
const LOGIN: &str = "78780d01086471700328358100093f040d0a";
const LOGIN_ACK: &str = "78780501000955940d0a";
/// A status packet (serial 0x0129) and its acknowledgement.
const STATUS: &str = "78780a13c40604000201298f5b0d0a";
const STATUS_ACK: &str = "7878051301295d630d0a";

fn connect(addr: std::net::SocketAddr) -> TcpStream {
    let stream = TcpStream::connect(addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    stream
}

fn read_exactly(stream: &mut TcpStream, len: usize) -> Vec<u8> {
    let mut reply = vec![0; len];
    stream.read_exact(&mut reply).expect("reply");
    reply
}

/// The value of the metric line starting with `prefix`, if there is one.
fn metric(gateway: &support::Running, prefix: &str) -> Option<f64> {
    let body = http::get(gateway.api, "/metrics").body;
    body.lines()
        .find(|line| line.starts_with(prefix))
        .and_then(|line| line.rsplit(' ').next())
        .and_then(|value| value.parse().ok())
}

#[test]
fn a_damaged_gt06_packet_is_skipped_counted_and_the_connection_goes_on() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    gateway.provision("skips@example.com", "s3cret-pass", "864717003283581");
    let mut device = connect(gateway.device(trackgate_protocols::gt06::PROTOCOL));
    device.write_all(&unhex(LOGIN)).expect("login");
    assert_eq!(read_exactly(&mut device, 10), unhex(LOGIN_ACK));

    // The same status with one content bit flipped: its CRC fails. It is
    // not answered; the good one after it is.
    let mut damaged = unhex(STATUS);
    damaged[5] ^= 0x01;
    device.write_all(&damaged).expect("damaged");
    device.write_all(&unhex(STATUS)).expect("status");
    assert_eq!(read_exactly(&mut device, 10), unhex(STATUS_ACK));

    let skipped = metric(
        &gateway,
        "trackgate_frames_skipped_total{protocol=\"gt06\",reason=\"checksum\"}",
    );
    assert_eq!(skipped, Some(1.0));
    // Nothing closed the connection for it.
    let closed = metric(&gateway, "trackgate_decode_errors_total{protocol=\"gt06\"");
    assert_eq!(closed, None);
}

/// An ATrack binary report whose custom form names codes of unknown binary
/// width (a real AX-series unit's): its CRC holds, so what can be read is
/// stored and the report is acknowledged, instead of being resent forever.
#[test]
fn an_atrack_report_read_in_part_is_stored_and_acknowledged() {
    let corpus = include_str!("../../protocols/tests/data/atrack.jsonl");
    let sample: serde_json::Value = corpus
        .lines()
        .map(|line| serde_json::from_str::<serde_json::Value>(line).expect("json"))
        .find(|s| s["seq"]["method"] == "testDecode" && s["seq"]["index"] == 17)
        .expect("sample 17");
    let report = unhex(sample["payload"].as_str().expect("payload"));
    let unit = u64::from_be_bytes(report[8..16].try_into().expect("unit id"));
    let sequence = &report[6..8];

    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let (key, tracker) = gateway.provision("atrack@example.com", "s3cret-pass", &unit.to_string());
    let mut device = connect(gateway.device(trackgate_protocols::atrack::PROTOCOL));
    device.write_all(&report).expect("report");
    let mut ack = vec![0xFE, 0x02];
    ack.extend_from_slice(&unit.to_be_bytes());
    ack.extend_from_slice(sequence);
    assert_eq!(read_exactly(&mut device, ack.len()), ack);

    // The records the codec reads from it are the ones stored.
    let Ok(trackgate_protocols::Message::Records { records, .. }) =
        trackgate_protocols::atrack::decode_frame(&report)
    else {
        panic!("the report decodes in part");
    };
    let first = records.first().expect("a record").fix_time_ms;
    let text = |ms: i64| {
        let (y, mo, d, h, mi, s) = trackgate_protocols::datetime::civil(ms);
        format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}")
    };
    let points = gateway
        .user(
            "track/read",
            serde_json::json!({
                "hash": key,
                "tracker_id": tracker,
                "from": text(first - 3_600_000),
                "to": text(first + 3_600_000),
                "filter": false,
            }),
        )
        .json();
    let list = points["list"].as_array().expect("points");
    assert_eq!(list.len(), records.len(), "{points}");
}
