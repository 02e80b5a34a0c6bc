//! Failed logins, limited per login and per client address.
//!
//! Each login and each address has a window that opens with its first
//! failure and lasts [`ThrottleSettings::window`]. Once a login has failed
//! `per_login` times in its window, or an address `per_address` times,
//! further attempts are refused until the window closes, without a
//! password verification: the caller answers code 15 with the seconds
//! left ([`Refused`]). A successful login clears its login's count, unless
//! the login is locked: then it was let in as trusted ([`super::trusted`]),
//! and the lock, earned elsewhere, stays.
//!
//! An attempt counts as a failure from the moment it begins
//! ([`LoginThrottle::begin`]), so a burst of concurrent attempts cannot
//! all pass the check before any of them has failed; a success takes its
//! count back, and so does an attempt that ended without a verdict (the
//! hashing queue was full, the store failed).
//!
//! Memory is bounded: logins are kept as their SHA-256 digest (a login
//! may be as long as a request body), closed windows are dropped, and each
//! table holds at most [`MAX_TRACKED`] entries; when it is full the entry
//! whose window opened first gives way. IPv6 addresses count per /64, the
//! block one subscriber usually holds.

use std::collections::HashMap;
use std::hash::Hash;
use std::net::IpAddr;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use trackgate_store::SecretDigest;

use super::trusted::Trusted;

/// Logins, and addresses, each table tracks at most.
pub const MAX_TRACKED: usize = 100_000;

/// The limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThrottleSettings {
    /// Failures of one login within a window before it is refused.
    pub per_login: u32,
    /// Failures from one address within a window before it is refused.
    pub per_address: u32,
    /// How long a window lasts from its first failure.
    pub window: Duration,
}

impl Default for ThrottleSettings {
    /// 10 per login, 50 per address, in 15 minutes.
    fn default() -> Self {
        Self {
            per_login: 10,
            per_address: 50,
            window: Duration::from_secs(15 * 60),
        }
    }
}

/// An attempt refused: the whole seconds until it may be made again (at least 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refused {
    /// Seconds until the window that refused it closes.
    pub retry_after_secs: u64,
}

impl Refused {
    /// Refused at `now` until `until`: the whole seconds left, at least 1.
    pub(super) fn until(until: Instant, now: Instant) -> Self {
        let left = until.saturating_duration_since(now);
        let secs = left.as_secs() + u64::from(left.subsec_nanos() > 0);
        Self {
            retry_after_secs: secs.max(1),
        }
    }
}

/// Where a client's failures are counted: its address, or its /64.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Address {
    V4([u8; 4]),
    V6([u8; 8]),
}

impl From<IpAddr> for Address {
    fn from(ip: IpAddr) -> Self {
        match ip {
            IpAddr::V4(v4) => Self::V4(v4.octets()),
            IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
                Some(v4) => Self::V4(v4.octets()),
                None => {
                    let mut block = [0; 8];
                    block.copy_from_slice(&v6.octets()[..8]);
                    Self::V6(block)
                }
            },
        }
    }
}

/// One key's failures in its current window.
#[derive(Debug, Clone, Copy)]
struct Window {
    opened: Instant,
    failures: u32,
}

/// Failures per key, bounded; see the module docs.
#[derive(Debug)]
pub(super) struct Table<K> {
    windows: HashMap<K, Window>,
    limit: u32,
}

impl<K: Eq + Hash + Copy> Table<K> {
    pub(super) fn new(limit: u32) -> Self {
        Self {
            windows: HashMap::new(),
            limit,
        }
    }

    /// The window of `key` if it is still open at `now`.
    fn open(&mut self, key: &K, now: Instant, length: Duration) -> Option<&mut Window> {
        if self
            .windows
            .get(key)
            .is_some_and(|w| now.duration_since(w.opened) >= length)
        {
            self.windows.remove(key);
        }
        self.windows.get_mut(key)
    }

    /// Whether `key` is over its limit now.
    fn locked(&mut self, key: &K, now: Instant, length: Duration) -> bool {
        self.refused_until(key, now, length).is_some()
    }

    /// When `key` may try again, if it is over its limit now.
    pub(super) fn refused_until(
        &mut self,
        key: &K,
        now: Instant,
        length: Duration,
    ) -> Option<Instant> {
        let limit = self.limit;
        self.open(key, now, length)
            .filter(|w| w.failures >= limit)
            .map(|w| w.opened + length)
    }

    pub(super) fn fail(&mut self, key: K, now: Instant, length: Duration) {
        if let Some(window) = self.open(&key, now, length) {
            window.failures = window.failures.saturating_add(1);
            return;
        }
        if self.windows.len() >= MAX_TRACKED {
            self.windows
                .retain(|_, w| now.duration_since(w.opened) < length);
        }
        if self.windows.len() >= MAX_TRACKED
            && let Some(oldest) = self
                .windows
                .iter()
                .min_by_key(|(_, w)| w.opened)
                .map(|(k, _)| *k)
        {
            self.windows.remove(&oldest);
        }
        self.windows.insert(
            key,
            Window {
                opened: now,
                failures: 1,
            },
        );
    }

