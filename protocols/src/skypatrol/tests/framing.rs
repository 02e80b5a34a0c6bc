//! TCP length edge cases, and which errors skip a message or close the
//! stream; datagrams that do not read.

use bytes::BytesMut;

use crate::codec::{DatagramCodec, DecodeError, DeviceCodec, Limits};
use crate::test_support::drain;

use super::super::framing::with_length;
use super::super::{SkypatrolCodec, SkypatrolDatagram};
use super::{codec, datagram, frame};

#[test]
fn messages_run_together_or_byte_by_byte_are_cut_exactly() {
    let stream: Vec<u8> = [0, 1, 2, 5].into_iter().flat_map(frame).collect();
    let drained = drain(&mut codec(), &stream);
    assert!(drained.closed.is_none() && drained.skipped.is_empty());
    assert_eq!(drained.messages.len(), 4);
    let mut c = codec();
    let mut buf = BytesMut::new();
    let mut got = 0;
    for byte in &stream {
        buf.extend_from_slice(&[*byte]);
        while c.decode(&mut buf).expect("ok").is_some() {
            got += 1;
        }
    }
    assert_eq!((got, buf.len()), (4, 0));
}

#[test]
fn bounded_messages_that_do_not_read_are_skipped() {
    let mut broken = datagram(2);
    broken[36] = 0x7f; // the longitude past 180 degrees
    let stream = [
        with_length(b"\x00\x07\x02\x00").to_vec(),
        with_length(&broken).to_vec(),
        with_length(b"\x00\x04\x02\x00  123456 $GPRMC,1*00").to_vec(),
        with_length(b"\x00\x05\x02\x10\x04\x00\x00\x00\x01").to_vec(),
        frame(2),
    ]
    .concat();
    let drained = drain(&mut codec(), &stream);
    assert_eq!(
        drained.skipped_kinds(),
        ["unsupported", "malformed", "checksum", "unsupported"]
    );
    assert_eq!(drained.messages.len(), 1);
    assert!(drained.closed.is_none() && drained.rest.is_empty());
    for bad in [&b"\x00\x0a"[..], b"", b"\x00\x04\x02\x00 no id $GPRMC,1*00"] {
        assert!(SkypatrolDatagram.decode_datagram(bad).is_err(), "{bad:?}");
    }
}

#[test]
fn a_length_below_the_header_closes_the_stream() {
    let drained = drain(&mut codec(), b"\x00\x02GET / HTTP/1.1\r\n");
    assert!(matches!(drained.closed, Some(DecodeError::Malformed(_))));
}

#[test]
fn an_oversize_length_closes_the_stream_before_buffering() {
    let mut c = SkypatrolCodec::new(Limits { max_frame_len: 32 });
    let mut buf = BytesMut::from(&[0x00, 0x40, 0x00, 0x05][..]);
    assert!(matches!(
        c.decode(&mut buf),
        Err(DecodeError::Oversize { len: 64, max: 32 })
    ));
}

#[test]
fn a_stream_ending_mid_message_is_truncated() {
    let bytes = frame(2);
    let mut buf = BytesMut::from(&bytes[..bytes.len() - 1]);
    let mut c = codec();
    assert!(matches!(c.decode(&mut buf), Ok(None)));
    assert!(matches!(
        c.decode_eof(&mut buf),
        Err(DecodeError::Truncated(_))
    ));
}
