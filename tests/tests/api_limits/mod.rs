//! The API's bounds, against the running gateway over loopback sockets:
//! request heads and bodies that do not arrive in time, connections in
//! total and per address, and the methods each surface takes.

mod connections;
mod methods;
mod timeouts;

use std::io::{ErrorKind, Read};
use std::net::TcpStream;
use std::time::{Duration, Instant};

/// What the gateway sent on `stream` until it closed it, and when it did,
/// counted from `since`; `None` if it still had not after `limit`.
pub(crate) fn answer_then_close(
    stream: &mut TcpStream,
    since: Instant,
    limit: Duration,
) -> Option<(String, Duration)> {
    let mut received = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let left = (since + limit).saturating_duration_since(Instant::now());
        if left.is_zero() {
            return None;
        }
        stream.set_read_timeout(Some(left)).expect("read timeout");
        match stream.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => received.extend_from_slice(&buf[..n]),
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                return None;
            }
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            // A reset closes the connection as surely as the end of the stream.
            Err(_) => break,
        }
    }
    Some((
        String::from_utf8_lossy(&received).into_owned(),
        since.elapsed(),
    ))
}
