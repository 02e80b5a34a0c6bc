//! Named values: the meaning trackgate gives a protocol's raw I/O.
//!
//! Names follow the Navixy User API (seed 003): sensor input names such as
//! `board_voltage`, `analog_1`, `obd_rpm`, state names such as `obd_vin` or
//! `hardware_key`, and the parts of a tracker's state (inputs, outputs,
//! battery level, GSM signal). Each protocol maps its own element ids onto
//! these; the raw elements are kept beside them in [`crate::Record::io`].

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

/// What a named value means.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Sensor {
    /// Ignition on/off.
    Ignition,
    /// Discrete input n (1-based) on/off.
    DigitalInput(u8),
    /// Discrete output n (1-based) on/off.
    DigitalOutput(u8),
    /// Internal battery charge in percent.
    BatteryLevel,
    /// GSM signal strength in percent.
    GsmSignal,
    /// Whether the modem is roaming.
    GsmRoaming,
    /// Whether the device reports that it is moving.
    Motion,
    /// Total distance in metres.
    OdometerM,
    /// A named alarm (`sos`, `power_cut`, `overspeed`, ...).
    Alarm,
    /// A seed 003 sensor input name: `board_voltage`, `analog_1`, `ext_temp_sensor_1`, `obd_rpm`, `can_fuel`, ...
    Input(Cow<'static, str>),
    /// A seed 003 state name: `hardware_key`, `obd_vin`, `external_power_state`, ...
    State(Cow<'static, str>),
}

impl Sensor {
    /// The name the User API shows for this value.
    pub fn name(&self) -> Cow<'static, str> {
        match self {
            Self::Ignition => "ignition".into(),
            Self::DigitalInput(n) => format!("input_{n}").into(),
            Self::DigitalOutput(n) => format!("output_{n}").into(),
            Self::BatteryLevel => "battery_level".into(),
            Self::GsmSignal => "gsm_signal".into(),
            Self::GsmRoaming => "gsm_roaming".into(),
            Self::Motion => "moving".into(),
            Self::OdometerM => "odometer".into(),
            Self::Alarm => "alarm".into(),
            Self::Input(name) | Self::State(name) => name.clone(),
        }
    }
}

/// A named value's value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Value {
    /// On/off.
    Bool(bool),
    /// A measured quantity, in the unit the sensor name implies.
    Number(f64),
    /// Text, e.g. a VIN or a hardware key.
    Text(String),
}

/// One named value carried by a record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NamedValue {
    /// What it is.
    pub sensor: Sensor,
    /// Its value.
    pub value: Value,
}

impl NamedValue {
    /// Builds a named value.
    pub fn new(sensor: Sensor, value: Value) -> Self {
        Self { sensor, value }
    }
}
