//! One hashing thread's Argon2: hashes and verifies PHC strings in a
//! working memory the thread allocates once and keeps.
//!
//! The `argon2` crate's own `hash_password` and `verify_password` allocate
//! 19 MiB for every call. The allocator does not hand such a block back
//! reliably: measured on a release build, two threads that each verified
//! one password at a time still grew four 57 MiB heaps. Allocating the
//! working memory once per thread, and reusing it for every hash, holds
//! the process at exactly `at_once` times 19 MiB.

use argon2::password_hash::phc::{Output, ParamsString, PasswordHash, Salt};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use subtle::ConstantTimeEq;

use super::passwords::DUMMY_HASH;

/// Salt bytes of a new hash (the PHC recommendation).
const SALT_LEN: usize = 16;

/// A thread's Argon2 with its working memory.
pub(super) struct Hasher {
    params: Params,
    /// Working memory for `params`, allocated on first use.
    memory: Vec<Block>,
}

impl Hasher {
    /// A hasher making new hashes with `params`.
    pub(super) fn new(params: Params) -> Self {
        Self {
            params,
            memory: Vec::new(),
        }
    }

    /// Computes into `out` with these settings, in the kept memory when it
    /// is large enough: a stored hash made with more memory than new ones
    /// (none is, today) gets memory of its own for the call.
    fn compute(
        &mut self,
        algorithm: Algorithm,
        version: Version,
        params: Params,
        password: &[u8],
        salt: &[u8],
        out: &mut [u8],
    ) -> Result<(), argon2::Error> {
        let blocks = params.block_count();
        let argon2 = Argon2::new(algorithm, version, params);
        if blocks > self.params.block_count() {
            return argon2.hash_password_into(password, salt, out);
        }
        if self.memory.len() < blocks {
            self.memory = vec![Block::default(); self.params.block_count()];
        }
        argon2.hash_password_into_with_memory(password, salt, out, &mut self.memory[..blocks])
    }

    /// A PHC string of `password` with a fresh salt.
    pub(super) fn hash(&mut self, password: &str) -> Result<String, String> {
        let salt: [u8; SALT_LEN] = rand::random();
        let mut out = [0; Params::DEFAULT_OUTPUT_LEN];
        let params = self.params.clone();
        self.compute(
            Algorithm::Argon2id,
            Version::V0x13,
            params.clone(),
            password.as_bytes(),
            &salt,
            &mut out,
        )
        .map_err(|e| e.to_string())?;
        let phc = PasswordHash {
            algorithm: Algorithm::Argon2id.ident(),
            version: Some(Version::V0x13.into()),
            params: ParamsString::try_from(&params).map_err(|e| e.to_string())?,
            salt: Some(Salt::new(&salt).map_err(|e| e.to_string())?),
            hash: Some(Output::new(&out).map_err(|e| e.to_string())?),
        };
        Ok(phc.to_string())
    }

    /// Whether `password` matches `stored`, after exactly one Argon2
    /// computation: a hash that is missing or cannot be read is replaced by
    /// [`DUMMY_HASH`] and answers `false`.
    pub(super) fn verify(&mut self, stored: Option<&str>, password: &str) -> bool {
        let readable = stored.and_then(Parsed::of);
        let real = readable.is_some();
        let Some(parsed) = readable.or_else(|| Parsed::of(DUMMY_HASH)) else {
            return false;
        };
        let mut out = vec![0; parsed.expected.len()];
        let computed = self.compute(
            parsed.algorithm,
            parsed.version,
            parsed.params,
            password.as_bytes(),
            &parsed.salt,
            &mut out,
        );
        let matched: bool = out.ct_eq(&parsed.expected).into();
        real && computed.is_ok() && matched
    }
}

/// What a PHC string says, ready to compute with.
struct Parsed {
    algorithm: Algorithm,
    version: Version,
    params: Params,
    salt: Vec<u8>,
    expected: Vec<u8>,
}

impl Parsed {
    fn of(phc: &str) -> Option<Self> {
        let hash = PasswordHash::new(phc).ok()?;
        let algorithm = Algorithm::try_from(hash.algorithm.as_str()).ok()?;
        let version = match hash.version {
            Some(version) => Version::try_from(version).ok()?,
            None => Version::default(),
        };
        let params = Params::try_from(&hash).ok()?;
        Some(Self {
            algorithm,
            version,
            params,
            salt: hash.salt.as_ref()?.as_ref().to_vec(),
            expected: hash.hash.as_ref()?.as_ref().to_vec(),
        })
    }
}

#[cfg(test)]
mod tests {
    use argon2::password_hash::{PasswordHasher, PasswordVerifier};

    use super::*;

    fn cheap() -> Params {
        Params::new(64, 1, 1, None).expect("params")
    }

    #[test]
    fn its_hashes_are_argon2s_and_argon2s_are_its() {
        let mut hasher = Hasher::new(cheap());
        let ours = hasher.hash("s3cret-pass").expect("hash");
        assert!(ours.starts_with("$argon2id$v=19$m=64,t=1,p=1$"), "{ours}");
        // The crate's own verifier agrees...
        let argon2 = Argon2::new(Algorithm::Argon2id, Version::V0x13, cheap());
        assert!(
            argon2
                .verify_password(b"s3cret-pass", ours.as_str())
                .is_ok()
        );
        // ...and hashes made by the crate, with any parameters, verify here.
        for (algorithm, params) in [
            (Algorithm::Argon2id, cheap()),
            (
                Algorithm::Argon2i,
                Params::new(32, 2, 1, None).expect("params"),
            ),
            (
                Algorithm::Argon2d,
                Params::new(128, 1, 2, None).expect("params"),
            ),
        ] {
            let theirs = Argon2::new(algorithm, Version::V0x13, params)
                .hash_password(b"other-pass")
                .expect("hash")
                .to_string();
            assert!(hasher.verify(Some(&theirs), "other-pass"), "{theirs}");
            assert!(!hasher.verify(Some(&theirs), "other-pasS"), "{theirs}");
        }
        assert!(hasher.verify(Some(&ours), "s3cret-pass"));
        assert!(!hasher.verify(Some(&ours), "s3cret-pas"));
        for stored in [None, Some(""), Some("$argon2id$v=19$nonsense")] {
            assert!(!hasher.verify(stored, "anything"));
        }
    }
}
