//! A small fake Teltonika server on loopback, shared by the scenario tests.
//!
//! The server decodes every packet with trackgate's own codec, counts the
//! records, and answers with the count (or a fault on purpose), so the
//! simulator's numbers can be checked against an independent tally.

#![allow(dead_code)]

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use bytes::BytesMut;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use trackgate_protocols::teltonika::{TeltonikaCodec, encode};
use trackgate_protocols::{DeviceCodec, Limits, Message};

/// What the fake server saw.
#[derive(Debug, Default)]
pub struct Tally {
    pub logins: AtomicU64,
    pub refused: AtomicU64,
    pub records: AtomicU64,
    /// Connections open now.
    pub open: AtomicU64,
    /// The most connections open at once.
    pub peak_open: AtomicU64,
}

/// How the fake server misbehaves.
#[derive(Debug, Clone, Copy, Default)]
pub struct Faults {
    /// Added to every ack's count.
    pub ack_offset: u32,
    /// Refuse (`00`) this many logins before accepting any.
    pub refuse_first: u64,
    /// Never acknowledge records (a stalled store).
    pub silent: bool,
}

/// Serves Teltonika on 127.0.0.1:0 with `faults`.
pub async fn fake_server(faults: Faults) -> (std::net::SocketAddr, Arc<Tally>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let tally = Arc::new(Tally::default());
    let t = tally.clone();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            tokio::spawn(serve(stream, t.clone(), faults));
        }
    });
    (addr, tally)
}

async fn serve(stream: TcpStream, tally: Arc<Tally>, faults: Faults) {
    let open = tally.open.fetch_add(1, Ordering::Relaxed) + 1;
    tally.peak_open.fetch_max(open, Ordering::Relaxed);
    answer(stream, &tally, faults).await;
    tally.open.fetch_sub(1, Ordering::Relaxed);
}

async fn answer(mut stream: TcpStream, tally: &Tally, faults: Faults) {
    let mut codec = TeltonikaCodec::new(Limits::default());
    let mut buf = BytesMut::with_capacity(4096);
    loop {
        match codec.decode(&mut buf) {
            Ok(Some(Message::Login { .. })) => {
                if tally.refused.fetch_add(1, Ordering::Relaxed) < faults.refuse_first {
                    let _ = stream.write_all(&encode::IMEI_REJECT).await;
                    return;
                }
                tally.logins.fetch_add(1, Ordering::Relaxed);
                stream.write_all(&encode::IMEI_ACCEPT).await.unwrap();
            }
            Ok(Some(Message::Records { records, .. })) => {
                let n = records.len() as u32;
                tally.records.fetch_add(u64::from(n), Ordering::Relaxed);
                if faults.silent {
                    continue;
                }
                let ack = encode::records_ack(n + faults.ack_offset);
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
