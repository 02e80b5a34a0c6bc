//! Location packets of the vendor protocol numbers that extend the
//! documented ones: 0x11, 0x17 (checked form), 0x1E, 0x24, 0x31, 0x32
//! (short envelope), 0x34, 0x37, 0x38 and 0x61.
//!
//! Each starts with the documented date-time and GPS block (0x61 with the
//! IMEI first, the 0x24 cell form with none) and differs in what follows.
//! Two numbers carry two layouts that the packet's length tells apart: the
//! lengths below are the only ones those layouts can have.

use crate::codec::DecodeError;
use crate::record::Record;

use super::super::io;
use super::super::reader::Reader;
use super::blocks::{self, CellWidth};
use super::location::{fix, status_fields};

/// 0x11: GPS, then a cell with a 2-byte MNC and a 4-byte cell id.
pub(crate) fn gps_wide_cell(content: &[u8]) -> Result<Record, DecodeError> {
    let mut r = Reader::new(content);
    let mut record = fix(&mut r)?;
    record.io.extend(blocks::cell_with(&mut r, 2, 2, 4, 1)?);
    record.io.extend(blocks::extra(r.rest()));
    Ok(record)
}

/// 0x17 with a valid CRC (the unchecked 0x17 is a Wi-Fi packet): GPS,
/// cell, an 8-byte driver (RFID) id and a validity byte.
pub(crate) fn gps_rfid(content: &[u8]) -> Result<Record, DecodeError> {
    let mut r = Reader::new(content);
    let mut record = fix(&mut r)?;
    record.io.extend(blocks::cell_with(&mut r, 1, 2, 3, 1)?);
    driver_id(&mut r, &mut record, 8)?;
    let validity = r.u8("driver id validity")?;
    record
        .io
        .push(blocks::number("driver_id_valid", u64::from(validity), 1));
    record.io.extend(blocks::extra(r.rest()));
    Ok(record)
}

/// The length of 0x19's single-cell form.
const CELL_STATUS_LEN: usize = 13;

/// 0x19, 13 bytes: a cell and the status block, no time (dated on
/// arrival). Other lengths (several cells in a vendor layout) give `None`.
pub(crate) fn cell_status(
    content: &[u8],
    now_ms: i64,
    variant: super::super::variant::Gt06Variant,
) -> Result<Option<Record>, DecodeError> {
    if content.len() != CELL_STATUS_LEN {
        return Ok(None);
    }
    let mut r = Reader::new(content);
    let mut record = blocks::located_by_network(now_ms);
    record.io.extend(blocks::cell_with(&mut r, 1, 2, 3, 1)?);
    super::location::status_block(&mut r, &mut record, variant)?;
    Ok(Some(record))
}

/// 0x1E: GPS, the network, seven cells with signal, timing advance and
/// language (the cell packet 0x18 with a fix in front).
pub(crate) fn gps_cells(content: &[u8]) -> Result<Record, DecodeError> {
    let mut r = Reader::new(content);
    let mut record = fix(&mut r)?;
    record
        .io
        .extend(blocks::seven_cells(&mut r, CellWidth::Gsm)?);
    let language = r.u16("language")?;
    record
        .io
        .push(blocks::number("language", u64::from(language), 2));
    record.io.extend(blocks::extra(r.rest()));
    Ok(record)
}

/// The length of 0x24's GPS form.
const GPS_POWER_LEN: usize = 41;

/// 0x24, 41 bytes: GPS, cell, ignition, external and battery voltage
/// (hundredths of a volt), then 10 bytes kept raw. Any other length: the
/// cell form, date-time, timing advance, network, a cell count and the
/// cells with signal.
pub(crate) fn multi_lbs(content: &[u8]) -> Result<Record, DecodeError> {
    let mut r = Reader::new(content);
    if content.len() == GPS_POWER_LEN {
        let mut record = fix(&mut r)?;
        record.io.extend(blocks::cell_with(&mut r, 1, 2, 3, 1)?);
        let ignition = r.u8("ignition")?;
        record
            .io
            .push(blocks::number("acc", u64::from(ignition), 1));
        record.values.push(io::acc(ignition));
        voltages(&mut r, &mut record, 0.01)?;
        record.io.extend(blocks::extra(r.rest()));
        return Ok(record);
    }
    let mut record = blocks::located_by_network(blocks::time(&mut r)?);
    let ta = r.u8("timing advance")?;
    record
        .io
        .push(blocks::number("timing_advance", u64::from(ta), 1));
    let network = blocks::network(&mut r, CellWidth::Gsm)?;
    let count = r.u8("cell count")?;
    for n in 1..=usize::from(count) {
        record
            .io
            .extend(blocks::cell(&mut r, network, CellWidth::Gsm, true, n)?);
    }
    record.io.extend(blocks::extra(r.rest()));
    Ok(record)
}

