//! Property tests: mutated corpus frames keep the codec contract, and the
//! stuffing round-trips.

use proptest::prelude::*;

use bytes::BytesMut;

use crate::fuzzing::feed_stream;

use super::super::framing;
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
        let frames: Vec<Vec<u8>> = (0..11).map(wire).collect();
        let mutated = crate::test_support::mutate(&frames, pick, edits, cut);
        let mut data = vec![chunk];
        data.extend_from_slice(&mutated);
        data.extend_from_slice(&frames[3]);
        feed_stream(crate::mxt::PROTOCOL, &data);
    }

    #[test]
    fn any_content_is_stuffed_and_cut_back(content in prop::collection::vec(any::<u8>(), 1..80)) {
        let on_wire = framing::wire(&content);
        prop_assert_eq!(on_wire[0], framing::START);
        prop_assert_eq!(on_wire[on_wire.len() - 1], framing::END);
        prop_assert!(!on_wire[1..on_wire.len() - 1].iter().any(|&b| b == framing::START || b == framing::END));
        let mut buf = BytesMut::from(&on_wire[..]);
        let cut = framing::cut(&mut buf, 1024).expect("ok").expect("a frame");
        prop_assert_eq!(&cut[..], &content[..]);
        prop_assert!(buf.is_empty());
    }
}
