//! One ATrack record, as binary and text reports both carry it, and the
//! [`Record`] it becomes.
//!
//! | field              | unit                       | record                        |
//! |--------------------|----------------------------|-------------------------------|
//! | GPS time           | Unix seconds               | `fix_time_ms`                 |
//! | longitude, latitude| 1e-6°                      | `longitude`, `latitude`       |
//! | heading            | degrees                    | `course_deg`                  |
//! | report id          | the device's event code    | `event`                       |
//! | odometer           | 0.1 km                     | `odometer` (m)                |
//! | HDOP               | 0.1                        | `hdop`                        |
//! | input status       | bit n = input n + 1        | `input_1..8`; bit 0 `ignition`|
//! | speed              | km/h                       | `speed_kmh`                   |
//! | output status      | bit n = output n + 1       | `output_1..8`                 |
//! | analog input       | mV                         | `analog_1` (V)                |
//! | driver id          | text, empty = none         | `hardware_key` (state)        |
//! | temperatures 1, 2  | 0.1 °C, 2000 = no sensor   | `ext_temp_sensor_1`, `_2`     |
//! | text message       | text                       | raw `text` element            |
//!
//! The RTC and sending times are kept raw (`rtc_time`, `send_time`).
//! ATrack reports carry no validity flag: a record is `valid` as sent
//! (the device reports its last fix). Custom fields follow ([`super::custom`]).

use std::borrow::Cow;

use crate::record::{FixSource, IoElement, IoKey, IoValue, Record};
use crate::sensor::{NamedValue, Sensor, Value};

use super::custom;

/// A temperature field's "no sensor" value.
const NO_SENSOR: i64 = 2000;

/// The fields of one record.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Fields {
    /// GPS time, ms since the epoch.
    pub gps_ms: i64,
    /// RTC time, Unix seconds.
    pub rtc: i64,
    /// Sending time, Unix seconds.
    pub send: i64,
    /// Longitude, 1e-6°.
    pub longitude: i64,
    /// Latitude, 1e-6°.
    pub latitude: i64,
    /// Heading, degrees.
    pub heading: f64,
    /// Report id.
    pub report: u32,
    /// Odometer, 0.1 km.
    pub odometer: f64,
    /// HDOP, 0.1.
    pub hdop: f64,
    /// Input status bits.
    pub inputs: u64,
    /// Speed, km/h.
    pub speed: f64,
    /// Output status bits.
    pub outputs: u64,
    /// Analog input, mV.
    pub analog: f64,
    /// Driver id.
    pub driver: String,
    /// Temperatures, 0.1 °C.
    pub temperatures: [i64; 2],
    /// Text message.
    pub text: String,
    /// Custom fields by code, as the record's custom form lists them.
    pub custom: Vec<(String, IoValue)>,
    /// Anything after the standard fields that no form describes.
    pub extra: Option<String>,
}

fn raw(name: &str, value: IoValue) -> IoElement {
    IoElement {
        key: IoKey::Name(name.to_owned()),
        value,
    }
}

fn input(name: impl Into<Cow<'static, str>>, value: f64) -> NamedValue {
    NamedValue::new(Sensor::Input(name.into()), Value::Number(value))
}

impl Fields {
    /// The record these fields describe.
    pub fn into_record(self) -> Record {
        let (lat, lon) = (self.latitude as f64 / 1e6, self.longitude as f64 / 1e6);
        let mut r = Record::at(self.gps_ms, lat, lon);
        if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
            r.latitude = 0.0;
            r.longitude = 0.0;
            r.valid = false;
            r.source = FixSource::None;
        }
        r.course_deg = self.heading.rem_euclid(360.0);
        r.speed_kmh = self.speed;
        r.hdop = Some(self.hdop / 10.0);
        r.event = Some(self.report);
        let mut values = vec![
            NamedValue::new(Sensor::Ignition, Value::Bool(self.inputs & 1 != 0)),
            NamedValue::new(Sensor::OdometerM, Value::Number(self.odometer * 100.0)),
            input("analog_1", self.analog / 1000.0),
        ];
        values.extend((0..8u8).map(|n| {
            NamedValue::new(
                Sensor::DigitalInput(n + 1),
                Value::Bool(self.inputs >> n & 1 != 0),
            )
        }));
        values.extend((0..8u8).map(|n| {
            NamedValue::new(
                Sensor::DigitalOutput(n + 1),
                Value::Bool(self.outputs >> n & 1 != 0),
            )
        }));
        if !self.driver.is_empty() && self.driver != "0" {
            values.push(NamedValue::new(
                Sensor::State(Cow::Borrowed("hardware_key")),
                Value::Text(self.driver.clone()),
            ));
        }
        for (n, t) in self.temperatures.iter().enumerate() {
            if *t != NO_SENSOR {
                values.push(input(
                    format!("ext_temp_sensor_{}", n + 1),
                    *t as f64 / 10.0,
                ));
            }
        }
        let mut io = vec![
            raw(
                "rtc_time",
                IoValue::Uint {
                    value: self.rtc as u64,
                    width: 4,
                },
            ),
            raw(
                "send_time",
                IoValue::Uint {
                    value: self.send as u64,
                    width: 4,
                },
            ),
            raw(
                "inputs",
                IoValue::Uint {
                    value: self.inputs,
                    width: 1,
                },
            ),
            raw(
                "outputs",
                IoValue::Uint {
                    value: self.outputs,
                    width: 1,
                },
            ),
        ];
        if !self.driver.is_empty() {
            io.push(raw("driver_id", IoValue::Text(self.driver)));
        }
        if !self.text.is_empty() {
            io.push(raw("text", IoValue::Text(self.text)));
        }
        if let Some(extra) = self.extra {
            io.push(raw("extra", IoValue::Text(extra)));
        }
        for (code, value) in self.custom {
            custom::apply(&code, &value, &mut r, &mut values);
            io.push(raw(&code, value));
        }
        r.values = values;
        r.io = io;
        r
    }
}
