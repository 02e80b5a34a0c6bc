//! Xexun3 replies, and messages a simulator could send.

use bytes::Bytes;

use crate::checksum::crc16_ccitt_false;

use super::framing::{END, Header, START};

/// The protocol version this server writes.
pub const VERSION: u8 = 0x03;

/// A whole frame around `body` (version, type, index, IMEI, data).
fn wrap(body: &[u8]) -> Bytes {
    let mut out = Vec::with_capacity(body.len() + 6);
    out.push(START);
    // Bodies longer than the 16-bit length field are the caller's error.
    out.extend_from_slice(&(body.len() as u16).to_be_bytes());
    out.extend_from_slice(body);
    out.extend_from_slice(&crc16_ccitt_false(body).to_be_bytes());
    out.push(END);
    out.into()
}

/// The acknowledgement of a message:
/// `FC 00 0C 03 type index IMEI(8) 00 CRC CF`, the CRC over version to
/// result (bytes 3..=14).
pub fn ack(header: &Header) -> Bytes {
    let mut body = vec![VERSION, header.kind, header.index];
    body.extend_from_slice(&header.imei);
    body.push(0x00);
    wrap(&body)
}

/// A frame of type `kind` carrying `data`.
pub fn frame(kind: u8, index: u8, imei: &[u8; 8], data: &[u8]) -> Bytes {
    let mut body = vec![VERSION, kind, index];
    body.extend_from_slice(imei);
    body.extend_from_slice(data);
    wrap(&body)
}

/// A GNSS item (tag `64`) without the optional accuracy and duration.
pub fn gnss_item(
    time_s: u32,
    lat: f64,
    lon: f64,
    speed_tenths: u16,
    course_tenths: u16,
) -> Vec<u8> {
    let mut item = vec![0x64, 30];
    item.extend_from_slice(&time_s.to_be_bytes());
    item.extend_from_slice(&lat.to_bits().to_be_bytes());
    item.extend_from_slice(&lon.to_bits().to_be_bytes());
    item.extend_from_slice(&0f32.to_bits().to_be_bytes());
    item.extend_from_slice(&[8, 30]);
    item.extend_from_slice(&speed_tenths.to_be_bytes());
    item.extend_from_slice(&course_tenths.to_be_bytes());
    item
}
