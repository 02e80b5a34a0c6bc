//! Xexun3 framing: the frame sample, CRC, start and end bytes, limits.

use bytes::BytesMut;

use crate::codec::DecodeError;

use super::super::framing::{cut, parse};
use super::{decode_one, decoder_frames, samples};

#[test]
fn corpus_frame_sample_cuts_the_expected_frame() {
    let frames: Vec<_> = samples()
        .into_iter()
        .filter(|s| s["assert"] == "frame")
        .collect();
    assert_eq!(frames.len(), 1);
    let input = crate::test_support::unhex(frames[0]["payload"].as_str().expect("hex"));
    let expected =
        crate::test_support::unhex(frames[0]["expected"]["frame"].as_str().expect("hex"));
    let mut buf = BytesMut::new();
    // Byte by byte: nothing is cut before the last byte arrives.
    for (i, byte) in input.iter().enumerate() {
        buf.extend_from_slice(&[*byte]);
        let got = cut(&mut buf, 1024).expect("ok");
        if i + 1 < input.len() {
            assert_eq!(got, None);
        } else {
            assert_eq!(got.as_deref(), Some(&expected[..]));
        }
    }
    assert!(buf.is_empty());
}

#[test]
fn crc_start_and_end_are_checked() {
    let frame = decoder_frames()[1].clone();
    assert!(parse(&frame).is_ok());
    let mut bad = frame.clone();
    bad[20] ^= 0x40;
    assert!(matches!(
        decode_one(&bad).map_err(crate::test_support::skipped_cause),
        Err(DecodeError::Checksum { .. })
    ));
    let mut end = frame.clone();
    *end.last_mut().expect("byte") = 0x00;
    assert!(matches!(decode_one(&end), Err(DecodeError::Malformed(_))));
    let mut start = BytesMut::from(&b"\x00\x00\x0b"[..]);
    assert!(matches!(
        cut(&mut start, 1024),
        Err(DecodeError::Malformed(_))
    ));
}

#[test]
fn oversize_frames_are_refused_from_the_header() {
    let mut buf = BytesMut::from(&[0xFC, 0x04, 0x00][..]);
    assert!(matches!(
        cut(&mut buf, 1024),
        Err(DecodeError::Oversize {
            len: 1030,
            max: 1024
        })
    ));
}
