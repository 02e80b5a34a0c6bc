//! The corpus's frame-splitting samples, line and photo frame edge cases,
//! and which errors skip a frame or close the stream.

use bytes::BytesMut;

use crate::codec::{DecodeError, DeviceCodec, Limits};
use crate::test_support::{drain, unhex};

use super::super::Pt502Codec;
use super::super::framing::{Frame, cut, photo_frame};
use super::{NOW_MS, codec, samples, wire};

#[test]
fn the_corpus_frames_are_cut_as_expected() {
    let list = samples(false);
    assert_eq!(list.len(), 6);
    for (index, sample) in list.iter().enumerate() {
        let mut buf = BytesMut::from(&unhex(sample["payload"].as_str().expect("hex"))[..]);
        let want = unhex(sample["expected"]["frame"].as_str().expect("frame"));
        let got = match cut(&mut buf, 64 * 1024).expect("cuts").expect("a frame") {
            Frame::Line(line) => line,
            Frame::Photo(data) => {
                assert_eq!(index, 0, "only #0 is a photo chunk");
                data
            }
        };
        assert_eq!(&got[..], &want[..], "#{index}");
    }
    // #2: one prefix before four lines; every line is a report.
    let chunk = unhex(list[2]["payload"].as_str().expect("hex"));
    let drained = drain(&mut codec(), &chunk);
    assert_eq!(drained.messages.len(), 4);
    assert!(drained.skipped.is_empty() && drained.rest.is_empty());
}

#[test]
fn lines_and_frames_arriving_byte_by_byte_are_cut_exactly() {
    let stream: Vec<u8> = [0, 1, 7, 15].into_iter().flat_map(wire).collect();
    let mut c = codec();
    let mut buf = BytesMut::new();
    let (mut got, mut skipped) = (0, 0);
    for byte in &stream {
        buf.extend_from_slice(&[*byte]);
        loop {
            match c.decode(&mut buf) {
                Ok(Some(_)) => got += 1,
                Ok(None) => break,
                Err(e) if e.can_resume() => skipped += 1,
                Err(e) => panic!("{e:?}"),
            }
        }
    }
    assert_eq!((got, skipped, buf.len()), (3, 1, 0));
}

#[test]
fn bad_lines_are_skipped_and_the_stream_goes_on() {
    let stream = [
        b"GET / HTTP/1.1\r\n".to_vec(),
        b"$POS,12x,112742.000,A,0900.9050,N,03845.0609,E,1,2,290421\r\n".to_vec(),
        b"$POS,1,112742.000,A,0900.9050,N\r\n".to_vec(),
        b"$POS,1,112742.000,A,9900.9050,N,03845.0609,E,1,2,290421\r\n".to_vec(),
        b"$PHD0,3,abc\r\n".to_vec(),
        photo_frame(b"$PHD0,3,\r\n\xff").to_vec(),
        wire(15),
    ]
    .concat();
    let drained = drain(&mut codec(), &stream);
    assert_eq!(
        drained.skipped_kinds(),
        [
            "malformed",
            "malformed",
            "malformed",
            "malformed",
            "unsupported",
            "unsupported"
        ]
    );
    assert_eq!(drained.messages.len(), 1);
    assert!(drained.closed.is_none() && drained.rest.is_empty());
}

#[test]
fn oversize_lines_and_frames_close_the_stream() {
    let mut c = Pt502Codec::with_clock(Limits { max_frame_len: 32 }, || NOW_MS);
    let mut buf = BytesMut::from(&[b'$'; 40][..]);
    assert!(matches!(
        c.decode(&mut buf),
        Err(DecodeError::Oversize { .. })
    ));
    let mut buf = BytesMut::from(&wire(1)[..5]);
    assert!(matches!(
        c.decode(&mut buf),
        Err(DecodeError::Oversize { len: 977, max: 32 })
    ));
    let short = drain(&mut codec(), b"\xbf\xfb\x00\x06\x00$PHD");
    assert!(matches!(short.closed, Some(DecodeError::Malformed(_))));
}

#[test]
fn a_stream_ending_mid_line_or_frame_is_truncated() {
    for bytes in [wire(15), wire(1)] {
        let mut buf = BytesMut::from(&bytes[..bytes.len() - 3]);
        let mut c = codec();
        assert!(matches!(c.decode(&mut buf), Ok(None)));
        assert!(matches!(
            c.decode_eof(&mut buf),
            Err(DecodeError::Truncated(_))
        ));
    }
}
