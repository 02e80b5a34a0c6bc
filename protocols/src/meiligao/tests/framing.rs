//! Framer edge cases, and which errors skip a packet or close the stream.

use bytes::BytesMut;

use crate::codec::{DecodeError, DeviceCodec, Limits};
use crate::message::Message;
use crate::test_support::{drain, skipped_cause};

use super::super::MeiligaoCodec;
use super::super::decode::{HEARTBEAT, POSITION};
use super::super::encode;
use super::super::framing::id_bytes;
use super::{NOW_MS, codec, sample};

/// Corpus #20: a login, the shortest packet (17 bytes).
fn login() -> Vec<u8> {
    sample(20)
}

#[test]
fn a_packet_arriving_byte_by_byte_is_cut_only_when_whole() {
    let packet = sample(21);
    let mut c = codec();
    let mut buf = BytesMut::new();
    for (i, byte) in packet.iter().enumerate() {
        buf.extend_from_slice(&[*byte]);
        let got = c.decode(&mut buf).expect("ok");
        assert_eq!(
            got.is_some(),
            i + 1 == packet.len(),
            "after {} bytes",
            i + 1
        );
    }
    assert!(buf.is_empty());
}

#[test]
fn packets_run_together_in_one_read_are_cut_exactly() {
    let stream = [login(), sample(21), sample(1), sample(0), sample(22)].concat();
    let drained = drain(&mut codec(), &stream);
    assert!(drained.closed.is_none() && drained.skipped.is_empty());
    assert!(drained.rest.is_empty());
    assert_eq!(drained.messages.len(), 5);
}

#[test]
fn bytes_before_a_start_marker_are_skipped_and_counted() {
    let stream = [b"GET / HTTP/1.1\r\n".to_vec(), login(), b"$x$".to_vec()].concat();
    let drained = drain(&mut codec(), &stream);
    assert_eq!(drained.skipped_kinds(), ["malformed", "malformed"]);
    assert!(matches!(
        drained.messages.as_slice(),
        [Message::Login { .. }]
    ));
    // A lone `$` may start the next packet: it is kept.
    assert_eq!(&drained.rest[..], b"$");
    assert!(drained.closed.is_none());
}

#[test]
fn a_length_too_short_for_a_packet_closes_the_stream() {
    let mut zero = sample(24);
    assert_eq!(&zero[2..4], &[0, 0]);
    let drained = drain(&mut codec(), &zero);
    assert!(matches!(drained.closed, Some(DecodeError::Malformed(_))));
    zero[3] = 16;
    let drained = drain(&mut codec(), &zero);
    assert!(matches!(drained.closed, Some(DecodeError::Malformed(ref why)) if why.contains("16")));
}

#[test]
fn a_packet_without_its_end_marker_where_the_length_says_closes_the_stream() {
    let mut packet = sample(21);
    packet[3] -= 1; // one byte short: the cut ends on `0D`, not `0D 0A`
    let drained = drain(&mut codec(), &packet);
    assert!(drained.messages.is_empty() && drained.skipped.is_empty());
    assert!(
        matches!(drained.closed, Some(DecodeError::Malformed(ref why)) if why.contains("0D 0A")),
        "{drained:?}"
    );
}

#[test]
fn a_bounded_packet_that_does_not_hold_is_skipped_and_the_stream_goes_on() {
    let id = id_bytes("123456").expect("digits");
    let mut bad_crc = login();
    bad_crc[13] ^= 0xFF;
    let bad_id = encode::device(&[0xAB; 7], HEARTBEAT, &[]);
    let photo = encode::device(&id, 0x9988, &[1, 2, 3]);
    let unknown = encode::device(&id, 0xAA00, &[]);
    let bad_report = encode::device(&id, POSITION, b"not a report");
    let stream = [
        bad_crc,
        bad_id.to_vec(),
        photo.to_vec(),
        unknown.to_vec(),
        bad_report.to_vec(),
        login(),
    ]
    .concat();
    let drained = drain(&mut codec(), &stream);
    assert_eq!(
        drained.skipped_kinds(),
        [
            "checksum",
            "malformed",
            "unsupported",
            "unsupported",
            "malformed"
        ]
    );
    assert!(drained.closed.is_none() && drained.rest.is_empty());
    assert!(matches!(
        drained.messages.as_slice(),
        [Message::Login { .. }]
    ));
}

#[test]
fn impossible_reports_are_skipped() {
    let id = id_bytes("123456").expect("digits");
    for report in [
        "120000.000,A,9100.0000,N,00000.0000,E,0,0,010124",
        "120000.000,A,1000.0000,N,18100.0000,E,0,0,010124",
        "120000.000,A,1000.0000,N,01000.0000,E,0,361,010124",
        "120000.000,A,1000.0000,N,01000.0000,E,0,0,320124",
        "120000.000,X,1000.0000,N,01000.0000,E,0,0,010124",
        "120000.000,A,1000.0000,N,01000.0000,E,0,0",
    ] {
        let packet = encode::device(&id, POSITION, report.as_bytes());
        let error = codec()
            .decode(&mut BytesMut::from(&packet[..]))
            .expect_err(report);
        assert!(
            matches!(skipped_cause(error), DecodeError::Malformed(_)),
            "{report}"
        );
    }
}

#[test]
fn an_oversize_length_is_refused_from_the_header() {
    let mut c = MeiligaoCodec::with_clock(Limits { max_frame_len: 64 }, || NOW_MS);
    let mut buf = BytesMut::from(&[b'$', b'$', 0x00, 0x41][..]);
    assert!(matches!(
        c.decode(&mut buf),
        Err(DecodeError::Oversize { len: 65, max: 64 })
    ));
    let mut fits = BytesMut::from(&[b'$', b'$', 0x00, 0x40][..]);
    assert!(matches!(c.decode(&mut fits), Ok(None)));
    assert!(fits.capacity() >= 64);
}

#[test]
fn a_stream_ending_mid_packet_is_truncated() {
    let packet = login();
    let mut c = codec();
    let mut buf = BytesMut::from(&packet[..packet.len() - 1]);
    assert!(matches!(c.decode(&mut buf), Ok(None)));
    assert!(matches!(
        c.decode_eof(&mut buf),
        Err(DecodeError::Truncated(16))
    ));
}

#[test]
fn tracker_ids_are_digits_padded_with_f() {
    assert_eq!(
        id_bytes("1361234567"),
        Some([0x13, 0x61, 0x23, 0x45, 0x67, 0xFF, 0xFF])
    );
    assert_eq!(
        id_bytes("123"),
        Some([0x12, 0x3F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF])
    );
    assert_eq!(id_bytes("123456789012345"), None);
    assert_eq!(id_bytes("12a"), None);
    assert_eq!(id_bytes(""), None);
    let message = super::decode_one(&sample(11)).expect("decodes");
    assert_eq!(message.device().map(|d| d.as_str()), Some("1092"));
}
