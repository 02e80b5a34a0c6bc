//! How the REST administration writes what it shows: times as Unix times
//! in seconds (what seed 001's clients compare with `time()`), flags as
//! `0`/`1` (as its product's database rows hold them), and a connected
//! device's connection.

use serde_json::{Value, json};
use trackgate_store::Tracker;

use crate::ApiState;

/// ms since the epoch as a Unix time in seconds.
pub fn unix(ms: i64) -> i64 {
    ms.div_euclid(1000)
}

/// An optional instant as a Unix time, or `null`.
pub fn unix_or_null(ms: Option<i64>) -> Value {
    ms.map_or(Value::Null, |ms| unix(ms).into())
}

/// A flag as `0` or `1`.
pub fn flag(on: bool) -> Value {
    u8::from(on).into()
}

/// The connection of `tracker`'s device (a clone's: its source's), if it
/// is connected to this node: the tracker, its device id, the protocol it
/// speaks, the address it connected from, when it connected and when it
/// last sent anything.
pub fn connection(state: &ApiState, tracker: &Tracker, device_id: &str) -> Option<Value> {
    let entry = state.registry.get(tracker.source())?;
    Some(json!({
        "tracker_id": tracker.id.0,
        "device_id": device_id,
        "protocol": entry.protocol.name(),
        "ip": entry.peer.ip().to_string(),
        "server_id": super::servers::THIS_NODE,
        "connected_since": unix_or_null(entry.state.connected_ms),
        "last_update": unix_or_null(entry.state.last_update_ms),
    }))
}
