//! Packet edge cases, the corpus's frame samples, and which errors skip a
//! packet or close the stream.

use bytes::BytesMut;

use crate::codec::{DecodeError, DeviceCodec, Limits};
use crate::test_support::drain;

use super::super::TramigoCodec;
use super::super::framing;
use super::{codec, packet, samples, unhex};

#[test]
fn the_corpus_frame_samples_are_cut_as_expected() {
    let list = samples("Frame");
    assert_eq!(list.len(), 3);
    for sample in list {
        let mut buf = BytesMut::from(&unhex(sample["payload"].as_str().expect("hex"))[..]);
        let frame = framing::cut(&mut buf, 64 * 1024)
            .expect("ok")
            .expect("a frame");
        let expected = unhex(sample["expected"]["frame"].as_str().expect("hex"));
        assert_eq!(&frame[..], &expected[..]);
    }
}

#[test]
fn packets_arriving_byte_by_byte_are_cut_at_their_end() {
    let bytes = [packet(1), packet(2), packet(6)].concat();
    let mut c = codec();
    let mut buf = BytesMut::new();
    let mut got = 0;
    for byte in &bytes {
        buf.extend_from_slice(&[*byte]);
        while c.decode(&mut buf).expect("ok").is_some() {
            got += 1;
        }
    }
    assert_eq!(got, 3);
    assert!(buf.is_empty());
}

#[test]
fn packets_run_together_in_one_read_are_cut_exactly() {
    let stream: Vec<u8> = (0..18).flat_map(packet).collect();
    let drained = drain(&mut codec(), &stream);
    assert!(drained.closed.is_none() && drained.skipped.is_empty());
    assert_eq!(drained.messages.len(), 18);
}

#[test]
fn text_without_a_position_is_kept_and_bad_packets_close_the_stream() {
    let report = framing::text_packet(7, 0xB0, 1, 1_700_000_000, "Unit: Status, no fix");
    let drained = drain(&mut codec(), &report);
    assert!(drained.closed.is_none() && drained.skipped.is_empty());
    assert_eq!(drained.messages.len(), 1);
    // A text packet whose length misses its EOF.
    let mut bad = packet(2);
    bad[6] -= 1;
    let closed = drain(&mut codec(), &[bad, packet(2)].concat());
    assert_eq!(closed.closed.map(|e| e.kind()), Some("malformed"));
    // Another protocol, and a length shorter than the header.
    let other = drain(
        &mut codec(),
        &[
            0x01, 0, 0, 0, 0, 0, 0x00, 0x14, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        ],
    );
    assert_eq!(other.closed.map(|e| e.kind()), Some("unsupported"));
    let short = drain(&mut codec(), &[0x04, 0x05, 0x00]);
    assert_eq!(short.closed.map(|e| e.kind()), Some("malformed"));
}

#[test]
fn an_oversize_length_closes_the_stream_from_the_header() {
    let mut c = TramigoCodec::new(Limits { max_frame_len: 64 });
    let mut buf = BytesMut::from(&packet(2)[..8]);
    assert!(matches!(
        c.decode(&mut buf),
        Err(DecodeError::Oversize { len: 166, max: 64 })
    ));
}

#[test]
fn a_stream_ending_mid_packet_is_truncated() {
    let bytes = packet(2);
    let mut buf = BytesMut::from(&bytes[..bytes.len() - 1]);
    let mut c = codec();
    assert!(matches!(c.decode(&mut buf), Ok(None)));
    assert!(matches!(
        c.decode_eof(&mut buf),
        Err(DecodeError::Truncated(_))
    ));
}
