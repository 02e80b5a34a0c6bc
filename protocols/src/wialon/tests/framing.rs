//! Line framing: partial lines, several lines per read, limits, garbage.

use bytes::BytesMut;

use crate::codec::{DecodeError, DeviceCodec, Limits};
use crate::message::Message;

use super::super::WialonCodec;
use super::{LOGIN, logged_in};

#[test]
fn a_line_split_across_reads_waits_for_its_end() {
    let mut codec = WialonCodec::new(Limits::default());
    let mut buf = BytesMut::new();
    let (head, tail) = LOGIN.split_at(10);
    buf.extend_from_slice(head.as_bytes());
    assert!(codec.decode(&mut buf).expect("ok").is_none());
    buf.extend_from_slice(tail.as_bytes());
    assert!(matches!(
        codec.decode(&mut buf),
        Ok(Some(Message::Login { .. }))
    ));
    assert!(buf.is_empty());
}

#[test]
fn two_lines_in_one_read_come_out_in_order() {
    let mut codec = logged_in();
    let mut buf = BytesMut::from(&b"#P#\r\n#SD#NA;NA;NA;NA;NA;NA;NA;NA;NA;NA\r\n#P"[..]);
    assert!(matches!(
        codec.decode(&mut buf),
        Ok(Some(Message::Heartbeat { .. }))
    ));
    assert!(matches!(
        codec.decode(&mut buf),
        Ok(Some(Message::Records { .. }))
    ));
    assert!(codec.decode(&mut buf).expect("ok").is_none());
    assert_eq!(&buf[..], b"#P");
}

#[test]
fn an_endless_line_is_refused_at_the_limit() {
    let mut codec = WialonCodec::new(Limits { max_frame_len: 64 });
    let mut buf = BytesMut::from(&[b'#'; 80][..]);
    assert!(matches!(
        codec.decode(&mut buf),
        Err(DecodeError::Oversize { .. })
    ));
}

#[test]
fn lines_that_are_not_packets_are_malformed() {
    for line in [
        "garbage\r\n",
        "#L\r\n",
        "#L#a;b;c\r\n",
        "3.0;1#P#\r\n",
        "#L#;x\r\n",
    ] {
        let mut buf = BytesMut::from(line.as_bytes());
        let result = WialonCodec::new(Limits::default())
            .decode(&mut buf)
            .map_err(DecodeError::into_cause);
        assert!(
            matches!(
                result,
                Err(DecodeError::Malformed(_) | DecodeError::Unsupported(_))
            ),
            "{line}: {result:?}"
        );
    }
}
