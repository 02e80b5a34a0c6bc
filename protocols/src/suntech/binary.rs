//! Suntech "zip" reports: the binary forms of the same reports.
//!
//! ST300 family (`02 <len16> HDR … 03`): `HDR` `0x10` status, `0x11`
//! emergency, `0x12` event, `0x13` alert, then
//!
//! `DEV_ID(5, BCD, 9 digits + pad) MODEL(1) SW_VER(2) DATE_TIME(6: yy mm dd hh mm ss)
//! CELL(3) LAT(4) LON(4) SPD(3) CRS(3) SATT_FIX(1) DIST(4) PWR_VOLT(2) I/O(1)`
//!
//! and `MODE(1) MSG_NUM(2)` (status) or the type's id (1), then, when
//! present, `H_METER(4) BCK_VOLT(2) MSG_TYPE(1)`. Coordinates are an
//! integer byte plus three BCD bytes of millionths, speed and course an
//! integer u16 plus a BCD byte of hundredths, voltages an integer byte plus
//! a BCD byte of hundredths. `SATT_FIX`: bit 7 fix, bit 6 south, bit 5
//! west, bits 0..=4 satellites.
//!
//! Universal (`81`/`82 <len16> …`): `DEV_ID(5, BCD, 10 digits) MAP(3)
//! MODEL(1) SW_VER(3) MSG_TYPE(1) DATE(3) TIME(3) CELL_ID(4) MCC(2) MNC(2)
//! LAC(2) RX_LVL(1) LAT(4) LON(4) SPD(2) CRS(2) SATT(1) FIX(1) IN(1) OUT(1)`,
//! coordinates in millionths with the sign in bit 31, speed and course in
//! hundredths; then for `81` (status) `MODE(1) RPT_TYPE(1) MSG_NUM(2)
//! BCK_VOLT(2) PWR_VOLT(2, hundredths)`, for `82` (alert) `ALERT_ID(1)
//! ALERT_MOD(1) DATA_LEN(1) DATA`. An 8-byte alert datum is a 1-Wire key
//! (iButton) id. The zip layout is read as fixed (the map is kept raw);
//! whatever follows is kept raw as `tail`.

use crate::codec::DecodeError;
use crate::datetime::utc_ms;
use crate::message::{DeviceId, Message};
use crate::reader::Reader;
use crate::record::Record;

use super::io;

