//! The `trackgate` binary as an operator runs it: configured through the
//! environment, stopped with SIGTERM, and killed with SIGKILL right after
//! acknowledging records, which must all be there after the restart; and
//! its memory, which a hostile WebSocket client must not grow.

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::json;
use trackgate_tests::device::Device;
use trackgate_tests::http;
use trackgate_tests::points::drive;

const KEY: &str = "FEDCBA9876543210FEDCBA9876543210";
/// 2024-05-01 08:00:00 UTC.
const T0: i64 = 1_714_550_400_000;

/// A loopback port free for TCP and for UDP (UDP listeners share their
/// protocol's TCP port).
fn free_port() -> SocketAddr {
    loop {
        let addr = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("free port");
        if std::net::UdpSocket::bind(addr).is_ok() {
            return addr;
        }
    }
}

struct Gateway {
    child: Child,
    api: SocketAddr,
    teltonika: SocketAddr,
}

impl Gateway {
    fn start(data: &Path, api: SocketAddr, teltonika: SocketAddr) -> Self {
        // A port found free can be taken by a parallel test before the
        // gateway binds it; the gateway then exits, and is started again
        // with other ports.
        for _ in 0..5 {
            if let Some(gateway) = Self::try_start(data, api, teltonika) {
                return gateway;
            }
        }
        panic!("gateway did not come up");
    }

    fn try_start(data: &Path, api: SocketAddr, teltonika: SocketAddr) -> Option<Self> {
        let mut command = Command::new(env!("CARGO_BIN_EXE_trackgate"));
        // Every listener on a port of its own: nothing else on the machine
        // (another gateway, a parallel test) may hold a default port.
        for protocol in trackgate_protocols::catalogue::ALL {
            let name = protocol.name().to_ascii_uppercase();
            command.env(format!("TRACKGATE_{name}_LISTEN"), free_port().to_string());
        }
        let mut child = command
            .arg("serve")
            .env("TRACKGATE_DATA_DIR", data)
            .env("TRACKGATE_API_LISTEN", api.to_string())
            .env("TRACKGATE_TELTONIKA_LISTEN", teltonika.to_string())
            .env("TRACKGATE_SERVER_KEY", KEY)
            .env("TRACKGATE_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start trackgate");
        let deadline = Instant::now() + Duration::from_secs(30);
        while TcpStream::connect(api).is_err() || TcpStream::connect(teltonika).is_err() {
            if child.try_wait().expect("child status").is_some() {
                return None;
            }
            assert!(Instant::now() < deadline, "gateway did not come up");
            std::thread::sleep(Duration::from_millis(50));
        }
        Some(Self {
            child,
            api,
            teltonika,
        })
    }

    fn server(&self, cmd: &str) -> String {
        let r = http::get(
            self.api,
            &format!(
                "/api/api.php?api=server&key={KEY}&cmd={}",
                http::encode(cmd)
            ),
        );
        assert_eq!(r.status, 200, "{cmd}: {}", r.body);
        r.body
    }

    fn track(&self, key: &str, tracker: u64) -> Vec<String> {
        let answer = http::post_json(
            self.api,
            "/v2/track/read",
            &json!({ "hash": key, "tracker_id": tracker, "from": "2024-05-01 00:00:00", "to": "2024-05-02 00:00:00" }),
        )
        .json();
        answer["list"]
            .as_array()
            .expect("list")
            .iter()
            .map(|p| p["get_time"].as_str().expect("time").to_owned())
            .collect()
    }

    fn terminate(mut self) -> std::process::ExitStatus {
        let pid = self.child.id().to_string();
        let sent = Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .expect("kill -TERM");
        assert!(sent.success());
        self.child.wait().expect("wait")
    }
}

