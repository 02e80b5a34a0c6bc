//! Frame edge cases, and which errors skip a frame or close the stream.

use bytes::BytesMut;

use crate::codec::{DecodeError, DeviceCodec, Limits};
use crate::test_support::drain;

use super::super::Jt600Codec;
use super::{codec, wire};

#[test]
fn frames_arriving_byte_by_byte_are_cut_at_their_end() {
    for index in [2, 9, 30] {
        let bytes = wire(index);
        let mut c = codec();
        let mut buf = BytesMut::new();
        let mut got = 0;
        for byte in &bytes {
            buf.extend_from_slice(&[*byte]);
            while let Some(_message) = c.decode(&mut buf).expect("ok") {
                got += 1;
            }
        }
        assert_eq!(got, 1, "#{index}");
        assert!(buf.is_empty());
    }
}

#[test]
fn binary_and_text_frames_run_together_are_cut_exactly() {
    let picks = [3, 20, 10, 27, 30, 34, 5];
    let stream: Vec<u8> = picks.iter().flat_map(|&i| wire(i)).collect();
    let drained = drain(&mut codec(), &stream);
    assert!(drained.closed.is_none() && drained.skipped.is_empty() && drained.rest.is_empty());
    assert_eq!(drained.messages.len(), picks.len());
}

#[test]
fn escaped_text_is_unescaped() {
    // `(`, `)`, `,` and `=` escaped inside a frame.
    let content =
        crate::jt600::framing::unescape(&[b'a', 0x3D, 0x15, 0x3D, 0x14, 0x3D, 0x11, 0x3D, 0x00])
            .expect("unescapes");
    assert_eq!(content, b"a(),=");
    assert!(crate::jt600::framing::unescape(&[0x3D, 0x42]).is_err());
}

#[test]
fn bad_text_frames_are_skipped_and_the_stream_goes_on() {
    let stream = [
        b"(3301210003,U01,040812,185302,X,22.564025,N,113.242329,E,5,152,9,32%,0)".to_vec(),
        b"(3301210003,Z99)".to_vec(),
        b"(nonsense)".to_vec(),
        vec![b'(', 0x3D, 0x42, b')'],
        wire(20),
    ]
    .concat();
    let drained = drain(&mut codec(), &stream);
    assert_eq!(
        drained.skipped_kinds(),
        ["malformed", "unsupported", "malformed", "malformed"]
    );
    assert_eq!(drained.messages.len(), 1);
    assert!(drained.closed.is_none() && drained.rest.is_empty());
}

#[test]
fn garbage_where_a_frame_starts_closes_the_stream() {
    let stream = [b"GET / HTTP/1.1\r\n".to_vec(), wire(30)].concat();
    let drained = drain(&mut codec(), &stream);
    assert!(matches!(drained.closed, Some(DecodeError::Malformed(_))));
    assert!(drained.messages.is_empty());
}

#[test]
fn a_binary_frame_that_does_not_decode_closes_the_stream() {
    // #30 with a body that is not whole records (length 26).
    let mut frame = wire(30);
    frame[8] = 26;
    frame.pop();
    let drained = drain(&mut codec(), &frame);
    assert!(matches!(drained.closed, Some(DecodeError::Malformed(_))));
    // A non-BCD date.
    let mut frame = wire(30);
    frame[9] = 0xAA;
    assert!(drain(&mut codec(), &frame).closed.is_some());
}

#[test]
fn an_oversize_declared_length_closes_the_stream_from_the_header() {
    let mut c = Jt600Codec::new(Limits { max_frame_len: 64 });
    // Short header declaring 0x0100 bytes; only the header is there.
    let mut buf = BytesMut::from(&[0x24, 0x31, 0x10, 0x21, 0x60, 0x01, 0x11, 0x01, 0x00][..]);
    assert!(matches!(
        c.decode(&mut buf),
        Err(DecodeError::Oversize { len: 266, max: 64 })
    ));
    // A text frame with no `)` within the limit.
    let mut buf = BytesMut::from(&[b'('; 80][..]);
    assert!(matches!(
        c.decode(&mut buf),
        Err(DecodeError::Oversize { .. })
    ));
}

#[test]
fn a_stream_ending_mid_frame_is_truncated() {
    for index in [30, 20] {
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
