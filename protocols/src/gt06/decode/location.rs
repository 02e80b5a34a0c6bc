//! Packets that carry a GPS fix: 0x10 (GPS), 0x12 (GPS + cell), 0x22
//! (GPS + cell + ACC, upload mode, re-upload flag, optional mileage), the
//! alarm packets 0x16 / 0x26 / 0x27 (GPS + cell length + cell + status
//! block) and the 4G location 0xA0.
//!
//! Bytes after the documented fields (resellers append their own) are kept
//! raw as `extra`.

use crate::codec::DecodeError;
use crate::record::Record;

use super::super::io;
use super::super::reader::Reader;
use super::super::variant::Gt06Variant;
use super::blocks::{self, CellWidth};

/// 0x10: date-time and GPS block.
pub(crate) fn gps_only(content: &[u8]) -> Result<Record, DecodeError> {
    let mut r = Reader::new(content);
    let mut record = fix(&mut r)?;
    record.io.extend(blocks::extra(r.rest()));
    Ok(record)
}

/// 0x12: date-time, GPS block, then a cell when there is room for one.
pub(crate) fn gps_cell(content: &[u8]) -> Result<Record, DecodeError> {
    let mut r = Reader::new(content);
    let mut record = fix(&mut r)?;
    if r.remaining() >= 8 {
        record.io.extend(gsm_cell(&mut r)?);
    }
    record.io.extend(blocks::extra(r.rest()));
    Ok(record)
}

/// 0x22 (and 0xA0 with 4G cell widths): GPS, cell, ACC, upload mode,
/// re-upload flag, and a 4-byte mileage when exactly 4 bytes follow.
pub(crate) fn gps_cell_acc(content: &[u8], width: CellWidth) -> Result<Record, DecodeError> {
    let mut r = Reader::new(content);
    let mut record = fix(&mut r)?;
    let network = blocks::network(&mut r, width)?;
    record
        .io
        .extend(blocks::cell(&mut r, network, width, false, 1)?);
    let acc = r.u8("ACC")?;
    let mode = r.u8("upload mode")?;
    let reupload = r.u8("re-upload flag")?;
    record.io.push(blocks::number("acc", u64::from(acc), 1));
    record
        .io
        .push(blocks::number("upload_mode", u64::from(mode), 1));
    record
        .io
        .push(blocks::number("reupload", u64::from(reupload), 1));
    record.values.push(io::acc(acc));
    if r.remaining() == 4 {
        let metres = r.u32("mileage")?;
        record
            .io
            .push(blocks::number("mileage", u64::from(metres), 4));
        record.values.push(io::mileage(metres));
    }
    record.io.extend(blocks::extra(r.rest()));
    Ok(record)
}

/// 0x16 / 0x26 / 0x27: GPS, cell-block length, cell, then the status block:
/// terminal info, voltage level, GSM level, alarm, language. Firmware that
/// sends a 2-byte voltage (6-byte status) has it kept raw as `voltage`.
/// [`Gt06Variant::Vl103`] firmware appends an 8-byte driver id.
pub(crate) fn alarm(content: &[u8], variant: Gt06Variant) -> Result<Record, DecodeError> {
    let mut r = Reader::new(content);
    let mut record = fix(&mut r)?;
    let _cell_len = r.u8("cell length")?;
    record.io.extend(gsm_cell(&mut r)?);
    let info = r.u8("terminal info")?;
    let voltage = if r.remaining() == 5 {
        let raw = r.u16("voltage")?;
        record.io.push(blocks::number("voltage", u64::from(raw), 2));
        None
    } else {
        Some(r.u8("voltage level")?)
    };
    let gsm = r.u8("GSM level")?;
    status_fields(&mut record, info, voltage, gsm);
    alarm_and_language(&mut r, &mut record, variant)?;
    if variant == Gt06Variant::Vl103 && r.remaining() >= 8 {
        let key = blocks::hex(r.bytes(8, "driver id")?);
        record.io.push(blocks::named("driver_id", key.clone()));
        record.values.push(io::hardware_key(key));
    }
    record.io.extend(blocks::extra(r.rest()));
    Ok(record)
}

/// The alarm and language bytes that end a status block. The alarm byte
/// names the event more precisely than the terminal info's three alarm
/// bits, so a named code replaces theirs.
pub(crate) fn alarm_and_language(
    r: &mut Reader<'_>,
    record: &mut Record,
    variant: Gt06Variant,
) -> Result<(), DecodeError> {
    let code = r.u8("alarm")?;
    let language = r.u8("language")?;
    set_alarm(record, code, variant);
    record
        .io
        .push(blocks::number("language", u64::from(language), 1));
    Ok(())
}

/// Records an alarm code: raw, as the record's event, and named.
pub(crate) fn set_alarm(record: &mut Record, code: u8, variant: Gt06Variant) {
    record.io.push(blocks::number("alarm", u64::from(code), 1));
    record.event = (code != 0).then_some(u32::from(code));
    if let Some(named) = io::alarm_for(code, variant) {
        record
            .values
            .retain(|v| v.sensor != crate::sensor::Sensor::Alarm);
        record.values.push(named);
    }
}

/// A full status block: terminal info, voltage level, GSM level, alarm,
/// language.
pub(crate) fn status_block(
    r: &mut Reader<'_>,
    record: &mut Record,
    variant: Gt06Variant,
) -> Result<(), DecodeError> {
    let info = r.u8("terminal info")?;
    let voltage = r.u8("voltage level")?;
    let gsm = r.u8("GSM level")?;
    status_fields(record, info, Some(voltage), gsm);
    alarm_and_language(r, record, variant)
}

/// The terminal info, voltage level and GSM level, raw and named.
pub(crate) fn status_fields(record: &mut Record, info: u8, voltage: Option<u8>, gsm: u8) {
    record
        .io
        .push(blocks::number("terminal_info", u64::from(info), 1));
    record.values.extend(io::terminal_info(info));
    if let Some(level) = voltage {
        record
            .io
            .push(blocks::number("voltage_level", u64::from(level), 1));
        record.values.extend(io::voltage_level(level));
    }
    record
        .io
        .push(blocks::number("gsm_level", u64::from(gsm), 1));
    record.values.extend(io::gsm_level(gsm));
}

pub(crate) fn fix(r: &mut Reader<'_>) -> Result<Record, DecodeError> {
    let time = blocks::time(r)?;
    blocks::gps(r, time)
}

fn gsm_cell(r: &mut Reader<'_>) -> Result<Option<crate::record::IoElement>, DecodeError> {
    let network = blocks::network(r, CellWidth::Gsm)?;
    blocks::cell(r, network, CellWidth::Gsm, false, 1)
}
