//! Tests for the GoSafe codecs.
//!
//! - `corpus`: every GoSafe sample of the device corpus, replayed in order.
//! - `framing`: message edge cases, and what is skipped or closes the stream.
//! - `replies`: the answer, byte for byte, over TCP and UDP.
//! - `props`: property tests (mutated corpus messages, over TCP and UDP).

mod corpus;
mod framing;
mod props;
mod replies;

use serde_json::Value as Json;

use crate::codec::Limits;

use super::{GoSafeCodec, GoSafeDatagram};

/// 2024-03-01 12:00:00 UTC: the clock tests run with.
pub(super) const NOW_MS: i64 = 1_709_294_400_000;

/// A stream codec whose clock is stopped at [`NOW_MS`].
pub(super) fn codec() -> GoSafeCodec {
    GoSafeCodec::with_clock(Limits::default(), || NOW_MS)
}

/// A datagram codec whose clock is stopped at [`NOW_MS`].
pub(super) fn datagrams() -> GoSafeDatagram {
    GoSafeDatagram::with_clock(|| NOW_MS)
}

/// The decoder samples (not the frame-splitting ones), in `seq.index` order.
pub(super) fn samples() -> Vec<Json> {
    let mut list: Vec<Json> = crate::test_support::corpus("gosafe")
        .into_iter()
        .filter(|s| s["assert"] != "frame")
        .collect();
    list.sort_by_key(|s| s["seq"]["index"].as_u64().expect("index"));
    list
}

/// The frame-splitting samples: each chunk and the frame expected from it.
pub(super) fn frame_samples() -> Vec<(Vec<u8>, Vec<u8>)> {
    crate::test_support::corpus("gosafe")
        .into_iter()
        .filter(|s| s["assert"] == "frame")
        .map(|s| {
            (
                crate::test_support::unhex(s["payload"].as_str().expect("hex")),
                crate::test_support::unhex(s["expected"]["frame"].as_str().expect("hex")),
            )
        })
        .collect()
}

/// Decoder sample `index` as sent in a datagram: its text as it is (the
/// binary one stuffed).
pub(super) fn datagram(index: usize) -> Vec<u8> {
    let sample = &samples()[index];
    let payload = sample["payload"].as_str().expect("payload");
    if sample["kind"] == "binary" {
        let bytes = crate::test_support::unhex(payload);
        let content = &bytes[1..bytes.len() - 1];
        super::framing::escaping(usize::MAX)
            .escape(content)
            .to_vec()
    } else {
        payload.as_bytes().to_vec()
    }
}

/// Decoder sample `index` as sent over TCP: ended by `#` (which eight text
/// samples lost).
pub(super) fn message(index: usize) -> Vec<u8> {
    let bytes = datagram(index);
    if bytes[0] == b'*' && !bytes.ends_with(b"#") {
        [&bytes[..], b"#"].concat()
    } else {
        bytes
    }
}
