//! What a checked Cellocator message means.
//!
//! Every message opens `MCGP`, type (byte 4), unit id (bytes 5–8, LE),
//! communication control (bytes 9–10) and the message numerator (byte 11),
//! which the acknowledgement echoes.
//!
//! - Status (type 0, 70 bytes): unit status (15), transmission reason
//!   (18, the event), mode (19), I/O status (20–23, LE), analog inputs
//!   (25–28), odometer (29–31), multi-purpose field (32–37), GPS mode 1
//!   (41), satellites (43), longitude and latitude (44–51, i32 LE, radians
//!   × 10⁸), altitude (52–55, i32 LE, cm), speed (56–59, u32 LE, cm/s),
//!   course (60–61, u16 LE, radians × 1000), then second, minute, hour,
//!   day, month and year (67–68, LE), UTC.
//! - Modular (type 11): length (13–14, LE) and four bytes, then modules
//!   of type (1), length (2, LE) and content: GPS (6: mode 1 at 1,
//!   satellites at 3, longitude, latitude and altitude as above at 4–15)
//!   and time (7: second, minute, hour, day, month, year − 2000 at 1–6);
//!   the others kept raw.

use crate::codec::DecodeError;
use crate::datetime::utc_ms;
use crate::message::DeviceId;
use crate::record::{IoElement, IoKey, IoValue, Record};

use super::framing::{MODULAR, STATUS};
use super::io;

/// Radians × 10⁸ (coordinates) to degrees.
fn degrees(raw: i32) -> f64 {
    f64::from(raw) / 1e8 * 180.0 / std::f64::consts::PI
}

fn i32_at(m: &[u8], at: usize) -> Option<i32> {
    m.get(at..at + 4)
        .map(|b| i32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

fn u32_at(m: &[u8], at: usize) -> Option<u32> {
    i32_at(m, at).map(|v| v as u32)
}

fn u16_at(m: &[u8], at: usize) -> Option<u16> {
    crate::framing::length::le_u16(m, at)
}

fn raw(id: u16, bytes: &[u8]) -> IoElement {
    IoElement {
        key: IoKey::Id(id),
        value: IoValue::Bytes(bytes.to_vec()),
    }
}

fn uint(id: u16, value: u64, width: u8) -> IoElement {
    IoElement {
        key: IoKey::Id(id),
        value: IoValue::Uint { value, width },
    }
}

/// What a message says: its unit, type, numerator and record.
#[derive(Debug)]
pub struct Decoded {
    /// The unit id, as decimal text.
    pub device: DeviceId,
    /// The unit id as sent.
    pub unit: u32,
    /// The message type.
    pub kind: u8,
    /// The message numerator the acknowledgement echoes.
    pub packet: u8,
    /// The fix and readings.
    pub record: Record,
}

/// Decodes one whole, checked message.
pub fn message(m: &[u8]) -> Result<Decoded, DecodeError> {
    let short = || DecodeError::malformed("a message shorter than its header");
    let unit = u32_at(m, 5).ok_or_else(short)?;
    let packet = *m.get(11).ok_or_else(short)?;
    let kind = m[4];
    let record = match kind {
        STATUS => status(m)?,
        MODULAR => modular(m)?,
        other => return Err(DecodeError::Unsupported(format!("message type {other}"))),
    };
    Ok(Decoded {
        device: DeviceId(unit.to_string()),
        unit,
        kind,
        packet,
        record,
    })
}

/// The fix at `gps` (mode 1 at +0, satellites at +2, longitude, latitude
/// and altitude at +3..+15) dated `time_ms`.
fn fix(m: &[u8], gps: usize, time_ms: i64) -> Option<Record> {
    let mode = *m.get(gps)?;
    let satellites = *m.get(gps + 2)?;
    let longitude = degrees(i32_at(m, gps + 3)?);
    let latitude = degrees(i32_at(m, gps + 7)?);
    let mut record = Record::at(time_ms, latitude, longitude);
    record.altitude_m = f64::from(i32_at(m, gps + 11)?) / 100.0;
    record.satellites = Some(satellites);
    // GPS mode 1 reads 0 without a navigation solution.
    record.valid =
        mode != 0 && (-90.0..=90.0).contains(&latitude) && (-180.0..=180.0).contains(&longitude);
    Some(record)
}

/// A time as second, minute, hour, day, month, then the year.
fn time(parts: &[u8], year: i64) -> Option<i64> {
    let [s, mi, h, d, mo, ..] = *parts else {
        return None;
    };
    utc_ms(year, mo.into(), d.into(), h.into(), mi.into(), s.into())
}

fn status(m: &[u8]) -> Result<Record, DecodeError> {
    let bad = |what: &str| DecodeError::malformed(format!("status message: {what}"));
    let year = u16_at(m, 67).ok_or_else(|| bad("too short"))?;
    let time_ms = time(&m[62..67], year.into()).ok_or_else(|| bad("no valid date"))?;
    let mut record = fix(m, 41, time_ms).ok_or_else(|| bad("too short"))?;
    record.speed_kmh = f64::from(u32_at(m, 56).ok_or_else(|| bad("too short"))?) * 0.036;
    let course = f64::from(u16_at(m, 60).ok_or_else(|| bad("too short"))?) / 1000.0;
    record.course_deg = course.to_degrees().rem_euclid(360.0);
    record.event = Some(m[18].into());
    let io_status = u32_at(m, 20).ok_or_else(|| bad("too short"))?;
    record.values.push(io::ignition(io_status));
    let odometer = u32_at(m, 28).ok_or_else(|| bad("too short"))? >> 8;
    record.io = vec![
        uint(1, io_status.into(), 4),
        raw(2, &m[25..29]),
        uint(3, odometer.into(), 3),
        raw(4, &m[32..38]),
        raw(5, &[m[15], m[19]]),
    ];
    Ok(record)
}

fn modular(m: &[u8]) -> Result<Record, DecodeError> {
    let bad = |what: &str| DecodeError::malformed(format!("modular message: {what}"));
    let body = m.get(19..m.len() - 1).ok_or_else(|| bad("too short"))?;
    let (mut gps, mut time_ms, mut io) = (None, None, Vec::new());
    let mut at = 0;
    while at < body.len() {
        let kind = body[at];
        let len = usize::from(u16_at(body, at + 1).ok_or_else(|| bad("a cut module"))?);
        let content = body
            .get(at + 3..at + 3 + len)
            .ok_or_else(|| bad("a module past the end"))?;
        match kind {
            6 if len >= 16 => gps = Some(content),
            7 if len >= 7 => {
                let year = 2000 + i64::from(content[6]);
                time_ms = Some(time(&content[1..6], year).ok_or_else(|| bad("no valid date"))?);
            }
            other => io.push(raw(100 + u16::from(other), content)),
        }
        at += 3 + len;
    }
    let (Some(gps), Some(time_ms)) = (gps, time_ms) else {
        return Err(DecodeError::Unsupported(
            "a modular message without GPS and time modules".into(),
        ));
    };
    let mut record = fix(gps, 1, time_ms).ok_or_else(|| bad("a short GPS module"))?;
    // Speed and course sit in the GPS module's last three bytes, in a form
    // no sample settles: kept raw.
    io.push(raw(106, &gps[15..]));
    record.io = io;
    Ok(record)
}
