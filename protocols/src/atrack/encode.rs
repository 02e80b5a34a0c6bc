//! Acknowledgements, and reports a simulator or a test sends as a device
//! would.
//!
//! The server acknowledges every report, binary or text, with 12 bytes:
//! `FE 02` | unit id (8, big-endian) | the report's sequence number (2).
//! A keep-alive has the same shape and is echoed unchanged. This is the
//! corpus's table of replies; text reports are acknowledged with the same
//! binary form, as the device cannot tell which format its report had been
//! decoded from.

use bytes::Bytes;

use crate::checksum::crc16_arc;
use crate::codec::DecodeError;
use crate::record::Record;
use crate::sensor::{Sensor, Value};

use super::framing::KEEP_ALIVE;

/// The acknowledgement of report `sequence` from `unit`.
pub fn ack(unit: u64, sequence: u16) -> Bytes {
    let mut out = Vec::with_capacity(12);
    out.extend_from_slice(&KEEP_ALIVE);
    out.extend_from_slice(&unit.to_be_bytes());
    out.extend_from_slice(&sequence.to_be_bytes());
    out.into()
}

/// A keep-alive, as a device sends it (the same bytes as [`ack`]).
pub fn keep_alive(unit: u64, sequence: u16) -> Bytes {
    ack(unit, sequence)
}

fn flag(record: &Record, sensor: &Sensor) -> bool {
    record
        .values
        .iter()
        .any(|v| &v.sensor == sensor && v.value == Value::Bool(true))
}

/// A binary `@P` report carrying `records` (standard fields only: no
/// driver id, no temperature sensors, no text, no custom form). Fails for a
/// report over 65,535 bytes or a time outside 1970..2106.
pub fn encode_report(unit: u64, sequence: u16, records: &[Record]) -> Result<Bytes, DecodeError> {
    let mut body = Vec::new();
    body.extend_from_slice(&sequence.to_be_bytes());
    body.extend_from_slice(&unit.to_be_bytes());
    for r in records {
        let seconds = u32::try_from(r.fix_time_ms.div_euclid(1000))
            .map_err(|_| DecodeError::malformed("time outside 1970..2106"))?;
        for _ in 0..3 {
            body.extend_from_slice(&seconds.to_be_bytes());
        }
        body.extend_from_slice(&((r.longitude * 1e6).round() as i32).to_be_bytes());
        body.extend_from_slice(&((r.latitude * 1e6).round() as i32).to_be_bytes());
        body.extend_from_slice(&(r.course_deg.round() as u16).to_be_bytes());
        body.push(r.event.unwrap_or(2) as u8);
        body.extend_from_slice(&0u32.to_be_bytes());
        body.extend_from_slice(&((r.hdop.unwrap_or(0.0) * 10.0).round() as u16).to_be_bytes());
        let inputs = (0..8u8)
            .filter(|n| flag(r, &Sensor::DigitalInput(n + 1)))
            .fold(0u8, |acc, n| acc | 1 << n);
        body.push(inputs);
        body.extend_from_slice(&(r.speed_kmh.round() as u16).to_be_bytes());
        body.push(0);
        body.extend_from_slice(&0u16.to_be_bytes());
        body.push(0);
        body.extend_from_slice(&2000u16.to_be_bytes());
        body.extend_from_slice(&2000u16.to_be_bytes());
        body.push(0);
    }
    let length = u16::try_from(body.len())
        .map_err(|_| DecodeError::malformed("report over 65,535 bytes"))?;
    let mut covered = length.to_be_bytes().to_vec();
    covered.extend_from_slice(&body);
    let mut out = b"@P".to_vec();
    out.extend_from_slice(&crc16_arc(&covered).to_be_bytes());
    out.extend_from_slice(&covered);
    Ok(out.into())
}
