//! Property tests: mutated corpus packets keep the codec contract.

use proptest::prelude::*;

use crate::fuzzing::feed_stream;

use super::packet;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn mutated_corpus_packets_keep_the_contract(
        pick in any::<prop::sample::Index>(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
        cut in any::<prop::sample::Index>(),
    ) {
        let packets: Vec<Vec<u8>> = (0..18).map(packet).collect();
        let mutated = crate::test_support::mutate(&packets, pick, edits, cut);
        let mut data = mutated;
        data.extend_from_slice(&packets[2]);
        feed_stream(crate::tramigo::PROTOCOL, &data);
    }
}
