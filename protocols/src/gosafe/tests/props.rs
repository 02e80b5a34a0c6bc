//! Property tests: mutated corpus messages keep the codec contract over
//! TCP and UDP.

use proptest::prelude::*;

use crate::fuzzing::{feed_datagram, feed_stream};

use super::message;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn mutated_corpus_messages_keep_the_contract(
        pick in any::<prop::sample::Index>(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
        cut in any::<prop::sample::Index>(),
    ) {
        let frames: Vec<Vec<u8>> = (0..30).map(message).collect();
        let mutated = crate::test_support::mutate(&frames, pick, edits, cut);
        feed_datagram(crate::gosafe::PROTOCOL, &mutated);
        let mut data = frames[8].clone();
        data.extend_from_slice(&mutated);
        data.extend_from_slice(&frames[2]);
        feed_stream(crate::gosafe::PROTOCOL, &data);
    }
}
