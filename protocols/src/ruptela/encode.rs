//! Replies, and packets a simulator or a test sends as a device would.
//!
//! Every answer to a device is a server packet: length, an answer command
//! (100 for records, otherwise the device's command plus 100), one status
//! byte (`01` = received), CRC-16/KERMIT. The
//! corpus's table of replies gives the four trackgate sends:
//!
//! | device command            | answer                |
//! |---------------------------|-----------------------|
//! | 1 records, 68 extended    | `00 02 64 01 13 BC`   |
//! | 9 DTCs                    | `00 02 6D 01 C4 A4`   |
//! | 15 identification         | `00 02 73 01 CB 25`   |
//! | 16 heartbeat              | `00 02 74 01 86 2D`   |
//!
//! Extended records are answered like plain records (command 100), as the
//! table gives.

use bytes::Bytes;

use crate::codec::DecodeError;
use crate::record::{IoKey, IoValue, Record};

use super::decode::{PRIORITY, command};
use super::framing::wrap;

/// The positive answer to a packet of `command`.
pub fn ack(command: u8) -> Bytes {
    let answer = match command {
        command::RECORDS | command::EXTENDED_RECORDS => 100,
        other => other.wrapping_add(100),
    };
    // Two payload bytes always fit the length field.
    wrap(&[answer, 0x01]).unwrap_or_default()
}

/// A device packet: the IMEI, `command` and `data`, wrapped.
pub fn encode_packet(imei: u64, command: u8, data: &[u8]) -> Result<Bytes, DecodeError> {
    let mut payload = Vec::with_capacity(9 + data.len());
    payload.extend_from_slice(&imei.to_be_bytes());
    payload.push(command);
    payload.extend_from_slice(data);
    wrap(&payload)
}

/// A records packet (command 68 if `extended`, else 1) carrying `records`:
/// their numeric IO elements, grouped by width, and the priority element.
/// Fails for more than 255 records, an IO id over 255 in command 1, or an
/// IO width other than 1, 2, 4 or 8.
pub fn encode_records(imei: u64, records: &[Record], extended: bool) -> Result<Bytes, DecodeError> {
    let count =
        u8::try_from(records.len()).map_err(|_| DecodeError::malformed("over 255 records"))?;
    let mut data = vec![0, count];
    for record in records {
        put_record(&mut data, record, extended)?;
    }
    let command = if extended {
        command::EXTENDED_RECORDS
    } else {
        command::RECORDS
    };
    encode_packet(imei, command, &data)
}

fn put_record(out: &mut Vec<u8>, r: &Record, extended: bool) -> Result<(), DecodeError> {
    let time = u32::try_from(r.fix_time_ms.div_euclid(1000))
        .map_err(|_| DecodeError::malformed("time outside 1970..2106"))?;
    out.extend_from_slice(&time.to_be_bytes());
    out.push(0);
    if extended {
        out.push(0);
    }
    let priority =
        r.io.iter()
            .find(|e| e.key == IoKey::Name(PRIORITY.into()))
            .and_then(|e| e.value.as_u64())
            .unwrap_or(0);
    out.push(priority as u8);
    out.extend_from_slice(&((r.longitude * 1e7).round() as i32).to_be_bytes());
    out.extend_from_slice(&((r.latitude * 1e7).round() as i32).to_be_bytes());
    out.extend_from_slice(&((r.altitude_m * 10.0).round() as i16).to_be_bytes());
    out.extend_from_slice(&((r.course_deg * 100.0).round() as u16).to_be_bytes());
    out.push(r.satellites.unwrap_or(0));
    out.extend_from_slice(&(r.speed_kmh.round() as u16).to_be_bytes());
    out.push((r.hdop.unwrap_or(0.0) * 10.0).round() as u8);
    let event = r.event.unwrap_or(0);
    if extended {
        out.extend_from_slice(&(event as u16).to_be_bytes());
    } else {
        out.push(event as u8);
    }
    let numeric: Vec<(u16, u64, u8)> =
        r.io.iter()
            .filter_map(|e| match (&e.key, &e.value) {
                (IoKey::Id(id), IoValue::Uint { value, width }) => Some((*id, *value, *width)),
                _ => None,
            })
            .collect();
    if let Some((_, _, w)) = numeric.iter().find(|(_, _, w)| ![1, 2, 4, 8].contains(w)) {
        return Err(DecodeError::malformed(format!("IO width {w}")));
    }
    for width in [1u8, 2, 4, 8] {
        let group: Vec<_> = numeric.iter().filter(|(_, _, w)| *w == width).collect();
        let n = u8::try_from(group.len())
            .map_err(|_| DecodeError::malformed("over 255 IO elements of one width"))?;
        out.push(n);
        for (id, value, _) in group {
            if extended {
                out.extend_from_slice(&id.to_be_bytes());
            } else {
                out.push(
                    u8::try_from(*id)
                        .map_err(|_| DecodeError::malformed("IO id over 255 in command 1"))?,
                );
            }
            out.extend_from_slice(&value.to_be_bytes()[8 - usize::from(width)..]);
        }
    }
    Ok(())
}
