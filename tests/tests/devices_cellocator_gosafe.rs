//! Real corpus messages of Cellocator and GoSafe devices, sent
//! over each protocol's real transports to the running gateway: the exact
//! acknowledgements, each written after storage, and the last valid fix
//! read back through the User API (`support/devices.rs`).

use crate::support;

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

#[test]
fn gosafe_messages_are_answered_over_tcp_and_udp() {
    // Corpus #22 (a keep-alive) and #21 (a report of the `02` form, one
    // device), each answered `1234`.
    let ack = || Some(b"1234".to_vec());
    over_tcp(
        trackgate_protocols::gosafe::PROTOCOL,
        &[
            (b"*GS02,358696043774648#".to_vec(), ack()),
            (
                b"*GS02,358696043774648,GPS:230040;A;S1.166829;E36.934287;0;0;170116,STT:20;0,MGR:32755204,ADC:0;11.2;1;28.3;2;4.1,GFS:0;0#".to_vec(),
                ack(),
            ),
        ],
    );
    // Corpus #9 (a last-known fix) and #8 (a valid one), as datagrams.
    over_udp(
        trackgate_protocols::gosafe::PROTOCOL,
        &[
            (
                b"*GS06,359913060650380,101019050718,,SYS:G3C;V1.38;V05,GPS:L;6;N31.916576;E35.908480;0;0,GSM:1;4;416;3;627A;A84B;-66,COT:188,ADC:4.31;3.88,DTT:4005;E6;0;0;0;1#".to_vec(),
                ack(),
            ),
            (
                b"*GS06,359913060650380,152248050718,,SYS:G3C;V1.38;V05,GPS:A;10;N31.914370;E35.914640;0;0,COT:689,ADC:0.18;3.55,DTT:4025;E6;0;0;0;1#".to_vec(),
                ack(),
            ),
        ],
    );
}
