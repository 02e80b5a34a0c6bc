//! What a TZone packet means.
//!
//! After `$$` come the hardware type (2 bytes), the firmware version (4),
//! the IMEI (8 bytes of BCD) and the device's clock (6 bytes: year − 2000,
//! month, day, hour, minute, second). Then blocks, each a length (2 bytes)
//! and that many bytes: GPS, cell, status, then whatever the hardware
//! adds; the packet index (2 bytes) ends it.
//!
//! | block | read as |
//! |---|---|
//! | GPS, 22 bytes, vehicle units (hardware `01xx`) | satellites (1), latitude (4), longitude (4), fix time (6), speed (2, kept raw), course (2, kept raw), then three bytes kept raw (`gps_status`), the second of them flags: bit 3 a valid fix, bit 2 north, bit 1 west |
//! | GPS, any other | kept raw (`gps`); the record has no position |
//! | cell | kept raw (`cell`) |
//! | status | kept raw (`status`); personal units (hardware `04xx`) give the battery in hundredths of a volt at bytes 4–5 |
//! | the next block, vehicle units | a card swiped (`card`) when it is a type byte and printable text |
//! | the rest | kept raw (`extra`) |
//!
//! Coordinates count 1/600 000 of a degree, or 1/6 000 000 on hardware
//! `0153`, whose samples fall on Kuala Lumpur, Singapore and Thailand
//! only so. A packet without a GPS position becomes a location-less
//! record dated by the device's clock.

use crate::codec::DecodeError;
use crate::datetime::utc_ms;
use crate::message::DeviceId;
use crate::record::{FixSource, IoElement, IoKey, IoValue, Record};
use crate::sensor::{NamedValue, Sensor, Value};

/// Hardware whose coordinates count 1/6 000 000 of a degree.
const FINE_HARDWARE: u16 = 0x0153;

/// Decodes the bytes from `$$` to the index (its CRC checked): the
/// device, its record and the packet index.
pub fn packet(body: &[u8]) -> Result<(DeviceId, Record, u16), DecodeError> {
    if !body.starts_with(b"$$") {
        let number = body.get(..2).unwrap_or(body);
        return Err(DecodeError::Unsupported(format!(
            "protocol number {number:02x?}"
        )));
    }
    let hardware = u16::from_be_bytes([body[2], body[3]]);
    let device = imei(&body[8..16])?;
    let clock = time(&body[16..22]);
    let index = u16::from_be_bytes([body[body.len() - 2], body[body.len() - 1]]);
    let mut blocks = Blocks {
        rest: &body[22..body.len() - 2],
    };
    let gps = blocks.next()?;
    let cell = blocks.next()?;
    let status = blocks.next()?;
    let vehicle = hardware >> 8 == 0x01;
    let mut record = match vehicle {
        true => fix(gps, hardware == FINE_HARDWARE),
        false => None,
    }
    .unwrap_or_else(|| {
        let mut record = Record::at(clock.unwrap_or_default(), 0.0, 0.0);
        record.valid = false;
        record.source = FixSource::None;
        record.io.push(bytes("gps", gps));
        record
    });
    if record.source == FixSource::None && clock.is_none() {
        return Err(DecodeError::malformed("no fix and no clock"));
    }
    record.io.push(text("hardware", &format!("{hardware:04x}")));
    record.io.push(bytes("firmware", &body[4..8]));
    record.io.push(bytes("cell", cell));
    record.io.push(bytes("status", status));
    if hardware >> 8 == 0x04 && status.len() >= 6 {
        let centivolts = u16::from_be_bytes([status[4], status[5]]);
        record.values.push(NamedValue::new(
            Sensor::Input("battery_voltage".into()),
            Value::Number(f64::from(centivolts) / 100.0),
        ));
    }
    if vehicle {
        let before = blocks.rest;
        match blocks.next().ok().and_then(card) {
            Some(swiped) => record.io.push(text("card", &swiped)),
            None => blocks.rest = before,
        }
    }
    if !blocks.rest.is_empty() {
        record.io.push(bytes("extra", blocks.rest));
    }
    record.io.push(IoElement {
        key: IoKey::Name("index".into()),
        value: IoValue::Uint {
            value: index.into(),
            width: 2,
        },
    });
    Ok((device, record, index))
}

