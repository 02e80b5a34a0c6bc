//! Reports: `imei:<imei>,<keyword>,<local time>,<phone>,<F|L>,…`.
//!
//! | shape                     | fields after the marker                                                     | record |
//! |---------------------------|------------------------------------------------------------------------------|--------|
//! | `F` (GPS fix)             | `hhmmss[.sss] UTC,A|V,lat,N|S,lon,E|W,knots,course[,altitude,acc,door,fuel1,fuel2,temp]` | GNSS |
//! | `L` (no fix)              | cell ids (`lac`, `cell`), kept raw                                          | location-less |
//! | `OBD` keyword             | `odometer,…,rpm,battery,DTCs…`, kept raw                                    | location-less |
//! | decimal variant           | `name,---,------,----,hhmmss,ddmmyy,?,1|0,lat,lon,speed,course,altitude,hdop,satellites,…` | GNSS |
//! | fewer than five fields    | (`imei:…,L,`, `imei:…,vr,<voice data>`)                                      | heartbeat, no reply |
//!
//! Time: the third field is the device's local time (`yyMMddHHmm[ss]` or
//! `yy/MM/dd HH:mm`); the `F` shape adds the receiver's UTC time of day.
//! The fix is timed at that UTC time on the local date's day, or the day
//! before or after, whichever is nearest the local time (right for every
//! zone within ±12 h). Without a UTC time the local time is kept as is and
//! the fix is marked invalid; without any time the receive time is used.
//!
//! Coordinates are `DDMM.MMMM` with a hemisphere field; one firmware puts
//! the letters before the numbers (`A,N,5306.64155,E,00700.77848`), which
//! is recognised. A missing hemisphere letter leaves the sign unknown: the
//! position is kept unsigned and marked invalid. Speed is in knots.

use crate::codec::DecodeError;
use crate::fix::{self, KMH_PER_KNOT};
use crate::message::{DeviceId, Message};
use crate::record::{FixSource, Record};

use super::{encode, io};

const DAY_MS: i64 = 86_400_000;

fn bad(what: &str) -> DecodeError {
    DecodeError::malformed(format!("report: invalid {what}"))
}

/// Decodes `<imei>,<keyword>,…` (the text after `imei:`).
pub fn decode(body: &str, now_ms: i64) -> Result<Message, DecodeError> {
    let fields: Vec<&str> = body.split(',').collect();
    let imei = fields[0].trim();
    if imei.is_empty() || imei.len() > 20 || !imei.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(bad("IMEI"));
    }
    let device = Some(DeviceId(imei.to_owned()));
    if fields.len() < 5 {
        return Ok(Message::Heartbeat {
            device,
            reply: None,
        });
    }
    let field = |i: usize| fields.get(i).map_or("", |f| f.trim());
    let keyword = field(1);
    let mut record = if keyword == "OBD" {
        obd(&fields, now_ms)
    } else if field(4) == "F" {
        fixed(&fields, now_ms)?
    } else if decimal_variant(&fields) {
        decimal(&fields)?
    } else {
        let mut record = no_fix(local_time(field(2)).unwrap_or(now_ms));
        raw(&mut record, &fields, 3, "field");
        record
    };
    record.io.insert(0, io::text("event", keyword));
    record.values.extend(io::keyword_values(keyword));
    Ok(Message::Records {
        device,
        records: vec![record],
        ack: (keyword == "help me").then(|| encode::sos_ack(imei)),
    })
}

/// The `F` shape.
fn fixed(fields: &[&str], now_ms: i64) -> Result<Record, DecodeError> {
    let field = |i: usize| fields.get(i).map_or("", |f| f.trim());
    // Letters first on one firmware: `A,N,<lat>,E,<lon>`.
    let swapped = matches!(field(7), "N" | "S");
    let (lat, ns, lon, ew) = if swapped {
        (field(8), field(7), field(10), field(9))
    } else {
        (field(7), field(8), field(9), field(10))
    };
    let signs_known = !ns.is_empty() && !ew.is_empty();
    let latitude = coordinate(lat, ns, 90.0).ok_or_else(|| bad("latitude"))?;
    let longitude = coordinate(lon, ew, 180.0).ok_or_else(|| bad("longitude"))?;

    let local = local_time(field(2));
    let utc = time_of_day(field(5));
    let (time, timed_by_receiver) = match (local, utc) {
        (Some(local), Some(utc)) => (nearest_day(local, utc), true),
        (Some(local), None) => (local, false),
        (None, Some(utc)) => (nearest_day(now_ms, utc), false),
        (None, None) => (now_ms, false),
    };
    let mut record = Record::at(time, latitude, longitude);
    record.valid = field(6) == "A" && timed_by_receiver && signs_known;
    record.speed_kmh = optional(field(11)).ok_or_else(|| bad("speed"))? * KMH_PER_KNOT;
    record.course_deg = optional(field(12))
        .filter(|c| *c <= 360.0)
        .ok_or_else(|| bad("course"))?;
    if !field(3).is_empty() {
        record.io.push(io::text("phone", field(3)));
    }
    let names = ["altitude", "acc", "door", "fuel1", "fuel2", "temperature"];
    for (name, i) in names.iter().zip(13..) {
        if !field(i).is_empty() {
            record.io.push(io::text(*name, field(i)));
        }
    }
    raw(&mut record, fields, 19, "field");
    if let Some(altitude) = io::signed(field(13)) {
        record.altitude_m = altitude;
    }
    match field(14) {
        "1" => record.values.push(io::ignition(true)),
        "0" => record.values.push(io::ignition(false)),
        _ => {}
    }
    if let Some(celsius) = io::signed(field(18)) {
        record.values.push(io::input("ext_temp_sensor_1", celsius));
    }
    Ok(record)
}

