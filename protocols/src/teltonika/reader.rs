//! A bounds-checked big-endian cursor over a frame's bytes.
//!
//! Device input decides every length and count, so no read may index past
//! the end: each one returns `Malformed` naming the field that ran short.

use crate::codec::DecodeError;

/// Reads big-endian fields from the front of a byte slice.
#[derive(Debug)]
pub(crate) struct Reader<'a> {
    rest: &'a [u8],
}

impl<'a> Reader<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> Self {
        Self { rest: bytes }
    }

    /// Takes the next `n` bytes; `field` names them in the error.
    pub(crate) fn bytes(&mut self, n: usize, field: &str) -> Result<&'a [u8], DecodeError> {
        if n > self.rest.len() {
            return Err(DecodeError::malformed(format!(
                "{field}: needs {n} bytes, {} left",
                self.rest.len()
            )));
        }
        let (head, tail) = self.rest.split_at(n);
        self.rest = tail;
        Ok(head)
    }

    /// An unsigned integer of `width` bytes (1..=8).
    pub(crate) fn uint(&mut self, width: usize, field: &str) -> Result<u64, DecodeError> {
        debug_assert!((1..=8).contains(&width));
        let bytes = self.bytes(width, field)?;
        Ok(bytes.iter().fold(0u64, |acc, &b| (acc << 8) | u64::from(b)))
    }

    pub(crate) fn u8(&mut self, field: &str) -> Result<u8, DecodeError> {
        Ok(self.bytes(1, field)?[0])
    }

    pub(crate) fn u16(&mut self, field: &str) -> Result<u16, DecodeError> {
        let b = self.bytes(2, field)?;
        Ok(u16::from_be_bytes([b[0], b[1]]))
    }

    pub(crate) fn u32(&mut self, field: &str) -> Result<u32, DecodeError> {
        let b = self.bytes(4, field)?;
        Ok(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    }

    pub(crate) fn u64(&mut self, field: &str) -> Result<u64, DecodeError> {
        self.uint(8, field)
    }

    /// Fails unless every byte has been read: trailing bytes mean the
    /// counts or lengths did not describe the data.
    pub(crate) fn finish(&self, what: &str) -> Result<(), DecodeError> {
        if self.rest.is_empty() {
            Ok(())
        } else {
            Err(DecodeError::malformed(format!(
                "{what}: {} bytes left over",
                self.rest.len()
            )))
        }
    }
}
