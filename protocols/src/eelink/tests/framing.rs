//! Framer edge cases, refusals, and the TCP identity rules.

use crate::test_support::drain;
use bytes::BytesMut;

use crate::codec::{DecodeError, DeviceCodec, Limits};
use crate::message::Message;

use super::super::EelinkCodec;
use super::super::encode::{encode_login, reply};
use super::{IMEI, NOW_MS, codec, decode_all, logged_in, unhex};

/// Corpus #33: a heartbeat with status word 0x0001.
const HEARTBEAT: &str = "6767030004001a0001";

#[test]
fn packets_split_across_reads_and_run_together_are_cut_exactly() {
    let mut c = logged_in();
    let two = unhex(&format!("{HEARTBEAT}{HEARTBEAT}"));
    let mut buf = BytesMut::new();
    let mut got = Vec::new();
    for byte in two {
        buf.extend_from_slice(&[byte]);
        while let Some(message) = c.decode(&mut buf).expect("ok") {
            got.push(message);
        }
    }
    assert!(buf.is_empty());
    assert_eq!(got.len(), 2);
    assert!(got.iter().all(|m| matches!(
        m,
        Message::Records { ack: Some(ack), records, .. }
            if ack[..] == reply(0x03, 0x001a)[..] && records.len() == 1
    )));
}

#[test]
fn packets_before_login_are_skipped_unanswered() {
    let mut c = codec();
    let early = drain(&mut c, &unhex(HEARTBEAT));
    assert!(early.messages.is_empty() && early.rest.is_empty());
    assert_eq!(early.skipped_kinds(), ["before_login"]);
    assert_eq!(c.device(), None);
    let (messages, _) = decode_all(&mut c, &encode_login(IMEI, 7));
    assert!(
        matches!(messages.as_slice(), [Message::Login { device, .. }] if device.as_str() == IMEI)
    );
    let after = drain(&mut c, &unhex(HEARTBEAT));
    assert_eq!(after.messages.len(), 1);
    assert!(after.skipped.is_empty());
}

#[test]
fn content_that_does_not_parse_is_skipped_and_the_stream_goes_on() {
    let mut c = logged_in();
    // A GPS packet (0x02) of 4 content bytes: far short of a position.
    let bad = unhex("676702000600010000000a");
    let drained = drain(&mut c, &[bad, unhex(HEARTBEAT)].concat());
    assert_eq!((drained.messages.len(), drained.rest.len()), (1, 0));
    assert_eq!(drained.skipped_kinds(), ["malformed"]);
    // A login whose IMEI is not BCD.
    let (messages, _) = decode_all(&mut codec(), &unhex("676701000c0001ab525440717505180104"));
    assert!(messages.is_empty());
}

#[test]
fn a_stream_without_the_marker_or_with_a_bad_size_is_refused() {
    let mut c = logged_in();
    let mut buf = BytesMut::from(&b"GET / HTTP/1.1"[..]);
    assert!(matches!(c.decode(&mut buf), Err(DecodeError::Malformed(_))));
    let mut one = BytesMut::from(&[0x67, 0x68][..]);
    assert!(matches!(c.decode(&mut one), Err(DecodeError::Malformed(_))));
    let mut short = BytesMut::from(&[0x67, 0x67, 0x03, 0x00, 0x01, 0x00][..]);
    assert!(matches!(
        c.decode(&mut short),
        Err(DecodeError::Malformed(_))
    ));
    let mut partial = BytesMut::from(&[0x67][..]);
    assert!(matches!(c.decode(&mut partial), Ok(None)));
}

#[test]
fn an_oversize_packet_is_refused_from_its_header() {
    let mut c = EelinkCodec::with_clock(Limits { max_frame_len: 64 }, || NOW_MS);
    let mut buf = BytesMut::from(&[0x67, 0x67, 0x12, 0x00, 0x40][..]);
    assert!(matches!(
        c.decode(&mut buf),
        Err(DecodeError::Oversize { len: 69, max: 64 })
    ));
    let mut fits = BytesMut::from(&[0x67, 0x67, 0x03, 0x00, 0x3b][..]);
    assert!(matches!(c.decode(&mut fits), Ok(None)));
    assert!(fits.capacity() >= 64);
}
