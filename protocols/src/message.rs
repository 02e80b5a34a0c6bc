//! What a decoded frame means to the session that received it.

use bytes::Bytes;
use serde::{Deserialize, Serialize};

use crate::record::Record;

/// A device's own identifier (IMEI for most protocols), as the device reports it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct DeviceId(pub String);

impl DeviceId {
    /// The identifier as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for DeviceId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// One decoded frame.
///
/// Replies are values: the session writes `accept`/`ack`/`reply` bytes only
/// after it has accepted the identity and durably stored the records.
#[derive(Debug, Clone, PartialEq)]
pub enum Message {
    /// The device identified itself.
    Login {
        /// Who it says it is.
        device: DeviceId,
        /// Written when the identity is accepted.
        accept: Option<Bytes>,
        /// Written (before closing) when the identity is refused.
        reject: Option<Bytes>,
    },
    /// Telemetry records.
    Records {
        /// Identity carried in the frame itself, for protocols that repeat it.
        device: Option<DeviceId>,
        /// The records, in the order the device sent them.
        records: Vec<Record>,
        /// Written once every record above is durably stored.
        ack: Option<Bytes>,
    },
    /// A keep-alive.
    Heartbeat {
        /// Identity carried in the frame itself, if any.
        device: Option<DeviceId>,
        /// What to answer, if the protocol answers keep-alives.
        reply: Option<Bytes>,
    },
    /// The device's answer to a command sent to it.
    CommandResponse {
        /// Identity carried in the frame itself, if any.
        device: Option<DeviceId>,
        /// The answer's text (binary answers hex-encoded).
        text: String,
        /// The serial number of the command this answers, when the answer
        /// carries one ([`crate::command::Encoded::serial`]); `None` when the
        /// protocol answers commands in order without naming them.
        answers: Option<u32>,
        /// What to answer, if anything.
        ack: Option<Bytes>,
    },
}

impl Message {
    /// The device the frame names, if it names one.
    pub fn device(&self) -> Option<&DeviceId> {
        match self {
            Self::Login { device, .. } => Some(device),
            Self::Records { device, .. }
            | Self::Heartbeat { device, .. }
            | Self::CommandResponse { device, .. } => device.as_ref(),
        }
    }
}
