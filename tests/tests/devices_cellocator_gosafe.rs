//! Real corpus messages of Cellocator units, sent
//! over the protocol's real transports to the running gateway: the exact
//! acknowledgements, each written after storage, and the last valid fix
//! read back through the User API (`support/devices.rs`).

mod support;

use support::devices::{over_tcp, over_udp};
use trackgate_tests::hex::unhex;

#[test]
fn cellocator_messages_are_acknowledged_over_tcp_and_udp() {
    // Corpus #6 and #7: two status messages of unit 0x0015d08a, numerators
    // 3 and 2, the later one (2017-02-08 15:03:01) read back.
    let first = unhex(
        "4d434750008ad01500080103011804000000460020000000005e750000000000000000000000c34300040204da4da30367195703e803000000000000000001030f0802e10778",
    );
    let second = unhex(
        "4d434750008ad01500080102011804000000360060000000005e750000000000000000000000c24300040204da4da30367195703e80300000000000000003b020f0802e107df",
    );
    let ack = |packet: &str, sum: &str| {
        unhex(&format!(
            "4d434750048ad01500000000000000{packet}0000000000000000000000{sum}"
        ))
    };
    let frames = [
        (first, Some(ack("03", "76"))),
        (second, Some(ack("02", "75"))),
    ];
    over_tcp(trackgate_protocols::cellocator::PROTOCOL, &frames);
    over_udp(trackgate_protocols::cellocator::PROTOCOL, &frames);
}
