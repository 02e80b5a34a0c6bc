//! Commands to Queclink @Track devices: `AT+GT<command>=<password>,…,<serial>$`.
//!
//! | command | text sent |
//! |---|---|
//! | text | as given: the operator writes the whole `AT+GT…$` command, with the device's own password |
//! | bytes | as given |
//! | output n on / off (n = 1..=3) | `AT+GTOUT=gv300,…$`: output n's status `1` / `0` with duration and toggle times `0` (a steady level), every other field empty (kept as configured) |
//! | engine block / release | output 1 on / off (the GV300's latched output, where the immobiliser relay is wired) |
//! | location request | `AT+GTRTO=gv300,1,,,,,,<serial>$` (sub command 1, RTL) |
//!
//! # Password
//!
//! Every @Track command starts with the device's password, which the gateway
//! does not know. Typed commands use the factory default of the vehicle
//! family that has digital outputs, `gv300` ([`DEFAULT_PASSWORD`]); a device
//! whose password was changed, or another model (a GL300's default is
//! `gl300`), is sent its commands as text, written with its own password.
//!
//! # Answers
//!
//! The last field before the tail is the command's serial number, four hex
//! digits: typed commands carry [`Target::serial`] there. The device answers
//! `+ACK:GT<command>,<version>,<imei>,<name>,…,<serial>,<send time>,<count>$`,
//! echoing it; the text decoder sets `answers` from that field. A text
//! command's answer echoes whatever serial the text carries, so that one is
//! returned as [`Encoded::serial`] when the text ends in `,<4 hex>$`.
//! Answers in the HEX form are not matched (`answers` is `None`).
//!
//! Commands go over TCP, or over UDP to the device's last address.

use bytes::Bytes;

use crate::command::{
    Command, CommandEncoder, CommandError, Encoded, Target, no_lock_commands, output_index,
};

/// The factory password of the GV300 family, used by typed commands.
pub const DEFAULT_PASSWORD: &str = "gv300";

/// Digital outputs `AT+GTOUT` addresses in the GV300 layout.
const OUTPUTS: u8 = 3;

/// Queclink's command encoder.
#[derive(Debug, Default, Clone, Copy)]
pub struct Gl200Commands;

impl CommandEncoder for Gl200Commands {
    fn encode(&self, command: &Command, target: &Target<'_>) -> Result<Encoded, CommandError> {
        let serial = format!("{:04X}", target.serial);
        let text = match command {
            Command::ElectronicLock { .. } | Command::SpecialSettings(_) => {
                return Err(no_lock_commands());
            }
            Command::Text(text) => return Ok(as_given(text.as_bytes())),
            Command::Bytes(bytes) => return Ok(as_given(bytes)),
            Command::Output { index, on } => out(output_index(*index, OUTPUTS)?, *on, &serial),
            Command::EngineBlock(block) => out(1, *block, &serial),
            Command::LocationRequest => {
                format!("AT+GTRTO={DEFAULT_PASSWORD},1,,,,,,{serial}$")
            }
        };
        Ok(Encoded {
            bytes: Bytes::from(text),
            serial: Some(u32::from(target.serial)),
            answered: true,
        })
    }
}

/// `AT+GTOUT` setting output `index` to a steady level: three
/// status/duration/toggle triplets, then the seven fields after them
/// (long operation and reserved ones) empty.
fn out(index: u8, on: bool, serial: &str) -> String {
    let mut fields = vec![""; 9 + 7];
    let at = usize::from(index - 1) * 3;
    fields[at] = if on { "1" } else { "0" };
    fields[at + 1] = "0";
    fields[at + 2] = "0";
    format!("AT+GTOUT={DEFAULT_PASSWORD},{},{serial}$", fields.join(","))
}

/// A command written by the operator, with the serial its text carries.
fn as_given(bytes: &[u8]) -> Encoded {
    Encoded {
        bytes: Bytes::copy_from_slice(bytes),
        serial: text_serial(bytes),
        answered: true,
    }
}

/// The serial a command's text ends with (`,<4 hex>$`), if any.
fn text_serial(bytes: &[u8]) -> Option<u32> {
    let text = std::str::from_utf8(bytes).ok()?.trim_end();
    let body = text.strip_suffix('$')?;
    let (_, last) = body.rsplit_once(',')?;
    ack_serial(last)
}

/// A serial number field: exactly four hex digits.
pub fn ack_serial(field: &str) -> Option<u32> {
    let four = field.len() == 4 && field.bytes().all(|b| b.is_ascii_hexdigit());
    four.then(|| u32::from_str_radix(field, 16).ok()).flatten()
}
