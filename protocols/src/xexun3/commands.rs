//! Commands to Xexun3 devices: none can be sent yet.
//!
//! | command | sent |
//! |---|---|
//! | every kind | refused ([`CommandError::Unsupported`]) |
//!
//! The device's answers to commands are known (type `0x21` frames, decoded as
//! [`Message::CommandResponse`](crate::Message::CommandResponse)), but
//! the frame a server sends a command in — its message type and payload
//! layout — is not given by the public protocol material or the corpus
//! this gateway was built from, so the encoder refuses rather than guess.

use crate::command::{Command, CommandEncoder, CommandError, Encoded, Target};

/// Xexun3's command encoder: refuses every command, saying why.
#[derive(Debug, Default, Clone, Copy)]
pub struct Xexun3Commands;

impl CommandEncoder for Xexun3Commands {
    fn encode(&self, _command: &Command, _target: &Target<'_>) -> Result<Encoded, CommandError> {
        Err(CommandError::Unsupported(
            "the Xexun3 command frame is not documented in the material this gateway follows"
                .into(),
        ))
    }
}
