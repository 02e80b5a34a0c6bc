//! The attributes a report carries around its position blocks.
//!
//! Everything not inside a position block is kept raw as `f<index>` on the
//! report's last record (a report's tail describes the moment it was sent,
//! so copying it onto every position would, for one, count the odometer
//! several times). On top of that, the fields whose meaning is settled are
//! named ([`super::super::io`] says how each is converted):
//!
//! | source                                                         | named value / raw element |
//! |----------------------------------------------------------------|---------------------------|
//! | report type `IGN`/`VGN` (on), `IGF`/`VGF` (off); device status  | ignition                  |
//! | device status `MMIIOO` after the cell block (motion, in, out)   | input_1..3, output_1..4   |
//! | the field before the device status; per model otherwise        | battery_level             |
//! | `GTFRI`/`GTERI` `<external power>` (mV), before report id/type  | board_voltage (V)         |
//! | `<mileage>` (km, with a point) after the last block's cell     | odometer (m)              |
//! | `<hour meter>` `HHHHH:MM:SS`                                    | engine_hours (h)          |
//! | 1-Wire triplets `<16-hex id>,1,<4-hex data>`                    | ext_temp_sensor_n (°C)    |
//! | `GTERI` digital fuel sensor (ERI mask bit 0 alone)              | raw `fuel` (sensor units) |
//! | `GTINF` external power, second power, backup battery            | board_voltage, raw `power2_mv`, battery_voltage |
//! | alarm report types (`GTSOS`, `GTHBM`, `GTPFA`, …)               | alarm                     |
//! | `GTDAT` data, `GTDAR` warning type, `GTBAA`/`GTBID` voltage     | raw `data`, `warning_type`, `accessory_voltage_mv` |
//!
//! Model prefixes whose battery level sits elsewhere: `DE` (GL500M) eight
//! fields after the GNSS time, `44` (GL530) just before the first
//! position block; the GL-series trackers without a device status field
//! (`02`, `11`, `1A`, `21`, `28`, `2C`, `30`, `40`, `42`, `52`, `55`) send it
//! just before the send time.

use crate::record::Record;

use super::super::io;
use super::position::Block;
use super::{Sentence, raw};

/// GL-series models whose battery level is the field before the send time.
const BATTERY_BEFORE_SEND: &[&str] = &[
    "02", "11", "1A", "21", "28", "2C", "30", "40", "42", "52", "55",
];

/// Adds the report's raw fields and named values to `record` (its last one).
pub fn apply(s: &Sentence<'_>, blocks: &[Block], record: &mut Record) {
    keep_raw(s, blocks, record);
    record.io.push(raw("report", &format!("GT{}", s.report)));
    if s.kind == "BUFF" {
        record.io.push(raw("buffered", "1"));
    }
    let after = blocks.last().map(|b| b.time() + 1);
    let send_at = s.send_time_at();
    let values = &mut record.values;

    let ignition = match s.report {
        "IGN" | "VGN" => Some(true),
        "IGF" | "VGF" => Some(false),
        _ => None,
    };
    let status = after.and_then(|from| device_status(s, from + 4));
    if let Some((at, status)) = status {
        values.extend(io::status(status, ignition.is_none()));
        if let Some(level) = percent(s.field(at - 1)) {
            values.push(io::battery_level(level));
        }
    } else if let Some(level) = model_battery(s, blocks, send_at).and_then(percent) {
        values.push(io::battery_level(level));
    }
    values.extend(ignition.map(io::ignition));

    if let Some(first) = blocks.first().filter(|_| matches!(s.report, "FRI" | "ERI")) {
        let number = s.field(first.accuracy() - 1);
        let report_id = s.field(first.accuracy() - 2);
        if number == blocks.len().to_string() && report_id.len() == 2 {
            values.extend(millivolts(s.field(first.accuracy() - 3)).map(io::board_voltage));
        }
    }
    if let Some(time) = blocks.last().map(|b| b.time()) {
        let at = if ignition.is_some() {
            time + 7
        } else {
            time + 6
        };
        values.extend(kilometres(s.field(at)).map(io::odometer_km));
    }
    let from = after.unwrap_or(3);
    let until = send_at.unwrap_or(s.fields.len());
    for i in from..until {
        values.extend(io::hour_meter(s.field(i)));
    }
    values.extend(io::one_wire(&s.fields[from.min(until)..until]));
    values.extend(io::alarm(
        s.report,
        blocks.first().map(|b| s.field(b.accuracy() - 2)),
    ));
    report_specific(s, blocks, send_at, record);
}

