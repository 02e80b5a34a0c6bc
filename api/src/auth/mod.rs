//! What every surface that logs people in shares: bounded password work
//! and limits on failed logins. The User API's `user/auth` and the Server
//! API's user commands use it today; the Panel API's `account/auth` and
//! `authinfo` are meant to, through the same [`Auth`].
//!
//! # Layout
//!
//! - [`passwords`]: every password hash and verification of the process,
//!   a bounded number at a time, with trackgate's Argon2 parameters;
//!   `argon`: one hashing thread's Argon2, in memory it keeps.
//! - [`throttle`]: failed logins counted per login and per client address;
//!   [`key_throttle`]: the Server API's failed keys, per client address.
//! - [`trusted`]: addresses a login succeeded from, which its lock does not keep out.

mod argon;
pub mod key_throttle;
pub mod passwords;
pub mod throttle;
pub mod trusted;

pub use key_throttle::{KeyAttempt, KeyThrottle};
pub use passwords::{PasswordError, PasswordSettings, Passwords};
pub use throttle::{Attempt, LoginThrottle, Refused, ThrottleSettings};

use crate::error::{ApiError, Code};

/// One per process: the gateway makes it and every surface shares it.
#[derive(Debug, Default)]
pub struct Auth {
    /// Password hashing and verification.
    pub passwords: Passwords,
    /// Failed login limits.
    pub logins: LoginThrottle,
}

impl Auth {
    /// Starts the password threads and an empty throttle.
    pub fn new(passwords: PasswordSettings, logins: ThrottleSettings) -> Self {
        Self {
            passwords: Passwords::new(passwords),
            logins: LoginThrottle::new(logins),
        }
    }
}

impl From<PasswordError> for ApiError {
    fn from(error: PasswordError) -> Self {
        match error {
            // The queue is full: the caller may try again shortly.
            PasswordError::Busy => ApiError::too_many_requests(1),
            PasswordError::Failed(why) => {
                tracing::error!(%why, "password hashing failed");
                ApiError::code(Code::UnexpectedError)
            }
        }
    }
}

impl From<Refused> for ApiError {
    fn from(refused: Refused) -> Self {
        ApiError::too_many_requests(refused.retry_after_secs)
    }
}
