//! The answers Ulbotech devices expect.

use bytes::Bytes;

use crate::checksum::crc16_xmodem;

/// The answer to a binary frame: `F8 01 FE`, the frame's first two bytes
/// as received (the `F8` flag and the version), the CRC-16/XMODEM of the
/// answer's bytes 1 to 4 (BE), and `F8`, as the corpus's reply table
/// gives it (unstuffed).
pub fn binary_ack(version: u8) -> Bytes {
    let mut out = vec![0xF8, 0x01, 0xFE, 0xF8, version];
    let crc = crc16_xmodem(&out[1..5]);
    out.extend_from_slice(&crc.to_be_bytes());
    out.push(0xF8);
    out.into()
}

/// The answer to a text frame: `*TS01,ACK:XXXX#`, `XXXX` the
/// CRC-16/XMODEM of the frame without its `*` and `#`, in upper-case hex.
pub fn text_ack(body: &[u8]) -> Bytes {
    Bytes::from(format!("*TS01,ACK:{:04X}#", crc16_xmodem(body)))
}
