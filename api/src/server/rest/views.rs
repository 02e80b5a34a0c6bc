//! How the REST administration writes what it shows: times as Unix times
//! in seconds (what seed 001's clients compare with `time()`), flags as
//! `0`/`1` (as its product's database rows hold them), and a connected
//! device's connection.

use serde_json::{Value, json};
use trackgate_cluster::Holder;
use trackgate_store::Tracker;

use crate::ApiState;
use crate::server::ServerError;

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
/// is connected to a node of the cluster: the tracker, its device id, the
/// protocol it speaks, the address it connected from, the node holding it,
/// when it connected and when it last sent anything.
pub fn connection(
    state: &ApiState,
    tracker: &Tracker,
    device_id: &str,
) -> Result<Option<Value>, ServerError> {
    let (protocol, ip, node, live) = match crate::live::server_holder(state, tracker.source())? {
        Holder::Local(entry) => (
            entry.protocol.name().to_owned(),
            entry.peer.ip().to_string(),
            state.cluster.node_id(),
            entry.state,
        ),
        Holder::Remote(remote) => (
            remote.protocol.map_or("", |p| p.name()).to_owned(),
            remote
                .peer
                .parse::<std::net::SocketAddr>()
                .map_or(remote.peer.clone(), |peer| peer.ip().to_string()),
            remote.node,
            remote.state,
        ),
        Holder::Offline | Holder::Unreachable(_) => return Ok(None),
    };
    Ok(Some(json!({
        "tracker_id": tracker.id.0,
        "device_id": device_id,
        "protocol": protocol,
        "ip": ip,
        "server_id": node,
        "connected_since": unix_or_null(live.connected_ms),
        "last_update": unix_or_null(live.last_update_ms),
    })))
}
