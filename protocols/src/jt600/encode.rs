//! The JT600 answers, and the device-side escaping tests use.

use bytes::Bytes;

use super::framing::ESCAPE;

/// Status bit of a long binary record that asks for an answer.
pub const ANSWER_BIT: u16 = 1 << 5;
/// Protocol versions from this one answer `(P69,0,<index>)`, earlier ones `(P35)`.
pub const P69_FROM_VERSION: u8 = 0x19;

/// The answer to a long binary record whose status asks for one: `(P35)`
/// before version 0x19, `(P69,0,<index>)` from it on.
pub fn binary_ack(version: u8, index: u8) -> Bytes {
    if version < P69_FROM_VERSION {
        Bytes::from_static(b"(P35)")
    } else {
        Bytes::from(format!("(P69,0,{index})"))
    }
}

/// A text frame as a device writes it: `content` escaped inside `(` `)`.
pub fn text_frame(content: &[u8]) -> Vec<u8> {
    let mut out = vec![b'('];
    for &b in content {
        match b {
            b'(' => out.extend_from_slice(&[ESCAPE, 0x15]),
            b')' => out.extend_from_slice(&[ESCAPE, 0x14]),
            b'=' => out.extend_from_slice(&[ESCAPE, 0x00]),
            other => out.push(other),
        }
    }
    out.push(b')');
    out
}
