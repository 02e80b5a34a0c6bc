//! Exact bytes of every reply, and what is refused.

use crate::codec::{DatagramCodec, DecodeError};
use crate::message::{DeviceId, Message};

use super::super::{Gl200Datagram, encode};
use super::{codec, decode_one};

#[test]
fn heartbeat_is_answered_with_its_version_and_count() {
    let message = decode_one(
        &mut codec(),
        b"+ACK:GTHBD,1A0401,135790246811220,,20100214093254,11F0$",
    )
    .expect("decodes");
    assert_eq!(
        message,
        Message::Heartbeat {
            device: Some(DeviceId("135790246811220".into())),
            reply: Some(bytes::Bytes::from_static(b"+SACK:GTHBD,1A0401,11F0$")),
        }
    );
    assert_eq!(
        &encode::heartbeat_sack("C30203", "FFFF")[..],
        b"+SACK:GTHBD,C30203,FFFF$"
    );
}

#[test]
fn reports_are_acknowledged_with_their_count_verbatim() {
    for (sentence, sack) in [
        (&b"+RESP:GTPFA,F50201,866425030235982,GL300M,20190208124849,0BD4$"[..], &b"+SACK:0BD4$"[..]),
        (b"+BUFF:GTIGF,840502,867963063190000,,0,0,,,,,,,0268,0006,22C4,13E5,00,,,20250116170541,22d0$", b"+SACK:22d0$"),
    ] {
        match decode_one(&mut codec(), sentence).expect("decodes") {
            Message::Records { ack, .. } => assert_eq!(ack.as_deref(), Some(sack)),
            other => panic!("expected records, got {other:?}"),
        }
    }
    assert_eq!(&encode::sack("D4FD")[..], b"+SACK:D4FD$");
}

#[test]
fn a_truncated_count_gets_no_acknowledgement() {
    // The sentence ends inside its send time: no count to echo.
    let message = decode_one(
        &mut codec(),
        b"+RESP:GTFRI,5E0100,862061048023666,,,12940,10,1,1,0.0,97,179.8,-90.366478,38.735379,20230616183231,0310,0410,6709,03ADF710,00,6223.7,,,,,110000,,,,202306161834$",
    )
    .expect("decodes");
    assert!(
        matches!(message, Message::Records { ack: None, .. }),
        "{message:?}"
    );
}

#[test]
fn command_answers_carry_their_text_and_binary_forms_get_no_reply() {
    let message = decode_one(
        &mut codec(),
        b"+ACK:GTGEO,1A0102,135790246811220,,0,0008,20100310172830,11F0$",
    )
    .expect("decodes");
    assert_eq!(
        message,
        Message::CommandResponse {
            answers: Some(8),
            device: Some(DeviceId("135790246811220".into())),
            text: "+ACK:GTGEO,1A0102,135790246811220,,0,0008,20100310172830,11F0".into(),
            ack: None,
        }
    );
    let hex = crate::test_support::unhex(
        "2b5253500700fc1fbf005d4501020209563254030003430564377e42071001000000000000007eff75a151025c6a8107e10801081a2a02680003189c1ac500000000000002100700000000000000000007e1080108241019e17ebe0d0a",
    );
    match decode_one(&mut codec(), &hex).expect("decodes") {
        Message::Records {
            device,
            ack,
            records,
        } => {
            assert_eq!(device, Some(DeviceId("865084030003675".into())));
            assert_eq!(ack, None);
            assert_eq!(records.len(), 1);
            assert!((records[0].longitude + 9.068207).abs() < 1e-9);
            assert!((records[0].latitude - 39.611009).abs() < 1e-9);
            assert!(!records[0].valid, "accuracy 0 is no fix");
        }
        other => panic!("expected records, got {other:?}"),
    }
}

#[test]
fn checksums_are_verified() {
    let mut hex = crate::test_support::unhex(
        "2b41434b017f244501010108676231303000000000ffff07e1070b03112d054dfe030d0a",
    );
    let n = hex.len();
    hex[n - 3] ^= 1;
    assert!(matches!(
        decode_one(&mut codec(), &hex).map_err(crate::test_support::skipped_cause),
        Err(DecodeError::Checksum { .. })
    ));
    let mut pro = crate::test_support::unhex(
        "2b000038000865134050947226820300030000216a3ed6f101895000521629fa8b28f402ac1a8e6a3ed6f100001600000010f505010ff824",
    );
    pro[30] ^= 1;
    assert!(matches!(
        decode_one(&mut codec(), &pro).map_err(crate::test_support::skipped_cause),
        Err(DecodeError::Checksum { .. })
    ));
}

#[test]
fn datagrams_need_a_device_and_get_the_same_replies() {
    let udp = Gl200Datagram;
    let messages = udp
        .decode_datagram(b"+ACK:GTHBD,1A0401,135790246811220,,20100214093254,11F0\r\n")
        .expect("decodes");
    assert!(
        matches!(&messages[..], [Message::Heartbeat { reply: Some(r), .. }] if &r[..] == b"+SACK:GTHBD,1A0401,11F0$")
    );
    assert!(
        udp.decode_datagram(b"+RESP:GTPNA,F50201,,GL300M,20190208124909,0BD5$")
            .is_err()
    );
    assert!(udp.decode_datagram(b"garbage").is_err());
}
