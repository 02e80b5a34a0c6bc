//! Commands to Ruptela devices: SMS commands carried over GPRS.
//!
//! The server sends command 108 ("SMS via GPRS"): `length (2) | 108 |
//! SMS text | CRC-16/KERMIT (2)`, the length counting the command byte and
//! the text. The text is the device's SMS command language,
//! `<password> <command> [<parameters>]`; a device without an SMS password
//! takes the command after a lone space.
//!
//! | command | text sent |
//! |---|---|
//! | text | as given (the operator writes the password or the leading space) |
//! | bytes | as given, as the SMS text |
//! | output 1 / 2 on | ` setio 1,2` / ` setio 2,1` (`2` leaves the other output as it is) |
//! | output 1 / 2 off | ` setio 0,2` / ` setio 2,0` |
//! | engine block | refused: no output is documented as the immobiliser's |
//! | location request | ` coords` |
//!
//! Typed commands go without a password; a device configured with one
//! takes them as text commands with its password in front.
//!
//! The device answers with command 7, the answer SMS's text (for `setio`,
//! `SETIO configuration data ok`), which names no command: answers are
//! matched in order, one command outstanding at a time.

use bytes::Bytes;

use crate::command::{
    Command, CommandEncoder, CommandError, Encoded, Target, no_lock_commands, output_index,
};

use super::framing::wrap;

/// The server command that carries an SMS text.
pub const SMS_VIA_GPRS: u8 = 108;

/// The longest SMS text sent: one SMS.
pub const MAX_TEXT: usize = 160;

/// The digital outputs `setio` sets (Dout1, Dout2).
const OUTPUTS: u8 = 2;

/// Ruptela's command encoder.
#[derive(Debug, Default, Clone, Copy)]
pub struct RuptelaCommands;

impl CommandEncoder for RuptelaCommands {
    fn encode(&self, command: &Command, _target: &Target<'_>) -> Result<Encoded, CommandError> {
        let text: Vec<u8> = match command {
            Command::ElectronicLock { .. } | Command::SpecialSettings(_) => {
                return Err(no_lock_commands());
            }
            Command::Text(text) => text.as_bytes().to_vec(),
            Command::Bytes(bytes) => bytes.clone(),
            Command::Output { index, on } => {
                setio(output_index(*index, OUTPUTS)?, *on).into_bytes()
            }
            Command::EngineBlock(_) => {
                return Err(CommandError::Unsupported(
                    "Ruptela devices have no documented immobiliser output; \
                     switch the output it is wired to instead"
                        .into(),
                ));
            }
            Command::LocationRequest => b" coords".to_vec(),
        };
        Ok(Encoded {
            bytes: sms_via_gprs(&text)?,
            serial: None,
            answered: true,
        })
    }
}

/// ` setio X1,X2`: `index` set to 1 (on) or 0 (off), the other output left
/// as it is (2).
fn setio(index: u8, on: bool) -> String {
    let level = if on { '1' } else { '0' };
    let (first, second) = if index == 1 {
        (level, '2')
    } else {
        ('2', level)
    };
    format!(" setio {first},{second}")
}

/// The command 108 packet carrying `text`.
pub fn sms_via_gprs(text: &[u8]) -> Result<Bytes, CommandError> {
    if text.is_empty() || text.len() > MAX_TEXT {
        return Err(CommandError::Invalid(format!(
            "a Ruptela SMS command is 1 to {MAX_TEXT} bytes, not {}",
            text.len()
        )));
    }
    let mut payload = Vec::with_capacity(1 + text.len());
    payload.push(SMS_VIA_GPRS);
    payload.extend_from_slice(text);
    wrap(&payload).map_err(|e| CommandError::Invalid(e.to_string()))
}
