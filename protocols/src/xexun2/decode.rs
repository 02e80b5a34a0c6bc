//! Xexun2 position messages (type `0x14`): a batch of records.
//!
//! Payload: count (1), then `count` record lengths (2 each), then the
//! records. Each record, bounded by its length (bytes the decoder does not
//! know are skipped up to it):
//!
//! | field | bytes | meaning |
//! |---|---|---|
//! | index | 1 | record index |
//! | time | 4 | Unix seconds, UTC |
//! | rssi | 1 | GSM signal, raw |
//! | battery | 2 | bit 15 charging, bits 0–14 level in % |
//! | mask | 1 | which blocks follow: bit 0 alarm, 1 position, 3 fingerprint, 4 version, 5 parameters |
//! | alarm | 4 | bit 0 SOS, bit 1 removed from the wrist, bit 15 fall |
//! | position | … | a sub-mask (1), then: bit 0 GNSS (satellites 1, longitude f32, latitude f32); bit 1 Wi-Fi (count, 6-byte MAC + RSSI each); bit 2 cells (count, MCC 2, MNC 2, LAC 4, CID 4, RSSI 1 each); bit 3 time-of-flight (count × 12); bit 5 speed and course (2 + 2, tenths of km/h and degrees); bit 6 GNSS (satellites 1, longitude f64, latitude f64); bit 7 extended data (length 2, then type 1 + length 2 + data; type `G`: longitude f64, latitude f64, valid 1, satellites 1, SNR 1, speed 2, course 2, altitude f32) |
//! | fingerprint | 4 | raw |
//! | version, IMSI, ICCID | 20 + 8 + 10 | raw |
//! | parameters | 12 | raw |
//!
//! Coordinates are signed `DDMM.MMMM` numbers (degrees × 100 + minutes).

use std::borrow::Cow;

use crate::codec::DecodeError;
use crate::reader::Reader;
use crate::record::{FixSource, IoElement, IoKey, IoValue, Record};
use crate::sensor::{NamedValue, Sensor, Value};

/// The records of a position payload.
pub fn positions(payload: &[u8]) -> Result<Vec<Record>, DecodeError> {
    let mut r = Reader::new(payload);
    let count = r.u8("record count")?;
    let lengths = (0..count)
        .map(|_| r.u16("record length"))
        .collect::<Result<Vec<_>, _>>()?;
    lengths
        .into_iter()
        .map(|len| record(r.bytes(usize::from(len), "record")?))
        .collect()
}

fn raw(record: &mut Record, name: &str, value: IoValue) {
    record.io.push(IoElement {
        key: IoKey::Name(name.to_owned()),
        value,
    });
}

fn uint(value: u64, width: u8) -> IoValue {
    IoValue::Uint { value, width }
}

/// Degrees from a signed `DDMM.MMMM` number.
pub fn degrees(value: f64) -> f64 {
    let whole = (value / 100.0).trunc();
    whole + (value - whole * 100.0) / 60.0
}

/// Sets the location, refusing what is not a coordinate.
fn locate(record: &mut Record, lon: f64, lat: f64, valid: bool) -> Result<(), DecodeError> {
    let (lon, lat) = (degrees(lon), degrees(lat));
    if !(lat.abs() <= 90.0 && lon.abs() <= 180.0) {
        return Err(DecodeError::malformed("coordinates out of range"));
    }
    record.latitude = lat;
    record.longitude = lon;
    record.valid = valid;
    record.source = FixSource::Gnss;
    Ok(())
}

