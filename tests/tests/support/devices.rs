//! Corpus messages sent to the running gateway over a protocol's real
//! transport: what the codec expects of them, the exact answers, and the
//! last fix read back through the User API.

use std::io::{Read, Write};
use std::net::{TcpStream, UdpSocket};
use std::time::Duration;

use bytes::BytesMut;
use trackgate_protocols::datetime::civil;
use trackgate_protocols::{FixSource, Limits, Message, Protocol, Record};

/// What the codec makes of `frames`: the device and the newest valid fix
/// (by fix time, as the gateway keeps its last point).
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
                // The gateway's last point is the newest by fix time, in
                // whatever order the frames came.
                fix = records
                    .into_iter()
                    .filter(|r| r.valid && r.source == FixSource::Gnss)
                    .chain(fix)
                    .max_by_key(|r| r.fix_time_ms);
            }
        }
    }
    (
        device.expect("frames name a device"),
        fix.expect("a valid fix"),
    )
}

/// `ms` as the User API writes times: `YYYY-MM-DD hh:mm:ss` (UTC).
pub fn time_text(ms: i64) -> String {
    let (y, mo, d, h, mi, s) = civil(ms);
    format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}")
}

/// Sends `frames` over TCP to a fresh gateway, each followed by its exact
/// answer (if any), and checks the last valid fix comes back through the
/// User API.
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

/// Sends each datagram of `datagrams` to a fresh gateway's UDP socket for
/// `protocol`, reads its exact answer (if any), and checks the last valid
/// fix the protocol's datagram codec reads from them comes back through
/// the User API. The datagrams name one device.
pub fn over_udp(protocol: Protocol, datagrams: &[(Vec<u8>, Option<Vec<u8>>)]) {
    let codec = protocol.datagram_codec().expect("a UDP protocol");
    let (mut device, mut fix) = (None, None::<Record>);
    for (datagram, _) in datagrams {
        for message in codec.decode_datagram(datagram).expect("decodes") {
            device = message.device().map(|d| d.0.clone()).or(device);
            if let Message::Records { records, .. } = message {
                fix = records
                    .into_iter()
                    .filter(|r| r.valid && r.source == FixSource::Gnss)
                    .chain(fix)
                    .max_by_key(|r| r.fix_time_ms);
            }
        }
    }
    let (device, fix) = (device.expect("a device"), fix.expect("a valid fix"));
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = super::start(dir.path(), |_| {});
    let email = format!("{}-udp@example.com", protocol.name());
    let (key, tracker) = gateway.provision(&email, "s3cret-pass", &device);
    let socket = UdpSocket::bind("127.0.0.1:0").expect("bind");
    socket
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    let target = gateway.udp_device(protocol);
    for (datagram, answer) in datagrams {
        socket.send_to(datagram, target).expect("send");
        if let Some(answer) = answer {
            let mut got = [0u8; 1500];
            let (len, _) = socket.recv_from(&mut got).expect("an answer");
            assert_eq!(&got[..len], &answer[..], "{}", protocol.name());
        }
    }
    let last = gateway.wait_last_point(&key, tracker, &time_text(fix.fix_time_ms));
    assert!((last["value"]["lat"].as_f64().expect("lat") - fix.latitude).abs() < 1e-6);
    assert!((last["value"]["lng"].as_f64().expect("lng") - fix.longitude).abs() < 1e-6);
}
