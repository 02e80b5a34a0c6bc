//! What a binary (`04`) Tramigo packet means.
//!
//! The 19-byte header: protocol, length (2), check field (2), index (2),
//! the unit's two ids (4 each) and the time (4, Unix seconds), all
//! little-endian. The first id names the device. The body that follows
//! starts with its report type:
//!
//! | report type | becomes |
//! |---|---|
//! | `00` | one record at the header's time, latitude and longitude at body bytes 9 and 13 (signed, little-endian, hundred-thousandths of a degree) |
//! | others | a location-less record at the header's time, the body kept raw (`report`) |
//!
//! The body also carries nearby place names (kept raw): the reports'
//! layout is not published, so only the position seen in the samples is
//! read.

use crate::codec::DecodeError;
use crate::message::DeviceId;
use crate::record::{FixSource, IoElement, IoKey, IoValue, Record};

use super::framing::BINARY_HEADER;

/// The device and record of a whole binary packet.
pub fn packet(packet: &[u8]) -> Result<(DeviceId, Record), DecodeError> {
    let u32_at = |at: usize| {
        u32::from_le_bytes([packet[at], packet[at + 1], packet[at + 2], packet[at + 3]])
    };
    let device = DeviceId(u32_at(7).to_string());
    let time = i64::from(u32_at(15)) * 1000;
    let body = &packet[BINARY_HEADER..];
    let mut record = match body {
        [0x00, _, _, _, _, _, _, _, _, lat @ ..] if lat.len() >= 8 => {
            let i32_at =
                |at: usize| i32::from_le_bytes([lat[at], lat[at + 1], lat[at + 2], lat[at + 3]]);
            let (latitude, longitude) = (f64::from(i32_at(0)) / 1e5, f64::from(i32_at(4)) / 1e5);
            if latitude.abs() > 90.0 || longitude.abs() > 180.0 {
                return Err(DecodeError::malformed(format!(
                    "position {latitude}, {longitude}"
                )));
            }
            Record::at(time, latitude, longitude)
        }
        _ => {
            let mut record = Record::at(time, 0.0, 0.0);
            record.valid = false;
            record.source = FixSource::None;
            record
        }
    };
    record.io.push(IoElement {
        key: IoKey::Name("report".into()),
        value: IoValue::Bytes(body.to_vec()),
    });
    Ok((device, record))
}
