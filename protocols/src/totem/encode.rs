//! The answers Totem devices expect, and messages for tests.

use bytes::Bytes;

use super::framing::Form;

/// The answer to every short-form (`$$LL`) report: `ACK OK` and CR LF.
pub const ACK_OK: &[u8] = b"ACK OK\r\n";

/// The answer to a long-form (`$$0…`) message whose text without its
/// checksum is `body`: `$$0014AA`, the four characters before the
/// message's checksum, and the XOR of those twelve bytes in two hex
/// digits. No line end.
pub fn long_reply(body: &str) -> Bytes {
    let echoed = body.get(body.len().saturating_sub(4)..).unwrap_or_default();
    let reply = format!("$$0014AA{echoed}");
    let xor = crate::checksum::xor8(reply.as_bytes());
    Bytes::from(format!("{reply}{xor:02X}"))
}

/// The answer to a short-form report.
pub fn ack_ok() -> Bytes {
    Bytes::from_static(ACK_OK)
}

/// A whole message of `form` whose text after the length is `rest`: the
/// length and the checksum computed, as a device sends it (without CR LF;
/// the short form holds up to 255 bytes).
pub fn message(form: Form, rest: &str) -> Bytes {
    let body = match form {
        Form::Long => format!("$${:04}{rest}", rest.len() + 8),
        Form::Short => format!("$${:02X}{rest}", rest.len() + 8),
    };
    let text = match form {
        Form::Long => format!("{body}{:02X}", crate::checksum::xor8(body.as_bytes())),
        Form::Short => format!(
            "{body}{:04X}",
            crate::checksum::crc16_modbus(body.as_bytes())
        ),
    };
    Bytes::from(text)
}
