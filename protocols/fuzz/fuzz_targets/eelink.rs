#![no_main]

use trackgate_protocols::Protocol;
use trackgate_protocols::fuzzing::{feed_datagram, feed_stream};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    feed_stream(Protocol::Eelink, data);
    feed_datagram(Protocol::Eelink, data);
});
