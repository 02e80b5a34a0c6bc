//! Xexun3 data messages (type `0x20`): tagged items, `tag (1) + length
//! (1) + data`, folded into one record.
//!
//! | tag | data |
//! |---|---|
//! | `64` | GNSS: time (4, Unix s), latitude (f64, degrees), longitude (f64), altitude (f32, m), satellites (1), signal (1), speed (2, 0.1 km/h), course (2, 0.1°), [accuracy (2, 0.1 m; `FFFF` none)], [tracking duration (1; `FF` none)] |
//! | `65` | Wi-Fi: time (4), count (1), MAC (6) + RSSI (1) each — kept raw |
//! | `66` | cell: time (4), MCC (2), MNC (2), LAC (4), CID (4), RSSI (1) — kept raw |
//! | `69` | alarm: time (4), alarm id (1), data length (1), data (id 17: ICCID) |
//! | `6A` | status: battery % (1), network duration (2), RSSI (1), track sequence (1), moving (1), charging (1), steps (2; `FFFF` none), temperature (1, signed; `FF` none), then further health fields and a device time, read as far as the item goes |
//!
//! Unknown tags are skipped. The record's time is the GNSS time, else the
//! latest time another item carries; a message with no time at all (no
//! items) carries no record.

use std::borrow::Cow;

use crate::codec::DecodeError;
use crate::reader::Reader;
use crate::record::{FixSource, IoElement, IoKey, IoValue, Record};
use crate::sensor::{NamedValue, Sensor, Value};

/// What a data message holds, before it is known whether it has a time.
#[derive(Debug, Default)]
struct Parts {
    fix: Option<i64>,
    device_time: Option<i64>,
    record: Option<Record>,
}

impl Parts {
    fn record(&mut self) -> &mut Record {
        self.record.get_or_insert_with(|| {
            let mut record = Record::at(0, 0.0, 0.0);
            record.valid = false;
            record.source = FixSource::None;
            record
        })
    }

    fn raw(&mut self, name: &str, value: IoValue) {
        self.record().io.push(IoElement {
            key: IoKey::Name(name.to_owned()),
            value,
        });
    }

    fn named(&mut self, sensor: Sensor, value: Value) {
        self.record().values.push(NamedValue::new(sensor, value));
    }

    fn seen_at(&mut self, seconds: u32) {
        let ms = i64::from(seconds) * 1000;
        self.device_time = Some(self.device_time.map_or(ms, |t| t.max(ms)));
    }
}

fn uint(value: u64, width: u8) -> IoValue {
    IoValue::Uint { value, width }
}

/// The record of a data message, if it carries a time.
pub fn data(bytes: &[u8]) -> Result<Option<Record>, DecodeError> {
    let mut r = Reader::new(bytes);
    let mut parts = Parts::default();
    while r.remaining() > 0 {
        let tag = r.u8("item tag")?;
        let len = usize::from(r.u8("item length")?);
        let mut item = Reader::new(r.bytes(len, "item")?);
        match tag {
            0x64 => gnss(&mut item, &mut parts)?,
            0x65 | 0x66 => {
                parts.seen_at(item.u32("time")?);
                let name = if tag == 0x65 { "wifi" } else { "cell" };
                parts.raw(name, IoValue::Bytes(item.rest().to_vec()));
            }
            0x69 => alarm(&mut item, &mut parts)?,
            0x6A => status(&mut item, &mut parts)?,
            _ => {}
        }
    }
    let time = parts.fix.or(parts.device_time);
    Ok(time.map(|ms| {
        let mut record = parts
            .record
            .take()
            .unwrap_or_else(|| Record::at(0, 0.0, 0.0));
        record.fix_time_ms = ms;
        record
    }))
}

