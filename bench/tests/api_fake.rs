//! The api scenario against the fake Teltonika server in `common` and a tiny
//! HTTP server here that answers the Server and User API's shapes.

mod common;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use trackgate_bench::dialect::Dialect;
use trackgate_bench::http::load::HttpStats;
use trackgate_bench::scenario::api::{self, ApiPlan};
use trackgate_bench::scenario::ingest::IngestPlan;
use trackgate_bench::stats::Stats;

const HASH: &str = "0123456789abcdef";

/// What the fake API holds and saw.
#[derive(Debug, Default)]
struct Api {
    /// IMEI → tracker id, for objects added.
    objects: Mutex<BTreeMap<String, u64>>,
    /// Objects bound to the user.
    bound: Mutex<Vec<String>>,
    /// Requests by path.
    calls: Mutex<BTreeMap<String, u64>>,
    connections: AtomicU64,
}

async fn fake_api() -> (std::net::SocketAddr, Arc<Api>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let api = Arc::new(Api::default());
    let a = api.clone();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            a.connections.fetch_add(1, Ordering::Relaxed);
            tokio::spawn(serve(stream, a.clone()));
        }
    });
    (addr, api)
}

async fn serve(mut stream: TcpStream, api: Arc<Api>) {
    let mut buf = Vec::new();
    loop {
        let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") else {
            let mut chunk = [0u8; 4096];
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
            continue;
        };
        let head = String::from_utf8(buf[..end].to_vec()).unwrap();
        let length: usize = head
            .lines()
            .find_map(|l| l.strip_prefix("Content-Length: "))
            .map_or(0, |n| n.parse().unwrap());
        while buf.len() < end + 4 + length {
            let mut chunk = [0u8; 4096];
            let n = stream.read(&mut chunk).await.unwrap();
            assert!(n > 0, "client closed mid-request");
            buf.extend_from_slice(&chunk[..n]);
        }
        let body: Vec<u8> = buf.drain(..end + 4 + length).skip(end + 4).collect();
        let target = head.split(' ').nth(1).unwrap().to_owned();
        let path = target.split('?').next().unwrap().to_owned();
        *api.calls.lock().unwrap().entry(path.clone()).or_default() += 1;
        let (status, reply) = answer(&api, &target, &path, &body);
        let response = format!(
            "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{reply}",
            reply.len()
        );
        if stream.write_all(response.as_bytes()).await.is_err() {
            return;
        }
    }
}

