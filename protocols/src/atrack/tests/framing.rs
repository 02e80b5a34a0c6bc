//! Framer edge cases, and the corpus's frame-splitting samples.

use bytes::BytesMut;

use crate::codec::DecodeError;
use crate::message::Message;

use super::super::framing::cut;
use super::{KEEP_ALIVE, codec, decode_all, is_frame_sample, payload, sample};

const MAX: usize = 64 * 1024;

#[test]
fn frame_samples_cut_the_expected_frame() {
    let mut seen = 0;
    for s in crate::test_support::corpus("atrack") {
        if !is_frame_sample(&s) {
            continue;
        }
        let mut buf = BytesMut::from(&payload(&s)[..]);
        let frame = cut(&mut buf, MAX).expect("within the limit");
        let expected = crate::test_support::unhex(s["expected"]["frame"].as_str().expect("frame"));
        assert_eq!(frame.as_deref(), Some(&expected[..]), "{}", s["seq"]);
        seen += 1;
    }
    assert_eq!(seen, 7);
}

#[test]
fn garbage_is_skipped_and_partial_frames_wait() {
    let report = payload(&sample("testDecode", 25));
    let mut stream = b"\x00\x00junk".to_vec();
    stream.extend_from_slice(&report);
    stream.extend_from_slice(&[0; 6]);
    stream.extend_from_slice(&report[..20]);
    let mut c = codec();
    let (messages, rest) = decode_all(&mut c, &stream);
    assert!(matches!(messages.as_slice(), [Message::Records { .. }]));
    assert_eq!(&rest[..], &report[..20], "a partial report stays buffered");
}

#[test]
fn a_damaged_binary_report_is_skipped_and_the_stream_goes_on() {
    let mut damaged = payload(&sample("testDecode", 25));
    damaged[30] ^= 0x01;
    damaged.extend_from_slice(&crate::test_support::unhex(KEEP_ALIVE));
    let drained = crate::test_support::drain(&mut codec(), &damaged);
    assert!(matches!(
        drained.messages.as_slice(),
        [Message::Heartbeat { .. }]
    ));
    assert!(drained.rest.is_empty() && drained.closed.is_none());
    assert_eq!(drained.skipped_kinds(), ["checksum"]);
}

/// A report whose CRC holds but whose custom form names a code of unknown
/// binary width: what can be read is kept, the rest raw, and the report is
/// acknowledged (real AX-series units end their reports so).
#[test]
fn a_report_with_custom_fields_of_unknown_width_is_read_in_part_and_acknowledged() {
    let report = payload(&sample("testDecode", 17));
    let (unit, sequence) = super::corpus::unit_and_sequence(&report);
    let drained = crate::test_support::drain(&mut codec(), &report);
    assert!(
        drained.skipped.is_empty() && drained.rest.is_empty(),
        "{drained:?}"
    );
    let [Message::Records { records, ack, .. }] = drained.messages.as_slice() else {
        panic!("one report expected: {:?}", drained.messages);
    };
    assert_eq!(ack.as_ref(), Some(&crate::atrack::ack(unit, sequence)));
    let last = records.last().expect("at least the first record");
    assert!(last.latitude != 0.0 && last.longitude != 0.0, "{last:?}");
    let unparsed = last
        .io
        .iter()
        .find(|e| e.key == crate::record::IoKey::Name("unparsed".into()))
        .expect("the unread bytes kept raw");
    let crate::record::IoValue::Bytes(tail) = &unparsed.value else {
        panic!("raw bytes expected: {unparsed:?}");
    };
    assert!(!tail.is_empty() && report.ends_with(tail));
}

#[test]
fn lengths_over_the_limit_are_refused_from_the_header() {
    let mut binary = BytesMut::from(&b"@P\x00\x00\xff\xff"[..]);
    assert!(matches!(
        cut(&mut binary, 4096),
        Err(DecodeError::Oversize { len: 65541, .. })
    ));
    let mut text = BytesMut::from(&b"@P,1234,99999,"[..]);
    assert!(matches!(
        cut(&mut text, 4096),
        Err(DecodeError::Oversize { .. })
    ));
    let mut endless = BytesMut::from(&b"$OK"[..]);
    endless.extend_from_slice(&[b'x'; 5000]);
    assert!(matches!(
        cut(&mut endless, 4096),
        Err(DecodeError::Oversize { .. })
    ));
}

#[test]
fn a_text_report_with_several_lines_is_one_frame() {
    // Three records, one per line.
    let s = sample("testDecode", 15);
    let (messages, rest) = decode_all(&mut codec(), &payload(&s));
    assert!(rest.is_empty());
    let [Message::Records { records, .. }] = messages.as_slice() else {
        panic!("{messages:?}");
    };
    assert!(records.len() > 1, "{records:?}");
}

#[test]
fn a_text_report_overstating_its_length_ends_at_the_next_frame() {
    // Declares 419 bytes, holds 107: cut once the next frame shows.
    let report = payload(&sample("testDecode", 2));
    let mut c = codec();
    let (messages, rest) = decode_all(&mut c, &report);
    assert!(messages.is_empty());
    assert_eq!(rest.len(), report.len(), "waits for what follows");
    let mut stream = report.clone();
    stream.extend_from_slice(b"$OK\r\n");
    let (messages, rest) = decode_all(&mut c, &stream);
    assert!(rest.is_empty());
    assert!(matches!(
        messages.as_slice(),
        [Message::Records { .. }, Message::CommandResponse { .. }]
    ));
}
