//! Commands to Wialon IPS devices: a message to the driver.
//!
//! | command | line sent |
//! |---|---|
//! | text | `#M#<text>\r\n` |
//! | bytes, outputs, engine block, location request | not sent: [`CommandError::Unsupported`] |
//!
//! Wialon IPS 1.1 and 2.0 give the server one downlink packet a gateway
//! can use, `#M#` (message to the driver); firmware and configuration
//! uploads (`#US#`, `#UC#`) are not commands. There is no documented way to
//! switch an output, block an engine or ask for a position, so those are
//! refused rather than guessed.
//!
//! The text is sent in the 1.1 form, without a CRC. It must fit on one
//! line: text holding CR or LF is [`CommandError::Invalid`].
//!
//! # Answers
//!
//! None: `#AM#` is only ever sent by the server (to answer the driver's own
//! `#M#`), so a message to the driver is not waited on (`answered: false`).
//! A `#M#` the driver sends back is decoded as a command answer of its own
//! ([`crate::Message::CommandResponse`], `answers: None`).
//!
//! Messages go over TCP, or over UDP to the device's last address.

use bytes::Bytes;

use crate::command::{Command, CommandEncoder, CommandError, Encoded, Target, no_lock_commands};

/// Wialon IPS's command encoder.
#[derive(Debug, Default, Clone, Copy)]
pub struct WialonCommands;

impl CommandEncoder for WialonCommands {
    fn encode(&self, command: &Command, _target: &Target<'_>) -> Result<Encoded, CommandError> {
        let text = match command {
            Command::ElectronicLock { .. } | Command::SpecialSettings(_) => {
                return Err(no_lock_commands());
            }
            Command::Text(text) => text,
            Command::Bytes(_) => return Err(unsupported("raw bytes")),
            Command::Output { .. } => return Err(unsupported("output control")),
            Command::EngineBlock(_) => return Err(unsupported("engine blocking")),
            Command::LocationRequest => return Err(unsupported("a position request")),
        };
        if text.contains(['\r', '\n']) {
            return Err(CommandError::Invalid(
                "a Wialon IPS message is one line: no CR or LF".into(),
            ));
        }
        Ok(Encoded {
            bytes: Bytes::from(format!("#M#{text}\r\n")),
            serial: None,
            answered: false,
        })
    }
}

fn unsupported(what: &str) -> CommandError {
    CommandError::Unsupported(format!(
        "Wialon IPS has no downlink for {what}; only a text message to the driver (#M#)"
    ))
}
