//! Message edge cases, and which errors skip a message or close the stream.

use bytes::BytesMut;

use crate::codec::{DecodeError, DeviceCodec, Limits};
use crate::test_support::drain;

use super::super::GlobalsatCodec;
use super::super::framing;
use super::{codec, message};

#[test]
fn messages_run_together_or_byte_by_byte_are_cut_exactly() {
    let stream: Vec<u8> = [0, 1, 2, 5, 6, 9, 10, 11]
        .into_iter()
        .flat_map(|i| [message(i), b"\r\n".to_vec()].concat())
        .collect();
    let drained = drain(&mut codec(), &stream);
    assert!(
        drained.closed.is_none() && drained.skipped.is_empty(),
        "{drained:?}"
    );
    assert_eq!(drained.messages.len(), 8);
    let mut c = codec();
    let mut buf = BytesMut::new();
    let mut got = 0;
    for byte in &stream {
        buf.extend_from_slice(&[*byte]);
        while c.decode(&mut buf).expect("ok").is_some() {
            got += 1;
        }
    }
    assert_eq!(got, 8);
}

#[test]
fn messages_that_do_not_read_are_skipped_and_the_stream_goes_on() {
    let bad = [
        framing::message("HELLO,1").to_vec(),
        framing::message("GSr,358173053992353,3,270419,113326").to_vec(),
        framing::message("GSr,12,3,270419,113326,E01020.6223,N6323.1937").to_vec(),
        framing::message("GSr,358173053992353,3,270419,113326,E01020.6223,N9323.1937").to_vec(),
        framing::message("GSh,abc").to_vec(),
        b"GSr,358173053992353*zz!".to_vec(),
        b"$1,2,3!".to_vec(),
        b"GSh,135785412249986,3,M,ea04!".to_vec(),
    ]
    .concat();
    let drained = drain(&mut codec(), &[bad, message(1)].concat());
    assert_eq!(
        drained.skipped_kinds(),
        [&["unsupported"][..], &["malformed"; 7]].concat()
    );
    assert_eq!(drained.messages.len(), 1);
    assert!(drained.closed.is_none() && drained.rest.is_empty());
}

#[test]
fn an_oversize_message_closes_the_stream() {
    let mut c = GlobalsatCodec::new(Limits { max_frame_len: 32 });
    let mut buf = BytesMut::from(&[b'G'; 40][..]);
    assert!(matches!(
        c.decode(&mut buf),
        Err(DecodeError::Oversize { .. })
    ));
}

#[test]
fn a_stream_ending_mid_message_is_truncated() {
    let bytes = message(1);
    let mut buf = BytesMut::from(&bytes[..bytes.len() - 1]);
    let mut c = codec();
    assert!(matches!(c.decode(&mut buf), Ok(None)));
    assert!(matches!(
        c.decode_eof(&mut buf),
        Err(DecodeError::Truncated(_))
    ));
}
