//! Property tests: mutated corpus messages keep the codec contract over
//! TCP and UDP.

use proptest::prelude::*;

use crate::fuzzing::{feed_datagram, feed_stream};

use super::sample;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn mutated_corpus_messages_keep_the_contract(
        pick in any::<prop::sample::Index>(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
        cut in any::<prop::sample::Index>(),
        chunk in any::<u8>(),
    ) {
        let samples: Vec<Vec<u8>> = (0..5).map(sample).collect();
        let mutated = crate::test_support::mutate(&samples, pick, edits, cut);
        feed_datagram(crate::enfora::PROTOCOL, &mutated);
        let mut data = vec![chunk];
        data.extend_from_slice(&mutated);
        data.extend_from_slice(&samples[2]);
        feed_stream(crate::enfora::PROTOCOL, &data);
    }
}
