//! Protocol Pro, the second-generation binary form.
//!
//! Report: `2B` (real time) or `2D` (buffered), `00`, frame length (u16,
//! whole frame), a flags byte (bit 7: a multi-packet frame, followed by
//! frame count and number), the IMEI (8 bytes of BCD, the first nibble
//! dropped), device type (2), protocol version (2), custom version (1), a
//! reserved field (length byte, then that many bytes), then records up
//! to the count number (2), a CRC-8/NRSC-5 over everything before it, and
//! `$`. The checksum is verified.
//!
//! Record: length (varint, itself included), generated time (u32 Unix
//! seconds), record count (2), record id, event code, then data items
//! `<id varint><length varint><content>`. A varint is one byte, or two
//! when the first has its top bit set (the value then has 15 bits).
//!
//! | data id | content                                                              | decoded as |
//! |---------|----------------------------------------------------------------------|------------|
//! | 81      | fix byte, lon, lat (i32, 10⁻⁶ °), UTC (u32), speed (u16, 0.1 km/h)    | position   |
//! | 82      | the same, then HDOP (0.1), azimuth (u16), altitude (i24, 0.1 m), satellites | position |
//! | 27      | ignition: 0 off, 1 on (2 unknown)                                     | ignition   |
//! | 31      | total mileage (u32, m)                                               | odometer   |
//! | other   | kept raw as `data_<id>`                                              |            |
//!
//! A record without a location data item becomes a record without a
//! location at its generated time. Heartbeat: `2B 10`, a 1-byte length,
//! IMEI, device type, versions, generated time, count, CRC-8, `$`.

use crate::checksum::crc8_nrsc5;
use crate::codec::DecodeError;
use crate::message::{DeviceId, Message};
use crate::reader::Reader;
use crate::record::{FixSource, IoElement, IoKey, IoValue, Record};

use super::io;

/// Decodes one Protocol Pro frame, its checksum verified.
pub fn decode(frame: &[u8]) -> Result<Message, DecodeError> {
    let n = frame.len();
    if n < 6 || frame[n - 1] != b'$' {
        return Err(DecodeError::malformed(
            "Protocol Pro frame does not end with $",
        ));
    }
    let computed = crc8_nrsc5(&frame[..n - 2]);
    if computed != frame[n - 2] {
        return Err(DecodeError::Checksum {
            carried: u32::from(frame[n - 2]),
            computed: u32::from(computed),
        });
    }
    if frame[1] == 0x10 {
        let mut r = Reader::new(&frame[3..]);
        let device = imei(r.bytes(8, "IMEI")?);
        return Ok(Message::Heartbeat {
            device: Some(device),
            reply: None,
        });
    }
    let mut r = Reader::new(&frame[4..n - 4]);
    let flags = r.u8("flags")?;
    if flags & 0x80 != 0 {
        r.u16("frame count and number")?;
    }
    let device = imei(r.bytes(8, "IMEI")?);
    r.bytes(5, "device type and versions")?;
    let reserved = usize::from(r.u8("reserved length")?);
    r.bytes(reserved, "reserved field")?;
    let mut records = Vec::new();
    while r.remaining() > 0 {
        let len = varint(&mut r, "record length")?;
        let header = if len > 0x7F { 2 } else { 1 };
        let body = r.bytes(len.checked_sub(header).ok_or_else(bad_len)?, "record")?;
        records.push(record(body)?);
    }
    Ok(Message::Records {
        device: Some(device),
        records,
        ack: None,
    })
}

fn bad_len() -> DecodeError {
    DecodeError::malformed("record length shorter than itself")
}

/// BCD digits with the first nibble dropped.
fn imei(bytes: &[u8]) -> DeviceId {
    let digits: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    DeviceId(digits[1..].to_owned())
}

fn varint(r: &mut Reader<'_>, what: &str) -> Result<usize, DecodeError> {
    let first = r.u8(what)?;
    if first & 0x80 == 0 {
        return Ok(usize::from(first));
    }
    Ok((usize::from(first & 0x7F) << 8) | usize::from(r.u8(what)?))
}

/// One record (its length already read).
fn record(body: &[u8]) -> Result<Record, DecodeError> {
    let mut r = Reader::new(body);
    let generated = i64::from(r.u32("generated time")?) * 1000;
    let count = r.u16("record count")?;
    let [id, event] = r.array::<2>("record id and event")?;
    let mut record = Record::at(generated, 0.0, 0.0);
    record.valid = false;
    record.source = FixSource::None;
    record.event = Some(u32::from(event));
    record.io.push(uint("record_id", u64::from(id), 1));
    record.io.push(uint("record_count", u64::from(count), 2));
    while r.remaining() > 0 {
        let data_id = varint(&mut r, "data id")?;
        let len = varint(&mut r, "data length")?;
        let content = r.bytes(len, "data content")?;
        match (data_id, content.len()) {
            (81, 15) | (82, 22) => location(content, &mut record)?,
            (27, 1) if content[0] < 2 => record.values.push(io::ignition(content[0] == 1)),
            (31, 4) => {
                let metres = u32::from_be_bytes([content[0], content[1], content[2], content[3]]);
                record
                    .values
                    .push(io::odometer_km(f64::from(metres) / 1000.0));
            }
            _ => record.io.push(IoElement {
                key: IoKey::Name(format!("data_{data_id}")),
                value: IoValue::Bytes(content.to_vec()),
            }),
        }
    }
    Ok(record)
}

/// Data item 81 (mini) or 82 (full location).
fn location(content: &[u8], record: &mut Record) -> Result<(), DecodeError> {
    let mut r = Reader::new(content);
    let fix = r.u8("fix byte")?;
    let longitude = f64::from(r.u32("longitude")? as i32) / 1e6;
    let latitude = f64::from(r.u32("latitude")? as i32) / 1e6;
    let time = i64::from(r.u32("UTC")?) * 1000;
    let speed = f64::from(r.u16("speed")?) / 10.0;
    if longitude.abs() > 180.0 || latitude.abs() > 90.0 {
        return Err(DecodeError::malformed("Protocol Pro position out of range"));
    }
    record.fix_time_ms = time;
    record.latitude = latitude;
    record.longitude = longitude;
    record.speed_kmh = speed;
    record.source = FixSource::Gnss;
    // Fix state in bits 3-2: 0b10 is a fix.
    record.valid = (fix >> 2) & 0b11 == 0b10;
    if r.remaining() > 0 {
        record.hdop = Some(f64::from(r.u8("HDOP")?) / 10.0);
        record.course_deg = f64::from(r.u16("azimuth")? % 360);
        let alt = r.array::<3>("altitude")?;
        // A 24-bit two's-complement number, sign-extended by the shift.
        let alt = i32::from_be_bytes([alt[0], alt[1], alt[2], 0]) >> 8;
        record.altitude_m = f64::from(alt) / 10.0;
        record.satellites = Some(r.u8("satellites")?);
    }
    Ok(())
}

fn uint(name: &str, value: u64, width: u8) -> IoElement {
    IoElement {
        key: IoKey::Name(name.to_owned()),
        value: IoValue::Uint { value, width },
    }
}
