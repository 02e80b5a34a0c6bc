//! The ASCII `(…)` sentences that JT701-family e-locks send on the same
//! connection as their JT/T 808 messages.
//!
//! A sentence is `(` id `,` fields … `)`, printable ASCII. Its first field
//! is the lock's id, the same digits as the terminal phone number in the
//! lock's JT/T 808 headers, so each sentence names its device just as a
//! JT/T 808 message does. Two kinds are known:
//!
//! - `(<id>,1,001,BASE,2,TIME)`: the lock asks for the time; the answer is
//!   the same sentence with `TIME` replaced by the UTC time as
//!   `yyyyMMddHHmmss`. It becomes a `Heartbeat` carrying that reply.
//! - any other sentence (`…,ELOCK,3,…` and the like) answers a platform
//!   command: a `CommandResponse` with the whole sentence as its text and
//!   nothing to reply.
//!
//! [`cut`] tells the two framings apart by the first byte that can open a
//! frame: `7E` or `(`. A `(` not followed by printable text up to `)` is
//! noise and skipped, so a stray byte cannot stall a JT/T 808 stream.

use bytes::{Buf, Bytes, BytesMut};

use crate::codec::DecodeError;
use crate::message::{DeviceId, Message};

use super::framing::{self, FLAG};
use super::location::civil_from_ms;

/// One frame cut from the stream.
#[derive(Debug, PartialEq, Eq)]
pub enum Frame {
    /// A JT/T 808 frame's content, flags removed and unescaped.
    Jt808(Bytes),
    /// An ASCII sentence, parentheses included.
    Sentence(Bytes),
}

/// Cuts the next frame of either kind from the front of `buf`.
pub fn cut(buf: &mut BytesMut, max_len: usize) -> Result<Option<Frame>, DecodeError> {
    // Each pass consumes at least one byte or returns.
    loop {
        let open = buf.iter().position(|&b| b == FLAG || b == b'(');
        let Some(at) = open.filter(|&at| buf[at] == b'(') else {
            return framing::escaping(max_len)
                .cut(buf)
                .map(|content| content.map(Frame::Jt808));
        };
        buf.advance(at);
        match buf[1..]
            .iter()
            .position(|&b| b == b')' || !sentence_byte(b))
        {
            Some(end) if buf[1 + end] == b')' => {
                let len = end + 2;
                if len > max_len {
                    return Err(DecodeError::Oversize { len, max: max_len });
                }
                return Ok(Some(Frame::Sentence(buf.split_to(len).freeze())));
            }
            Some(_) => buf.advance(1),
            None if buf.len() > max_len => {
                return Err(DecodeError::Oversize {
                    len: buf.len(),
                    max: max_len,
                });
            }
            None => return Ok(None),
        }
    }
}

/// Printable ASCII other than the JT/T 808 flag `~` (0x7E).
fn sentence_byte(b: u8) -> bool {
    (0x20..0x7E).contains(&b)
}

/// What one sentence means; `now_ms` fills the time answer.
pub fn message(sentence: &[u8], now_ms: i64) -> Result<Message, DecodeError> {
    let text = std::str::from_utf8(sentence)
        .map_err(|_| DecodeError::malformed("e-lock sentence is not ASCII"))?;
    let inner = text
        .strip_prefix('(')
        .and_then(|t| t.strip_suffix(')'))
        .ok_or_else(|| DecodeError::malformed("e-lock sentence without parentheses"))?;
    let fields: Vec<&str> = inner.split(',').collect();
    let id = fields[0];
    if id.is_empty() || !id.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(DecodeError::malformed(format!("e-lock id {id:?}")));
    }
    let device = DeviceId(id.to_owned());
    if fields.len() == 6 && fields[3] == "BASE" && fields[4] == "2" && fields[5] == "TIME" {
        let (year, month, day, hour, minute, second) = civil_from_ms(now_ms);
        let time = format!("{year:04}{month:02}{day:02}{hour:02}{minute:02}{second:02}");
        let reply = format!("({},{time})", fields[..5].join(","));
        return Ok(Message::Heartbeat {
            device: Some(device),
            reply: Some(Bytes::from(reply)),
        });
    }
    Ok(Message::CommandResponse {
        answers: None,
        device: Some(device),
        text: text.to_owned(),
        ack: None,
    })
}
