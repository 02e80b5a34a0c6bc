//! The binary batches `CCE` and `CCC`. Every multi-byte number is little-endian.
//!
//! `CCE`: `remaining(4) count(2)` then `count` packets, each
//! `length(2) params(2)` and four parameter groups: a count of 1-byte, of
//! 2-byte and of 4-byte parameters `(id, value)`, then a count of
//! variable ones `(id, len(1), bytes)`. An id is one byte, or `FE` + one
//! byte. A packet's `length` counts from `params` to its end; bytes it
//! covers beyond the counted parameters are kept raw as `trailing`.
//!
//! | id     | meaning                                 |
//! |--------|-----------------------------------------|
//! | 0x01 / 0x40 | event code (1 / 2 bytes)           |
//! | 0x02, 0x03  | latitude, longitude (signed, 1e-6°) |
//! | 0x04   | time, seconds since 2000-01-01 UTC      |
//! | 0x05   | fix valid (1)                           |
//! | 0x06, 0x07 | satellites, GSM signal              |
//! | 0x08, 0x09 | speed km/h, course                  |
//! | 0x0A, 0x0B | HDOP × 10, altitude m (signed)      |
//! | 0x0C, 0x0D | mileage m, run time s               |
//! | 0x14, 0x15 | outputs, inputs                     |
//! | 0x19, 0x1A | battery, external power (0.01 V)    |
//! | 0xFE69 | battery level %; 0xFEA8 battery levels  |
//! | 0xFE73 | BLE tags; 0xFE31 picture file name      |
//!
//! `CCC`: `version(2) packet length(2) remaining(4)` then fixed-length
//! packets: `event(1) lat(4) lon(4) time(4) valid(1) satellites(1) gsm(1)
//! speed(2) course(2) hdop(2) altitude(2) mileage(4) run time(4) mcc(2)
//! mnc(2) lac(2) cell(2) io(2) analog(2)×5` (52 bytes for version
//! 0x0102); longer packets of later versions keep their tail raw.

use crate::codec::DecodeError;
use crate::reader::Reader;
use crate::record::{FixSource, IoElement, IoKey, IoValue, Record};

use super::io;

/// Seconds from the Unix epoch to 2000-01-01 00:00:00 UTC.
const EPOCH_2000_S: i64 = 946_684_800;

/// The fixed part of a `CCC` packet, in bytes.
const CCC_MIN_PACKET: usize = 52;

fn le(bytes: &[u8]) -> u64 {
    bytes
        .iter()
        .rev()
        .fold(0u64, |acc, &b| (acc << 8) | u64::from(b))
}

fn le_n(r: &mut Reader<'_>, n: usize, field: &str) -> Result<u64, DecodeError> {
    Ok(le(r.bytes(n, field)?))
}

/// The records of a `CCE` batch.
pub fn cce(data: &[u8]) -> Result<Vec<Record>, DecodeError> {
    let mut r = Reader::new(data);
    let remaining = le_n(&mut r, 4, "remaining count")?;
    let count = le_n(&mut r, 2, "packet count")?;
    let mut records = Vec::new();
    for _ in 0..count {
        let length = le_n(&mut r, 2, "packet length")? as usize;
        let packet = r.bytes(length, "packet")?;
        let mut record = cce_packet(packet)?;
        record.io.push(io::uint("remaining", remaining, 4));
        records.push(record);
    }
    r.finish("CCE batch")?;
    Ok(records)
}

fn param_id(r: &mut Reader<'_>) -> Result<u16, DecodeError> {
    match r.u8("parameter id")? {
        0xFE => Ok(0xFE00 | u16::from(r.u8("parameter id")?)),
        id => Ok(u16::from(id)),
    }
}

fn cce_packet(packet: &[u8]) -> Result<Record, DecodeError> {
    let mut r = Reader::new(packet);
    let _params = le_n(&mut r, 2, "parameter count")?;
    let mut elements = Vec::new();
    for width in [1u8, 2, 4] {
        for _ in 0..r.u8("parameter group count")? {
            let id = param_id(&mut r)?;
            let value = le_n(&mut r, usize::from(width), "parameter value")?;
            elements.push(IoElement {
                key: IoKey::Id(id),
                value: IoValue::Uint { value, width },
            });
        }
    }
    for _ in 0..r.u8("variable parameter count")? {
        let id = param_id(&mut r)?;
        let len = r.u8("parameter length")?;
        let bytes = r.bytes(usize::from(len), "parameter value")?;
        elements.push(IoElement {
            key: IoKey::Id(id),
            value: IoValue::Bytes(bytes.to_vec()),
        });
    }
    let trailing = r.rest();
    let mut record = cce_record(&elements)?;
    let derived = std::mem::replace(&mut record.io, elements);
    record.io.extend(derived);
    if !trailing.is_empty() {
        record.io.push(IoElement {
            key: IoKey::Name("trailing".into()),
            value: IoValue::Bytes(trailing.to_vec()),
        });
    }
    Ok(record)
}

