//! Report edge cases, and which errors skip a report or close the stream.

use bytes::BytesMut;

use crate::codec::{DecodeError, DeviceCodec, Limits};
use crate::test_support::drain;

use super::super::PretraceCodec;
use super::{codec, report};

#[test]
fn reports_byte_by_byte_or_run_together_are_cut_exactly() {
    let stream = [report(0), b"\r\n".to_vec(), report(1), report(0)].concat();
    let drained = drain(&mut codec(), &stream);
    assert!(
        drained.closed.is_none() && drained.skipped.is_empty(),
        "{drained:?}"
    );
    assert_eq!(drained.messages.len(), 3);
    let mut c = codec();
    let mut buf = BytesMut::new();
    let mut got = 0;
    for byte in &stream {
        buf.extend_from_slice(&[*byte]);
        while c.decode(&mut buf).expect("ok").is_some() {
            got += 1;
        }
    }
    assert_eq!(got, 3);
    assert!(buf.is_empty());
}

#[test]
fn bad_reports_are_skipped_and_the_stream_goes_on() {
    let mut bad_fix = report(0);
    bad_fix[21] = b'X';
    let mut bad_date = report(0);
    bad_date[24] = b'9';
    let stream = [
        b"GET / HTTP/1.1)".to_vec(),
        b"(867967021915915U1110A170120)".to_vec(),
        bad_fix,
        bad_date,
        report(1),
    ]
    .concat();
    let drained = drain(&mut codec(), &stream);
    assert_eq!(
        drained.skipped_kinds(),
        ["malformed", "malformed", "malformed", "malformed"]
    );
    assert_eq!(drained.messages.len(), 1);
    assert!(drained.closed.is_none() && drained.rest.is_empty());
}

#[test]
fn an_oversize_report_closes_the_stream() {
    let mut c = PretraceCodec::new(Limits { max_frame_len: 32 });
    let mut buf = BytesMut::from(&report(0)[..40]);
    assert!(matches!(
        c.decode(&mut buf),
        Err(DecodeError::Oversize { .. })
    ));
}

#[test]
fn a_stream_ending_mid_report_is_truncated() {
    let bytes = report(0);
    let mut buf = BytesMut::from(&bytes[..bytes.len() - 1]);
    let mut c = codec();
    assert!(matches!(c.decode(&mut buf), Ok(None)));
    assert!(matches!(
        c.decode_eof(&mut buf),
        Err(DecodeError::Truncated(_))
    ));
}
