//! Tests for the JT/T 808 codec.
//!
//! - `corpus`: every JT/T 808 sample of the device corpus, replayed in order.
//! - `extensions`: manufacturer messages and items, model layouts, e-lock
//!   sentences.
//! - `named`: Traccar attribute names as our named values.
//! - `framing`: escaping, partial and joined frames, damaged frames, limits.
//! - `replies`: exact bytes of every reply.
//! - `commands`: commands to terminals and the answers naming them.
//! - `props`: property tests (mutated corpus frames, random input).

mod commands;
mod corpus;
mod extensions;
mod framing;
mod named;
mod props;
mod replies;

use bytes::BytesMut;

use crate::codec::{DeviceCodec, Limits};
use crate::message::Message;

use super::Jt808Codec;

pub(super) use crate::test_support::unhex;

/// A fixed clock: 2024-01-02T03:04:05Z.
pub(super) fn fixed_clock() -> i64 {
    1_704_164_645_000
}

pub(super) fn codec() -> Jt808Codec {
    Jt808Codec::with_clock(Limits::default(), fixed_clock)
}

/// The wire form of a corpus payload: the corpus holds frames already
/// de-escaped (`7E` + content + `7E`), so the content is escaped again.
pub(super) fn wire(payload: &[u8]) -> Vec<u8> {
    let inner = payload
        .get(1..payload.len().saturating_sub(1))
        .expect("a flagged frame");
    super::framing::escaping(usize::MAX).escape(inner).to_vec()
}

/// Decodes one whole wire frame and checks it was consumed exactly.
pub(super) fn decode_one(codec: &mut Jt808Codec, bytes: &[u8]) -> Option<Message> {
    let mut buf = BytesMut::from(bytes);
    let message = codec.decode(&mut buf).expect("the stream stays usable");
    assert!(buf.is_empty(), "{} bytes left after the frame", buf.len());
    message
}

/// The corpus's generic plausibility check, applied to every position it
/// asks to check: Traccar's bounds, with its 869-knot speed limit in km/h.
pub(super) fn assert_plausible(record: &crate::record::Record) {
    crate::test_support::assert_plausible(record);
}