/// An ST300-family zip report (the whole frame, STX to ETX).
pub fn decode_zip(frame: &[u8]) -> Result<Message, DecodeError> {
    let content = frame
        .get(3..frame.len().saturating_sub(1))
        .ok_or_else(|| DecodeError::malformed("zip report too short"))?;
    let mut r = Reader::new(content);
    let header = r.u8("header")?;
    if !(0x10..=0x13).contains(&header) {
        return Err(DecodeError::Unsupported(format!(
            "zip report type {header:#04x}"
        )));
    }
    let digits = bcd(r.bytes(5, "device id")?)?;
    let device = DeviceId(digits[..9].to_owned());
    let model = r.u8("model")?;
    let sw = r.u16("software version")?;
    let time = date_time(&r.array::<6>("date and time")?)?;
    let cell = r.uint(3, "cell")?;
    let (lat, lon) = (
        bcd_degrees(&r.array("latitude")?)?,
        bcd_degrees(&r.array("longitude")?)?,
    );
    let speed = bcd_hundredths(&r.array("speed")?)?;
    let course = bcd_hundredths(&r.array("course")?)?;
    let satt_fix = r.u8("satellites and fix")?;
    let dist = r.u32("distance")?;
    let power = bcd_volts(r.array("power voltage")?)?;
    let io_byte = r.u8("i/o")?;
    let lat = if satt_fix & 0x40 != 0 { -lat } else { lat };
    let lon = if satt_fix & 0x20 != 0 { -lon } else { lon };
    if lat.abs() > 90.0 || lon.abs() > 180.0 {
        return Err(DecodeError::malformed("coordinates out of range"));
    }
    let mut record = Record::at(time, lat, lon);
    record.speed_kmh = speed;
    record.course_deg = course.min(360.0);
    record.valid = satt_fix & 0x80 != 0;
    record.satellites = Some(satt_fix & 0x1F);
    record.io.push(io::uint("model", u64::from(model), 1));
    record.io.push(io::uint("sw_ver", u64::from(sw), 2));
    record.io.push(io::uint("cell", cell, 3));
    record.io.push(io::uint("io", u64::from(io_byte), 1));
    record.values.push(io::odometer_m(f64::from(dist)));
    record.values.push(io::input("board_voltage", power));
    record.values.extend(io::zip_io(io_byte));
    if header == 0x10 {
        record
            .io
            .push(io::uint("mode", u64::from(r.u8("mode")?), 1));
        record
            .io
            .push(io::uint("msg_num", u64::from(r.u16("message number")?), 2));
    } else {
        let id = r.u8("event id")?;
        record.event = Some(u32::from(id));
        let name = match header {
            0x11 => io::emergency_name(u32::from(id)),
            0x13 => io::alert_name(u32::from(id)),
            _ => None,
        };
        record.values.extend(name.map(io::alarm));
    }
    if r.remaining() >= 7 {
        let minutes = r.u32("hour meter")?;
        record
            .io
            .push(io::uint("hour_meter", u64::from(minutes), 4));
        record.values.push(io::engine_hours(f64::from(minutes)));
        record.values.push(io::input(
            "battery_voltage",
            bcd_volts(r.array("backup voltage")?)?,
        ));
        record
            .io
            .push(io::uint("msg_type", u64::from(r.u8("message type")?), 1));
    }
    let tail = r.rest();
    if !tail.is_empty() {
        record.io.push(io::bytes("tail", tail));
    }
    Ok(Message::Records {
        device: Some(device),
        records: vec![record],
        ack: None,
    })
}

/// A universal zip report (the whole frame).
pub fn decode_universal(frame: &[u8]) -> Result<Message, DecodeError> {
    let mut r = Reader::new(frame);
    let header = r.u8("header")?;
    if header != 0x81 && header != 0x82 {
        return Err(DecodeError::Unsupported(format!(
            "zip report type {header:#04x}"
        )));
    }
    r.u16("length")?;
    let device = DeviceId(bcd(r.bytes(5, "device id")?)?);
    let map = r.uint(3, "report map")?;
    let model = r.u8("model")?;
    let sw = r.array::<3>("software version")?;
    let msg_type = r.u8("message type")?;
    let [y, mo, d] = r.array::<3>("date")?;
    let [h, mi, s] = r.array::<3>("time")?;
    let time = date_time(&[y, mo, d, h, mi, s])?;
    let cell = r.u32("cell")?;
    let (mcc, mnc, lac) = (r.u16("mcc")?, r.u16("mnc")?, r.u16("lac")?);
    let rx = r.u8("rx level")?;
    let (lat, lon) = (
        signed_millionths(r.u32("latitude")?),
        signed_millionths(r.u32("longitude")?),
    );
    if lat.abs() > 90.0 || lon.abs() > 180.0 {
        return Err(DecodeError::malformed("coordinates out of range"));
    }
    let mut record = Record::at(time, lat, lon);
    record.speed_kmh = f64::from(r.u16("speed")?) / 100.0;
    record.course_deg = (f64::from(r.u16("course")?) / 100.0).min(360.0);
    record.satellites = Some(r.u8("satellites")?);
    record.valid = r.u8("fix")? == 1;
    let (inputs, outputs) = (r.u8("inputs")?, r.u8("outputs")?);
    record
        .values
        .extend(io::universal_io(u32::from(inputs), u32::from(outputs), 8));
    for (name, value, width) in [
        ("report_map", map, 3),
        ("model", u64::from(model), 1),
        (
            "sw_ver",
            u64::from(u32::from_be_bytes([0, sw[0], sw[1], sw[2]])),
            3,
        ),
        ("msg_type", u64::from(msg_type), 1),
        ("cell", u64::from(cell), 4),
        ("mcc", u64::from(mcc), 2),
        ("mnc", u64::from(mnc), 2),
        ("lac", u64::from(lac), 2),
        ("rx_lvl", u64::from(rx), 1),
        ("in_state", u64::from(inputs), 1),
        ("out_state", u64::from(outputs), 1),
    ] {
        record.io.push(io::uint(name, value, width));
    }
    if header == 0x81 {
        record
            .io
            .push(io::uint("mode", u64::from(r.u8("mode")?), 1));
        record
            .io
            .push(io::uint("report_type", u64::from(r.u8("report type")?), 1));
        record
            .io
            .push(io::uint("msg_num", u64::from(r.u16("message number")?), 2));
        record.io.push(io::uint(
            "backup_voltage",
            u64::from(r.u16("backup voltage")?),
            2,
        ));
        record.values.push(io::input(
            "board_voltage",
            f64::from(r.u16("power voltage")?) / 100.0,
        ));
    } else {
        let id = r.u8("alert id")?;
        record.event = Some(u32::from(id));
        record
            .values
            .extend(io::alert_name(u32::from(id)).map(io::alarm));
        record
            .io
            .push(io::uint("event_mod", u64::from(r.u8("alert modifier")?), 1));
        let len = r.u8("alert data length")?;
        let data = r.bytes(usize::from(len), "alert data")?;
        record.io.push(io::bytes("event_data", data));
        if data.len() == 8 {
            let key: String = data.iter().map(|b| format!("{b:02x}")).collect();
            let (raw, named) = io::driver(&key);
            record.io.push(raw);
            record.values.extend(named);
        }
    }
    let tail = r.rest();
    if !tail.is_empty() {
        record.io.push(io::bytes("tail", tail));
    }
    Ok(Message::Records {
        device: Some(device),
        records: vec![record],
        ack: None,
    })
}

