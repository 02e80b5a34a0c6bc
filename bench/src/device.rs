//! One simulated device.
//!
//! A device connects, identifies itself and requires the exact login reply,
//! then sends packets of records on its own schedule and requires each to be
//! answered exactly (what each protocol says and answers: [`crate::dialect`]). Like a real device it has at most
//! one packet in flight: it waits for the ack before sending again. If the
//! ack comes after its next slot, that slot is sent late and counted as lag
//! (and any slot missed entirely is skipped and counted), so a slow gateway
//! shows up as lag instead of an ever-growing queue inside the simulator.
//!
//! A lost session (reset, EOF, timeout, wrong reply) is counted, and the
//! device reconnects after a backoff and resends the unacknowledged packet,
//! as real devices do.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::addr::source_for;
use crate::dialect::{Dialect, Exchange};
use crate::push::sent::{Fix, SentLog};
use crate::rng::Rng;
use crate::schedule::Schedule;
use crate::stats::{Counts, Stats};
use crate::track::Track;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};
use tokio::sync::Semaphore;
use tokio::time::{Instant, sleep_until, timeout, timeout_at};

/// What every device of a run shares.
#[derive(Debug)]
pub struct Fleet {
    /// Where to connect.
    pub target: SocketAddr,
    /// The protocol the devices speak.
    pub dialect: Dialect,
    /// Records in every AVL packet (1..=255).
    pub records_per_packet: u8,
    /// Time between one device's packets.
    pub interval: Duration,
    /// How long to wait for a connection, a login reply or an ack.
    pub reply_timeout: Duration,
    /// When devices stop starting new packets.
    pub deadline: Instant,
    /// How long after the deadline an in-flight ack is still waited for.
    pub grace: Duration,
    /// When the run started.
    pub start: Instant,
    /// What the devices count (shared with whoever watches the run).
    pub stats: Arc<Stats>,
    /// Connections made so far; picks each connection's source address.
    connections: AtomicU64,
    /// Limits simultaneous handshakes so a large ramp does not overflow the
    /// gateway's accept backlog (which would show up as SYN retries, not load).
    handshakes: Semaphore,
    /// Microseconds from start to the last device's first login.
    ramp_end_us: AtomicU64,
    /// Where each packet's newest fix and send time are noted, if anyone
    /// times what the gateway makes of them (the push scenario).
    pub sent: Option<Arc<SentLog>>,
}

impl Fleet {
    /// A fleet starting now; see the field docs for the parameters.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        target: SocketAddr,
        dialect: Dialect,
        records_per_packet: u8,
        interval: Duration,
        reply_timeout: Duration,
        run_for: Duration,
        max_handshakes: usize,
        stats: Arc<Stats>,
    ) -> Self {
        let start = Instant::now();
        Self {
            target,
            dialect,
            records_per_packet,
            interval,
            reply_timeout,
            deadline: start + run_for,
            grace: reply_timeout,
            start,
            stats,
            connections: AtomicU64::new(0),
            handshakes: Semaphore::new(max_handshakes.max(1)),
            ramp_end_us: AtomicU64::new(0),
            sent: None,
        }
    }

    /// This fleet, noting every packet it sends in `log`.
    pub fn noting_sends(mut self, log: Option<Arc<SentLog>>) -> Self {
        self.sent = log;
        self
    }

    /// Time from start until the last device first logged in.
    pub fn ramp(&self) -> Duration {
        Duration::from_micros(self.ramp_end_us.load(Ordering::Relaxed))
    }

    /// This fleet, its first connection counted as the `first`-th for
    /// choosing source addresses (so a second run can start on a source
    /// address the first left alone).
    pub fn from_connection(self, first: u64) -> Self {
        self.connections.store(first, Ordering::Relaxed);
        self
    }

    /// The source address of the next connection, if one is to be bound.
    fn next_source(&self) -> Option<IpAddr> {
        source_for(
            self.target,
            self.connections.fetch_add(1, Ordering::Relaxed),
        )
    }
}

/// How a session ended or failed to start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lost {
    Connect,
    Refused,
    Mismatch,
    Timeout,
    Io,
}

impl Lost {
    /// What went wrong, in a word or two.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::Connect => "connect",
            Self::Refused => "login refused",
            Self::Mismatch => "wrong reply",
            Self::Timeout => "timeout",
            Self::Io => "closed/io",
        }
    }

    pub(crate) fn count(self, counts: &Counts) {
        let counter = match self {
            Self::Connect => &counts.connect_errors,
            Self::Refused => &counts.login_refused,
            Self::Mismatch => &counts.mismatched_replies,
            Self::Timeout => &counts.timeouts,
            Self::Io => &counts.io_errors,
        };
        Counts::bump(counter);
    }
}

