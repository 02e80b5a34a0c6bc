//! The answer MXT devices expect.

use bytes::Bytes;

use crate::checksum::crc16_xmodem;

/// The acknowledgement message type.
pub const TYPE_ACK: u8 = 0x02;

/// The answer to a position: the content `<device byte> 02 <id, 4 LE>
/// <the position's CRC, 2 LE>` followed by the CRC-16/XMODEM of those 8
/// bytes (LE), stuffed between `01` and `04`, as the corpus's reply table
/// gives it.
pub fn ack(device_byte: u8, id: u32, crc: u16) -> Bytes {
    let mut content = vec![device_byte, TYPE_ACK];
    content.extend_from_slice(&id.to_le_bytes());
    content.extend_from_slice(&crc.to_le_bytes());
    let own = crc16_xmodem(&content);
    content.extend_from_slice(&own.to_le_bytes());
    super::framing::wire(&content)
}
