//! What the flood's own connections saw: connects, answers, closes, bytes.
//!
//! The flood's tasks count into one [`Tally`] while they run; at the flood's
//! peak the socket table is read for the gateway's end of each connection
//! ([`Census`]); at the end the tally becomes [`FloodCounts`].

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use serde::{Deserialize, Serialize};

use crate::sockets::{ESTABLISHED, Table};
use crate::stats::{Latency, LatencySummary};

/// The flood's counters, shared by its tasks.
#[derive(Debug, Default)]
pub struct Tally {
    /// Connections attempted.
    pub attempted: AtomicU64,
    /// Connections the kernel completed.
    pub connected: AtomicU64,
    /// Connects refused (RST).
    pub refused: AtomicU64,
    /// Connects not completed within the timeout (SYNs dropped).
    pub connect_timeouts: AtomicU64,
    /// Connects that failed otherwise.
    pub connect_errors: AtomicU64,
    /// Connections the gateway closed (EOF or reset) while the flood held them.
    pub closed_by_gateway: AtomicU64,
    /// Bytes the flood wrote.
    pub bytes_sent: AtomicU64,
    /// Requests made (auth).
    pub requests: AtomicU64,
    /// Latency of the answers (auth answers, login replies).
    pub latency: Latency,
    /// Seconds from each closed connection's start (see the kind) to its close.
    close_after_s: Mutex<Vec<f64>>,
    /// What the gateway answered, by name.
    answers: Mutex<BTreeMap<String, u64>>,
    /// Our end of every connection made, for the census.
    locals: Mutex<Vec<SocketAddr>>,
    /// Bytes the gateway read, per connection that streamed (ws-frame).
    read_bytes: Mutex<Vec<u64>>,
}

fn add(counter: &AtomicU64, n: u64) {
    counter.fetch_add(n, Ordering::Relaxed);
}

impl Tally {
    /// Counts one more of `counter`.
    pub fn bump(counter: &AtomicU64) {
        add(counter, 1);
    }

    /// Counts `n` bytes written.
    pub fn sent(&self, n: usize) {
        add(&self.bytes_sent, n as u64);
    }

    /// Counts an answer (or an ending) named `name`.
    pub fn answer(&self, name: &str) {
        let mut answers = self.answers.lock().unwrap_or_else(|e| e.into_inner());
        *answers.entry(name.to_owned()).or_default() += 1;
    }

    /// Notes a connection from `local`.
    pub fn connected(&self, local: SocketAddr) {
        add(&self.connected, 1);
        self.locals
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(local);
    }

    /// Counts `n` connections opened where their ends are not needed.
    pub fn opened(&self, n: u64) {
        add(&self.attempted, n);
        add(&self.connected, n);
    }

    /// The gateway closed a connection `after_s` seconds from its start.
    pub fn closed(&self, after_s: f64) {
        add(&self.closed_by_gateway, 1);
        self.close_after_s
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(after_s);
    }

    /// The gateway read `bytes` of a streaming connection.
    pub fn read(&self, bytes: u64) {
        self.read_bytes
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(bytes);
    }

    /// The gateway's end of every connection made, from `table` read
    /// `at_s` seconds into the flood.
    pub fn census(&self, table: &Table, target: SocketAddr, at_s: u32) -> Census {
        let locals = self.locals.lock().unwrap_or_else(|e| e.into_inner());
        let mut census = Census {
            at_s,
            ..Census::default()
        };
        for &local in locals.iter() {
            match table.get(target, local) {
                Some(row) if row.held() => census.held += 1,
                Some(row) if row.state == ESTABLISHED => census.in_backlog += 1,
                _ => census.closed += 1,
            }
        }
        census
    }

    /// The counts now, with the censuses taken during the flood.
    pub fn counts(&self, census: Vec<Census>) -> FloodCounts {
        let load = |c: &AtomicU64| c.load(Ordering::Relaxed);
        let close_after_s = self
            .close_after_s
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        let read = self
            .read_bytes
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
            .map(|&b| b as f64)
            .collect::<Vec<_>>();
        let latency = self.latency.summary();
        FloodCounts {
            attempted: load(&self.attempted),
            connected: load(&self.connected),
            refused: load(&self.refused),
            connect_timeouts: load(&self.connect_timeouts),
            connect_errors: load(&self.connect_errors),
            census,
            closed_by_gateway: load(&self.closed_by_gateway),
            time_to_close_s: Spread::of(&close_after_s),
            bytes_sent: load(&self.bytes_sent),
            gateway_read_bytes: Spread::of(&read),
            requests: load(&self.requests),
            latency: (latency.count > 0).then_some(latency),
            answers: self
                .answers
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .clone(),
        }
    }
}

