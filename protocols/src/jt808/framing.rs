//! JT/T 808 frames: flags, escaping, header and XOR check code.
//!
//! On the wire a message is `7E` + escaped(header + body + check) + `7E`,
//! where inside the flags `7D 02` stands for `7E` and `7D 01` for `7D`. The
//! shared [`Escaping`] framer cuts and unescapes; [`parse`] then reads the
//! header, checks that the body length field matches the body, and verifies
//! the check code: the XOR of every header and body byte.
//!
//! Header (JT/T 808-2013): message id (2), properties (2), terminal phone
//! number (6 BCD = 12 digits), serial (2), then, when the subpackage bit is
//! set, total packets (2) and packet index (2). JT/T 808-2019 sets the
//! version bit (14) of the properties, adds a protocol version byte before
//! the phone number and widens the phone number to 10 BCD bytes (20 digits).
//! Properties: bits 0-9 body length, 10-12 encryption (bit 10 = RSA),
//! 13 subpackage, 14 version flag, 15 reserved.

use bytes::Bytes;

use crate::codec::DecodeError;
use crate::framing::escaped::Escaping;

use super::reader::Reader;

/// The flag that opens and closes every frame.
pub const FLAG: u8 = 0x7E;

/// JT/T 808 byte stuffing, with the frame limit applied by the codec.
pub const fn escaping(max_len: usize) -> Escaping<'static> {
    Escaping {
        flag: &[FLAG],
        escape: &[0x7D],
        codes: &[(0x02, &[0x7E]), (0x01, &[0x7D])],
        max_len,
    }
}

/// Body length bits of the properties word.
const LENGTH_MASK: u16 = 0x03FF;
/// Encryption bits of the properties word.
const ENCRYPTION_MASK: u16 = 0x1C00;
/// Subpackage bit of the properties word.
const SUBPACKAGE: u16 = 1 << 13;
/// Version (2019) bit of the properties word.
pub const VERSION_2019: u16 = 1 << 14;

/// A message header, with the fields replies echo kept as received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// Message id, e.g. `0x0200` for a location report.
    pub id: u16,
    /// The protocol version byte, present only in 2019 headers.
    pub version: Option<u8>,
    /// The terminal phone number, BCD, as received (6 or 10 bytes).
    pub phone: Vec<u8>,
    /// The terminal's message serial number.
    pub serial: u16,
    /// (total, index) when the message is one packet of several.
    pub packet: Option<(u16, u16)>,
    /// Whether the body is encrypted (properties bits 10-12).
    pub encrypted: bool,
}

impl Header {
    /// The terminal phone number as digits: the identity of the device.
    ///
    /// Written as hex, so a valid BCD number gives exactly its digits and
    /// an invalid nibble still gives a stable identifier.
    pub fn phone_digits(&self) -> String {
        self.phone.iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// Splits one unescaped frame (flags removed) into its header and body,
/// verifying the body length and the check code.
pub fn parse(content: &[u8]) -> Result<(Header, Bytes), DecodeError> {
    let (&carried, message) = content
        .split_last()
        .ok_or_else(|| DecodeError::malformed("empty frame"))?;
    let computed = crate::checksum::xor8(message);
    if carried != computed {
        return Err(DecodeError::Checksum {
            carried: u32::from(carried),
            computed: u32::from(computed),
        });
    }
    let mut r = Reader::new(message);
    let id = r.u16("message id")?;
    let properties = r.u16("message properties")?;
    let version = if properties & VERSION_2019 != 0 {
        Some(r.u8("protocol version")?)
    } else {
        None
    };
    let phone_len = if version.is_some() { 10 } else { 6 };
    let phone = r.bytes(phone_len, "terminal phone number")?.to_vec();
    let serial = r.u16("serial number")?;
    let packet = if properties & SUBPACKAGE != 0 {
        Some((r.u16("packet total")?, r.u16("packet index")?))
    } else {
        None
    };
    let body = r.rest();
    let declared = usize::from(properties & LENGTH_MASK);
    if body.len() != declared {
        return Err(DecodeError::malformed(format!(
            "body length field says {declared} bytes, {} follow",
            body.len()
        )));
    }
    let header = Header {
        id,
        version,
        phone,
        serial,
        packet,
        encrypted: properties & ENCRYPTION_MASK != 0,
    };
    Ok((header, Bytes::copy_from_slice(body)))
}

/// Builds the wire bytes of a message: header (same version, phone number
/// as `like`), `body`, check code, escaped and flagged.
///
/// A body longer than the 10-bit length field allows is cut to 1023 bytes;
/// no message trackgate writes comes near that.
pub fn build(like: &Header, id: u16, serial: u16, body: &[u8]) -> Bytes {
    let body = body.get(..usize::from(LENGTH_MASK)).unwrap_or(body);
    let mut properties = body.len() as u16;
    let mut message = Vec::with_capacity(body.len() + 20);
    message.extend_from_slice(&id.to_be_bytes());
    if like.version.is_some() {
        properties |= VERSION_2019;
    }
    message.extend_from_slice(&properties.to_be_bytes());
    if let Some(version) = like.version {
        message.push(version);
    }
    message.extend_from_slice(&like.phone);
    message.extend_from_slice(&serial.to_be_bytes());
    message.extend_from_slice(body);
    message.push(crate::checksum::xor8(&message));
    escaping(usize::MAX).escape(&message)
}
