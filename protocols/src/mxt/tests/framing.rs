//! Frame edge cases, and which errors skip a frame or close the stream.

use bytes::BytesMut;

use crate::codec::{DecodeError, DeviceCodec, Limits};
use crate::test_support::drain;

use super::super::{MxtCodec, framing};
use super::{codec, wire};

#[test]
fn a_frame_arriving_byte_by_byte_is_cut_at_its_end() {
    for index in [1, 4] {
        let mut c = codec();
        let mut buf = BytesMut::new();
        let mut got = 0;
        for byte in wire(index) {
            buf.extend_from_slice(&[byte]);
            while let Some(_message) = c.decode(&mut buf).expect("ok") {
                got += 1;
            }
        }
        assert_eq!(got, 1, "#{index}");
        assert!(buf.is_empty());
    }
}

#[test]
fn frames_run_together_in_one_read_are_cut_exactly() {
    let stream: Vec<u8> = (0..11).flat_map(wire).collect();
    let drained = drain(&mut codec(), &stream);
    assert!(drained.closed.is_none() && drained.skipped.is_empty());
    assert_eq!(drained.messages.len(), 11);
    assert!(drained.rest.is_empty());
}

#[test]
fn the_corpus_frames_are_stuffed_as_the_framer_stuffs() {
    // #0 leaves a 01 bare, which the framer stuffs.
    for index in 1..11 {
        let on_wire = wire(index);
        let mut buf = BytesMut::from(&on_wire[..]);
        let content = framing::cut(&mut buf, 1024).expect("ok").expect("frame");
        assert_eq!(framing::wire(&content).to_vec(), on_wire, "#{index}");
    }
}

#[test]
fn bad_frames_are_skipped_and_the_stream_goes_on() {
    let mut bad_crc = wire(1);
    let at = bad_crc.len() - 2;
    bad_crc[at] ^= 0x01;
    let other_type = framing::wire(&{
        let mut content = vec![0xA6, 0x02, 1, 2, 3, 4];
        let crc = crate::checksum::crc16_xmodem(&content);
        content.extend_from_slice(&crc.to_le_bytes());
        content
    });
    let stream = [
        b"GET / HTTP/1.1\r\n".to_vec(),
        bad_crc,
        vec![0x01, 0xA6, 0x10, 0x05, 0x04],
        vec![0x01, 0xA6, 0x10, 0x04],
        other_type.to_vec(),
        vec![0x01, 0x00, 0x04],
        wire(3),
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
    assert!(drained.closed.is_none() && drained.rest.is_empty());
}

#[test]
fn a_bare_start_byte_inside_a_frame_is_data() {
    // #0 carries a 01 its device did not stuff, in its optional blocks.
    let on_wire = wire(0);
    assert_eq!(on_wire.iter().filter(|&&b| b == framing::START).count(), 3);
    let drained = drain(&mut codec(), &on_wire);
    assert_eq!(drained.messages.len(), 1);
    assert!(drained.skipped.is_empty() && drained.rest.is_empty());
}

#[test]
fn an_oversize_frame_closes_the_stream() {
    let mut c = MxtCodec::new(Limits { max_frame_len: 32 });
    let mut buf = BytesMut::from(&[0x01][..]);
    buf.extend_from_slice(&[0x11; 40]);
    assert!(matches!(
        c.decode(&mut buf),
        Err(DecodeError::Oversize { .. })
    ));
    let mut c = MxtCodec::new(Limits { max_frame_len: 32 });
    let mut buf = BytesMut::from(&wire(0)[..]);
    assert!(matches!(
        c.decode(&mut buf),
        Err(DecodeError::Oversize { .. })
    ));
}

#[test]
fn a_stream_ending_mid_frame_keeps_the_start_and_yields_nothing() {
    let full = wire(1);
    let mut c = codec();
    let mut buf = BytesMut::from(&full[..full.len() - 1]);
    assert!(c.decode(&mut buf).expect("ok").is_none());
    assert_eq!(buf.len(), full.len() - 1, "kept for more bytes");
    let drained = drain(&mut codec(), &full[..20]);
    assert!(drained.messages.is_empty() && drained.skipped.is_empty());
    assert!(drained.closed.is_none());
    assert_eq!(drained.rest.len(), 20);
}
