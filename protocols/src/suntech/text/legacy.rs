//! The ST300/ST600/ST900 family's sentences: `<model><type>;<id>;…`.
//!
//! Layout after the header and device id (fields found by their shape,
//! since models add or drop fields in front of the position):
//!
//! `[MODEL;]SW_VER;DATE;TIME;[CELL | CELL;MCC;MNC;LAC;RX_LVL;]LAT;LON;SPD;CRS;SATT;FIX;DIST;PWR_VOLT;I/O;<type fields>`
//!
//! | type  | type fields                                               |
//! |-------|-----------------------------------------------------------|
//! | `STT` | `MODE;MSG_NUM`                                            |
//! | `EVT` | `EVT_ID;MODE;MSG_NUM`                                     |
//! | `ALT` | `ALERT_ID` (alarm: [`io::alert_name`])                    |
//! | `EMG` | `EMG_ID` (alarm: [`io::emergency_name`])                  |
//! | `UEX` | `LEN;DATA;CHK_SUM` ([`super::uex`])                       |
//!
//! then, when the device's `HBM_STT` setting is on, `H_METER;BCK_VOLT;MSG_TYPE`
//! (recognised by shape: digits, a decimal, `0`/`1`; `MSG_TYPE` 0 marks a
//! stored report). What follows depends on per-device settings: with
//! [`SuntechOptions::include_adc`] the next field is ADC 1, with
//! [`SuntechOptions::include_rpm`] the next the engine speed; a 14-hex-digit
//! field anywhere after is the driver's iButton, and `<id>:<±t>` fields
//! are 1-Wire temperature slots. Every field from there is kept raw as
//! `extra_n`.
//!
//! `ST410`/`ST419` status reports put a serving cell and six neighbours
//! before the position; their date comes after them and may be empty (no
//! fix yet), in which case the report becomes a record without a location
//! at the receive time. `HTE` (trip summary) carries two coordinate
//! pairs; the first locates the record. `ALV` is a keep-alive, `CMD;Res`
//! a command's answer.

use crate::codec::DecodeError;
use crate::message::Message;
use crate::record::Record;

use super::super::{SuntechOptions, io};
use super::{
    Sentence, device, extras, find_time, located, motion, number, records, time_ms, unlocated,
};

/// A legacy sentence of type `kind` (`STT`, `ALT`, …).
pub fn decode(
    sentence: &Sentence,
    kind: &str,
    options: &SuntechOptions,
    now_ms: i64,
) -> Result<Message, DecodeError> {
    if kind == "CMD" && sentence.field(1) == "Res" {
        return Ok(Message::CommandResponse {
            answers: None,
            device: Some(device(sentence.field(2))?),
            text: sentence.fields.get(3..).unwrap_or_default().join(";"),
            ack: None,
        });
    }
    let id = device(sentence.field(1))?;
    let f = &sentence.fields;
    match kind {
        "ALV" => {
            return Ok(Message::Heartbeat {
                device: Some(id),
                reply: None,
            });
        }
        "STT" | "ALT" | "EMG" | "EVT" | "UEX" | "HTE" => {}
        other => return Err(DecodeError::Unsupported(format!("report type {other}"))),
    }
    let Some(t) = find_time(f) else {
        // A cell-list status report without a fix: keep what it says.
        let mut record = unlocated(now_ms);
        extras(&mut record, &f[2..]);
        return Ok(records(id, record));
    };
    let time = time_ms(&f[t - 1], &f[t]).ok_or_else(|| DecodeError::malformed("bad date"))?;
    if kind == "HTE" {
        return trip(sentence, t, time).map(|r| records(id, r));
    }
    let lat = (t + 1..f.len())
        .find(|&i| f[i].contains('.'))
        .ok_or_else(|| DecodeError::malformed("no latitude"))?;
    let field = |i: usize| f.get(i).map_or("", |s| s.as_str());
    let mut record = located(time, field(lat), field(lat + 1))?;
    motion(&mut record, field(lat + 2), field(lat + 3));
    record.satellites = field(lat + 4).parse().ok();
    record.valid = field(lat + 5) == "1";
    for (name, i) in [
        ("cell", t + 1),
        ("mcc", t + 2),
        ("mnc", t + 3),
        ("lac", t + 4),
        ("rx_lvl", t + 5),
    ] {
        if i < lat {
            record.io.push(io::text(name, field(i)));
        }
    }
    if t > 5 {
        // The cell-list form: nothing standard follows the fix.
        extras(&mut record, &f[2..t - 1]);
        extras_from(&mut record, f, lat + 6);
        return Ok(records(id, record));
    }
    common(&mut record, field(lat + 6), field(lat + 7), field(lat + 8));
    let mut next = lat + 9;
    match kind {
        "STT" => next = status(&mut record, f, next),
        "EVT" => {
            event(&mut record, field(next), None);
            next = status(&mut record, f, next + 1);
        }
        "ALT" => {
            event(&mut record, field(next), Some(io::alert_name));
            next += 1;
        }
        "EMG" => {
            event(&mut record, field(next), Some(io::emergency_name));
            next += 1;
        }
        _ => {
            // UEX: the data was cut out; its checksum and the rest follow.
            let Some((data, rest)) = &sentence.data else {
                return Err(DecodeError::malformed("UEX without data"));
            };
            super::uex::interpret(data, &mut record);
            if let Some(sum) = rest.first() {
                record.io.push(io::text("checksum", sum));
            }
            let rest = rest.get(1..).unwrap_or_default();
            let at = hour_meter(&mut record, rest, 0);
            tail(&mut record, &rest[at..], options);
            return Ok(records(id, record));
        }
    }
    let at = hour_meter(&mut record, f, next);
    tail(&mut record, &f[at.min(f.len())..], options);
    Ok(records(id, record))
}

