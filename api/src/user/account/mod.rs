//! The caller's own account: who it is, its sessions, API keys and
//! settings.
//!
//! # Layout
//!
//! - [`auth`]: `user/auth`, and turning every call's `hash` into its user
//!   ([`auth::UserCall`]).
//! - [`session`]: `user/get_info`, `user/logout`, `user/session/renew`.
//! - [`keys`]: the caller's API keys, `api/key/create|list|delete`.
//! - [`settings`]: `user/settings/read|update` (the user's time zone).

pub mod auth;
pub mod keys;
pub mod session;
pub mod settings;

#[cfg(test)]
mod auth_tests;