fn cce_record(elements: &[IoElement]) -> Result<Record, DecodeError> {
    let uint = |id: u16| {
        elements
            .iter()
            .find(|e| e.key == IoKey::Id(id))
            .and_then(|e| e.value.as_u64())
    };
    let signed = |id: u16| {
        elements
            .iter()
            .find(|e| e.key == IoKey::Id(id))
            .and_then(|e| e.value.as_i64())
    };
    let bytes = |id: u16| {
        elements
            .iter()
            .find(|e| e.key == IoKey::Id(id))
            .and_then(|e| match &e.value {
                IoValue::Bytes(b) => Some(b.as_slice()),
                _ => None,
            })
    };
    let seconds = uint(0x04).ok_or_else(|| DecodeError::malformed("CCE packet without time"))?;
    let time_ms = (EPOCH_2000_S + seconds as i64) * 1000;
    let mut record = match (signed(0x02), signed(0x03)) {
        (Some(lat), Some(lon)) => coordinates(time_ms, lat, lon)?,
        _ => {
            let mut record = Record::at(time_ms, 0.0, 0.0);
            record.source = FixSource::None;
            record
        }
    };
    record.valid = record.source == FixSource::Gnss && uint(0x05) == Some(1);
    record.satellites = uint(0x06).map(|n| n.min(255) as u8);
    record.speed_kmh = uint(0x08).unwrap_or(0) as f64;
    record.course_deg = uint(0x09).unwrap_or(0) as f64;
    if record.course_deg > 360.0 {
        return Err(DecodeError::malformed("CCE course over 360"));
    }
    record.hdop = uint(0x0A).map(|h| h as f64 / 10.0);
    record.altitude_m = signed(0x0B).unwrap_or(0) as f64;
    record.event = uint(0x40).or(uint(0x01)).map(|e| e as u32);
    let values = &mut record.values;
    values.extend(record.event.and_then(io::alarm));
    values.extend(uint(0x07).map(|csq| io::gsm_signal(csq as u32)));
    values.extend(uint(0x0C).map(|m| io::odometer(m as f64)));
    values.extend(uint(0x15).into_iter().flat_map(|b| io::inputs(b as u8)));
    values.extend(uint(0x14).into_iter().flat_map(|b| io::outputs(b as u8)));
    values.extend(uint(0x19).map(|v| io::input("battery_voltage", v as f64 / 100.0)));
    values.extend(uint(0x1A).map(|v| io::input("board_voltage", v as f64 / 100.0)));
    let level = uint(0xFE69).or_else(|| {
        bytes(0xFEA8)
            .filter(|b| b.len() >= 2 && b[0] != 0)
            .map(|b| u64::from(b[1]))
    });
    values.extend(level.and_then(io::battery_level));
    if let Some(tags) = bytes(0xFE73).and_then(ble_tags) {
        for (n, (name, temperature)) in tags.into_iter().enumerate() {
            let sensor = [
                "ext_temp_sensor_1",
                "ext_temp_sensor_2",
                "ext_temp_sensor_3",
            ];
            if let Some(sensor) = sensor.get(n) {
                values.push(io::input(sensor, temperature));
            }
            record
                .io
                .push(io::text(format!("ble_tag_{}", n + 1), &name));
        }
    }
    if let Some(levels) = bytes(0xFEA8).filter(|b| b.len() >= 4 && b[2] != 0) {
        record
            .io
            .push(io::uint("battery2_level", u64::from(levels[3]), 1));
    }
    if let Some(picture) = bytes(0xFE31).and_then(|b| b.get(2..)) {
        let name: String = picture.iter().map(|&b| char::from(b)).collect();
        record.io.push(io::text("picture", &name));
    }
    Ok(record)
}

/// A located record, checking the coordinates (millionths of a degree).
fn coordinates(time_ms: i64, lat: i64, lon: i64) -> Result<Record, DecodeError> {
    let (latitude, longitude) = (lat as f64 / 1e6, lon as f64 / 1e6);
    if latitude.abs() > 90.0 || longitude.abs() > 180.0 {
        return Err(DecodeError::malformed("coordinates out of range"));
    }
    Ok(Record::at(time_ms, latitude, longitude))
}

