//! Framer edge cases: partial frames, several frames per read, garbage,
//! `$…$` text holding `)`, oversize frames, a stream ending mid-frame.

use bytes::BytesMut;

use crate::codec::{DecodeError, DeviceCodec, Limits};

use super::super::Tk103Codec;
use super::super::framing::cut;
use super::{codec, decode_one, fixed_clock};

const BR00: &[u8] =
    b"(088047365460BR00151024A2555.3531S02855.3329E004.7055148276.1701000000L00009AA3)";

#[test]
fn every_split_point_waits_then_decodes() {
    for split in 1..BR00.len() {
        let mut codec = codec();
        let mut buf = BytesMut::from(&BR00[..split]);
        assert!(
            codec.decode(&mut buf).expect("partial").is_none(),
            "{split}"
        );
        buf.extend_from_slice(&BR00[split..]);
        assert!(codec.decode(&mut buf).expect("whole").is_some(), "{split}");
        assert!(buf.is_empty());
    }
}

#[test]
fn frames_in_one_read_with_garbage_between() {
    let mut input = b"\r\njunk)".to_vec();
    input.extend_from_slice(BR00);
    input.extend_from_slice(b"\r\n");
    input.extend_from_slice(b"(864555555555555,ZC03,191117,234207,$a) b$)");
    input.extend_from_slice(BR00);
    let mut buf = BytesMut::from(&input[..]);
    let mut lens = Vec::new();
    while let Some(frame) = cut(&mut buf, 4096).expect("valid") {
        lens.push(frame.len());
    }
    assert_eq!(lens, vec![BR00.len(), 43, BR00.len()]);
}

#[test]
fn garbage_without_a_frame_start_is_dropped() {
    let mut buf = BytesMut::from(&b"hello world)"[..]);
    assert!(matches!(codec().decode(&mut buf), Ok(None)));
    assert!(buf.is_empty());
}

#[test]
fn an_endless_frame_is_oversize() {
    let mut codec = Tk103Codec::with_clock(Limits { max_frame_len: 64 }, fixed_clock);
    let mut buf = BytesMut::from(&b"(0123"[..]);
    buf.extend_from_slice(&[b'0'; 80]);
    assert!(matches!(
        codec.decode(&mut buf),
        Err(DecodeError::Oversize { .. })
    ));
    // An unclosed `$` keeps the frame open until the limit.
    let mut codec = Tk103Codec::with_clock(Limits { max_frame_len: 64 }, fixed_clock);
    let mut buf = BytesMut::from(&b"(1,ZC03,191117,234207,$open)"[..]);
    assert!(matches!(codec.decode(&mut buf), Ok(None)));
    buf.extend_from_slice(&[b')'; 40]);
    assert!(matches!(
        codec.decode(&mut buf),
        Err(DecodeError::Oversize { .. })
    ));
}

#[test]
fn bad_fields_are_malformed() {
    for bad in [
        &b"(088047365460BR00151024A2555.3531X02855.3329E004.7055148276.1701000000L00009AA3)"[..],
        b"(088047365460BR00151024A9555.3531S02855.3329E004.7055148276.1701000000L00009AA3)",
        b"(088047365460BR00151024A2555.3531S02855.3329E0x4.7055148276.1701000000L00009AA3)",
        b"(088047365460BR00151024A2555.3531S02855.3329E004.7055148476.1701000000L00009AA3)",
        b"(088047365460BR00151024A2555.3531S02855.3329E004.70551x8276.1701000000L00009AA3)",
        b"(088047365460BR00151024A2555.3531S02855.3329E004.7055148276.170100000GL00009AA3)",
        b"(352606090042050,BP05,240414,A,4527.3513N,00909.9758X,4.80,112825,155.49)",
        b"(352606090042050,BP05,240414,A,4527.3513N,00909.9758E,4.80,992825,155.49)",
        b"(35260 6090042050,BP05,240414,A,4527.3513N,00909.9758E,4.80,112825,155.49)",
        b"(nocommand)",
        b"()",
    ] {
        match decode_one(bad).map_err(crate::test_support::skipped_cause) {
            Err(DecodeError::Malformed(_)) => {}
            other => panic!("{}: {other:?}", String::from_utf8_lossy(bad)),
        }
    }
}

#[test]
fn eof_mid_frame_is_truncated() {
    let mut decoder = codec();
    let mut buf = BytesMut::from(&BR00[..20]);
    assert!(matches!(
        decoder.decode_eof(&mut buf),
        Err(DecodeError::Truncated(20))
    ));
}

#[test]
fn a_non_ascii_alarm_digit_is_kept_raw() {
    let message = decode_one(
        "(013666666666BO01\u{e9}110925A1234.5678N01234.5678W000.0025948118.7200000000L000024DE)"
            .chars()
            .map(|c| c as u8)
            .collect::<Vec<u8>>()
            .as_slice(),
    )
    .expect("decodes");
    assert!(matches!(message, crate::message::Message::Records { .. }));
}
