//! The acknowledgements Tramigo devices expect.

use bytes::Bytes;

use crate::checksum::crc16_ccitt_false;

/// The answer to a text (`80`) packet: `gprs,ack,<index>`, the index
/// being the packet's bytes 2–3, big-endian, in decimal.
pub fn text_ack(index: u16) -> Bytes {
    Bytes::from(format!("gprs,ack,{index}"))
}

/// The answer to a binary (`04`) packet, 24 bytes: `04 18 00`, a
/// CRC-16/IBM-3740 of the answer with these two bytes zero
/// (little-endian), the packet's index (2), its two ids (4 each) and its
/// time (4) as received, `FF`, the index again and `00 00`. `header` is
/// the packet's 19-byte header.
pub fn binary_ack(header: &[u8]) -> Bytes {
    let index = &header[5..7];
    let mut out = vec![0x04, 0x18, 0x00, 0x00, 0x00];
    out.extend_from_slice(index);
    out.extend_from_slice(&header[7..19]);
    out.push(0xFF);
    out.extend_from_slice(index);
    out.extend_from_slice(&[0x00, 0x00]);
    let crc = crc16_ccitt_false(&out).to_le_bytes();
    out[3..5].copy_from_slice(&crc);
    Bytes::from(out)
}
