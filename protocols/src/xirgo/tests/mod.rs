//! Tests for the Xirgo codecs.
//!
//! - `corpus`: every Xirgo sample of the device corpus, replayed in order.
//! - `framing`: message edge cases, and what is skipped or closes the stream.
//! - `replies`: the datagram answer, byte for byte; TCP gets none.
//! - `props`: property tests (mutated corpus messages, over TCP and UDP).

mod corpus;
mod framing;
mod props;
mod replies;

use serde_json::Value as Json;

use crate::codec::Limits;

use super::{XirgoCodec, XirgoDatagram};

/// 2024-03-01 12:00:00 UTC: the clock tests run with.
pub(super) const NOW_MS: i64 = 1_709_294_400_000;

/// A stream codec whose clock is stopped at [`NOW_MS`].
pub(super) fn codec() -> XirgoCodec {
    XirgoCodec::with_clock(Limits::default(), || NOW_MS)
}

/// A datagram codec whose clock is stopped at [`NOW_MS`].
pub(super) fn datagrams() -> XirgoDatagram {
    XirgoDatagram::with_clock(|| NOW_MS)
}

/// The samples of test method `method`, in `seq.index` order.
pub(super) fn samples(method: &str) -> Vec<Json> {
    let mut list: Vec<Json> = crate::test_support::corpus("xirgo")
        .into_iter()
        .filter(|s| s["seq"]["method"] == method)
        .collect();
    list.sort_by_key(|s| s["seq"]["index"].as_u64().expect("index"));
    list
}

/// Sample `index` of `method` as sent in a datagram: its text as it is.
pub(super) fn datagram(method: &str, index: usize) -> Vec<u8> {
    samples(method)[index]["payload"]
        .as_str()
        .expect("text")
        .as_bytes()
        .to_vec()
}

/// Sample `index` of `method` as sent over TCP: ended by `##` (which two
/// samples lost).
pub(super) fn message(method: &str, index: usize) -> Vec<u8> {
    let text = datagram(method, index);
    if text.ends_with(b"##") {
        text
    } else {
        [&text[..], b"##"].concat()
    }
}
