//! The 4G packets beyond 0xA0 / 0xA1: 0xA2 (Wi-Fi and cells, or a status
//! location), 0xA3 (single geofence), 0xA4 (multi-fence alarm), 0xA5
//! (cell alarm) and 0xA7 (cell address request).
//!
//! Their cells use the 4G widths: a 4-byte LAC, an 8-byte cell id, and a
//! 2-byte MNC when bit 15 of the MCC is set.

use crate::codec::DecodeError;
use crate::record::Record;

use super::super::io;
use super::super::reader::Reader;
use super::super::variant::Gt06Variant;
use super::blocks::{self, CellWidth};
use super::location::{fix, status_block};
use super::vendor::vendor_status;

/// The length of 0xA2's status-location form.
pub(crate) const STATUS_LOCATION_LEN: usize = 59;

/// 0xA2. The 59-byte form is a location with status: GPS, cell, network
/// indicator, terminal info, external voltage (hundredths of a volt),
/// battery byte, GSM level, alarm, language, odometer (metres), engine
/// time (seconds), terminal id (8) and inputs (2). Every other length is
/// the Wi-Fi form: date-time, network, seven cells with signal, timing
/// advance, and a counted list of access points (at least 102 bytes, so
/// the two cannot be confused).
pub(crate) fn wifi_or_status(content: &[u8], variant: Gt06Variant) -> Result<Record, DecodeError> {
    let mut r = Reader::new(content);
    if content.len() != STATUS_LOCATION_LEN {
        let mut record = blocks::located_by_network(blocks::time(&mut r)?);
        record
            .io
            .extend(blocks::seven_cells(&mut r, CellWidth::Lte)?);
        record.io.extend(blocks::wifi_count_list(&mut r)?);
        record.io.extend(blocks::extra(r.rest()));
        return Ok(record);
    }
    let mut record = fix(&mut r)?;
    record.io.extend(lte_cell(&mut r)?);
    let network = r.u8("network indicator")?;
    record
        .io
        .push(blocks::number("network_indicator", u64::from(network), 1));
    let info = r.u8("terminal info")?;
    let power = r.u16("external voltage")?;
    let battery = r.u8("battery")?;
    let gsm = r.u8("GSM level")?;
    vendor_status(&mut record, info, battery, gsm);
    record.io.push(blocks::number("power", u64::from(power), 2));
    record
        .values
        .push(io::board_voltage(f64::from(power) / 100.0));
    super::location::alarm_and_language(&mut r, &mut record, variant)?;
    let metres = r.u32("odometer")?;
    record
        .io
        .push(blocks::number("mileage", u64::from(metres), 4));
    record.values.push(io::mileage(metres));
    let seconds = r.u32("engine time")?;
    record
        .io
        .push(blocks::number("engine_seconds", u64::from(seconds), 4));
    record
        .values
        .push(io::input("engine_hours", f64::from(seconds) / 3600.0));
    record.io.push(blocks::named(
        "terminal_id",
        blocks::hex(r.bytes(8, "terminal id")?),
    ));
    let inputs = r.u16("inputs")?;
    record
        .io
        .push(blocks::number("inputs", u64::from(inputs), 2));
    r.finish("0xA2 status location")?;
    Ok(record)
}

/// The length of 0xA3's geofence form.
const FENCE_LEN: usize = 39;

/// 0xA3. The 39-byte form: GPS, a fence byte, cell, status block. Other
/// forms (short vendor status reports) are kept raw, dated on arrival.
pub(crate) fn fence_single(
    content: &[u8],
    now_ms: i64,
    variant: Gt06Variant,
) -> Result<Record, DecodeError> {
    if content.len() != FENCE_LEN {
        let mut record = blocks::undated(now_ms);
        record.io.push(blocks::raw("status", content));
        return Ok(record);
    }
    let mut r = Reader::new(content);
    let mut record = fix(&mut r)?;
    let fence = r.u8("fence")?;
    record.io.push(blocks::number("fence", u64::from(fence), 1));
    record.io.extend(lte_cell(&mut r)?);
    status_block(&mut r, &mut record, variant)?;
    record.io.extend(blocks::extra(r.rest()));
    Ok(record)
}

/// 0xA4: GPS, cell-length byte, cell, status block and the fence number.
pub(crate) fn fence_multi(content: &[u8], variant: Gt06Variant) -> Result<Record, DecodeError> {
    let mut r = Reader::new(content);
    let mut record = fix(&mut r)?;
    let _cell_len = r.u8("cell length")?;
    record.io.extend(lte_cell(&mut r)?);
    status_block(&mut r, &mut record, variant)?;
    let fence = r.u8("fence")?;
    record.io.push(blocks::number("fence", u64::from(fence), 1));
    record.io.extend(blocks::extra(r.rest()));
    Ok(record)
}

/// 0xA5: cell and status block, no time (dated on arrival).
pub(crate) fn cell_alarm(
    content: &[u8],
    now_ms: i64,
    variant: Gt06Variant,
) -> Result<Record, DecodeError> {
    let mut r = Reader::new(content);
    let mut record = blocks::located_by_network(now_ms);
    record.io.extend(lte_cell(&mut r)?);
    status_block(&mut r, &mut record, variant)?;
    record.io.extend(blocks::extra(r.rest()));
    Ok(record)
}

/// 0xA7: cell, the phone number asking (21 bytes, NUL-padded ASCII) and
/// language, no time (dated on arrival).
pub(crate) fn address_request(content: &[u8], now_ms: i64) -> Result<Record, DecodeError> {
    let mut r = Reader::new(content);
    let mut record = blocks::located_by_network(now_ms);
    record.io.extend(lte_cell(&mut r)?);
    let phone = r.bytes(21, "phone number")?;
    let phone = String::from_utf8_lossy(phone)
        .trim_end_matches('\0')
        .to_owned();
    record.io.push(blocks::named("phone", phone));
    let language = r.u16("language")?;
    record
        .io
        .push(blocks::number("language", u64::from(language), 2));
    record.io.extend(blocks::extra(r.rest()));
    Ok(record)
}

fn lte_cell(r: &mut Reader<'_>) -> Result<Option<crate::record::IoElement>, DecodeError> {
    let network = blocks::network(r, CellWidth::Lte)?;
    blocks::cell(r, network, CellWidth::Lte, false, 1)
}
