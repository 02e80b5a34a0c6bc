//! 0x94, information transfer: one record dated on arrival, with no
//! location, carrying what the sub-type byte announces.
//!
//! In the short envelope the content is the external voltage alone. In the
//! long one a sub-type comes first:
//!
//! | sub-type | content                                                  |
//! |----------|----------------------------------------------------------|
//! | 0x00     | external voltage (2, hundredths of a volt)               |
//! | 0x04     | terminal status as ASCII `KEY=value;` pairs             |
//! | 0x05     | [date-time (6)] door and input flags (bit 0 door)        |
//! | 0x0A     | IMEI (8), IMSI (8), ICCID (10, BCD padded with `F`)      |
//! | 0x0B     | network technology (1: 0 = 2G, else 4G); the corpus also shows a 2-byte external voltage here |
//! | 0x0D     | [date-time (6)] fuel sensor text `!AIOIL,...`            |
//! | 0x1B     | peripheral text (starting with a letter), or a framed 4-byte driver id |
//! | 0x1E     | temperature and humidity (4 each, tenths, signed)        |
//!
//! Every sub-type's bytes are also kept raw (`info_<sub-type>`).

use crate::codec::DecodeError;
use crate::record::Record;
use crate::sensor::Value;

use super::super::io;
use super::super::reader::Reader;
use super::blocks;

/// Decodes an information packet.
pub(crate) fn info(content: &[u8], long: bool, now_ms: i64) -> Result<Record, DecodeError> {
    let mut record = blocks::undated(now_ms);
    let mut r = Reader::new(content);
    if !long {
        let centivolts = r.u16("external voltage")?;
        power(&mut record, centivolts);
        record.io.extend(blocks::extra(r.rest()));
        return Ok(record);
    }
    let sub = r.u8("sub-type")?;
    let body = r.rest();
    record
        .io
        .push(blocks::raw(&format!("info_{sub:02x}"), body));
    let mut r = Reader::new(body);
    match sub {
        0x00 => power(&mut record, r.u16("external voltage")?),
        0x0B if body.len() == 2 => power(&mut record, r.u16("external voltage")?),
        0x0B => {
            let tech = if r.u8("network technology")? == 0 {
                "2G"
            } else {
                "4G"
            };
            record
                .io
                .push(blocks::named("network_technology", tech.to_owned()));
        }
        0x04 => status_pairs(&mut record, body),
        0x05 => {
            if body.len() >= 7 {
                let time = blocks::time(&mut r)?;
                record
                    .io
                    .push(blocks::number("device_time", time as u64, 8));
            }
            let flags = r.u8("door flags")?;
            record
                .values
                .push(io::state("door", Value::Bool(flags & 1 != 0)));
            record
                .values
                .push(io::state("input_1", Value::Bool(flags & 0b100 != 0)));
        }
        0x0A => {
            let _imei = r.bytes(8, "IMEI")?;
            let _imsi = r.bytes(8, "IMSI")?;
            let iccid: String = blocks::hex(r.bytes(10, "ICCID")?)
                .chars()
                .filter(|c| *c != 'f')
                .collect();
            record.values.push(io::state("iccid", Value::Text(iccid)));
        }
        0x0D => fuel(&mut record, body),
        0x1B => peripheral(&mut record, &mut r)?,
        0x1E => {
            let temperature = r.u32("temperature")? as i32;
            let humidity = r.u32("humidity")? as i32;
            record.values.push(io::input(
                "ext_temp_sensor_1",
                f64::from(temperature) / 10.0,
            ));
            record
                .values
                .push(io::input("humidity", f64::from(humidity) / 10.0));
        }
        _ => {}
    }
    Ok(record)
}

fn power(record: &mut Record, centivolts: u16) {
    record
        .io
        .push(blocks::number("power", u64::from(centivolts), 2));
    record
        .values
        .push(io::board_voltage(f64::from(centivolts) / 100.0));
}

/// `ALM1=C5;STA1=C0;...`: every pair kept raw under its key.
fn status_pairs(record: &mut Record, body: &[u8]) {
    let text = String::from_utf8_lossy(body);
    for pair in text.trim_end_matches('\0').split(';') {
        if let Some((key, value)) = pair.split_once('=') {
            let key = key.trim().to_ascii_lowercase();
            if !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric()) {
                record
                    .io
                    .push(blocks::named(format!("status_{key}"), value.to_owned()));
            }
        }
    }
}

/// `!AIOIL,addr,output,temperature,version,status,level,moving,waves,sum`,
/// possibly after a 6-byte date-time: the temperature and the measured
/// fuel level are named.
fn fuel(record: &mut Record, body: &[u8]) {
    let start = body.iter().position(|&b| b == b'!').unwrap_or(body.len());
    let text = String::from_utf8_lossy(&body[start..]).into_owned();
    let fields: Vec<&str> = text.split(',').collect();
    if fields.first() == Some(&"!AIOIL") && fields.len() >= 10 {
        if let Ok(t) = fields[3].parse::<f64>() {
            record.values.push(io::input("ext_temp_sensor_1", t));
        }
        if let Ok(level) = fields[6].parse::<f64>() {
            record.values.push(io::input("fuel_level", level));
        }
    }
    record.io.push(blocks::named("fuel_sensor", text));
}

/// Text from a peripheral (for example `RFID:008FB2BEBA39`), or a framed
/// driver id: header, type, 4-byte id, checksum, footer.
fn peripheral(record: &mut Record, r: &mut Reader<'_>) -> Result<(), DecodeError> {
    let body = r.rest();
    if body.first().is_some_and(u8::is_ascii_alphabetic) {
        let text = String::from_utf8_lossy(body).trim().to_owned();
        record.io.push(blocks::named("serial", text));
        return Ok(());
    }
    let mut r = Reader::new(body);
    let _header = r.u8("header")?;
    let _kind = r.u8("type")?;
    let key = blocks::hex(r.bytes(4, "driver id")?);
    record.io.push(blocks::named("driver_id", key.clone()));
    record.values.push(io::hardware_key(key));
    Ok(())
}
