//! A bounds-checked big-endian cursor over a frame's bytes, shared by the
//! binary protocols.
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

    /// Takes the next `N` bytes as an array.
    pub(crate) fn array<const N: usize>(&mut self, field: &str) -> Result<[u8; N], DecodeError> {
        let mut out = [0u8; N];
        out.copy_from_slice(self.bytes(N, field)?);
        Ok(out)
    }

    /// An unsigned integer of `width` bytes (at most 8 are read).
    pub(crate) fn uint(&mut self, width: usize, field: &str) -> Result<u64, DecodeError> {
        let bytes = self.bytes(width.min(8), field)?;
        Ok(bytes.iter().fold(0u64, |acc, &b| (acc << 8) | u64::from(b)))
    }

    pub(crate) fn u8(&mut self, field: &str) -> Result<u8, DecodeError> {
        Ok(self.array::<1>(field)?[0])
    }

    pub(crate) fn u16(&mut self, field: &str) -> Result<u16, DecodeError> {
        Ok(u16::from_be_bytes(self.array(field)?))
    }

    pub(crate) fn u32(&mut self, field: &str) -> Result<u32, DecodeError> {
        Ok(u32::from_be_bytes(self.array(field)?))
    }

    pub(crate) fn u64(&mut self, field: &str) -> Result<u64, DecodeError> {
        Ok(u64::from_be_bytes(self.array(field)?))
    }

    /// Everything not read yet.
    pub(crate) fn rest(&mut self) -> &'a [u8] {
        std::mem::take(&mut self.rest)
    }

    /// Bytes not read yet.
    pub(crate) fn remaining(&self) -> usize {
        self.rest.len()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_big_endian_and_names_the_short_field() {
        let mut r = Reader::new(&[1, 0, 2, 0, 0, 0, 3, 9]);
        assert_eq!(r.u8("a").expect("u8"), 1);
        assert_eq!(r.u16("b").expect("u16"), 2);
        assert_eq!(r.u32("c").expect("u32"), 3);
        assert_eq!(r.remaining(), 1);
        assert!(r.finish("frame").is_err());
        let error = r.u16("tail").expect_err("short");
        assert!(
            error.to_string().contains("tail: needs 2 bytes, 1 left"),
            "{error}"
        );
        assert_eq!(r.rest(), &[9]);
        assert!(r.finish("frame").is_ok());
        assert_eq!(Reader::new(&[0, 0, 1, 0]).uint(3, "x").expect("uint"), 1);
    }
}
