//! Named values for the GT02 header's power and GSM levels.
//!
//! Both fields are also kept raw in `Record::io` under their names.
//!
//! | raw field (io name) | named value | conversion |
//! |---|---|---|
//! | `voltage_level` (0–6) | battery_level | level × 100 / 6, rounded |
//! | `gsm_level` (0–4) | gsm_signal | level × 25 |
//!
//! No public GT02 document gives the scales. The values the devices send
//! (5 and 6, 3 and 4 in the corpus) fit the ones Concox documents for the
//! same two fields of its later GT06 protocol, so these are those scales
//! (shared with [`crate::gt06::io`]); a level beyond them is kept raw only.
//! Location messages carry zeros here and get neither name.

use crate::sensor::NamedValue;

/// Battery level from the 0–6 power level.
pub fn power_level(level: u8) -> Option<NamedValue> {
    crate::gt06::io::voltage_level(level)
}

/// GSM signal from the 0–4 signal level.
pub fn gsm_level(level: u8) -> Option<NamedValue> {
    crate::gt06::io::gsm_level(level)
}
