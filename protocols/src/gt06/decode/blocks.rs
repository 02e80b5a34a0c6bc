//! The building blocks GT06 packets are made of: the date-time, the GPS
//! block, cell (LBS) blocks, Wi-Fi access points and the status block.
//!
//! - Date-time (6): year − 2000, month, day, hour, minute, second, UTC.
//! - GPS block (12): length of GPS data (high nibble) and satellites (low
//!   nibble); latitude and longitude (4 each) in 1/30000 of a minute, so
//!   degrees = raw / 1,800,000; speed (1, km/h); course and status (2): bit
//!   12 fix valid, bit 11 west, bit 10 north, bits 0–9 the course.
//! - Cell (8): MCC (2), MNC (1), LAC (2), cell id (3); the 4G packets widen
//!   LAC to 4 and the cell id to 8 bytes, and set bit 15 of the MCC when
//!   the MNC takes 2 bytes.

use crate::codec::DecodeError;
use crate::record::{FixSource, IoElement, IoKey, IoValue, Record};

use super::super::reader::Reader;

/// Degrees per raw coordinate unit.
const RAW_PER_DEGREE: f64 = 1_800_000.0;

/// Reads the 6-byte binary date-time as milliseconds since the Unix epoch.
pub(crate) fn time(r: &mut Reader<'_>) -> Result<i64, DecodeError> {
    let mut b = [0u8; 6];
    b.copy_from_slice(r.bytes(6, "date-time")?);
    civil_ms(&b)
}

/// Reads a 6-byte date-time in BCD (`17 10 23 11 08 50` = 2017-10-23
/// 11:08:50), as the unchecked Wi-Fi packets send it.
pub(crate) fn bcd_time(r: &mut Reader<'_>) -> Result<i64, DecodeError> {
    let raw = r.bytes(6, "date-time")?;
    let mut b = [0u8; 6];
    for (out, byte) in b.iter_mut().zip(raw) {
        let (hi, lo) = (byte >> 4, byte & 0x0F);
        if hi > 9 || lo > 9 {
            return Err(DecodeError::malformed("date-time is not BCD"));
        }
        *out = hi * 10 + lo;
    }
    civil_ms(&b)
}

fn civil_ms(b: &[u8; 6]) -> Result<i64, DecodeError> {
    let [yy, month, day, hour, minute, second] = b.map(u32::from);
    crate::datetime::utc_ms(2000 + i64::from(yy), month, day, hour, minute, second)
        .ok_or_else(|| DecodeError::malformed(format!("impossible date-time {b:02x?}")))
}

/// Reads the 12-byte GPS block into a record fixed at `time_ms`.
pub(crate) fn gps(r: &mut Reader<'_>, time_ms: i64) -> Result<Record, DecodeError> {
    let info = r.u8("GPS info")?;
    let lat = r.u32("latitude")?;
    let lon = r.u32("longitude")?;
    let speed = r.u8("speed")?;
    let flags = r.u16("course and status")?;
    let mut record = fix_at(time_ms, lat, lon, flags);
    record.speed_kmh = f64::from(speed);
    record.satellites = Some(info & 0x0F);
    Ok(record)
}

/// A record from raw coordinates and the course-and-status word: bit 12
/// fix valid, bit 11 west, bit 10 north, bits 0–9 the course.
pub(crate) fn fix_at(time_ms: i64, lat: u32, lon: u32, flags: u16) -> Record {
    let (lat, lon) = (
        f64::from(lat) / RAW_PER_DEGREE,
        f64::from(lon) / RAW_PER_DEGREE,
    );
    let north = flags & (1 << 10) != 0;
    let west = flags & (1 << 11) != 0;
    let mut record = Record::at(
        time_ms,
        if north { lat } else { -lat },
        if west { -lon } else { lon },
    );
    record.valid = flags & (1 << 12) != 0;
    record.course_deg = f64::from(flags & 0x03FF);
    if lat == 0.0 && lon == 0.0 {
        record.source = FixSource::None;
    }
    record
}

/// Reads a 4-byte Unix time (seconds) as milliseconds.
pub(crate) fn unix_time(r: &mut Reader<'_>) -> Result<i64, DecodeError> {
    Ok(i64::from(r.u32("Unix time")?) * 1000)
}

/// A record for a packet with no location, dated `time_ms`.
pub(crate) fn undated(time_ms: i64) -> Record {
    let mut record = Record::at(time_ms, 0.0, 0.0);
    record.valid = false;
    record.source = FixSource::None;
    record
}

/// A record for a packet that carries cells or Wi-Fi but no coordinates.
pub(crate) fn located_by_network(time_ms: i64) -> Record {
    let mut record = Record::at(time_ms, 0.0, 0.0);
    record.valid = false;
    record.source = FixSource::Lbs;
    record
}

/// Widths of a cell block's fields.
#[derive(Debug, Clone, Copy)]
pub(crate) enum CellWidth {
    /// 2-byte LAC, 3-byte cell id.
    Gsm,
    /// 4-byte LAC, 8-byte cell id, MNC width flagged in the MCC.
    Lte,
    /// 2-byte LAC, 2-byte cell id (the unchecked Wi-Fi packets).
    Short,
}

