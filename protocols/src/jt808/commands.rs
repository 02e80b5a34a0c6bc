//! Commands to JT/T 808 terminals over TCP.
//!
//! A command is a platform message to the terminal phone number the device
//! identified itself with: 12 digits get a 2013 header, 20 digits a 2019
//! header with protocol version 1. The header's serial is the command's
//! serial.
//!
//! | command | message sent |
//! |---|---|
//! | text | 0x8300 text message: flag `01`, in 2019 text type `01` (notice), the text (ASCII) |
//! | bytes | message id (first 2 bytes) and body (the rest), framed as they are |
//! | output 1 on / off | 0x8500 vehicle control, control bit 0 set / clear |
//! | engine block / release | 0x8500, control bit 0 set / clear |
//! | location request | 0x8201 location query, empty body |
//!
//! The standard's vehicle control has one control: bit 0 of the control
//! flag (2013), or control type `0001` with a 1-byte parameter (2019). The
//! standard calls it the door lock; trackers that implement 0x8500 wire it
//! to the fuel / power cut-off relay, so it is the one output there is.
//! 0x8105 terminal control has no output or immobiliser command (its
//! command words upgrade, reconnect, power off, reset, and switch radios
//! off), so it is not used.
//!
//! Answers name the command's serial ([`super::answers`]): the general
//! answer 0x0001 (text, raw commands), the location answer 0x0201
//! (location query, the position in its text) and the vehicle control
//! answer 0x0500.
//!
//! The codec numbers its own replies (0x8001, 0x8100, 0x8109) with a
//! per-connection counter apart from command serials; terminals do not
//! answer replies, so the two never meet in an answer.

use crate::codec::Transport;
use crate::command::{
    Command, CommandEncoder, CommandError, Encoded, Target, no_lock_commands, output_index,
};

use super::framing::{self, Header};

/// Text message.
pub const TEXT_MESSAGE: u16 = 0x8300;
/// Location query.
pub const LOCATION_QUERY: u16 = 0x8201;
/// Vehicle control.
pub const VEHICLE_CONTROL: u16 = 0x8500;

/// The protocol version a 2019 header carries.
const VERSION_2019: u8 = 1;
/// Text flag bit 0 (2013: urgent; 2019: service), the flag deployed
/// platforms send commands with; display and speech bits stay clear.
const TEXT_FLAG: u8 = 0x01;
/// 2019 text type: notice.
const TEXT_NOTICE: u8 = 0x01;
/// 2019 vehicle control type of the one standard control.
const CONTROL_TYPE: u16 = 0x0001;
/// The longest body the 10-bit length field allows.
const MAX_BODY: usize = 0x03FF;
/// Outputs the vehicle control addresses.
const OUTPUTS: u8 = 1;

/// JT/T 808's command encoder.
#[derive(Debug, Default, Clone, Copy)]
pub struct Jt808Commands;

impl CommandEncoder for Jt808Commands {
    fn encode(&self, command: &Command, target: &Target<'_>) -> Result<Encoded, CommandError> {
        if target.transport != Transport::Tcp {
            return Err(CommandError::Unsupported(
                "JT/T 808 commands are sent over the terminal's TCP connection only".into(),
            ));
        }
        let header = header(target.device.as_str())?;
        let long = header.version.is_some();
        let (id, body) = match command {
            Command::ElectronicLock { .. } | Command::SpecialSettings(_) => {
                return Err(no_lock_commands());
            }
            Command::Text(text) => (TEXT_MESSAGE, text_body(text, long)?),
            Command::Bytes(bytes) => match bytes.as_slice() {
                [hi, lo, body @ ..] => (u16::from_be_bytes([*hi, *lo]), body.to_vec()),
                _ => {
                    return Err(CommandError::Invalid(
                        "a raw JT/T 808 command starts with its 2-byte message id".into(),
                    ));
                }
            },
            Command::Output { index, on } => {
                output_index(*index, OUTPUTS)?;
                (VEHICLE_CONTROL, control_body(*on, long))
            }
            Command::EngineBlock(block) => (VEHICLE_CONTROL, control_body(*block, long)),
            Command::LocationRequest => (LOCATION_QUERY, Vec::new()),
        };
        if body.len() > MAX_BODY {
            return Err(CommandError::Invalid(format!(
                "a JT/T 808 message body is at most {MAX_BODY} bytes, not {}",
                body.len()
            )));
        }
        Ok(Encoded {
            bytes: framing::build(&header, id, target.serial, &body),
            serial: Some(u32::from(target.serial)),
            answered: true,
        })
    }
}

/// The header a command to `device` (the terminal phone number as the
/// codec wrote it: two hex digits per byte) is framed with.
fn header(device: &str) -> Result<Header, CommandError> {
    let version = match device.len() {
        12 => None,
        20 => Some(VERSION_2019),
        _ => return Err(not_a_terminal(device)),
    };
    let nibble = |c: u8| char::from(c).to_digit(16).map(|d| d as u8);
    let phone = device
        .as_bytes()
        .chunks(2)
        .map(|pair| Some(nibble(pair[0])? << 4 | nibble(pair[1])?))
        .collect::<Option<Vec<u8>>>()
        .ok_or_else(|| not_a_terminal(device))?;
    Ok(Header {
        id: 0,
        version,
        phone,
        serial: 0,
        packet: None,
        encrypted: false,
    })
}

fn not_a_terminal(device: &str) -> CommandError {
    CommandError::Invalid(format!(
        "{device:?} is not a 12- or 20-digit JT/T 808 terminal number"
    ))
}

/// 0x8300: flag, (2019: text type,) text.
fn text_body(text: &str, long: bool) -> Result<Vec<u8>, CommandError> {
    if !text.is_ascii() {
        return Err(CommandError::Invalid(
            "JT/T 808 text is sent in ASCII (the standard's GBK is not encoded here)".into(),
        ));
    }
    let mut body = vec![TEXT_FLAG];
    if long {
        body.push(TEXT_NOTICE);
    }
    body.extend_from_slice(text.as_bytes());
    Ok(body)
}

/// 0x8500: 2013 control flag with bit 0; 2019 one control of type 0001.
fn control_body(on: bool, long: bool) -> Vec<u8> {
    if long {
        let mut body = 1_u16.to_be_bytes().to_vec();
        body.extend_from_slice(&CONTROL_TYPE.to_be_bytes());
        body.push(u8::from(on));
        body
    } else {
        vec![u8::from(on)]
    }
}
