//! The datagram answer, byte for byte; TCP messages get none.

use crate::codec::DatagramCodec;
use crate::message::Message;
use crate::test_support::drain;

use super::{codec, datagram, datagrams, message};

fn answer(bytes: &[u8]) -> Option<String> {
    match datagrams()
        .decode_datagram(bytes)
        .expect("decodes")
        .as_slice()
    {
        [Message::Records { ack, .. }] => ack
            .as_ref()
            .map(|a| String::from_utf8(a.to_vec()).expect("text")),
        other => panic!("{other:?}"),
    }
}

#[test]
fn datagrams_are_answered_with_their_event_and_last_field() {
    let old = datagram("testDecodeOld", 0);
    assert_eq!(answer(&old).as_deref(), Some("!UDP_ACK,6001,2"));
    let details = datagram("testDecodeCustom", 0);
    assert_eq!(answer(&details).as_deref(), Some("!UDP_ACK,6115,000"));
    // Without its `##`, the same answer shape.
    let bare = datagram("testDecodeNew", 4);
    assert_eq!(answer(&bare).as_deref(), Some("!UDP_ACK,6031,82.3"));
}

#[test]
fn tcp_messages_get_no_answer() {
    let stream = [message("testDecodeOld", 0), message("testDecodeNew", 0)].concat();
    let drained = drain(&mut codec(), &stream);
    assert_eq!(drained.messages.len(), 2);
    assert!(
        drained
            .messages
            .iter()
            .all(|m| matches!(m, Message::Records { ack: None, .. }))
    );
}

#[test]
fn unreadable_datagrams_are_refused() {
    assert!(datagrams().decode_datagram(b"hello").is_err());
    assert!(datagrams().decode_datagram(b"$$12x,4001##").is_err());
}
