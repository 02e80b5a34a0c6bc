//! The kernel's TCP socket table, read from outside both ends.
//!
//! Targets are loopback only, so both ends of every connection a run makes
//! are on this machine and in `/proc/net/tcp` (and `/proc/net/tcp6`): the
//! gateway's end says what the gateway did with a connection without asking
//! the gateway. Each row gives the state, the send queue (bytes written and
//! not yet acknowledged by the peer), the receive queue (bytes arrived and
//! not yet read by the process) and the inode of the socket's file.
//!
//! A connection the kernel completed but the process has not `accept`ed yet
//! has no file, so its inode is 0: that tells a connection waiting in the
//! listen backlog from one the gateway holds.

use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

/// The kernel's state number for an established connection.
pub const ESTABLISHED: u8 = 0x01;

/// One socket of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Row {
    /// This socket's address.
    pub local: SocketAddr,
    /// Its peer's.
    pub remote: SocketAddr,
    /// Its TCP state (the kernel's number: 1 established, 4 FIN_WAIT1, …).
    pub state: u8,
    /// Bytes written and not yet acknowledged by the peer.
    pub tx_queue: u64,
    /// Bytes received and not yet read by the process.
    pub rx_queue: u64,
    /// The inode of its file; 0 while no process has accepted it.
    pub inode: u64,
}

impl Row {
    /// Established and held by a process (accepted, if it was accepted).
    pub fn held(&self) -> bool {
        self.state == ESTABLISHED && self.inode != 0
    }
}

/// The socket table at one moment, by local and remote address.
#[derive(Debug, Default)]
pub struct Table {
    rows: HashMap<(SocketAddr, SocketAddr), Row>,
}

impl Table {
    /// Reads both tables now (an unreadable one is left out).
    pub fn read() -> Self {
        let mut table = Self::default();
        for path in ["/proc/net/tcp", "/proc/net/tcp6"] {
            if let Ok(text) = std::fs::read_to_string(path) {
                table.add(&text);
            }
        }
        table
    }

    /// A table of `text` in the kernel's format.
    pub fn parse(text: &str) -> Self {
        let mut table = Self::default();
        table.add(text);
        table
    }

    fn add(&mut self, text: &str) {
        for row in text.lines().filter_map(parse_row) {
            self.rows.insert((row.local, row.remote), row);
        }
    }

    /// The socket at `local` connected to `remote`.
    pub fn get(&self, local: SocketAddr, remote: SocketAddr) -> Option<&Row> {
        self.rows.get(&(local, remote))
    }

    /// Sockets in the table.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether the table is empty (or could not be read).
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}

/// One line of the table, or `None` for the header and anything unreadable.
fn parse_row(line: &str) -> Option<Row> {
    let fields: Vec<&str> = line.split_whitespace().collect();
    let (local, remote, state, queues, inode) = (
        fields.get(1)?,
        fields.get(2)?,
        fields.get(3)?,
        fields.get(4)?,
        fields.get(9)?,
    );
    let (tx, rx) = queues.split_once(':')?;
    Some(Row {
        local: parse_addr(local)?,
        remote: parse_addr(remote)?,
        state: u8::from_str_radix(state, 16).ok()?,
        tx_queue: u64::from_str_radix(tx, 16).ok()?,
        rx_queue: u64::from_str_radix(rx, 16).ok()?,
        inode: inode.parse().ok()?,
    })
}

/// `ADDR:PORT` as the kernel writes it: the address as native-endian 32-bit
/// words in hex, the port in hex. An IPv4-mapped IPv6 address is read as
/// IPv4, so a dual-stack socket is found by its IPv4 address.
fn parse_addr(text: &str) -> Option<SocketAddr> {
    let (addr, port) = text.split_once(':')?;
    let port = u16::from_str_radix(port, 16).ok()?;
    let mut bytes = Vec::with_capacity(16);
    for word in (0..addr.len()).step_by(8) {
        let word = u32::from_str_radix(addr.get(word..word + 8)?, 16).ok()?;
        bytes.extend_from_slice(&word.to_ne_bytes());
    }
    let ip = match bytes.len() {
        4 => IpAddr::V4(Ipv4Addr::new(bytes[0], bytes[1], bytes[2], bytes[3])),
        16 => {
            let v6 = Ipv6Addr::from(<[u8; 16]>::try_from(bytes).ok()?);
            v6.to_ipv4_mapped().map_or(IpAddr::V6(v6), IpAddr::V4)
        }
        _ => return None,
    };
    Some(SocketAddr::new(ip, port))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `addr` as the kernel writes it in the IPv4 table.
    fn v4(addr: &str) -> String {
        let addr: SocketAddr = addr.parse().unwrap();
        let IpAddr::V4(ip) = addr.ip() else {
            panic!("not v4")
        };
        format!(
            "{:08X}:{:04X}",
            u32::from_ne_bytes(ip.octets()),
            addr.port()
        )
    }

    #[test]
    fn rows_give_state_queues_and_whether_a_process_holds_them() {
        let header = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";
        let (gw, a, b) = ("127.0.0.1:8080", "127.0.0.2:40000", "127.0.0.2:40001");
        let text = format!(
            "{header}   0: {} {} 01 00000000:0000F000 00:00000000 00000000  1000        0 4242 1 0 20 4 30 10 -1\n\
             \x20  1: {} {} 01 00000000:00000000 00:00000000 00000000  1000        0 0 1 0 20 4 30 10 -1\n\
             \x20  2: {} {} 01 00010000:00000000 00:00000000 00000000  1000        0 77 1 0 20 4 30 10 -1\n",
            v4(gw),
            v4(a),
            v4(gw),
            v4(b),
            v4(a),
            v4(gw),
        );
        let table = Table::parse(&text);
        assert_eq!(table.len(), 3);
        let addr = |s: &str| s.parse::<SocketAddr>().unwrap();
        let accepted = table.get(addr(gw), addr(a)).unwrap();
        assert_eq!((accepted.rx_queue, accepted.inode), (0xF000, 4242));
        assert!(accepted.held());
        let waiting = table.get(addr(gw), addr(b)).unwrap();
        assert!(!waiting.held(), "not accepted yet: no inode");
        let client = table.get(addr(a), addr(gw)).unwrap();
        assert_eq!(client.tx_queue, 0x10000);
        assert!(table.get(addr(b), addr(gw)).is_none());
    }

    #[test]
    fn mapped_ipv6_rows_are_found_by_their_ipv4_address() {
        let ip = u32::from_ne_bytes([127, 0, 0, 1]);
        let mapped = format!(
            "0000000000000000{:08X}{ip:08X}:1F90",
            u32::from_ne_bytes([0, 0, 0xFF, 0xFF])
        );
        let line = format!("0: {mapped} {mapped} 0A 00000000:00000000 00:0 0 0 0 9");
        let row = parse_row(&line).unwrap();
        assert_eq!(row.local, "127.0.0.1:8080".parse().unwrap());
        assert_eq!(row.state, 0x0A);
        assert!(parse_row("  sl  local_address rem_address st").is_none());
    }

    #[test]
    fn this_machines_table_can_be_read() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let client = std::net::TcpStream::connect(addr).unwrap();
        let local = client.local_addr().unwrap();
        let table = Table::read();
        let pending = table.get(addr, local).expect("the server end is listed");
        assert_eq!(pending.state, ESTABLISHED);
        assert_eq!(pending.inode, 0, "completed, not accepted yet");
        let (_accepted, _) = listener.accept().unwrap();
        assert!(Table::read().get(addr, local).unwrap().held());
    }
}
