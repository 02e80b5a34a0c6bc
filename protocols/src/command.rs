//! Commands to devices: what an operator asks for, and the bytes each
//! protocol sends for it.
//!
//! A [`CommandEncoder`] turns a [`Command`] into the bytes a device
//! understands ([`Encoded`]), numbered with the serial the gateway gives
//! it when the protocol can carry one. The device's answer arrives as a
//! [`Message::CommandResponse`](crate::Message::CommandResponse); its
//! `answers` field names that serial when the protocol echoes it, so the
//! gateway can tell which command was answered. Protocols whose answers
//! name no command answer them in order, one outstanding at a time
//! ([`Encoded::serial`] is `None`).
//!
//! A protocol that cannot express a command answers
//! [`CommandError::Unsupported`]; the User API reports that as code 214.

use bytes::Bytes;
use serde::{Deserialize, Serialize};

use crate::codec::Transport;
use crate::message::DeviceId;

/// What an operator asks a device to do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Command {
    /// Text in the device's own command language, sent as it is.
    Text(String),
    /// Bytes sent as they are (for binary command languages).
    Bytes(Vec<u8>),
    /// Switch discrete output `index` (1-based) on or off.
    Output {
        /// Which output, from 1.
        index: u8,
        /// On (true) or off.
        on: bool,
    },
    /// Block the engine (true) or release it (false), through the output
    /// the protocol's devices wire their immobiliser relay to.
    EngineBlock(bool),
    /// Report the current position now.
    LocationRequest,
    /// Seal (true) or unseal an electronic lock, with the lock's password
    /// when it takes one (seed 003's `electronic_lock_command`).
    ElectronicLock {
        /// Seal (true) or unseal.
        seal: bool,
        /// The lock's password, if it needs one.
        password: Option<String>,
    },
    /// Apply a device model's special settings (seed 003's
    /// `set_special_settings_command`), given as their JSON text.
    SpecialSettings(String),
}

impl Command {
    /// Whether this is one of the lock-model commands only lock protocols
    /// can carry.
    pub fn is_lock_command(&self) -> bool {
        matches!(self, Self::ElectronicLock { .. } | Self::SpecialSettings(_))
    }
}

/// The refusal of a protocol without electronic locks or special settings.
pub fn no_lock_commands() -> CommandError {
    CommandError::Unsupported(
        "this protocol has no electronic lock or special-settings commands".into(),
    )
}

/// Where a command goes.
#[derive(Debug, Clone, Copy)]
pub struct Target<'a> {
    /// The device, as it identified itself.
    pub device: &'a DeviceId,
    /// The serial number the gateway gives this command (protocols that
    /// carry one put it in the bytes, and the answer echoes it).
    pub serial: u16,
    /// How the device is connected.
    pub transport: Transport,
}

/// A command as bytes for one device.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Encoded {
    /// What to write to the device.
    pub bytes: Bytes,
    /// The serial the device's answer will name, if the protocol's answers
    /// name one; `None` when answers come in order without one.
    pub serial: Option<u32>,
    /// Whether the device answers this command at all. When it does not,
    /// writing it is all the delivery there is.
    pub answered: bool,
}

/// Why a command cannot be sent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CommandError {
    /// The protocol (or this transport of it) has no way to say this.
    #[error("not supported by this protocol: {0}")]
    Unsupported(String),
    /// The command's own parameters are out of range for the protocol.
    #[error("invalid command: {0}")]
    Invalid(String),
}

/// What a device needs to be told to report to trackgate: the SIM's access
/// point and the server's address (the registration commands).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceSetup<'a> {
    /// Access point name; empty keeps the device's own.
    pub apn_name: &'a str,
    /// Access point user, may be empty.
    pub apn_user: &'a str,
    /// Access point password, may be empty.
    pub apn_password: &'a str,
    /// The host name or IP address devices reach the gateway at.
    pub host: &'a str,
    /// The port of the protocol's listener there.
    pub port: u16,
}

/// Encodes commands for one protocol.
pub trait CommandEncoder: Send + Sync + 'static {
    /// The bytes for `command` to `target`.
    fn encode(&self, command: &Command, target: &Target<'_>) -> Result<Encoded, CommandError>;

    /// The text of `command` as an SMS to the device, for protocols whose
    /// devices take commands by SMS; `None` when the protocol documents no
    /// SMS form of it.
    fn sms(&self, command: &Command) -> Option<String> {
        let _ = command;
        None
    }

    /// The SMS texts, in order, that point a factory-fresh device at the
    /// gateway (APN, then server); empty when the protocol documents none.
    fn setup_sms(&self, setup: &DeviceSetup<'_>) -> Vec<String> {
        let _ = setup;
        Vec::new()
    }

    /// The position in the device's answer to a [`Command::LocationRequest`],
    /// for protocols that answer it with text rather than a position
    /// report; the gateway stores it as the tracker's newest point.
    fn answer_position(&self, answer: &str) -> Option<crate::Record> {
        let _ = answer;
        None
    }
}

/// Checks an output index against the number of outputs a protocol
/// addresses.
pub fn output_index(index: u8, outputs: u8) -> Result<u8, CommandError> {
    if (1..=outputs).contains(&index) {
        Ok(index)
    } else {
        Err(CommandError::Invalid(format!(
            "output {index} is not one of 1..={outputs}"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::{Command, CommandError};
    use crate::codec::Transport;
    use crate::test_support::encode_command;

    /// Xexun2 and Xexun3 devices take no commands from the server: their
    /// encoders refuse every kind, saying so.
    #[test]
    fn protocols_without_a_command_channel_refuse_every_command() {
        for protocol in [crate::xexun2::PROTOCOL, crate::xexun3::PROTOCOL] {
            let encoder = protocol
                .command_encoder()
                .expect("an encoder that says why it refuses");
            for command in [
                Command::Text("STATUS".into()),
                Command::Bytes(vec![0x01]),
                Command::Output { index: 1, on: true },
                Command::EngineBlock(true),
                Command::LocationRequest,
            ] {
                let encoded =
                    encode_command(encoder, &command, "861045080387015", 1, Transport::Tcp);
                assert!(
                    matches!(encoded, Err(CommandError::Unsupported(_))),
                    "{protocol:?} {command:?}"
                );
            }
        }
    }
}
