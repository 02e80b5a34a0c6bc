//! Location reports: 0x0200 (one position) and 0x0704 (a batch).
//!
//! The basic information is 28 bytes: alarm flags (4), status (4),
//! latitude and longitude (4 each, unsigned, 1e-6 degrees; status bits 2
//! and 3 give south and west), altitude (2, metres), speed (2, 0.1 km/h),
//! course (2, degrees, 0 = north) and time (6 BCD, `YYMMDDhhmmss`). The
//! standard says every time in it is Beijing time (GMT+8), so 8 hours are
//! taken off to get UTC.
//!
//! Additional information items follow: id (1), length (1), value. Every
//! item is kept raw in `Record::io` under its id; [`super::io`] names the
//! standard ones and [`super::items`] the manufacturer ones. Devices are known to pad the end with bytes that do not
//! form a whole item: those trailing bytes are ignored rather than the
//! whole position refused, since the basic information before them is
//! sound.
//!
//! A batch (0x0704) is: count (2), type (1: 0 = regular, 1 = blind-area
//! backfill), then per item its length (2) and one basic information block
//! with its additional items.

use crate::codec::DecodeError;
use crate::record::{FixSource, IoElement, IoKey, IoValue, Record};

use super::io;
use super::items;
use super::reader::Reader;
use super::variant::Jt808Variant;

/// Beijing time, which JT/T 808 times are written in, is UTC+8.
const GMT8_OFFSET_MS: i64 = 8 * 3_600_000;
/// Length of the basic location information.
const BASIC_LEN: usize = 28;
/// Status bit 1: the fix is valid.
const STATUS_VALID: u32 = 1 << 1;
/// Status bit 2: south latitude.
const STATUS_SOUTH: u32 = 1 << 2;
/// Status bit 3: west longitude.
const STATUS_WEST: u32 = 1 << 3;
/// Raw key of the alarm flags word.
pub const ALARM_KEY: &str = "alarm";
/// Raw key of the status word.
pub const STATUS_KEY: &str = "status";

/// Decodes a 0x0200 body: one position, read with `variant`'s layout.
pub fn report(body: &[u8], variant: Jt808Variant) -> Result<Record, DecodeError> {
    if body.len() < BASIC_LEN {
        return Err(DecodeError::malformed(format!(
            "location report of {} bytes, the basic information alone is {BASIC_LEN}",
            body.len()
        )));
    }
    let mut r = Reader::new(body);
    let alarm = r.u32("alarm flags")?;
    let (mut record, status) = position(&mut r)?;
    let items = split_items(r.rest());
    let mut raw = vec![
        uint(IoKey::Name(ALARM_KEY.into()), u64::from(alarm), 4),
        uint(IoKey::Name(STATUS_KEY.into()), u64::from(status), 4),
    ];
    raw.extend(
        items
            .iter()
            .map(|&(id, value)| item_element(u16::from(id), value)),
    );
    record.satellites = io::satellites(&raw);
    record.values = io::named_values(alarm, status, &raw, variant);
    record.values.extend(items::named(&items, variant));
    record.io = raw;
    Ok(record)
}

/// The basic information after the alarm word: status, coordinates,
/// altitude, speed, course and time (24 bytes). Returns the record and the
/// status word.
pub(crate) fn position(r: &mut Reader<'_>) -> Result<(Record, u32), DecodeError> {
    let (mut record, status) = coordinates(r)?;
    // The standard makes altitude an unsigned WORD; devices below sea level
    // send it two's-complement, and no real altitude reaches 32,768 m.
    let altitude = r.u16("altitude")? as i16;
    let speed = r.u16("speed")?;
    let course = r.u16("course")?;
    record.fix_time_ms = bcd_time(&r.array::<6>("time")?)?;
    record.altitude_m = f64::from(altitude);
    record.speed_kmh = f64::from(speed) / 10.0;
    record.course_deg = f64::from(course);
    Ok((record, status))
}

