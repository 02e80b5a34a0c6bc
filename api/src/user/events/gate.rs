//! Every frame's declared length is checked as its header goes by, before
//! any of its payload is buffered.
//!
//! actix-ws reads what the connection has into one buffer and only then
//! asks the codec for frames, and the codec compares a frame's length with
//! the maximum only once the whole frame is in that buffer. A header
//! declaring 2 GiB therefore had the gateway buffer everything the client
//! sent, up to 2 GiB, before the frame was refused. [`FrameGate`] sits
//! between the connection's payload and actix-ws: it follows the frame
//! boundaries in the bytes going through (headers read, payloads counted,
//! nothing copied or held) and fails the stream at the first header that
//! declares more than the limit, or at the continuation frame that takes a
//! fragmented message past it. What reaches the codec is then at most one
//! frame within the limit and the chunk it arrived in.

use std::pin::Pin;
use std::task::{Context, Poll, ready};

use actix_web::error::PayloadError;
use actix_web::web::Bytes;
use futures_util::Stream;

/// The longest frame header: 2 bytes, a 64-bit length, a mask.
const MAX_HEADER: usize = 14;

/// A payload whose frames and fragmented messages are held to a length.
pub(super) struct FrameGate<S> {
    inner: S,
    max: u64,
    /// The header of the frame under way, until it is whole.
    header: [u8; MAX_HEADER],
    have: usize,
    /// Payload bytes of the current frame still to come.
    payload_left: u64,
    /// Bytes of the fragmented message under way, its frames so far.
    message: u64,
    failed: bool,
}

/// A frame, or a fragmented message, declares more than the limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Oversize;

impl<S> FrameGate<S> {
    /// Holds frames and messages of `inner` to `max` bytes.
    pub(super) fn new(inner: S, max: usize) -> Self {
        Self {
            inner,
            max: max as u64,
            header: [0; MAX_HEADER],
            have: 0,
            payload_left: 0,
            message: 0,
            failed: false,
        }
    }

    /// Follows `bytes` through the frames; fails at the first header over
    /// the limit.
    pub(super) fn check(&mut self, mut bytes: &[u8]) -> Result<(), Oversize> {
        while !bytes.is_empty() {
            if self.payload_left > 0 {
                let skipped = self.payload_left.min(bytes.len() as u64);
                self.payload_left -= skipped;
                bytes = &bytes[skipped as usize..];
                continue;
            }
            let need = header_len(&self.header[..self.have]);
            let take = (need - self.have).min(bytes.len());
            self.header[self.have..self.have + take].copy_from_slice(&bytes[..take]);
            self.have += take;
            bytes = &bytes[take..];
            if self.have == header_len(&self.header[..self.have]) {
                self.frame()?;
            }
        }
        Ok(())
    }

    /// A whole header: checks its frame and sets up for its payload.
    fn frame(&mut self) -> Result<(), Oversize> {
        let header = &self.header[..self.have];
        let fin = header[0] & 0x80 != 0;
        let opcode = header[0] & 0x0F;
        let len = match header[1] & 0x7F {
            126 => u64::from(u16::from_be_bytes([header[2], header[3]])),
            127 => {
                let mut long = [0; 8];
                long.copy_from_slice(&header[2..10]);
                u64::from_be_bytes(long)
            }
            short => u64::from(short),
        };
        self.have = 0;
        if len > self.max {
            return Err(Oversize);
        }
        match opcode {
            // A continuation adds to the message under way.
            0x0 => {
                self.message = self.message.saturating_add(len);
                if self.message > self.max {
                    return Err(Oversize);
                }
                if fin {
                    self.message = 0;
                }
            }
            // Text or binary: a message of its own, or the first fragment of one.
            0x1 | 0x2 => self.message = if fin { 0 } else { len },
            // Control frames stand apart from the message they may interrupt.
            _ => {}
        }
        self.payload_left = len;
        Ok(())
    }
}