/// A coordinate; an empty hemisphere keeps the value unsigned.
fn coordinate(text: &str, letter: &str, max: f64) -> Option<f64> {
    if text.is_empty() {
        return None;
    }
    fix::coordinate(text, if letter.is_empty() { "N" } else { letter }, max)
}

/// An empty field as zero, else a non-negative decimal.
fn optional(text: &str) -> Option<f64> {
    if text.is_empty() {
        Some(0.0)
    } else {
        fix::decimal(text)
    }
}

fn six_digits(text: &str) -> bool {
    text.len() == 6 && text.bytes().all(|b| b.is_ascii_digit())
}

fn decimal_variant(fields: &[&str]) -> bool {
    let field = |i: usize| fields.get(i).map_or("", |f| f.trim());
    fields.len() >= 13
        && six_digits(field(5))
        && six_digits(field(6))
        && field(9).contains('.')
        && io::signed(field(9)).is_some()
        && io::signed(field(10)).is_some()
}

/// The decimal variant: signed decimal degrees, UTC `hhmmss,ddmmyy`.
fn decimal(fields: &[&str]) -> Result<Record, DecodeError> {
    let field = |i: usize| fields.get(i).map_or("", |f| f.trim());
    let time = fix::ddmmyy_hhmmss(field(6), field(5)).ok_or_else(|| bad("date/time"))?;
    let latitude = io::signed(field(9))
        .filter(|v| v.abs() <= 90.0)
        .ok_or_else(|| bad("latitude"))?;
    let longitude = io::signed(field(10))
        .filter(|v| v.abs() <= 180.0)
        .ok_or_else(|| bad("longitude"))?;
    let mut record = Record::at(time, latitude, longitude);
    record.valid = field(8) == "1";
    record.speed_kmh = optional(field(11)).ok_or_else(|| bad("speed"))?;
    record.course_deg = optional(field(12))
        .filter(|c| *c <= 360.0)
        .ok_or_else(|| bad("course"))?;
    record.altitude_m = io::signed(field(13)).unwrap_or(0.0);
    record.hdop = fix::decimal(field(14));
    record.satellites = fix::digits(field(15)).map(|n| n.min(255) as u8);
    raw(&mut record, fields, 16, "field");
    Ok(record)
}

/// An OBD report: location-less, timed by the device's local time.
fn obd(fields: &[&str], now_ms: i64) -> Record {
    let field = |i: usize| fields.get(i).map_or("", |f| f.trim());
    let mut record = no_fix(local_time(field(2)).unwrap_or(now_ms));
    raw(&mut record, fields, 3, "obd");
    if let Some(rpm) = fix::decimal(field(11)) {
        record.values.push(io::input("obd_rpm", rpm));
    }
    if let Some(volts) = fix::decimal(field(12)) {
        record.values.push(io::input("board_voltage", volts));
    }
    record
}

fn raw(record: &mut Record, fields: &[&str], from: usize, prefix: &str) {
    for (i, value) in fields.iter().enumerate().skip(from) {
        if !value.trim().is_empty() {
            record
                .io
                .push(io::text(format!("{prefix}_{i}"), value.trim()));
        }
    }
}

fn no_fix(fix_time_ms: i64) -> Record {
    let mut record = Record::at(fix_time_ms, 0.0, 0.0);
    record.valid = false;
    record.source = FixSource::None;
    record
}

/// The device's local time, read as if it were UTC.
pub fn local_time(text: &str) -> Option<i64> {
    if !text
        .bytes()
        .all(|b| b.is_ascii_digit() || b"/ :".contains(&b))
    {
        return None;
    }
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    let seconds = match digits.len() {
        10 => "00",
        12 => &digits[10..],
        _ => return None,
    };
    let yymmdd = &digits[..6];
    let date = format!("{}{}{}", &yymmdd[4..], &yymmdd[2..4], &yymmdd[..2]);
    fix::ddmmyy_hhmmss(&date, &format!("{}{seconds}", &digits[6..10]))
}

/// `hhmmss[.fff]` as milliseconds into the day.
fn time_of_day(text: &str) -> Option<i64> {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    if !six_digits(whole) || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n = |r: std::ops::Range<usize>| i64::from(fix::digits(&whole[r]).unwrap_or(99));
    let (h, m, s) = (n(0..2), n(2..4), n(4..6));
    (h < 24 && m < 60 && s < 60).then_some((h * 3600 + m * 60 + s) * 1000)
}

/// `time_of_day` on the day of `local`, the day before or the day after:
/// whichever is nearest `local`.
fn nearest_day(local: i64, time_of_day: i64) -> i64 {
    let day = local.div_euclid(DAY_MS) * DAY_MS + time_of_day;
    [day - DAY_MS, day, day + DAY_MS]
        .into_iter()
        .min_by_key(|t| (t - local).abs())
        .unwrap_or(day)
}
