//! Sub-users: users of their own that work on their master's account,
//! with the rights and trackers the master gives them.
//!
//! # Layout
//!
//! - [`calls`]: the sub-users themselves, `subuser/register|list|update|delete`.
//! - [`trackers`]: `subuser/tracker/list|bind|unbind`, which trackers a
//!   sub-user sees.
//! - [`rights`]: the rights, by Navixy's names, that calls check.

pub mod calls;
pub mod rights;
pub mod trackers;
