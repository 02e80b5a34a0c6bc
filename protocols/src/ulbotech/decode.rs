//! What each Ulbotech frame means.
//!
//! A binary frame's content (unstuffed, flags removed):
//!
//! | bytes | field |
//! |---|---|
//! | 1 | version |
//! | 1 | type (`01`: data) |
//! | 8 | IMEI, 16 BCD digits (a leading zero) |
//! | 4 | time: seconds since 2000-01-01 UTC in the low 31 bits, BE |
//! | … | data blocks: type (1), length (1; 2 BE for type `0B`), data |
//! | 2 | CRC-16/XMODEM of everything before it, BE |
//!
//! Block `01` is the GNSS fix: latitude and longitude (signed, BE,
//! millionths of a degree), speed (km/h), course (degrees) and HDOP
//! (hundredths) as 16-bit BE values; the fix is valid when the HDOP is
//! under 99.99 (the device writes 99.99, `27 0F`, when it has none).
//! A frame without one becomes a location-less record
//! ([`FixSource::None`]). Every block is kept raw in [`Record::io`], as
//! hex under `block_XX`.
//!
//! A text frame is `*TS01,<IMEI>[,<hhmmss><ddmmyy>,<KEY>:<value>…]#`:
//! with only the IMEI it is a keep-alive; with a time it becomes a
//! location-less record dated by that time, each `KEY:value` kept raw.

use crate::checksum::crc16_xmodem;
use crate::codec::DecodeError;
use crate::fix::ddmmyy_hhmmss;
use crate::message::DeviceId;
use crate::reader::Reader;
use crate::record::{FixSource, IoElement, IoKey, IoValue, Record};

/// Seconds from the Unix epoch to 2000-01-01 00:00:00 UTC.
const EPOCH_2000_S: i64 = 946_684_800;

/// The one binary frame type the samples and decoder know: data.
const TYPE_DATA: u8 = 0x01;

/// How far ahead of the clock a device's time may be before the clock is
/// used instead (one day).
const AHEAD_MS: i64 = 86_400_000;

/// A binary data frame: its device and its one record.
pub fn binary(content: &[u8], now_ms: i64) -> Result<(DeviceId, Record), DecodeError> {
    if content.len() < 16 {
        return Err(DecodeError::malformed(format!(
            "a frame of {} bytes, under the 16 of a header and CRC",
            content.len()
        )));
    }
    let (body, crc) = content.split_at(content.len() - 2);
    let carried = u16::from_be_bytes([crc[0], crc[1]]);
    let computed = crc16_xmodem(body);
    if carried != computed {
        return Err(DecodeError::Checksum {
            carried: carried.into(),
            computed: computed.into(),
        });
    }
    let mut r = Reader::new(body);
    let _version = r.u8("version")?;
    let kind = r.u8("type")?;
    if kind != TYPE_DATA {
        return Err(DecodeError::Unsupported(format!("frame type {kind:#04x}")));
    }
    let device = imei(r.bytes(8, "IMEI")?)?;
    let seconds = i64::from(r.u32("time")? & 0x7FFF_FFFF);
    let mut time = (EPOCH_2000_S + seconds) * 1000;
    let mut record = Record::at(time, 0.0, 0.0);
    record.valid = false;
    record.source = FixSource::None;
    let mut fix = false;
    while r.remaining() > 0 {
        let block = r.u8("block type")?;
        let len = if block == 0x0B {
            usize::from(r.u16("block length")?)
        } else {
            usize::from(r.u8("block length")?)
        };
        let data = r.bytes(len, "block data")?;
        if block == 0x01 {
            gnss(data, &mut record)?;
            fix = true;
        }
        record.io.push(IoElement {
            key: IoKey::Name(format!("block_{block:02x}")),
            value: IoValue::Text(crate::hex::encode(data)),
        });
    }
    if !fix && time > now_ms + AHEAD_MS {
        time = now_ms;
        record.fix_time_ms = time;
    }
    Ok((device, record))
}

/// The GNSS block onto `record`.
fn gnss(data: &[u8], record: &mut Record) -> Result<(), DecodeError> {
    let mut r = Reader::new(data);
    let latitude = f64::from(r.u32("latitude")? as i32) / 1e6;
    let longitude = f64::from(r.u32("longitude")? as i32) / 1e6;
    let speed = r.u16("speed")?;
    let course = r.u16("course")?;
    let hdop = f64::from(r.u16("HDOP")?) / 100.0;
    if !(-90.0..=90.0).contains(&latitude) || !(-180.0..=180.0).contains(&longitude) {
        return Err(DecodeError::malformed(format!(
            "coordinates {latitude}, {longitude}"
        )));
    }
    if course > 360 {
        return Err(DecodeError::malformed(format!("course {course}")));
    }
    record.latitude = latitude;
    record.longitude = longitude;
    record.speed_kmh = f64::from(speed);
    record.course_deg = f64::from(course);
    record.hdop = Some(hdop);
    record.valid = hdop < 99.99;
    record.source = FixSource::Gnss;
    Ok(())
}

/// The IMEI from its 16 BCD digits, leading zeros dropped.
fn imei(bcd: &[u8]) -> Result<DeviceId, DecodeError> {
    let mut digits = String::with_capacity(16);
    for byte in bcd {
        for nibble in [byte >> 4, byte & 0x0F] {
            if nibble > 9 {
                return Err(DecodeError::malformed(format!(
                    "IMEI {}",
                    crate::hex::encode(bcd)
                )));
            }
            digits.push(char::from(b'0' + nibble));
        }
    }
    let id = digits.trim_start_matches('0');
    if id.is_empty() {
        return Err(DecodeError::malformed("an IMEI of zeros"));
    }
    Ok(DeviceId(id.to_owned()))
}

/// What a text frame carries.
#[derive(Debug, Clone, PartialEq)]
pub enum Text {
    /// Only the IMEI: a keep-alive.
    KeepAlive,
    /// A dated report, as a location-less record.
    Report(Record),
}

/// A text frame's body (between `*` and `#`).
pub fn text(body: &str) -> Result<(DeviceId, Text), DecodeError> {
    let fields: Vec<&str> = body.split(',').collect();
    if fields[0] != "TS01" {
        return Err(DecodeError::Unsupported(format!(
            "text frame {:?}",
            fields[0]
        )));
    }
    let id = fields.get(1).copied().unwrap_or_default();
    if id.is_empty() || id.len() > 20 || !id.bytes().all(|b| b.is_ascii_digit()) {
        return Err(DecodeError::malformed(format!("IMEI {id:?}")));
    }
    let device = DeviceId(id.to_owned());
    let Some(stamp) = fields.get(2) else {
        return Ok((device, Text::KeepAlive));
    };
    let time = (stamp.len() == 12)
        .then(|| stamp.get(6..).zip(stamp.get(..6)))
        .flatten()
        .and_then(|(date, time)| ddmmyy_hhmmss(date, time))
        .ok_or_else(|| DecodeError::malformed(format!("time {stamp:?}")))?;
    let mut record = Record::at(time, 0.0, 0.0);
    record.valid = false;
    record.source = FixSource::None;
    for field in &fields[3..] {
        let (key, value) = field.split_once(':').unwrap_or((field, ""));
        record.io.push(IoElement {
            key: IoKey::Name(key.to_owned()),
            value: IoValue::Text(value.to_owned()),
        });
    }
    Ok((device, Text::Report(record)))
}
