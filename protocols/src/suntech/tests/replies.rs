//! Suntech devices expect no reply: no message carries one. Command
//! answers, keep-alives and refusals.

use crate::message::{DeviceId, Message};

use super::super::SuntechOptions;
use super::corpus::{options, samples, wire};
use super::{codec, decode_one};

#[test]
fn no_message_carries_a_reply() {
    let mut replied = 0;
    for sample in samples().iter().filter(|s| s["assert"] != "frame") {
        let Ok(message) = decode_one(&mut codec(options(sample)), &wire(sample)) else {
            continue;
        };
        replied += usize::from(!matches!(
            message,
            Message::Records { ack: None, .. }
                | Message::Heartbeat { reply: None, .. }
                | Message::CommandResponse { ack: None, .. }
        ));
    }
    assert_eq!(replied, 0);
}

#[test]
fn keep_alives_and_command_answers_name_their_device() {
    let mut codec = codec(SuntechOptions::default());
    assert_eq!(
        decode_one(&mut codec, b"SA200ALV;317652\r").expect("decodes"),
        Message::Heartbeat {
            device: Some(DeviceId("317652".into())),
            reply: None
        }
    );
    assert_eq!(
        decode_one(&mut codec, b"ST300CMD;Res;511848119;319H;Disable1\r").expect("decodes"),
        Message::CommandResponse {
            answers: None,
            device: Some(DeviceId("511848119".into())),
            text: "319H;Disable1".into(),
            ack: None
        }
    );
    // A refusal names no device: the connection's last one is used.
    assert_eq!(
        decode_one(&mut codec, b"-Error\r").expect("decodes"),
        Message::CommandResponse {
            answers: None,
            device: Some(DeviceId("511848119".into())),
            text: "-Error".into(),
            ack: None
        }
    );
}

#[test]
fn unknown_and_malformed_sentences_are_refused() {
    let mut codec = codec(SuntechOptions::default());
    for bad in [
        &b"CRR;0910000063;1;1;0150;\x16\x01\r"[..],
        b"hello\r",
        b"ST300STT;12ab;03;374;20150108;17:54:42;177b38;-23.5;-046.4;0;0;0;0;0;12.11;000000;1;0312\r",
        b"ST300STT;205027329;03;374;20151308;17:54:42;177b38;-23.5;-046.4;0;0;0;0;0;12.11;000000;1;0312\r",
        b"ST300STT;205027329;03;374;20150108;17:54:42;177b38;-93.5;-046.4;0;0;0;0;0;12.11;000000;1;0312\r",
        b"STT;0560001616;XYZ;56\r",
    ] {
        assert!(
            decode_one(&mut codec, bad).is_err(),
            "{}",
            String::from_utf8_lossy(bad)
        );
    }
}

#[test]
fn uex_checksums_are_not_verified() {
    // The length and checksum count a CR LF this data lost; the report is kept.
    let sentence = b"ST300UEX;511331307;45;311;20210420;12:41:01;12361;-01.280825;-047.931773;000.000;000.00;16;1;0;12.54;000000;23;GTSL|6|1|0|9255143|2|;6F;000276;0.0;1;00000000000000;0\r";
    let message = decode_one(&mut codec(SuntechOptions::default()), sentence).expect("decodes");
    let Message::Records { records, .. } = message else {
        panic!("records expected")
    };
    assert_eq!(
        super::raw(&records[0], "driver_id").as_deref(),
        Some("9255143")
    );
    assert_eq!(super::raw(&records[0], "checksum").as_deref(), Some("6F"));
}
