//! The answer GoSafe devices expect.

/// `1234`: the answer to every message, text or binary.
pub const ACK: &[u8] = b"1234";