/// Every non-empty field outside the position blocks, as `f<index>`.
fn keep_raw(s: &Sentence<'_>, blocks: &[Block], record: &mut Record) {
    let last = s.fields.len().saturating_sub(1);
    for (i, field) in s.fields.iter().enumerate().take(last).skip(3) {
        let in_block = blocks
            .iter()
            .any(|b| (b.accuracy()..=b.time() + 4).contains(&i));
        if !in_block && !field.trim().is_empty() {
            record.io.push(raw(format!("f{i}"), field.trim()));
        }
    }
}

/// The device status `MMIIOO` (or ten characters) at or after `from`,
/// whose motion nibble is 1 (ignition off), 2 (on) or 4 (motion sensor).
fn device_status(s: &Sentence<'_>, from: usize) -> Option<(usize, u32)> {
    (from..s.fields.len()).find_map(|i| {
        let field = s.field(i);
        let hex = field.bytes().all(|b| b.is_ascii_hexdigit());
        let motion = matches!(field.as_bytes().first(), Some(b'1' | b'2' | b'4'));
        let before = s.field(i - 1);
        let battery_like = before.is_empty() || percent(before).is_some();
        if hex && motion && battery_like && matches!(field.len(), 6 | 10) {
            u32::from_str_radix(&field[..6], 16).ok().map(|v| (i, v))
        } else {
            None
        }
    })
}

/// Where models without a device status field put their battery level.
fn model_battery<'a>(
    s: &Sentence<'a>,
    blocks: &[Block],
    send_at: Option<usize>,
) -> Option<&'a str> {
    let model = s.model();
    match (blocks.first(), blocks.last()) {
        (_, Some(last)) if model == "DE" => Some(s.field(last.time() + 8)),
        (Some(first), _) if model == "44" => Some(s.field(first.accuracy() - 1)),
        (Some(_), _) if BATTERY_BEFORE_SEND.contains(&model) => Some(s.field(send_at? - 1)),
        _ => None,
    }
}

/// Fields only some report types have.
fn report_specific(
    s: &Sentence<'_>,
    blocks: &[Block],
    send_at: Option<usize>,
    record: &mut Record,
) {
    let before_first = blocks.first().map(|b| s.field(b.accuracy() - 1));
    match s.report {
        "DAT" => {
            let data = match before_first {
                Some(data) => data.to_owned(),
                None => s.fields[4.min(s.fields.len())..send_at.unwrap_or(4).max(4)].join(","),
            };
            record.io.push(raw("data", &data));
        }
        "DAR" => record.io.push(raw("warning_type", s.field(4))),
        "BAA" | "BID" => {
            if let Some(mv) = before_first.filter(|f| millivolts(f).is_some()) {
                record.io.push(raw("accessory_voltage_mv", mv));
            }
        }
        "ERI" => {
            let mask = u32::from_str_radix(s.field(4), 16).unwrap_or(0);
            let fuel = send_at.map(|at| s.field(at - 1));
            let value = fuel.and_then(|f| u64::from_str_radix(f, 16).ok());
            if let Some(value) = value.filter(|_| mask & 0b11 == 0b01) {
                record.io.push(io::uint("fuel", value));
            }
        }
        "INF" if s.field(5).len() >= 19 => {
            record
                .values
                .extend(millivolts(s.field(9)).map(io::board_voltage));
            if millivolts(s.field(10)).is_some() {
                record.io.push(raw("power2_mv", s.field(10)));
            }
            let backup = s
                .field(11)
                .parse::<f64>()
                .ok()
                .filter(|v| (0.0..10.0).contains(v));
            record.values.extend(
                backup
                    .filter(|_| s.field(11).contains('.'))
                    .map(io::battery_voltage),
            );
        }
        _ => {}
    }
}

/// An integer percentage 0..=100.
fn percent(text: &str) -> Option<u8> {
    text.parse::<u8>().ok().filter(|v| *v <= 100)
}

/// A voltage in whole millivolts.
fn millivolts(text: &str) -> Option<u32> {
    (!text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
}

/// Kilometres written with a decimal point.
fn kilometres(text: &str) -> Option<f64> {
    let value: f64 = text.parse().ok().filter(|_| text.contains('.'))?;
    (value.is_finite() && value >= 0.0).then_some(value)
}
