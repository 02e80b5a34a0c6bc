//! What the store keeps in place of a secret: its SHA-256 digest.
//!
//! Session hashes and API keys are bearer secrets: whoever reads one can
//! act as its user. The store therefore never holds them. A caller hands
//! the plaintext to its user once, when it is created, and stores and
//! looks up only [`SecretDigest::of`] it. A leaked data directory (or its
//! logs, or a backup) then yields nothing that can be presented as `hash`.
//!
//! A plain (unsalted, fast) digest is enough here, unlike for passwords:
//! the secrets are 128 random bits, so there is nothing to guess.

use std::fmt;

use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};
use subtle::ConstantTimeEq;

/// The SHA-256 digest of a secret (a session hash, an API key, the Server
/// API key). Digests compare in constant time, so comparing one never
/// tells how much of it matched.
#[derive(Clone, Copy, Eq, Serialize, Deserialize)]
pub struct SecretDigest([u8; 32]);

impl SecretDigest {
    /// Hex digits of [`Self::id`].
    pub const ID_LEN: usize = 32;

    /// The digest of `secret`.
    pub fn of(secret: &str) -> Self {
        Self(Sha256::digest(secret.as_bytes()).into())
    }

    /// A digest from its 32 bytes.
    pub const fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    /// Its 32 bytes.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// A digest from its 64 hex digits (either case), if `text` is one.
    pub fn from_hex(text: &str) -> Option<Self> {
        fn nibble(digit: u8) -> Option<u8> {
            char::from(digit)
                .to_digit(16)
                .and_then(|n| u8::try_from(n).ok())
        }
        if text.len() != 64 {
            return None;
        }
        let mut bytes = [0; 32];
        for (byte, pair) in bytes.iter_mut().zip(text.as_bytes().chunks_exact(2)) {
            *byte = nibble(pair[0])? << 4 | nibble(pair[1])?;
        }
        Some(Self(bytes))
    }

    /// Its 64 lower-case hex digits.
    pub fn to_hex(&self) -> String {
        self.0.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// A stable name for the secret that gives nothing of it away: the
    /// first [`Self::ID_LEN`] hex digits of the digest. Lists show it
    /// where they cannot show the secret (`api/key/list`).
    pub fn id(&self) -> String {
        let mut hex = self.to_hex();
        hex.truncate(Self::ID_LEN);
        hex
    }
}

impl PartialEq for SecretDigest {
    fn eq(&self, other: &Self) -> bool {
        self.0.ct_eq(&other.0).into()
    }
}

/// Shows the [`SecretDigest::id`] only.
impl fmt::Debug for SecretDigest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SecretDigest({}…)", self.id())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digest_is_sha256_and_round_trips_as_hex() {
        // SHA-256("abc"), FIPS 180-2's first example.
        let abc = SecretDigest::of("abc");
        assert_eq!(
            abc.to_hex(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(abc.id(), "ba7816bf8f01cfea414140de5dae2223");
        assert_eq!(SecretDigest::from_hex(&abc.to_hex()), Some(abc));
        assert_eq!(
            SecretDigest::from_hex(&abc.to_hex().to_ascii_uppercase()),
            Some(abc)
        );
        assert_eq!(SecretDigest::from_hex("ba78"), None);
        assert_eq!(SecretDigest::from_hex(&"g".repeat(64)), None);
        assert_eq!(SecretDigest::from_hex(&"+f".repeat(32)), None);
        assert_ne!(SecretDigest::of("abd"), abc);
        assert!(!format!("{abc:?}").contains(&abc.to_hex()));
    }
}
