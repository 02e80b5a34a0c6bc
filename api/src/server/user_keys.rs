//! The key `GET_USER_API_KEY` answers: derived, not stored.
//!
//! Scripts call `GET_USER_API_KEY` and keep the answer, so it must be the
//! same key every time; the store keeps only digests, so it cannot be read
//! back. It is therefore computed: HMAC-SHA256 of the user's id under a
//! random secret of the gateway's (kept in the data directory), cut to
//! the 32 hex digits of every key. The command registers the key's digest
//! as one of the user's API keys when it is not registered yet (also after
//! the user deleted it), so the key it answers always works. Ids are never
//! reused, so no two users, past or present, get the same key.

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use trackgate_store::UserId;

/// Keeps the two uses of one secret apart, should it ever get another.
const PURPOSE: &[u8] = b"trackgate GET_USER_API_KEY v1\0";

/// The secret users' Server API keys are derived from.
#[derive(Clone)]
pub struct UserKeys {
    secret: [u8; 32],
}

impl std::fmt::Debug for UserKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("UserKeys(..)")
    }
}

impl UserKeys {
    /// Keys derived from `secret`.
    pub fn new(secret: [u8; 32]) -> Self {
        Self { secret }
    }

    /// Keys derived from a fresh random secret: for tests and stores that
    /// do not outlive the process.
    pub fn random() -> Self {
        Self::new(rand::random())
    }

    /// `user`'s key: 32 lower-case hex digits, the same on every call.
    pub fn key(&self, user: UserId) -> String {
        // HMAC takes a key of any length; this cannot fail.
        let Ok(mut mac) = <Hmac<Sha256> as KeyInit>::new_from_slice(&self.secret) else {
            unreachable!("HMAC accepts keys of any length")
        };
        mac.update(PURPOSE);
        mac.update(&user.0.to_be_bytes());
        let tag = mac.finalize().into_bytes();
        hex::encode(&tag[..16])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_stable_per_user_and_secret() {
        let keys = UserKeys::new([7; 32]);
        let key = keys.key(UserId(1));
        assert_eq!(key.len(), 32);
        assert!(
            key.bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
        );
        assert_eq!(keys.key(UserId(1)), key);
        assert_ne!(keys.key(UserId(2)), key);
        assert_ne!(UserKeys::new([8; 32]).key(UserId(1)), key);
        assert!(!format!("{keys:?}").contains('7'));
    }
}
