//! Bytes trackgate sends to JT/T 808 terminals, and bytes a terminal (or a
//! simulator standing in for one) sends to trackgate.
//!
//! Every reply echoes the request's terminal phone number and protocol
//! version (2013 or 2019 header) and carries the platform's own serial.
//!
//! - 0x8001 general reply: reply serial (2), reply message id (2), result (1).
//! - 0x8100 registration reply: reply serial (2), result (1), then the
//!   authentication code (text) when the result is success.
//! - 0x8109 time sync reply: year (2), month, day, hour, minute, second
//!   (UTC), result (1).

use bytes::Bytes;

use super::framing::{self, Header};
use super::location::civil_from_ms;

/// Platform general reply.
pub const GENERAL_REPLY: u16 = 0x8001;
/// Registration reply.
pub const REGISTER_REPLY: u16 = 0x8100;
/// Time synchronisation reply.
pub const TIME_REPLY: u16 = 0x8109;

/// The result byte of a general reply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReplyResult {
    /// 0: success / acknowledged.
    Success = 0,
    /// 1: failure.
    Failure = 1,
    /// 2: the message was wrong.
    Malformed = 2,
    /// 3: the message is not supported.
    Unsupported = 3,
}

/// The result byte of a registration reply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegisterResult {
    /// 0: registered; an authentication code follows.
    Success = 0,
    /// 4: no such terminal in the platform's database.
    UnknownTerminal = 4,
}

/// A 0x8001 general reply to `request`.
pub fn general_reply(request: &Header, serial: u16, result: ReplyResult) -> Bytes {
    let mut body = Vec::with_capacity(5);
    body.extend_from_slice(&request.serial.to_be_bytes());
    body.extend_from_slice(&request.id.to_be_bytes());
    body.push(result as u8);
    framing::build(request, GENERAL_REPLY, serial, &body)
}

/// A 0x8100 registration reply; `auth` is sent only on success.
pub fn register_reply(request: &Header, serial: u16, result: RegisterResult, auth: &str) -> Bytes {
    let mut body = Vec::with_capacity(3 + auth.len());
    body.extend_from_slice(&request.serial.to_be_bytes());
    body.push(result as u8);
    if result == RegisterResult::Success {
        body.extend_from_slice(auth.as_bytes());
    }
    framing::build(request, REGISTER_REPLY, serial, &body)
}

/// A 0x8109 time reply carrying `now_ms` (UTC).
pub fn time_reply(request: &Header, serial: u16, now_ms: i64) -> Bytes {
    let (year, month, day, hour, minute, second) = civil_from_ms(now_ms);
    let mut body = Vec::with_capacity(8);
    body.extend_from_slice(&u16::try_from(year).unwrap_or(0).to_be_bytes());
    body.extend_from_slice(&[month, day, hour, minute, second, 0]);
    framing::build(request, TIME_REPLY, serial, &body)
}

/// A terminal's message: a 2013 header for `phone` (12 digits, BCD) or a
/// 2019 header when `version` is given (20 digits), `body`, check code,
/// escaped and flagged. Missing leading digits are zeros; a non-digit
/// counts as zero.
pub fn encode_message(
    phone: &str,
    version: Option<u8>,
    id: u16,
    serial: u16,
    body: &[u8],
) -> Bytes {
    let width: usize = if version.is_some() { 20 } else { 12 };
    let digits: Vec<u8> = phone.bytes().map(|c| c.wrapping_sub(b'0') % 10).collect();
    let mut padded = vec![0u8; width.saturating_sub(digits.len())];
    padded.extend(digits.iter().rev().take(width).rev());
    let header = Header {
        id,
        version,
        phone: padded.chunks(2).map(|p| p[0] << 4 | p[1]).collect(),
        serial,
        packet: None,
        encrypted: false,
    };
    framing::build(&header, id, serial, body)
}
