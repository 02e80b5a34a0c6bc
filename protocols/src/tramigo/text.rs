//! What a text (`80`) Tramigo packet means.
//!
//! The 20-byte header: protocol, a version byte, index (2, big-endian),
//! type (`B0` report, `C0` ping), length (2), 2 bytes, check field (2),
//! the device id (4) and the time (4, Unix seconds), both little-endian.
//! The text that follows (ISO-8859-1, ended by `EOF`) is the message the
//! unit would send by SMS:
//!
//! `<unit>: <event>, <place>, …, <latitude>, <longitude>, [<heading> with
//! speed <n> km/h, ]<local time>`
//!
//! | text | becomes |
//! |---|---|
//! | `ping` (type `C0`) | a keep-alive |
//! | with two decimal degrees in a row | one record at the header's time: the coordinates, the speed and the heading (N, NE, E… as degrees) when given |
//! | without | a location-less record at the header's time |
//!
//! The whole text is kept raw (`text`); the local time at its end has no
//! year or zone, so the header's time dates the record.

use crate::codec::DecodeError;
use crate::message::DeviceId;
use crate::record::{FixSource, IoElement, IoKey, IoValue, Record};

use super::framing::{EOF, TEXT_HEADER};

/// What a text packet carries.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    /// A ping.
    Ping,
    /// A report.
    Record(Record),
}

/// The packet's index (bytes 2–3, big-endian).
pub fn index(packet: &[u8]) -> u16 {
    u16::from_be_bytes([packet[2], packet[3]])
}

/// The device and content of a whole text packet (ending with `EOF`).
pub fn packet(packet: &[u8]) -> Result<(DeviceId, Body), DecodeError> {
    let u32_at = |at: usize| {
        u32::from_le_bytes([packet[at], packet[at + 1], packet[at + 2], packet[at + 3]])
    };
    let device = DeviceId(u32_at(12).to_string());
    let time = i64::from(u32_at(16)) * 1000;
    let text: String = packet[TEXT_HEADER..packet.len() - EOF.len()]
        .iter()
        .map(|&b| char::from(b))
        .collect();
    let text = text.trim();
    if packet[4] == 0xC0 || text.eq_ignore_ascii_case("ping") {
        return Ok((device, Body::Ping));
    }
    let fields: Vec<&str> = text.split(", ").map(str::trim).collect();
    let degrees = |f: &str| f.contains('.').then(|| f.parse::<f64>().ok()).flatten();
    let position = fields.windows(2).find_map(|pair| {
        let (lat, lon) = (degrees(pair[0])?, degrees(pair[1])?);
        (lat.abs() <= 90.0 && lon.abs() <= 180.0).then_some((lat, lon))
    });
    let mut record = match position {
        Some((latitude, longitude)) => {
            let mut record = Record::at(time, latitude, longitude);
            if let Some((heading, speed)) = fields.iter().find_map(|f| motion(f)) {
                record.course_deg = heading;
                record.speed_kmh = speed;
            }
            record
        }
        None => {
            let mut record = Record::at(time, 0.0, 0.0);
            record.valid = false;
            record.source = FixSource::None;
            record
        }
    };
    record.io.push(IoElement {
        key: IoKey::Name("text".into()),
        value: IoValue::Text(text.to_owned()),
    });
    Ok((device, Body::Record(record)))
}

/// `<heading> with speed <n> km/h` as degrees and km/h.
fn motion(field: &str) -> Option<(f64, f64)> {
    let (heading, rest) = field.split_once(" with speed ")?;
    let speed = rest.strip_suffix(" km/h")?.trim().parse::<f64>().ok()?;
    let points = ["N", "NE", "E", "SE", "S", "SW", "W", "NW"];
    let at = points.iter().position(|p| *p == heading.trim())?;
    Some((at as f64 * 45.0, speed))
}
