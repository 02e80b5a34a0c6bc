//! Property tests: random and mutated requests never panic.

use proptest::prelude::*;

use crate::codec::{HttpCodec, HttpRequest};
use crate::fuzzing::feed_http;

use super::codec;

fn corpus_bodies() -> Vec<(String, String)> {
    crate::test_support::corpus("osmand")
        .iter()
        .map(|s| {
            let http = &s["http"];
            (
                http["uri"].as_str().unwrap_or("/").to_owned(),
                http["body"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn random_requests_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        feed_http(crate::osmand::PROTOCOL, &bytes);
    }

    #[test]
    fn mutated_corpus_requests_never_panic(
        pick in any::<prop::sample::Index>(),
        at in any::<prop::sample::Index>(),
        byte in any::<u8>(),
    ) {
        let samples = corpus_bodies();
        let (uri, body) = &samples[pick.index(samples.len())];
        let mut uri = uri.clone().into_bytes();
        let mut body = body.clone().into_bytes();
        if !body.is_empty() {
            let i = at.index(body.len());
            body[i] = byte;
        }
        let i = at.index(uri.len());
        uri[i] = byte;
        let target = String::from_utf8_lossy(&uri).into_owned();
        for content_type in [None, Some("application/json")] {
            let _ = codec().decode_request(&HttpRequest {
                method: "POST",
                target: &target,
                content_type,
                body: &body,
            });
        }
    }
}
