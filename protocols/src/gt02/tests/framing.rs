//! Framer edge cases, and which errors skip a frame or close the stream.

use bytes::BytesMut;

use crate::codec::{DecodeError, DeviceCodec, Limits};
use crate::message::Message;
use crate::test_support::{drain, skipped_cause};

use super::super::Gt02Codec;
use super::super::decode::{HEARTBEAT, LOCATION};
use super::super::encode;
use super::{NOW_MS, codec, frames, unhex};

/// Corpus #2: the shortest heartbeat.
const HEARTBEAT_FRAME: &str = "68680f0504035889905831401700df1a00000d0a";

#[test]
fn a_frame_arriving_byte_by_byte_is_cut_only_when_whole() {
    let frame = unhex(HEARTBEAT_FRAME);
    let mut c = codec();
    let mut buf = BytesMut::new();
    for (i, byte) in frame.iter().enumerate() {
        buf.extend_from_slice(&[*byte]);
        let got = c.decode(&mut buf).expect("ok");
        assert_eq!(got.is_some(), i + 1 == frame.len(), "after {} bytes", i + 1);
    }
    assert!(buf.is_empty());
}

#[test]
fn frames_run_together_in_one_read_are_cut_exactly() {
    let stream: Vec<u8> = frames().concat();
    let drained = drain(&mut codec(), &stream);
    assert!(drained.closed.is_none() && drained.skipped.is_empty());
    assert!(drained.rest.is_empty());
    assert_eq!(drained.messages.len(), 9);
}

#[test]
fn garbage_where_a_frame_must_start_closes_the_stream() {
    let mut c = codec();
    let mut http = BytesMut::from(&b"GET / HTTP/1.1\r\n"[..]);
    assert!(matches!(
        c.decode(&mut http),
        Err(DecodeError::Malformed(_))
    ));
    // One byte is enough to tell.
    let mut one = BytesMut::from(&[0x78][..]);
    assert!(matches!(c.decode(&mut one), Err(DecodeError::Malformed(_))));
    let mut second = BytesMut::from(&[0x68, 0x00][..]);
    assert!(matches!(
        c.decode(&mut second),
        Err(DecodeError::Malformed(_))
    ));
    // A frame followed by garbage: the frame is decoded, then the stream ends.
    let drained = drain(&mut c, &[unhex(HEARTBEAT_FRAME), b"junk".to_vec()].concat());
    assert_eq!(drained.messages.len(), 1);
    assert!(matches!(drained.closed, Some(DecodeError::Malformed(_))));
}

#[test]
fn a_frame_without_its_end_marker_where_the_length_says_closes_the_stream() {
    let mut frame = unhex(HEARTBEAT_FRAME);
    frame[2] -= 1; // one byte short: the cut ends on `0D`, not `0D 0A`
    let drained = drain(&mut codec(), &frame);
    assert!(drained.messages.is_empty() && drained.skipped.is_empty());
    assert!(
        matches!(drained.closed, Some(DecodeError::Malformed(ref why)) if why.contains("0D 0A")),
        "{drained:?}"
    );
}

#[test]
fn a_bounded_frame_that_does_not_decode_is_skipped_and_the_stream_goes_on() {
    let imei = "358899058314017";
    let bad_date = encode::frame(
        0,
        0,
        imei,
        1,
        LOCATION,
        &[
            14, 13, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        ],
    );
    let short = encode::frame(0, 0, imei, 2, LOCATION, &[14, 9, 6]);
    let unknown = encode::frame(5, 4, imei, 3, 0x55, &[1, 2, 3]);
    let mut not_bcd = unhex(HEARTBEAT_FRAME);
    not_bcd[5] = 0xAB;
    let stream = [
        bad_date.to_vec(),
        short.to_vec(),
        unknown.to_vec(),
        not_bcd,
        unhex(HEARTBEAT_FRAME),
    ]
    .concat();
    let drained = drain(&mut codec(), &stream);
    assert_eq!(
        drained.skipped_kinds(),
        ["malformed", "malformed", "unsupported", "malformed"]
    );
    assert!(drained.closed.is_none() && drained.rest.is_empty());
    assert!(matches!(
        drained.messages.as_slice(),
        [Message::Records { ack: Some(_), .. }]
    ));
    // The shortest bounded frame: a length of zero, nothing but markers.
    let empty = codec().decode(&mut BytesMut::from(&[0x68, 0x68, 0x00, 0x0D, 0x0A][..]));
    assert!(matches!(
        empty.map_err(skipped_cause),
        Err(DecodeError::Malformed(_))
    ));
}

#[test]
fn impossible_coordinates_and_courses_are_skipped() {
    let imei = "123456789012345";
    let mut content = unhex("010101010101026b3f3e026b3f3e00000000000000000001");
    content[6..10].copy_from_slice(&(91 * 1_800_000u32).to_be_bytes());
    let north_of_the_pole = encode::frame(0, 0, imei, 1, LOCATION, &content);
    let mut content = unhex("010101010101026b3f3e026b3f3e00000000000000000001");
    content[15..17].copy_from_slice(&361u16.to_be_bytes());
    let round_the_bend = encode::frame(0, 0, imei, 1, LOCATION, &content);
    for frame in [north_of_the_pole, round_the_bend] {
        let error = codec()
            .decode(&mut BytesMut::from(&frame[..]))
            .expect_err("refused");
        assert!(matches!(skipped_cause(error), DecodeError::Malformed(_)));
    }
}

#[test]
fn an_oversize_length_is_refused_from_the_header() {
    let mut c = Gt02Codec::with_clock(Limits { max_frame_len: 64 }, || NOW_MS);
    let mut buf = BytesMut::from(&[0x68, 0x68, 0x3C][..]);
    assert!(matches!(
        c.decode(&mut buf),
        Err(DecodeError::Oversize { len: 65, max: 64 })
    ));
    // At the limit, the codec waits for the rest and makes room for it.
    let mut fits = BytesMut::from(&[0x68, 0x68, 0x3B][..]);
    assert!(matches!(c.decode(&mut fits), Ok(None)));
    assert!(fits.capacity() >= 64);
}

#[test]
fn a_stream_ending_mid_frame_is_truncated() {
    let frame = unhex(HEARTBEAT_FRAME);
    let mut c = codec();
    let mut buf = BytesMut::from(&frame[..frame.len() - 1]);
    assert!(matches!(c.decode(&mut buf), Ok(None)));
    assert!(matches!(
        c.decode_eof(&mut buf),
        Err(DecodeError::Truncated(19))
    ));
    let mut whole = BytesMut::from(&frame[..]);
    assert!(matches!(c.decode_eof(&mut whole), Ok(Some(_))));
    assert!(matches!(c.decode_eof(&mut whole), Ok(None)));
}

#[test]
fn every_frame_names_its_device_without_a_login() {
    let frame = encode::frame(6, 3, "358899050003725", 7, HEARTBEAT, &[]);
    let message = super::decode_one(&frame).expect("decodes");
    assert_eq!(
        message.device().map(|d| d.as_str()),
        Some("358899050003725")
    );
}
