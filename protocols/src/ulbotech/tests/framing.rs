//! Frame edge cases, and which errors skip a frame or close the stream.

use bytes::BytesMut;

use crate::codec::{DecodeError, DeviceCodec, Limits};
use crate::test_support::drain;

use super::super::UlbotechCodec;
use super::{NOW_MS, codec, wire};

#[test]
fn a_frame_arriving_byte_by_byte_is_cut_at_its_end() {
    for index in [0, 1] {
        let mut c = codec();
        let mut buf = BytesMut::new();
        let mut got = 0;
        for byte in wire(index) {
            buf.extend_from_slice(&[byte]);
            while let Some(_message) = c.decode(&mut buf).expect("ok") {
                got += 1;
            }
        }
        assert_eq!(got, 1, "#{index}");
        assert!(buf.is_empty());
    }
}

#[test]
fn frames_run_together_in_one_read_are_cut_exactly() {
    let stream: Vec<u8> = (0..27).filter(|&i| i != 19).flat_map(wire).collect();
    let drained = drain(&mut codec(), &stream);
    assert!(drained.closed.is_none() && drained.skipped.is_empty());
    assert_eq!(drained.messages.len(), 26);
    assert!(drained.rest.is_empty());
}

#[test]
fn bad_frames_are_skipped_and_the_stream_goes_on() {
    let mut bad_crc = wire(0);
    let at = bad_crc.len() - 2;
    bad_crc[at] ^= 0x01;
    let stream = [
        b"GET / HTTP/1.1\r\n".to_vec(),
        bad_crc,
        vec![0xF8, 0xF7, 0x05, 0xF8],
        vec![0xF8, 0x01, 0x02, 0xF8],
        b"*TS02,353323081464660#".to_vec(),
        b"*TS01,35332308146466x#".to_vec(),
        wire(3),
    ]
    .concat();
    let drained = drain(&mut codec(), &stream);
    assert_eq!(
        drained.skipped_kinds(),
        [
            "malformed",
            "checksum",
            "malformed",
            "malformed",
            "unsupported",
            "malformed"
        ]
    );
    assert_eq!(drained.messages.len(), 1);
    assert!(drained.closed.is_none() && drained.rest.is_empty());
}

#[test]
fn an_oversize_frame_closes_the_stream() {
    for start in [0xF8, b'*'] {
        let mut c = UlbotechCodec::with_clock(Limits { max_frame_len: 32 }, || NOW_MS);
        let mut buf = BytesMut::from(&[start][..]);
        buf.extend_from_slice(&[0x11; 40]);
        assert!(
            matches!(c.decode(&mut buf), Err(DecodeError::Oversize { .. })),
            "{start:#x}"
        );
    }
}

#[test]
fn a_stream_ending_mid_frame_is_truncated() {
    for index in [0, 2] {
        let bytes = wire(index);
        let mut buf = BytesMut::from(&bytes[..bytes.len() - 1]);
        let mut c = codec();
        assert!(matches!(c.decode(&mut buf), Ok(None)));
        assert!(matches!(
            c.decode_eof(&mut buf),
            Err(DecodeError::Truncated(_))
        ));
    }
}
