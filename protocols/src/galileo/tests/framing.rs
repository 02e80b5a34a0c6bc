//! Framer edge cases, and the corpus's frame-splitting samples.
//!
//! Of the 3 frame samples, 2 are cut as expected and 1 refused on purpose:
//! frame sample #0 is an Iridium SBD (Direct IP) message, not Galileosky
//! framing, whose length field read as Galileosky's claims 16,128 bytes.

use bytes::BytesMut;

use crate::codec::{DecodeError, Limits};
use crate::message::Message;

use super::super::framing::cut;
use super::super::tags;
use super::{codec, decode_all, identified, is_frame_sample, sample, unhex};

#[test]
fn frame_samples_cut_the_expected_frame() {
    let (mut cut_as_expected, mut refused) = (0, 0);
    for s in crate::test_support::corpus("galileo") {
        if !is_frame_sample(&s) {
            continue;
        }
        let payload = unhex(s["payload"].as_str().expect("payload"));
        let mut buf = BytesMut::from(&payload[..]);
        let frame = cut(&mut buf, &Limits::default()).expect("a length within the limit");
        if s["seq"]["index"] == 0 {
            // Iridium SBD: its big-endian length read as Galileosky's
            // little-endian one claims 16,128 bytes, so nothing is cut yet,
            // and a limit under that refuses the header.
            assert_eq!(frame, None);
            let mut buf = BytesMut::from(&payload[..]);
            assert!(matches!(
                cut(
                    &mut buf,
                    &Limits {
                        max_frame_len: 4096
                    }
                ),
                Err(DecodeError::Oversize { len: 16133, .. })
            ));
            refused += 1;
            continue;
        }
        let expected = unhex(s["expected"]["frame"].as_str().expect("frame"));
        assert_eq!(frame.as_deref(), Some(&expected[..]), "{}", s["seq"]);
        cut_as_expected += 1;
    }
    assert_eq!((cut_as_expected, refused), (2, 1));
}

#[test]
fn partial_packets_wait_and_two_packets_in_one_read_both_come_out() {
    let head = sample(7);
    let mut c = codec();
    let (messages, rest) = decode_all(&mut c, &head[..10]).expect("ok");
    assert!(messages.is_empty());
    assert_eq!(rest.len(), 10);
    let mut two = head.clone();
    two.extend_from_slice(&sample(8));
    let (messages, rest) = decode_all(&mut c, &two).expect("ok");
    assert!(rest.is_empty());
    assert!(matches!(
        messages.as_slice(),
        [Message::Login { .. }, Message::Records { device: None, .. }]
    ));
}

#[test]
fn damage_and_unknown_content_are_refused() {
    let mut damaged = sample(8);
    damaged[10] ^= 0x40;
    assert!(matches!(
        decode_all(&mut identified(), &damaged),
        Err(DecodeError::Checksum { .. })
    ));
    // A tag whose size is unknown (0x5B), in a CRC-valid packet.
    let packet = super::super::framing::wrap(0x01, false, &[0x04, 0, 0, 0x5B, 1, 2]).expect("ok");
    assert!(matches!(
        decode_all(&mut identified(), &packet).map_err(crate::test_support::skipped_cause),
        Err(DecodeError::Unsupported(_))
    ));
    // A tag cut short.
    let packet = super::super::framing::wrap(0x01, false, &[0x20, 1, 2]).expect("ok");
    assert!(matches!(
        decode_all(&mut identified(), &packet).map_err(crate::test_support::skipped_cause),
        Err(DecodeError::Malformed(_))
    ));
    let compressed = super::super::framing::wrap(0x08, false, &[0; 4]).expect("ok");
    assert!(matches!(
        decode_all(&mut identified(), &compressed).map_err(crate::test_support::skipped_cause),
        Err(DecodeError::Unsupported(_))
    ));
}

#[test]
fn data_before_the_head_packet_is_refused() {
    assert!(matches!(
        decode_all(&mut codec(), &sample(8)).map_err(crate::test_support::skipped_cause),
        Err(DecodeError::BeforeLogin)
    ));
    assert!(matches!(
        decode_all(&mut codec(), &sample(3)).map_err(crate::test_support::skipped_cause),
        Err(DecodeError::BeforeLogin)
    ));
}

#[test]
fn a_repeated_tag_starts_the_next_record() {
    let data = [0x20, 1, 0, 0, 0, 0x35, 9, 0x20, 2, 0, 0, 0];
    let runs = tags::records(&data).expect("splits");
    assert_eq!(runs.len(), 2);
    assert_eq!(runs[0], vec![(0x20, &[1, 0, 0, 0][..]), (0x35, &[9][..])]);
    assert_eq!(runs[1], vec![(0x20, &[2, 0, 0, 0][..])]);
}
