//! Tests for the H02 codec.
//!
//! - `corpus`: every H02 sample of the device corpus, replayed in order.
//! - `framing`: framer edge cases.
//! - `replies`: exact bytes of every reply.
//! - `commands`: commands to devices and the confirmations naming them.
//! - `props`: property tests (sentence round trips).

mod commands;
mod corpus;
mod framing;
mod props;
mod replies;

use bytes::BytesMut;

use crate::codec::{DecodeError, DeviceCodec, Limits};
use crate::message::Message;
use crate::record::Record;

use super::H02Codec;

/// The server time the tests run at: 2024-06-01 12:00:00 UTC.
pub(super) const NOW_MS: i64 = 1_717_243_200_000;

pub(super) fn fixed_clock() -> i64 {
    NOW_MS
}

/// A codec on the fixed clock.
pub(super) fn codec() -> H02Codec {
    H02Codec::with_clock(Limits::default(), fixed_clock)
}

pub(super) use crate::test_support::unhex;

/// Decodes one whole frame and checks it was consumed (trailing CR LF aside).
pub(super) fn decode_one(codec: &mut H02Codec, bytes: &[u8]) -> Result<Message, DecodeError> {
    let mut buf = BytesMut::from(bytes);
    let message = codec.decode(&mut buf)?.expect("a whole frame");
    assert!(
        buf.iter().all(|b| matches!(b, b'\r' | b'\n')),
        "{} bytes left after the frame",
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

/// The plausibility bounds Traccar's tests apply, with its 869-knot speed
/// limit in km/h.
pub(super) fn assert_plausible(record: &Record) {
    crate::test_support::assert_plausible(record);
}