/// Each tag's name and temperature from a `0xFE73` BLE tag list: `count`,
/// then per tag `name_len name mac(6) battery(1) temperature(2, signed
/// 1/256 °C) humidity(2) reserved(8)`. A list that does not parse gives none.
pub fn ble_tags(tags: &[u8]) -> Option<Vec<(String, f64)>> {
    let mut r = Reader::new(tags);
    let count = r.u8("tag count").ok()?;
    let mut out = Vec::new();
    for _ in 0..count {
        let name_len = r.u8("tag name length").ok()?;
        let name = r.bytes(usize::from(name_len), "tag name").ok()?;
        let _mac = r.bytes(6, "tag address").ok()?;
        let _battery = r.u8("tag battery").ok()?;
        let raw = le_n(&mut r, 2, "tag temperature").ok()? as u16 as i16;
        let _rest = r.bytes(10, "tag humidity and reserved").ok()?;
        let name = name.iter().map(|&b| char::from(b)).collect();
        out.push((name, f64::from(raw) / 256.0));
    }
    Some(out)
}

/// The records of a `CCC` batch and how many packets it held.
pub fn ccc(data: &[u8]) -> Result<Vec<Record>, DecodeError> {
    let mut r = Reader::new(data);
    let version = le_n(&mut r, 2, "version")?;
    let length = le_n(&mut r, 2, "packet length")? as usize;
    let remaining = le_n(&mut r, 4, "remaining count")?;
    if length < CCC_MIN_PACKET {
        return Err(DecodeError::malformed(format!(
            "CCC packet length {length} is under {CCC_MIN_PACKET}"
        )));
    }
    if !r.remaining().is_multiple_of(length) {
        return Err(DecodeError::malformed("CCC data is not whole packets"));
    }
    let mut records = Vec::new();
    while r.remaining() > 0 {
        let mut record = ccc_packet(r.bytes(length, "packet")?)?;
        record.io.push(io::uint("version", version, 2));
        record.io.push(io::uint("remaining", remaining, 4));
        records.push(record);
    }
    Ok(records)
}

fn ccc_packet(packet: &[u8]) -> Result<Record, DecodeError> {
    let mut r = Reader::new(packet);
    let event = r.u8("event")?;
    let lat = le_n(&mut r, 4, "latitude")? as u32 as i32;
    let lon = le_n(&mut r, 4, "longitude")? as u32 as i32;
    let seconds = le_n(&mut r, 4, "time")?;
    let mut record = coordinates(
        (EPOCH_2000_S + seconds as i64) * 1000,
        i64::from(lat),
        i64::from(lon),
    )?;
    record.valid = r.u8("valid")? == 1;
    record.satellites = Some(r.u8("satellites")?);
    let csq = r.u8("gsm")?;
    record.speed_kmh = le_n(&mut r, 2, "speed")? as f64;
    record.course_deg = le_n(&mut r, 2, "course")? as f64;
    if record.course_deg > 360.0 {
        return Err(DecodeError::malformed("CCC course over 360"));
    }
    record.hdop = Some(le_n(&mut r, 2, "hdop")? as f64 / 10.0);
    record.altitude_m = f64::from(le_n(&mut r, 2, "altitude")? as u16 as i16);
    let mileage = le_n(&mut r, 4, "mileage")?;
    let run_time = le_n(&mut r, 4, "run time")?;
    record.event = Some(u32::from(event));
    record.io.push(io::uint("event", u64::from(event), 1));
    record.io.push(io::uint("gsm", u64::from(csq), 1));
    record.io.push(io::uint("mileage", mileage, 4));
    record.io.push(io::uint("run_time", run_time, 4));
    for name in ["mcc", "mnc", "lac", "cell"] {
        record.io.push(io::uint(name, le_n(&mut r, 2, name)?, 2));
    }
    let status = le_n(&mut r, 2, "io")?;
    record.io.push(io::uint("io", status, 2));
    for n in 1..=5 {
        record.io.push(io::uint(
            format!("analog_{n}"),
            le_n(&mut r, 2, "analog")?,
            2,
        ));
    }
    let rest = r.rest();
    if !rest.is_empty() {
        record.io.push(IoElement {
            key: IoKey::Name("extension".into()),
            value: IoValue::Bytes(rest.to_vec()),
        });
    }
    record.values.extend(io::alarm(u32::from(event)));
    record.values.push(io::gsm_signal(u32::from(csq)));
    record.values.push(io::odometer(mileage as f64));
    let [inputs, outputs] = (status as u16).to_be_bytes();
    record.values.extend(io::inputs(inputs));
    record.values.extend(io::outputs(outputs));
    Ok(record)
}