/// The serving network: MCC and MNC.
pub(crate) fn network(r: &mut Reader<'_>, width: CellWidth) -> Result<(u16, u16), DecodeError> {
    let mcc = r.u16("MCC")?;
    match width {
        CellWidth::Lte if mcc & 0x8000 != 0 => Ok((mcc & 0x7FFF, r.u16("MNC")?)),
        _ => Ok((mcc, u16::from(r.u8("MNC")?))),
    }
}

/// One cell (LAC and id, optionally followed by a signal byte), kept raw
/// as `cell_<n>` = "mcc,mnc,lac,cid[,rssi]". Empty slots (LAC and cell id
/// both zero) are read and dropped.
pub(crate) fn cell(
    r: &mut Reader<'_>,
    (mcc, mnc): (u16, u16),
    width: CellWidth,
    with_rssi: bool,
    n: usize,
) -> Result<Option<IoElement>, DecodeError> {
    let (lac, cid) = match width {
        CellWidth::Gsm => (r.uint(2, "LAC")?, r.uint(3, "cell id")?),
        CellWidth::Lte => (r.uint(4, "LAC")?, r.uint(8, "cell id")?),
        CellWidth::Short => (r.uint(2, "LAC")?, r.uint(2, "cell id")?),
    };
    let mut text = format!("{mcc},{mnc},{lac},{cid}");
    if with_rssi {
        text.push_str(&format!(",{}", r.u8("cell signal")?));
    }
    Ok((lac != 0 || cid != 0).then(|| named(format!("cell_{n}"), text)))
}

/// The bytes one cell occupies.
pub(crate) fn cell_len(width: CellWidth, with_rssi: bool) -> usize {
    let ids = match width {
        CellWidth::Gsm => 5,
        CellWidth::Lte => 12,
        CellWidth::Short => 4,
    };
    ids + usize::from(with_rssi)
}

/// One Wi-Fi access point (MAC, then signal), kept raw as
/// `wifi_<n>` = "aa:bb:cc:dd:ee:ff,rssi".
pub(crate) fn wifi(r: &mut Reader<'_>, n: usize) -> Result<IoElement, DecodeError> {
    let mac = r.bytes(6, "Wi-Fi MAC")?;
    let rssi = r.u8("Wi-Fi signal")?;
    let mac: Vec<String> = mac.iter().map(|b| format!("{b:02x}")).collect();
    Ok(named(
        format!("wifi_{n}"),
        format!("{},{rssi}", mac.join(":")),
    ))
}

/// The network, seven cells with signal and the timing advance, as the
/// cell-and-Wi-Fi packets (0x2C, 4G 0x69) and 0x1E carry them.
pub(crate) fn seven_cells(
    r: &mut Reader<'_>,
    width: CellWidth,
) -> Result<Vec<IoElement>, DecodeError> {
    let network = network(r, width)?;
    let mut out = Vec::new();
    for n in 1..=7 {
        out.extend(cell(r, network, width, true, n)?);
    }
    let ta = r.u8("timing advance")?;
    out.push(number("timing_advance", u64::from(ta), 1));
    Ok(out)
}

/// A count of Wi-Fi access points, then the access points.
pub(crate) fn wifi_count_list(r: &mut Reader<'_>) -> Result<Vec<IoElement>, DecodeError> {
    let count = r.u8("Wi-Fi count")?;
    (1..=usize::from(count)).map(|n| wifi(r, n)).collect()
}

/// A raw element under a field name.
pub(crate) fn named(name: impl Into<String>, text: String) -> IoElement {
    IoElement {
        key: IoKey::Name(name.into()),
        value: IoValue::Text(text),
    }
}

/// A raw numeric element under a field name.
pub(crate) fn number(name: &str, value: u64, width: u8) -> IoElement {
    IoElement {
        key: IoKey::Name(name.to_owned()),
        value: IoValue::Uint { value, width },
    }
}

/// A raw byte-string element under a field name.
pub(crate) fn raw(name: &str, bytes: &[u8]) -> IoElement {
    IoElement {
        key: IoKey::Name(name.to_owned()),
        value: IoValue::Bytes(bytes.to_vec()),
    }
}

/// Bytes as lowercase hex.
pub(crate) fn hex(bytes: &[u8]) -> String {
    crate::hex::encode(bytes)
}

/// Bytes a packet carries beyond its documented fields, kept raw as
/// `extra` so nothing the device sent is lost.
pub(crate) fn extra(rest: &[u8]) -> Option<IoElement> {
    (!rest.is_empty()).then(|| IoElement {
        key: IoKey::Name("extra".into()),
        value: IoValue::Bytes(rest.to_vec()),
    })
}

/// Reads a cell whose field widths a vendor packet fixes: MCC (2, bit 15
/// set meaning a 2-byte MNC), MNC (`mnc` bytes otherwise), LAC and cell id,
/// kept raw as `cell_<n>` like [`cell`].
pub(crate) fn cell_with(
    r: &mut Reader<'_>,
    mnc: usize,
    lac: usize,
    cid: usize,
    n: usize,
) -> Result<Option<IoElement>, DecodeError> {
    let mcc = r.u16("MCC")?;
    let mnc = if mcc & 0x8000 != 0 { 2 } else { mnc };
    let mnc = r.uint(mnc, "MNC")?;
    let lac = r.uint(lac, "LAC")?;
    let cid = r.uint(cid, "cell id")?;
    let text = format!("{},{mnc},{lac},{cid}", mcc & 0x7FFF);
    Ok((lac != 0 || cid != 0).then(|| named(format!("cell_{n}"), text)))
}
