//! Commands to Meitrack devices: `@@<identifier><length>,<imei>,<command>[,<parameters>]*<XX>\r\n`.
//!
//! | command | frame body sent |
//! |---|---|
//! | text | as given, `<command>[,<parameters>]` (e.g. `A11,10`) |
//! | bytes | as given, the same form |
//! | output n on / off (n = 1..=5) | `C01,0,<ABCDE>`: speed limit 0 (at once), n's digit `1` / `0`, every other `2` (unchanged) |
//! | engine block / release | output 1 on / off (`C01,0,12222` / `C01,0,02222`) |
//! | location request | `A10` |
//!
//! The length and checksum are those of the device's own frames
//! ([`super::encode::frame`]). The data identifier may be any of `A`..`z`;
//! commands use `Q`.
//!
//! # Answers
//!
//! The device answers `$$<identifier><length>,<imei>,<command>,<result>*XX`
//! (`C01,OK`), which the decoder hands on as a command answer. It names the
//! command but carries no serial, so answers come in order, one command
//! outstanding at a time. `A10` is answered with an `AAA` position report
//! (event 34), which is stored as a record, not a command answer: the
//! request is therefore not waited on (`answered: false`).
//!
//! Commands go over TCP, or over UDP to the device's last address.

use bytes::Bytes;

use crate::command::{
    Command, CommandEncoder, CommandError, Encoded, Target, no_lock_commands, output_index,
};

use super::encode::frame;

/// The data identifier commands are sent under.
const IDENTIFIER: u8 = b'Q';

/// Outputs `C01` addresses (its `ABCDE`).
const OUTPUTS: u8 = 5;

/// Meitrack's command encoder.
#[derive(Debug, Default, Clone, Copy)]
pub struct MeitrackCommands;

impl CommandEncoder for MeitrackCommands {
    fn encode(&self, command: &Command, target: &Target<'_>) -> Result<Encoded, CommandError> {
        let (body, answered): (Vec<u8>, bool) = match command {
            Command::ElectronicLock { .. } | Command::SpecialSettings(_) => {
                return Err(no_lock_commands());
            }
            Command::Text(text) => (text.as_bytes().to_vec(), true),
            Command::Bytes(bytes) => (bytes.clone(), true),
            Command::Output { index, on } => (c01(output_index(*index, OUTPUTS)?, *on), true),
            Command::EngineBlock(block) => (c01(1, *block), true),
            Command::LocationRequest => (b"A10".to_vec(), false),
        };
        let (name, parameters) = match body.iter().position(|&b| b == b',') {
            Some(at) => (&body[..at], &body[at + 1..]),
            None => (&body[..], &[][..]),
        };
        let name = std::str::from_utf8(name)
            .ok()
            .filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_alphanumeric()))
            .ok_or_else(|| {
                CommandError::Invalid("a Meitrack command starts with its name, e.g. A11".into())
            })?;
        Ok(Encoded {
            bytes: Bytes::from(frame(b"@@", IDENTIFIER, &target.device.0, name, parameters)),
            serial: None,
            answered,
        })
    }
}

/// `C01,0,<ABCDE>` with output `index` set and the others unchanged.
fn c01(index: u8, on: bool) -> Vec<u8> {
    let mut states = *b"22222";
    states[usize::from(index - 1)] = if on { b'1' } else { b'0' };
    let mut body = b"C01,0,".to_vec();
    body.extend_from_slice(&states);
    body
}
