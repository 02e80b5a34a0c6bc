//! Message edge cases, the login, and which errors skip a message or
//! close the stream.

use bytes::BytesMut;

use crate::codec::{DecodeError, DeviceCodec, Limits};
use crate::message::Message;
use crate::test_support::drain;

use super::super::MinifinderCodec;
use super::{NOW_MS, codec, wire};

#[test]
fn messages_run_together_or_byte_by_byte_are_cut_exactly() {
    // With `;` alone, `;` and a NUL, and a line end between messages.
    let stream = [
        wire(0),
        b"\0".to_vec(),
        wire(7),
        b"\r\n".to_vec(),
        wire(18),
        b"\0".to_vec(),
    ]
    .concat();
    let drained = drain(&mut codec(), &stream);
    assert!(drained.closed.is_none() && drained.skipped.is_empty() && drained.rest.is_empty());
    assert_eq!(drained.messages.len(), 3);
    let mut c = codec();
    let mut buf = BytesMut::new();
    let mut got = 0;
    for byte in &stream {
        buf.extend_from_slice(&[*byte]);
        while c.decode(&mut buf).expect("ok").is_some() {
            got += 1;
        }
    }
    assert_eq!((got, buf.len()), (3, 0));
}

#[test]
fn reports_before_the_login_are_skipped() {
    let stream = [wire(7), wire(4), wire(0), wire(7)].concat();
    let drained = drain(&mut codec(), &stream);
    assert_eq!(drained.skipped_kinds(), ["before_login", "before_login"]);
    assert!(matches!(
        drained.messages.as_slice(),
        [Message::Login { .. }, Message::Records { .. }]
    ));
}

#[test]
fn messages_that_do_not_read_are_skipped_and_the_stream_goes_on() {
    let stream = [
        wire(0),
        b"hello;".to_vec(),
        b"!1,12ab;".to_vec(),
        b"!9,1;".to_vec(),
        b"!D,32/1/16,1:1:6,31.2,30.0,0,0,1,25.3,100,1,1,0;".to_vec(),
        b"!D,30/1/16,1:1:6,91.2,30.0,0,0,1,25.3,100,1,1,0;".to_vec(),
        b"!D,30/1/16,1:1:6,31.2,30.0,0,400,1,25.3,100,1,1,0;".to_vec(),
        b"!D,30/1/16,1:1:6,31.2,30.0,0,0,xyz,25.3,100,1,1,0;".to_vec(),
        b"!5,17;".to_vec(),
        b"!5,17,V,500;".to_vec(),
        vec![b'!', 0xFF, b';'],
        wire(7),
    ]
    .concat();
    let drained = drain(&mut codec(), &stream);
    assert_eq!(
        drained.skipped_kinds(),
        [
            "malformed",
            "malformed",
            "unsupported",
            "malformed",
            "malformed",
            "malformed",
            "malformed",
            "malformed",
            "malformed",
            "malformed"
        ]
    );
    assert_eq!(drained.messages.len(), 2);
    assert!(drained.closed.is_none() && drained.rest.is_empty());
}

#[test]
fn an_oversize_message_closes_the_stream() {
    let mut c = MinifinderCodec::with_clock(Limits { max_frame_len: 32 }, || NOW_MS);
    let mut buf = BytesMut::from(&[b'!'; 40][..]);
    assert!(matches!(
        c.decode(&mut buf),
        Err(DecodeError::Oversize { .. })
    ));
}

#[test]
fn a_stream_ending_mid_message_is_truncated() {
    let bytes = wire(18);
    let mut buf = BytesMut::from(&bytes[..bytes.len() - 1]);
    let mut c = codec();
    assert!(matches!(c.decode(&mut buf), Ok(None)));
    assert!(matches!(
        c.decode_eof(&mut buf),
        Err(DecodeError::Truncated(_))
    ));
}
