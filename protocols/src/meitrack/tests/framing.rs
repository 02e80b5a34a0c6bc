//! Framer edge cases: partial frames, several frames per read, garbage,
//! oversize frames refused from the header, bad headers, a stream ending
//! mid-frame.

use bytes::BytesMut;

use crate::codec::{DecodeError, DeviceCodec, Limits};
use crate::message::Message;

use super::super::MeitrackCodec;
use super::super::framing::{cut, split};
use super::codec;

const AAA: &[u8] = b"$$B140,013777001293701,AAA,35,-7.266760,112.743550,140521095314,A,3,22,0,275,2.7,45,1984,8059,510|1|3504|EBFE,0000,0000|0000|0000|0914|0002,,*F9\r\n";
/// A CCC batch whose binary data holds a comma and `*` bytes.
const CCC_HEX: &str = "24245838362c3336393830303031343039303032312c4343432c020134000100000023381f91ffe354b806c5e3121b0009130000000000000000d33801007cbf0200fe0101000435feeb02000500a3010000000000002a62650d0a";

#[test]
fn every_split_point_waits_then_decodes() {
    for whole in [AAA.to_vec(), crate::test_support::unhex(CCC_HEX)] {
        for split_at in 1..whole.len() {
            let mut codec = codec();
            let mut buf = BytesMut::from(&whole[..split_at]);
            assert!(
                codec.decode(&mut buf).expect("partial is fine").is_none(),
                "{split_at}"
            );
            buf.extend_from_slice(&whole[split_at..]);
            assert!(
                matches!(codec.decode(&mut buf), Ok(Some(Message::Records { .. }))),
                "{split_at}"
            );
            assert!(buf.is_empty());
        }
    }
}

#[test]
fn several_frames_in_one_read_with_garbage_before() {
    let mut input = b"\r\nnoise$".to_vec();
    input.extend_from_slice(AAA);
    input.extend_from_slice(&crate::test_support::unhex(CCC_HEX));
    input.extend_from_slice(AAA);
    let mut buf = BytesMut::from(&input[..]);
    let mut codec = codec();
    let mut kinds = Vec::new();
    while let Some(message) = codec.decode(&mut buf).expect("valid stream") {
        kinds.push(match message {
            Message::Records { ack, .. } => ack.is_some(),
            other => panic!("{other:?}"),
        });
    }
    // Only the CCC batch is acknowledged.
    assert_eq!(kinds, vec![false, true, false]);
    assert!(buf.is_empty());
}

#[test]
fn garbage_without_a_frame_start_is_dropped() {
    let mut buf = BytesMut::from(&b"hello world\r\n$"[..]);
    assert!(matches!(codec().decode(&mut buf), Ok(None)));
    assert_eq!(&buf[..], b"$", "a possible half of $$ is kept");
}

#[test]
fn an_oversize_length_is_refused_from_the_header() {
    let mut codec = MeitrackCodec::new(Limits { max_frame_len: 100 });
    let mut buf = BytesMut::from(&b"$$A999999,"[..]);
    assert!(matches!(
        codec.decode(&mut buf),
        Err(DecodeError::Oversize {
            len: 1_000_008,
            max: 100
        })
    ));
}

#[test]
fn bad_headers_are_malformed() {
    for bad in [
        &b"$$A1234567"[..],
        b"$$A12x,",
        b"$$!28,1,AAC,1*00\r\n",
        b"$$A0,",
        b"$$A,",
    ] {
        let mut buf = BytesMut::from(bad);
        match codec().decode(&mut buf) {
            Err(DecodeError::Malformed(_)) => {}
            other => panic!("{}: {other:?}", String::from_utf8_lossy(bad)),
        }
    }
    // A length that ends short of the CR LF.
    let mut buf = BytesMut::from(&b"$$z26,861451040910625,AAC,1*D3\r\n"[..]);
    assert!(matches!(
        cut(&mut buf, 4096),
        Err(DecodeError::Malformed(_))
    ));
}

#[test]
fn checksums_and_fields_are_checked() {
    assert!(matches!(
        split(b"$$z27,861451040910625,AAC,1*D4\r\n"),
        Err(DecodeError::Checksum {
            carried: 0xD4,
            computed: 0xD3
        })
    ));
    assert!(
        split(b"$$z27,861451040910625,AAC,1*d3").is_ok(),
        "lower-case hex"
    );
    for bad in [
        &b"$$z27,861451040910625,AAC,1*G3"[..],
        b"$$z27,861451040910625,AAC,1D3",
        b"$$z27,86145 040910625,AAC,1",
    ] {
        assert!(split(bad).is_err(), "{}", String::from_utf8_lossy(bad));
    }
    let parts = split(b"$$z27,861451040910625,AAC,1*D3").expect("valid");
    assert_eq!(
        (
            parts.flag,
            parts.length,
            parts.imei,
            parts.command,
            parts.data
        ),
        (b'z', 27, "861451040910625", "AAC", &b"1"[..])
    );
}

#[test]
fn bad_reports_are_malformed() {
    for data in [
        "35,95.0,1.0,140521095314,A",
        "35,1.0,1.0,141321095314,A",
        "35,1.0,1.0,1405210953,A",
        "x,1.0,1.0,140521095314,A",
        "35,1.0,1.0,140521095314,A,3,22,0,400",
        "35,1.0",
    ] {
        let frame = super::super::encode::frame(b"$$", b'A', "1", "AAA", data.as_bytes());
        assert!(
            matches!(
                super::decode_one(&frame).map_err(crate::test_support::skipped_cause),
                Err(DecodeError::Malformed(_))
            ),
            "{data}"
        );
    }
}

#[test]
fn eof_mid_frame_is_truncated() {
    let mut decoder = codec();
    let mut buf = BytesMut::from(&AAA[..20]);
    assert!(matches!(
        decoder.decode_eof(&mut buf),
        Err(DecodeError::Truncated(20))
    ));
}
