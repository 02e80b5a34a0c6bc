//! Tests for the Eelink codecs.
//!
//! - `commands`: exact bytes of instructions, and answers naming them.
//! - `corpus`: every Eelink sample of the device corpus, replayed in order.
//! - `framing`: framer edge cases and refusals.
//! - `replies`: exact bytes of every answer.
//! - `props`: property tests (mutated corpus packets, encode/decode).
//! - `udp`: the `EL` envelope.

mod commands;
mod corpus;
mod framing;
mod props;
mod replies;
mod udp;

use bytes::BytesMut;

use crate::codec::Limits;
use crate::message::Message;

use super::EelinkCodec;
use super::EelinkDatagram;

/// 2024-03-01 12:00:00 UTC: the clock tests run with.
pub(super) const NOW_MS: i64 = 1_709_294_400_000;

/// The IMEI of the corpus's first TCP login (#13).
pub(super) const IMEI: &str = "352544071750518";

pub(super) use crate::test_support::unhex;

/// A stream codec whose clock is stopped at [`NOW_MS`].
pub(super) fn codec() -> EelinkCodec {
    EelinkCodec::with_clock(Limits::default(), || NOW_MS)
}

/// A datagram codec whose clock is stopped at [`NOW_MS`].
pub(super) fn datagram() -> EelinkDatagram {
    EelinkDatagram::with_clock(|| NOW_MS)
}

/// Every message the codec cuts from `bytes`, and what stays buffered.
pub(super) fn decode_all(codec: &mut EelinkCodec, bytes: &[u8]) -> (Vec<Message>, BytesMut) {
    let drained = crate::test_support::drain(codec, bytes);
    assert!(
        drained.closed.is_none(),
        "a well-formed stream: {drained:?}"
    );
    (drained.messages, drained.rest)
}

/// A codec that has seen the corpus's login #13.
pub(super) fn logged_in() -> EelinkCodec {
    let mut c = codec();
    let (messages, _) = decode_all(&mut c, &unhex("676701000c007b03525440717505180104"));
    assert!(
        matches!(messages.as_slice(), [Message::Login { device, .. }] if device.as_str() == IMEI)
    );
    c
}
