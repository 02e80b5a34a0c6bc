//! The acknowledgements Cellocator units expect.

use bytes::Bytes;

use crate::checksum::sum8;

use super::framing::{MODULAR, SYSTEM_CODE};

/// Ends `message` with its byte sum (from the type byte on).
fn sealed(mut message: Vec<u8>) -> Bytes {
    let sum = sum8(&message[4..]);
    message.push(sum);
    Bytes::from(message)
}

/// The answer to a message of type `kind` from `unit` numbered `packet`:
/// a modular acknowledgement (type 11) to a modular message, an
/// acknowledgement (type 4) to any other.
pub fn ack(kind: u8, unit: u32, packet: u8) -> Bytes {
    let mut out = SYSTEM_CODE.to_vec();
    if kind == MODULAR {
        out.push(MODULAR);
        out.extend_from_slice(&unit.to_le_bytes());
        out.push(packet);
        out.extend_from_slice(&[0, 0, 0, 0]);
        // Packet control, then ten bytes of body: an acknowledgement module.
        out.push(0x80);
        out.extend_from_slice(&10u16.to_le_bytes());
        out.extend_from_slice(&[0, 0, 0, 0, 0x09, 0x03, 0x00, 0x00, 0x00, 0x00]);
    } else {
        out.push(4);
        out.extend_from_slice(&unit.to_le_bytes());
        // Command numerator, authentication code, action code.
        out.extend_from_slice(&[0, 0, 0, 0, 0, 0]);
        out.push(packet);
        out.extend_from_slice(&[0; 11]);
    }
    sealed(out)
}