fn answer(api: &Api, target: &str, path: &str, body: &[u8]) -> (u16, String) {
    if path == "/api/api.php" {
        let cmd = target.split("cmd=").nth(1).unwrap().replace("%40", "@");
        let args: Vec<&str> = cmd.split(',').collect();
        return match args[0] {
            "ADD_USER" => (200, "OK".into()),
            "ADD_OBJECT" => {
                let mut objects = api.objects.lock().unwrap();
                let id = objects.len() as u64 + 100;
                objects.insert(args[1].to_owned(), id);
                (200, "OK".into())
            }
            "ADD_USER_OBJECT" => {
                api.bound.lock().unwrap().push(args[2].to_owned());
                (200, "OK".into())
            }
            "GET_USER_API_KEY" => (200, HASH.into()),
            other => (400, format!("ERROR: unknown command {other}")),
        };
    }
    let v: Value = serde_json::from_slice(body).unwrap();
    if v["hash"] != HASH {
        return (
            403,
            json!({"success": false, "status": {"code": 3}}).to_string(),
        );
    }
    let state =
        |id: &Value| json!({"source_id": id, "gps": {"location": {"lat": 52.5, "lng": 13.4}}});
    let reply = match path {
        "/v2/tracker/list" => {
            let objects = api.objects.lock().unwrap();
            let bound = api.bound.lock().unwrap();
            let list: Vec<Value> = bound
                .iter()
                .map(|imei| json!({"id": objects[imei], "source": {"device_id": imei}}))
                .collect();
            json!({"success": true, "list": list})
        }
        "/v2/tracker/get_state" => json!({"success": true, "state": state(&v["tracker_id"])}),
        "/v2/tracker/get_last_gps_point" => {
            json!({"success": true, "value": {"lat": 52.5, "lng": 13.4}})
        }
        "/v2/tracker/get_states" => {
            let states: serde_json::Map<String, Value> = v["trackers"]
                .as_array()
                .unwrap()
                .iter()
                .map(|id| (id.to_string(), state(id)))
                .collect();
            json!({"success": true, "user_time": "2026-01-01 00:00:00", "states": states})
        }
        _ => {
            return (
                404,
                json!({"success": false, "status": {"code": 2}}).to_string(),
            );
        }
    };
    (200, reply.to_string())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn provisions_then_calls_every_endpoint_over_keep_alive() {
    let (target, tally) = common::fake_server(common::Faults::default()).await;
    let (addr, fake) = fake_api().await;
    let plan = ApiPlan {
        ingest: IngestPlan {
            target,
            protocol: Dialect::TELTONIKA,
            devices: 30,
            records_per_packet: 1,
            rate_per_s: 60.0,
            duration_s: 2.0,
            imei_base: 350_000_000_000_000,
            reply_timeout_s: 2.0,
            max_handshakes: 32,
            gateway_pid: Some(std::process::id()),
        },
        api: addr,
        server_key: "server-key".into(),
        register_unknown: false,
        email: "bench@trackgate.test".into(),
        password: "bench-password".into(),
        http_rate_per_s: 100.0,
        http_connections: 4,
        batch: 20,
        mix: [1, 1, 1],
        baseline_s: 0.2,
    };
    let r = api::run(
        &plan,
        Arc::new(Stats::new()),
        Arc::new(HttpStats::default()),
    )
    .await
    .unwrap();

    assert_eq!(fake.objects.lock().unwrap().len(), 30);
    assert_eq!(fake.bound.lock().unwrap().len(), 30);
    assert_eq!(r.trackers, 30);
    let calls = fake.calls.lock().unwrap().clone();
    let ok: u64 = r.http.calls.iter().map(|c| c.ok).sum();
    let failed: u64 = r.http.calls.iter().map(|c| c.failed).sum();
    assert_eq!(failed, 0, "{:?}", r.http.errors);
    // 100 requests/s for what is left of 2 s after the 0.2 s baseline.
    assert!((120..=200).contains(&ok), "{ok} requests");
    for c in &r.http.calls {
        assert!(c.ok > 10, "{c:?}");
        assert_eq!(calls[c.call.path()], c.ok, "{calls:?}");
        assert_eq!(c.latency.count, c.ok);
    }
    let batches = r.http.calls[1].ok;
    assert_eq!(r.http.state_reads, r.http.calls[0].ok + 20 * batches);
    assert!((r.requests_per_s - ok as f64 / r.http_wall_s).abs() < 1e-6);
    // Admin plus four keep-alive clients; no connection per request.
    assert_eq!(fake.connections.load(Ordering::Relaxed), 5);
    assert_eq!(r.ingest.counts.failures(), 0, "{:?}", r.ingest.counts);
    assert_eq!(
        r.ingest.counts.records_acked,
        tally.records.load(Ordering::Relaxed)
    );
    assert!(r.gateway.is_some() && r.gateway_baseline_cores.is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn register_unknown_mode_binds_devices_after_they_log_in() {
    let (target, _tally) = common::fake_server(common::Faults::default()).await;
    let (addr, fake) = fake_api().await;
    // The "gateway" registered these itself.
    for i in 0..10u64 {
        let imei = trackgate_bench::imei::imei(350_000_000_000_000, i).unwrap();
        fake.objects.lock().unwrap().insert(imei, 500 + i);
    }
    let plan = ApiPlan {
        ingest: IngestPlan {
            target,
            protocol: Dialect::TELTONIKA,
            devices: 10,
            records_per_packet: 1,
            rate_per_s: 20.0,
            duration_s: 1.0,
            imei_base: 350_000_000_000_000,
            reply_timeout_s: 2.0,
            max_handshakes: 32,
            gateway_pid: None,
        },
        api: addr,
        server_key: "k".into(),
        register_unknown: true,
        email: "bench@trackgate.test".into(),
        password: "bench-password".into(),
        http_rate_per_s: 20.0,
        http_connections: 1,
        batch: 2_000,
        mix: [0, 1, 0],
        baseline_s: 0.0,
    };
    let http = Arc::new(HttpStats::default());
    let r = api::run(&plan, Arc::new(Stats::new()), http.clone())
        .await
        .unwrap();
    assert_eq!(fake.bound.lock().unwrap().len(), 10);
    assert_eq!(r.trackers, 10);
    // Batches are capped at the trackers there are.
    let batches = r.http.calls[1].ok;
    assert!(batches > 5, "{r:?}");
    assert_eq!(r.http.state_reads, 10 * batches);
    assert_eq!(http.done(), (batches, 0));
    assert_eq!(r.gateway, None);
}
