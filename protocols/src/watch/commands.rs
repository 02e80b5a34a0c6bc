//! Commands to 3G watches: `[<maker>*<id>*<length>*<content>]`.
//!
//! | command | content sent |
//! |---|---|
//! | text | as given, `<COMMAND>[,<parameters>]`, e.g. `UPLOAD,600` |
//! | bytes | the same, the bytes as given |
//! | location request | `CR` (locate now) |
//! | outputs, engine block | not sent: [`CommandError::Unsupported`] (watches have neither) |
//!
//! The length is the content's length in bytes as four upper-case hex
//! digits, as in the replies ([`super::encode::frame`]). The maker code is
//! not known when a command is written (the device id is all a target
//! carries), so commands use `3G`, the protocol's own code
//! ([`MAKER`]); the numbered (`ZJ`) variant is not sent. Content holding
//! `[` or `]` would unbalance the frame, and content over 65,535 bytes
//! does not fit the length field: both are [`CommandError::Invalid`].
//!
//! # Answers
//!
//! A watch answers a command by echoing its name (`[3G*id*0002*CR]`), which
//! the decoder hands on as a command answer; no serial is carried, so
//! answers come in order, one command outstanding at a time.
//!
//! Commands go over TCP (the protocol has no UDP form).

use bytes::Bytes;

use crate::command::{Command, CommandEncoder, CommandError, Encoded, Target, no_lock_commands};

/// The maker code commands are framed with.
pub const MAKER: &str = "3G";

/// The 3G watch command encoder.
#[derive(Debug, Default, Clone, Copy)]
pub struct WatchCommands;

impl CommandEncoder for WatchCommands {
    fn encode(&self, command: &Command, target: &Target<'_>) -> Result<Encoded, CommandError> {
        let content: &[u8] = match command {
            Command::ElectronicLock { .. } | Command::SpecialSettings(_) => {
                return Err(no_lock_commands());
            }
            Command::Text(text) => text.as_bytes(),
            Command::Bytes(bytes) => bytes,
            Command::LocationRequest => b"CR",
            Command::Output { .. } | Command::EngineBlock(_) => {
                return Err(CommandError::Unsupported(
                    "3G watches have no outputs or engine relay".into(),
                ));
            }
        };
        if content.is_empty() || content.iter().any(|&b| b == b'[' || b == b']') {
            return Err(CommandError::Invalid(
                "a watch command is non-empty and holds no brackets".into(),
            ));
        }
        let length = u16::try_from(content.len()).map_err(|_| {
            CommandError::Invalid("a watch command's content is at most 65,535 bytes".into())
        })?;
        let mut bytes = format!("[{MAKER}*{}*{length:04X}*", target.device.0).into_bytes();
        bytes.extend_from_slice(content);
        bytes.push(b']');
        Ok(Encoded {
            bytes: Bytes::from(bytes),
            serial: None,
            answered: true,
        })
    }
}