fn gnss(r: &mut Reader<'_>, parts: &mut Parts) -> Result<(), DecodeError> {
    let time = r.u32("time")?;
    let lat = f64::from_bits(r.u64("latitude")?);
    let lon = f64::from_bits(r.u64("longitude")?);
    let altitude = f64::from(f32::from_bits(r.u32("altitude")?));
    let satellites = r.u8("satellites")?;
    let signal = r.u8("signal")?;
    let speed = r.u16("speed")?;
    let course = r.u16("course")?;
    parts.fix = Some(i64::from(time) * 1000);
    parts.raw("gnss_signal", uint(signal.into(), 1));
    let record = parts.record();
    if lat.is_finite() && lon.is_finite() {
        if lat.abs() > 90.0 || lon.abs() > 180.0 {
            return Err(DecodeError::malformed("coordinates out of range"));
        }
        record.latitude = lat;
        record.longitude = lon;
        record.valid = true;
        record.source = FixSource::Gnss;
    }
    if altitude.is_finite() && (-12_000.0..=18_000.0).contains(&altitude) {
        record.altitude_m = altitude;
    }
    record.satellites = Some(satellites);
    record.speed_kmh = f64::from(speed) / 10.0;
    if course <= 3600 {
        record.course_deg = f64::from(course) / 10.0;
    }
    if r.remaining() >= 2 {
        let accuracy = r.u16("accuracy")?;
        if accuracy != 0xFFFF {
            parts.raw("accuracy_dm", uint(accuracy.into(), 2));
        }
    }
    if r.remaining() >= 1 {
        let duration = r.u8("tracking duration")?;
        if duration != 0xFF {
            parts.raw("tracking_duration", uint(duration.into(), 1));
        }
    }
    Ok(())
}

/// Alarm ids and the names they stand for.
pub fn alarm_name(id: u8) -> Option<&'static str> {
    Some(match id {
        1 => "sos",
        2 => "low_battery",
        4 => "removing",
        5 => "movement",
        7 => "fall_down",
        8 => "accident",
        11 => "power_restored",
        12 => "power_cut",
        13 => "power_on",
        14 => "power_off",
        15 | 16 => "door",
        _ => return None,
    })
}

fn alarm(r: &mut Reader<'_>, parts: &mut Parts) -> Result<(), DecodeError> {
    parts.seen_at(r.u32("time")?);
    let id = r.u8("alarm id")?;
    let len = usize::from(r.u8("alarm data length")?);
    let data = r.bytes(len, "alarm data")?;
    parts.raw("alarm_id", uint(id.into(), 1));
    if let Some(name) = alarm_name(id) {
        parts.named(Sensor::Alarm, Value::Text(name.to_owned()));
    }
    if id == 17 && !data.is_empty() {
        let iccid = data.iter().map(|b| format!("{b:02x}")).collect();
        parts.named(Sensor::State(Cow::Borrowed("iccid")), Value::Text(iccid));
    }
    Ok(())
}

fn status(r: &mut Reader<'_>, parts: &mut Parts) -> Result<(), DecodeError> {
    let battery = r.u8("battery")?;
    parts.raw("battery", uint(battery.into(), 1));
    if battery <= 100 {
        parts.named(Sensor::BatteryLevel, Value::Number(f64::from(battery)));
    }
    parts.raw(
        "network_duration",
        uint(r.u16("network duration")?.into(), 2),
    );
    parts.raw("rssi", uint(r.u8("rssi")?.into(), 1));
    parts.raw("track_sequence", uint(r.u8("track sequence")?.into(), 1));
    let moving = r.u8("motion")?;
    parts.named(Sensor::Motion, Value::Bool(moving > 0));
    let charging = r.u8("charging")?;
    let power = Sensor::State(Cow::Borrowed("external_power_state"));
    parts.named(power, Value::Bool(charging > 0));
    if r.remaining() >= 2 {
        let steps = r.u16("steps")?;
        if steps != 0xFFFF {
            let sensor = Sensor::Input(Cow::Borrowed("steps"));
            parts.named(sensor, Value::Number(f64::from(steps)));
        }
    }
    if r.remaining() >= 1 {
        let temperature = r.u8("temperature")? as i8;
        if temperature != -1 {
            let sensor = Sensor::Input(Cow::Borrowed("temperature"));
            parts.named(sensor, Value::Number(f64::from(temperature)));
        }
    }
    // Respiratory rate, heart rate, blood pressure (2), blood oxygen, fuel.
    let health = r.bytes(r.remaining().min(6), "health")?.to_vec();
    if !health.is_empty() {
        parts.raw("health", IoValue::Bytes(health));
    }
    if r.remaining() >= 4 {
        let time = r.u32("device time")?;
        if time != u32::MAX {
            parts.seen_at(time);
        }
    }
    Ok(())
}
