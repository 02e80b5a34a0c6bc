//! Addresses a login was used from successfully: a lock on the login does
//! not keep them out.
//!
//! A per-login limit stops a guesser spread over many addresses, but it
//! also lets anyone who knows a login name lock its owner out, by failing
//! on purpose. So an address that logged in to a login with its right
//! password within [`TRUSTED_FOR`] may still try that login while it is
//! locked (its own address limit still holds): the owner keeps working
//! from where they work, and a guesser elsewhere gains nothing.
//!
//! Bounded like the throttle's tables: at most [`MAX_TRUSTED`] pairs, the
//! least recently used giving way; logins are kept as digests.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use super::throttle::Address;

/// How long a successful login trusts its address for that login.
pub const TRUSTED_FOR: Duration = Duration::from_secs(30 * 24 * 3600);
/// Pairs of login and address kept at most.
pub const MAX_TRUSTED: usize = 100_000;

/// Logins (as digests) and the addresses they last succeeded from.
#[derive(Debug, Default)]
pub(super) struct Trusted {
    pairs: HashMap<([u8; 32], Address), Instant>,
}

impl Trusted {
    /// Whether `address` logged in to `login` within [`TRUSTED_FOR`] of `now`.
    pub(super) fn holds(&self, login: &[u8; 32], address: Address, now: Instant) -> bool {
        self.pairs
            .get(&(*login, address))
            .is_some_and(|at| now.saturating_duration_since(*at) < TRUSTED_FOR)
    }

    /// `address` logged in to `login` at `now`.
    pub(super) fn record(&mut self, login: [u8; 32], address: Address, now: Instant) {
        if self.pairs.len() >= MAX_TRUSTED && !self.pairs.contains_key(&(login, address)) {
            self.pairs
                .retain(|_, at| now.saturating_duration_since(*at) < TRUSTED_FOR);
            if self.pairs.len() >= MAX_TRUSTED
                && let Some(oldest) = self
                    .pairs
                    .iter()
                    .min_by_key(|(_, at)| **at)
                    .map(|(pair, _)| *pair)
            {
                self.pairs.remove(&oldest);
            }
        }
        self.pairs.insert((login, address), now);
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.pairs.len()
    }
}

#[cfg(test)]
mod tests {
    use std::net::Ipv4Addr;

    use super::*;

    fn address(last: u8) -> Address {
        Address::from(std::net::IpAddr::V4(Ipv4Addr::new(192, 0, 2, last)))
    }

    #[test]
    fn trust_is_per_login_and_address_and_ends() {
        let mut trusted = Trusted::default();
        let now = Instant::now();
        trusted.record([1; 32], address(1), now);
        assert!(trusted.holds(&[1; 32], address(1), now + TRUSTED_FOR / 2));
        assert!(!trusted.holds(&[1; 32], address(2), now), "another address");
        assert!(!trusted.holds(&[2; 32], address(1), now), "another login");
        assert!(!trusted.holds(&[1; 32], address(1), now + TRUSTED_FOR));
    }

    #[test]
    fn the_table_stays_bounded() {
        let mut trusted = Trusted::default();
        let now = Instant::now();
        for n in 0..MAX_TRUSTED + 5 {
            let mut login = [0; 32];
            login[..8].copy_from_slice(&(n as u64).to_be_bytes());
            trusted.record(login, address(1), now + Duration::from_millis(n as u64));
        }
        assert_eq!(trusted.len(), MAX_TRUSTED);
        assert!(
            !trusted.holds(&[0; 32], address(1), now),
            "the oldest gave way"
        );
    }
}
