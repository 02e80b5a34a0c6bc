//! Checksums that several device protocols share.
//!
//! Each function names the exact CRC catalogue entry it computes, so a
//! protocol module states which variant its devices use in one word.

use crc::{CRC_16_ARC, Crc};

/// CRC-16/ARC (poly 0x8005 reflected, init 0, no final xor), as used by
/// Teltonika AVL packets.
pub fn crc16_arc(data: &[u8]) -> u16 {
    // A `const` instance keeps the lookup table in static memory instead of
    // rebuilding it on every call.
    const ARC: Crc<u16> = Crc::<u16>::new(&CRC_16_ARC);
    ARC.checksum(data)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arc_check_value() {
        // The catalogue's check value: CRC of the ASCII digits "123456789".
        assert_eq!(crc16_arc(b"123456789"), 0xBB3D);
    }
}
