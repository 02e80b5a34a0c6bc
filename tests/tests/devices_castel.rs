//! Real corpus messages of Castel devices, sent over TCP and UDP to the
//! running gateway: the exact answers the corpus's reply table gives,
//! each written after storage, and the last valid fix read back through
//! the User API.
//!
//! The device id and the fix expected back are read from the same bytes by
//! the protocol's codec (whose corpus tests pin them); what is tested here
//! is transport, identification, storage and the API
//! (`support/devices.rs`).

use crate::support;

use support::devices::{over_tcp, over_udp};
use trackgate_tests::hex::unhex;

#[test]
fn castel_heartbeats_and_alarms_are_answered_over_tcp_and_udp() {
    // Corpus #48 (heartbeat), #35 (a fix, unanswered) and #33 (alarm 5 with
    // a later fix, 2013-10-25 04:32:30), one version 4 device.
    let heartbeat = unhex("40401f00043130303131313235323939383700000000000000100303320d0a");
    let alarm = unhex(
        "40406000043130303131313235323939383700000000000000400705000000c1f0695249f469529c9111000000000069830000d80040000400036401014c04030001190a0d04201e1480d60488c5721800000000af0101060f000f00ea1e0d0a",
    );
    let report = unhex(
        "40405900043130303131313235323939383700000000000000400101c1f06952e7f069529c9111000000000069830000070000000400036401014c00030001190a0d0412041480d60488c57218000000009f01e803ed9a0d0a",
    );
    over_tcp(
        trackgate_protocols::castel::PROTOCOL,
        &[
            // 9003, no content.
            (
                heartbeat,
                Some(unhex(
                    "40401f000431303031313132353239393837000000000000009003cfbe0d0a",
                )),
            ),
            (report, None),
            // C007 and the alarm index as received.
            (
                alarm,
                Some(unhex(
                    "40402300043130303131313235323939383700000000000000c00705000000a9d50d0a",
                )),
            ),
        ],
    );
    // Corpus #41 (a version 12 login, no fix) and #40 (its heartbeat, with
    // a fix), as datagrams: 8001 and 8206.
    let login = unhex(
        "40405c000c363131313530303030393536000000000000000040011c0a0f0e362dca53cd0860831303000000000300000000ff000000000000007ba083a650542d3639305f56312e312e320050542d3639302056312e32008a020d0a",
    );
    let beat = unhex(
        "404044000c3631313135303030303935360000000000000000420600011e0a0f0b1312864fcd08c07a13030100640acf000004000a000000000000007ba083a66ad80d0a",
    );
    over_udp(
        trackgate_protocols::castel::PROTOCOL,
        &[
            (
                login,
                Some(unhex(
                    "40401f000c3631313135303030303935360000000000000000800159560d0a",
                )),
            ),
            (
                beat,
                Some(unhex(
                    "40401f000c3631313135303030303935360000000000000000820656110d0a",
                )),
            ),
        ],
    );
}
