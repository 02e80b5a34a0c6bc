//! The `track/*` calls: a tracker's trips and points over a period,
//! computed by the `trackgate_history` crate.
//!
//! # Layout
//!
//! - [`calls`]: `track/list` and `track/read`, their parameters and limits.
//! - [`view`]: how they write trips and points (Navixy's `track_info` and
//!   `point_info`).

pub mod calls;
pub mod view;
