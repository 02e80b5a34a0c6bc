//! Commands to Teltonika devices: Codec 12 over TCP.
//!
//! | command | text sent |
//! |---|---|
//! | text | as given |
//! | bytes | as given, as the command item's payload |
//! | output n on / off | `setdigout` with `1` / `0` at position n and `?` (unchanged) before it, e.g. `setdigout ?1` |
//! | engine block / release | output 1 (the immobiliser relay's usual output) on / off |
//! | location request | `getgps` |
//!
//! By SMS the same texts go as `<login> <password> <text>` with the factory
//! defaults (both empty): two spaces, then the text.
//!
//! Codec 12 answers (type `06`) carry no reference to the command, so they
//! are matched in order: one command outstanding at a time. The answer to
//! `getgps` is text (`GPS:1 Sat:7 Lat:54.687157 Long:25.279652 Alt:112
//! Speed:0 Dir:90 Date: 2024/6/1 Time: 12:00:00`), read back as a position
//! by [`CommandEncoder::answer_position`]; `GPS:0` (no fix) gives none. Over UDP the
//! command would need the UDP envelope and a device that listens between
//! its own packets; trackgate does not send commands over Teltonika UDP.

use crate::codec::Transport;
use crate::command::{
    Command, CommandEncoder, CommandError, DeviceSetup, Encoded, Target, no_lock_commands,
    output_index,
};

use super::encode::command_packet;

/// Digital outputs Teltonika devices address with `setdigout`.
const OUTPUTS: u8 = 4;

/// Teltonika's command encoder.
#[derive(Debug, Default, Clone, Copy)]
pub struct TeltonikaCommands;

impl CommandEncoder for TeltonikaCommands {
    fn encode(&self, command: &Command, target: &Target<'_>) -> Result<Encoded, CommandError> {
        if target.transport != Transport::Tcp {
            return Err(CommandError::Unsupported(
                "Teltonika commands are sent over TCP only".into(),
            ));
        }
        let payload: Vec<u8> = match command {
            Command::ElectronicLock { .. } | Command::SpecialSettings(_) => {
                return Err(no_lock_commands());
            }
            Command::Text(text) => text.as_bytes().to_vec(),
            Command::Bytes(bytes) => bytes.clone(),
            Command::Output { index, on } => setdigout(output_index(*index, OUTPUTS)?, *on),
            Command::EngineBlock(block) => setdigout(1, *block),
            Command::LocationRequest => b"getgps".to_vec(),
        };
        Ok(Encoded {
            bytes: command_packet(&payload),
            serial: None,
            answered: true,
        })
    }

    fn answer_position(&self, answer: &str) -> Option<crate::Record> {
        getgps_position(answer)
    }

    /// By SMS a command is `<login> <password> <command>`; devices ship
    /// with both empty, which leaves two spaces before the command.
    fn sms(&self, command: &Command) -> Option<String> {
        let text = match command {
            Command::ElectronicLock { .. } | Command::SpecialSettings(_) => return None,
            Command::Text(text) => text.clone(),
            Command::Bytes(_) => return None,
            Command::Output { index, on } => {
                String::from_utf8(setdigout(output_index(*index, OUTPUTS).ok()?, *on)).ok()?
            }
            Command::EngineBlock(block) => String::from_utf8(setdigout(1, *block)).ok()?,
            Command::LocationRequest => "getgps".into(),
        };
        Some(format!("  {text}"))
    }

    /// One `setparam` sets the APN (2001–2003), the server (2004, 2005) and
    /// TCP as the transport (2006 = 0). An empty APN name leaves the APN as
    /// it is.
    fn setup_sms(&self, setup: &DeviceSetup<'_>) -> Vec<String> {
        let mut params = Vec::new();
        if !setup.apn_name.is_empty() {
            params.push(format!("2001:{}", setup.apn_name));
            params.push(format!("2002:{}", setup.apn_user));
            params.push(format!("2003:{}", setup.apn_password));
        }
        params.push(format!("2004:{}", setup.host));
        params.push(format!("2005:{}", setup.port));
        params.push("2006:0".into());
        vec![format!("  setparam {}", params.join(";"))]
    }
}

/// The position in a `getgps` answer, when it reports a fix.
fn getgps_position(answer: &str) -> Option<crate::Record> {
    // `Date:` and `Time:` are followed by a space; join each label with
    // its value so every field is one `label:value` token.
    let joined = answer.replace(": ", ":");
    let field = |label: &str| {
        joined
            .split_whitespace()
            .find_map(|token| token.strip_prefix(label)?.strip_prefix(':'))
    };
    let number = |label: &str| field(label)?.parse::<f64>().ok().filter(|v| v.is_finite());
    if field("GPS")? != "1" {
        return None;
    }
    let (lat, lon) = (number("Lat")?, number("Long")?);
    if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
        return None;
    }
    let mut date = field("Date")?.split('/').map(|p| p.parse::<u32>().ok());
    let mut time = field("Time")?.split(':').map(|p| p.parse::<u32>().ok());
    let (year, month, day) = (date.next()??, date.next()??, date.next()??);
    let (hour, minute, second) = (time.next()??, time.next()??, time.next()??);
    let at = crate::datetime::utc_ms(i64::from(year), month, day, hour, minute, second)?;
    let mut record = crate::Record::at(at, lat, lon);
    record.altitude_m = number("Alt").unwrap_or(0.0);
    record.speed_kmh = number("Speed").unwrap_or(0.0).max(0.0);
    record.course_deg = number("Dir").unwrap_or(0.0).rem_euclid(360.0);
    record.satellites = field("Sat").and_then(|s| s.parse().ok());
    Some(record)
}

/// `setdigout` with output `index` set and the ones before it unchanged.
fn setdigout(index: u8, on: bool) -> Vec<u8> {
    let mut text = String::from("setdigout ");
    text.extend(std::iter::repeat_n('?', usize::from(index - 1)));
    text.push(if on { '1' } else { '0' });
    text.into_bytes()
}
