//! Property tests: mutated corpus frames keep the codec contract.

use proptest::prelude::*;

use crate::fuzzing::feed_stream;

use super::wire;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn mutated_corpus_frames_keep_the_contract(
        pick in any::<prop::sample::Index>(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
        cut in any::<prop::sample::Index>(),
        chunk in any::<u8>(),
    ) {
        let frames: Vec<Vec<u8>> = (0..41).map(wire).collect();
        let mutated = crate::test_support::mutate(&frames, pick, edits, cut);
        let mut data = vec![chunk];
        data.extend_from_slice(&mutated);
        data.extend_from_slice(&frames[30]);
        feed_stream(crate::jt600::PROTOCOL, &data);
    }
}
