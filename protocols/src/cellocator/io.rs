//! Named values for Cellocator messages.
//!
//! Raw elements kept in [`Record::io`](crate::Record), by id:
//!
//! | id | what | form |
//! |---|---|---|
//! | 1 | unit I/O status (status bytes 20–23) | 4-byte LE integer |
//! | 2 | analog inputs (status bytes 25–28) | 4 raw bytes |
//! | 3 | odometer (status bytes 29–31) | 3-byte LE integer |
//! | 4 | multi-purpose field (status bytes 32–37: the driver id in corpus #0) | 6 raw bytes |
//! | 5 | unit status and mode (status bytes 15 and 19) | 2 raw bytes |
//! | 100 + type | each module of a modular message but GPS and time | its raw bytes |
//!
//! | raw | named value | conversion |
//! |---|---|---|
//! | I/O status, bit 13 (second byte, bit 5) | ignition | on when set |
//!
//! The analog inputs, odometer and multi-purpose field depend on how the
//! unit is set up (scales, the field's content), so they stay raw.

use crate::sensor::{NamedValue, Sensor, Value};

/// The ignition, from the unit's I/O status.
pub fn ignition(io_status: u32) -> NamedValue {
    NamedValue::new(Sensor::Ignition, Value::Bool(io_status & (1 << 13) != 0))
}
