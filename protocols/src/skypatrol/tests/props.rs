//! Property tests: mutated corpus messages keep the codec contract over
//! UDP and TCP.

use proptest::prelude::*;

use crate::fuzzing::{feed_datagram, feed_stream};

use super::{datagram, frame};

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn mutated_corpus_messages_keep_the_contract(
        pick in any::<prop::sample::Index>(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
        cut in any::<prop::sample::Index>(),
        chunk in any::<u8>(),
    ) {
        let datagrams: Vec<Vec<u8>> = (0..6).map(datagram).collect();
        let mutated = crate::test_support::mutate(&datagrams, pick, edits.clone(), cut);
        feed_datagram(crate::skypatrol::PROTOCOL, &mutated);
        let frames: Vec<Vec<u8>> = (0..6).map(frame).collect();
        let mut data = vec![chunk];
        data.extend_from_slice(&crate::test_support::mutate(&frames, pick, edits, cut));
        data.extend_from_slice(&frames[2]);
        feed_stream(crate::skypatrol::PROTOCOL, &data);
    }
}
