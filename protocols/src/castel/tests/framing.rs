//! Packet edge cases, and which errors skip a packet or close the stream.

use bytes::BytesMut;

use crate::codec::{DecodeError, DeviceCodec, Limits};
use crate::test_support::drain;

use super::super::CastelCodec;
use super::{NOW_MS, codec, sample};

#[test]
fn packets_run_together_or_byte_by_byte_are_cut_exactly() {
    let stream: Vec<u8> = [35, 48, 19, 13].into_iter().flat_map(sample).collect();
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
    assert_eq!(got, 4);
    assert!(buf.is_empty());
}

#[test]
fn garbage_and_bad_packets_are_skipped_and_the_stream_goes_on() {
    let mut bad_crc = sample(35);
    let at = bad_crc.len() - 4;
    bad_crc[at] ^= 0xFF;
    let mut bad_fix = sample(12);
    bad_fix[28] = 13; // month 13
    let fixed = super::super::framing::packet(*b"@@", &bad_fix[4..bad_fix.len() - 4], &[]);
    let stream = [
        b"GET / HTTP/1.1\r\n".to_vec(),
        bad_crc,
        sample(18),
        fixed.to_vec(),
        sample(35),
    ]
    .concat();
    let drained = drain(&mut codec(), &stream);
    assert_eq!(
        drained.skipped_kinds(),
        ["malformed", "checksum", "unsupported", "malformed"]
    );
    assert_eq!(drained.messages.len(), 1);
    assert!(drained.closed.is_none() && drained.rest.is_empty());
}

#[test]
fn a_length_without_its_end_marker_closes_the_stream() {
    let mut wrong = sample(35);
    wrong[2] -= 1;
    wrong.extend_from_slice(&[0; 8]);
    let drained = drain(&mut codec(), &wrong);
    assert!(
        matches!(drained.closed, Some(DecodeError::Malformed(_))),
        "{drained:?}"
    );
    let drained = drain(&mut codec(), b"@@\x05\x00\x04");
    assert!(matches!(drained.closed, Some(DecodeError::Malformed(_))));
}

#[test]
fn an_oversize_length_closes_the_stream_from_the_header() {
    let mut c = CastelCodec::with_clock(Limits { max_frame_len: 64 }, || NOW_MS);
    let mut buf = BytesMut::from(&sample(35)[..4]);
    assert!(matches!(
        c.decode(&mut buf),
        Err(DecodeError::Oversize { len: 89, max: 64 })
    ));
}

#[test]
fn a_stream_ending_mid_packet_is_truncated() {
    let bytes = sample(35);
    let mut buf = BytesMut::from(&bytes[..bytes.len() - 3]);
    let mut c = codec();
    assert!(matches!(c.decode(&mut buf), Ok(None)));
    assert!(matches!(
        c.decode_eof(&mut buf),
        Err(DecodeError::Truncated(_))
    ));
}

#[test]
fn datagrams_are_one_packet_each() {
    use crate::codec::DatagramCodec;
    let udp = super::super::CastelDatagram::with_clock(|| NOW_MS);
    assert_eq!(udp.decode_datagram(&sample(35)).expect("decodes").len(), 1);
    assert!(udp.decode_datagram(&sample(35)[1..]).is_err());
}
