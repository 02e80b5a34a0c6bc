//! The Xexun framer: both corpus frame samples, the two forms, line ends
//! and the frame limit.

use bytes::BytesMut;

use crate::codec::DecodeError;

use super::super::framing::{Frame, cut, rmc_start};
use super::corpus::samples;

const MAX: usize = 1024;

fn frame_samples() -> Vec<(Vec<u8>, Vec<u8>)> {
    samples()
        .iter()
        .filter(|s| s["assert"] == "frame")
        .map(|s| {
            let hex = |v: &serde_json::Value| crate::test_support::unhex(v.as_str().expect("hex"));
            (hex(&s["payload"]), hex(&s["expected"]["frame"]))
        })
        .collect()
}

#[test]
fn corpus_frame_samples_cut_whole_lines_whose_rmc_part_is_expected() {
    let frames = frame_samples();
    assert_eq!(frames.len(), 2);
    for (input, expected) in frames {
        let mut buf = BytesMut::from(&input[..]);
        let frame = match cut(&mut buf, MAX).expect("cuts") {
            Some(frame) => frame,
            None => {
                // The first sample stops before its line end.
                assert!(!input.contains(&b'\n'));
                buf.extend_from_slice(b"\r\n");
                cut(&mut buf, MAX).expect("cuts").expect("a line")
            }
        };
        let Frame::Full(line) = frame else {
            panic!("a full-form line: {frame:?}");
        };
        let at = rmc_start(&line).expect("an RMC sentence");
        assert_eq!(&line[at..at + expected.len()], &expected[..]);
        assert!(!line.contains(&b'\n') && !line.contains(&b'\r'));
        assert!(buf.iter().all(|b| matches!(b, b'\r' | b'\n')), "{buf:?}");
    }
}

#[test]
fn simple_reports_end_after_the_imei_even_without_a_line_end() {
    let mut buf = BytesMut::from(&b"GPRMC,1,A*00\r\n,L,imei:123,GPRMC,2,A*00,F,imei:45"[..]);
    assert_eq!(
        cut(&mut buf, MAX).expect("ok"),
        Some(Frame::Simple(b"GPRMC,1,A*00\r\n,L,imei:123,"[..].into()))
    );
    assert_eq!(cut(&mut buf, MAX).expect("ok"), None, "IMEI not ended yet");
    buf.extend_from_slice(b"6,\r\n");
    assert_eq!(
        cut(&mut buf, MAX).expect("ok"),
        Some(Frame::Simple(b"GPRMC,2,A*00,F,imei:456,"[..].into()))
    );
    assert_eq!(cut(&mut buf, MAX).expect("ok"), None);
    assert!(buf.is_empty());
}

#[test]
fn full_lines_split_at_either_line_end_and_waits_are_bounded() {
    let mut buf = BytesMut::from(&b"\r\n1,2,GPRMC,x\n3,4\r\nGP"[..]);
    assert_eq!(
        cut(&mut buf, MAX).expect("ok"),
        Some(Frame::Full(b"1,2,GPRMC,x"[..].into()))
    );
    assert_eq!(
        cut(&mut buf, MAX).expect("ok"),
        Some(Frame::Full(b"3,4"[..].into()))
    );
    assert_eq!(cut(&mut buf, MAX).expect("ok"), None, "GP may start GPRMC");
    assert_eq!(&buf[..], b"GP");

    let mut long = BytesMut::from(&[b'1'; 40][..]);
    assert!(matches!(
        cut(&mut long, 32),
        Err(DecodeError::Oversize { .. })
    ));
    let mut simple = BytesMut::from(&b"GPRMC,"[..]);
    simple.extend_from_slice(&[b'0'; 40]);
    assert!(matches!(
        cut(&mut simple, 32),
        Err(DecodeError::Oversize { .. })
    ));
    // An IMEI just past the limit does not make the report fit.
    let mut late = BytesMut::from(&b"GPRMC,0000000000,imei:1,"[..]);
    assert!(matches!(
        cut(&mut late, 20),
        Err(DecodeError::Oversize { .. })
    ));
}
