//! The live-push tests' helpers; their WebSocket client is the shared
//! `support::push::Push`.

use serde_json::Value;

/// 2024-03-01 12:00:00 UTC.
pub(crate) const T0: i64 = 1_709_294_400_000;

pub(crate) use crate::support::push::Push;

pub(crate) fn is_state_of(message: &Value, tracker: u64) -> bool {
    message["event"] == "state" && message["data"]["source_id"] == tracker
}
