//! Codec 7: the GH3000 family's compact record format.
//!
//! Data: codec id `07`, count (1), records, count (1). A record:
//!
//! - timestamp (4): the top two bits are the priority, the other 30 bits are
//!   seconds since 2007-01-01 00:00:00 UTC;
//! - global mask (1): bit 0 = a GPS element follows, bits 1/2/3 = IO groups
//!   of 1-, 2- and 4-byte values follow;
//! - GPS element: its own mask (1), then in bit order: latitude and
//!   longitude (IEEE-754 single precision, degrees, 4 each), altitude (2,
//!   metres), angle (1, in 360/256 degree steps), speed (1, km/h),
//!   satellites (1), cell LAC and cell id (2 + 2), signal quality (1),
//!   operator code (4);
//! - each IO group present: count (1), then id (1) + value pairs.
//!
//! The GPS element's cell, signal and operator fields are not IO elements
//! but are still raw device data, so they are kept in `Record::io` under
//! names (`lac`, `cell_id`, `signal_quality`, `operator`).

use crate::codec::DecodeError;
use crate::record::{FixSource, IoElement, IoKey, IoValue, Record};

use super::io;
use super::reader::Reader;

/// Codec 7's id.
pub const CODEC_7: u8 = 0x07;

/// 2007-01-01T00:00:00Z in Unix seconds: Codec 7's time origin.
const EPOCH_2007_S: i64 = 1_167_609_600;

const GPS_PRESENT: u8 = 0x01;
const IO_GROUPS: [(u8, u8); 3] = [(0x02, 1), (0x04, 2), (0x08, 4)];

/// Decodes Codec 7 data into records.
pub fn decode(data: &[u8]) -> Result<Vec<Record>, DecodeError> {
    let mut r = Reader::new(data);
    r.u8("codec id")?;
    let count = r.u8("record count")?;
    let mut records = Vec::with_capacity(usize::from(count));
    for _ in 0..count {
        records.push(decode_record(&mut r)?);
    }
    let count2 = r.u8("second record count")?;
    if count2 != count {
        return Err(DecodeError::malformed(format!(
            "record counts disagree: {count} then {count2}"
        )));
    }
    r.finish("codec 7 data")?;
    Ok(records)
}

fn decode_record(r: &mut Reader<'_>) -> Result<Record, DecodeError> {
    let stamp = r.u32("timestamp")?;
    let seconds = i64::from(stamp & 0x3FFF_FFFF);
    let mut record = Record::at((EPOCH_2007_S + seconds) * 1000, 0.0, 0.0);
    // Until a GPS element proves otherwise, the record has no location.
    record.valid = false;
    record.source = FixSource::None;

    let global = r.u8("global mask")?;
    let mut io_elements = Vec::new();
    if global & GPS_PRESENT != 0 {
        decode_gps(r, &mut record, &mut io_elements)?;
    }
    for (bit, width) in IO_GROUPS {
        if global & bit == 0 {
            continue;
        }
        let n = r.u8("IO group count")?;
        for _ in 0..n {
            let id = u16::from(r.u8("IO id")?);
            let value = r.uint(usize::from(width), "IO value")?;
            io_elements.push(IoElement {
                key: IoKey::Id(id),
                value: IoValue::Uint { value, width },
            });
        }
    }
    record.hdop = io::hdop(&io_elements);
    record.values = io::named_values(&io_elements);
    record.io = io_elements;
    Ok(record)
}

fn decode_gps(
    r: &mut Reader<'_>,
    record: &mut Record,
    io_elements: &mut Vec<IoElement>,
) -> Result<(), DecodeError> {
    let mask = r.u8("GPS mask")?;
    let has_position = mask & 0x01 != 0;
    if has_position {
        record.latitude = f64::from(f32::from_bits(r.u32("latitude")?));
        record.longitude = f64::from(f32::from_bits(r.u32("longitude")?));
        if !record.latitude.is_finite() || !record.longitude.is_finite() {
            return Err(DecodeError::malformed(
                "codec 7 coordinates are not numbers",
            ));
        }
        record.source = FixSource::Gnss;
    }
    if mask & 0x02 != 0 {
        record.altitude_m = f64::from(r.u16("altitude")? as i16);
    }
    if mask & 0x04 != 0 {
        record.course_deg = f64::from(r.u8("angle")?) * 360.0 / 256.0;
    }
    if mask & 0x08 != 0 {
        record.speed_kmh = f64::from(r.u8("speed")?);
    }
    if mask & 0x10 != 0 {
        record.satellites = Some(r.u8("satellites")?);
    }
    // A position counts as a fix unless the device says no satellites.
    record.valid = has_position && record.satellites != Some(0);
    if mask & 0x20 != 0 {
        named(io_elements, "lac", u64::from(r.u16("LAC")?), 2);
        named(io_elements, "cell_id", u64::from(r.u16("cell id")?), 2);
    }
    if mask & 0x40 != 0 {
        named(io_elements, "signal_quality", u64::from(r.u8("signal")?), 1);
    }
    if mask & 0x80 != 0 {
        named(io_elements, "operator", u64::from(r.u32("operator")?), 4);
    }
    Ok(())
}

fn named(io_elements: &mut Vec<IoElement>, name: &str, value: u64, width: u8) {
    io_elements.push(IoElement {
        key: IoKey::Name(name.to_owned()),
        value: IoValue::Uint { value, width },
    });
}