/// The length of 0x31's wide form.
const WIDE_31_LEN: usize = 37;

/// 0x31: GPS, cell, ignition, report reason and re-upload flag. The
/// 37-byte form widens the MNC to 2 bytes and the cell id to 4, and
/// appends the odometer (metres) and the altitude (signed metres).
pub(crate) fn gps_reason(content: &[u8]) -> Result<Record, DecodeError> {
    let wide = content.len() == WIDE_31_LEN;
    let mut r = Reader::new(content);
    let mut record = fix(&mut r)?;
    let cell = if wide {
        blocks::cell_with(&mut r, 2, 2, 4, 1)?
    } else {
        blocks::cell_with(&mut r, 1, 2, 3, 1)?
    };
    record.io.extend(cell);
    ignition_reason(&mut r, &mut record)?;
    if wide {
        let metres = r.u32("odometer")?;
        record
            .io
            .push(blocks::number("mileage", u64::from(metres), 4));
        record.values.push(io::mileage(metres));
        record.altitude_m = f64::from(r.u16("altitude")? as i16);
    }
    record.io.extend(blocks::extra(r.rest()));
    Ok(record)
}

/// 0x32 in the short envelope: GPS, a cell-length byte, a cell with a
/// 2-byte MNC and a 4-byte cell id, and the status block.
pub(crate) fn gps_status(content: &[u8]) -> Result<Record, DecodeError> {
    let mut r = Reader::new(content);
    let mut record = fix(&mut r)?;
    let _cell_len = r.u8("cell length")?;
    record.io.extend(blocks::cell_with(&mut r, 2, 2, 4, 1)?);
    super::location::status_block(&mut r, &mut record, Default::default())?;
    record.io.extend(blocks::extra(r.rest()));
    Ok(record)
}

/// 0x34: alarm and data word (4), GPS, terminal info (2), odometer (4),
/// cell (4-byte id), driver number (4), external and battery voltage
/// (hundredths of a volt; the corpus's samples carry 14.28 V then 4.19 V,
/// so the vehicle's comes first), port information (4), inputs, outputs, and as
/// many 2-byte analog inputs as bits 20–23 of the port information say.
pub(crate) fn gps_ports(content: &[u8]) -> Result<Record, DecodeError> {
    let mut r = Reader::new(content);
    let data = r.u32("alarm and data")?;
    let mut record = fix(&mut r)?;
    record
        .io
        .push(blocks::number("alarm_data", u64::from(data), 4));
    let info = r.u16("terminal info")?;
    record
        .io
        .push(blocks::number("terminal_info", u64::from(info), 2));
    let metres = r.u32("odometer")?;
    record
        .io
        .push(blocks::number("mileage", u64::from(metres), 4));
    record.values.push(io::mileage(metres));
    record.io.extend(blocks::cell_with(&mut r, 1, 2, 4, 1)?);
    let driver = r.u32("driver number")?;
    if driver != 0 {
        record
            .io
            .push(blocks::named("driver_id", driver.to_string()));
        record.values.push(io::hardware_key(driver.to_string()));
    }
    let power = r.u16("external voltage")?;
    record
        .values
        .push(io::board_voltage(f64::from(power) / 100.0));
    let battery = r.u16("battery voltage")?;
    record.values.push(io::battery_voltage(battery));
    let ports = r.u32("port information")?;
    let inputs = r.u8("inputs")?;
    let outputs = r.u8("outputs")?;
    for (name, value, width) in [
        ("battery_voltage", u64::from(battery), 2),
        ("power", u64::from(power), 2),
        ("ports", u64::from(ports), 4),
        ("inputs", u64::from(inputs), 1),
        ("outputs", u64::from(outputs), 1),
    ] {
        record.io.push(blocks::number(name, value, width));
    }
    const ANALOG: [&str; 4] = ["analog_1", "analog_2", "analog_3", "analog_4"];
    for name in ANALOG.iter().take(((ports >> 20) & 0x0F) as usize) {
        let raw = r.u16("analog input")?;
        record.io.push(blocks::number(name, u64::from(raw), 2));
        record.values.push(io::input(name, f64::from(raw) / 100.0));
    }
    record.io.extend(blocks::extra(r.rest()));
    Ok(record)
}

