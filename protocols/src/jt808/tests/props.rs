//! Property tests: mutated corpus frames and random bytes keep the codec
//! contract, and BCD times convert back and forth exactly.

use proptest::prelude::*;

use crate::fuzzing::feed_stream;

use super::super::location::{bcd_time, civil_from_ms};
use super::wire;

fn corpus_frames() -> Vec<Vec<u8>> {
    crate::test_support::binary_payloads("jt808")
        .into_iter()
        .filter(|payload| payload.first() == Some(&0x7E))
        .map(|payload| wire(&payload))
        .collect()
}

fn to_bcd(n: u8) -> u8 {
    (n / 10) << 4 | (n % 10)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn mutated_corpus_frames_keep_the_contract(
        pick in any::<prop::sample::Index>(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
        cut in any::<prop::sample::Index>(),
        chunk in any::<u8>(),
    ) {
        let frames = corpus_frames();
        let frame = crate::test_support::mutate(&frames, pick, edits, cut);
        // The first byte picks the chunk size the driver feeds.
        let mut data = vec![chunk];
        data.extend_from_slice(&frame);
        data.extend_from_slice(&frames[0]);
        feed_stream(crate::jt808::PROTOCOL, &data);
    }

    #[test]
    fn random_bytes_keep_the_contract(data in prop::collection::vec(any::<u8>(), 0..1024)) {
        feed_stream(crate::jt808::PROTOCOL, &data);
    }

    #[test]
    fn bcd_times_round_trip(secs in 946_684_800i64..4_102_444_800) {
        // The wire time is Beijing time: UTC + 8 h.
        let (y, mo, d, h, mi, s) = civil_from_ms((secs + 8 * 3600) * 1000);
        let bytes = [to_bcd((y - 2000) as u8), to_bcd(mo), to_bcd(d), to_bcd(h), to_bcd(mi), to_bcd(s)];
        prop_assert_eq!(bcd_time(&bytes).expect("valid"), secs * 1000);
    }
}
