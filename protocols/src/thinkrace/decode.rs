//! What a ThinkRace packet means.
//!
//! | type | data | becomes |
//! |---|---|---|
//! | `80` | command `01`, then the device's IMEI as ASCII digits | its login |
//! | `90` | a position (below) | one record |
//!
//! A position: time (4, Unix seconds), flags (1: bit 0 set for north,
//! bit 1 for east; kept raw as `flags`), latitude and longitude (4 each,
//! millionths of a degree), speed (1, km/h), course (1, in 2-degree
//! steps), LAC and cell id (2 each, kept raw as `lac` and `cid`); any
//! bytes after those are kept raw (`extra`). The form has no fix flag: a
//! position is stored as valid.

use crate::codec::DecodeError;
use crate::message::DeviceId;
use crate::reader::Reader;
use crate::record::{IoElement, IoKey, IoValue, Record};

/// The login's type.
pub const LOGIN: u8 = 0x80;
/// The position's type.
pub const POSITION: u8 = 0x90;

/// What a packet carries.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    /// The device's login with its IMEI.
    Login(DeviceId),
    /// A position.
    Record(Record),
}

/// Decodes a checked packet's data by its type.
pub fn data(kind: u8, data: &[u8]) -> Result<Body, DecodeError> {
    match (kind, data) {
        (LOGIN, [0x01, imei @ ..]) => {
            if imei.is_empty() || imei.len() > 20 || !imei.iter().all(u8::is_ascii_digit) {
                return Err(DecodeError::malformed(format!(
                    "login IMEI {}",
                    crate::hex::encode(imei)
                )));
            }
            let imei = String::from_utf8_lossy(imei).into_owned();
            Ok(Body::Login(DeviceId(imei)))
        }
        (POSITION, data) => position(data).map(Body::Record),
        (kind, data) => Err(DecodeError::Unsupported(format!(
            "packet type {kind:#04x} ({} data bytes)",
            data.len()
        ))),
    }
}

/// A position's data.
fn position(data: &[u8]) -> Result<Record, DecodeError> {
    let mut r = Reader::new(data);
    let time = i64::from(r.u32("time")?) * 1000;
    let flags = r.u8("flags")?;
    let latitude = f64::from(r.u32("latitude")?) / 1e6;
    let longitude = f64::from(r.u32("longitude")?) / 1e6;
    if latitude > 90.0 || longitude > 180.0 {
        return Err(DecodeError::malformed(format!(
            "coordinates {latitude}, {longitude}"
        )));
    }
    let sign = |bit: u8| if flags & bit != 0 { 1.0 } else { -1.0 };
    let mut record = Record::at(time, latitude * sign(0x01), longitude * sign(0x02));
    record.speed_kmh = f64::from(r.u8("speed")?);
    record.course_deg = f64::from(r.u8("course")?) * 2.0;
    if record.course_deg > 360.0 {
        return Err(DecodeError::malformed(format!(
            "course {}",
            record.course_deg
        )));
    }
    record.io.push(uint("flags", flags.into(), 1));
    record.io.push(uint("lac", r.u16("LAC")?.into(), 2));
    record.io.push(uint("cid", r.u16("cell id")?.into(), 2));
    let rest = r.rest();
    if !rest.is_empty() {
        record.io.push(IoElement {
            key: IoKey::Name("extra".into()),
            value: IoValue::Bytes(rest.to_vec()),
        });
    }
    Ok(record)
}

fn uint(name: &str, value: u64, width: u8) -> IoElement {
    IoElement {
        key: IoKey::Name(name.to_owned()),
        value: IoValue::Uint { value, width },
    }
}
