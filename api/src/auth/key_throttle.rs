//! Failed keys, limited per client address: the Server API's guard
//! against guessing its key.
//!
//! The same windows as [`super::throttle`]'s (a window opens with an
//! address's first failure; over the limit, further attempts are refused
//! until it closes; IPv6 counts per /64; the table is bounded), over
//! addresses alone: a key has no login to count by.

use std::net::IpAddr;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use super::throttle::{Address, Refused, Table};

/// Failed keys per client address.
#[derive(Debug)]
pub struct KeyThrottle {
    window: Duration,
    table: Mutex<Table<Address>>,
}

impl KeyThrottle {
    /// Refuses an address once it has failed `per_address` times within
    /// `window` of its first failure, until that window closes.
    pub fn new(per_address: u32, window: Duration) -> Self {
        Self {
            window,
            table: Mutex::new(Table::new(per_address)),
        }
    }

    fn table(&self) -> std::sync::MutexGuard<'_, Table<Address>> {
        // Counters only: a panic elsewhere cannot leave them unusable.
        self.table.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Begins a call from `peer`: refused when the address is over its
    /// limit, else counted as a failure until the returned [`KeyAttempt`]
    /// says the key was right.
    pub fn begin(&self, peer: Option<IpAddr>) -> Result<KeyAttempt<'_>, Refused> {
        self.begin_at(peer, Instant::now())
    }

    fn begin_at(&self, peer: Option<IpAddr>, now: Instant) -> Result<KeyAttempt<'_>, Refused> {
        let address = peer.map(Address::from);
        if let Some(address) = address {
            let mut table = self.table();
            if let Some(until) = table.refused_until(&address, now, self.window) {
                return Err(Refused::until(until, now));
            }
            table.fail(address, now, self.window);
        }
        Ok(KeyAttempt {
            throttle: self,
            address,
            verdict: None,
        })
    }
}

/// A call whose key is being checked; see [`KeyThrottle::begin`].
/// Dropped without a verdict (the call was malformed before its key
/// could be compared) it counts nothing.
#[derive(Debug)]
pub struct KeyAttempt<'a> {
    throttle: &'a KeyThrottle,
    address: Option<Address>,
    verdict: Option<bool>,
}

impl KeyAttempt<'_> {
    /// The key was wrong: the failure stays counted.
    pub fn failed(mut self) {
        self.verdict = Some(false);
    }

    /// The key was right: this call does not count against its address.
    pub fn succeeded(mut self) {
        self.verdict = Some(true);
        self.take_back();
    }

    fn take_back(&self) {
        if let Some(address) = &self.address {
            self.throttle.table().take_back(address);
        }
    }
}

impl Drop for KeyAttempt<'_> {
    fn drop(&mut self) {
        if self.verdict.is_none() {
            self.take_back();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> Option<IpAddr> {
        Some(text.parse().expect("an address"))
    }

    #[test]
    fn an_address_is_refused_after_its_failures_until_the_window_closes() {
        let throttle = KeyThrottle::new(3, Duration::from_secs(600));
        let start = Instant::now();
        for n in 0..3 {
            let at = start + Duration::from_secs(n);
            throttle
                .begin_at(ip("10.0.0.1"), at)
                .expect("allowed")
                .failed();
        }
        let refused = throttle
            .begin_at(ip("10.0.0.1"), start + Duration::from_secs(100))
            .expect_err("refused");
        assert_eq!(refused.retry_after_secs, 500);
        assert!(
            throttle.begin_at(ip("10.0.0.2"), start).is_ok(),
            "another address"
        );
        let later = start + Duration::from_secs(600);
        assert!(
            throttle.begin_at(ip("10.0.0.1"), later).is_ok(),
            "window closed"
        );
    }

    #[test]
    fn right_keys_and_unfinished_calls_count_nothing() {
        let throttle = KeyThrottle::new(2, Duration::from_secs(600));
        let now = Instant::now();
        for _ in 0..5 {
            throttle
                .begin_at(ip("10.0.0.1"), now)
                .expect("allowed")
                .succeeded();
            drop(throttle.begin_at(ip("10.0.0.1"), now).expect("allowed"));
        }
        throttle
            .begin_at(ip("10.0.0.1"), now)
            .expect("one")
            .failed();
        throttle
            .begin_at(ip("10.0.0.1"), now)
            .expect("two")
            .failed();
        assert!(throttle.begin_at(ip("10.0.0.1"), now).is_err());
        // Without an address there is nothing to count by.
        assert!(throttle.begin_at(None, now).is_ok());
    }
}
