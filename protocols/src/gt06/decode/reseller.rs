//! Reseller layouts of documented protocol numbers, read only when the
//! codec was built with their [`Gt06Variant`] (see [`super::super::variant`]).
//! Field meanings were established from the corpus's samples of each model.

use crate::codec::DecodeError;
use crate::record::Record;

use super::super::io;
use super::super::reader::Reader;
use super::super::variant::Gt06Variant;
use super::blocks;
use super::kind;
use super::location::{self, fix, set_alarm, status_fields};
use super::vendor::{driver_id, vendor_status};

/// The record `variant` firmware means by a packet of `kind`, or `None`
/// when the variant reads that protocol number as documented.
/// Status packets carry no time: they are dated `now_ms`.
pub(crate) fn packet(
    variant: Gt06Variant,
    packet_kind: u8,
    c: &[u8],
    now_ms: i64,
) -> Option<Result<Record, DecodeError>> {
    use Gt06Variant as V;
    const ALARMS: [u8; 3] = [kind::ALARM, kind::ALARM_2, kind::ALARM_3];
    let decoded = match (variant, packet_kind) {
        (V::Lw | V::Vl103, k) if ALARMS.contains(&k) => location::alarm(c, variant),
        (V::Lw, kind::STATUS) => lw_status(c),
        (V::Seeworld, kind::STATUS) => seeworld_status(c),
        (V::Seeworld, k) if ALARMS.contains(&k) => seeworld_alarm(c),
        (V::Seeworld, kind::GPS_CELL_ACC) => seeworld_location(c),
        (V::R11, kind::STATUS) => r11_status(c),
        (V::Obd, kind::STATUS) => obd_status(c),
        (V::Nt20, kind::GPS_CELL_ACC) => imei_times(c, false),
        (V::Nt20, 0x25) => imei_times(c, true),
        (V::Qh302r, kind::GPS_CELL) => imei_location(c),
        (V::Vl103, 0x36) => vl103_location(c),
        (V::Vxt01, kind::GPS_CELL | kind::ALARM) => vxt01(c),
        (V::S5, kind::GPS_CELL) => s5(c),
        (V::Wetrust, kind::GPS_CELL) => wetrust(c),
        _ => return None,
    };
    Some(decoded.map(|mut record| {
        if packet_kind == kind::STATUS {
            record.fix_time_ms = now_ms;
        }
        record
    }))
}

/// LW 0x13: terminal info, voltage level, GSM level, external voltage
/// (low 12 bits of 2 bytes, tenths of a volt).
fn lw_status(c: &[u8]) -> Result<Record, DecodeError> {
    let mut r = Reader::new(c);
    let mut record = blocks::undated(0);
    let (info, level, gsm) = (r.u8("terminal info")?, r.u8("voltage")?, r.u8("GSM")?);
    status_fields(&mut record, info, Some(level), gsm);
    let power = r.u16("external voltage")?;
    power_value(&mut record, power, f64::from(power & 0x0FFF) / 10.0);
    record.io.extend(blocks::extra(r.rest()));
    Ok(record)
}

/// SeeWorld 0x13: terminal info, battery byte, GSM level, external voltage
/// in whole volts, language.
fn seeworld_status(c: &[u8]) -> Result<Record, DecodeError> {
    let mut r = Reader::new(c);
    let mut record = blocks::undated(0);
    let (info, battery, gsm) = (r.u8("terminal info")?, r.u8("battery")?, r.u8("GSM")?);
    vendor_status(&mut record, info, battery, gsm);
    let volts = r.u8("external voltage")?;
    power_value(&mut record, u16::from(volts), f64::from(volts));
    record.io.extend(blocks::extra(r.rest()));
    Ok(record)
}

/// R11 0x13: terminal info, external voltage (2, hundredths of a volt),
/// GSM level, alarm.
fn r11_status(c: &[u8]) -> Result<Record, DecodeError> {
    let mut r = Reader::new(c);
    let mut record = blocks::undated(0);
    let info = r.u8("terminal info")?;
    let power = r.u16("external voltage")?;
    let gsm = r.u8("GSM level")?;
    status_fields(&mut record, info, None, gsm);
    power_value(&mut record, power, f64::from(power) / 100.0);
    set_alarm(&mut record, r.u8("alarm")?, Gt06Variant::R11);
    record.io.extend(blocks::extra(r.rest()));
    Ok(record)
}

