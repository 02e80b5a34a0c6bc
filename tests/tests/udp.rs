//! Devices that speak UDP, against the running gateway: every datagram is
//! answered from the address it came to, only after its records are stored;
//! the positions come back through the User API; bad datagrams are dropped
//! without disturbing anyone else.

mod support;

use std::net::{SocketAddr, UdpSocket};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use trackgate_protocols::teltonika::udp::{Envelope, encode_datagram};
use trackgate_protocols::teltonika::{AvlCodec, encode_avl};
use trackgate_tests::points;

/// A device's UDP socket on loopback.
fn device_socket() -> UdpSocket {
    let socket = UdpSocket::bind("127.0.0.1:0").expect("bind");
    socket
        .set_read_timeout(Some(Duration::from_secs(5)))
        .expect("timeout");
    socket
}

/// Sends one datagram and returns the answer, or `None` when none comes
/// within `wait`.
fn ask(socket: &UdpSocket, to: SocketAddr, datagram: &[u8], wait: Duration) -> Option<Vec<u8>> {
    socket.set_read_timeout(Some(wait)).expect("timeout");
    socket.send_to(datagram, to).expect("send");
    let mut buf = [0u8; 2048];
    match socket.recv_from(&mut buf) {
        Ok((len, from)) => {
            assert_eq!(from, to, "answered from the address the device sent to");
            Some(buf[..len].to_vec())
        }
        Err(_) => None,
    }
}

/// A Teltonika UDP datagram carrying `records` of a drive.
fn teltonika(imei: &str, packet_id: u16, start_ms: i64, count: usize) -> Vec<u8> {
    let packet = encode_avl(AvlCodec::Codec8, &points::drive(start_ms, count)).expect("encode");
    let envelope = Envelope {
        packet_id,
        acked: true,
        avl_packet_id: (packet_id & 0xFF) as u8,
    };
    encode_datagram(envelope, imei, &packet[8..packet.len() - 4])
        .expect("envelope")
        .to_vec()
}

fn last_point(gateway: &support::Running, key: &str, tracker: u64) -> Value {
    gateway
        .user(
            "tracker/get_last_gps_point",
            json!({ "hash": key, "tracker_id": tracker }),
        )
        .json()
}

fn track_len(gateway: &support::Running, key: &str, tracker: u64) -> usize {
    let track = gateway
        .user(
            "track/read",
            json!({
                "hash": key,
                "tracker_id": tracker,
                "from": "2023-11-14 00:00:00",
                "to": "2023-11-16 00:00:00",
            }),
        )
        .json();
    assert_eq!(track["success"], true, "{track}");
    track["list"].as_array().map_or(0, Vec::len)
}

const IMEI: &str = "352093081452251";
/// 2023-11-14 22:13:20 UTC.
const START_MS: i64 = 1_700_000_000_000;

#[test]
fn teltonika_datagrams_are_acknowledged_after_storage_and_read_back() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let (key, tracker) = gateway.provision("udp@example.com", "s3cret-pass", IMEI);
    let to = gateway.udp_device(trackgate_protocols::teltonika::PROTOCOL);
    assert_eq!(
        to,
        gateway.device(trackgate_protocols::teltonika::PROTOCOL),
        "same port as TCP"
    );
    let device = device_socket();

    let ack = ask(
        &device,
        to,
        &teltonika(IMEI, 0xCAFE, START_MS, 3),
        Duration::from_secs(5),
    );
    // 00 05, packet id echoed, 01, AVL packet id, 3 records.
    assert_eq!(ack, Some(vec![0x00, 0x05, 0xCA, 0xFE, 0x01, 0xFE, 0x03]));
    // The acknowledgement came after the commit: the records are readable now.
    let last = last_point(&gateway, &key, tracker);
    assert_eq!(last["success"], true, "{last}");
    assert_eq!(last["value"]["get_time"], "2023-11-14 22:13:22", "{last}");
    assert!((last["value"]["lat"].as_f64().expect("lat") - 56.9498).abs() < 1e-6);

    // A datagram whose acknowledgement was lost is sent again: it is
    // answered again and stored once.
    let again = ask(
        &device,
        to,
        &teltonika(IMEI, 0xCAFE, START_MS, 3),
        Duration::from_secs(5),
    );
    assert_eq!(again, ack);
    assert_eq!(track_len(&gateway, &key, tracker), 3);

    // The live session serves the state: the tracker is connected ("idle",
    // not "offline", as its fixes are years old).
    let state = gateway
        .user(
            "tracker/get_state",
            json!({ "hash": key, "tracker_id": tracker }),
        )
        .json();
    assert_eq!(state["state"]["connection_status"], "idle", "{state}");
}

#[test]
fn answers_follow_the_device_to_its_new_address() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let (key, tracker) = gateway.provision("nat@example.com", "s3cret-pass", IMEI);
    let to = gateway.udp_device(trackgate_protocols::teltonika::PROTOCOL);

    let first = device_socket();
    let ack = ask(
        &first,
        to,
        &teltonika(IMEI, 1, START_MS, 1),
        Duration::from_secs(5),
    );
    assert_eq!(ack, Some(vec![0x00, 0x05, 0x00, 0x01, 0x01, 0x01, 0x01]));
    // The carrier's NAT gave the device another port.
    let second = device_socket();
    let ack = ask(
        &second,
        to,
        &teltonika(IMEI, 2, START_MS + 60_000, 2),
        Duration::from_secs(5),
    );
    assert_eq!(ack, Some(vec![0x00, 0x05, 0x00, 0x02, 0x01, 0x02, 0x02]));
    assert_eq!(track_len(&gateway, &key, tracker), 3);
}

