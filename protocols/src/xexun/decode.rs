//! Xexun reports: the RMC sentence, the signal/alarm/IMEI fields after it,
//! and (full form) the date/phone head and the status tail.
//!
//! Full form, field by field:
//!
//! ```text
//! 130302125349,+79604870506,GPRMC,085349.000,A,4503.2392,N,03858.5660,E,6.95,154.65,020313,,,A*6C,F,, imei:012207007744243,03,-1.5,F:4.15V,1,139,28048,250,01,278A,5072[,6.21km]
//! local time   phone         RMC sentence (UTC time, fix, position, knots, course, date)  signal alarm IMEI  sats alt battery charging length crc mcc mnc lac cid odometer
//! ```
//!
//! The simple form is the middle part alone, from `GPRMC` to the comma
//! after the IMEI. The NMEA `*cs` checksum is not verified (see the module
//! docs of [`super`]).

use crate::codec::DecodeError;
use crate::fix::{KMH_PER_KNOT, ddmmyy_hhmmss, degrees_minutes, digits};
use crate::message::{DeviceId, Message};
use crate::record::{IoElement, IoKey, IoValue, Record};

use super::framing::rmc_start;
use super::io;

/// Decodes one report (simple or full form; see [`super::framing`]).
/// `now_ms` stamps a record whose sentence carries no usable time.
pub fn decode(frame: &[u8], now_ms: i64) -> Result<Message, DecodeError> {
    let text = std::str::from_utf8(frame).map_err(|_| DecodeError::malformed("not text"))?;
    let (rmc, after) = match rmc_start(frame) {
        Some(at) => {
            let star = text[at..]
                .find('*')
                .ok_or_else(|| DecodeError::malformed("RMC sentence without *checksum"))?;
            // The checksum field runs to the next comma.
            let cs_end = text[at + star..]
                .find(',')
                .map_or(text.len(), |n| at + star + n);
            (Some(&text[at..at + star]), &text[cs_end..])
        }
        None => (None, text),
    };
    let (before_imei, imei, tail) = split_imei(after)?;
    let device = Some(DeviceId(imei.to_owned()));
    let Some(rmc) = rmc else {
        // A status line naming the device but carrying no fix.
        return Ok(Message::Heartbeat {
            device,
            reply: None,
        });
    };
    let mut record = sentence(rmc, now_ms)?;
    io::status(&mut record, before_imei);
    if let Some(at) = rmc_start(frame).filter(|&at| at > 0) {
        io::head(&mut record, &text[..at]);
    }
    io::tail(&mut record, tail);
    Ok(Message::Records {
        device,
        records: vec![record],
        ack: None,
    })
}

/// Splits `,<F|L>,<alarm>, imei:<digits>,<tail>` at the IMEI.
fn split_imei(text: &str) -> Result<(&str, &str, &str), DecodeError> {
    let at = text
        .find("imei:")
        .ok_or_else(|| DecodeError::malformed("report names no IMEI"))?;
    let rest = &text[at + 5..];
    let len = rest.bytes().take_while(u8::is_ascii_digit).count();
    if len == 0 || len > 20 {
        return Err(DecodeError::malformed("IMEI is not 1 to 20 digits"));
    }
    let tail = rest[len..].strip_prefix(',').unwrap_or(&rest[len..]);
    Ok((&text[..at], &rest[..len], tail))
}

/// The RMC sentence up to (not including) its `*`.
fn sentence(rmc: &str, now_ms: i64) -> Result<Record, DecodeError> {
    let f: Vec<&str> = rmc.split(',').map(str::trim).collect();
    if f.len() < 10 {
        return Err(DecodeError::malformed("RMC sentence has too few fields"));
    }
    let bad = |what: &str| DecodeError::malformed(format!("RMC {what}"));
    let valid = match f[2] {
        "A" => true,
        "V" => false,
        _ => return Err(bad("status is neither A nor V")),
    };
    let lat = degrees_minutes(f[3]).ok_or_else(|| bad("latitude"))?;
    let lon = degrees_minutes(f[5]).ok_or_else(|| bad("longitude"))?;
    // Some firmware leaves a hemisphere empty; it is then taken as N / E.
    let latitude = signed(lat, f[4], ("N", "S")).ok_or_else(|| bad("latitude hemisphere"))?;
    let longitude = signed(lon, f[6], ("E", "W")).ok_or_else(|| bad("longitude hemisphere"))?;
    if latitude.abs() > 90.0 || longitude.abs() > 180.0 {
        return Err(bad("position out of range"));
    }
    let time = fix_time(f[1], f[9]);
    let mut record = Record::at(time.unwrap_or(now_ms), latitude, longitude);
    // A fix without its time cannot be placed in the track.
    record.valid = valid && time.is_some();
    record.speed_kmh = number(f[7]).ok_or_else(|| bad("speed"))? * KMH_PER_KNOT;
    record.course_deg = number(f[8]).ok_or_else(|| bad("course"))?;
    if !(0.0..=360.0).contains(&record.course_deg) || record.speed_kmh > 10_000.0 {
        return Err(bad("speed or course out of range"));
    }
    record.io.push(IoElement {
        key: IoKey::Name("talker".into()),
        value: IoValue::Text(f[0].to_owned()),
    });
    Ok(record)
}

/// `hhmmss[.sss]` + `ddmmyy` as UTC milliseconds.
fn fix_time(time: &str, date: &str) -> Option<i64> {
    let (whole, fraction) = time.split_once('.').unwrap_or((time, ""));
    let seconds = ddmmyy_hhmmss(date, whole)?;
    let fraction = fraction.get(..fraction.len().min(3)).unwrap_or("");
    let ms = if fraction.is_empty() {
        0
    } else {
        let n = digits(fraction)?;
        i64::from(n) * 10i64.pow(3 - fraction.len() as u32)
    };
    Some(seconds + ms)
}

/// Applies a hemisphere letter, an empty one counting as positive.
fn signed(value: f64, letter: &str, (positive, negative): (&str, &str)) -> Option<f64> {
    if letter.is_empty() || letter == positive {
        Some(value)
    } else if letter == negative {
        Some(-value)
    } else {
        None
    }
}

/// A decimal number; an empty field is zero.
pub(super) fn number(text: &str) -> Option<f64> {
    if text.is_empty() {
        return Some(0.0);
    }
    if !text
        .bytes()
        .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-')
    {
        return None;
    }
    text.parse().ok().filter(|v: &f64| v.is_finite())
}