/// Extended OBD status 0x13: terminal info, satellites and signal (2),
/// alarm, language, battery percentage, working mode, external voltage
/// (2, hundredths of a volt); in the 14-byte form 3 bytes follow and then
/// the temperature (2, bit 15 = below zero, tenths of a degree).
fn obd_status(c: &[u8]) -> Result<Record, DecodeError> {
    let mut r = Reader::new(c);
    let mut record = blocks::undated(0);
    let info = r.u8("terminal info")?;
    record
        .io
        .push(blocks::number("terminal_info", u64::from(info), 1));
    record.values.extend(io::terminal_info(info));
    let signal = r.u16("signal")?;
    record
        .io
        .push(blocks::number("signal", u64::from(signal), 2));
    location::alarm_and_language(&mut r, &mut record, Gt06Variant::Obd)?;
    let battery = r.u8("battery")?;
    record
        .io
        .push(blocks::number("battery", u64::from(battery), 1));
    record.values.extend(io::battery_percent(battery));
    let mode = r.u8("working mode")?;
    record.io.push(blocks::number("mode", u64::from(mode), 1));
    let power = r.u16("external voltage")?;
    power_value(&mut record, power, f64::from(power) / 100.0);
    if r.remaining() == 5 {
        record
            .io
            .push(blocks::raw("working", r.bytes(3, "working")?));
        let raw = r.u16("temperature")?;
        record
            .io
            .push(blocks::number("temperature", u64::from(raw), 2));
        let celsius = io::signed_magnitude(u32::from(raw), 15, 0.1);
        record.values.push(io::input("ext_temp_sensor_1", celsius));
    }
    record.io.extend(blocks::extra(r.rest()));
    Ok(record)
}

/// SeeWorld 0x16 / 0x26 / 0x27: GPS, cell-length byte, cell with a 4-byte
/// id, terminal info, battery byte, GSM level, alarm, language.
fn seeworld_alarm(c: &[u8]) -> Result<Record, DecodeError> {
    let mut r = Reader::new(c);
    let mut record = fix(&mut r)?;
    let _cell_len = r.u8("cell length")?;
    record.io.extend(blocks::cell_with(&mut r, 1, 2, 4, 1)?);
    let (info, battery, gsm) = (r.u8("terminal info")?, r.u8("battery")?, r.u8("GSM")?);
    vendor_status(&mut record, info, battery, gsm);
    location::alarm_and_language(&mut r, &mut record, Gt06Variant::Seeworld)?;
    record.io.extend(blocks::extra(r.rest()));
    Ok(record)
}

/// SeeWorld 0x22: GPS, cell with a 4-byte id, ACC, upload mode, re-upload
/// flag, odometer (4, metres), travel time (4), temperature (2, bit 15 =
/// below zero, hundredths of a degree), humidity (2, hundredths of a %).
fn seeworld_location(c: &[u8]) -> Result<Record, DecodeError> {
    let mut r = Reader::new(c);
    let mut record = fix(&mut r)?;
    record.io.extend(blocks::cell_with(&mut r, 1, 2, 4, 1)?);
    acc(&mut r, &mut record)?;
    let _mode = r.u8("upload mode")?;
    let _reupload = r.u8("re-upload flag")?;
    let metres = r.u32("odometer")?;
    record.values.push(io::mileage(metres));
    let travel = r.u32("travel time")?;
    let temperature = r.u16("temperature")?;
    let humidity = r.u16("humidity")?;
    for (name, value, width) in [
        ("mileage", u64::from(metres), 4),
        ("travel_time", u64::from(travel), 4),
        ("temperature", u64::from(temperature), 2),
        ("humidity", u64::from(humidity), 2),
    ] {
        record.io.push(blocks::number(name, value, width));
    }
    let celsius = io::signed_magnitude(u32::from(temperature), 15, 0.01);
    record.values.push(io::input("ext_temp_sensor_1", celsius));
    record
        .values
        .push(io::input("humidity", f64::from(humidity) / 100.0));
    record.io.extend(blocks::extra(r.rest()));
    Ok(record)
}

