//! Message edge cases, and which errors skip a message or close the stream.

use bytes::BytesMut;

use crate::codec::{DecodeError, DeviceCodec, Limits};
use crate::test_support::drain;

use super::super::FifotrackCodec;
use super::super::framing::message;
use super::{NOW_MS, codec, wire};

#[test]
fn messages_run_together_or_byte_by_byte_are_cut_exactly() {
    let picks = [0, 1, 4, 5, 11, 12];
    let stream: Vec<u8> = picks.iter().flat_map(|&i| wire(i)).collect();
    let drained = drain(&mut codec(), &stream);
    assert!(
        drained.closed.is_none() && drained.rest.is_empty(),
        "{drained:?}"
    );
    // The photo chunk (#11) is skipped whole, binary bytes and all.
    assert_eq!(drained.skipped_kinds(), ["unsupported"]);
    assert_eq!(drained.messages.len(), 5);
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
                Err(e) => panic!("{e}"),
            }
        }
    }
    assert_eq!((got, skipped, buf.len()), (5, 1, 0));
}

#[test]
fn bad_messages_in_their_place_are_skipped_and_the_stream_goes_on() {
    let mut bad_checksum = wire(12);
    let at = bad_checksum.len() - 3;
    bad_checksum[at] = b'0';
    let stream = [
        b"hello".to_vec(),
        bad_checksum,
        message("866104023179743,AB,A00,,161307085534,A,54.7,25.2,0,350,151,0,1,0000,0,,246")
            .to_vec(),
        message("12AB,1,A01,,161007085534").to_vec(),
        message("866104023179743,AB,Z99,1").to_vec(),
        message("866104023179743,AB,A03,,161007085534,c,4.1,90,0,7,x").to_vec(),
        wire(12),
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
fn a_length_that_does_not_end_at_a_star_closes_the_stream() {
    for stream in [
        wire(8),
        b"$$5,12345,*00\r\n".to_vec(),
        b"$$x1,*00".to_vec(),
        b"$$123456,".to_vec(),
        b"$$0,*00".to_vec(),
    ] {
        let drained = drain(&mut codec(), &stream);
        assert!(drained.closed.is_some(), "{stream:?}: {drained:?}");
    }
}

#[test]
fn an_oversize_length_closes_the_stream_before_the_rest_is_buffered() {
    let mut c = FifotrackCodec::with_clock(Limits { max_frame_len: 64 }, || NOW_MS);
    let mut buf = BytesMut::from(&wire(4)[..8]);
    assert!(matches!(
        c.decode(&mut buf),
        Err(DecodeError::Oversize { len: 282, max: 64 })
    ));
}

#[test]
fn a_stream_ending_mid_message_is_truncated() {
    let bytes = wire(12);
    let mut buf = BytesMut::from(&bytes[..bytes.len() - 4]);
    let mut c = codec();
    assert!(matches!(c.decode(&mut buf), Ok(None)));
    assert!(matches!(
        c.decode_eof(&mut buf),
        Err(DecodeError::Truncated(_))
    ));
}
