//! Free loopback ports for the gateway's listeners.
//!
//! Ports are chosen at random below the kernel's ephemeral range and found
//! free by binding them (TCP, and UDP on the same number), then released
//! for the gateway to bind. See the parent module for why below that range.

use std::collections::HashSet;
use std::net::{SocketAddr, TcpListener, UdpSocket};
use std::time::{SystemTime, UNIX_EPOCH};

use crate::rng::Rng;

/// Lowest port chosen: well above the ports services are registered on.
pub(super) const LOWEST_PORT: u16 = 10_000;

/// Loopback ports free for TCP and UDP, below the ephemeral range, each
/// handed out once.
pub(super) struct FreePorts {
    rng: Rng,
    below: u16,
    taken: HashSet<u16>,
}

impl FreePorts {
    pub(super) fn new() -> Self {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64);
        Self {
            rng: Rng::new(nanos ^ (u64::from(std::process::id()) << 32)),
            below: ephemeral_low().unwrap_or(32_768),
            taken: HashSet::new(),
        }
    }

    /// The next port, or the kernel's choice if the range below the
    /// ephemeral ports is too small to pick from.
    pub(super) fn next(&mut self) -> std::io::Result<SocketAddr> {
        let span = self.below.saturating_sub(LOWEST_PORT);
        for _ in 0..if span >= 1_000 { 1_000 } else { 0 } {
            let port = LOWEST_PORT + (self.rng.next_u64() % u64::from(span)) as u16;
            let addr = SocketAddr::from(([127, 0, 0, 1], port));
            if !self.taken.contains(&port)
                && TcpListener::bind(addr).is_ok()
                && UdpSocket::bind(addr).is_ok()
            {
                self.taken.insert(port);
                return Ok(addr);
            }
        }
        loop {
            let addr = TcpListener::bind("127.0.0.1:0")?.local_addr()?;
            if UdpSocket::bind(addr).is_ok() && self.taken.insert(addr.port()) {
                return Ok(addr);
            }
        }
    }
}

/// The first port of the kernel's ephemeral range.
pub(super) fn ephemeral_low() -> Option<u16> {
    std::fs::read_to_string("/proc/sys/net/ipv4/ip_local_port_range")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}
