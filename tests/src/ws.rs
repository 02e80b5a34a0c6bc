//! A raw WebSocket client, for what no well-behaved client library sends:
//! frames that declare more than they carry, messages fragmented past a
//! limit, payloads streamed as fast as the socket takes them.

use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

/// Frame opcodes.
pub mod opcode {
    /// A continuation of a fragmented message.
    pub const CONTINUATION: u8 = 0x0;
    /// A text message, or its first fragment.
    pub const TEXT: u8 = 0x1;
    /// A binary message, or its first fragment.
    pub const BINARY: u8 = 0x2;
    /// Close.
    pub const CLOSE: u8 = 0x8;
    /// Ping.
    pub const PING: u8 = 0x9;
    /// Pong.
    pub const PONG: u8 = 0xA;
}

/// Opens `path` on `addr` and upgrades it to a WebSocket; panics unless
/// the answer is 101. Reads nothing past the answer's head.
pub fn upgrade(addr: SocketAddr, path: &str) -> TcpStream {
    let mut stream = TcpStream::connect(addr).expect("connect to the API");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    let request = format!(
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
         Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).expect("send upgrade");
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        stream.read_exact(&mut byte).expect("read upgrade answer");
        head.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&head);
    assert!(head.starts_with("HTTP/1.1 101"), "{head}");
    stream
}

/// The header of a client frame declaring `len` payload bytes, masked with
/// a zero key (so the payload goes as it is).
pub fn header(fin: bool, opcode: u8, len: u64) -> Vec<u8> {
    let mut out = vec![if fin { 0x80 } else { 0 } | opcode];
    match len {
        0..=125 => out.push(0x80 | len as u8),
        126..=0xFFFF => {
            out.push(0x80 | 126);
            out.extend_from_slice(&(len as u16).to_be_bytes());
        }
        _ => {
            out.push(0x80 | 127);
            out.extend_from_slice(&len.to_be_bytes());
        }
    }
    out.extend_from_slice(&[0; 4]);
    out
}

/// A whole client frame.
pub fn frame(fin: bool, opcode: u8, payload: &[u8]) -> Vec<u8> {
    let mut out = header(fin, opcode, payload.len() as u64);
    out.extend_from_slice(payload);
    out
}

/// The next frame from the server: its opcode and payload.
pub fn read_frame(stream: &mut TcpStream) -> (u8, Vec<u8>) {
    let mut head = [0u8; 2];
    stream.read_exact(&mut head).expect("a frame's head");
    let len = match head[1] & 0x7F {
        126 => {
            let mut long = [0u8; 2];
            stream.read_exact(&mut long).expect("a frame's length");
            u64::from(u16::from_be_bytes(long))
        }
        127 => {
            let mut long = [0u8; 8];
            stream.read_exact(&mut long).expect("a frame's length");
            u64::from_be_bytes(long)
        }
        short => u64::from(short),
    };
    let mut payload = vec![0u8; usize::try_from(len).expect("a length that fits")];
    stream.read_exact(&mut payload).expect("a frame's payload");
    (head[0] & 0x0F, payload)
}

/// How a flood went.
#[derive(Debug, Clone, Copy)]
pub struct Flood {
    /// Bytes the socket took.
    pub sent: usize,
    /// When the server ended the connection (a write failed), from the
    /// start; `None` if it was still open when the flood stopped.
    pub ended: Option<Duration>,
}

/// Writes up to `total` bytes to `stream` as fast as it takes them, for at
/// most `limit`, stopping at the first write the connection refuses.
pub fn flood(stream: &mut TcpStream, total: usize, limit: Duration) -> Flood {
    stream
        .set_write_timeout(Some(Duration::from_millis(200)))
        .expect("write timeout");
    let chunk = vec![0u8; 64 * 1024];
    let started = Instant::now();
    let mut sent = 0;
    while sent < total && started.elapsed() < limit {
        let n = chunk.len().min(total - sent);
        match stream.write(&chunk[..n]) {
            Ok(0) => {
                return Flood {
                    sent,
                    ended: Some(started.elapsed()),
                };
            }
            Ok(n) => sent += n,
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(_) => {
                return Flood {
                    sent,
                    ended: Some(started.elapsed()),
                };
            }
        }
    }
    Flood { sent, ended: None }
}

/// What the server sent until it ended the connection: the close frame's
/// code, if a close frame came. `None` when the connection stayed open for
/// `limit`.
pub fn read_to_end(stream: &mut TcpStream, limit: Duration) -> Option<Option<u16>> {
    let deadline = Instant::now() + limit;
    let mut received = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
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
            // A reset ends the connection as surely as the end of the stream.
            Err(_) => break,
        }
    }
    Some(close_code(&received))
}

/// The code of the first close frame among the server's frames in `bytes`.
fn close_code(mut bytes: &[u8]) -> Option<u16> {
    while bytes.len() >= 2 {
        let opcode = bytes[0] & 0x0F;
        let (len, start) = match bytes[1] & 0x7F {
            126 if bytes.len() >= 4 => (usize::from(u16::from_be_bytes([bytes[2], bytes[3]])), 4),
            127 => return None,
            126 => return None,
            short => (usize::from(short), 2),
        };
        let payload = bytes.get(start..start + len)?;
        if opcode == opcode::CLOSE {
            return (payload.len() >= 2).then(|| u16::from_be_bytes([payload[0], payload[1]]));
        }
        bytes = &bytes[start + len..];
    }
    None
}
