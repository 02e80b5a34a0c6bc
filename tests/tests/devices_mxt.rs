//! Real corpus messages of Maxtrack MXT devices, sent over TCP to the
//! running gateway: the exact answers the corpus's reply table gives, each
//! written after storage, and the last fix read back through the User API.
//!
//! The device id and the fix expected back are read from the same bytes by
//! the protocol's codec (whose corpus tests pin them); what is tested here
//! is transport, identification, storage and the API
//! (`support/devices.rs`).

use crate::support;

use support::devices::over_tcp;
use trackgate_tests::hex::unhex;

#[test]
fn mxt_positions_are_answered_over_tcp() {
    // Corpus #5, #8 and #9: device 8321507, 2015-06-17 01:22 to 01:25,
    // as sent (stuffed, between 01 and 04).
    let positions = [
        "01a631e3f97e00087cf40a98151c2cc46898fee0ce3afd1021001030c0000006102116072e003829bb00000036102100001024000000062b0000f42730004b06a6384b4304",
        "01a631e3f97e00087cfa0af3151c2c126798febace3afd1021801030c0000006102122082f003e29bb00000037102100001024000000ab2f0000f42730004b060000488c04",
        "01a631e3f97e00087cfe0a4b161c2c126798febace3afd1021801030800000071021240731003e2abb00000038102100001024000000c12f0000f42730004b06a638633104",
    ];
    // 01, then stuffed: the device byte, 02, the id, the position's CRC,
    // the CRC-16/XMODEM of those 8 bytes; 04.
    let answers = [
        "01a602e3f97e004b438dfd04",
        "01a602e3f97e00488c7d8004",
        "01a602e3f97e006331172c04",
    ];
    let frames: Vec<(Vec<u8>, Option<Vec<u8>>)> = positions
        .iter()
        .zip(answers)
        .map(|(frame, answer)| (unhex(frame), Some(unhex(answer))))
        .collect();
    over_tcp(trackgate_protocols::mxt::PROTOCOL, &frames);
}