/// NT20 / XT40 0x22 and 0x25: a flag, IMEI (8, BCD), the device's and
/// the fix's date-times, GPS, a cell-length byte counting itself and a
/// cell whose id fills the rest, [0x25: alarm], terminal info, external
/// voltage (2, hundredths), battery voltage (1, tenths), GSM signal, 2
/// bytes kept raw, odometer (4, metres), engine time (2, minutes),
/// [0x25: a driver block: length, type, id].
fn imei_times(c: &[u8], with_alarm: bool) -> Result<Record, DecodeError> {
    let mut r = Reader::new(c);
    let _flag = r.u8("flag")?;
    let imei = blocks::hex(r.bytes(8, "IMEI")?);
    let _device_time = blocks::time(&mut r)?;
    let mut record = fix(&mut r)?;
    record.io.push(blocks::named("imei", imei));
    let cell_len = usize::from(r.u8("cell length")?);
    let cid = cell_len
        .checked_sub(6)
        .filter(|w| (1..=8).contains(w))
        .ok_or_else(|| DecodeError::malformed("NT20 cell length"))?;
    record.io.extend(blocks::cell_with(&mut r, 1, 2, cid, 1)?);
    if with_alarm {
        // Kept as the record's event: which table names it is unknown.
        let code = r.u8("alarm")?;
        record.io.push(blocks::number("alarm", u64::from(code), 1));
        record.event = Some(u32::from(code));
    }
    let info = r.u8("terminal info")?;
    record
        .io
        .push(blocks::number("terminal_info", u64::from(info), 1));
    record.values.extend(io::terminal_info(info));
    let power = r.u16("external voltage")?;
    power_value(&mut record, power, f64::from(power) / 100.0);
    battery_tenths(&mut r, &mut record)?;
    let gsm = r.u8("GSM signal")?;
    record.io.push(blocks::number("gsm", u64::from(gsm), 1));
    record.io.push(blocks::raw("status", r.bytes(2, "status")?));
    let metres = r.u32("odometer")?;
    record
        .io
        .push(blocks::number("mileage", u64::from(metres), 4));
    record.values.push(io::mileage(metres));
    let minutes = r.u16("engine time")?;
    record
        .io
        .push(blocks::number("engine_minutes", u64::from(minutes), 2));
    record
        .values
        .push(io::input("engine_hours", f64::from(minutes) / 60.0));
    if with_alarm && r.remaining() > 0 {
        let len = usize::from(r.u8("driver block length")?);
        let _kind = r.u8("driver block type")?;
        driver_id(&mut r, &mut record, len.saturating_sub(1))?;
    }
    record.io.extend(blocks::extra(r.rest()));
    Ok(record)
}

/// QH302R 0x12: IMEI (8, BCD), then the documented 0x12 content.
fn imei_location(c: &[u8]) -> Result<Record, DecodeError> {
    let imei = c
        .get(..8)
        .ok_or_else(|| DecodeError::malformed("QH302R location without IMEI"))?;
    let mut record = location::gps_cell(&c[8..])?;
    record.io.push(blocks::named("imei", blocks::hex(imei)));
    Ok(record)
}

/// VL103 0x36: GPS, cell with a 4-byte id, 9 status bytes kept raw,
/// battery voltage (1, tenths of a volt), 3 bytes kept raw, driver id (8).
fn vl103_location(c: &[u8]) -> Result<Record, DecodeError> {
    let mut r = Reader::new(c);
    let mut record = fix(&mut r)?;
    record.io.extend(blocks::cell_with(&mut r, 1, 2, 4, 1)?);
    record.io.push(blocks::raw("status", r.bytes(9, "status")?));
    battery_tenths(&mut r, &mut record)?;
    record
        .io
        .push(blocks::raw("status_tail", r.bytes(3, "status")?));
    driver_id(&mut r, &mut record, 8)?;
    record.io.extend(blocks::extra(r.rest()));
    Ok(record)
}

/// VXT01 0x12 / 0x16: GPS, cell without a length byte, terminal info
/// (alarm bits 111 = overspeed), external voltage (2, hundredths), GSM
/// level, alarm extension (kept raw).
fn vxt01(c: &[u8]) -> Result<Record, DecodeError> {
    let mut r = Reader::new(c);
    let (mut record, info) = fix_cell_info_power(&mut r)?;
    if (info >> 3) & 0b111 == 0b111 {
        record.values.push(io::named_alarm("overspeed"));
    }
    let extension = r.u8("alarm extension")?;
    record
        .io
        .push(blocks::number("alarm_extension", u64::from(extension), 1));
    record.io.extend(blocks::extra(r.rest()));
    Ok(record)
}

