//! Commands to GPS103 (Coban) devices: `**,imei:<imei>,<command>;`.
//!
//! | command | message sent |
//! |---|---|
//! | text | `**,imei:<imei>,<text>;`, e.g. text `C,30s` (track every 30 s) |
//! | bytes | the same, the bytes as text |
//! | engine block / release | `**,imei:<imei>,J;` (cut oil and power) / `**,imei:<imei>,K;` (resume) |
//! | output 1 on / off | the same relay: `J` / `K` |
//! | location request | `**,imei:<imei>,B;` (one position) |
//!
//! Coban trackers switch the one oil/power relay, so only output 1 exists.
//! Messages end with `;`, as the server's other message (the `E` that
//! acknowledges an SOS) does; a command holding `;`, CR or LF would be cut
//! short and is [`CommandError::Invalid`].
//!
//! # Answers
//!
//! Devices answer with ordinary `imei:` reports (a position, or a keyword
//! report), which the decoder stores as records: no command answer is
//! decoded, so commands are not waited on (`answered: false`), and the
//! protocol carries no serial.
//!
//! Commands go over TCP, or over UDP to the device's last address.

use bytes::Bytes;

use crate::command::{
    Command, CommandEncoder, CommandError, Encoded, Target, no_lock_commands, output_index,
};

/// GPS103's command encoder.
#[derive(Debug, Default, Clone, Copy)]
pub struct Gps103Commands;

impl CommandEncoder for Gps103Commands {
    fn encode(&self, command: &Command, target: &Target<'_>) -> Result<Encoded, CommandError> {
        let body = match command {
            Command::ElectronicLock { .. } | Command::SpecialSettings(_) => {
                return Err(no_lock_commands());
            }
            Command::Text(text) => text.clone(),
            Command::Bytes(bytes) => String::from_utf8_lossy(bytes).into_owned(),
            Command::Output { index, on } => {
                output_index(*index, 1)?;
                relay(*on).to_owned()
            }
            Command::EngineBlock(block) => relay(*block).to_owned(),
            Command::LocationRequest => "B".to_owned(),
        };
        if body.is_empty() || body.contains([';', '\r', '\n']) {
            return Err(CommandError::Invalid(
                "a GPS103 command is non-empty and holds no ';', CR or LF".into(),
            ));
        }
        Ok(Encoded {
            bytes: Bytes::from(format!("**,imei:{},{body};", target.device.0)),
            serial: None,
            answered: false,
        })
    }
}

/// `J` (cut) when `cut`, else `K` (resume).
fn relay(cut: bool) -> &'static str {
    if cut { "J" } else { "K" }
}
