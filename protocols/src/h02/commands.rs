//! Commands to H02 devices: `*HQ,<id>,<command>,<HHMMSS>,<parameters>#`.
//!
//! | command | sentence sent |
//! |---|---|
//! | text `CMD[,P1,…]` | `*HQ,<id>,CMD,<HHMMSS>[,P1,…]#` |
//! | bytes | as text (ASCII) |
//! | output 1 on / off | `S20,<HHMMSS>,1,1` / `S20,<HHMMSS>,1,0` (oil and electricity cut) |
//! | engine block / release | the same `S20` sentences |
//! | location request | not sent: see below |
//!
//! The device confirms a command with `*HQ,<id>,V4,<CMD>,[result,…,]
//! <hhmmss>,<HHMMSS>,A,<position>…#`, where `<hhmmss>` is the time field
//! of the command it confirms and `<HHMMSS>` its own clock. That echoed
//! field is what names the command: the encoder writes the command's
//! serial there as a time of day (serial 3725 is `010205`: 1 h 2 min
//! 5 s; every serial up to 65535 is a valid time, up to `181215`), and
//! the decoder reads it back into `answers`. A confirmation of a command
//! sent by other means (SMS, another platform) names a serial nobody
//! sent, or none when its time is past 18:12:15.
//!
//! The maker prefix is `*HQ`, the one H02 documents; devices built with
//! another prefix take their commands as text from the operator.
//!
//! No one-off position query is documented for H02: `D1` sets the
//! periodic reporting interval and count, which would change how the
//! device reports from then on, so a location request is refused.

use bytes::Bytes;

use crate::codec::Transport;
use crate::command::{
    Command, CommandEncoder, CommandError, Encoded, Target, no_lock_commands, output_index,
};

/// Outputs H02 addresses: the one oil-and-electricity relay (`S20`).
const OUTPUTS: u8 = 1;

/// H02's command encoder.
#[derive(Debug, Default, Clone, Copy)]
pub struct H02Commands;

impl CommandEncoder for H02Commands {
    fn encode(&self, command: &Command, target: &Target<'_>) -> Result<Encoded, CommandError> {
        if target.transport == Transport::Http {
            return Err(CommandError::Unsupported(
                "H02 commands go over the device's TCP connection or UDP address".into(),
            ));
        }
        let id = target.device.as_str();
        if id.is_empty() || id.len() > 20 || !id.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(CommandError::Invalid(format!(
                "{id:?} is not an H02 device id (1 to 20 letters and digits)"
            )));
        }
        let text = match command {
            Command::ElectronicLock { .. } | Command::SpecialSettings(_) => {
                return Err(no_lock_commands());
            }
            Command::Text(text) => text.clone(),
            Command::Bytes(bytes) => String::from_utf8(bytes.clone())
                .map_err(|_| CommandError::Invalid("an H02 command is ASCII text".into()))?,
            Command::Output { index, on } => {
                output_index(*index, OUTPUTS)?;
                cut(*on)
            }
            Command::EngineBlock(block) => cut(*block),
            Command::LocationRequest => {
                return Err(CommandError::Unsupported(
                    "H02 has no one-off position query (D1 changes the reporting interval)".into(),
                ));
            }
        };
        let (name, parameters) = match text.split_once(',') {
            Some((name, parameters)) => (name, Some(parameters)),
            None => (text.as_str(), None),
        };
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(CommandError::Invalid(format!(
                "{text:?} does not start with an H02 command name such as S20"
            )));
        }
        if !text.bytes().all(|b| b.is_ascii_graphic() || b == b' ') || text.contains(['*', '#']) {
            return Err(CommandError::Invalid(
                "an H02 command is printable ASCII without * or #".into(),
            ));
        }
        let time = serial_time(target.serial);
        let sentence = match parameters {
            Some(parameters) => format!("*HQ,{id},{name},{time},{parameters}#"),
            None => format!("*HQ,{id},{name},{time}#"),
        };
        Ok(Encoded {
            bytes: Bytes::from(sentence),
            serial: Some(u32::from(target.serial)),
            answered: true,
        })
    }
}

/// `S20,1,1` cuts oil and electricity, `S20,1,0` restores them.
fn cut(on: bool) -> String {
    format!("S20,1,{}", u8::from(on))
}

/// The serial as the `HHMMSS` of the time `serial` seconds after midnight.
pub fn serial_time(serial: u16) -> String {
    let s = u32::from(serial);
    format!("{:02}{:02}{:02}", s / 3600, s / 60 % 60, s % 60)
}

/// The serial a confirmed command's `hhmmss` field names, if it is a time
/// [`serial_time`] can have written.
pub fn serial_of(time: &str) -> Option<u32> {
    if time.len() != 6 || !time.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n = |at: usize| time[at..at + 2].parse::<u32>().ok();
    let (h, m, s) = (n(0)?, n(2)?, n(4)?);
    let seconds = h * 3600 + m * 60 + s;
    (m < 60 && s < 60 && seconds <= u32::from(u16::MAX)).then_some(seconds)
}
