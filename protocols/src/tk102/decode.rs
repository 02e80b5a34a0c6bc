//! What each TK102 frame means.
//!
//! | type | data | becomes |
//! |---|---|---|
//! | `80` login | the device id in digits | a login, answered type `00` |
//! | `21` login | `(<IMEI>,<firmware>,<settings…>)` | a login, answered type `00` |
//! | `F0` heartbeat | anything | a heartbeat, its data echoed in type `FF` |
//! | any other | a report, `(<kind><hhmmss><A/V><DDMM.MMMM><N/S><DDDMM.MMMM><E/W><speed ddd.ddd><ddmmyy><status…>)` | one record |
//!
//! Reports are told by their data, not their type: the corpus shows them
//! under four type bytes (`90`, `93`, `3B`, `3D`). Their speed is in
//! knots (the receiver's own unit), the three-letter kind (`ONE` for a
//! report asked once, `ITV` for one sent at an interval) and every byte
//! after the date are kept raw as text (`kind`, `status`). Data of any
//! other form (GSM cell lists, command answers) is not read.

use crate::codec::DecodeError;
use crate::fix::{KMH_PER_KNOT, coordinate, ddmmyy_hhmmss, decimal};
use crate::message::DeviceId;
use crate::record::{IoElement, IoKey, IoValue, Record};

/// The login type with the device id as data.
pub const LOGIN: u8 = 0x80;
/// The login type with the IMEI and settings as data.
pub const LOGIN_DETAILS: u8 = 0x21;
/// The heartbeat type.
pub const HEARTBEAT: u8 = 0xF0;

/// The device id a login's data names.
pub fn login_id(kind: u8, data: &[u8]) -> Result<DeviceId, DecodeError> {
    let id = match kind {
        LOGIN => data,
        _ => {
            let inner = data
                .strip_prefix(b"(")
                .ok_or_else(|| DecodeError::malformed("login details start with ("))?;
            inner.split(|b| *b == b',').next().unwrap_or_default()
        }
    };
    if id.is_empty() || id.len() > 20 || !id.iter().all(u8::is_ascii_digit) {
        return Err(DecodeError::malformed(format!(
            "device id {:?}",
            String::from_utf8_lossy(id)
        )));
    }
    Ok(DeviceId(String::from_utf8_lossy(id).into_owned()))
}

/// Whether `data` has the form of a report: `(`, three capital letters,
/// then the time's six digits.
pub fn is_report(data: &[u8]) -> bool {
    data.len() > 10
        && data[0] == b'('
        && data[1..4].iter().all(u8::is_ascii_uppercase)
        && data[4..10].iter().all(u8::is_ascii_digit)
}

/// A report's record.
pub fn report(data: &[u8]) -> Result<Record, DecodeError> {
    let text = std::str::from_utf8(data)
        .ok()
        .and_then(|t| t.strip_prefix('('))
        .and_then(|t| t.strip_suffix(')'))
        .ok_or_else(|| DecodeError::malformed("a report is ASCII text in ( )"))?;
    let field = |from: usize, to: usize| text.get(from..to).unwrap_or_default();
    let bad = |what: &str, value: &str| DecodeError::malformed(format!("{what}: {value:?}"));
    let (time, status, lat, lat_h) = (field(3, 9), field(9, 10), field(10, 19), field(19, 20));
    let (lon, lon_h, speed, date) = (field(20, 30), field(30, 31), field(31, 38), field(38, 44));
    let fix_time = ddmmyy_hhmmss(date, time).ok_or_else(|| bad("date and time", date))?;
    let latitude = coordinate(lat, lat_h, 90.0).ok_or_else(|| bad("latitude", lat))?;
    let longitude = coordinate(lon, lon_h, 180.0).ok_or_else(|| bad("longitude", lon))?;
    let mut record = Record::at(fix_time, latitude, longitude);
    record.valid = match status {
        "A" => true,
        "V" => false,
        other => return Err(bad("validity", other)),
    };
    record.speed_kmh = decimal(speed).ok_or_else(|| bad("speed", speed))? * KMH_PER_KNOT;
    record.io.push(text_io("kind", field(0, 3)));
    record
        .io
        .push(text_io("status", text.get(44..).unwrap_or_default()));
    Ok(record)
}

fn text_io(name: &str, value: &str) -> IoElement {
    IoElement {
        key: IoKey::Name(name.to_owned()),
        value: IoValue::Text(value.to_owned()),
    }
}
