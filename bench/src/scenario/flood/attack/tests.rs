//! The floods against small servers on loopback that close, answer and
//! read the way a gateway might, so what the flood counts can be checked.

use std::future::Future;
use std::sync::atomic::Ordering;

use tokio::net::TcpListener;
use tokio::time::sleep;

use super::super::ws;
use super::*;
use crate::imei::luhn_valid;

fn attack(target: SocketAddr, stop: watch::Receiver<bool>) -> Attack {
    Attack {
        target,
        timeout: Duration::from_secs(2),
        handshakes: Arc::new(Semaphore::new(16)),
        stop,
        tally: Arc::new(Tally::default()),
    }
}

/// Serves every connection to a fresh loopback port with `serve(stream, n)`.
async fn server<F, Fut>(serve: F) -> SocketAddr
where
    F: Fn(TcpStream, u64) -> Fut + Send + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let mut n = 0;
        while let Ok((stream, _)) = listener.accept().await {
            tokio::spawn(serve(stream, n));
            n += 1;
        }
    });
    addr
}

/// Runs `tasks` until `after`, then stops the flood and waits for them.
async fn flood_for(
    after: Duration,
    stop: watch::Sender<bool>,
    tasks: Vec<tokio::task::JoinHandle<()>>,
) {
    sleep(after).await;
    stop.send(true).unwrap();
    for task in tasks {
        tokio::time::timeout(Duration::from_secs(5), task)
            .await
            .expect("the flood stops")
            .unwrap();
    }
}

#[tokio::test]
async fn idle_connections_the_server_closes_are_counted_with_their_time() {
    let target = server(|stream, n| async move {
        if n % 2 == 0 {
            sleep(Duration::from_millis(200)).await;
            drop(stream);
        } else {
            sleep(Duration::from_secs(30)).await;
        }
    })
    .await;
    let (stop, stopped) = watch::channel(false);
    let a = attack(target, stopped);
    let tasks = (0..4).map(|i| tokio::spawn(idle(a.clone(), i))).collect();
    flood_for(Duration::from_millis(800), stop, tasks).await;
    let counts = a.tally.counts(Vec::new());
    assert_eq!((counts.attempted, counts.connected), (4, 4));
    assert_eq!(counts.closed_by_gateway, 2);
    assert_eq!(counts.answers["closed (EOF)"], 2);
    let close = counts.time_to_close_s.unwrap();
    assert!(close.min >= 0.15 && close.max < 0.7, "{close:?}");
}

#[tokio::test]
async fn a_refused_port_counts_as_refused() {
    let closed = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let target = closed.local_addr().unwrap();
    drop(closed);
    let (_stop, stopped) = watch::channel(false);
    let a = attack(target, stopped);
    idle(a.clone(), 0).await;
    let counts = a.tally.counts(Vec::new());
    assert_eq!(
        (counts.attempted, counts.connected, counts.refused),
        (1, 0, 1)
    );
}

#[tokio::test]
async fn a_partial_frame_is_sent_whole_and_held() {
    let (got, mut seen) = tokio::sync::mpsc::unbounded_channel();
    let target = server(move |mut stream, _| {
        let got = got.clone();
        async move {
            let mut buf = vec![0u8; 61_440];
            stream.read_exact(&mut buf).await.unwrap();
            got.send(buf).unwrap();
            sleep(Duration::from_millis(100)).await;
        }
    })
    .await;
    let (stop, stopped) = watch::channel(false);
    let a = attack(target, stopped);
    let frame = Arc::new(partial_frame(61_440, 65_000).unwrap());
    let task = tokio::spawn(partial(a.clone(), 0, frame.clone()));
    flood_for(Duration::from_millis(500), stop, vec![task]).await;
    assert_eq!(seen.recv().await.unwrap(), *frame);
    let counts = a.tally.counts(Vec::new());
    assert_eq!((counts.bytes_sent, counts.closed_by_gateway), (61_440, 1));
}

