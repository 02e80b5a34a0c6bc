//! Real corpus messages of JT600 devices, sent over TCP to the running
//! gateway: the exact answers the corpus's reply table gives, each written
//! after storage, and the last valid fix read back through the User API.
//!
//! The device id and the fix expected back are read from the same bytes by
//! the protocol's codec (whose corpus tests pin them); what is tested here
//! is transport, identification, storage and the API
//! (`support/devices.rs`).

use crate::support;

use support::devices::over_tcp;
use trackgate_tests::hex::unhex;

#[test]
fn jt600_text_and_binary_frames_are_answered_over_tcp() {
    // Corpus #27 (`@JT`), #25 (`U01`), #28 (`U06`) of device 3460311327,
    // as sent (nothing to escape in them).
    let keep_alive = b"(3460311327,@JT)".to_vec();
    let u01 = b"(3460311327,U01,220916,135251,T,9.552607,N,13.658292,W,0.31,0,9,0%,00001001000000,11012,10,27,0,0,33)".to_vec();
    let u06 = b"(3460311327,U06,11,220916,135643,T,9.552553,N,13.658265,W,0.61,0,9,100%,00000001000000,11012,10,30,0,0,126,0,30)".to_vec();
    // Corpus #5 (long format, version 0x19, status 0x20E0, last byte 0x6E)
    // with the same device's id in its 5 BCD bytes, so one connection
    // carries both kinds; its 2021 fix is the newest.
    let binary = unhex(
        "2434603113271914003406102107544354193631006213423b00000000006c070000000020e064f91ea0671d00020f0f0f0f0f0f0f0f0f0f07f100ea0f6e",
    );
    over_tcp(
        trackgate_protocols::jt600::PROTOCOL,
        &[
            (keep_alive, None),
            (u01, Some(b"(S39)".to_vec())),
            (u06, Some(b"(S20)".to_vec())),
            (binary, Some(b"(P69,0,110)".to_vec())),
        ],
    );
}
