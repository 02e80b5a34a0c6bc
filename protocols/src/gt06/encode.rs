//! Bytes trackgate sends to GT06 devices, and packets a device (or a
//! simulator standing in for one) sends to trackgate.
//!
//! Replies: the 10-byte acknowledgement `78 78 05 <type> <serial> <crc> 0D 0A`
//! (`79 79 00 05 ...` for packets that came in the long envelope), the time
//! reply to 0x8A, and the address reply to 0x2A.

use bytes::{BufMut, Bytes, BytesMut};

use crate::checksum::crc16_x25;
use crate::record::Record;

use super::decode::kind;

/// What the address reply says when no address is known: address, phone
/// number, then the `##` terminator (Traccar's answer; the GT06 documents
/// describe the same `&&`/`##` layout with a real address).
pub const NO_ADDRESS: &str = "NA&&NA&&0##";

/// A whole packet: markers, length, `kind`, `content`, `serial`, CRC, end.
pub fn packet(long: bool, kind: u8, content: &[u8], serial: u16) -> Bytes {
    // Length counts the protocol number, content, serial and CRC.
    let length = 1 + content.len() + 4;
    let mut out = BytesMut::with_capacity(length + 6);
    if long {
        out.put_slice(&[0x79, 0x79]);
        out.put_u16(u16::try_from(length).unwrap_or(u16::MAX));
    } else {
        out.put_slice(&[0x78, 0x78]);
        out.put_u8(u8::try_from(length).unwrap_or(u8::MAX));
    }
    out.put_u8(kind);
    out.put_slice(content);
    out.put_u16(serial);
    let crc = crc16_x25(&out[2..]);
    out.put_u16(crc);
    out.put_slice(&[0x0D, 0x0A]);
    out.freeze()
}

/// The acknowledgement of a packet of type `kind` with serial `serial`.
pub fn ack(long: bool, kind: u8, serial: u16) -> Bytes {
    packet(long, kind, &[], serial)
}

/// The answer to a time request: the current UTC date-time.
pub fn time_reply(serial: u16, now_ms: i64) -> Bytes {
    packet(false, kind::TIME_REQUEST, &date_time(now_ms), serial)
}

/// The answer to an address request when no address is known: command
/// length (1), server flag (4, zero), then [`NO_ADDRESS`].
pub fn address_reply(serial: u16) -> Bytes {
    let mut content = Vec::with_capacity(5 + NO_ADDRESS.len());
    content.push((4 + NO_ADDRESS.len()) as u8);
    content.extend_from_slice(&[0, 0, 0, 0]);
    content.extend_from_slice(NO_ADDRESS.as_bytes());
    packet(true, kind::ADDRESS_REPLY, &content, serial)
}

/// A login packet for `imei` (up to 16 digits, BCD, zero-padded on the left).
pub fn encode_login(imei: &str, serial: u16) -> Bytes {
    let digits: Vec<u8> = format!("{imei:0>16}")
        .bytes()
        .take(16)
        .map(|d| d.wrapping_sub(b'0') & 0x0F)
        .collect();
    let bcd: Vec<u8> = digits
        .chunks(2)
        .map(|p| (p[0] << 4) | p.get(1).copied().unwrap_or(0))
        .collect();
    packet(false, kind::LOGIN, &bcd, serial)
}

/// A 0x12 location packet for `record` (time, fix and course; no cell).
pub fn encode_location(record: &Record, serial: u16) -> Bytes {
    let mut content = BytesMut::with_capacity(18);
    content.put_slice(&date_time(record.fix_time_ms));
    let satellites = record.satellites.unwrap_or(0).min(15);
    content.put_u8(0xC0 | satellites);
    content.put_u32((record.latitude.abs() * 1_800_000.0).round() as u32);
    content.put_u32((record.longitude.abs() * 1_800_000.0).round() as u32);
    content.put_u8(record.speed_kmh.round().clamp(0.0, 255.0) as u8);
    let mut flags = (record.course_deg.round() as u16) & 0x03FF;
    if record.valid {
        flags |= 1 << 12;
    }
    if record.longitude < 0.0 {
        flags |= 1 << 11;
    }
    if record.latitude >= 0.0 {
        flags |= 1 << 10;
    }
    content.put_u16(flags);
    packet(false, kind::GPS_CELL, &content, serial)
}

/// YY MM DD hh mm ss (UTC) of a time in milliseconds since the epoch.
fn date_time(ms: i64) -> [u8; 6] {
    let secs = ms.div_euclid(1000);
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let (year, month, day) = crate::datetime::civil_from_days(days);
    [
        (year - 2000).clamp(0, 255) as u8,
        month as u8,
        day as u8,
        (rem / 3600) as u8,
        (rem / 60 % 60) as u8,
        (rem % 60) as u8,
    ]
}
