#![no_main]

use trackgate_protocols::fuzzing::feed_stream;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    feed_stream(trackgate_protocols::jt600::PROTOCOL, data);
});
