//! The baseline and floor servers, in-process and as child processes of
//! the bench binary: what they answer, when they close, and the runs that
//! compare the gateway with them.

mod common;

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::time::timeout;
use trackgate_bench::baseline::server::Baseline;
use trackgate_bench::baseline::{self, floor, versus};
use trackgate_bench::corpus;
use trackgate_bench::dialect::Dialect;
use trackgate_bench::scenario::ingest::{self, IngestPlan};
use trackgate_bench::scenario::storm::{self, StormPlan};
use trackgate_bench::stats::Stats;
use trackgate_bench::track::Track;
use trackgate_protocols::teltonika::{self, encode};
use trackgate_protocols::{Message, Record};

const IMEI: &str = "350000000000018";
const IMEI_BASE: u64 = 350_000_000_000_000;
const WAIT: Duration = Duration::from_secs(5);

fn bench_bin() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_trackgate-bench"))
}

/// A baseline server for `dialect` on an ephemeral loopback port, in this process.
async fn baseline_server(dialect: Dialect) -> SocketAddr {
    let listener = baseline::bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let addr = listener.local_addr().unwrap();
    let server = Baseline::new(dialect.protocol()).unwrap();
    tokio::spawn(server.serve(listener));
    addr
}

/// A floor server on an ephemeral loopback port, in this process.
async fn floor_server() -> SocketAddr {
    let listener = baseline::bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(floor::serve(listener));
    addr
}

fn records(count: usize) -> Vec<Record> {
    let now_ms = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;
    Track::new(7).next_records(count, now_ms, 1_000)
}

/// Writes `send` and reads exactly `len` bytes back.
async fn ask(stream: &mut TcpStream, send: &[u8], len: usize) -> Vec<u8> {
    stream.write_all(send).await.unwrap();
    let mut reply = vec![0u8; len];
    timeout(WAIT, stream.read_exact(&mut reply))
        .await
        .expect("no reply in time")
        .expect("the connection ended before the reply");
    reply
}

