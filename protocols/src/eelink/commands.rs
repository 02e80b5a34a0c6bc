//! Commands to Eelink devices: the 0x80 instruction packet.
//!
//! An instruction is `67 67 80 <size> <sequence>` followed by its content:
//! the instruction type `01` (a text command), a 4-byte server flag, and
//! the command text in ASCII (the device's SMS command language). The
//! command's serial is both the server flag and the packet's sequence.
//!
//! | command | text sent |
//! |---|---|
//! | text | as given (ASCII) |
//! | bytes | as given, as the command text |
//! | output 1 on / off | `RELAY,1#` / `RELAY,0#` (the one relay) |
//! | engine block / release | `RELAY,1#` / `RELAY,0#` |
//! | location request | `WHERE#` |
//!
//! The device answers with a 0x80 packet of its own carrying the same
//! server flag, so the answer's
//! [`Message::CommandResponse`](crate::Message::CommandResponse) names the
//! command in `answers`. The answer to `WHERE#` is a position in text,
//! decoded as a record rather than as a command answer, so that command
//! counts as unanswered.
//!
//! Over UDP the instruction travels in the `EL` envelope naming the
//! device, as every packet to a UDP device does.

use bytes::Bytes;

use crate::codec::Transport;
use crate::command::{
    Command, CommandEncoder, CommandError, Encoded, Target, no_lock_commands, output_index,
};

use super::decode::kind;
use super::encode::{packet, udp_wrap};

/// The instruction type of a text command.
pub const TEXT_COMMAND: u8 = 0x01;

/// The longest command text sent: the length of an SMS, which is the
/// command language the text is in.
pub const MAX_TEXT: usize = 160;

/// Relay outputs Eelink devices address (`RELAY,<0|1>#`).
const OUTPUTS: u8 = 1;

/// Eelink's command encoder.
#[derive(Debug, Default, Clone, Copy)]
pub struct EelinkCommands;

impl CommandEncoder for EelinkCommands {
    fn encode(&self, command: &Command, target: &Target<'_>) -> Result<Encoded, CommandError> {
        let (text, answered): (&[u8], bool) = match command {
            Command::ElectronicLock { .. } | Command::SpecialSettings(_) => {
                return Err(no_lock_commands());
            }
            Command::Text(text) => (text.as_bytes(), true),
            Command::Bytes(bytes) => (bytes, true),
            Command::Output { index, on } => {
                output_index(*index, OUTPUTS)?;
                (relay(*on), true)
            }
            Command::EngineBlock(block) => (relay(*block), true),
            Command::LocationRequest => (b"WHERE#", false),
        };
        let instruction = instruction(text, target.serial)?;
        let bytes = match target.transport {
            Transport::Tcp => instruction,
            Transport::Udp => udp_wrap(target.device.as_str(), &instruction),
            Transport::Http => {
                return Err(CommandError::Unsupported(
                    "Eelink devices take commands over TCP or UDP only".into(),
                ));
            }
        };
        Ok(Encoded {
            bytes,
            serial: Some(u32::from(target.serial)),
            answered,
        })
    }
}

fn relay(on: bool) -> &'static [u8] {
    if on { b"RELAY,1#" } else { b"RELAY,0#" }
}

/// The 0x80 packet carrying `text`, with `serial` as both the server flag
/// and the packet sequence.
pub fn instruction(text: &[u8], serial: u16) -> Result<Bytes, CommandError> {
    if text.is_empty() || text.len() > MAX_TEXT {
        return Err(CommandError::Invalid(format!(
            "an Eelink command text is 1 to {MAX_TEXT} bytes, not {}",
            text.len()
        )));
    }
    if !text.is_ascii() {
        return Err(CommandError::Invalid(
            "an Eelink command text is ASCII".into(),
        ));
    }
    let mut content = Vec::with_capacity(5 + text.len());
    content.push(TEXT_COMMAND);
    content.extend_from_slice(&u32::from(serial).to_be_bytes());
    content.extend_from_slice(text);
    Ok(packet(kind::INSTRUCTION, serial, &content))
}
