//! What an MXT frame means.
//!
//! A frame's content (unstuffed, `01` and `04` removed), multi-byte fields
//! little-endian:
//!
//! | bytes | field |
//! |---|---|
//! | 1 | device byte (echoed in the answer) |
//! | 1 | message type (`31`: position) |
//! | 4 | device id, unsigned, written in decimal |
//! | 1 | protocol byte (kept raw) |
//! | 1 | info groups: which optional blocks follow (kept raw) |
//! | 2 | sequence number |
//! | 4 | time: days since 2000-01-01 from bit 17, hours in bits 12–16, minutes in 6–11, seconds in 0–5 (UTC) |
//! | 4 | latitude, signed, millionths of a degree |
//! | 4 | longitude, signed, millionths of a degree |
//! | 4 | status flags (kept raw) |
//! | … | the optional blocks (kept raw, as bytes) |
//! | 2 | CRC-16/XMODEM of everything before it |
//!
//! The samples carry no validity flag we could tell apart, so every
//! position is a valid GNSS fix; speed and course are not decoded (the
//! samples' bytes for them are not identified), so they stay 0.

use crate::checksum::crc16_xmodem;
use crate::codec::DecodeError;
use crate::message::DeviceId;
use crate::reader::Reader;
use crate::record::{FixSource, IoElement, IoKey, IoValue, Record};

/// Milliseconds from the Unix epoch to 2000-01-01 00:00:00 UTC.
const EPOCH_2000_MS: i64 = 946_684_800_000;

/// The position message type.
pub const TYPE_POSITION: u8 = 0x31;

/// A decoded position: what the answer needs, and the record.
#[derive(Debug, Clone, PartialEq)]
pub struct Position {
    /// The device byte, echoed in the answer.
    pub device_byte: u8,
    /// The device id as sent.
    pub id: u32,
    /// The frame's CRC as carried, echoed in the answer.
    pub crc: u16,
    /// The fix.
    pub record: Record,
}

impl Position {
    /// The device id as the gateway names it: the id in decimal.
    pub fn device(&self) -> DeviceId {
        DeviceId(self.id.to_string())
    }
}

/// A position frame's content, its CRC checked.
pub fn position(content: &[u8]) -> Result<Position, DecodeError> {
    if content.len() < 4 {
        return Err(DecodeError::malformed(format!(
            "a frame of {} bytes, under a header and CRC",
            content.len()
        )));
    }
    let (body, crc) = content.split_at(content.len() - 2);
    let carried = u16::from_le_bytes([crc[0], crc[1]]);
    let computed = crc16_xmodem(body);
    if carried != computed {
        return Err(DecodeError::Checksum {
            carried: carried.into(),
            computed: computed.into(),
        });
    }
    let mut r = Reader::new(body);
    let device_byte = r.u8("device byte")?;
    let kind = r.u8("message type")?;
    if kind != TYPE_POSITION {
        return Err(DecodeError::Unsupported(format!(
            "message type {kind:#04x}"
        )));
    }
    let id = u32::from_le_bytes(r.array("device id")?);
    let protocol = r.u8("protocol byte")?;
    let groups = r.u8("info groups")?;
    let sequence = u16::from_le_bytes(r.array("sequence")?);
    let time = time_ms(u32::from_le_bytes(r.array("time")?));
    let latitude = f64::from(i32::from_le_bytes(r.array("latitude")?)) / 1e6;
    let longitude = f64::from(i32::from_le_bytes(r.array("longitude")?)) / 1e6;
    if !(-90.0..=90.0).contains(&latitude) || !(-180.0..=180.0).contains(&longitude) {
        return Err(DecodeError::malformed(format!(
            "coordinates {latitude}, {longitude}"
        )));
    }
    let flags = u32::from_le_bytes(r.array("status flags")?);
    let mut record = Record::at(time, latitude, longitude);
    record.valid = true;
    record.source = FixSource::Gnss;
    let raw = |name: &str, value: IoValue| IoElement {
        key: IoKey::Name(name.to_owned()),
        value,
    };
    record.io = vec![
        raw("protocol", uint(protocol.into(), 1)),
        raw("info_groups", uint(groups.into(), 1)),
        raw("sequence", uint(sequence.into(), 2)),
        raw("flags", uint(flags.into(), 4)),
        raw("blocks", IoValue::Bytes(r.rest().to_vec())),
    ];
    Ok(Position {
        device_byte,
        id,
        crc: carried,
        record,
    })
}

/// An unsigned raw value of `width` bytes.
fn uint(value: u64, width: u8) -> IoValue {
    IoValue::Uint { value, width }
}

/// The packed time field in ms since the Unix epoch.
fn time_ms(packed: u32) -> i64 {
    let days = i64::from(packed >> 17);
    let hours = i64::from((packed >> 12) & 0x1F);
    let minutes = i64::from((packed >> 6) & 0x3F);
    let seconds = i64::from(packed & 0x3F);
    EPOCH_2000_MS + (((days * 24 + hours) * 60 + minutes) * 60 + seconds) * 1000
}
