//! Message type 100 of `+RSP`: a compressed batch of one-second points.
//!
//! After the header comes a 2-byte point count, then each point, told
//! apart by the top two bits of its first byte:
//!
//! - `01`: an absolute point, 3 bytes of bit fields (2 attribute bits,
//!   1 fix-type bit, 12 bits of speed in 0.1 km/h, 9 bits of heading),
//!   then longitude and latitude (i32, 10⁻⁶ degrees) and, on the batch's
//!   first absolute point only, the time (u32 Unix seconds);
//! - `10`: a delta point, 5 bytes of bit fields (2 attribute bits, 1 fix
//!   bit, then signed deltas: 7 bits of speed, 7 of heading, 12 of
//!   longitude, 11 of latitude, in the same units);
//! - anything else: one byte, a point with nothing new (no record).
//!
//! Points are one second apart, counted from the first time. Only points
//! the device fixed are sent, so every record is valid. Whatever follows
//! the points (serving cell, mileages, hour meters) is left to the caller.

use crate::codec::DecodeError;
use crate::reader::Reader;
use crate::record::Record;

/// The message type of a compressed batch.
pub const TYPE: u8 = 100;

/// Reads the point count and every point.
pub(crate) fn points(r: &mut Reader<'_>) -> Result<Vec<Record>, DecodeError> {
    let count = r.u16("point count")?;
    let mut records = Vec::new();
    let (mut speed, mut heading, mut lon, mut lat) = (0i64, 0i64, 0i64, 0i64);
    let mut time: Option<i64> = None;
    for i in 0..count {
        let first = r.bytes(1, "point")?[0];
        match first >> 6 {
            0b01 => {
                let b = r.array::<2>("absolute point")?;
                let bits = (u32::from(first) << 16) | (u32::from(b[0]) << 8) | u32::from(b[1]);
                speed = i64::from((bits >> 9) & 0xFFF);
                heading = i64::from(bits & 0x1FF);
                lon = i64::from(r.u32("longitude")? as i32);
                lat = i64::from(r.u32("latitude")? as i32);
                if time.is_none() {
                    time = Some(i64::from(r.u32("time")?) - i64::from(i));
                }
            }
            0b10 => {
                let b = r.array::<4>("delta point")?;
                let bits = (u64::from(first) << 32) | u64::from(u32::from_be_bytes(b));
                speed += signed(bits >> 30, 7);
                heading += signed(bits >> 23, 7);
                lon += signed(bits >> 11, 12);
                lat += signed(bits, 11);
            }
            _ => continue,
        }
        let Some(start) = time else {
            return Err(DecodeError::malformed(
                "delta point before any absolute one",
            ));
        };
        let (latitude, longitude) = (lat as f64 / 1e6, lon as f64 / 1e6);
        if latitude.abs() > 90.0 || longitude.abs() > 180.0 {
            return Err(DecodeError::malformed("compressed point out of range"));
        }
        let mut record = Record::at((start + i64::from(i)) * 1000, latitude, longitude);
        record.speed_kmh = speed.max(0) as f64 / 10.0;
        record.course_deg = heading.rem_euclid(360) as f64;
        records.push(record);
    }
    Ok(records)
}

/// The low `width` bits of `bits` as a two's-complement number.
fn signed(bits: u64, width: u32) -> i64 {
    let value = (bits & ((1 << width) - 1)) as i64;
    if value >= 1 << (width - 1) {
        value - (1 << width)
    } else {
        value
    }
}
