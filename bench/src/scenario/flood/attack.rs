//! The floods that are connections held open: idle TCP, slow request
//! bodies, unfinished frames and unknown devices logging in.
//!
//! Every connection is its own task. It connects (at most `handshakes` at
//! once, from source addresses of its own), does what its kind does, and
//! then holds the connection, reading, until the gateway closes it or the
//! flood is stopped; a close is counted with the time since the connection
//! was made (since its request head was sent, for `slow-body`).

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};
use tokio::sync::{Semaphore, watch};
use tokio::time::{Instant, MissedTickBehavior, interval_at, timeout};
use trackgate_protocols::teltonika::AvlCodec;
use trackgate_protocols::teltonika::encode::encode_avl;

use super::outcome::Tally;
use crate::addr::{CONNECTIONS_PER_SOURCE, source_for};
use crate::dialect::Dialect;
use crate::track::Track;

/// The flood's connections come from source addresses after the canary's
/// (127.0.0.12 on), so neither runs the other out of ports.
pub(super) const SOURCE_OFFSET: u64 = 10 * CONNECTIONS_PER_SOURCE;
/// Bytes of what the gateway answered that are kept to name the answer.
const ANSWER_KEPT: usize = 512;

/// What every connection of a flood shares.
#[derive(Debug, Clone)]
pub struct Attack {
    /// Where to connect.
    pub target: SocketAddr,
    /// How long a connect (and a login reply) may take.
    pub timeout: Duration,
    /// Connects in progress at once, at most.
    pub handshakes: Arc<Semaphore>,
    /// Becomes `true` when the flood stops.
    pub stop: watch::Receiver<bool>,
    /// What the flood counts.
    pub tally: Arc<Tally>,
}

/// How holding a connection ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Held {
    /// The gateway closed it: `EOF` or `reset`.
    Closed(&'static str),
    /// The flood was stopped with the connection still open.
    Stopped,
}

impl Attack {
    /// Waits until the flood is stopped.
    pub async fn stopped(&self) {
        let mut stop = self.stop.clone();
        let _ = stop.wait_for(|stopped| *stopped).await;
    }

    /// Connection `index`, or `None` if it could not be made (counted).
    pub async fn open(&self, index: u64) -> Option<(TcpStream, Instant)> {
        let tally = &self.tally;
        let _permit = tokio::select! {
            permit = self.handshakes.acquire() => permit.ok()?,
            () = self.stopped() => return None,
        };
        Tally::bump(&tally.attempted);
        let socket = if self.target.is_ipv4() {
            TcpSocket::new_v4()
        } else {
            TcpSocket::new_v6()
        };
        let bound = socket.and_then(|s| {
            if let Some(source) = source_for(self.target, SOURCE_OFFSET + index) {
                s.bind(SocketAddr::new(source, 0))?;
            }
            Ok(s)
        });
        let socket = match bound {
            Ok(socket) => socket,
            Err(e) => {
                Tally::bump(&tally.connect_errors);
                tally.answer(&format!("socket: {}", e.kind()));
                return None;
            }
        };
        match timeout(self.timeout, socket.connect(self.target)).await {
            Ok(Ok(stream)) => {
                let local = stream.local_addr().ok()?;
                tally.connected(local);
                let _ = stream.set_nodelay(true);
                Some((stream, Instant::now()))
            }
            Ok(Err(e)) if e.kind() == std::io::ErrorKind::ConnectionRefused => {
                Tally::bump(&tally.refused);
                None
            }
            Ok(Err(e)) => {
                Tally::bump(&tally.connect_errors);
                tally.answer(&format!("connect: {}", e.kind()));
                None
            }
            Err(_) => {
                Tally::bump(&tally.connect_timeouts);
                None
            }
        }
    }

    /// Reads from `stream` until the gateway closes it or the flood stops,
    /// keeping the start of anything the gateway sends in `answered`.
    pub async fn hold<R: AsyncRead + Unpin>(&self, stream: &mut R, answered: &mut Vec<u8>) -> Held {
        let mut buf = [0u8; 4096];
        loop {
            tokio::select! {
                read = stream.read(&mut buf) => match read {
                    Ok(0) => return Held::Closed("EOF"),
                    Ok(n) => keep(answered, &buf[..n]),
                    Err(_) => return Held::Closed("reset"),
                },
                () = self.stopped() => return Held::Stopped,
            }
        }
    }

    /// Counts how a connection started at `since` ended.
    pub fn ended(&self, held: &Held, since: Instant, answered: &[u8], what: &str) {
        if let Held::Closed(how) = held {
            self.tally.closed(since.elapsed().as_secs_f64());
            self.tally.answer(&format!("{what}closed ({how})"));
        }
        if !answered.is_empty() {
            self.tally
                .answer(&format!("{what}answered: {}", name_answer(answered)));
        }
    }
}

fn keep(answered: &mut Vec<u8>, bytes: &[u8]) {
    let room = ANSWER_KEPT.saturating_sub(answered.len());
    answered.extend_from_slice(&bytes[..bytes.len().min(room)]);
}

/// An answer by its HTTP status line if it has one, else its first bytes in hex.
pub fn name_answer(answered: &[u8]) -> String {
    let text = String::from_utf8_lossy(answered);
    if let Some(status) = text
        .strip_prefix("HTTP/1.1 ")
        .or(text.strip_prefix("HTTP/1.0 "))
    {
        let code: String = status.chars().take_while(char::is_ascii_digit).collect();
        return format!("HTTP {code}");
    }
    let shown = &answered[..answered.len().min(8)];
    let more = if answered.len() > shown.len() {
        "…"
    } else {
        ""
    };
    format!(
        "{} bytes ({}{more})",
        answered.len(),
        trackgate_protocols::hex::encode(shown)
    )
}