/// How long the header that begins with `start` is; 2 until its second
/// byte is known.
fn header_len(start: &[u8]) -> usize {
    let Some(&second) = start.get(1) else {
        return 2;
    };
    let length = match second & 0x7F {
        126 => 2,
        127 => 8,
        _ => 0,
    };
    let mask = if second & 0x80 != 0 { 4 } else { 0 };
    2 + length + mask
}

impl<S> Stream for FrameGate<S>
where
    S: Stream<Item = Result<Bytes, PayloadError>> + Unpin,
{
    type Item = Result<Bytes, PayloadError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if this.failed {
            return Poll::Ready(None);
        }
        match ready!(Pin::new(&mut this.inner).poll_next(cx)) {
            Some(Ok(bytes)) => match this.check(&bytes) {
                Ok(()) => Poll::Ready(Some(Ok(bytes))),
                Err(Oversize) => {
                    this.failed = true;
                    Poll::Ready(Some(Err(PayloadError::Overflow)))
                }
            },
            other => Poll::Ready(other),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A masked client frame's header (the mask key is zero).
    fn header(fin: bool, opcode: u8, len: u64) -> Vec<u8> {
        let mut out = vec![if fin { 0x80 } else { 0 } | opcode];
        match len {
            0..=125 => out.push(0x80 | len as u8),
            126..=0xFFFF => {
                out.push(0x80 | 126);
                out.extend_from_slice(&(len as u16).to_be_bytes());
            }
            _ => {
                out.push(0x80 | 127);
                out.extend_from_slice(&len.to_be_bytes());
            }
        }
        out.extend_from_slice(&[0; 4]);
        out
    }

    fn frame(fin: bool, opcode: u8, len: usize) -> Vec<u8> {
        let mut out = header(fin, opcode, len as u64);
        out.resize(out.len() + len, b'x');
        out
    }

    fn limited() -> FrameGate<()> {
        FrameGate::new((), 1_000)
    }

    #[test]
    fn frames_within_the_limit_pass_however_the_bytes_are_cut() {
        let mut bytes = frame(true, 0x1, 1_000);
        bytes.extend(frame(true, 0x9, 125));
        bytes.extend(frame(true, 0x2, 200));
        bytes.extend(frame(true, 0x2, 0));
        for cut in [1, 2, 3, 7, 13, 64, bytes.len()] {
            let mut gate = limited();
            for chunk in bytes.chunks(cut) {
                assert_eq!(gate.check(chunk), Ok(()), "cut every {cut} bytes");
            }
            assert_eq!((gate.have, gate.payload_left), (0, 0));
        }
    }

    #[test]
    fn a_header_over_the_limit_fails_before_its_payload() {
        let mut gate = limited();
        assert_eq!(gate.check(&frame(true, 0x1, 10)), Ok(()));
        let huge = header(true, 0x2, 1 << 31);
        assert_eq!(gate.check(&huge[..5]), Ok(()), "not whole yet");
        assert_eq!(gate.check(&huge[5..]), Err(Oversize));
        assert_eq!(limited().check(&header(true, 0x1, 1_001)), Err(Oversize));
        assert_eq!(limited().check(&header(true, 0x1, u64::MAX)), Err(Oversize));
    }

    #[test]
    fn continuations_count_towards_their_message() {
        let mut gate = limited();
        assert_eq!(gate.check(&frame(false, 0x1, 400)), Ok(()));
        assert_eq!(gate.check(&frame(true, 0xA, 10)), Ok(()), "a pong between");
        assert_eq!(gate.check(&frame(false, 0x0, 400)), Ok(()));
        assert_eq!(gate.check(&frame(true, 0x0, 200)), Ok(()), "1,000 in all");
        // The next message starts from nothing.
        assert_eq!(gate.check(&frame(false, 0x2, 600)), Ok(()));
        assert_eq!(gate.check(&header(false, 0x0, 401)), Err(Oversize));
    }
}
