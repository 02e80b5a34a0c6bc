//! `ws-frame`: WebSocket clients that announce a 2 GiB frame and stream it.
//!
//! Each client upgrades `/v2/event/subscription`, sends the header of one
//! binary frame declaring 2^31 bytes of payload (masked, as a client's must
//! be), then writes the payload as fast as the connection takes it, up to
//! `megabytes`, and holds the connection until the gateway closes it or the
//! flood stops. The time to close is counted from the frame's header.
//!
//! How much of it the gateway read is found from outside: the bytes written,
//! less what is still in this end's send queue and in the gateway's end's
//! receive queue ([`crate::sockets`]), sampled every [`SAMPLE_EVERY`] while
//! the connection is open; the last sample before the close stands (to
//! within what is written in one sampling interval).

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

use bytes::BytesMut;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::Mutex;
use tokio::time::{Instant, sleep, timeout};

use super::attack::{Attack, Held};
use crate::http::head;
use crate::sockets::Table;

/// How often the socket table is read for the queues.
pub const SAMPLE_EVERY: Duration = Duration::from_millis(100);
/// The payload length the frame's header declares: 2 GiB.
pub const DECLARED: u64 = 1 << 31;
/// Bytes written at a time.
const CHUNK: usize = 64 * 1024;
/// The masking key (any four bytes; zeros masked with it are it, repeated).
const MASK: [u8; 4] = [0x37, 0xfa, 0x21, 0x3d];

/// One streaming connection, as the sampler sees it.
#[derive(Debug)]
pub struct Stream {
    local: SocketAddr,
    /// Bytes written, the frame's header included.
    written: AtomicU64,
    /// Bytes the gateway read, at the last sample.
    read: AtomicU64,
    open: AtomicBool,
}

/// Every streaming connection, for the sampler.
pub type Streams = Arc<Mutex<Vec<Arc<Stream>>>>;

/// The header of a masked binary frame declaring `len` bytes of payload.
pub fn frame_header(len: u64) -> Vec<u8> {
    let mut header = vec![0x82, 0x80 | 127];
    header.extend_from_slice(&len.to_be_bytes());
    header.extend_from_slice(&MASK);
    header
}

/// The upgrade request for the push channel on `api`.
fn upgrade_request(api: SocketAddr) -> String {
    format!(
        "GET /v2/event/subscription HTTP/1.1\r\nHost: {api}\r\nUpgrade: websocket\r\n\
         Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\
         Sec-WebSocket-Version: 13\r\n\r\n"
    )
}