/// S5 0x12: GPS, cell, terminal info, external voltage (2, hundredths),
/// GSM level, alarm, oil (2, kept raw), temperature (1, bit 7 = below
/// zero, degrees), odometer (4, tens of metres).
fn s5(c: &[u8]) -> Result<Record, DecodeError> {
    let mut r = Reader::new(c);
    let (mut record, _info) = fix_cell_info_power(&mut r)?;
    set_alarm(&mut record, r.u8("alarm")?, Gt06Variant::S5);
    let oil = r.u16("oil")?;
    record.io.push(blocks::number("oil", u64::from(oil), 2));
    let temperature = r.u8("temperature")?;
    record
        .io
        .push(blocks::number("temperature", u64::from(temperature), 1));
    let celsius = io::signed_magnitude(u32::from(temperature), 7, 1.0);
    record.values.push(io::input("ext_temp_sensor_1", celsius));
    let tens = r.u32("odometer")?;
    record.values.push(io::mileage(tens.saturating_mul(10)));
    record
        .io
        .push(blocks::number("odometer", u64::from(tens), 4));
    record.io.extend(blocks::extra(r.rest()));
    Ok(record)
}

/// WeTrust 0x12: GPS, cell, odometer (4, metres), driver card (length
/// and ASCII), alarm flag, card status, driving time (2).
fn wetrust(c: &[u8]) -> Result<Record, DecodeError> {
    let mut r = Reader::new(c);
    let mut record = fix(&mut r)?;
    record.io.extend(blocks::cell_with(&mut r, 1, 2, 3, 1)?);
    let metres = r.u32("odometer")?;
    record
        .io
        .push(blocks::number("mileage", u64::from(metres), 4));
    record.values.push(io::mileage(metres));
    let len = usize::from(r.u8("card length")?);
    let card = String::from_utf8_lossy(r.bytes(len, "card")?)
        .trim()
        .to_owned();
    record.io.push(blocks::named("card", card.clone()));
    record.values.push(io::hardware_key(card));
    let alarm = r.u8("alarm")?;
    record.io.push(blocks::number("alarm", u64::from(alarm), 1));
    if alarm != 0 {
        record.values.push(io::named_alarm("general"));
    }
    let status = r.u8("card status")?;
    record
        .io
        .push(blocks::number("card_status", u64::from(status), 1));
    let driving = r.u16("driving time")?;
    record
        .io
        .push(blocks::number("driving_time", u64::from(driving), 2));
    record.io.extend(blocks::extra(r.rest()));
    Ok(record)
}

/// GPS, a cell with a 3-byte id and no length byte, terminal info,
/// external voltage (2, hundredths) and GSM level, as VXT01 and S5 send
/// them; returns the record and the terminal info byte.
fn fix_cell_info_power(r: &mut Reader<'_>) -> Result<(Record, u8), DecodeError> {
    let mut record = fix(r)?;
    record.io.extend(blocks::cell_with(r, 1, 2, 3, 1)?);
    let info = r.u8("terminal info")?;
    let power = r.u16("external voltage")?;
    let gsm = r.u8("GSM level")?;
    status_fields(&mut record, info, None, gsm);
    power_value(&mut record, power, f64::from(power) / 100.0);
    Ok((record, info))
}

/// The battery voltage byte (tenths of a volt), raw and named.
fn battery_tenths(r: &mut Reader<'_>, record: &mut Record) -> Result<(), DecodeError> {
    let battery = r.u8("battery voltage")?;
    record
        .io
        .push(blocks::number("battery_voltage", u64::from(battery), 1));
    record
        .values
        .push(io::input("battery_voltage", f64::from(battery) / 10.0));
    Ok(())
}

fn acc(r: &mut Reader<'_>, record: &mut Record) -> Result<(), DecodeError> {
    let acc = r.u8("ACC")?;
    record.io.push(blocks::number("acc", u64::from(acc), 1));
    record.values.push(io::acc(acc));
    Ok(())
}

fn power_value(record: &mut Record, raw: u16, volts: f64) {
    record.io.push(blocks::number("power", u64::from(raw), 2));
    record.values.push(io::board_voltage(volts));
}
