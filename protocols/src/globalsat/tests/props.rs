//! Property tests: mutated corpus messages keep the codec contract.

use proptest::prelude::*;

use crate::fuzzing::feed_stream;

use super::message;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn mutated_corpus_messages_keep_the_contract(
        pick in any::<prop::sample::Index>(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
        cut in any::<prop::sample::Index>(),
        chunk in any::<u8>(),
    ) {
        let messages: Vec<Vec<u8>> = (0..12).map(message).collect();
        let mutated = crate::test_support::mutate(&messages, pick, edits, cut);
        let mut data = vec![chunk];
        data.extend_from_slice(&mutated);
        data.extend_from_slice(&messages[1]);
        feed_stream(crate::globalsat::PROTOCOL, &data);
    }
}
