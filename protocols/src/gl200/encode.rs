//! Bytes trackgate sends to Queclink devices, and sentences a device (or a
//! simulator standing in for one) sends.
//!
//! - [`sack`]: `+SACK:<count>$`, the acknowledgement of a `+RESP`/`+BUFF`
//!   report, echoing its count number verbatim.
//! - [`heartbeat_sack`]: `+SACK:GTHBD,<version>,<count>$`, the answer to a
//!   `+ACK:GTHBD` heartbeat, echoing its protocol version and count.
//!
//! Both echo the device's fields byte for byte (never re-formatted): a
//! device in SACK mode compares the count with the one it sent.

use bytes::Bytes;

use crate::datetime::civil;
use crate::record::Record;

/// `+SACK:<count>$`.
pub fn sack(count: &str) -> Bytes {
    Bytes::from(format!("+SACK:{count}$"))
}

/// `+SACK:GTHBD,<version>,<count>$`.
pub fn heartbeat_sack(version: &str, count: &str) -> Bytes {
    Bytes::from(format!("+SACK:GTHBD,{version},{count}$"))
}

/// `yyyyMMddHHmmss` of `ms` (UTC).
fn stamp(ms: i64) -> String {
    let (y, mo, d, h, mi, s) = civil(ms);
    format!("{y:04}{mo:02}{d:02}{h:02}{mi:02}{s:02}")
}

/// A `+RESP:GTFRI` sentence with one position, as a GV300-class device
/// (protocol version `version`) sends it, numbered `count`.
pub fn fri_sentence(version: &str, imei: &str, record: &Record, count: u16) -> String {
    let accuracy = if record.valid { 1 } else { 0 };
    let time = stamp(record.fix_time_ms);
    format!(
        "+RESP:GTFRI,{version},{imei},,,10,1,{accuracy},{speed:.1},{course:.0},{alt:.1},{lon:.6},{lat:.6},{time},,,,,00,0.0,,,,100,210000,,,,{time},{count:04X}$",
        speed = record.speed_kmh,
        course = record.course_deg,
        alt = record.altitude_m,
        lon = record.longitude,
        lat = record.latitude,
    )
}

/// A `+ACK:GTHBD` heartbeat, sent at `now_ms`, numbered `count`.
pub fn heartbeat_sentence(version: &str, imei: &str, now_ms: i64, count: u16) -> String {
    format!(
        "+ACK:GTHBD,{version},{imei},,{},{count:04X}$",
        stamp(now_ms)
    )
}
