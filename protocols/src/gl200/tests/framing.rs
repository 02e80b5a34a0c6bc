//! Framer edge cases.

use bytes::BytesMut;

use crate::codec::DecodeError;

use super::super::framing::{Frame, cut};

const HBD: &[u8] = b"+ACK:GTHBD,1A0401,135790246811220,,20100214093254,11F0$";
/// A HEX `+ACK` of 36 bytes (length at offset 6).
const HEX_ACK: &str = "2b41434b017f244501010108676231303000000000ffff07e1070b03112d054dfe030d0a";

fn all(input: &[u8]) -> Vec<Frame> {
    let mut buf = BytesMut::from(input);
    let mut out = Vec::new();
    while let Some(frame) = cut(&mut buf, 4096).expect("valid stream") {
        out.push(frame);
    }
    out
}

#[test]
fn sentences_split_at_dollar_or_nul_and_skip_garbage() {
    let mut input = b"\r\n junk".to_vec();
    input.extend_from_slice(HBD);
    input.extend_from_slice(b"\r\n+RESP:GTPNA,F50201,866425030235982,GL300M,20190208124909,0BD5\0");
    let frames = all(&input);
    assert_eq!(frames.len(), 2);
    assert_eq!(frames[0], Frame::Text(HBD[..HBD.len() - 1].to_vec().into()));
    assert!(matches!(&frames[1], Frame::Text(t) if t.ends_with(b"0BD5")));
}

#[test]
fn partial_frames_wait_and_two_frames_in_one_read_both_come_out() {
    let hex = crate::test_support::unhex(HEX_ACK);
    let mut buf = BytesMut::new();
    let mut frames = Vec::new();
    for byte in HBD.iter().chain(hex.iter()) {
        buf.extend_from_slice(&[*byte]);
        frames.extend(cut(&mut buf, 4096).expect("ok"));
    }
    assert!(buf.is_empty());
    assert_eq!(
        frames,
        vec![
            Frame::Text(HBD[..HBD.len() - 1].to_vec().into()),
            Frame::Binary(hex.clone().into())
        ]
    );
    let mut both = HBD.to_vec();
    both.extend_from_slice(&hex);
    assert_eq!(all(&both).len(), 2);
}

#[test]
fn oversize_frames_are_refused_from_the_header() {
    // A +RSP whose length field says 0xFFFF, with only its header here.
    let mut buf = BytesMut::from(&b"+RSP\x07\x00\xfc\x1f\xbf\xff\xff"[..]);
    assert!(matches!(
        cut(&mut buf, 4096),
        Err(DecodeError::Oversize { len: 65535, .. })
    ));
    let mut long = BytesMut::from(&b"+RESP:GTFRI,"[..]);
    long.extend_from_slice(&[b'1'; 5000]);
    assert!(matches!(
        cut(&mut long, 4096),
        Err(DecodeError::Oversize { .. })
    ));
    // A length that does not even cover its own field.
    let mut short = BytesMut::from(&b"+RSP\x07\x00\xfc\x1f\xbf\x00\x02"[..]);
    assert!(matches!(
        cut(&mut short, 4096),
        Err(DecodeError::Malformed(_))
    ));
}

#[test]
fn protocol_pro_frames_and_a_split_buffered_start() {
    let report = crate::test_support::unhex(
        "2b000038000865134050947226820300030000216a3ed6f101895000521629fa8b28f402ac1a8e6a3ed6f100001600000010f505010ff824",
    );
    let mut buffered = report.clone();
    buffered[0] = b'-';
    let mut buf = BytesMut::from(&b"xx-"[..]);
    assert_eq!(cut(&mut buf, 4096).expect("ok"), None);
    assert_eq!(&buf[..], b"-", "a final - is kept");
    buf.extend_from_slice(&buffered[1..]);
    assert_eq!(
        cut(&mut buf, 4096).expect("ok"),
        Some(Frame::Pro(buffered.into()))
    );
    assert_eq!(all(&report), vec![Frame::Pro(report.clone().into())]);
}
