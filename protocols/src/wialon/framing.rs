//! Cutting Wialon IPS lines, and reading a line's envelope.
//!
//! A packet is `[prefix]#TYPE#body` ended by `\r\n`. The prefix, used over
//! UDP, is `imei` (1.1) or `2.0;imei` (2.0). Lines resynchronise by
//! themselves: a damaged line costs that line only.

use crate::codec::DecodeError;
use crate::framing::delimited::Delimited;
use crate::message::DeviceId;

/// The longest device id accepted. IMEIs have 15 digits; the spec allows
/// any "ID or serial number", so this leaves room without admitting junk.
const MAX_ID_LEN: usize = 32;

/// The line framer, refusing lines over `max_len` bytes.
pub fn lines(max_len: usize) -> Delimited<'static> {
    Delimited {
        start: b"",
        end: b"\r\n",
        keep_end: false,
        max_len,
    }
}

/// The device named in front of a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prefix {
    /// The id.
    pub device: DeviceId,
    /// Whether the prefix said `2.0;`, so the packet carries a CRC.
    pub version2: bool,
}

/// Splits `[prefix]#TYPE#body` into the prefix (if any) and the rest,
/// which starts at the first `#`.
pub fn split_prefix(line: &[u8]) -> Result<(Option<Prefix>, &[u8]), DecodeError> {
    let at = line
        .iter()
        .position(|&b| b == b'#')
        .ok_or_else(|| DecodeError::malformed("no packet type"))?;
    let (head, rest) = line.split_at(at);
    if head.is_empty() {
        return Ok((None, rest));
    }
    let (version2, id) = match head.iter().position(|&b| b == b';') {
        Some(semi) => {
            let (version, id) = (&head[..semi], &head[semi + 1..]);
            if version != b"2.0" {
                return Err(DecodeError::Unsupported(format!(
                    "protocol version {}",
                    String::from_utf8_lossy(version)
                )));
            }
            (true, id)
        }
        None => (false, head),
    };
    let device = device_id(id)?;
    Ok((Some(Prefix { device, version2 }), rest))
}

/// Splits `#TYPE#body` into the type and the body.
pub fn split_type(rest: &[u8]) -> Result<(&[u8], &[u8]), DecodeError> {
    let inner = rest
        .strip_prefix(b"#")
        .ok_or_else(|| DecodeError::malformed("packet does not start with #"))?;
    let at = inner
        .iter()
        .position(|&b| b == b'#')
        .ok_or_else(|| DecodeError::malformed("packet type is not closed by #"))?;
    Ok((&inner[..at], &inner[at + 1..]))
}

/// A device id as sent: printable ASCII with none of the separators.
pub fn device_id(id: &[u8]) -> Result<DeviceId, DecodeError> {
    let printable = id
        .iter()
        .all(|&b| b.is_ascii_graphic() && !matches!(b, b'#' | b';' | b',' | b'|'));
    if id.is_empty() || id.len() > MAX_ID_LEN || !printable {
        return Err(DecodeError::malformed("device id is not a printable id"));
    }
    Ok(DeviceId(String::from_utf8_lossy(id).into_owned()))
}
