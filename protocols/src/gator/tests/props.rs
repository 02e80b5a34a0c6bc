//! Property tests: mutated corpus packets keep the codec contract, over
//! TCP and UDP.

use proptest::prelude::*;

use crate::fuzzing::{feed_datagram, feed_stream};

use super::packet;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn mutated_corpus_packets_keep_the_contract(
        pick in any::<prop::sample::Index>(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
        cut in any::<prop::sample::Index>(),
        chunk in any::<u8>(),
    ) {
        let packets: Vec<Vec<u8>> = (0..11).map(packet).collect();
        let mutated = crate::test_support::mutate(&packets, pick, edits, cut);
        feed_datagram(crate::gator::PROTOCOL, &mutated);
        let mut data = vec![chunk];
        data.extend_from_slice(&mutated);
        data.extend_from_slice(&packets[7]);
        feed_stream(crate::gator::PROTOCOL, &data);
    }
}
