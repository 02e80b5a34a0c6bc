//! Hex text and bytes, for the tests' device messages.

/// The bytes `text` spells in hex (two digits a byte, either case).
///
/// # Panics
///
/// When `text` is not whole pairs of hex digits: test data is wrong.
pub fn unhex(text: &str) -> Vec<u8> {
    trackgate_protocols::hex::decode(text).unwrap_or_else(|| panic!("not hex: {text}"))
}

/// `bytes` as lower-case hex.
pub fn hex(bytes: &[u8]) -> String {
    trackgate_protocols::hex::encode(bytes)
}
