//! Xexun2 framing: the corpus frame samples, checksum and length checks,
//! and the frame limit.

use bytes::BytesMut;

use crate::codec::DecodeError;

use super::super::framing::{FLAG, checksum, escaping, parse};
use super::{decoder_frames, samples};

#[test]
fn corpus_frame_samples_cut_the_expected_frame() {
    let frames: Vec<_> = samples()
        .into_iter()
        .filter(|s| s["assert"] == "frame")
        .collect();
    assert_eq!(frames.len(), 2);
    for sample in frames {
        let input = crate::test_support::unhex(sample["payload"].as_str().expect("hex"));
        let expected =
            crate::test_support::unhex(sample["expected"]["frame"].as_str().expect("hex"));
        let mut buf = BytesMut::from(&input[..]);
        let content = escaping(1024).cut(&mut buf).expect("ok").expect("a frame");
        let mut cut = FLAG.to_vec();
        cut.extend_from_slice(&content);
        cut.extend_from_slice(&FLAG);
        assert_eq!(cut, expected);
        assert!(buf.is_empty());
    }
}

#[test]
fn checksum_and_length_are_verified() {
    let frame = &decoder_frames()[6];
    let content = escaping(1024)
        .cut(&mut BytesMut::from(&frame[..]))
        .expect("ok")
        .expect("frame");
    assert!(parse(&content).is_ok());
    assert_eq!(checksum(&content[16..]), 0xF86F);
    let mut bad = content.to_vec();
    bad[20] ^= 0x01;
    assert!(matches!(parse(&bad), Err(DecodeError::Checksum { .. })));
    let mut short = content.to_vec();
    short.pop();
    assert!(matches!(parse(&short), Err(DecodeError::Malformed(_))));
    assert!(matches!(
        parse(&content[..10]),
        Err(DecodeError::Malformed(_))
    ));
}

#[test]
fn frames_resync_at_flags_and_respect_the_limit() {
    let frame = &decoder_frames()[6];
    let mut buf = BytesMut::from(&b"junk"[..]);
    buf.extend_from_slice(frame);
    buf.extend_from_slice(&frame[..5]);
    let message = crate::codec::DeviceCodec::decode(
        &mut super::super::Xexun2Codec::new(crate::Limits::default()),
        &mut buf,
    )
    .expect("ok");
    assert!(message.is_some());
    assert_eq!(&buf[..], &frame[..5], "the next frame waits");

    let mut long = BytesMut::from(&FLAG[..]);
    long.extend_from_slice(&[0x11; 64]);
    assert!(matches!(
        escaping(32).cut(&mut long),
        Err(DecodeError::Oversize { .. })
    ));
}
