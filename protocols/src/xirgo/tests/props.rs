//! Property tests: mutated corpus messages keep the codec contract over
//! TCP and UDP.

use proptest::prelude::*;

use crate::fuzzing::feed_stream;

use super::message;

fn corpus() -> Vec<Vec<u8>> {
    let methods = [
        ("testDecodeCustom", 4),
        ("testDecodeNew", 7),
        ("testDecodeOld", 4),
    ];
    methods
        .into_iter()
        .flat_map(|(method, count)| (0..count).map(move |i| message(method, i)))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn mutated_corpus_messages_keep_the_contract(
        pick in any::<prop::sample::Index>(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
        cut in any::<prop::sample::Index>(),
        chunk in any::<u8>(),
    ) {
        let messages = corpus();
        let mutated = crate::test_support::mutate(&messages, pick, edits, cut);
        crate::fuzzing::feed_datagram(crate::xirgo::PROTOCOL, &mutated);
        let mut data = vec![chunk];
        data.extend_from_slice(&mutated);
        data.extend_from_slice(&messages[5]);
        feed_stream(crate::xirgo::PROTOCOL, &data);
    }
}
