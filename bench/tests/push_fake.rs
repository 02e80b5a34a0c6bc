//! The push scenario against fakes: a Teltonika server that decodes every
//! packet with trackgate's own codec and publishes the packet's newest
//! record as a tracker state before acknowledging it, and an API port that
//! answers the Server API and `tracker/list` and serves a WebSocket push
//! channel writing those states, its times in a zone two hours ahead of UTC.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bytes::BytesMut;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use trackgate_bench::dialect::Dialect;
use trackgate_bench::push::client::{Ending, PushKind};
use trackgate_bench::scenario::ingest::IngestPlan;
use trackgate_bench::scenario::push::{self, PushPlan};
use trackgate_bench::stats::Stats;
use trackgate_protocols::teltonika::{TeltonikaCodec, encode};
use trackgate_protocols::{DeviceCodec, Limits, Message};
use tungstenite::Message as Frame;

const HASH: &str = "feedface0123";
/// The fake user's zone: UTC+2.
const ZONE_MS: i64 = 2 * 3_600_000;

/// What the fake gateway holds and saw.
#[derive(Debug, Default)]
struct Fake {
    /// IMEIs in the order their objects were added; source id = 100 + index.
    objects: Mutex<Vec<String>>,
    /// Push clients' queues.
    clients: Mutex<Vec<Sender<String>>>,
    /// Packets published (and then acknowledged).
    published: AtomicU64,
}

impl Fake {
    fn source_of(&self, imei: &str) -> Option<usize> {
        let objects = self.objects.lock().unwrap();
        objects.iter().position(|o| o == imei).map(|i| 100 + i)
    }

    fn publish(&self, event: &str) {
        self.published.fetch_add(1, Ordering::Relaxed);
        for client in self.clients.lock().unwrap().iter() {
            let _ = client.send(event.to_owned());
        }
    }
}

/// `ms` since the epoch as `YYYY-MM-DD HH:MM:SS` in the fake user's zone.
fn local(ms: i64) -> String {
    let s = (ms + ZONE_MS).div_euclid(1000);
    let (days, secs) = (s.div_euclid(86_400), s.rem_euclid(86_400));
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    let (hh, mm, ss) = (secs / 3_600, secs / 60 % 60, secs % 60);
    format!("{y:04}-{m:02}-{d:02} {hh:02}:{mm:02}:{ss:02}")
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

async fn devices(fake: Arc<Fake>) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            tokio::spawn(device(stream, fake.clone()));
        }
    });
    addr
}

async fn device(mut stream: tokio::net::TcpStream, fake: Arc<Fake>) {
    let mut codec = TeltonikaCodec::new(Limits::default());
    let mut buf = BytesMut::with_capacity(4096);
    let mut source = None;
    loop {
        match codec.decode(&mut buf) {
            Ok(Some(Message::Login { device, .. })) => {
                source = fake.source_of(device.as_str());
                assert!(source.is_some(), "an unprovisioned device logged in");
                stream.write_all(&encode::IMEI_ACCEPT).await.unwrap();
            }
            Ok(Some(Message::Records { records, .. })) => {
                let newest = records.iter().max_by_key(|r| r.fix_time_ms).unwrap();
                let event = json!({
                    "type": "event",
                    "event": "state",
                    "user_time": local(now_ms()),
                    "data": {
                        "source_id": source,
                        "gps": {
                            "updated": local(newest.fix_time_ms),
                            "location": { "lat": newest.latitude, "lng": newest.longitude },
                        },
                        "connection_status": "active",
                    },
                });
                fake.publish(&event.to_string());
                let ack = encode::records_ack(records.len() as u32);
                if stream.write_all(&ack).await.is_err() {
                    return;
                }
            }
            Ok(Some(other)) => panic!("unexpected message {other:?}"),
            Ok(None) => match stream.read_buf(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            },
            Err(e) => panic!("the simulator sent a bad packet: {e}"),
        }
    }
}

fn api(fake: Arc<Fake>) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let fake = fake.clone();
            std::thread::spawn(move || {
                let mut head = [0u8; 1024];
                let n = stream.peek(&mut head).unwrap_or(0);
                let text = String::from_utf8_lossy(&head[..n]).to_ascii_lowercase();
                if text.contains("upgrade: websocket") {
                    push_channel(stream, &fake);
                } else {
                    http(stream, &fake);
                }
            });
        }
    });
    addr
}

fn http(stream: TcpStream, fake: &Fake) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut out = stream;
    loop {
        let mut head = Vec::new();
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap_or(0) == 0 {
                return;
            }
            if line == "\r\n" {
                break;
            }
            head.push(line);
        }
        let target = head[0].split(' ').nth(1).unwrap().to_owned();
        let length: usize = head
            .iter()
            .find_map(|l| {
                l.to_ascii_lowercase()
                    .strip_prefix("content-length: ")
                    .map(str::to_owned)
            })
            .map_or(0, |n| n.trim().parse().unwrap());
        let mut body = vec![0; length];
        reader.read_exact(&mut body).unwrap();
        let reply = answer(fake, &target, &body);
        let response = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{reply}",
            reply.len()
        );
        if out.write_all(response.as_bytes()).is_err() {
            return;
        }
    }
}

