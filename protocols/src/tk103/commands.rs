//! Commands to TK103 devices: `(<id><command><parameters>)`, the id as the
//! device sends it.
//!
//! | command | sentence sent |
//! |---|---|
//! | text | `(<id><text>)`, e.g. text `AP07` → `(<id>AP07)` |
//! | bytes | the same, the bytes as text |
//! | engine block / release | `(<id>AV010)` / `(<id>AV011)`: `AV01` oil and circuit control, `0` cuts, `1` restores |
//! | output 1 on / off | the same circuit: on (relay engaged, circuit cut) `AV010`, off `AV011` |
//! | location request | `(<id>AP00)`: one position now |
//!
//! TK103 devices have the one controlled circuit, so only output 1 exists.
//! A command holding `(` or `)` would end the sentence early and is
//! [`CommandError::Invalid`].
//!
//! # Answers
//!
//! Sentences carry no serial: answers come in order. Devices acknowledge
//! `AV01` and `AP00` with classic `B…` sentences (a position block or a
//! status), which the decoder stores as records rather than command
//! answers, so typed commands are not waited on (`answered: false`). Text
//! commands are, since firmware speaking the comma form answers them with a
//! `ZC03` text ([`crate::Message::CommandResponse`]).
//!
//! Commands go over TCP, or over UDP to the device's last address.

use bytes::Bytes;

use crate::command::{
    Command, CommandEncoder, CommandError, Encoded, Target, no_lock_commands, output_index,
};

/// TK103's command encoder.
#[derive(Debug, Default, Clone, Copy)]
pub struct Tk103Commands;

impl CommandEncoder for Tk103Commands {
    fn encode(&self, command: &Command, target: &Target<'_>) -> Result<Encoded, CommandError> {
        let (body, answered) = match command {
            Command::ElectronicLock { .. } | Command::SpecialSettings(_) => {
                return Err(no_lock_commands());
            }
            Command::Text(text) => (text.clone(), true),
            Command::Bytes(bytes) => (String::from_utf8_lossy(bytes).into_owned(), true),
            Command::Output { index, on } => {
                output_index(*index, 1)?;
                (circuit(*on).to_owned(), false)
            }
            Command::EngineBlock(block) => (circuit(*block).to_owned(), false),
            Command::LocationRequest => ("AP00".to_owned(), false),
        };
        if body.is_empty() || body.contains(['(', ')']) {
            return Err(CommandError::Invalid(
                "a TK103 command is non-empty and holds no parentheses".into(),
            ));
        }
        Ok(Encoded {
            bytes: Bytes::from(format!("({}{body})", target.device.0)),
            serial: None,
            answered,
        })
    }
}

/// `AV01` with `0` (cut) when `cut`, else `1` (restore).
fn circuit(cut: bool) -> &'static str {
    if cut { "AV010" } else { "AV011" }
}
