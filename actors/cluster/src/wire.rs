//! What nodes say to each other over NATS: the subjects and the messages.
//!
//! | subject | who publishes | what |
//! |---|---|---|
//! | `<prefix>.trk.<tracker>` | a node claiming the device ([`ToHolder::Claim`]); any node calling its holder (requests) | subscribed by the node holding the device, while it holds it |
//! | `<prefix>.state.<tracker>` | the holder, on every change ([`StateChange`]) | subscribed by nodes whose push clients watch it |
//! | `<prefix>.node.<node>` | every node, every heartbeat ([`Heartbeat`]) | subscribed by every node (`<prefix>.node.*`) |
//!
//! Every message is one format byte ([`FORMAT`]) then the postcard bytes of
//! the value; decoding never panics, and an unknown format is an error, so a
//! later release can change the messages without being misread.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use trackgate_store::{TrackerId, TrackerState};

use crate::claim::Claim;

/// The first byte of every message this version writes.
pub const FORMAT: u8 = 1;

/// The subject of a tracker's holder: claims and calls.
pub fn holder_subject(prefix: &str, tracker: TrackerId) -> String {
    format!("{prefix}.trk.{}", tracker.0)
}

/// The subject a tracker's state changes are published on.
pub fn state_subject(prefix: &str, tracker: TrackerId) -> String {
    format!("{prefix}.state.{}", tracker.0)
}

/// The subject a node's heartbeats are published on.
pub fn heartbeat_subject(prefix: &str, node: u64) -> String {
    format!("{prefix}.node.{node}")
}

/// The subject every node's heartbeats are heard on.
pub fn heartbeats_wildcard(prefix: &str) -> String {
    format!("{prefix}.node.*")
}

/// What is said to the node holding a device.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ToHolder {
    /// A node identified the device (published, not a request): the older
    /// of two claims closes its session.
    Claim(Claim),
    /// Who holds the device, and its live state.
    Ask,
    /// A command stored for the device (read from the shared store by its id).
    Deliver {
        /// The command's id.
        command: u64,
    },
    /// A command withdrawn: the session drops it before the caller records that.
    Cancel {
        /// The command's id.
        command: u64,
    },
    /// The tracker is no longer active: finish what is in flight and close.
    Deactivate,
}

/// How a holder describes its connection of the device.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Holding {
    /// The holding node's id.
    pub node: u64,
    /// The protocol the device speaks on that connection.
    pub protocol: String,
    /// Where the device connected from.
    pub peer: String,
    /// The tracker's live state.
    pub state: TrackerState,
}

/// A holder's answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum FromHolder {
    /// It holds the device (the answer to [`ToHolder::Ask`]).
    Held(Box<Holding>),
    /// It did what it was asked; `taken`: a session took it.
    Done {
        /// Whether a session of the device took the command or message.
        taken: bool,
    },
    /// It no longer holds the device (it was leaving as the call came).
    Gone,
}

/// A change of a tracker's live state, from its holder.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StateChange {
    /// The holder's node id (a node ignores its own).
    pub node: u64,
    /// Whether the device is connected now.
    pub connected: bool,
    /// Its state now.
    pub state: TrackerState,
}

/// A node's heartbeat: who it is and what it is doing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Heartbeat {
    /// Its id.
    pub node: u64,
    /// Its name.
    pub name: String,
    /// The address its HTTP API listens on.
    pub api: String,
    /// When it started, ms since the epoch.
    pub started_ms: i64,
    /// When this heartbeat was sent, ms since the epoch (the sender's clock).
    pub sent_ms: i64,
    /// Trackers connected to it.
    pub trackers_online: u64,
    /// Device connections it holds, and its slots for them.
    pub connections: u64,
    /// Its device connection slots.
    pub connection_slots: u64,
    /// Whether it accepts device connections (slots left).
    pub accepting: bool,
    /// Records received over the last minute.
    pub records_last_minute: u64,
    /// Records received since it started.
    pub records_total: u64,
}

/// A message that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WireError {
    /// Nothing at all.
    #[error("empty message")]
    Empty,
    /// A format this version does not know.
    #[error("unknown message format {0}")]
    Format(u8),
    /// Bytes that are not the message, or more than it.
    #[error("malformed message: {0}")]
    Malformed(String),
}

