//! First-generation packets: GPS 0x02, alarm 0x04, state 0x05, heartbeat
//! 0x03 and OBD 0x07.
//!
//! GPS, alarm and state share one position block:
//!
//! ```text
//! time (4, Unix s) | lat (4, signed 1/1.8e6°) | lon (4) | speed (1, km/h)
//!   | course (2) | MCC (2) | MNC (2) | LAC (2) | cell id (3 or 4) | flags (1, bit 0 = fix)
//! ```
//!
//! then GPS adds `[status (2) [battery mV (2) | signal (2) | ADC 1 (2) | ADC 2 (2)]]`,
//! alarm adds the alarm code (1), and state adds the state type (1),
//! `[device time (4)]` for types 1–3, and `[status (2)]`.
//!
//! Most firmware sends a 3-byte cell id; some send 4. Every optional field
//! after the block is an even number of bytes, so the packet's length
//! parity tells the two apart.

use crate::codec::DecodeError;
use crate::reader::Reader;
use crate::record::{IoElement, IoKey, IoValue, Record};

use super::super::io;
use super::{degrees, kind, without_fix};

/// The position block's length with a 3-byte cell id.
const BLOCK_LEN: usize = 25;

/// Decodes a GPS, alarm or state packet's content.
pub fn position(kind: u8, content: &[u8]) -> Result<Record, DecodeError> {
    let odd_tail = usize::from(kind != kind::GPS);
    if content.len() < BLOCK_LEN + odd_tail {
        return Err(DecodeError::malformed(format!(
            "packet {kind:#04x}: {} bytes, the position needs {}",
            content.len(),
            BLOCK_LEN + odd_tail
        )));
    }
    let long_cell = (content.len() - BLOCK_LEN - odd_tail) % 2 == 1;
    let mut r = Reader::new(content);
    let mut record = block(&mut r, long_cell)?;
    match kind {
        kind::GPS => {
            if r.remaining() >= 2 {
                status(&mut record, r.u16("status")?);
            }
            if r.remaining() >= 8 {
                let battery = r.u16("battery")?;
                record.io.push(io::raw("battery", u64::from(battery), 2));
                record.values.push(io::battery(battery));
                for name in ["signal", "adc_1", "adc_2"] {
                    record.io.push(io::raw(name, u64::from(r.u16(name)?), 2));
                }
            }
        }
        kind::ALARM => {
            let code = r.u8("alarm")?;
            alarm(&mut record, code);
        }
        _ => {
            let state = r.u8("state type")?;
            record.event = Some(u32::from(state));
            record.io.push(io::raw("state", u64::from(state), 1));
            if (1..=3).contains(&state) && r.remaining() >= 4 {
                let time = r.u32("device time")?;
                record.io.push(io::raw("device_time", u64::from(time), 4));
            }
            if r.remaining() >= 2 {
                status(&mut record, r.u16("status")?);
            }
        }
    }
    extra(&mut record, r.rest());
    Ok(record)
}

fn block(r: &mut Reader<'_>, long_cell: bool) -> Result<Record, DecodeError> {
    let time = r.u32("time")?;
    let lat = r.u32("latitude")? as i32;
    let lon = r.u32("longitude")? as i32;
    let mut record = Record::at(i64::from(time) * 1000, degrees(lat), degrees(lon));
    record.speed_kmh = f64::from(r.u8("speed")?);
    record.course_deg = f64::from(r.u16("course")? % 360);
    for name in ["mcc", "mnc", "lac"] {
        record.io.push(io::raw(name, u64::from(r.u16(name)?), 2));
    }
    let width = if long_cell { 4 } else { 3 };
    record
        .io
        .push(io::raw("cell_id", r.uint(width, "cell id")?, width as u8));
    let flags = r.u8("flags")?;
    record.valid = flags & 0x01 != 0;
    record.io.push(io::raw("flags", u64::from(flags), 1));
    Ok(record)
}

/// Records the status word raw and its named values.
pub(crate) fn status(record: &mut Record, word: u16) {
    record.io.push(io::raw("status", u64::from(word), 2));
    record.values.extend(io::status(word));
}

/// Records an alarm code raw, as the event, and named when known.
pub(crate) fn alarm(record: &mut Record, code: u8) {
    record.event = Some(u32::from(code));
    record.io.push(io::raw("alarm", u64::from(code), 1));
    record.values.extend(io::alarm(code));
}

/// Keeps bytes no field accounts for.
pub(crate) fn extra(record: &mut Record, rest: &[u8]) {
    if !rest.is_empty() {
        record.io.push(io::raw_bytes("extra", rest));
    }
}

/// A heartbeat's status word, as a location-less record dated `now_ms`;
/// `None` for a bare heartbeat.
pub fn heartbeat(content: &[u8], now_ms: i64) -> Result<Option<Record>, DecodeError> {
    if content.len() < 2 {
        return Ok(None);
    }
    let mut r = Reader::new(content);
    let mut record = without_fix(now_ms);
    status(&mut record, r.u16("status")?);
    extra(&mut record, r.rest());
    Ok(Some(record))
}

/// An OBD packet: the 4-byte status form dated `now_ms`, or a time and
/// readings of 5 bytes each (PID, 4 value bytes).
pub fn obd(content: &[u8], now_ms: i64) -> Result<Record, DecodeError> {
    let mut r = Reader::new(content);
    if content.len() == 4 {
        let mut record = without_fix(now_ms);
        status(&mut record, r.u16("status")?);
        extra(&mut record, r.rest());
        return Ok(record);
    }
    let time = r.u32("OBD time")?;
    if !r.remaining().is_multiple_of(5) {
        return Err(DecodeError::malformed(format!(
            "OBD readings of {} bytes are not 5-byte PID entries",
            r.remaining()
        )));
    }
    let mut record = without_fix(i64::from(time) * 1000);
    while r.remaining() > 0 {
        let pid = r.u8("PID")?;
        let value = r.array::<4>("PID value")?;
        record.io.push(IoElement {
            key: IoKey::Id(u16::from(pid)),
            value: IoValue::Uint {
                value: u64::from(u32::from_be_bytes(value)),
                width: 4,
            },
        });
        record.values.extend(io::obd(pid, value));
    }
    Ok(record)
}
