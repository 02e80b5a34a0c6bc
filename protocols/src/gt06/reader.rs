//! A bounds-checked big-endian cursor over a packet's content.
//!
//! Every length and count comes from the device, so no read may run past
//! the end: each one returns `Malformed` naming the field that ran short.

use crate::codec::DecodeError;

/// Reads big-endian fields from the front of a byte slice.
#[derive(Debug, Clone)]
pub(crate) struct Reader<'a> {
    rest: &'a [u8],
}

impl<'a> Reader<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> Self {
        Self { rest: bytes }
    }

    /// Bytes not read yet.
    pub(crate) fn left(&self) -> usize {
        self.rest.len()
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

    /// Everything not read yet.
    pub(crate) fn rest(&mut self) -> &'a [u8] {
        std::mem::take(&mut self.rest)
    }

    /// An unsigned integer of `width` bytes (1..=8).
    pub(crate) fn uint(&mut self, width: usize, field: &str) -> Result<u64, DecodeError> {
        let bytes = self.bytes(width.min(8), field)?;
        Ok(bytes.iter().fold(0u64, |acc, &b| (acc << 8) | u64::from(b)))
    }

    pub(crate) fn u8(&mut self, field: &str) -> Result<u8, DecodeError> {
        Ok(self.uint(1, field)? as u8)
    }

    pub(crate) fn u16(&mut self, field: &str) -> Result<u16, DecodeError> {
        Ok(self.uint(2, field)? as u16)
    }

    pub(crate) fn u32(&mut self, field: &str) -> Result<u32, DecodeError> {
        Ok(self.uint(4, field)? as u32)
    }

    /// Fails unless every byte has been read.
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
