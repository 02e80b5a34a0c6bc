//! Property tests: mutated corpus lines keep the codec contract.

use proptest::prelude::*;

use crate::fuzzing::feed_stream;

use super::line;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn mutated_corpus_lines_keep_the_contract(
        pick in any::<prop::sample::Index>(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
        cut in any::<prop::sample::Index>(),
        chunk in any::<u8>(),
    ) {
        let lines: Vec<Vec<u8>> = (0..37).map(line).collect();
        let mutated = crate::test_support::mutate(&lines, pick, edits, cut);
        let mut data = vec![chunk];
        data.extend_from_slice(&mutated);
        data.extend_from_slice(&lines[6]);
        feed_stream(crate::laipac::PROTOCOL, &data);
    }
}
