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
        let expected = hex::decode(s["expected"]["frame"].as_str().expect("frame")).expect("hex");
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
fn a_damaged_binary_report_is_dropped_and_the_stream_goes_on() {
    let mut damaged = payload(&sample("testDecode", 25));
    damaged[30] ^= 0x01;
    damaged.extend_from_slice(&hex::decode(KEEP_ALIVE).expect("hex"));
    let mut c = codec();
    let (messages, rest) = decode_all(&mut c, &damaged);
    assert!(matches!(messages.as_slice(), [Message::Heartbeat { .. }]));
    assert!(rest.is_empty());
    assert_eq!(c.dropped(), 1);
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
