//! Real corpus messages of Gator, ThinkRace, Topin and Tramigo devices,
//! sent over each protocol's real transport to the running gateway: the
//! exact answers the corpus's reply table gives, each written after
//! storage, and the last valid fix read back through the User API.
//!
//! The device id and the fix expected back are read from the same bytes by
//! the protocol's codec (whose corpus tests pin them); what is tested here
//! is transport, identification, storage and the API
//! (`support/devices.rs`).

mod support;

use std::net::UdpSocket;
use std::time::Duration;

use support::devices::{over_tcp, time_text};
use trackgate_protocols::{Message, Protocol};
use trackgate_tests::hex::unhex;

/// The device and last valid fix `protocol`'s datagram codec reads from
/// `datagram`.
fn datagram_fix(protocol: Protocol, datagram: &[u8]) -> (String, trackgate_protocols::Record) {
    let codec = protocol.datagram_codec().expect("a UDP protocol");
    let messages = codec.decode_datagram(datagram).expect("decodes");
    let device = messages[0].device().expect("a device").0.clone();
    let fix = messages
        .into_iter()
        .find_map(|m| match m {
            Message::Records { mut records, .. } => records.pop().filter(|r| r.valid),
            _ => None,
        })
        .expect("a valid fix");
    (device, fix)
}

/// Sends `datagram` to a fresh gateway's UDP socket for `protocol`, checks
/// the exact `answer`, and reads the fix back.
fn over_udp_once(protocol: Protocol, datagram: &[u8], answer: &[u8]) {
    let (device, fix) = datagram_fix(protocol, datagram);
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let email = format!("{}-udp@example.com", protocol.name());
    let (key, tracker) = gateway.provision(&email, "s3cret-pass", &device);
    let socket = UdpSocket::bind("127.0.0.1:0").expect("bind");
    socket
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    socket
        .send_to(datagram, gateway.udp_device(protocol))
        .expect("send");
    let mut got = [0u8; 1500];
    let (len, _) = socket.recv_from(&mut got).expect("an answer");
    assert_eq!(&got[..len], answer, "{}", protocol.name());
    let last = gateway.wait_last_point(&key, tracker, &time_text(fix.fix_time_ms));
    assert!((last["value"]["lat"].as_f64().expect("lat") - fix.latitude).abs() < 1e-6);
}

#[test]
fn gator_packets_are_answered_over_tcp_and_udp() {
    use trackgate_protocols::gator::{PROTOCOL, encode};
    // Corpus #7 (2014-11-21, 59.37697 N 10.72792 E) from pseudo-IP
    // 00 09 63 2D, then a keep-alive from the same device.
    let position = unhex(
        "24248000260009632d141121072702059226180104367500000000c04700079c0c34000ad80b00ff000a0d",
    );
    let keep_alive = encode::packet(0x21, [0x00, 0x09, 0x63, 0x2D], &[]).to_vec();
    // `24 24 21 00 05`, the packet's checksum and type, `00`, the XOR, `0D`.
    let answers = [
        unhex("24242100050a8000ae0d"),
        encode::answer(keep_alive[9], 0x21).to_vec(),
    ];
    over_tcp(
        PROTOCOL,
        &[
            (position, Some(answers[0].clone())),
            (keep_alive, Some(answers[1].clone())),
        ],
    );
    // Corpus #9 (2011-12-20, -33.44773, -70.63402) as a datagram.
    let datagram =
        unhex("2424800023c2631e00111220104909833268648703804100000000c0470000000b4e00000000550d");
    over_udp_once(PROTOCOL, &datagram, &unhex("2424210005558000f10d"));
}

#[test]
fn thinkrace_logins_are_answered_and_positions_stored() {
    use trackgate_protocols::thinkrace::PROTOCOL;
    // Corpus #0 (login `80 01` with the IMEI) and #1 (position of
    // 2015-06-04 09:12:20).
    let login = unhex("48415349483031343730303134382c8000100134363030303134363139363239343806ff");
    let position = unhex(
        "48415349483031343730303134382c90001755701674d70155466406cbb813003d24a410f5000000770b4c",
    );
    // `HR`, the header's id, `,`, `80`, length 2, `80 00`, `00 00`.
    let answer = unhex("48525349483031343730303134382c80000280000000");
    over_tcp(PROTOCOL, &[(login, Some(answer)), (position, None)]);
}