/// Everything the server still sends once this end stops writing, up to its close.
async fn rest_after_shutdown(mut stream: TcpStream) -> Vec<u8> {
    stream.shutdown().await.unwrap();
    let mut rest = Vec::new();
    timeout(WAIT, stream.read_to_end(&mut rest))
        .await
        .expect("the server did not close")
        .unwrap();
    rest
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_baseline_answers_every_simulated_protocol_exactly_as_expected() {
    for &dialect in Dialect::all() {
        let addr = baseline_server(dialect).await;
        let mut stream = TcpStream::connect(addr).await.unwrap();
        let mut serial = 0u16;
        let login = dialect.login(IMEI, &mut serial);
        let reply = ask(&mut stream, &login.send, login.expect.len()).await;
        assert_eq!(reply, login.expect, "{dialect}: login reply");
        for count in [1, 3] {
            let packet = dialect.packet(IMEI, &records(count), &mut serial).unwrap();
            let reply = ask(&mut stream, &packet.send, packet.expect.len()).await;
            assert_eq!(reply, packet.expect, "{dialect}: ack of {count} records");
        }
        // Nothing more than the expected replies was written.
        assert_eq!(rest_after_shutdown(stream).await, b"", "{dialect}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_baseline_acknowledges_real_corpus_frames_with_their_record_count() {
    let protocol = teltonika::PROTOCOL;
    let frames = corpus::frames(protocol).unwrap();
    let mut checked = 0;
    for frame in frames.iter().filter(|f| f.login.is_some()) {
        let login = frame.login.as_deref().unwrap();
        let Some(Message::Records { records, .. }) =
            corpus::decode_once(protocol, Some(login), &frame.bytes)
        else {
            continue;
        };
        let addr = baseline_server(Dialect::TELTONIKA).await;
        let mut stream = TcpStream::connect(addr).await.unwrap();
        assert_eq!(ask(&mut stream, login, 1).await, encode::IMEI_ACCEPT);
        let expected = encode::records_ack(records.len() as u32);
        let reply = ask(&mut stream, &frame.bytes, expected.len()).await;
        assert_eq!(reply, expected, "{}", frame.name);
        assert_eq!(rest_after_shutdown(stream).await, b"", "{}", frame.name);
        checked += 1;
    }
    assert!(
        checked >= 3,
        "only {checked} corpus AVL frames were checked"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_damaged_frame_closes_its_connection_and_no_other() {
    let addr = baseline_server(Dialect::TELTONIKA).await;
    let dialect = Dialect::TELTONIKA;
    let mut logged_in = Vec::new();
    for _ in 0..2 {
        let mut stream = TcpStream::connect(addr).await.unwrap();
        let login = dialect.login(IMEI, &mut 0);
        assert_eq!(ask(&mut stream, &login.send, 1).await, login.expect);
        logged_in.push(stream);
    }
    let mut good = logged_in.pop().unwrap();
    let mut bad = logged_in.pop().unwrap();

    let packet = dialect.packet(IMEI, &records(2), &mut 0).unwrap();
    let mut damaged = packet.send.to_vec();
    let last = damaged.len() - 1;
    damaged[last] ^= 0x5A; // the CRC no longer matches
    bad.write_all(&damaged).await.unwrap();
    let mut rest = Vec::new();
    let ended = timeout(WAIT, bad.read_to_end(&mut rest)).await;
    assert!(
        matches!(ended, Ok(Ok(0)) | Ok(Err(_))),
        "the damaged frame's connection stayed open: {ended:?}"
    );
    assert!(rest.is_empty(), "a damaged frame was answered: {rest:?}");

    let reply = ask(&mut good, &packet.send, packet.expect.len()).await;
    assert_eq!(reply, packet.expect);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_floor_answers_the_login_and_the_packets_count_then_closes() {
    let addr = floor_server().await;
    let dialect = Dialect::TELTONIKA;
    for count in [1usize, 3] {
        let mut stream = TcpStream::connect(addr).await.unwrap();
        let login = dialect.login(IMEI, &mut 0);
        assert_eq!(ask(&mut stream, &login.send, 1).await, [0x01]);
        let packet = dialect.packet(IMEI, &records(count), &mut 0).unwrap();
        let mut send = packet.send.to_vec();
        if count == 3 {
            // Nothing is checked: a wrong CRC is answered all the same.
            let last = send.len() - 1;
            send[last] ^= 0xFF;
        }
        let reply = ask(&mut stream, &send, 4).await;
        assert_eq!(reply, (count as u32).to_be_bytes());
        // The server closes without being asked.
        let mut rest = Vec::new();
        let closed = timeout(WAIT, stream.read_to_end(&mut rest)).await;
        assert!(matches!(closed, Ok(Ok(0))), "{closed:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_floor_refuses_an_oversized_packet_without_answering() {
    let addr = floor_server().await;
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let login = Dialect::TELTONIKA.login(IMEI, &mut 0);
    assert_eq!(ask(&mut stream, &login.send, 1).await, [0x01]);
    let header = [0, 0, 0, 0, 0x7F, 0xFF, 0xFF, 0xFF];
    stream.write_all(&header).await.unwrap();
    let mut rest = Vec::new();
    let ended = timeout(WAIT, stream.read_to_end(&mut rest)).await;
    assert!(matches!(ended, Ok(Ok(0)) | Ok(Err(_))), "{ended:?}");
    assert!(rest.is_empty());
}

fn tiny_ingest(target: SocketAddr) -> IngestPlan {
    IngestPlan {
        target,
        protocol: Dialect::TELTONIKA,
        devices: 5,
        records_per_packet: 1,
        rate_per_s: 25.0,
        duration_s: 1.5,
        imei_base: IMEI_BASE,
        reply_timeout_s: 3.0,
        max_handshakes: 8,
        gateway_pid: None,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_ingest_run_is_repeated_against_a_baseline_child_and_compared() {
    let (addr, _tally) = common::fake_server(common::Faults::default()).await;
    let plan = tiny_ingest(addr);
    let gateway = ingest::run(&plan).await.unwrap();
    assert!(gateway.counts.packets_acked > 0);

    let v = versus::ingest(bench_bin(), &plan, &gateway, Arc::new(Stats::new())).await;
    assert_eq!(v.skipped, None);
    let base = v.results.as_ref().unwrap();
    assert!(base.counts.packets_acked > 0, "{:?}", base.counts);
    assert_eq!(base.counts.failures(), 0, "{:?}", base.counts);
    assert_eq!(base.counts.records_acked, base.counts.packets_acked);
    let expected = gateway.packets_per_s / base.packets_per_s;
    assert_eq!(v.ratio, Some(expected));
    // The child was sampled as the gateway is, and is gone afterwards.
    let usage = base
        .gateway
        .as_ref()
        .expect("the baseline's CPU was sampled");
    assert!(usage.cpu_us_per_packet.is_some());
    let proc_dir = format!("/proc/{}", usage.usage.pid);
    assert!(
        !Path::new(&proc_dir).exists(),
        "the baseline child was left behind"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_storm_is_repeated_against_a_floor_child_and_compared() {
    let (addr, _tally) = common::fake_server(common::Faults::default()).await;
    let plan = StormPlan {
        target: addr,
        protocol: Dialect::TELTONIKA,
        devices: 30,
        imei_base: IMEI_BASE,
        reply_timeout_s: 3.0,
        max_handshakes: 0,
        hold_s: 0.0,
        gateway_pid: None,
    };
    let gateway = storm::run(&plan, Arc::new(Stats::new())).await.unwrap();
    assert_eq!(gateway.counts.packets_acked, 30);

    let v = versus::storm(bench_bin(), &plan, &gateway, Arc::new(Stats::new())).await;
    assert_eq!(v.skipped, None);
    let floor = v.results.as_ref().unwrap();
    assert_eq!(floor.counts.packets_acked, 30, "{:?}", floor.counts);
    assert_eq!(floor.counts.failures(), 0, "{:?}", floor.counts);
    assert_eq!(v.ratio, Some(gateway.sessions_per_s / floor.sessions_per_s));
}

#[test]
fn the_servers_refuse_a_listen_address_off_loopback() {
    for server in [versus::BASELINE_SERVER, versus::FLOOR_SERVER] {
        let out = std::process::Command::new(bench_bin())
            .args([server, "--listen", "10.1.2.3:5027"])
            .output()
            .unwrap();
        assert!(!out.status.success(), "{server} started");
        assert!(out.stdout.is_empty(), "{server} printed an address");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("not a loopback address"), "{stderr}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_ingest_command_reports_the_baseline_beside_the_gateway() {
    let (addr, _tally) = common::fake_server(common::Faults::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("ingest.json");
    let args = [
        "ingest".to_owned(),
        "--target".into(),
        addr.to_string(),
        "--devices".into(),
        "5".into(),
        "--records".into(),
        "1".into(),
        "--rate".into(),
        "20".into(),
        "--duration".into(),
        "1".into(),
        "--quiet".into(),
        "--json".into(),
        json.display().to_string(),
    ];
    let out = tokio::task::spawn_blocking(move || {
        std::process::Command::new(bench_bin())
            .args(args)
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("trackgate / baseline, acked packets/s: "),
        "{stdout}"
    );
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let baseline = &report["results"]["baseline"];
    assert_eq!(baseline["server"], "baseline-server --protocol teltonika");
    assert!(baseline["results"]["counts"]["packets_acked"].as_u64() > Some(0));
    assert!(baseline["ratio"].as_f64().is_some(), "{baseline}");
    // The gateway's own fields are where they were.
    assert!(report["results"]["packets_per_s"].as_f64().is_some());
}

/// Whether process `pid` is still running (not gone, not a zombie).
fn running(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|stat| {
            let state = stat.rsplit_once(") ")?.1.chars().next()?;
            Some(state != 'Z' && state != 'X')
        })
        .unwrap_or(false)
}

#[test]
fn a_server_started_with_its_parent_exits_when_the_parent_does() {
    // The shell starts the server, waits long enough for it to note its
    // parent, prints its pid and exits without killing it.
    let script = r#""$0" floor-server --listen 127.0.0.1:0 --with-parent >/dev/null &
echo $!; sleep 1"#;
    let out = std::process::Command::new("/bin/sh")
        .args(["-c", script])
        .arg(bench_bin())
        .output()
        .unwrap();
    let pid: u32 = String::from_utf8_lossy(&out.stdout).trim().parse().unwrap();
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while running(pid) && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    let left = running(pid);
    if left {
        let _ = std::process::Command::new("kill")
            .arg(pid.to_string())
            .status();
    }
    assert!(!left, "the server outlived its parent");
}
