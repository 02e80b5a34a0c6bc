//! Packets made of typed modules: 0x70 (modular location), 0x36 (status
//! with modules), 0xF1 (tagged status), plus the peripheral packets 0xF2
//! and 0xF3.
//!
//! Every module is kept raw (`module_<type>`); the types below are also
//! named.

use crate::codec::DecodeError;
use crate::record::{FixSource, Record};
use crate::sensor::Value;

use super::super::io;
use super::super::reader::Reader;
use super::blocks;
use super::vendor::vendor_status;

/// 0x70: modules of type (2), length (2) and value.
///
/// | type | value                                                         |
/// |------|---------------------------------------------------------------|
/// | 0x03 | ICCID (10, BCD)                                               |
/// | 0x09 | satellites used                                               |
/// | 0x11 | cell: MCC, MNC, LAC (2 each), cell id (3), signal             |
/// | 0x18 | battery voltage (hundredths of a volt)                        |
/// | 0x28 | HDOP (tenths)                                                 |
/// | 0x2A | inputs: low nibble door, high nibble tamper                   |
/// | 0x2B | event: 0x11 low battery, 0x12 low power, 0x13 power cut, 0x14 removing |
/// | 0x2E | odometer (metres)                                             |
/// | 0x33 | fix: Unix time (4), satellites, altitude (2, signed), latitude, longitude, speed, course and status |
/// | 0x7F | Bluetooth tag: MAC (6), 2 bytes, battery %, temperature and humidity (2 each, tenths) |
///
/// Without a 0x33 fix (or with an empty one) the record has no location
/// and is dated `now_ms`.
pub(crate) fn modular(content: &[u8], now_ms: i64) -> Result<Record, DecodeError> {
    let mut r = Reader::new(content);
    let mut record = blocks::undated(now_ms);
    let mut fixed = false;
    let mut tags = 0;
    while r.remaining() > 0 {
        let kind = r.u16("module type")?;
        let len = r.u16("module length")?;
        let value = r.bytes(usize::from(len), "module value")?;
        record
            .io
            .push(blocks::raw(&format!("module_{kind:04x}"), value));
        let mut m = Reader::new(value);
        match (kind, len) {
            (0x03, 10) => {
                let iccid = blocks::hex(value);
                record.values.push(io::state("iccid", Value::Text(iccid)));
            }
            (0x09, 1) => record.satellites = Some(value[0]),
            (0x11, 10) => {
                let (mcc, mnc, lac) = (m.u16("MCC")?, m.u16("MNC")?, m.u16("LAC")?);
                let (cid, rssi) = (m.uint(3, "cell id")?, m.u8("signal")?);
                if cid != 0 {
                    let text = format!("{mcc},{mnc},{lac},{cid},{rssi}");
                    record.io.push(blocks::named("cell_1", text));
                }
            }
            (0x18, 2) => record
                .values
                .push(io::battery_voltage(m.u16("battery voltage")?)),
            (0x28, 1) => record.hdop = Some(f64::from(value[0]) / 10.0),
            (0x2A, 1) => {
                let door = value[0] & 0x0F != 0;
                record.values.push(io::state("door", Value::Bool(door)));
                let tamper = Value::Bool(value[0] >> 4 != 0);
                record.values.push(io::state("tamper", tamper));
            }
            (0x2B, 1) => {
                record.event = Some(u32::from(value[0]));
                let name = match value[0] {
                    0x11 => Some("low_battery"),
                    0x12 => Some("low_power"),
                    0x13 => Some("power_cut"),
                    0x14 => Some("removing"),
                    _ => None,
                };
                record.values.extend(name.map(io::named_alarm));
            }
            (0x2E, 4) => {
                record.values.push(io::mileage(m.u32("odometer")?));
            }
            (0x33, 18) => {
                let time = blocks::unix_time(&mut m)?;
                let satellites = m.u8("satellites")?;
                let altitude = m.u16("altitude")? as i16;
                let (lat, lon) = (m.u32("latitude")?, m.u32("longitude")?);
                let speed = m.u8("speed")?;
                let flags = m.u16("course and status")?;
                let fix = blocks::fix_at(time, lat, lon, flags);
                if fix.source == FixSource::None {
                    continue;
                }
                record.fix_time_ms = fix.fix_time_ms;
                record.valid = fix.valid;
                record.source = fix.source;
                record.latitude = fix.latitude;
                record.longitude = fix.longitude;
                record.course_deg = fix.course_deg;
                record.speed_kmh = f64::from(speed);
                record.altitude_m = f64::from(altitude);
                record.satellites = Some(satellites);
                fixed = true;
            }
            (0x7F, 14) if tags < 4 => {
                tags += 1;
                const TEMP: [&str; 4] = [
                    "ble_temp_sensor_1",
                    "ble_temp_sensor_2",
                    "ble_temp_sensor_3",
                    "ble_temp_sensor_4",
                ];
                const HUMIDITY: [&str; 4] = [
                    "ble_humidity_1",
                    "ble_humidity_2",
                    "ble_humidity_3",
                    "ble_humidity_4",
                ];
                let temperature = i16::from_be_bytes([value[9], value[10]]);
                let humidity = u16::from_be_bytes([value[11], value[12]]);
                record
                    .values
                    .push(io::input(TEMP[tags - 1], f64::from(temperature) / 10.0));
                record
                    .values
                    .push(io::input(HUMIDITY[tags - 1], f64::from(humidity) / 10.0));
            }
            _ => {}
        }
    }
    if !fixed {
        record.source = FixSource::None;
    }
    Ok(record)
}

