//! Commands to Galileosky terminals: the command packet.
//!
//! A command is a main packet (header `01`) holding four tags: `03` the
//! terminal's IMEI (15 ASCII digits), `04` the terminal's user id (2 bytes,
//! sent as 0: the gateway does not keep it), `E0` the command number
//! (4 bytes, little-endian, chosen by the server: the command's serial),
//! and `E1` the command text (a length byte, then ASCII), followed by the
//! CRC-16/MODBUS over the whole packet.
//!
//! | command | text sent |
//! |---|---|
//! | text | as given (ASCII) |
//! | bytes | as given, as the command text |
//! | output N on / off (N = 1..4) | `Out <N-1>,1` / `Out <N-1>,0` (outputs OUT0..OUT3) |
//! | engine block | refused: no output is documented as the immobiliser's |
//! | location request | `Status` (the answer text carries `Lat=`/`Lon=`) |
//!
//! In `Out v,s`, `s = 1` opens the output's transistor (it conducts,
//! driving the load) and the terminal echoes the outputs as
//! `OUT(3..0) = 0010`, one bit per output, 1 for a driven one.
//!
//! The terminal answers with a packet of the same shape whose `E1` is the
//! answer text and whose `E0` repeats the command number, so the answer's
//! [`Message::CommandResponse`](crate::Message::CommandResponse) names the
//! command in `answers`. The answer to `Status` stays text: it is not
//! turned into a record.

use bytes::Bytes;

use crate::command::{
    Command, CommandEncoder, CommandError, Encoded, Target, no_lock_commands, output_index,
};

use super::framing::wrap;
use super::tags::tag;

/// The tag of the terminal's user id.
pub const DEVICE_ID: u8 = 0x04;

/// The longest command text: its length is one byte.
pub const MAX_TEXT: usize = 255;

/// The transistor outputs `Out` addresses (OUT0..OUT3).
const OUTPUTS: u8 = 4;

/// Galileosky's command encoder.
#[derive(Debug, Default, Clone, Copy)]
pub struct GalileoCommands;

impl CommandEncoder for GalileoCommands {
    fn encode(&self, command: &Command, target: &Target<'_>) -> Result<Encoded, CommandError> {
        let text: Vec<u8> = match command {
            Command::ElectronicLock { .. } | Command::SpecialSettings(_) => {
                return Err(no_lock_commands());
            }
            Command::Text(text) => text.as_bytes().to_vec(),
            Command::Bytes(bytes) => bytes.clone(),
            Command::Output { index, on } => {
                let index = output_index(*index, OUTPUTS)?;
                format!("Out {},{}", index - 1, u8::from(*on)).into_bytes()
            }
            Command::EngineBlock(_) => {
                return Err(CommandError::Unsupported(
                    "Galileosky terminals have no documented immobiliser output; \
                     switch the output it is wired to instead"
                        .into(),
                ));
            }
            Command::LocationRequest => b"Status".to_vec(),
        };
        let serial = u32::from(target.serial);
        Ok(Encoded {
            bytes: command_packet(target.device.as_str(), serial, &text)?,
            serial: Some(serial),
            answered: true,
        })
    }
}

/// The command packet carrying `text` to the terminal `imei`, numbered
/// `number`.
pub fn command_packet(imei: &str, number: u32, text: &[u8]) -> Result<Bytes, CommandError> {
    if imei.len() != 15 || !imei.bytes().all(|b| b.is_ascii_digit()) {
        return Err(CommandError::Invalid(format!(
            "{imei:?} is not a Galileosky IMEI (15 digits)"
        )));
    }
    if text.is_empty() || text.len() > MAX_TEXT {
        return Err(CommandError::Invalid(format!(
            "a Galileosky command text is 1 to {MAX_TEXT} bytes, not {}",
            text.len()
        )));
    }
    if !text.is_ascii() {
        return Err(CommandError::Invalid(
            "a Galileosky command text is ASCII".into(),
        ));
    }
    let mut data = Vec::with_capacity(27 + text.len());
    data.push(tag::IMEI);
    data.extend_from_slice(imei.as_bytes());
    data.push(DEVICE_ID);
    data.extend_from_slice(&[0, 0]);
    data.push(tag::COMMAND_NUMBER);
    data.extend_from_slice(&number.to_le_bytes());
    data.push(tag::COMMAND_TEXT);
    // Checked above: at most 255 bytes.
    data.push(text.len() as u8);
    data.extend_from_slice(text);
    wrap(0x01, false, &data).map_err(|e| CommandError::Invalid(e.to_string()))
}
