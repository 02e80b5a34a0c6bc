//! What a Xirgo message means.
//!
//! Every message is `<device id>,<event>,…`. Devices are configured with
//! the fields their reports carry; trackgate takes no per-device form and
//! reads the three the corpus shows:
//!
//! | form | told by | fields after the event |
//! |---|---|---|
//! | new | date `yyyy/mm/dd`, the 11th field an integer (engine speed) | date, time, lat, lon, altitude, speed, acceleration, deceleration, RPM, course, satellites, HDOP, odometer, fuel used, battery, GSM level, then raw |
//! | old | date `yyyy/mm/dd`, the 11th field a decimal (HDOP) | date, time, lat, lon, altitude, speed, course, satellites, HDOP, battery, GSM level, then raw |
//! | configured | date `mm/dd/yyyy` | date, time, lat, lon, altitude, speed, then raw (the rest is the device's choice) |
//!
//! Times are UTC, coordinates signed decimal degrees, altitudes metres,
//! speeds miles per hour (the devices are made for North American
//! fleets). The forms carry no fix flag: a report is valid unless its
//! coordinates are both 0. A message without a date (the device's
//! firmware details) is a location-less record dated on arrival. The
//! event code is the record's event; fields read into nothing else are
//! kept raw as text, `field_<n>` with n counting from the device id (0).

use crate::codec::DecodeError;
use crate::fix::{decimal, signed_decimal, utc_ms};
use crate::message::DeviceId;
use crate::record::{FixSource, IoElement, IoKey, IoValue, Record};

use super::io;

/// Kilometres per hour in one mile per hour.
pub const KMH_PER_MPH: f64 = 1.609_344;

/// A message's device and its record; `now_ms` dates a message without a
/// position.
pub fn message(f: &[&str], now_ms: i64) -> Result<(DeviceId, Record), DecodeError> {
    let id = f[0];
    if id.is_empty() || id.len() > 20 || !id.bytes().all(|b| b.is_ascii_digit()) {
        return Err(DecodeError::malformed(format!("device id {id:?}")));
    }
    let event = f.get(1).copied().unwrap_or_default();
    let event: u32 = event
        .parse()
        .map_err(|_| DecodeError::malformed(format!("event {event:?}")))?;
    let mut record = match f.get(2).and_then(|d| date(d)) {
        Some((date, day_first)) => report(f, date, day_first)?,
        None => {
            let mut record = Record::at(now_ms, 0.0, 0.0);
            record.valid = false;
            record.source = FixSource::None;
            raw(&mut record, f, 2, f.len());
            record
        }
    };
    record.event = Some(event);
    Ok((DeviceId(id.to_owned()), record))
}

/// A report dated `date` (ms at midnight); `month_first` for the
/// configured form.
fn report(f: &[&str], date: i64, month_first: bool) -> Result<Record, DecodeError> {
    if f.len() < 8 {
        return Err(DecodeError::malformed("a report has fewer than 8 fields"));
    }
    let bad = |what: &str, field: &str| DecodeError::malformed(format!("{what}: {field:?}"));
    let time = time_of_day(f[3]).ok_or_else(|| bad("time", f[3]))?;
    let latitude = signed_decimal(f[4]).filter(|v| v.abs() <= 90.0);
    let longitude = signed_decimal(f[5]).filter(|v| v.abs() <= 180.0);
    let mut record = Record::at(
        date + time,
        latitude.ok_or_else(|| bad("latitude", f[4]))?,
        longitude.ok_or_else(|| bad("longitude", f[5]))?,
    );
    record.valid = record.latitude != 0.0 || record.longitude != 0.0;
    record.altitude_m = signed_decimal(f[6]).ok_or_else(|| bad("altitude", f[6]))?;
    record.speed_kmh = decimal(f[7]).ok_or_else(|| bad("speed", f[7]))? * KMH_PER_MPH;
    let new = !month_first && f.len() > 17 && f[10].bytes().all(|b| b.is_ascii_digit());
    let readings = match (month_first, new) {
        (true, _) => return Ok(raw_from(record, f, 8)),
        (false, true) => {
            record.values.extend(io::rpm(f[10]));
            Readings {
                course: 11,
                satellites: 12,
                hdop: 13,
                battery: 16,
            }
        }
        (false, false) => Readings {
            course: 8,
            satellites: 9,
            hdop: 10,
            battery: 11,
        },
    };
    let field = |i: usize| f.get(i).copied().unwrap_or_default();
    let course = field(readings.course);
    record.course_deg = decimal(course)
        .filter(|c| *c <= 360.0)
        .ok_or_else(|| bad("course", course))?;
    let satellites = field(readings.satellites);
    record.satellites = Some(
        satellites
            .parse()
            .map_err(|_| bad("satellites", satellites))?,
    );
    let hdop = field(readings.hdop);
    record.hdop = Some(decimal(hdop).ok_or_else(|| bad("HDOP", hdop))?);
    record.values.extend(io::battery(field(readings.battery)));
    let skipped = [readings.course, readings.satellites, readings.hdop];
    for i in 8..f.len() {
        if !skipped.contains(&i) {
            raw(&mut record, f, i, i + 1);
        }
    }
    Ok(record)
}

/// Where a form's readings are.
struct Readings {
    course: usize,
    satellites: usize,
    hdop: usize,
    battery: usize,
}

fn raw_from(mut record: Record, f: &[&str], from: usize) -> Record {
    raw(&mut record, f, from, f.len());
    record
}

/// Keeps fields `from..to` raw.
fn raw(record: &mut Record, f: &[&str], from: usize, to: usize) {
    for (i, value) in f.iter().enumerate().take(to).skip(from) {
        record.io.push(IoElement {
            key: IoKey::Name(format!("field_{i}")),
            value: IoValue::Text((*value).to_owned()),
        });
    }
}

/// `yyyy/mm/dd` or `mm/dd/yyyy` as ms at midnight UTC, and whether it
/// was month first.
fn date(field: &str) -> Option<(i64, bool)> {
    let parts: Vec<&str> = field.split('/').collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    let n = |s: &str| {
        s.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| s.parse::<u32>().ok())?
    };
    let (year, month, day, month_first) = match (a.len(), c.len()) {
        (4, 2) => (n(a)?, n(b)?, n(c)?, false),
        (2, 4) => (n(c)?, n(a)?, n(b)?, true),
        _ => return None,
    };
    Some((utc_ms(i64::from(year), month, day, 0, 0, 0)?, month_first))
}

/// `hh:mm:ss` as ms since midnight.
fn time_of_day(field: &str) -> Option<i64> {
    let parts: Vec<&str> = field.split(':').collect();
    let [h, m, s] = parts.as_slice() else {
        return None;
    };
    let n = |s: &str| (s.len() == 2).then(|| crate::fix::digits(s))?;
    let (h, m, s) = (n(h)?, n(m)?, n(s)?);
    (h < 24 && m < 60 && s < 60).then(|| i64::from(h * 3600 + m * 60 + s) * 1000)
}
