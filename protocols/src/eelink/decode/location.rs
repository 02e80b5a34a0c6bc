//! Second-generation location 0x12, warning 0x14 and report 0x15 packets.
//!
//! ```text
//! time (4, Unix s) | mask (1) | blocks the mask selects | …
//! ```
//!
//! | mask bit | block | bytes |
//! |---|---|---|
//! | 0 | GNSS: lat, lon (signed 1/1.8e6°), altitude (signed m), speed (km/h), course, satellites | 4+4+2+2+2+1 |
//! | 1 | serving cell: MCC, MNC, LAC, cell id, signal | 2+2+2+4+1 |
//! | 2, 3 | neighbour cells: LAC, cell id, signal | 2+4+1 each |
//! | 4, 5, 6 | Wi-Fi access points: MAC, signal | 6+1 each |
//! | 7 | LTE: access technology, cell count, then (count > 0) the serving cell (MCC, MNC, LAC, TAC, cell id, timing advance) and `count` neighbours (PCI, EARFCN, signal) | 1+1 [+14+5n] |
//!
//! Then a warning carries the alarm code (1) and a report its report type
//! (1), and all three carry the status word (2). A location may go on with
//! optional groups, each present only when the packet still has room for it:
//! battery mV (2); ADC 1, ADC 2 (2+2); mileage m (4); GSM and GPS counters
//! (2+2); steps and walking time (2+2); temperature 1/256 °C, humidity,
//! illuminance, CO₂ (2+2+4+4); second temperature 1/16 °C (2). Anything
//! after that (newer firmware's beacon lists) is kept raw as `extra`.

use crate::codec::DecodeError;
use crate::reader::Reader;
use crate::record::{FixSource, Record};

use super::super::io;
use super::legacy::{alarm, extra, status};
use super::{degrees, kind, without_fix};

/// Decodes a location, warning or report packet's content.
pub fn record(kind: u8, content: &[u8]) -> Result<Record, DecodeError> {
    let mut r = Reader::new(content);
    let time_ms = i64::from(r.u32("time")?) * 1000;
    let mask = r.u8("mask")?;
    let mut record = without_fix(time_ms);
    record.io.push(io::raw("mask", u64::from(mask), 1));
    if mask & 0x01 != 0 {
        record.latitude = degrees(r.u32("latitude")? as i32);
        record.longitude = degrees(r.u32("longitude")? as i32);
        record.altitude_m = f64::from(r.u16("altitude")? as i16);
        record.speed_kmh = f64::from(r.u16("speed")?);
        record.course_deg = f64::from(r.u16("course")? % 360);
        record.satellites = Some(r.u8("satellites")?);
        record.source = FixSource::Gnss;
    } else if mask & 0xFE != 0 {
        record.source = FixSource::Lbs;
    }
    networks(&mut r, mask, &mut record)?;
    match kind {
        kind::WARNING => alarm(&mut record, r.u8("alarm")?),
        kind::REPORT => {
            let report = r.u8("report type")?;
            record.event = Some(u32::from(report));
            record.io.push(io::raw("report", u64::from(report), 1));
        }
        _ => {}
    }
    let word = r.u16("status")?;
    record.valid = record.source == FixSource::Gnss && word & 0x01 != 0;
    status(&mut record, word);
    if kind == kind::LOCATION {
        sensors(&mut r, &mut record)?;
    }
    extra(&mut record, r.rest());
    Ok(record)
}

fn networks(r: &mut Reader<'_>, mask: u8, record: &mut Record) -> Result<(), DecodeError> {
    if mask & 0x02 != 0 {
        for name in ["mcc", "mnc", "lac"] {
            record.io.push(io::raw(name, u64::from(r.u16(name)?), 2));
        }
        record
            .io
            .push(io::raw("cell_id", u64::from(r.u32("cell id")?), 4));
        record
            .io
            .push(io::raw("cell_signal", u64::from(r.u8("cell signal")?), 1));
    }
    for (bit, name) in [(2, "cell_2"), (3, "cell_3")] {
        if mask & (1 << bit) != 0 {
            record.io.push(io::raw_bytes(name, r.bytes(7, name)?));
        }
    }
    for (bit, name) in [(4, "wifi_1"), (5, "wifi_2"), (6, "wifi_3")] {
        if mask & (1 << bit) != 0 {
            record.io.push(io::raw_bytes(name, r.bytes(7, name)?));
        }
    }
    if mask & 0x80 != 0 {
        let head = r.bytes(2, "LTE header")?;
        let count = usize::from(head[1]);
        let body = if count == 0 { 0 } else { 14 + 5 * count };
        let cells = r.bytes(body, "LTE cells")?;
        record
            .io
            .push(io::raw_bytes("lte", &[head, cells].concat()));
    }
    Ok(())
}

fn sensors(r: &mut Reader<'_>, record: &mut Record) -> Result<(), DecodeError> {
    if r.remaining() >= 2 {
        let battery = r.u16("battery")?;
        record.io.push(io::raw("battery", u64::from(battery), 2));
        record.values.push(io::battery(battery));
    }
    if r.remaining() >= 4 {
        record
            .io
            .push(io::raw("adc_1", u64::from(r.u16("ADC 1")?), 2));
        record
            .io
            .push(io::raw("adc_2", u64::from(r.u16("ADC 2")?), 2));
    }
    if r.remaining() >= 4 {
        let metres = r.u32("mileage")?;
        record.io.push(io::raw("mileage", u64::from(metres), 4));
        record.values.push(io::mileage(metres));
    }
    if r.remaining() >= 4 {
        let gsm = r.u16("GSM counter")?;
        record.io.push(io::raw("gsm_counter", u64::from(gsm), 2));
        let gps = r.u16("GPS counter")?;
        record.io.push(io::raw("gps_counter", u64::from(gps), 2));
    }
    if r.remaining() >= 4 {
        let steps = r.u16("steps")?;
        record.io.push(io::raw("steps", u64::from(steps), 2));
        record.values.push(io::steps(steps));
        let walking = r.u16("walking time")?;
        record
            .io
            .push(io::raw("walking_time", u64::from(walking), 2));
    }
    if r.remaining() >= 12 {
        let block = r.bytes(12, "sensor block")?;
        let temperature = i16::from_be_bytes([block[0], block[1]]);
        let fields = [
            ("temperature", u64::from(temperature as u16), 2),
            (
                "humidity",
                u64::from(u16::from_be_bytes([block[2], block[3]])),
                2,
            ),
            (
                "illuminance",
                u64::from(u32::from_be_bytes([block[4], block[5], block[6], block[7]])),
                4,
            ),
            (
                "co2",
                u64::from(u32::from_be_bytes([
                    block[8], block[9], block[10], block[11],
                ])),
                4,
            ),
        ];
        for (name, value, width) in fields {
            record.io.push(io::raw(name, value, width));
        }
        if block.iter().any(|&b| b != 0) {
            record.values.push(io::temperature(temperature));
        }
    }
    if r.remaining() >= 2 {
        let raw = r.u16("temperature 2")?;
        record.io.push(io::raw("temperature_2", u64::from(raw), 2));
        record.values.push(io::temperature_2(raw as i16));
    }
    Ok(())
}
