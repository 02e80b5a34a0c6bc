//! Framer edge cases.

use bytes::BytesMut;

use crate::codec::DecodeError;

use super::super::framing::{Frame, Uex, cut, uex_data};

const STT: &[u8] = b"ST300STT;205027329;03;374;20150108;17:54:42;177b38;-23.566052;-046.477588;000.000;000.00;0;0;0;12.11;000000;1;0312\r";
const ZIP: &str = "02003210511340877028813f180c170016041051290c0635652d793653000038001a30e601665e560000000100750002712704000103";

fn all(input: &[u8]) -> Vec<Frame> {
    let mut buf = BytesMut::from(input);
    let mut out = Vec::new();
    while let Some(frame) = cut(&mut buf, 4096).expect("valid stream") {
        out.push(frame);
    }
    out
}

#[test]
fn sentences_end_at_cr_and_line_ends_between_them_are_skipped() {
    let mut input = b"\r\n".to_vec();
    input.extend_from_slice(STT);
    input.extend_from_slice(b"\nSA200ALV;317652\r");
    let frames = all(&input);
    assert_eq!(
        frames,
        vec![
            Frame::Text(STT[..STT.len() - 1].to_vec().into()),
            Frame::Text(b"SA200ALV;317652".to_vec().into()),
        ]
    );
}

#[test]
fn byte_by_byte_text_and_zip_frames_come_out_whole() {
    let zip = crate::test_support::unhex(ZIP);
    let mut buf = BytesMut::new();
    let mut frames = Vec::new();
    for byte in STT.iter().chain(zip.iter()) {
        buf.extend_from_slice(&[*byte]);
        frames.extend(cut(&mut buf, 4096).expect("ok"));
    }
    assert!(buf.is_empty());
    assert_eq!(
        frames,
        vec![
            Frame::Text(STT[..STT.len() - 1].to_vec().into()),
            Frame::Zip(zip.into())
        ]
    );
}

#[test]
fn uex_data_holding_cr_is_skipped_by_its_length() {
    let sentence = b"ST300UEX;511248287;45;311;20220701;18:42:08;14c943;-22.975257;-043.373065;000.000;000.00;0;0;0;12.14;100010;19;RFID:008FB2BEBA39\r\n;3E;000135;4.1;1\r";
    assert!(matches!(uex_data(sentence), Uex::Data { len: 19, .. }));
    let frames = all(sentence);
    assert_eq!(
        frames,
        vec![Frame::Text(sentence[..sentence.len() - 1].to_vec().into())]
    );
    // Only the header so far: wait for the rest.
    let mut buf = BytesMut::from(&sentence[..40]);
    assert_eq!(cut(&mut buf, 4096).expect("ok"), None);
    assert_eq!(buf.len(), 40);
}

#[test]
fn oversize_and_broken_frames_are_refused() {
    let mut huge = BytesMut::from(&[0x02, 0xff, 0xff][..]);
    assert!(matches!(
        cut(&mut huge, 4096),
        Err(DecodeError::Oversize { len: 65539, .. })
    ));
    let mut universal = BytesMut::from(&[0x81, 0x20, 0x00][..]);
    assert!(matches!(
        cut(&mut universal, 4096),
        Err(DecodeError::Oversize { len: 8195, .. })
    ));
    let mut long = BytesMut::from(&b"ST300STT;"[..]);
    long.extend_from_slice(&[b'1'; 5000]);
    assert!(matches!(
        cut(&mut long, 4096),
        Err(DecodeError::Oversize { .. })
    ));
    let mut no_etx = crate::test_support::unhex(ZIP);
    let n = no_etx.len();
    no_etx[n - 1] = 0x04;
    assert!(matches!(
        cut(&mut BytesMut::from(&no_etx[..]), 4096),
        Err(DecodeError::Malformed(_))
    ));
}