/// 0x37: GPS, cell, ignition, report reason, re-upload flag, then
/// modules of type (2), length (1) and value: 0x27 external voltage
/// (hundredths of a volt), 0x2E odometer (metres); others kept raw.
pub(crate) fn gps_modules(content: &[u8]) -> Result<Record, DecodeError> {
    let mut r = Reader::new(content);
    let mut record = fix(&mut r)?;
    record.io.extend(blocks::cell_with(&mut r, 1, 2, 3, 1)?);
    ignition_reason(&mut r, &mut record)?;
    while r.remaining() > 0 {
        let kind = r.u16("module type")?;
        let len = r.u8("module length")?;
        let value = r.bytes(usize::from(len), "module value")?;
        let number = value.iter().fold(0u64, |acc, &b| (acc << 8) | u64::from(b));
        match (kind, len) {
            (0x27, 2) => record.values.push(io::board_voltage(number as f64 / 100.0)),
            (0x2E, 4) => record.values.push(io::mileage(number as u32)),
            _ => {}
        }
        record
            .io
            .push(blocks::raw(&format!("module_{kind:04x}"), value));
    }
    Ok(record)
}

/// 0x38: GPS; the rest is kept raw.
pub(crate) fn gps_raw(content: &[u8]) -> Result<Record, DecodeError> {
    let mut r = Reader::new(content);
    let mut record = fix(&mut r)?;
    record.io.extend(blocks::extra(r.rest()));
    Ok(record)
}

/// 0x61: IMEI (8, BCD), GPS, MCC and MNC, 8 bytes of cell kept raw, and a
/// 4-byte driver number.
pub(crate) fn imei_gps_driver(content: &[u8]) -> Result<Record, DecodeError> {
    let mut r = Reader::new(content);
    let imei = r.bytes(8, "IMEI")?;
    let mut record = fix(&mut r)?;
    record.io.push(blocks::named("imei", blocks::hex(imei)));
    let mcc = r.u16("MCC")?;
    let mnc = r.u8("MNC")?;
    record
        .io
        .push(blocks::named("network", format!("{mcc},{mnc}")));
    record.io.push(blocks::raw("cell", r.bytes(8, "cell")?));
    let driver = r.u32("driver number")?.to_string();
    record.io.push(blocks::named("driver_id", driver.clone()));
    record.values.push(io::hardware_key(driver));
    record.io.extend(blocks::extra(r.rest()));
    Ok(record)
}

/// Ignition, report reason (the record's event) and re-upload flag.
fn ignition_reason(r: &mut Reader<'_>, record: &mut Record) -> Result<(), DecodeError> {
    let ignition = r.u8("ignition")?;
    let reason = r.u8("report reason")?;
    let reupload = r.u8("re-upload flag")?;
    record
        .io
        .push(blocks::number("acc", u64::from(ignition), 1));
    record
        .io
        .push(blocks::number("reason", u64::from(reason), 1));
    record
        .io
        .push(blocks::number("reupload", u64::from(reupload), 1));
    record.values.push(io::acc(ignition));
    record.event = Some(u32::from(reason));
    Ok(())
}

/// External then battery voltage, 2 bytes each, in `unit` volts.
pub(crate) fn voltages(
    r: &mut Reader<'_>,
    record: &mut Record,
    unit: f64,
) -> Result<(), DecodeError> {
    let power = r.u16("external voltage")?;
    let battery = r.u16("battery voltage")?;
    record.io.push(blocks::number("power", u64::from(power), 2));
    record
        .io
        .push(blocks::number("battery_voltage", u64::from(battery), 2));
    record
        .values
        .push(io::board_voltage(f64::from(power) * unit));
    record
        .values
        .push(io::input("battery_voltage", f64::from(battery) * unit));
    Ok(())
}

/// A driver id of `len` bytes, kept raw and named in hex (all zeros: no
/// driver, kept raw only).
pub(crate) fn driver_id(
    r: &mut Reader<'_>,
    record: &mut Record,
    len: usize,
) -> Result<(), DecodeError> {
    let bytes = r.bytes(len, "driver id")?;
    let key = blocks::hex(bytes);
    record.io.push(blocks::named("driver_id", key.clone()));
    if bytes.iter().any(|&b| b != 0) {
        record.values.push(io::hardware_key(key));
    }
    Ok(())
}

/// The status fields of a vendor status block whose second byte is a
/// battery byte (level or percentage).
pub(crate) fn vendor_status(record: &mut Record, info: u8, battery: u8, gsm: u8) {
    status_fields(record, info, None, gsm);
    record
        .io
        .push(blocks::number("battery", u64::from(battery), 1));
    record.values.extend(io::battery_byte(battery));
}