fn answer(fake: &Fake, target: &str, body: &[u8]) -> String {
    if let Some(cmd) = target.split("cmd=").nth(1) {
        let cmd = cmd.replace("%40", "@");
        let args: Vec<&str> = cmd.split(',').collect();
        return match args[0] {
            "ADD_OBJECT" => {
                fake.objects.lock().unwrap().push(args[1].to_owned());
                "OK".into()
            }
            "GET_USER_API_KEY" => HASH.into(),
            _ => "OK".into(),
        };
    }
    assert_eq!(target, "/v2/tracker/list");
    let v: Value = serde_json::from_slice(body).unwrap();
    assert_eq!(v["hash"], HASH);
    let objects = fake.objects.lock().unwrap();
    let list: Vec<Value> = objects
        .iter()
        .enumerate()
        .map(|(i, imei)| {
            json!({"id": 500 + i, "clone": false, "source": {"id": 100 + i, "device_id": imei}})
        })
        .collect();
    json!({"success": true, "list": list}).to_string()
}

fn push_channel(stream: TcpStream, fake: &Fake) {
    let mut ws = tungstenite::accept(stream).unwrap();
    let (tx, rx) = mpsc::channel();
    let mut subscribed = false;
    loop {
        if subscribed {
            match rx.recv_timeout(Duration::from_millis(20)) {
                Ok(event) => {
                    if ws.send(Frame::text(event)).is_err() {
                        return;
                    }
                    continue;
                }
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => return,
            }
            ws.get_ref()
                .set_read_timeout(Some(Duration::from_millis(1)))
                .unwrap();
        }
        match ws.read() {
            Ok(Frame::Text(text)) => {
                let v: Value = serde_json::from_str(text.as_str()).unwrap();
                assert_eq!(v["action"], "subscribe");
                assert_eq!(v["hash"], HASH);
                assert_eq!(v["requests"][0]["type"], "state");
                let answer = json!({"type": "response", "action": "subscription/subscribe",
                    "events": ["state"], "data": {"state": {"success": true, "value": {}}}});
                ws.send(Frame::text(answer.to_string())).unwrap();
                if !subscribed {
                    subscribed = true;
                    fake.clients.lock().unwrap().push(tx.clone());
                }
            }
            Ok(Frame::Close(_)) => {
                let _ = ws.flush();
                return;
            }
            Ok(_) => {}
            Err(tungstenite::Error::Io(e))
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) => {}
            Err(_) => return,
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_published_state_is_timed_against_the_packet_that_carried_it() {
    let fake = Arc::new(Fake::default());
    let target = devices(fake.clone()).await;
    let api = api(fake.clone());
    let plan = PushPlan {
        ingest: IngestPlan {
            target,
            protocol: Dialect::TELTONIKA,
            devices: 5,
            records_per_packet: 3,
            rate_per_s: 20.0,
            duration_s: 1.5,
            imei_base: 350_000_000_000_000,
            reply_timeout_s: 5.0,
            max_handshakes: 8,
            gateway_pid: None,
        },
        api,
        server_key: "k".into(),
        email: "bench@trackgate.test".into(),
        password: "pw".into(),
        subscribers: 2,
        slow: 1,
        push: PushKind::State,
        rate_limit_s: 1.0,
        drain_s: 1.0,
    };
    let results = push::run(&plan, Arc::new(Stats::new())).await.unwrap();

    let acked = results.ingest.counts.packets_acked;
    assert!(acked > 0);
    assert_eq!(fake.published.load(Ordering::Relaxed), acked);
    assert_eq!(results.trackers, 5);
    assert_eq!(results.subscribers.len(), 2);
    for s in &results.subscribers {
        assert_eq!((s.events, s.states), (acked, acked), "{s:?}");
        assert_eq!(
            (s.matched, s.unmatched, s.repeats, s.no_fix),
            (acked, 0, 0, 0)
        );
        assert_eq!(s.delay.count, acked);
        assert_eq!(s.ending, Ending::Open, "the bench closed it");
    }
    assert_eq!(results.delay.count, 2 * acked);
    // The fake never gives up on the client that does not read: it finds
    // every state waiting once it reads, and the connection still open.
    assert_eq!(results.slow.len(), 1);
    let slow = &results.slow[0];
    assert_eq!(slow.frames_left, 1 + acked, "the answer and every state");
    assert_eq!(slow.ending, Ending::Open);
    assert_eq!(slow.closed_at_s, None);
    assert!(slow.pushed_for_s.is_some());
    assert_eq!(results.slow_closed, 0);
}
