//! The answers Topin devices expect, and packets for tests.

use bytes::Bytes;

pub use super::framing::packet;
use super::framing::{END, START};

/// The login answer's code for a known device.
pub const KNOWN: u8 = 0x01;
/// The login answer's code for an unknown device.
pub const UNKNOWN: u8 = 0x44;

/// `78 78 <length byte> <type> <body> 0D 0A`, the length byte as given.
fn frame(length: u8, kind: u8, body: &[u8]) -> Vec<u8> {
    [&START[..], &[length, kind], body, &END].concat()
}

/// The login answer: `78 78 <the login's length byte> 01 <code> 0D 0A`,
/// followed for a known device by the time ([`time`]).
pub fn login(length: u8, code: u8, now_ms: i64) -> Bytes {
    let mut out = frame(length, 0x01, &[code]);
    if code == KNOWN {
        out.extend_from_slice(&time(now_ms));
    }
    Bytes::from(out)
}

/// The time: `78 78 07 30 <year (2, big-endian)> MM DD hh mm ss 0D 0A`,
/// UTC.
pub fn time(now_ms: i64) -> Bytes {
    let (year, month, day, hour, minute, second) = crate::datetime::civil(now_ms);
    let year = u16::try_from(year).unwrap_or(0).to_be_bytes();
    let body = [
        year[0],
        year[1],
        month as u8,
        day as u8,
        hour as u8,
        minute as u8,
        second as u8,
    ];
    Bytes::from(frame(0x07, 0x30, &body))
}

/// The answer to a located packet: `78 78 <its length byte> <its type>
/// <its 6 time bytes> 0D 0A`.
pub fn located(length: u8, kind: u8, time: &[u8]) -> Bytes {
    Bytes::from(frame(length, kind, time))
}
