//! The terminal's answers to platform commands ([`super::commands`]).
//!
//! | id     | answer                   | becomes                                   |
//! |--------|--------------------------|-------------------------------------------|
//! | 0x0001 | terminal general answer  | `CommandResponse` (the result)            |
//! | 0x0201 | location query answer    | `CommandResponse`, then `Records` (1)     |
//! | 0x0500 | vehicle control answer   | `CommandResponse`, then `Records` (1)     |
//!
//! Each starts with the serial of the platform message it answers (2),
//! which becomes the response's `answers`. 0x0001 goes on with the
//! answered message id (2) and a result (1); 0x0201 and 0x0500 with a
//! location report body, whose position is delivered as a record right
//! after the response. Answers are not replied to: the platform's general
//! reply is for the terminal's own messages.

use crate::codec::DecodeError;
use crate::message::{DeviceId, Message};

use super::location;
use super::reader::Reader;
use super::variant::Jt808Variant;

/// Terminal general answer.
pub const GENERAL_ANSWER: u16 = 0x0001;
/// Answer to a location query (0x8201).
pub const LOCATION_ANSWER: u16 = 0x0201;
/// Answer to a vehicle control (0x8500).
pub const VEHICLE_CONTROL_ANSWER: u16 = 0x0500;

/// The response to an answer, and the record to deliver after it, or
/// `None` when `id` is not an answer.
pub fn answer(
    id: u16,
    device: &DeviceId,
    body: &[u8],
    variant: Jt808Variant,
) -> Result<Option<(Message, Option<Message>)>, DecodeError> {
    let mut r = Reader::new(body);
    let response = |answers: u16, text: String| Message::CommandResponse {
        device: Some(device.clone()),
        text,
        answers: Some(u32::from(answers)),
        ack: None,
    };
    Ok(Some(match id {
        GENERAL_ANSWER => {
            let serial = r.u16("answer serial")?;
            let answered = r.u16("answered message id")?;
            let result = r.u8("result")?;
            r.finish("general answer")?;
            let text = format!("{answered:04X} {}", result_text(result));
            (response(serial, text), None)
        }
        LOCATION_ANSWER | VEHICLE_CONTROL_ANSWER => {
            let serial = r.u16("answer serial")?;
            let record = location::report(r.rest(), variant)?;
            let text = if id == LOCATION_ANSWER {
                "location"
            } else {
                "vehicle control done"
            };
            let records = Message::Records {
                device: Some(device.clone()),
                records: vec![record],
                ack: None,
            };
            (response(serial, text.to_owned()), Some(records))
        }
        _ => return Ok(None),
    }))
}

/// The general answer's result byte in words.
fn result_text(result: u8) -> String {
    match result {
        0 => "success".into(),
        1 => "failure".into(),
        2 => "message error".into(),
        3 => "not supported".into(),
        4 => "alarm confirmed".into(),
        other => format!("result {other}"),
    }
}