    /// Takes back one failure of `key`.
    pub(super) fn take_back(&mut self, key: &K) {
        if let Some(window) = self.windows.get_mut(key) {
            window.failures = window.failures.saturating_sub(1);
            if window.failures == 0 {
                self.windows.remove(key);
            }
        }
    }
}

#[derive(Debug)]
struct Tables {
    logins: Table<[u8; 32]>,
    addresses: Table<Address>,
    trusted: Trusted,
}

/// Failed logins per login and per address; see the module docs.
#[derive(Debug)]
pub struct LoginThrottle {
    settings: ThrottleSettings,
    tables: Mutex<Tables>,
}

impl Default for LoginThrottle {
    fn default() -> Self {
        Self::new(ThrottleSettings::default())
    }
}

impl LoginThrottle {
    /// A throttle with these limits.
    pub fn new(settings: ThrottleSettings) -> Self {
        Self {
            settings,
            tables: Mutex::new(Tables {
                logins: Table::new(settings.per_login),
                addresses: Table::new(settings.per_address),
                trusted: Trusted::default(),
            }),
        }
    }

    /// The limits.
    pub fn settings(&self) -> ThrottleSettings {
        self.settings
    }

    fn tables(&self) -> std::sync::MutexGuard<'_, Tables> {
        // Counters only: a panic elsewhere cannot leave them unusable.
        self.tables.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Begins an attempt to log in as `login` from `peer` (the TCP peer;
    /// `None` when there is none, e.g. a Unix socket): refused when either
    /// is over its limit (the login's does not hold for an address it
    /// trusts), else counted as a failure until the returned [`Attempt`]
    /// says otherwise.
    pub fn begin(&self, login: &str, peer: Option<IpAddr>) -> Result<Attempt<'_>, Refused> {
        self.begin_at(login, peer, Instant::now())
    }

    fn begin_at(
        &self,
        login: &str,
        peer: Option<IpAddr>,
        now: Instant,
    ) -> Result<Attempt<'_>, Refused> {
        let login = *SecretDigest::of(login).as_bytes();
        let address = peer.map(Address::from);
        let length = self.settings.window;
        let mut tables = self.tables();
        let trusted = address.is_some_and(|a| tables.trusted.holds(&login, a, now));
        let login_until = match trusted {
            true => None,
            false => tables.logins.refused_until(&login, now, length),
        };
        let until = [
            login_until,
            address.and_then(|a| tables.addresses.refused_until(&a, now, length)),
        ]
        .into_iter()
        .flatten()
        .max();
        if let Some(until) = until {
            return Err(Refused::until(until, now));
        }
        tables.logins.fail(login, now, length);
        if let Some(address) = address {
            tables.addresses.fail(address, now, length);
        }
        Ok(Attempt {
            throttle: self,
            login,
            address,
            at: now,
            verdict: None,
        })
    }
}

/// A login attempt in progress; see [`LoginThrottle::begin`]. Dropped
/// without [`Self::failed`] or [`Self::succeeded`], it takes its count
/// back: nothing was learnt about the password.
#[derive(Debug)]
pub struct Attempt<'a> {
    throttle: &'a LoginThrottle,
    login: [u8; 32],
    address: Option<Address>,
    at: Instant,
    verdict: Option<bool>,
}

impl Attempt<'_> {
    /// The password was wrong: the failure stays counted.
    pub fn failed(mut self) {
        self.verdict = Some(false);
    }

    /// The password was right: this attempt no longer counts against its
    /// address, the address is trusted for the login from now on, and the
    /// login's failures are cleared unless they locked it (a trusted
    /// address got in past a lock earned elsewhere, which stays).
    pub fn succeeded(mut self) {
        self.verdict = Some(true);
        let mut tables = self.throttle.tables();
        let length = self.throttle.settings.window;
        // This attempt counted as a failure from its start: without it,
        // is the login still over its limit?
        tables.logins.take_back(&self.login);
        if !tables.logins.locked(&self.login, self.at, length) {
            tables.logins.windows.remove(&self.login);
        }
        if let Some(address) = self.address {
            tables.addresses.take_back(&address);
            tables.trusted.record(self.login, address, self.at);
        }
    }
}

impl Drop for Attempt<'_> {
    fn drop(&mut self) {
        if self.verdict.is_none() {
            let mut tables = self.throttle.tables();
            tables.logins.take_back(&self.login);
            if let Some(address) = &self.address {
                tables.addresses.take_back(address);
            }
        }
    }
}

#[cfg(test)]
#[path = "throttle_tests.rs"]
mod tests;
