//! A device that keeps every record until the gateway acknowledges it.
//!
//! Like [`crate::device`]'s devices it logs in, sends a packet of K records
//! on each of its slots and waits for the exact reply before sending again;
//! a lost session (the gateway killed under it) is followed by reconnects
//! with backoff, and the unacknowledged packet is sent again first. Here the
//! packet is kept as its records and encoded again in the new session, since
//! some protocols number messages and replies per connection.
//!
//! Every record is told apart by its device and fix time: device `i`'s fix
//! times are whole seconds (every protocol carries seconds exactly), the
//! first at `first_fix_ms` and each one second after the one before. The
//! device notes each record's time when it is first sent and again when it
//! is acknowledged, in its [`Book`].

use std::sync::Arc;
use std::time::Duration;

use tokio::time::{Instant, sleep_until, timeout_at};
use trackgate_protocols::Record;

use crate::device::{Fleet, Lost, connect_and_login, exchange};
use crate::rng::Rng;
use crate::schedule::Schedule;
use crate::stats::Counts;
use crate::track::Track;

/// Milliseconds between one device's consecutive fix times.
pub const FIX_STEP_MS: i64 = 1_000;

/// The fix times one device sent, and those acknowledged.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Book {
    /// Every record's fix time, once, when first sent.
    pub sent: Vec<i64>,
    /// The fix times of records whose packet was acknowledged.
    pub acked: Vec<i64>,
    /// Records sent again after a lost session (each time counted).
    pub resent: u64,
}

/// The next `count` records of `track`, at the `count` whole seconds from
/// `*next_fix_ms` on; moves `*next_fix_ms` past them.
pub fn next_records(track: &mut Track, count: usize, next_fix_ms: &mut i64) -> Vec<Record> {
    let last = *next_fix_ms + FIX_STEP_MS * (count as i64 - 1);
    *next_fix_ms = last + FIX_STEP_MS;
    track.next_records(count, last, FIX_STEP_MS)
}

/// Runs device `index` of `fleet` until the fleet's deadline.
pub async fn run(
    fleet: Arc<Fleet>,
    index: u32,
    imei: String,
    phase: Duration,
    first_fix_ms: i64,
) -> Result<Book, String> {
    let counts = &fleet.stats.counts;
    let mut rng = Rng::new(u64::from(index).wrapping_mul(0x2545_F491_4F6C_DD1D));
    let mut track = Track::new(u64::from(index));
    let mut next_fix_ms = first_fix_ms;
    let count = usize::from(fleet.records_per_packet);
    let mut schedule = Schedule::new(fleet.start + phase, fleet.interval);
    let mut book = Book::default();
    // The records of the packet sent and not yet acknowledged.
    let mut pending: Option<Vec<Record>> = None;
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
        let mut serial = 0u16;
        let login = fleet.dialect.login(&imei, &mut serial);
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
            schedule.skip_past(Instant::now());
        }

        loop {
            let records = match pending.take() {
                Some(records) => {
                    book.resent += records.len() as u64;
                    records
                }
                None => {
                    let at = schedule.next(Instant::now(), &mut rng, counts);
                    if at >= fleet.deadline {
                        break 'sessions;
                    }
                    sleep_until(at).await;
                    let records = next_records(&mut track, count, &mut next_fix_ms);
                    book.sent.extend(records.iter().map(|r| r.fix_time_ms));
                    records
                }
            };
            let packet = fleet.dialect.packet(&imei, &records, &mut serial)?;
            match exchange(&fleet, &mut stream, &packet.send, &packet.expect).await {
                Ok(latency) => {
                    fleet.stats.ack_latency.record(latency);
                    Counts::bump(&counts.packets_acked);
                    Counts::add(&counts.records_acked, records.len() as u64);
                    book.acked.extend(records.iter().map(|r| r.fix_time_ms));
                    attempts = 0;
                }
                Err(lost) => {
                    pending = Some(records);
                    let over = Instant::now() >= fleet.deadline;
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
    Ok(book)
}

#[cfg(test)]
mod tests {
    use bytes::BytesMut;
    use trackgate_protocols::record::FixSource;
    use trackgate_protocols::{Limits, Message};

    use super::*;
    use crate::dialect::Dialect;

    #[test]
    fn fix_times_are_whole_seconds_one_apart_across_packets() {
        let mut track = Track::new(5);
        let mut next = 1_700_000_000_000;
        let a = next_records(&mut track, 3, &mut next);
        let b = next_records(&mut track, 2, &mut next);
        let times: Vec<i64> = a.iter().chain(&b).map(|r| r.fix_time_ms).collect();
        let expected: Vec<i64> = (0..5).map(|s| 1_700_000_000_000 + s * 1_000).collect();
        assert_eq!(times, expected);
        assert_eq!(next, 1_700_000_005_000);
    }

    /// The located records the gateway's codec decodes from a session
    /// that sent `messages`.
    fn decoded(dialect: Dialect, messages: &[&[u8]]) -> Vec<Record> {
        let mut codec = dialect.protocol().stream_codec(Limits::default()).unwrap();
        let mut input = BytesMut::from(&messages.concat()[..]);
        let mut out = Vec::new();
        while let Some(message) = codec.decode(&mut input).unwrap() {
            if let Message::Records { records, .. } = message {
                out.extend(records.into_iter().filter(|r| r.source != FixSource::None));
            }
        }
        out
    }

    /// A packet sent again in a new session, after other messages (so
    /// with other serial numbers), decodes to the same records, at exactly
    /// the fix times sent: the store keeps one copy of each.
    #[test]
    fn a_packet_encoded_again_in_another_session_decodes_to_the_same_records() {
        let imei = "350000000000018";
        for &dialect in Dialect::all() {
            let mut track = Track::new(1);
            let mut next = 1_700_000_000_000;
            let earlier = next_records(&mut track, 2, &mut next);
            let records = next_records(&mut track, 4, &mut next);

            let mut serial = 0u16;
            let login = dialect.login(imei, &mut serial);
            let first = dialect.packet(imei, &records, &mut serial).unwrap();
            let once = decoded(dialect, &[&login.send, &first.send]);

            let mut serial = 0u16;
            let login = dialect.login(imei, &mut serial);
            let before = dialect.packet(imei, &earlier, &mut serial).unwrap();
            let again = dialect.packet(imei, &records, &mut serial).unwrap();
            let twice = decoded(dialect, &[&login.send, &before.send, &again.send]);

            let times: Vec<i64> = once.iter().map(|r| r.fix_time_ms).collect();
            let sent: Vec<i64> = records.iter().map(|r| r.fix_time_ms).collect();
            assert_eq!(times, sent, "{dialect:?}: fix times kept exactly");
            assert_eq!(once[..], twice[2..], "{dialect:?}");
        }
    }
}
