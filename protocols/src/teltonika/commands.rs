//! Commands to Teltonika devices: Codec 12 over TCP.
//!
//! | command | text sent |
//! |---|---|
//! | text | as given |
//! | bytes | as given, as the command item's payload |
//! | output n on / off | `setdigout` with `1` / `0` at position n and `?` (unchanged) before it, e.g. `setdigout ?1` |
//! | engine block / release | output 1 (the immobiliser relay's usual output) on / off |
//! | location request | `getgps` |
//!
//! Codec 12 answers (type `06`) carry no reference to the command, so they
//! are matched in order: one command outstanding at a time. Over UDP the
//! command would need the UDP envelope and a device that listens between
//! its own packets; trackgate does not send commands over Teltonika UDP.

use crate::codec::Transport;
use crate::command::{Command, CommandEncoder, CommandError, Encoded, Target, output_index};

use super::encode::command_packet;

/// Digital outputs Teltonika devices address with `setdigout`.
const OUTPUTS: u8 = 4;

/// Teltonika's command encoder.
#[derive(Debug, Default, Clone, Copy)]
pub struct TeltonikaCommands;

impl CommandEncoder for TeltonikaCommands {
    fn encode(&self, command: &Command, target: &Target<'_>) -> Result<Encoded, CommandError> {
        if target.transport != Transport::Tcp {
            return Err(CommandError::Unsupported(
                "Teltonika commands are sent over TCP only".into(),
            ));
        }
        let payload: Vec<u8> = match command {
            Command::Text(text) => text.as_bytes().to_vec(),
            Command::Bytes(bytes) => bytes.clone(),
            Command::Output { index, on } => setdigout(output_index(*index, OUTPUTS)?, *on),
            Command::EngineBlock(block) => setdigout(1, *block),
            Command::LocationRequest => b"getgps".to_vec(),
        };
        Ok(Encoded {
            bytes: command_packet(&payload),
            serial: None,
            answered: true,
        })
    }
}

/// `setdigout` with output `index` set and the ones before it unchanged.
fn setdigout(index: u8, on: bool) -> Vec<u8> {
    let mut text = String::from("setdigout ");
    text.extend(std::iter::repeat_n('?', usize::from(index - 1)));
    text.push(if on { '1' } else { '0' });
    text.into_bytes()
}
