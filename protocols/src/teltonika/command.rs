//! Codec 12 and Codec 13: commands and their responses.
//!
//! Data: codec id, quantity (1), then per item: type (1), size (4), payload
//! (size bytes), and finally the quantity again. Type `05` is a command,
//! `06` a response; the corpus also holds type `0D` items (camera data).
//! In Codec 13 each payload starts with a 4-byte timestamp, which is dropped:
//! a command response carries no time.
//!
//! These frames are answers, not telemetry: they yield
//! [`Message::CommandResponse`] with no acknowledgement, because the device
//! expects none. Printable text is returned as is; anything else (binary
//! answers, camera data) is hex-encoded, so the text is always lossless.

use crate::codec::DecodeError;
use crate::message::Message;

use super::reader::Reader;

/// Codec 12: GPRS commands and responses.
pub const CODEC_12: u8 = 0x0C;
/// Codec 13: device-originated messages with a timestamp.
pub const CODEC_13: u8 = 0x0D;
/// Item type of a command sent to the device.
pub const TYPE_COMMAND: u8 = 0x05;
/// Item type of the device's response.
pub const TYPE_RESPONSE: u8 = 0x06;
/// Item type of camera (photo) data.
pub const TYPE_CAMERA: u8 = 0x0D;

/// Decodes Codec 12/13 data into one command response; several items are
/// joined with newlines.
pub fn decode(data: &[u8]) -> Result<Message, DecodeError> {
    let mut r = Reader::new(data);
    let codec = r.u8("codec id")?;
    let quantity = r.u8("quantity")?;
    let mut texts = Vec::with_capacity(usize::from(quantity));
    for _ in 0..quantity {
        let kind = r.u8("type")?;
        if ![TYPE_COMMAND, TYPE_RESPONSE, TYPE_CAMERA].contains(&kind) {
            return Err(DecodeError::Unsupported(format!(
                "codec {codec:#04x} item type {kind:#04x}"
            )));
        }
        let size = usize::try_from(r.u32("size")?)
            .map_err(|_| DecodeError::malformed("command size does not fit in memory"))?;
        let mut payload = r.bytes(size, "payload")?;
        if codec == CODEC_13 {
            payload = payload
                .get(4..)
                .ok_or_else(|| DecodeError::malformed("codec 13 payload lacks its timestamp"))?;
        }
        texts.push(text_of(payload));
    }
    let quantity2 = r.u8("second quantity")?;
    if quantity2 != quantity {
        return Err(DecodeError::malformed(format!(
            "quantities disagree: {quantity} then {quantity2}"
        )));
    }
    r.finish("command data")?;
    Ok(Message::CommandResponse {
        answers: None,
        device: None,
        text: texts.join("\n"),
        ack: None,
    })
}

/// The payload as text when it is printable UTF-8, else as lowercase hex.
fn text_of(payload: &[u8]) -> String {
    match std::str::from_utf8(payload) {
        Ok(text) if !text.is_empty() && text.chars().all(printable) => text.to_owned(),
        _ => hex(payload),
    }
}

fn printable(c: char) -> bool {
    !c.is_control() || matches!(c, '\r' | '\n' | '\t')
}

fn hex(bytes: &[u8]) -> String {
    crate::hex::encode(bytes)
}
