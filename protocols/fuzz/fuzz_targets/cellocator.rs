#![no_main]

use trackgate_protocols::fuzzing::{feed_datagram, feed_stream};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    feed_stream(trackgate_protocols::cellocator::PROTOCOL, data);
    feed_datagram(trackgate_protocols::cellocator::PROTOCOL, data);
});