/// Status (4), latitude and longitude (4 each): a record with no time
/// yet, and the status word.
pub(crate) fn coordinates(r: &mut Reader<'_>) -> Result<(Record, u32), DecodeError> {
    let status = r.u32("status")?;
    let lat = f64::from(r.u32("latitude")?) / 1e6;
    let lon = f64::from(r.u32("longitude")?) / 1e6;
    let latitude = if status & STATUS_SOUTH != 0 {
        -lat
    } else {
        lat
    };
    let longitude = if status & STATUS_WEST != 0 { -lon } else { lon };
    let mut record = Record::at(0, latitude, longitude);
    record.valid = status & STATUS_VALID != 0;
    if !record.valid && lat == 0.0 && lon == 0.0 {
        record.source = FixSource::None;
    }
    Ok((record, status))
}

/// Decodes a 0x0704 body: the positions of a batch, in order.
pub fn batch(body: &[u8], variant: Jt808Variant) -> Result<Vec<Record>, DecodeError> {
    let mut r = Reader::new(body);
    let count = r.u16("batch count")?;
    let _kind = r.u8("batch type")?;
    let mut records = Vec::with_capacity(usize::from(count).min(body.len() / BASIC_LEN));
    for _ in 0..count {
        let len = usize::from(r.u16("batch item length")?);
        records.push(report(r.bytes(len, "batch item")?, variant)?);
    }
    if r.remaining() != 0 {
        return Err(DecodeError::malformed(format!(
            "batch of {count}: {} bytes left over",
            r.remaining()
        )));
    }
    if records.is_empty() {
        return Err(DecodeError::malformed("empty batch"));
    }
    Ok(records)
}

/// The additional information items as (id, value). A trailing partial
/// item is ignored: see the module doc.
pub fn split_items(mut rest: &[u8]) -> Vec<(u8, &[u8])> {
    let mut out = Vec::new();
    while let [id, len, tail @ ..] = rest {
        let Some(value) = tail.get(..usize::from(*len)) else {
            break;
        };
        out.push((*id, value));
        rest = &tail[value.len()..];
    }
    out
}

/// An item kept raw: values of 1, 2, 4 or 8 bytes as integers, others as
/// byte strings.
pub fn item_element(id: u16, value: &[u8]) -> IoElement {
    let key = IoKey::Id(id);
    match value.len() {
        1 | 2 | 4 | 8 => uint(key, items::be(value), value.len() as u8),
        _ => IoElement {
            key,
            value: IoValue::Bytes(value.to_vec()),
        },
    }
}

fn uint(key: IoKey, value: u64, width: u8) -> IoElement {
    IoElement {
        key,
        value: IoValue::Uint { value, width },
    }
}

/// A `YYMMDDhhmmss` BCD time in GMT+8, as milliseconds since the epoch, UTC.
pub fn bcd_time(bytes: &[u8; 6]) -> Result<i64, DecodeError> {
    let mut fields = [0i64; 6];
    for (field, &b) in fields.iter_mut().zip(bytes) {
        let (hi, lo) = (b >> 4, b & 0x0F);
        if hi > 9 || lo > 9 {
            return Err(DecodeError::malformed(format!(
                "time byte {b:#04x} is not BCD"
            )));
        }
        *field = i64::from(hi * 10 + lo);
    }
    let [yy, month, day, hour, minute, second] = fields;
    if !(1..=12).contains(&month)
        || !(1..=31).contains(&day)
        || hour > 23
        || minute > 59
        || second > 59
    {
        return Err(DecodeError::malformed(format!(
            "time {} is not a date",
            bytes.iter().map(|b| format!("{b:02x}")).collect::<String>()
        )));
    }
    let [month, day, hour, minute, second] = [month, day, hour, minute, second].map(|v| v as u32);
    let utc = crate::datetime::utc_ms(2000 + yy, month, day, hour, minute, second)
        .ok_or_else(|| DecodeError::malformed("time is not a date"))?;
    Ok(utc - GMT8_OFFSET_MS)
}

/// The civil date and time of `ms` since the epoch: (year, month, day,
/// hour, minute, second).
pub(crate) fn civil_from_ms(ms: i64) -> (i64, u8, u8, u8, u8, u8) {
    let (year, month, day, hour, minute, second) = crate::datetime::civil(ms);
    (
        year,
        month as u8,
        day as u8,
        hour as u8,
        minute as u8,
        second as u8,
    )
}