/// A gateway left running by a failed test is killed with it.
impl Drop for Gateway {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

fn provision(gateway: &Gateway, imei: &str) -> (String, u64) {
    assert_eq!(
        gateway.server("ADD_USER,ops@example.com,false,operator-pw"),
        "OK"
    );
    assert_eq!(
        gateway.server(&format!("ADD_OBJECT,{imei},Bus,false,")),
        "OK"
    );
    assert_eq!(
        gateway.server(&format!("ADD_USER_OBJECT,ops@example.com,{imei}")),
        "OK"
    );
    let key = gateway.server("GET_USER_API_KEY,ops@example.com");
    let list = http::post_json(gateway.api, "/v2/tracker/list", &json!({ "hash": key })).json();
    (key, list["list"][0]["id"].as_u64().expect("tracker id"))
}

#[test]
fn sigterm_stops_cleanly_and_sigkill_after_an_ack_loses_nothing() {
    let data = tempfile::tempdir().expect("tempdir");
    let (api, teltonika) = (free_port(), free_port());
    let imei = "352093081234567";

    let gateway = Gateway::start(data.path(), api, teltonika);
    let (key, tracker) = provision(&gateway, imei);
    let mut device = Device::connect(gateway.teltonika);
    assert_eq!(device.login(imei), Some(1));
    assert_eq!(device.send_records(&drive(T0, 5)), Some(vec![0, 0, 0, 5]));
    let status = gateway.terminate();
    assert!(status.success(), "SIGTERM exits 0, got {status}");
    assert!(
        device.is_closed(Duration::from_secs(5)),
        "sessions are closed on shutdown"
    );

    let mut gateway = Gateway::start(data.path(), api, teltonika);
    assert_eq!(
        gateway.track(&key, tracker).len(),
        5,
        "points survive a graceful restart"
    );
    let mut device = Device::connect(gateway.teltonika);
    assert_eq!(device.login(imei), Some(1));
    assert_eq!(
        device.send_records(&drive(T0 + 60_000, 3)),
        Some(vec![0, 0, 0, 3])
    );
    // Killed the moment the ack arrived: what was acked must be on disk.
    gateway.child.kill().expect("SIGKILL");
    gateway.child.wait().expect("reaped");

    let gateway = Gateway::start(data.path(), api, teltonika);
    let times = gateway.track(&key, tracker);
    assert_eq!(
        times.len(),
        8,
        "every acked point survives SIGKILL: {times:?}"
    );
    assert_eq!(
        times.last().map(String::as_str),
        Some("2024-05-01 08:01:02")
    );
    assert!(gateway.terminate().success());
}

/// The resident memory of process `pid`, in KiB.
fn rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|status| {
            status.lines().find_map(|l| {
                l.strip_prefix("VmRSS:")?
                    .trim()
                    .trim_end_matches("kB")
                    .trim()
                    .parse()
                    .ok()
            })
        })
        .expect("VmRSS in /proc/<pid>/status")
}

/// Opens a push connection, sends the header of a 2 GiB frame and streams
/// 50 MB behind it as fast as the socket takes them; returns the client's
/// end of the connection and how long the gateway took to end it, if it
/// did within 30 s.
fn flood_push(api: SocketAddr) -> (TcpStream, Option<Duration>) {
    use std::io::Write;
    use trackgate_tests::ws;
    let mut stream = ws::upgrade(api, "/v2/event/subscription");
    stream
        .write_all(&ws::header(true, ws::opcode::BINARY, 1 << 31))
        .expect("send the header");
    let ended = ws::flood(&mut stream, 50 << 20, Duration::from_secs(30)).ended;
    (stream, ended)
}

#[test]
fn a_websocket_frame_declaring_two_gigabytes_does_not_grow_memory() {
    let data = tempfile::tempdir().expect("tempdir");
    let (api, teltonika) = (free_port(), free_port());
    let gateway = Gateway::start(data.path(), api, teltonika);
    let pid = gateway.child.id();
    // The first flood warms up what the process keeps once allocated
    // (buffers, the allocator's arenas); the next two are measured, while
    // the client still holds its end: a gateway that buffered the flood
    // would be holding it now.
    drop(flood_push(api));
    let before = rss_kib(pid);
    let floods = [flood_push(api), flood_push(api)];
    let after = rss_kib(pid);
    assert!(
        after.saturating_sub(before) < 8 * 1024,
        "resident memory grew from {before} KiB to {after} KiB"
    );
    for (_, ended) in &floods {
        let ended = ended.expect("the gateway ended the connection");
        assert!(ended < Duration::from_secs(10), "after {ended:?}");
    }
    drop(floods);
    assert!(gateway.terminate().success());
}

#[test]
fn print_config_shows_environment_overrides_and_protocols_lists_ports() {
    let out = Command::new(env!("CARGO_BIN_EXE_trackgate"))
        .arg("print-config")
        .env("TRACKGATE_TELTONIKA_LISTEN", "127.0.0.1:15027")
        .env("TRACKGATE_REGISTER_UNKNOWN", "true")
        .output()
        .expect("run print-config");
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("listen = \"127.0.0.1:15027\""), "{text}");
    assert!(text.contains("register_unknown = true"), "{text}");
    for key in [
        "request_head_timeout_secs = 5",
        "request_body_timeout_secs = 30",
        "max_connections = 1024",
        "max_connections_per_ip = 256",
    ] {
        assert!(text.contains(key), "{key} in {text}");
    }

    let out = Command::new(env!("CARGO_BIN_EXE_trackgate"))
        .arg("protocols")
        .output()
        .expect("run protocols");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.lines()
            .any(|l| l.starts_with("teltonika") && l.contains("5027") && l.contains("tcp")),
        "{text}"
    );

    let bad = Command::new(env!("CARGO_BIN_EXE_trackgate"))
        .arg("print-config")
        .env("TRACKGATE_API_LISTEN", "not-an-address")
        .output()
        .expect("run print-config");
    assert!(
        !bad.status.success(),
        "a bad override is an error, not a silent default"
    );
}
