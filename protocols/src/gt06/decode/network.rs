//! Packets located by the network only: several cells (0x18, 0x28 and the
//! 4G 0xA1), cells plus Wi-Fi (0x2C), and the unchecked Wi-Fi packets
//! (0x69, 0x17) some firmware sends.
//!
//! None of them carries coordinates. They become records with
//! [`FixSource::Lbs`](crate::FixSource::Lbs), `valid: false` and zero
//! coordinates, with every cell and access point kept raw (`cell_<n>`,
//! `wifi_<n>`) for a later geolocation step.

use crate::codec::DecodeError;
use crate::record::Record;

use super::super::reader::Reader;
use super::blocks::{self, CellWidth};

/// The fields after the cells of 0x18 / 0x28 / 0xA1: timing advance and
/// language.
const CELLS_TAIL: usize = 3;

/// 0x18 / 0x28 (GSM widths) and 0xA1 (4G widths): date-time, network,
/// cells with signal, timing advance, language.
pub(crate) fn cells(content: &[u8], width: CellWidth) -> Result<Record, DecodeError> {
    let mut r = Reader::new(content);
    let mut record = blocks::located_by_network(blocks::time(&mut r)?);
    let network = blocks::network(&mut r, width)?;
    let size = blocks::cell_len(width, true);
    let mut n = 0;
    while r.remaining() >= size + CELLS_TAIL {
        n += 1;
        record
            .io
            .extend(blocks::cell(&mut r, network, width, true, n)?);
    }
    let ta = r.u8("timing advance")?;
    record
        .io
        .push(blocks::number("timing_advance", u64::from(ta), 1));
    let language = r.u16("language")?;
    record
        .io
        .push(blocks::number("language", u64::from(language), 2));
    r.finish("cell packet")?;
    Ok(record)
}

/// 0x2C: date-time, network, seven cells with signal, timing advance, then
/// a count of Wi-Fi access points and the access points.
pub(crate) fn cells_wifi(content: &[u8]) -> Result<Record, DecodeError> {
    let mut r = Reader::new(content);
    let mut record = blocks::located_by_network(blocks::time(&mut r)?);
    record
        .io
        .extend(blocks::seven_cells(&mut r, CellWidth::Gsm)?);
    record.io.extend(blocks::wifi_count_list(&mut r)?);
    record.io.extend(blocks::extra(r.rest()));
    Ok(record)
}

/// The unchecked 0x69 / 0x17 packets: BCD date-time, `count` access points
/// (the count travels in the length byte), a cell count, the network and
/// the cells (2-byte LAC and id, signal). With no checksum, the structure
/// is the only integrity check: it must account for every byte.
pub(crate) fn wifi_unchecked(content: &[u8], count: u16) -> Result<Record, DecodeError> {
    let mut r = Reader::new(content);
    let mut record = blocks::located_by_network(blocks::bcd_time(&mut r)?);
    for n in 1..=usize::from(count) {
        record.io.push(blocks::wifi(&mut r, n)?);
    }
    let cells = r.u8("cell count")?;
    let network = blocks::network(&mut r, CellWidth::Gsm)?;
    for n in 1..=usize::from(cells) {
        record
            .io
            .extend(blocks::cell(&mut r, network, CellWidth::Short, true, n)?);
    }
    r.finish("Wi-Fi packet")?;
    Ok(record)
}
