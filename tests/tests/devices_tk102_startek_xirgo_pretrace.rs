//! Real corpus messages of TK102, Startek, Xirgo and Pretrace devices, sent
//! over each protocol's real transport to the running gateway: the exact
//! answers the corpus's reply table gives, each written after storage, and
//! the last valid fix read back through the User API.
//!
//! The device id and the fix expected back are read from the same bytes by
//! the protocol's codec (whose corpus tests pin them); what is tested here
//! is transport, identification, storage and the API
//! (`support/devices.rs`).

use crate::support;

use support::devices::{over_tcp, over_udp};

/// `[`, the type byte, the sequence, the length byte, `data` and `]`.
fn tk102_frame(kind: u8, sequence: &[u8; 10], data: &[u8]) -> Vec<u8> {
    let len = u8::try_from(data.len()).expect("short data");
    [&[b'[', kind][..], sequence, &[len], data, b"]"].concat()
}

#[test]
fn tk102_devices_log_in_and_their_reports_are_stored() {
    // Corpus #4 (login `21` with the IMEI), #1 (heartbeat), #8 and #10
    // (reports, 2013-03-18 and 2013-07-12).
    let details = b"(353327023367238,TK102-W998_01_V1.1.001_130219,255,001,255,001,0,100,100,0,internet,0000,0000,0,0,255,0,4,1,11,00)";
    let login = tk102_frame(0x21, b"0000000081", details);
    // Type 00, the login's sequence, mode `0` (GPRS) and the login's data.
    let accepted = tk102_frame(0x00, b"0000000081", &[&b"0"[..], details].concat());
    let heartbeat = tk102_frame(0xF0, b"0000000000", b"21315452");
    let echoed = tk102_frame(0xFF, b"0000000000", b"21315452");
    let earlier = tk102_frame(
        0x3D,
        b"0000000083",
        b"(ITV013939A4913.8317N02824.9241E000.90018031310010000)",
    );
    let later = tk102_frame(
        0x3B,
        b"0000000010",
        b"(ONE200834A5952.8114N01046.0832E003.93212071305010000)",
    );
    over_tcp(
        trackgate_protocols::tk102::PROTOCOL,
        &[
            (login, Some(accepted)),
            (heartbeat, Some(echoed)),
            (earlier, None),
            (later, None),
        ],
    );
}

#[test]
fn startek_reports_are_stored_without_answers() {
    // Corpus #12 (no fix, 2021-04-07) and #11 (a fix, 2021-05-28), one
    // device, checksums as sent.
    let unfixed = b"&&>141,860262050010565,000,36,,210407094323,V,-38.229711,145.043161,0,0.0,0,0,0,14222,505|1|306E|082D6115,24,00000039,00,00,04C0|0164|0000|0000,1,,41\r\n";
    let fixed = b"&&a152,860262050010565,000,53,8F5300,210528015706,A,-38.229746,145.043446,6,1.5,0,285,84,2102994,505|1|306E|082D6101,31,0000003D,02,02,04C0|01A0|0000|0000,1,,DC\r\n";
    over_tcp(
        trackgate_protocols::startek::PROTOCOL,
        &[(unfixed.to_vec(), None), (fixed.to_vec(), None)],
    );
}

#[test]
fn xirgo_reports_are_stored_over_tcp_and_answered_over_udp() {
    // Corpus testDecodeOld #1 and #3, one device, over TCP: no answers.
    let earlier = b"$$357207059646786,4003,2015/05/19,15:54:56,-20.21422,-70.14927,37.5,1.8,0.0,11,0.8,12.9,31,297,1,0,0.0,0.0,0,1,1,1##";
    let later = b"$$357207059646786,4003,2015/05/19,15:55:27,-20.21421,-70.14920,33.6,0.4,0.0,11,0.8,12.9,31,297,1,0,0.0,0.0,0,1,1,1##";
    over_tcp(
        trackgate_protocols::xirgo::PROTOCOL,
        &[(earlier.to_vec(), None), (later.to_vec(), None)],
    );
    // testDecodeNew #0 and #1 as datagrams: each answered with its event
    // and its last field.
    let first = b"$$352054058132185,4001,2017/04/21,00:01:05,32.54659,-116.90670,143.2,0,0,0,598,0.0,12,0.9,765840,7.0,14.5,19,1,1,0011,8.5,63.2,5,21999,184,255,671,207,100,185##";
    let second = b"$$352054058132185,6011,2017/04/21,04:57:10,32.49658,-116.85957,250.9,0,0,0,602,0.0,12,0.8,765876,7.0,14.1,21,1,1,0011,10.1,0.0,5,170917890,280,255,627,0,100,167##";
    over_udp(
        trackgate_protocols::xirgo::PROTOCOL,
        &[
            (first.to_vec(), Some(b"!UDP_ACK,4001,185".to_vec())),
            (second.to_vec(), Some(b"!UDP_ACK,6011,167".to_vec())),
        ],
    );
}

#[test]
fn pretrace_reports_are_stored_without_answers() {
    // Corpus #0 with the `)` that ends it on the wire, after a line end
    // the device may leave between reports.
    let report = b"\r\n(867967021915915U1110A1701201500102238.1700N11401.9324E000264000000000009001790000000,&P11A4,F1050^47)";
    over_tcp(
        trackgate_protocols::pretrace::PROTOCOL,
        &[(report.to_vec(), None)],
    );
}
