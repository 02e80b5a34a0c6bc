//! Event and peripheral packets: 0x95 (alarms, with video file names on
//! dash cameras), 0x9B (data passed through from a serial peripheral),
//! 0x8C (OBD readings) and the long-envelope 0x32 / 0x33 (locations and
//! alarms with optional fix, cells and access points).

use crate::codec::DecodeError;
use crate::record::Record;
use crate::sensor::Value;

use super::super::io;
use super::super::reader::Reader;
use super::blocks::{self, CellWidth};

/// 0x95. Three forms:
///
/// - 7 bytes: date-time and event code, no location;
/// - starting `FF FF`: version (1), date-time, satellites (1), latitude,
///   longitude, course and status (2), speed (2, km/h), external voltage
///   (2, tenths of a volt), event code, 2 bytes kept raw, then the names of
///   the video files recorded around the event (comma-separated text);
/// - otherwise: date-time, latitude, longitude, course and status, event.
///
/// Event codes: 0x01 SOS (in the 7-byte form a general alarm), 0x0E low
/// power, 0x76 temperature, 0x80 vibration, 0x87 overspeed, 0x88 power
/// cut, 0x90 harsh acceleration, 0x91 harsh braking, 0x92 harsh cornering,
/// 0x93 collision.
pub(crate) fn alarm(content: &[u8]) -> Result<Record, DecodeError> {
    let mut r = Reader::new(content);
    let short = content.len() == 7;
    let mut record = if short {
        blocks::undated(blocks::time(&mut r)?)
    } else if content.starts_with(&[0xFF, 0xFF]) {
        let _marker = r.u16("marker")?;
        let version = r.u8("version")?;
        let time = blocks::time(&mut r)?;
        let satellites = r.u8("satellites")?;
        let (lat, lon) = (r.u32("latitude")?, r.u32("longitude")?);
        let flags = r.u16("course and status")?;
        let speed = r.u16("speed")?;
        let mut record = blocks::fix_at(time, lat, lon, flags);
        record.satellites = Some(satellites & 0x0F);
        record.speed_kmh = f64::from(speed);
        let decivolts = r.u16("external voltage")?;
        record
            .io
            .push(blocks::number("version", u64::from(version), 1));
        record
            .io
            .push(blocks::number("power", u64::from(decivolts), 2));
        record
            .values
            .push(io::board_voltage(f64::from(decivolts) / 10.0));
        record
    } else {
        let time = blocks::time(&mut r)?;
        let (lat, lon) = (r.u32("latitude")?, r.u32("longitude")?);
        let flags = r.u16("course and status")?;
        blocks::fix_at(time, lat, lon, flags)
    };
    let code = r.u8("event")?;
    record.io.push(blocks::number("event", u64::from(code), 1));
    record.event = Some(u32::from(code));
    let name = match code {
        0x01 if short => Some("general"),
        0x01 => Some("sos"),
        0x0E => Some("low_power"),
        0x76 => Some("temperature"),
        0x80 => Some("vibration"),
        0x87 => Some("overspeed"),
        0x88 => Some("power_cut"),
        0x90 => Some("harsh_acceleration"),
        0x91 => Some("harsh_braking"),
        0x92 => Some("harsh_cornering"),
        0x93 => Some("collision"),
        _ => None,
    };
    record.values.extend(name.map(io::named_alarm));
    if content.starts_with(&[0xFF, 0xFF]) && r.remaining() >= 2 {
        record
            .io
            .push(blocks::raw("reserved", r.bytes(2, "reserved")?));
        let files = String::from_utf8_lossy(r.rest())
            .trim_end_matches('\0')
            .to_owned();
        if !files.is_empty() {
            record.io.push(blocks::named("event_files", files));
        }
    }
    record.io.extend(blocks::extra(r.rest()));
    Ok(record)
}

/// 0x9B: a peripheral type byte, then its data. Printable data (ASCII,
/// with CR / LF / tab) becomes trimmed text, anything else hex.
pub(crate) fn serial_data(content: &[u8]) -> Result<String, DecodeError> {
    let mut r = Reader::new(content);
    let _peripheral = r.u8("peripheral type")?;
    let data = r.rest();
    let printable = data
        .iter()
        .all(|&b| (0x20..0x7F).contains(&b) || matches!(b, b'\r' | b'\n' | b'\t'));
    Ok(if printable {
        String::from_utf8_lossy(data).trim().to_owned()
    } else {
        blocks::hex(data)
    })
}

