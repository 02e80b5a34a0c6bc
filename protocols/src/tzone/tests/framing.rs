//! Packet edge cases, and which errors skip a packet or close the stream.

use bytes::BytesMut;

use crate::codec::{DecodeError, DeviceCodec, Limits};
use crate::test_support::drain;

use super::super::TzoneCodec;
use super::super::framing;
use super::{NOW_MS, codec, packet};

#[test]
fn packets_run_together_or_byte_by_byte_are_cut_exactly() {
    let stream: Vec<u8> = (0..18).flat_map(packet).collect();
    let drained = drain(&mut codec(), &stream);
    assert!(drained.closed.is_none() && drained.skipped.is_empty());
    assert_eq!(drained.messages.len(), 18);
    let mut c = codec();
    let mut buf = BytesMut::new();
    let mut got = 0;
    for byte in &stream {
        buf.extend_from_slice(&[*byte]);
        while c.decode(&mut buf).expect("ok").is_some() {
            got += 1;
        }
    }
    assert_eq!((got, buf.len()), (18, 0));
}

#[test]
fn bad_packets_in_their_place_are_skipped_and_the_stream_goes_on() {
    let mut bad_crc = packet(13);
    bad_crc[30] ^= 0x01;
    let body = &packet(13)[4..packet(13).len() - 4];
    let mut overrun = body.to_vec();
    overrun[22] = 0xFF; // the GPS block's length runs past the end
    let mut not_digits = body.to_vec();
    not_digits[8] = 0xAB;
    let mut other = body.to_vec();
    other[0] = b'#';
    let stream = [
        b"junk".to_vec(),
        bad_crc,
        framing::packet(&overrun).to_vec(),
        framing::packet(&not_digits).to_vec(),
        framing::packet(&other).to_vec(),
        packet(13),
        b"xxT".to_vec(),
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
    assert!(drained.closed.is_none());
    // A last `T` may start the next packet: it is kept.
    assert_eq!(&drained.rest[..], b"T");
}

#[test]
fn a_packet_without_cr_lf_where_its_length_ends_closes_the_stream() {
    let mut moved = packet(13);
    let last = moved.len() - 1;
    moved[last] = b'!';
    assert!(drain(&mut codec(), &moved).closed.is_some());
    let short = b"TZ\x00\x05$$abc\r\n";
    assert!(drain(&mut codec(), short).closed.is_some());
}

#[test]
fn an_oversize_length_closes_the_stream_before_the_rest_is_buffered() {
    let mut c = TzoneCodec::with_clock(Limits { max_frame_len: 64 }, || NOW_MS);
    let mut buf = BytesMut::from(&packet(13)[..4]);
    assert!(matches!(
        c.decode(&mut buf),
        Err(DecodeError::Oversize { len: 151, max: 64 })
    ));
}

#[test]
fn a_stream_ending_mid_packet_is_truncated() {
    let bytes = packet(13);
    let mut buf = BytesMut::from(&bytes[..bytes.len() - 1]);
    let mut c = codec();
    assert!(matches!(c.decode(&mut buf), Ok(None)));
    assert!(matches!(
        c.decode_eof(&mut buf),
        Err(DecodeError::Truncated(_))
    ));
}
