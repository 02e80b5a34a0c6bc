//! Commands to Suntech devices: `CMD` sentences.
//!
//! The ST300 family (ST300, ST340, ST310U and relatives) takes
//! `ST300CMD;<device id>;02;<command id>`, ended by CR like every Suntech
//! sentence; `02` is the protocol version.
//!
//! | command | sentence sent |
//! |---|---|
//! | text | as given, CR added (`ST300CMD;…`, `CMD;<id>;…` for universal-protocol devices) |
//! | bytes | as given, as the sentence |
//! | output 1 / 2 on | `ST300CMD;<id>;02;Enable1` / `…;Enable2` |
//! | output 1 / 2 off | `ST300CMD;<id>;02;Disable1` / `…;Disable2` |
//! | engine block | refused: no output is documented as the immobiliser's |
//! | location request | `ST300CMD;<id>;02;StatusReq` |
//!
//! Other models head their commands with their own model (`ST3330CMD`),
//! and devices on the universal protocol take `CMD;<id>;<group>;<code>`
//! sentences; the encoder does not know which one a device is, so those
//! go as text commands.
//!
//! The device confirms a command with `ST300CMD;Res;<id>;<version>;<command
//! id>[;…]` (universal: `RES;<id>;…`) or refuses it with `-Error`. The
//! confirmation repeats the command id, not a serial the gateway could
//! choose, so answers are matched in order, one command outstanding at a
//! time. `StatusReq` is answered with a status report (`ST300STT`), which
//! is stored as a record, not as a command answer: that command counts as
//! unanswered.

use bytes::Bytes;

use crate::command::{
    Command, CommandEncoder, CommandError, Encoded, Target, no_lock_commands, output_index,
};

/// The header of the ST300 family's commands.
pub const HEADER: &str = "ST300CMD";

/// The protocol version the commands carry.
pub const VERSION: &str = "02";

/// The longest sentence sent, CR excluded.
pub const MAX_SENTENCE: usize = 500;

/// The outputs `Enable<n>`/`Disable<n>` address.
const OUTPUTS: u8 = 2;

/// Suntech's command encoder.
#[derive(Debug, Default, Clone, Copy)]
pub struct SuntechCommands;

impl CommandEncoder for SuntechCommands {
    fn encode(&self, command: &Command, target: &Target<'_>) -> Result<Encoded, CommandError> {
        let (sentence, answered) = match command {
            Command::ElectronicLock { .. } | Command::SpecialSettings(_) => {
                return Err(no_lock_commands());
            }
            Command::Text(text) => (text.clone().into_bytes(), true),
            Command::Bytes(bytes) => (bytes.clone(), true),
            Command::Output { index, on } => {
                let index = output_index(*index, OUTPUTS)?;
                let verb = if *on { "Enable" } else { "Disable" };
                (st300(target, &format!("{verb}{index}"))?, true)
            }
            Command::EngineBlock(_) => {
                return Err(CommandError::Unsupported(
                    "Suntech devices have no documented immobiliser output; \
                     switch the output it is wired to instead"
                        .into(),
                ));
            }
            Command::LocationRequest => (st300(target, "StatusReq")?, false),
        };
        Ok(Encoded {
            bytes: sentence_line(&sentence)?,
            serial: None,
            answered,
        })
    }
}

/// `ST300CMD;<id>;02;<command_id>` for the target device.
fn st300(target: &Target<'_>, command_id: &str) -> Result<Vec<u8>, CommandError> {
    let id = target.device.as_str();
    if id.is_empty() || id.len() > 20 || !id.bytes().all(|b| b.is_ascii_digit()) {
        return Err(CommandError::Invalid(format!(
            "{id:?} is not a Suntech device id (digits)"
        )));
    }
    Ok(format!("{HEADER};{id};{VERSION};{command_id}").into_bytes())
}

/// `sentence` ended by CR: one line of printable ASCII.
pub fn sentence_line(sentence: &[u8]) -> Result<Bytes, CommandError> {
    let sentence = sentence.strip_suffix(b"\r").unwrap_or(sentence);
    if sentence.is_empty() || sentence.len() > MAX_SENTENCE {
        return Err(CommandError::Invalid(format!(
            "a Suntech command is 1 to {MAX_SENTENCE} bytes, not {}",
            sentence.len()
        )));
    }
    if !sentence.iter().all(|b| (0x20..0x7F).contains(b)) {
        return Err(CommandError::Invalid(
            "a Suntech command is one sentence of printable ASCII".into(),
        ));
    }
    let mut out = Vec::with_capacity(sentence.len() + 1);
    out.extend_from_slice(sentence);
    out.push(b'\r');
    Ok(out.into())
}
