//! Xexun2 replies, and messages a simulator could send.

use bytes::Bytes;

use super::framing::{self, Header, checksum};

/// Builds a whole wire frame: header fields, payload, checksum, escaping.
pub fn frame(kind: u16, index: u16, imei: &[u8; 8], payload: &[u8]) -> Bytes {
    let mut content = Vec::with_capacity(framing::HEADER_LEN + payload.len());
    content.extend_from_slice(&kind.to_be_bytes());
    content.extend_from_slice(&index.to_be_bytes());
    content.extend_from_slice(imei);
    // Payloads longer than the 10-bit length field are the caller's error.
    content.extend_from_slice(&(payload.len() as u16 & 0x03FF).to_be_bytes());
    content.extend_from_slice(&checksum(payload).to_be_bytes());
    content.extend_from_slice(payload);
    framing::escaping(usize::MAX).escape(&content)
}

/// The acknowledgement of a message: the same type, index and IMEI, and a
/// one-byte payload `01` (so attributes `00 01` and checksum `FF FE`).
///
/// Escaped like any frame; for every IMEI and index free of the `FA AF`
/// and `FB BF` pairs that is exactly
/// `FA AF type index IMEI 00 01 FF FE 01 FA AF`.
pub fn ack(header: &Header) -> Bytes {
    frame(header.kind, header.index, &header.imei, &[0x01])
}

/// A position payload of one record holding a GNSS fix (sub-mask bit 6,
/// coordinates as `DDMM.MMMM` doubles) with speed and course.
pub fn position_payload(
    time_s: u32,
    battery_level: u8,
    lat: f64,
    lon: f64,
    speed_tenths: u16,
    course_tenths: u16,
) -> Vec<u8> {
    let ddmm = |deg: f64| {
        let whole = deg.trunc();
        whole * 100.0 + (deg - whole) * 60.0
    };
    let mut record = vec![0x00];
    record.extend_from_slice(&time_s.to_be_bytes());
    record.push(0x1F);
    record.extend_from_slice(&u16::from(battery_level).to_be_bytes());
    record.extend_from_slice(&[0x02, 0x20 | 0x40]);
    record.extend_from_slice(&speed_tenths.to_be_bytes());
    record.extend_from_slice(&course_tenths.to_be_bytes());
    record.push(0x08);
    record.extend_from_slice(&ddmm(lon).to_bits().to_be_bytes());
    record.extend_from_slice(&ddmm(lat).to_bits().to_be_bytes());
    let mut payload = vec![0x01];
    payload.extend_from_slice(&(record.len() as u16).to_be_bytes());
    payload.extend_from_slice(&record);
    payload
}