/// `DIST;PWR_VOLT;I/O`.
fn common(record: &mut Record, dist: &str, power: &str, io_text: &str) {
    if let Some(metres) = number(dist) {
        record.values.push(io::odometer_m(metres));
    }
    if let Some(volts) = number(power) {
        record.values.push(io::input("board_voltage", volts));
    }
    record.io.push(io::text("io", io_text));
    if io_text.len() >= 6 {
        record.values.extend(io::legacy_io(io_text));
    }
}

/// `MODE;MSG_NUM`; returns the index after them.
fn status(record: &mut Record, f: &[String], at: usize) -> usize {
    for (name, i) in [("mode", at), ("msg_num", at + 1)] {
        if let Some(value) = f.get(i).filter(|v| !v.is_empty()) {
            record.io.push(io::text(name, value));
        }
    }
    at + 2
}

/// An event, alert or emergency id, and the alarm it names.
fn event(record: &mut Record, id: &str, alarm: Option<fn(u32) -> Option<&'static str>>) {
    record.io.push(io::text("event_id", id));
    record.event = id.parse().ok();
    if let Some(name) = record
        .event
        .zip(alarm)
        .and_then(|(code, table)| table(code))
    {
        record.values.push(io::alarm(name));
    }
}

/// `H_METER;BCK_VOLT;MSG_TYPE` at `at`, if the fields have that shape;
/// returns the index after them (or `at`).
fn hour_meter(record: &mut Record, f: &[String], at: usize) -> usize {
    let (Some(h), Some(bck), Some(kind)) = (f.get(at), f.get(at + 1), f.get(at + 2)) else {
        return at;
    };
    let digits = !h.is_empty() && h.len() <= 10 && h.bytes().all(|b| b.is_ascii_digit());
    if !digits || !bck.contains('.') || number(bck).is_none() || !matches!(kind.as_str(), "0" | "1")
    {
        return at;
    }
    record.io.push(io::text("hour_meter", h));
    record
        .values
        .push(io::engine_hours(number(h).unwrap_or_default()));
    record.values.push(io::input(
        "battery_voltage",
        number(bck).unwrap_or_default(),
    ));
    record.io.push(io::text("msg_type", kind));
    at + 3
}

