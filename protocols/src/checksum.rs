//! Checksums that several device protocols share.
//!
//! Each function names the exact CRC catalogue entry it computes, so a
//! protocol module states which variant its devices use in one word.

use crc::{
    CRC_8_NRSC_5, CRC_16_ARC, CRC_16_IBM_3740, CRC_16_IBM_SDLC, CRC_16_KERMIT, CRC_16_MODBUS,
    CRC_16_XMODEM, Crc,
};

/// CRC-16/ARC (poly 0x8005 reflected, init 0, no final xor), as used by
/// Teltonika AVL packets.
pub fn crc16_arc(data: &[u8]) -> u16 {
    // A `const` instance keeps the lookup table in static memory instead of
    // rebuilding it on every call.
    const ARC: Crc<u16> = Crc::<u16>::new(&CRC_16_ARC);
    ARC.checksum(data)
}

/// CRC-16/X-25 (also catalogued as CRC-16/IBM-SDLC: poly 0x1021 reflected,
/// init and final xor 0xFFFF), as used by Concox GT06 packets.
pub fn crc16_x25(data: &[u8]) -> u16 {
    const X25: Crc<u16> = Crc::<u16>::new(&CRC_16_IBM_SDLC);
    X25.checksum(data)
}

/// CRC-16/IBM-3740 (also known as CRC-16/CCITT-FALSE: poly 0x1021, init
/// 0xFFFF, not reflected, no final xor), as used by Queclink HEX reports.
pub fn crc16_ccitt_false(data: &[u8]) -> u16 {
    const CCITT: Crc<u16> = Crc::<u16>::new(&CRC_16_IBM_3740);
    CCITT.checksum(data)
}

/// CRC-8/NRSC-5 (poly 0x31, init 0xFF, not reflected, no final xor), as
/// used by Queclink Protocol Pro frames.
pub fn crc8_nrsc5(data: &[u8]) -> u8 {
    const NRSC5: Crc<u8> = Crc::<u8>::new(&CRC_8_NRSC_5);
    NRSC5.checksum(data)
}

/// The XOR of all bytes, as NMEA-style `*XX` text checksums (Laipac,
/// GlobalSat, Xexun) and JT/T 808 frames carry it.
pub fn xor8(data: &[u8]) -> u8 {
    data.iter().fold(0u8, |acc, b| acc ^ b)
}

/// Checks the two hex digits `carried` (as sent after `*`) against the
/// XOR of `body`: malformed when they are not two hex digits, a checksum
/// error when they differ.
pub fn check_hex_xor8(body: &str, carried: &str) -> Result<(), crate::DecodeError> {
    let carried = (carried.len() == 2)
        .then(|| u8::from_str_radix(carried, 16).ok())
        .flatten()
        .ok_or_else(|| crate::DecodeError::malformed(format!("checksum {carried:?}")))?;
    let computed = xor8(body.as_bytes());
    if carried != computed {
        return Err(crate::DecodeError::Checksum {
            carried: carried.into(),
            computed: computed.into(),
        });
    }
    Ok(())
}

/// The sum of all bytes modulo 256, as Meitrack frames carry it (two hex
/// digits after `*`).
pub fn sum8(data: &[u8]) -> u8 {
    data.iter().fold(0u8, |acc, &b| acc.wrapping_add(b))
}

/// CRC-16/KERMIT (poly 0x1021 reflected, init 0, no final xor), as used
/// by Ruptela packets.
pub fn crc16_kermit(data: &[u8]) -> u16 {
    const KERMIT: Crc<u16> = Crc::<u16>::new(&CRC_16_KERMIT);
    KERMIT.checksum(data)
}

/// CRC-16/MODBUS (poly 0x8005 reflected, init 0xFFFF, no final xor), as
/// used by Galileosky packets.
pub fn crc16_modbus(data: &[u8]) -> u16 {
    const MODBUS: Crc<u16> = Crc::<u16>::new(&CRC_16_MODBUS);
    MODBUS.checksum(data)
}

/// CRC-16/XMODEM (poly 0x1021, init 0, not reflected, no final xor), as
/// GoSafe binary reports and Ulbotech frames carry it.
pub fn crc16_xmodem(data: &[u8]) -> u16 {
    const XMODEM: Crc<u16> = Crc::<u16>::new(&CRC_16_XMODEM);
    XMODEM.checksum(data)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arc_check_value() {
        // The catalogue's check value: CRC of the ASCII digits "123456789".
        assert_eq!(crc16_arc(b"123456789"), 0xBB3D);
        assert_eq!(crc16_x25(b"123456789"), 0x906E);
        assert_eq!(crc16_xmodem(b"123456789"), 0x31C3);
        assert_eq!(crc16_ccitt_false(b"123456789"), 0x29B1);
        assert_eq!(crc8_nrsc5(b"123456789"), 0xF7);
        assert_eq!(sum8(b"123456789"), 0xDD);
        assert_eq!(sum8(&[0xFF, 0x02]), 0x01);
        assert_eq!(crc16_kermit(b"123456789"), 0x2189);
        assert_eq!(crc16_modbus(b"123456789"), 0x4B37);
    }
}
