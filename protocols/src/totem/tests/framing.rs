//! Message edge cases, and which errors skip a message or close the stream.

use bytes::BytesMut;

use crate::codec::{DecodeError, DeviceCodec, Limits};
use crate::test_support::drain;

use super::super::TotemCodec;
use super::super::encode::message;
use super::super::framing::Form;
use super::{NOW_MS, codec, wire};

#[test]
fn a_message_arriving_byte_by_byte_is_cut_at_its_length() {
    let bytes = [wire(3), b"\r\n".to_vec()].concat();
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
fn messages_run_together_in_one_read_are_cut_exactly() {
    // Long and short forms, with and without line ends between them.
    let stream = [
        wire(1),
        wire(15),
        b"\r\n".to_vec(),
        wire(3),
        wire(16),
        b"\r\n".to_vec(),
    ]
    .concat();
    let drained = drain(&mut codec(), &stream);
    assert!(
        drained.closed.is_none() && drained.skipped.is_empty() && drained.rest.is_empty(),
        "{drained:?}"
    );
    assert_eq!(drained.messages.len(), 4);
}

#[test]
fn bytes_before_a_start_are_skipped_and_the_stream_goes_on() {
    let stream = [b"GET / HTTP/1.1\r\n".to_vec(), wire(1), b"xyz$".to_vec()].concat();
    let drained = drain(&mut codec(), &stream);
    assert_eq!(drained.skipped_kinds(), ["malformed", "malformed"]);
    assert_eq!(drained.messages.len(), 1);
    assert!(drained.closed.is_none());
    // A last `$` may start the next message: it is kept.
    assert_eq!(&drained.rest[..], b"$");
}

#[test]
fn messages_whose_checksum_holds_but_fields_do_not_read_are_skipped() {
    let stream = [
        message(Form::Long, "AA12AB|5880400019012208").to_vec(),
        message(Form::Short, "862170017856731|AA$GPRMC,1").to_vec(),
        message(Form::Short, "862170017856731").to_vec(),
        message(Form::Long, "AA8620100|19013208514942120000").to_vec(),
        wire(1),
    ]
    .concat();
    let drained = drain(&mut codec(), &stream);
    assert_eq!(drained.skipped_kinds(), ["malformed"; 4]);
    assert_eq!(drained.messages.len(), 1);
    assert!(drained.closed.is_none() && drained.rest.is_empty());
}

#[test]
fn a_failed_checksum_or_a_bad_length_closes_the_stream() {
    let mut bad = wire(3);
    let last = bad.len() - 1;
    bad[last] = b'0';
    for stream in [
        bad,
        b"$$0X12AA".to_vec(),
        b"$$0005AA".to_vec(),
        b"$$ZZ".to_vec(),
    ] {
        let drained = drain(&mut codec(), &stream);
        assert!(drained.closed.is_some(), "{stream:?}: {drained:?}");
        assert!(drained.messages.is_empty());
    }
}

#[test]
fn an_oversize_length_closes_the_stream_before_the_rest_is_buffered() {
    let mut c = TotemCodec::with_clock(Limits { max_frame_len: 64 }, || NOW_MS);
    let mut buf = BytesMut::from(&wire(3)[..8]);
    assert!(matches!(
        c.decode(&mut buf),
        Err(DecodeError::Oversize { len: 113, max: 64 })
    ));
}

#[test]
fn a_stream_ending_mid_message_is_truncated() {
    let bytes = wire(3);
    let mut buf = BytesMut::from(&bytes[..bytes.len() - 2]);
    let mut c = codec();
    assert!(matches!(c.decode(&mut buf), Ok(None)));
    assert!(matches!(
        c.decode_eof(&mut buf),
        Err(DecodeError::Truncated(_))
    ));
}
