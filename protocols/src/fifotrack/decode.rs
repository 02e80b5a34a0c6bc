//! What each Fifotrack message means.
//!
//! Every message is `$$<len>,<imei>,<index>,<type>,<fields…>`; the index
//! is the device's counter (hex), echoed in answers. By type:
//!
//! | type | fields | becomes |
//! |---|---|---|
//! | `A00`, `A01` | alarm, `yyMMddHHmmss`, `A`/`V`, latitude, longitude (signed degrees), speed (km/h), course, altitude (m), odometer (m), run time, status, inputs, outputs, cell (`mcc\|mnc\|lac\|cid`), analog inputs, then card or RFID and more | one record |
//! | `A03` | alarm, `yyMMddHHmmss`, cell, battery (V), battery level (%), status, source: `0` then `A`/`V`, speed (km/h), satellites, latitude, longitude; `1` then Wi-Fi access points | one record (location-less for Wi-Fi) |
//! | `B03` | the answer to a command | a command answer |
//! | `D05`, `D06` | a photo announcement, a photo chunk | refused: trackgate stores no photos |
//!
//! Alarm code `2` is an SOS; the other codes and every field trackgate
//! does not name are kept raw as text.

use crate::codec::DecodeError;
use crate::fix::{self, decimal};
use crate::message::DeviceId;
use crate::record::{FixSource, IoElement, IoKey, IoValue, Record};
use crate::sensor::{NamedValue, Sensor, Value};

/// What a message carries.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    /// A report: its record, and whether its type asks for an answer.
    Report {
        /// The record.
        record: Record,
        /// The message type (`A00`, `A01`, `A03`).
        kind: String,
    },
    /// A command answer, as text.
    Answer(String),
}

/// A decoded message: the device, its index as sent, and what it carries.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    /// The device.
    pub device: DeviceId,
    /// The message index, as the device wrote it.
    pub index: String,
    /// What the message carries.
    pub body: Body,
}

/// Decodes a checked message's bytes before its `*`.
pub fn message(body: &[u8]) -> Result<Decoded, DecodeError> {
    let kind = body.split(|&b| b == b',').nth(3).unwrap_or_default();
    if matches!(kind, b"D05" | b"D06") {
        return Err(DecodeError::Unsupported("photo transfer".into()));
    }
    let text = std::str::from_utf8(body)
        .ok()
        .filter(|t| t.is_ascii())
        .ok_or_else(|| DecodeError::malformed("a report is ASCII text"))?;
    let f: Vec<&str> = text.split(',').collect();
    if f.len() < 4 {
        return Err(DecodeError::malformed("fewer than 4 fields"));
    }
    let imei = f[1];
    if imei.is_empty() || imei.len() > 20 || !imei.bytes().all(|b| b.is_ascii_digit()) {
        return Err(DecodeError::malformed(format!("device id {imei:?}")));
    }
    let body = match f[3] {
        "A00" | "A01" => Body::Report {
            record: position(&f)?,
            kind: f[3].to_owned(),
        },
        "A03" => Body::Report {
            record: personal(&f)?,
            kind: f[3].to_owned(),
        },
        "B03" => Body::Answer(f[4..].join(",")),
        other => return Err(DecodeError::Unsupported(format!("message type {other}"))),
    };
    Ok(Decoded {
        device: DeviceId(imei.to_owned()),
        index: f[2].to_owned(),
        body,
    })
}

/// Names of `A00` / `A01` fields from the status on, kept raw.
const POSITION_RAW: [&str; 7] = [
    "status", "inputs", "outputs", "cell", "adc", "rfid", "extra",
];

