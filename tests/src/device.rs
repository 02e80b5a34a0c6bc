//! A Teltonika device over TCP, speaking through trackgate's own encoders.

use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use trackgate_protocols::Record;
use trackgate_protocols::teltonika::AvlCodec;
use trackgate_protocols::teltonika::encode::{encode_avl, encode_imei};

/// One connected device.
#[derive(Debug)]
pub struct Device {
    stream: TcpStream,
}

impl Device {
    /// Connects (no login yet).
    pub fn connect(addr: SocketAddr) -> Self {
        let stream =
            TcpStream::connect_timeout(&addr, Duration::from_secs(5)).expect("connect to gateway");
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .expect("timeout");
        stream.set_nodelay(true).expect("nodelay");
        Self { stream }
    }

    /// Sends the IMEI packet and returns the one-byte answer (`None` if the
    /// gateway closed the connection instead).
    pub fn login(&mut self, imei: &str) -> Option<u8> {
        self.send(&encode_imei(imei));
        self.read_exact(1).map(|b| b[0])
    }

    /// Sends records as one Codec 8 Extended packet; returns the raw answer bytes.
    pub fn send_records(&mut self, records: &[Record]) -> Option<Vec<u8>> {
        self.send(&Self::packet(records));
        self.read_exact(4)
    }

    /// The Codec 8 Extended packet for `records`.
    pub fn packet(records: &[Record]) -> Vec<u8> {
        encode_avl(AvlCodec::Codec8E, records)
            .expect("encodable records")
            .to_vec()
    }

    /// Writes raw bytes.
    pub fn send(&mut self, bytes: &[u8]) {
        self.stream.write_all(bytes).expect("write to gateway");
    }

    /// Reads exactly `n` bytes; `None` when the gateway closed or reset the connection first.
    pub fn read_exact(&mut self, n: usize) -> Option<Vec<u8>> {
        let mut buf = vec![0; n];
        match self.stream.read_exact(&mut buf) {
            Ok(()) => Some(buf),
            Err(e)
                if matches!(
                    e.kind(),
                    ErrorKind::UnexpectedEof | ErrorKind::ConnectionReset
                ) =>
            {
                None
            }
            Err(e) => panic!("reading from gateway: {e}"),
        }
    }

    /// Whether the gateway has closed the connection (waits up to `within`).
    pub fn is_closed(&mut self, within: Duration) -> bool {
        self.stream.set_read_timeout(Some(within)).expect("timeout");
        let mut byte = [0u8; 1];
        match self.stream.read(&mut byte) {
            Ok(0) => true,
            Ok(_) => false,
            Err(e) => matches!(
                e.kind(),
                ErrorKind::ConnectionReset | ErrorKind::ConnectionAborted
            ),
        }
    }

    /// Whether the gateway writes nothing for `within` (nothing is consumed).
    pub fn is_silent(&mut self, within: Duration) -> bool {
        self.stream.set_read_timeout(Some(within)).expect("timeout");
        let mut byte = [0u8; 1];
        let silent = matches!(
            self.stream.peek(&mut byte),
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut)
        );
        self.stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .expect("timeout");
        silent
    }
}
