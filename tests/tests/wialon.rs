//! Wialon IPS devices against the running gateway: exact answers over a
//! real TCP connection, and the position read back through the User API.

use crate::support;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::time::Duration;

use serde_json::json;
use trackgate_protocols::wialon::encode;

/// A device connection that writes lines and reads answer lines.
struct Line {
    reader: BufReader<TcpStream>,
    writer: TcpStream,
}

impl Line {
    fn connect(addr: std::net::SocketAddr) -> Self {
        let stream = TcpStream::connect(addr).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .expect("timeout");
        let writer = stream.try_clone().expect("clone");
        Self {
            reader: BufReader::new(stream),
            writer,
        }
    }

    /// Sends one line and returns the answer line (with its `\r\n`), or an
    /// empty string when the gateway closed the connection.
    fn ask(&mut self, line: &str) -> String {
        let mut answer = String::new();
        // A closed connection shows as a failed write, a reset or EOF.
        if self.writer.write_all(line.as_bytes()).is_ok() {
            let _ = self.reader.read_line(&mut answer);
        }
        answer
    }
}

#[test]
fn a_wialon_device_logs_in_sends_corpus_packets_and_is_read_back() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let imei = "42001300083";
    let (key, tracker) = gateway.provision("wialon@example.com", "s3cret-pass", imei);
    let mut device = Line::connect(gateway.device(trackgate_protocols::wialon::PROTOCOL));

    assert_eq!(
        device.ask(&encode::login_packet(imei, "", true)),
        "#AL#1\r\n"
    );
    // Real 2.0 packets from the corpus, CRCs included.
    let short = "#SD#300924;154245;5554.350052;N;3644.670410;E;2.92;NA;NA;NA;7A01\r\n";
    assert_eq!(device.ask(short), "#ASD#1\r\n");
    let full = "#D#220323;114150;2234.80479;N;11354.87786;E;0;NA;59;11;NA;NA;NA;;NA;d_battr:1:94,d_csq:1:21,di_light:1:1;E7C9\r\n";
    assert_eq!(device.ask(full), "#AD#1\r\n");
    assert_eq!(device.ask("#P#\r\n"), "#AP#\r\n");
    // A damaged packet is answered with the CRC error code; the
    // connection stays up.
    let damaged = short.replace("7A01", "7A02");
    assert_eq!(device.ask(&damaged), "#ASD#13\r\n");
    assert_eq!(device.ask("#P#\r\n"), "#AP#\r\n");

    // The newest fix is the SD packet: 2024-09-30 15:42:45 UTC.
    let last = gateway
        .user(
            "tracker/get_last_gps_point",
            json!({ "hash": key, "tracker_id": tracker }),
        )
        .json();
    assert_eq!(last["success"], true, "{last}");
    let lat = last["value"]["lat"].as_f64().expect("lat");
    let lng = last["value"]["lng"].as_f64().expect("lng");
    assert!((lat - (55.0 + 54.350052 / 60.0)).abs() < 1e-5, "{last}");
    assert!((lng - (36.0 + 44.670410 / 60.0)).abs() < 1e-5, "{last}");
    assert_eq!(last["value"]["get_time"], "2024-09-30 15:42:45", "{last}");
}

#[test]
fn an_unknown_device_is_refused_with_al0() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gateway = support::start(dir.path(), |_| {});
    let mut device = Line::connect(gateway.device(trackgate_protocols::wialon::PROTOCOL));
    assert_eq!(device.ask("#L#999000111222333;NA\r\n"), "#AL#0\r\n");
    assert_eq!(
        device.ask("#P#\r\n"),
        "",
        "the gateway closed the connection"
    );
}
