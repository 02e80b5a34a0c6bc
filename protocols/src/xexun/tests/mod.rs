//! Tests for the Xexun codec.
//!
//! - `corpus`: every Xexun sample of the device corpus, replayed in order.
//! - `framing`: the two forms, line ends, resync and the frame limit.
//! - `replies`: Xexun is never answered.
//! - `props`: property tests (report round trips).

mod corpus;
mod framing;
mod props;
mod replies;

use bytes::BytesMut;

use crate::codec::{DecodeError, DeviceCodec, Limits};
use crate::message::Message;
use crate::record::{IoKey, IoValue, Record};

use super::XexunCodec;

/// The server time the tests run at: 2024-06-01 12:00:00 UTC.
pub(super) const NOW_MS: i64 = 1_717_243_200_000;

fn fixed_clock() -> i64 {
    NOW_MS
}

/// A codec on the fixed clock.
pub(super) fn codec() -> XexunCodec {
    XexunCodec::with_clock(Limits::default(), fixed_clock)
}

/// Decodes one whole report and checks it was consumed.
pub(super) fn decode_one(codec: &mut XexunCodec, bytes: &[u8]) -> Result<Message, DecodeError> {
    let mut buf = BytesMut::from(bytes);
    let message = codec.decode(&mut buf)?.expect("a whole report");
    assert!(
        buf.iter().all(|b| matches!(b, b'\r' | b'\n')),
        "{} bytes left after the report",
        buf.len()
    );
    Ok(message)
}

/// The single record of a message.
pub(super) fn only_record(message: &Message) -> &Record {
    match message {
        Message::Records { records, .. } if records.len() == 1 => &records[0],
        other => panic!("expected one record, got {other:?}"),
    }
}

/// The raw text field `name` of a record.
pub(super) fn raw<'a>(record: &'a Record, name: &str) -> Option<&'a str> {
    record.io.iter().find_map(|e| match (&e.key, &e.value) {
        (IoKey::Name(n), IoValue::Text(t)) if n == name => Some(t.as_str()),
        _ => None,
    })
}
