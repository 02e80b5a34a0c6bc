//! Property tests: mutated corpus packets keep the codec contract, and
//! packets built around any content are cut whole.

use proptest::prelude::*;

use crate::fuzzing::feed_stream;
use crate::test_support::drain;

use super::super::framing;
use super::{codec, packet};

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn mutated_corpus_packets_keep_the_contract(
        pick in any::<prop::sample::Index>(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
        cut in any::<prop::sample::Index>(),
        chunk in any::<u8>(),
    ) {
        let packets: Vec<Vec<u8>> = (0..18).map(packet).collect();
        let mutated = crate::test_support::mutate(&packets, pick, edits, cut);
        let mut data = vec![chunk];
        data.extend_from_slice(&mutated);
        data.extend_from_slice(&packets[13]);
        feed_stream(crate::tzone::PROTOCOL, &data);
    }

    #[test]
    fn any_content_in_a_built_packet_is_one_frame(content in prop::collection::vec(any::<u8>(), 24..300)) {
        let mut body = b"$$".to_vec();
        body.extend_from_slice(&content);
        let stream = [framing::packet(&body).to_vec(), packet(13)].concat();
        let drained = drain(&mut codec(), &stream);
        prop_assert!(drained.closed.is_none());
        prop_assert_eq!(drained.messages.len() + drained.skipped.len(), 2);
        prop_assert!(drained.rest.is_empty());
    }
}