/// Client `index`: upgrades, then streams up to `bytes` of the frame.
pub async fn client(attack: Attack, index: u64, bytes: u64, streams: Streams) {
    let Some((mut stream, _)) = attack.open(index).await else {
        return;
    };
    let tally = &attack.tally;
    let upgraded = timeout(attack.timeout, async {
        stream
            .write_all(upgrade_request(attack.target).as_bytes())
            .await?;
        let mut buf = BytesMut::with_capacity(1024);
        loop {
            if let Ok(Some(head)) = head::parse(&buf) {
                return Ok::<_, std::io::Error>(Some(head.status));
            }
            if stream.read_buf(&mut buf).await? == 0 {
                return Ok(None);
            }
        }
    })
    .await;
    match upgraded {
        Ok(Ok(Some(101))) => tally.answer("upgraded (101)"),
        Ok(Ok(Some(status))) => return tally.answer(&format!("upgrade answered HTTP {status}")),
        Ok(Ok(None)) | Ok(Err(_)) => return tally.answer("closed during the upgrade"),
        Err(_) => return tally.answer("no upgrade answer in time"),
    }
    let local = match stream.local_addr() {
        Ok(local) => local,
        Err(_) => return,
    };
    let me = Arc::new(Stream {
        local,
        written: AtomicU64::new(0),
        read: AtomicU64::new(0),
        open: AtomicBool::new(true),
    });
    streams.lock().await.push(me.clone());
    let (mut read, mut write) = stream.into_split();
    let since = Instant::now();
    let stream_it = async {
        let header = frame_header(DECLARED);
        if write.write_all(&header).await.is_err() {
            return Held::Closed("reset");
        }
        tally.sent(header.len());
        let header_len = header.len() as u64;
        let chunk: Vec<u8> = MASK.iter().copied().cycle().take(CHUNK).collect();
        let mut sent = 0u64;
        while sent < bytes {
            let n = CHUNK.min((bytes - sent) as usize);
            // Counted as each write returns, so the count is what the
            // kernel took, not what was handed to a blocked write.
            match write.write(&chunk[..n]).await {
                Ok(0) | Err(_) => return Held::Closed("reset"),
                Ok(k) => {
                    sent += k as u64;
                    me.written.store(header_len + sent, Ordering::Relaxed);
                    tally.sent(k);
                }
            }
        }
        tally.answer("streamed all it was to");
        std::future::pending().await
    };
    let mut answered = Vec::new();
    let held = tokio::select! {
        held = attack.hold(&mut read, &mut answered) => held,
        held = stream_it => held,
    };
    me.open.store(false, Ordering::Relaxed);
    if let Some(code) = close_code(&answered) {
        tally.answer(&format!("close frame {code}"));
        answered.clear();
    }
    attack.ended(&held, since, &answered, "");
    if held == Held::Stopped {
        // Still open: take what the queues say now.
        sample(std::slice::from_ref(&me), attack.target);
    }
    tally.read(me.read.load(Ordering::Relaxed));
}

/// The status code of a close frame at the start of what the gateway sent.
pub fn close_code(answered: &[u8]) -> Option<u16> {
    match answered {
        [0x88, len, hi, lo, ..] if *len & 0x7F >= 2 => Some(u16::from_be_bytes([*hi, *lo])),
        [0x88, ..] => Some(1005),
        _ => None,
    }
}

/// Updates each open stream's bytes read by the gateway from the queues.
fn sample(streams: &[Arc<Stream>], api: SocketAddr) {
    // Written before the table is read: a write in between makes the
    // estimate low for one sample, never high.
    let written: Vec<u64> = streams
        .iter()
        .map(|s| s.written.load(Ordering::Relaxed))
        .collect();
    let table = Table::read();
    for (stream, written) in streams.iter().zip(written) {
        let (Some(ours), Some(theirs)) =
            (table.get(stream.local, api), table.get(api, stream.local))
        else {
            continue;
        };
        let read = written.saturating_sub(ours.tx_queue + theirs.rx_queue);
        stream.read.fetch_max(read, Ordering::Relaxed);
    }
}

/// Samples every open stream until the flood stops.
pub async fn sampler(attack: Attack, streams: Streams) {
    loop {
        tokio::select! {
            () = sleep(SAMPLE_EVERY) => {}
            () = attack.stopped() => return,
        }
        let open: Vec<Arc<Stream>> = streams
            .lock()
            .await
            .iter()
            .filter(|s| s.open.load(Ordering::Relaxed))
            .cloned()
            .collect();
        if !open.is_empty() {
            let api = attack.target;
            let _ = tokio::task::spawn_blocking(move || sample(&open, api)).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_declares_two_gibibytes_masked() {
        let h = frame_header(DECLARED);
        assert_eq!(h.len(), 14);
        assert_eq!(&h[..2], &[0x82, 0xFF]);
        assert_eq!(u64::from_be_bytes(h[2..10].try_into().unwrap()), 1 << 31);
        assert_eq!(&h[10..], &MASK);
    }

    #[test]
    fn close_codes_are_read_from_a_close_frame() {
        assert_eq!(close_code(&[0x88, 0x02, 0x03, 0xF1]), Some(1009));
        assert_eq!(close_code(&[0x88, 0x00]), Some(1005));
        assert_eq!(close_code(b"HTTP/1.1 400"), None);
        assert_eq!(close_code(&[]), None);
    }
}