#[tokio::test]
async fn a_slow_body_trickles_until_the_server_answers() {
    let target = server(|mut stream, _| async move {
        let mut buf = Vec::new();
        let mut chunk = [0u8; 1024];
        loop {
            let n = stream.read(&mut chunk).await.unwrap();
            buf.extend_from_slice(&chunk[..n]);
            let text = String::from_utf8_lossy(&buf);
            if let Some((head, body)) = text.split_once("\r\n\r\n") {
                assert!(head.contains("Content-Length: 1024"), "{head}");
                if body.len() >= 2 {
                    assert_eq!(body, "{ ");
                    break;
                }
            }
        }
        let answer = b"HTTP/1.1 408 Request Timeout\r\ncontent-length: 0\r\n\r\n";
        stream.write_all(answer).await.unwrap();
    })
    .await;
    let (stop, stopped) = watch::channel(false);
    let a = attack(target, stopped);
    let every = Duration::from_millis(50);
    let task = tokio::spawn(slow_body(a.clone(), 0, 1_024, every));
    flood_for(Duration::from_millis(600), stop, vec![task]).await;
    let counts = a.tally.counts(Vec::new());
    assert_eq!(
        counts.answers["answered: HTTP 408"], 1,
        "{:?}",
        counts.answers
    );
    assert_eq!(counts.closed_by_gateway, 1);
    assert!(counts.time_to_close_s.unwrap().max >= 0.1);
}

#[tokio::test]
async fn unknown_devices_are_counted_by_validity_and_answer() {
    // Accepts IMEIs with a right check digit, refuses the others.
    let target = server(|mut stream, _| async move {
        let mut len = [0u8; 2];
        stream.read_exact(&mut len).await.unwrap();
        let mut imei = vec![0u8; usize::from(u16::from_be_bytes(len))];
        stream.read_exact(&mut imei).await.unwrap();
        let valid = luhn_valid(std::str::from_utf8(&imei).unwrap());
        stream.write_all(&[u8::from(valid)]).await.unwrap();
        if valid {
            let _ = stream.read(&mut [0u8; 1]).await;
        }
    })
    .await;
    let (stop, stopped) = watch::channel(false);
    let a = attack(target, stopped);
    let tasks = [false, true]
        .into_iter()
        .enumerate()
        .map(|(i, invalid)| {
            let imei = super::super::unknown_imei(353_000_000_000_000, i as u64, invalid).unwrap();
            tokio::spawn(unknown_device(
                a.clone(),
                i as u64,
                Dialect::TELTONIKA,
                imei,
                !invalid,
            ))
        })
        .collect();
    flood_for(Duration::from_millis(400), stop, tasks).await;
    let counts = a.tally.counts(Vec::new());
    assert_eq!(
        counts.answers["valid IMEI: accepted"], 1,
        "{:?}",
        counts.answers
    );
    assert_eq!(counts.answers["invalid IMEI: refused"], 1);
    assert_eq!(counts.latency.unwrap().count, 2);
    assert_eq!(
        counts.closed_by_gateway, 0,
        "the accepted one was held to the end"
    );
}

#[tokio::test]
async fn a_websocket_stream_counts_what_the_server_read_and_its_close() {
    const READ: usize = 1 << 20;
    let target = server(|mut stream, _| async move {
        let mut buf = Vec::new();
        while !String::from_utf8_lossy(&buf).contains("\r\n\r\n") {
            let mut chunk = [0u8; 1024];
            let n = stream.read(&mut chunk).await.unwrap();
            buf.extend_from_slice(&chunk[..n]);
        }
        let head =
            "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n";
        stream.write_all(head.as_bytes()).await.unwrap();
        let mut frame = vec![0u8; 14 + READ];
        stream.read_exact(&mut frame).await.unwrap();
        assert_eq!(frame[..14], ws::frame_header(ws::DECLARED)[..]);
        // Time for the sampler to see the queues, then a close (1009).
        sleep(Duration::from_millis(400)).await;
        stream.write_all(&[0x88, 0x02, 0x03, 0xF1]).await.unwrap();
        sleep(Duration::from_millis(100)).await;
    })
    .await;
    let (stop, stopped) = watch::channel(false);
    let a = attack(target, stopped);
    let streams: ws::Streams = Arc::default();
    let tasks = vec![
        tokio::spawn(ws::sampler(a.clone(), streams.clone())),
        tokio::spawn(ws::client(a.clone(), 0, 64 << 20, streams)),
    ];
    flood_for(Duration::from_millis(1_500), stop, tasks).await;
    let counts = a.tally.counts(Vec::new());
    assert_eq!(counts.answers["upgraded (101)"], 1, "{:?}", counts.answers);
    assert_eq!(
        counts.answers["close frame 1009"], 1,
        "{:?}",
        counts.answers
    );
    assert_eq!(counts.closed_by_gateway, 1);
    let read = counts.gateway_read_bytes.unwrap().max as usize;
    assert!((14 + READ..14 + READ + 64 * 1024).contains(&read), "{read}");
    assert!(a.tally.bytes_sent.load(Ordering::Relaxed) > READ as u64);
}
