//! Line edge cases, and which errors skip a line or close the stream.

use bytes::BytesMut;

use crate::codec::{DecodeError, DeviceCodec, Limits};
use crate::test_support::drain;

use super::super::LaipacCodec;
use super::{NOW_MS, codec, line};

#[test]
fn a_line_arriving_byte_by_byte_is_cut_at_its_end() {
    let bytes = line(6);
    let mut c = codec();
    let mut buf = BytesMut::new();
    let mut got = 0;
    for byte in &bytes {
        buf.extend_from_slice(&[*byte]);
        while let Some(_message) = c.decode(&mut buf).expect("ok") {
            got += 1;
        }
    }
    assert_eq!(got, 1);
    assert!(buf.is_empty());
}

#[test]
fn lines_run_together_in_one_read_are_cut_exactly() {
    let stream: Vec<u8> = (0..37).flat_map(line).collect();
    let drained = drain(&mut codec(), &stream);
    assert!(drained.closed.is_none() && drained.skipped.is_empty());
    assert_eq!(drained.messages.len(), 37);
    // A lone LF or CR ends a line as well.
    let bare = [
        &line(6)[..line(6).len() - 2],
        b"\n",
        &line(7)[..line(7).len() - 2],
        b"\r",
    ]
    .concat();
    assert_eq!(drain(&mut codec(), &bare).messages.len(), 2);
}

#[test]
fn bad_lines_are_skipped_and_the_stream_goes_on() {
    let mut bad_checksum = line(6);
    bad_checksum[20] = b'9';
    let stream = [
        b"GET / HTTP/1.1\r\n".to_vec(),
        bad_checksum,
        b"$AVRMC,1,2*48\r\n".to_vec(),
        b"$XYZ,1*46\r\n".to_vec(),
        b"$AVRMC,99999999,164339,A,9151.0542,N,07923.5445,W,0.29,78.66,180703,0,3.727,17,1,0,0*38\r\n".to_vec(),
        b"$AVRMC,99999999,164339,A*XX\r\n".to_vec(),
        line(6),
    ]
    .concat();
    let drained = drain(&mut codec(), &stream);
    assert_eq!(
        drained.skipped_kinds(),
        [
            "malformed",
            "checksum",
            "malformed",
            "unsupported",
            "malformed",
            "malformed"
        ]
    );
    assert_eq!(drained.messages.len(), 1);
    assert!(drained.closed.is_none() && drained.rest.is_empty());
}

#[test]
fn an_oversize_line_closes_the_stream() {
    let mut c = LaipacCodec::with_clock(Limits { max_frame_len: 32 }, || NOW_MS);
    let mut buf = BytesMut::from(&[b'$'; 40][..]);
    assert!(matches!(
        c.decode(&mut buf),
        Err(DecodeError::Oversize { .. })
    ));
}

#[test]
fn a_stream_ending_mid_line_is_truncated() {
    let bytes = line(6);
    let mut buf = BytesMut::from(&bytes[..bytes.len() - 2]);
    let mut c = codec();
    assert!(matches!(c.decode(&mut buf), Ok(None)));
    assert!(matches!(
        c.decode_eof(&mut buf),
        Err(DecodeError::Truncated(_))
    ));
}
