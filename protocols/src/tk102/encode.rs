//! The answers TK102 devices expect.

use bytes::Bytes;

use super::framing::frame;

/// The type of the answer to a login.
pub const LOGIN_ANSWER: u8 = 0x00;
/// The type of the answer to a heartbeat.
pub const HEARTBEAT_ANSWER: u8 = 0xFF;
/// The mode byte a login answer starts with: GPRS.
pub const MODE_GPRS: u8 = b'0';

/// The answer to a login numbered `sequence` with `data`:
/// `[ 00 <sequence> <len> 30 <data> ]`; `None` if the data is too long
/// to answer (254 bytes at most).
pub fn login(sequence: &[u8; 10], data: &[u8]) -> Option<Bytes> {
    frame(LOGIN_ANSWER, sequence, &[&[MODE_GPRS][..], data].concat())
}

/// The answer to a heartbeat: `[ FF <sequence> <len> <data> ]`, its data
/// echoed.
pub fn heartbeat(sequence: &[u8; 10], data: &[u8]) -> Option<Bytes> {
    frame(HEARTBEAT_ANSWER, sequence, data)
}
