//! Xexun2 frames: flags, escaping, header and checksum.
//!
//! On the wire a message is `FA AF` + escaped(header + payload) + `FA AF`,
//! where inside the flags `FB BF 01` stands for `FA AF` and `FB BF 02`
//! for `FB BF`. The shared [`Escaping`] framer cuts and unescapes.
//!
//! Header: type (2), index (2), IMEI (8 bytes; its hex digits, the first
//! 15 of which are the IMEI), attributes (2; the low 10 bits are the
//! payload length), checksum (2): the bitwise complement of the 16-bit sum
//! of the payload bytes. All big-endian.

use bytes::Bytes;

use crate::codec::DecodeError;
use crate::framing::escaped::Escaping;
use crate::reader::Reader;

/// The flag that opens and closes every frame.
pub const FLAG: [u8; 2] = [0xFA, 0xAF];

/// Xexun2 byte stuffing, with the frame limit applied by the codec.
pub const fn escaping(max_len: usize) -> Escaping<'static> {
    Escaping {
        flag: &FLAG,
        escape: &[0xFB, 0xBF],
        codes: &[(0x01, &FLAG), (0x02, &[0xFB, 0xBF])],
        max_len,
    }
}

/// Header length, flags excluded.
pub const HEADER_LEN: usize = 16;
/// Payload length bits of the attributes word.
const LENGTH_MASK: u16 = 0x03FF;

/// A message header, with the fields the reply echoes kept as received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// Message type, e.g. `0x14` for positions.
    pub kind: u16,
    /// The device's message index.
    pub index: u16,
    /// The 8 IMEI bytes as received.
    pub imei: [u8; 8],
    /// The attributes word (payload length in its low 10 bits).
    pub attributes: u16,
}

impl Header {
    /// The device's IMEI: the first 15 hex digits of the IMEI bytes.
    pub fn imei_digits(&self) -> String {
        let hex: String = self.imei.iter().map(|b| format!("{b:02x}")).collect();
        hex[..15].to_owned()
    }
}

/// The payload checksum: the complement of the 16-bit sum of its bytes.
pub fn checksum(payload: &[u8]) -> u16 {
    !payload
        .iter()
        .fold(0u16, |acc, &b| acc.wrapping_add(u16::from(b)))
}

/// Splits one unescaped frame (flags removed) into its header and payload,
/// verifying the payload length and the checksum.
pub fn parse(content: &[u8]) -> Result<(Header, Bytes), DecodeError> {
    let mut r = Reader::new(content);
    let header = Header {
        kind: r.u16("type")?,
        index: r.u16("index")?,
        imei: r.array("IMEI")?,
        attributes: r.u16("attributes")?,
    };
    let carried = r.u16("checksum")?;
    let payload = r.rest();
    let len = usize::from(header.attributes & LENGTH_MASK);
    if payload.len() != len {
        return Err(DecodeError::malformed(format!(
            "header gives a {len}-byte payload, frame holds {}",
            payload.len()
        )));
    }
    let computed = checksum(payload);
    if carried != computed {
        return Err(DecodeError::Checksum {
            carried: u32::from(carried),
            computed: u32::from(computed),
        });
    }
    Ok((header, Bytes::copy_from_slice(payload)))
}
