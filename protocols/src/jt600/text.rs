//! What a text (`(`…`)`) frame means, once unescaped.
//!
//! | type | fields after id and type | becomes | answer |
//! |---|---|---|---|
//! | `U01`, `U02`, `U03` | `ddmmyy`, `hhmmss`, `T`/`F` (fix valid), latitude (decimal degrees), N/S, longitude, E/W, speed (knots), course, satellites, battery `NN%`, then status fields | one record | `(S39)` |
//! | `U06` | a count, then as `U01` | one record | `(S20)` |
//! | `P45` | `ddmmyy`, `hhmmss`, latitude, N/S, longitude, E/W, `A`/`V`, then event fields | one record | `(P69,0,<the last field>)` |
//! | `W01` | longitude `dddmm.mmmm`, E/W, latitude `ddmm.mmmm`, N/S, `A`/`V`, `ddmmyy`, `hhmmss`, speed (knots), course, then status fields | one record | none |
//! | `@JT`, `U04` | nothing | a heartbeat | none |
//!
//! Fields after the fix are kept raw as text (`field_<n>`). Other types
//! (`U09` trip summaries, the `WLNET` binary payloads) are skipped.

use crate::codec::DecodeError;
use crate::fix::{KMH_PER_KNOT, coordinate, ddmmyy_hhmmss, decimal, hemisphere};
use crate::message::DeviceId;
use crate::record::{IoElement, IoKey, IoValue, Record};

/// What a text frame carries.
#[derive(Debug, Clone, PartialEq)]
pub enum Text {
    /// A position report and the answer it asks for.
    Report {
        /// The record.
        record: Record,
        /// The answer, if the type has one.
        answer: Option<String>,
    },
    /// A keep-alive.
    Heartbeat,
}

/// Decodes an unescaped text frame's content (between `(` and `)`).
pub fn decode(content: &str) -> Result<(DeviceId, Text), DecodeError> {
    let f: Vec<&str> = content.split(',').collect();
    let id = f[0];
    if id.is_empty() || id.len() > 20 || !id.bytes().all(|b| b.is_ascii_digit()) {
        return Err(DecodeError::malformed(format!("device id {id:?}")));
    }
    let device = DeviceId(id.to_owned());
    let kind = f.get(1).copied().unwrap_or_default();
    let text = match kind {
        "U01" | "U02" | "U03" => Text::Report {
            record: u_report(&f, 2)?,
            answer: Some("(S39)".to_owned()),
        },
        "U06" => Text::Report {
            record: u_report(&f, 3)?,
            answer: Some("(S20)".to_owned()),
        },
        "P45" => {
            let record = p45(&f)?;
            let index = f[f.len() - 1];
            Text::Report {
                record,
                answer: Some(format!("(P69,0,{index})")),
            }
        }
        "W01" => Text::Report {
            record: w01(&f)?,
            answer: None,
        },
        "@JT" | "U04" => Text::Heartbeat,
        other => return Err(DecodeError::Unsupported(format!("text type {other:?}"))),
    };
    Ok((device, text))
}

fn need(f: &[&str], n: usize) -> Result<(), DecodeError> {
    if f.len() < n {
        return Err(DecodeError::malformed(format!(
            "{} has {} fields, not at least {n}",
            f[1],
            f.len()
        )));
    }
    Ok(())
}

fn bad(what: &str, field: &str) -> DecodeError {
    DecodeError::malformed(format!("{what}: {field:?}"))
}

/// `U01`…`U06`: the fix starts at field `at`.
fn u_report(f: &[&str], at: usize) -> Result<Record, DecodeError> {
    need(f, at + 11)?;
    let g = &f[at..];
    let time = ddmmyy_hhmmss(g[0], g[1]).ok_or_else(|| bad("date and time", g[1]))?;
    let lat = signed(g[3], g[4], 90.0).ok_or_else(|| bad("latitude", g[3]))?;
    let lon = signed(g[5], g[6], 180.0).ok_or_else(|| bad("longitude", g[5]))?;
    let mut record = Record::at(time, lat, lon);
    record.valid = match g[2] {
        "T" => true,
        "F" => false,
        other => return Err(bad("validity", other)),
    };
    motion(&mut record, g[7], g[8])?;
    record.satellites = Some(g[9].parse().map_err(|_| bad("satellites", g[9]))?);
    keep_rest(&mut record, f, at + 10);
    Ok(record)
}

/// `P45`: a padlock event with its fix.
fn p45(f: &[&str]) -> Result<Record, DecodeError> {
    need(f, 10)?;
    let time = ddmmyy_hhmmss(f[2], f[3]).ok_or_else(|| bad("date and time", f[3]))?;
    let lat = signed(f[4], f[5], 90.0).ok_or_else(|| bad("latitude", f[4]))?;
    let lon = signed(f[6], f[7], 180.0).ok_or_else(|| bad("longitude", f[6]))?;
    let mut record = Record::at(time, lat, lon);
    record.valid = validity(f[8])?;
    keep_rest(&mut record, f, 9);
    Ok(record)
}

/// `W01`: longitude first, in degrees and minutes.
fn w01(f: &[&str]) -> Result<Record, DecodeError> {
    need(f, 11)?;
    let lon = coordinate(f[2], f[3], 180.0).ok_or_else(|| bad("longitude", f[2]))?;
    let lat = coordinate(f[4], f[5], 90.0).ok_or_else(|| bad("latitude", f[4]))?;
    let time = ddmmyy_hhmmss(f[7], f[8]).ok_or_else(|| bad("date and time", f[8]))?;
    let mut record = Record::at(time, lat, lon);
    record.valid = validity(f[6])?;
    motion(&mut record, f[9], f[10])?;
    keep_rest(&mut record, f, 11);
    Ok(record)
}

fn validity(field: &str) -> Result<bool, DecodeError> {
    match field {
        "A" => Ok(true),
        "V" => Ok(false),
        other => Err(bad("validity", other)),
    }
}

fn signed(value: &str, letter: &str, max: f64) -> Option<f64> {
    let degrees = decimal(value).filter(|d| (0.0..=max).contains(d))?;
    hemisphere(degrees, letter)
}

fn motion(record: &mut Record, speed: &str, course: &str) -> Result<(), DecodeError> {
    record.speed_kmh = decimal(speed).ok_or_else(|| bad("speed", speed))? * KMH_PER_KNOT;
    record.course_deg = decimal(course)
        .filter(|c| (0.0..=360.0).contains(c))
        .ok_or_else(|| bad("course", course))?;
    Ok(())
}

fn keep_rest(record: &mut Record, f: &[&str], from: usize) {
    for (i, field) in f.iter().enumerate().skip(from) {
        record.io.push(IoElement {
            key: IoKey::Name(format!("field_{i}")),
            value: IoValue::Text((*field).to_owned()),
        });
    }
}
