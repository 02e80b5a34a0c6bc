//! The universal protocol's sentences: `<type>;<id>;<report map>;…`.
//!
//! The report map (hex) says which fields are present, one bit each:
//!
//! | bit | field      | bit | field     | bit | field     |
//! |-----|------------|-----|-----------|-----|-----------|
//! | 0   | MODEL      | 6   | MCC       | 12  | SPD       |
//! | 1   | SW_VER     | 7   | MNC       | 13  | CRS       |
//! | 2   | MSG_TYPE   | 8   | LAC       | 14  | SATT      |
//! | 3   | DATE       | 9   | RX_LVL    | 15  | FIX       |
//! | 4   | TIME       | 10  | LAT       | 16  | IN_STATE  |
//! | 5   | CELL_ID    | 11  | LON       | 17  | OUT_STATE |
//!
//! then, by type, bits 18..=20: `STT` `MODE;STT_RPT_TYPE;MSG_NUM`; `ALT`,
//! `EMG`, `EVT` `ID;MOD;DATA` (the id raising an alarm for `ALT` and
//! `EMG`). `UEX` has `LEN;DATA;CHK_SUM` right after bit 17. Fields for
//! higher bits and any after them vary with firmware and the device's
//! assignment settings: they are kept raw as `extra_n`, in order.
//!
//! Without a date, time or coordinates the report becomes a record
//! without a location, at the receive time.
//!
//! Other types: `ALV` is a keep-alive; `RES` a command's answer (its
//! text is every field after the id); `BLE` (`<id>;MODEL;SW;DATE;TIME;LAT;LON;…`,
//! no map) a position with Bluetooth beacon readings, kept raw; `BSA`
//! (a beacon scan list) is consumed as a keep-alive, as it reports no
//! tracker position of its own to store.

use crate::codec::DecodeError;
use crate::message::Message;
use crate::record::Record;

use super::super::io;
use super::{Sentence, device, extras, located, motion, number, records, time_ms, unlocated};

/// A universal sentence.
pub fn decode(sentence: &Sentence, now_ms: i64) -> Result<Message, DecodeError> {
    let kind = sentence.field(0);
    let id = device(sentence.field(1))?;
    match kind {
        "ALV" | "BSA" => Ok(Message::Heartbeat {
            device: Some(id),
            reply: None,
        }),
        "RES" => Ok(Message::CommandResponse {
            answers: None,
            device: Some(id),
            text: sentence.fields.get(2..).unwrap_or_default().join(";"),
            ack: None,
        }),
        "BLE" => ble(sentence).map(|r| records(id, r)),
        "STT" | "ALT" | "EMG" | "EVT" | "UEX" => {
            masked(sentence, kind, now_ms).map(|r| records(id, r))
        }
        other => Err(DecodeError::Unsupported(format!("report type {other}"))),
    }
}

/// A report laid out by its map.
fn masked(sentence: &Sentence, kind: &str, now_ms: i64) -> Result<Record, DecodeError> {
    let map_text = sentence.field(2);
    let map = (!map_text.is_empty() && map_text.len() <= 8)
        .then(|| u32::from_str_radix(map_text, 16).ok())
        .flatten()
        .ok_or_else(|| DecodeError::malformed("report map is not hex"))?;
    let f = &sentence.fields;
    let mut at = 3;
    let mut slots: [Option<&str>; 21] = [None; 21];
    let last = if kind == "UEX" { 17 } else { 20 };
    for (bit, slot) in slots.iter_mut().enumerate().take(last + 1) {
        if map & (1 << bit) != 0 {
            *slot = Some(f.get(at).map_or("", |s| s.as_str()));
            at += 1;
        }
    }
    let slot = |bit: usize| slots[bit].unwrap_or("");
    let mut record = match time_ms(slot(3), slot(4)) {
        Some(time) if !slot(10).is_empty() && !slot(11).is_empty() => {
            located(time, slot(10), slot(11))?
        }
        Some(time) => unlocated(time),
        None => unlocated(now_ms),
    };
    motion(&mut record, slot(12), slot(13));
    record.satellites = slot(14).parse().ok();
    record.valid = record.valid && slot(15) == "1";
    let names = [
        "model",
        "sw_ver",
        "msg_type",
        "",
        "",
        "cell",
        "mcc",
        "mnc",
        "lac",
        "rx_lvl",
        "",
        "",
        "",
        "",
        "",
        "",
        "in_state",
        "out_state",
    ];
    for (bit, name) in names.iter().enumerate() {
        if let Some(value) = slots[bit].filter(|v| !name.is_empty() && !v.is_empty()) {
            record.io.push(io::text(*name, value));
        }
    }
    if let (Some((inputs, width)), Some((outputs, _))) =
        (io::binary_digits(slot(16)), io::binary_digits(slot(17)))
    {
        record
            .values
            .extend(io::universal_io(inputs, outputs, width));
    }
    match kind {
        "STT" => {
            for (bit, name) in [(18, "mode"), (19, "report_type"), (20, "msg_num")] {
                if let Some(value) = slots[bit].filter(|v| !v.is_empty()) {
                    record.io.push(io::text(name, value));
                }
            }
        }
        "UEX" => {
            let Some((data, rest)) = &sentence.data else {
                return Err(DecodeError::malformed("UEX without data"));
            };
            super::uex::interpret(data, &mut record);
            if let Some(sum) = rest.first() {
                record.io.push(io::text("checksum", sum));
            }
            extras(&mut record, rest.get(1..).unwrap_or_default());
            return Ok(record);
        }
        _ => {
            record.event = slot(18).parse().ok();
            let table = match kind {
                "ALT" => Some(io::alert_name as fn(u32) -> Option<&'static str>),
                "EMG" => Some(io::emergency_name as fn(u32) -> Option<&'static str>),
                _ => None,
            };
            if let Some(name) = record.event.zip(table).and_then(|(id, table)| table(id)) {
                record.values.push(io::alarm(name));
            }
            for (bit, name) in [(18, "event_id"), (19, "event_mod"), (20, "event_data")] {
                if let Some(value) = slots[bit].filter(|v| !v.is_empty()) {
                    record.io.push(io::text(name, value));
                }
            }
        }
    }
    extras(&mut record, f.get(at..).unwrap_or_default());
    Ok(record)
}

/// `BLE;<id>;MODEL;SW;DATE;TIME;LAT;LON;<beacons…>`.
fn ble(sentence: &Sentence) -> Result<Record, DecodeError> {
    let time = time_ms(sentence.field(4), sentence.field(5))
        .ok_or_else(|| DecodeError::malformed("bad date"))?;
    let mut record = located(time, sentence.field(6), sentence.field(7))?;
    record.io.push(io::text("model", sentence.field(2)));
    if let Some(count) = number(sentence.field(8)) {
        record.io.push(io::uint("beacons", count as u64, 1));
    }
    extras(&mut record, sentence.fields.get(9..).unwrap_or_default());
    Ok(record)
}