/// Packed BCD as its digits.
fn bcd(bytes: &[u8]) -> Result<String, DecodeError> {
    let mut out = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        for nibble in [b >> 4, b & 0x0F] {
            if nibble > 9 {
                return Err(DecodeError::malformed("BCD digit above 9"));
            }
            out.push(char::from(b'0' + nibble));
        }
    }
    Ok(out)
}

fn bcd_value(bytes: &[u8]) -> Result<f64, DecodeError> {
    Ok(bcd(bytes)?.parse::<u32>().map_or(0.0, f64::from))
}

/// An integer byte plus three BCD bytes of millionths.
fn bcd_degrees(bytes: &[u8; 4]) -> Result<f64, DecodeError> {
    Ok(f64::from(bytes[0]) + bcd_value(&bytes[1..])? / 1e6)
}

/// An integer u16 plus a BCD byte of hundredths.
fn bcd_hundredths(bytes: &[u8; 3]) -> Result<f64, DecodeError> {
    Ok(f64::from(u16::from_be_bytes([bytes[0], bytes[1]])) + bcd_value(&bytes[2..])? / 100.0)
}

/// An integer byte plus a BCD byte of hundredths.
fn bcd_volts(bytes: [u8; 2]) -> Result<f64, DecodeError> {
    Ok(f64::from(bytes[0]) + bcd_value(&bytes[1..])? / 100.0)
}

/// Millionths of a degree with the sign in bit 31.
fn signed_millionths(raw: u32) -> f64 {
    let magnitude = f64::from(raw & 0x7FFF_FFFF) / 1e6;
    if raw & 0x8000_0000 != 0 {
        -magnitude
    } else {
        magnitude
    }
}

/// `yy mm dd hh mm ss` in binary.
fn date_time(b: &[u8; 6]) -> Result<i64, DecodeError> {
    utc_ms(
        2000 + i64::from(b[0]),
        u32::from(b[1]),
        u32::from(b[2]),
        u32::from(b[3]),
        u32::from(b[4]),
        u32::from(b[5]),
    )
    .ok_or_else(|| DecodeError::malformed("invalid date"))
}
