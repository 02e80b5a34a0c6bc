//! Topflytech framing: `(` … `)`, resync, the limit, reports without a fix.

use bytes::BytesMut;

use crate::codec::{DecodeError, DeviceCodec, Limits};
use crate::message::Message;

use super::super::TopflytechCodec;
use super::{decode_one, sample_wire};

#[test]
fn reports_are_cut_at_the_closing_parenthesis_after_skipping_garbage() {
    let report = sample_wire();
    let mut buf = BytesMut::from(&b"\r\nnoise"[..]);
    buf.extend_from_slice(&report);
    buf.extend_from_slice(&report[..10]);
    let mut codec = TopflytechCodec::new(Limits::default());
    assert!(matches!(
        codec.decode(&mut buf),
        Ok(Some(Message::Records { .. }))
    ));
    assert_eq!(&buf[..], &report[..10]);
    assert!(matches!(codec.decode(&mut buf), Ok(None)));
}

#[test]
fn long_reports_are_refused_and_fixless_ones_name_the_device() {
    let mut codec = TopflytechCodec::new(Limits { max_frame_len: 32 });
    let mut buf = BytesMut::from(&b"(123456789012345BP00"[..]);
    buf.extend_from_slice(&[b'0'; 40]);
    assert!(matches!(
        codec.decode(&mut buf),
        Err(DecodeError::Oversize { .. })
    ));
    match decode_one(b"(123456789012345BP05)").expect("decodes") {
        Message::Heartbeat {
            device,
            reply: None,
        } => {
            assert_eq!(device.expect("device").as_str(), "123456789012345")
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        decode_one(b"(BP05)").map_err(crate::test_support::skipped_cause),
        Err(DecodeError::Malformed(_))
    ));
    let bad_date = b"(123BP00139931152205A0706.1395S11024.0965E000.0251.25)";
    assert!(matches!(
        decode_one(bad_date).map_err(crate::test_support::skipped_cause),
        Err(DecodeError::Malformed(_))
    ));
}
