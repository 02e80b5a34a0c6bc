//! Commands to GT06 devices: the 0x80 online command over TCP.
//!
//! Every command is one 0x80 packet whose content is the command's length
//! (1 byte: the flag and the text), a 4-byte server flag, and the command
//! text in ASCII, the same text the device accepts by SMS. The server flag
//! and the packet's own serial are both the command's serial.
//!
//! | command | text sent |
//! |---|---|
//! | text | as given (ASCII) |
//! | bytes | as given, as the command text |
//! | output 1 on / off | `RELAY,1#` / `RELAY,0#` (the one relay output) |
//! | engine block / release | `RELAY,1#` / `RELAY,0#` |
//! | location request | `WHERE#` |
//!
//! Answers come as 0x15 (or 0x21) packets that echo the server flag, so a
//! [`Message::CommandResponse`](crate::Message::CommandResponse) names the
//! command it answers in `answers`. The one exception is `WHERE#`: its
//! answer (`Current position!Lat:…`) is decoded as a location record, not
//! as a command answer, so that command counts as unanswered.
//!
//! Older models cut the fuel with `DYD,<password>#` and restore it with
//! `HFYD,<password>#` instead of `RELAY`; those go as text commands, since
//! the password is the device's own.

use bytes::Bytes;

use crate::codec::Transport;
use crate::command::{
    Command, CommandEncoder, CommandError, DeviceSetup, Encoded, Target, no_lock_commands,
    output_index,
};

use super::encode::packet;

/// The online command's protocol number.
pub const ONLINE_COMMAND: u8 = 0x80;

/// Relay outputs GT06 devices address (`RELAY,<0|1>#`).
const OUTPUTS: u8 = 1;

/// The longest command text a short (`78 78`) packet carries: its length
/// byte counts protocol number, command length, flag, text, serial and CRC.
pub const MAX_TEXT: usize = 255 - 10;

/// GT06's command encoder.
#[derive(Debug, Default, Clone, Copy)]
pub struct Gt06Commands;

impl CommandEncoder for Gt06Commands {
    fn encode(&self, command: &Command, target: &Target<'_>) -> Result<Encoded, CommandError> {
        if target.transport != Transport::Tcp {
            return Err(CommandError::Unsupported(
                "GT06 devices take commands over their TCP connection only".into(),
            ));
        }
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
        Ok(Encoded {
            bytes: online_command(text, target.serial)?,
            serial: Some(u32::from(target.serial)),
            answered,
        })
    }

    /// The 0x80 texts are the device's SMS commands too.
    fn sms(&self, command: &Command) -> Option<String> {
        let text: &[u8] = match command {
            Command::ElectronicLock { .. } | Command::SpecialSettings(_) => return None,
            Command::Text(text) => text.as_bytes(),
            Command::Bytes(_) => return None,
            Command::Output { index, on } => {
                output_index(*index, OUTPUTS).ok()?;
                relay(*on)
            }
            Command::EngineBlock(block) => relay(*block),
            Command::LocationRequest => b"WHERE#",
        };
        String::from_utf8(text.to_vec()).ok()
    }

    /// `APN,name[,user,password]#`, then `SERVER,<mode>,<host>,<port>,0#`
    /// with mode 0 for an IP address and 1 for a domain name.
    fn setup_sms(&self, setup: &DeviceSetup<'_>) -> Vec<String> {
        let mut texts = Vec::new();
        if !setup.apn_name.is_empty() {
            texts.push(
                if setup.apn_user.is_empty() && setup.apn_password.is_empty() {
                    format!("APN,{}#", setup.apn_name)
                } else {
                    format!(
                        "APN,{},{},{}#",
                        setup.apn_name, setup.apn_user, setup.apn_password
                    )
                },
            );
        }
        let mode = u8::from(setup.host.parse::<std::net::IpAddr>().is_err());
        texts.push(format!("SERVER,{mode},{},{},0#", setup.host, setup.port));
        texts
    }
}

fn relay(on: bool) -> &'static [u8] {
    if on { b"RELAY,1#" } else { b"RELAY,0#" }
}

/// The 0x80 packet carrying `text`, with `serial` as both the server flag
/// and the packet serial.
pub fn online_command(text: &[u8], serial: u16) -> Result<Bytes, CommandError> {
    if text.is_empty() || text.len() > MAX_TEXT {
        return Err(CommandError::Invalid(format!(
            "a GT06 command text is 1 to {MAX_TEXT} bytes, not {}",
            text.len()
        )));
    }
    if !text.is_ascii() {
        return Err(CommandError::Invalid("a GT06 command text is ASCII".into()));
    }
    let mut content = Vec::with_capacity(5 + text.len());
    // Checked above: 4 + text.len() <= 249.
    content.push((4 + text.len()) as u8);
    content.extend_from_slice(&u32::from(serial).to_be_bytes());
    content.extend_from_slice(text);
    Ok(packet(false, ONLINE_COMMAND, &content, serial))
}
