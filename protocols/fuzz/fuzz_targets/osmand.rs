#![no_main]

use trackgate_protocols::fuzzing::feed_http;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    feed_http(trackgate_protocols::osmand::PROTOCOL, data);
});
