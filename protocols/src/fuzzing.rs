//! Drives a codec with arbitrary input and checks the contract every codec
//! keeps, whatever the bytes: no panic, no endless loop, every frame
//! consumes input, and nothing is buffered beyond the frame limit.
//!
//! Used by the `cargo fuzz` targets in `protocols/fuzz/` and by each
//! protocol's bounded property tests in the normal test run.

use bytes::BytesMut;

use crate::codec::Limits;
use crate::spec::Protocol;

/// Frame limit the checks run with: small, so limit handling is exercised.
pub const FUZZ_MAX_FRAME: usize = 4096;

/// Feeds `data` to a fresh stream codec of `protocol`, in chunks whose size
/// the first byte picks, until the codec fails or the data runs out.
///
/// Panics if the codec breaks its contract.
pub fn feed_stream(protocol: Protocol, data: &[u8]) {
    let limits = Limits {
        max_frame_len: FUZZ_MAX_FRAME,
    };
    let Some(mut codec) = protocol.stream_codec(limits) else {
        return;
    };
    let chunk = data.first().map_or(1, |b| usize::from(*b % 64) + 1);
    let mut buf = BytesMut::new();
    for piece in data.chunks(chunk) {
        buf.extend_from_slice(piece);
        // A codec may cut at most one frame per byte it was given.
        for _ in 0..=buf.len() {
            let before = buf.len();
            match codec.decode(&mut buf) {
                Ok(Some(_)) => assert!(
                    buf.len() < before,
                    "{}: a frame consumed no input",
                    protocol.name()
                ),
                Ok(None) => break,
                // A skipped frame is consumed whole and the stream goes on.
                Err(error) if error.can_resume() => assert!(
                    buf.len() < before,
                    "{}: a skipped frame consumed no input",
                    protocol.name()
                ),
                Err(_) => return,
            }
        }
        assert!(
            buf.len() <= FUZZ_MAX_FRAME + chunk,
            "{}: buffered {} bytes past the {}-byte frame limit",
            protocol.name(),
            buf.len(),
            FUZZ_MAX_FRAME
        );
    }
}

/// Feeds `data` as the body of a POST and, as text, as the query of a GET
/// to `protocol`'s HTTP codec, if it has one.
pub fn feed_http(protocol: Protocol, data: &[u8]) {
    if let Some(codec) = protocol.http_codec() {
        let post = crate::codec::HttpRequest {
            method: "POST",
            target: "/",
            content_type: Some("application/json"),
            body: data,
        };
        let _ = codec.decode_request(&post);
        let _ = codec.refusal_status(&post);
        let target = format!("/?{}", String::from_utf8_lossy(data));
        let get = crate::codec::HttpRequest {
            method: "GET",
            target: &target,
            content_type: None,
            body: &[],
        };
        let _ = codec.decode_request(&get);
    }
}

/// Feeds `data` as one datagram to `protocol`'s datagram codec, if it has one.
pub fn feed_datagram(protocol: Protocol, data: &[u8]) {
    if let Some(codec) = protocol.datagram_codec() {
        let _ = codec.decode_datagram(data);
    }
}

#[cfg(test)]
mod tests {
    use proptest::collection::vec;
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// Every protocol's codecs, current and future, keep the contract on random input.
        #[test]
        fn every_codec_survives_random_input(data in vec(any::<u8>(), 0..2048)) {
            for protocol in crate::catalogue::ALL {
                feed_stream(*protocol, &data);
                feed_datagram(*protocol, &data);
                feed_http(*protocol, &data);
            }
        }

        /// Every protocol's codecs keep the contract on streams of their own
        /// corpus frames, overwritten in places and cut short: input that
        /// gets past the first checks, which random bytes rarely do. The
        /// stream starts with the corpus's first sample (a login, where
        /// the protocol has one) and its first byte sets the chunk size.
        #[test]
        fn every_codec_survives_its_mutated_corpus(
            chunk in any::<u8>(),
            picks in vec(any::<prop::sample::Index>(), 1..4),
            edits in vec((any::<prop::sample::Index>(), any::<u8>()), 0..8),
            cut in any::<prop::sample::Index>(),
        ) {
            for protocol in crate::catalogue::ALL {
                let frames = crate::test_support::wire_samples(*protocol);
                let mut stream = vec![chunk];
                stream.extend_from_slice(&frames[0]);
                for pick in &picks {
                    stream.extend_from_slice(&frames[pick.index(frames.len())]);
                }
                for (at, byte) in &edits {
                    let i = at.index(stream.len());
                    stream[i] = *byte;
                }
                stream.truncate(cut.index(stream.len() + 1));
                feed_stream(*protocol, &stream);
                let one = crate::test_support::mutate(frames, picks[0], edits.clone(), cut);
                feed_datagram(*protocol, &one);
                feed_http(*protocol, &one);
            }
        }
    }
}
