//! Cutting Xexun reports out of a byte stream.
//!
//! Xexun trackers send two forms, told apart by how a report starts:
//!
//! - **Simple**: the report starts with the RMC sentence itself
//!   (`GPRMC,…*cs,<F|L>,[<alarm>],imei:<digits>,`). Some firmware puts the
//!   sentence's own CR LF before `,<F|L>,…`, and the form need not end with
//!   a line end, so it is cut from `G?RMC` to the comma after the IMEI
//!   digits.
//! - **Full** (TK102-2 and later): one line per report,
//!   `<yymmddhhmmss>,<phone>,GPRMC,…, imei:<digits>,<sats>,<alt>,…`. It is
//!   cut at its line end (`\n` or `\r`), which is stripped. A line without
//!   an RMC sentence (a status line that only names the device) is a frame
//!   too; the decoder tells what it holds.
//!
//! Line ends and spaces between reports are skipped. A report longer than
//! the frame limit is refused once that many bytes are buffered without
//! its end.

use bytes::{Bytes, BytesMut};

use crate::codec::DecodeError;
use crate::framing::delimited::find;

/// One report, as it was on the wire (line end stripped).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Frame {
    /// `G?RMC,…,imei:<digits>,`.
    Simple(Bytes),
    /// One whole line of the full form.
    Full(Bytes),
}

/// Whether `bytes` start with an RMC sentence name from any talker
/// (`GPRMC`, `GNRMC`, `GLRMC`, …).
pub fn starts_with_rmc(bytes: &[u8]) -> bool {
    bytes.len() >= 5 && bytes[0] == b'G' && &bytes[2..5] == b"RMC"
}

/// Where the RMC sentence starts in `bytes`, if anywhere.
pub fn rmc_start(bytes: &[u8]) -> Option<usize> {
    (0..bytes.len()).find(|&i| starts_with_rmc(&bytes[i..]))
}

/// The end (exclusive) of `imei:<digits>,` in `bytes`, once the comma
/// after the digits has arrived.
fn imei_end(bytes: &[u8]) -> Option<usize> {
    let at = find(bytes, b"imei:")? + 5;
    let digits = bytes[at..]
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .count();
    (bytes.get(at + digits) == Some(&b',')).then_some(at + digits + 1)
}

/// Cuts the next report from `buf`, or `None` until a whole one is there.
pub fn cut(buf: &mut BytesMut, max_len: usize) -> Result<Option<Frame>, DecodeError> {
    let skip = buf
        .iter()
        .take_while(|b| matches!(b, b'\r' | b'\n' | b' '))
        .count();
    let _ = buf.split_to(skip);
    if buf.is_empty() {
        return Ok(None);
    }
    if buf.len() < 5 && buf[0] == b'G' {
        // Too short to tell the forms apart yet.
        return Ok(None);
    }
    let (end, keep) = if starts_with_rmc(buf) {
        match imei_end(&buf[..buf.len().min(max_len)]) {
            Some(end) => (end, end),
            None => return wait(buf, max_len),
        }
    } else {
        match buf
            .iter()
            .take(max_len)
            .position(|&b| matches!(b, b'\n' | b'\r'))
        {
            Some(at) => (at + 1, at),
            None => return wait(buf, max_len),
        }
    };
    let mut frame = buf.split_to(end);
    frame.truncate(keep);
    let frame = frame.freeze();
    Ok(Some(if starts_with_rmc(&frame) {
        Frame::Simple(frame)
    } else {
        Frame::Full(frame)
    }))
}

/// No end yet: wait, unless the limit is already reached.
fn wait(buf: &BytesMut, max_len: usize) -> Result<Option<Frame>, DecodeError> {
    if buf.len() >= max_len {
        Err(DecodeError::Oversize {
            len: buf.len(),
            max: max_len,
        })
    } else {
        Ok(None)
    }
}
