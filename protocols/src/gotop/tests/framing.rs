//! Report edge cases, and which errors skip a report or close the stream.

use bytes::BytesMut;

use crate::codec::{DecodeError, DeviceCodec, Limits};
use crate::test_support::drain;

use super::super::GotopCodec;
use super::{codec, report};

#[test]
fn a_report_arriving_byte_by_byte_is_cut_at_its_end() {
    let bytes = report(10);
    let mut c = codec();
    let mut buf = BytesMut::new();
    for (i, byte) in bytes.iter().enumerate() {
        buf.extend_from_slice(&[*byte]);
        let got = c.decode(&mut buf).expect("ok");
        assert_eq!(got.is_some(), i + 1 == bytes.len(), "after {} bytes", i + 1);
    }
}

#[test]
fn reports_run_together_are_cut_exactly_with_or_without_a_leading_hash() {
    let stream: Vec<u8> = (0..14).flat_map(report).collect();
    let drained = drain(&mut codec(), &stream);
    assert!(drained.closed.is_none() && drained.skipped.is_empty());
    assert_eq!(drained.messages.len(), 13);
    let framed = [b"#".to_vec(), report(10), b"\r\n#".to_vec(), report(12)].concat();
    let drained = drain(&mut codec(), &framed);
    assert!(drained.skipped.is_empty(), "{drained:?}");
    assert_eq!(drained.messages.len(), 2);
}

#[test]
fn reports_that_do_not_read_are_skipped_and_the_stream_goes_on() {
    let bad = [
        "GET / HTTP/1.1",
        "12345,CMD-T",
        "353327020115804,CMD-T,A,DATE:090329,TIME:223252",
        "353327020115804,CMD-T,A,DATE:091329,TIME:223252,LAT:22.7634066N,LOT:114.3964783E,Speed:000.0,84-20,000",
        "353327020115804,CMD-T,A,DATE:090329,TIME:223252,LAT:92.7634066N,LOT:114.3964783E,Speed:000.0,84-20,000",
        "353327020115804,CMD-T,A,DATE:090329,TIME:223252,LAT:22.7634066X,LOT:114.3964783E,Speed:000.0,84-20,000",
        "353327020115804,CMD-T,Q,DATE:090329,TIME:223252,LAT:22.7634066N,LOT:114.3964783E,Speed:000.0,84-20,000",
        "353327020115804,CMD-T,A,DATE:090329,TIME:223252,LAT:22.7634066N,LOT:114.3964783E,Speed:000.0,84-20,400",
    ];
    let stream = [bad.join("#").into_bytes(), b"#".to_vec(), report(10)].concat();
    let drained = drain(&mut codec(), &stream);
    assert_eq!(drained.skipped_kinds(), ["malformed"; 8]);
    assert_eq!(drained.messages.len(), 1);
    assert!(drained.closed.is_none() && drained.rest.is_empty());
}

#[test]
fn an_oversize_report_closes_the_stream() {
    let mut c = GotopCodec::new(Limits { max_frame_len: 32 });
    let mut buf = BytesMut::from(&[b'1'; 40][..]);
    assert!(matches!(
        c.decode(&mut buf),
        Err(DecodeError::Oversize { .. })
    ));
}

#[test]
fn a_stream_ending_mid_report_is_truncated() {
    let bytes = report(10);
    let mut buf = BytesMut::from(&bytes[..bytes.len() - 1]);
    let mut c = codec();
    assert!(matches!(c.decode(&mut buf), Ok(None)));
    assert!(matches!(
        c.decode_eof(&mut buf),
        Err(DecodeError::Truncated(_))
    ));
}
