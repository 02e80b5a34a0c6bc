//! Real corpus messages of Ulbotech devices, sent over TCP to the running
//! gateway: the exact answers the corpus's reply table
//! gives, each written after storage, and the last valid fix read back
//! through the User API.
//!
//! The device id and the fix expected back are read from the same bytes by
//! the protocol's codec (whose corpus tests pin them); what is tested here
//! is transport, identification, storage and the API
//! (`support/devices.rs`).

use crate::support;

use support::devices::over_tcp;
use trackgate_tests::hex::unhex;

#[test]
fn ulbotech_binary_and_text_frames_are_answered_over_tcp() {
    // Corpus #22 (cell block only), #24 and #26 (GNSS fixes, 2016-12-17),
    // one device, as sent: flags around, nothing to stuff in these. The
    // keep-alive is the corpus's `*TS01,<IMEI>#` form for the same device.
    let cells = unhex(
        "f8010108653280262660481cdacf830209ffffffffffffffff780304000300000404000000030506017418a021f99697f8",
    );
    let first = unhex(
        "f8010108653280262660489ce260b4010e01e757bd022340d7002b010d01570304020200000404000000260506036a17d42200060800000000000000000a0101ab9ff8",
    );
    let last = unhex(
        "f8010108653280262660489ce26128010e01e769ac022336290014010300730304020200000404000003c905060371181c2201060800000000000000000a0140e471f8",
    );
    // F8 01 FE, the frame's F8 and version, CRC-16/XMODEM, F8.
    let binary_ack = unhex("f801fef80104aef8");
    let keep_alive = b"*TS01,865328026266048#".to_vec();
    let keep_alive_ack = format!(
        "*TS01,ACK:{:04X}#",
        trackgate_protocols::checksum::crc16_xmodem(b"TS01,865328026266048")
    );
    over_tcp(
        trackgate_protocols::ulbotech::PROTOCOL,
        &[
            (keep_alive, Some(keep_alive_ack.into_bytes())),
            (cells, Some(binary_ack.clone())),
            (first, Some(binary_ack.clone())),
            (last, Some(binary_ack)),
        ],
    );
}
