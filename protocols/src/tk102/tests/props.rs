//! Property tests: mutated corpus frames keep the codec contract.

use proptest::prelude::*;

use crate::fuzzing::feed_stream;

use super::frame;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn mutated_corpus_frames_keep_the_contract(
        pick in any::<prop::sample::Index>(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
        cut in any::<prop::sample::Index>(),
    ) {
        let frames: Vec<Vec<u8>> = (0..12).map(frame).collect();
        let mutated = crate::test_support::mutate(&frames, pick, edits, cut);
        // A login first (its `[` also picks the chunk size), so reports are read.
        let mut data = frames[0].clone();
        data.extend_from_slice(&mutated);
        data.extend_from_slice(&frames[2]);
        feed_stream(crate::tk102::PROTOCOL, &data);
    }
}
