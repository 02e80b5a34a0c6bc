//! Named values for Meiligao reports.
//!
//! Every raw value is also kept in [`Record::io`](crate::Record) under its
//! field name ([`super::report`]).
//!
//! | raw field (io name) | named value | conversion |
//! |---|---|---|
//! | alarm code (`9999` packets; also [`Record::event`](crate::Record)) | alarm | `01` sos, `10` low_battery, `11` overspeed, `12` movement, `13` geofence, `50` power_cut |
//! | `csq` (0–31) | gsm_signal | percent of 31 |
//! | `mileage` (metres) | odometer | metres |
//!
//! The other alarm codes, the state word, the analog inputs and the base
//! station stay raw only: the vendor's document gives their layout but
//! not units trackgate could name.

use crate::sensor::{NamedValue, Sensor, Value};

/// The alarm an alarm code raises, per the vendor's alarm code table.
pub fn alarm_name(code: u8) -> Option<&'static str> {
    Some(match code {
        0x01 => "sos",
        0x10 => "low_battery",
        0x11 => "overspeed",
        0x12 => "movement",
        0x13 => "geofence",
        0x50 => "power_cut",
        _ => return None,
    })
}

/// The alarm as a named value, if the code is one of the above.
pub fn alarm(code: u8) -> Option<NamedValue> {
    alarm_name(code).map(|name| NamedValue::new(Sensor::Alarm, Value::Text(name.to_owned())))
}

/// GSM signal in percent from the modem's CSQ (0–31; 99 is "unknown").
pub fn gsm_signal(csq: u64) -> Option<NamedValue> {
    (csq <= 31).then(|| {
        let percent = (csq as f64 * 100.0 / 31.0).round();
        NamedValue::new(Sensor::GsmSignal, Value::Number(percent))
    })
}

/// The odometer in metres.
pub fn odometer(metres: u64) -> NamedValue {
    NamedValue::new(Sensor::OdometerM, Value::Number(metres as f64))
}