/// The gateway's end of the flood's connections at one moment.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Census {
    /// Seconds into the flood.
    pub at_s: u32,
    /// Accepted: held by the gateway.
    pub held: u64,
    /// Completed by the kernel, not accepted: waiting in the listen backlog.
    pub in_backlog: u64,
    /// Closed (by the gateway, or by the flood itself after a failure).
    pub closed: u64,
}

/// The smallest, median, 90th percentile and largest of some values.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Spread {
    /// How many values.
    pub count: u64,
    /// Smallest.
    pub min: f64,
    /// Median.
    pub p50: f64,
    /// 90th percentile.
    pub p90: f64,
    /// Largest.
    pub max: f64,
}

impl Spread {
    /// The spread of `values`; `None` if there are none.
    pub fn of(values: &[f64]) -> Option<Self> {
        let mut sorted = values.to_vec();
        sorted.sort_by(f64::total_cmp);
        let at = |q: f64| sorted[((sorted.len() - 1) as f64 * q).round() as usize];
        (!sorted.is_empty()).then(|| Self {
            count: sorted.len() as u64,
            min: sorted[0],
            p50: at(0.5),
            p90: at(0.9),
            max: sorted[sorted.len() - 1],
        })
    }
}

/// What the flood's connections saw, at the end.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FloodCounts {
    /// Connections attempted.
    pub attempted: u64,
    /// Completed by the kernel (which the gateway may not have accepted).
    pub connected: u64,
    /// Refused.
    pub refused: u64,
    /// Not completed in time.
    pub connect_timeouts: u64,
    /// Failed otherwise.
    pub connect_errors: u64,
    /// The gateway's end of each connection, early in the flood and at its end.
    pub census: Vec<Census>,
    /// Closed by the gateway while the flood held them.
    pub closed_by_gateway: u64,
    /// Seconds until the gateway closed them (from the connection's start).
    pub time_to_close_s: Option<Spread>,
    /// Bytes the flood wrote.
    pub bytes_sent: u64,
    /// Bytes the gateway read of each streaming connection.
    pub gateway_read_bytes: Option<Spread>,
    /// Requests made.
    pub requests: u64,
    /// Latency of the gateway's answers.
    pub latency: Option<LatencySummary>,
    /// The gateway's answers and how connections ended, by name.
    pub answers: BTreeMap<String, u64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spreads_pick_order_statistics() {
        assert_eq!(Spread::of(&[]), None);
        let s = Spread::of(&[5.0, 1.0, 3.0, 2.0, 4.0]).unwrap();
        assert_eq!((s.count, s.min, s.p50, s.max), (5, 1.0, 3.0, 5.0));
        let one = Spread::of(&[7.0]).unwrap();
        assert_eq!((one.min, one.p50, one.p90, one.max), (7.0, 7.0, 7.0, 7.0));
    }

    #[test]
    fn the_census_tells_held_from_waiting_and_closed() {
        let gw: SocketAddr = "127.0.0.1:5027".parse().unwrap();
        let ours: Vec<SocketAddr> = (1..=4)
            .map(|i| format!("127.0.0.2:{}", 40_000 + i).parse().unwrap())
            .collect();
        let hex = |a: SocketAddr| {
            let std::net::IpAddr::V4(ip) = a.ip() else {
                unreachable!()
            };
            format!("{:08X}:{:04X}", u32::from_ne_bytes(ip.octets()), a.port())
        };
        let row = |remote, state, inode| {
            format!(
                "0: {} {} {state} 00000000:00000000 00:0 0 0 0 {inode}\n",
                hex(gw),
                hex(remote)
            )
        };
        let table = Table::parse(&format!(
            "{}{}{}",
            row(ours[0], "01", 11),
            row(ours[1], "01", 0),
            row(ours[2], "04", 12)
        ));
        let tally = Tally::default();
        ours.iter().for_each(|&a| tally.connected(a));
        let census = tally.census(&table, gw, 3);
        assert_eq!(
            census,
            Census {
                at_s: 3,
                held: 1,
                in_backlog: 1,
                closed: 2
            }
        );
        tally.closed(1.5);
        tally.answer("EOF");
        tally.answer("EOF");
        let counts = tally.counts(vec![census]);
        assert_eq!((counts.connected, counts.closed_by_gateway), (4, 1));
        assert_eq!(counts.answers["EOF"], 2);
        assert_eq!(counts.time_to_close_s.unwrap().max, 1.5);
        assert_eq!(counts.latency, None);
    }
}