#[test]
fn bad_and_unknown_datagrams_get_no_answer_and_harm_no_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let (key, tracker) = gateway.provision("bad@example.com", "s3cret-pass", IMEI);
    let to = gateway.udp_device(trackgate_protocols::teltonika::PROTOCOL);
    let device = device_socket();
    let quiet = Duration::from_millis(500);

    // Garbage, a truncated datagram, and a device nobody registered.
    assert_eq!(ask(&device, to, b"\x00\x01garbage", quiet), None);
    let good = teltonika(IMEI, 7, START_MS, 2);
    assert_eq!(ask(&device, to, &good[..good.len() - 3], quiet), None);
    assert_eq!(
        ask(
            &device,
            to,
            &teltonika("356307042441013", 8, START_MS, 1),
            quiet
        ),
        None
    );
    assert_eq!(track_len(&gateway, &key, tracker), 0);

    // The listener still serves the registered device from the same socket.
    let ack = ask(&device, to, &good, Duration::from_secs(5));
    assert_eq!(ack, Some(vec![0x00, 0x05, 0x00, 0x07, 0x01, 0x07, 0x02]));
    assert_eq!(track_len(&gateway, &key, tracker), 2);
    let metrics = trackgate_tests::http::get(gateway.api, "/metrics").body;
    assert!(
        metrics
            .contains("trackgate_decode_errors_total{protocol=\"teltonika\",kind=\"malformed\"} 2"),
        "{metrics}"
    );
}

#[test]
fn a_session_that_idled_out_is_started_again_by_the_next_datagram() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |c| {
        c.devices.idle_timeout_secs = 1;
        c.state.idle_after_secs = 1;
        c.state.offline_after_secs = 2;
    });
    let (key, tracker) = gateway.provision("idle@example.com", "s3cret-pass", IMEI);
    let to = gateway.udp_device(trackgate_protocols::teltonika::PROTOCOL);
    let device = device_socket();

    let ack = ask(
        &device,
        to,
        &teltonika(IMEI, 1, START_MS, 1),
        Duration::from_secs(5),
    );
    assert!(ack.is_some());
    // After the idle timeout the virtual session ends; after the (longer)
    // offline threshold without data the tracker is offline.
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let state = gateway
            .user(
                "tracker/get_state",
                json!({ "hash": key, "tracker_id": tracker }),
            )
            .json();
        if state["state"]["connection_status"] == "offline" {
            break;
        }
        assert!(Instant::now() < deadline, "still online: {state}");
        std::thread::sleep(Duration::from_millis(100));
    }
    let ack = ask(
        &device,
        to,
        &teltonika(IMEI, 2, START_MS + 1000, 1),
        Duration::from_secs(5),
    );
    assert_eq!(ack, Some(vec![0x00, 0x05, 0x00, 0x02, 0x01, 0x02, 0x01]));
    assert_eq!(track_len(&gateway, &key, tracker), 2);
}

#[test]
fn h02_and_wialon_devices_are_answered_over_udp() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let (h02_key, h02_tracker) = gateway.provision("h02u@example.com", "s3cret-pass", "4210051415");
    let (w_key, w_tracker) = gateway.provision("wu@example.com", "s3cret-pass", "42001300083");
    let device = device_socket();
    let wait = Duration::from_secs(5);

    let h02 = gateway.udp_device(trackgate_protocols::h02::PROTOCOL);
    let echo = ask(&device, h02, b"*HQ,4210051415,V0#", wait);
    assert_eq!(echo.as_deref(), Some(&b"*HQ,4210051415,V0#"[..]));
    let confirm = ask(
        &device,
        h02,
        b"*HQ,4210051415,V1,164559,A,0956.3869,N,08406.7068,W,000.00,000,221215,FFFFFBFF,V1#",
        wait,
    )
    .expect("a V4 confirmation");
    assert!(confirm.starts_with(b"*HQ,4210051415,V4,V1,"), "{confirm:?}");
    let last = last_point(&gateway, &h02_key, h02_tracker);
    assert_eq!(last["value"]["get_time"], "2015-12-22 16:45:59", "{last}");

    let wialon = gateway.udp_device(trackgate_protocols::wialon::PROTOCOL);
    let answer = ask(
        &device,
        wialon,
        b"42001300083#SD#300924;154245;5554.350052;N;3644.670410;E;2.92;NA;NA;NA\r\n",
        wait,
    );
    assert_eq!(answer.as_deref(), Some(&b"#ASD#1\r\n"[..]));
    let last = last_point(&gateway, &w_key, w_tracker);
    assert_eq!(last["value"]["get_time"], "2024-09-30 15:42:45", "{last}");
    assert!(
        (last["value"]["lat"].as_f64().expect("lat") - 55.905_834).abs() < 1e-5,
        "{last}"
    );
}