/// 0x36: terminal info, battery byte, GSM level, alarm, language, then
/// modules of type (2), length (1) and value: 0x18 battery voltage
/// (hundredths of a volt), 0x6A battery percentage.
pub(crate) fn status_modules(content: &[u8], now_ms: i64) -> Result<Record, DecodeError> {
    let mut r = Reader::new(content);
    let mut record = blocks::undated(now_ms);
    let info = r.u8("terminal info")?;
    let battery = r.u8("battery")?;
    let gsm = r.u8("GSM level")?;
    vendor_status(&mut record, info, battery, gsm);
    super::location::alarm_and_language(&mut r, &mut record, Default::default())?;
    while r.remaining() > 0 {
        let kind = r.u16("module type")?;
        let len = r.u8("module length")?;
        let value = r.bytes(usize::from(len), "module value")?;
        record
            .io
            .push(blocks::raw(&format!("module_{kind:04x}"), value));
        match (kind, value) {
            (0x18, &[hi, lo]) => {
                let centivolts = u16::from_be_bytes([hi, lo]);
                record.values.push(io::battery_voltage(centivolts));
            }
            (0x6A, &[percent]) => {
                record
                    .values
                    .retain(|v| v.sensor != crate::sensor::Sensor::BatteryLevel);
                record.values.extend(io::battery_percent(percent));
            }
            _ => {}
        }
    }
    Ok(record)
}

/// 0xF1: Unix time (4), then tags of type (2), length (1) and value; tag
/// 0x0005 is the external voltage (hundredths of a volt).
pub(crate) fn tagged_status(content: &[u8]) -> Result<Record, DecodeError> {
    let mut r = Reader::new(content);
    let mut record = blocks::undated(blocks::unix_time(&mut r)?);
    while r.remaining() > 0 {
        let tag = r.u16("tag")?;
        let len = r.u8("tag length")?;
        let value = r.bytes(usize::from(len), "tag value")?;
        record
            .io
            .push(blocks::raw(&format!("tag_{tag:04x}"), value));
        if let (0x0005, &[hi, lo]) = (tag, value) {
            let volts = f64::from(u16::from_be_bytes([hi, lo])) / 100.0;
            record.values.push(io::board_voltage(volts));
        }
    }
    Ok(record)
}

/// 0xF2: Unix time (4) and peripheral data, kept raw.
pub(crate) fn peripheral(content: &[u8]) -> Result<Record, DecodeError> {
    let mut r = Reader::new(content);
    let mut record = blocks::undated(blocks::unix_time(&mut r)?);
    record.io.push(blocks::raw("peripheral", r.rest()));
    Ok(record)
}

/// 0xF3: date-time, a count of access points, and for each 2 bytes kept
/// raw and the MAC address (`wifi_<n>`). Located by the network.
pub(crate) fn wifi_list(content: &[u8]) -> Result<Record, DecodeError> {
    let mut r = Reader::new(content);
    let mut record = blocks::located_by_network(blocks::time(&mut r)?);
    let count = r.u8("Wi-Fi count")?;
    for n in 1..=usize::from(count) {
        let _prefix = r.u16("Wi-Fi prefix")?;
        let mac: Vec<String> = r
            .bytes(6, "Wi-Fi MAC")?
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        record
            .io
            .push(blocks::named(format!("wifi_{n}"), mac.join(":")));
    }
    record.io.extend(blocks::extra(r.rest()));
    Ok(record)
}