/// Length-prefixed blocks, read in turn.
struct Blocks<'a> {
    rest: &'a [u8],
}

impl<'a> Blocks<'a> {
    /// The next block's bytes.
    fn next(&mut self) -> Result<&'a [u8], DecodeError> {
        let len = crate::framing::length::be_u16(self.rest, 0)
            .map(usize::from)
            .ok_or_else(|| DecodeError::malformed("a block without its length"))?;
        let block = self
            .rest
            .get(2..2 + len)
            .ok_or_else(|| DecodeError::malformed(format!("a {len}-byte block past the end")))?;
        self.rest = &self.rest[2 + len..];
        Ok(block)
    }
}

/// The IMEI from 8 bytes of BCD (a leading zero digit dropped).
fn imei(bcd: &[u8]) -> Result<DeviceId, DecodeError> {
    let digits = crate::hex::encode(bcd);
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(DecodeError::malformed(format!("IMEI {digits}")));
    }
    Ok(DeviceId(
        digits.strip_prefix('0').unwrap_or(&digits).to_owned(),
    ))
}

/// Six bytes: year − 2000, month, day, hour, minute, second.
fn time(b: &[u8]) -> Option<i64> {
    let n = |i: usize| u32::from(b[i]);
    utc_ms(2000 + i64::from(b[0]), n(1), n(2), n(3), n(4), n(5))
}

/// The vehicle units' 22-byte GPS block, if it holds a position.
fn fix(gps: &[u8], fine: bool) -> Option<Record> {
    if gps.len() != 22 {
        return None;
    }
    let unit = if fine { 6_000_000.0 } else { 600_000.0 };
    let raw = |i: usize| {
        f64::from(u32::from_be_bytes([
            gps[i],
            gps[i + 1],
            gps[i + 2],
            gps[i + 3],
        ]))
    };
    let flags = gps[20];
    let mut latitude = raw(1) / unit;
    let mut longitude = raw(5) / unit;
    if latitude > 90.0 || longitude > 180.0 {
        return None;
    }
    if flags & 0x04 == 0 {
        latitude = -latitude;
    }
    if flags & 0x02 != 0 {
        longitude = -longitude;
    }
    let mut record = Record::at(time(&gps[9..15])?, latitude, longitude);
    record.valid = flags & 0x08 != 0 && (latitude != 0.0 || longitude != 0.0);
    record.satellites = Some(gps[0]);
    record.io.push(IoElement {
        key: IoKey::Name("gps_speed".into()),
        value: IoValue::Uint {
            value: u16::from_be_bytes([gps[15], gps[16]]).into(),
            width: 2,
        },
    });
    record.io.push(IoElement {
        key: IoKey::Name("gps_course".into()),
        value: IoValue::Uint {
            value: u16::from_be_bytes([gps[17], gps[18]]).into(),
            width: 2,
        },
    });
    record.io.push(bytes("gps_status", &gps[19..]));
    Some(record)
}

/// A card block's text: a type byte, then printable ASCII.
fn card(block: &[u8]) -> Option<String> {
    let text = block.get(1..).filter(|t| !t.is_empty())?;
    text.iter()
        .all(|b| (0x20..0x7f).contains(b))
        .then(|| String::from_utf8_lossy(text).into_owned())
}

fn text(name: &str, value: &str) -> IoElement {
    IoElement {
        key: IoKey::Name(name.to_owned()),
        value: IoValue::Text(value.to_owned()),
    }
}

fn bytes(name: &str, value: &[u8]) -> IoElement {
    IoElement {
        key: IoKey::Name(name.to_owned()),
        value: IoValue::Bytes(value.to_vec()),
    }
}
