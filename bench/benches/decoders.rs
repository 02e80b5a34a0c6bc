//! Decoder micro-benchmarks: every TCP protocol's stream codec on its corpus.
//!
//! One benchmark per corpus frame the codec decodes whole, named
//! `<protocol>/<method#index>/<bytes>`. Criterion reports the time per
//! iteration, which is one frame, and with `Throughput::Bytes` the MiB/s.
//! The codec (and the login it needs, decoded first) and the input buffer
//! are set up outside the timed part; the decoded message is dropped outside
//! it too, so what is timed is framing plus decoding.
//!
//! `cargo bench -p trackgate-bench --bench decoders [-- FILTER]` runs them;
//! `cargo test --benches` runs each once, as a smoke test.

use std::time::Duration;

use bytes::BytesMut;
use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use trackgate_bench::corpus;
use trackgate_protocols::{Limits, Transport};

fn decoders(c: &mut Criterion) {
    let streamed = trackgate_protocols::catalogue::ALL
        .iter()
        .filter(|p| p.serves(Transport::Tcp));
    for &protocol in streamed {
        let frames = corpus::frames(protocol).expect("the protocol's corpus is readable");
        let mut group = c.benchmark_group(protocol.name());
        // Frames decode in micro- or nanoseconds: short windows are plenty.
        group
            .warm_up_time(Duration::from_millis(500))
            .measurement_time(Duration::from_secs(2));
        for frame in &frames {
            group.throughput(Throughput::Bytes(frame.bytes.len() as u64));
            let id = format!("{}/{}", frame.name, frame.bytes.len());
            group.bench_function(id, |b| {
                b.iter_batched(
                    || {
                        let mut codec = protocol
                            .stream_codec(Limits::default())
                            .expect("a TCP protocol has a stream codec");
                        if let Some(login) = &frame.login {
                            let mut buf = BytesMut::from(&login[..]);
                            let _ = codec.decode(&mut buf);
                        }
                        (codec, BytesMut::from(&frame.bytes[..]))
                    },
                    |(mut codec, mut buf)| {
                        let message = codec.decode(&mut buf).expect("decodes");
                        (message, codec, buf)
                    },
                    BatchSize::SmallInput,
                );
            });
        }
        group.finish();
    }
}

criterion_group!(benches, decoders);
criterion_main!(benches);
