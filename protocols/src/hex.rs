//! Bytes as hex text and back: raw values kept in records, skipped frames
//! in logs, and the device messages tests are written in.

/// `bytes` as lower-case hex, two digits a byte.
pub fn encode(bytes: impl AsRef<[u8]>) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let bytes = bytes.as_ref();
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0x0F)]));
    }
    out
}

/// The bytes hex `text` spells (either case), or `None` when it is not
/// whole pairs of hex digits.
pub fn decode(text: &str) -> Option<Vec<u8>> {
    let digits = text.as_bytes();
    if !digits.len().is_multiple_of(2) {
        return None;
    }
    let value = |d: u8| char::from(d).to_digit(16).map(|v| v as u8);
    digits
        .chunks(2)
        .map(|pair| Some((value(pair[0])? << 4) | value(pair[1])?))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_round_trip_through_either_case() {
        assert_eq!(encode([0x00, 0x7f, 0xAB, 0xff]), "007fabff");
        assert_eq!(decode("007fABff"), Some(vec![0x00, 0x7f, 0xAB, 0xff]));
        assert_eq!(decode(""), Some(vec![]));
    }

    #[test]
    fn odd_lengths_and_non_digits_are_refused() {
        assert_eq!(decode("abc"), None);
        assert_eq!(decode("zz"), None);
        assert_eq!(decode("0g"), None);
    }
}
