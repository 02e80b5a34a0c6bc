//! When the gateway closed a client that does not read, seen from outside.
//!
//! A client that never reads cannot see its connection close: the close
//! frame and the FIN wait behind the data it did not take. The gateway's
//! own end of the socket shows it at once, though: it leaves ESTABLISHED as
//! soon as the gateway closes it (FIN_WAIT1 with unsent data, or gone).
//! Both ends are on this machine (targets are loopback only), so the kernel's
//! socket table (`/proc/net/tcp`, `/proc/net/tcp6`) is read for the row whose
//! local address is the gateway's and remote address the client's.

use std::net::{IpAddr, SocketAddr};

/// The kernel's name for an established connection in those tables.
const ESTABLISHED: &str = "01";

/// What the socket table says about the gateway's end of one connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    /// Still established: the gateway has not closed it.
    Open,
    /// In another state, or not in the table: the gateway closed it.
    Closed,
}

/// Reads the gateway's end of the connection from `client` to `gateway`
/// (`None` if the tables cannot be read).
pub fn gateway_end(gateway: SocketAddr, client: SocketAddr) -> Option<End> {
    let mut tables = String::new();
    let mut any = false;
    for path in ["/proc/net/tcp", "/proc/net/tcp6"] {
        if let Ok(text) = std::fs::read_to_string(path) {
            tables.push_str(&text);
            any = true;
        }
    }
    any.then(|| find(&tables, gateway, client))
}

/// The gateway's end of `client`'s connection in socket table text.
pub fn find(tables: &str, gateway: SocketAddr, client: SocketAddr) -> End {
    let local = spellings(gateway);
    let remote = spellings(client);
    for line in tables.lines() {
        let mut fields = line.split_whitespace().skip(1);
        let (Some(l), Some(r), Some(state)) = (fields.next(), fields.next(), fields.next()) else {
            continue;
        };
        if local.iter().any(|s| s.eq_ignore_ascii_case(l))
            && remote.iter().any(|s| s.eq_ignore_ascii_case(r))
        {
            return if state == ESTABLISHED {
                End::Open
            } else {
                End::Closed
            };
        }
    }
    End::Closed
}

/// How the tables write `addr`: IPv4 in `tcp`, and as an IPv4-mapped
/// address in `tcp6` when the listener is dual-stack.
fn spellings(addr: SocketAddr) -> Vec<String> {
    let port = addr.port();
    match addr.ip() {
        IpAddr::V4(ip) => vec![
            format!("{}:{port:04X}", words(&ip.octets())),
            format!("{}:{port:04X}", words(&ip.to_ipv6_mapped().octets())),
        ],
        IpAddr::V6(ip) => vec![format!("{}:{port:04X}", words(&ip.octets()))],
    }
}

/// Each group of four bytes as the kernel prints it: a native-endian word in hex.
fn words(bytes: &[u8]) -> String {
    bytes
        .chunks_exact(4)
        .map(|w| format!("{:08X}", u32::from_ne_bytes([w[0], w[1], w[2], w[3]])))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(local: SocketAddr, remote: SocketAddr, state: &str) -> String {
        let (l, r) = (&spellings(local)[0], &spellings(remote)[0]);
        format!("   3: {l} {r} {state} 00000000:00000000 00:00000000 00000000  1000 0 1 1\n")
    }

    #[test]
    fn the_gateway_end_is_found_by_both_addresses() {
        let gateway: SocketAddr = "127.0.0.1:8080".parse().unwrap();
        let client: SocketAddr = "127.0.0.1:40000".parse().unwrap();
        let other: SocketAddr = "127.0.0.1:40001".parse().unwrap();
        let header = "  sl  local_address rem_address   st tx_queue rx_queue\n";
        let table = format!(
            "{header}{}{}{}",
            row(client, gateway, "01"),
            row(gateway, other, "04"),
            row(gateway, client, "01")
        );
        assert_eq!(find(&table, gateway, client), End::Open);
        assert_eq!(find(&table, gateway, other), End::Closed, "FIN_WAIT1");
        let gone: SocketAddr = "127.0.0.1:40002".parse().unwrap();
        assert_eq!(find(&table, gateway, gone), End::Closed, "not listed");
    }

    #[test]
    fn addresses_are_spelled_as_the_kernel_does() {
        let addr: SocketAddr = "127.0.0.1:8080".parse().unwrap();
        let spelled = spellings(addr);
        if cfg!(target_endian = "little") {
            assert_eq!(spelled[0], "0100007F:1F90");
            assert_eq!(spelled[1], "0000000000000000FFFF00000100007F:1F90");
        }
        let v6: SocketAddr = "[::1]:80".parse().unwrap();
        assert_eq!(spellings(v6).len(), 1);
        // A mapped IPv4 row (dual-stack listener) is found too.
        let client: SocketAddr = "127.0.0.1:50000".parse().unwrap();
        let table = format!("0: {} {} 01 x\n", spellings(addr)[1], spellings(client)[1]);
        assert_eq!(find(&table, addr, client), End::Open);
    }
}