/// `idle-tcp`: connects and says nothing.
pub async fn idle(attack: Attack, index: u64) {
    let Some((mut stream, since)) = attack.open(index).await else {
        return;
    };
    let mut answered = Vec::new();
    let held = attack.hold(&mut stream, &mut answered).await;
    attack.ended(&held, since, &answered, "");
}

/// `partial-frames`: writes `frame` (an unfinished frame) and holds.
pub async fn partial(attack: Attack, index: u64, frame: Arc<Vec<u8>>) {
    let Some((mut stream, since)) = attack.open(index).await else {
        return;
    };
    let written = tokio::select! {
        written = stream.write_all(&frame) => written.is_ok(),
        () = attack.stopped() => return,
    };
    if written {
        attack.tally.sent(frame.len());
    }
    let mut answered = Vec::new();
    let held = attack.hold(&mut stream, &mut answered).await;
    attack.ended(&held, since, &answered, "");
}

/// A Teltonika AVL frame of `bytes` bytes whose header declares `declared`
/// bytes of data: the header, the data of a real one-record packet (from
/// the protocol's own encoder), then zeros. It never completes.
pub fn partial_frame(bytes: usize, declared: u32) -> Result<Vec<u8>, String> {
    let now_ms = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64);
    let records = Track::new(0).next_records(1, now_ms, 1_000);
    let packet = encode_avl(AvlCodec::Codec8E, &records).map_err(|e| e.to_string())?;
    // A whole packet: 4 zero bytes, the data length, the data, the CRC field.
    let data = &packet[8..packet.len() - 4];
    let mut frame = Vec::with_capacity(bytes);
    frame.extend_from_slice(&[0, 0, 0, 0]);
    frame.extend_from_slice(&declared.to_be_bytes());
    frame.extend_from_slice(data);
    frame.resize(bytes, 0);
    Ok(frame)
}

/// `slow-body`: an API request whose head promises `content_length` bytes
/// of body, which then come one every `every`, never all of them.
pub async fn slow_body(attack: Attack, index: u64, content_length: u64, every: Duration) {
    let Some((stream, _)) = attack.open(index).await else {
        return;
    };
    let head = format!(
        "POST /v2/user/auth HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\n\
         Content-Length: {content_length}\r\n\r\n",
        attack.target
    );
    let (mut read, mut write) = stream.into_split();
    if write.write_all(head.as_bytes()).await.is_err() {
        attack.tally.answer("closed before the head was written");
        return;
    }
    attack.tally.sent(head.len());
    let since = Instant::now();
    let mut tick = interval_at(since + every, every);
    tick.set_missed_tick_behavior(MissedTickBehavior::Delay);
    let mut body_sent = 0u64;
    let mut answered = Vec::new();
    let trickle = async {
        loop {
            tick.tick().await;
            // One byte short of the whole body: the request never completes.
            if body_sent + 1 >= content_length {
                std::future::pending::<()>().await;
            }
            let byte: &[u8] = if body_sent == 0 { b"{" } else { b" " };
            if write.write_all(byte).await.is_err() {
                return;
            }
            body_sent += 1;
            attack.tally.sent(1);
        }
    };
    let held = tokio::select! {
        held = attack.hold(&mut read, &mut answered) => held,
        // A failed write means the gateway reset the connection.
        () = trickle => Held::Closed("reset"),
    };
    attack.ended(&held, since, &answered, "");
}

/// `unknown-devices`: logs in as device `imei`, which the gateway has never
/// seen (`valid`: whether its check digit is right), and holds the
/// connection if the login is accepted.
pub async fn unknown_device(
    attack: Attack,
    index: u64,
    dialect: Dialect,
    imei: String,
    valid: bool,
) {
    let what = if valid { "valid IMEI" } else { "invalid IMEI" };
    let login = dialect.login(&imei, &mut 0);
    let opened = attack.open(index).await;
    let Some((mut stream, since)) = opened else {
        return;
    };
    let mut reply = vec![0u8; login.expect.len()];
    let sent = Instant::now();
    let answer = timeout(attack.timeout, async {
        stream.write_all(&login.send).await?;
        stream.read_exact(&mut reply).await
    })
    .await;
    attack.tally.sent(login.send.len());
    let accepted = match answer {
        Err(_) => {
            attack.tally.answer(&format!("{what}: no answer in time"));
            false
        }
        Ok(Err(_)) => {
            attack
                .tally
                .answer(&format!("{what}: closed without an answer"));
            false
        }
        Ok(Ok(_)) => {
            attack.tally.latency.record(sent.elapsed());
            let accepted = reply == login.expect;
            let verdict = if accepted {
                "accepted"
            } else if login.refused.as_deref() == Some(&reply[..]) {
                "refused"
            } else {
                "answered otherwise"
            };
            attack.tally.answer(&format!("{what}: {verdict}"));
            accepted
        }
    };
    if accepted {
        let mut answered = Vec::new();
        let held = attack.hold(&mut stream, &mut answered).await;
        attack.ended(&held, since, &answered, "accepted, then ");
    }
}

#[cfg(test)]
mod tests;