/// An `A00` / `A01` report.
fn position(f: &[&str]) -> Result<Record, DecodeError> {
    if f.len() < 15 {
        return Err(DecodeError::malformed(format!(
            "{} has {} fields",
            f[3],
            f.len()
        )));
    }
    let time = fix::yymmddhhmmss(f[5]).ok_or_else(|| bad("time", f[5]))?;
    let latitude = fix::signed_degrees(f[7], 90.0).ok_or_else(|| bad("latitude", f[7]))?;
    let longitude = fix::signed_degrees(f[8], 180.0).ok_or_else(|| bad("longitude", f[8]))?;
    let mut record = Record::at(time, latitude, longitude);
    record.valid = f[6] == "A";
    record.speed_kmh = decimal(f[9]).ok_or_else(|| bad("speed", f[9]))?;
    record.course_deg = decimal(f[10])
        .filter(|c| *c <= 360.0)
        .ok_or_else(|| bad("course", f[10]))?;
    record.altitude_m = f[11].parse().map_err(|_| bad("altitude", f[11]))?;
    alarm(&mut record, f[4]);
    if let Some(metres) = decimal(f[12]) {
        record
            .values
            .push(NamedValue::new(Sensor::OdometerM, Value::Number(metres)));
    }
    record.io.push(text("odometer", f[12]));
    record.io.push(text("run_time", f[13]));
    for (i, field) in f.iter().enumerate().skip(14) {
        match POSITION_RAW.get(i - 14) {
            Some(name) => record.io.push(text(name, field)),
            None => record.io.push(text(&format!("field_{i}"), field)),
        }
    }
    Ok(record)
}

/// An `A03` report (personal units).
fn personal(f: &[&str]) -> Result<Record, DecodeError> {
    if f.len() < 12 {
        return Err(DecodeError::malformed(format!(
            "A03 has {} fields",
            f.len()
        )));
    }
    let time = fix::yymmddhhmmss(f[5]).ok_or_else(|| bad("time", f[5]))?;
    let mut record = match f[10] {
        "0" if f.len() >= 16 => {
            let latitude =
                fix::signed_degrees(f[14], 90.0).ok_or_else(|| bad("latitude", f[14]))?;
            let longitude =
                fix::signed_degrees(f[15], 180.0).ok_or_else(|| bad("longitude", f[15]))?;
            let mut record = Record::at(time, latitude, longitude);
            record.valid = f[11] == "A";
            record.speed_kmh = decimal(f[12]).ok_or_else(|| bad("speed", f[12]))?;
            record.satellites = Some(f[13].parse().map_err(|_| bad("satellites", f[13]))?);
            record
        }
        "1" => {
            let mut record = Record::at(time, 0.0, 0.0);
            record.valid = false;
            record.source = FixSource::None;
            record.io.push(text("wifi", &f[11..].join(",")));
            record
        }
        other => return Err(bad("position source", other)),
    };
    alarm(&mut record, f[4]);
    record.io.push(text("cell", f[6]));
    record.io.push(text("battery", f[7]));
    record.io.push(text("battery_level", f[8]));
    record.io.push(text("status", f[9]));
    if let Some(volts) = decimal(f[7]) {
        record.values.push(NamedValue::new(
            Sensor::Input("battery_voltage".into()),
            Value::Number(volts),
        ));
    }
    if let Some(level) = decimal(f[8]).filter(|l| *l <= 100.0) {
        record
            .values
            .push(NamedValue::new(Sensor::BatteryLevel, Value::Number(level)));
    }
    Ok(record)
}

/// The alarm code: kept raw, and named when it is an SOS.
fn alarm(record: &mut Record, code: &str) {
    if code.is_empty() {
        return;
    }
    record.io.push(text("alarm", code));
    if code == "2" {
        record
            .values
            .push(NamedValue::new(Sensor::Alarm, Value::Text("sos".into())));
    }
}

fn bad(what: &str, field: &str) -> DecodeError {
    DecodeError::malformed(format!("{what}: {field:?}"))
}

fn text(name: &str, value: &str) -> IoElement {
    IoElement {
        key: IoKey::Name(name.to_owned()),
        value: IoValue::Text(value.to_owned()),
    }
}
