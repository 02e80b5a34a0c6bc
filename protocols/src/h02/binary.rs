//! The fixed-length binary form (`$…`, or `X…`).
//!
//! Every field of the 29-byte core is packed BCD:
//!
//! | bytes | field                                                        |
//! |-------|--------------------------------------------------------------|
//! | 1     | `$` (or `X`)                                                 |
//! | 5     | device id, 10 digits (some firmware: 8 bytes, IMEI + `0`)    |
//! | 3     | time `hhmmss`, UTC                                           |
//! | 3     | date `ddmmyy`                                                |
//! | 4     | latitude `DDMMmmmm` (minutes × 10⁴)                          |
//! | 1     | kept raw as `byte_17` (its meaning varies by model)          |
//! | 5     | longitude `DDDMMmmmm`, then a flag nibble                    |
//! | 3     | speed (knots, 3 digits), course (degrees, 3 digits)          |
//! | 4     | vehicle status word (binary, as in text)                     |
//!
//! Flag nibble: `0x2` fix valid, `0x4` north, `0x8` east. Whatever follows
//! the core (3 bytes in short frames, 16 in long ones, with the serving
//! cell) is kept raw as `tail`.
//!
//! The id length is told from the content: with a 5-byte id the time that
//! follows must be a valid time of day; otherwise an 8-byte id is tried.

use crate::codec::DecodeError;
use crate::fix::{self, KMH_PER_KNOT};
use crate::message::DeviceId;
use crate::record::{IoElement, IoKey, IoValue, Record};

use super::io;

/// A decoded binary frame.
#[derive(Debug, Clone, PartialEq)]
pub struct Binary {
    /// The device id digits.
    pub device: DeviceId,
    /// The position.
    pub record: Record,
}

/// Decodes one binary frame (start byte included).
pub fn decode(frame: &[u8]) -> Result<Binary, DecodeError> {
    let body = frame.get(1..).unwrap_or_default();
    core(body, 5).or_else(|first| core(body, 8).map_err(|_| first))
}

fn core(body: &[u8], id_len: usize) -> Result<Binary, DecodeError> {
    let mut r = Bcd { data: body, at: 0 };
    let id = r.digits(id_len * 2, "device id")?;
    // An 8-byte id is a 15-digit IMEI padded with one digit.
    let id = if id_len == 8 {
        id.get(..15).unwrap_or_default().to_owned()
    } else {
        id
    };
    let time = r.digits(6, "time")?;
    let date = r.digits(6, "date")?;
    let fix_time_ms = fix::ddmmyy_hhmmss(&date, &time)
        .ok_or_else(|| DecodeError::malformed("binary frame: invalid date/time"))?;
    let lat = r.digits(8, "latitude")?;
    let byte_17 = r.byte("byte 17")?;
    let lon = r.digits(9, "longitude")?;
    let flags = r.nibble("flags")?;
    let speed = r.digits(3, "speed")?;
    let course = r.digits(3, "course")?;
    let status = r.take(4, "status")?;
    let status = u32::from_be_bytes([status[0], status[1], status[2], status[3]]);
    let tail = r.data.get(r.at / 2..).unwrap_or_default();

    let latitude = minutes_e4(&lat, 90.0)?;
    let longitude = minutes_e4(&lon, 180.0)?;
    let mut record = Record::at(
        fix_time_ms,
        if flags & 0x4 != 0 {
            latitude
        } else {
            -latitude
        },
        if flags & 0x8 != 0 {
            longitude
        } else {
            -longitude
        },
    );
    record.valid = flags & 0x2 != 0;
    record.speed_kmh = f64::from(fix::digits(&speed).unwrap_or(0)) * KMH_PER_KNOT;
    record.course_deg = f64::from(fix::digits(&course).unwrap_or(0));
    if record.course_deg > 360.0 {
        return Err(DecodeError::malformed("binary frame: course over 360"));
    }
    record.io.push(io::status_element(status));
    record.io.push(IoElement {
        key: IoKey::Name("byte_17".into()),
        value: IoValue::Uint {
            value: u64::from(byte_17),
            width: 1,
        },
    });
    if !tail.is_empty() {
        record.io.push(IoElement {
            key: IoKey::Name("tail".into()),
            value: IoValue::Bytes(tail.to_vec()),
        });
    }
    record.values = io::status_values(status);
    Ok(Binary {
        device: DeviceId(id),
        record,
    })
}

/// Degrees from digits `D…DMMmmmm` (minutes with four implied decimals).
fn minutes_e4(digits: &str, max: f64) -> Result<f64, DecodeError> {
    let (deg, min) = digits.split_at(digits.len().saturating_sub(6));
    let deg = fix::digits(deg).unwrap_or(0);
    let min = fix::digits(min).unwrap_or(0);
    let value = f64::from(deg) + f64::from(min) / 10_000.0 / 60.0;
    if min >= 600_000 || value > max {
        return Err(DecodeError::malformed(
            "binary frame: coordinate out of range",
        ));
    }
    Ok(value)
}

/// Reads BCD digits nibble by nibble; `at` counts nibbles.
struct Bcd<'a> {
    data: &'a [u8],
    at: usize,
}

impl Bcd<'_> {
    fn nibble(&mut self, what: &str) -> Result<u8, DecodeError> {
        let byte = self
            .data
            .get(self.at / 2)
            .ok_or_else(|| DecodeError::malformed(format!("binary frame cut short at {what}")))?;
        let nibble = if self.at.is_multiple_of(2) {
            byte >> 4
        } else {
            byte & 0x0F
        };
        self.at += 1;
        Ok(nibble)
    }

    fn digits(&mut self, n: usize, what: &str) -> Result<String, DecodeError> {
        (0..n)
            .map(|_| {
                let d = self.nibble(what)?;
                char::from_digit(u32::from(d), 10).ok_or_else(|| {
                    DecodeError::malformed(format!("binary frame: {what} is not BCD"))
                })
            })
            .collect()
    }

    fn byte(&mut self, what: &str) -> Result<u8, DecodeError> {
        Ok((self.nibble(what)? << 4) | self.nibble(what)?)
    }

    /// `n` whole bytes; only called on a byte boundary.
    fn take(&mut self, n: usize, what: &str) -> Result<[u8; 4], DecodeError> {
        let mut out = [0u8; 4];
        for slot in out.iter_mut().take(n) {
            *slot = self.byte(what)?;
        }
        Ok(out)
    }
}
