//! Where connections go, and where they come from.
//!
//! The simulator only ever talks to this machine: a target outside the
//! loopback range (127.0.0.0/8 or ::1) is refused before any socket is
//! opened, so a typo cannot turn a benchmark into traffic on a real network.
//!
//! One source address has one ephemeral port range (about 28,000 ports on
//! Linux), and a socket that was closed keeps its port in TIME_WAIT for a
//! while. Binding each connection to a source address chosen by its index
//! spreads a large run, reconnects included, over many loopback addresses.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

/// Connections made from one source address before moving to the next.
pub const CONNECTIONS_PER_SOURCE: u64 = 20_000;

/// Why a target was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TargetError {
    /// Not `host:port`, or the host is not an IP address.
    #[error("target {0:?} is not an IP address and port (e.g. 127.0.0.1:5027)")]
    Unparsable(String),
    /// An address outside the loopback range.
    #[error(
        "target {0} is not a loopback address (127.0.0.0/8 or ::1); refusing to send traffic there"
    )]
    NotLoopback(SocketAddr),
    /// Port 0 cannot be connected to.
    #[error("target {0} has port 0")]
    PortZero(SocketAddr),
}

/// Parses `target` and accepts it only if it is a loopback address.
///
/// Host names are refused on purpose: `localhost` could resolve anywhere.
pub fn parse_target(target: &str) -> Result<SocketAddr, TargetError> {
    let addr: SocketAddr = target
        .trim()
        .parse()
        .map_err(|_| TargetError::Unparsable(target.to_owned()))?;
    check_target(addr)
}

/// Accepts `addr` only if it is in 127.0.0.0/8 or is ::1.
pub fn check_target(addr: SocketAddr) -> Result<SocketAddr, TargetError> {
    let loopback = match addr.ip() {
        IpAddr::V4(ip) => ip.is_loopback(),
        // An IPv4-mapped ::ffff:127.x.y.z is still refused: keep one spelling.
        IpAddr::V6(ip) => ip.is_loopback(),
    };
    if !loopback {
        return Err(TargetError::NotLoopback(addr));
    }
    if addr.port() == 0 {
        return Err(TargetError::PortZero(addr));
    }
    Ok(addr)
}

/// Parses a server's `--listen` address and accepts it only on loopback;
/// port 0 (any free port) is allowed.
pub fn parse_listen(listen: &str) -> Result<SocketAddr, TargetError> {
    let addr: SocketAddr = listen
        .trim()
        .parse()
        .map_err(|_| TargetError::Unparsable(listen.to_owned()))?;
    match check_target(addr) {
        Err(TargetError::PortZero(_)) => Ok(addr),
        checked => checked,
    }
}

/// The first connection index, after a run that made `connections`, that
/// starts a source address of its own: the next multiple of
/// [`CONNECTIONS_PER_SOURCE`]. A second run counted from there finds none
/// of its source ports held by the first run's closed connections.
pub fn fresh_source_after(connections: u64) -> u64 {
    connections.div_ceil(CONNECTIONS_PER_SOURCE) * CONNECTIONS_PER_SOURCE
}

/// The source address for the `index`-th connection of a run to `target`.
///
/// For an IPv4 target: 127.0.0.2 for the first [`CONNECTIONS_PER_SOURCE`]
/// connections, then 127.0.0.3, and so on through 127.255.255.254, never
/// using a last octet of 0 or 255. IPv6 has a single loopback address, so
/// for `::1` there is nothing to spread and the kernel chooses (`None`).
pub fn source_for(target: SocketAddr, index: u64) -> Option<IpAddr> {
    if target.is_ipv6() {
        return None;
    }
    Some(IpAddr::V4(spread_v4(index / CONNECTIONS_PER_SOURCE)))
}

/// The `slot`-th usable loopback address from 127.0.0.2 on.
fn spread_v4(slot: u64) -> Ipv4Addr {
    // 253 usable last octets (2..=254) per /24; 65,536 /24s in 127/8.
    const PER_24: u64 = 253;
    let last = 2 + (slot % PER_24) as u8;
    let block = (slot / PER_24) % 65_536;
    Ipv4Addr::new(127, (block >> 8) as u8, (block & 0xFF) as u8, last)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_loopback_targets() {
        assert_eq!(
            parse_target("127.0.0.1:5027"),
            Ok("127.0.0.1:5027".parse().unwrap())
        );
        assert!(parse_target("127.10.20.30:1").is_ok());
        assert!(parse_target("[::1]:5027").is_ok());
    }

    #[test]
    fn refuses_everything_else() {
        for bad in [
            "10.0.0.1:5027",
            "192.168.1.10:5027",
            "8.8.8.8:53",
            "0.0.0.0:5027",
            "[::]:5027",
            "[::ffff:127.0.0.1]:5027",
            "[2001:db8::1]:5027",
        ] {
            assert!(
                matches!(parse_target(bad), Err(TargetError::NotLoopback(_))),
                "{bad} was not refused"
            );
        }
        assert!(matches!(
            parse_target("localhost:5027"),
            Err(TargetError::Unparsable(_))
        ));
        assert!(matches!(
            parse_target("127.0.0.1"),
            Err(TargetError::Unparsable(_))
        ));
        assert!(matches!(
            parse_target("127.0.0.1:0"),
            Err(TargetError::PortZero(_))
        ));
    }

    #[test]
    fn a_listen_address_may_be_port_zero_but_only_on_loopback() {
        assert_eq!(
            parse_listen("127.0.0.1:0"),
            Ok("127.0.0.1:0".parse().unwrap())
        );
        assert!(parse_listen("[::1]:4000").is_ok());
        assert!(matches!(
            parse_listen("0.0.0.0:0"),
            Err(TargetError::NotLoopback(_))
        ));
        assert!(matches!(
            parse_listen("10.0.0.1:5027"),
            Err(TargetError::NotLoopback(_))
        ));
    }

    #[test]
    fn a_second_run_starts_on_the_next_source_address() {
        let target: SocketAddr = "127.0.0.1:5027".parse().unwrap();
        assert_eq!(fresh_source_after(0), 0);
        let after = |n| source_for(target, fresh_source_after(n)).unwrap();
        assert_eq!(after(1), IpAddr::from([127, 0, 0, 3]));
        assert_eq!(after(20_000), IpAddr::from([127, 0, 0, 3]));
        assert_eq!(after(20_001), IpAddr::from([127, 0, 0, 4]));
    }

    #[test]
    fn spreads_sources_every_twenty_thousand_connections() {
        let target: SocketAddr = "127.0.0.1:5027".parse().unwrap();
        let at = |i| source_for(target, i).unwrap();
        assert_eq!(at(0), IpAddr::from([127, 0, 0, 2]));
        assert_eq!(at(19_999), IpAddr::from([127, 0, 0, 2]));
        assert_eq!(at(20_000), IpAddr::from([127, 0, 0, 3]));
        assert_eq!(at(252 * 20_000), IpAddr::from([127, 0, 0, 254]));
        assert_eq!(at(253 * 20_000), IpAddr::from([127, 0, 1, 2]));
    }

    #[test]
    fn spread_never_leaves_loopback_or_uses_edge_octets() {
        for slot in (0..2_000_000u64).step_by(997) {
            let ip = spread_v4(slot);
            assert!(ip.is_loopback());
            let last = ip.octets()[3];
            assert!((2..=254).contains(&last), "{ip}");
        }
    }

    #[test]
    fn ipv6_target_leaves_source_to_the_kernel() {
        let target: SocketAddr = "[::1]:5027".parse().unwrap();
        assert_eq!(source_for(target, 123_456), None);
    }
}
