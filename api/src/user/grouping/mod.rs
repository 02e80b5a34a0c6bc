//! How an account groups its trackers: tags (many per tracker) and
//! tracker groups (one per tracker).
//!
//! # Layout
//!
//! - [`tags`]: `tag/*` and `tracker/tags/set`.
//! - [`groups`]: `tracker/group/*`, also served as `group/*`.

pub mod groups;
pub mod tags;
