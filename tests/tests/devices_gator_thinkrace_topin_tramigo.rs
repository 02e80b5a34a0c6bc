//! Real corpus messages of Gator, ThinkRace, Topin and Tramigo devices,
//! sent over each protocol's real transport to the running gateway: the
//! exact answers the corpus's reply table gives, each written after
//! storage, and the last valid fix read back through the User API.
//!
//! The device id and the fix expected back are read from the same bytes by
//! the protocol's codec (whose corpus tests pin them); what is tested here
//! is transport, identification, storage and the API
//! (`support/devices.rs`).

use crate::support;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use support::devices::{expected, over_tcp, over_udp, time_text};
use trackgate_tests::hex::unhex;

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
    over_udp(PROTOCOL, &[(datagram, Some(unhex("2424210005558000f10d")))]);
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

#[test]
fn topin_logins_get_the_time_and_fixes_their_answer() {
    use trackgate_protocols::topin::PROTOCOL;
    // Corpus #1 (login, IMEI 359339075416963) and #10 (GPS fix of
    // 2010-03-23 15:50:23).
    let login = unhex("78780d0103593390754169634d0d0a");
    let fix = unhex("787812100a03170f32179c026b3f3e0c22ad651f34600d0a");
    let (device, expected_fix) = expected(PROTOCOL, &[login.clone(), fix.clone()]);
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let (key, tracker) = gateway.provision("topin@example.com", "s3cret-pass", &device);
    let mut stream = TcpStream::connect(gateway.device(PROTOCOL)).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    stream.write_all(&login).expect("send");
    // `78 78 <the login's length byte> 01 01 0D 0A`, then the time packet
    // `78 78 07 30 <year(2)> MM DD hh mm ss 0D 0A` in UTC.
    let mut got = [0u8; 7 + 13];
    stream.read_exact(&mut got).expect("the answer");
    assert_eq!(&got[..7], &unhex("78780d01010d0a")[..]);
    assert_eq!(&got[7..11], &[0x78, 0x78, 0x07, 0x30]);
    assert_eq!(&got[18..], &[0x0D, 0x0A]);
    let year = u16::from_be_bytes([got[11], got[12]]);
    assert!((2024..2100).contains(&year), "{year}");
    stream.write_all(&fix).expect("send");
    let mut answer = [0u8; 12];
    stream.read_exact(&mut answer).expect("the answer");
    // The fix's length byte and type, its 6 time bytes.
    assert_eq!(&answer[..], &unhex("787812100a03170f32170d0a")[..]);
    let last = gateway.wait_last_point(&key, tracker, &time_text(expected_fix.fix_time_ms));
    assert!((last["value"]["lat"].as_f64().expect("lat") - expected_fix.latitude).abs() < 1e-6);
}

#[test]
fn tramigo_reports_and_pings_are_acknowledged_with_their_index() {
    use trackgate_protocols::tramigo::{PROTOCOL, framing};
    // Corpus #2: unit 93877507's text report (4.83149, 100.73085, index
    // C4 26), then a ping of the same unit (index 00 07).
    let report = unhex(
        "8000c426b000a6000101c557037598050d5c8a595472616d69676f3a204d6f76696e672c20302e3132206b6d2045206f66204c617275742054696e2049736c616d6963205072696d617279205363686f6f6c2c2054616970696e672c20506572616b2c204d592c20342e38333134392c203130302e37333038352c204e572077697468207370656564203130206b6d2f682c2030303a34393a30382041756720392020454f46",
    );
    let ping = framing::text_packet(7, 0xC0, 93_877_507, 1_502_239_800, "ping").to_vec();
    over_tcp(
        PROTOCOL,
        &[
            (report, Some(b"gprs,ack,50214".to_vec())),
            (ping, Some(b"gprs,ack,7".to_vec())),
        ],
    );
}
