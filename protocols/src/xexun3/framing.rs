//! Xexun3 frames: `FC` + length (2) + body + CRC (2) + `CF`.
//!
//! The length counts the body: version (1), type (1), index (1), IMEI (8
//! bytes, hex digits of which all but the first are the IMEI) and the
//! type's data. The CRC is CRC-16/CCITT-FALSE over the body. A frame is
//! therefore `length + 6` bytes long, which the header gives before the
//! rest arrives; the stream cannot resynchronise, so a frame that does not
//! start with `FC` or end with `CF` ends the connection. One that does is
//! whole, so a bad CRC or content skips it and the stream goes on.

use bytes::{Bytes, BytesMut};

use crate::checksum::crc16_ccitt_false;
use crate::codec::DecodeError;
use crate::framing::length::{self, be_u16};
use crate::reader::Reader;

/// The byte every frame starts with.
pub const START: u8 = 0xFC;
/// The byte every frame ends with.
pub const END: u8 = 0xCF;
/// Version, type, index and IMEI: the body's fixed part.
pub const HEADER_LEN: usize = 11;

/// Cuts the next whole frame from `buf`.
pub fn cut(buf: &mut BytesMut, max_len: usize) -> Result<Option<Bytes>, DecodeError> {
    length::cut(buf, max_len, |b| {
        if b.first().is_some_and(|&first| first != START) {
            return Err(DecodeError::malformed("frame does not start with FC"));
        }
        Ok(be_u16(b, 1).map(|len| usize::from(len) + 6))
    })
}

/// A frame's header, with the fields the reply echoes kept as received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// Protocol version (3).
    pub version: u8,
    /// Message type (`0x20` data, `0x21` command answer).
    pub kind: u8,
    /// The device's message index.
    pub index: u8,
    /// The 8 IMEI bytes as received.
    pub imei: [u8; 8],
}

impl Header {
    /// The IMEI: the hex digits of the IMEI bytes but the first.
    pub fn imei_digits(&self) -> String {
        let hex: String = self.imei.iter().map(|b| format!("{b:02x}")).collect();
        hex[1..].to_owned()
    }
}

/// Checks one whole frame (as [`cut`] returns it) and splits its body into
/// header and data.
pub fn parse(frame: &[u8]) -> Result<(Header, &[u8]), DecodeError> {
    if frame.len() < HEADER_LEN + 6 || frame.first() != Some(&START) {
        return Err(DecodeError::malformed("frame shorter than its header"));
    }
    if frame.last() != Some(&END) {
        return Err(DecodeError::malformed("frame does not end with CF"));
    }
    let body = &frame[3..frame.len() - 3];
    let carried = u16::from_be_bytes([frame[frame.len() - 3], frame[frame.len() - 2]]);
    let computed = crc16_ccitt_false(body);
    if carried != computed {
        return Err(DecodeError::Checksum {
            carried: u32::from(carried),
            computed: u32::from(computed),
        });
    }
    let mut r = Reader::new(body);
    let header = Header {
        version: r.u8("version")?,
        kind: r.u8("type")?,
        index: r.u8("index")?,
        imei: r.array("IMEI")?,
    };
    Ok((header, r.rest()))
}
