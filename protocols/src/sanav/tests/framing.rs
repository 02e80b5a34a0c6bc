//! Line edge cases, and which errors skip a line or close the stream.

use bytes::BytesMut;

use crate::codec::{DatagramCodec, DecodeError, DeviceCodec, Limits};
use crate::test_support::drain;

use super::super::{SanavCodec, SanavDatagram};
use super::{codec, line, text};

#[test]
fn a_line_arriving_byte_by_byte_is_cut_at_its_end() {
    let bytes = line(2);
    let mut c = codec();
    let mut buf = BytesMut::new();
    let mut got = 0;
    for byte in &bytes {
        buf.extend_from_slice(&[*byte]);
        while c.decode(&mut buf).expect("ok").is_some() {
            got += 1;
        }
    }
    assert_eq!(got, 1);
    assert!(buf.is_empty());
}

#[test]
fn lines_run_together_are_cut_exactly_even_without_line_ends() {
    let stream: Vec<u8> = (2..7).flat_map(line).collect();
    let drained = drain(&mut codec(), &stream);
    assert!(drained.closed.is_none() && drained.skipped.is_empty());
    assert_eq!(drained.messages.len(), 5);
    // Without line ends, the next `imei` ends a message; the last waits.
    let bare: Vec<u8> = [2, 3, 4].into_iter().flat_map(text).collect();
    let drained = drain(&mut codec(), &bare);
    assert_eq!(drained.messages.len(), 2);
    assert_eq!(&drained.rest[..], &text(4)[..]);
}

#[test]
fn bad_lines_are_skipped_and_the_stream_goes_on() {
    let stream = [
        b"GET / HTTP/1.1\r\n".to_vec(),
        b"imei=35x&rmc=$GPRMC,1*00\r\n".to_vec(),
        b"imei=352024028982787\r\n".to_vec(),
        b"imei=352024028982787&rmc=nothing\r\n".to_vec(),
        b"imei=352024028982787&rmc=$GPRMC,1,A*3B\r\n".to_vec(),
        line(0),
        line(2),
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
            "malformed",
            "checksum"
        ]
    );
    assert_eq!(drained.messages.len(), 1);
    assert!(drained.closed.is_none() && drained.rest.is_empty());
    assert!(SanavDatagram.decode_datagram(b"hello").is_err());
    assert!(SanavDatagram.decode_datagram(b"").is_err());
}

#[test]
fn an_oversize_line_closes_the_stream() {
    let mut c = SanavCodec::new(Limits { max_frame_len: 32 });
    let mut buf = BytesMut::from(&[b'i'; 40][..]);
    assert!(matches!(
        c.decode(&mut buf),
        Err(DecodeError::Oversize { .. })
    ));
}

#[test]
fn a_stream_ending_mid_line_is_truncated() {
    let mut buf = BytesMut::from(&text(2)[..]);
    let mut c = codec();
    assert!(matches!(c.decode(&mut buf), Ok(None)));
    assert!(matches!(
        c.decode_eof(&mut buf),
        Err(DecodeError::Truncated(_))
    ));
}
