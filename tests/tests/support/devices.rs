//! Sending corpus messages over a protocol's real transport and reading
//! the fix back: what the device test files share.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use bytes::BytesMut;
use trackgate_protocols::datetime::civil;
use trackgate_protocols::{FixSource, Limits, Message, Protocol, Record};

/// What the codec makes of `frames`: the device and the last valid fix.
pub fn expected(protocol: Protocol, frames: &[Vec<u8>]) -> (String, Record) {
    let mut codec = protocol
        .stream_codec(Limits::default())
        .expect("a TCP protocol");
    let (mut device, mut fix) = (None, None);
    for frame in frames {
        let mut buf = BytesMut::from(&frame[..]);
        while let Some(message) = codec.decode(&mut buf).expect("decodes") {
            if let Some(d) = message.device() {
                device = Some(d.0.clone());
            }
            if let Message::Records { records, .. } = message {
                fix = records
                    .into_iter()
                    .filter(|r| r.valid && r.source == FixSource::Gnss)
                    .max_by_key(|r| r.fix_time_ms)
                    .or(fix);
            }
        }
    }
    (
        device.expect("frames name a device"),
        fix.expect("a valid fix"),
    )
}

/// `ms` as the User API writes times: `YYYY-MM-DD HH:MM:SS`, UTC.
pub fn time_text(ms: i64) -> String {
    let (y, mo, d, h, mi, s) = civil(ms);
    format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}")
}

/// Sends `frames` over TCP, each followed by its exact answer (if any),
/// and checks the fix comes back.
pub fn over_tcp(protocol: Protocol, frames: &[(Vec<u8>, Option<Vec<u8>>)]) {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = super::start(dir.path(), |_| {});
    let bytes: Vec<Vec<u8>> = frames.iter().map(|(f, _)| f.clone()).collect();
    let (device, fix) = expected(protocol, &bytes);
    let email = format!("{}@example.com", protocol.name());
    let (key, tracker) = gateway.provision(&email, "s3cret-pass", &device);
    let mut stream = TcpStream::connect(gateway.device(protocol)).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    for (frame, answer) in frames {
        stream.write_all(frame).expect("send");
        if let Some(answer) = answer {
            let mut got = vec![0u8; answer.len()];
            stream.read_exact(&mut got).expect("the answer");
            assert_eq!(&got, answer, "{}", protocol.name());
        }
    }
    let last = gateway.wait_last_point(&key, tracker, &time_text(fix.fix_time_ms));
    assert!((last["value"]["lat"].as_f64().expect("lat") - fix.latitude).abs() < 1e-6);
    assert!((last["value"]["lng"].as_f64().expect("lng") - fix.longitude).abs() < 1e-6);
}
