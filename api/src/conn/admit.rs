//! How many API connections each address holds, and the refusal of one
//! over the limit: counted by reason in
//! `trackgate_api_connections_refused_total`, logged at most once a second
//! (the next line says how many were left out meanwhile), so a flood of
//! refusals costs a counter increment each, not a log line.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use trackgate_actors::metrics as m;

/// The open connections of every address that has one.
#[derive(Debug)]
pub struct Admission {
    max_per_ip: usize,
    open: Mutex<HashMap<IpAddr, usize>>,
    log: Mutex<Quiet>,
}

/// An admitted connection's place in its address's count, given back when
/// it is dropped with the connection's data.
#[derive(Debug)]
pub struct Admitted {
    admission: Arc<Admission>,
    ip: IpAddr,
}

impl Admission {
    /// At most `max_per_ip` connections per address.
    pub fn new(max_per_ip: usize) -> Self {
        Self {
            max_per_ip,
            open: Mutex::new(HashMap::new()),
            log: Mutex::new(Quiet::default()),
        }
    }

    /// A place for one more connection from `ip`, or `None` (counted and
    /// logged) when it holds as many as allowed. IPv4 addresses count the
    /// same whether they come as themselves or mapped into IPv6.
    pub fn admit(self: &Arc<Self>, ip: IpAddr) -> Option<Admitted> {
        let ip = ip.to_canonical();
        {
            let mut open = self.open();
            let count = open.entry(ip).or_insert(0);
            if *count >= self.max_per_ip {
                drop(open);
                self.refused(ip);
                return None;
            }
            *count += 1;
        }
        metrics::gauge!(m::API_CONNECTIONS_OPEN).increment(1.0);
        Some(Admitted {
            admission: self.clone(),
            ip,
        })
    }

    /// Connections open from `ip` now.
    pub fn open_from(&self, ip: IpAddr) -> usize {
        self.open().get(&ip.to_canonical()).copied().unwrap_or(0)
    }

    fn open(&self) -> MutexGuard<'_, HashMap<IpAddr, usize>> {
        self.open.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn refused(&self, ip: IpAddr) {
        metrics::counter!(m::API_CONNECTIONS_REFUSED, "reason" => "per_ip").increment(1);
        let admitted = self
            .log
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .admit(Instant::now());
        if let Some(left_out) = admitted {
            tracing::warn!(
                %ip,
                limit = self.max_per_ip,
                refusals_not_logged = left_out,
                "API connection refused: its address holds as many as allowed"
            );
        }
    }
}

impl Drop for Admitted {
    fn drop(&mut self) {
        let mut open = self.admission.open();
        if let Some(count) = open.get_mut(&self.ip) {
            *count -= 1;
            if *count == 0 {
                open.remove(&self.ip);
            }
        }
        metrics::gauge!(m::API_CONNECTIONS_OPEN).decrement(1.0);
    }
}

/// One log line a second at most, and how many were left out since.
#[derive(Debug, Default)]
struct Quiet {
    last: Option<Instant>,
    left_out: u64,
}

impl Quiet {
    /// Whether a line may be logged now; if so, how many were left out.
    fn admit(&mut self, now: Instant) -> Option<u64> {
        match self.last {
            Some(last) if now.duration_since(last) < Duration::from_secs(1) => {
                self.left_out += 1;
                None
            }
            _ => {
                self.last = Some(now);
                Some(std::mem::take(&mut self.left_out))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_holds_at_most_its_share_and_gets_it_back_on_drop() {
        let admission = Arc::new(Admission::new(2));
        let a: IpAddr = "192.0.2.1".parse().expect("ip");
        let mapped: IpAddr = "::ffff:192.0.2.1".parse().expect("ip");
        let b: IpAddr = "192.0.2.2".parse().expect("ip");
        let first = admission.admit(a).expect("first");
        let second = admission.admit(mapped).expect("second, the same address");
        assert!(admission.admit(a).is_none(), "a third is refused");
        let other = admission
            .admit(b)
            .expect("another address has its own share");
        drop(first);
        let third = admission.admit(a).expect("a place was given back");
        assert_eq!(admission.open_from(a), 2);
        drop((second, third, other));
        assert_eq!(admission.open_from(a), 0);
        assert!(
            admission.open().is_empty(),
            "no address is kept without connections"
        );
    }

    #[test]
    fn refusals_are_logged_once_a_second_with_the_count_left_out() {
        let mut quiet = Quiet::default();
        let t0 = Instant::now();
        assert_eq!(quiet.admit(t0), Some(0));
        assert_eq!(quiet.admit(t0 + Duration::from_millis(10)), None);
        assert_eq!(quiet.admit(t0 + Duration::from_millis(900)), None);
        assert_eq!(quiet.admit(t0 + Duration::from_millis(1_000)), Some(2));
    }
}
