//! Positions that trackers carry inside 0x0900 data uplink passthrough.
//!
//! The passthrough type byte says whose data follows; two manufacturer
//! types carry positions:
//!
//! - 0xF0 (vehicle OBD terminals): time (6 BCD, GMT+8), archive flag (1,
//!   non-zero = buffered), vehicle type (1), subtype (1). Subtype 0x01 is a
//!   data stream: count (1), then per value id (2), length (1), value;
//!   subtype 0x03 is alarms: count (1), then per alarm id (1), length (1),
//!   data (kept raw as `alarm_<id>`). Both end with status, latitude and longitude as in a location
//!   report (12 bytes); whatever follows is kept raw. Other subtypes carry
//!   no position and stay a text answer.
//! - 0x54 (AOVX GL100 sensor log): the basic information of a location
//!   report without its alarm word (24 bytes), then samples: mask (2),
//!   time (6 BCD), and per mask bit 0 light (2), 1 device temperature and
//!   humidity (2 each, signed, 0.1), 2 probe temperature (2, signed, 0.1),
//!   3 acceleration (6), 4 air pressure (2, hPa). A sample with any other
//!   mask bit cannot be measured, so it and what follows are left out.
//!   The position is one record; each sample is a record of its own at
//!   its sample time, without a location.
//!
//! Data stream values, all kept raw under their id:
//!
//! | id                     | named value    | conversion        |
//! |------------------------|----------------|-------------------|
//! | 0x0102, 0x0528, 0x0546 | odometer       | 0.1 km → m        |
//! | 0x052B                 | obd_fuel       | percent           |
//! | 0x052D                 | obd_coolant_t  | value − 40 °C     |
//! | 0x0530                 | board_voltage  | mV → V            |
//! | 0x0535                 | obd_speed      | 0.1 km/h          |
//! | 0x0536                 | obd_rpm        | rpm               |

use std::borrow::Cow;

use crate::codec::DecodeError;
use crate::record::{FixSource, IoKey, IoValue, Record};
use crate::sensor::{NamedValue, Sensor, Value};

use super::io::alarm_value;
use super::items::{be, input};
use super::location::{bcd_time, coordinates, item_element, position};
use super::reader::Reader;

/// The records a passthrough body carries, or `None` when its type or
/// subtype carries no position (the caller answers it as text).
pub fn records(body: &[u8]) -> Option<Vec<Record>> {
    let (&kind, rest) = body.split_first()?;
    match kind {
        0xF0 => vehicle(rest).ok().flatten().map(|r| vec![r]),
        0x54 => sensor_log(rest).ok(),
        _ => None,
    }
}

fn vehicle(body: &[u8]) -> Result<Option<Record>, DecodeError> {
    let mut r = Reader::new(body);
    let time = bcd_time(&r.array::<6>("time")?)?;
    let archive = r.u8("archive flag")?;
    let _vehicle = r.u8("vehicle type")?;
    let subtype = r.u8("subtype")?;
    let mut io = Vec::new();
    let mut values = Vec::new();
    match subtype {
        0x01 => {
            for _ in 0..r.u8("value count")? {
                let id = r.u16("value id")?;
                let len = usize::from(r.u8("value length")?);
                let value = r.bytes(len, "value")?;
                io.push(item_element(id, value));
                stream_value(id, value, &mut values);
            }
        }
        0x03 => {
            for _ in 0..r.u8("alarm count")? {
                let id = r.u8("alarm id")?;
                let len = usize::from(r.u8("alarm length")?);
                let data = r.bytes(len, "alarm data")?;
                io.push(crate::record::IoElement {
                    key: IoKey::Name(format!("alarm_{id:02x}")),
                    value: IoValue::Bytes(data.to_vec()),
                });
                if let Some(name) = vehicle_alarm(id) {
                    values.push(alarm_value(name));
                }
            }
        }
        _ => return Ok(None),
    }
    let (mut record, status) = coordinates(&mut r)?;
    record.fix_time_ms = time;
    record.io.push(raw_name("status", u64::from(status), 4));
    record.io.push(raw_name("archive", u64::from(archive), 1));
    record.io.extend(io);
    let trailing = r.rest();
    if !trailing.is_empty() {
        record.io.push(crate::record::IoElement {
            key: IoKey::Name("trailing".into()),
            value: IoValue::Bytes(trailing.to_vec()),
        });
    }
    record.values = vec![NamedValue::new(
        Sensor::Ignition,
        Value::Bool(status & 1 != 0),
    )];
    record.values.extend(values);
    Ok(Some(record))
}

