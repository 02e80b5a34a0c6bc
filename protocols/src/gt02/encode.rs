//! The GT02 heartbeat answer, and frames a device sends, for tests and
//! simulators.

use bytes::Bytes;

use crate::datetime::civil;
use crate::record::Record;

use super::decode::UNITS_PER_DEGREE;
use super::framing::{END, HEADER_LEN, START};

/// The answer to every heartbeat: `54 68 1A 0D 0A`. It names no device
/// and echoes nothing, so it is the same for every heartbeat.
pub const HEARTBEAT_REPLY: [u8; 5] = [0x54, 0x68, 0x1A, 0x0D, 0x0A];

/// The heartbeat answer as bytes to write.
pub fn heartbeat_reply() -> Bytes {
    Bytes::from_static(&HEARTBEAT_REPLY)
}

/// A whole frame from `imei` (15 digits), numbered `index`, of type `kind`.
///
/// Panics if `imei` is not 15 digits or the content does not fit the
/// one-byte length: both are the caller's mistake.
pub fn frame(power: u8, gsm: u8, imei: &str, index: u16, kind: u8, content: &[u8]) -> Bytes {
    assert!(
        imei.len() == 15 && imei.bytes().all(|b| b.is_ascii_digit()),
        "IMEI {imei:?}"
    );
    let len = u8::try_from(HEADER_LEN + content.len()).expect("content fits the length byte");
    let mut out = Vec::with_capacity(usize::from(len) + 5);
    out.extend_from_slice(&START);
    out.extend_from_slice(&[len, power, gsm]);
    let digits = format!("0{imei}");
    for pair in digits.as_bytes().chunks(2) {
        out.push(((pair[0] - b'0') << 4) | (pair[1] - b'0'));
    }
    out.extend_from_slice(&index.to_be_bytes());
    out.push(kind);
    out.extend_from_slice(content);
    out.extend_from_slice(&END);
    out.into()
}

/// A location's content for `record`: its time (years 2000–2255), position,
/// speed (whole km/h, at most 255) and course (whole degrees), and the
/// validity and hemisphere flags.
pub fn location(record: &Record) -> Vec<u8> {
    let (year, month, day, hour, minute, second) = civil(record.fix_time_ms);
    let mut out = Vec::with_capacity(24);
    out.extend_from_slice(&[
        (year - 2000) as u8,
        month as u8,
        day as u8,
        hour as u8,
        minute as u8,
        second as u8,
    ]);
    let units = |degrees: f64| (degrees.abs() * UNITS_PER_DEGREE).round() as u32;
    out.extend_from_slice(&units(record.latitude).to_be_bytes());
    out.extend_from_slice(&units(record.longitude).to_be_bytes());
    out.push(record.speed_kmh.round().min(255.0) as u8);
    out.extend_from_slice(&(record.course_deg.round() as u16).to_be_bytes());
    out.extend_from_slice(&[0; 3]);
    let flags = u32::from(record.valid)
        | (u32::from(record.latitude >= 0.0) << 1)
        | (u32::from(record.longitude >= 0.0) << 2);
    out.extend_from_slice(&flags.to_be_bytes());
    out
}

/// A command answer's content: the text's length, then the text (at most
/// 255 bytes).
pub fn answer(text: &str) -> Vec<u8> {
    let len = u8::try_from(text.len()).expect("an answer of at most 255 bytes");
    [&[len][..], text.as_bytes()].concat()
}