/// `FORMAT | postcard(value)`.
pub fn encode<T: Serialize>(value: &T) -> Vec<u8> {
    // Serialising into a growing vector fails only for types postcard
    // cannot express, which none of these are; an empty message then
    // fails to decode on the other side instead of panicking here.
    postcard::to_extend(value, vec![FORMAT]).unwrap_or_default()
}

/// Reads a message written by [`encode`].
pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, WireError> {
    let body = match bytes.split_first() {
        Some((&FORMAT, body)) => body,
        Some((&other, _)) => return Err(WireError::Format(other)),
        None => return Err(WireError::Empty),
    };
    let (value, rest) =
        postcard::take_from_bytes(body).map_err(|e| WireError::Malformed(e.to_string()))?;
    if !rest.is_empty() {
        return Err(WireError::Malformed(format!(
            "{} trailing bytes",
            rest.len()
        )));
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;
    use trackgate_store::Timed;

    fn state() -> TrackerState {
        let mut values = BTreeMap::new();
        values.insert(
            "battery".into(),
            Timed {
                value: trackgate_protocols::Value::Number(87.5),
                updated_ms: 1_700_000_000_000,
            },
        );
        TrackerState {
            last_update_ms: Some(1_700_000_000_123),
            connected_ms: Some(1_700_000_000_000),
            values,
            ..TrackerState::default()
        }
    }

    #[test]
    fn every_message_reads_back_as_written() {
        let calls = [
            ToHolder::Claim(Claim {
                connected_ms: 42,
                node: 3,
            }),
            ToHolder::Ask,
            ToHolder::Deliver { command: 9 },
            ToHolder::Cancel { command: 10 },
            ToHolder::Deactivate,
        ];
        for call in calls {
            assert_eq!(decode::<ToHolder>(&encode(&call)), Ok(call));
        }
        let answers = [
            FromHolder::Held(Box::new(Holding {
                node: 2,
                protocol: "teltonika".into(),
                peer: "127.0.0.1:5000".into(),
                state: state(),
            })),
            FromHolder::Done { taken: true },
            FromHolder::Gone,
        ];
        for answer in answers {
            assert_eq!(decode::<FromHolder>(&encode(&answer)), Ok(answer));
        }
        let change = StateChange {
            node: 1,
            connected: false,
            state: state(),
        };
        assert_eq!(decode::<StateChange>(&encode(&change)), Ok(change));
        let beat = Heartbeat {
            node: 5,
            name: "b".into(),
            api: "127.0.0.1:8080".into(),
            started_ms: 1,
            sent_ms: 2,
            trackers_online: 3,
            connections: 4,
            connection_slots: 100,
            accepting: true,
            records_last_minute: 6,
            records_total: 7,
        };
        assert_eq!(decode::<Heartbeat>(&encode(&beat)), Ok(beat));
    }

    #[test]
    fn bad_bytes_are_errors_not_panics() {
        assert_eq!(decode::<ToHolder>(&[]), Err(WireError::Empty));
        assert_eq!(decode::<ToHolder>(&[9, 0]), Err(WireError::Format(9)));
        assert!(matches!(
            decode::<ToHolder>(&[FORMAT, 200]),
            Err(WireError::Malformed(_))
        ));
        let mut long = encode(&ToHolder::Ask);
        long.push(0);
        assert!(matches!(
            decode::<ToHolder>(&long),
            Err(WireError::Malformed(_))
        ));
        let whole = encode(&StateChange {
            node: 1,
            connected: true,
            state: state(),
        });
        for cut in 0..whole.len() {
            assert!(decode::<StateChange>(&whole[..cut]).is_err());
        }
    }

    #[test]
    fn subjects_name_their_tracker_or_node() {
        assert_eq!(holder_subject("tg", TrackerId(12)), "tg.trk.12");
        assert_eq!(state_subject("tg", TrackerId(12)), "tg.state.12");
        assert_eq!(heartbeat_subject("tg", 3), "tg.node.3");
        assert_eq!(heartbeats_wildcard("tg"), "tg.node.*");
    }
}
