//! Commands to ATrack devices: `AT$` command lines.
//!
//! A command is one line of the device's AT command language,
//! `AT$<NAME>=<parameters>` or `AT$<NAME>=?`, ended by CR LF.
//!
//! | command | bytes sent |
//! |---|---|
//! | text `AT$INFO=?` | `AT$INFO=?\r\n` (a line break the text ends with is not doubled) |
//! | bytes | as given, as the line |
//! | output, engine block, location request | refused: see below |
//!
//! The typed commands are refused because the output-control and
//! position-poll commands' parameters are not established from the public
//! protocol material this encoder was written against; the operator sends
//! the `AT$` line the device's manual gives as a text command.
//!
//! The device answers a command line with one text line: `$OK`,
//! `$ERROR=<code>`, or the queried value (`$INFO=<unit id>,…`). Answers
//! name no command, so they are matched in order, one command outstanding
//! at a time. Over UDP an answer without a unit id cannot be attributed to
//! a device (the datagram codec refuses it), so commands sent over UDP
//! count as unanswered.

use bytes::Bytes;

use crate::codec::Transport;
use crate::command::{Command, CommandEncoder, CommandError, Encoded, Target, no_lock_commands};

/// The longest command line sent, line break excluded.
pub const MAX_LINE: usize = 1000;

/// ATrack's command encoder.
#[derive(Debug, Default, Clone, Copy)]
pub struct AtrackCommands;

impl CommandEncoder for AtrackCommands {
    fn encode(&self, command: &Command, target: &Target<'_>) -> Result<Encoded, CommandError> {
        let answered = match target.transport {
            Transport::Tcp => true,
            Transport::Udp => false,
            Transport::Http => {
                return Err(CommandError::Unsupported(
                    "ATrack devices take commands over TCP or UDP only".into(),
                ));
            }
        };
        let line: &[u8] = match command {
            Command::ElectronicLock { .. } | Command::SpecialSettings(_) => {
                return Err(no_lock_commands());
            }
            Command::Text(text) => text.as_bytes(),
            Command::Bytes(bytes) => bytes,
            Command::Output { .. } | Command::EngineBlock(_) | Command::LocationRequest => {
                return Err(CommandError::Unsupported(
                    "ATrack's output and position commands are not established here; \
                     send the AT$ line from the device's manual as a text command"
                        .into(),
                ));
            }
        };
        Ok(Encoded {
            bytes: command_line(line)?,
            serial: None,
            answered,
        })
    }
}

/// `line` ended by CR LF: one printable ASCII line.
pub fn command_line(line: &[u8]) -> Result<Bytes, CommandError> {
    let line = line
        .strip_suffix(b"\r\n")
        .or_else(|| line.strip_suffix(b"\n"))
        .unwrap_or(line);
    if line.is_empty() || line.len() > MAX_LINE {
        return Err(CommandError::Invalid(format!(
            "an ATrack command line is 1 to {MAX_LINE} bytes, not {}",
            line.len()
        )));
    }
    if !line.iter().all(|b| (0x20..0x7F).contains(b)) {
        return Err(CommandError::Invalid(
            "an ATrack command is one line of printable ASCII".into(),
        ));
    }
    let mut out = Vec::with_capacity(line.len() + 2);
    out.extend_from_slice(line);
    out.extend_from_slice(b"\r\n");
    Ok(out.into())
}