fn record(bytes: &[u8]) -> Result<Record, DecodeError> {
    let mut r = Reader::new(bytes);
    let index = r.u8("index")?;
    let time = i64::from(r.u32("time")?) * 1000;
    let mut record = Record::at(time, 0.0, 0.0);
    record.valid = false;
    record.source = FixSource::None;
    raw(&mut record, "index", uint(index.into(), 1));
    raw(&mut record, "rssi", uint(r.u8("rssi")?.into(), 1));
    let battery = r.u16("battery")?;
    raw(&mut record, "battery", uint(battery.into(), 2));
    let charging = Sensor::State(Cow::Borrowed("external_power_state"));
    let level = battery & 0x7FFF;
    record.values.push(NamedValue::new(
        charging,
        Value::Bool(battery & 0x8000 != 0),
    ));
    if level <= 100 {
        record.values.push(NamedValue::new(
            Sensor::BatteryLevel,
            Value::Number(f64::from(level)),
        ));
    }
    let mask = r.u8("mask")?;
    if mask & 1 != 0 {
        let alarm = r.u32("alarm")?;
        raw(&mut record, "alarm", uint(alarm.into(), 4));
        for (bit, name) in [(0, "sos"), (1, "removing"), (15, "fall_down")] {
            if alarm & (1 << bit) != 0 {
                let value = Value::Text(name.to_owned());
                record.values.push(NamedValue::new(Sensor::Alarm, value));
            }
        }
    }
    if mask & 2 != 0 {
        position(&mut r, &mut record)?;
    }
    if mask & 8 != 0 {
        let fingerprint = r.u32("fingerprint")?;
        raw(&mut record, "fingerprint", uint(fingerprint.into(), 4));
    }
    if mask & 16 != 0 {
        let version = r.bytes(20, "version")?;
        let text = String::from_utf8_lossy(version);
        let text = text.trim_end_matches('\0').to_owned();
        raw(&mut record, "version", IoValue::Text(text));
        raw(
            &mut record,
            "imsi",
            IoValue::Bytes(r.bytes(8, "IMSI")?.to_vec()),
        );
        raw(
            &mut record,
            "iccid",
            IoValue::Bytes(r.bytes(10, "ICCID")?.to_vec()),
        );
    }
    if mask & 32 != 0 {
        let parameters = r.bytes(12, "parameters")?.to_vec();
        raw(&mut record, "parameters", IoValue::Bytes(parameters));
    }
    Ok(record)
}

/// The position block: GNSS fixes, Wi-Fi and cells (kept raw), speed.
fn position(r: &mut Reader<'_>, record: &mut Record) -> Result<(), DecodeError> {
    let mask = r.u8("position mask")?;
    if mask & 1 != 0 {
        record.satellites = Some(r.u8("satellites")?);
        let lon = f64::from(f32::from_bits(r.u32("longitude")?));
        let lat = f64::from(f32::from_bits(r.u32("latitude")?));
        locate(record, lon, lat, true)?;
    }
    if mask & 2 != 0 {
        let count = usize::from(r.u8("Wi-Fi count")?);
        let wifi = r.bytes(count * 7, "Wi-Fi")?.to_vec();
        raw(record, "wifi", IoValue::Bytes(wifi));
    }
    if mask & 4 != 0 {
        let count = usize::from(r.u8("cell count")?);
        let cells = r.bytes(count * 13, "cells")?.to_vec();
        raw(record, "cells", IoValue::Bytes(cells));
    }
    if mask & 8 != 0 {
        let count = usize::from(r.u8("time-of-flight count")?);
        r.bytes(count * 12, "time of flight")?;
    }
    if mask & 32 != 0 {
        let (speed, course) = (r.u16("speed")?, r.u16("course")?);
        motion(record, speed, course);
    }
    if mask & 64 != 0 {
        record.satellites = Some(r.u8("satellites")?);
        let lon = f64::from_bits(r.u64("longitude")?);
        let lat = f64::from_bits(r.u64("latitude")?);
        locate(record, lon, lat, true)?;
    }
    if mask & 128 != 0 {
        let len = usize::from(r.u16("extended data length")?);
        let mut data = Reader::new(r.bytes(len, "extended data")?);
        if len > 0 {
            let kind = data.u8("extended data type")?;
            let len = usize::from(data.u16("extended data item length")?);
            let item = data.bytes(len, "extended data item")?;
            if kind == b'G' {
                gnss(&mut Reader::new(item), record)?;
            } else {
                raw(
                    record,
                    &format!("data_{kind:02x}"),
                    IoValue::Bytes(item.to_vec()),
                );
            }
        }
    }
    Ok(())
}

/// The extended-data `G` item: a full GNSS fix.
fn gnss(r: &mut Reader<'_>, record: &mut Record) -> Result<(), DecodeError> {
    let lon = f64::from_bits(r.u64("longitude")?);
    let lat = f64::from_bits(r.u64("latitude")?);
    let valid = r.u8("valid")? > 0;
    locate(record, lon, lat, valid)?;
    record.satellites = Some(r.u8("satellites")?);
    raw(record, "snr", uint(r.u8("SNR")?.into(), 1));
    let (speed, course) = (r.u16("speed")?, r.u16("course")?);
    motion(record, speed, course);
    let altitude = f64::from(f32::from_bits(r.u32("altitude")?));
    if altitude.is_finite() && (-12_000.0..=18_000.0).contains(&altitude) {
        record.altitude_m = altitude;
    }
    Ok(())
}

/// Speed and course in tenths; a course past 360° is kept raw only.
fn motion(record: &mut Record, speed: u16, course: u16) {
    record.speed_kmh = f64::from(speed) / 10.0;
    if course <= 3600 {
        record.course_deg = f64::from(course) / 10.0;
    } else {
        raw(record, "course", uint(course.into(), 2));
    }
}