/// 0x8C: date-time, ignition, `key=value` pairs separated by commas, and
/// a GPS block (12) at the end. Keys are hex: `28…` odometer, `2B…` fuel
/// level, `2D…` coolant temperature, `35…` speed, `36…` RPM, `47…` fuel
/// used, `49…` engine hours (hundredths), `4A…` the VIN.
pub(crate) fn obd(content: &[u8]) -> Result<Record, DecodeError> {
    let mut r = Reader::new(content);
    let time = blocks::time(&mut r)?;
    let ignition = r.u8("ignition")?;
    let text_len = r
        .remaining()
        .checked_sub(12)
        .ok_or_else(|| DecodeError::malformed("OBD packet without a GPS block"))?;
    let text = String::from_utf8_lossy(r.bytes(text_len, "OBD text")?).into_owned();
    let mut record = blocks::gps(&mut r, time)?;
    record
        .io
        .push(blocks::number("acc", u64::from(ignition), 1));
    record.values.push(io::acc(ignition));
    for (key, value) in text.split(',').filter_map(|pair| pair.split_once('=')) {
        record.io.push(blocks::named(
            format!("obd_{}", key.to_ascii_lowercase()),
            value.to_owned(),
        ));
        let number = u32::from_str_radix(value, 16)
            .ok()
            .map(|n| f64::from(n) / 100.0);
        let named = match (key.get(..2), number) {
            (Some("4A"), _) if !value.is_empty() => {
                Some(io::state("obd_vin", Value::Text(value.to_owned())))
            }
            (Some("2B"), Some(n)) => Some(io::input("obd_fuel", n)),
            (Some("2D"), Some(n)) => Some(io::input("obd_coolant_t", n)),
            (Some("35"), Some(n)) => Some(io::input("obd_speed", n)),
            (Some("36"), Some(n)) => Some(io::input("obd_rpm", n)),
            _ => None,
        };
        record.values.extend(named);
    }
    Ok(record)
}

/// 0x32 / 0x33 in the long envelope: date-time, a GPS length byte and the
/// GPS block when it is not zero, a cell-length byte and the cell with
/// signal when not zero, a counted block of further cells (LAC 2, id 3,
/// signal 1 each), a counted block of access points (MAC 6, signal 1),
/// a status byte and a counted reserved block. Without a fix the record
/// is located by the network. In 0x33 (`alarm`) the status byte names the
/// alarm: 0xA2 / 0xA3 low battery, 0xA4 general, 0xA5 door.
pub(crate) fn extended(content: &[u8], alarm: bool) -> Result<Record, DecodeError> {
    let mut r = Reader::new(content);
    let time = blocks::time(&mut r)?;
    let gps_len = usize::from(r.u8("GPS length")?);
    let gps = r.bytes(gps_len, "GPS")?;
    let mut record = if gps.is_empty() {
        blocks::located_by_network(time)
    } else {
        blocks::gps(&mut Reader::new(gps), time)?
    };
    let cell_len = usize::from(r.u8("cell length")?);
    let cell = r.bytes(cell_len, "cell")?;
    let mut cells = 0;
    let mut network = (0, 0);
    if !cell.is_empty() {
        let mut c = Reader::new(cell);
        network = blocks::network(&mut c, CellWidth::Gsm)?;
        cells += 1;
        record
            .io
            .extend(blocks::cell(&mut c, network, CellWidth::Gsm, true, cells)?);
    }
    let more = usize::from(r.u8("cells length")?);
    let block = r.bytes(more, "cells")?;
    let mut b = Reader::new(block);
    while b.remaining() >= 6 {
        cells += 1;
        record
            .io
            .extend(blocks::cell(&mut b, network, CellWidth::Gsm, true, cells)?);
    }
    let wifi_len = usize::from(r.u8("Wi-Fi length")?);
    let block = r.bytes(wifi_len, "Wi-Fi")?;
    let mut w = Reader::new(block);
    let mut n = 0;
    while w.remaining() >= 7 {
        n += 1;
        record.io.push(blocks::wifi(&mut w, n)?);
    }
    let status = r.u8("status")?;
    record
        .io
        .push(blocks::number("status", u64::from(status), 1));
    let name = match status {
        0xA2 | 0xA3 if alarm => Some("low_battery"),
        0xA4 if alarm => Some("general"),
        0xA5 if alarm => Some("door"),
        _ => None,
    };
    record.values.extend(name.map(io::named_alarm));
    let reserved = usize::from(r.u8("reserved length")?);
    record
        .io
        .push(blocks::raw("reserved", r.bytes(reserved, "reserved")?));
    record.io.extend(blocks::extra(r.rest()));
    Ok(record)
}