/// What device settings append: ADC 1, engine speed, driver, temperatures.
fn tail(record: &mut Record, rest: &[String], options: &SuntechOptions) {
    let mut at = 0;
    if options.include_adc {
        if let Some(volts) = rest.first().and_then(|f| number(f)) {
            record.values.push(io::input("analog_1", volts));
        }
        at += 1;
    }
    if options.include_rpm {
        if let Some(rpm) = rest.get(at).and_then(|f| number(f)) {
            record.values.push(io::input("obd_rpm", rpm));
        }
        at += 1;
    }
    let fields: Vec<&str> = rest.iter().map(String::as_str).collect();
    if let Some(key) = fields
        .get(at..)
        .unwrap_or_default()
        .iter()
        .find(|f| io::is_hex(f, 14))
    {
        let (raw, named) = io::driver(key);
        record.io.push(raw);
        record.values.extend(named);
    }
    record.values.extend(io::temperature_slots(&fields));
    extras(record, rest);
}

fn extras_from(record: &mut Record, f: &[String], at: usize) {
    if let Some(rest) = f.get(at..) {
        let start = record.io.len();
        extras(record, rest);
        // Cell-list tails are numbered after the fix.
        for element in &mut record.io[start..] {
            if let crate::record::IoKey::Name(name) = &mut element.key {
                *name = name.replace("extra_", "tail_");
            }
        }
    }
}

/// `HTE`: a trip summary with two coordinate pairs.
fn trip(sentence: &Sentence, t: usize, time: i64) -> Result<Record, DecodeError> {
    let f = &sentence.fields;
    let signed = |s: &String| (s.starts_with('-') || s.starts_with('+')) && s.contains('.');
    let lat = (t + 1..f.len())
        .find(|&i| signed(&f[i]) && f.get(i + 1).is_some_and(signed))
        .ok_or_else(|| DecodeError::malformed("trip without coordinates"))?;
    let mut record = located(time, &f[lat], &f[lat + 1])?;
    extras(&mut record, &f[t + 1..]);
    if let Some(key) = f.last().filter(|k| io::is_hex(k, 14)) {
        let (raw, named) = io::driver(key);
        record.io.push(raw);
        record.values.extend(named);
    }
    Ok(record)
}

/// `ST910;<kind>;<id>;[MODEL;]DATE;TIME;[CELL;]LAT;LON;SPD;CRS;FIX;…`.
///
/// Without a cell field, `FIX` is followed by the backup battery's voltage;
/// with one (the newer layout), by the distance and the battery level in
/// percent. An `Emergency` report raises `sos`.
pub fn st910(sentence: &Sentence) -> Result<Message, DecodeError> {
    let id = device(sentence.field(2))?;
    let f = &sentence.fields;
    let t = find_time(f).ok_or_else(|| DecodeError::malformed("no date"))?;
    let time = time_ms(&f[t - 1], &f[t]).ok_or_else(|| DecodeError::malformed("bad date"))?;
    let lat = (t + 1..f.len())
        .find(|&i| f[i].contains('.'))
        .ok_or_else(|| DecodeError::malformed("no latitude"))?;
    let field = |i: usize| f.get(i).map_or("", |s| s.as_str());
    let mut record = located(time, field(lat), field(lat + 1))?;
    motion(&mut record, field(lat + 2), field(lat + 3));
    record.valid = field(lat + 4) == "1";
    record.io.push(io::text("report", sentence.field(1)));
    if sentence.field(1) == "Emergency" {
        record.values.push(io::alarm("sos"));
    }
    if lat > t + 1 {
        record.io.push(io::text("cell", field(t + 1)));
        // Emergency reports end after the distance: no battery there.
        if let Some(level) = number(field(lat + 6))
            .filter(|_| sentence.field(1) != "Emergency")
            .and_then(io::battery_level)
        {
            record.values.push(level);
        }
    } else if let Some(volts) = number(field(lat + 5)) {
        record.values.push(io::input("battery_voltage", volts));
    }
    extras(&mut record, f.get(lat + 5..).unwrap_or_default());
    Ok(records(id, record))
}