/// Runs device `index` (IMEI `imei`) of `fleet` until the fleet's deadline.
///
/// Its slots are `interval` apart, offset by `phase` from the fleet's start,
/// each moved by up to ±5 % of the interval at random.
pub async fn run(
    fleet: Arc<Fleet>,
    index: u64,
    imei: String,
    phase: Duration,
) -> Result<(), String> {
    let counts = &fleet.stats.counts;
    let mut rng = Rng::new(index.wrapping_mul(0x2545_F491_4F6C_DD1D));
    let mut track = Track::new(index);
    let step_ms =
        (fleet.interval.as_millis() as i64 / i64::from(fleet.records_per_packet)).clamp(1, 60_000);
    let mut schedule = Schedule::new(fleet.start + phase, fleet.interval);
    let mut pending: Option<(Exchange, Option<Fix>)> = None;
    let mut attempts = 0u32;
    let mut logged_in_once = false;

    'sessions: while Instant::now() < fleet.deadline {
        if attempts > 0 {
            Counts::bump(&counts.reconnects);
            let backoff = Duration::from_millis(100 << attempts.min(5)).min(Duration::from_secs(2));
            let wait = backoff.mul_f64(rng.range(0.5, 1.0));
            sleep_until((Instant::now() + wait).min(fleet.deadline)).await;
            if Instant::now() >= fleet.deadline {
                break;
            }
        }
        attempts += 1;
        // Serial numbers (where the protocol has them) start over with each session.
        let mut serial = 0u16;
        let login = fleet.dialect.login(&imei, &mut serial);
        // Waiting for a handshake slot must not outlive the run either.
        let mut stream = match timeout_at(fleet.deadline, connect_and_login(&fleet, &login)).await {
            Ok(Ok(stream)) => stream,
            Ok(Err(lost)) => {
                lost.count(counts);
                continue;
            }
            Err(_) => break,
        };
        Counts::bump(&counts.sessions);
        if !logged_in_once {
            logged_in_once = true;
            Counts::bump(&counts.initial_sessions);
            let us = fleet.start.elapsed().as_micros() as u64;
            fleet.ramp_end_us.fetch_max(us, Ordering::Relaxed);
            // Slots that passed while the device was first connecting are
            // not lag: it was never going to send them.
            schedule.skip_past(Instant::now());
        }

        loop {
            let (packet, fix) = match pending.take() {
                // Unacknowledged when the last session was lost: send it again.
                Some(packet) => packet,
                None => {
                    let at = schedule.next(Instant::now(), &mut rng, counts);
                    if at >= fleet.deadline {
                        break 'sessions;
                    }
                    sleep_until(at).await;
                    let now_ms = SystemTime::now()
                        .duration_since(UNIX_EPOCH)
                        .map_or(0, |d| d.as_millis() as i64);
                    let count = usize::from(fleet.records_per_packet);
                    let records = track.next_records(count, now_ms, step_ms);
                    let fix = records
                        .last()
                        .map(|r| Fix::of(r.fix_time_ms, r.latitude, r.longitude));
                    (fleet.dialect.packet(&imei, &records, &mut serial)?, fix)
                }
            };
            if let (Some(log), Some(fix)) = (&fleet.sent, fix) {
                log.note(index as usize, fix, Instant::now().into_std());
            }
            match exchange(&fleet, &mut stream, &packet.send, &packet.expect).await {
                Ok(latency) => {
                    fleet.stats.ack_latency.record(latency);
                    Counts::bump(&counts.packets_acked);
                    Counts::add(&counts.records_acked, u64::from(fleet.records_per_packet));
                    attempts = 0;
                }
                Err(lost) => {
                    pending = Some((packet, fix));
                    let over = Instant::now() >= fleet.deadline;
                    // Past the deadline a timeout is the end of the grace
                    // period, counted as unacknowledged below instead.
                    if !(over && lost == Lost::Timeout) {
                        lost.count(counts);
                    }
                    if over {
                        break 'sessions;
                    }
                    attempts = attempts.max(1);
                    continue 'sessions;
                }
            }
        }
    }
    if pending.is_some() {
        Counts::bump(&counts.unacked_at_end);
    }
    schedule.skip_until(fleet.deadline, counts);
    Ok(())
}

/// Connects (from the next source address) and identifies with `login`.
pub(crate) async fn connect_and_login(fleet: &Fleet, login: &Exchange) -> Result<TcpStream, Lost> {
    let _permit = fleet
        .handshakes
        .acquire()
        .await
        .map_err(|_| Lost::Connect)?;
    let started = Instant::now();
    Counts::bump(&fleet.stats.counts.connect_attempts);
    let socket = if fleet.target.is_ipv4() {
        TcpSocket::new_v4()
    } else {
        TcpSocket::new_v6()
    }
    .map_err(|_| Lost::Connect)?;
    if let Some(source) = fleet.next_source() {
        socket
            .bind(SocketAddr::new(source, 0))
            .map_err(|_| Lost::Connect)?;
    }
    let mut stream = timeout(fleet.reply_timeout, socket.connect(fleet.target))
        .await
        .map_err(|_| Lost::Connect)?
        .map_err(|_| Lost::Connect)?;
    // Packets are written whole; waiting to coalesce them only adds latency.
    stream.set_nodelay(true).map_err(|_| Lost::Io)?;
    let mut reply = vec![0u8; login.expect.len()];
    timeout(fleet.reply_timeout, async {
        stream.write_all(&login.send).await?;
        stream.read_exact(&mut reply).await
    })
    .await
    .map_err(|_| Lost::Timeout)?
    .map_err(|_| Lost::Io)?;
    if reply == login.expect {
        fleet.stats.login_latency.record(started.elapsed());
        Ok(stream)
    } else if login.refused.as_deref() == Some(&reply[..]) {
        Err(Lost::Refused)
    } else {
        Err(Lost::Mismatch)
    }
}

/// Sends `packet` and waits for exactly `expected`; returns the latency.
pub(crate) async fn exchange(
    fleet: &Fleet,
    stream: &mut TcpStream,
    packet: &[u8],
    expected: &[u8],
) -> Result<Duration, Lost> {
    let sent = Instant::now();
    // Past the deadline only the grace period is left to wait.
    let limit = (sent + fleet.reply_timeout).min(fleet.deadline + fleet.grace);
    let mut reply = vec![0u8; expected.len()];
    timeout_at(limit, async {
        stream.write_all(packet).await?;
        Counts::bump(&fleet.stats.counts.packets_sent);
        stream.read_exact(&mut reply).await
    })
    .await
    .map_err(|_| Lost::Timeout)?
    .map_err(|_| Lost::Io)?;
    let latency = sent.elapsed();
    if reply == expected {
        Ok(latency)
    } else {
        Err(Lost::Mismatch)
    }
}
