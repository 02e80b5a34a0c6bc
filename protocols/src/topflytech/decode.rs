//! Topflytech text reports: `(` + IMEI digits + status fields + the fix
//! block, closed by `)` (stripped by the framer).
//!
//! ```text
//! (880316890094910BP00XG00b600000000L00074b54S00000000R0C0F0014000100f0130531152205A0706.1395S11024.0965E000.0251.25
//!  IMEI           status fields (kept raw)              yymmdd hhmmss A DDMM.MMMM N DDDMM.MMMM E speed course
//! ```
//!
//! The fix block is found by its shape: twelve date/time digits, `A`/`V`,
//! then the coordinates; the last such block in the report is taken. Speed
//! is in km/h, as in the TK103 form the report derives from.

use crate::codec::DecodeError;
use crate::fix::{degrees_minutes, hemisphere, utc_ms};
use crate::message::{DeviceId, Message};
use crate::record::{IoElement, IoKey, IoValue, Record};

/// Where the fix block's `A`/`V` is, if the report has one: it follows
/// twelve digits and precedes `DDMM.MMMM[NS]DDDMM.MMMM[EW]`.
fn fix_at(text: &[u8]) -> Option<usize> {
    let shape = |at: usize| -> bool {
        let digits = |from: usize, n: usize| {
            text.get(from..from + n)
                .is_some_and(|s| s.iter().all(u8::is_ascii_digit))
        };
        at >= 12
            && digits(at - 12, 12)
            && matches!(text[at], b'A' | b'V')
            && digits(at + 1, 4)
            && text.get(at + 5) == Some(&b'.')
            && digits(at + 6, 4)
            && matches!(text.get(at + 10), Some(b'N' | b'S'))
            && digits(at + 11, 5)
            && text.get(at + 16) == Some(&b'.')
            && digits(at + 17, 4)
            && matches!(text.get(at + 21), Some(b'E' | b'W'))
    };
    (12..text.len()).rev().find(|&at| shape(at))
}

fn two(text: &str, at: usize) -> u32 {
    // Only called on runs checked to be digits.
    text[at..at + 2].parse().unwrap_or(u32::MAX)
}

/// Decodes one report, `(` included, `)` stripped.
pub fn decode(frame: &[u8]) -> Result<Message, DecodeError> {
    let body = frame
        .strip_prefix(b"(")
        .ok_or_else(|| DecodeError::malformed("report does not start with ("))?;
    let imei_len = body.iter().take_while(|b| b.is_ascii_digit()).count();
    if imei_len == 0 || imei_len > 20 {
        return Err(DecodeError::malformed("report does not start with an IMEI"));
    }
    let text: String = body.iter().map(|&b| char::from(b)).collect();
    let device = Some(DeviceId(text[..imei_len].to_owned()));
    let Some(at) = fix_at(body).filter(|&at| at >= imei_len + 12) else {
        // A report without a fix (a status or login line) names its device.
        return Ok(Message::Heartbeat {
            device,
            reply: None,
        });
    };
    let bad = |what: &str| DecodeError::malformed(format!("fix block {what}"));
    let stamp = at - 12;
    let time = utc_ms(
        2000 + i64::from(two(&text, stamp)),
        two(&text, stamp + 2),
        two(&text, stamp + 4),
        two(&text, stamp + 6),
        two(&text, stamp + 8),
        two(&text, stamp + 10),
    )
    .ok_or_else(|| bad("date or time"))?;
    let lat = degrees_minutes(&text[at + 1..at + 10])
        .and_then(|v| hemisphere(v, &text[at + 10..at + 11]))
        .filter(|v| v.abs() <= 90.0)
        .ok_or_else(|| bad("latitude"))?;
    let lon = degrees_minutes(&text[at + 11..at + 21])
        .and_then(|v| hemisphere(v, &text[at + 21..at + 22]))
        .filter(|v| v.abs() <= 180.0)
        .ok_or_else(|| bad("longitude"))?;
    let mut record = Record::at(time, lat, lon);
    record.valid = &text[at..=at] == "A";
    // Speed `ddd.d`, then the course to the end.
    let tail = &text[at + 22..];
    let speed = tail.get(..5).ok_or_else(|| bad("speed"))?;
    record.speed_kmh = speed.parse().map_err(|_| bad("speed"))?;
    let course: f64 = tail[5..].trim().parse().map_err(|_| bad("course"))?;
    if !(0.0..=360.0).contains(&course) || !record.speed_kmh.is_finite() || record.speed_kmh < 0.0 {
        return Err(bad("speed or course out of range"));
    }
    record.course_deg = course;
    record.io.push(IoElement {
        key: IoKey::Name("status".into()),
        value: IoValue::Text(text[imei_len..stamp].to_owned()),
    });
    Ok(Message::Records {
        device,
        records: vec![record],
        ack: None,
    })
}
