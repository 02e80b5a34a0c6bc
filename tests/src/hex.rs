//! Hex text to bytes, for the tests' device messages.

/// The bytes `text` spells in hex (two digits a byte, either case).
///
/// # Panics
///
/// When `text` is not whole pairs of hex digits: test data is wrong.
pub fn unhex(text: &str) -> Vec<u8> {
    assert!(
        text.len().is_multiple_of(2),
        "odd number of hex digits: {text}"
    );
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).expect("hex digits"))
        .collect()
}
