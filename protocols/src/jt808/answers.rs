//! The terminal's answers to platform commands ([`super::commands`]).
//!
//! | id     | answer                   | `CommandResponse` text                    |
//! |--------|--------------------------|-------------------------------------------|
//! | 0x0001 | terminal general answer  | answered id and result: `8300 success`    |
//! | 0x0201 | location query answer    | the position: `22.543210,114.123456 valid at 2024-01-02 03:04:05 UTC` |
//! | 0x0500 | vehicle control answer   | `vehicle control: status 00001002, ` and the position |
//!
//! Each starts with the serial of the platform message it answers (2),
//! which becomes the response's `answers`. 0x0001 goes on with the
//! answered message id (2) and a result (1); 0x0201 and 0x0500 with a
//! location report body. One frame gives one message, so the position of
//! those two is given in the answer's text (where the operator who asked
//! reads it) and not stored as a record: the terminal's next location
//! report carries it. Answers are not replied to: the platform's general
//! reply is for the terminal's own messages.

use crate::codec::DecodeError;
use crate::message::{DeviceId, Message};
use crate::record::Record;

use super::location;
use super::reader::Reader;
use super::variant::Jt808Variant;

/// Terminal general answer.
pub const GENERAL_ANSWER: u16 = 0x0001;
/// Answer to a location query (0x8201).
pub const LOCATION_ANSWER: u16 = 0x0201;
/// Answer to a vehicle control (0x8500).
pub const VEHICLE_CONTROL_ANSWER: u16 = 0x0500;

/// The response to an answer, or `None` when `id` is not an answer.
pub fn answer(
    id: u16,
    device: &DeviceId,
    body: &[u8],
    variant: Jt808Variant,
) -> Result<Option<Message>, DecodeError> {
    if !matches!(
        id,
        GENERAL_ANSWER | LOCATION_ANSWER | VEHICLE_CONTROL_ANSWER
    ) {
        return Ok(None);
    }
    let mut r = Reader::new(body);
    let serial = r.u16("answer serial")?;
    let text = match id {
        GENERAL_ANSWER => {
            let answered = r.u16("answered message id")?;
            let result = r.u8("result")?;
            r.finish("general answer")?;
            format!("{answered:04X} {}", result_text(result))
        }
        LOCATION_ANSWER => position(&location::report(r.rest(), variant)?),
        _ => {
            let report = r.rest();
            let status = report
                .get(4..8)
                .map_or(0, |s| u32::from_be_bytes([s[0], s[1], s[2], s[3]]));
            let record = location::report(report, variant)?;
            format!(
                "vehicle control: status {status:08X}, {}",
                position(&record)
            )
        }
    };
    Ok(Some(Message::CommandResponse {
        device: Some(device.clone()),
        text,
        answers: Some(u32::from(serial)),
        ack: None,
    }))
}

/// A position in words: coordinates, validity and fix time (UTC).
fn position(record: &Record) -> String {
    let (y, mo, d, h, mi, s) = crate::datetime::civil(record.fix_time_ms);
    format!(
        "{:.6},{:.6} {} at {y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02} UTC",
        record.latitude,
        record.longitude,
        if record.valid { "valid" } else { "invalid" },
    )
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
