//! Commands to Xexun2 devices: none can be sent yet.
//!
//! | command | sent |
//! |---|---|
//! | every kind | refused ([`CommandError::Unsupported`]) |
//!
//! The device's answers to commands are known (type `0x07` frames, decoded as
//! [`Message::CommandResponse`](crate::Message::CommandResponse)), but
//! the frame a server sends a command in — its message type and payload
//! layout — is not given by the public protocol material or the corpus
//! this gateway was built from, so the encoder refuses rather than guess.

use crate::command::{Command, CommandEncoder, CommandError, Encoded, Target};

/// Xexun2's command encoder: refuses every command, saying why.
#[derive(Debug, Default, Clone, Copy)]
pub struct Xexun2Commands;

impl CommandEncoder for Xexun2Commands {
    fn encode(&self, _command: &Command, _target: &Target<'_>) -> Result<Encoded, CommandError> {
        Err(CommandError::Unsupported(
            "the Xexun2 command frame is not documented in the material this gateway follows"
                .into(),
        ))
    }
}
