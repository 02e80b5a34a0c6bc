//! Tests for the GT06 codec.
//!
//! - `corpus`: every GT06 sample of the device corpus, replayed in order.
//! - `framing`: framer edge cases and the corpus's frame samples.
//! - `replies`: exact bytes of every reply.
//! - `commands`: exact bytes of commands, and answers naming them.
//! - `props`: property tests (encode/decode).

mod checks;
mod commands;
mod corpus;
mod framing;
mod props;
mod replies;

use bytes::BytesMut;

use crate::codec::Limits;
use crate::message::Message;
use crate::test_support::drain;

use super::Gt06Codec;

/// 2024-03-01 12:00:00 UTC: the clock tests run with.
pub(super) const NOW_MS: i64 = 1_709_294_400_000;

pub(super) use crate::test_support::unhex;

/// A codec whose clock is stopped at [`NOW_MS`].
pub(super) fn codec() -> Gt06Codec {
    Gt06Codec::with_clock(Limits::default(), || NOW_MS)
}

/// Every message the codec cuts from `bytes`, and what stays buffered.
pub(super) fn decode_all(codec: &mut Gt06Codec, bytes: &[u8]) -> (Vec<Message>, BytesMut) {
    let drained = drain(codec, bytes);
    assert!(
        drained.closed.is_none(),
        "the GT06 stream never closes: {drained:?}"
    );
    (drained.messages, drained.rest)
}

/// A codec that has seen the corpus's first login (IMEI 864717003283581).
pub(super) fn logged_in() -> Gt06Codec {
    let mut c = codec();
    let (messages, _) = decode_all(&mut c, &unhex("78780d01086471700328358100093f040d0a"));
    assert!(matches!(messages.as_slice(), [Message::Login { .. }]));
    c
}
