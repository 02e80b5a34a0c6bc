//! What each Laipac sentence means.
//!
//! | sentence | fields | becomes |
//! |---|---|---|
//! | `$AVRMC` | id, `hhmmss`, status, `DDMM.MMMM`, N/S, `DDDMM.MMMM`, E/W, speed (knots), course, `ddmmyy`, event, battery, then up to six more | one record |
//! | `$AVSYS`, `$EAVSYS` | id, then system details (firmware, serial, SIM, owner…) | one location-less record dated on arrival, the details kept raw (`system`) |
//! | `$ECHK` | id, a number | a heartbeat, answered with the sentence itself |
//!
//! The status letter: `A`, `R` and `P` carry a fix (every such sample has
//! one), `V` does not. A lower-case letter asks the server to confirm the
//! report ([`super::encode::eavack`]). The event, the status and the
//! fields after the battery are kept raw as text under their names
//! (`event`, `status`, `field_13`…).

use crate::codec::DecodeError;
use crate::fix::{KMH_PER_KNOT, coordinate, ddmmyy_hhmmss, decimal};
use crate::message::DeviceId;
use crate::record::{FixSource, IoElement, IoKey, IoValue, Record};

use super::io;

/// What a sentence carries.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    /// A report: its record, its status letter and its event.
    Report {
        /// The record.
        record: Record,
        /// The status letter as sent.
        status: char,
        /// The event field as sent.
        event: String,
    },
    /// System details, as a location-less record.
    System(Record),
    /// A keep-alive to be echoed.
    Check,
}

/// Decodes a checked sentence's body; `now_ms` dates location-less records.
pub fn body(body: &str, now_ms: i64) -> Result<(DeviceId, Body), DecodeError> {
    let fields: Vec<&str> = body.split(',').collect();
    let id = fields.get(1).copied().unwrap_or_default();
    if id.is_empty() || id.len() > 32 || !id.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(DecodeError::malformed(format!("device id {id:?}")));
    }
    let device = DeviceId(id.to_owned());
    let body = match fields[0] {
        "AVRMC" => report(&fields)?,
        "AVSYS" | "EAVSYS" => {
            let mut record = Record::at(now_ms, 0.0, 0.0);
            record.valid = false;
            record.source = FixSource::None;
            record.io.push(text("system", &fields[2..].join(",")));
            Body::System(record)
        }
        "ECHK" => Body::Check,
        other => return Err(DecodeError::Unsupported(format!("sentence ${other}"))),
    };
    Ok((device, body))
}

/// An `$AVRMC` report.
fn report(f: &[&str]) -> Result<Body, DecodeError> {
    if f.len() < 13 {
        return Err(DecodeError::malformed(format!(
            "$AVRMC has {} fields, not at least 13",
            f.len()
        )));
    }
    let bad = |what: &str, field: &str| DecodeError::malformed(format!("{what}: {field:?}"));
    let time = ddmmyy_hhmmss(f[10], f[2]).ok_or_else(|| bad("date and time", f[2]))?;
    let status = match f[3].as_bytes() {
        [letter] if letter.is_ascii_alphabetic() => char::from(*letter),
        _ => return Err(bad("status", f[3])),
    };
    let latitude = coordinate(f[4], f[5], 90.0).ok_or_else(|| bad("latitude", f[4]))?;
    let longitude = coordinate(f[6], f[7], 180.0).ok_or_else(|| bad("longitude", f[6]))?;
    let mut record = Record::at(time, latitude, longitude);
    record.valid = matches!(status.to_ascii_uppercase(), 'A' | 'R' | 'P');
    record.speed_kmh = decimal(f[8]).ok_or_else(|| bad("speed", f[8]))? * KMH_PER_KNOT;
    record.course_deg = decimal(f[9]).ok_or_else(|| bad("course", f[9]))?;
    if record.course_deg > 360.0 {
        return Err(bad("course", f[9]));
    }
    record.io.push(text("status", f[3]));
    record.io.push(text("event", f[11]));
    record.io.push(text("battery", f[12]));
    record.values.extend(io::battery(f[12]));
    for (i, field) in f.iter().enumerate().skip(13) {
        record.io.push(text(&format!("field_{i}"), field));
    }
    Ok(Body::Report {
        record,
        status,
        event: f[11].to_owned(),
    })
}

fn text(name: &str, value: &str) -> IoElement {
    IoElement {
        key: IoKey::Name(name.to_owned()),
        value: IoValue::Text(value.to_owned()),
    }
}
