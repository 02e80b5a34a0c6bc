//! What a Pretrace report means.
//!
//! A report is fixed-width up to its first comma, then comma-separated
//! extras:
//!
//! | bytes | field |
//! |---|---|
//! | 0–14 | IMEI |
//! | 15–19 | report type (`U1110`), kept raw as `type` |
//! | 20 | `A` fix / `V` none |
//! | 21–26, 27–32 | `yymmdd`, `hhmmss` (UTC) |
//! | 33–42 | latitude `DDMM.MMMM` + `N`/`S` |
//! | 43–53 | longitude `DDDMM.MMMM` + `E`/`W` |
//! | 54–56 | speed, km/h |
//! | 57–59 | course, degrees |
//! | 60 to the comma | status, kept raw as `status` |
//! | after the comma | extras (`&P…`, `F…`, `T…`, `R…`), kept raw as `extras` |
//!
//! The samples' dates are year first (2015 and 2017; day first would put
//! one in 2025, past the samples' source). The speed's unit is not
//! published; km/h is the vendor region's custom.

use crate::codec::DecodeError;
use crate::fix::{coordinate, ddmmyy_hhmmss};
use crate::message::DeviceId;
use crate::record::{IoElement, IoKey, IoValue, Record};

/// A report's device and record.
pub fn report(body: &str) -> Result<(DeviceId, Record), DecodeError> {
    let (fixed, extras) = body.split_once(',').unwrap_or((body, ""));
    let field = |from: usize, to: usize| fixed.get(from..to).unwrap_or_default();
    let bad = |what: &str, value: &str| DecodeError::malformed(format!("{what}: {value:?}"));
    let imei = field(0, 15);
    if imei.len() != 15 || !imei.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad("IMEI", imei));
    }
    let (date, time) = (field(21, 27), field(27, 33));
    let fix_time = year_first(date, time).ok_or_else(|| bad("date and time", date))?;
    let latitude = coordinate(field(33, 42), field(42, 43), 90.0)
        .ok_or_else(|| bad("latitude", field(33, 43)))?;
    let longitude = coordinate(field(43, 53), field(53, 54), 180.0)
        .ok_or_else(|| bad("longitude", field(43, 54)))?;
    let mut record = Record::at(fix_time, latitude, longitude);
    record.valid = match field(20, 21) {
        "A" => true,
        "V" => false,
        other => return Err(bad("fix", other)),
    };
    let number = |what: &str, text: &str| {
        crate::fix::digits(text)
            .filter(|_| text.len() == 3)
            .ok_or_else(|| bad(what, text))
    };
    record.speed_kmh = f64::from(number("speed", field(54, 57))?);
    record.course_deg = f64::from(number("course", field(57, 60))?);
    if record.course_deg > 360.0 {
        return Err(bad("course", field(57, 60)));
    }
    record.io.push(text("type", field(15, 20)));
    record
        .io
        .push(text("status", fixed.get(60..).unwrap_or_default()));
    record.io.push(text("extras", extras));
    Ok((DeviceId(imei.to_owned()), record))
}

/// `yymmdd` + `hhmmss` as UTC milliseconds.
fn year_first(date: &str, time: &str) -> Option<i64> {
    if date.len() != 6 || !date.is_ascii() {
        return None;
    }
    ddmmyy_hhmmss(
        &format!("{}{}{}", &date[4..6], &date[2..4], &date[0..2]),
        time,
    )
}

fn text(name: &str, value: &str) -> IoElement {
    IoElement {
        key: IoKey::Name(name.to_owned()),
        value: IoValue::Text(value.to_owned()),
    }
}
