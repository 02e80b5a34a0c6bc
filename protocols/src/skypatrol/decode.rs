//! What a message of the Enfora modem family means.
//!
//! | header | content | becomes |
//! |---|---|---|
//! | API 5, command 2, message type 1, mask length 4 | a binary event report laid out by its mask ([`super::binary`]) | one record |
//! | any | the modem id (ASCII digits) then an NMEA `RMC` sentence ([`crate::nmea`]) | one record |
//! | API 10 | the modem id, no sentence | a keep-alive |
//!
//! The text form's modem id is the first run of 6 to 22 ASCII digits
//! before the sentence (the id field is space-padded, after a parameter
//! that is itself digits in spaces: `"         8"`); the bytes before the
//! sentence are kept raw as `header`, the sentence's fix is the record's.
//! Anything else (other API numbers and message types, binary reports
//! without a mask) is unsupported.

use crate::codec::DecodeError;
use crate::message::{DeviceId, Message};
use crate::record::{IoElement, IoKey, IoValue};

use super::framing::Header;

/// The API number of keep-alives.
pub const KEEP_ALIVE_API: u16 = 10;

/// Decodes one message, its length already dropped.
pub fn message(message: &[u8]) -> Result<Message, DecodeError> {
    let header = Header::read(message)?;
    if header.api == 5 && header.command == 2 && header.kind >> 4 == 1 {
        let (device, record) = super::binary::report(&message[4..])?;
        return Ok(Message::Records {
            device: Some(device),
            records: vec![record],
            ack: None,
        });
    }
    let sentence = crate::nmea::find_rmc(message);
    let before = &message[..sentence.as_ref().map_or(message.len(), |s| s.start)];
    let device = modem_id(before);
    match (sentence, device) {
        (Some(span), Some(device)) => {
            let text = std::str::from_utf8(&message[span])
                .map_err(|_| DecodeError::malformed("an RMC sentence is ASCII text"))?;
            let mut record = crate::nmea::rmc(text)?;
            record.io.push(IoElement {
                key: IoKey::Name("header".into()),
                value: IoValue::Bytes(before.to_vec()),
            });
            Ok(Message::Records {
                device: Some(device),
                records: vec![record],
                ack: None,
            })
        }
        (Some(_), None) => Err(DecodeError::malformed("no modem id before the sentence")),
        (None, Some(device)) if header.api == KEEP_ALIVE_API => Ok(Message::Heartbeat {
            device: Some(device),
            reply: None,
        }),
        (None, _) => Err(DecodeError::Unsupported(format!(
            "API {}, command {}, message type {:#04x}",
            header.api, header.command, header.kind
        ))),
    }
}

/// The first run of 6 to 22 ASCII digits in `bytes`.
pub fn modem_id(bytes: &[u8]) -> Option<DeviceId> {
    bytes
        .split(|b| !b.is_ascii_digit())
        .find(|run| (6..=22).contains(&run.len()))
        .map(|run| DeviceId(String::from_utf8_lossy(run).into_owned()))
}
