//! Commands to Meiligao trackers: `@@<length><ID><command><parameters><CRC>\r\n`.
//!
//! | command | packet sent |
//! |---|---|
//! | text | hex digits (spaces allowed): the command code (4), then its parameters, e.g. `4102 0006` |
//! | bytes | the command code (2), then its parameters, as given |
//! | output n on / off (n = 1..=5) | `4114` with five bytes: n's `01` (open) / `00` (close), every other `02` (unchanged) |
//! | engine block / release | output 1 on / off |
//! | location request | `4101` (track on demand), no parameters |
//!
//! # Answers
//!
//! The tracker answers a command with a packet of the same command code
//! (`$$…4114 01…`), which the decoder hands on as a command answer
//! (`4114,01`). It carries no serial, so answers come in order, one command
//! outstanding at a time. `4101` is answered with a position report, which
//! is stored as a record, not a command answer: the request is not waited
//! on (`answered: false`).
//!
//! Commands go over TCP, or over UDP to the tracker's last address.

use bytes::Bytes;

use crate::codec::Transport;
use crate::command::{
    Command, CommandEncoder, CommandError, Encoded, Target, no_lock_commands, output_index,
};

use super::decode::{OUTPUT_CONTROL, TRACK_ON_DEMAND};
use super::encode::server;
use super::framing::id_bytes;

/// Outputs `4114` addresses.
const OUTPUTS: u8 = 5;
/// A `4114` output byte: close, open, leave as it is.
const CLOSE: u8 = 0x00;
const OPEN: u8 = 0x01;
const UNCHANGED: u8 = 0x02;

/// Meiligao's command encoder.
#[derive(Debug, Default, Clone, Copy)]
pub struct MeiligaoCommands;

impl CommandEncoder for MeiligaoCommands {
    fn encode(&self, command: &Command, target: &Target<'_>) -> Result<Encoded, CommandError> {
        if target.transport == Transport::Http {
            return Err(CommandError::Unsupported(
                "Meiligao commands go over the tracker's TCP connection or UDP address".into(),
            ));
        }
        let id = id_bytes(target.device.as_str()).ok_or_else(|| {
            CommandError::Invalid(format!(
                "{:?} is not a Meiligao tracker ID (1 to 14 digits)",
                target.device.as_str()
            ))
        })?;
        let (code, parameters, answered) = match command {
            Command::ElectronicLock { .. } | Command::SpecialSettings(_) => {
                return Err(no_lock_commands());
            }
            Command::Text(text) => {
                let bytes = crate::hex::decode(&text.replace(' ', ""))
                    .ok_or_else(|| CommandError::Invalid(format!("{text:?} is not hex digits")))?;
                code_and_parameters(&bytes)?
            }
            Command::Bytes(bytes) => code_and_parameters(bytes)?,
            Command::Output { index, on } => (
                OUTPUT_CONTROL,
                outputs(output_index(*index, OUTPUTS)?, *on),
                true,
            ),
            Command::EngineBlock(block) => (OUTPUT_CONTROL, outputs(1, *block), true),
            Command::LocationRequest => (TRACK_ON_DEMAND, Vec::new(), false),
        };
        Ok(Encoded {
            bytes: Bytes::from(server(&id, code, &parameters).to_vec()),
            serial: None,
            answered,
        })
    }
}

/// A raw command: its code, then its parameters (at most 1000 bytes).
fn code_and_parameters(bytes: &[u8]) -> Result<(u16, Vec<u8>, bool), CommandError> {
    match bytes {
        [high, low, parameters @ ..] if parameters.len() <= 1000 => {
            let code = u16::from_be_bytes([*high, *low]);
            Ok((code, parameters.to_vec(), code != TRACK_ON_DEMAND))
        }
        [_, _, ..] => Err(CommandError::Invalid(
            "parameters over 1000 bytes".to_owned(),
        )),
        _ => Err(CommandError::Invalid(
            "a Meiligao command starts with its 2-byte code".to_owned(),
        )),
    }
}

/// `4114`'s five output bytes: `index` opened or closed, the others left.
fn outputs(index: u8, on: bool) -> Vec<u8> {
    (1..=OUTPUTS)
        .map(|n| match (n == index, on) {
            (true, true) => OPEN,
            (true, false) => CLOSE,
            (false, _) => UNCHANGED,
        })
        .collect()
}
