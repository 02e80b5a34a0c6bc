//! Tests for the PT502 codec.
//!
//! - `corpus`: every PT502 decoder sample of the device corpus, replayed
//!   in order.
//! - `framing`: the corpus's frame-splitting samples, line and photo frame
//!   edge cases, and what is skipped or closes the stream.
//! - `replies`: nothing is answered, photo announcements included.
//! - `props`: property tests (mutated corpus lines and frames).

mod corpus;
mod framing;
mod props;
mod replies;

use serde_json::Value as Json;

use crate::codec::Limits;

use super::Pt502Codec;

/// 2024-03-01 12:00:00 UTC: the clock tests run with.
pub(super) const NOW_MS: i64 = 1_709_294_400_000;

/// A codec whose clock is stopped at [`NOW_MS`].
pub(super) fn codec() -> Pt502Codec {
    Pt502Codec::with_clock(Limits::default(), || NOW_MS)
}

/// The samples of one kind, `decoder` or frame-splitting, in `seq.index`
/// order.
pub(super) fn samples(decoder: bool) -> Vec<Json> {
    let mut list: Vec<Json> = crate::test_support::corpus("pt502")
        .into_iter()
        .filter(|s| (s["assert"] != "frame") == decoder)
        .collect();
    list.sort_by_key(|s| s["seq"]["index"].as_u64().expect("index"));
    list
}

/// Decoder sample `index` as a device sends it: a text line with CR LF,
/// or the photo chunk in its binary frame.
pub(super) fn wire(index: usize) -> Vec<u8> {
    let sample = &samples(true)[index];
    let payload = sample["payload"].as_str().expect("payload");
    if sample["kind"] == "binary" {
        let data = crate::test_support::unhex(payload);
        return super::framing::photo_frame(&data).to_vec();
    }
    format!("{payload}\r\n").into_bytes()
}
