//! Commands to devices as the store keeps them: each with its identity, its
//! request, its delivery rules and its lifecycle.

use serde::{Deserialize, Serialize};
use trackgate_protocols::command::Command;

use crate::model::TrackerId;

/// A command's id, unique in the store and never reused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct CommandId(pub u64);

/// Where a command is in its life.
///
/// `Queued` → `Sent` (written to the device) → `Acknowledged` (the
/// transport took it; for protocols without an answer this is the end) →
/// `Answered` (the device's reply was matched to it). `Failed`, `Expired`
/// and `Cancelled` end it early.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CommandStatus {
    /// Waiting to be sent.
    Queued,
    /// Written to the device, no answer yet.
    Sent,
    /// Taken by the transport; the protocol gives no answer to wait for.
    Acknowledged,
    /// The device answered it.
    Answered,
    /// It could not be delivered (encoding refused, attempts used up,
    /// device offline for a command that may not wait).
    Failed,
    /// Its time ran out before it was delivered.
    Expired,
    /// An operator withdrew it before it was delivered.
    Cancelled,
}

impl CommandStatus {
    /// Whether nothing more will happen to the command.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            Self::Acknowledged | Self::Answered | Self::Failed | Self::Expired | Self::Cancelled
        )
    }

    /// The lower-case name the API shows.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Queued => "queued",
            Self::Sent => "sent",
            Self::Acknowledged => "acknowledged",
            Self::Answered => "answered",
            Self::Failed => "failed",
            Self::Expired => "expired",
            Self::Cancelled => "cancelled",
        }
    }
}

/// When a queued command may be sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SendPolicy {
    /// As soon as the device is connected.
    WhenConnected,
    /// Only within this many seconds after the device's last inbound
    /// packet (a SIM behind NAT is reachable only that long).
    WithinSecondsOfInbound(u32),
}

/// How a command reaches its device.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum CommandChannel {
    /// Over the device's own connection (GPRS).
    #[default]
    Connection,
    /// As an SMS, through the configured SMS gateway.
    Sms,
}

impl CommandChannel {
    /// The lower-case name the API shows.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Connection => "gprs",
            Self::Sms => "sms",
        }
    }
}

/// A command to create.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewCommand {
    /// The tracker it is for.
    pub tracker: TrackerId,
    /// What to ask.
    pub command: Command,
    /// Resend while the device is offline or until it is acknowledged.
    pub reliable: bool,
    /// When it expires (ms since the epoch), if ever.
    pub expires_ms: Option<i64>,
    /// When it may be sent.
    pub policy: SendPolicy,
    /// How many times it may be written before it fails.
    pub max_attempts: u8,
    /// When it was created (ms since the epoch).
    pub created_ms: i64,
}

/// A stored command.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CommandRecord {
    /// Its id.
    pub id: CommandId,
    /// What was asked, and how it may be delivered.
    pub request: NewCommand,
    /// Where it is in its life.
    pub status: CommandStatus,
    /// How it reaches the device.
    pub channel: CommandChannel,
    /// Times it was written to the device.
    pub attempts: u8,
    /// The serial it was sent with, when its protocol's answers name one.
    pub serial: Option<u32>,
    /// The bytes last written to the device.
    pub encoded: Option<Vec<u8>>,
    /// When it was last written (ms since the epoch).
    pub sent_ms: Option<i64>,
    /// When its status became final (ms since the epoch).
    pub finished_ms: Option<i64>,
    /// The device's answer.
    pub reply: Option<String>,
    /// Why it failed, when it did.
    pub failure: Option<String>,
}

impl CommandRecord {
    /// A command as created: queued, to go over the device's connection,
    /// not yet sent.
    pub fn queued(id: CommandId, request: NewCommand) -> Self {
        Self {
            id,
            request,
            status: CommandStatus::Queued,
            channel: CommandChannel::Connection,
            attempts: 0,
            serial: None,
            encoded: None,
            sent_ms: None,
            finished_ms: None,
            reply: None,
            failure: None,
        }
    }
}
