//! Framer edge cases: partial frames, several frames per read, garbage,
//! oversize sentences, binary length inference, a stream ending mid-frame.

use bytes::BytesMut;

use crate::codec::{DecodeError, DeviceCodec, Limits};
use crate::message::Message;

use super::super::H02Codec;
use super::super::framing::{Frame, Framer, LONG, SHORT};
use super::{codec, fixed_clock, unhex};

const V1: &[u8] =
    b"*HQ,4210051415,V1,164549,A,0956.3869,N,08406.7068,W,000.00,000,221215,FFFFFBFF,712,01,0,0,6#";
/// A short binary frame from the corpus.
const SHORT_HEX: &str = "2441060116601245431311165035313006004318210e000000fffffbffff0024";
/// A long binary frame from the corpus.
const LONG_HEX: &str =
    "24410600082621532131081504419390060740418306000000fffffbfdff0015060000002c02dc0c000000001f";

fn cut_all(input: &[u8]) -> Vec<Frame> {
    let mut framer = Framer::default();
    let mut buf = BytesMut::from(input);
    let mut out = Vec::new();
    while let Ok(Some(frame)) = framer.cut(&mut buf, 4096) {
        out.push(frame);
    }
    out
}

#[test]
fn every_split_point_waits_then_decodes() {
    let mut text = V1.to_vec();
    text.extend_from_slice(b"\r\n");
    for (whole, frame_len) in [(text, V1.len()), (unhex(LONG_HEX), LONG)] {
        for split in 1..frame_len {
            let mut codec = codec();
            let mut buf = BytesMut::from(&whole[..split]);
            // A long frame's first 32 bytes alone read as a short frame.
            if whole.len() == LONG && split == SHORT {
                continue;
            }
            assert!(
                codec.decode(&mut buf).expect("partial is fine").is_none(),
                "{split}"
            );
            buf.extend_from_slice(&whole[split..]);
            assert!(
                codec.decode(&mut buf).expect("whole frame").is_some(),
                "{split}"
            );
        }
    }
}

#[test]
fn mixed_frames_in_one_read_with_garbage_between() {
    let mut input = b"\r\njunk".to_vec();
    input.extend_from_slice(V1);
    input.extend_from_slice(b"\r\n");
    input.extend_from_slice(&unhex(LONG_HEX));
    input.extend_from_slice(&unhex(LONG_HEX));
    input.extend_from_slice(V1);
    let frames = cut_all(&input);
    let lens: Vec<usize> = frames
        .iter()
        .map(|f| match f {
            Frame::Text(b) | Frame::Binary(b) => b.len(),
        })
        .collect();
    assert_eq!(lens, vec![V1.len(), LONG, LONG, V1.len()]);
    let mut short = unhex(SHORT_HEX);
    short.extend_from_slice(V1);
    assert_eq!(cut_all(&short).len(), 2);
}

#[test]
fn binary_length_is_learnt_from_a_following_frame() {
    let mut framer = Framer::default();
    let long = unhex(LONG_HEX);
    let mut buf = BytesMut::from(&long[..]);
    buf.extend_from_slice(&long);
    assert!(matches!(framer.cut(&mut buf, 4096), Ok(Some(Frame::Binary(b))) if b.len() == LONG));
    // Learnt: 40 bytes of the next long frame wait instead of being guessed.
    let mut partial = BytesMut::from(&long[..40]);
    assert!(matches!(framer.cut(&mut partial, 4096), Ok(None)));
}

#[test]
fn binary_frames_without_a_boundary_are_malformed() {
    let mut bytes = unhex(LONG_HEX);
    bytes.extend_from_slice(&[0x11; 8]);
    let mut buf = BytesMut::from(&bytes[..]);
    assert!(matches!(
        Framer::default().cut(&mut buf, 4096),
        Err(DecodeError::Malformed(_))
    ));
}

#[test]
fn garbage_without_a_frame_start_is_dropped() {
    let mut codec = codec();
    let mut buf = BytesMut::from(&b"hello world\r\n"[..]);
    assert!(matches!(codec.decode(&mut buf), Ok(None)));
    assert!(buf.is_empty());
}

#[test]
fn an_endless_sentence_is_oversize() {
    let mut codec = H02Codec::with_clock(Limits { max_frame_len: 64 }, fixed_clock);
    let mut buf = BytesMut::from(&b"*HQ,1,V1,"[..]);
    buf.extend_from_slice(&[b'0'; 80]);
    assert!(matches!(
        codec.decode(&mut buf),
        Err(DecodeError::Oversize { .. })
    ));
}

#[test]
fn bad_fields_are_malformed() {
    for bad in [
        &b"*HQ,1,V1,164549,A,09x6.3869,N,08406.7068,W,0,0,221215,FFFFFBFF#"[..],
        b"*HQ,1,V1,164549,A,0956.3869,N,08406.7068,W,0,0,321215,FFFFFBFF#",
        b"*HQ,1,V1,164549,A,0956.3869,N,08406.7068,W,0,400,221215,FFFFFBFF#",
        b"*HQ,1 2,V0#",
        // Non-ASCII where implied-decimal digits are expected.
        b"*HQ,1,V1,164549,A,1\xe9345,N,08406.7068,W,0,0,221215,FFFFFBFF#",
        b"*HQHQ,1,V0#",
    ] {
        let mut buf = BytesMut::from(bad);
        match codec()
            .decode(&mut buf)
            .map_err(crate::test_support::skipped_cause)
        {
            Err(DecodeError::Malformed(_)) => {}
            other => panic!("{}: {other:?}", String::from_utf8_lossy(bad)),
        }
    }
    // A binary frame with a non-BCD date.
    let mut bytes = unhex(SHORT_HEX);
    bytes[9] = 0xAB;
    assert!(matches!(
        codec()
            .decode(&mut BytesMut::from(&bytes[..]))
            .map_err(crate::test_support::skipped_cause),
        Err(DecodeError::Malformed(_))
    ));
}

#[test]
fn an_empty_id_borrows_the_connections_id() {
    let mut codec = codec();
    let mut buf = BytesMut::from(V1);
    buf.extend_from_slice(b"*HQ,,V1,173212,A,2225.78879,S,02829.19021,E,0.00,0,290418,FFFFFBFF#");
    let _ = codec.decode(&mut buf).expect("first");
    match codec.decode(&mut buf) {
        Ok(Some(Message::Records { device, .. })) => {
            assert_eq!(device.map(|d| d.0), Some("4210051415".to_owned()))
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn eof_mid_frame_is_truncated() {
    let mut decoder = codec();
    let mut buf = BytesMut::from(&V1[..20]);
    assert!(matches!(
        decoder.decode_eof(&mut buf),
        Err(DecodeError::Truncated(20))
    ));
    let mut empty = BytesMut::new();
    assert!(matches!(decoder.decode_eof(&mut empty), Ok(None)));
}