fn stream_value(id: u16, v: &[u8], out: &mut Vec<NamedValue>) {
    let n = be(v) as f64;
    match (id, v.len()) {
        (0x0102 | 0x0528 | 0x0546, 4) => {
            out.push(NamedValue::new(Sensor::OdometerM, Value::Number(n * 100.0)));
        }
        (0x052B, 1) => out.push(input("obd_fuel", n)),
        (0x052D, 1) => out.push(input("obd_coolant_t", n - 40.0)),
        (0x0530, 2) => out.push(input("board_voltage", n / 1000.0)),
        (0x0535, 2) => out.push(input("obd_speed", n / 10.0)),
        (0x0536, 2) => out.push(input("obd_rpm", n)),
        _ => {}
    }
}

fn vehicle_alarm(id: u8) -> Option<&'static str> {
    Some(match id {
        0x01 => "power_restored",
        0x02 => "power_cut",
        0x0E => "idle",
        0x1A => "harsh_acceleration",
        0x1B => "harsh_braking",
        0x1C => "harsh_cornering",
        0x1D..=0x1F => "lane_change",
        0x23 => "fatigue_driving",
        0x25 => "overspeed",
        0x26..=0x28 => "collision",
        0x31 | 0x32 => "door",
        _ => return None,
    })
}

fn sensor_log(body: &[u8]) -> Result<Vec<Record>, DecodeError> {
    let mut r = Reader::new(body);
    let (mut report, status) = position(&mut r)?;
    report.io.push(raw_name("status", u64::from(status), 4));
    report.values.push(NamedValue::new(
        Sensor::Ignition,
        Value::Bool(status & 1 != 0),
    ));
    let mut records = vec![report];
    while r.remaining() > 0 {
        let mask = r.u16("sample mask")?;
        if mask & !0x1F != 0 {
            break;
        }
        let mut sample = Record::at(bcd_time(&r.array::<6>("sample time")?)?, 0.0, 0.0);
        sample.valid = false;
        sample.source = FixSource::None;
        sample.io.push(raw_name("sample_mask", u64::from(mask), 2));
        let values = &mut sample.values;
        if mask & 1 != 0 {
            values.push(input("light", f64::from(r.u16("light")?)));
        }
        if mask & 2 != 0 {
            values.push(input("temperature", tenths(r.u16("temperature")?)));
            values.push(input("humidity", tenths(r.u16("humidity")?)));
        }
        if mask & 4 != 0 {
            values.push(input("ext_temp_sensor_1", tenths(r.u16("probe")?)));
        }
        if mask & 8 != 0 {
            let axes = r.bytes(6, "acceleration")?;
            sample.io.push(crate::record::IoElement {
                key: IoKey::Name("acceleration".into()),
                value: IoValue::Bytes(axes.to_vec()),
            });
        }
        if mask & 16 != 0 {
            let hpa = f64::from(r.u16("air pressure")?);
            sample.values.push(NamedValue::new(
                Sensor::Input(Cow::Borrowed("air_pressure")),
                Value::Number(hpa),
            ));
        }
        records.push(sample);
    }
    Ok(records)
}

/// A signed word in tenths.
fn tenths(word: u16) -> f64 {
    f64::from(word as i16) / 10.0
}

fn raw_name(name: &str, value: u64, width: u8) -> crate::record::IoElement {
    crate::record::IoElement {
        key: IoKey::Name(name.into()),
        value: IoValue::Uint { value, width },
    }
}
