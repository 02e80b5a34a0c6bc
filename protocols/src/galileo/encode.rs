//! Replies, and packets a simulator or a test sends as a device would.
//!
//! The server confirms every main packet (header `01`, head packets
//! included) with `02` followed by the packet's two CRC bytes exactly as
//! they came (little-endian), and every photo part (header `07`) with `07`
//! and the CRC the same way, as the corpus's table of replies gives.

use bytes::Bytes;

use crate::codec::DecodeError;
use crate::record::{IoKey, IoValue, Record};

use super::framing::wrap;
use super::tags::{Size, size, tag};

/// The header of a main packet's confirmation.
pub const CONFIRM: u8 = 0x02;
/// The header of photo packets and of their confirmation.
pub const PHOTO: u8 = 0x07;

/// The confirmation of a packet whose CRC bytes were `crc`: `02` for a
/// main packet, `07` for a photo part.
pub fn confirm(header: u8, crc: [u8; 2]) -> Bytes {
    Bytes::copy_from_slice(&[header, crc[0], crc[1]])
}

/// A head packet naming `imei`, as a device sends it first.
pub fn encode_head(imei: &str) -> Result<Bytes, DecodeError> {
    if imei.len() != 15 || !imei.bytes().all(|b| b.is_ascii_digit()) {
        return Err(DecodeError::malformed("an IMEI is 15 digits"));
    }
    let mut data = vec![tag::IMEI];
    data.extend_from_slice(imei.as_bytes());
    data.extend_from_slice(&[0x04, 0x00, 0x00]);
    wrap(0x01, false, &data)
}

/// A main packet carrying `records`: their time, location, speed, course,
/// height and HDOP tags, and every numeric IO element whose tag has that
/// fixed width. Fails for data over the length field's 32,767 bytes.
pub fn encode_records(records: &[Record]) -> Result<Bytes, DecodeError> {
    let mut data = Vec::new();
    for r in records {
        let seconds = u32::try_from(r.fix_time_ms.div_euclid(1000))
            .map_err(|_| DecodeError::malformed("time outside 1970..2106"))?;
        data.push(tag::TIME);
        data.extend_from_slice(&seconds.to_le_bytes());
        data.push(tag::MILLIS);
        data.extend_from_slice(&(r.fix_time_ms.rem_euclid(1000) as u16).to_le_bytes());
        data.push(tag::COORDINATES);
        data.push(r.satellites.unwrap_or(0).min(15) | if r.valid { 0 } else { 0x10 });
        data.extend_from_slice(&((r.latitude * 1e6).round() as i32).to_le_bytes());
        data.extend_from_slice(&((r.longitude * 1e6).round() as i32).to_le_bytes());
        data.push(tag::SPEED);
        data.extend_from_slice(&((r.speed_kmh * 10.0).round() as u16).to_le_bytes());
        data.extend_from_slice(&((r.course_deg * 10.0).round() as u16).to_le_bytes());
        data.push(tag::HEIGHT);
        data.extend_from_slice(&(r.altitude_m.round() as i16).to_le_bytes());
        data.push(tag::HDOP);
        data.push((r.hdop.unwrap_or(0.0) * 10.0).round() as u8);
        for e in &r.io {
            let (IoKey::Id(id), IoValue::Uint { value, width }) = (&e.key, &e.value) else {
                continue;
            };
            let Ok(t) = u8::try_from(*id) else { continue };
            if size(t) == Some(Size::Fixed(usize::from(*width))) {
                data.push(t);
                data.extend_from_slice(&value.to_le_bytes()[..usize::from(*width)]);
            }
        }
    }
    wrap(0x01, false, &data)
}
